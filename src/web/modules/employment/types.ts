// Shapes of the employment services staff API (docs/employment.md), as far as these pages use them.
// The early-warning and service-point routes are still being written: their shapes, and the few
// readings the pages make of them, are kept together at the end of this file so they are easy to
// adjust when the server settles.
import type { Bi, Paged, Sex } from '../../shared/types';

// --- Reference ------------------------------------------------------------------------------------

export type Education = 'none' | 'primary' | 'junior' | 'senior' | 'vocational' | 'college' | 'bachelor' | 'master' | 'doctor';
export const EDUCATIONS: readonly Education[] = ['none', 'primary', 'junior', 'senior', 'vocational', 'college', 'bachelor', 'master', 'doctor'];

export type Schedule = 'standard' | 'shifts' | 'flexible' | 'part_time';
export const SCHEDULES: readonly Schedule[] = ['standard', 'shifts', 'flexible', 'part_time'];

export type Occupation = { code: string; zh: string; en: string; level: 'major' | 'middle'; majorCode: string };

export type SeekerCategory = 'registered_unemployed' | 'graduate' | 'migrant_worker' | 'veteran' | 'disabled' | 'former_fisherman' | 'difficulty';

export type EmploymentReference = {
  occupations: Occupation[];
  educations: Education[];
  districts: { code: string; name: string }[];
  schedules: Schedule[];
  eventKinds: EventKind[];
  seekerCategories: SeekerCategory[];
};

export type NamedCode = { code: string; name: string };

// --- Postings -------------------------------------------------------------------------------------

export type JobInput = {
  title: string;
  occupationCode: string;
  districtCode: string;
  townshipCode?: string | null;
  wageMinYuan: number;
  wageMaxYuan: number;
  education: Education;
  experienceYears: number;
  headcount: number;
  weeklyHours: number;
  schedule: Schedule;
  description: string;
  skills: string[];
  forGraduates: boolean;
  validFrom: string;
  validUntil: string;
};

/** The lowest full-time monthly wage a posting may offer (Chongqing's lower minimum wage), in yuan. */
export const MINIMUM_MONTHLY_WAGE_YUAN = 2000;
export const MAX_VALIDITY_DAYS = 180;

export type Severity = 'block' | 'warn';

/** A screening finding: a phrase in the title or description that may discriminate. */
export type Finding = {
  rule: string;
  category: string;
  severity: Severity;
  phrase: string;
  field: 'title' | 'description';
  start: number;
  end: number;
  reason: Bi;
  basis: { title: string; article: string }[];
};

export type JobStatus = 'blocked' | 'published' | 'closed';
export const JOB_STATUSES: readonly JobStatus[] = ['published', 'blocked', 'closed'];

export type JobCard = {
  id: number;
  title: string;
  enterpriseId: number;
  enterpriseName: string;
  occupationCode: string;
  occupationName: Bi;
  districtCode: string;
  districtName: string;
  townshipCode: string | null;
  townshipName: string | null;
  wageMinYuan: number;
  wageMaxYuan: number;
  education: Education;
  experienceYears: number;
  headcount: number;
  weeklyHours: number;
  schedule: Schedule;
  forGraduates: boolean;
  validFrom: string;
  validUntil: string;
  publishedAt: string | null;
};

export type JobDetail = JobCard & {
  description: string;
  skills: string[];
  status: JobStatus;
  findings: Finding[];
  overrideReason: string | null;
  source: 'enterprise' | 'staff' | 'import';
  createdAt: string;
  applications: number;
  hires: number;
};

/** One entry of an append-only history (a posting's, a household's). */
export type HistoryEntry = { action: string; at: string; actorName: string | null; details: Record<string, unknown> | null };

export type JobResponse = { job: JobDetail; history: HistoryEntry[] };

export type ScoreFactor = 'occupation' | 'place' | 'wage' | 'education' | 'experience' | 'skills';
export type ScoreReason = { factor: ScoreFactor; points: number; max: number; zh: string; en: string };

export type SeekerMatch = {
  personId: number;
  name: string;
  age: number;
  sex: Sex;
  education: Education;
  experienceYears: number;
  categories: SeekerCategory[];
  districtName: string;
  townshipName: string | null;
  expectedWageYuan: number;
  skills: string[];
  score: number;
  reasons: ScoreReason[];
  /** Already applied or referred to this posting. */
  applied: boolean;
};

export type ApplicationStatus = 'submitted' | 'interview' | 'hired' | 'refused' | 'withdrawn';

export type Application = {
  id: number;
  jobId: number;
  personId: number;
  kind: 'application' | 'referral';
  status: ApplicationStatus;
  eventId: number | null;
  score: number | null;
  createdAt: string;
  updatedAt: string;
};

export type StaffApplication = Application & { name: string; education: Education; age: number };

/** A row to import: a posting and its enterprise's credit code. */
export type ImportRow = JobInput & { creditCode: string };
export type ImportResult = { created: number; published: number; blocked: number };

// --- Overview -------------------------------------------------------------------------------------

export type EmploymentOverview = {
  jobs: { published: number; vacancies: number; blocked: number };
  seekers: { active: number };
  applications: { total: number; hired: number };
  events: { year: number; count: number; byKind: Partial<Record<EventKind, number>> };
  graduates: { year: number; total: number; rate: number | null };
  assistance: { open: number };
  households: { open: number; clearedThisYear: number };
  registrations: { year: number; newJobs: number; reemployment: number; difficulty: number };
};

// --- Recruitment events ---------------------------------------------------------------------------

export type EventKind = 'online' | 'livestream' | 'campus' | 'onsite' | 'veterans_month' | 'spring_breeze';
export const EVENT_KINDS: readonly EventKind[] = ['online', 'livestream', 'campus', 'onsite', 'veterans_month', 'spring_breeze'];

export type EventRow = {
  id: number;
  kind: EventKind;
  title: string;
  districtCode: string;
  districtName: string;
  forGraduates: boolean;
  startsOn: string;
  endsOn: string;
  venue: string | null;
  visits: number;
  enterprises: number;
  jobs: number;
  vacancies: number;
  applications: number;
  hires: number;
};

export type EventPage = Paged<EventRow> & { totals: { byKind: Partial<Record<EventKind, number>>; vacancies: number; hires: number } };

export type EventDetail = {
  event: EventRow;
  enterprises: { id: number; name: string; creditCode: string; jobs: number }[];
  jobs: (JobCard & { applications: number; hires: number })[];
};

export type EventInput = { kind: EventKind; title: string; districtCode: string; forGraduates: boolean; startsOn: string; endsOn: string; venue?: string; jobIds: number[] };

/**
 * The plan's yearly figures for events (M3.2, M3.3, M4.4) and how each is counted from the events
 * list's totals. The list has no count of events for graduates, so campus recruitment stands for
 * them until the server adds one.
 */
export const EVENT_TARGETS = [
  { key: 'livestream', target: 50, count: (t: EventPage['totals']) => t.byKind.livestream ?? 0 },
  { key: 'online', target: 5000, count: (t: EventPage['totals']) => t.byKind.online ?? 0 },
  { key: 'graduates', target: 3000, count: (t: EventPage['totals']) => t.byKind.campus ?? 0 },
] as const;

// --- Graduates ------------------------------------------------------------------------------------

export type GraduateStatus = 'employed' | 'further_study' | 'internship' | 'preparing' | 'not_employed';
export const GRADUATE_STATUSES: readonly GraduateStatus[] = ['employed', 'further_study', 'internship', 'preparing', 'not_employed'];
export type ContactChannel = 'phone' | 'visit' | 'online' | 'school';
export const CONTACT_CHANNELS: readonly ContactChannel[] = ['phone', 'visit', 'online', 'school'];
/** The plan's goal: more than 90% of the year's graduates in work by the year's end. */
export const GRADUATE_RATE_GOAL = 90;

export type GraduateRow = {
  id: number;
  personId: number;
  name: string;
  idNumber: string;
  school: string;
  level: string;
  districtCode: string;
  districtName: string;
  status: GraduateStatus;
  statusSource: 'data' | 'staff';
  wantsWork: boolean;
  difficulty: boolean;
  difficultyReasons: string[];
  lastContactOn: string | null;
};

export type GraduateSummary = {
  year: number;
  total: number;
  employed: number;
  rate: number | null;
  byStatus: Partial<Record<GraduateStatus, number>>;
  difficulty: { total: number; wantsWork: number; placed: number; outstanding: number };
  byDistrict: { districtCode: string; name: string; total: number; employed: number; rate: number | null; outstanding: number }[];
  bySchool: { school: string; total: number; employed: number; rate: number | null }[];
};

export type GraduateResponse = {
  record: Omit<GraduateRow, 'id' | 'districtCode' | 'districtName'> & { phone?: string | null };
  history: { status: GraduateStatus; wantsWork: boolean; effectiveOn: string; source: 'data' | 'staff'; channel: ContactChannel | null; note: string | null; recordedBy: string | null; recordedAt: string }[];
};

// --- Persons in difficulty ------------------------------------------------------------------------

export type DifficultyReason =
  | 'dibao'
  | 'low_income'
  | 'extreme_poverty'
  | 'disability'
  | 'long_term_unemployed'
  | 'older_unemployed'
  | 'zero_employment_household'
  | 'lifted_from_poverty'
  | 'former_fisherman';
export const DIFFICULTY_REASONS: readonly DifficultyReason[] = [
  'dibao',
  'low_income',
  'extreme_poverty',
  'disability',
  'long_term_unemployed',
  'older_unemployed',
  'zero_employment_household',
  'lifted_from_poverty',
  'former_fisherman',
];

export type PlanStatus = 'open' | 'employed' | 'closed';
export const PLAN_STATUSES: readonly PlanStatus[] = ['open', 'employed', 'closed'];
export type ServiceKind = 'guidance' | 'referral' | 'training' | 'public_welfare_post';
export const SERVICE_KINDS: readonly ServiceKind[] = ['guidance', 'referral', 'training', 'public_welfare_post'];
export type ServiceOutcome = 'done' | 'hired' | 'declined' | 'no_show';
export const SERVICE_OUTCOMES: readonly ServiceOutcome[] = ['done', 'hired', 'declined', 'no_show'];
export type CloseReason = 'employed' | 'moved' | 'retired' | 'declined' | 'other';
export const CLOSE_REASONS: readonly CloseReason[] = ['employed', 'moved', 'retired', 'declined', 'other'];

export type Assignee = { id: number; name: string } | null;

export type AssistanceRow = {
  id: number;
  personId: number;
  name: string;
  idNumber: string;
  reasons: DifficultyReason[];
  districtName: string;
  townshipName: string;
  assignedTo: Assignee;
  status: PlanStatus;
  identifiedOn: string;
  services: number;
  servicesDone: number;
  nextPlannedOn: string | null;
};

export type AssistanceSummary = {
  open: number;
  employed: number;
  closed: number;
  byReason: Partial<Record<DifficultyReason, number>>;
  byDistrict: { districtCode: string; name: string; open: number; employed: number }[];
};

export type AssistanceResponse = {
  plan: {
    id: number;
    personId: number;
    reasons: DifficultyReason[];
    source?: string;
    identifiedOn: string;
    status: PlanStatus;
    closedOn?: string | null;
    closedReason?: CloseReason | null;
    assignedTo: Assignee;
  };
  person: { name: string; idNumber: string; age: number; sex: Sex; education: string; phone: string | null };
  services: { id: number; kind: ServiceKind; plannedOn: string; doneOn: string | null; outcome: ServiceOutcome | null; note: string | null; jobId: number | null; jobTitle: string | null }[];
};

// --- Zero-employment households -------------------------------------------------------------------

export type HouseholdStatus = 'open' | 'cleared';

export type HouseholdRow = {
  id: number;
  householdId: number;
  headName: string | null;
  districtName: string;
  townshipName: string;
  villageName: string;
  members: number;
  workingAge: number;
  detectedOn: string;
  assignedTo: Assignee;
  status: HouseholdStatus;
  clearedOn: string | null;
};

export type HouseholdPage = Paged<HouseholdRow> & { outstanding: number };

export type HouseholdSummary = { open: number; clearedThisYear: number; byDistrict: { districtCode: string; name: string; open: number; cleared: number }[] };

export type HouseholdMember = {
  personId: number;
  name: string;
  relation: string | null;
  age: number;
  sex: Sex;
  education: string;
  workingAge: boolean;
  employed: boolean;
  registeredUnemployed: boolean;
  seeker: boolean;
};

export type HouseholdResponse = {
  household: {
    id: number;
    householdId: number;
    villageName?: string;
    detectedOn: string;
    status: HouseholdStatus;
    clearedOn: string | null;
    clearedPersonId?: number | null;
    clearNote?: string | null;
    assignedTo: Assignee;
  };
  members: HouseholdMember[];
  history: HistoryEntry[];
};

export type ClearInput = { personId: number; creditCode: string; startDate: string; wageYuan: number; note?: string };

export type StaffMember = { id: number; name: string; role: string; orgCode: string };

// =================================================================================================
// Early warning and service points (warnings.routes.ts, service-points.routes.ts). These routes were
// written alongside the pages, and their answers differ in places from the shapes first agreed (e.g.
// `code` for `districtCode`, counts under `open` or `warnings`). Each answer is read through one
// function here that accepts either form, so the pages see one shape whichever the server sends.
// =================================================================================================

export const WARNINGS_API = {
  list: '/api/employment/warnings',
  summary: '/api/employment/warnings/summary',
  run: '/api/employment/warnings/run',
  headcount: (enterpriseId: number) => `/api/employment/enterprises/${enterpriseId}/headcount`,
  /** The case kind a warning opens (失业预警核查), for the labels of its states. */
  caseKind: 'employment_warning',
} as const;

export type WarningKind = 'layoff_threshold' | 'sustained_decline' | 'unpaid_contributions';
export const WARNING_KINDS: readonly WarningKind[] = ['layoff_threshold', 'sustained_decline', 'unpaid_contributions'];

/** A warning as an enterprise's headcount answer lists it. */
export type EnterpriseWarning = {
  id: number;
  month: string;
  kind: WarningKind;
  details: Record<string, unknown> | null;
  caseId: number | null;
  /** The follow-up case's state code (or, in the first draft, a label). */
  caseState: string | Bi | null;
  caseFinal?: boolean | null;
};

export type Warning = EnterpriseWarning & {
  enterpriseId: number;
  enterpriseName: string;
  creditCode: string;
  districtCode: string;
  districtName: string;
  industrySection: string;
};

export type WarningPage = Paged<Warning> & { month?: string | null; months: string[] };

type KindCounts = Record<WarningKind, number>;

/** The board, as the pages use it. */
export type WarningSummary = {
  trend: ({ month: string; insured: number; owed: number | null } & KindCounts)[];
  byDistrict: { districtCode: string; name: string; insured: number; change: number; warnings: number }[];
  byIndustry: { industrySection: string; insured: number; change: number; warnings: number }[];
};

/** The board as the server may send it: counts flat or under `warnings`; `code`/`section` or `districtCode`/`industrySection`. */
export type RawWarningSummary = {
  trend?: ({ month: string; insured: number; owed?: number; warnings?: Partial<KindCounts> & { total?: number } } & Partial<KindCounts>)[];
  byDistrict?: { districtCode?: string; code?: string; name: string; insured: number; change: number; warnings: number }[];
  byIndustry?: { industrySection?: string; section?: string; insured: number; change: number; warnings: number }[];
};

export function readWarningSummary(raw: RawWarningSummary): WarningSummary {
  const counts = (p: NonNullable<RawWarningSummary['trend']>[number]) =>
    Object.fromEntries(WARNING_KINDS.map((k) => [k, p.warnings?.[k] ?? p[k] ?? 0])) as KindCounts;
  return {
    trend: (raw.trend ?? []).map((p) => ({ month: p.month, insured: p.insured, owed: p.owed ?? null, ...counts(p) })),
    byDistrict: (raw.byDistrict ?? []).map((d) => ({ districtCode: d.districtCode ?? d.code ?? '', name: d.name, insured: d.insured, change: d.change, warnings: d.warnings })),
    byIndustry: (raw.byIndustry ?? []).map((d) => ({ industrySection: d.industrySection ?? d.section ?? '', insured: d.insured, change: d.change, warnings: d.warnings })),
  };
}

export type HeadcountResponse = {
  enterprise: { id: number; name: string; creditCode: string; districtName: string; industrySection: string };
  series: { month: string; insured: number; owed: number }[];
  warnings: EnterpriseWarning[];
};

/** What a warning's details say, read from the names the server uses (and the likely alternatives). */
export type WarningFacts = { drop?: number; share?: number; from?: number; to?: number; months?: number; owed?: number };

const firstNumber = (d: Record<string, unknown>, names: string[]): number | undefined => {
  for (const n of names) {
    const v = d[n];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  }
  return undefined;
};

export function readWarningFacts(kind: WarningKind, details: Record<string, unknown> | null | undefined): WarningFacts {
  const d = details ?? {};
  // A sustained decline lists its monthly points: the first and the last are the span.
  const points = Array.isArray(d.points) ? (d.points as { insured?: unknown }[]).filter((p) => typeof p?.insured === 'number') : [];
  const from = points.length ? (points[0]!.insured as number) : firstNumber(d, ['previous', 'from', 'before', 'baseline']);
  const to = points.length ? (points.at(-1)!.insured as number) : kind === 'unpaid_contributions' ? undefined : firstNumber(d, ['current', 'to', 'after', 'insured']);
  const drop = firstNumber(d, ['reduction', 'decline', 'drop', 'decrease']) ?? (from !== undefined && to !== undefined ? from - to : undefined);
  // Shares come as fractions (0.625); a value above 1 is taken as a percentage already.
  const given = firstNumber(d, ['share', 'ratio', 'rate']);
  const share = given !== undefined ? (given <= 1 ? given * 100 : given) : drop !== undefined && from ? (drop * 100) / from : undefined;
  const months = points.length > 1 ? points.length - 1 : firstNumber(d, ['months', 'consecutiveMonths']);
  return { drop, share, from, to, months, owed: firstNumber(d, ['owed', 'unpaid']) };
}

export const SERVICE_POINTS_API = {
  list: '/api/employment/service-points',
  coverage: '/api/employment/service-points/coverage',
  close: (id: number) => `/api/employment/service-points/${id}/close`,
} as const;

export type ServicePointKind = 'gig_market' | 'employment_station' | 'labour_broker' | 'assistance_workshop';
export const SERVICE_POINT_KINDS: readonly ServicePointKind[] = ['gig_market', 'employment_station', 'labour_broker', 'assistance_workshop'];

export type ServicePoint = {
  id: number;
  kind: ServicePointKind;
  /** A broker's name is their own, masked. */
  name: string;
  villageCode: string;
  villageName: string;
  townshipName: string;
  districtCode: string;
  districtName: string;
  address: string;
  contactName: string | null;
  contactPhone: string | null;
  openedOn: string;
  closedOn: string | null;
};

type KindNumbers = Record<ServicePointKind, number>;
export type CoverageRow = { districtCode: string; name: string; villages: number; villagesWithBroker: number; share: number | null } & KindNumbers;

/** Coverage as the pages use it; `uncovered` only when a district was asked for. */
export type Coverage = {
  city: { villages: number; villagesWithBroker: number; share: number | null; byKind: KindNumbers };
  byDistrict: CoverageRow[];
  uncovered: { items: { code: string; name: string; townshipName: string }[]; total: number; page: number; pageSize: number } | null;
};

type RawCoverageRow = { districtCode?: string; code?: string; name: string; villages: number; villagesWithBroker: number; share: number | null; open?: Partial<KindNumbers> } & Partial<KindNumbers>;
type RawCoverageTotals = { villages: number; villagesWithBroker: number; share: number | null; byKind?: Partial<KindNumbers>; open?: Partial<KindNumbers> };
/** Coverage as the server may send it: `city`/`totals`, `byDistrict`/`districts`, kinds flat or under `open`. */
export type RawCoverage = {
  city?: RawCoverageTotals;
  totals?: RawCoverageTotals;
  byDistrict?: RawCoverageRow[];
  districts?: RawCoverageRow[];
  uncovered?: { items: { code: string; name: string; townshipName: string }[]; total: number; page?: number; pageSize?: number } | null;
};

export function readCoverage(raw: RawCoverage): Coverage {
  const kinds = (k: Partial<KindNumbers> | undefined, flat?: Partial<KindNumbers>) => Object.fromEntries(SERVICE_POINT_KINDS.map((x) => [x, k?.[x] ?? flat?.[x] ?? 0])) as KindNumbers;
  const totals = raw.city ?? raw.totals ?? { villages: 0, villagesWithBroker: 0, share: null };
  const u = raw.uncovered;
  return {
    city: { villages: totals.villages, villagesWithBroker: totals.villagesWithBroker, share: totals.share, byKind: kinds(totals.byKind ?? totals.open) },
    byDistrict: (raw.byDistrict ?? raw.districts ?? []).map((r) => ({
      districtCode: r.districtCode ?? r.code ?? '',
      name: r.name,
      villages: r.villages,
      villagesWithBroker: r.villagesWithBroker,
      share: r.share,
      ...kinds(r.open, r),
    })),
    uncovered: u ? { items: u.items, total: u.total, page: u.page ?? 1, pageSize: u.pageSize ?? u.items.length } : null,
  };
}

export type ServicePointInput = { kind: ServicePointKind; name?: string; villageCode: string; address: string; contactName?: string; contactPhone?: string; personId?: number; openedOn: string };

/** Broker coverage as a percentage, from the counts when there are any (the share may be a fraction or a percentage). */
export function coveragePercent(r: { villages: number; villagesWithBroker: number; share: number | null }): number | null {
  if (r.villages > 0) return (r.villagesWithBroker * 100) / r.villages;
  if (r.share === null || r.share === undefined) return null;
  return r.share <= 1 ? r.share * 100 : r.share;
}

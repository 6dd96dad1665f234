// Shapes of the social-insurance API (渝保渝快): the staff routes under /api/insurance and the citizen
// and enterprise routes under /api/me, as src/server/modules/insurance/*.routes.ts send them. Some
// lists (runs, the query log, alerts) come straight from the database and keep its snake_case names.
import type { Bi, Paged, Permission, Sex } from '../../shared/types';

/** The insurance permissions. */
export type InsurancePermission = Extract<Permission, 'insurance.read' | 'insurance.handle' | 'insurance.run' | 'insurance.audit' | 'insurance.query' | 'bundle.apply'>;

export type Basis = { title: string; number?: string; article?: string };
export type Ratio = { numerator: number; denominator: number; rate: number | null };

/** Who a record is about, as the detail pages show them (the ID number masked). */
export type PersonBasics = { name: string; idNumber: string; sex: Sex; birthYear: number };
/** Where a listed person lives, and who they are (masked), as the gap and certification lists send them. */
type ListedPerson = { districtCode: string; townshipCode: string; townshipName: string | null; name: string; idNumber: string };

// --- Overview and enrolment ------------------------------------------------------------------------

export type RunPack = 'coverage' | 'risk' | 'certification';
export type RunStatus = 'running' | 'completed' | 'failed';

export type OverviewRun = { id: number; pack: RunPack; status: RunStatus; as_of: string; counts: RunCounts | null; started_at: string; finished_at: string | null };

export type InsuranceOverview = {
  year: number;
  gaps: { open: number; closedThisYear: number };
  certification: { living: number; dataCertified: number; pending: number; dataRate: number | null };
  riskHits: { open: number; atStakeFen: number; toRecoverFen: number };
  bundles: { open: number; completed: number };
  runs: OverviewRun[];
};

type Levels = {
  employeePension: number;
  residentPension: number;
  pensionAny: number;
  unemployment: number;
  workInjury: number;
  medicalEmployee: number;
  medicalResident: number;
  ltc: number;
  population: number;
  pensionCoverage: Ratio;
  medicalCoverage: Ratio;
  ltcCoverage: Ratio;
};

export type EnrolmentDistrict = Levels & { code: string; name: string };
export type CoverageKey = 'pensionCoverage' | 'medicalCoverage' | 'ltcCoverage';

export type Enrolment = {
  year: number;
  month: number;
  asOf: string;
  city: Levels;
  targets: { pension: number; unemployment: number; workInjury: number; pensionCoverage: number; medicalCoverage: number; ltcCoverage: number };
  denominators: Record<CoverageKey, Bi>;
  trend: { month: number; pension: number; unemployment: number; workInjury: number }[];
  districts: EnrolmentDistrict[];
};

// --- Rules and runs ----------------------------------------------------------------------------------

export type Severity = 'high' | 'medium' | 'low';
export const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low'];

export type RuleItem = {
  id: string;
  pack: 'coverage' | 'risk';
  entity: 'person' | 'employment' | 'benefit';
  name: Bi;
  description: Bi;
  basis: Basis[];
  department: string;
  measures: string[];
  severity?: Severity;
  insurance?: string;
  criteria: { label: Bi; expr: string; target?: boolean; note?: Bi }[];
  amount: { expr: string; label?: Bi };
  action: Bi;
  assumptions: { parameter: string; note: Bi }[];
  version: number;
  hash: string;
  open: number;
  total: number;
};

export type SignalSource = 'medical_visit' | 'social_card' | 'transport' | 'civil_affairs' | 'residence';
export type CertificationConfig = {
  windowDays: number;
  threshold: number;
  visitAge: number;
  taskWorkingDays: number;
  sources: { code: SignalSource; department: string; weight: number; label: Bi }[];
};

export type RulesResponse = { items: RuleItem[]; certification: CertificationConfig };

/** What a run recorded: the pack runs' counts, or the certification run's summary. */
export type RunCounts = {
  rules?: number;
  hits?: number;
  newHits?: number;
  closed?: number;
  casesOpened?: number;
  recipients?: number;
  byStatus?: Record<string, number>;
  dataRate?: number | null;
  suspendedAwards?: number;
  recoveryCases?: number;
};

export type RunRow = { id: number; pack: RunPack; snapshot_id: number | null; as_of: string; status: RunStatus; counts: RunCounts | null; error: string | null; started_at: string; finished_at: string | null };
export type RunSummary = RunCounts & { runId: number; pack?: RunPack; snapshotId?: number; asOf: string; year?: number; seconds: number };

// --- Coverage gaps ------------------------------------------------------------------------------------

export type GapStatus = 'open' | 'enrolled' | 'not_applicable' | 'refused';
export const GAP_STATUSES: readonly GapStatus[] = ['open', 'enrolled', 'not_applicable', 'refused'];
export type GapOutcome = 'contacted' | 'enrolled' | 'not_applicable' | 'refused';
export const GAP_OUTCOMES: readonly GapOutcome[] = ['contacted', 'enrolled', 'not_applicable', 'refused'];
/** Outcomes that need a reason. */
export const GAP_OUTCOMES_WITH_NOTE: readonly GapOutcome[] = ['not_applicable', 'refused'];

/** What the list and the page of a gap both say of it. */
type Gap = { id: number; status: GapStatus; closedBy: 'outreach' | 'feed' | null; openedOn: string; closedOn: string | null };

export type GapRow = ListedPerson & Gap & {
  ruleId: string;
  sex: Sex;
  birthYear: number;
  enterpriseName: string | null;
};

export type GapList = Paged<GapRow> & {
  summary: { ruleId: string; status: GapStatus; count: number }[];
  byDistrict: { districtCode: string; open: number; closed: number }[];
};

export type GapDetail = Gap & {
  reason: string | null;
  version: number;
  snapshotId: number;
  ruleHash: string;
  facts: Record<string, unknown>;
  rule: { id: string; name: Bi; description: Bi; basis: Basis[]; insurance?: string; action: Bi; criteria: { label: Bi; expr: string }[] } | null;
  person: PersonBasics & { id: number; phone: string | null; village: string | null };
  events: { action: string; note: string | null; at: string; by: string | null }[];
};

// --- Certification ----------------------------------------------------------------------------------

export type CertStatus = 'data_certified' | 'self_certified' | 'visited' | 'pending_self' | 'pending_visit' | 'suspended_death' | 'suspended_custody' | 'not_certified';
export const CERT_STATUSES: readonly CertStatus[] = ['data_certified', 'self_certified', 'visited', 'pending_self', 'pending_visit', 'not_certified', 'suspended_death', 'suspended_custody'];
/** Statuses in which a task (self-certification or a visit) is open. */
export const CERT_OPEN: readonly CertStatus[] = ['pending_self', 'pending_visit', 'not_certified'];
export type CertResult = 'self_certified' | 'visited' | 'not_done';
export const CERT_RESULTS: readonly CertResult[] = ['self_certified', 'visited', 'not_done'];

/** What the list and the page of a recipient's certification both say of it. */
type Certification = { personId: number; status: CertStatus; score: number; taskDue: string | null; certifiedOn: string | null; overpaidFen: number; recoveryCaseId: number | null };

export type CertRow = ListedPerson & Certification & { awards: number; age: number };

export type CertBoard = Paged<CertRow> & {
  year: number;
  summary: { byStatus: Partial<Record<CertStatus, number>>; living: number; dataCertified: number; dataRate: number | null; denominator: Bi };
  byDistrict: { districtCode: string; living: number; dataCertified: number; pending: number; dataRate: number | null }[];
  config: CertificationConfig;
};

export type AwardStatus = 'active' | 'suspended' | 'terminated';
export type BenefitKind = 'employee_pension' | 'resident_pension' | 'unemployment_benefit' | 'work_injury_allowance';
export const BENEFIT_KINDS: readonly BenefitKind[] = ['employee_pension', 'resident_pension', 'unemployment_benefit', 'work_injury_allowance'];
/** A benefit a person receives, as the certification and risk-hit pages show it. */
export type Award = { id: number; kind: BenefitKind; label: Bi; status: AwardStatus; reason: string | null; monthlyFen: number; startMonth: string; payingRegion: string };

export type CertDetail = Certification & {
  year: number;
  signals: Partial<Record<SignalSource, string>>;
  version: number;
  person: PersonBasics & { hasPhone: boolean; village: string | null };
  awards: (Award & { statusOn: string | null })[];
  events: { action: string; status: CertStatus; note: string | null; at: string; by: string | null }[];
  config: CertificationConfig;
};

// --- Risk hits ------------------------------------------------------------------------------------------

export type HitStatus = 'open' | 'confirmed' | 'cleared';
export const HIT_STATUSES: readonly HitStatus[] = ['open', 'confirmed', 'cleared'];

/** What the list and the page of a risk hit both say of it. */
type Hit = {
  id: number;
  ruleId: string;
  severity: Severity;
  status: HitStatus;
  amountFen: number;
  recoverFen: number | null;
  foundAt: string;
  decidedAt: string | null;
};

export type HitRow = Hit & {
  districtCode: string;
  caseId: number | null;
  caseTrackingCode: string | null;
  caseState: string | null;
  recoveryCaseId: number | null;
  recoveryTrackingCode: string | null;
  name: string;
  idNumber: string;
  benefitKind: BenefitKind | null;
  benefitLabel: Bi | null;
};

export type HitList = Paged<HitRow> & { summary: { ruleId: string; status: HitStatus; count: number; amountFen: number }[] };

export type HitDetail = Hit & {
  ruleHash: string;
  ruleVersion: number | null;
  snapshotId: number;
  runId: number;
  facts: Record<string, unknown>;
  rule: { name: Bi; description: Bi; basis: Basis[]; action: Bi; amount: { expr: string; label?: Bi }; criteria: { label: Bi; expr: string; value: boolean | null }[] } | null;
  person: PersonBasics & { deathDate: string | null; custody: { start_date: string; end_date: string | null }[] };
  award: (Award & { account: string | null }) | null;
  payments: { month: string; amountFen: number; paidOn: string }[];
  case: { id: number; trackingCode: string; state: string; final: boolean; version: number; conclusion: string | null; dueOn: string | null } | null;
  recoveryCase: { id: number; trackingCode: string; state: string; amountFen: number | null } | null;
};

export type Decision = 'confirmed' | 'cleared';
export type DecideResult = { id: number; status: HitStatus; recoverFen: number | null; recoveryCaseId: number | null };

// --- Cross-department query ------------------------------------------------------------------------------

export type QueryDepartment = 'public_security' | 'hrss' | 'medical_insurance' | 'civil_affairs' | 'justice' | 'transport' | 'disabled';
export type QueryLimits = { perQuery: number; queriesPerHour: number; personsPerDay: number; alertPersonsPerHour: number; alertQueriesPerHour: number };

export type QueryOptions = {
  purposes: Record<string, Bi>;
  departments: { code: QueryDepartment; allowed: boolean }[];
  limits: QueryLimits;
  usage: { queriesLastHour: number; personsToday: number };
};

export type DepartmentData = {
  public_security?: { name: string; sex: Sex; birthDate: string; phone: string | null; district: string; deathDate: string | null };
  hrss?: {
    enrolments: { scheme: string; since: string; status: string }[];
    contributionMonths12: number;
    lastContribution: string | null;
    benefits: { kind: BenefitKind; label: Bi; status: AwardStatus; reason: string | null; monthlyFen: number; payingRegion: string; since: string }[];
  };
  medical_insurance?: { year: number; scheme: 'employee' | 'resident' | null; longTermCare: boolean };
  civil_affairs?: { assistance: { kind: string; since: string }[] };
  justice?: { custody: { from: string; to: string | null }[] };
  transport?: { lastRide: string | null };
  disabled?: { certificate: { category: string; grade: number | string } | null };
};

export type QueryPersonResult = { idNumber: string; found: false } | { idNumber: string; found: true; personId: number; data: DepartmentData };

export type QueryResult = {
  queryId: number;
  purpose: { code: string; label: Bi; text: string };
  departments: QueryDepartment[];
  hiddenDepartments: QueryDepartment[];
  masking: { idNumber: 'masked'; phone: 'masked'; name: 'clear' | 'masked' };
  usage: { queriesLastHour: number; personsToday: number; limits: QueryLimits };
  alert: boolean;
  results: QueryPersonResult[];
};

export type QueryLogRow = { id: number; at: string; role: string; purpose_code: string; purpose: string; persons: number; found: number; departments: QueryDepartment[]; username: string; display_name: string };
export type QueryAlert = { id: number; reason: string; persons_last_hour: number; queries_last_hour: number; at: string; acknowledged_at: string | null; username: string; display_name: string };

// --- Fund statistics ------------------------------------------------------------------------------------

export type FundDistrict = {
  code: string;
  name: string;
  contributions: { insured: number; pensionFen: number; unemploymentFen: number; injuryFen: number };
  benefits: Partial<Record<BenefitKind, { recipients: number; paidFen: number }>>;
  risks: { open: number; confirmed: number; atStakeFen: number; toRecoverFen: number; recoveredFen: number; writtenOffFen: number };
};
export type FundStats = { month: string; districts: FundDistrict[]; benefitLabels: Record<BenefitKind, Bi> };

// --- Bundles --------------------------------------------------------------------------------------------

export type BundleKind = 'enrolment' | 'retirement';
export const BUNDLE_KINDS: readonly BundleKind[] = ['enrolment', 'retirement'];
export type BundleStatus = 'in_progress' | 'completed' | 'rejected';
export const BUNDLE_STATUSES: readonly BundleStatus[] = ['in_progress', 'completed', 'rejected'];
export type TaskStatus = 'waiting' | 'pending' | 'done' | 'rejected';

/** What the list and the page of a bundle both say of it. */
type Bundle = { id: number; kind: BundleKind; label: Bi; trackingCode: string; status: BundleStatus; districtCode: string; createdAt: string; completedAt: string | null };

export type BundleRow = Bundle & {
  subjectName: string;
  enterpriseName: string | null;
  tasks: { code: string; status: TaskStatus; department: string; label: Bi }[];
};

export type BundleTask = { code: string; label: Bi; department: string; status: TaskStatus; note: string | null; result: unknown; doneAt: string | null; auto: boolean };

export type BundleDetail = Bundle & {
  details: Record<string, unknown> | null;
  version: number;
  subject: { personId: number; name: string; villageCode: string | null };
  enterprise: { id: number; name: string | null } | null;
  applicantUserId: number | null;
  tasks: BundleTask[];
  events: { task_code: string | null; action: string; note: string | null; at: string }[];
  /** Tasks the reader may complete or reject now (absent in the answer to an action). */
  canAct?: string[];
};

// --- Citizen and enterprise ---------------------------------------------------------------------------

export type MyBundle = {
  id: number;
  kind: BundleKind;
  label: Bi;
  trackingCode: string;
  status: BundleStatus;
  createdAt: string;
  completedAt: string | null;
  subjectName: string;
  done: number;
  total: number;
  tasks: { code: string; label: Bi; department: string; status: TaskStatus; note: string | null; doneAt: string | null }[];
};
export type MyBundles = { items: MyBundle[]; kinds: Record<BundleKind, { label: Bi; tasks: { code: string; label: Bi; department: string }[] }> };

export type MyInsurance = {
  year: number;
  enrolments: { scheme: string; since: string; status: string }[];
  medical: { year: number; scheme: 'employee' | 'resident' | null; longTermCare: boolean };
  contributions: { month: string; employer: string; baseFen: number; pensionFen: number; unemploymentFen: number; injuryFen: number }[];
  benefits: { id: number; kind: BenefitKind; label: Bi; status: AwardStatus; reason: string | null; monthlyFen: number; since: string; account: string | null; payments: { month: string; amountFen: number; paidOn: string }[] }[];
  certification: { status: CertStatus; certifiedOn: string | null; taskDue: string | null; sources: SignalSource[]; version: number; canSelfCertify: boolean } | null;
  certificationSources: { code: SignalSource; label: Bi }[];
  retirement: { reachesOn: string; retirementAgeMonths: number; eligible: boolean; reasons: Bi[]; contributionMonths: number; minimumMonths: number };
};

export type EmployeeWithoutInsurance = { name: string; idNumberTail: string; idNumberMasked: string; startDate: string; missing: string[] };

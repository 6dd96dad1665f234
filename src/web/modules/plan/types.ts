// Shapes of the plan tracker's API responses (/api/plans…, /api/ratings…,
// /api/public/…), as the server sends them.
export type Text = { zh: string; en: string };
export type Light = 'green' | 'yellow' | 'red' | 'blue' | 'grey';
export type Comparator = 'at_least' | 'about' | 'at_most' | 'hold_at_least' | 'every_unit' | 'zero_outstanding' | 'per_unit_min' | 'milestone';

export type PlanSummary = { year: number; name: Text; documentNo: string; issuedOn: string; copiedFrom: number | null; targets: number; indicators: number };

export type IndicatorInfo = {
  code: string;
  name: Text;
  unit: string;
  aggregation: 'sum' | 'rate' | 'latest' | 'min' | 'share';
  periodType: 'month' | 'quarter' | 'year' | 'ytd';
  direction: 'higher' | 'lower';
  unitLevel: 'city' | 'district' | 'township';
  threshold: number | null;
  /** The binding in force for the period asked about. */
  source: 'computed' | 'reported';
  query: string | null;
  reportedBy: string | null;
};

/** GET /api/plans/:year/targets — every target of the plan with its comparator and source. */
export type TargetInfo = {
  code: string;
  itemCode: string; // G1 … G7, M1 … M42
  title: Text;
  quote: string; // the plan's words
  comparator: Comparator;
  value: number | null;
  tolerance: number | null;
  unit: string | null;
  departments: string[];
  deadline: string;
  decompose: boolean;
  indicator: IndicatorInfo | null;
};

/** One target's standing for one org unit (the city or a district) at the end of a month. */
export type TargetProgress = TargetInfo & {
  orgCode: string;
  /** The city target, or the district's quota (rates: the city target). */
  target: number | null;
  actual: number | null;
  /** The month the actual value comes from (may be earlier than the period asked for). */
  dataPeriod: string | null;
  /** Expected by now: the target × the elapsed share (or the seasonal profile); levels and rates: the target. */
  expected: number | null;
  /** Share of the target reached (0…1, may exceed 1); lower-is-better: target ÷ actual. */
  completion: number | null;
  timeShare: number;
  /** Points behind pace (positive = behind, negative = ahead). */
  gapPoints: number | null;
  light: Light;
  met: boolean | null;
  forecast: number | null;
  /** For every_unit, per_unit_min and share: units meeting the bar, of all units. */
  units: { met: number; total: number } | null;
  /** How the light was decided, in words an official can check. */
  explanation: Text;
};

export type LightCounts = Record<Light, number>;

/** GET /api/plans/:year/progress?period=YYYY-MM&org=500000|<district> */
export type ProgressResponse = {
  year: number;
  period: string;
  orgCode: string;
  orgName: string;
  timeShare: number;
  thresholds: { yellow: number; red: number };
  summary: LightCounts;
  goals: { code: string; title: Text; summary: LightCounts; targets: TargetProgress[] }[];
  measures: { code: string; section: number; title: Text; summary: LightCounts; targets: TargetProgress[] }[];
};

/** GET /api/plans/:year/series?indicator=&org= — monthly values (Jan … Dec) of one indicator for one unit. */
export type SeriesResponse = {
  indicator: IndicatorInfo;
  orgCode: string;
  points: { period: string; value: number | null; numerator: number | null; denominator: number | null; source: 'computed' | 'reported' | null }[];
  target: number | null;
  expected: (number | null)[];
};

/** GET /api/plans/:year/quotas/:target — the split of a city target into district quotas. */
export type QuotaResponse = {
  target: TargetInfo;
  cityTarget: number | null;
  total: number;
  /** Whether the quotas add up to (sums) or meet (rates) the city target. */
  consistent: boolean;
  message: Text;
  rows: { districtCode: string; districtName: string; quota: number; actual: number | null; completion: number | null; light: Light }[];
};

/** GET /api/plans/:year/league?period= — 赛马比拼. */
export type LeagueResponse = {
  year: number;
  period: string;
  previousPeriod: string | null;
  method: Text;
  cap: number;
  ratingWeight: number;
  weights: { targetCode: string; title: Text; weight: number }[];
  rows: {
    districtCode: string;
    districtName: string;
    score: number;
    rank: number;
    previousRank: number | null;
    /** Places gained since the previous month (positive = up). */
    movement: number | null;
    components: { targetCode: string; ratio: number | null; capped: number | null; weight: number; points: number }[];
    rating: { n: number; score: number | null };
  }[];
};

/** GET /api/plans/:year/districts/:code */
export type DistrictView = { progress: ProgressResponse; rank: number | null; movement: number | null; score: number | null; quotas: { targetCode: string; title: Text; quota: number; unit: string | null }[] };

/** GET /api/plans/:year/departments/:code — the targets a department is responsible for (lead or partner). */
export type DepartmentView = { departmentCode: string; departmentName: Text; period: string; lead: TargetProgress[]; partner: TargetProgress[] };

export type Finding = {
  indicator: string;
  unitCode: string;
  severity: 'error' | 'warning';
  rule: 'cumulative_fell' | 'rate_range' | 'numerator_over_denominator' | 'negative' | 'outlier' | 'missing';
  message: Text;
};

export type SubmissionStatus = 'draft' | 'submitted' | 'approved' | 'returned';

export type SubmissionSummary = {
  id: number;
  year: number;
  period: string;
  orgCode: string;
  orgName: string;
  departmentCode: string;
  departmentName: Text;
  status: SubmissionStatus;
  dueOn: string;
  late: boolean;
  version: number;
  submittedBy: string | null;
  submittedAt: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  reviewComment: string | null;
  findings: Finding[];
};

export type SubmissionRow = {
  indicator: string;
  name: Text;
  unit: string;
  aggregation: IndicatorInfo['aggregation'];
  unitLevel: IndicatorInfo['unitLevel'];
  unitCode: string;
  unitName: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** The approved value of the month before, for comparison. */
  previous: { period: string; value: number | null; numerator: number | null; denominator: number | null } | null;
};

/** GET /api/plans/:year/submissions/form?period=&org=&department= */
export type SubmissionForm = { period: string; orgCode: string; orgName: string; departmentCode: string; departmentName: Text; dueOn: string; editable: boolean; submission: SubmissionSummary | null; rows: SubmissionRow[] };

/** GET /api/submissions/:id */
export type SubmissionDetail = SubmissionSummary & {
  rows: SubmissionRow[];
  canApprove: boolean;
  canEdit: boolean;
  events: { action: 'saved' | 'submitted' | 'approved' | 'returned'; actor: string | null; comment: string | null; at: string }[];
};

/** GET /api/ratings/summary?by=district|department */
export type RatingSummary = {
  by: 'district' | 'department';
  minSample: number;
  rows: { code: string; name: Text; n: number; mean: number | null; satisfiedShare: number | null; shown: boolean }[];
};

/** GET /api/public/plans/:year/progress?period= — aggregates only, no login. */
export type PublicProgress = {
  year: number;
  name: Text;
  period: string;
  timeShare: number;
  summary: LightCounts;
  targets: { code: string; title: Text; unit: string | null; comparator: Comparator; target: number | null; actual: number | null; completion: number | null; light: Light }[];
  league: { districtCode: string; districtName: string; score: number; rank: number }[];
};

/** The settings officials tune for one plan year (thresholds in percentage points). */
export type PlanSettings = {
  thresholds: { yellow: number; red: number };
  /** League table: completion ratios are capped here (1.2 = 120%). */
  leagueCap: number;
  /** League weight per target code (targets with district quotas); 1 when not given. */
  leagueWeights: Record<string, number>;
  /** Share of the league score given to public ratings (0 … 0.5). */
  ratingWeight: number;
  ratingMinSample: number;
  /** Monthly values are due on this day of the following month. */
  reportDueDay: number;
  /** A reported increase this many times the monthly average so far is an outlier. */
  outlierFactor: number;
  /** Count targets were multiplied by this when the plan was created (1 for the plan as written). */
  scale: number;
};

export type PlanChange = { kind: 'created' | 'quotas' | 'settings' | 'binding'; subject: string | null; at: string; actor: string | null };

/** GET /api/plans/:year/settings — the settings and the latest changes to the plan. */
export type PlanSettingsResponse = { settings: PlanSettings; changes: PlanChange[] };

/** PUT /api/plans/:year/settings — any subset; league weights are merged per target code. */
export type PlanSettingsPatch = Partial<Omit<PlanSettings, 'thresholds' | 'scale'>> & { thresholds?: Partial<PlanSettings['thresholds']> };

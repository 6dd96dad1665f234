// Kysely table types; kept in step with migrations/. Dates are 'YYYY-MM-DD' strings, int8 are numbers.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface DivisionTable {
  code: string;
  name: string;
  level: number;
  parent_code: string | null;
  district_code: string | null;
  township_code: string | null;
  urban: boolean | null;
}
export interface DepartmentTable {
  code: string;
  name_zh: string;
  name_en: string;
  short_zh: string;
  issuer: boolean;
}
export interface ImportBatchTable {
  id: Generated<number>;
  feed: string;
  department_code: string | null;
  file_name: string;
  file_sha256: string;
  encoding: string;
  mode: 'reject' | 'quarantine' | 'seed' | 'platform';
  status: 'loaded' | 'rejected' | 'partially_loaded';
  rows_total: Generated<number>;
  rows_inserted: Generated<number>;
  rows_updated: Generated<number>;
  rows_unchanged: Generated<number>;
  rows_rejected: Generated<number>;
  created_by: number | null;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  finished_at: Timestamp | null;
}
export interface ImportErrorTable {
  batch_id: number;
  line: number;
  field: string | null;
  code: string;
  message_zh: string;
  message_en: string;
  raw: string | null;
}
export interface HouseholdTable {
  id: number;
  district_code: string;
  village_code: string;
  hukou_type: 'urban' | 'rural';
  batch_id: number;
}
export type Education = 'none' | 'primary' | 'junior' | 'senior' | 'vocational' | 'college' | 'bachelor' | 'master' | 'doctor';
export type Relation = 'head' | 'spouse' | 'child' | 'parent' | 'grandchild' | 'sibling' | 'other';
export interface PersonTable {
  id: number;
  id_number: string;
  name: string;
  sex: 'M' | 'F';
  birth_date: string;
  hukou_district_code: string;
  hukou_village_code: string;
  district_code: string;
  township_code: string;
  village_code: string;
  education: Education;
  phone: string | null;
  household_id: number | null;
  relation: Relation | null;
  batch_id: number;
}
export type EnterpriseSize = 'large' | 'medium' | 'small' | 'micro';
export interface EnterpriseTable {
  id: number;
  credit_code: string;
  name: string;
  industry_section: string;
  district_code: string;
  township_code: string;
  size: EnterpriseSize;
  established_on: string;
  batch_id: number;
}
export interface EmploymentTable {
  id: number;
  person_id: number;
  enterprise_id: number;
  district_code: string;
  start_date: string;
  end_date: string | null;
  monthly_wage_fen: number;
  batch_id: number;
}
export interface ContributionTable {
  employment_id: number;
  month: string;
  person_id: number;
  district_code: string;
  base_fen: number;
  pension_fen: number;
  unemployment_fen: number;
  injury_fen: number;
  batch_id: number;
}
export interface CivilAssistanceTable {
  person_id: number;
  household_id: number | null;
  kind: 'dibao' | 'extreme_poverty' | 'low_income';
  start_date: string;
  end_date: string | null;
  monthly_amount_fen: number;
  district_code: string;
  batch_id: number;
}
export interface PoliceDeathTable {
  person_id: number;
  death_date: string;
  district_code: string;
  batch_id: number;
}
export interface PoliceHukouMoveTable {
  person_id: number;
  move_date: string;
  from_village_code: string;
  to_village_code: string;
  district_code: string;
  batch_id: number;
}
export interface EduGraduateTable {
  person_id: number;
  graduation_year: number;
  school: string;
  level: 'vocational' | 'college' | 'bachelor' | 'master' | 'doctor';
  major: string;
  district_code: string;
  batch_id: number;
}
export interface EduStudentTable {
  person_id: number;
  school_year: number;
  stage: 'preschool' | 'primary' | 'junior' | 'senior' | 'vocational' | 'higher';
  school: string;
  district_code: string;
  batch_id: number;
}
export interface DisabilityCertificateTable {
  person_id: number;
  certificate_no: string;
  category: 'visual' | 'hearing' | 'speech' | 'physical' | 'intellectual' | 'mental' | 'multiple';
  grade: number;
  issued_on: string;
  district_code: string;
  batch_id: number;
}
export interface VeteranTable {
  person_id: number;
  discharge_date: string;
  service_branch: 'army' | 'navy' | 'air_force' | 'rocket_force' | 'armed_police' | 'other';
  entitled_group: boolean;
  district_code: string;
  batch_id: number;
}
export interface PovertyAlleviatedTable {
  person_id: number;
  lifted_year: number;
  relapse_watch: boolean;
  district_code: string;
  batch_id: number;
}
export interface FormerFishermanTable {
  person_id: number;
  registered_on: string;
  water_body: string;
  district_code: string;
  batch_id: number;
}
export interface HrUnemploymentRegistrationTable {
  person_id: number;
  registered_on: string;
  ended_on: string | null;
  end_reason: 'employed' | 'moved' | 'retired' | 'other' | null;
  district_code: string;
  batch_id: number;
}
export type InsuranceScheme = 'employee_pension' | 'resident_pension' | 'unemployment' | 'work_injury';
export interface HrInsuranceEnrolmentTable {
  person_id: number;
  scheme: InsuranceScheme;
  enrolled_on: string;
  status: 'active' | 'suspended' | 'terminated';
  district_code: string;
  batch_id: number;
}
export interface HrTrainingRecordTable {
  person_id: number;
  course_code: string;
  course_name: string;
  kind: 'employment_skills' | 'upgrade' | 'entrepreneurship' | 'new_form';
  start_date: string;
  end_date: string;
  certificate_level: string | null;
  district_code: string;
  batch_id: number;
}
export interface MedicalEnrolmentTable {
  person_id: number;
  year: number;
  scheme: 'employee' | 'resident';
  district_code: string;
  batch_id: number;
}
export type Role =
  | 'city_admin'
  | 'department_officer'
  | 'district_officer'
  | 'township_worker'
  | 'auditor'
  | 'citizen'
  | 'enterprise';
export interface AppUserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string | null;
  role: Role;
  org_code: string;
  department_code: string | null;
  person_id: number | null;
  enterprise_id: number | null;
  oidc_subject: string | null;
  active: Generated<boolean>;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
export interface AppSessionTable {
  token_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}
export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  user_id: number | null;
  username: string;
  role: string;
  action: string;
  entity_type: string;
  entity_id: string;
  district_code: string | null;
  purpose: string | null;
  request_id: string | null;
}

// --- Rules and benefits (0002) ---------------------------------------------------------------
export type EntityType = 'person' | 'household' | 'enterprise' | 'employment' | 'benefit';
/** The entities benefit policies are written for; `benefit` (a benefit award) is for the insurance checks. */
export type PolicyEntity = Exclude<EntityType, 'benefit'>;
export type Delivery = 'direct' | 'confirm' | 'apply';
export type EntitlementStatus =
  | 'awaiting_confirmation'
  | 'awaiting_application'
  | 'ready'
  | 'declined'
  | 'excluded'
  | 'in_batch'
  | 'paid'
  | 'payment_failed';
type Json = ColumnType<unknown, string, string>;
export interface FactSnapshotTable {
  id: Generated<number>;
  as_of: string;
  status: 'building' | 'ready' | 'failed' | 'dropped';
  catalogue_hash: string;
  content_hash: string | null;
  row_counts: Json | null;
  /** Rows per entity type and district: { person: { '500101': n, … }, … } (migration 0010; null before). */
  district_counts: Json | null;
  created_by: number | null;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  finished_at: Timestamp | null;
}
export interface PolicyTable {
  id: string;
  entity: EntityType;
  department_code: string;
  active_version_id: number | null;
  latest_version: Generated<number>;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
export interface PolicyVersionTable {
  id: Generated<number>;
  policy_id: string;
  version: number;
  hash: string;
  name_zh: string;
  name_en: string;
  definition: Json;
  source: 'pack' | 'editor';
  note: string | null;
  created_by: number | null;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
export interface PolicyEventTable {
  id: Generated<number>;
  policy_id: string;
  version_id: number | null;
  action: 'created' | 'activated' | 'deactivated';
  actor_id: number | null;
  at: ColumnType<Date, Date | string | undefined, Date | string>;
}
export interface PolicyRunTable {
  id: Generated<number>;
  snapshot_id: number;
  period_month: string;
  version_ids: Json;
  status: 'running' | 'completed' | 'failed';
  chunks_total: number;
  chunks_done: Generated<number>;
  entitlements_created: Generated<number>;
  near_miss: Generated<number>;
  missing_data: Generated<number>;
  error: string | null;
  created_by: number | null;
  started_at: ColumnType<Date, Date | string | undefined, Date | string>;
  finished_at: Timestamp | null;
}
export interface PolicyRunChunkTable {
  run_id: number;
  entity: EntityType;
  district_code: string;
  evaluated: number;
  entitlements_created: number;
  done_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
export interface EntitlementTable {
  id: Generated<number>;
  policy_id: string;
  entity_type: EntityType;
  entity_id: number;
  period: string;
  district_code: string;
  person_id: number | null;
  enterprise_id: number | null;
  policy_version_id: number;
  rule_hash: string;
  snapshot_id: number;
  run_id: number;
  amount_fen: number;
  delivery: Delivery;
  status: EntitlementStatus;
  excluded_by: string | null;
  trace: Json;
  account_kind: 'social_security_card' | 'bank' | null;
  account_bank: string | null;
  account_no: string | null;
  account_name: string | null;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
export interface EntitlementEventTable {
  id: Generated<number>;
  entitlement_id: number;
  from_status: EntitlementStatus | null;
  to_status: EntitlementStatus;
  actor_id: number | null;
  run_id: number | null;
  note: string | null;
  at: ColumnType<Date, Date | string | undefined, Date | string>;
}
export interface RunOutreachTable {
  run_id: number;
  policy_id: string;
  policy_version_id: number;
  entity_type: EntityType;
  entity_id: number;
  district_code: string;
  kind: 'near_miss' | 'missing_data';
  criteria: Json;
  margin: number | null;
  trace: Json;
}
export interface SimulationTable {
  id: Generated<number>;
  policy_id: string;
  draft_version_id: number;
  base_version_id: number | null;
  snapshot_id: number;
  group_fact: string | null;
  summary: Json;
  created_by: number | null;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
export interface SimulationChangeTable {
  simulation_id: number;
  entity_id: number;
  district_code: string;
  group_value: string | null;
  change: 'enter' | 'leave' | 'amount';
  old_amount_fen: number | null;
  new_amount_fen: number | null;
  criteria: Json;
}
export interface NotificationTable {
  id: Generated<number>;
  person_id: number | null;
  enterprise_id: number | null;
  entitlement_id: number | null;
  template: string;
  payload: Json;
  channel: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: Generated<number>;
  last_error: string | null;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  sent_at: Timestamp | null;
  read_at: Timestamp | null;
  next_attempt_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  payment_line_id: number | null;
}
export interface PaymentBatchTable {
  id: Generated<number>;
  policy_id: string;
  status: 'draft' | 'approved' | 'exported' | 'reconciled';
  line_count: number;
  total_fen: number;
  created_by: number;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  approved_by: number | null;
  approved_at: Timestamp | null;
  exported_at: Timestamp | null;
  file_name: string | null;
  file_sha256: string | null;
  paid_count: Generated<number>;
  paid_fen: Generated<number>;
  failed_count: Generated<number>;
}
export interface PaymentLineTable {
  id: Generated<number>;
  batch_id: number;
  line_no: number;
  entitlement_id: number;
  district_code: string;
  amount_fen: number;
  account_kind: 'social_security_card' | 'bank';
  account_bank: string | null;
  account_no: string;
  account_name: string;
  status: 'pending' | 'paid' | 'failed';
  failure_reason: string | null;
  reconciled_at: Timestamp | null;
}
export interface ReconciliationFileTable {
  id: Generated<number>;
  batch_id: number;
  file_name: string;
  file_sha256: string;
  lines_paid: number;
  lines_failed: number;
  lines_unchanged: number;
  imported_by: number;
  imported_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
export interface PaymentEventTable {
  id: Generated<number>;
  batch_id: number;
  line_id: number | null;
  action: string;
  actor_id: number | null;
  detail: Json | null;
  at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface Database {
  division: DivisionTable;
  department: DepartmentTable;
  import_batch: ImportBatchTable;
  import_error: ImportErrorTable;
  household: HouseholdTable;
  person: PersonTable;
  enterprise: EnterpriseTable;
  employment: EmploymentTable;
  contribution: ContributionTable;
  civil_assistance: CivilAssistanceTable;
  police_death: PoliceDeathTable;
  police_hukou_move: PoliceHukouMoveTable;
  edu_graduate: EduGraduateTable;
  edu_student: EduStudentTable;
  disability_certificate: DisabilityCertificateTable;
  veteran: VeteranTable;
  poverty_alleviated: PovertyAlleviatedTable;
  former_fisherman: FormerFishermanTable;
  hr_unemployment_registration: HrUnemploymentRegistrationTable;
  hr_insurance_enrolment: HrInsuranceEnrolmentTable;
  hr_training_record: HrTrainingRecordTable;
  medical_enrolment: MedicalEnrolmentTable;
  app_user: AppUserTable;
  app_session: AppSessionTable;
  audit_log: AuditLogTable;
  fact_snapshot: FactSnapshotTable;
  policy: PolicyTable;
  policy_version: PolicyVersionTable;
  policy_event: PolicyEventTable;
  policy_run: PolicyRunTable;
  policy_run_chunk: PolicyRunChunkTable;
  entitlement: EntitlementTable;
  entitlement_event: EntitlementEventTable;
  run_outreach: RunOutreachTable;
  simulation: SimulationTable;
  simulation_change: SimulationChangeTable;
  notification: NotificationTable;
  payment_batch: PaymentBatchTable;
  payment_line: PaymentLineTable;
  reconciliation_file: ReconciliationFileTable;
  payment_event: PaymentEventTable;
  entrepreneurship_loan: EntrepreneurshipLoanTable;
  housing_status: HousingStatusTable;
  plan: PlanTable;
  plan_indicator: PlanIndicatorTable;
  indicator_binding: IndicatorBindingTable;
  plan_target: PlanTargetTable;
  plan_quota: PlanQuotaTable;
  plan_change: PlanChangeTable;
  case_kind: CaseKindTable;
  case_record: CaseRecordTable;
  case_event: CaseEventTable;
  case_attachment: CaseAttachmentTable;
  phone_verification: PhoneVerificationTable;
  report_submission: ReportSubmissionTable;
  report_value: ReportValueTable;
  report_event: ReportEventTable;
  indicator_value: IndicatorValueTable;
  milestone_evidence: MilestoneEvidenceTable;
  supervision_task: SupervisionTaskTable;
  supervision_event: SupervisionEventTable;
  public_rating: PublicRatingTable;
  job_posting: JobPostingTable;
  job_seeker: JobSeekerTable;
  job_seeker_place: JobSeekerPlaceTable;
  recruitment_event: RecruitmentEventTable;
  recruitment_event_enterprise: { event_id: number; enterprise_id: number };
  recruitment_event_job: { event_id: number; job_id: number };
  job_application: JobApplicationTable;
  employment_registration: EmploymentRegistrationTable;
  graduate_record: GraduateRecordTable;
  graduate_status: GraduateStatusTable;
  assistance_plan: AssistancePlanTable;
  assistance_service: AssistanceServiceTable;
  zero_employment_household: ZeroEmploymentHouseholdTable;
  enterprise_headcount: EnterpriseHeadcountTable;
  employment_warning: EmploymentWarningTable;
  service_point: ServicePointTable;
  employment_event: EmploymentEventTable;
  benefit_award: BenefitAwardTable;
  benefit_payment: BenefitPaymentTable;
  justice_custody: JusticeCustodyTable;
  life_signal: LifeSignalTable;
  platform_income: PlatformIncomeTable;
  ltc_enrolment: LtcEnrolmentTable;
  resident_fact: ResidentFactTable;
  insurance_rule: InsuranceRuleTable;
  insurance_rule_version: InsuranceRuleVersionTable;
  insurance_check_run: InsuranceCheckRunTable;
  coverage_gap: CoverageGapTable;
  coverage_gap_event: CoverageGapEventTable;
  risk_hit: RiskHitTable;
  certification: CertificationTable;
  certification_event: CertificationEventTable;
  data_query: DataQueryTable;
  data_query_alert: DataQueryAlertTable;
  bundle: BundleTable;
  bundle_task: BundleTaskTable;
  bundle_event: BundleEventTable;
}

// --- Policy data (0003): guaranteed business loans and housing status ---------------------------
export interface EntrepreneurshipLoanTable {
  person_id: number;
  loan_no: string;
  lender: string;
  principal_fen: number;
  start_date: string;
  end_date: string;
  repaid_on: string | null;
  overdue: Generated<boolean>;
  /** NULL while the handling office has not assessed the loan. */
  interest_subsidy_eligible: boolean | null;
  district_code: string;
  batch_id: number;
}
export interface HousingStatusTable {
  person_id: number;
  as_of: string;
  owns_home: boolean;
  public_rental_tenant: Generated<boolean>;
  per_capita_floor_area_sqm: number | null;
  district_code: string;
  batch_id: number;
}

// --- Plan tracker (0004) ------------------------------------------------------------------------
type Stamp = ColumnType<Date, Date | string | undefined, Date | string>;
export interface PlanTable {
  year: number;
  name_zh: string;
  name_en: string;
  document_no: string;
  issued_on: ColumnType<string, string, string>;
  copied_from: number | null;
  definition: Json;
  definition_hash: string;
  settings: Json;
  created_by: number | null;
  created_at: Stamp;
}
export interface PlanIndicatorTable {
  plan_year: number;
  code: string;
  name_zh: string;
  name_en: string;
  unit: string;
  aggregation: 'sum' | 'rate' | 'latest' | 'min' | 'share';
  period_type: 'month' | 'quarter' | 'year' | 'ytd';
  direction: 'higher' | 'lower';
  unit_level: 'city' | 'district' | 'township';
  threshold: number | null;
  seasonal: Json | null;
}
export interface IndicatorBindingTable {
  plan_year: number;
  indicator_code: string;
  effective_from: string;
  source: 'computed' | 'reported';
  query: string | null;
  reported_by: string | null;
  note: string | null;
  created_by: number | null;
  created_at: Stamp;
}
export interface PlanTargetTable {
  plan_year: number;
  code: string;
  item_code: string;
  title_zh: string;
  title_en: string;
  quote: string;
  comparator: 'at_least' | 'about' | 'at_most' | 'hold_at_least' | 'every_unit' | 'zero_outstanding' | 'per_unit_min' | 'milestone';
  value: number | null;
  tolerance: number | null;
  unit: string | null;
  departments: Json;
  deadline: ColumnType<string, string, string>;
  indicator_code: string | null;
  decompose: boolean;
  position: number;
}
export interface PlanQuotaTable {
  plan_year: number;
  target_code: string;
  district_code: string;
  value: number;
  set_by: number | null;
  set_at: Stamp;
}
export interface ReportSubmissionTable {
  id: Generated<number>;
  plan_year: number;
  period: string;
  org_code: string;
  department_code: string;
  status: 'draft' | 'submitted' | 'approved' | 'returned';
  due_on: ColumnType<string, string, string>;
  late: Generated<boolean>;
  findings: Json;
  version: Generated<number>;
  submitted_by: number | null;
  submitted_at: Date | null;
  reviewed_by: number | null;
  reviewed_at: Date | null;
  review_comment: string | null;
  created_at: Stamp;
  updated_at: Stamp;
}
export interface ReportValueTable {
  submission_id: number;
  indicator_code: string;
  unit_code: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
}
export interface ReportEventTable {
  id: Generated<number>;
  submission_id: number;
  action: 'saved' | 'submitted' | 'approved' | 'returned';
  actor_id: number | null;
  comment: string | null;
  values_after: Json | null;
  at: Stamp;
}
export interface IndicatorValueTable {
  plan_year: number;
  indicator_code: string;
  period: string;
  unit_code: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  source: 'computed' | 'reported';
  submission_id: number | null;
  updated_at: Stamp;
}
export interface MilestoneEvidenceTable {
  id: Generated<number>;
  plan_year: number;
  target_code: string;
  department_code: string;
  note: string;
  link: string | null;
  submitted_by: number;
  submitted_at: Stamp;
  accepted_by: number | null;
  accepted_at: Date | null;
}
export interface SupervisionTaskTable {
  id: Generated<number>;
  plan_year: number;
  target_code: string;
  org_code: string;
  department_code: string;
  period: string;
  light: string;
  gap_points: number | null;
  reason_zh: string;
  reason_en: string;
  status: 'open' | 'responded' | 'closed';
  escalated: Generated<boolean>;
  due_on: ColumnType<string, string, string>;
  response: string | null;
  closure_note: string | null;
  created_at: Stamp;
  updated_at: Stamp;
}
export interface SupervisionEventTable {
  id: Generated<number>;
  task_id: number;
  action: 'opened' | 'responded' | 'closed' | 'escalated';
  actor_id: number | null;
  note: string | null;
  at: Stamp;
}
export interface PublicRatingTable {
  id: Generated<number>;
  subject_kind: 'service' | 'entitlement' | 'case';
  subject_ref: string;
  district_code: string;
  department_code: string;
  score: number;
  satisfaction: 'satisfied' | 'basically_satisfied' | 'dissatisfied';
  comment: string | null;
  rater_user_id: number | null;
  rater_person_id: number | null;
  seeded: Generated<boolean>;
  created_at: Stamp;
}
export interface PlanChangeTable {
  id: Generated<number>;
  plan_year: number;
  kind: 'created' | 'quotas' | 'settings' | 'binding';
  subject: string | null;
  before: Json | null;
  after: Json | null;
  actor_id: number | null;
  at: Stamp;
}
export interface CaseKindTable {
  code: string;
  version: number;
  hash: string;
  definition: Json;
  loaded_at: Generated<Date>;
}
export type CaseSource = 'public' | 'citizen' | 'hotline' | 'staff' | 'system';
export interface CaseRecordTable {
  id: Generated<number>;
  kind_code: string;
  kind_version: number;
  tracking_code: string;
  title: string;
  source: CaseSource;
  details: Json;
  enterprise_id: number | null;
  employer_key: string | null;
  workers: number | null;
  amount_fen: number | null;
  subject_ref: string | null;
  reporter_person_id: number | null;
  reporter_name: string | null;
  reporter_phone: string | null;
  state: string;
  final: boolean;
  org_code: string;
  district_code: string;
  department_code: string;
  conclusion: string | null;
  pending_review: Json | null;
  pending_transfer: Json | null;
  supervised: boolean;
  escalated: boolean;
  reopen_count: number;
  rating: number | null;
  rating_comment: string | null;
  group_id: number | null;
  opened_at: Timestamp;
  clock_from: Timestamp;
  closed_at: Timestamp | null;
  due_on: ColumnType<string | null, string | null, string | null>;
  warn_on: ColumnType<string | null, string | null, string | null>;
  working_days_to_close: number | null;
  closed_on_time: boolean | null;
  version: number;
  updated_at: Timestamp;
}
export interface CaseEventTable {
  id: Generated<number>;
  case_id: number;
  seq: number;
  action: string;
  state_after: string;
  actor_id: number | null;
  actor_role: string | null;
  payload: Json;
  at: Timestamp;
}
export interface CaseAttachmentTable {
  id: Generated<number>;
  case_id: number;
  name: string;
  mime: string;
  size_bytes: number;
  sha256: string;
  storage_key: string;
  uploaded_by: number | null;
  uploaded_at: Timestamp;
}
export interface PhoneVerificationTable {
  id: Generated<number>;
  phone_hash: string;
  code_hash: string;
  expires_at: Timestamp;
  attempts: Generated<number>;
  used_at: Timestamp | null;
  created_at: Timestamp;
}

// --- Employment services (0008) ---------------------------------------------------------------
type TimestampDefault = ColumnType<Date, Date | string | undefined, Date | string>;
export type JobStatus = 'blocked' | 'published' | 'closed';
export type WorkSchedule = 'standard' | 'shifts' | 'flexible' | 'part_time';
export interface JobPostingTable {
  id: Generated<number>;
  enterprise_id: number;
  title: string;
  occupation_code: string;
  major_code: string;
  district_code: string;
  township_code: string | null;
  wage_min_fen: number;
  wage_max_fen: number;
  education: Education;
  education_rank: number;
  experience_years: number;
  headcount: number;
  weekly_hours: number;
  schedule: WorkSchedule;
  description: string;
  skills: string[];
  for_graduates: boolean;
  valid_from: string;
  valid_until: string;
  status: JobStatus;
  findings: Json;
  override_reason: string | null;
  override_by: number | null;
  source: 'enterprise' | 'staff' | 'import';
  created_by: number | null;
  created_at: TimestampDefault;
  updated_at: TimestampDefault;
  published_at: Timestamp | null;
}
export type SeekerCategory = 'registered_unemployed' | 'graduate' | 'migrant_worker' | 'veteran' | 'disabled' | 'former_fisherman' | 'difficulty';
export interface JobSeekerTable {
  person_id: number;
  categories: string[];
  skills: string[];
  preferred_occupations: string[];
  preferred_districts: string[];
  expected_wage_fen: number;
  education: Education;
  education_rank: number;
  experience_years: number;
  available_from: string;
  district_code: string;
  township_code: string;
  status: 'active' | 'employed' | 'inactive';
  registered_by: number | null;
  created_at: TimestampDefault;
  updated_at: TimestampDefault;
}
export interface JobSeekerPlaceTable {
  occupation_code: string;
  major_code: string;
  district_code: string;
  person_id: number;
}
export type RecruitmentEventKind = 'online' | 'livestream' | 'campus' | 'onsite' | 'veterans_month' | 'spring_breeze';
export interface RecruitmentEventTable {
  id: Generated<number>;
  kind: RecruitmentEventKind;
  title: string;
  district_code: string;
  for_graduates: boolean;
  starts_on: string;
  ends_on: string;
  venue: string | null;
  visits: Generated<number>;
  created_by: number | null;
  created_at: TimestampDefault;
}
export type ApplicationStatus = 'submitted' | 'interview' | 'hired' | 'refused' | 'withdrawn';
export interface JobApplicationTable {
  id: Generated<number>;
  job_id: number;
  person_id: number;
  kind: 'application' | 'referral';
  event_id: number | null;
  referred_by: number | null;
  score: number | null;
  status: ApplicationStatus;
  employment_id: number | null;
  created_at: TimestampDefault;
  updated_at: TimestampDefault;
}
export interface EmploymentRegistrationTable {
  employment_id: number;
  source: 'application' | 'referral' | 'assistance' | 'household' | 'staff';
  application_id: number | null;
  registered_by: number | null;
  created_at: TimestampDefault;
}
export type GraduateStatusCode = 'employed' | 'further_study' | 'internship' | 'preparing' | 'not_employed';
export interface GraduateRecordTable {
  graduation_year: number;
  person_id: number;
  school: string;
  level: string;
  district_code: string;
  status: GraduateStatusCode;
  status_source: 'data' | 'staff';
  wants_work: boolean;
  difficulty: boolean;
  difficulty_reasons: string[];
  last_contact_on: string | null;
  updated_at: TimestampDefault;
}
export interface GraduateStatusTable {
  id: Generated<number>;
  graduation_year: number;
  person_id: number;
  status: GraduateStatusCode;
  wants_work: boolean;
  effective_on: string;
  source: 'data' | 'staff';
  channel: 'phone' | 'visit' | 'online' | 'school' | null;
  note: string | null;
  recorded_by: number | null;
  recorded_at: TimestampDefault;
}
export interface AssistancePlanTable {
  id: Generated<number>;
  person_id: number;
  reasons: string[];
  source: 'rules' | 'staff';
  entitlement_id: number | null;
  identified_on: string;
  district_code: string;
  township_code: string;
  assigned_to: number | null;
  status: 'open' | 'employed' | 'closed';
  closed_on: string | null;
  closed_reason: string | null;
  created_at: TimestampDefault;
  updated_at: TimestampDefault;
}
export type AssistanceServiceKind = 'guidance' | 'referral' | 'training' | 'public_welfare_post';
export interface AssistanceServiceTable {
  id: Generated<number>;
  plan_id: number;
  kind: AssistanceServiceKind;
  planned_on: string;
  done_on: string | null;
  outcome: 'done' | 'hired' | 'declined' | 'no_show' | null;
  note: string | null;
  job_id: number | null;
  created_by: number | null;
  created_at: TimestampDefault;
}
export interface ZeroEmploymentHouseholdTable {
  id: Generated<number>;
  household_id: number;
  entitlement_id: number | null;
  detected_on: string;
  district_code: string;
  township_code: string;
  village_code: string;
  assigned_to: number | null;
  status: 'open' | 'cleared';
  cleared_on: string | null;
  cleared_by: number | null;
  cleared_person_id: number | null;
  clear_note: string | null;
  created_at: TimestampDefault;
  updated_at: TimestampDefault;
}
export interface EnterpriseHeadcountTable {
  enterprise_id: number;
  month: string;
  district_code: string;
  industry_section: string;
  insured: number;
  owed: number;
}
export type WarningKind = 'layoff_threshold' | 'sustained_decline' | 'unpaid_contributions';
export interface EmploymentWarningTable {
  id: Generated<number>;
  enterprise_id: number;
  month: string;
  kind: WarningKind;
  district_code: string;
  industry_section: string;
  details: Json;
  case_id: number | null;
  created_at: TimestampDefault;
}
export type ServicePointKind = 'gig_market' | 'employment_station' | 'labour_broker' | 'assistance_workshop';
export interface ServicePointTable {
  id: Generated<number>;
  kind: ServicePointKind;
  name: string;
  village_code: string;
  township_code: string;
  district_code: string;
  address: string;
  contact_name: string | null;
  contact_phone: string | null;
  person_id: number | null;
  opened_on: string;
  closed_on: string | null;
  created_by: number | null;
  created_at: TimestampDefault;
}
export interface EmploymentEventTable {
  id: Generated<number>;
  entity_type: 'job' | 'application' | 'assistance_plan' | 'household' | 'event' | 'service_point' | 'seeker';
  entity_id: number;
  action: string;
  actor_id: number | null;
  details: Json;
  at: TimestampDefault;
}

// --- Social insurance (0009) ---------------------------------------------------------------------
export type BenefitKind = 'employee_pension' | 'resident_pension' | 'unemployment_benefit' | 'work_injury_allowance';
export interface BenefitAwardTable {
  id: Generated<number>;
  person_id: number;
  kind: BenefitKind;
  paying_region: string;
  district_code: string;
  start_month: string;
  end_month: string | null;
  status: 'active' | 'suspended' | 'terminated';
  status_reason: string | null;
  status_on: string | null;
  monthly_amount_fen: number;
  bank_account_hash: string | null;
  bank_account_masked: string | null;
  batch_id: number | null;
  created_at: TimestampDefault;
}
export interface BenefitPaymentTable {
  award_id: number;
  month: string;
  person_id: number;
  district_code: string;
  amount_fen: number;
  paid_on: string;
  batch_id: number | null;
}
export interface JusticeCustodyTable {
  person_id: number;
  start_date: string;
  end_date: string | null;
  district_code: string;
  batch_id: number;
}
export type LifeSignalSource = 'medical_visit' | 'social_card' | 'transport' | 'civil_affairs' | 'residence';
export interface LifeSignalTable {
  person_id: number;
  source: LifeSignalSource;
  signal_date: string;
  district_code: string;
  batch_id: number;
}
export interface PlatformIncomeTable {
  person_id: number;
  month: string;
  platform: string;
  income_fen: number;
  district_code: string;
  batch_id: number;
}
export interface LtcEnrolmentTable {
  person_id: number;
  year: number;
  district_code: string;
  batch_id: number;
}
/** Derived, kept by triggers (migration 0011): what the plan's insurance indicators read about a person. */
export interface ResidentFactTable {
  person_id: number;
  district_code: string;
  birth_date: string;
  death_date: string | null;
  last_school_year: number | null;
  employee_pension_district: string | null;
  employee_pension_on: string | null;
  resident_pension_district: string | null;
  resident_pension_on: string | null;
  medical_employee_years: number[];
  medical_resident_years: number[];
  ltc_years: number[];
}
export type InsurancePack = 'coverage' | 'risk';
export interface InsuranceRuleTable {
  id: string;
  pack: InsurancePack;
  entity: string;
  active_version_id: number | null;
  latest_version: Generated<number>;
}
export interface InsuranceRuleVersionTable {
  id: Generated<number>;
  rule_id: string;
  version: number;
  hash: string;
  definition: Json;
  created_at: TimestampDefault;
}
export interface InsuranceCheckRunTable {
  id: Generated<number>;
  pack: InsurancePack | 'certification';
  snapshot_id: number | null;
  as_of: string;
  status: 'running' | 'completed' | 'failed';
  counts: ColumnType<unknown, string | undefined, string>;
  error: string | null;
  created_by: number | null;
  started_at: Stamp;
  finished_at: Stamp | null;
}
export type GapStatus = 'open' | 'enrolled' | 'not_applicable' | 'refused';
export interface CoverageGapTable {
  id: Generated<number>;
  rule_id: string;
  person_id: number;
  enterprise_id: number | null;
  district_code: string;
  township_code: string;
  village_code: string;
  status: GapStatus;
  closed_by: 'outreach' | 'feed' | null;
  reason: string | null;
  rule_hash: string;
  snapshot_id: number;
  facts: Json;
  first_run_id: number;
  last_run_id: number;
  opened_on: string;
  closed_on: string | null;
  version: Generated<number>;
}
export interface CoverageGapEventTable {
  id: Generated<number>;
  gap_id: number;
  action: 'found' | 'contacted' | 'enrolled' | 'not_applicable' | 'refused' | 'closed_by_feed' | 'reopened';
  note: string | null;
  actor_id: number | null;
  run_id: number | null;
  at: Stamp;
}
export type Severity = 'high' | 'medium' | 'low';
export interface RiskHitTable {
  id: Generated<number>;
  rule_id: string;
  rule_hash: string;
  severity: Severity;
  entity: string;
  entity_id: number;
  person_id: number;
  award_id: number | null;
  district_code: string;
  snapshot_id: number;
  run_id: number;
  facts: Json;
  facts_hash: string;
  criteria: Json;
  amount_fen: ColumnType<string | number, number, number>;
  status: 'open' | 'confirmed' | 'cleared';
  case_id: number | null;
  recover_fen: ColumnType<string | number | null, number | null, number | null>;
  recovery_case_id: number | null;
  decided_at: Stamp | null;
  found_at: Stamp;
}
export type CertificationStatus = 'data_certified' | 'self_certified' | 'visited' | 'pending_self' | 'pending_visit' | 'suspended_death' | 'suspended_custody' | 'not_certified';
export interface CertificationTable {
  person_id: number;
  year: number;
  district_code: string;
  township_code: string;
  status: CertificationStatus;
  score: number;
  signals: Json;
  awards: number;
  run_id: number;
  task_due: string | null;
  certified_on: string | null;
  overpaid_fen: ColumnType<string | number, number | undefined, number>;
  recovery_case_id: number | null;
  version: Generated<number>;
}
export interface CertificationEventTable {
  id: Generated<number>;
  person_id: number;
  year: number;
  action: string;
  status_after: CertificationStatus;
  note: string | null;
  actor_id: number | null;
  at: Stamp;
}
export interface DataQueryTable {
  id: Generated<number>;
  user_id: number;
  role: string;
  purpose_code: string;
  purpose: string;
  persons: number;
  found: number;
  departments: string[];
  at: Stamp;
}
export interface DataQueryAlertTable {
  id: Generated<number>;
  user_id: number;
  reason: string;
  persons_last_hour: number;
  queries_last_hour: number;
  at: Stamp;
  acknowledged_by: number | null;
  acknowledged_at: Stamp | null;
}
export type BundleKind = 'enrolment' | 'retirement';
export interface BundleTable {
  id: Generated<number>;
  kind: BundleKind;
  tracking_code: string;
  subject_person_id: number;
  enterprise_id: number | null;
  applicant_user_id: number | null;
  district_code: string;
  status: 'in_progress' | 'completed' | 'rejected';
  details: Json;
  created_at: Stamp;
  completed_at: Stamp | null;
  version: Generated<number>;
}
export interface BundleTaskTable {
  bundle_id: number;
  code: string;
  seq: number;
  department_code: string;
  status: 'waiting' | 'pending' | 'done' | 'rejected';
  result: Json | null;
  note: string | null;
  done_by: number | null;
  done_at: Stamp | null;
}
export interface BundleEventTable {
  id: Generated<number>;
  bundle_id: number;
  task_code: string | null;
  action: string;
  note: string | null;
  actor_id: number | null;
  at: Stamp;
}

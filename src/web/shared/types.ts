// Shapes of the server's JSON, as documented in docs/api.md.
export type Bi = { zh: string; en: string };

export type Role = 'city_admin' | 'department_officer' | 'district_officer' | 'township_worker' | 'auditor' | 'citizen' | 'enterprise';

export type Permission =
  | 'division.read'
  | 'person.read'
  | 'person.unmask'
  | 'enterprise.read'
  | 'import.read'
  | 'import.write'
  | 'audit.read'
  | 'user.manage'
  | 'self.read'
  | 'policy.read'
  | 'policy.write'
  | 'run.execute'
  | 'entitlement.read'
  | 'payment.read'
  | 'payment.prepare'
  | 'payment.approve'
  | 'plan.read'
  | 'plan.report'
  | 'plan.approve'
  | 'plan.admin'
  | 'rating.write'
  | 'case.read'
  | 'case.handle'
  | 'case.report'
  | 'employment.read'
  | 'employment.handle'
  | 'job.post'
  | 'job.apply'
  | 'insurance.read'
  | 'insurance.handle'
  | 'insurance.run'
  | 'insurance.audit'
  | 'insurance.query'
  | 'bundle.apply';

export type User = {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  roleLabel?: Bi;
  orgCode: string;
  orgName: string;
  departmentCode: string | null;
  departmentName: Bi | string | null;
  personId: number | null;
  enterpriseId: number | null;
  permissions: Permission[];
};

export type Session = { user: User; csrfToken: string };

export type Paged<T> = { items: T[]; total: number; page: number; pageSize: number };

export type DemoAccounts = {
  enabled: boolean;
  citizens: { personId: number; name: string; districtName: string }[];
  enterprises: { enterpriseId: number; name: string; districtName: string }[];
};

export type DivisionLevel = 1 | 2 | 3 | 4;

export type DivisionView = {
  division: { code: string; name: string; level: DivisionLevel; parentCode: string | null; urban?: boolean | null; population: number };
  ancestors: { code: string; name: string; level: DivisionLevel }[];
  children: { code: string; name: string; level: DivisionLevel; urban: boolean | null; population: number; households: number }[];
};

export type Sex = 'M' | 'F';

export type PersonListItem = {
  id: number;
  name: string;
  sex: Sex;
  birthDate: string;
  age: number;
  idNumber: string;
  districtName: string | null;
  townshipName: string | null;
  villageName: string | null;
};

export type Place = {
  districtCode: string;
  districtName: string | null;
  townshipCode?: string;
  townshipName?: string | null;
  villageCode: string;
  villageName: string | null;
};

export type HouseholdMember = { id: number; name: string; relation: string | null; sex?: Sex; age?: number };

export type PersonCore = {
  id: number;
  name: string;
  sex: Sex;
  birthDate: string;
  age: number;
  idNumber: string;
  phone: string | null;
  education: string;
  hukou: Place;
  residence: Place;
  household: { id: number; members: HouseholdMember[] } | null;
};

export type Employment = { enterpriseId: number; enterpriseName: string; startDate: string; endDate: string | null; monthlyWageFen: number };

export type ContributionMonth = { month: string; baseFen: number; pensionFen: number; unemploymentFen: number; injuryFen: number };

export type DepartmentData = {
  department: string;
  departmentName: Bi | string | null;
  table: string;
  label: Bi | string;
  rows: Record<string, unknown>[];
};

export type PersonRecord = {
  person: PersonCore;
  employment: Employment[];
  contributions: { months: ContributionMonth[] };
  departmentData: DepartmentData[];
  batch: { id: number; feed?: string } | null;
};

export type Unmasked = { idNumber: string; phone: string | null };

export type EnterpriseSize = 'large' | 'medium' | 'small' | 'micro';

export type EnterpriseListItem = {
  id: number;
  creditCode: string;
  name: string;
  industrySection: string;
  industryName: Bi | string | null;
  districtName: string | null;
  size: EnterpriseSize;
  establishedOn: string;
  insuredHeadcount: number;
};

export type EnterpriseRecord = EnterpriseListItem & {
  districtCode: string;
  townshipName: string | null;
  employees: number;
  insuredMonth: string;
};

export type FeedColumn = {
  name: string;
  required: boolean;
  labelZh?: string;
  type?: string;
  format?: string;
  formatEn?: string;
  description?: string | null;
  descriptionEn?: string | null;
};

export type Feed = {
  name: string;
  department: string;
  departmentName?: string;
  departmentNameEn?: string;
  labelZh: string;
  labelEn: string;
  descriptionZh?: string;
  descriptionEn?: string;
  exampleHeader?: string;
  /** Whether this user may import the feed (department officers only their own department's). */
  canImport?: boolean;
  columns: FeedColumn[];
};

export type BatchStatus = 'loaded' | 'rejected' | 'partially_loaded';

export type ImportBatch = {
  id: number;
  feed: string;
  departmentCode: string | null;
  fileName: string;
  encoding: string;
  mode: 'reject' | 'quarantine' | 'seed';
  status: BatchStatus;
  rowsTotal: number;
  rowsInserted: number;
  rowsUpdated: number;
  rowsUnchanged: number;
  rowsRejected: number;
  createdAt: string;
  finishedAt?: string | null;
  createdBy: number | null;
  createdByName?: string | null;
};

export type ImportError = { line: number; field: string | null; code: string; message: string; messageEn: string };

export type ImportBatchDetail = { batch: ImportBatch; errors: { items: ImportError[]; total: number; page?: number; pageSize?: number } };

export type AuditEntry = {
  id: number;
  at: string;
  username: string;
  role: string;
  action: string;
  entityType: string;
  entityId: string;
  districtCode?: string | null;
  purpose: string | null;
  requestId: string | null;
};

export type Overview = {
  persons: number;
  households: number;
  enterprises: number;
  employments: number;
  districts: { code: string; name: string; population: number; households?: number; enterprises: number }[];
};

export type MyProfile = {
  person: PersonCore;
  household: PersonCore['household'];
  insurance: Record<string, unknown>[];
  statuses: { table: string; label: Bi | string; departmentName: Bi | string | null; rows: Record<string, unknown>[] }[];
  employment: Employment[];
};

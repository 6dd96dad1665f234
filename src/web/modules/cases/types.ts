// Shapes of the case engine's staff API (src/server/modules/cases: cases.routes.ts, cases.queries.ts,
// kinds.ts), as far as these pages use them.
import type { Bi, Paged } from '../../shared/types';

/** 亮灯: red overdue, yellow due today, blue close to the deadline, green in time. */
export type CaseLight = 'red' | 'yellow' | 'blue' | 'green';
export const CASE_LIGHTS: readonly CaseLight[] = ['red', 'yellow', 'blue', 'green'];

export type InboxBox = 'open' | 'review' | 'incoming' | 'closed';
export const INBOX_BOXES: readonly InboxBox[] = ['open', 'review', 'incoming', 'closed'];

export type CaseSource = 'public' | 'citizen' | 'hotline' | 'staff' | 'system';

export type FieldType = 'text' | 'longtext' | 'integer' | 'money' | 'boolean' | 'date' | 'month' | 'district' | 'enum' | 'creditCode';

export type CaseField = {
  name: string;
  label: Bi;
  type: FieldType;
  required: boolean;
  /** Longest text, or largest number (money in fen). */
  max?: number;
  options?: { code: string; label: Bi }[];
  public: boolean;
  help?: Bi;
};

export type CaseState = { code: string; label: Bi; days?: number; final: boolean };

export type Requirement = 'conclusion' | 'evidence' | 'reason';

export type CaseTransition = {
  action: string;
  label: Bi;
  from: string[];
  to: string;
  roles: string[];
  requires: Requirement[];
  /** A second person approves before the case moves on (审核). */
  review: boolean;
  /** The conclusions this transition may record (all of the kind's when absent). */
  conclusions?: string[];
};

export type CaseKind = {
  code: string;
  label: Bi;
  department: string;
  measures: string[];
  public: boolean;
  subject: 'enterprise' | 'none';
  titleField: string;
  fields: CaseField[];
  initial: string;
  states: CaseState[];
  transitions: CaseTransition[];
  conclusions: { code: string; label: Bi; resolved: boolean }[];
  closeWithinDays: number;
  warnFraction: number;
  review: { roles: string[]; days: number };
  transfer: { roles: string[]; days: number };
  supervision: { roles: string[]; factor: number };
  reopen?: { withinDays: number; to: string };
  rating: boolean;
  link?: { employerField: string; periodFromField: string; periodToField: string; workersField: string; flagWorkers: number };
  version: number;
};

export type PendingTransfer = { toOrg: string; toDepartment: string; reason: string; by: number | null; at: string };

export type CaseListItem = {
  id: number;
  kind: string;
  kindLabel: Bi;
  trackingCode: string;
  title: string;
  state: string;
  stateLabel: Bi;
  final: boolean;
  orgCode: string;
  orgName: string | null;
  districtCode: string;
  departmentCode: string;
  supervised: boolean;
  escalated: boolean;
  reopenCount: number;
  workers: number | null;
  amountFen: number | null;
  conclusion: string | null;
  conclusionLabel: Bi | null;
  openedAt: string;
  closedAt: string | null;
  dueOn: string | null;
  light: CaseLight | null;
  pendingReview: boolean;
  pendingTransfer: PendingTransfer | null;
  groupId: number | null;
  rating: number | null;
  version: number;
};

export type CasePage = Paged<CaseListItem>;

export type InboxSummary = { open: number; red: number; yellow: number; blue: number; review: number; supervised: number; incoming: number };

export type CaseEventAction =
  | 'created'
  | 'transition'
  | 'review_requested'
  | 'review_approved'
  | 'review_returned'
  | 'transfer_requested'
  | 'transfer_accepted'
  | 'transfer_refused'
  | 'supervised'
  | 'escalated'
  | 'reopened'
  | 'rated'
  | 'commented'
  | 'linked';

export type TimelineEntry = {
  seq: number;
  action: CaseEventAction;
  stateAfter: string;
  stateAfterLabel: Bi;
  payload: Record<string, unknown>;
  at: string;
  actor: string | null;
  actorRole: string | null;
};

export type CaseAttachment = { id: number; name: string; mime: string; size: number; sha256: string; uploadedAt: string };

export type LinkedCase = { id: number; trackingCode: string; title: string; state: string; stateLabel: Bi; final: boolean; workers: number | null; districtCode: string };

export type PendingReview = { transition: string; from: string; to: string; by: number | null; at: string; conclusion?: string; reason?: string; evidence?: string; attachmentIds?: number[] };

export type CaseDetail = CaseListItem & {
  source: CaseSource;
  details: Record<string, unknown>;
  enterpriseId: number | null;
  subjectRef: string | null;
  reporter: { name: string | null; phone: string | null } | null;
  pendingReviewDetail: PendingReview | null;
  ratingComment: string | null;
  workingDaysToClose: number | null;
  closedOnTime: boolean | null;
  warnOn: string | null;
  timeline: TimelineEntry[];
  attachments: CaseAttachment[];
  linked: LinkedCase[];
  kindDefinition: CaseKind;
  /** What this user may do now: 'transition:<action>', 'review_approve', 'transfer', … */
  actions: string[];
};

export type ActionResult = { id: number; state: string; version: number; final: boolean; dueOn: string | null };

export type NewCaseResult = { id: number; trackingCode: string; state: string; orgCode: string };

export type BoardDistrict = { districtCode: string; supervised: number; escalated: number; red: number };
export type Board = { items: CaseListItem[]; byDistrict: BoardDistrict[] };

export type StatsFigures = {
  received: number;
  closed: number;
  /** Percent (0–100) or null when nothing to divide by. */
  closureRate: number | null;
  onTimeRate: number | null;
  avgWorkingDays: number | null;
  rated: number;
  satisfaction: number | null;
  meanRating: number | null;
  supervised: number;
  reopened: number;
  overdue: number;
};

export type CaseStats = {
  kind: string;
  year: number;
  city: StatsFigures;
  districts: (StatsFigures & { districtCode: string; name: string })[];
  months: (StatsFigures & { month: number })[];
};

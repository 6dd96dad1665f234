// Shapes of the benefits API (src/server/modules/benefits: me.routes.ts, entitlements.routes.ts,
// payments.routes.ts), as the pages read them.
import type { Bi, Paged } from '../../shared/types';

export type EntitlementStatus = 'awaiting_confirmation' | 'awaiting_application' | 'ready' | 'declined' | 'excluded' | 'in_batch' | 'paid' | 'payment_failed';
export const ENTITLEMENT_STATUSES: readonly EntitlementStatus[] = [
  'awaiting_confirmation',
  'awaiting_application',
  'ready',
  'in_batch',
  'paid',
  'payment_failed',
  'declined',
  'excluded',
];
export type Delivery = 'direct' | 'confirm' | 'apply';
export type EntityType = 'person' | 'household' | 'enterprise' | 'employment';
export type PayeeAction = 'confirm' | 'apply' | 'decline';
export type AccountKind = 'social_security_card' | 'bank';
export type LineStatus = 'pending' | 'paid' | 'failed';
export type BatchStatus = 'draft' | 'approved' | 'exported' | 'reconciled';
export const BATCH_STATUSES: readonly BatchStatus[] = ['draft', 'approved', 'exported', 'reconciled'];

export type Basis = { title: string; number?: string; article?: string; url?: string };
export type Criterion = { label: Bi; result: 'pass' | 'fail' | 'undetermined'; margin: number | null };
/** A fact the run used. `label` and `unit` are read when the server sends them. */
export type FactUsed = { name: string; value: string | number | boolean | null; label?: Bi; unit?: string | null };

export type PaymentOfEntitlement = {
  reference: string;
  batchId: number;
  status: LineStatus;
  amountFen: number;
  accountKind: AccountKind;
  accountBank?: string | null;
  accountNo: string | null;
  failureReason: string | null;
  reconciledAt: string | null;
};

/** The parts of an entitlement record the payee and staff both see (recordView on the server). */
export type EntitlementRecord = {
  id: number;
  entityType: EntityType;
  period: string;
  districtCode: string;
  policy: { id: string; name: Bi; version: number; departmentCode?: string };
  amountFen: number;
  delivery: Delivery;
  status: EntitlementStatus;
  statusLabel: Bi;
  basis: Basis[];
  criteria: Criterion[];
  facts: FactUsed[];
  account: { kind: AccountKind; bank: string | null; accountNo: string | null } | null;
  payments: PaymentOfEntitlement[];
  createdAt: string;
  updatedAt: string;
};

// --- Payee portal ----------------------------------------------------------------------------------

export type MyBenefit = {
  id: number;
  policyId: string;
  policyName: Bi;
  entityType: EntityType;
  period: string;
  amountFen: number;
  status: EntitlementStatus;
  statusLabel: Bi;
  delivery: Delivery;
  paymentStatus: LineStatus | null;
  actions: PayeeAction[];
  createdAt?: string;
  updatedAt?: string;
};

export type MyBenefitDetail = EntitlementRecord & {
  actions: PayeeAction[];
  events: { at: string; fromStatus: EntitlementStatus | null; toStatus: EntitlementStatus; note: string | null }[];
};

export type AccountBody = { accountKind: 'social_security_card' } | { accountKind: 'bank'; bank: string; accountNo: string; accountName: string };

export type InboxTemplate = 'entitlement_found_confirm' | 'entitlement_found_apply' | 'entitlement_direct' | 'payment_paid' | 'payment_failed';
export type InboxMessage = {
  id: number;
  template: InboxTemplate;
  title: Bi;
  body: Bi;
  payload: { policyId: string; policyName: Bi; amountFen: number };
  entitlementId: number | null;
  sentAt: string | null;
  readAt: string | null;
  createdAt: string;
};
export type Inbox = Paged<InboxMessage> & { unread: number };

// --- Staff -----------------------------------------------------------------------------------------

export type EntitlementListItem = {
  id: number;
  policyId: string;
  policyName: Bi;
  entityType: EntityType;
  period: string;
  districtCode: string;
  districtName: string | null;
  payeeName: string | null;
  amountFen: number;
  delivery: Delivery;
  status: EntitlementStatus;
  statusLabel: Bi;
  updatedAt: string;
};

export type EntitlementDetail = EntitlementRecord & {
  entityId: number;
  runId: number | null;
  snapshotId: number | null;
  ruleHash: string | null;
  excludedBy: string | null;
  payee:
    | { kind: 'person'; id: number | null; name: string | null; idNumber: string | null }
    | { kind: 'enterprise'; id: number | null; name: string | null; creditCode: string | null };
  events: { at: string; fromStatus: EntitlementStatus | null; toStatus: EntitlementStatus; note: string | null; runId: number | null; actor: string | null; actorRole: string | null }[];
};

/** GET /api/policies, the fields these pages use. */
export type PolicyOption = {
  id: string;
  entity: EntityType;
  department: { code: string; zh: string; en: string };
  name: Bi;
  delivery: Delivery | null;
  frequency: 'once' | 'yearly' | 'monthly' | null;
  activeVersion: { id: number; version: number; hash: string } | null;
};

export type PaymentBatch = {
  id: number;
  policyId: string;
  policyName: Bi;
  departmentCode: string;
  status: BatchStatus;
  lineCount: number;
  totalFen: number;
  paidCount: number;
  paidFen: number;
  failedCount: number;
  pendingCount: number;
  createdBy: { id: number; name: string | null };
  createdAt: string;
  approvedBy: { id: number; name: string | null } | null;
  approvedAt: string | null;
  exportedAt: string | null;
  fileName: string | null;
  fileSha256: string | null;
};

export type PaymentLine = {
  id: number;
  lineNo: number;
  reference: string;
  entitlementId: number;
  districtCode: string;
  amountFen: number;
  accountKind: AccountKind;
  accountBank: string | null;
  accountNo: string | null;
  accountName: string | null;
  status: LineStatus;
  failureReason: string | null;
  reconciledAt: string | null;
};

export type PaymentEventAction = 'created' | 'approved' | 'exported' | 'result_file' | 'reconciled';
export type BatchDetail = {
  batch: PaymentBatch;
  lines: Paged<PaymentLine>;
  events: { id: number; action: PaymentEventAction | string; at: string; actor: string | null; detail: Record<string, unknown> | null }[];
  reconciliationFiles: { id: number; fileName: string; sha256: string; paid: number; failed: number; unchanged: number; importedAt: string }[];
};

export type ReconciliationResult = {
  batch: PaymentBatch;
  file: { fileName: string; sha256: string; alreadyImported: boolean };
  paid: number;
  failed: number;
  unchanged: number;
  changed: boolean;
  message: Bi;
};

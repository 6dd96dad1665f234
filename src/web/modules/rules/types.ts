// Shapes of the rules API (src/server/modules/rules/rules.routes.ts), as the pages read them.
import type { Bi, Paged } from '../../shared/types';

export type Entity = 'person' | 'household' | 'enterprise' | 'employment';
export const ENTITIES: readonly Entity[] = ['person', 'household', 'enterprise', 'employment'];
export type Delivery = 'direct' | 'confirm' | 'apply';
export type Frequency = 'once' | 'yearly' | 'monthly';
export type ExclusionMode = 'not_both' | 'take_higher';
export type Outcome = 'eligible' | 'near_miss' | 'missing_data' | 'ineligible';
export type FactUnit = 'fen' | 'month' | 'year' | 'person';

export type Basis = { title: string; number?: string; article?: string; url?: string };

export type PolicyDefinition = {
  id: string;
  name: Bi;
  basis: Basis[];
  department: string;
  entity: Entity;
  measures: string[];
  effective: { from: string; to: string | null };
  criteria: { label: Bi; expr: string; note?: Bi }[];
  amount: { expr: string; capFen: number | null; frequency: Frequency };
  exclusions: { policy: string; mode: ExclusionMode }[];
  delivery: Delivery;
  assumptions: { parameter: string; note: Bi }[];
  description?: Bi;
};

export type PolicyListItem = {
  id: string;
  entity: Entity;
  department: { code: string; zh: string; en: string };
  activeVersion: { id: number; version: number; hash: string } | null;
  latestVersion: number;
  name: Bi;
  delivery: Delivery | null;
  frequency: Frequency | null;
  measures: string[];
  effective: { from: string; to: string | null } | null;
  entitlements: number;
  amountFen: number;
};

export type PolicyVersion = {
  id: number;
  version: number;
  hash: string;
  source: 'pack' | 'editor';
  note: string | null;
  createdAt: string;
  createdBy: string | null;
  active: boolean;
  definition: PolicyDefinition;
};

export type PolicyEvent = { id: number; action: 'created' | 'activated' | 'deactivated'; at: string; by: string | null; version: number | null };

export type PolicyDetail = {
  id: string;
  entity: Entity;
  departmentCode: string;
  activeVersionId: number | null;
  definition: PolicyDefinition;
  versions: PolicyVersion[];
  events: PolicyEvent[];
};

export type SaveResult = { versionId: number; version: number; hash: string; unchanged: boolean };

export type Fact = {
  path: string;
  namespace: Entity;
  type: 'int' | 'bool' | 'string';
  zh: string;
  en: string;
  department: string;
  unit: FactUnit | null;
  values: string[] | null;
};

export type CheckResult = { ok: true; facts: string[] } | { ok: false; message: string; messageEn: string; position: number | null };

export type Department = { code: string; nameZh: string; nameEn: string; shortZh: string; issuer: boolean };

export type Snapshot = {
  id: number;
  asOf: string;
  status: 'building' | 'ready' | 'failed' | 'dropped';
  contentHash: string | null;
  rowCounts: Partial<Record<Entity, number>> | null;
  createdAt: string;
  finishedAt: string | null;
};

export type RunStatus = 'running' | 'completed' | 'failed';
export type Run = {
  id: number;
  snapshotId: number;
  periodMonth: string;
  versionIds: number[];
  status: RunStatus;
  chunksTotal: number;
  chunksDone: number;
  entitlementsCreated: number;
  nearMiss: number;
  missingData: number;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
  startedBy: string | null;
};
export type RunDetail = Run & {
  byPolicy: { policy_id: string; status: string; n: number; fen: number }[];
  outreach: { policy_id: string; kind: 'near_miss' | 'missing_data'; n: number }[];
};

export type FactValue = number | boolean | string | null;

export type OutreachItem = {
  policyId: string;
  policyName: Bi;
  entityType: Entity;
  entityId: number;
  districtCode: string;
  name: string | null;
  idNumber: string | null;
  kind: 'near_miss' | 'missing_data';
  criteria: { index: number; label: Bi; value: boolean | null; margin: number | null }[];
  margin: number | null;
  facts: Record<string, FactValue>;
};

export type CriterionResult = {
  label: Bi;
  expr: string;
  value: boolean | null;
  margin: number | null;
  facts: { path: string; zh: string; en: string; value: FactValue; unit?: FactUnit }[];
};
export type PolicyExplanation = {
  policyId: string;
  versionId: number;
  hash: string;
  name: Bi;
  outcome: Outcome;
  criteria: CriterionResult[];
  amountRaw: number | null;
  amount: number | null;
  missingFacts: string[];
};
export type EntitlementRow = {
  id: number;
  policy_id: string;
  period: string;
  amount_fen: number;
  status: string;
  excluded_by: string | null;
  run_id: number | null;
  snapshot_id: number;
  rule_hash: string;
};
export type Explanation = {
  entity: Entity;
  entityId: number;
  /** Name and masked id number (persons) or credit code (enterprises); null for households and jobs. */
  subject: { name: string; idNumber: string } | null;
  districtCode: string;
  snapshot: { id: number; asOf: string; contentHash: string | null };
  policies: PolicyExplanation[];
  entitlements: EntitlementRow[];
};

export type SimulationSummary = {
  snapshotId: number;
  base: { versionId: number | null; eligible: number; costFen: number };
  draft: { versionId: number; eligible: number; costFen: number };
  entering: number;
  leaving: number;
  amountChanged: number;
  costDeltaFen: number;
  byDistrict: { code: string; name: string; baseEligible: number; draftEligible: number; baseCostFen: number; draftCostFen: number; entering: number; leaving: number }[];
  byGroup: { value: string | null; entering: number; leaving: number; amountChanged: number; costDeltaFen: number }[];
  byCriterion: { label: Bi; entering: number; leaving: number }[];
  groupBy: string | null;
};
export type SimulationListItem = {
  id: number;
  policyId: string;
  draftVersionId: number;
  baseVersionId: number | null;
  snapshotId: number;
  groupBy: string | null;
  summary: SimulationSummary;
  createdAt: string;
};
export type SimulationChange = {
  id: number;
  simulation_id: number;
  entity_id: number;
  district_code: string;
  group_value: string | null;
  change: 'enter' | 'leave' | 'amount';
  old_amount_fen: number | null;
  new_amount_fen: number | null;
  criteria: number[];
};
export type SimulationDetail = {
  id: number;
  policyId: string;
  draftVersionId: number;
  baseVersionId: number | null;
  snapshotId: number;
  summary: SimulationSummary;
  changes: Paged<SimulationChange>;
};

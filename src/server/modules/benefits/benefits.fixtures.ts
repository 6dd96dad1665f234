// Test fixtures for the benefits module: a snapshot, a policy with one version, a run, and entitlements
// written directly, as a rules run would leave them. Not used by the application.
import { sql } from 'kysely';
import type { DbOrTx } from '../../db/index.js';
import type { Delivery, EntitlementStatus, EntityType } from '../../db/schema.js';

export type FixturePolicy = { id: string; versionId: number; runId: number; snapshotId: number; entity: EntityType; delivery: Delivery };

export const TEST_CRITERIA = [
  { label: { zh: '年满16周岁', en: 'Aged 16 or over' }, expr: 'person.age >= 16' },
  { label: { zh: '登记失业', en: 'Registered unemployed' }, expr: 'person.registered_unemployed' },
  { label: { zh: '本市户籍', en: 'Chongqing hukou' }, expr: 'person.hukou_local' },
];

export async function createPolicy(
  db: DbOrTx,
  p: { id: string; department?: string; entity?: EntityType; delivery?: Delivery; nameZh?: string; nameEn?: string; period?: string },
): Promise<FixturePolicy> {
  const snapshot = await db
    .insertInto('fact_snapshot')
    .values({ as_of: '2026-11-01', status: 'ready', catalogue_hash: 'test', content_hash: 'test', row_counts: '{}', created_by: null, finished_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  const snapshotId = snapshot.id;
  const entity = p.entity ?? 'person';
  const delivery = p.delivery ?? 'confirm';
  await db.insertInto('policy').values({ id: p.id, entity, department_code: p.department ?? 'hrss', active_version_id: null, latest_version: 1 }).execute();
  const definition = {
    id: p.id,
    name: { zh: p.nameZh ?? `测试补贴${p.id}`, en: p.nameEn ?? `Test subsidy ${p.id}` },
    basis: [{ title: '重庆市惠民暖心优服行动方案', number: '渝人社办〔2023〕75号', article: '第三条' }],
    department: p.department ?? 'hrss',
    entity,
    criteria: TEST_CRITERIA,
    amount: { expr: '100000', capFen: null, frequency: 'once' },
    delivery,
  };
  const v = await db
    .insertInto('policy_version')
    .values({ policy_id: p.id, version: 1, hash: `h-${p.id}`, name_zh: definition.name.zh, name_en: definition.name.en, definition: JSON.stringify(definition), source: 'pack', note: null, created_by: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.updateTable('policy').set({ active_version_id: v.id }).where('id', '=', p.id).execute();
  const run = await db
    .insertInto('policy_run')
    .values({ snapshot_id: snapshotId, period_month: '2026-11', version_ids: JSON.stringify([v.id]), status: 'completed', chunks_total: 1, created_by: null, finished_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: p.id, versionId: v.id, runId: run.id, snapshotId, entity, delivery };
}

export type FixtureEntitlement = {
  payee: { personId: number } | { enterpriseId: number };
  districtCode: string;
  amountFen?: number;
  status?: EntitlementStatus;
  period?: string;
  entityType?: EntityType;
  entityId?: number;
  facts?: Record<string, unknown>;
};

let nextEntity = 1;

/** Inserts an entitlement in the state a run leaves it (status from the policy's delivery unless given), with its first event. */
export async function createEntitlement(db: DbOrTx, policy: FixturePolicy, e: FixtureEntitlement): Promise<number> {
  const status: EntitlementStatus = e.status ?? (policy.delivery === 'direct' ? 'ready' : policy.delivery === 'confirm' ? 'awaiting_confirmation' : 'awaiting_application');
  const personId = 'personId' in e.payee ? e.payee.personId : null;
  const enterpriseId = 'enterpriseId' in e.payee ? e.payee.enterpriseId : null;
  const trace = {
    criteria: [
      { value: true, margin: 18 },
      { value: true, margin: null },
      { value: null, margin: null },
    ],
    amountRaw: e.amountFen ?? 100000,
    facts: e.facts ?? { 'person.age': 34, 'person.registered_unemployed': true, 'person.hukou_local': null },
  };
  const row = await db
    .insertInto('entitlement')
    .values({
      policy_id: policy.id,
      entity_type: e.entityType ?? policy.entity,
      entity_id: e.entityId ?? personId ?? enterpriseId ?? nextEntity++,
      period: e.period ?? 'once',
      district_code: e.districtCode,
      person_id: personId,
      enterprise_id: enterpriseId,
      policy_version_id: policy.versionId,
      rule_hash: `h-${policy.id}`,
      snapshot_id: policy.snapshotId,
      run_id: policy.runId,
      amount_fen: e.amountFen ?? 100000,
      delivery: policy.delivery,
      status,
      excluded_by: null,
      trace: JSON.stringify(trace),
      account_kind: null,
      account_bank: null,
      account_no: null,
      account_name: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('entitlement_event').values({ entitlement_id: row.id, from_status: null, to_status: status, actor_id: null, run_id: policy.runId, note: 'created by run' }).execute();
  return row.id;
}

/** Sum of paid amounts per entitlement, straight from the lines: what the bank actually paid out. */
export async function paidByEntitlement(db: DbOrTx): Promise<Map<number, { lines: number; fen: number }>> {
  const rows = await sql<{ entitlement_id: number; lines: number; fen: number }>`
    SELECT entitlement_id, count(*)::int AS lines, sum(amount_fen)::bigint AS fen FROM payment_line WHERE status = 'paid' GROUP BY entitlement_id`.execute(db);
  return new Map(rows.rows.map((r) => [Number(r.entitlement_id), { lines: Number(r.lines), fen: Number(r.fen) }]));
}

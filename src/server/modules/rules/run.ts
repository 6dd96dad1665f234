// Policy runs: evaluate a set of policy versions over a snapshot, district by district. Each
// district is one transaction that writes its entitlements (unique per policy, entity and
// period, so a rerun adds nothing), outreach lists, exclusions and events, and marks itself done.
// A run killed halfway loses only the district in flight and resumes from the next undone one.
import { sql, type RawBuilder } from 'kysely';
import { isUniqueViolation, type Db, type Tx } from '../../db/index.js';
import type { EntityType } from '../../db/schema.js';
import { AppError } from '../../platform/errors.js';
import { evaluationQuery } from './evaluate-sql.js';
import { activeVersionIds, loadCompiled } from './policies.service.js';
import { periodOf, type CompiledPolicy } from './policy.js';
import { getReadySnapshot, snapshotTable } from './snapshot.js';

type Sql = RawBuilder<unknown>;

const INITIAL_STATUS = { direct: 'ready', confirm: 'awaiting_confirmation', apply: 'awaiting_application' } as const;
const LIVE = ['awaiting_confirmation', 'awaiting_application', 'ready', 'in_batch', 'paid', 'payment_failed'];
const REPLACEABLE = ['awaiting_confirmation', 'awaiting_application', 'ready'];

/** Hook called inside each district's transaction after entitlements are written (notifications). */
export type ChunkHook = (trx: Tx, runId: number, districtCode: string) => Promise<unknown>;

export async function createRun(db: Db, args: { snapshotId?: number; periodMonth?: string; policyIds?: string[]; versionIds?: number[]; actorId: number | null }): Promise<number> {
  const snap = await getReadySnapshot(db, args.snapshotId);
  const periodMonth = args.periodMonth ?? snap.as_of.slice(0, 7);
  const versionIds = args.versionIds ?? (await activeVersionIds(db, snap.as_of, args.policyIds));
  if (versionIds.length === 0) throw new AppError('CONFLICT', { zh: '没有在有效期内的已启用政策', en: 'No active policy is in effect on the snapshot date' });
  const policies = await loadCompiled(db, versionIds);
  const entities = new Set(policies.map((p) => p.def.entity));
  const districts = await db.selectFrom('division').select('code').where('level', '=', 2).execute();
  const run = await db
    .insertInto('policy_run')
    .values({
      snapshot_id: snap.id,
      period_month: periodMonth,
      version_ids: JSON.stringify(versionIds),
      status: 'running',
      chunks_total: entities.size * districts.length,
      created_by: args.actorId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return run.id;
}

export type RunOptions = {
  onChunk?: ChunkHook;
  /** Districts evaluated at once; PostgreSQL can use one connection per core. */
  parallel?: number;
  /** Test hook: called after each committed district. */
  afterChunk?: (done: number) => Promise<void> | void;
};

/** Evaluates every district not yet done; safe to call again after a crash. */
export async function executeRun(db: Db, runId: number, opts: RunOptions = {}): Promise<void> {
  const run = await db.selectFrom('policy_run').selectAll().where('id', '=', runId).executeTakeFirst();
  if (!run) throw new AppError('NOT_FOUND', { zh: '运行记录不存在', en: 'No such run' });
  if (run.status === 'completed') return;
  if (run.status === 'failed') await db.updateTable('policy_run').set({ status: 'running', error: null }).where('id', '=', runId).execute();
  const policies = await loadCompiled(db, run.version_ids as number[]);
  const byEntity = new Map<EntityType, CompiledPolicy[]>();
  for (const p of policies) byEntity.set(p.def.entity, [...(byEntity.get(p.def.entity) ?? []), p]);
  const pairs = await exclusionPairs(db, policies);
  const fresh = await freshPolicies(db, runId, run.period_month, policies);
  // Rows per district, counted when the snapshot was built (null for a snapshot made before that).
  const snap = await db.selectFrom('fact_snapshot').select('district_counts').where('id', '=', run.snapshot_id).executeTakeFirstOrThrow();
  const districtCounts = snap.district_counts as Record<string, Record<string, number>> | null;
  const snapshotCount = (entity: EntityType, district: string) => (districtCounts ? (districtCounts[entity]?.[district] ?? 0) : null);
  const districts = (await db.selectFrom('division').select('code').where('level', '=', 2).orderBy('code').execute()).map((d) => d.code);
  const done = new Set((await db.selectFrom('policy_run_chunk').select(['entity', 'district_code']).where('run_id', '=', runId).execute()).map((c) => `${c.entity}:${c.district_code}`));
  const todo: { entity: EntityType; district: string }[] = [];
  for (const entity of byEntity.keys()) for (const district of districts) if (!done.has(`${entity}:${district}`)) todo.push({ entity, district });

  try {
    const workers = Math.max(1, opts.parallel ?? 1);
    let next = 0;
    let completed = done.size;
    await Promise.all(
      Array.from({ length: Math.min(workers, todo.length) }, async () => {
        while (next < todo.length) {
          const job = todo[next++]!;
          const chunk = { runId, snapshotId: run.snapshot_id, periodMonth: run.period_month, entity: job.entity, district: job.district, policies: byEntity.get(job.entity)!, pairs: pairs.filter((x) => x.entity === job.entity), evaluated: snapshotCount(job.entity, job.district), onChunk: opts.onChunk };
          const unchecked = chunk.policies.every((p) => fresh.has(p.def.id));
          try {
            await runChunk(db, { ...chunk, checkConflicts: !unchecked });
          } catch (e) {
            // An entitlement no earlier run accounts for (written another way, or by a run started at
            // the same time): the district's transaction rolled back; do it again with the check.
            if (!unchecked || !isUniqueViolation(e)) throw e;
            await runChunk(db, { ...chunk, checkConflicts: true });
          }
          completed++;
          await opts.afterChunk?.(completed);
          // Let timers and I/O in between districts: PGlite runs queries on this thread, and the
          // chain of resolved promises alone would keep HTTP requests waiting until the run ends.
          await new Promise((resolve) => setImmediate(resolve));
        }
      }),
    );
    await db.updateTable('policy_run').set({ status: 'completed', finished_at: new Date() }).where('id', '=', runId).execute();
  } catch (e) {
    await db
      .updateTable('policy_run')
      .set({ status: 'failed', error: e instanceof Error ? e.message.slice(0, 1000) : String(e) })
      .where('id', '=', runId)
      .execute();
    throw e;
  }
}

async function runChunk(
  db: Db,
  a: {
    runId: number;
    snapshotId: number;
    periodMonth: string;
    entity: EntityType;
    district: string;
    policies: CompiledPolicy[];
    pairs: ExclusionPair[];
    evaluated: number | null;
    onChunk: ChunkHook | undefined;
    /** Skip entities that already have the entitlement (false: none can, see `freshPolicies`). */
    checkConflicts: boolean;
  },
): Promise<void> {
  const meta = sql.join(
    a.policies.map(
      (p, i) =>
        sql`(${i}::int, ${p.def.id}::text, ${periodOf(p.def.amount.frequency, a.periodMonth)}::text, ${p.versionId}::bigint, ${p.hash}::text, ${p.def.delivery}::text, ${INITIAL_STATUS[p.def.delivery]}::text)`,
    ),
  );
  const evaluation = evaluationQuery({ entity: a.entity, policies: a.policies, snapshotId: a.snapshotId, districtCode: a.district });
  // The entities given an entitlement of a paired policy: where exclusions may have something to resolve.
  const pairPolicies = [...new Set(a.pairs.flatMap((x) => [x.declaring, x.other]))];
  const touched =
    pairPolicies.length > 0 ? sql`(SELECT string_agg(DISTINCT entity_id::text, ',') FROM ent WHERE policy_id IN (${sql.join(pairPolicies)}))` : sql`NULL::text`;
  await db.transaction().execute(async (trx) => {
    // The evaluation is one large expression list compiled per district; PostgreSQL's JIT spent
    // longer compiling it than it saved (measured: 2.5 s with JIT, 1.0 s without, 100,000 persons).
    await sql`SET LOCAL jit = off`.execute(trx);
    const r = await sql<{ created: number; near_miss: number; missing_data: number; touched: string | null }>`
      WITH res AS MATERIALIZED (${evaluation}),
      meta AS (SELECT * FROM (VALUES ${meta}) AS m(pidx, policy_id, period, version_id, hash, delivery, status)),
      ent AS (
        INSERT INTO entitlement (policy_id, entity_type, entity_id, period, district_code, person_id, enterprise_id,
          policy_version_id, rule_hash, snapshot_id, run_id, amount_fen, delivery, status, trace)
        SELECT meta.policy_id, ${a.entity}, res.entity_id, meta.period, res.district_code, res.payee_person_id, res.payee_enterprise_id,
          meta.version_id, meta.hash, ${a.snapshotId}::bigint, ${a.runId}::bigint, res.amount, meta.delivery, meta.status, res.trace
        FROM res JOIN meta ON meta.pidx = res.pidx
        WHERE res.outcome = 'eligible'
        ${a.checkConflicts ? sql`ON CONFLICT (policy_id, entity_type, entity_id, period) DO NOTHING` : sql``}
        RETURNING id, status, policy_id, entity_id),
      evt AS (
        INSERT INTO entitlement_event (entitlement_id, from_status, to_status, run_id, note)
        SELECT id, NULL, status, ${a.runId}::bigint, 'found by run' FROM ent RETURNING 1),
      -- Keyed by run, policy and entity: a district's rows are written once, by the transaction that
      -- marks it done (a district in flight when a run is killed leaves nothing), so no conflict check.
      outreach AS (
        INSERT INTO run_outreach (run_id, policy_id, policy_version_id, entity_type, entity_id, district_code, kind, criteria, margin, trace)
        SELECT ${a.runId}::bigint, meta.policy_id, meta.version_id, ${a.entity}, res.entity_id, res.district_code, res.outcome,
          res.failed, res.fail_margin, res.trace
        FROM res JOIN meta ON meta.pidx = res.pidx
        WHERE res.outcome IN ('near_miss', 'missing_data')
        RETURNING kind)
      SELECT (SELECT count(*) FROM ent)::int AS created,
        (SELECT count(*) FROM outreach WHERE kind = 'near_miss')::int AS near_miss,
        (SELECT count(*) FROM outreach WHERE kind = 'missing_data')::int AS missing_data,
        ${touched} AS touched`.execute(trx);
    const counts = r.rows[0]!;
    if (counts.touched !== null) await resolveExclusions(trx, a.runId, a.entity, counts.touched, a.pairs, a.periodMonth);
    await a.onChunk?.(trx, a.runId, a.district);
    const evaluated = a.evaluated ?? (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.id(snapshotTable(a.entity, a.snapshotId))} WHERE district_code = ${a.district}`.execute(trx)).rows[0]!.n;
    await trx
      .insertInto('policy_run_chunk')
      .values({ run_id: a.runId, entity: a.entity, district_code: a.district, evaluated, entitlements_created: counts.created })
      .execute();
    await trx
      .updateTable('policy_run')
      .set((eb) => ({
        chunks_done: eb('chunks_done', '+', 1),
        entitlements_created: eb('entitlements_created', '+', counts.created),
        near_miss: eb('near_miss', '+', counts.near_miss),
        missing_data: eb('missing_data', '+', counts.missing_data),
      }))
      .where('id', '=', a.runId)
      .execute();
  });
}

/**
 * Exclusions over a person's (or enterprise's) whole set of benefits. "not_both": the declaring
 * policy gives way to the other. "take_higher": the lower amount gives way (ties: the declaring
 * policy). An entitlement already in a batch or paid never gives way; the other does.
 *
 * Only entities given an entitlement of a paired policy by this district's statement can hold a pair
 * not yet resolved, so the statements start from those (`touchedIds`, returned by it), and look each
 * one's entitlements up by the unique key: a LATERAL subquery per entity, one index lookup each. No
 * other index on entitlement leads with the policy, so the lookups do not depend on the statistics of
 * a table that grows by millions of rows during a run (measured on the full city with a (policy,
 * status) index: the planner, expecting one row per policy, scanned a policy's rows per entity).
 */
async function resolveExclusions(trx: Tx, runId: number, entity: EntityType, touchedIds: string, pairs: ExclusionPair[], periodMonth: string): Promise<void> {
  const periods = sql.join(['once', periodMonth.slice(0, 4), periodMonth]);
  const replaceable = sql.join(REPLACEABLE);
  const live = sql.join(LIVE);
  const touched = sql`SELECT unnest(string_to_array(${touchedIds}::text, ','))::bigint AS entity_id`;
  for (const { declaring, other, mode } of pairs) {
    // gives: the policy whose entitlement gives way; over: the other; when: the condition on both (a gives, b over).
    const giveWay = (gives: string, over: string, when: Sql, note: string) =>
      sql`WITH k AS MATERIALIZED (${touched}),
        t AS (SELECT a.id, a.status FROM k CROSS JOIN LATERAL (
            SELECT a.id, a.status FROM entitlement a
            WHERE a.policy_id = ${gives} AND a.entity_type = ${entity} AND a.entity_id = k.entity_id
              AND a.period IN (${periods}) AND a.status IN (${replaceable})
              AND EXISTS (SELECT 1 FROM entitlement b WHERE b.policy_id = ${over} AND b.entity_type = ${entity} AND b.entity_id = k.entity_id
                AND b.period IN (${periods}) AND b.status IN (${live}) AND ${when})
            FOR UPDATE) a),
        u AS (UPDATE entitlement e SET status = 'excluded', excluded_by = ${over}, updated_at = now() FROM t WHERE e.id = t.id RETURNING e.id)
        INSERT INTO entitlement_event (entitlement_id, from_status, to_status, run_id, note)
        SELECT t.id, t.status, 'excluded', ${runId}::bigint, ${note} FROM t`.execute(trx);
    // The declaring policy's entitlement gives way.
    await giveWay(declaring, other, mode === 'not_both' ? sql`true` : sql`(b.status NOT IN (${replaceable}) OR b.amount_fen >= a.amount_fen)`, `excluded by ${other} (${mode})`);
    // take_higher: the other policy's entitlement gives way when the declaring one pays more.
    if (mode === 'take_higher') await giveWay(other, declaring, sql`b.amount_fen > a.amount_fen`, `excluded by ${declaring} (take_higher)`);
  }
}

/**
 * The run's policies that no other run has evaluated for the same period. Every entitlement comes
 * from a run, and this run's districts are disjoint (a district is written once, by the transaction
 * that marks it done), so such a policy's rows need no conflict check: `ON CONFLICT DO NOTHING`
 * costs a second look-up in the unique index per row (measured: 183,117 rows inserted in 1.33 s
 * without it, 1.79-1.95 s with it). The unique key still guards them; a violation makes the district
 * retry with the check. Periods are compared by the policy's current frequency, so a change of
 * frequency can only make a policy look evaluated when it was not (the checked, slower path).
 */
async function freshPolicies(db: Db, runId: number, periodMonth: string, policies: CompiledPolicy[]): Promise<Set<string>> {
  const others = await db.selectFrom('policy_run').select(['version_ids', 'period_month']).where('id', '!=', runId).execute();
  const versionIds = [...new Set(others.flatMap((r) => r.version_ids as number[]))];
  const policyOf = new Map(
    (versionIds.length > 0 ? await db.selectFrom('policy_version').select(['id', 'policy_id']).where('id', 'in', versionIds).execute() : []).map((v) => [v.id, v.policy_id]),
  );
  const fresh = new Set<string>();
  for (const p of policies) {
    const period = periodOf(p.def.amount.frequency, periodMonth);
    const evaluated = others.some((r) => periodOf(p.def.amount.frequency, r.period_month) === period && (r.version_ids as number[]).some((v) => policyOf.get(v) === p.def.id));
    if (!evaluated) fresh.add(p.def.id);
  }
  return fresh;
}

type ExclusionPair = { entity: EntityType; declaring: string; other: string; mode: 'not_both' | 'take_higher' };

/**
 * The exclusion pairs a run resolves: those its policies declare, and those any other active policy
 * declares against one of them (an entitlement of that policy from an earlier run gives way, or
 * wins, by the rule its own policy states).
 */
async function exclusionPairs(db: Db, policies: CompiledPolicy[]): Promise<ExclusionPair[]> {
  const inRun = new Set(policies.map((p) => p.def.id));
  const active = await db.selectFrom('policy').select('active_version_id').where('active_version_id', 'is not', null).execute();
  const others = await loadCompiled(db, active.map((r) => r.active_version_id!).filter((id) => !policies.some((p) => p.versionId === id)));
  const pairs = new Map<string, ExclusionPair>();
  for (const p of [...policies, ...others]) {
    for (const x of p.def.exclusions) {
      if (!inRun.has(p.def.id) && !inRun.has(x.policy)) continue;
      pairs.set(`${p.def.id}>${x.policy}`, { entity: p.def.entity, declaring: p.def.id, other: x.policy, mode: x.mode });
    }
  }
  return [...pairs.values()];
}

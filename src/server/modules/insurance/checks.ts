// Runs of the coverage and risk packs over a fact snapshot, district by district, through the rules
// engine's bulk SQL. Coverage hits become outreach items for the township (one per rule and
// person); a gap the data no longer shows closes by itself. Risk hits become audit cases with their
// evidence; a hit already decided is not raised again unless its facts change.
import { sql } from 'kysely';
import type { Db, DbOrTx } from '../../db/index.js';
import type { EntityType, InsurancePack } from '../../db/schema.js';
import { shanghaiDate, type Clock } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import { maskName } from '../../platform/mask.js';
import { loadKind, onCaseClosed, openCaseIn, type LoadedKind } from '../cases/index.js';
import { evaluationQuery, getReadySnapshot } from '../rules/index.js';
import { activeRules, ruleVersion, type CompiledRule } from './rule-pack.js';
import { BENEFIT_LABELS, fen } from './labels.js';

export type CheckRunSummary = { runId: number; pack: InsurancePack; snapshotId: number; asOf: string; rules: number; hits: number; newHits: number; closed: number; casesOpened: number; seconds: number };

/** Groups rules by the entity they are written for, keeping their order. */
function byEntity(rules: CompiledRule[]): Map<EntityType, CompiledRule[]> {
  const m = new Map<EntityType, CompiledRule[]>();
  for (const r of rules) m.set(r.entity, [...(m.get(r.entity) ?? []), r]);
  return m;
}

/**
 * Materialises the rows of one district that meet every criterion of a rule into the temporary
 * table `check_hits` (dropped at commit): rule id and hash, entity, person, facts, criteria, amount.
 * Hits never travel through the application: a district of the full city has hundreds of thousands.
 */
async function materialiseHits(trx: DbOrTx, entity: EntityType, rules: CompiledRule[], snapshotId: number, district: string): Promise<number> {
  const ruleRows = sql.join(rules.map((r, i) => sql`(${i}::int, ${r.def.id}::text, ${r.hash}::text, ${r.def.severity ?? 'medium'}::text)`));
  const person = entity === 'employment' ? sql`e.person_id` : entity === 'benefit' ? sql`x.payee_person_id` : sql`x.entity_id`;
  const enterprise = entity === 'employment' ? sql`e.enterprise_id` : sql`NULL::bigint`;
  await sql`CREATE TEMP TABLE check_hits ON COMMIT DROP AS
    SELECT r.rule_id, r.rule_hash, r.severity, x.entity_id, ${person} AS person_id, ${enterprise} AS enterprise_id, x.facts, x.criteria, greatest(coalesce(x.amount, 0), 0)::bigint AS amount
    FROM (${evaluationQuery({ entity, policies: rules, snapshotId, districtCode: district, evidence: true })}) x
    JOIN (VALUES ${ruleRows}) AS r(pidx, rule_id, rule_hash, severity) ON r.pidx = x.pidx
    ${entity === 'employment' ? sql`JOIN employment e ON e.id = x.entity_id` : sql``}
    WHERE x.outcome = 'eligible'`.execute(trx);
  return Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM check_hits`.execute(trx)).rows[0]!.n);
}

export async function runPack(db: Db, clock: Clock, args: { pack: InsurancePack; snapshotId?: number; actorId: number | null; ruleIds?: string[] }): Promise<CheckRunSummary> {
  const t0 = Date.now();
  const snap = await getReadySnapshot(db, args.snapshotId);
  const rules = await activeRules(db, args.pack, args.ruleIds);
  if (rules.length === 0) throw new AppError('NOT_FOUND', { zh: '没有可运行的规则', en: 'No rules to run' });
  const now = clock.now();
  const run = await db
    .insertInto('insurance_check_run')
    .values({ pack: args.pack, snapshot_id: snap.id, as_of: snap.as_of, status: 'running', created_by: args.actorId, started_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const runId = Number(run.id);
  const districts = (await db.selectFrom('division').select('code').where('level', '=', 2).orderBy('code').execute()).map((d) => d.code);
  let hits = 0;
  let newHits = 0;
  let casesOpened = 0;
  try {
    const auditKind = args.pack === 'risk' ? await loadKind(db, 'insurance_audit') : undefined;
    if (args.pack === 'risk' && !auditKind) throw new Error('case kind insurance_audit is not loaded');
    for (const [entity, group] of byEntity(rules)) {
      for (const d of districts) {
        await db.transaction().execute(async (trx) => {
          const found = await materialiseHits(trx, entity, group, snap.id, d);
          hits += found;
          if (found > 0 && args.pack === 'coverage') newHits += await upsertGaps(trx, { runId, snapshotId: snap.id, today: shanghaiDate(now), now });
          else if (found > 0) {
            const opened = await insertRiskHits(trx, clock, auditKind!, { runId, snapshotId: snap.id, now });
            newHits += opened;
            casesOpened += opened;
          }
        });
      }
    }
    const closed = args.pack === 'coverage' ? await closeResolvedGaps(db, rules, runId, shanghaiDate(now), now) : 0;
    const summary: CheckRunSummary = { runId, pack: args.pack, snapshotId: snap.id, asOf: snap.as_of, rules: rules.length, hits, newHits, closed, casesOpened, seconds: (Date.now() - t0) / 1000 };
    await db
      .updateTable('insurance_check_run')
      .set({ status: 'completed', finished_at: clock.now(), counts: JSON.stringify({ rules: rules.length, hits, newHits, closed, casesOpened }) })
      .where('id', '=', runId)
      .execute();
    return summary;
  } catch (e) {
    await db.updateTable('insurance_check_run').set({ status: 'failed', finished_at: clock.now(), error: e instanceof Error ? e.message.slice(0, 500) : 'failed' }).where('id', '=', runId).execute();
    throw e;
  }
}

// --- Coverage gaps -------------------------------------------------------------------------------

async function upsertGaps(trx: DbOrTx, ctx: { runId: number; snapshotId: number; today: string; now: Date }): Promise<number> {
  // One gap per rule and person (a person with two jobs missing the same insurance is one gap).
  // Gaps closed by the feed that the data shows again are reopened; outreach outcomes stand.
  await sql`WITH reopened AS (
      UPDATE coverage_gap g SET status = 'open', closed_by = NULL, closed_on = NULL, reason = NULL, last_run_id = ${ctx.runId},
        snapshot_id = ${ctx.snapshotId}, rule_hash = h.rule_hash, facts = h.facts, version = g.version + 1
      FROM (SELECT DISTINCT ON (rule_id, person_id) * FROM check_hits ORDER BY rule_id, person_id, entity_id) h
      WHERE g.rule_id = h.rule_id AND g.person_id = h.person_id AND g.status = 'enrolled' AND g.closed_by = 'feed'
      RETURNING g.id)
    INSERT INTO coverage_gap_event (gap_id, action, run_id, at) SELECT id, 'reopened', ${ctx.runId}, ${ctx.now} FROM reopened`.execute(trx);
  const found = await sql<{ n: number }>`WITH upserted AS (
      INSERT INTO coverage_gap (rule_id, person_id, enterprise_id, district_code, township_code, village_code, status, rule_hash, snapshot_id, facts, first_run_id, last_run_id, opened_on)
      SELECT h.rule_id, h.person_id, h.enterprise_id, p.district_code, p.township_code, p.village_code, 'open', h.rule_hash, ${ctx.snapshotId}, h.facts, ${ctx.runId}, ${ctx.runId}, ${ctx.today}::date
      FROM (SELECT DISTINCT ON (rule_id, person_id) * FROM check_hits ORDER BY rule_id, person_id, entity_id) h JOIN person p ON p.id = h.person_id
      ON CONFLICT (rule_id, person_id) DO UPDATE SET last_run_id = EXCLUDED.last_run_id,
        snapshot_id = CASE WHEN coverage_gap.status = 'open' THEN EXCLUDED.snapshot_id ELSE coverage_gap.snapshot_id END,
        rule_hash = CASE WHEN coverage_gap.status = 'open' THEN EXCLUDED.rule_hash ELSE coverage_gap.rule_hash END,
        facts = CASE WHEN coverage_gap.status = 'open' THEN EXCLUDED.facts ELSE coverage_gap.facts END
      RETURNING id, (xmax = 0) AS inserted),
    events AS (INSERT INTO coverage_gap_event (gap_id, action, run_id, at) SELECT id, 'found', ${ctx.runId}, ${ctx.now} FROM upserted WHERE inserted RETURNING 1)
    SELECT count(*)::int AS n FROM events`.execute(trx);
  return Number(found.rows[0]!.n);
}

/** Open gaps of the rules run that this run did not find again: the feeds show them resolved. */
async function closeResolvedGaps(db: Db, rules: CompiledRule[], runId: number, today: string, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const closed = await trx
      .updateTable('coverage_gap')
      .set((eb) => ({ status: 'enrolled', closed_by: 'feed', closed_on: today, version: eb('version', '+', 1) }))
      .where('status', '=', 'open')
      .where('rule_id', 'in', rules.map((r) => r.def.id))
      .where('last_run_id', '<>', runId)
      .returning('id')
      .execute();
    if (closed.length > 0) await trx.insertInto('coverage_gap_event').values(closed.map((c) => ({ gap_id: Number(c.id), action: 'closed_by_feed' as const, run_id: runId, at: now, note: null, actor_id: null }))).execute();
    return closed.length;
  });
}

// --- Risk hits -----------------------------------------------------------------------------------

async function insertRiskHits(trx: DbOrTx, clock: Clock, kind: LoadedKind, ctx: { runId: number; snapshotId: number; now: Date }): Promise<number> {
  // New only where the rule has no open hit on the award and no hit (open, confirmed or cleared)
  // with the same facts: a cleared hit stays cleared until the data about it changes.
  const inserted = await sql<{ id: number }>`INSERT INTO risk_hit (rule_id, rule_hash, severity, entity, entity_id, person_id, award_id, district_code, snapshot_id, run_id, facts, facts_hash, criteria, amount_fen, status, found_at)
    SELECT h.rule_id, h.rule_hash, h.severity, 'benefit', h.entity_id, h.person_id, a.id, a.district_code, ${ctx.snapshotId}, ${ctx.runId}, h.facts, md5(h.facts::text), h.criteria, h.amount, 'open', ${ctx.now}
    FROM check_hits h JOIN benefit_award a ON a.id = h.entity_id
    WHERE NOT EXISTS (SELECT 1 FROM risk_hit o WHERE o.rule_id = h.rule_id AND o.entity_id = h.entity_id AND (o.status = 'open' OR o.facts_hash = md5(h.facts::text)))
    ON CONFLICT (rule_id, entity_id, facts_hash) DO NOTHING
    RETURNING id`.execute(trx);
  for (const h of inserted.rows) await openAuditCase(trx, clock, kind, Number(h.id));
  return inserted.rows.length;
}

/** Opens the audit case of a new hit, with its evidence in the case, and links them. */
async function openAuditCase(trx: DbOrTx, clock: Clock, kind: LoadedKind, hitId: number): Promise<void> {
  const h = await trx
    .selectFrom('risk_hit as h')
    .innerJoin('person as p', 'p.id', 'h.person_id')
    .innerJoin('benefit_award as a', 'a.id', 'h.award_id')
    .innerJoin('insurance_rule_version as v', (j) => j.onRef('v.rule_id', '=', 'h.rule_id').onRef('v.hash', '=', 'h.rule_hash'))
    .select(['h.id', 'h.rule_id', 'h.rule_hash', 'h.snapshot_id', 'h.amount_fen', 'h.district_code', 'h.criteria', 'p.name', 'a.kind', 'v.definition', 'v.version'])
    .where('h.id', '=', hitId)
    .executeTakeFirstOrThrow();
  const def = h.definition as { name: { zh: string; en: string }; criteria: { label: { zh: string } }[] };
  const crit = (h.criteria as { value: boolean | null }[]).map((c, i) => `${def.criteria[i]?.label.zh ?? i}：${c.value === true ? '是' : c.value === false ? '否' : '不确定'}`);
  const evidence = [
    `规则 ${h.rule_id} 第${h.version}版(${h.rule_hash})，数据快照 ${h.snapshot_id}`,
    ...crit,
    `涉及金额 ${fen(Number(h.amount_fen))} 元`,
  ].join('\n');
  const details = { ruleName: def.name.zh, district: h.district_code, recipient: maskName(h.name), benefitKind: BENEFIT_LABELS[h.kind].zh, amountFen: Number(h.amount_fen), evidence };
  const c = await openCaseIn(trx, clock, { kind, details, source: 'system', reporter: { name: null, phone: null }, subjectRef: `risk_hit:${hitId}`, by: null });
  await trx.updateTable('risk_hit').set({ case_id: c.id }).where('id', '=', hitId).execute();
}

/** Rules whose confirmed hit stops the award until it is put right. */
const SUSPENDS = new Set(['risk-paid-after-death', 'risk-paid-in-custody', 'risk-two-places', 'risk-unemployment-while-employed']);

// When the audit case closes, the hit takes its conclusion; a confirmed hit with money to recover
// opens the recovery case and stops the award where the rule says it is not due.
onCaseClosed('insurance_audit', async (trx, clock, c) => {
  const hit = await trx.selectFrom('risk_hit as h').innerJoin('person as p', 'p.id', 'h.person_id').select(['h.id', 'h.rule_id', 'h.rule_hash', 'h.award_id', 'h.amount_fen', 'h.recover_fen', 'h.district_code', 'p.name']).where('h.case_id', '=', c.id).executeTakeFirst();
  if (!hit) return;
  const confirmed = c.status.conclusion === 'confirmed';
  const recover = confirmed ? Number(hit.recover_fen ?? hit.amount_fen) : null;
  await trx.updateTable('risk_hit').set({ status: confirmed ? 'confirmed' : 'cleared', decided_at: clock.now(), recover_fen: recover }).where('id', '=', hit.id).execute();
  if (!confirmed) return;
  if (hit.award_id && SUSPENDS.has(hit.rule_id))
    await trx.updateTable('benefit_award').set({ status: 'suspended', status_reason: hit.rule_id, status_on: shanghaiDate(clock.now()) }).where('id', '=', hit.award_id).where('status', '=', 'active').execute();
  if (!recover || recover <= 0) return;
  const kind = await loadKind(trx, 'overpayment_recovery');
  if (!kind) throw new Error('case kind overpayment_recovery is not loaded');
  const name = (await ruleVersion(trx, hit.rule_id, hit.rule_hash))?.definition.name.zh ?? hit.rule_id;
  const rc = await openCaseIn(trx, clock, {
    kind,
    details: { title: `${name}：追回多发待遇`, district: hit.district_code, recipient: maskName(hit.name), amountFen: recover, basis: `稽核核查事项 ${c.id} 确认违规(疑点 ${hit.id})` },
    source: 'system',
    reporter: { name: null, phone: null },
    subjectRef: `risk_hit:${hit.id}:recovery`,
    by: null,
  });
  await trx.updateTable('risk_hit').set({ recovery_case_id: rc.id }).where('id', '=', hit.id).execute();
});

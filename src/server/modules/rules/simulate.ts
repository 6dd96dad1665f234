// Simulation (政策沙盘): a draft version against the active one, over a snapshot, writing no
// entitlements. Who enters, who leaves, whose amount changes, the cost by district and by group,
// and each change attributed to the criteria whose value changed (matched by label).
import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import { AppError } from '../../platform/errors.js';
import { visibleFacts } from './catalogue.js';
import { evaluationQuery } from './evaluate-sql.js';
import { loadCompiled } from './policies.service.js';
import type { CompiledPolicy } from './policy.js';
import { getReadySnapshot, snapshotTable } from './snapshot.js';
import { readTrace, type CriterionValue } from './trace.js';

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
  byCriterion: { label: { zh: string; en: string }; entering: number; leaving: number }[];
  groupBy: string | null;
};

/** Which draft criteria explain a change: those whose value differs from the same-labelled base criterion. */
export function attribute(draft: CompiledPolicy, base: CompiledPolicy | null, d: CriterionValue[], b: CriterionValue[] | null): number[] {
  const out: number[] = [];
  draft.criteria.forEach((c, i) => {
    const j = base ? base.criteria.findIndex((x) => x.label.zh === c.label.zh) : -1;
    const before = j >= 0 && b ? b[j]!.value : undefined;
    if (before === undefined ? d[i]!.value !== true : before !== d[i]!.value) out.push(i);
  });
  return out;
}

export async function simulate(db: Db, args: { policyId: string; draftVersionId: number; snapshotId?: number; groupBy?: string | null; actorId: number | null }): Promise<{ id: number; summary: SimulationSummary }> {
  const policy = await db.selectFrom('policy').selectAll().where('id', '=', args.policyId).executeTakeFirst();
  if (!policy) throw new AppError('NOT_FOUND', { zh: '政策不存在', en: 'No such policy' });
  const ver = await db.selectFrom('policy_version').select('id').where('id', '=', args.draftVersionId).where('policy_id', '=', args.policyId).executeTakeFirst();
  if (!ver) throw new AppError('NOT_FOUND', { zh: '该政策没有这个版本', en: 'The policy has no such version' });
  const snap = await getReadySnapshot(db, args.snapshotId);
  const facts = visibleFacts(policy.entity);
  const group = args.groupBy ? facts.get(args.groupBy) : undefined;
  if (args.groupBy && (!group || group.type === 'int')) {
    throw new AppError('VALIDATION', { zh: '分组只能按字符串或是非类事实', en: 'Group by a string or bool fact' }, [{ path: 'groupBy', message: `不能按 ${args.groupBy} 分组`, messageEn: `cannot group by ${args.groupBy}` }]);
  }
  const draft = (await loadCompiled(db, [args.draftVersionId]))[0]!;
  const baseId = policy.active_version_id !== args.draftVersionId ? policy.active_version_id : null;
  const base = baseId ? (await loadCompiled(db, [baseId]))[0]! : null;
  const policies = base ? [draft, base] : [draft];
  const entity = policy.entity;

  return db.transaction().execute(async (trx) => {
    await sql`CREATE TEMP TABLE sim_eval (entity_id bigint, district_code text, pidx int, outcome text, trace jsonb, amount bigint, grp text) ON COMMIT DROP`.execute(trx);
    const evaluation = evaluationQuery({ entity, policies, snapshotId: snap.id, districtCode: null, all: true });
    await sql`INSERT INTO sim_eval SELECT r.entity_id, r.district_code, r.pidx, r.outcome,
        r.trace, r.amount,
        ${group ? sql`g.${sql.id(group.column)}::text` : sql`NULL::text`}
      FROM (${evaluation}) r
      ${group ? sql`JOIN ${sql.id(snapshotTable(entity, snap.id))} g ON g.entity_id = r.entity_id AND g.district_code = r.district_code` : sql``}`.execute(trx);
    await sql`CREATE INDEX ON sim_eval (entity_id, pidx)`.execute(trx);

    const totals = await sql<{ pidx: number; district_code: string; eligible: number; cost: number }>`
      SELECT pidx, district_code, count(*) FILTER (WHERE outcome = 'eligible')::int AS eligible,
        coalesce(sum(amount) FILTER (WHERE outcome = 'eligible'), 0)::bigint AS cost
      FROM sim_eval GROUP BY pidx, district_code`.execute(trx);
    const changed = await sql<{ entity_id: number; district_code: string; grp: string | null; d_elig: boolean; b_elig: boolean; d_amount: number | null; b_amount: number | null; d_trace: unknown; b_trace: unknown }>`
      SELECT d.entity_id, d.district_code, d.grp, d.outcome = 'eligible' AS d_elig, coalesce(b.outcome = 'eligible', false) AS b_elig,
        d.amount AS d_amount, b.amount AS b_amount, d.trace AS d_trace, b.trace AS b_trace
      FROM sim_eval d LEFT JOIN sim_eval b ON b.entity_id = d.entity_id AND b.pidx = 1
      WHERE d.pidx = 0 AND ((d.outcome = 'eligible') <> coalesce(b.outcome = 'eligible', false)
        OR (d.outcome = 'eligible' AND b.outcome = 'eligible' AND d.amount <> b.amount))`.execute(trx);

    const districts = new Map((await trx.selectFrom('division').select(['code', 'name']).where('level', '=', 2).execute()).map((d) => [d.code, d.name]));
    const byDistrict = new Map<string, SimulationSummary['byDistrict'][number]>();
    const dist = (code: string) => {
      let r = byDistrict.get(code);
      if (!r) byDistrict.set(code, (r = { code, name: districts.get(code) ?? code, baseEligible: 0, draftEligible: 0, baseCostFen: 0, draftCostFen: 0, entering: 0, leaving: 0 }));
      return r;
    };
    const sum = { base: { eligible: 0, cost: 0 }, draft: { eligible: 0, cost: 0 } };
    for (const t of totals.rows) {
      const r = dist(t.district_code);
      if (t.pidx === 0) {
        r.draftEligible += t.eligible;
        r.draftCostFen += t.cost;
        sum.draft.eligible += t.eligible;
        sum.draft.cost += t.cost;
      } else {
        r.baseEligible += t.eligible;
        r.baseCostFen += t.cost;
        sum.base.eligible += t.eligible;
        sum.base.cost += t.cost;
      }
    }
    const byGroup = new Map<string, SimulationSummary['byGroup'][number]>();
    const byCriterion = draft.criteria.map((c) => ({ label: c.label, entering: 0, leaving: 0 }));
    let entering = 0;
    let leaving = 0;
    let amountChanged = 0;
    const rows: { simulation_id: number; entity_id: number; district_code: string; group_value: string | null; change: 'enter' | 'leave' | 'amount'; old_amount_fen: number | null; new_amount_fen: number | null; criteria: string }[] = [];
    const sim = await trx
      .insertInto('simulation')
      .values({ policy_id: args.policyId, draft_version_id: args.draftVersionId, base_version_id: baseId, snapshot_id: snap.id, group_fact: args.groupBy ?? null, summary: '{}', created_by: args.actorId })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const c of changed.rows) {
      const change = c.d_elig && !c.b_elig ? 'enter' : !c.d_elig && c.b_elig ? 'leave' : 'amount';
      const crit = change === 'amount' ? [] : attribute(draft, base, readTrace(c.d_trace).criteria, c.b_trace === null ? null : readTrace(c.b_trace).criteria);
      const g = byGroup.get(String(c.grp)) ?? { value: c.grp, entering: 0, leaving: 0, amountChanged: 0, costDeltaFen: 0 };
      byGroup.set(String(c.grp), g);
      const delta = (c.d_elig ? (c.d_amount ?? 0) : 0) - (c.b_elig ? (c.b_amount ?? 0) : 0);
      g.costDeltaFen += delta;
      if (change === 'enter') {
        entering++;
        g.entering++;
        dist(c.district_code).entering++;
        crit.forEach((i) => byCriterion[i]!.entering++);
      } else if (change === 'leave') {
        leaving++;
        g.leaving++;
        dist(c.district_code).leaving++;
        crit.forEach((i) => byCriterion[i]!.leaving++);
      } else {
        amountChanged++;
        g.amountChanged++;
      }
      rows.push({
        simulation_id: sim.id,
        entity_id: c.entity_id,
        district_code: c.district_code,
        group_value: c.grp,
        change,
        old_amount_fen: c.b_elig ? c.b_amount : null,
        new_amount_fen: c.d_elig ? c.d_amount : null,
        criteria: JSON.stringify(crit),
      });
    }
    for (let i = 0; i < rows.length; i += 2000) await trx.insertInto('simulation_change').values(rows.slice(i, i + 2000)).execute();
    const summary: SimulationSummary = {
      snapshotId: snap.id,
      base: { versionId: baseId, eligible: sum.base.eligible, costFen: sum.base.cost },
      draft: { versionId: args.draftVersionId, eligible: sum.draft.eligible, costFen: sum.draft.cost },
      entering,
      leaving,
      amountChanged,
      costDeltaFen: sum.draft.cost - sum.base.cost,
      byDistrict: [...byDistrict.values()].sort((a, b) => a.code.localeCompare(b.code)),
      byGroup: [...byGroup.values()].sort((a, b) => String(a.value).localeCompare(String(b.value))),
      byCriterion,
      groupBy: args.groupBy ?? null,
    };
    await trx.updateTable('simulation').set({ summary: JSON.stringify(summary) }).where('id', '=', sim.id).execute();
    return { id: sim.id, summary };
  });
}

// The bulk evaluation query: all given policies of one entity type in one pass over a snapshot
// (one district, or all). Per entity and policy it yields the outcome, every criterion's value
// and margin, the raw and capped amount, and the facts the policy read.
import { sql, type RawBuilder } from 'kysely';
import type { EntityType } from '../../db/schema.js';
import { visibleFacts } from './catalogue.js';
import { compileSql } from './compile-sql.js';
import { factsOf, marginOperands } from './expr.js';
import type { CompiledPolicy } from './policy.js';
import { snapshotTable } from './snapshot.js';

type Sql = RawBuilder<unknown>;
export type Outcome = 'eligible' | 'near_miss' | 'missing_data' | 'ineligible';

/** Who a determination pays: the person, a household's head, or the enterprise. */
export function payeeColumns(entity: EntityType): { person: Sql; enterprise: Sql } {
  switch (entity) {
    case 'person':
      return { person: sql`s.entity_id`, enterprise: sql`NULL::bigint` };
    case 'household':
      return { person: sql`s.head_person_id`, enterprise: sql`NULL::bigint` };
    case 'enterprise':
      return { person: sql`NULL::bigint`, enterprise: sql`s.entity_id` };
    case 'employment':
      return { person: sql`NULL::bigint`, enterprise: sql`s.enterprise_id` };
  }
}

/**
 * Rows: entity_id, district_code, payee_person_id, payee_enterprise_id, pidx (index into
 * `policies`), outcome, criteria (jsonb [{value, margin}]), amount_raw, amount, facts (jsonb).
 * With `all` false, ineligible rows (two or more failures) are left out, and criteria/facts are
 * only built for the rows kept.
 */
export function evaluationQuery(args: { entity: EntityType; policies: CompiledPolicy[]; snapshotId: number; districtCode: string | null; all?: boolean; entityId?: number }): Sql {
  const { entity, policies } = args;
  if (policies.length === 0) throw new Error('no policies to evaluate');
  const facts = visibleFacts(entity);
  const snap = snapshotTable(entity, args.snapshotId);
  const payee = payeeColumns(entity);

  // Level 1: criteria, margins and amounts as columns, once per row (OFFSET 0 keeps it a fence).
  const l1: Sql[] = [sql`s.entity_id`, sql`s.district_code`, sql`${payee.person} AS payee_person_id`, sql`${payee.enterprise} AS payee_enterprise_id`];
  const usedFacts = new Set<string>();
  policies.forEach((p, i) => {
    p.criteria.forEach((c, j) => {
      l1.push(sql`${compileSql(c.node, 's')} AS ${sql.id(`c_${i}_${j}`)}`);
      const m = marginOperands(c.node);
      if (m) l1.push(sql`(${compileSql(m.l, 's')} - ${compileSql(m.r, 's')}) AS ${sql.id(`m_${i}_${j}`)}`);
      factsOf(c.node).forEach((f) => usedFacts.add(f));
    });
    l1.push(sql`${compileSql(p.amount, 's')} AS ${sql.id(`a_${i}`)}`);
    factsOf(p.amount).forEach((f) => usedFacts.add(f));
  });
  for (const path of usedFacts) l1.push(sql`${sql.ref(`s.${facts.get(path)!.column}`)} AS ${sql.id(`f_${facts.get(path)!.column}`)}`);

  const where: Sql[] = [];
  if (args.districtCode !== null) where.push(sql`s.district_code = ${args.districtCode}`);
  if (args.entityId !== undefined) where.push(sql`s.entity_id = ${args.entityId}`);

  // Level 2: the outcome of each policy.
  const l2: Sql[] = [sql`l1.*`];
  policies.forEach((p, i) => {
    const cols = p.criteria.map((_, j) => sql.ref(`l1.c_${i}_${j}`));
    const nfail = sql.join(
      cols.map((c) => sql`(${c} IS FALSE)::int`),
      sql` + `,
    );
    const nundet = sql.join(
      cols.map((c) => sql`(${c} IS NULL)::int`),
      sql` + `,
    );
    const targets = p.criteria.flatMap((c, j) => (c.target ? [sql`(${sql.ref(`l1.c_${i}_${j}`)} IS FALSE)`] : []));
    const targetMissed = targets.length > 0 ? sql.join(targets, sql` OR `) : sql`false`;
    const a = sql.ref(`l1.a_${i}`);
    l2.push(sql`(CASE WHEN ${nfail} = 0 AND ${nundet} = 0 AND ${a} IS NOT NULL THEN 'eligible'
      WHEN ${nfail} = 0 THEN 'missing_data'
      WHEN ${nfail} = 1 AND ${nundet} = 0 AND NOT (${targetMissed}) THEN 'near_miss'
      ${args.all ? sql`ELSE 'ineligible'` : sql``} END) AS ${sql.id(`o_${i}`)}`);
  });

  // Level 3: one row per (entity, policy) kept. Levels 1 and 2 are fenced (OFFSET 0) so that no
  // expression is inlined and evaluated again per policy, and entities with nothing to keep are
  // dropped before the unpivot, which is the costly step.
  const rows = policies.map((p, i) => {
    const o = sql.ref(`l2.o_${i}`);
    const crit = sql`jsonb_build_array(${sql.join(
      p.criteria.map((c, j) => sql`jsonb_build_object('value', ${sql.ref(`l2.c_${i}_${j}`)}, 'margin', ${c.margin ? sql.ref(`l2.m_${i}_${j}`) : sql`NULL::bigint`})`),
    )})`;
    const used = new Set<string>();
    p.criteria.forEach((c) => factsOf(c.node, used));
    factsOf(p.amount, used);
    const factArgs = [...used].sort().flatMap((path) => [sql`${path}::text`, sql.ref(`l2.f_${facts.get(path)!.column}`)]);
    const factJson = factArgs.length > 0 ? sql`jsonb_build_object(${sql.join(factArgs)})` : sql`'{}'::jsonb`;
    const a = sql.ref(`l2.a_${i}`);
    const cap = p.def.amount.capFen;
    const amount = sql`(CASE WHEN ${a} IS NULL THEN NULL WHEN ${a} < 0 THEN 0::bigint ${cap !== null ? sql`WHEN ${a} > ${cap}::bigint THEN ${cap}::bigint` : sql``} ELSE ${a} END)`;
    const keep = args.all ? sql`true` : sql`${o} IS NOT NULL`;
    return sql`(${i}::int, ${o}, CASE WHEN ${keep} THEN ${crit} END, ${a}, ${amount}, CASE WHEN ${keep} THEN ${factJson} END)`;
  });

  return sql`SELECT l2.entity_id, l2.district_code, l2.payee_person_id, l2.payee_enterprise_id,
      r.pidx, r.outcome, r.criteria, r.amount_raw, r.amount, r.facts
    FROM (SELECT * FROM (SELECT ${sql.join(l2)} FROM (
      SELECT ${sql.join(l1)} FROM ${sql.id(snap)} s
      ${where.length > 0 ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``}
      OFFSET 0) l1 OFFSET 0) l2f
      ${args.all ? sql`` : sql`WHERE ${sql.join(
        policies.map((_, i) => sql`${sql.ref(`l2f.o_${i}`)} IS NOT NULL`),
        sql` OR `,
      )}`}) l2
    CROSS JOIN LATERAL (VALUES ${sql.join(rows)}) AS r(pidx, outcome, criteria, amount_raw, amount, facts)
    ${args.all ? sql`` : sql`WHERE r.outcome IS NOT NULL`}`;
}

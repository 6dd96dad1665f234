// Explanations match the bulk result for every entity of a 10,000-person city, over the whole
// policy pack: the interpreter's outcome, criteria, margins and amount equal the one-pass SQL's,
// and every eligible determination is an entitlement with the same amount and trace.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/index.js';
import type { EntityType } from '../../db/schema.js';
import { POLICY_DIR } from '../../startup.js';
import { openTestDatabase } from '../../testing/harness.js';
import { seedCity } from '../citygen/index.js';
import { countQuery, evaluationQuery } from './evaluate-sql.js';
import { explainPolicy } from './explain.js';
import type { FactRow } from './interpret.js';
import { activeVersionIds, loadCompiled, syncPolicyPack } from './policies.service.js';
import { createRun, executeRun } from './run.js';
import { buildSnapshot, snapshotTable } from './snapshot.js';
import { readTrace } from './trace.js';

const AS_OF = '2026-11-20';
let h: DbHandle;
let snapshotId: number;

beforeAll(async () => {
  h = await openTestDatabase();
  await seedCity(h, { seed: 2023, persons: 10_000, asOf: AS_OF });
  await syncPolicyPack(h.db, POLICY_DIR);
  snapshotId = (await buildSnapshot(h.db, { asOf: AS_OF, actorId: null })).id;
}, 300_000);
afterAll(async () => h?.close());

type Bulk = { entity_id: number; pidx: number; outcome: string; trace: unknown; amount_raw: number | null; amount: number | null };

describe('explanations and the bulk run agree for every entity of a 10,000-person city', () => {
  it('for every policy of the pack and every entity type', async () => {
    const policies = await loadCompiled(h.db, await activeVersionIds(h.db, AS_OF));
    expect(policies.length).toBeGreaterThanOrEqual(12);
    const outcomes: Record<string, number> = {};
    let compared = 0;
    for (const entity of ['person', 'household', 'enterprise', 'employment'] as EntityType[]) {
      const ps = policies.filter((p) => p.def.entity === entity);
      if (ps.length === 0) continue;
      const rows = new Map((await sql<FactRow & { entity_id: number }>`SELECT * FROM ${sql.id(snapshotTable(entity, snapshotId))}`.execute(h.db)).rows.map((r) => [r.entity_id, r]));
      const bulk = await sql<Bulk>`${evaluationQuery({ entity, policies: ps, snapshotId, districtCode: null, all: true })}`.execute(h.db);
      expect(bulk.rows.length).toBe(rows.size * ps.length);
      for (const b of bulk.rows) {
        const e = explainPolicy(ps[b.pidx]!, entity, rows.get(b.entity_id)!);
        const got = { outcome: b.outcome, criteria: readTrace(b.trace).criteria, amountRaw: b.amount_raw, amount: b.amount };
        const want = { outcome: e.outcome, criteria: e.criteria.map((c) => ({ value: c.value, margin: c.margin })), amountRaw: e.amountRaw, amount: e.amount };
        if (JSON.stringify(got) !== JSON.stringify(want)) expect({ entity, id: b.entity_id, policy: e.policyId, ...got }).toEqual({ entity, id: b.entity_id, policy: e.policyId, ...want });
        const key = `${e.policyId}:${e.outcome}`;
        outcomes[key] = (outcomes[key] ?? 0) + 1;
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(10_000 * 8);
    // The pack must find people: every policy has someone eligible or at least a near miss in this city.
    for (const p of policies) {
      const found = (outcomes[`${p.def.id}:eligible`] ?? 0) + (outcomes[`${p.def.id}:near_miss`] ?? 0) + (outcomes[`${p.def.id}:missing_data`] ?? 0);
      expect({ policy: p.def.id, found: found > 0 }).toEqual({ policy: p.def.id, found: true });
    }
  }, 300_000);

  it('every eligible determination of a run is an entitlement with the same amount and trace', async () => {
    const runId = await createRun(h.db, { snapshotId, actorId: null });
    await executeRun(h.db, runId);
    const policies = await loadCompiled(h.db, await activeVersionIds(h.db, AS_OF));
    let eligible = 0;
    for (const entity of ['person', 'household', 'enterprise', 'employment'] as EntityType[]) {
      const ps = policies.filter((p) => p.def.entity === entity);
      if (ps.length === 0) continue;
      const bulk = await sql<Bulk>`${evaluationQuery({ entity, policies: ps, snapshotId, districtCode: null })}`.execute(h.db);
      const ents = await h.db.selectFrom('entitlement').select(['policy_id', 'entity_id', 'amount_fen', 'trace', 'snapshot_id', 'rule_hash']).where('run_id', '=', runId).where('entity_type', '=', entity).execute();
      const byKey = new Map(ents.map((e) => [`${e.policy_id}:${e.entity_id}`, e]));
      const elig = bulk.rows.filter((b) => b.outcome === 'eligible');
      eligible += elig.length;
      expect(ents.length).toBe(elig.length);
      for (const b of elig) {
        const p = ps[b.pidx]!;
        const e = byKey.get(`${p.def.id}:${b.entity_id}`);
        expect(e).toBeDefined();
        expect(e!.amount_fen).toBe(b.amount);
        expect(e!.rule_hash).toBe(p.hash);
        expect(e!.snapshot_id).toBe(snapshotId);
        expect(e!.trace).toEqual(b.trace);
      }
    }
    expect(eligible).toBeGreaterThan(100);
  }, 300_000);

  it('the run query keeps exactly the eligible, near-miss and missing-data rows of the full evaluation', async () => {
    // A run evaluates with a cheap pre-filter on target-group criteria and keeps only what it
    // writes; nothing it drops may be anything but ineligible.
    const policies = await loadCompiled(h.db, await activeVersionIds(h.db, AS_OF));
    const key = (b: Bulk) => `${b.pidx}:${b.entity_id}`;
    for (const entity of ['person', 'household', 'enterprise', 'employment'] as EntityType[]) {
      const ps = policies.filter((p) => p.def.entity === entity);
      if (ps.length === 0) continue;
      const all = (await sql<Bulk>`${evaluationQuery({ entity, policies: ps, snapshotId, districtCode: null, all: true })}`.execute(h.db)).rows;
      const kept = (await sql<Bulk>`${evaluationQuery({ entity, policies: ps, snapshotId, districtCode: null })}`.execute(h.db)).rows;
      const expected = all.filter((b) => b.outcome !== 'ineligible').sort((a, b) => key(a).localeCompare(key(b)));
      expect(expected.length).toBeGreaterThan(0);
      expect(kept.sort((a, b) => key(a).localeCompare(key(b)))).toEqual(expected);
    }
  }, 300_000);

  it('the count query compiled from the same criteria gives the same eligible counts and amounts', async () => {
    const policies = await loadCompiled(h.db, await activeVersionIds(h.db, AS_OF));
    for (const entity of ['person', 'household', 'enterprise', 'employment'] as EntityType[]) {
      const ps = policies.filter((p) => p.def.entity === entity);
      if (ps.length === 0) continue;
      const counts = (await sql<Record<string, number>>`${countQuery({ entity, policies: ps, snapshotId, districtCode: null })}`.execute(h.db)).rows[0]!;
      const bulk = await sql<Bulk>`${evaluationQuery({ entity, policies: ps, snapshotId, districtCode: null })}`.execute(h.db);
      ps.forEach((p, i) => {
        const elig = bulk.rows.filter((b) => b.pidx === i && b.outcome === 'eligible');
        expect({ policy: p.def.id, n: Number(counts[`n_${i}`]), fen: Number(counts[`fen_${i}`]) }).toEqual({ policy: p.def.id, n: elig.length, fen: elig.reduce((x, b) => x + b.amount!, 0) });
      });
    }
  }, 120_000);
});

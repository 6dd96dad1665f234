// The rules engine through HTTP: officials save policies (bad CEL refused with the field and the
// reason), check expressions live, build snapshots, start runs and watch them, read outreach lists
// and explanations within their jurisdiction, and simulate a draft.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type Client, type TestContext } from '../../testing/harness.js';
import { seedCity } from '../citygen/index.js';
import { loadCompiled } from './policies.service.js';
import { readTrace } from './trace.js';

let t: TestContext;
let hrss: Client;

const definition = (over: Record<string, unknown> = {}) => ({
  id: 'http-unemployed',
  name: { zh: '登记失业人员补助(测试)', en: 'Registered unemployed allowance (test)' },
  basis: [{ title: '测试依据', number: '渝人社发〔2023〕1号' }],
  department: 'hrss',
  entity: 'person',
  effective: { from: '2023-01-01', to: null },
  criteria: [
    { label: { zh: '登记失业', en: 'Registered unemployed' }, expr: 'person.registered_unemployed' },
    { label: { zh: '缴费满6个月', en: 'Six months paid' }, expr: 'person.unemployment_insured_months >= 6' },
  ],
  amount: { expr: '50000', capFen: null, frequency: 'monthly' },
  delivery: 'confirm',
  ...over,
});

async function waitForRun(c: Client, id: number) {
  for (let i = 0; i < 600; i++) {
    const r = await c.get(`/api/runs/${id}`);
    const body = r.json() as { status: string };
    if (body.status !== 'running') return r.json() as { status: string; entitlementsCreated: number; nearMiss: number; chunksDone: number; chunksTotal: number; byPolicy: { policy_id: string; n: number }[] };
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error('run did not finish');
}

beforeAll(async () => {
  t = await createTestContext();
  await seedCity(t.dbh, { seed: 5, persons: 8000, asOf: '2026-11-20' });
  hrss = await t.login('hrss');
}, 300_000);
afterAll(async () => t?.close());

describe('policies', () => {
  it('refuses a definition with unsupported or mistyped CEL, naming the field and the problem', async () => {
    const res = await hrss.post('/api/policies', {
      definition: definition({
        criteria: [
          { label: { zh: '年龄', en: 'Age' }, expr: 'person.agee >= 16' },
          { label: { zh: '小数', en: 'Decimal' }, expr: 'person.age >= 16.5' },
          { label: { zh: '类型', en: 'Type' }, expr: 'person.sex > 1' },
        ],
        amount: { expr: 'person.registered_unemployed', capFen: null, frequency: 'once' },
      }),
    });
    expect(res.statusCode).toBe(400);
    const body = res.json() as { error: { code: string; details: { path: string; message: string; messageEn: string }[] } };
    expect(body.error.code).toBe('VALIDATION');
    const byPath = Object.fromEntries(body.error.details.map((d) => [d.path, d]));
    expect(byPath['criteria.0.expr']!.messageEn).toContain('Unknown fact person.agee');
    expect(byPath['criteria.1.expr']!.message).toContain('小数');
    expect(byPath['criteria.2.expr']!.messageEn).toContain('Comparison of different types');
    expect(byPath['amount.expr']!.messageEn).toContain('must give int');
    // Nothing was stored.
    expect((await hrss.get('/api/policies/http-unemployed')).statusCode).toBe(404);
  });

  it('checks one expression live, with the position of the error', async () => {
    const ok = (await hrss.post('/api/rules/check', { entity: 'person', expr: 'person.age >= 16 && household.dibao', want: 'bool' })).json();
    expect(ok).toEqual({ ok: true, facts: ['household.dibao', 'person.age'] });
    const bad = (await hrss.post('/api/rules/check', { entity: 'person', expr: 'person.age >= 16 && size(person.sex) > 1', want: 'bool' })).json() as { ok: boolean; position: number; messageEn: string };
    expect(bad.ok).toBe(false);
    expect(bad.messageEn).toContain('Unsupported');
    expect(bad.position).toBeGreaterThan(15);
    const comprehension = (await hrss.post('/api/rules/check', { entity: 'person', expr: '[1,2].all(x, x > 0)', want: 'bool' })).json() as { ok: boolean };
    expect(comprehension.ok).toBe(false);
  });

  it('creates, versions and activates; the same definition again is no new version', async () => {
    const created = await hrss.post('/api/policies', { definition: definition(), note: '首版' });
    expect(created.statusCode).toBe(201);
    const v1 = created.json() as { versionId: number; version: number; hash: string };
    expect(v1.version).toBe(1);
    expect((await hrss.post('/api/policies/http-unemployed/activate', { versionId: v1.versionId })).statusCode).toBe(200);
    const same = await hrss.post('/api/policies/http-unemployed/versions', { definition: definition() });
    expect(same.statusCode).toBe(200);
    expect((same.json() as { unchanged: boolean }).unchanged).toBe(true);
    const v2 = await hrss.post('/api/policies/http-unemployed/versions', { definition: definition({ amount: { expr: '60000', capFen: null, frequency: 'monthly' } }), note: '提标' });
    expect(v2.statusCode).toBe(201);
    const detail = (await hrss.get('/api/policies/http-unemployed')).json() as { activeVersionId: number; versions: { version: number; active: boolean; hash: string }[]; events: { action: string }[] };
    expect(detail.activeVersionId).toBe(v1.versionId);
    expect(detail.versions.map((v) => [v.version, v.active])).toEqual([
      [2, false],
      [1, true],
    ]);
    expect(detail.versions[0]!.hash).not.toBe(detail.versions[1]!.hash);
    expect(detail.events.map((e) => e.action)).toEqual(['created', 'activated', 'created']);
  });

  it('lets a department officer edit only their own department’s policies', async () => {
    const civil = await t.login('civil');
    const res = await civil.post('/api/policies/http-unemployed/versions', { definition: definition({ amount: { expr: '1', capFen: null, frequency: 'monthly' } }) });
    expect(res.statusCode).toBe(403);
    const own = await civil.post('/api/policies', { definition: definition({ id: 'http-civil', department: 'hrss' }) });
    expect(own.statusCode).toBe(403);
    const yubei = await t.login('yubei');
    expect((await yubei.post('/api/policies', { definition: definition({ id: 'http-x' }) })).statusCode).toBe(403);
    expect((await yubei.get('/api/policies')).statusCode).toBe(200);
  });
});

describe('snapshots, runs, outreach and explanations', () => {
  let runId: number;
  let snapshotId: number;

  it('builds a snapshot with a content hash and runs the active policies in the background', async () => {
    const s = await hrss.post('/api/snapshots', { asOf: '2026-11-20' });
    expect(s.statusCode).toBe(201);
    const snap = s.json() as { id: number; contentHash: string; rowCounts: Record<string, number> };
    snapshotId = snap.id;
    expect(snap.contentHash).toMatch(/^[0-9a-f]{32}$/);
    expect(snap.rowCounts.person).toBeGreaterThan(7000);
    // The same data gives the same content hash.
    const again = (await hrss.post('/api/snapshots', { asOf: '2026-11-20' })).json() as { id: number; contentHash: string };
    expect(again.contentHash).toBe(snap.contentHash);

    const started = await hrss.post('/api/runs', { snapshotId });
    expect(started.statusCode).toBe(202);
    runId = (started.json() as { id: number }).id;
    const run = await waitForRun(hrss, runId);
    expect(run.status).toBe('completed');
    expect(run.chunksDone).toBe(run.chunksTotal);
    expect(run.entitlementsCreated).toBeGreaterThan(0);
    expect(run.byPolicy.find((p) => p.policy_id === 'http-unemployed')!.n).toBe(run.entitlementsCreated);
    // Each district chunk records how many persons it evaluated: the snapshot's rows in that district.
    const counted = await sql<{ d: string; n: number }>`SELECT district_code AS d, count(*)::int AS n FROM ${sql.id(`snap_person_${snapshotId}`)} GROUP BY 1`.execute(t.db);
    const chunks = await t.db.selectFrom('policy_run_chunk').select(['district_code', 'evaluated']).where('run_id', '=', runId).where('entity', '=', 'person').execute();
    expect(chunks.length).toBe(38);
    const want = new Map(counted.rows.map((r) => [r.d, r.n]));
    for (const c of chunks) expect([c.district_code, c.evaluated]).toEqual([c.district_code, want.get(c.district_code) ?? 0]);
    expect(chunks.reduce((a, c) => a + c.evaluated, 0)).toBeGreaterThan(7000);
  }, 120_000);

  it('lists near misses with the failed criterion and its margin, limited to a district officer’s district', async () => {
    const all = (await hrss.get(`/api/runs/${runId}/outreach?kind=near_miss&pageSize=200`)).json() as {
      total: number;
      items: { districtCode: string; criteria: { index: number; value: boolean | null; margin: number | null }[]; margin: number | null; idNumber: string; facts: Record<string, unknown> }[];
    };
    expect(all.total).toBeGreaterThan(0);
    for (const i of all.items) {
      expect(i.criteria).toHaveLength(1);
      expect(i.criteria[0]!.value).toBe(false);
      expect(i.idNumber).toMatch(/\*{4,}/);
      // The facts the policy read, as the run's snapshot holds them.
      expect(Object.keys(i.facts)).toEqual(['person.registered_unemployed', 'person.unemployment_insured_months']);
      // The months criterion failing carries how many months are missing: months − 6.
      if (i.criteria[0]!.index === 1) {
        expect(i.margin).toBeLessThan(0);
        expect(i.facts['person.unemployment_insured_months']).toBe(6 + i.margin!);
      } else expect(i.facts['person.registered_unemployed']).toBe(false);
    }
    const yubei = await t.login('yubei');
    const mine = (await yubei.get(`/api/runs/${runId}/outreach?kind=near_miss&pageSize=200`)).json() as { total: number; items: { districtCode: string }[] };
    expect(mine.total).toBeGreaterThan(0);
    expect(mine.total).toBeLessThan(all.total);
    expect(mine.items.every((i) => i.districtCode === '500112')).toBe(true);
    // The run's totals are the district's too.
    const run = (await yubei.get(`/api/runs/${runId}`)).json() as { nearMiss: number; scopeDistrictCode: string };
    expect(run).toMatchObject({ nearMiss: mine.total, scopeDistrictCode: '500112' });
    const other = (await yubei.get(`/api/runs/${runId}/outreach?kind=near_miss&districtCode=500101`)).json() as { total: number };
    expect(other.total).toBe(0);
  });

  it('explains one person in words and numbers, agreeing with the stored entitlement; the read is audited', async () => {
    const ent = await t.db.selectFrom('entitlement').selectAll().where('run_id', '=', runId).orderBy('id').executeTakeFirstOrThrow();
    const res = await hrss.get(`/api/explain/person/${ent.entity_id}?snapshotId=${snapshotId}`);
    expect(res.statusCode).toBe(200);
    const body = res.json() as { policies: { policyId: string; outcome: string; amount: number; criteria: { value: boolean; facts: { path: string; zh: string; value: unknown }[] }[] }[]; entitlements: { policy_id: string }[] };
    const p = body.policies.find((x) => x.policyId === 'http-unemployed')!;
    expect(p.outcome).toBe('eligible');
    expect(p.amount).toBe(ent.amount_fen);
    expect(p.criteria.map((c) => c.value)).toEqual(readTrace(ent.trace).criteria.map((c) => c.value));
    expect(p.criteria[1]!.facts[0]).toMatchObject({ path: 'person.unemployment_insured_months', zh: '失业保险缴费月数(近12个月)' });
    const subject = (res.json() as { subject: { name: string; idNumber: string } }).subject;
    expect(subject.idNumber).toMatch(/^\d{6}\*+[\dX]{4}$/);
    expect(body.entitlements.map((e) => e.policy_id)).toContain('http-unemployed');
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'person.explain').where('entity_id', '=', String(ent.entity_id)).execute();
    expect(audit).toHaveLength(1);
    // A district officer elsewhere gets 404 and no audit row.
    const person = await t.db.selectFrom('person').select('district_code').where('id', '=', ent.entity_id).executeTakeFirstOrThrow();
    const outsider = await t.login(person.district_code === '500112' ? 'wanzhou' : 'yubei');
    expect((await outsider.get(`/api/explain/person/${ent.entity_id}`)).statusCode).toBe(404);
    expect(await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'person.explain').where('entity_id', '=', String(ent.entity_id)).execute()).toHaveLength(1);
  });

  it('shows an entitlement with the facts it was found on, read from the run’s snapshot', async () => {
    const ent = await t.db.selectFrom('entitlement').selectAll().where('run_id', '=', runId).orderBy('id').executeTakeFirstOrThrow();
    expect(readTrace(ent.trace).facts).toBeUndefined();
    const res = await hrss.get(`/api/entitlements/${ent.id}`);
    expect(res.statusCode).toBe(200);
    const body = res.json() as { snapshotId: number; criteria: { result: string }[]; facts: { name: string; value: unknown }[] };
    const row = (await sql<{ m: number }>`SELECT person__unemployment_insured_months AS m FROM ${sql.id(`snap_person_${snapshotId}`)} WHERE entity_id = ${ent.entity_id}`.execute(t.db)).rows[0]!;
    expect(body.snapshotId).toBe(snapshotId);
    expect(body.criteria.map((c) => c.result)).toEqual(['pass', 'pass']);
    expect(body.facts).toEqual([
      { name: 'person.registered_unemployed', value: true },
      { name: 'person.unemployment_insured_months', value: row.m },
    ]);
    expect(row.m).toBeGreaterThanOrEqual(6);
    // So a snapshot is never deleted.
    await expect(sql`DELETE FROM fact_snapshot WHERE id = ${snapshotId}`.execute(t.db)).rejects.toThrow(/append-only/);
    // A stored version that no longer compiles (a fact gone from the catalogue) still displays, without facts.
    const v = await t.db.selectFrom('policy_version').selectAll().where('id', '=', ent.policy_version_id).executeTakeFirstOrThrow();
    const def = v.definition as { criteria: { expr: string }[] };
    const broken = await t.db
      .insertInto('policy_version')
      .values({ ...v, id: undefined, version: 99, hash: 'h-broken', definition: JSON.stringify({ ...def, criteria: [{ ...def.criteria[0]!, expr: 'person.no_such_fact' }] }) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db.updateTable('entitlement').set({ policy_version_id: broken.id }).where('id', '=', ent.id).execute();
    const old = await hrss.get(`/api/entitlements/${ent.id}`);
    await t.db.updateTable('entitlement').set({ policy_version_id: ent.policy_version_id }).where('id', '=', ent.id).execute();
    expect(old.statusCode).toBe(200);
    expect((old.json() as { facts: unknown[] }).facts).toEqual([]);
    // Anything that would evaluate it says which version and what to do.
    await expect(loadCompiled(t.db, [broken.id])).rejects.toThrow(new RegExp(`Version ${broken.id} of policy .* no longer compiles .* save a new version`));
  });

  it('simulates the saved draft against the active version without writing entitlements', async () => {
    const detail = (await hrss.get('/api/policies/http-unemployed')).json() as { versions: { id: number; version: number }[] };
    const draft = detail.versions.find((v) => v.version === 2)!;
    const before = await t.db.selectFrom('entitlement').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await hrss.post('/api/simulations', { policyId: 'http-unemployed', draftVersionId: draft.id, snapshotId, groupBy: 'person.hukou_type' });
    expect(res.statusCode).toBe(201);
    const { summary } = res.json() as { summary: { base: { eligible: number; costFen: number }; draft: { eligible: number; costFen: number }; entering: number; leaving: number; amountChanged: number; costDeltaFen: number } };
    // Only the amount changed (500 → 600 yuan a month), for everyone eligible.
    expect(summary.entering).toBe(0);
    expect(summary.leaving).toBe(0);
    expect(summary.amountChanged).toBe(summary.base.eligible);
    expect(summary.costDeltaFen).toBe(summary.base.eligible * 10000);
    const after = await t.db.selectFrom('entitlement').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const bad = await hrss.post('/api/simulations', { policyId: 'http-unemployed', draftVersionId: draft.id, groupBy: 'person.age' });
    expect(bad.statusCode).toBe(400);
  }, 60_000);
});

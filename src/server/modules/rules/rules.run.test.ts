// Runs over a synthetic city: a run killed halfway resumes to the same result, a second run
// never adds an entitlement, exclusions hold across a person's benefits, and the simulation
// reports who enters and leaves and why.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../../db/index.js';
import { migrateToLatest } from '../../db/migrate.js';
import { openScratchPostgres } from '../../db/scratch.js';
import { projectRoot } from '../../paths.js';
import { seedCity } from '../citygen/index.js';
import { loadReferenceData } from '../registry/reference-data.js';
import { evaluationQuery } from './evaluate-sql.js';
import { loadCompiled, saveVersion } from './policies.service.js';
import { createRun, executeRun } from './run.js';
import { simulate } from './simulate.js';
import { buildSnapshot } from './snapshot.js';

const AS_OF = '2026-11-20';
let h: DbHandle;
let target: string;
let dataDir: string | undefined;
let snapshotId: number;

const base = {
  name: { zh: '测试政策', en: 'Test policy' },
  basis: [{ title: '测试依据' }],
  department: 'hrss',
  effective: { from: '2023-01-01', to: null },
  delivery: 'confirm',
};
const unemployed = {
  ...base,
  id: 'test-unemployed',
  entity: 'person',
  criteria: [
    { label: { zh: '登记失业', en: 'Registered unemployed' }, expr: 'person.registered_unemployed' },
    { label: { zh: '缴费满6个月', en: 'Six months paid' }, expr: 'person.unemployment_insured_months >= 6' },
  ],
  amount: { expr: '190000', capFen: null, frequency: 'monthly' },
};
const youngHire = {
  ...base,
  id: 'test-young-hire',
  entity: 'employment',
  criteria: [
    { label: { zh: '16至24岁', en: 'Aged 16-24' }, expr: 'person.age >= 16 && person.age <= 24' },
    { label: { zh: '上月参保', en: 'Insured last month' }, expr: 'employment.insured_last_month' },
  ],
  amount: { expr: '100000', capFen: null, frequency: 'once' },
};
const zeroEmployment = {
  ...base,
  id: 'test-zero-employment',
  entity: 'household',
  delivery: 'direct',
  criteria: [{ label: { zh: '有劳动力且无人就业', en: 'Working-age members, none employed' }, expr: 'household.working_age_members > 0 && household.employed_members == 0' }],
  amount: { expr: 'household.members * 10000', capFen: 30000, frequency: 'once' },
};

beforeAll(async () => {
  // The child process must reach the same database: a PGlite directory on disk, or PostgreSQL.
  if (process.env.TEST_DATABASE_URL) {
    const s = await openScratchPostgres(process.env.TEST_DATABASE_URL, 'huimin_run');
    h = s;
    target = s.url;
  } else {
    dataDir = mkdtempSync(join(tmpdir(), 'huimin-run-'));
    h = await openDatabase({ dataDir });
    target = dataDir;
  }
  await migrateToLatest(h.db);
  await loadReferenceData(h.db);
  await seedCity(h, { seed: 11, persons: 10000, asOf: AS_OF });
  for (const def of [unemployed, youngHire, zeroEmployment]) await saveVersion(h.db, { definition: def, source: 'editor', actor: null, activate: true });
  snapshotId = (await buildSnapshot(h.db, { asOf: AS_OF, actorId: null })).id;
}, 300_000);

afterAll(async () => {
  await h?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Eligible entities per policy, straight from the one-pass query over the whole snapshot. */
async function expectedEligible(): Promise<Map<string, Set<number>>> {
  const versions = (await h.db.selectFrom('policy').select('active_version_id').execute()).map((p) => p.active_version_id!);
  const policies = await loadCompiled(h.db, versions);
  const out = new Map<string, Set<number>>();
  for (const entity of ['person', 'household', 'employment'] as const) {
    const ps = policies.filter((p) => p.def.entity === entity);
    const r = await sql<{ entity_id: number; pidx: number; outcome: string }>`${evaluationQuery({ entity, policies: ps, snapshotId, districtCode: null })}`.execute(h.db);
    for (const row of r.rows) if (row.outcome === 'eligible') {
      const id = ps[row.pidx]!.def.id;
      if (!out.has(id)) out.set(id, new Set());
      out.get(id)!.add(row.entity_id);
    }
  }
  return out;
}

async function entitlementsOf(runId?: number): Promise<Map<string, Set<number>>> {
  const rows = await h.db.selectFrom('entitlement').select(['policy_id', 'entity_id']).$if(runId !== undefined, (b) => b.where('run_id', '=', runId!)).execute();
  const out = new Map<string, Set<number>>();
  for (const r of rows) {
    if (!out.has(r.policy_id)) out.set(r.policy_id, new Set());
    out.get(r.policy_id)!.add(r.entity_id);
  }
  return out;
}

function runChild(runId: number, killAfter: number | null): Promise<{ killed: boolean; chunks: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'src/server/modules/rules/testing/run-child.ts'), target, String(runId)], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let chunks = 0;
    let killed = false;
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n')) {
        const m = /^chunk (\d+)/.exec(line);
        if (m) chunks = Number(m[1]);
        if (killAfter !== null && chunks >= killAfter && !killed) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) resolve({ killed: signal === 'SIGKILL', chunks });
      else reject(new Error(`child exited ${code}: ${err}`));
    });
  });
}

describe('a run killed halfway', () => {
  it('keeps only whole districts, then resumes to exactly the full result', async () => {
    const expected = await expectedEligible();
    expect(expected.get('test-unemployed')!.size).toBeGreaterThan(10);
    expect(expected.get('test-young-hire')!.size).toBeGreaterThan(10);
    expect(expected.get('test-zero-employment')!.size).toBeGreaterThan(10);

    const runId = await createRun(h.db, { actorId: null, snapshotId });
    // PGlite keeps the database open in this process; release it while the child works on it.
    if (dataDir) await h.close();
    const first = await runChild(runId, 20);
    expect(first.killed).toBe(true);
    if (dataDir) h = await openDatabase({ dataDir });

    const run = await h.db.selectFrom('policy_run').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
    expect(run.status).toBe('running');
    expect(run.chunks_done).toBeGreaterThanOrEqual(20);
    expect(run.chunks_done).toBeLessThan(run.chunks_total);
    // Every entitlement written belongs to a district marked done: nothing half-written.
    const stray = await sql<{ n: number }>`SELECT count(*)::int AS n FROM entitlement e WHERE e.run_id = ${runId}
      AND NOT EXISTS (SELECT 1 FROM policy_run_chunk c WHERE c.run_id = e.run_id AND c.entity = e.entity_type AND c.district_code = e.district_code)`.execute(h.db);
    expect(stray.rows[0]!.n).toBe(0);
    const partial = await entitlementsOf(runId);
    const partialCount = [...partial.values()].reduce((s, x) => s + x.size, 0);
    const fullCount = [...expected.values()].reduce((s, x) => s + x.size, 0);
    expect(partialCount).toBeLessThan(fullCount);

    // Resume: the same run picks up the remaining districts.
    if (dataDir) await h.close();
    const second = await runChild(runId, null);
    expect(second.killed).toBe(false);
    if (dataDir) h = await openDatabase({ dataDir });
    const done = await h.db.selectFrom('policy_run').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
    expect(done.status).toBe('completed');
    expect(done.chunks_done).toBe(done.chunks_total);
    expect(done.entitlements_created).toBe(fullCount);
    expect(await entitlementsOf(runId)).toEqual(expected);
  }, 300_000);

  it('a second run over the same snapshot and period adds no entitlement', async () => {
    const before = await h.db.selectFrom('entitlement').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const again = await createRun(h.db, { actorId: null, snapshotId });
    await executeRun(h.db, again);
    const after = await h.db.selectFrom('entitlement').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const run = await h.db.selectFrom('policy_run').selectAll().where('id', '=', again).executeTakeFirstOrThrow();
    expect(run.status).toBe('completed');
    expect(run.entitlements_created).toBe(0);
    // The outreach lists are per run, so the second run has its own.
    expect(run.near_miss).toBeGreaterThan(0);
  }, 120_000);

  it('an entitlement no run accounts for makes its district retry with the conflict check, and nothing is doubled', async () => {
    // No run has evaluated test-unemployed for March 2027, so the run inserts without the check.
    const period = '2027-03';
    const eligible = [...(await expectedEligible()).get('test-unemployed')!];
    expect(eligible.length).toBeGreaterThan(1);
    const prior = await h.db.selectFrom('entitlement').selectAll().where('policy_id', '=', 'test-unemployed').orderBy('id').executeTakeFirstOrThrow();
    const { id: _id, created_at: _c, updated_at: _u, ...copy } = prior;
    const person = await h.db.selectFrom('person').select(['id', 'district_code']).where('id', '=', eligible[0]!).executeTakeFirstOrThrow();
    const manual = await h.db
      .insertInto('entitlement')
      .values({ ...copy, entity_id: person.id, person_id: person.id, district_code: person.district_code, period, trace: JSON.stringify(copy.trace) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const runId = await createRun(h.db, { actorId: null, snapshotId, policyIds: ['test-unemployed'], periodMonth: period });
    await executeRun(h.db, runId);
    const run = await h.db.selectFrom('policy_run').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
    expect(run.status).toBe('completed');
    expect(run.entitlements_created).toBe(eligible.length - 1);
    const rows = await h.db.selectFrom('entitlement').select(['id', 'entity_id']).where('policy_id', '=', 'test-unemployed').where('period', '=', period).execute();
    expect(rows.length).toBe(eligible.length);
    expect(new Set(rows.map((r) => r.entity_id))).toEqual(new Set(eligible));
    expect(rows.find((r) => r.entity_id === person.id)!.id).toBe(manual.id);
  }, 120_000);
});

describe('exclusions across a person’s benefits', () => {
  it('not_both gives way to the other policy; take_higher keeps the larger amount', async () => {
    const a = { ...unemployed, id: 'test-excl-a', criteria: [unemployed.criteria[0]], amount: { expr: '50000', capFen: null, frequency: 'monthly' }, exclusions: [{ policy: 'test-unemployed', mode: 'not_both' }] };
    const b = { ...unemployed, id: 'test-excl-b', criteria: [unemployed.criteria[0]], amount: { expr: '300000', capFen: null, frequency: 'monthly' }, exclusions: [{ policy: 'test-unemployed', mode: 'take_higher' }] };
    for (const def of [a, b]) await saveVersion(h.db, { definition: def, source: 'editor', actor: null, activate: true });
    const runId = await createRun(h.db, { actorId: null, snapshotId, policyIds: ['test-unemployed', 'test-excl-a', 'test-excl-b'], periodMonth: '2026-12' });
    await executeRun(h.db, runId);
    const rows = await h.db.selectFrom('entitlement').select(['policy_id', 'entity_id', 'status', 'excluded_by']).where('period', '=', '2026-12').execute();
    const of = (policy: string) => rows.filter((r) => r.policy_id === policy);
    const ui = new Set(of('test-unemployed').map((r) => r.entity_id));
    expect(ui.size).toBeGreaterThan(0);
    // Everyone who has test-unemployed has test-excl-a excluded (not both), and test-unemployed
    // excluded in favour of the higher test-excl-b.
    for (const r of of('test-excl-a')) {
      if (ui.has(r.entity_id)) expect(r).toMatchObject({ status: 'excluded', excluded_by: 'test-unemployed' });
      else expect(r.status).toBe('awaiting_confirmation');
    }
    for (const r of of('test-unemployed')) expect(r).toMatchObject({ status: 'excluded', excluded_by: 'test-excl-b' });
    for (const r of of('test-excl-b')) expect(r.status).toBe('awaiting_confirmation');
    // Each exclusion is an event in the entitlement's history.
    const ev = await sql<{ n: number }>`SELECT count(*)::int AS n FROM entitlement_event v JOIN entitlement e ON e.id = v.entitlement_id
      WHERE e.period = '2026-12' AND v.to_status = 'excluded'`.execute(h.db);
    expect(ev.rows[0]!.n).toBe(rows.filter((r) => r.status === 'excluded').length);
  }, 120_000);

  it('a later run resolves pairs with entitlements of earlier runs, and a paid entitlement never gives way', async () => {
    // test-excl-a (not both with test-unemployed) and test-excl-b (take the higher) are active from the test above.
    const period = '2027-01';
    const runOf = async (policyIds: string[]) => executeRun(h.db, await createRun(h.db, { actorId: null, snapshotId, policyIds, periodMonth: period }));
    const rowsOf = async (policy: string) =>
      new Map((await h.db.selectFrom('entitlement').select(['id', 'entity_id', 'status', 'excluded_by']).where('period', '=', period).where('policy_id', '=', policy).execute()).map((r) => [r.entity_id, r]));
    // Run 1: only test-excl-a; nothing to give way to yet.
    await runOf(['test-excl-a']);
    const a1 = await rowsOf('test-excl-a');
    expect(a1.size).toBeGreaterThan(0);
    expect([...a1.values()].every((r) => r.status === 'awaiting_confirmation')).toBe(true);
    // Run 2: only test-unemployed. test-excl-a declares "not both", so its entitlements from run 1 give way.
    await runOf(['test-unemployed']);
    const u2 = await rowsOf('test-unemployed');
    expect(u2.size).toBeGreaterThan(1);
    for (const [entity, r] of await rowsOf('test-excl-a')) {
      if (u2.has(entity)) expect(r).toMatchObject({ status: 'excluded', excluded_by: 'test-unemployed' });
      else expect(r.status).toBe('awaiting_confirmation');
    }
    // One test-unemployed entitlement is paid before test-excl-b (higher amount, take the higher) runs.
    const [paidEntity, paid] = [...u2.entries()][0]!;
    await h.db.updateTable('entitlement').set({ status: 'paid' }).where('id', '=', paid.id).execute();
    await runOf(['test-excl-b']);
    const b3 = await rowsOf('test-excl-b');
    for (const [entity, r] of await rowsOf('test-unemployed')) {
      if (entity === paidEntity) expect(r.status).toBe('paid');
      else if (b3.has(entity)) expect(r).toMatchObject({ status: 'excluded', excluded_by: 'test-excl-b' });
    }
    // The paid one stays paid; the new, lower-priority side gives way instead.
    expect(b3.get(paidEntity)).toMatchObject({ status: 'excluded', excluded_by: 'test-unemployed' });
    expect([...b3.values()].filter((r) => r.status === 'excluded').length).toBe(1);
  }, 120_000);
});

describe('simulation', () => {
  it('reports entering and leaving entities against the active version, attributed to the edited criterion, without writing entitlements', async () => {
    const draft = { ...unemployed, criteria: [unemployed.criteria[0], { label: unemployed.criteria[1]!.label, expr: 'person.unemployment_insured_months >= 3' }] };
    const saved = await saveVersion(h.db, { definition: draft, source: 'editor', actor: null, activate: false });
    const before = await h.db.selectFrom('entitlement').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await simulate(h.db, { policyId: 'test-unemployed', draftVersionId: saved.versionId, snapshotId, groupBy: 'person.sex', actorId: null });
    const after = await h.db.selectFrom('entitlement').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));

    // Independent count: registered unemployed with 3 to 5 paid months enter; nobody leaves.
    const t = `snap_person_${snapshotId}`;
    const enter = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.id(t)} WHERE person__registered_unemployed AND person__unemployment_insured_months BETWEEN 3 AND 5`.execute(h.db);
    expect(enter.rows[0]!.n).toBeGreaterThan(0);
    const s = res.summary;
    expect(s.entering).toBe(enter.rows[0]!.n);
    expect(s.leaving).toBe(0);
    expect(s.draft.eligible - s.base.eligible).toBe(s.entering);
    expect(s.costDeltaFen).toBe(s.entering * 190000);
    expect(s.byCriterion[1]!.entering).toBe(s.entering);
    expect(s.byCriterion[0]!.entering).toBe(0);
    expect(s.byDistrict.reduce((x, d) => x + d.entering, 0)).toBe(s.entering);
    expect(s.byGroup.reduce((x, g) => x + g.entering, 0)).toBe(s.entering);
    expect(new Set(s.byGroup.map((g) => g.value))).toEqual(new Set(['M', 'F']));
    const stored = await h.db.selectFrom('simulation_change').select((eb) => eb.fn.countAll<number>().as('n')).where('simulation_id', '=', res.id).executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(s.entering);
  }, 120_000);
});

describe('the run and policy version each entitlement and outreach row names', () => {
  /** The error a statement fails with, or null. */
  const failure = async (q: Promise<unknown>) => q.then(() => null, (e: { code?: string; message?: string }) => e);
  const count = async (table: 'entitlement' | 'run_outreach' | 'policy_run' | 'policy_version') =>
    Number((await h.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('exist: an insert naming a missing run or version is refused whole, and an update to one too', async () => {
    const prior = await h.db.selectFrom('entitlement').selectAll().orderBy('id').limit(2).execute();
    expect(prior).toHaveLength(2);
    const maxRun = Number((await sql<{ n: number }>`SELECT max(id) AS n FROM policy_run`.execute(h.db)).rows[0]!.n);
    const maxVersion = Number((await sql<{ n: number }>`SELECT max(id) AS n FROM policy_version`.execute(h.db)).rows[0]!.n);
    const copies = (change: (i: number) => { run_id?: number; policy_version_id?: number }) =>
      prior.map(({ id: _id, created_at: _c, updated_at: _u, ...row }, i) => ({ ...row, period: '2030-01', trace: JSON.stringify(row.trace), ...change(i) }));
    const before = await count('entitlement');
    // One row of two names a run that does not exist: neither is written.
    for (const [rows, missing] of [
      [copies((i) => (i === 1 ? { run_id: maxRun + 1 } : {})), `policy runs that do not exist: ${maxRun + 1}`],
      [copies((i) => (i === 0 ? { policy_version_id: maxVersion + 1 } : {})), `policy versions that do not exist: ${maxVersion + 1}`],
    ] as const) {
      const e = await failure(h.db.insertInto('entitlement').values(rows).execute());
      expect(e).toMatchObject({ code: '23503' });
      expect(e!.message).toContain(missing);
      expect(await count('entitlement')).toBe(before);
    }
    // Rows naming existing ones are written.
    await h.db.insertInto('entitlement').values(copies(() => ({}))).execute();
    expect(await count('entitlement')).toBe(before + 2);
    const outreach = await h.db.selectFrom('run_outreach').selectAll().limit(1).executeTakeFirstOrThrow();
    const e = await failure(h.db.insertInto('run_outreach').values({ ...outreach, entity_id: -1, run_id: maxRun + 1, criteria: JSON.stringify(outreach.criteria), trace: JSON.stringify(outreach.trace) }).execute());
    expect(e).toMatchObject({ code: '23503' });
    // Moving a row to a missing run or version is refused; to an existing run, allowed.
    const target = prior[0]!;
    expect(await failure(h.db.updateTable('entitlement').set({ run_id: maxRun + 1 }).where('id', '=', target.id).execute())).toMatchObject({ code: '23503' });
    expect(await failure(h.db.updateTable('run_outreach').set({ policy_version_id: maxVersion + 1 }).where('run_id', '=', outreach.run_id).execute())).toMatchObject({ code: '23503' });
    const firstRun = Number((await sql<{ n: number }>`SELECT min(id) AS n FROM policy_run`.execute(h.db)).rows[0]!.n);
    await h.db.updateTable('entitlement').set({ run_id: firstRun }).where('id', '=', target.id).execute();
    await h.db.updateTable('entitlement').set({ run_id: target.run_id }).where('id', '=', target.id).execute();
    const added = await h.db.selectFrom('entitlement').select('id').where('period', '=', '2030-01').execute();
    expect(added).toHaveLength(2);
    await h.db.deleteFrom('entitlement').where('period', '=', '2030-01').execute();
  });

  it('are kept: a run or version that rows name cannot be deleted, renumbered or truncated away', async () => {
    const named = await h.db.selectFrom('entitlement').select(['run_id', 'policy_version_id']).limit(1).executeTakeFirstOrThrow();
    const runs = await count('policy_run');
    const versions = await count('policy_version');
    for (const q of [
      () => h.db.deleteFrom('policy_run').where('id', '=', named.run_id).execute(),
      () => h.db.updateTable('policy_run').set({ id: 1_000_000 }).where('id', '=', named.run_id).execute(),
      () => sql`TRUNCATE policy_run CASCADE`.execute(h.db),
      () => sql`TRUNCATE policy_version CASCADE`.execute(h.db),
    ]) {
      const e = await failure(q());
      expect(e, 'refused').toMatchObject({ code: '23503' });
      expect(e!.message).toMatch(/named by entitlements|cannot truncate policy_(run|version)/);
    }
    // Versions are append-only besides.
    expect((await failure(h.db.deleteFrom('policy_version').where('id', '=', named.policy_version_id).execute()))?.message).toMatch(/append-only/);
    expect(await count('policy_run')).toBe(runs);
    expect(await count('policy_version')).toBe(versions);
    expect(await count('entitlement')).toBeGreaterThan(0);
    // A run no row names can go.
    const unused = await createRun(h.db, { actorId: null, snapshotId, policyIds: ['test-unemployed'], periodMonth: '2031-01' });
    expect(await count('policy_run')).toBe(runs + 1);
    await h.db.deleteFrom('policy_run').where('id', '=', unused).execute();
    expect(await count('policy_run')).toBe(runs);
  });
});

// The plan tracker through HTTP on a real database: the plan as data, quotas, reporting with approval,
// computed values, supervision, ratings, the report and the public page.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCity } from '../citygen/index.js';
import { createTestContext, type TestContext } from '../../testing/harness.js';
import { PLAN_DIR } from '../../startup.js';
import { absorbLegacyTasks, seedDemoPlan, syncPlanDir } from './index.js';
import { rebind, recomputeIndicators } from './plan.service.js';
import { runComputed, type ComputedRow } from './indicators.js';
import { DEMO_OPEN_DISTRICTS } from './demo.js';
import { escalateOverdue } from '../cases/index.js';

let t: TestContext;
const sessions = new Map<string, Awaited<ReturnType<TestContext['login']>>>();
/** Signs in once per user: login is rate-limited, as it should be. */
async function as(username: string) {
  if (!sessions.has(username)) sessions.set(username, await t.login(username));
  return sessions.get(username)!;
}
const YEAR = 2026; // the test clock's year: the demo plan is the 2023 plan carried to it
const file = parseYaml(readFileSync(`${PLAN_DIR}/2023.yaml`, 'utf8')) as { goals: { targets: unknown[] }[]; measures: { code: string; targets: unknown[] }[]; indicators: unknown[] };
const fileTargets = file.goals.flatMap((g) => g.targets).length + file.measures.flatMap((m) => m.targets).length;

type TargetInfo = { code: string; comparator: string; value: number | null; indicator: { source: string; query: string | null; reportedBy: string | null } | null };
type Row = { indicator: string; unitCode: string; aggregation: string; value: number | null; numerator: number | null; denominator: number | null; previous: { value: number | null; numerator: number | null; denominator: number | null } | null };

beforeAll(async () => {
  t = await createTestContext();
  await seedCity(t.dbh, { seed: 2023, persons: 10_000, asOf: '2026-11-20' });
  await syncPlanDir(t.dbh.db, PLAN_DIR);
  await seedDemoPlan(t.dbh.db, t.clock);
}, 300_000);
afterAll(async () => t?.close());

describe('the plan as data', () => {
  it('holds every target of the plan file, with its comparator and source', async () => {
    const admin = await as('admin');
    const plans = (await admin.get('/api/plans')).json() as { year: number; targets: number; copiedFrom: number | null }[];
    expect(plans.map((p) => p.year)).toEqual([2026, 2023]);
    expect(plans.every((p) => p.targets === fileTargets)).toBe(true);
    const targets = (await admin.get('/api/plans/2023/targets')).json() as TargetInfo[];
    expect(targets).toHaveLength(fileTargets);
    // All 7 goals and all measures 1-42 except 25.
    const items = new Set(targets.map((x) => x.code.split('.')[0]));
    expect([...items].filter((c) => c!.startsWith('G')).sort()).toEqual(['G1', 'G2', 'G3', 'G4', 'G5', 'G6', 'G7']);
    expect(file.measures.map((m) => m.code)).toEqual(Array.from({ length: 42 }, (_, i) => `M${i + 1}`).filter((c) => c !== 'M25'));
    // The main goals of 二、主要目标, as written.
    const g = new Map(targets.map((x) => [x.code, x]));
    expect(g.get('G1.1')).toMatchObject({ comparator: 'at_least', value: 600000 });
    expect(g.get('G1.4')).toMatchObject({ comparator: 'about', value: 5.5 });
    expect(g.get('G2.4')).toMatchObject({ comparator: 'hold_at_least', value: 97 });
    expect(g.get('G5.6')).toMatchObject({ comparator: 'per_unit_min', value: 6 });
    expect(g.get('G7.2')).toMatchObject({ comparator: 'at_least', value: 20000 });
    expect(targets.find((x) => x.comparator === 'zero_outstanding')).toBeDefined();
    // Every quantitative target has an indicator with its source; milestones have none.
    for (const x of targets) {
      if (x.comparator === 'milestone') expect(x.indicator).toBeNull();
      else expect(x.indicator && (x.indicator.source === 'computed' ? x.indicator.query : x.indicator.reportedBy)).toBeTruthy();
    }
  });

  it('creates the next year’s plan as a copy, once', async () => {
    const admin = await as('admin');
    const res = await admin.post('/api/plans/2026/next', { year: 2027 });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ year: 2027, copiedFrom: 2026, targets: fileTargets });
    // The copy keeps the targets as they stand (the demo plan's scale included) and moves the deadlines.
    const a = new Map(((await admin.get('/api/plans/2026/targets')).json() as (TargetInfo & { deadline: string })[]).map((x) => [x.code, x]));
    const b = ((await admin.get('/api/plans/2027/targets')).json() as (TargetInfo & { deadline: string })[]);
    expect(b.every((x) => x.value === a.get(x.code)!.value)).toBe(true);
    expect(b.find((x) => x.code === 'M4.3')?.deadline ?? b[0]!.deadline).toMatch(/^2027-/);
    expect((await admin.post('/api/plans/2026/next', { year: 2027 })).statusCode).toBe(409);
    const yubei = await as('yubei');
    expect((await yubei.post('/api/plans/2026/next', { year: 2028 })).statusCode).toBe(403);
  });
});

describe('quotas (任务分解)', () => {
  it('split the city target into district quotas that add up to it, and check edits', async () => {
    const admin = await as('admin');
    const q = (await admin.get(`/api/plans/${YEAR}/quotas/G1.1`)).json() as { cityTarget: number; total: number; consistent: boolean; rows: { districtCode: string; quota: number }[] };
    expect(q.rows).toHaveLength(38);
    expect(q.total).toBe(q.cityTarget);
    expect(q.consistent).toBe(true);
    const quotas = Object.fromEntries(q.rows.map((r) => [r.districtCode, r.quota]));
    const missing = { ...quotas };
    delete missing['500112'];
    const bad = await admin.put(`/api/plans/${YEAR}/quotas/G1.1`, { quotas: missing });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('quotas');
    const lower = await admin.put(`/api/plans/${YEAR}/quotas/G1.1`, { quotas: { ...quotas, '500112': 0 } });
    expect(lower.statusCode).toBe(200);
    expect(lower.json()).toMatchObject({ consistent: false });
    expect((await admin.put(`/api/plans/${YEAR}/quotas/G1.1`, { quotas })).json()).toMatchObject({ consistent: true });
    const hrss = await as('hrss');
    expect((await hrss.put(`/api/plans/${YEAR}/quotas/G1.1`, { quotas })).statusCode).toBe(403);
    // Each change is kept with the quotas before and after.
    const changes = await t.db.selectFrom('plan_change').select(['kind', 'subject', 'before', 'after']).where('plan_year', '=', YEAR).where('kind', '=', 'quotas').orderBy('id').execute();
    expect(changes).toHaveLength(2);
    const [first] = changes.map((c) => ({ before: (typeof c.before === 'string' ? JSON.parse(c.before) : c.before) as Record<string, number>, after: (typeof c.after === 'string' ? JSON.parse(c.after) : c.after) as Record<string, number> }));
    expect(first!.before['500112']).toBe(quotas['500112']);
    expect(first!.after['500112']).toBe(0);
  });
});

describe('settings', () => {
  it('light thresholds are the plan’s to set, checked, and change the lights', async () => {
    const admin = await as('admin');
    const lights = async () => ((await admin.get(`/api/plans/${YEAR}/progress?period=2026-10`)).json() as { summary: Record<string, number> }).summary;
    const before = await lights();
    expect((await admin.put(`/api/plans/${YEAR}/settings`, { thresholds: { yellow: 20, red: 10 } })).statusCode).toBe(400);
    expect((await (await as('hrss')).put(`/api/plans/${YEAR}/settings`, { thresholds: { yellow: 1 } })).statusCode).toBe(403);
    expect((await admin.put(`/api/plans/${YEAR}/settings`, { thresholds: { yellow: 1, red: 2 } })).statusCode).toBe(200);
    const strict = await lights();
    expect(strict.red ?? 0).toBeGreaterThan(before.red ?? 0);
    expect((await admin.put(`/api/plans/${YEAR}/settings`, { thresholds: { yellow: 10, red: 30 } })).statusCode).toBe(200);
    expect(await lights()).toEqual(before);
    const s = (await admin.get(`/api/plans/${YEAR}/settings`)).json() as { changes: { kind: string }[] };
    expect(s.changes.filter((c) => c.kind === 'settings')).toHaveLength(2);
  });
});

describe('computed indicators', () => {
  it('count the platform’s own data: training person-times equal the training records of the year', async () => {
    const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM hr_training_record WHERE start_date BETWEEN '2026-01-01' AND '2026-10-31'`.execute(t.db);
    const admin = await as('admin');
    const s = (await admin.get(`/api/plans/${YEAR}/series?indicator=subsidised_training`)).json() as { points: { period: string; value: number | null; source: string | null }[] };
    const oct = s.points.find((p) => p.period === '2026-10')!;
    expect(oct.value).toBe(Number(n.rows[0]!.n));
    expect(oct.source).toBe('computed');
    expect(Number(n.rows[0]!.n)).toBeGreaterThan(0);
  });

  it('switch from reported to computed from a month on, leaving earlier months as reported', async () => {
    // youth_employment_services is reported (no module computes it); pretend one lands in August.
    const before = await t.db.selectFrom('indicator_value').select(['period', 'source', 'value']).where('plan_year', '=', YEAR).where('indicator_code', '=', 'youth_employment_services').where('unit_code', '=', '500103').orderBy('period').execute();
    expect(before.every((r) => r.source === 'reported')).toBe(true);
    await rebind(t.dbh.db, YEAR, 'youth_employment_services', '2026-08', { source: 'computed', query: 'new_urban_jobs', note: 'test: employment module lands' }, null);
    await recomputeIndicators(t.dbh.db, YEAR, 11);
    const after = await t.db.selectFrom('indicator_value').select(['period', 'source', 'value']).where('plan_year', '=', YEAR).where('indicator_code', '=', 'youth_employment_services').where('unit_code', '=', '500103').orderBy('period').execute();
    expect(after.filter((r) => r.period < '2026-08')).toEqual(before.filter((r) => r.period < '2026-08'));
    expect(after.filter((r) => r.period >= '2026-08').every((r) => r.source === 'computed')).toBe(true);
    await rebind(t.dbh.db, YEAR, 'youth_employment_services', '2026-08', { source: 'reported', reportedBy: 'hrss', note: 'test: undo' }, null);
  });

  it('a recompute stores, for every computed indicator and month, what its query computes on its own', async () => {
    await recomputeIndicators(t.dbh.db, YEAR, 11);
    // The query of each indicator computed now (the recompute writes several queries from one statement).
    const bindings = await t.db.selectFrom('indicator_binding').select(['indicator_code', 'source', 'query']).where('plan_year', '=', YEAR).orderBy('effective_from').execute();
    const queryOf = new Map<string, string | null>();
    for (const b of bindings) queryOf.set(b.indicator_code, b.source === 'computed' ? b.query : null);
    const alone = new Map<string, Map<string, ComputedRow>>();
    for (const q of new Set([...queryOf.values()].filter((x): x is string => !!x))) {
      alone.set(q, new Map((await runComputed(t.db, q, { year: YEAR, through: 11 })).map((r) => [`${r.unit} ${r.month}`, r])));
    }
    const stored = await t.db.selectFrom('indicator_value').select(['indicator_code', 'period', 'unit_code', 'value', 'numerator', 'denominator']).where('plan_year', '=', YEAR).where('source', '=', 'computed').execute();
    let compared = 0;
    for (const v of stored.filter((x) => queryOf.get(x.indicator_code))) {
      const c = alone.get(queryOf.get(v.indicator_code)!)!.get(`${v.unit_code} ${Number(v.period.slice(5))}`);
      const value = c ? (c.value ?? (c.numerator !== null && c.denominator ? (c.numerator / c.denominator) * 100 : null)) : 'missing';
      expect([v.indicator_code, v.period, v.unit_code, v.value, v.numerator, v.denominator]).toEqual([v.indicator_code, v.period, v.unit_code, value, c?.numerator, c?.denominator]);
      compared++;
    }
    expect(alone.size).toBeGreaterThanOrEqual(20);
    expect(compared).toBeGreaterThan(alone.size * 38 * 10);
  });

  it('a recompute writes only the values that changed, and puts back any stored value that differs', async () => {
    const db = t.dbh.db;
    const first = await recomputeIndicators(db, YEAR, 11);
    const stored = async (withStamp: boolean) =>
      (await sql<{ s: string }>`SELECT string_agg(concat_ws('|', indicator_code, period, unit_code, value, numerator, denominator, source, ${withStamp ? sql`updated_at::text` : sql`''`}), ',' ORDER BY indicator_code, period, unit_code) AS s
        FROM indicator_value WHERE plan_year = ${YEAR}`.execute(db)).rows[0]!.s;
    const stampedBefore = await stored(true);
    const valuesBefore = await stored(false);
    const again = await recomputeIndicators(db, YEAR, 11);
    expect(again).toEqual({ ...first, changed: 0 });
    expect(await stored(true)).toBe(stampedBefore); // nothing rewritten, not even updated_at
    expect(first.values).toBeGreaterThan(20 * 38 * 11);
    const rewrittenSince = async (t0: string) => Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM indicator_value WHERE plan_year = ${YEAR} AND updated_at >= ${t0}::timestamptz`.execute(db)).rows[0]!.n);
    const now = async () => (await sql<{ t: string }>`SELECT clock_timestamp()::text AS t`.execute(db)).rows[0]!.t;

    // A computed value edited by hand, a reported row in a computed month, and a computed row for a
    // unit the query does not give (a township): the recompute restores the first two and deletes the third.
    const key = (unit: string) => sql`plan_year = ${YEAR} AND indicator_code = 'subsidised_training' AND period = '2026-10' AND unit_code = ${unit}`;
    await sql`UPDATE indicator_value SET value = -1 WHERE ${key('500103')}`.execute(db);
    await sql`UPDATE indicator_value SET source = 'reported' WHERE ${key('500112')}`.execute(db);
    await sql`INSERT INTO indicator_value (plan_year, indicator_code, period, unit_code, value, source) VALUES (${YEAR}, 'subsidised_training', '2026-10', '500103003', 5, 'computed')`.execute(db);
    let t0 = await now();
    expect((await recomputeIndicators(db, YEAR, 11)).changed).toBe(3);
    expect(await stored(false)).toBe(valuesBefore);
    expect(await rewrittenSince(t0)).toBe(2);

    // New data: one more training record in October changes October and November of the one indicator counting it.
    const series = async () => (await sql<{ value: number }>`SELECT value FROM indicator_value WHERE plan_year = ${YEAR} AND indicator_code = 'subsidised_training'
      AND unit_code = '500103' AND period IN ('2026-09', '2026-10', '2026-11') ORDER BY period`.execute(db)).rows.map((r) => Number(r.value));
    const [sep, oct, nov] = await series();
    const person = (await sql<{ id: number }>`SELECT id FROM person ORDER BY id LIMIT 1`.execute(db)).rows[0]!.id;
    await db.insertInto('hr_training_record').values({ person_id: person, course_code: 'TEST-UPGRADE', course_name: '测试提升培训', kind: 'upgrade', start_date: '2026-10-12', end_date: '2026-10-20', certificate_level: null, district_code: '500103', batch_id: t.factory.batchId }).execute();
    t0 = await now();
    expect((await recomputeIndicators(db, YEAR, 11)).changed).toBe(2);
    expect(await series()).toEqual([sep, oct! + 1, nov! + 1]);
    expect(await rewrittenSince(t0)).toBe(2);
    await db.deleteFrom('hr_training_record').where('course_code', '=', 'TEST-UPGRADE').execute();
    expect((await recomputeIndicators(db, YEAR, 11)).changed).toBe(2);
    expect(await stored(false)).toBe(valuesBefore);
  });

  // October of this year (recomputed through November), and December of last year, whose plan is
  // recomputed with data that has moved on since (enrolments dated this year must not count then).
  // (Medical and long-term-care enrolment are kept by year, and the synthetic city has this year's only.)
  it.each([
    { year: YEAR, through: 11, m: 10, end: '2026-10-31', byYear: true },
    { year: YEAR - 1, through: 12, m: 12, end: '2025-12-31', byYear: false },
  ])('zero-employment households, pension enrolment and the coverage rates equal plain counts ($end)', async ({ year, through, m, end, byYear }) => {
    const month = async (query: string) => new Map((await runComputed(t.db, query, { year, through })).filter((r) => r.month === m).map((r) => [r.unit, r]));
    const plain = async (q: ReturnType<typeof sql<{ unit: string; num: number; den: number }>>) => new Map((await q.execute(t.db)).rows.map((r) => [r.unit, { num: Number(r.num), den: Number(r.den) }]));
    const alive = sql`NOT EXISTS (SELECT 1 FROM police_death d WHERE d.person_id = p.id AND d.death_date <= ${end}::date)`;
    const zero = await plain(sql`SELECT h.district_code AS unit, count(*) AS num, 0 AS den FROM household h
      WHERE EXISTS (SELECT 1 FROM person p JOIN hr_unemployment_registration u ON u.person_id = p.id WHERE p.household_id = h.id AND u.registered_on <= ${end}::date AND (u.ended_on IS NULL OR u.ended_on > ${end}::date))
        AND NOT EXISTS (SELECT 1 FROM person p JOIN employment e ON e.person_id = p.id WHERE p.household_id = h.id AND e.start_date <= ${end}::date AND (e.end_date IS NULL OR e.end_date >= ${end}::date))
      GROUP BY 1`);
    const pension = await plain(sql`SELECT district_code AS unit, count(DISTINCT person_id) AS num, 0 AS den FROM hr_insurance_enrolment
      WHERE scheme IN ('employee_pension', 'resident_pension') AND status = 'active' AND enrolled_on <= ${end}::date GROUP BY 1`);
    const pensionCoverage = await plain(sql`SELECT p.district_code AS unit, count(*) AS den,
        count(*) FILTER (WHERE EXISTS (SELECT 1 FROM hr_insurance_enrolment e WHERE e.person_id = p.id AND e.scheme IN ('employee_pension', 'resident_pension') AND e.status = 'active' AND e.enrolled_on <= ${end}::date)) AS num
      FROM person p WHERE p.birth_date + interval '16 years' <= ${end}::date AND ${alive} AND NOT EXISTS (SELECT 1 FROM edu_student s WHERE s.person_id = p.id AND s.school_year >= ${year - 1})
      GROUP BY 1`);
    const medical = await plain(sql`SELECT p.district_code AS unit, count(*) AS den, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM medical_enrolment m WHERE m.person_id = p.id AND m.year = ${year})) AS num
      FROM person p WHERE p.birth_date <= ${end}::date AND ${alive} GROUP BY 1`);
    const ltc = await plain(sql`SELECT p.district_code AS unit, count(*) AS den, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM ltc_enrolment l WHERE l.person_id = p.id AND l.year = ${year})) AS num
      FROM medical_enrolment m JOIN person p ON p.id = m.person_id WHERE m.year = ${year} AND m.scheme = 'employee' AND ${alive} GROUP BY 1`);
    const checks: [string, Map<string, { num: number; den: number }>, 'value' | 'rate'][] = [
      ['zero_employment_households', zero, 'value'],
      ['pension_enrolled', pension, 'value'],
      ['resident_pension_coverage', pensionCoverage, 'rate'],
    ];
    if (byYear) checks.push(['medical_coverage', medical, 'rate'], ['ltc_insurance_coverage', ltc, 'rate']);
    for (const [query, counts, kind] of checks) {
      const rows = await month(query);
      expect(rows.size).toBe(38);
      for (const [unit, r] of rows) {
        const c = counts.get(unit) ?? { num: 0, den: 0 };
        expect([query, unit, kind === 'value' ? r.value : r.numerator, kind === 'value' ? 0 : r.denominator]).toEqual([query, unit, c.num, c.den]);
      }
      expect([...counts.values()].reduce((n, c) => n + c.num + c.den, 0)).toBeGreaterThan(0);
    }
  });
});

describe('reporting with approval', () => {
  const period = '2026-10';
  it('a district submits, the department approves, and the values, lights and rank follow', async () => {
    expect(DEMO_OPEN_DISTRICTS).toContain('500112');
    const yubei = await as('yubei');
    const form = (await yubei.get(`/api/plans/${YEAR}/submissions/form?period=${period}&org=500112&department=hrss`)).json() as { editable: boolean; dueOn: string; rows: Row[] };
    expect(form.editable).toBe(true);
    expect(form.dueOn).toBe('2026-11-05');
    expect(form.rows.length).toBeGreaterThan(10);
    const vac = form.rows.find((r) => r.indicator === 'youth_employment_services')!;
    expect(vac.previous?.value).not.toBeNull();

    // The closure of wage-arrears leads is computed from cases now: nobody reports it.
    expect(form.rows.some((r) => r.indicator === 'wage_arrears_closure_rate')).toBe(false);
    // A numerator over its denominator and a cumulative value that fell are errors; they block submitting.
    const values = form.rows.map((r) =>
      r.aggregation === 'rate'
        ? { indicator: r.indicator, unit: r.unitCode, numerator: (r.previous?.numerator ?? 0) + 5, denominator: (r.previous?.denominator ?? 0) + 5 }
        : { indicator: r.indicator, unit: r.unitCode, value: (r.previous?.value ?? 0) + 1 },
    );
    const broken = values.map((v) => (v.indicator === 'migrant_return_to_work_rate' ? { ...v, numerator: 500, denominator: 10 } : v.indicator === 'youth_employment_services' ? { ...v, value: (vac.previous!.value ?? 0) - 1 } : v));
    const draft = await yubei.put(`/api/plans/${YEAR}/submissions`, { period, org: '500112', department: 'hrss', values: broken });
    expect(draft.statusCode).toBe(200);
    const d = draft.json() as { id: number; version: number; findings: { indicator: string; rule: string; severity: string }[] };
    expect(d.findings).toEqual(expect.arrayContaining([expect.objectContaining({ indicator: 'migrant_return_to_work_rate', rule: 'numerator_over_denominator', severity: 'error' }), expect.objectContaining({ indicator: 'youth_employment_services', rule: 'cumulative_fell', severity: 'error' })]));
    const refused = await yubei.post(`/api/submissions/${d.id}/submit`, { version: d.version });
    expect(refused.statusCode).toBe(400);

    // A value that is not this unit's is refused by name.
    const foreign = await yubei.put(`/api/plans/${YEAR}/submissions`, { period, org: '500112', department: 'hrss', values: [{ indicator: 'youth_employment_services', unit: '500101', value: 1 }] });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.body).toContain('values.0');

    // Fixed, saved again and submitted: late (due 5 November, now 20 November).
    const fixed = (await yubei.put(`/api/plans/${YEAR}/submissions`, { period, org: '500112', department: 'hrss', version: d.version, values: values.map((v) => (v.indicator === 'youth_employment_services' ? { ...v, value: (vac.previous!.value ?? 0) + 400 } : v)) })).json() as { id: number; version: number; findings: { severity: string }[] };
    expect(fixed.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const submitted = (await yubei.post(`/api/submissions/${fixed.id}/submit`, { version: fixed.version })).json() as { status: string; late: boolean; version: number };
    expect(submitted).toMatchObject({ status: 'submitted', late: true });
    // Locked while awaiting review; the district cannot approve its own values.
    expect((await yubei.put(`/api/plans/${YEAR}/submissions`, { period, org: '500112', department: 'hrss', values })).statusCode).toBe(409);
    expect((await yubei.post(`/api/submissions/${fixed.id}/approve`, { version: submitted.version })).statusCode).toBe(403);

    const before = (await (await as('admin')).get(`/api/plans/${YEAR}/league?period=${period}`)).json() as { rows: { districtCode: string; score: number; rank: number }[] };
    const hrss = await as('hrss');
    // A stale version loses, with a clear conflict.
    expect((await hrss.post(`/api/submissions/${fixed.id}/approve`, { version: submitted.version - 1 })).statusCode).toBe(409);
    const ok = await hrss.post(`/api/submissions/${fixed.id}/approve`, { version: submitted.version, comment: '数据已核' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'approved' });
    const stored = await t.db.selectFrom('indicator_value').select(['value', 'source', 'submission_id']).where('plan_year', '=', YEAR).where('indicator_code', '=', 'youth_employment_services').where('period', '=', period).where('unit_code', '=', '500112').executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ value: (vac.previous!.value ?? 0) + 400, source: 'reported', submission_id: fixed.id });
    const after = (await (await as('admin')).get(`/api/plans/${YEAR}/league?period=${period}`)).json() as { rows: { districtCode: string; score: number; rank: number }[] };
    const yb = (rows: { districtCode: string; score: number }[]) => rows.find((r) => r.districtCode === '500112')!.score;
    expect(yb(after.rows)).toBeGreaterThan(yb(before.rows));
    // The event history is append-only.
    const events = (await yubei.get(`/api/submissions/${fixed.id}`)).json() as { events: { action: string }[] };
    expect(events.events.map((e) => e.action)).toEqual(['saved', 'saved', 'submitted', 'approved']);
    await expect(sql`UPDATE report_event SET comment = 'x' WHERE submission_id = ${fixed.id}`.execute(t.db)).rejects.toThrow();
  });

  it('returning needs a reason, and the district may then correct and resubmit', async () => {
    const wanzhou = await as('wanzhou');
    const form = (await wanzhou.get(`/api/plans/${YEAR}/submissions/form?period=${period}&org=500101&department=hrss`)).json() as { rows: Row[] };
    const values = form.rows.map((r) => (r.aggregation === 'rate' ? { indicator: r.indicator, unit: r.unitCode, numerator: (r.previous?.numerator ?? 0) + 1, denominator: (r.previous?.denominator ?? 0) + 1 } : { indicator: r.indicator, unit: r.unitCode, value: (r.previous?.value ?? 0) + 1 }));
    const d = (await wanzhou.put(`/api/plans/${YEAR}/submissions`, { period, org: '500101', department: 'hrss', values })).json() as { id: number; version: number };
    const s = (await wanzhou.post(`/api/submissions/${d.id}/submit`, { version: d.version })).json() as { version: number };
    const hrss = await as('hrss');
    expect((await hrss.post(`/api/submissions/${d.id}/return`, { version: s.version })).statusCode).toBe(400);
    const ret = (await hrss.post(`/api/submissions/${d.id}/return`, { version: s.version, comment: '培训券数量与台账不符，请核实' })).json() as { status: string; reviewComment: string; canEdit: boolean };
    expect(ret).toMatchObject({ status: 'returned', reviewComment: '培训券数量与台账不符，请核实' });
    expect((await wanzhou.get(`/api/submissions/${d.id}`)).json()).toMatchObject({ canEdit: true });
    // Nothing of a returned submission reaches the indicator values.
    const v = await t.db.selectFrom('indicator_value').select('submission_id').where('plan_year', '=', YEAR).where('period', '=', period).where('unit_code', '=', '500101').where('indicator_code', '=', 'youth_employment_services').executeTakeFirst();
    expect(v?.submission_id ?? null).not.toBe(d.id);
  });

  it('only the unit’s own officers report it; township workers and citizens do not report at all', async () => {
    const yubei = await as('yubei');
    expect((await yubei.get(`/api/plans/${YEAR}/submissions/form?period=${period}&org=500101&department=hrss`)).statusCode).toBe(403);
    const township = await as('jiefangbei');
    expect((await township.get(`/api/plans/${YEAR}/submissions/form?period=${period}&org=500103&department=hrss`)).statusCode).toBe(403);
    expect((await t.anonymous.get(`/api/plans/${YEAR}/progress`)).statusCode).toBe(401);
    const person = await t.db.selectFrom('person').select('id').orderBy('id').executeTakeFirstOrThrow();
    const citizen = await t.demoLogin({ kind: 'citizen', personId: person.id });
    expect((await citizen.get(`/api/plans/${YEAR}/progress`)).statusCode).toBe(403);
    // A district officer sees the city and their own district, not another district.
    expect((await yubei.get(`/api/plans/${YEAR}/progress?org=500112`)).statusCode).toBe(200);
    expect((await yubei.get(`/api/plans/${YEAR}/progress?org=500101`)).statusCode).toBe(404);
    expect((await yubei.get(`/api/plans/${YEAR}/submissions`)).json().every((s: { orgCode: string }) => s.orgCode === '500112')).toBe(true);
  });
});

describe('progress, league and supervision', () => {
  it('shows every target of the city against time, with lights that add up', async () => {
    const admin = await as('admin');
    const p = (await admin.get(`/api/plans/${YEAR}/progress?period=2026-10`)).json() as { timeShare: number; summary: Record<string, number>; goals: { targets: { code: string; light: string; explanation: { zh: string } }[] }[]; measures: { targets: unknown[] }[] };
    expect(p.timeShare).toBeCloseTo(10 / 12, 10);
    const n = p.goals.flatMap((g) => g.targets).length + p.measures.flatMap((m) => m.targets).length;
    expect(n).toBe(fileTargets);
    expect(Object.values(p.summary).reduce((a, b) => a + b, 0)).toBe(fileTargets);
    // A plausible picture: not all one colour.
    expect(Object.values(p.summary).filter((x) => x > 0).length).toBeGreaterThanOrEqual(4);
    expect(p.goals[0]!.targets[0]!.explanation.zh.length).toBeGreaterThan(5);
  });

  it('ranks the 38 districts with movement since the month before', async () => {
    const admin = await as('admin');
    const l = (await admin.get(`/api/plans/${YEAR}/league?period=2026-10`)).json() as { previousPeriod: string; method: { zh: string }; rows: { rank: number; previousRank: number | null; movement: number | null; score: number }[] };
    expect(l.rows).toHaveLength(38);
    expect(l.previousPeriod).toBe('2026-09');
    expect(l.rows[0]!.rank).toBe(1);
    expect(l.rows.every((r, i) => i === 0 || r.score <= l.rows[i - 1]!.score)).toBe(true);
    expect(l.rows.every((r) => r.movement === (r.previousRank === null ? null : r.previousRank - r.rank))).toBe(true);
    expect(l.method.zh).toContain('封顶');
  });

  it('a red light opens a supervision case; the district answers, the city closes; a lapsed one escalates', async () => {
    type Item = { id: number; orgCode: string; state: string; version: number };
    const yubei = await as('yubei');
    const tasks = (await yubei.get('/api/cases?kind=supervision_task&pageSize=200')).json().items as Item[];
    expect(tasks.length).toBeGreaterThan(0);
    expect(tasks.every((x) => x.orgCode === '500112')).toBe(true);
    const task = tasks.find((x) => x.state === 'open')!;
    const detail = (await yubei.get(`/api/cases/${task.id}`)).json() as { details: Record<string, unknown>; subjectRef: string; actions: string[] };
    expect(detail.details).toMatchObject({ planYear: YEAR, unit: '500112' });
    expect(detail.subjectRef).toMatch(new RegExp(`^plan:${YEAR}:.+:500112$`));
    expect(detail.actions).toContain('transition:respond');
    const admin = await as('admin');
    const all = (await admin.get('/api/cases?kind=supervision_task&pageSize=200')).json().items as Item[];
    const foreign = all.find((x) => x.orgCode !== '500112' && x.orgCode !== '500000' && x.state === 'open')!;
    expect((await yubei.post(`/api/cases/${foreign.id}/actions`, { version: foreign.version, action: 'transition', transition: 'respond', evidence: '已落实整改措施' })).statusCode).toBe(404);
    const early = await admin.post(`/api/cases/${task.id}/actions`, { version: task.version, action: 'transition', transition: 'close', conclusion: 'measures_accepted' });
    expect(early.statusCode).toBe(409);
    const answered = await yubei.post(`/api/cases/${task.id}/actions`, { version: task.version, action: 'transition', transition: 'respond', evidence: '已召开专题会，逐月调度，12月前补齐差距' });
    expect(answered.json()).toMatchObject({ state: 'responded' });
    const closed = await admin.post(`/api/cases/${task.id}/actions`, { version: answered.json().version, action: 'transition', transition: 'close', conclusion: 'measures_accepted' });
    expect(closed.json()).toMatchObject({ state: 'closed', final: true });
    // A second pass over the same month opens nothing new for targets that already have a live task.
    const again = await admin.post(`/api/plans/${YEAR}/recompute`);
    expect(again.statusCode).toBe(200);
    const live = await t.db.selectFrom('case_record').select(['subject_ref']).where('kind_code', '=', 'supervision_task').where('final', '=', false).execute();
    expect(new Set(live.map((r) => r.subject_ref)).size).toBe(live.length);
    // Three weeks later, a task nobody answered has escalated to the city.
    t.clock.advanceMs(21 * 86_400_000);
    try {
      expect(await escalateOverdue(t.db as never, t.clock)).toBeGreaterThan(0);
      const lapsed = (await (await t.login('admin')).get(`/api/cases/${foreign.id}`)).json() as { escalated: boolean; light: string; state: string; timeline: { action: string }[] };
      expect(lapsed).toMatchObject({ escalated: true, light: 'red', state: 'open' });
      expect(lapsed.timeline.map((e) => e.action)).toEqual(['created', 'escalated']);
    } finally {
      t.clock.set('2026-11-20T10:00:00+08:00');
    }
  });
});

describe('tasks of the first release', () => {
  it('move into cases once, with their history', async () => {
    const target = await t.db.selectFrom('plan_target').select(['code']).where('plan_year', '=', YEAR).where('decompose', '=', true).executeTakeFirstOrThrow();
    const admin = await t.db.selectFrom('app_user').select(['id']).where('username', '=', 'admin').executeTakeFirstOrThrow();
    const task = await t.db
      .insertInto('supervision_task')
      .values({ plan_year: YEAR, target_code: target.code, org_code: '500101', department_code: 'hrss', period: `${YEAR}-09`, light: 'red', gap_points: 12.5, reason_zh: '落后', reason_en: 'behind', status: 'closed', due_on: `${YEAR}-10-15`, response: '已整改', closure_note: '同意', created_at: new Date(`${YEAR}-10-02T09:00:00+08:00`), updated_at: new Date(`${YEAR}-10-20T09:00:00+08:00`) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db.insertInto('supervision_event').values([
      { task_id: task.id, action: 'opened', actor_id: null, note: null, at: new Date(`${YEAR}-10-02T09:00:00+08:00`) },
      { task_id: task.id, action: 'responded', actor_id: null, note: '已召开专题会', at: new Date(`${YEAR}-10-09T09:00:00+08:00`) },
      { task_id: task.id, action: 'closed', actor_id: admin.id, note: '同意办结', at: new Date(`${YEAR}-10-20T09:00:00+08:00`) },
    ]).execute();
    expect(await absorbLegacyTasks(t.db as never)).toBe(1);
    expect(await absorbLegacyTasks(t.db as never)).toBe(0);
    const c = await t.db.selectFrom('case_record').selectAll().where('kind_code', '=', 'supervision_task').where(sql<boolean>`details->>'legacyTaskId' = ${String(task.id)}`).executeTakeFirstOrThrow();
    expect(c).toMatchObject({ state: 'closed', final: true, org_code: '500101', conclusion: 'measures_accepted', subject_ref: `plan:${YEAR}:${target.code}:500101` });
    const events = await t.db.selectFrom('case_event').select(['action', 'at']).where('case_id', '=', c.id).orderBy('seq').execute();
    expect(events.map((e) => [e.action, new Date(e.at).toISOString().slice(0, 10)])).toEqual([
      ['created', `${YEAR}-10-02`],
      ['transition', `${YEAR}-10-09`],
      ['transition', `${YEAR}-10-20`],
    ]);
  });
});

describe('public ratings', () => {
  it('a citizen rates a service of their district once; scores show only above the minimum sample', async () => {
    const person = await t.db.selectFrom('person').select(['id', 'district_code']).orderBy('id').executeTakeFirstOrThrow();
    const citizen = await t.demoLogin({ kind: 'citizen', personId: person.id });
    const mine = (await citizen.get('/api/me/ratings')).json() as { rateable: { subjectKind: string; subjectRef: string; districtCode: string }[] };
    const svc = mine.rateable.find((s) => s.subjectKind === 'service')!;
    expect(svc.districtCode).toBe(person.district_code);
    const body = { subjectKind: 'service', subjectRef: svc.subjectRef, score: 5, satisfaction: 'satisfied', comment: '办事很快' };
    expect((await citizen.post('/api/ratings', body)).statusCode).toBe(201);
    expect((await citizen.post('/api/ratings', body)).statusCode).toBe(409);
    const other = person.district_code === '500101' ? '500102' : '500101';
    expect((await citizen.post('/api/ratings', { ...body, subjectRef: `employment_service:${other}` })).statusCode).toBe(400);
    expect((await citizen.post('/api/ratings', { ...body, score: 6 })).statusCode).toBe(400);
    const admin = await as('admin');
    const s = (await admin.get('/api/ratings/summary?by=district')).json() as { minSample: number; rows: { n: number; mean: number | null; shown: boolean }[] };
    expect(s.rows).toHaveLength(38);
    expect(s.rows.filter((r) => r.n < s.minSample).every((r) => r.mean === null && !r.shown)).toBe(true);
    expect(s.rows.some((r) => r.shown && r.mean !== null)).toBe(true);
  });
});

describe('reports and publishing', () => {
  it('the monthly 民生报表 is an XLSX with the city, the districts and the league', async () => {
    const admin = await as('admin');
    const res = await admin.get(`/api/plans/${YEAR}/report.xlsx?period=2026-10`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['全市', '区县', '赛马比拼']);
    expect(wb.getWorksheet('全市')!.getRow(3).getCell(1).value).toBe('指标编号');
    expect(wb.getWorksheet('全市')!.rowCount).toBe(3 + fileTargets);
    expect(wb.getWorksheet('赛马比拼')!.getRow(2).getCell(1).value).toBe(1);
  });

  it('the public page and open data need no login and hold aggregates only', async () => {
    const p = await t.anonymous.get(`/api/public/plans/${YEAR}/progress?period=2026-10`);
    expect(p.statusCode).toBe(200);
    const body = p.json() as { targets: unknown[]; league: unknown[] };
    expect(body.targets).toHaveLength(fileTargets);
    expect(body.league).toHaveLength(38);
    // No ID numbers, names or phones anywhere in what the public sees.
    expect(p.body).not.toMatch(/\d{17}[\dX]/);
    const csv = await t.anonymous.get(`/api/public/plans/${YEAR}/observations.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body.replace(/^\uFEFF/, '').split('\n')[0]).toBe('REF_AREA,REF_AREA_NAME,INDICATOR,INDICATOR_NAME,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,TARGET');
    const json = (await t.anonymous.get(`/api/public/plans/${YEAR}/observations.json`)).json() as { observations: { REF_AREA: string; TIME_PERIOD: string; OBS_VALUE: number | null; UNIT_MEASURE: string }[] };
    expect(json.observations.length).toBeGreaterThan(1000);
    expect(json.observations.some((o) => o.REF_AREA === '500000' && o.TIME_PERIOD === '2026-10')).toBe(true);
    const geo = (await t.anonymous.get('/api/public/geo/chongqing')).json() as { features: { properties: { name: string; code: string } }[] };
    expect(geo.features).toHaveLength(38);
    expect(geo.features.map((f) => f.properties.name)).toEqual(expect.arrayContaining(['梁平区', '武隆区']));
    expect(geo.features.every((f) => /^5001\d\d|^5002\d\d/.test(f.properties.code))).toBe(true);
  });
});

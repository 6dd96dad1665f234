// `huimin start` seeds the demo city on the first start only: a restart keeps every row as it was.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { testConfig } from './config.js';
import { fixedClock } from './platform/clock.js';
import { prepareForStart } from './startup.js';

const dir = mkdtempSync(join(tmpdir(), 'huimin-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('first start and restart on the embedded database', () => {
  it('seeds once, then keeps the same data without seeding again', async () => {
    const config = testConfig({ dataDir: dir, persons: 1500, seed: 7 });
    const clock = fixedClock('2026-11-20T10:00:00+08:00');
    const digest = async (h: Awaited<ReturnType<typeof prepareForStart>>['handle']) =>
      (await sql<{ d: string }>`SELECT md5(string_agg(id_number || name || village_code, ',' ORDER BY id)) AS d FROM person`.execute(h.db)).rows[0]!.d;

    const first = await prepareForStart(config, clock);
    expect(first.seeded?.persons).toBe(1500);
    const persons = (await first.handle.db.selectFrom('person').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const before = await digest(first.handle);
    const staff = await first.handle.db.selectFrom('app_user').select('username').where('role', '!=', 'citizen').execute();
    expect(staff.map((u) => u.username)).toContain('yubei');
    // The plan as written, and this year's demo plan with its simulated reports.
    expect((await first.handle.db.selectFrom('plan').select('year').orderBy('year').execute()).map((p) => p.year)).toEqual([2023, 2026]);
    const reports = (await first.handle.db.selectFrom('report_submission').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    expect(Number(reports)).toBeGreaterThan(0);
    // The employment pages have a year of work to show: postings (some stopped by screening), events of
    // every kind, the graduates ledger, households to clear, and the early warning's finds.
    const count = async (h: typeof first.handle, q: ReturnType<typeof sql<{ n: number }>>) => Number((await q.execute(h.db)).rows[0]!.n);
    const employment = async (h: typeof first.handle) => ({
      published: await count(h, sql`SELECT count(*)::int AS n FROM job_posting WHERE status = 'published'`),
      stopped: await count(h, sql`SELECT count(*)::int AS n FROM job_posting WHERE findings @> '[{"severity":"block"}]'`),
      eventKinds: await count(h, sql`SELECT count(DISTINCT kind)::int AS n FROM recruitment_event`),
      hires: await count(h, sql`SELECT count(*)::int AS n FROM job_application WHERE status = 'hired'`),
      graduates: await count(h, sql`SELECT count(*)::int AS n FROM graduate_record`),
      households: await count(h, sql`SELECT count(*)::int AS n FROM zero_employment_household WHERE status = 'open' AND township_code = '500103003'`),
      warnings: await count(h, sql`SELECT count(*)::int AS n FROM employment_warning`),
      brokers: await count(h, sql`SELECT count(*)::int AS n FROM service_point WHERE kind = 'labour_broker'`),
    });
    const demo = await employment(first.handle);
    expect(demo).toMatchObject({ eventKinds: 6, households: 1 });
    for (const [k, v] of Object.entries(demo)) expect(v, k).toBeGreaterThan(0);
    // Social insurance: the feeds, the two late-registered deaths in 渝北 caught by the risk rules
    // (waiting for the district's decision), coverage gaps, a certification with most recipients
    // certified by data, and bundles.
    const insurance = async (h: typeof first.handle) => ({
      awards: await count(h, sql`SELECT count(*)::int AS n FROM benefit_award`),
      yubeiDeaths: await count(h, sql`SELECT count(*)::int AS n FROM risk_hit WHERE rule_id = 'risk-paid-after-death' AND district_code = '500112' AND status = 'open'`),
      gaps: await count(h, sql`SELECT count(*)::int AS n FROM coverage_gap`),
      certified: await count(h, sql`SELECT count(*)::int AS n FROM certification WHERE status = 'data_certified'`),
      bundles: await count(h, sql`SELECT count(*)::int AS n FROM bundle`),
    });
    const ins = await insurance(first.handle);
    expect(ins.yubeiDeaths).toBe(2);
    for (const [k, v] of Object.entries(ins)) expect(v, k).toBeGreaterThan(0);
    const recipients = await count(first.handle, sql`SELECT count(*)::int AS n FROM certification WHERE status <> 'suspended_death'`);
    expect(ins.certified / recipients).toBeGreaterThan(0.8);
    await first.handle.close();

    const second = await prepareForStart(config, clock);
    expect(second.seeded).toBeNull();
    expect((await second.handle.db.selectFrom('person').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n).toBe(persons);
    expect(await digest(second.handle)).toBe(before);
    const batches = await second.handle.db.selectFrom('import_batch').select('feed').where('feed', '=', 'person').execute();
    expect(batches).toHaveLength(1);
    expect((await second.handle.db.selectFrom('report_submission').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n).toBe(reports);
    expect(await employment(second.handle)).toEqual(demo);
    expect(await insurance(second.handle)).toEqual(ins);
    await second.handle.close();
    // (A first start seeds, snapshots, runs the policy pack and builds the plan picture.)
  }, 300_000);
});

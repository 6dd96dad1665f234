// The insurance department feeds derived from a seeded city (in-memory PGlite, or a throwaway
// PostgreSQL database when TEST_DATABASE_URL is set): what an official relies on — awards only for
// those entitled, payments only in an award's life and never after death or in custody except on the
// few planted risks, signs of life for most living recipients, plausible rates — plus lineage,
// all-or-nothing, a no-op second call and determinism.
import { sql, type RawBuilder } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDb } from '../../testing/harness.js';
import { seedCity } from '../citygen/index.js';
import { INSURANCE_FEED_DEPARTMENT, INSURANCE_FEED_TABLES, OTHER_PROVINCE_REGIONS, PLATFORMS, seedInsuranceFeeds, type InsuranceFeedTable } from './feeds.js';

const PERSONS = 20_000;
const SEED = 20261120;
const AS_OF = '2026-11-20';
const OLDEST_PAID = '2026-05-01'; // asOf's month minus 6
const LAST_CLOSED = '2026-10-01';
const SIGNALS_FROM = '2025-11-20'; // 365 days before asOf
/** The certification's weights and threshold (not this module's; restated to check the tuning). */
const WEIGHT_SQL = sql.raw(`CASE s.source WHEN 'medical_visit' THEN 60 WHEN 'social_card' THEN 50 WHEN 'transport' THEN 30 WHEN 'civil_affairs' THEN 50 WHEN 'residence' THEN 40 END`);
const THRESHOLD = 60;

let h: TestDb;
let counts: Record<InsuranceFeedTable, number>;
let seconds = 0;
const lines: string[] = [];

async function one<T>(q: RawBuilder<T>): Promise<T> {
  const row = (await q.execute(h.db)).rows[0];
  if (!row) throw new Error('no row');
  return row;
}
const count = async (q: RawBuilder<unknown>) => Number((await one(sql<{ n: number }>`SELECT count(*)::int AS n FROM (${q}) t`)).n);

beforeAll(async () => {
  h = await openTestDatabase();
  await seedCity(h, { seed: SEED, persons: PERSONS, asOf: AS_OF });
}, 180_000);

afterAll(async () => {
  await h?.close();
});

describe('seedInsuranceFeeds', () => {
  it('leaves nothing behind when a step fails', async () => {
    // The last table refuses every row (a constraint: triggers may be suspended while loading).
    await sql`ALTER TABLE ltc_enrolment ADD CONSTRAINT test_ltc_feed_down CHECK (year < 0) NOT VALID`.execute(h.db);
    try {
      await expect(seedInsuranceFeeds(h.db, { asOf: AS_OF, seed: SEED })).rejects.toThrow(/test_ltc_feed_down/);
    } finally {
      await sql`ALTER TABLE ltc_enrolment DROP CONSTRAINT test_ltc_feed_down`.execute(h.db);
    }
    for (const table of INSURANCE_FEED_TABLES) expect(await count(sql`SELECT 1 FROM ${sql.table(table)}`), table).toBe(0);
    expect(await count(sql`SELECT 1 FROM import_batch WHERE feed IN (${sql.join([...INSURANCE_FEED_TABLES])})`)).toBe(0);
  });

  it('refuses an impossible evaluation day', async () => {
    await expect(seedInsuranceFeeds(h.db, { asOf: '2026-02-30', seed: SEED })).rejects.toThrow(/Invalid evaluation day/);
  });

  it('fills every table, each from one batch of its department with its row counts', async () => {
    // An autovacuum ANALYZE may run during the load, seeing only the failed attempt's dead rows.
    for (const table of INSURANCE_FEED_TABLES) await sql`ANALYZE ${sql.table(table)}`.execute(h.db);
    const t = performance.now();
    counts = await seedInsuranceFeeds(h.db, { asOf: AS_OF, seed: SEED, log: (l) => lines.push(l) });
    seconds = (performance.now() - t) / 1000;
    console.log(`insurance feeds at ${PERSONS.toLocaleString('en')} persons: ${seconds.toFixed(1)} s\n${lines.join('\n')}`);
    const batches = await h.db.selectFrom('import_batch').selectAll().where('feed', 'in', [...INSURANCE_FEED_TABLES]).execute();
    expect(batches).toHaveLength(INSURANCE_FEED_TABLES.length);
    for (const table of INSURANCE_FEED_TABLES) {
      expect(counts[table], table).toBeGreaterThan(0);
      expect(await count(sql`SELECT 1 FROM ${sql.table(table)}`), table).toBe(counts[table]);
      const batch = batches.find((b) => b.feed === table)!;
      expect(batch.department_code).toBe(INSURANCE_FEED_DEPARTMENT[table]);
      expect(batch).toMatchObject({ mode: 'seed', status: 'loaded', rows_total: counts[table], rows_inserted: counts[table] });
      expect(batch.finished_at).not.toBeNull();
      expect(await count(sql`SELECT 1 FROM ${sql.table(table)} WHERE batch_id IS DISTINCT FROM ${batch.id}`), `${table} outside its batch`).toBe(0);
    }
    // The planner's row counts are those loaded, so the checks that follow a load plan on them.
    const stats = await sql<{ relname: string; reltuples: number }>`SELECT relname, reltuples::int AS reltuples FROM pg_class
      WHERE relname IN (${sql.join([...INSURANCE_FEED_TABLES])}) AND relkind = 'r'`.execute(h.db);
    expect(Object.fromEntries(stats.rows.map((r) => [r.relname, r.reltuples]))).toEqual(counts);
    expect(INSURANCE_FEED_DEPARTMENT).toMatchObject({ justice_custody: 'justice', platform_income: 'tax', ltc_enrolment: 'medical_insurance', benefit_award: 'hrss' });
  });

  it('awards pensions only from pension age, unemployment benefit only to the registered unemployed', async () => {
    // Employee pension: enrolled, men 60+ / women 50+; resident pension: enrolled, 60+.
    expect(await count(sql`SELECT 1 FROM benefit_award a JOIN person p ON p.id = a.person_id
      WHERE a.kind = 'employee_pension' AND (
        p.birth_date > (${AS_OF}::date - make_interval(years => CASE WHEN p.sex = 'M' THEN 60 ELSE 50 END))::date
        OR NOT EXISTS (SELECT 1 FROM hr_insurance_enrolment e WHERE e.person_id = p.id AND e.scheme = 'employee_pension')
        OR a.start_month < (date_trunc('month', p.birth_date + make_interval(years => CASE WHEN p.sex = 'M' THEN 60 ELSE 50 END)) + interval '1 month')::date
        OR a.start_month < DATE '1995-01-01')`)).toBe(0);
    expect(await count(sql`SELECT 1 FROM benefit_award a JOIN person p ON p.id = a.person_id
      WHERE a.kind = 'resident_pension' AND (
        p.birth_date > (${AS_OF}::date - interval '60 years')::date
        OR NOT EXISTS (SELECT 1 FROM hr_insurance_enrolment e WHERE e.person_id = p.id AND e.scheme = 'resident_pension')
        OR a.start_month < DATE '2011-07-01')`)).toBe(0);
    expect(await count(sql`SELECT 1 FROM benefit_award a WHERE a.kind = 'unemployment_benefit'
      AND NOT EXISTS (SELECT 1 FROM hr_unemployment_registration r WHERE r.person_id = a.person_id AND a.start_month > r.registered_on)`)).toBe(0);
    expect(await count(sql`SELECT 1 FROM benefit_award a WHERE a.kind = 'work_injury_allowance'
      AND NOT EXISTS (SELECT 1 FROM hr_insurance_enrolment e WHERE e.person_id = a.person_id AND e.scheme = 'work_injury')`)).toBe(0);
    // Nobody draws both pensions; one award per person and kind from a Chongqing agency.
    expect(await count(sql`SELECT person_id FROM benefit_award WHERE kind IN ('employee_pension', 'resident_pension') AND paying_region LIKE '50%'
      GROUP BY person_id HAVING count(*) > 1`)).toBe(0);
    // Residence district, paid by the district's agency unless from another province.
    expect(await count(sql`SELECT 1 FROM benefit_award a JOIN person p ON p.id = a.person_id
      WHERE a.district_code <> p.district_code OR (a.paying_region <> a.district_code AND a.paying_region NOT IN (${sql.join([...OTHER_PROVINCE_REGIONS])}))`)).toBe(0);
    // Amounts.
    const ranges = await sql<{ kind: string; lo: number; hi: number; odd: number }>`SELECT kind, min(monthly_amount_fen) AS lo, max(monthly_amount_fen) AS hi,
      count(*) FILTER (WHERE monthly_amount_fen % 100 <> 0)::int AS odd FROM benefit_award GROUP BY kind`.execute(h.db);
    const by = Object.fromEntries(ranges.rows.map((r) => [r.kind, r]));
    expect(Object.keys(by).sort()).toEqual(['employee_pension', 'resident_pension', 'unemployment_benefit', 'work_injury_allowance']);
    expect(by.employee_pension!.lo).toBeGreaterThanOrEqual(240_000);
    expect(by.employee_pension!.hi).toBeLessThanOrEqual(550_000);
    expect(by.resident_pension!.lo).toBeGreaterThanOrEqual(15_000);
    expect(by.resident_pension!.hi).toBeLessThanOrEqual(40_000);
    expect(by.work_injury_allowance!.lo).toBeGreaterThanOrEqual(150_000);
    expect(by.work_injury_allowance!.hi).toBeLessThanOrEqual(300_000);
    expect(ranges.rows.every((r) => r.odd === 0)).toBe(true);
    // Unemployment benefit: 12 months at 1,890 yuan; about a third of the registered who contributed.
    expect(await count(sql`SELECT 1 FROM benefit_award WHERE kind = 'unemployment_benefit'
      AND (end_month <> (start_month + interval '11 months')::date OR monthly_amount_fen NOT IN (189000, 210000))`)).toBe(0);
    const ub = await one(sql<{ awards: number; eligible: number }>`SELECT
      (SELECT count(*)::int FROM benefit_award a WHERE a.kind = 'unemployment_benefit'
        AND EXISTS (SELECT 1 FROM hr_unemployment_registration r WHERE r.person_id = a.person_id AND r.ended_on IS NULL)) AS awards,
      (SELECT count(DISTINCT r.person_id)::int FROM hr_unemployment_registration r
        WHERE r.ended_on IS NULL AND EXISTS (SELECT 1 FROM contribution c WHERE c.person_id = r.person_id)) AS eligible`);
    expect(ub.awards / ub.eligible).toBeGreaterThan(0.15);
    expect(ub.awards / ub.eligible).toBeLessThan(0.55);
    // Accounts: a keyed hash and a masked card number.
    expect(await count(sql`SELECT 1 FROM benefit_award WHERE bank_account_hash !~ '^[0-9a-f]{32}$' OR bank_account_masked !~ '^6217\\*{4}[0-9]{4}$'`)).toBe(0);
  });

  it('pays each award only in months of its life, within the last 6 closed months, on the 10th, its monthly amount', async () => {
    expect(await count(sql`SELECT 1 FROM benefit_payment y JOIN benefit_award a ON a.id = y.award_id
      WHERE y.month < ${OLDEST_PAID}::date OR y.month > ${LAST_CLOSED}::date
        OR y.month < a.start_month OR (a.end_month IS NOT NULL AND y.month > a.end_month)
        OR y.paid_on <> y.month + 9 OR y.amount_fen <> a.monthly_amount_fen
        OR y.person_id <> a.person_id OR y.district_code <> a.district_code`)).toBe(0);
    expect(await count(sql`SELECT DISTINCT month FROM benefit_payment`)).toBe(6);
    expect(await count(sql`SELECT 1 FROM benefit_payment y WHERE NOT EXISTS (SELECT 1 FROM benefit_award a WHERE a.id = y.award_id)`)).toBe(0);
    // An active award untouched by death or custody that started by the oldest month is paid every month.
    expect(await count(sql`SELECT a.id FROM benefit_award a LEFT JOIN benefit_payment y ON y.award_id = a.id
      WHERE a.status = 'active' AND a.start_month <= ${OLDEST_PAID}::date AND (a.end_month IS NULL OR a.end_month >= ${LAST_CLOSED}::date)
        AND NOT EXISTS (SELECT 1 FROM police_death d WHERE d.person_id = a.person_id)
        AND NOT EXISTS (SELECT 1 FROM justice_custody c WHERE c.person_id = a.person_id)
      GROUP BY a.id HAVING count(y.month) <> 6`)).toBe(0);
    // Suspended and terminated awards are not paid after their status day's month.
    expect(await count(sql`SELECT 1 FROM benefit_payment y JOIN benefit_award a ON a.id = y.award_id
      WHERE a.status <> 'active' AND y.month > date_trunc('month', a.status_on::timestamp)::date`)).toBe(0);
  });

  it('stops paying at death, except a few pensions left active and paid for 1–4 more months', async () => {
    const dead = await one(sql<{ awards: number; terminated: number; bad: number }>`SELECT count(*)::int AS awards,
      count(*) FILTER (WHERE a.status = 'terminated' AND a.status_reason = 'death' AND a.status_on = d.death_date
        AND a.end_month = date_trunc('month', d.death_date::timestamp)::date)::int AS terminated,
      count(*) FILTER (WHERE a.status <> 'terminated' AND a.status <> 'active')::int AS bad
      FROM benefit_award a JOIN police_death d ON d.person_id = a.person_id`);
    expect(dead.awards).toBeGreaterThan(50);
    expect(dead.bad).toBe(0);
    const afterDeath = await sql<{ award_id: number; status: string; kind: string; months: number; last: number }>`SELECT y.award_id, a.status, a.kind, count(*)::int AS months,
      max((extract(year FROM y.month) * 12 + extract(month FROM y.month)) - (extract(year FROM d.death_date) * 12 + extract(month FROM d.death_date)))::int AS last
      FROM benefit_payment y JOIN benefit_award a ON a.id = y.award_id JOIN police_death d ON d.person_id = a.person_id
      WHERE y.month > date_trunc('month', d.death_date::timestamp)::date
      GROUP BY y.award_id, a.status, a.kind`.execute(h.db);
    expect(afterDeath.rows.length).toBeGreaterThanOrEqual(1);
    expect(afterDeath.rows.length).toBeLessThanOrEqual(Math.max(2, Math.ceil(dead.awards * 0.05)));
    for (const r of afterDeath.rows) {
      expect(r.status).toBe('active');
      expect(['employee_pension', 'resident_pension']).toContain(r.kind);
      expect(r.last).toBeGreaterThanOrEqual(1);
      expect(r.last).toBeLessThanOrEqual(4);
    }
    // Every other award of the dead is terminated on the day of death.
    expect(dead.terminated).toBe(dead.awards - (await count(sql`SELECT 1 FROM benefit_award a JOIN police_death d ON d.person_id = a.person_id WHERE a.status = 'active'`)));
  });

  it('keeps a few adults in custody, suspends their pensions, and plants one still paid', async () => {
    const c = await one(sql<{ n: number; adults: number; ongoing: number; bad: number }>`SELECT count(*)::int AS n,
      (SELECT count(*)::int FROM person WHERE birth_date <= (${AS_OF}::date - interval '18 years')::date) AS adults,
      count(*) FILTER (WHERE c.end_date IS NULL)::int AS ongoing,
      count(*) FILTER (WHERE c.start_date < (${AS_OF}::date - interval '3 years')::date OR c.start_date >= ${AS_OF}::date
        OR c.end_date >= ${AS_OF}::date OR c.start_date < (p.birth_date + interval '18 years')::date OR c.district_code <> p.district_code
        OR EXISTS (SELECT 1 FROM police_death d WHERE d.person_id = c.person_id))::int AS bad
      FROM justice_custody c JOIN person p ON p.id = c.person_id`);
    expect(c.bad).toBe(0);
    expect(c.n / c.adults).toBeGreaterThan(0.0002);
    expect(c.n / c.adults).toBeLessThan(0.002);
    expect(c.ongoing).toBeGreaterThan(0);
    // Ongoing custody: pensions suspended from the day custody began, nothing paid after its month,
    // except the planted ones.
    const awards = await sql<{ id: number; status: string; status_reason: string | null; after: number }>`SELECT a.id, a.status, a.status_reason,
      (SELECT count(*)::int FROM benefit_payment y WHERE y.award_id = a.id AND y.month > date_trunc('month', c.start_date::timestamp)::date) AS after
      FROM benefit_award a JOIN justice_custody c ON c.person_id = a.person_id AND c.end_date IS NULL
      WHERE a.status <> 'terminated'`.execute(h.db);
    expect(awards.rows.length).toBeGreaterThanOrEqual(2);
    const stillPaid = awards.rows.filter((a) => a.after > 0);
    expect(stillPaid.length).toBeGreaterThanOrEqual(1);
    expect(stillPaid.length).toBeLessThan(awards.rows.length);
    for (const a of stillPaid) expect(a.status).toBe('active');
    for (const a of awards.rows.filter((x) => x.after === 0 && x.status !== 'active')) expect(a).toMatchObject({ status: 'suspended', status_reason: 'custody' });
    // Ended custody: nothing paid between the month after it began and the month of release.
    expect(await count(sql`SELECT 1 FROM benefit_payment y JOIN justice_custody c ON c.person_id = y.person_id AND c.end_date IS NOT NULL
      WHERE y.month > date_trunc('month', c.start_date::timestamp)::date AND y.month <= date_trunc('month', c.end_date::timestamp)::date`)).toBe(0);
  });

  it('plants a second pension from another province, benefit while employed, benefit above the maximum and a shared account', async () => {
    // Two places: a second employee pension from another province, paid in the same months.
    const twice = await sql<{ person_id: number; months: number }>`SELECT a.person_id, count(DISTINCT y.month)::int AS months
      FROM benefit_award a JOIN benefit_award b ON b.person_id = a.person_id AND b.kind = a.kind AND b.id <> a.id
      JOIN benefit_payment y ON y.award_id = a.id JOIN benefit_payment z ON z.award_id = b.id AND z.month = y.month
      WHERE a.kind = 'employee_pension' AND a.paying_region LIKE '50%' AND b.paying_region IN (${sql.join([...OTHER_PROVINCE_REGIONS])})
      GROUP BY a.person_id`.execute(h.db);
    const pensioners = await count(sql`SELECT 1 FROM benefit_award WHERE kind = 'employee_pension'`);
    expect(twice.rows.length).toBeGreaterThanOrEqual(1);
    expect(twice.rows.length).toBeLessThanOrEqual(Math.max(1, Math.ceil(pensioners * 0.002)));
    expect(twice.rows.every((r) => r.months === 6)).toBe(true);

    // Unemployment benefit paid in months with contributions from a new job, on an active award.
    const ubAwards = await count(sql`SELECT 1 FROM benefit_award WHERE kind = 'unemployment_benefit'`);
    const whileEmployed = await sql<{ award_id: number; status: string }>`SELECT DISTINCT y.award_id, a.status FROM benefit_payment y
      JOIN benefit_award a ON a.id = y.award_id
      WHERE a.kind = 'unemployment_benefit' AND EXISTS (SELECT 1 FROM contribution c WHERE c.person_id = y.person_id AND c.month = y.month)`.execute(h.db);
    expect(whileEmployed.rows.length).toBeGreaterThanOrEqual(1);
    expect(whileEmployed.rows.length).toBeLessThanOrEqual(Math.max(1, Math.ceil(ubAwards * 0.1)));
    expect(whileEmployed.rows.every((r) => r.status === 'active')).toBe(true);

    // Above the legal maximum (90% of the 2,100-yuan minimum wage).
    const above = await count(sql`SELECT 1 FROM benefit_award WHERE kind = 'unemployment_benefit' AND monthly_amount_fen > 189000`);
    expect(above).toBeGreaterThanOrEqual(1);
    expect(above).toBeLessThanOrEqual(Math.max(1, Math.ceil(ubAwards * 0.05)));

    // Accounts shared across households: one cluster of 3–5 unrelated recipients (about one per
    // 20,000 recipients, at least one); every other shared account stays within one household.
    const shared = await sql<{ persons: number; households: number }>`SELECT count(DISTINCT a.person_id)::int AS persons, count(DISTINCT p.household_id)::int AS households
      FROM benefit_award a JOIN person p ON p.id = a.person_id
      GROUP BY a.bank_account_hash HAVING count(DISTINCT a.person_id) > 1`.execute(h.db);
    const acrossHouseholds = shared.rows.filter((r) => r.households > 1);
    expect(acrossHouseholds).toHaveLength(1);
    expect(acrossHouseholds[0]!.persons).toBe(acrossHouseholds[0]!.households);
    expect(acrossHouseholds[0]!.persons).toBeGreaterThanOrEqual(3);
    expect(acrossHouseholds[0]!.persons).toBeLessThanOrEqual(5);
    // Household members paid into the head's account: legitimate, and not rare.
    const withinHousehold = shared.rows.filter((r) => r.households === 1).length;
    expect(withinHousehold).toBeGreaterThan(20);
  });

  it('leaves enough signs of life for 85–97% of living recipients, and few or none for the rest', async () => {
    const r = await one(sql<{ living: number; certified: number; none: number }>`WITH rec AS (
        SELECT DISTINCT a.person_id FROM benefit_award a WHERE NOT EXISTS (SELECT 1 FROM police_death d WHERE d.person_id = a.person_id)
      ), w AS (
        SELECT rec.person_id, coalesce(sum(${WEIGHT_SQL}), 0) AS weight
        FROM rec LEFT JOIN (SELECT DISTINCT person_id, source FROM life_signal) s ON s.person_id = rec.person_id
        GROUP BY rec.person_id
      )
      SELECT count(*)::int AS living, count(*) FILTER (WHERE weight >= ${THRESHOLD})::int AS certified, count(*) FILTER (WHERE weight = 0)::int AS none FROM w`);
    const share = r.certified / r.living;
    console.log(`life signals: ${r.certified} of ${r.living} living recipients certified by data (${(share * 100).toFixed(1)}%), ${r.none} without any signal`);
    expect(share).toBeGreaterThan(0.85);
    expect(share).toBeLessThan(0.97);
    expect(r.none).toBeGreaterThan(0);
    // Source shares among recipients: medical ~70%, card ~55%, transport ~35%, civil affairs ~12%, residence ~15%.
    const recipients = await count(sql`SELECT DISTINCT person_id FROM benefit_award`);
    const bySource = await sql<{ source: string; persons: number }>`SELECT source, count(DISTINCT person_id)::int AS persons FROM life_signal GROUP BY source`.execute(h.db);
    const shareOf = Object.fromEntries(bySource.rows.map((s) => [s.source, s.persons / recipients]));
    expect(shareOf.medical_visit).toBeGreaterThan(0.6);
    expect(shareOf.medical_visit).toBeLessThan(0.8);
    expect(shareOf.social_card).toBeGreaterThan(0.45);
    expect(shareOf.social_card).toBeLessThan(0.65);
    expect(shareOf.transport).toBeGreaterThan(0.25);
    expect(shareOf.transport).toBeLessThan(0.45);
    expect(shareOf.civil_affairs).toBeGreaterThan(0.06);
    expect(shareOf.civil_affairs).toBeLessThan(0.2);
    expect(shareOf.residence).toBeGreaterThan(0.08);
    expect(shareOf.residence).toBeLessThan(0.22);
    // Only recipients; in the 12 months before asOf, before death; 1–3 days per person and source; their district.
    expect(await count(sql`SELECT 1 FROM life_signal s JOIN person p ON p.id = s.person_id LEFT JOIN police_death d ON d.person_id = s.person_id
      WHERE s.signal_date < ${SIGNALS_FROM}::date OR s.signal_date >= ${AS_OF}::date OR s.signal_date >= d.death_date
        OR s.district_code <> p.district_code
        OR NOT EXISTS (SELECT 1 FROM benefit_award a WHERE a.person_id = s.person_id)`)).toBe(0);
    expect(await count(sql`SELECT 1 FROM life_signal GROUP BY person_id, source HAVING count(*) > 3`)).toBe(0);
  });

  it('reports platform income for about 4% of working-age persons without a job, in the last 3 closed months', async () => {
    const r = await one(sql<{ base: number; gig: number; employed: number; gigEmployed: number }>`WITH wa AS (
        SELECT p.id,
          EXISTS (SELECT 1 FROM employment w WHERE w.person_id = p.id AND w.start_date <= ${AS_OF}::date AND (w.end_date IS NULL OR w.end_date >= ${AS_OF}::date)) AS employed
        FROM person p
        WHERE p.birth_date <= (${AS_OF}::date - interval '16 years')::date AND p.birth_date > (${AS_OF}::date - interval '60 years')::date
          AND NOT EXISTS (SELECT 1 FROM police_death d WHERE d.person_id = p.id)
          AND NOT EXISTS (SELECT 1 FROM edu_student s WHERE s.person_id = p.id)
      )
      SELECT count(*) FILTER (WHERE NOT employed)::int AS base,
        count(*) FILTER (WHERE NOT employed AND EXISTS (SELECT 1 FROM platform_income i WHERE i.person_id = wa.id))::int AS gig,
        count(*) FILTER (WHERE employed)::int AS employed,
        count(*) FILTER (WHERE employed AND EXISTS (SELECT 1 FROM platform_income i WHERE i.person_id = wa.id))::int AS "gigEmployed"
      FROM wa`);
    expect(r.gig / r.base).toBeGreaterThan(0.025);
    expect(r.gig / r.base).toBeLessThan(0.055);
    expect(r.gigEmployed / r.employed).toBeGreaterThan(0.003);
    expect(r.gigEmployed / r.employed).toBeLessThan(0.02);
    const all = await count(sql`SELECT DISTINCT person_id FROM platform_income`);
    expect(all).toBe(r.gig + r.gigEmployed); // nobody else: no children, students, elderly or dead
    expect(await count(sql`SELECT 1 FROM platform_income WHERE month < DATE '2026-08-01' OR month > ${LAST_CLOSED}::date
      OR income_fen < 200000 OR income_fen > 900000 OR platform NOT IN (${sql.join([...PLATFORMS])})`)).toBe(0);
    expect(await count(sql`SELECT person_id FROM platform_income GROUP BY person_id HAVING count(DISTINCT platform) > 2`)).toBe(0);
    expect(await count(sql`SELECT person_id FROM platform_income GROUP BY person_id HAVING count(DISTINCT platform) = 2`)).toBeGreaterThan(0);
  });

  it('enrols nearly all employee medical enrollees of the year in long-term care, leaving a small gap', async () => {
    const r = await one(sql<{ enrolled: number; covered: number; outside: number }>`SELECT
      (SELECT count(*)::int FROM medical_enrolment WHERE year = 2026 AND scheme = 'employee') AS enrolled,
      (SELECT count(*)::int FROM ltc_enrolment l JOIN medical_enrolment m ON m.person_id = l.person_id AND m.year = l.year AND m.scheme = 'employee') AS covered,
      (SELECT count(*)::int FROM ltc_enrolment l WHERE l.year <> 2026 OR NOT EXISTS (
        SELECT 1 FROM medical_enrolment m WHERE m.person_id = l.person_id AND m.year = l.year AND m.scheme = 'employee')) AS outside`);
    expect(r.outside).toBe(0);
    expect(r.covered / r.enrolled).toBeGreaterThan(0.97);
    expect(r.covered / r.enrolled).toBeLessThan(0.995);
  });

  it('leaves resident_fact (what the plan’s coverage rates read) in step with the long-term-care rows, although it loads with triggers suspended', async () => {
    const r = await one(sql<{ rows: number; missing: number; extra: number }>`SELECT
      (SELECT count(*)::int FROM ltc_enrolment) AS rows,
      (SELECT count(*)::int FROM ltc_enrolment l WHERE NOT EXISTS (SELECT 1 FROM resident_fact f WHERE f.person_id = l.person_id AND l.year = ANY (f.ltc_years))) AS missing,
      (SELECT count(*)::int FROM resident_fact f, unnest(f.ltc_years) y WHERE NOT EXISTS (SELECT 1 FROM ltc_enrolment l WHERE l.person_id = f.person_id AND l.year = y)) AS extra`);
    expect(r.rows).toBeGreaterThan(100);
    expect([r.missing, r.extra]).toEqual([0, 0]);
  });

  it('does nothing on a second call, and gives the same rows again from the same registry and seed', async () => {
    expect(await seedInsuranceFeeds(h.db, { asOf: AS_OF, seed: SEED })).toEqual(Object.fromEntries(INSURANCE_FEED_TABLES.map((t) => [t, 0])));
    const before = await digests();
    // Remove the feeds (and their batches) and run again on the same registry.
    for (const table of ['benefit_payment', 'benefit_award', 'justice_custody', 'life_signal', 'platform_income', 'ltc_enrolment']) {
      await sql`DELETE FROM ${sql.table(table)}`.execute(h.db);
    }
    await sql`DELETE FROM import_batch WHERE feed IN (${sql.join([...INSURANCE_FEED_TABLES])})`.execute(h.db);
    const again = await seedInsuranceFeeds(h.db, { asOf: AS_OF, seed: SEED });
    expect(again).toEqual(counts);
    expect(await digests()).toEqual(before);
  });
});

/** md5 per table over the generated columns (ids, batch ids and load times left out), in a total order. */
async function digests(): Promise<Record<string, string>> {
  const queries: Record<string, RawBuilder<unknown>> = {
    benefit_award: sql`SELECT person_id, kind, paying_region, district_code, start_month, end_month, status, status_reason, status_on, monthly_amount_fen, bank_account_hash, bank_account_masked FROM benefit_award`,
    benefit_payment: sql`SELECT a.person_id, a.kind, a.paying_region, y.month, y.district_code, y.amount_fen, y.paid_on FROM benefit_payment y JOIN benefit_award a ON a.id = y.award_id`,
    justice_custody: sql`SELECT person_id, start_date, end_date, district_code FROM justice_custody`,
    life_signal: sql`SELECT person_id, source, signal_date, district_code FROM life_signal`,
    platform_income: sql`SELECT person_id, month, platform, income_fen, district_code FROM platform_income`,
    ltc_enrolment: sql`SELECT person_id, year, district_code FROM ltc_enrolment`,
  };
  const out: Record<string, string> = {};
  for (const [table, q] of Object.entries(queries)) {
    out[table] = (await one(sql<{ d: string }>`SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS d FROM (${q}) t`)).d;
  }
  return out;
}

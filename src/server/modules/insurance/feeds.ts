// Synthetic social-insurance department data (渝保渝快), derived from the seeded registry: benefit
// awards and their monthly payments (人力社保), prison custody (司法), signs of life collected by the
// data exchange, platform income (税务) and long-term-care enrolment (医保). Like the city itself it
// is deterministic for a given registry and seed: every random draw is a hash of a row key, the seed
// and a tag (hashtextextended, the same on PGlite and PostgreSQL), never random(). Everything is
// set-based SQL (INSERT … SELECT, generate_series, window ranks) in one transaction, so it runs in
// seconds for 200,000 persons on PGlite and in minutes for 32 million on PostgreSQL.
//
// A few risks are planted, in small, realistic numbers, for the insurance checks to find: pensions
// paid after death, a second pension from another province, unemployment benefit while employed,
// pensions paid in custody, one account shared by unrelated recipients, and a benefit above the legal
// maximum. A planted risk uses a share with a floor of one, so a small city has at least one of each
// kind wherever the population allows it (and two pensioners are always in custody, see there).
//
// Every rate below is an assumption for a plausible demo city, not an official statistic unless
// it says so.
import { createHash } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type { Db, Tx } from '../../db/index.js';
import { AppError } from '../../platform/errors.js';

/** The tables written, one import batch each. */
export const INSURANCE_FEED_TABLES = ['justice_custody', 'benefit_award', 'benefit_payment', 'life_signal', 'platform_income', 'ltc_enrolment'] as const;
export type InsuranceFeedTable = (typeof INSURANCE_FEED_TABLES)[number];

/**
 * The department that owns each feed's batch. Life signals come from several departments (medical
 * insurance, the social-security card, transport, civil affairs, public security); the data exchange
 * collects them for HRSS's certification, so they arrive as one HRSS batch.
 */
export const INSURANCE_FEED_DEPARTMENT: Record<InsuranceFeedTable, string> = {
  justice_custody: 'justice',
  benefit_award: 'hrss',
  benefit_payment: 'hrss',
  life_signal: 'hrss',
  platform_income: 'tax',
  ltc_enrolment: 'medical_insurance',
};

/** Bump when the generated rows change for a given registry and seed. */
const GENERATOR_VERSION = 1;

/** Paying agencies of other provinces (成都, 武汉, 深圳, 西安, 苏州) for the planted second pensions. */
export const OTHER_PROVINCE_REGIONS = ['510100', '420100', '440300', '610100', '320500'] as const;
export const PLATFORMS = ['美团外卖', '饿了么', '滴滴出行', '顺丰同城', '货拉拉'] as const;

// --- Rates (all assumptions) -----------------------------------------------------------------------
const RATE = {
  /** Persons in prison custody, per adult: about 0.08% on average, mostly men (men 0.14%, women 0.02%). */
  custodyMen: 0.0014,
  custodyWomen: 0.0002,
  /** Custody periods that already ended (released before asOf); the rest (~70%) are ongoing. */
  custodyEnded: 0.3,
  /** Registered unemployed with contributions who draw unemployment benefit (take-up). */
  unemploymentBenefit: 0.35,
  /** Unemployment-benefit awards planted above the legal maximum (90% of the minimum wage). */
  ubAboveMaximum: 0.005,
  /** Unemployment-benefit awards planted on persons already back in insured work, of all UB awards. */
  ubWhileEmployed: 0.03,
  /** Work-injury enrollees drawing a disability allowance (伤残津贴). */
  workInjuryAllowance: 0.0005,
  /** Awards of a deceased recipient left active and paid for 1–4 months after the death month. */
  deadStillPaid: 0.02,
  /** Pension recipients in ongoing custody whose pension is not suspended. */
  custodyStillPaid: 0.15,
  /** Employee-pension recipients with a second pension from another province. */
  twoPlaces: 0.0005,
  /** Awards of a household member (not the head) paid into the household head's account. */
  householdAccount: 0.1,
  /** Recipients per planted shared-account cluster (of 3–5 recipients; at least one cluster). */
  recipientsPerSharedAccount: 20_000,
  /** Recipients whose department data leave enough traces to be certified by data. */
  traceable: 0.92,
  /** Platform income among working-age persons without a job and not in school (men 5%, women 3%: riders and drivers are mostly men). */
  platformMen: 0.05,
  platformWomen: 0.03,
  /** Platform side income among the employed. */
  platformEmployed: 0.01,
  /** Gig workers on two platforms. */
  platformSecond: 0.25,
  /** Employee medical enrollees also enrolled in long-term-care insurance. */
  ltc: 0.985,
} as const;

/** Monthly amounts in fen (assumptions; UB is 90% of Chongqing's 2,100-yuan monthly minimum wage, its legal maximum). */
const AMOUNT = {
  employeePension: [240_000, 550_000],
  residentPension: [15_000, 40_000],
  workInjury: [150_000, 300_000],
  unemploymentBenefit: 189_000,
  unemploymentAboveMaximum: 210_000,
  platformIncome: [200_000, 900_000],
} as const;

export type InsuranceFeedOptions = {
  /** The evaluation day, 'YYYY-MM-DD'. */
  asOf: string;
  seed: number;
  log?: (line: string) => void;
};

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** 'YYYY-MM-01' of the month `n` months after the month of `day`. */
function monthOf(day: string, n = 0): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7)) - 1 + n;
  const t = y * 12 + m;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}-01`;
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Fills the insurance department tables from the registry. Returns the rows inserted per table; does
 * nothing (and returns zeros) when benefit awards are already there.
 */
export async function seedInsuranceFeeds(db: Db, opts: InsuranceFeedOptions): Promise<Record<InsuranceFeedTable, number>> {
  const { asOf, seed } = opts;
  const log = opts.log ?? (() => {});
  const day = new Date(`${asOf}T00:00:00Z`);
  if (!ISO_DAY.test(asOf) || Number.isNaN(day.getTime()) || !day.toISOString().startsWith(asOf)) {
    throw new AppError('VALIDATION', { zh: `评估日期无效:${asOf}`, en: `Invalid evaluation day: ${asOf}` });
  }
  if (!Number.isSafeInteger(seed)) throw new AppError('VALIDATION', { zh: '随机种子必须是整数', en: 'The seed must be an integer' });

  const counts = Object.fromEntries(INSURANCE_FEED_TABLES.map((t) => [t, 0])) as Record<InsuranceFeedTable, number>;
  const started = performance.now();

  return db.transaction().execute(async (trx) => {
    // A concurrent call waits here, then finds the awards and does nothing.
    await sql`LOCK TABLE benefit_award IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
    if (await trx.selectFrom('benefit_award').select('id').limit(1).executeTakeFirst()) {
      log('insurance feeds: benefit awards already present, nothing to do');
      return counts;
    }

    // --- Calendar -------------------------------------------------------------------------------
    const A = sql`${asOf}::date`; // the evaluation day
    const M0 = sql`${monthOf(asOf)}::date`; // its month
    const LC = sql`${monthOf(asOf, -1)}::date`; // the last closed month
    const WS = sql`${monthOf(asOf, -6)}::date`; // the oldest paid month shown (6 closed months)
    const S0 = sql`${addDays(asOf, -365)}::date`; // life signals: the 12 months before asOf
    const year = Number(asOf.slice(0, 4));

    // --- Randomness: uniform in [0, 1) from a hash of a key, a tag and the seed -------------------
    const uText = (key: string, tag: string) => `((hashtextextended((${key})::text || ':${tag}', (${seed})::bigint) & 2147483647)::float8 / 2147483648.0)`;
    const u = (key: string, tag: string): RawBuilder<number> => sql.raw<number>(uText(key, tag));
    // Numbers (rates, amounts, batch ids) are written as literals: a parameter's type would be
    // inferred from its context (bigint next to count(*), text in a select list).
    const n = (x: number) => sql.lit(x);
    const month = (expr: string) => sql.raw(`date_trunc('month', (${expr})::timestamp)::date`);
    const PENSIONS = sql.raw(`('employee_pension', 'resident_pension')`);

    // --- One batch per feed ---------------------------------------------------------------------
    const fileName = `insurance-feeds seed=${seed} asOf=${asOf}`;
    const batch = {} as Record<InsuranceFeedTable, number>;
    for (const feed of INSURANCE_FEED_TABLES) {
      const sha = createHash('sha256').update(JSON.stringify({ generator: 'insurance-feeds', version: GENERATOR_VERSION, feed, seed, asOf })).digest('hex');
      const row = await trx
        .insertInto('import_batch')
        .values({ feed, department_code: INSURANCE_FEED_DEPARTMENT[feed], file_name: fileName, file_sha256: sha, encoding: 'utf-8', mode: 'seed', status: 'loaded', created_by: null, finished_at: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      batch[feed] = Number(row.id);
    }

    // Foreign-key checks run as per-row triggers and cost three quarters of the insert time on PGlite.
    // Where that is allowed (a superuser: PGlite, a development PostgreSQL) they are suspended for
    // this transaction, as pg_restore --disable-triggers does, and every reference is checked once at
    // the end; elsewhere they stay on. Every reference written comes from a join on existing rows.
    const triggersSuspended = await suspendTriggers(trx);
    log(`insurance feeds: foreign-key triggers ${triggersSuspended ? 'suspended, references checked at the end' : 'on'}`);

    let t0 = performance.now();
    const step = async (label: string, q: RawBuilder<unknown>): Promise<number> => {
      const res = await q.execute(trx);
      const rows = Number(res.numAffectedRows ?? 0n);
      log(`insurance feeds: ${label}: ${rows.toLocaleString('en')} rows (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
      t0 = performance.now();
      return rows;
    };

    // --- Benefit awards, staged with what decides their payments -----------------------------------
    // paid_through: the last month paid (death); susp_from/susp_to: months not paid (custody);
    // planted: the risk planted on the award, if any.
    await sql`DROP TABLE IF EXISTS pg_temp.insurance_award_stage`.execute(trx);
    await sql`CREATE TEMP TABLE insurance_award_stage (
      person_id bigint NOT NULL,
      kind text NOT NULL,
      paying_region text NOT NULL,
      district_code text NOT NULL,
      household_id bigint,
      death_date date,
      start_month date NOT NULL,
      end_month date,
      status text NOT NULL DEFAULT 'active',
      status_reason text,
      status_on date,
      monthly_amount_fen integer NOT NULL,
      bank_account_hash text,
      paid_through date,
      susp_from date,
      susp_to date,
      planted text,
      PRIMARY KEY (person_id, kind, paying_region)
    ) ON COMMIT DROP`.execute(trx);
    const stage = async (label: string, q: RawBuilder<unknown>) => {
      const res = await q.execute(trx);
      log(`insurance feeds: awards, ${label}: ${Number(res.numAffectedRows ?? 0n).toLocaleString('en')} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
      t0 = performance.now();
    };
    /** lo…hi fen in whole yuan. */
    const amount = (key: string, tag: string, [lo, hi]: readonly [number, number]) => sql.raw(`(${lo} + floor(${uText(key, tag)} * ${(hi - lo) / 100 + 1})::int * 100)`);

    // Employee pension (职工养老金): enrolled, men 60+, women 50+ (the statutory ages for workers; the
    // gradual rise from 2025 is ignored). Not while still in insured work (a current employment
    // with contributions); the pension starts the month after the age is reached or after the last
    // contribution, whichever is later, not before 1995 (the unified scheme).
    const pensionAge = `make_interval(years => CASE WHEN p.sex = 'M' THEN 60 ELSE 50 END)`;
    await stage(
      'employee_pension',
      sql`INSERT INTO insurance_award_stage (person_id, kind, paying_region, district_code, household_id, death_date, start_month, monthly_amount_fen)
      SELECT x.id, 'employee_pension', x.district_code, x.district_code, x.household_id, x.death_date, x.start_month,
        ${amount('x.id', 'employee-pension-amount', AMOUNT.employeePension)}
      FROM (
        SELECT p.id, p.district_code, p.household_id, d.death_date,
          greatest(DATE '1995-01-01',
            (${month(`p.birth_date + ${pensionAge}`)} + interval '1 month')::date,
            ((SELECT max(c.month) FROM contribution c WHERE c.person_id = p.id) + interval '1 month')::date) AS start_month
        FROM hr_insurance_enrolment e
        JOIN person p ON p.id = e.person_id
        LEFT JOIN police_death d ON d.person_id = p.id
        WHERE e.scheme = 'employee_pension'
          AND p.birth_date <= (${A} - ${sql.raw(pensionAge)})::date
          AND NOT EXISTS (
            SELECT 1 FROM employment w
            WHERE w.person_id = p.id AND (w.end_date IS NULL OR w.end_date >= ${A})
              AND EXISTS (SELECT 1 FROM contribution c WHERE c.employment_id = w.id))
      ) x
      WHERE x.death_date IS NULL OR x.death_date >= x.start_month`,
    );

    // Resident pension (城乡居民养老金): enrolled, 60+, from the month after the 60th birthday, not
    // before July 2011 (the scheme's start); nobody draws both pensions.
    await stage(
      'resident_pension',
      sql`INSERT INTO insurance_award_stage (person_id, kind, paying_region, district_code, household_id, death_date, start_month, monthly_amount_fen)
      SELECT x.id, 'resident_pension', x.district_code, x.district_code, x.household_id, x.death_date, x.start_month,
        ${amount('x.id', 'resident-pension-amount', AMOUNT.residentPension)}
      FROM (
        SELECT p.id, p.district_code, p.household_id, d.death_date,
          greatest(DATE '2011-07-01', (${month(`p.birth_date + interval '60 years'`)} + interval '1 month')::date) AS start_month
        FROM hr_insurance_enrolment e
        JOIN person p ON p.id = e.person_id
        LEFT JOIN police_death d ON d.person_id = p.id
        WHERE e.scheme = 'resident_pension'
          AND p.birth_date <= (${A} - interval '60 years')::date
          AND NOT EXISTS (SELECT 1 FROM insurance_award_stage s WHERE s.person_id = p.id)
      ) x
      WHERE x.death_date IS NULL OR x.death_date >= x.start_month`,
    );

    // Unemployment benefit (失业保险金): a share of the registered unemployed (open registration) who
    // contributed. It starts the month after registration or after the last contribution, whichever
    // is later, and lasts 12 months (the maximum for under 5 years of contributions is 12; assumption).
    await stage(
      'unemployment_benefit',
      sql`INSERT INTO insurance_award_stage (person_id, kind, paying_region, district_code, household_id, start_month, end_month, monthly_amount_fen)
      SELECT x.person_id, 'unemployment_benefit', p.district_code, p.district_code, p.household_id, x.start_month,
        (x.start_month + interval '11 months')::date, ${n(AMOUNT.unemploymentBenefit)}
      FROM (
        SELECT DISTINCT ON (r.person_id) r.person_id,
          greatest((${month('r.registered_on')} + interval '1 month')::date,
            ((SELECT max(c.month) FROM contribution c WHERE c.person_id = r.person_id) + interval '1 month')::date) AS start_month
        FROM hr_unemployment_registration r
        WHERE r.ended_on IS NULL
          AND EXISTS (SELECT 1 FROM contribution c WHERE c.person_id = r.person_id)
          AND NOT EXISTS (SELECT 1 FROM police_death d WHERE d.person_id = r.person_id)
        ORDER BY r.person_id, r.registered_on DESC
      ) x
      JOIN person p ON p.id = x.person_id
      WHERE ${u('x.person_id', 'unemployment-benefit')} < ${n(RATE.unemploymentBenefit)}`,
    );
    // Planted: a few paid above the legal maximum (among awards paid at least once and still running).
    await stage(
      'planted unemployment benefit above the maximum',
      sql`UPDATE insurance_award_stage s SET monthly_amount_fen = ${n(AMOUNT.unemploymentAboveMaximum)}, planted = 'ub_above_maximum'
      FROM (
        SELECT person_id, row_number() OVER (ORDER BY ${u('person_id', 'ub-above-maximum')}, person_id) AS rn
        FROM insurance_award_stage
        WHERE kind = 'unemployment_benefit' AND start_month <= ${LC} AND end_month >= ${M0}
      ) r
      WHERE s.person_id = r.person_id AND s.kind = 'unemployment_benefit'
        AND r.rn <= greatest(1, round(${n(RATE.ubAboveMaximum)} * (SELECT count(*) FROM insurance_award_stage WHERE kind = 'unemployment_benefit')))`,
    );
    // Planted: unemployment benefit kept active and paid after re-employment. Persons whose registration
    // ended because they found a job, with contributions in months the award pays; failing those (a
    // small city), registered persons without benefit who have contributions after registering.
    await stage(
      'planted unemployment benefit while employed',
      sql`INSERT INTO insurance_award_stage (person_id, kind, paying_region, district_code, household_id, start_month, end_month, monthly_amount_fen, planted)
      SELECT y.person_id, 'unemployment_benefit', p.district_code, p.district_code, p.household_id, y.start_month,
        (y.start_month + interval '11 months')::date, ${n(AMOUNT.unemploymentBenefit)}, 'ub_while_employed'
      FROM (
        SELECT x.person_id, x.start_month, row_number() OVER (ORDER BY x.pool, ${u('x.person_id', 'ub-while-employed')}, x.person_id) AS rn
        FROM (
          SELECT DISTINCT ON (r.person_id) r.person_id, (r.ended_on IS NULL)::int AS pool,
            (${month('r.registered_on')} + interval '1 month')::date AS start_month, r.ended_on
          FROM hr_unemployment_registration r
          WHERE (r.ended_on IS NOT NULL AND r.end_reason = 'employed') OR r.ended_on IS NULL
          ORDER BY r.person_id, r.registered_on DESC
        ) x
        WHERE x.start_month <= ${LC} AND x.start_month >= (${LC} - interval '11 months')::date
          AND NOT EXISTS (SELECT 1 FROM insurance_award_stage s WHERE s.person_id = x.person_id)
          AND NOT EXISTS (SELECT 1 FROM police_death d WHERE d.person_id = x.person_id)
          AND EXISTS (
            SELECT 1 FROM contribution c
            WHERE c.person_id = x.person_id AND c.month >= greatest(x.start_month, ${WS}) AND c.month <= ${LC}
              AND (x.ended_on IS NULL OR c.month >= ${month('x.ended_on')}))
      ) y
      JOIN person p ON p.id = y.person_id
      WHERE y.rn <= greatest(1, round(${n(RATE.ubWhileEmployed / (1 - RATE.ubWhileEmployed))} * (SELECT count(*) FROM insurance_award_stage WHERE kind = 'unemployment_benefit')))`,
    );
    // Expired unemployment benefit: the 12 months are over.
    await stage(
      'unemployment benefit expired',
      sql`UPDATE insurance_award_stage SET status = 'terminated', status_reason = 'expired', status_on = (end_month + interval '1 month' - interval '1 day')::date
      WHERE kind = 'unemployment_benefit' AND end_month < ${M0} AND planted IS DISTINCT FROM 'ub_while_employed'`,
    );

    // Work-injury disability allowance (伤残津贴): a tiny share of work-injury enrollees, from an injury
    // within the last 5 years.
    await stage(
      'work_injury_allowance',
      sql`INSERT INTO insurance_award_stage (person_id, kind, paying_region, district_code, household_id, death_date, start_month, monthly_amount_fen)
      SELECT x.person_id, 'work_injury_allowance', x.district_code, x.district_code, x.household_id, x.death_date, x.start_month,
        ${amount('x.person_id', 'work-injury-amount', AMOUNT.workInjury)}
      FROM (
        SELECT e.person_id, p.district_code, p.household_id, d.death_date,
          greatest((${month('e.enrolled_on')} + interval '1 month')::date,
            date_trunc('month', (${A} - 30 - floor(${u('e.person_id', 'work-injury-start')} * 1800)::int)::timestamp)::date) AS start_month,
          row_number() OVER (ORDER BY ${u('e.person_id', 'work-injury')}, e.person_id) AS rn,
          count(*) OVER () AS n
        FROM hr_insurance_enrolment e
        JOIN person p ON p.id = e.person_id
        LEFT JOIN police_death d ON d.person_id = p.id
        WHERE e.scheme = 'work_injury'
      ) x
      WHERE x.rn <= greatest(1, round(${n(RATE.workInjuryAllowance)} * x.n)) AND (x.death_date IS NULL OR x.death_date >= x.start_month)`,
    );

    // The stage's statistics, for the joins and updates below (temporary tables are not auto-analysed).
    await sql`ANALYZE insurance_award_stage`.execute(trx);

    // Death: the award is terminated on the day of death and paid through the month of death.
    await stage(
      'terminated by death',
      sql`UPDATE insurance_award_stage SET status = 'terminated', status_reason = 'death', status_on = death_date,
        end_month = least(end_month, ${month('death_date')}), paid_through = ${month('death_date')}
      WHERE death_date IS NOT NULL AND (end_month IS NULL OR end_month >= ${month('death_date')})`,
    );
    // Planted: a few pensions of the dead left active and paid 1–4 months after the death month
    // (deaths whose following month falls in the months shown).
    await stage(
      'planted pension paid after death',
      sql`UPDATE insurance_award_stage s SET status = 'active', status_reason = NULL, status_on = NULL, end_month = NULL,
        paid_through = least(${LC}, (${month('s.death_date')} + make_interval(months => 1 + floor(${u('s.person_id', 'dead-months')} * 4)::int))::date),
        planted = 'dead_still_paid'
      FROM (
        SELECT person_id, kind, paying_region, row_number() OVER (ORDER BY ${u('person_id', 'dead-still-paid')}, person_id, kind) AS rn
        FROM insurance_award_stage
        WHERE kind IN ${PENSIONS} AND death_date IS NOT NULL
          AND ${month('death_date')} >= (${WS} - interval '1 month')::date AND ${month('death_date')} < ${LC}
      ) r
      WHERE s.person_id = r.person_id AND s.kind = r.kind AND s.paying_region = r.paying_region
        AND r.rn <= greatest(1, round(${n(RATE.deadStillPaid)} * (SELECT count(*) FROM insurance_award_stage WHERE kind IN ${PENSIONS} AND death_date IS NOT NULL)))`,
    );

    // --- Justice: custody --------------------------------------------------------------------------
    // Living adults; the custody started within the last 3 years (not before the 18th birthday);
    // ended custody lasted at least 30 days and ended before asOf. Custody is rare and recipients are
    // a minority of adults, so a small city might have no pensioner in custody at all: two living
    // pension recipients are always among those held (ongoing, begun at least two months ago) so
    // that the suspension and its planted exception exist at any size (2 of ~25,000 in the full city).
    counts.justice_custody = await step(
      'justice_custody',
      sql`INSERT INTO justice_custody (person_id, start_date, end_date, district_code, batch_id)
      SELECT DISTINCT ON (c.id) c.id, c.start_date, c.end_date, c.district_code, ${n(batch.justice_custody)}
      FROM (
        SELECT x.id, x.district_code, x.start_date, 1 AS pri,
          CASE WHEN ${u('x.id', 'custody-ended')} < ${n(RATE.custodyEnded)} AND ${A} - x.start_date > 30
            THEN x.start_date + 30 + floor(${u('x.id', 'custody-end')} * (${A} - x.start_date - 30))::int END AS end_date
        FROM (
          SELECT p.id, p.district_code,
            greatest((p.birth_date + interval '18 years')::date, ${A} - 1 - floor(${u('p.id', 'custody-start')} * 1095)::int) AS start_date
          FROM person p
          WHERE p.birth_date <= (${A} - interval '18 years')::date
            AND NOT EXISTS (SELECT 1 FROM police_death d WHERE d.person_id = p.id)
            AND ${u('p.id', 'custody')} < CASE WHEN p.sex = 'M' THEN ${n(RATE.custodyMen)} ELSE ${n(RATE.custodyWomen)} END
        ) x
        UNION ALL
        SELECT p.id, p.district_code, ${A} - 60 - floor(${u('p.id', 'custody-floor-start')} * 1000)::int, 0, NULL
        FROM (
          SELECT r.person_id, row_number() OVER (ORDER BY ${u('r.person_id', 'custody-floor')}, r.person_id) AS rn
          FROM (SELECT DISTINCT person_id FROM insurance_award_stage WHERE kind IN ${PENSIONS} AND status = 'active' AND death_date IS NULL) r
        ) f
        JOIN person p ON p.id = f.person_id
        WHERE f.rn <= 2
      ) c
      ORDER BY c.id, c.pri`,
    );

    // Custody: awards are suspended from the month after custody starts; an ended custody resumed the
    // award the month after release (no back pay), an ongoing one leaves it suspended.
    await stage(
      'suspended for custody',
      sql`UPDATE insurance_award_stage s SET
        status = CASE WHEN c.end_date IS NULL THEN 'suspended' ELSE s.status END,
        status_reason = CASE WHEN c.end_date IS NULL THEN 'custody' ELSE s.status_reason END,
        status_on = CASE WHEN c.end_date IS NULL THEN greatest(c.start_date, s.start_month) ELSE s.status_on END,
        susp_from = (${month('c.start_date')} + interval '1 month')::date,
        susp_to = ${month('c.end_date')}
      FROM justice_custody c
      WHERE c.person_id = s.person_id AND c.batch_id = ${n(batch.justice_custody)} AND s.status = 'active'`,
    );
    // Planted: a few pensions of persons in ongoing custody still paid.
    await stage(
      'planted pension paid in custody',
      sql`UPDATE insurance_award_stage s SET status = 'active', status_reason = NULL, status_on = NULL, susp_from = NULL, susp_to = NULL,
        planted = 'custody_still_paid'
      FROM (
        SELECT person_id, kind, row_number() OVER (ORDER BY ${u('person_id', 'custody-still-paid')}, person_id, kind) AS rn
        FROM insurance_award_stage
        WHERE kind IN ${PENSIONS} AND status_reason = 'custody' AND susp_from <= ${LC} AND start_month < ${LC}
      ) r
      WHERE s.person_id = r.person_id AND s.kind = r.kind AND s.paying_region = s.district_code
        AND r.rn <= greatest(1, round(${n(RATE.custodyStillPaid)} * (SELECT count(*) FROM insurance_award_stage WHERE kind IN ${PENSIONS} AND status_reason = 'custody')))`,
    );

    // Planted: a second employee pension from another province's agency, paid in the same months.
    await stage(
      'planted second pension from another province',
      sql`INSERT INTO insurance_award_stage (person_id, kind, paying_region, district_code, household_id, start_month, monthly_amount_fen, bank_account_hash, planted)
      SELECT y.person_id, 'employee_pension', y.region, y.district_code, y.household_id, y.start_month,
        ${amount('y.person_id', 'second-pension-amount', AMOUNT.employeePension)}, md5('acct:' || y.person_id || ':' || y.region), 'two_places'
      FROM (
        SELECT s.person_id, s.district_code, s.household_id, s.start_month,
          (${sql.raw(`ARRAY[${OTHER_PROVINCE_REGIONS.map((r) => `'${r}'`).join(', ')}]`)})[1 + floor(${u('s.person_id', 'second-pension-region')} * ${OTHER_PROVINCE_REGIONS.length})::int] AS region,
          row_number() OVER (ORDER BY ${u('s.person_id', 'two-places')}, s.person_id) AS rn
        FROM insurance_award_stage s
        WHERE s.kind = 'employee_pension' AND s.status = 'active' AND s.planted IS NULL AND s.death_date IS NULL
          AND s.susp_from IS NULL AND s.start_month <= ${WS}
      ) y
      WHERE y.rn <= greatest(1, round(${n(RATE.twoPlaces)} * (SELECT count(*) FROM insurance_award_stage WHERE kind = 'employee_pension')))`,
    );

    // Accounts: the recipient's own; some household members are paid into the household head's
    // account (legitimate: same household).
    await stage('own accounts', sql`UPDATE insurance_award_stage SET bank_account_hash = md5('acct:' || person_id) WHERE bank_account_hash IS NULL`);
    await stage(
      'household accounts',
      sql`UPDATE insurance_award_stage s SET bank_account_hash = md5('acct:' || h.head_id)
      FROM (
        SELECT s2.person_id, s2.kind, (SELECT min(hd.id) FROM person hd WHERE hd.household_id = s2.household_id AND hd.relation = 'head') AS head_id
        FROM insurance_award_stage s2
        JOIN person m ON m.id = s2.person_id
        WHERE m.relation <> 'head' AND s2.household_id IS NOT NULL AND s2.paying_region = s2.district_code
          AND ${u(`s2.person_id || ':' || s2.kind`, 'household-account')} < ${n(RATE.householdAccount)}
      ) h
      WHERE s.person_id = h.person_id AND s.kind = h.kind AND s.paying_region = s.district_code AND h.head_id IS NOT NULL AND h.head_id <> s.person_id`,
    );
    // Planted: about one cluster per 20,000 recipients of 3–5 recipients of different households, alive,
    // paid, with no other planted risk, whose awards all go to one account.
    await stage(
      'planted shared accounts',
      sql`UPDATE insurance_award_stage s SET bank_account_hash = md5('acct:shared:' || ${sql.raw(String(seed))} || ':' || m.cluster), planted = 'shared_account'
      FROM (
        SELECT r.person_id, r.k / 5 AS cluster
        FROM (
          SELECT c.person_id, c.h, row_number() OVER (ORDER BY c.h, c.person_id) - 1 AS k
          FROM (
            SELECT DISTINCT ON (coalesce(s1.household_id, -s1.person_id)) s1.person_id, ${u('s1.person_id', 'shared-account')} AS h
            FROM insurance_award_stage s1
            WHERE s1.status = 'active' AND s1.death_date IS NULL AND s1.susp_from IS NULL
              AND NOT EXISTS (SELECT 1 FROM insurance_award_stage t WHERE t.person_id = s1.person_id AND t.planted IS NOT NULL)
            ORDER BY coalesce(s1.household_id, -s1.person_id), h, s1.person_id
          ) c
        ) r
        WHERE r.k < 5 * greatest(1, round((SELECT count(DISTINCT person_id) FROM insurance_award_stage) / ${n(RATE.recipientsPerSharedAccount)}::numeric))
          AND r.k % 5 < 3 + floor(${u('r.k / 5', 'shared-account-size')} * 3)::int
      ) m
      WHERE s.person_id = m.person_id AND s.paying_region = s.district_code`,
    );
    await sql`ANALYZE insurance_award_stage`.execute(trx);

    counts.benefit_award = await step(
      'benefit_award',
      sql`INSERT INTO benefit_award (person_id, kind, paying_region, district_code, start_month, end_month, status, status_reason, status_on,
          monthly_amount_fen, bank_account_hash, bank_account_masked, batch_id)
      SELECT person_id, kind, paying_region, district_code, start_month, end_month, status, status_reason, status_on, monthly_amount_fen,
        bank_account_hash, '6217****' || lpad(((hashtextextended(bank_account_hash, 0) & 2147483647) % 10000)::text, 4, '0'), ${n(batch.benefit_award)}
      FROM insurance_award_stage
      ORDER BY person_id, kind, paying_region`,
    );

    // One payment per award and month within its life, in the last 6 closed months, paid on the 10th.
    // The awards paid in those months with their ids, once; then one statement per month: a
    // statement's foreign-key checks are queued in memory until it ends, which for every payment of
    // a 32-million city at once would take gigabytes.
    await sql`DROP TABLE IF EXISTS pg_temp.insurance_award_paid`.execute(trx);
    await sql`CREATE TEMP TABLE insurance_award_paid ON COMMIT DROP AS
      SELECT a.id, a.person_id, a.district_code, a.monthly_amount_fen, s.start_month, s.end_month, s.paid_through, s.susp_from, s.susp_to
      FROM insurance_award_stage s
      JOIN benefit_award a ON a.batch_id = ${n(batch.benefit_award)} AND a.person_id = s.person_id AND a.kind = s.kind AND a.paying_region = s.paying_region
      WHERE s.start_month <= ${LC} AND (s.end_month IS NULL OR s.end_month >= ${WS}) AND (s.paid_through IS NULL OR s.paid_through >= ${WS})`.execute(trx);
    counts.benefit_payment = 0;
    for (const k of [6, 5, 4, 3, 2, 1]) {
      const m = monthOf(asOf, -k);
      const M = sql`${m}::date`;
      counts.benefit_payment += await step(
        `benefit_payment ${m.slice(0, 7)}`,
        sql`INSERT INTO benefit_payment (award_id, month, person_id, district_code, amount_fen, paid_on, batch_id)
        SELECT s.id, ${M}, s.person_id, s.district_code, s.monthly_amount_fen, ${M} + 9, ${n(batch.benefit_payment)}
        FROM insurance_award_paid s
        WHERE s.start_month <= ${M} AND (s.end_month IS NULL OR s.end_month >= ${M}) AND (s.paid_through IS NULL OR s.paid_through >= ${M})
          AND NOT (s.susp_from IS NOT NULL AND ${M} >= s.susp_from AND (s.susp_to IS NULL OR ${M} <= s.susp_to))`,
      );
    }

    const planted = await sql<{ planted: string; awards: number; persons: number }>`SELECT planted, count(*)::int AS awards, count(DISTINCT person_id)::int AS persons
      FROM insurance_award_stage WHERE planted IS NOT NULL GROUP BY planted ORDER BY planted`.execute(trx);
    log(`insurance feeds: planted risks: ${planted.rows.map((r) => `${r.planted} ${r.awards}`).join(', ') || 'none'}`);

    // --- Life signals for recipients, in the 12 months before asOf (before death for the dead) ----------
    // Weights of the certification: medical 60, card 50, transport 30, civil affairs 50, residence 40,
    // threshold 60, i.e. certified by a medical visit or any two other sources. Most recipients
    // (RATE.traceable) leave enough traces: each source is drawn on its own (medical more often with
    // age, transport more in towns); one with no medical visit and fewer than two other sources has
    // seen a doctor. The rest (living elsewhere, bedridden at home) show one weak source or none.
    // First the sources seen, once per recipient (none for one who died on the window's first day).
    await sql`DROP TABLE IF EXISTS pg_temp.insurance_signal_person`.execute(trx);
    await sql`CREATE TEMP TABLE insurance_signal_person ON COMMIT DROP AS
      SELECT b.id, b.district_code, b.span,
        CASE WHEN b.traceable THEN b.med OR (b.soc::int + b.tra::int + b.civ::int + b.res::int) < 2 ELSE false END AS medical_visit,
        CASE WHEN b.traceable THEN b.soc ELSE b.one >= 0.45 AND b.one < 0.75 END AS social_card,
        CASE WHEN b.traceable THEN b.tra ELSE b.one >= 0.75 AND b.one < 0.87 END AS transport,
        CASE WHEN b.traceable THEN b.civ ELSE b.one >= 0.94 END AS civil_affairs,
        CASE WHEN b.traceable THEN b.res ELSE b.one >= 0.87 AND b.one < 0.94 END AS residence
      FROM (
        SELECT p.id, p.district_code,
          least(${A}, coalesce(d.death_date, ${A})) - ${S0} AS span,
          ${u('p.id', 'signal-traceable')} < ${n(RATE.traceable)} AS traceable,
          ${u('p.id', 'signal-medical')} < CASE WHEN p.age >= 80 THEN 0.58 WHEN p.age >= 70 THEN 0.48 WHEN p.age >= 60 THEN 0.38 ELSE 0.3 END AS med,
          ${u('p.id', 'signal-card')} < 0.58 AS soc,
          ${u('p.id', 'signal-transport')} < CASE WHEN coalesce(v.urban, false) THEN 0.45 ELSE 0.18 END AS tra,
          ${u('p.id', 'signal-civil')} < CASE WHEN p.age >= 80 THEN 0.25 ELSE 0.1 END AS civ,
          ${u('p.id', 'signal-residence')} < 0.15 AS res,
          ${u('p.id', 'signal-weak')} AS one
        FROM (
          SELECT p.id, p.district_code, p.village_code, extract(year FROM age(${A}, p.birth_date))::int AS age
          FROM person p WHERE p.id IN (SELECT person_id FROM insurance_award_stage)
        ) p
        LEFT JOIN division v ON v.code = p.village_code
        LEFT JOIN police_death d ON d.person_id = p.id
      ) b
      WHERE b.span > 0`.execute(trx);
    // One statement per source (bounded foreign-key queues, as for payments); 1–3 distinct days each.
    counts.life_signal = 0;
    for (const source of ['medical_visit', 'social_card', 'transport', 'civil_affairs', 'residence'] as const) {
      counts.life_signal += await step(
        `life_signal ${source}`,
        sql`INSERT INTO life_signal (person_id, source, signal_date, district_code, batch_id)
        SELECT DISTINCT f.id, ${sql.lit(source)}, ${S0} + floor(${u(`f.id || ':${source}:' || k.k`, 'signal-day')} * f.span)::int, f.district_code, ${n(batch.life_signal)}
        FROM insurance_signal_person f
        CROSS JOIN LATERAL generate_series(1, 1 + floor(${u(`f.id || ':${source}'`, 'signal-count')} * 3)::int) k(k)
        WHERE f.${sql.raw(source)}`,
      );
    }

    // --- Platform income (tax): gig work in the last 3 closed months -----------------------------------
    // Working-age (16–59), alive, not in school: those without a current job, and a few with one (side
    // income); 1–2 platforms, each in 1–3 of the 3 months, 2,000–9,000 yuan a month.
    const platforms = sql.raw(`ARRAY[${PLATFORMS.map((p) => `'${p}'`).join(', ')}]`);
    counts.platform_income = await step(
      'platform_income',
      sql`INSERT INTO platform_income (person_id, month, platform, income_fen, district_code, batch_id)
      SELECT q.id, (${M0} - make_interval(months => k.k))::date, (${platforms})[1 + q.idx],
        ${amount(`q.id || ':' || q.idx || ':' || k.k`, 'platform-income', AMOUNT.platformIncome)}, q.district_code, ${n(batch.platform_income)}
      FROM (
        SELECT g.id, g.district_code, j.j,
          CASE WHEN j.j = 1 THEN g.first ELSE (g.first + 1 + floor(${u('g.id', 'platform-second')} * ${PLATFORMS.length - 1})::int) % ${PLATFORMS.length} END AS idx,
          1 + floor(${u(`g.id || ':' || j.j`, 'platform-months')} * 7)::int AS mask
        FROM (
          SELECT p.id, p.district_code, floor(${u('p.id', 'platform-first')} * ${PLATFORMS.length})::int AS first,
            1 + (${u('p.id', 'platform-two')} < ${n(RATE.platformSecond)})::int AS platforms
          FROM person p
          WHERE p.birth_date <= (${A} - interval '16 years')::date AND p.birth_date > (${A} - interval '60 years')::date
            AND NOT EXISTS (SELECT 1 FROM police_death d WHERE d.person_id = p.id)
            AND NOT EXISTS (SELECT 1 FROM edu_student st WHERE st.person_id = p.id)
            AND ${u('p.id', 'platform')} < CASE
              WHEN EXISTS (SELECT 1 FROM employment w WHERE w.person_id = p.id AND w.start_date <= ${A} AND (w.end_date IS NULL OR w.end_date >= ${A}))
                THEN ${n(RATE.platformEmployed)}
              WHEN p.sex = 'M' THEN ${n(RATE.platformMen)} ELSE ${n(RATE.platformWomen)} END
        ) g
        CROSS JOIN LATERAL generate_series(1, g.platforms) j(j)
      ) q
      CROSS JOIN generate_series(1, 3) k(k)
      WHERE (q.mask >> (k.k - 1)) & 1 = 1
      ORDER BY 1, 2, 3`,
    );

    // --- Long-term-care insurance (医保): most employee medical enrollees of the year ---------------------
    counts.ltc_enrolment = await step(
      'ltc_enrolment',
      sql`INSERT INTO ltc_enrolment (person_id, year, district_code, batch_id)
      SELECT m.person_id, m.year, m.district_code, ${n(batch.ltc_enrolment)}
      FROM medical_enrolment m
      WHERE m.year = ${n(year)} AND m.scheme = 'employee' AND ${u('m.person_id', 'ltc')} < ${n(RATE.ltc)}
      ORDER BY m.person_id`,
    );

    // --- Contributions as the enrolments say (人社): an employee the employer never enrolled in
    // unemployment or work-injury insurance has no such contribution. The city generator writes every
    // contribution type for every insured month; this corrected feed of the last 6 months sets the
    // types without an enrolment to zero, which the coverage rules comparing insurance types find.
    const correction = await trx
      .insertInto('import_batch')
      .values({ feed: 'contribution', department_code: 'hrss', file_name: `${fileName} (contribution types by enrolment)`, file_sha256: createHash('sha256').update(`contribution-correction:${seed}:${asOf}`).digest('hex'), encoding: 'utf-8', mode: 'seed', status: 'loaded', created_by: null, finished_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const corrected = await step(
      'contribution types without enrolment',
      sql`UPDATE contribution c SET
        unemployment_fen = CASE WHEN x.ui THEN c.unemployment_fen ELSE 0 END,
        injury_fen = CASE WHEN x.wi THEN c.injury_fen ELSE 0 END,
        batch_id = ${n(Number(correction.id))}
      FROM (SELECT p.id, EXISTS (SELECT 1 FROM hr_insurance_enrolment i WHERE i.person_id = p.id AND i.scheme = 'unemployment') AS ui,
                   EXISTS (SELECT 1 FROM hr_insurance_enrolment i WHERE i.person_id = p.id AND i.scheme = 'work_injury') AS wi
            FROM person p WHERE p.id IN (SELECT DISTINCT person_id FROM contribution WHERE month >= ${WS})) x
      WHERE c.person_id = x.id AND c.month >= ${WS} AND NOT (x.ui AND x.wi)`,
    );
    await trx.updateTable('import_batch').set({ rows_total: corrected, rows_updated: corrected }).where('id', '=', Number(correction.id)).execute();

    if (triggersSuspended) {
      await sql`SET LOCAL session_replication_role = origin`.execute(trx);
      // The triggers that keep resident_fact (migration 0011) were suspended too, while the
      // long-term-care rows were written for about a third of the persons: rebuilding it is cheaper
      // than refreshing those (3 s against 7 s on the 200,000-person demo city, PGlite).
      await sql`SELECT resident_fact_rebuild()`.execute(trx);
      const orphans = await sql<{ n: number }>`SELECT
        (SELECT count(*) FROM benefit_payment y WHERE y.batch_id = ${n(batch.benefit_payment)} AND NOT EXISTS (SELECT 1 FROM benefit_award a WHERE a.id = y.award_id))
        + (SELECT count(*) FROM benefit_award a WHERE a.batch_id = ${n(batch.benefit_award)} AND NOT EXISTS (SELECT 1 FROM person p WHERE p.id = a.person_id))
        + (SELECT count(*) FROM justice_custody c WHERE c.batch_id = ${n(batch.justice_custody)} AND NOT EXISTS (SELECT 1 FROM person p WHERE p.id = c.person_id))
        + (SELECT count(*) FROM life_signal l WHERE l.batch_id = ${n(batch.life_signal)} AND NOT EXISTS (SELECT 1 FROM person p WHERE p.id = l.person_id))
        + (SELECT count(*) FROM platform_income i WHERE i.batch_id = ${n(batch.platform_income)} AND NOT EXISTS (SELECT 1 FROM person p WHERE p.id = i.person_id))
        + (SELECT count(*) FROM ltc_enrolment l WHERE l.batch_id = ${n(batch.ltc_enrolment)} AND NOT EXISTS (SELECT 1 FROM person p WHERE p.id = l.person_id))
        AS n`.execute(trx);
      const bad = Number(orphans.rows[0]?.n ?? 0);
      if (bad > 0) throw new Error(`insurance feeds: ${bad} rows reference a missing person or award`);
      log(`insurance feeds: references checked (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    }

    // Statistics for what was loaded, taken in this transaction (which counts its own rows). The checks
    // run right after a load; without this they would plan on whatever an autovacuum ANALYZE saw during
    // the load, e.g. only the dead rows of a failed earlier attempt, as if the tables were empty: at
    // 20,000 persons the feed test's checks then took 4 s, 10 s (PostgreSQL) and 106 s (PGlite) instead
    // of milliseconds, and one timed out in CI.
    for (const feed of INSURANCE_FEED_TABLES) await sql`ANALYZE ${sql.table(feed)}`.execute(trx);

    for (const feed of INSURANCE_FEED_TABLES) {
      await trx
        .updateTable('import_batch')
        .set({ rows_total: counts[feed], rows_inserted: counts[feed], finished_at: new Date() })
        .where('id', '=', batch[feed])
        .execute();
    }
    log(`insurance feeds: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return counts;
  });
}

/** Turns off triggers (foreign-key checks) until the transaction ends, if the role may; true if it did. */
async function suspendTriggers(trx: Tx): Promise<boolean> {
  await sql`SAVEPOINT insurance_feeds_triggers`.execute(trx);
  try {
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    await sql`RELEASE SAVEPOINT insurance_feeds_triggers`.execute(trx);
    return true;
  } catch {
    await sql`ROLLBACK TO SAVEPOINT insurance_feeds_triggers`.execute(trx);
    return false;
  }
}

// Indicators computed from the platform's own data, by name. Each query returns, for every district
// and every month of the year up to `through`, the value at the end of that month: cumulative from
// January for counts that build up (ytd), the level at the month's end for stocks and rates.
// Each is one statement over all districts and months, so recomputing the whole plan is a handful of
// statements, not 38 × 12 of them; queries that read the same rows (the register of persons, the new
// jobs) are recomputed together, reading those rows once.
import { sql, type RawBuilder } from 'kysely';
import type { DbOrTx } from '../../db/index.js';

export type ComputedRow = { unit: string; month: number; value: number | null; numerator: number | null; denominator: number | null };
type TaggedRow = ComputedRow & { query: string };
type Args = { year: number; through: number };
type Query = {
  zh: string;
  en: string;
  /** The statement: one row per unit and month 1 … through. */
  sql: (a: Args) => RawBuilder<ComputedRow>;
  /** For a query over shared facts: which, the parts of them it reads, and its select from `facts`. */
  over?: { facts: Facts; parts: readonly string[]; select: (a: Args) => RawBuilder<ComputedRow> };
};
/**
 * Rows that several queries read. A recompute reads them once for all the queries over them (one
 * statement: `WITH facts AS MATERIALIZED (…)` and each query's select); a query on its own reads only
 * the parts it needs.
 */
type Facts = (a: Args, parts: ReadonlySet<string>) => RawBuilder<unknown>;

/** A query over shared facts (`facts` in its select). */
function over(facts: Facts, parts: string[], select: (a: Args) => RawBuilder<ComputedRow>): Pick<Query, 'sql' | 'over'> {
  return { over: { facts, parts, select }, sql: (a) => sql<ComputedRow>`WITH facts AS (${facts(a, new Set(parts))}) ${select(a)}` };
}

const jan1 = (a: Args) => sql`make_date(${a.year}::int, 1, 1)`;
const endOf = (a: Args) => sql`(make_date(${a.year}::int, ${a.through}::int, 1) + interval '1 month' - interval '1 day')::date`;
/** One row per district and month 1 … through, to join counts onto (districts without any get 0). */
const grid = (a: Args) => sql`(SELECT d.code AS unit, m AS month FROM division d CROSS JOIN generate_series(1, ${a.through}::int) AS m WHERE d.level = 2)`;
/**
 * Months 1 … through with their last day, as a CTE body: `WITH months AS MATERIALIZED ${monthEnds(a)}`
 * computes each month's end once, not once per row it is compared with.
 */
const monthEnds = (a: Args) => sql`(SELECT m AS month, (make_date(${a.year}::int, m, 1) + interval '1 month' - interval '1 day')::date AS month_end
  FROM generate_series(1, ${a.through}::int) AS m)`;

/**
 * Jobs started in the year that are new jobs: the person held no other job in the 180 days before (a
 * change of employer, or a short gap between jobs, is not a new job). The parts add what the persons
 * were when hired: `difficulty` (dibao / extreme-poverty / low-income assistance, a disability
 * certificate, or registered unemployed for 12 months or more) and `unemployed` (registered unemployed
 * then, or in the 31 days before).
 */
const STARTS: Facts = (a, parts) => sql`SELECT e.id, e.person_id, e.start_date, e.district_code, extract(month FROM e.start_date)::int AS sm,
      ${parts.has('difficulty') ? sql`(EXISTS (SELECT 1 FROM civil_assistance c WHERE c.person_id = e.person_id AND c.start_date <= e.start_date AND (c.end_date IS NULL OR c.end_date >= e.start_date))
        OR EXISTS (SELECT 1 FROM disability_certificate dc WHERE dc.person_id = e.person_id AND dc.issued_on <= e.start_date)
        OR EXISTS (SELECT 1 FROM hr_unemployment_registration u WHERE u.person_id = e.person_id AND u.registered_on <= e.start_date - 365
                     AND (u.ended_on IS NULL OR u.ended_on >= e.start_date - 31)))` : sql`false`} AS difficulty,
      ${parts.has('unemployed') ? sql`EXISTS (SELECT 1 FROM hr_unemployment_registration u WHERE u.person_id = e.person_id AND u.registered_on <= e.start_date
                     AND (u.ended_on IS NULL OR u.ended_on >= e.start_date - 31))` : sql`false`} AS unemployed
    FROM employment e
    WHERE e.start_date >= ${jan1(a)} AND e.start_date <= ${endOf(a)}
      AND NOT EXISTS (SELECT 1 FROM employment p WHERE p.person_id = e.person_id AND p.id <> e.id AND p.start_date < e.start_date
                        AND (p.end_date IS NULL OR p.end_date >= e.start_date - 180))`;

/**
 * Persons starting a new job in the year (STARTS, those `kept`), cumulated by the month of their first:
 * a person who starts two new jobs in a year is counted once, in the month and district of the first.
 */
function startsCumulative(a: Args, kept: RawBuilder<unknown>): RawBuilder<ComputedRow> {
  return sql<ComputedRow>`SELECT g.unit, g.month, coalesce(sum(s.n) FILTER (WHERE s.sm <= g.month), 0)::float8 AS value, NULL::float8 AS numerator, NULL::float8 AS denominator
    FROM ${grid(a)} g LEFT JOIN (
      SELECT district_code, sm, count(*) AS n
      FROM (SELECT DISTINCT ON (person_id) district_code, sm FROM facts WHERE ${kept} ORDER BY person_id, start_date, id) firsts
      GROUP BY 1, 2) s ON s.district_code = g.unit
    GROUP BY g.unit, g.month`;
}

/** Counts by district and month (`n` rows of a CTE body with district_code and m), cumulated from January. */
function cumulative(a: Args, body: RawBuilder<unknown>): RawBuilder<ComputedRow> {
  return sql<ComputedRow>`WITH c AS (${body})
    SELECT g.unit, g.month, coalesce(sum(c.n) FILTER (WHERE c.m <= g.month), 0)::float8 AS value, NULL::float8 AS numerator, NULL::float8 AS denominator
    FROM ${grid(a)} g LEFT JOIN c ON c.district_code = g.unit GROUP BY g.unit, g.month`;
}

/** The same for an indicator the plan tracks for the city as a whole: one unit, 500000. */
function cityCumulative(a: Args, body: RawBuilder<unknown>): RawBuilder<ComputedRow> {
  return sql<ComputedRow>`WITH c AS (${body})
    SELECT '500000' AS unit, mo.m AS month, coalesce(sum(c.n) FILTER (WHERE c.m <= mo.m), 0)::float8 AS value, NULL::float8 AS numerator, NULL::float8 AS denominator
    FROM generate_series(1, ${a.through}::int) AS mo(m) LEFT JOIN c ON true GROUP BY mo.m`;
}

/** Recruitment events of the given kinds (or for graduates) starting in the year, by month. */
const eventsBody = (a: Args, where: RawBuilder<unknown>) => sql`SELECT district_code, extract(month FROM starts_on)::int AS m, count(*) AS n FROM recruitment_event
  WHERE starts_on BETWEEN ${jan1(a)} AND ${endOf(a)} AND ${where} GROUP BY 1, 2`;

/** Vacancies (a posting's headcount) first published in the year, by the posting's district and month. */
const vacanciesBody = (a: Args, where: RawBuilder<unknown>) => sql`SELECT district_code, extract(month FROM published_at AT TIME ZONE 'Asia/Shanghai')::int AS m, sum(headcount) AS n FROM job_posting
  WHERE published_at IS NOT NULL AND (published_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN ${jan1(a)} AND ${endOf(a)} AND ${where} GROUP BY 1, 2`;

/** Service points of the kinds open at each month's end (a stock, not a sum). */
function servicePointsOpen(a: Args, kinds: string[]): RawBuilder<ComputedRow> {
  return sql<ComputedRow>`WITH months AS MATERIALIZED ${monthEnds(a)},
    open AS (
      SELECT sp.district_code, mo.month, count(*) AS n FROM service_point sp
      JOIN months mo ON sp.opened_on <= mo.month_end AND (sp.closed_on IS NULL OR sp.closed_on > mo.month_end)
      WHERE sp.kind IN (${sql.join(kinds)}) GROUP BY 1, 2)
    SELECT g.unit, g.month, coalesce(o.n, 0)::float8 AS value, NULL::float8 AS numerator, NULL::float8 AS denominator
    FROM ${grid(a)} g LEFT JOIN open o ON o.district_code = g.unit AND o.month = g.month`;
}

function trainingCumulative(a: Args, kinds: string[]): RawBuilder<ComputedRow> {
  return sql<ComputedRow>`WITH t AS (
      SELECT district_code, extract(month FROM start_date)::int AS sm, count(*) AS n FROM hr_training_record
      WHERE start_date >= ${jan1(a)} AND start_date <= ${endOf(a)} AND kind IN (${sql.join(kinds)})
      GROUP BY 1, 2)
    SELECT g.unit, g.month, coalesce(sum(t.n) FILTER (WHERE t.sm <= g.month), 0)::float8 AS value, NULL::float8 AS numerator, NULL::float8 AS denominator
    FROM ${grid(a)} g LEFT JOIN t ON t.district_code = g.unit GROUP BY g.unit, g.month`;
}

/** Persons enrolled in a scheme at each month's end (the register keeps the current status), by the enrolment's district. */
function enrolledLevel(a: Args, scheme: string): RawBuilder<ComputedRow> {
  // A person has at most one row per scheme (the key is person and scheme), so rows are persons.
  return sql<ComputedRow>`WITH byMonth AS (
      SELECT district_code, CASE WHEN enrolled_on < ${jan1(a)} THEN 1 ELSE extract(month FROM enrolled_on)::int END AS fm, count(*) AS n
      FROM hr_insurance_enrolment WHERE scheme = ${scheme} AND status = 'active' AND enrolled_on <= ${endOf(a)} GROUP BY 1, 2)
    SELECT g.unit, g.month, coalesce(sum(b.n) FILTER (WHERE b.fm <= g.month), 0)::float8 AS value, NULL::float8 AS numerator, NULL::float8 AS denominator
    FROM ${grid(a)} g LEFT JOIN byMonth b ON b.district_code = g.unit GROUP BY g.unit, g.month`;
}

/** Entitlements of a policy paid (reconciled) in the year, cumulated by month. */
function paidCumulative(a: Args, policyId: string): RawBuilder<ComputedRow> {
  return sql<ComputedRow>`WITH p AS (
      SELECT l.district_code, extract(month FROM l.reconciled_at AT TIME ZONE 'Asia/Shanghai')::int AS pm, count(DISTINCT l.entitlement_id) AS n
      FROM payment_line l JOIN entitlement e ON e.id = l.entitlement_id
      WHERE e.policy_id = ${policyId} AND l.status = 'paid'
        AND (l.reconciled_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN ${jan1(a)} AND ${endOf(a)}
      GROUP BY 1, 2)
    SELECT g.unit, g.month, coalesce(sum(p.n) FILTER (WHERE p.pm <= g.month), 0)::float8 AS value, NULL::float8 AS numerator, NULL::float8 AS denominator
    FROM ${grid(a)} g LEFT JOIN p ON p.district_code = g.unit GROUP BY g.unit, g.month`;
}

/** Cases of a kind opened in the year, and how many of them were closed by each month's end. */
function caseClosure(a: Args, kind: string): RawBuilder<ComputedRow> {
  return sql<ComputedRow>`WITH c AS (
      SELECT district_code, extract(month FROM opened_at AT TIME ZONE 'Asia/Shanghai')::int AS om,
        CASE WHEN NOT final THEN 99
             WHEN extract(year FROM closed_at AT TIME ZONE 'Asia/Shanghai') > ${a.year} THEN 99
             ELSE extract(month FROM closed_at AT TIME ZONE 'Asia/Shanghai')::int END AS cm,
        count(*) AS n
      FROM case_record
      WHERE kind_code = ${kind} AND (opened_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN ${jan1(a)} AND ${endOf(a)}
      GROUP BY 1, 2, 3)
    SELECT g.unit, g.month, NULL::float8 AS value,
      coalesce(sum(n) FILTER (WHERE om <= g.month AND cm <= g.month), 0)::float8 AS numerator,
      coalesce(sum(n) FILTER (WHERE om <= g.month), 0)::float8 AS denominator
    FROM ${grid(a)} g LEFT JOIN c ON c.district_code = g.unit GROUP BY g.unit, g.month`;
}

/**
 * The register of persons read once for the insurance indicators, from resident_fact (one row per
 * person, kept by the database from the register, deaths, students and the pension, medical and
 * long-term-care enrolments; migration 0011): residents counted by district of residence and the
 * months of the year in which they are alive (`until_m`: died in that month, 0 before the year, 99
 * alive at its end), born (`born_m`), 16 and not in school (`adult_m`), enrolled in a pension scheme
 * (`pension_m`) — 99 for "not by the end of `through`" — with their pension enrolments' own districts
 * and months (the `enrolled_on` up to the end of `through`), and their medical and long-term-care
 * enrolment of the year. `parts` leaves out the columns a query does not read (fewer groups).
 */
const RESIDENTS: Facts = (a, parts) => {
  const month = (d: RawBuilder<unknown>) => sql`CASE WHEN ${d} < ${jan1(a)} THEN 1 ELSE extract(month FROM ${d})::int END`;
  // 16 by the end of a month ⇔ born in that month or before, 16 years earlier (29 February included).
  const adult = sql`CASE WHEN f.last_school_year >= ${a.year - 1} OR f.birth_date >= (make_date(${a.year - 16}::int, ${a.through}::int, 1) + interval '1 month')::date THEN 99
    WHEN f.birth_date <= make_date(${a.year - 16}::int, 1, 1) THEN 1 ELSE extract(month FROM f.birth_date)::int END`;
  const enrolled = (on: string) => sql`CASE WHEN ${sql.ref(`f.${on}`)} <= ${endOf(a)} THEN ${month(sql.ref(`f.${on}`))} END`;
  const first = sql`least(f.employee_pension_on, f.resident_pension_on)`;
  const none = sql`NULL::int`;
  return sql`SELECT f.district_code,
      CASE WHEN f.death_date IS NULL OR f.death_date > ${endOf(a)} THEN 99 WHEN f.death_date < ${jan1(a)} THEN 0 ELSE extract(month FROM f.death_date)::int END AS until_m,
      CASE WHEN f.birth_date > ${endOf(a)} THEN 99 ELSE ${month(sql`f.birth_date`)} END AS born_m,
      ${parts.has('students') ? adult : none} AS adult_m,
      ${parts.has('pension') ? sql`CASE WHEN ${first} IS NULL OR ${first} > ${endOf(a)} THEN 99 ELSE ${month(first)} END` : none} AS pension_m,
      ${parts.has('pension') ? sql`f.employee_pension_district` : sql`NULL::text`} AS employee_pension_district, ${parts.has('pension') ? enrolled('employee_pension_on') : none} AS employee_pension_m,
      ${parts.has('pension') ? sql`f.resident_pension_district` : sql`NULL::text`} AS resident_pension_district, ${parts.has('pension') ? enrolled('resident_pension_on') : none} AS resident_pension_m,
      ${parts.has('medical') ? sql`CASE WHEN ${a.year}::smallint = ANY (f.medical_employee_years) THEN 'employee' WHEN ${a.year}::smallint = ANY (f.medical_resident_years) THEN 'resident' END` : sql`NULL::text`} AS medical_scheme,
      ${parts.has('ltc') ? sql`${a.year}::smallint = ANY (f.ltc_years)` : sql`false`} AS ltc,
      count(*) AS n
    FROM resident_fact f
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11`;
};

/** A rate by district and month from `rows` (district_code, n, and the columns `inNumerator` and `inDenominator` test). */
function rateByMonth(a: Args, rows: RawBuilder<unknown>, inNumerator: RawBuilder<unknown>, inDenominator: RawBuilder<unknown>): RawBuilder<ComputedRow> {
  return sql<ComputedRow>`SELECT g.unit, g.month, NULL::float8 AS value,
      coalesce(sum(f.n) FILTER (WHERE ${inNumerator}), 0)::float8 AS numerator,
      coalesce(sum(f.n) FILTER (WHERE ${inDenominator}), 0)::float8 AS denominator
    FROM ${grid(a)} g LEFT JOIN (${rows}) f ON f.district_code = g.unit GROUP BY g.unit, g.month`;
}

export const COMPUTED: Record<string, Query> = {
  new_urban_jobs: {
    zh: '当年新就业人数：登记的用工起始日在当年，且此前180天内无其他在职记录（不含跳槽和短期换岗），按用工单位所在区县累计',
    en: 'New jobs this year: employment records starting this year, with no other job in the 180 days before (job changes excluded), by the employer’s district, cumulative',
    ...over(STARTS, [], (a) => startsCumulative(a, sql`true`)),
  },
  difficulty_employment: {
    zh: '困难人员就业：新就业者在就业时属低保/特困/低收入、持残疾证，或失业登记满12个月',
    en: 'Persons with difficulties into work: new jobs of persons who, when hired, received dibao / extreme-poverty / low-income assistance, held a disability certificate, or had been registered unemployed for 12 months or more',
    ...over(STARTS, ['difficulty'], (a) => startsCumulative(a, sql`difficulty`)),
  },
  reemployment: {
    zh: '失业人员再就业：新就业者在就业时（或前31天内）处于失业登记状态',
    en: 'Re-employment: new jobs of persons registered unemployed when hired (or in the 31 days before)',
    ...over(STARTS, ['unemployed'], (a) => startsCumulative(a, sql`unemployed`)),
  },
  subsidised_training: {
    zh: '补贴性职业技能培训人次：当年开班的培训记录（全部类别），按培训地区县累计',
    en: 'Subsidised skills training, person-times: training records starting this year (all kinds), by training district, cumulative',
    sql: (a) => trainingCumulative(a, ['employment_skills', 'upgrade', 'entrepreneurship', 'new_form']),
  },
  employment_skills_training: {
    zh: '就业技能和创业培训人次：当年开班的就业技能培训与创业培训',
    en: 'Employment-skills and entrepreneurship training, person-times, this year',
    sql: (a) => trainingCumulative(a, ['employment_skills', 'entrepreneurship']),
  },
  pension_enrolled: {
    zh: '养老保险参保人数（职工+城乡居民，按人去重），月末在册',
    en: 'Persons enrolled in pension insurance (employee or resident, each person once), at the month’s end',
    // By the enrolments' districts: a person enrolled in both schemes in one district counts once there,
    // from the earlier enrolment; in two districts, once in each.
    ...over(RESIDENTS, ['pension'], (a) => sql<ComputedRow>`SELECT g.unit, g.month, coalesce(sum(f.n) FILTER (WHERE f.m <= g.month), 0)::float8 AS value, NULL::float8 AS numerator, NULL::float8 AS denominator
      FROM ${grid(a)} g LEFT JOIN (
        SELECT employee_pension_district AS district_code, CASE WHEN resident_pension_district = employee_pension_district THEN least(employee_pension_m, resident_pension_m) ELSE employee_pension_m END AS m, n
        FROM facts WHERE employee_pension_m IS NOT NULL
        UNION ALL
        SELECT resident_pension_district, resident_pension_m, n FROM facts
        WHERE resident_pension_m IS NOT NULL AND (employee_pension_m IS NULL OR employee_pension_district <> resident_pension_district)) f ON f.district_code = g.unit
      GROUP BY g.unit, g.month`),
  },
  unemployment_insurance_enrolled: {
    zh: '失业保险参保人数，月末在册',
    en: 'Persons enrolled in unemployment insurance at the month’s end',
    sql: (a) => enrolledLevel(a, 'unemployment'),
  },
  work_injury_enrolled: {
    zh: '工伤保险参保人数，月末在册',
    en: 'Persons enrolled in work-injury insurance at the month’s end',
    sql: (a) => enrolledLevel(a, 'work_injury'),
  },
  resident_pension_coverage: {
    zh: '城乡养老保险参保率 = 已参加职工或居民养老保险的16周岁以上非在校生 ÷ 16周岁以上非在校生（在世，按居住区县）',
    en: 'Pension coverage = living residents aged 16+ and not in school who are enrolled in employee or resident pension ÷ all living residents aged 16+ not in school (by district of residence)',
    ...over(RESIDENTS, ['students', 'pension'], (a) =>
      rateByMonth(
        a,
        sql`SELECT district_code, adult_m, until_m, pension_m, sum(n) AS n FROM facts WHERE adult_m <> 99 GROUP BY 1, 2, 3, 4`,
        sql`f.adult_m <= g.month AND f.until_m > g.month AND f.pension_m <= g.month`,
        sql`f.adult_m <= g.month AND f.until_m > g.month`,
      ),
    ),
  },
  medical_coverage: {
    zh: '基本医疗保险参保率 = 当年参加职工或居民医保的在世居民 ÷ 在世居民（按居住区县）',
    en: 'Medical insurance coverage = living residents enrolled in employee or resident medical insurance this year ÷ living residents (by district of residence)',
    ...over(RESIDENTS, ['medical'], (a) =>
      rateByMonth(
        a,
        sql`SELECT district_code, born_m, until_m, medical_scheme IS NOT NULL AS enrolled, sum(n) AS n FROM facts WHERE born_m <> 99 GROUP BY 1, 2, 3, 4`,
        sql`f.born_m <= g.month AND f.until_m > g.month AND f.enrolled`,
        sql`f.born_m <= g.month AND f.until_m > g.month`,
      ),
    ),
  },
  ltc_insurance_coverage: {
    zh: '长期护理保险覆盖率 = 当年参加职工医保且有长期护理保险记录的在世人员 ÷ 当年参加职工医保的在世人员（按居住区县）',
    en: 'Long-term-care coverage = living employee medical enrollees of the year with a long-term-care record ÷ living employee medical enrollees of the year (by district of residence)',
    ...over(RESIDENTS, ['medical', 'ltc'], (a) =>
      rateByMonth(
        a,
        sql`SELECT district_code, until_m, ltc, sum(n) AS n FROM facts WHERE medical_scheme = 'employee' GROUP BY 1, 2, 3`,
        sql`f.until_m > g.month AND f.ltc`,
        sql`f.until_m > g.month`,
      ),
    ),
  },
  big_data_certification_rate: {
    zh: '大数据认证覆盖率 = 本年度由部门数据比对认证的待遇领取人 ÷ 本年度应认证的在世领取人（不含已死亡）',
    en: 'Certified by data = benefit recipients of the year certified from department data alone ÷ living recipients to be certified this year (the dead left out)',
    sql: (a) => sql<ComputedRow>`WITH c AS (
        SELECT district_code, status, CASE WHEN certified_on IS NULL THEN 99 ELSE extract(month FROM certified_on)::int END AS m, count(*) AS n
        FROM certification WHERE year = ${a.year} AND status <> 'suspended_death' GROUP BY 1, 2, 3)
      SELECT g.unit, g.month, NULL::float8 AS value,
        coalesce(sum(n) FILTER (WHERE c.status = 'data_certified' AND c.m <= g.month), 0)::float8 AS numerator,
        coalesce(sum(n), 0)::float8 AS denominator
      FROM ${grid(a)} g LEFT JOIN c ON c.district_code = g.unit GROUP BY g.unit, g.month`,
  },
  zero_employment_households: {
    zh: '零就业家庭户数：月末有成员处于失业登记状态（有劳动能力和就业意愿），且无一名成员在职的家庭',
    en: 'Zero-employment households: households with a member registered unemployed (able and willing to work) at the month’s end and no member in work',
    // Only households with a member registered unemployed in the year can count. Their months with a
    // registered member are listed; their members, and the members' jobs, are found through the indexes
    // on household and on person (= ANY of the ids); the months with a job are hashed by household and
    // month. The form before tested the month as a join filter over every job joined to every person:
    // more than 470 s on PostgreSQL at 32 million persons.
    sql: (a) => sql<ComputedRow>`WITH months AS MATERIALIZED ${monthEnds(a)},
      registered AS MATERIALIZED (
        SELECT DISTINCT h.id AS household_id, h.district_code, mo.month
        FROM hr_unemployment_registration u JOIN person p ON p.id = u.person_id JOIN household h ON h.id = p.household_id
        JOIN months mo ON u.registered_on <= mo.month_end AND (u.ended_on IS NULL OR u.ended_on > mo.month_end)
        WHERE u.registered_on <= ${endOf(a)} AND (u.ended_on IS NULL OR u.ended_on >= ${jan1(a)})),
      members AS MATERIALIZED (
        SELECT p.id, p.household_id FROM person p WHERE p.household_id = ANY ((SELECT array_agg(DISTINCT household_id) FROM registered)::bigint[])),
      jobs AS MATERIALIZED (
        SELECT m.household_id, e.start_date, e.end_date FROM employment e JOIN members m ON m.id = e.person_id
        WHERE e.person_id = ANY ((SELECT array_agg(id) FROM members)::bigint[])),
      employed AS (
        SELECT DISTINCT j.household_id, mo.month FROM jobs j
        JOIN months mo ON j.start_date <= mo.month_end AND (j.end_date IS NULL OR j.end_date >= mo.month_end)),
      flagged AS (
        SELECT r.district_code, r.month, count(*) AS n FROM registered r
        WHERE NOT EXISTS (SELECT 1 FROM employed em WHERE em.household_id = r.household_id AND em.month = r.month)
        GROUP BY 1, 2)
      SELECT g.unit, g.month, coalesce(f.n, 0)::float8 AS value, NULL::float8 AS numerator, NULL::float8 AS denominator
      FROM ${grid(a)} g LEFT JOIN flagged f ON f.district_code = g.unit AND f.month = g.month`,
  },
  graduate_employment_rate: {
    zh: '高校毕业生就业率 = 当年毕业的本市户籍毕业生中月末在职者 ÷ 当年毕业的本市户籍毕业生（7月起计）',
    en: 'Graduate employment rate = this year’s graduates with Chongqing hukou in work at the month’s end ÷ all of them (from July)',
    // The jobs are found with a semi-join on the graduates' ids (hashed), not a join from the
    // graduates' CTE, which PGlite planned as a scan of every job per graduate (9.5 s at 200,000 persons).
    sql: (a) => sql<ComputedRow>`WITH gr AS (
        SELECT g.person_id, min(p.hukou_district_code) AS district_code FROM edu_graduate g JOIN person p ON p.id = g.person_id
        WHERE g.graduation_year = ${a.year} AND p.hukou_district_code LIKE '50%' GROUP BY g.person_id),
      job AS (SELECT e.person_id, min(e.start_date) AS first_start FROM employment e
              WHERE e.person_id IN (SELECT g.person_id FROM edu_graduate g WHERE g.graduation_year = ${a.year})
                AND (e.end_date IS NULL OR e.end_date >= make_date(${a.year}::int, 7, 1)) GROUP BY 1),
      agg AS (SELECT gr.district_code, CASE WHEN j.first_start IS NULL THEN 99 WHEN j.first_start < make_date(${a.year}::int, 7, 1) THEN 7 ELSE greatest(7, extract(month FROM j.first_start)::int) END AS em, count(*) AS n
              FROM gr LEFT JOIN job j ON j.person_id = gr.person_id GROUP BY 1, 2)
      SELECT g.unit, g.month, NULL::float8 AS value,
        CASE WHEN g.month >= 7 THEN coalesce(sum(n) FILTER (WHERE em <= g.month), 0) END::float8 AS numerator,
        CASE WHEN g.month >= 7 THEN coalesce(sum(n), 0) END::float8 AS denominator
      FROM ${grid(a)} g LEFT JOIN agg ON agg.district_code = g.unit GROUP BY g.unit, g.month`,
  },
  student_aid_coverage: {
    zh: '学生资助覆盖率 = 当年已发放的学生资助 ÷ 规则引擎当年找到的应助学生（不含被排斥、已放弃的）',
    en: 'Student aid coverage = student-aid entitlements of the year paid ÷ those the rules engine found (excluding excluded and declined)',
    sql: (a) => sql<ComputedRow>`WITH e AS (
        SELECT e.district_code, extract(month FROM e.created_at AT TIME ZONE 'Asia/Shanghai')::int AS fm,
          (SELECT min(extract(month FROM l.reconciled_at AT TIME ZONE 'Asia/Shanghai'))::int FROM payment_line l
            WHERE l.entitlement_id = e.id AND l.status = 'paid' AND extract(year FROM l.reconciled_at AT TIME ZONE 'Asia/Shanghai') = ${a.year}) AS pm
        FROM entitlement e
        WHERE e.policy_id = 'student-financial-aid' AND e.status NOT IN ('excluded', 'declined')
          AND (e.created_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN ${jan1(a)} AND ${endOf(a)}),
      agg AS (SELECT district_code, fm, coalesce(pm, 99) AS pm, count(*) AS n FROM e GROUP BY 1, 2, 3)
      SELECT g.unit, g.month, NULL::float8 AS value,
        coalesce(sum(n) FILTER (WHERE fm <= g.month AND pm <= g.month), 0)::float8 AS numerator,
        coalesce(sum(n) FILTER (WHERE fm <= g.month), 0)::float8 AS denominator
      FROM ${grid(a)} g LEFT JOIN agg ON agg.district_code = g.unit GROUP BY g.unit, g.month`,
  },
  wage_arrears_closure_rate: {
    zh: '根治欠薪线索办结率 = 当年受理的欠薪线索中月末已办结的 ÷ 当年受理的欠薪线索（按承办区县；重新办理的线索再次办结前不计为办结）',
    en: 'Wage-arrears lead closure rate = leads received this year and closed by the month’s end ÷ leads received this year (by handling district; a reopened lead is not closed until closed again)',
    sql: (a) => caseClosure(a, 'wage_arrears'),
  },
  dispute_closure_rate: {
    zh: '劳动争议结案率 = 当年受理的劳动争议中月末已结案的 ÷ 当年受理的劳动争议（按受理区县）',
    en: 'Labour dispute closure rate = disputes received this year and closed by the month’s end ÷ disputes received this year (by district)',
    sql: (a) => caseClosure(a, 'labour_dispute'),
  },
  job_vacancies: {
    zh: '提供就业岗位数：当年首次发布的岗位的招聘人数之和（未通过审查、从未发布的不计），按岗位所在区县累计',
    en: 'Job vacancies offered: the headcount of postings first published this year (postings blocked and never published excluded), by the posting’s district, cumulative',
    sql: (a) => cumulative(a, vacanciesBody(a, sql`true`)),
  },
  graduate_vacancies: {
    zh: '适合高校毕业生的岗位数：当年首次发布、标明面向高校毕业生的岗位的招聘人数之和',
    en: 'Vacancies for graduates: the headcount of postings first published this year and marked as open to graduates',
    sql: (a) => cumulative(a, vacanciesBody(a, sql`for_graduates`)),
  },
  livestream_job_fairs: {
    zh: '直播带岗场次：当年开始的直播带岗招聘活动（全市）',
    en: 'Live-streamed job fairs: live-stream recruitment events starting this year (city-wide)',
    sql: (a) => cityCumulative(a, eventsBody(a, sql`kind = 'livestream'`)),
  },
  online_job_fairs: {
    zh: '网络招聘场次：当年开始的网络招聘活动，按举办区县累计',
    en: 'Online recruitment sessions: online recruitment events starting this year, by organising district, cumulative',
    sql: (a) => cumulative(a, eventsBody(a, sql`kind = 'online'`)),
  },
  graduate_service_events: {
    zh: '高校毕业生专项服务活动场次：当年开始的校园招聘和标明面向高校毕业生的招聘活动',
    en: 'Service events for graduates: campus events and other events marked as for graduates, starting this year',
    sql: (a) => cumulative(a, eventsBody(a, sql`(kind = 'campus' OR for_graduates)`)),
  },
  graduate_internships: {
    zh: '高校毕业生就业见习人数：当年台账状态首次变为“就业见习”的毕业生（每人只计一次），按户籍区县累计',
    en: 'Graduate internships: graduates whose ledger status first became internship this year (each counted once), by hukou district, cumulative',
    sql: (a) =>
      cumulative(
        a,
        sql`SELECT r.district_code, f.m, count(*) AS n
          FROM (SELECT graduation_year, person_id, extract(month FROM min(effective_on))::int AS m FROM graduate_status
                WHERE status = 'internship' AND effective_on BETWEEN ${jan1(a)} AND ${endOf(a)} GROUP BY 1, 2) f
          JOIN graduate_record r ON r.graduation_year = f.graduation_year AND r.person_id = f.person_id
          GROUP BY 1, 2`,
      ),
  },
  difficult_graduates_placement_rate: {
    zh: '困难毕业生就业或参加就业准备活动比例 = 当年毕业、有就业意愿的困难毕业生中，月末台账状态为就业、升学、见习或就业准备的 ÷ 当年毕业、有就业意愿的困难毕业生（7月起计）',
    en: 'Graduates in difficulty placed = this year’s graduates in difficulty who want work and, at the month’s end, are employed, studying, interning or preparing ÷ all this year’s graduates in difficulty who want work (from July)',
    sql: (a) => sql<ComputedRow>`WITH months AS (SELECT m AS month, (make_date(${a.year}::int, m, 1) + interval '1 month' - interval '1 day')::date AS month_end FROM generate_series(7, greatest(7, ${a.through}::int)) m WHERE m <= ${a.through}::int),
      latest AS (
        SELECT r.district_code, mo.month, st.status, st.wants_work
        FROM graduate_record r CROSS JOIN months mo
        CROSS JOIN LATERAL (SELECT s.status, s.wants_work FROM graduate_status s
                            WHERE s.graduation_year = r.graduation_year AND s.person_id = r.person_id AND s.effective_on <= mo.month_end
                            ORDER BY s.effective_on DESC, s.id DESC LIMIT 1) st
        WHERE r.graduation_year = ${a.year} AND r.difficulty),
      agg AS (SELECT district_code, month, count(*) FILTER (WHERE wants_work AND status IN ('employed', 'further_study', 'internship', 'preparing')) AS placed, count(*) FILTER (WHERE wants_work) AS wanting
              FROM latest GROUP BY 1, 2)
      SELECT g.unit, g.month, NULL::float8 AS value,
        CASE WHEN g.month >= 7 THEN coalesce(max(agg.placed), 0) END::float8 AS numerator,
        CASE WHEN g.month >= 7 THEN coalesce(max(agg.wanting), 0) END::float8 AS denominator
      FROM ${grid(a)} g LEFT JOIN agg ON agg.district_code = g.unit AND agg.month = g.month GROUP BY g.unit, g.month`,
  },
  gig_markets_stations: {
    zh: '建设零工市场、就业驿站数：当年新建成的零工市场和就业驿站，按所在区县累计',
    en: 'Gig-work markets and employment stations built: those opened this year, by district, cumulative',
    sql: (a) =>
      cumulative(
        a,
        sql`SELECT district_code, extract(month FROM opened_on)::int AS m, count(*) AS n FROM service_point
          WHERE kind IN ('gig_market', 'employment_station') AND opened_on BETWEEN ${jan1(a)} AND ${endOf(a)} GROUP BY 1, 2`,
      ),
  },
  assistance_workshops: {
    zh: '就业帮扶车间数：月末在运营的帮扶车间',
    en: 'Employment-assistance workshops operating at the month’s end',
    sql: (a) => servicePointsOpen(a, ['assistance_workshop']),
  },
  labour_brokers: {
    zh: '劳务经纪人数：月末在册的劳务经纪人',
    en: 'Labour brokers registered at the month’s end',
    sql: (a) => servicePointsOpen(a, ['labour_broker']),
  },
  villages_with_labour_broker: {
    zh: '已有劳务经纪人的村(社区)占比 = 月末至少有一名在册劳务经纪人的村(社区) ÷ 区县全部村(社区)',
    en: 'Villages and communities with a labour broker = those with at least one broker registered at the month’s end ÷ all villages and communities of the district',
    // Most villages have one broker, whose open months are counted as they are; only villages with
    // several are de-duplicated month by month (sorting every broker-month took 100 ms on PGlite).
    sql: (a) => sql<ComputedRow>`WITH months AS MATERIALIZED ${monthEnds(a)},
      v AS (SELECT district_code, count(*) AS n FROM division WHERE level = 4 GROUP BY 1),
      brokers AS MATERIALIZED (
        SELECT district_code, village_code, opened_on, closed_on, count(*) OVER (PARTITION BY village_code) AS in_village FROM service_point WHERE kind = 'labour_broker'),
      covered AS (
        SELECT district_code, month, sum(n) AS n FROM (
          SELECT b.district_code, mo.month, count(*) AS n FROM brokers b
          JOIN months mo ON b.opened_on <= mo.month_end AND (b.closed_on IS NULL OR b.closed_on > mo.month_end)
          WHERE b.in_village = 1 GROUP BY 1, 2
          UNION ALL
          SELECT b.district_code, mo.month, count(DISTINCT b.village_code) AS n FROM brokers b
          JOIN months mo ON b.opened_on <= mo.month_end AND (b.closed_on IS NULL OR b.closed_on > mo.month_end)
          WHERE b.in_village > 1 GROUP BY 1, 2) x
        GROUP BY 1, 2)
      SELECT g.unit, g.month, NULL::float8 AS value, coalesce(c.n, 0)::float8 AS numerator, coalesce(v.n, 0)::float8 AS denominator
      FROM ${grid(a)} g LEFT JOIN covered c ON c.district_code = g.unit AND c.month = g.month LEFT JOIN v ON v.district_code = g.unit`,
  },
  home_adaptations: {
    zh: '适老化改造户数：当年已发放居家适老化改造补助的家庭（以对账确认的发放为准）',
    en: 'Homes adapted: households paid the elderly home-adaptation subsidy this year (as confirmed by reconciliation)',
    sql: (a) => paidCumulative(a, 'elderly-home-adaptation'),
  },
};

export const COMPUTED_QUERIES = Object.keys(COMPUTED);

function computed(query: string): Query {
  const q = COMPUTED[query];
  if (!q) throw new Error(`unknown computed indicator query ${query}`);
  return q;
}

/**
 * The statements that compute the given queries, their rows tagged with their query's name: the
 * queries over the same facts share one statement, which reads those rows once; the others have one
 * statement each.
 */
export function computedStatements(queries: readonly string[], a: Args): { queries: string[]; sql: RawBuilder<TaggedRow> }[] {
  const tagged = (q: string, body: RawBuilder<ComputedRow>) => sql<TaggedRow>`SELECT ${q}::text AS query, c.* FROM (${body}) c`;
  const out: { queries: string[]; sql: RawBuilder<TaggedRow> }[] = [];
  const byFacts = new Map<Facts, string[]>();
  for (const q of queries) {
    const shared = computed(q).over;
    if (shared) byFacts.set(shared.facts, [...(byFacts.get(shared.facts) ?? []), q]);
    else out.push({ queries: [q], sql: tagged(q, computed(q).sql(a)) });
  }
  for (const [facts, qs] of byFacts) {
    const parts = new Set(qs.flatMap((q) => computed(q).over!.parts));
    const selects = qs.map((q) => tagged(q, computed(q).over!.select(a)));
    out.push({ queries: qs, sql: sql<TaggedRow>`WITH facts AS MATERIALIZED (${facts(a, parts)}) ${sql.join(selects, sql` UNION ALL `)}` });
  }
  return out;
}

/**
 * Lets the statements of a transaction hash in memory: PGlite has no statistics, so the planner
 * guesses sizes, and with its default work_mem of 4 MB it sorted the residents' facts on disk. Raises
 * work_mem to 64 MB for this transaction, never lowers it.
 */
export async function allowWorkMem(trx: DbOrTx): Promise<void> {
  await sql`SELECT set_config('work_mem', '64MB', true) FROM pg_settings WHERE name = 'work_mem' AND setting::bigint < 65536`.execute(trx);
}

export async function runComputed(db: DbOrTx, query: string, args: Args): Promise<ComputedRow[]> {
  const statement = computed(query).sql(args);
  const r = db.isTransaction
    ? await statement.execute(db)
    : await db.transaction().execute(async (trx) => {
        await allowWorkMem(trx);
        return statement.execute(trx);
      });
  return r.rows.map((x) => ({ unit: x.unit, month: Number(x.month), value: x.value === null ? null : Number(x.value), numerator: x.numerator === null ? null : Number(x.numerator), denominator: x.denominator === null ? null : Number(x.denominator) }));
}

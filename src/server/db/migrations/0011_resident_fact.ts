// resident_fact: one row per person with what the plan's insurance indicators read about them from
// six tables (residence district and birth date; death; the last school year; the active employee
// and resident pension enrolments; the years of medical enrolment by scheme and of long-term-care
// enrolment). The recompute of those indicators reads this one table instead of joining the register
// of persons to five others (on the 200,000-person demo city the joins took 720 ms of a 1.7 s
// recompute, and at 32 million persons they spilled 3 GB of temporary files).
//
// It is kept by the database. resident_fact_refresh(persons) rewrites the rows of some persons in one
// set-based statement, after locking them and with a new snapshot, so that two transactions changing
// one person's data one after the other cannot leave the first one's change out. Statement-level
// triggers on the six tables call it with the persons a statement touched (from the transition
// tables); a TRUNCATE of any of them rebuilds the whole table (resident_fact_rebuild()). Loads that
// suspend triggers with session_replication_role (the synthetic city's COPY, the insurance feeds)
// call one or the other themselves when they are done. Rows are persons: no foreign key, so that a
// person's deletion and its row's go together.
import { sql, type Kysely } from 'kysely';

/**
 * The statement writing the rows of the persons in the array `persons`, or of every person (`all`: after
 * a TRUNCATE of resident_fact, nothing to conflict with, no list to join).
 */
function refresh(all: boolean): string {
  const only = all ? '' : 'WHERE person_id IN (SELECT id FROM ids)';
  return `${all ? '' : 'WITH ids AS MATERIALIZED (SELECT DISTINCT unnest(persons) AS id)'}
INSERT INTO resident_fact AS f (person_id, district_code, birth_date, death_date, last_school_year,
  employee_pension_district, employee_pension_on, resident_pension_district, resident_pension_on,
  medical_employee_years, medical_resident_years, ltc_years)
SELECT p.id, p.district_code, p.birth_date, d.death_date, s.last_school_year,
  e1.district_code, e1.enrolled_on, e2.district_code, e2.enrolled_on,
  coalesce(m.employee_years, '{}'), coalesce(m.resident_years, '{}'), coalesce(l.years, '{}')
FROM person p
${all ? '' : 'JOIN ids ON ids.id = p.id'}
LEFT JOIN police_death d ON d.person_id = p.id
LEFT JOIN (SELECT person_id, max(school_year) AS last_school_year FROM edu_student ${only} GROUP BY 1) s ON s.person_id = p.id
LEFT JOIN hr_insurance_enrolment e1 ON e1.person_id = p.id AND e1.scheme = 'employee_pension' AND e1.status = 'active'
LEFT JOIN hr_insurance_enrolment e2 ON e2.person_id = p.id AND e2.scheme = 'resident_pension' AND e2.status = 'active'
LEFT JOIN (SELECT person_id, array_agg(year ORDER BY year) FILTER (WHERE scheme = 'employee') AS employee_years,
             array_agg(year ORDER BY year) FILTER (WHERE scheme = 'resident') AS resident_years
           FROM medical_enrolment ${only} GROUP BY 1) m ON m.person_id = p.id
LEFT JOIN (SELECT person_id, array_agg(year ORDER BY year) AS years FROM ltc_enrolment ${only} GROUP BY 1) l ON l.person_id = p.id
${all ? '' : `ON CONFLICT (person_id) DO UPDATE SET district_code = excluded.district_code, birth_date = excluded.birth_date,
  death_date = excluded.death_date, last_school_year = excluded.last_school_year,
  employee_pension_district = excluded.employee_pension_district, employee_pension_on = excluded.employee_pension_on,
  resident_pension_district = excluded.resident_pension_district, resident_pension_on = excluded.resident_pension_on,
  medical_employee_years = excluded.medical_employee_years, medical_resident_years = excluded.medical_resident_years,
  ltc_years = excluded.ltc_years
WHERE f IS DISTINCT FROM excluded`}`;
}

/** The tables it reads: the column that names the person, and the columns the refresh reads. */
const RESIDENT_FACT_SOURCES: readonly [string, string, string[]][] = [
  ['person', 'id', ['district_code', 'birth_date']],
  ['police_death', 'person_id', ['death_date']],
  ['edu_student', 'person_id', ['school_year']],
  ['hr_insurance_enrolment', 'person_id', ['scheme', 'enrolled_on', 'status', 'district_code']],
  ['medical_enrolment', 'person_id', ['year', 'scheme']],
  ['ltc_enrolment', 'person_id', ['year']],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  const run = (q: ReturnType<typeof sql>) => q.execute(db);
  await run(sql`CREATE TABLE resident_fact (
    person_id bigint PRIMARY KEY,
    district_code text NOT NULL,
    birth_date date NOT NULL,
    death_date date,
    last_school_year smallint,
    employee_pension_district text,
    employee_pension_on date,
    resident_pension_district text,
    resident_pension_on date,
    medical_employee_years smallint[] NOT NULL,
    medical_resident_years smallint[] NOT NULL,
    ltc_years smallint[] NOT NULL
  )`);
  await run(sql`COMMENT ON TABLE resident_fact IS 'derived: one row per person, kept by triggers on person, police_death, edu_student, hr_insurance_enrolment, medical_enrolment and ltc_enrolment (migration 0011)'`);
  await run(sql`CREATE FUNCTION resident_fact_rebuild() RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      TRUNCATE resident_fact;
      ${sql.raw(refresh(true))};
    END $$`);
  // Each statement of a plpgsql function reads with a new snapshot (READ COMMITTED): the lock waits
  // for a transaction that changed these persons, and the refresh then sees its change.
  await run(sql`CREATE FUNCTION resident_fact_refresh(persons bigint[]) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM resident_fact f WHERE f.person_id = ANY (persons) AND NOT EXISTS (SELECT 1 FROM person p WHERE p.id = f.person_id);
      PERFORM 1 FROM resident_fact f WHERE f.person_id = ANY (persons) FOR UPDATE;
      ${sql.raw(refresh(false))};
    END $$`);
  // Transition tables are visible only to the trigger function's own statements: it collects the
  // persons there and passes them on. An UPDATE counts only the persons whose rows changed in a
  // column the refresh reads (a new phone number or batch id changes nothing): rows of new_rows not
  // in old_rows, and the reverse.
  await run(sql`CREATE FUNCTION resident_fact_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      cols text := format('%I, %s', TG_ARGV[0], TG_ARGV[1]);
      ids bigint[];
    BEGIN
      IF TG_OP = 'TRUNCATE' THEN
        PERFORM resident_fact_rebuild();
        RETURN NULL;
      END IF;
      EXECUTE CASE TG_OP
        WHEN 'INSERT' THEN format('SELECT array_agg(DISTINCT %I) FROM new_rows', TG_ARGV[0])
        WHEN 'DELETE' THEN format('SELECT array_agg(DISTINCT %I) FROM old_rows', TG_ARGV[0])
        ELSE format('SELECT array_agg(DISTINCT %1$I) FROM ((SELECT %2$s FROM new_rows EXCEPT SELECT %2$s FROM old_rows) UNION ALL (SELECT %2$s FROM old_rows EXCEPT SELECT %2$s FROM new_rows)) c', TG_ARGV[0], cols) END
        INTO ids;
      IF ids IS NOT NULL THEN
        PERFORM resident_fact_refresh(ids);
      END IF;
      RETURN NULL;
    END $$`);
  for (const [table, column, read] of RESIDENT_FACT_SOURCES) {
    const args = `'${column}', '${read.join(', ')}'`;
    for (const [op, ref] of [
      ['INSERT', 'REFERENCING NEW TABLE AS new_rows'],
      ['UPDATE', 'REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows'],
      ['DELETE', 'REFERENCING OLD TABLE AS old_rows'],
      ['TRUNCATE', ''],
    ] as const) {
      await run(sql.raw(`CREATE TRIGGER resident_fact_${op.toLowerCase()} AFTER ${op} ON ${table} ${ref} FOR EACH STATEMENT EXECUTE FUNCTION resident_fact_sync(${args})`));
    }
  }
  await run(sql`SELECT resident_fact_rebuild()`);
}

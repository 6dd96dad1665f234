// resident_fact: one row per person with what the plan's insurance indicators read about them from
// six tables (residence district and birth date; death; the last school year; the active employee
// and resident pension enrolments; the years of medical enrolment by scheme and of long-term-care
// enrolment). The recompute of those indicators reads this one table instead of joining the register
// of persons to five others (on the 200,000-person demo city the joins took 720 ms of a 1.7 s
// recompute, and at 32 million persons they spilled 3 GB of temporary files).
//
// It is kept by the database: statement-level triggers on the six tables refresh the rows of the
// persons a statement touched, from the transition tables (one set-based statement per statement,
// whether it touched one person or millions). A TRUNCATE of any of them rebuilds it. Loads that
// suspend triggers (the synthetic city's COPY) call resident_fact_rebuild() when they are done.
// Rows are persons: no foreign key, so that a person's deletion and its row's go together in the
// trigger. Before computing, a refresh locks the rows it will replace, then reads with a new snapshot:
// two transactions changing one person's data one after the other cannot leave the first one's
// change out.
import { sql, type Kysely } from 'kysely';

/**
 * The statement writing the rows of the persons `ids` gives (a query with one column `id`), or of
 * every person (`null`: after a TRUNCATE of resident_fact, nothing to conflict with, no list to join).
 */
function refresh(ids: string | null): string {
  const only = ids === null ? '' : 'WHERE person_id IN (SELECT id FROM ids)';
  return `${ids === null ? '' : `WITH ids AS MATERIALIZED (${ids})`}
INSERT INTO resident_fact AS f (person_id, district_code, birth_date, death_date, last_school_year,
  employee_pension_district, employee_pension_on, resident_pension_district, resident_pension_on,
  medical_employee_years, medical_resident_years, ltc_years)
SELECT p.id, p.district_code, p.birth_date, d.death_date, s.last_school_year,
  e1.district_code, e1.enrolled_on, e2.district_code, e2.enrolled_on,
  coalesce(m.employee_years, '{}'), coalesce(m.resident_years, '{}'), coalesce(l.years, '{}')
FROM person p
${ids === null ? '' : 'JOIN ids ON ids.id = p.id'}
LEFT JOIN police_death d ON d.person_id = p.id
LEFT JOIN (SELECT person_id, max(school_year) AS last_school_year FROM edu_student ${only} GROUP BY 1) s ON s.person_id = p.id
LEFT JOIN hr_insurance_enrolment e1 ON e1.person_id = p.id AND e1.scheme = 'employee_pension' AND e1.status = 'active'
LEFT JOIN hr_insurance_enrolment e2 ON e2.person_id = p.id AND e2.scheme = 'resident_pension' AND e2.status = 'active'
LEFT JOIN (SELECT person_id, array_agg(year ORDER BY year) FILTER (WHERE scheme = 'employee') AS employee_years,
             array_agg(year ORDER BY year) FILTER (WHERE scheme = 'resident') AS resident_years
           FROM medical_enrolment ${only} GROUP BY 1) m ON m.person_id = p.id
LEFT JOIN (SELECT person_id, array_agg(year ORDER BY year) AS years FROM ltc_enrolment ${only} GROUP BY 1) l ON l.person_id = p.id
${ids === null ? '' : `ON CONFLICT (person_id) DO UPDATE SET district_code = excluded.district_code, birth_date = excluded.birth_date,
  death_date = excluded.death_date, last_school_year = excluded.last_school_year,
  employee_pension_district = excluded.employee_pension_district, employee_pension_on = excluded.employee_pension_on,
  resident_pension_district = excluded.resident_pension_district, resident_pension_on = excluded.resident_pension_on,
  medical_employee_years = excluded.medical_employee_years, medical_resident_years = excluded.medical_resident_years,
  ltc_years = excluded.ltc_years
WHERE f IS DISTINCT FROM excluded`}`;
}

/** The tables it reads: the column that names the person, and the columns the refresh reads. */
export const RESIDENT_FACT_SOURCES: readonly [string, string, string[]][] = [
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
  // The statement for some persons, with the query giving them in place of %s.
  await run(sql`CREATE FUNCTION resident_fact_statement(ids text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT format($q$${sql.raw(refresh('%s'))}$q$, ids) $$`);
  await run(sql`CREATE FUNCTION resident_fact_rebuild() RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      TRUNCATE resident_fact;
      ${sql.raw(refresh(null))};
    END $$`);
  await createSync(db);
  await run(sql`SELECT resident_fact_rebuild()`);
}

/** The trigger function and the triggers on the six tables (kept apart so a database can be given them again). */
export async function createSync(db: Kysely<unknown>): Promise<void> {
  const run = (q: ReturnType<typeof sql>) => q.execute(db);
  // Transition tables are visible only to the trigger function's own statements, so it runs the
  // refresh itself (EXECUTE) rather than passing the rows to another function.
  // An UPDATE refreshes only the persons whose rows changed in a column the refresh reads (a new
  // phone number or batch id changes nothing here): rows of new_rows not in old_rows, and the reverse.
  await run(sql`CREATE FUNCTION resident_fact_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      ids text;
      cols text;
      touched boolean;
    BEGIN
      cols := format('%I, %s', TG_ARGV[0], TG_ARGV[1]);
      IF TG_OP = 'TRUNCATE' THEN
        PERFORM resident_fact_rebuild();
        RETURN NULL;
      END IF;
      ids := CASE TG_OP
        WHEN 'INSERT' THEN format('SELECT DISTINCT %I AS id FROM new_rows', TG_ARGV[0])
        WHEN 'DELETE' THEN format('SELECT DISTINCT %I AS id FROM old_rows', TG_ARGV[0])
        ELSE format('SELECT DISTINCT %1$I AS id FROM ((SELECT %2$s FROM new_rows EXCEPT SELECT %2$s FROM old_rows) UNION ALL (SELECT %2$s FROM old_rows EXCEPT SELECT %2$s FROM new_rows)) c', TG_ARGV[0], cols) END;
      EXECUTE format('SELECT EXISTS (%s)', ids) INTO touched;
      IF NOT touched THEN
        RETURN NULL;
      END IF;
      IF TG_OP <> 'INSERT' THEN
        EXECUTE format('DELETE FROM resident_fact f USING (%s) ids WHERE f.person_id = ids.id AND NOT EXISTS (SELECT 1 FROM person p WHERE p.id = f.person_id)', ids);
      END IF;
      IF TG_OP <> 'DELETE' OR TG_TABLE_NAME <> 'person' THEN
        EXECUTE format('SELECT count(*) FROM (SELECT 1 FROM resident_fact f JOIN (%s) ids ON ids.id = f.person_id FOR UPDATE OF f) x', ids);
        EXECUTE resident_fact_statement(ids);
      END IF;
      RETURN NULL;
    END $$`);
  for (const [table, column, read] of RESIDENT_FACT_SOURCES) {
    for (const [op, ref] of [
      ['INSERT', 'NEW TABLE AS new_rows'],
      ['UPDATE', 'NEW TABLE AS new_rows OLD TABLE AS old_rows'],
      ['DELETE', 'OLD TABLE AS old_rows'],
    ] as const) {
      await run(sql.raw(`CREATE TRIGGER resident_fact_${op.toLowerCase()} AFTER ${op} ON ${table} REFERENCING ${ref} FOR EACH STATEMENT EXECUTE FUNCTION resident_fact_sync('${column}', '${read.join(', ')}')`));
    }
    await run(sql.raw(`CREATE TRIGGER resident_fact_truncate AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION resident_fact_sync('${column}', '${read.join(', ')}')`));
  }
}

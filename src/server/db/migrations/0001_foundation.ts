// Foundation schema: divisions, departments, registry (persons, households, enterprises, employment,
// contributions), each department's own tables, data exchange batches, accounts, sessions and audit.
// Tables that grow with the population carry district_code, the future partition/distribution key.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const run = (q: ReturnType<typeof sql>) => q.execute(db);

  // --- Org units and departments -------------------------------------------------------------
  await run(sql`CREATE TABLE division (
    code text PRIMARY KEY,
    name text NOT NULL,
    level smallint NOT NULL CHECK (level BETWEEN 1 AND 4),
    parent_code text REFERENCES division(code),
    district_code text,
    township_code text,
    urban boolean
  )`);
  await run(sql`COMMENT ON TABLE division IS 'GB/T 2260 divisions: 1 city, 2 district (区县), 3 township (乡镇街道), 4 village (村居)'`);
  await run(sql`CREATE INDEX division_parent_idx ON division(parent_code)`);

  await run(sql`CREATE TABLE department (
    code text PRIMARY KEY,
    name_zh text NOT NULL,
    name_en text NOT NULL,
    short_zh text NOT NULL,
    issuer boolean NOT NULL DEFAULT false
  )`);

  // --- Data exchange: every stored registry row points at the batch that last changed it -------
  await run(sql`CREATE TABLE import_batch (
    id bigserial PRIMARY KEY,
    feed text NOT NULL,
    department_code text REFERENCES department(code),
    file_name text NOT NULL,
    file_sha256 text NOT NULL,
    encoding text NOT NULL,
    mode text NOT NULL CHECK (mode IN ('reject', 'quarantine', 'seed')),
    status text NOT NULL CHECK (status IN ('loaded', 'rejected', 'partially_loaded')),
    rows_total integer NOT NULL DEFAULT 0,
    rows_inserted integer NOT NULL DEFAULT 0,
    rows_updated integer NOT NULL DEFAULT 0,
    rows_unchanged integer NOT NULL DEFAULT 0,
    rows_rejected integer NOT NULL DEFAULT 0,
    created_by bigint,
    created_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
  )`);
  await run(sql`CREATE TABLE import_error (
    batch_id bigint NOT NULL REFERENCES import_batch(id),
    line integer NOT NULL,
    field text,
    code text NOT NULL,
    message_zh text NOT NULL,
    message_en text NOT NULL,
    raw text
  )`);
  await run(sql`CREATE INDEX import_error_batch_idx ON import_error(batch_id, line)`);
  await run(sql`COMMENT ON COLUMN import_error.raw IS 'personal data: the rejected source line, kept for the operator to correct'`);

  // --- Registry (主数据) ------------------------------------------------------------------------
  await run(sql`CREATE TABLE household (
    id bigint PRIMARY KEY,
    district_code text NOT NULL,
    village_code text NOT NULL REFERENCES division(code),
    hukou_type text NOT NULL CHECK (hukou_type IN ('urban', 'rural')),
    batch_id bigint NOT NULL REFERENCES import_batch(id)
  )`);
  await run(sql`CREATE INDEX household_village_idx ON household(village_code)`);

  await run(sql`CREATE TABLE person (
    id bigint PRIMARY KEY,
    id_number text NOT NULL UNIQUE CHECK (length(id_number) = 18),
    name text NOT NULL,
    sex text NOT NULL CHECK (sex IN ('M', 'F')),
    birth_date date NOT NULL,
    hukou_district_code text NOT NULL,
    hukou_village_code text NOT NULL REFERENCES division(code),
    district_code text NOT NULL,
    township_code text NOT NULL,
    village_code text NOT NULL REFERENCES division(code),
    education text NOT NULL CHECK (education IN ('none', 'primary', 'junior', 'senior', 'vocational', 'college', 'bachelor', 'master', 'doctor')),
    phone text,
    household_id bigint REFERENCES household(id),
    relation text CHECK (relation IN ('head', 'spouse', 'child', 'parent', 'grandchild', 'sibling', 'other')),
    batch_id bigint NOT NULL REFERENCES import_batch(id)
  )`);
  await run(sql`COMMENT ON COLUMN person.id_number IS 'personal data: GB 11643 citizen id number; masked unless unmasked with a purpose'`);
  await run(sql`COMMENT ON COLUMN person.name IS 'personal data'`);
  await run(sql`COMMENT ON COLUMN person.phone IS 'personal data: masked unless unmasked with a purpose'`);
  await run(sql`COMMENT ON COLUMN person.district_code IS 'residence district (常住地); partition key'`);
  await run(sql`CREATE INDEX person_village_idx ON person(village_code)`);
  await run(sql`CREATE INDEX person_township_idx ON person(township_code)`);
  await run(sql`CREATE INDEX person_district_idx ON person(district_code)`);
  await run(sql`CREATE INDEX person_household_idx ON person(household_id)`);
  await run(sql`CREATE INDEX person_name_idx ON person(name text_pattern_ops)`);

  await run(sql`CREATE TABLE enterprise (
    id bigint PRIMARY KEY,
    credit_code text NOT NULL UNIQUE CHECK (length(credit_code) = 18),
    name text NOT NULL,
    industry_section text NOT NULL CHECK (industry_section ~ '^[A-T]$'),
    district_code text NOT NULL,
    township_code text NOT NULL,
    size text NOT NULL CHECK (size IN ('large', 'medium', 'small', 'micro')),
    established_on date NOT NULL,
    batch_id bigint NOT NULL REFERENCES import_batch(id)
  )`);
  await run(sql`CREATE INDEX enterprise_district_idx ON enterprise(district_code)`);
  await run(sql`CREATE INDEX enterprise_name_idx ON enterprise(name text_pattern_ops)`);

  await run(sql`CREATE TABLE employment (
    id bigint PRIMARY KEY,
    person_id bigint NOT NULL REFERENCES person(id),
    enterprise_id bigint NOT NULL REFERENCES enterprise(id),
    district_code text NOT NULL,
    start_date date NOT NULL,
    end_date date,
    monthly_wage_fen integer NOT NULL CHECK (monthly_wage_fen >= 0),
    batch_id bigint NOT NULL REFERENCES import_batch(id),
    UNIQUE (person_id, enterprise_id, start_date)
  )`);
  await run(sql`COMMENT ON COLUMN employment.district_code IS 'the enterprise district'`);
  await run(sql`CREATE INDEX employment_enterprise_idx ON employment(enterprise_id)`);

  // One row per employment and month: the base and the employee-insurance contributions paid.
  await run(sql`CREATE TABLE contribution (
    employment_id bigint NOT NULL REFERENCES employment(id),
    month date NOT NULL CHECK (extract(day FROM month) = 1),
    person_id bigint NOT NULL,
    district_code text NOT NULL,
    base_fen integer NOT NULL CHECK (base_fen >= 0),
    pension_fen integer NOT NULL CHECK (pension_fen >= 0),
    unemployment_fen integer NOT NULL CHECK (unemployment_fen >= 0),
    injury_fen integer NOT NULL CHECK (injury_fen >= 0),
    batch_id bigint NOT NULL REFERENCES import_batch(id),
    PRIMARY KEY (employment_id, month)
  )`);
  await run(sql`CREATE INDEX contribution_person_idx ON contribution(person_id, month)`);

  // --- Department data, each in the department's own tables ----------------------------------
  // Civil affairs (民政): 低保 dibao, 特困 extreme-poverty support, 低收入 low-income.
  await run(sql`CREATE TABLE civil_assistance (
    person_id bigint NOT NULL REFERENCES person(id),
    household_id bigint REFERENCES household(id),
    kind text NOT NULL CHECK (kind IN ('dibao', 'extreme_poverty', 'low_income')),
    start_date date NOT NULL,
    end_date date,
    monthly_amount_fen integer NOT NULL CHECK (monthly_amount_fen >= 0),
    district_code text NOT NULL,
    batch_id bigint NOT NULL REFERENCES import_batch(id),
    PRIMARY KEY (person_id, kind, start_date)
  )`);
  // Public security (公安): deaths and hukou moves.
  await run(sql`CREATE TABLE police_death (
    person_id bigint PRIMARY KEY REFERENCES person(id),
    death_date date NOT NULL,
    district_code text NOT NULL,
    batch_id bigint NOT NULL REFERENCES import_batch(id)
  )`);
  await run(sql`CREATE TABLE police_hukou_move (
    person_id bigint NOT NULL REFERENCES person(id),
    move_date date NOT NULL,
    from_village_code text NOT NULL,
    to_village_code text NOT NULL,
    district_code text NOT NULL,
    batch_id bigint NOT NULL REFERENCES import_batch(id),
    PRIMARY KEY (person_id, move_date)
  )`);
  // Education (教育): graduates by year and school, students by stage.
  await run(sql`CREATE TABLE edu_graduate (
    person_id bigint NOT NULL REFERENCES person(id),
    graduation_year smallint NOT NULL,
    school text NOT NULL,
    level text NOT NULL CHECK (level IN ('vocational', 'college', 'bachelor', 'master', 'doctor')),
    major text NOT NULL,
    district_code text NOT NULL,
    batch_id bigint NOT NULL REFERENCES import_batch(id),
    PRIMARY KEY (person_id, graduation_year, level)
  )`);
  await run(sql`CREATE TABLE edu_student (
    person_id bigint NOT NULL REFERENCES person(id),
    school_year smallint NOT NULL,
    stage text NOT NULL CHECK (stage IN ('preschool', 'primary', 'junior', 'senior', 'vocational', 'higher')),
    school text NOT NULL,
    district_code text NOT NULL,
    batch_id bigint NOT NULL REFERENCES import_batch(id),
    PRIMARY KEY (person_id, school_year)
  )`);
  // Disabled persons' federation (残联).
  await run(sql`CREATE TABLE disability_certificate (
    person_id bigint PRIMARY KEY REFERENCES person(id),
    certificate_no text NOT NULL UNIQUE,
    category text NOT NULL CHECK (category IN ('visual', 'hearing', 'speech', 'physical', 'intellectual', 'mental', 'multiple')),
    grade smallint NOT NULL CHECK (grade BETWEEN 1 AND 4),
    issued_on date NOT NULL,
    district_code text NOT NULL,
    batch_id bigint NOT NULL REFERENCES import_batch(id)
  )`);
  // Veterans affairs (退役军人事务).
  await run(sql`CREATE TABLE veteran (
    person_id bigint PRIMARY KEY REFERENCES person(id),
    discharge_date date NOT NULL,
    service_branch text NOT NULL CHECK (service_branch IN ('army', 'navy', 'air_force', 'rocket_force', 'armed_police', 'other')),
    entitled_group boolean NOT NULL DEFAULT false,
    district_code text NOT NULL,
    batch_id bigint NOT NULL REFERENCES import_batch(id)
  )`);
  // Rural revitalisation (乡村振兴): population lifted out of poverty, relapse watch.
  await run(sql`CREATE TABLE poverty_alleviated (
    person_id bigint PRIMARY KEY REFERENCES person(id),
    lifted_year smallint NOT NULL,
    relapse_watch boolean NOT NULL DEFAULT false,
    district_code text NOT NULL,
    batch_id bigint NOT NULL REFERENCES import_batch(id)
  )`);
  // Agriculture (农业农村): registered former fishermen of the Yangtze fishing ban.
  await run(sql`CREATE TABLE former_fisherman (
    person_id bigint PRIMARY KEY REFERENCES person(id),
    registered_on date NOT NULL,
    water_body text NOT NULL,
    district_code text NOT NULL,
    batch_id bigint NOT NULL REFERENCES import_batch(id)
  )`);
  // Human resources and social security (人力社保).
  await run(sql`CREATE TABLE hr_unemployment_registration (
    person_id bigint NOT NULL REFERENCES person(id),
    registered_on date NOT NULL,
    ended_on date,
    end_reason text CHECK (end_reason IN ('employed', 'moved', 'retired', 'other')),
    district_code text NOT NULL,
    batch_id bigint NOT NULL REFERENCES import_batch(id),
    PRIMARY KEY (person_id, registered_on)
  )`);
  await run(sql`CREATE TABLE hr_insurance_enrolment (
    person_id bigint NOT NULL REFERENCES person(id),
    scheme text NOT NULL CHECK (scheme IN ('employee_pension', 'resident_pension', 'unemployment', 'work_injury')),
    enrolled_on date NOT NULL,
    status text NOT NULL CHECK (status IN ('active', 'suspended', 'terminated')),
    district_code text NOT NULL,
    batch_id bigint NOT NULL REFERENCES import_batch(id),
    PRIMARY KEY (person_id, scheme)
  )`);
  await run(sql`CREATE TABLE hr_training_record (
    person_id bigint NOT NULL REFERENCES person(id),
    course_code text NOT NULL,
    course_name text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('employment_skills', 'upgrade', 'entrepreneurship', 'new_form')),
    start_date date NOT NULL,
    end_date date NOT NULL,
    certificate_level text,
    district_code text NOT NULL,
    batch_id bigint NOT NULL REFERENCES import_batch(id),
    PRIMARY KEY (person_id, course_code, start_date)
  )`);
  // Medical insurance (医保).
  await run(sql`CREATE TABLE medical_enrolment (
    person_id bigint NOT NULL REFERENCES person(id),
    year smallint NOT NULL,
    scheme text NOT NULL CHECK (scheme IN ('employee', 'resident')),
    district_code text NOT NULL,
    batch_id bigint NOT NULL REFERENCES import_batch(id),
    PRIMARY KEY (person_id, year)
  )`);

  // --- Accounts, sessions, audit ----------------------------------------------------------------
  await run(sql`CREATE TABLE app_user (
    id bigserial PRIMARY KEY,
    username text NOT NULL UNIQUE,
    display_name text NOT NULL,
    password_hash text,
    role text NOT NULL CHECK (role IN ('city_admin', 'department_officer', 'district_officer', 'township_worker', 'auditor', 'citizen', 'enterprise')),
    org_code text NOT NULL REFERENCES division(code),
    department_code text REFERENCES department(code),
    person_id bigint REFERENCES person(id),
    enterprise_id bigint REFERENCES enterprise(id),
    oidc_subject text UNIQUE,
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now()
  )`);
  await run(sql`CREATE TABLE app_session (
    token_hash text PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES app_user(id),
    csrf_token text NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
  )`);
  await run(sql`CREATE INDEX app_session_user_idx ON app_session(user_id)`);

  await run(sql`CREATE TABLE audit_log (
    id bigserial PRIMARY KEY,
    at timestamptz NOT NULL,
    user_id bigint,
    username text NOT NULL,
    role text NOT NULL,
    action text NOT NULL,
    entity_type text NOT NULL,
    entity_id text NOT NULL,
    district_code text,
    purpose text,
    request_id text
  )`);
  await run(sql`CREATE INDEX audit_log_entity_idx ON audit_log(entity_type, entity_id)`);
  await run(sql`CREATE INDEX audit_log_user_idx ON audit_log(user_id, at)`);
  // Append-only: no update or delete, whoever asks.
  await run(sql`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`);
  await run(sql`CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
}

export async function down(): Promise<void> {
  throw new Error('The foundation migration is not reversible');
}

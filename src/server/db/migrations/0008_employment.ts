// Employment services (就在山城): job postings with their screening, job seekers and the place index
// matching reads, applications and referrals, recruitment events, the graduate ledger with its status
// history, assistance plans for persons in difficulty, zero-employment households, the monthly
// insured headcount of enterprises with early warnings, service points, and the registrations of
// employment the platform itself makes. History that officials may be asked about is append-only
// (employment_event, graduate_status).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const run = (q: ReturnType<typeof sql>) => q.execute(db);
  const EDU = sql.raw(`('none', 'primary', 'junior', 'senior', 'vocational', 'college', 'bachelor', 'master', 'doctor')`);

  // A registration of employment made on the platform (a hire through a referral, a placement of a
  // person in difficulty) is an `employment` row in a batch of this mode.
  await run(sql`ALTER TABLE import_batch DROP CONSTRAINT IF EXISTS import_batch_mode_check`);
  await run(sql`ALTER TABLE import_batch ADD CONSTRAINT import_batch_mode_check CHECK (mode IN ('reject', 'quarantine', 'seed', 'platform'))`);

  await run(sql`CREATE TABLE job_posting (
    id bigserial PRIMARY KEY,
    enterprise_id bigint NOT NULL REFERENCES enterprise(id),
    title text NOT NULL CHECK (length(title) BETWEEN 2 AND 60),
    occupation_code text NOT NULL CHECK (occupation_code ~ '^[1-8]-[0-9]{2}$'),
    major_code text NOT NULL CHECK (major_code = split_part(occupation_code, '-', 1)),
    district_code text NOT NULL REFERENCES division(code),
    township_code text REFERENCES division(code),
    wage_min_fen integer NOT NULL CHECK (wage_min_fen > 0),
    wage_max_fen integer NOT NULL,
    education text NOT NULL CHECK (education IN ${EDU}),
    education_rank smallint NOT NULL CHECK (education_rank BETWEEN 0 AND 8),
    experience_years smallint NOT NULL CHECK (experience_years BETWEEN 0 AND 40),
    headcount integer NOT NULL CHECK (headcount BETWEEN 1 AND 10000),
    weekly_hours smallint NOT NULL CHECK (weekly_hours BETWEEN 1 AND 60),
    schedule text NOT NULL CHECK (schedule IN ('standard', 'shifts', 'flexible', 'part_time')),
    description text NOT NULL,
    skills text[] NOT NULL DEFAULT '{}',
    for_graduates boolean NOT NULL DEFAULT false,
    valid_from date NOT NULL,
    valid_until date NOT NULL,
    status text NOT NULL CHECK (status IN ('blocked', 'published', 'closed')),
    findings jsonb NOT NULL DEFAULT '[]',
    override_reason text,
    override_by bigint REFERENCES app_user(id),
    source text NOT NULL CHECK (source IN ('enterprise', 'staff', 'import')),
    created_by bigint REFERENCES app_user(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz,
    CHECK (wage_max_fen >= wage_min_fen),
    CHECK (valid_until >= valid_from),
    CHECK (status <> 'published' OR published_at IS NOT NULL)
  )`);
  // Recommendations read published postings by occupation (or major group), district and wage, and by
  // township (matching.ts); these indexes carry every column the score reads, so matching scans them
  // and never the table. The citizen list reads the latest published; an enterprise reads its own.
  await run(sql`CREATE INDEX job_published_match ON job_posting (occupation_code, district_code, wage_max_fen)
    INCLUDE (id, valid_from, valid_until, township_code, education_rank, experience_years, skills) WHERE status = 'published'`);
  await run(sql`CREATE INDEX job_published_match_major ON job_posting (major_code, district_code, wage_max_fen)
    INCLUDE (id, occupation_code, valid_from, valid_until, township_code, education_rank, experience_years, skills) WHERE status = 'published'`);
  await run(sql`CREATE INDEX job_published_by_township ON job_posting (township_code, major_code, occupation_code)
    INCLUDE (id, district_code, valid_from, valid_until, wage_max_fen, education_rank, experience_years, skills) WHERE status = 'published' AND township_code IS NOT NULL`);
  await run(sql`CREATE INDEX job_published_latest ON job_posting (published_at DESC, id DESC) WHERE status = 'published'`);
  await run(sql`CREATE INDEX job_by_enterprise ON job_posting (enterprise_id, id DESC)`);

  await run(sql`CREATE TABLE job_seeker (
    person_id bigint PRIMARY KEY REFERENCES person(id),
    categories text[] NOT NULL DEFAULT '{}',
    skills text[] NOT NULL DEFAULT '{}',
    preferred_occupations text[] NOT NULL CHECK (cardinality(preferred_occupations) BETWEEN 1 AND 5),
    preferred_districts text[] NOT NULL DEFAULT '{}' CHECK (cardinality(preferred_districts) <= 5),
    expected_wage_fen integer NOT NULL CHECK (expected_wage_fen > 0),
    education text NOT NULL CHECK (education IN ${EDU}),
    education_rank smallint NOT NULL,
    experience_years smallint NOT NULL CHECK (experience_years BETWEEN 0 AND 50),
    available_from date NOT NULL,
    district_code text NOT NULL REFERENCES division(code),
    township_code text NOT NULL REFERENCES division(code),
    status text NOT NULL CHECK (status IN ('active', 'employed', 'inactive')),
    registered_by bigint REFERENCES app_user(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`);
  await run(sql`COMMENT ON TABLE job_seeker IS 'Personal data: a job seeker''s profile (categories such as disability or difficulty are sensitive)'`);
  // Where each active seeker wants to work: one row per preferred occupation and place (the preferred
  // districts, or the district of residence). "Seekers for a job" reads it by occupation and district.
  // Each row also carries what matching scores (status, township, expected wage, education, experience,
  // skills), copied from job_seeker by the triggers below whatever writes either table, so that
  // matching reads these indexes and nothing else.
  await run(sql`CREATE TABLE job_seeker_place (
    occupation_code text NOT NULL,
    major_code text NOT NULL,
    district_code text NOT NULL,
    person_id bigint NOT NULL REFERENCES job_seeker(person_id) ON DELETE CASCADE,
    status text,
    township_code text,
    expected_wage_fen integer,
    education_rank smallint,
    experience_years smallint,
    skills text[],
    PRIMARY KEY (occupation_code, district_code, person_id)
  )`);
  await run(sql`CREATE FUNCTION job_seeker_place_copy() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      SELECT s.status, s.township_code, s.expected_wage_fen, s.education_rank, s.experience_years, s.skills
        INTO NEW.status, NEW.township_code, NEW.expected_wage_fen, NEW.education_rank, NEW.experience_years, NEW.skills
        FROM job_seeker s WHERE s.person_id = NEW.person_id;
      RETURN NEW;
    END $$`);
  await run(sql`CREATE TRIGGER job_seeker_place_copy BEFORE INSERT OR UPDATE ON job_seeker_place FOR EACH ROW EXECUTE FUNCTION job_seeker_place_copy()`);
  // Touching the rows is enough: their own trigger copies the seeker's values again.
  await run(sql`CREATE FUNCTION job_seeker_place_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE job_seeker_place SET status = NEW.status WHERE person_id = NEW.person_id;
      RETURN NULL;
    END $$`);
  await run(sql`CREATE TRIGGER job_seeker_place_sync AFTER UPDATE ON job_seeker FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.township_code IS DISTINCT FROM NEW.township_code OR OLD.expected_wage_fen IS DISTINCT FROM NEW.expected_wage_fen
      OR OLD.education_rank IS DISTINCT FROM NEW.education_rank OR OLD.experience_years IS DISTINCT FROM NEW.experience_years OR OLD.skills IS DISTINCT FROM NEW.skills)
    EXECUTE FUNCTION job_seeker_place_sync()`);
  await run(sql`CREATE INDEX job_seeker_place_match ON job_seeker_place (occupation_code, district_code, expected_wage_fen)
    INCLUDE (person_id, township_code, education_rank, experience_years, skills) WHERE status = 'active'`);
  await run(sql`CREATE INDEX job_seeker_place_match_major ON job_seeker_place (major_code, district_code, expected_wage_fen)
    INCLUDE (person_id, occupation_code, township_code, education_rank, experience_years, skills) WHERE status = 'active'`);
  await run(sql`CREATE INDEX job_seeker_place_township ON job_seeker_place (township_code, major_code, occupation_code)
    INCLUDE (person_id, district_code, expected_wage_fen, education_rank, experience_years, skills) WHERE status = 'active'`);
  await run(sql`CREATE INDEX job_seeker_place_person ON job_seeker_place (person_id)`);

  await run(sql`CREATE TABLE recruitment_event (
    id bigserial PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('online', 'livestream', 'campus', 'onsite', 'veterans_month', 'spring_breeze')),
    title text NOT NULL,
    district_code text NOT NULL REFERENCES division(code),
    for_graduates boolean NOT NULL DEFAULT false,
    starts_on date NOT NULL,
    ends_on date NOT NULL,
    venue text,
    visits integer NOT NULL DEFAULT 0 CHECK (visits >= 0),
    created_by bigint REFERENCES app_user(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_on >= starts_on)
  )`);
  await run(sql`CREATE INDEX recruitment_event_by_start ON recruitment_event (starts_on DESC, id DESC)`);
  await run(sql`CREATE TABLE recruitment_event_enterprise (
    event_id bigint NOT NULL REFERENCES recruitment_event(id) ON DELETE CASCADE,
    enterprise_id bigint NOT NULL REFERENCES enterprise(id),
    PRIMARY KEY (event_id, enterprise_id)
  )`);
  await run(sql`CREATE TABLE recruitment_event_job (
    event_id bigint NOT NULL REFERENCES recruitment_event(id) ON DELETE CASCADE,
    job_id bigint NOT NULL REFERENCES job_posting(id),
    PRIMARY KEY (event_id, job_id)
  )`);

  await run(sql`CREATE TABLE job_application (
    id bigserial PRIMARY KEY,
    job_id bigint NOT NULL REFERENCES job_posting(id),
    person_id bigint NOT NULL REFERENCES person(id),
    kind text NOT NULL CHECK (kind IN ('application', 'referral')),
    event_id bigint REFERENCES recruitment_event(id),
    referred_by bigint REFERENCES app_user(id),
    score smallint,
    status text NOT NULL CHECK (status IN ('submitted', 'interview', 'hired', 'refused', 'withdrawn')),
    employment_id bigint REFERENCES employment(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (job_id, person_id),
    CHECK ((status = 'hired') = (employment_id IS NOT NULL))
  )`);
  await run(sql`CREATE INDEX job_application_by_person ON job_application (person_id, id DESC)`);
  await run(sql`CREATE INDEX job_application_by_event ON job_application (event_id) WHERE event_id IS NOT NULL`);

  // The employment rows the platform registered, and how.
  await run(sql`CREATE TABLE employment_registration (
    employment_id bigint PRIMARY KEY REFERENCES employment(id),
    source text NOT NULL CHECK (source IN ('application', 'referral', 'assistance', 'household', 'staff')),
    application_id bigint REFERENCES job_application(id),
    registered_by bigint REFERENCES app_user(id),
    created_at timestamptz NOT NULL DEFAULT now()
  )`);

  await run(sql`CREATE TABLE graduate_record (
    graduation_year smallint NOT NULL,
    person_id bigint NOT NULL REFERENCES person(id),
    school text NOT NULL,
    level text NOT NULL,
    district_code text NOT NULL REFERENCES division(code),
    status text NOT NULL CHECK (status IN ('employed', 'further_study', 'internship', 'preparing', 'not_employed')),
    status_source text NOT NULL CHECK (status_source IN ('data', 'staff')),
    wants_work boolean NOT NULL DEFAULT true,
    difficulty boolean NOT NULL DEFAULT false,
    difficulty_reasons text[] NOT NULL DEFAULT '{}',
    last_contact_on date,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (graduation_year, person_id)
  )`);
  await run(sql`COMMENT ON TABLE graduate_record IS 'Personal data: a graduate''s employment status and difficulty'`);
  await run(sql`CREATE INDEX graduate_record_by_district ON graduate_record (graduation_year, district_code)`);
  // Every status a graduate has had, with the day it took effect: the month-end rates are read from it.
  await run(sql`CREATE TABLE graduate_status (
    id bigserial PRIMARY KEY,
    graduation_year smallint NOT NULL,
    person_id bigint NOT NULL,
    status text NOT NULL,
    wants_work boolean NOT NULL,
    effective_on date NOT NULL,
    source text NOT NULL CHECK (source IN ('data', 'staff')),
    channel text CHECK (channel IN ('phone', 'visit', 'online', 'school')),
    note text,
    recorded_by bigint REFERENCES app_user(id),
    recorded_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (graduation_year, person_id) REFERENCES graduate_record(graduation_year, person_id)
  )`);
  await run(sql`CREATE INDEX graduate_status_by_person ON graduate_status (graduation_year, person_id, effective_on)`);

  await run(sql`CREATE TABLE assistance_plan (
    id bigserial PRIMARY KEY,
    person_id bigint NOT NULL REFERENCES person(id),
    reasons text[] NOT NULL,
    source text NOT NULL CHECK (source IN ('rules', 'staff')),
    entitlement_id bigint REFERENCES entitlement(id),
    identified_on date NOT NULL,
    district_code text NOT NULL REFERENCES division(code),
    township_code text NOT NULL REFERENCES division(code),
    assigned_to bigint REFERENCES app_user(id),
    status text NOT NULL CHECK (status IN ('open', 'employed', 'closed')),
    closed_on date,
    closed_reason text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'open') = (closed_on IS NULL))
  )`);
  await run(sql`COMMENT ON TABLE assistance_plan IS 'Personal data: a person in difficulty and why'`);
  await run(sql`CREATE UNIQUE INDEX assistance_plan_open ON assistance_plan (person_id) WHERE status = 'open'`);
  await run(sql`CREATE INDEX assistance_plan_by_township ON assistance_plan (township_code, status)`);
  await run(sql`CREATE TABLE assistance_service (
    id bigserial PRIMARY KEY,
    plan_id bigint NOT NULL REFERENCES assistance_plan(id),
    kind text NOT NULL CHECK (kind IN ('guidance', 'referral', 'training', 'public_welfare_post')),
    planned_on date NOT NULL,
    done_on date,
    outcome text CHECK (outcome IN ('done', 'hired', 'declined', 'no_show')),
    note text,
    job_id bigint REFERENCES job_posting(id),
    created_by bigint REFERENCES app_user(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((done_on IS NULL) = (outcome IS NULL))
  )`);
  await run(sql`CREATE INDEX assistance_service_by_plan ON assistance_service (plan_id)`);

  await run(sql`CREATE TABLE zero_employment_household (
    id bigserial PRIMARY KEY,
    household_id bigint NOT NULL REFERENCES household(id),
    entitlement_id bigint REFERENCES entitlement(id),
    detected_on date NOT NULL,
    district_code text NOT NULL REFERENCES division(code),
    township_code text NOT NULL REFERENCES division(code),
    village_code text NOT NULL REFERENCES division(code),
    assigned_to bigint REFERENCES app_user(id),
    status text NOT NULL CHECK (status IN ('open', 'cleared')),
    cleared_on date,
    cleared_by bigint REFERENCES app_user(id),
    cleared_person_id bigint REFERENCES person(id),
    clear_note text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'cleared') = (cleared_on IS NOT NULL AND cleared_person_id IS NOT NULL))
  )`);
  await run(sql`CREATE UNIQUE INDEX zero_employment_household_open ON zero_employment_household (household_id) WHERE status = 'open'`);
  await run(sql`CREATE INDEX zero_employment_household_by_township ON zero_employment_household (township_code, status)`);

  await run(sql`CREATE TABLE enterprise_headcount (
    enterprise_id bigint NOT NULL REFERENCES enterprise(id),
    month date NOT NULL,
    district_code text NOT NULL,
    industry_section text NOT NULL,
    insured integer NOT NULL,
    owed integer NOT NULL,
    PRIMARY KEY (enterprise_id, month)
  )`);
  await run(sql`CREATE INDEX enterprise_headcount_by_month ON enterprise_headcount (month, district_code)`);
  await run(sql`CREATE TABLE employment_warning (
    id bigserial PRIMARY KEY,
    enterprise_id bigint NOT NULL REFERENCES enterprise(id),
    month date NOT NULL,
    kind text NOT NULL CHECK (kind IN ('layoff_threshold', 'sustained_decline', 'unpaid_contributions')),
    district_code text NOT NULL REFERENCES division(code),
    industry_section text NOT NULL,
    details jsonb NOT NULL,
    case_id bigint REFERENCES case_record(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (enterprise_id, month, kind)
  )`);
  await run(sql`CREATE INDEX employment_warning_by_month ON employment_warning (month, district_code)`);

  await run(sql`CREATE TABLE service_point (
    id bigserial PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('gig_market', 'employment_station', 'labour_broker', 'assistance_workshop')),
    name text NOT NULL,
    village_code text NOT NULL REFERENCES division(code),
    township_code text NOT NULL REFERENCES division(code),
    district_code text NOT NULL REFERENCES division(code),
    address text NOT NULL,
    contact_name text,
    contact_phone text,
    person_id bigint REFERENCES person(id),
    opened_on date NOT NULL,
    closed_on date,
    created_by bigint REFERENCES app_user(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (closed_on IS NULL OR closed_on >= opened_on),
    CHECK (kind <> 'labour_broker' OR person_id IS NOT NULL)
  )`);
  await run(sql`CREATE INDEX service_point_by_district ON service_point (district_code, kind)`);
  await run(sql`CREATE INDEX service_point_by_village ON service_point (village_code) WHERE kind = 'labour_broker'`);

  // Who did what to a posting, an application, a plan or a household: append-only.
  await run(sql`CREATE TABLE employment_event (
    id bigserial PRIMARY KEY,
    entity_type text NOT NULL CHECK (entity_type IN ('job', 'application', 'assistance_plan', 'household', 'event', 'service_point', 'seeker')),
    entity_id bigint NOT NULL,
    action text NOT NULL,
    actor_id bigint REFERENCES app_user(id),
    details jsonb NOT NULL DEFAULT '{}',
    at timestamptz NOT NULL DEFAULT now()
  )`);
  await run(sql`CREATE INDEX employment_event_by_entity ON employment_event (entity_type, entity_id, id)`);
  await run(sql`CREATE FUNCTION employment_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'employment_event is append-only'; END $$`);
  await run(sql`CREATE TRIGGER employment_event_no_change BEFORE UPDATE OR DELETE ON employment_event
    FOR EACH ROW EXECUTE FUNCTION employment_event_append_only()`);
  await run(sql`CREATE TRIGGER graduate_status_no_change BEFORE UPDATE OR DELETE ON graduate_status
    FOR EACH ROW EXECUTE FUNCTION employment_event_append_only()`);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'employment_event',
    'service_point',
    'employment_warning',
    'enterprise_headcount',
    'zero_employment_household',
    'assistance_service',
    'assistance_plan',
    'graduate_status',
    'graduate_record',
    'employment_registration',
    'job_application',
    'recruitment_event_job',
    'recruitment_event_enterprise',
    'recruitment_event',
    'job_seeker_place',
    'job_seeker',
    'job_posting',
  ])
    await sql`DROP TABLE IF EXISTS ${sql.raw(t)}`.execute(db);
  await sql`DROP FUNCTION IF EXISTS employment_event_append_only()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS job_seeker_place_copy()`.execute(db);
  await sql`DROP FUNCTION IF EXISTS job_seeker_place_sync()`.execute(db);
  await sql`ALTER TABLE import_batch DROP CONSTRAINT IF EXISTS import_batch_mode_check`.execute(db);
  await sql`ALTER TABLE import_batch ADD CONSTRAINT import_batch_mode_check CHECK (mode IN ('reject', 'quarantine', 'seed'))`.execute(db);
}

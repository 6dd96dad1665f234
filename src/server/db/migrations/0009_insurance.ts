// Social insurance (渝保渝快): the department data the insurance checks read (benefit awards and
// their monthly payments, custody records, life signals, platform income, long-term-care
// enrolment), the insurance rule packs and their versions, check runs, coverage gaps with their
// outreach, risk hits, annual certification, the cross-department query log, and one-thing bundles
// with their tasks. History that officials may be asked about is append-only.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const run = (q: ReturnType<typeof sql>) => q.execute(db);
  const BENEFIT_KINDS = sql.raw(`('employee_pension', 'resident_pension', 'unemployment_benefit', 'work_injury_allowance')`);

  // --- Department data ------------------------------------------------------------------------
  // A recurring benefit a person receives (社保待遇): a pension, unemployment benefit or a work-injury
  // allowance, paid monthly by one agency (paying_region: the GB/T 2260 code of the paying agency,
  // a Chongqing district or, from the national data exchange, another province's).
  await run(sql`CREATE TABLE benefit_award (
    id bigserial PRIMARY KEY,
    person_id bigint NOT NULL REFERENCES person(id),
    kind text NOT NULL CHECK (kind IN ${BENEFIT_KINDS}),
    paying_region text NOT NULL CHECK (paying_region ~ '^[0-9]{6}$'),
    district_code text NOT NULL,
    start_month date NOT NULL CHECK (extract(day FROM start_month) = 1),
    end_month date CHECK (end_month >= start_month),
    status text NOT NULL CHECK (status IN ('active', 'suspended', 'terminated')),
    status_reason text,
    status_on date,
    monthly_amount_fen integer NOT NULL CHECK (monthly_amount_fen >= 0),
    bank_account_hash text,
    bank_account_masked text,
    batch_id bigint REFERENCES import_batch(id),
    created_at timestamptz NOT NULL DEFAULT now()
  )`);
  await run(sql`COMMENT ON COLUMN benefit_award.bank_account_hash IS 'personal data: keyed hash of the payee account, to find accounts shared by unrelated recipients'`);
  await run(sql`COMMENT ON COLUMN benefit_award.monthly_amount_fen IS 'personal data: the monthly benefit, fen'`);
  await run(sql`CREATE INDEX benefit_award_person_idx ON benefit_award(person_id)`);
  await run(sql`CREATE INDEX benefit_award_district_idx ON benefit_award(district_code, kind)`);
  await run(sql`CREATE INDEX benefit_award_account_idx ON benefit_award(bank_account_hash) WHERE bank_account_hash IS NOT NULL`);

  // One row per award and month paid.
  await run(sql`CREATE TABLE benefit_payment (
    award_id bigint NOT NULL REFERENCES benefit_award(id),
    month date NOT NULL CHECK (extract(day FROM month) = 1),
    person_id bigint NOT NULL,
    district_code text NOT NULL,
    amount_fen integer NOT NULL CHECK (amount_fen >= 0),
    paid_on date NOT NULL,
    batch_id bigint REFERENCES import_batch(id),
    PRIMARY KEY (award_id, month)
  )`);
  await run(sql`CREATE INDEX benefit_payment_person_idx ON benefit_payment(person_id, month)`);

  // Justice (司法): custody, from prison records (服刑).
  await run(sql`CREATE TABLE justice_custody (
    person_id bigint NOT NULL REFERENCES person(id),
    start_date date NOT NULL,
    end_date date CHECK (end_date >= start_date),
    district_code text NOT NULL,
    batch_id bigint NOT NULL REFERENCES import_batch(id),
    PRIMARY KEY (person_id, start_date)
  )`);
  await run(sql`COMMENT ON TABLE justice_custody IS 'personal data: prison custody periods, owned by justice'`);

  // Signs of life from department data: one row per person, source and day (medical visits from
  // medical insurance, social-security-card use, public transport, civil-affairs contact, residence
  // registration from public security).
  await run(sql`CREATE TABLE life_signal (
    person_id bigint NOT NULL REFERENCES person(id),
    source text NOT NULL CHECK (source IN ('medical_visit', 'social_card', 'transport', 'civil_affairs', 'residence')),
    signal_date date NOT NULL,
    district_code text NOT NULL,
    batch_id bigint NOT NULL REFERENCES import_batch(id),
    PRIMARY KEY (person_id, source, signal_date)
  )`);
  await run(sql`COMMENT ON TABLE life_signal IS 'personal data: dated traces of a person in department data, for certification'`);

  // Income from platforms (网约车、外卖、快递…) reported by tax, one row per person, platform and month.
  await run(sql`CREATE TABLE platform_income (
    person_id bigint NOT NULL REFERENCES person(id),
    month date NOT NULL CHECK (extract(day FROM month) = 1),
    platform text NOT NULL,
    income_fen integer NOT NULL CHECK (income_fen >= 0),
    district_code text NOT NULL,
    batch_id bigint NOT NULL REFERENCES import_batch(id),
    PRIMARY KEY (person_id, month, platform)
  )`);
  await run(sql`COMMENT ON COLUMN platform_income.income_fen IS 'personal data: platform income of the month, fen'`);

  // Long-term-care insurance (长期护理保险), medical insurance's, by year like medical_enrolment.
  await run(sql`CREATE TABLE ltc_enrolment (
    person_id bigint NOT NULL REFERENCES person(id),
    year smallint NOT NULL,
    district_code text NOT NULL,
    batch_id bigint NOT NULL REFERENCES import_batch(id),
    PRIMARY KEY (person_id, year)
  )`);

  // --- Rule packs: coverage-gap and risk rules, versioned like policies -------------------------
  await run(sql`CREATE TABLE insurance_rule (
    id text PRIMARY KEY,
    pack text NOT NULL CHECK (pack IN ('coverage', 'risk')),
    entity text NOT NULL,
    active_version_id bigint,
    latest_version integer NOT NULL DEFAULT 0
  )`);
  await run(sql`CREATE TABLE insurance_rule_version (
    id bigserial PRIMARY KEY,
    rule_id text NOT NULL REFERENCES insurance_rule(id),
    version integer NOT NULL,
    hash text NOT NULL,
    definition jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (rule_id, version)
  )`);
  await run(sql`ALTER TABLE insurance_rule ADD FOREIGN KEY (active_version_id) REFERENCES insurance_rule_version(id)`);
  await run(sql`CREATE TRIGGER insurance_rule_version_append_only BEFORE UPDATE OR DELETE ON insurance_rule_version
    FOR EACH ROW EXECUTE FUNCTION append_only()`);

  // A run of a pack (or of the certification) over one fact snapshot.
  await run(sql`CREATE TABLE insurance_check_run (
    id bigserial PRIMARY KEY,
    pack text NOT NULL CHECK (pack IN ('coverage', 'risk', 'certification')),
    snapshot_id bigint REFERENCES fact_snapshot(id),
    as_of date NOT NULL,
    status text NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
    counts jsonb NOT NULL DEFAULT '{}',
    error text,
    created_by bigint REFERENCES app_user(id),
    started_at timestamptz NOT NULL,
    finished_at timestamptz
  )`);

  // --- Coverage gaps (参保扩面) -------------------------------------------------------------------
  // One row per rule and person. A gap is open while the rule finds it; outreach records an outcome;
  // a gap the rule no longer finds closes as enrolled by the feed.
  await run(sql`CREATE TABLE coverage_gap (
    id bigserial PRIMARY KEY,
    rule_id text NOT NULL REFERENCES insurance_rule(id),
    person_id bigint NOT NULL REFERENCES person(id),
    enterprise_id bigint REFERENCES enterprise(id),
    district_code text NOT NULL,
    township_code text NOT NULL,
    village_code text NOT NULL,
    status text NOT NULL CHECK (status IN ('open', 'enrolled', 'not_applicable', 'refused')),
    closed_by text CHECK (closed_by IN ('outreach', 'feed')),
    reason text,
    rule_hash text NOT NULL,
    snapshot_id bigint NOT NULL REFERENCES fact_snapshot(id),
    facts jsonb NOT NULL,
    first_run_id bigint NOT NULL REFERENCES insurance_check_run(id),
    last_run_id bigint NOT NULL REFERENCES insurance_check_run(id),
    opened_on date NOT NULL,
    closed_on date,
    version integer NOT NULL DEFAULT 1,
    UNIQUE (rule_id, person_id),
    CHECK ((status = 'open') = (closed_on IS NULL))
  )`);
  await run(sql`CREATE INDEX coverage_gap_township_idx ON coverage_gap(township_code, status)`);
  await run(sql`CREATE INDEX coverage_gap_district_idx ON coverage_gap(district_code, rule_id, status)`);
  await run(sql`CREATE TABLE coverage_gap_event (
    id bigserial PRIMARY KEY,
    gap_id bigint NOT NULL REFERENCES coverage_gap(id),
    action text NOT NULL CHECK (action IN ('found', 'contacted', 'enrolled', 'not_applicable', 'refused', 'closed_by_feed', 'reopened')),
    note text,
    actor_id bigint REFERENCES app_user(id),
    run_id bigint REFERENCES insurance_check_run(id),
    at timestamptz NOT NULL
  )`);
  await run(sql`CREATE INDEX coverage_gap_event_gap_idx ON coverage_gap_event(gap_id, id)`);
  await run(sql`CREATE TRIGGER coverage_gap_event_append_only BEFORE UPDATE OR DELETE ON coverage_gap_event
    FOR EACH ROW EXECUTE FUNCTION append_only()`);

  // --- Risk hits (稽核风控) ---------------------------------------------------------------------
  // One row per rule, entity and set of facts: a hit cleared stays cleared until its facts change.
  await run(sql`CREATE TABLE risk_hit (
    id bigserial PRIMARY KEY,
    rule_id text NOT NULL REFERENCES insurance_rule(id),
    rule_hash text NOT NULL,
    severity text NOT NULL CHECK (severity IN ('high', 'medium', 'low')),
    entity text NOT NULL,
    entity_id bigint NOT NULL,
    person_id bigint NOT NULL REFERENCES person(id),
    award_id bigint REFERENCES benefit_award(id),
    district_code text NOT NULL,
    snapshot_id bigint NOT NULL REFERENCES fact_snapshot(id),
    run_id bigint NOT NULL REFERENCES insurance_check_run(id),
    facts jsonb NOT NULL,
    facts_hash text NOT NULL,
    criteria jsonb NOT NULL,
    amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
    status text NOT NULL CHECK (status IN ('open', 'confirmed', 'cleared')),
    case_id bigint REFERENCES case_record(id),
    recover_fen bigint CHECK (recover_fen >= 0),
    recovery_case_id bigint REFERENCES case_record(id),
    decided_at timestamptz,
    found_at timestamptz NOT NULL,
    UNIQUE (rule_id, entity_id, facts_hash)
  )`);
  await run(sql`CREATE INDEX risk_hit_queue_idx ON risk_hit(district_code, status, severity)`);
  await run(sql`CREATE INDEX risk_hit_case_idx ON risk_hit(case_id)`);
  await run(sql`CREATE INDEX risk_hit_person_idx ON risk_hit(person_id)`);

  // --- Certification (认证无感), one row per recipient and year -----------------------------------
  await run(sql`CREATE TABLE certification (
    person_id bigint NOT NULL REFERENCES person(id),
    year smallint NOT NULL,
    district_code text NOT NULL,
    township_code text NOT NULL,
    status text NOT NULL CHECK (status IN ('data_certified', 'self_certified', 'visited', 'pending_self', 'pending_visit', 'suspended_death', 'suspended_custody', 'not_certified')),
    score integer NOT NULL,
    signals jsonb NOT NULL,
    awards integer NOT NULL,
    run_id bigint NOT NULL REFERENCES insurance_check_run(id),
    task_due date,
    certified_on date,
    overpaid_fen bigint NOT NULL DEFAULT 0,
    recovery_case_id bigint REFERENCES case_record(id),
    version integer NOT NULL DEFAULT 1,
    PRIMARY KEY (person_id, year)
  )`);
  await run(sql`CREATE INDEX certification_board_idx ON certification(year, district_code, status)`);
  await run(sql`CREATE INDEX certification_township_idx ON certification(year, township_code, status)`);
  await run(sql`CREATE TABLE certification_event (
    id bigserial PRIMARY KEY,
    person_id bigint NOT NULL,
    year smallint NOT NULL,
    action text NOT NULL,
    status_after text NOT NULL,
    note text,
    actor_id bigint REFERENCES app_user(id),
    at timestamptz NOT NULL
  )`);
  await run(sql`CREATE INDEX certification_event_idx ON certification_event(person_id, year, id)`);
  await run(sql`CREATE TRIGGER certification_event_append_only BEFORE UPDATE OR DELETE ON certification_event
    FOR EACH ROW EXECUTE FUNCTION append_only()`);

  // --- Cross-department data query ---------------------------------------------------------------
  await run(sql`CREATE TABLE data_query (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES app_user(id),
    role text NOT NULL,
    purpose_code text NOT NULL,
    purpose text NOT NULL,
    persons integer NOT NULL CHECK (persons >= 0),
    found integer NOT NULL CHECK (found >= 0),
    departments text[] NOT NULL,
    at timestamptz NOT NULL
  )`);
  await run(sql`CREATE INDEX data_query_user_idx ON data_query(user_id, at)`);
  await run(sql`CREATE TRIGGER data_query_append_only BEFORE UPDATE OR DELETE ON data_query
    FOR EACH ROW EXECUTE FUNCTION append_only()`);
  await run(sql`CREATE TABLE data_query_alert (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES app_user(id),
    reason text NOT NULL,
    persons_last_hour integer NOT NULL,
    queries_last_hour integer NOT NULL,
    at timestamptz NOT NULL,
    acknowledged_by bigint REFERENCES app_user(id),
    acknowledged_at timestamptz
  )`);

  // --- One-thing bundles (一件事一次办) -----------------------------------------------------------
  await run(sql`CREATE TABLE bundle (
    id bigserial PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('enrolment', 'retirement')),
    tracking_code text NOT NULL UNIQUE,
    subject_person_id bigint NOT NULL REFERENCES person(id),
    enterprise_id bigint REFERENCES enterprise(id),
    applicant_user_id bigint REFERENCES app_user(id),
    district_code text NOT NULL,
    status text NOT NULL CHECK (status IN ('in_progress', 'completed', 'rejected')),
    details jsonb NOT NULL,
    created_at timestamptz NOT NULL,
    completed_at timestamptz,
    version integer NOT NULL DEFAULT 1
  )`);
  await run(sql`CREATE INDEX bundle_district_idx ON bundle(district_code, status, created_at)`);
  await run(sql`CREATE INDEX bundle_subject_idx ON bundle(subject_person_id)`);
  await run(sql`CREATE TABLE bundle_task (
    bundle_id bigint NOT NULL REFERENCES bundle(id),
    code text NOT NULL,
    seq smallint NOT NULL,
    department_code text NOT NULL REFERENCES department(code),
    status text NOT NULL CHECK (status IN ('waiting', 'pending', 'done', 'rejected')),
    result jsonb,
    note text,
    done_by bigint REFERENCES app_user(id),
    done_at timestamptz,
    PRIMARY KEY (bundle_id, code)
  )`);
  await run(sql`CREATE INDEX bundle_task_queue_idx ON bundle_task(department_code, status)`);
  await run(sql`CREATE TABLE bundle_event (
    id bigserial PRIMARY KEY,
    bundle_id bigint NOT NULL REFERENCES bundle(id),
    task_code text,
    action text NOT NULL,
    note text,
    actor_id bigint REFERENCES app_user(id),
    at timestamptz NOT NULL
  )`);
  await run(sql`CREATE INDEX bundle_event_idx ON bundle_event(bundle_id, id)`);
  await run(sql`CREATE TRIGGER bundle_event_append_only BEFORE UPDATE OR DELETE ON bundle_event
    FOR EACH ROW EXECUTE FUNCTION append_only()`);
}

export async function down(): Promise<void> {
  throw new Error('0009_insurance cannot be reverted; restore from a backup instead');
}

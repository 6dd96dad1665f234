// The plan tracker (民生报表): the plan's targets and indicators per year, district quotas, indicator
// values (computed from the platform's data or reported with approval), supervision of what lags,
// and public ratings. Histories an official may be asked about are append-only.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const run = (q: ReturnType<typeof sql>) => q.execute(db);

  // One plan per year. `definition` is the plan file as loaded (its hash tells a changed file);
  // `settings` holds the light thresholds, league weights and reporting deadline officials tune.
  await run(sql`CREATE TABLE plan (
    year integer PRIMARY KEY,
    name_zh text NOT NULL,
    name_en text NOT NULL,
    document_no text NOT NULL,
    issued_on date NOT NULL,
    copied_from integer REFERENCES plan(year),
    definition jsonb NOT NULL,
    definition_hash text NOT NULL,
    settings jsonb NOT NULL,
    created_by bigint REFERENCES app_user(id),
    created_at timestamptz NOT NULL DEFAULT now()
  )`);

  await run(sql`CREATE TABLE plan_indicator (
    plan_year integer NOT NULL REFERENCES plan(year),
    code text NOT NULL,
    name_zh text NOT NULL,
    name_en text NOT NULL,
    unit text NOT NULL,
    aggregation text NOT NULL CHECK (aggregation IN ('sum', 'rate', 'latest', 'min', 'share')),
    period_type text NOT NULL CHECK (period_type IN ('month', 'quarter', 'year', 'ytd')),
    direction text NOT NULL CHECK (direction IN ('higher', 'lower')),
    unit_level text NOT NULL CHECK (unit_level IN ('city', 'district', 'township')),
    threshold double precision,
    seasonal jsonb,
    PRIMARY KEY (plan_year, code)
  )`);

  // Where an indicator's values come from, from a month on. A reported indicator becomes computed
  // when the module owning its data lands: a new row from that month; earlier values stay as reported.
  await run(sql`CREATE TABLE indicator_binding (
    plan_year integer NOT NULL,
    indicator_code text NOT NULL,
    effective_from text NOT NULL CHECK (effective_from ~ '^\\d{4}-(0[1-9]|1[0-2])$'),
    source text NOT NULL CHECK (source IN ('computed', 'reported')),
    query text,
    reported_by text REFERENCES department(code),
    note text,
    created_by bigint REFERENCES app_user(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (plan_year, indicator_code, effective_from),
    FOREIGN KEY (plan_year, indicator_code) REFERENCES plan_indicator(plan_year, code),
    CHECK ((source = 'computed') = (query IS NOT NULL))
  )`);

  await run(sql`CREATE TABLE plan_target (
    plan_year integer NOT NULL REFERENCES plan(year),
    code text NOT NULL,
    item_code text NOT NULL,
    title_zh text NOT NULL,
    title_en text NOT NULL,
    quote text NOT NULL,
    comparator text NOT NULL CHECK (comparator IN ('at_least', 'about', 'at_most', 'hold_at_least', 'every_unit', 'zero_outstanding', 'per_unit_min', 'milestone')),
    value double precision,
    tolerance double precision,
    unit text,
    departments jsonb NOT NULL,
    deadline date NOT NULL,
    indicator_code text,
    decompose boolean NOT NULL DEFAULT false,
    position integer NOT NULL,
    PRIMARY KEY (plan_year, code),
    FOREIGN KEY (plan_year, indicator_code) REFERENCES plan_indicator(plan_year, code)
  )`);

  // 任务分解: a district's share of a city target.
  await run(sql`CREATE TABLE plan_quota (
    plan_year integer NOT NULL,
    target_code text NOT NULL,
    district_code text NOT NULL REFERENCES division(code),
    value double precision NOT NULL CHECK (value >= 0),
    set_by bigint REFERENCES app_user(id),
    set_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (plan_year, target_code, district_code),
    FOREIGN KEY (plan_year, target_code) REFERENCES plan_target(plan_year, code)
  )`);

  // A reporting unit's values for one month and one department, and its approval.
  await run(sql`CREATE TABLE report_submission (
    id bigserial PRIMARY KEY,
    plan_year integer NOT NULL REFERENCES plan(year),
    period text NOT NULL CHECK (period ~ '^\\d{4}-(0[1-9]|1[0-2])$'),
    org_code text NOT NULL REFERENCES division(code),
    department_code text NOT NULL REFERENCES department(code),
    status text NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'returned')),
    due_on date NOT NULL,
    late boolean NOT NULL DEFAULT false,
    findings jsonb NOT NULL DEFAULT '[]',
    version integer NOT NULL DEFAULT 1,
    submitted_by bigint REFERENCES app_user(id),
    submitted_at timestamptz,
    reviewed_by bigint REFERENCES app_user(id),
    reviewed_at timestamptz,
    review_comment text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (plan_year, period, org_code, department_code),
    CHECK (reviewed_by IS NULL OR submitted_by IS NULL OR reviewed_by <> submitted_by)
  )`);
  await run(sql`CREATE INDEX report_submission_status_idx ON report_submission(plan_year, status, period)`);

  await run(sql`CREATE TABLE report_value (
    submission_id bigint NOT NULL REFERENCES report_submission(id),
    indicator_code text NOT NULL,
    unit_code text NOT NULL REFERENCES division(code),
    value double precision,
    numerator double precision,
    denominator double precision,
    PRIMARY KEY (submission_id, indicator_code, unit_code)
  )`);

  await run(sql`CREATE TABLE report_event (
    id bigserial PRIMARY KEY,
    submission_id bigint NOT NULL REFERENCES report_submission(id),
    action text NOT NULL CHECK (action IN ('saved', 'submitted', 'approved', 'returned')),
    actor_id bigint REFERENCES app_user(id),
    comment text,
    values_after jsonb,
    at timestamptz NOT NULL DEFAULT now()
  )`);
  await run(sql`CREATE INDEX report_event_idx ON report_event(submission_id, id)`);
  await run(sql`CREATE TRIGGER report_event_append_only BEFORE UPDATE OR DELETE ON report_event FOR EACH ROW EXECUTE FUNCTION append_only()`);

  // The values progress is computed from: one row per indicator, month and unit (a division code:
  // 500000 for the city, a district, or a township). Computed rows are rewritten by a recompute;
  // reported rows are written when their submission is approved.
  await run(sql`CREATE TABLE indicator_value (
    plan_year integer NOT NULL,
    indicator_code text NOT NULL,
    period text NOT NULL,
    unit_code text NOT NULL,
    value double precision,
    numerator double precision,
    denominator double precision,
    source text NOT NULL CHECK (source IN ('computed', 'reported')),
    submission_id bigint REFERENCES report_submission(id),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (plan_year, indicator_code, period, unit_code),
    FOREIGN KEY (plan_year, indicator_code) REFERENCES plan_indicator(plan_year, code)
  )`);

  // Milestones (qualitative commitments) are done when evidence is given and accepted.
  await run(sql`CREATE TABLE milestone_evidence (
    id bigserial PRIMARY KEY,
    plan_year integer NOT NULL,
    target_code text NOT NULL,
    department_code text NOT NULL REFERENCES department(code),
    note text NOT NULL,
    link text,
    submitted_by bigint NOT NULL REFERENCES app_user(id),
    submitted_at timestamptz NOT NULL DEFAULT now(),
    accepted_by bigint REFERENCES app_user(id),
    accepted_at timestamptz,
    FOREIGN KEY (plan_year, target_code) REFERENCES plan_target(plan_year, code),
    CHECK (accepted_by IS NULL OR accepted_by <> submitted_by)
  )`);

  // 督导: a red light opens a task for the responsible district or department. The status is kept
  // beside the append-only events, in the same transaction. (The case engine can absorb these.)
  await run(sql`CREATE TABLE supervision_task (
    id bigserial PRIMARY KEY,
    plan_year integer NOT NULL,
    target_code text NOT NULL,
    org_code text NOT NULL REFERENCES division(code),
    department_code text NOT NULL REFERENCES department(code),
    period text NOT NULL,
    light text NOT NULL,
    gap_points double precision,
    reason_zh text NOT NULL,
    reason_en text NOT NULL,
    status text NOT NULL CHECK (status IN ('open', 'responded', 'closed')),
    escalated boolean NOT NULL DEFAULT false,
    due_on date NOT NULL,
    response text,
    closure_note text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (plan_year, target_code) REFERENCES plan_target(plan_year, code)
  )`);
  // At most one task in progress per target and unit.
  await run(sql`CREATE UNIQUE INDEX supervision_task_live_idx ON supervision_task(plan_year, target_code, org_code) WHERE status <> 'closed'`);
  await run(sql`CREATE TABLE supervision_event (
    id bigserial PRIMARY KEY,
    task_id bigint NOT NULL REFERENCES supervision_task(id),
    action text NOT NULL CHECK (action IN ('opened', 'responded', 'closed', 'escalated')),
    actor_id bigint REFERENCES app_user(id),
    note text,
    at timestamptz NOT NULL DEFAULT now()
  )`);
  await run(sql`CREATE INDEX supervision_event_idx ON supervision_event(task_id, id)`);
  await run(sql`CREATE TRIGGER supervision_event_append_only BEFORE UPDATE OR DELETE ON supervision_event FOR EACH ROW EXECUTE FUNCTION append_only()`);

  // 群众口碑: a citizen's or enterprise's rating of a service or of something done for them.
  await run(sql`CREATE TABLE public_rating (
    id bigserial PRIMARY KEY,
    subject_kind text NOT NULL CHECK (subject_kind IN ('service', 'entitlement', 'case')),
    subject_ref text NOT NULL,
    district_code text NOT NULL REFERENCES division(code),
    department_code text NOT NULL REFERENCES department(code),
    score smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
    satisfaction text NOT NULL CHECK (satisfaction IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
    comment text,
    rater_user_id bigint REFERENCES app_user(id),
    rater_person_id bigint REFERENCES person(id),
    seeded boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
  )`);
  await run(sql`CREATE UNIQUE INDEX public_rating_once_idx ON public_rating(rater_user_id, subject_kind, subject_ref) WHERE rater_user_id IS NOT NULL`);
  await run(sql`CREATE INDEX public_rating_district_idx ON public_rating(district_code, department_code)`);
  await run(sql`COMMENT ON COLUMN public_rating.comment IS 'personal data: free text written by a citizen'`);
  await run(sql`COMMENT ON COLUMN public_rating.rater_person_id IS 'personal data: who rated'`);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['public_rating', 'supervision_event', 'supervision_task', 'milestone_evidence', 'indicator_value', 'report_event', 'report_value', 'report_submission', 'plan_quota', 'plan_target', 'indicator_binding', 'plan_indicator', 'plan']) {
    await sql`DROP TABLE IF EXISTS ${sql.id(t)}`.execute(db);
  }
}

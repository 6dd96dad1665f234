// The case engine (工作体系): kinds as versioned data, cases with their status derived from an
// append-only event log (stored beside it in the same transaction), attachments' metadata, and the
// one-time codes that stand in for SMS verification of a reporter's phone.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const run = (q: ReturnType<typeof sql>) => q.execute(db);

  await run(sql`CREATE TABLE case_kind (
    code text NOT NULL,
    version integer NOT NULL,
    hash text NOT NULL,
    definition jsonb NOT NULL,
    loaded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (code, version)
  )`);

  // The columns from state to version are the reducer's output over case_event; they are written in
  // the transaction that appends the events, and `version` is the number of events.
  await run(sql`CREATE TABLE case_record (
    id bigserial PRIMARY KEY,
    kind_code text NOT NULL,
    kind_version integer NOT NULL,
    tracking_code text NOT NULL UNIQUE,
    title text NOT NULL,
    source text NOT NULL CHECK (source IN ('public', 'citizen', 'hotline', 'staff', 'system')),
    details jsonb NOT NULL,
    enterprise_id bigint REFERENCES enterprise(id),
    employer_key text,
    workers integer CHECK (workers >= 0),
    amount_fen bigint CHECK (amount_fen >= 0),
    subject_ref text,
    reporter_person_id bigint REFERENCES person(id),
    reporter_name text,
    reporter_phone text,
    state text NOT NULL,
    final boolean NOT NULL,
    org_code text NOT NULL REFERENCES division(code),
    district_code text NOT NULL REFERENCES division(code),
    department_code text NOT NULL REFERENCES department(code),
    conclusion text,
    pending_review jsonb,
    pending_transfer jsonb,
    supervised boolean NOT NULL DEFAULT false,
    escalated boolean NOT NULL DEFAULT false,
    reopen_count integer NOT NULL DEFAULT 0,
    rating smallint CHECK (rating BETWEEN 1 AND 5),
    rating_comment text,
    group_id bigint REFERENCES case_record(id),
    opened_at timestamptz NOT NULL,
    clock_from timestamptz NOT NULL,
    closed_at timestamptz,
    due_on date,
    warn_on date,
    working_days_to_close integer,
    closed_on_time boolean,
    version integer NOT NULL,
    updated_at timestamptz NOT NULL,
    FOREIGN KEY (kind_code, kind_version) REFERENCES case_kind(code, version),
    CHECK (final = (due_on IS NULL))
  )`);
  await run(sql`COMMENT ON COLUMN case_record.reporter_name IS 'personal data: the name a reporter gave; masked in lists'`);
  await run(sql`COMMENT ON COLUMN case_record.reporter_phone IS 'personal data: the reporter''s verified phone; masked, shown to the handling officer only'`);
  await run(sql`COMMENT ON COLUMN case_record.details IS 'personal data possible: the fields of the report (employer, project, amounts, description)'`);
  // The inbox: open cases of a unit by deadline; the statistics: cases of a kind by district and month.
  await run(sql`CREATE INDEX case_open_by_org ON case_record (org_code, due_on) WHERE NOT final`);
  await run(sql`CREATE INDEX case_open_by_district ON case_record (district_code, kind_code, due_on) WHERE NOT final`);
  await run(sql`CREATE INDEX case_by_kind_opened ON case_record (kind_code, district_code, opened_at)`);
  await run(sql`CREATE INDEX case_board ON case_record (department_code, due_on) WHERE NOT final AND (supervised OR escalated)`);
  await run(sql`CREATE INDEX case_by_employer ON case_record (kind_code, employer_key) WHERE employer_key IS NOT NULL`);
  await run(sql`CREATE INDEX case_by_subject ON case_record (kind_code, subject_ref) WHERE subject_ref IS NOT NULL`);
  await run(sql`CREATE INDEX case_by_reporter ON case_record (reporter_person_id) WHERE reporter_person_id IS NOT NULL`);

  await run(sql`CREATE TABLE case_event (
    id bigserial PRIMARY KEY,
    case_id bigint NOT NULL REFERENCES case_record(id),
    seq integer NOT NULL,
    action text NOT NULL,
    state_after text NOT NULL,
    actor_id bigint REFERENCES app_user(id),
    actor_role text,
    payload jsonb NOT NULL,
    at timestamptz NOT NULL,
    UNIQUE (case_id, seq)
  )`);
  await run(sql`COMMENT ON COLUMN case_event.payload IS 'personal data possible: reasons, notes and evidence officers wrote'`);
  await run(sql`CREATE TRIGGER case_event_append_only BEFORE UPDATE OR DELETE ON case_event FOR EACH ROW EXECUTE FUNCTION append_only()`);

  await run(sql`CREATE TABLE case_attachment (
    id bigserial PRIMARY KEY,
    case_id bigint NOT NULL REFERENCES case_record(id),
    name text NOT NULL,
    mime text NOT NULL,
    size_bytes integer NOT NULL CHECK (size_bytes >= 0),
    sha256 text NOT NULL,
    storage_key text NOT NULL,
    uploaded_by bigint REFERENCES app_user(id),
    uploaded_at timestamptz NOT NULL
  )`);
  await run(sql`CREATE INDEX case_attachment_by_case ON case_attachment (case_id)`);

  // Stand-in for an SMS code: only hashes are kept; a code is good for 10 minutes and 5 attempts.
  await run(sql`CREATE TABLE phone_verification (
    id bigserial PRIMARY KEY,
    phone_hash text NOT NULL,
    code_hash text NOT NULL,
    expires_at timestamptz NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    used_at timestamptz,
    created_at timestamptz NOT NULL
  )`);
  await run(sql`CREATE INDEX phone_verification_by_phone ON phone_verification (phone_hash, created_at)`);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['phone_verification', 'case_attachment', 'case_event', 'case_record', 'case_kind']) await sql`DROP TABLE IF EXISTS ${sql.raw(t)}`.execute(db);
}

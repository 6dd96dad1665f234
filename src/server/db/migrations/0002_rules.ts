// Rules and proactive benefits: fact snapshots, policies and their versions, runs, entitlements,
// outreach lists, simulations, notifications, payment batches and reconciliation.
// Every state an official may be asked about later is kept as an append-only event beside the
// current state, written in the same transaction.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const run = (q: ReturnType<typeof sql>) => q.execute(db);

  await run(sql`CREATE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$`);

  // --- Fact snapshots: the facts of every entity on one date, materialised in snap_<entity>_<id> ---
  await run(sql`CREATE TABLE fact_snapshot (
    id bigserial PRIMARY KEY,
    as_of date NOT NULL,
    status text NOT NULL CHECK (status IN ('building', 'ready', 'failed', 'dropped')),
    catalogue_hash text NOT NULL,
    content_hash text,
    row_counts jsonb,
    created_by bigint,
    created_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
  )`);

  // --- Policies: the policy row holds the active version; versions never change ---------------
  await run(sql`CREATE TABLE policy (
    id text PRIMARY KEY,
    entity text NOT NULL CHECK (entity IN ('person', 'household', 'enterprise', 'employment')),
    department_code text NOT NULL REFERENCES department(code),
    active_version_id bigint,
    latest_version integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
  )`);
  await run(sql`CREATE TABLE policy_version (
    id bigserial PRIMARY KEY,
    policy_id text NOT NULL REFERENCES policy(id),
    version integer NOT NULL,
    hash text NOT NULL,
    name_zh text NOT NULL,
    name_en text NOT NULL,
    definition jsonb NOT NULL,
    source text NOT NULL CHECK (source IN ('pack', 'editor')),
    note text,
    created_by bigint,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (policy_id, version)
  )`);
  await run(sql`ALTER TABLE policy ADD FOREIGN KEY (active_version_id) REFERENCES policy_version(id)`);
  await run(sql`CREATE TRIGGER policy_version_append_only BEFORE UPDATE OR DELETE ON policy_version
    FOR EACH ROW EXECUTE FUNCTION append_only()`);
  await run(sql`CREATE TABLE policy_event (
    id bigserial PRIMARY KEY,
    policy_id text NOT NULL REFERENCES policy(id),
    version_id bigint REFERENCES policy_version(id),
    action text NOT NULL CHECK (action IN ('created', 'activated', 'deactivated')),
    actor_id bigint,
    at timestamptz NOT NULL DEFAULT now()
  )`);
  await run(sql`CREATE TRIGGER policy_event_append_only BEFORE UPDATE OR DELETE ON policy_event
    FOR EACH ROW EXECUTE FUNCTION append_only()`);

  // --- Runs: one snapshot, a set of policy versions, processed district by district -----------
  await run(sql`CREATE TABLE policy_run (
    id bigserial PRIMARY KEY,
    snapshot_id bigint NOT NULL REFERENCES fact_snapshot(id),
    period_month text NOT NULL CHECK (period_month ~ '^[0-9]{4}-[0-9]{2}$'),
    version_ids jsonb NOT NULL,
    status text NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
    chunks_total integer NOT NULL,
    chunks_done integer NOT NULL DEFAULT 0,
    entitlements_created integer NOT NULL DEFAULT 0,
    near_miss integer NOT NULL DEFAULT 0,
    missing_data integer NOT NULL DEFAULT 0,
    error text,
    created_by bigint,
    started_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
  )`);
  await run(sql`CREATE TABLE policy_run_chunk (
    run_id bigint NOT NULL REFERENCES policy_run(id),
    entity text NOT NULL,
    district_code text NOT NULL,
    evaluated integer NOT NULL,
    entitlements_created integer NOT NULL,
    done_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, entity, district_code)
  )`);

  // --- Entitlements: one per (policy, entity, period); a rerun or a crash can never add another --
  await run(sql`CREATE TABLE entitlement (
    id bigserial PRIMARY KEY,
    policy_id text NOT NULL REFERENCES policy(id),
    entity_type text NOT NULL,
    entity_id bigint NOT NULL,
    period text NOT NULL,
    district_code text NOT NULL,
    person_id bigint,
    enterprise_id bigint,
    policy_version_id bigint NOT NULL REFERENCES policy_version(id),
    rule_hash text NOT NULL,
    snapshot_id bigint NOT NULL REFERENCES fact_snapshot(id),
    run_id bigint NOT NULL REFERENCES policy_run(id),
    amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
    delivery text NOT NULL CHECK (delivery IN ('direct', 'confirm', 'apply')),
    status text NOT NULL CHECK (status IN ('awaiting_confirmation', 'awaiting_application', 'ready', 'declined',
      'excluded', 'in_batch', 'paid', 'payment_failed')),
    excluded_by text,
    trace jsonb NOT NULL,
    account_kind text CHECK (account_kind IN ('social_security_card', 'bank')),
    account_bank text,
    account_no text,
    account_name text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (policy_id, entity_type, entity_id, period)
  )`);
  await run(sql`CREATE INDEX entitlement_district_idx ON entitlement(district_code, policy_id)`);
  await run(sql`CREATE INDEX entitlement_person_idx ON entitlement(person_id)`);
  await run(sql`CREATE INDEX entitlement_enterprise_idx ON entitlement(enterprise_id)`);
  await run(sql`CREATE INDEX entitlement_status_idx ON entitlement(policy_id, status)`);
  await run(sql`COMMENT ON COLUMN entitlement.account_no IS 'personal data: the payee account, masked everywhere but the bank file'`);
  await run(sql`COMMENT ON COLUMN entitlement.account_name IS 'personal data: the account holder name'`);
  await run(sql`CREATE TABLE entitlement_event (
    id bigserial PRIMARY KEY,
    entitlement_id bigint NOT NULL REFERENCES entitlement(id),
    from_status text,
    to_status text NOT NULL,
    actor_id bigint,
    run_id bigint,
    note text,
    at timestamptz NOT NULL DEFAULT now()
  )`);
  await run(sql`CREATE INDEX entitlement_event_idx ON entitlement_event(entitlement_id, id)`);
  await run(sql`CREATE TRIGGER entitlement_event_append_only BEFORE UPDATE OR DELETE ON entitlement_event
    FOR EACH ROW EXECUTE FUNCTION append_only()`);

  // --- Outreach lists: near misses (exactly one criterion failed) and missing data ------------
  await run(sql`CREATE TABLE run_outreach (
    run_id bigint NOT NULL REFERENCES policy_run(id),
    policy_id text NOT NULL,
    policy_version_id bigint NOT NULL,
    entity_type text NOT NULL,
    entity_id bigint NOT NULL,
    district_code text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('near_miss', 'missing_data')),
    criteria jsonb NOT NULL,
    margin bigint,
    trace jsonb NOT NULL,
    PRIMARY KEY (run_id, policy_id, entity_type, entity_id)
  )`);
  await run(sql`CREATE INDEX run_outreach_list_idx ON run_outreach(run_id, kind, district_code, policy_id)`);

  // --- Simulations: a draft against the active version, on one snapshot; no entitlements -----
  await run(sql`CREATE TABLE simulation (
    id bigserial PRIMARY KEY,
    policy_id text NOT NULL REFERENCES policy(id),
    draft_version_id bigint NOT NULL REFERENCES policy_version(id),
    base_version_id bigint REFERENCES policy_version(id),
    snapshot_id bigint NOT NULL REFERENCES fact_snapshot(id),
    group_fact text,
    summary jsonb NOT NULL,
    created_by bigint,
    created_at timestamptz NOT NULL DEFAULT now()
  )`);
  await run(sql`CREATE TABLE simulation_change (
    simulation_id bigint NOT NULL REFERENCES simulation(id),
    entity_id bigint NOT NULL,
    district_code text NOT NULL,
    group_value text,
    change text NOT NULL CHECK (change IN ('enter', 'leave', 'amount')),
    old_amount_fen bigint,
    new_amount_fen bigint,
    criteria jsonb NOT NULL,
    PRIMARY KEY (simulation_id, entity_id)
  )`);

  // --- Notifications: an outbox delivered by pluggable channels --------------------------------
  await run(sql`CREATE TABLE notification (
    id bigserial PRIMARY KEY,
    person_id bigint,
    enterprise_id bigint,
    entitlement_id bigint REFERENCES entitlement(id),
    template text NOT NULL,
    payload jsonb NOT NULL,
    channel text NOT NULL,
    status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts integer NOT NULL DEFAULT 0,
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz,
    read_at timestamptz,
    -- when a pending row may next be tried: backs off after a failure, and leases a claimed row so
    -- two dispatchers never deliver it twice; NULL means due now
    next_attempt_at timestamptz,
    -- the payment line a payment_paid / payment_failed notification is about (an entitlement may fail twice)
    payment_line_id bigint,
    CHECK (person_id IS NOT NULL OR enterprise_id IS NOT NULL)
  )`);
  await run(sql`CREATE UNIQUE INDEX notification_once_idx ON notification(entitlement_id, template, channel, COALESCE(payment_line_id, 0)) WHERE entitlement_id IS NOT NULL`);
  await run(sql`CREATE INDEX notification_outbox_idx ON notification(status, id)`);
  await run(sql`CREATE INDEX notification_person_idx ON notification(person_id, id)`);
  await run(sql`CREATE INDEX notification_enterprise_idx ON notification(enterprise_id, id)`);

  // --- Payment: batches approved by a second officer, bank files, reconciliation ---------------
  await run(sql`CREATE TABLE payment_batch (
    id bigserial PRIMARY KEY,
    policy_id text NOT NULL REFERENCES policy(id),
    status text NOT NULL CHECK (status IN ('draft', 'approved', 'exported', 'reconciled')),
    line_count integer NOT NULL,
    total_fen bigint NOT NULL,
    created_by bigint NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    approved_by bigint,
    approved_at timestamptz,
    exported_at timestamptz,
    file_name text,
    file_sha256 text,
    paid_count integer NOT NULL DEFAULT 0,
    paid_fen bigint NOT NULL DEFAULT 0,
    failed_count integer NOT NULL DEFAULT 0,
    CHECK (approved_by IS NULL OR approved_by <> created_by)
  )`);
  await run(sql`CREATE TABLE payment_line (
    id bigserial PRIMARY KEY,
    batch_id bigint NOT NULL REFERENCES payment_batch(id),
    line_no integer NOT NULL,
    entitlement_id bigint NOT NULL REFERENCES entitlement(id),
    district_code text NOT NULL,
    amount_fen bigint NOT NULL CHECK (amount_fen > 0),
    account_kind text NOT NULL,
    account_bank text,
    account_no text NOT NULL,
    account_name text NOT NULL,
    status text NOT NULL CHECK (status IN ('pending', 'paid', 'failed')),
    failure_reason text,
    reconciled_at timestamptz,
    UNIQUE (batch_id, line_no)
  )`);
  // The guard against paying twice: at most one line per entitlement that is pending or paid.
  await run(sql`CREATE UNIQUE INDEX payment_line_once_idx ON payment_line(entitlement_id) WHERE status <> 'failed'`);
  await run(sql`COMMENT ON COLUMN payment_line.account_no IS 'personal data: the payee account'`);
  await run(sql`COMMENT ON COLUMN payment_line.account_name IS 'personal data: the account holder name'`);
  await run(sql`ALTER TABLE notification ADD FOREIGN KEY (payment_line_id) REFERENCES payment_line(id)`);
  await run(sql`CREATE TABLE reconciliation_file (
    id bigserial PRIMARY KEY,
    batch_id bigint NOT NULL REFERENCES payment_batch(id),
    file_name text NOT NULL,
    file_sha256 text NOT NULL,
    lines_paid integer NOT NULL,
    lines_failed integer NOT NULL,
    lines_unchanged integer NOT NULL,
    imported_by bigint NOT NULL,
    imported_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (batch_id, file_sha256)
  )`);
  await run(sql`CREATE TABLE payment_event (
    id bigserial PRIMARY KEY,
    batch_id bigint NOT NULL REFERENCES payment_batch(id),
    line_id bigint REFERENCES payment_line(id),
    action text NOT NULL,
    actor_id bigint,
    detail jsonb,
    at timestamptz NOT NULL DEFAULT now()
  )`);
  await run(sql`CREATE INDEX payment_event_batch_idx ON payment_event(batch_id, id)`);
  await run(sql`CREATE TRIGGER payment_event_append_only BEFORE UPDATE OR DELETE ON payment_event
    FOR EACH ROW EXECUTE FUNCTION append_only()`);
}

export async function down(): Promise<void> {
  throw new Error('0002_rules cannot be reverted; restore from a backup instead');
}

// The write path of a policy run, measured at 2,000,000 persons (250,000 entitlements): each
// foreign key on entitlement costs a lookup per row written (12 µs a row for the four), and the
// person and enterprise indexes held an entry for every row whose payee is of the other kind.
// - entitlement.policy_id and entitlement.snapshot_id lose their foreign keys: both are implied by
//   the keys kept (policy_version_id → policy_version.policy_id, run_id → policy_run.snapshot_id),
//   and a run writes them from that version and that run in the same statement.
// - The payee indexes of entitlement and notification become partial (NOT NULL): every lookup is by
//   one payee, which the partial index answers.
// - fact_snapshot.district_counts: a snapshot's rows per entity type and district, counted when it is
//   built, so a run does not count each district's rows again (a second scan of every partition).
// - entitlement_status_idx (policy_id, status) goes: the unique key (policy_id, entity_type,
//   entity_id, period) serves every lookup by policy, and with a second index leading with the
//   policy the planner, whose statistics lag behind a run's inserts, scanned a policy's rows once per
//   entity in the exclusion lookups (42 s for one district's statement on the full city).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const run = (q: ReturnType<typeof sql>) => q.execute(db);
  await run(sql`ALTER TABLE fact_snapshot ADD COLUMN district_counts jsonb`);
  await run(sql`ALTER TABLE entitlement DROP CONSTRAINT entitlement_policy_id_fkey`);
  await run(sql`ALTER TABLE entitlement DROP CONSTRAINT entitlement_snapshot_id_fkey`);
  await run(sql`DROP INDEX entitlement_status_idx`);
  await run(sql`DROP INDEX entitlement_person_idx`);
  await run(sql`DROP INDEX entitlement_enterprise_idx`);
  await run(sql`CREATE INDEX entitlement_person_idx ON entitlement(person_id) WHERE person_id IS NOT NULL`);
  await run(sql`CREATE INDEX entitlement_enterprise_idx ON entitlement(enterprise_id) WHERE enterprise_id IS NOT NULL`);
  await run(sql`DROP INDEX notification_person_idx`);
  await run(sql`DROP INDEX notification_enterprise_idx`);
  await run(sql`CREATE INDEX notification_person_idx ON notification(person_id, id) WHERE person_id IS NOT NULL`);
  await run(sql`CREATE INDEX notification_enterprise_idx ON notification(enterprise_id, id) WHERE enterprise_id IS NOT NULL`);
}

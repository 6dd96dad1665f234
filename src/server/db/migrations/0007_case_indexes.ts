// Indexes for the case inbox at a million cases (measured in docs/benchmarks.md): closed cases of a
// district latest first, open cases of the whole city by deadline, and transfers waiting for a unit.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX case_closed_by_district ON case_record (district_code, closed_at DESC, id DESC) WHERE final`.execute(db);
  await sql`CREATE INDEX case_open_by_due ON case_record (due_on ASC NULLS LAST, id DESC) WHERE NOT final`.execute(db);
  await sql`CREATE INDEX case_transfer_to ON case_record ((pending_transfer->>'toOrg')) WHERE NOT final AND pending_transfer IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const i of ['case_transfer_to', 'case_open_by_due', 'case_closed_by_district']) await sql`DROP INDEX IF EXISTS ${sql.raw(i)}`.execute(db);
}

// Fact snapshots are kept: entitlements and outreach rows name the snapshot they were found on, and
// their traces hold only the criteria's values and margins; the facts behind them are read back
// from the snapshot when a trace is shown. A snapshot row therefore cannot be deleted.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TRIGGER fact_snapshot_kept BEFORE DELETE ON fact_snapshot FOR EACH ROW EXECUTE FUNCTION append_only()`.execute(db);
}

// An index on division(level, code): every computed indicator of the plan joins its counts onto the
// 38 districts (level 2), as do the league table, the run's chunks and the pages, and without it each
// of them read all 12,340 divisions (about 45 ms of a recompute on the demo city, PGlite).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX division_level_idx ON division(level, code)`.execute(db);
}

// The history of officials' changes to a plan after it is loaded (quotas, settings, bindings, a
// plan created as a copy), with the values before and after. A migration of its own because 0004
// was already applied to databases when it was added.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const run = (q: ReturnType<typeof sql>) => q.execute(db);
  await run(sql`CREATE TABLE plan_change (
    id bigserial PRIMARY KEY,
    plan_year integer NOT NULL REFERENCES plan(year),
    kind text NOT NULL CHECK (kind IN ('created', 'quotas', 'settings', 'binding')),
    subject text,
    before jsonb,
    after jsonb,
    actor_id bigint REFERENCES app_user(id),
    at timestamptz NOT NULL DEFAULT now()
  )`);
  await run(sql`CREATE INDEX plan_change_idx ON plan_change(plan_year, id)`);
  await run(sql`CREATE TRIGGER plan_change_append_only BEFORE UPDATE OR DELETE ON plan_change FOR EACH ROW EXECUTE FUNCTION append_only()`);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS plan_change`.execute(db);
}

// The run and the policy version that entitlements and outreach rows name, checked once per
// statement instead of once per row. A foreign key looks its parent up (and locks it) for every row
// written: on the full city a run writes about 5 million such rows naming one run and 15 versions,
// and the three keys (entitlement.run_id, entitlement.policy_version_id, run_outreach.run_id) cost
// about 1.6 s of one district's 8 s statement; the whole run went from 105.6 s to 92.8–96.5 s warm
// (docs/benchmarks.md).
// The same guarantees, kept by triggers:
// - on insert, the distinct runs and versions of the statement's rows must exist, and are locked
//   FOR KEY SHARE as a foreign key would lock them (one look-up each, not one per row);
// - an update that changes a row's run or version is checked the same way, row by row (no code
//   does it; status updates do not fire the check);
// - a run that rows name cannot be deleted or renumbered (versions are append-only already), and
//   neither table can be truncated while rows name its rows.
// run_outreach.policy_version_id, which had no key, is checked too. The error is a foreign-key
// violation (SQLSTATE 23503), as before.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const run = (q: ReturnType<typeof sql>) => q.execute(db);
  await run(sql`ALTER TABLE entitlement DROP CONSTRAINT entitlement_run_id_fkey`);
  await run(sql`ALTER TABLE entitlement DROP CONSTRAINT entitlement_policy_version_id_fkey`);
  await run(sql`ALTER TABLE run_outreach DROP CONSTRAINT run_outreach_run_id_fkey`);

  // Both tables: do these runs and versions exist? Locks them until the transaction ends, and names
  // the missing ones.
  await run(sql`CREATE FUNCTION run_keys_exist(runs bigint[], versions bigint[], tbl text) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      missing bigint[];
    BEGIN
      PERFORM 1 FROM policy_run p WHERE p.id = ANY (runs) FOR KEY SHARE;
      SELECT array_agg(x) INTO missing FROM unnest(runs) x WHERE NOT EXISTS (SELECT 1 FROM policy_run p WHERE p.id = x);
      IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'insert or update on table "%" names policy runs that do not exist: %', tbl, array_to_string(missing, ', ')
          USING ERRCODE = 'foreign_key_violation';
      END IF;
      PERFORM 1 FROM policy_version v WHERE v.id = ANY (versions) FOR KEY SHARE;
      SELECT array_agg(x) INTO missing FROM unnest(versions) x WHERE NOT EXISTS (SELECT 1 FROM policy_version v WHERE v.id = x);
      IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'insert or update on table "%" names policy versions that do not exist: %', tbl, array_to_string(missing, ', ')
          USING ERRCODE = 'foreign_key_violation';
      END IF;
    END $$`);
  // One pass over the statement's rows, grouped by hash (count(DISTINCT …) would sort them all).
  await run(sql`CREATE FUNCTION run_keys_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      runs bigint[];
      versions bigint[];
    BEGIN
      SELECT array_agg(DISTINCT k.run_id), array_agg(DISTINCT k.policy_version_id) INTO runs, versions
      FROM (SELECT run_id, policy_version_id FROM added GROUP BY run_id, policy_version_id) k;
      PERFORM run_keys_exist(runs, versions, TG_TABLE_NAME);
      RETURN NULL;
    END $$`);
  await run(sql`CREATE FUNCTION run_keys_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM run_keys_exist(ARRAY[NEW.run_id], ARRAY[NEW.policy_version_id], TG_TABLE_NAME);
      RETURN NEW;
    END $$`);
  for (const t of ['entitlement', 'run_outreach']) {
    await run(sql`CREATE TRIGGER ${sql.id(`${t}_run_keys`)} AFTER INSERT ON ${sql.table(t)}
      REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION run_keys_inserted()`);
    await run(sql`CREATE TRIGGER ${sql.id(`${t}_run_keys_changed`)} BEFORE UPDATE OF run_id, policy_version_id ON ${sql.table(t)}
      FOR EACH ROW WHEN (OLD.run_id IS DISTINCT FROM NEW.run_id OR OLD.policy_version_id IS DISTINCT FROM NEW.policy_version_id)
      EXECUTE FUNCTION run_keys_changed()`);
  }

  // The parents: policy_run (rows' run_id) and policy_version (rows' policy_version_id).
  await run(sql`CREATE FUNCTION run_keys_parent_kept() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' AND NEW.id = OLD.id THEN
        RETURN NEW;
      END IF;
      IF EXISTS (SELECT 1 FROM entitlement WHERE run_id = OLD.id) OR EXISTS (SELECT 1 FROM run_outreach WHERE run_id = OLD.id) THEN
        RAISE EXCEPTION '% % is named by entitlements or outreach rows and cannot be deleted or renumbered', TG_TABLE_NAME, OLD.id
          USING ERRCODE = 'foreign_key_violation';
      END IF;
      RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
    END $$`);
  await run(sql`CREATE FUNCTION run_keys_parent_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      -- After the statement: a TRUNCATE that empties the children too is allowed.
      IF EXISTS (SELECT 1 FROM entitlement) OR EXISTS (SELECT 1 FROM run_outreach) THEN
        RAISE EXCEPTION 'cannot truncate %: entitlements or outreach rows name its rows', TG_TABLE_NAME USING ERRCODE = 'foreign_key_violation';
      END IF;
      RETURN NULL;
    END $$`);
  // policy_version rows are append-only already (no update, no delete); a TRUNCATE is still checked.
  await run(sql`CREATE TRIGGER policy_run_named_kept BEFORE DELETE OR UPDATE OF id ON policy_run
    FOR EACH ROW EXECUTE FUNCTION run_keys_parent_kept()`);
  for (const t of ['policy_run', 'policy_version']) {
    await run(sql`CREATE TRIGGER ${sql.id(`${t}_named_truncated`)} AFTER TRUNCATE ON ${sql.table(t)}
      FOR EACH STATEMENT EXECUTE FUNCTION run_keys_parent_truncated()`);
  }
}

// Applies the migrations in order. Idempotent: applied migrations are recorded and skipped.
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import type { Db } from './index.js';
import * as m0001 from './migrations/0001_foundation.js';
import * as m0002 from './migrations/0002_rules.js';
import * as m0003 from './migrations/0003_policy_data.js';
import * as m0004 from './migrations/0004_plan.js';
import * as m0005 from './migrations/0005_plan_change.js';
import * as m0006 from './migrations/0006_cases.js';
import * as m0007 from './migrations/0007_case_indexes.js';
import * as m0008 from './migrations/0008_employment.js';
import * as m0009 from './migrations/0009_insurance.js';
import * as m0010 from './migrations/0010_run_write_path.js';
import * as m0011 from './migrations/0011_resident_fact.js';
import * as m0012 from './migrations/0012_division_level.js';
import * as m0013 from './migrations/0013_snapshot_kept.js';
import * as m0014 from './migrations/0014_run_keys.js';

const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_rules': m0002,
  '0003_policy_data': m0003,
  '0004_plan': m0004,
  '0005_plan_change': m0005,
  '0006_cases': m0006,
  '0007_case_indexes': m0007,
  '0008_employment': m0008,
  '0009_insurance': m0009,
  '0010_run_write_path': m0010,
  '0011_resident_fact': m0011,
  '0012_division_level': m0012,
  '0013_snapshot_kept': m0013,
  '0014_run_keys': m0014,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export type MigrateResult = { applied: string[] };

export async function migrateToLatest(db: Db): Promise<MigrateResult> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

// Opening the platform's database for the CLI: migrate, load reference data, seed the demo city
// when the registry is empty, and make sure the demo staff exist in demo mode.
import type { Config } from './config.js';
import { openDatabase, type DbHandle } from './db/index.js';
import { migrateToLatest } from './db/migrate.js';
import { ensureDemoStaff } from './modules/accounts/index.js';
import { seedCity, type SeedSummary } from './modules/citygen/index.js';
import { prepareDemoLabourMarket, seedDemoEmployment } from './modules/employment/index.js';
import { prepareDemoInsurance, seedDemoInsurance, syncRulePack } from './modules/insurance/index.js';
import { absorbLegacyTasks, adoptLandedBindings, seedDemoPlan, syncPlanDir } from './modules/plan/index.js';
import { seedDemoCases, syncCaseKinds } from './modules/cases/index.js';
import { loadReferenceData } from './modules/registry/index.js';
import { buildSnapshot, createRun, executeRun, syncPolicyPack, type ChunkHook } from './modules/rules/index.js';
import { projectRoot } from './paths.js';
import { join } from 'node:path';
import { shanghaiDate, type Clock } from './platform/clock.js';

export type Progress = (p: { phase: string; done: number; total: number }) => void;

export async function openPlatformDatabase(config: Config, log: (line: string) => void = () => {}): Promise<DbHandle> {
  const h = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const { applied } = await migrateToLatest(h.db);
  if (applied.length) log(`migrated: ${applied.join(', ')}`);
  await loadReferenceData(h.db);
  return h;
}

export async function registryIsEmpty(h: DbHandle): Promise<boolean> {
  return !(await h.db.selectFrom('person').select('id').limit(1).executeTakeFirst());
}

export async function seedDemoCity(h: DbHandle, config: Config, clock: Clock, opts: { persons?: number; seed?: number; onProgress?: Progress } = {}): Promise<SeedSummary> {
  const summary = await seedCity(h, {
    seed: opts.seed ?? config.seed,
    persons: opts.persons ?? config.persons,
    asOf: shanghaiDate(clock.now()),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  if (config.demoMode) await ensureDemoStaff(h.db);
  return summary;
}

/** What `huimin start` does before serving: seeds only on the first start, so a restart keeps every row. */
export const POLICY_DIR = join(projectRoot, 'data', 'policies');
export const PLAN_DIR = join(projectRoot, 'data', 'plan');
export const CASE_KIND_DIR = join(projectRoot, 'data', 'cases');
export const INSURANCE_RULE_DIR = join(projectRoot, 'data', 'insurance', 'rules');

export async function prepareForStart(config: Config, clock: Clock, opts: { onProgress?: Progress; log?: (line: string) => void; onChunk?: ChunkHook } = {}) {
  const log = opts.log ?? (() => {});
  const h = await openPlatformDatabase(config, log);
  let seeded: SeedSummary | null = null;
  if (await registryIsEmpty(h)) {
    log(`first start: seeding the synthetic city (${config.persons.toLocaleString('en')} persons, seed ${config.seed})`);
    seeded = await seedDemoCity(h, config, clock, opts.onProgress ? { onProgress: opts.onProgress } : {});
  } else if (config.demoMode) {
    await ensureDemoStaff(h.db);
  }
  const kinds = await syncCaseKinds(h.db, CASE_KIND_DIR);
  if (kinds.changed.length) log(`case kinds: ${kinds.changed.join(', ')} loaded as new versions`);
  const pack = await syncPolicyPack(h.db, POLICY_DIR);
  if (pack.changed.length) log(`policy pack: ${pack.changed.length} of ${pack.loaded} files loaded as new versions`);
  const rules = await syncRulePack(h.db, INSURANCE_RULE_DIR);
  if (rules.changed.length) log(`insurance rules: ${rules.changed.length} of ${rules.loaded} files loaded as new versions`);
  // A run interrupted by a crash or a stop resumes from its next undone district.
  for (const r of await h.db.selectFrom('policy_run').select('id').where('status', '=', 'running').execute()) {
    log(`resuming interrupted run ${r.id}`);
    await executeRun(h.db, r.id, { parallel: h.kind === 'postgres' ? 2 : 1, ...(opts.onChunk ? { onChunk: opts.onChunk } : {}) });
  }
  if (config.demoMode && !(await h.db.selectFrom('fact_snapshot').select('id').limit(1).executeTakeFirst())) {
    // The demo opens with policies already run, so that every page has something to show.
    const t0 = Date.now();
    // The last months' HR data the first run should see: layoffs, arrears, a household out of work.
    await prepareDemoLabourMarket(h.db, clock, log);
    // The insurance departments' feeds, which the benefit awards of the snapshot read.
    await prepareDemoInsurance(h.db, clock, config.seed, log);
    const snap = await buildSnapshot(h.db, { asOf: shanghaiDate(clock.now()), actorId: null });
    const runId = await createRun(h.db, { snapshotId: snap.id, actorId: null });
    await executeRun(h.db, runId, { parallel: h.kind === 'postgres' ? 2 : 1, ...(opts.onChunk ? { onChunk: opts.onChunk } : {}) });
    log(`first run of the policy pack: snapshot ${snap.id}, run ${runId}, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const plans = await syncPlanDir(h.db, PLAN_DIR);
  if (plans.loaded.length) log(`plan loaded: ${plans.loaded.join(', ')}`);
  // The demo shows a year of case work, then the current year's plan computed from the seeded data
  // (the closure rates of wage-arrears leads and disputes come from those cases).
  if (config.demoMode) {
    await seedDemoCases(h.db, clock, log);
    await seedDemoEmployment(h.db, clock, log);
    if (!(await h.db.selectFrom('benefit_award').select('id').limit(1).executeTakeFirst())) {
      // A demo database made before the insurance module: its feeds, and a snapshot that reads them.
      await prepareDemoInsurance(h.db, clock, config.seed, log);
      await buildSnapshot(h.db, { asOf: shanghaiDate(clock.now()), actorId: null });
    }
    await seedDemoInsurance(h.db, clock, log);
    await seedDemoPlan(h.db, clock, log);
  }
  // Indicators whose module has landed since the plan was loaded are computed from this month on.
  const today = shanghaiDate(clock.now());
  const thisYear = Number(today.slice(0, 4));
  if (await h.db.selectFrom('plan').select('year').where('year', '=', thisYear).executeTakeFirst()) {
    const switched = await adoptLandedBindings(h.db, thisYear, today.slice(0, 7));
    if (switched.length) log(`plan ${thisYear}: computed from ${today.slice(0, 7)} on: ${switched.join(', ')}`);
  }
  const absorbed = await absorbLegacyTasks(h.db);
  if (absorbed) log(`supervision tasks moved into cases: ${absorbed}`);
  return { handle: h, seeded };
}

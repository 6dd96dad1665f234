// Benchmark of the plan tracker: recomputing every computed indicator for the 38 districts × 12
// months, and computing what the pages show (city progress, all 38 districts, the league table).
//
//   npm run bench:plan                                  # 200,000 persons and the plan, in-memory PGlite
//   npm run bench:plan -- --demo                        # the demo city as `huimin start` builds it (below)
//   npm run bench:plan -- --persons 50000
//   npm run bench:plan -- --database-url postgres://…/huimin_city --skip-seed   # an existing city on PostgreSQL
//
// Options: --seed S, --as-of YYYY-MM-DD (seed date; the plan year is its year), --repeats N,
// --skip-queries (time neither each computed query nor each statement on its own). --demo
// builds the city as the first `huimin start` in demo mode does (the registry, then the demo cases,
// employment services, insurance feeds and a run of the policy pack, then the plan), so that the
// indicators over those modules' data are measured on it too; without it only the registry is seeded.
// Prints a Markdown table for docs/benchmarks.md; progress goes to stderr.
import os from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { loadConfig } from '../src/server/config.js';
import { openDatabase, type DbHandle } from '../src/server/db/index.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { seedCity } from '../src/server/modules/citygen/index.js';
import { syncCaseKinds } from '../src/server/modules/cases/index.js';
import { loadReferenceData } from '../src/server/modules/registry/index.js';
import { fixedClock } from '../src/server/platform/clock.js';
import { allowWorkMem, COMPUTED, computedStatements, runComputed } from '../src/server/modules/plan/indicators.js';
import { seedDemoPlan } from '../src/server/modules/plan/demo.js';
import { recomputeIndicators, syncPlanDir } from '../src/server/modules/plan/plan.service.js';
import { CITY, league, loadPlan, loadValues, milestoneStates, progressResponse, ratingMeans } from '../src/server/modules/plan/tracker.js';
import { projectRoot } from '../src/server/paths.js';
import { prepareForStart } from '../src/server/startup.js';

const { values: opt } = parseArgs({
  options: {
    persons: { type: 'string', default: '200000' },
    seed: { type: 'string', default: '20230330' },
    'as-of': { type: 'string', default: '2026-11-20' },
    'database-url': { type: 'string' },
    'skip-seed': { type: 'boolean', default: false },
    'skip-queries': { type: 'boolean', default: false },
    demo: { type: 'boolean', default: false },
    repeats: { type: 'string', default: '5' },
  },
});
if (opt.demo && (opt['database-url'] || opt['skip-seed'])) throw new Error('--demo builds a new city in memory: it takes neither --database-url nor --skip-seed');
const persons = Number(opt.persons);
const repeats = Number(opt.repeats);
const asOf = opt['as-of']!;
const year = Number(asOf.slice(0, 4));
const log = (m: string) => process.stderr.write(`[bench:plan ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
const ms = (t0: number) => performance.now() - t0;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en');

async function main() {
  const clock = fixedClock(`${asOf}T10:00:00+08:00`);
  const out: string[] = [];
  let h: DbHandle;
  let label: string;
  if (opt.demo) {
    log(`building the demo city as huimin start does: ${fmt(persons)} persons as of ${asOf}`);
    const t0 = performance.now();
    h = (await prepareForStart({ ...loadConfig({ HUIMIN_DEMO: '1' }), databaseUrl: undefined, dataDir: ':memory:', persons, seed: Number(opt.seed) }, clock, { log })).handle;
    label = 'PGlite (in memory), the demo city of huimin start';
    out.push(`| build the demo city as \`huimin start\` does (registry, cases, employment, insurance, policy run, plan) | ${fmt(persons)} persons | ${(ms(t0) / 1000).toFixed(1)} s | |`);
  } else {
    h = opt['database-url'] ? await openDatabase({ databaseUrl: opt['database-url'] }) : await openDatabase({ dataDir: ':memory:' });
    label = opt['database-url'] ? 'PostgreSQL (existing database)' : 'PGlite (in memory)';
  }
  const db = h.db;
  await migrateToLatest(db);
  await loadReferenceData(db);
  if (!opt['skip-seed'] && !opt.demo) {
    log(`seeding ${fmt(persons)} persons as of ${asOf}`);
    const t0 = performance.now();
    await seedCity(h, { seed: Number(opt.seed), persons, asOf });
    out.push(`| seed the synthetic city | ${fmt(persons)} persons | ${(ms(t0) / 1000).toFixed(1)} s | |`);
  }
  // The demo plan opens supervision tasks, which are cases of a kind loaded from data/cases.
  await syncCaseKinds(db, join(projectRoot, 'data', 'cases'));
  await syncPlanDir(db, join(projectRoot, 'data', 'plan'));
  if (!(await db.selectFrom('plan').select('year').where('year', '=', year).executeTakeFirst())) {
    log(`creating the ${year} demo plan (simulated submissions and ratings)`);
    const t0 = performance.now();
    await seedDemoPlan(db, clock, log);
    out.push(`| create the demo plan (copy, first recompute, simulated reports) | ${year} | ${(ms(t0) / 1000).toFixed(1)} s | |`);
  }
  const registry = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM person`.execute(db)).rows[0]!.n);
  const computed = Object.keys(COMPUTED).length;

  // 1. Each computed query on its own, all 38 districts × 12 months (--skip-queries: neither this nor
  // 1b is measured; on the full city each takes minutes, and the recompute below does the same work).
  const perQuery: [string, number][] = [];
  for (const q of opt['skip-queries'] ? [] : Object.keys(COMPUTED)) {
    const t0 = performance.now();
    await runComputed(db, q, { year, through: 12 });
    perQuery.push([q, ms(t0)]);
  }
  // 1b. The statements of a recompute (their rows only): queries over the same facts share one.
  const perStatement: [string, number][] = [];
  await db.transaction().execute(async (trx) => {
    await allowWorkMem(trx);
    for (const st of opt['skip-queries'] ? [] : computedStatements(Object.keys(COMPUTED), { year, through: 12 })) {
      const t0 = performance.now();
      await st.sql.execute(trx);
      perStatement.push([st.queries.join(' + '), ms(t0)]);
    }
  });
  // 2. The whole recompute (all computed indicators, in one transaction), median of N: every query
  // runs; a value is written only where it differs from the stored one (none, the data not having
  // changed between the runs). 2b. The same after the computed values are deleted, so that every value is written.
  const runs: number[] = [];
  let values = 0;
  const changed: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    const r = await recomputeIndicators(db, year, 12);
    runs.push(ms(t0));
    values = r.values;
    changed.push(r.changed);
    log(`recompute ${i + 1}/${repeats}: ${runs.at(-1)!.toFixed(0)} ms, ${r.changed} values changed`);
  }
  const rewrites: number[] = [];
  for (let i = 0; i < repeats; i++) {
    await sql`DELETE FROM indicator_value WHERE plan_year = ${year} AND source = 'computed'`.execute(db);
    const t0 = performance.now();
    const r = await recomputeIndicators(db, year, 12);
    rewrites.push(ms(t0));
    log(`recompute after deleting the computed values ${i + 1}/${repeats}: ${rewrites.at(-1)!.toFixed(0)} ms, ${r.changed} values written`);
  }
  // 3. What the pages compute from the stored values: the city, all 38 districts, the league.
  const pages: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    const period = `${year}-10`;
    const ctx = await loadPlan(db, year, period);
    const cube = await loadValues(db, year, period);
    const mst = await milestoneStates(db, year, period);
    progressResponse(ctx, cube, mst, CITY, '重庆市', period);
    for (const d of ctx.districts) progressResponse(ctx, cube, mst, d.code, d.name, period);
    league(ctx, cube, await ratingMeans(db, 'district_code'), period);
    pages.push(ms(t0));
  }
  const stored = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM indicator_value WHERE plan_year = ${year}`.execute(db)).rows[0]!.n);

  const dbVersion = (await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(db)).rows[0]!.v;
  const pglite = JSON.parse(readFileSync(join(projectRoot, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string };
  console.log(`\nCity: ${fmt(registry)} persons in the registry; plan ${year}: ${computed} computed indicators × 38 districts × 12 months = ${fmt(values)} values computed per recompute; ${fmt(stored)} indicator values stored in all.\n`);
  console.log('| measure | data | time | notes |');
  console.log('|---|---|---|---|');
  for (const l of out) console.log(l);
  console.log(`| recompute every computed indicator (\`recomputeIndicators\`, one transaction) | ${computed} indicators × 38 districts × 12 months | **${median(runs).toFixed(0)} ms** (median of ${repeats}) | runs: ${runs.map((x) => x.toFixed(0)).join(', ')} ms; values changed: ${changed.join(', ')} |`);
  console.log(`| the same after deleting the stored computed values (every value written) | ${fmt(values)} values | ${median(rewrites).toFixed(0)} ms (median of ${repeats}) | runs: ${rewrites.map((x) => x.toFixed(0)).join(', ')} ms |`);
  console.log(`| city progress + 38 district views + league table, from stored values | ${fmt(stored)} values | ${median(pages).toFixed(0)} ms (median of ${repeats}) | runs: ${pages.map((x) => x.toFixed(0)).join(', ')} ms |`);
  console.log('\nEach computed query alone (38 districts × 12 months):\n');
  console.log('| query | time |');
  console.log('|---|---|');
  for (const [q, t] of perQuery.sort((a, b) => b[1] - a[1])) console.log(`| ${q} | ${t.toFixed(0)} ms |`);
  console.log(`\nThe statements of a recompute, rows only (${perStatement.length} statements; queries over the same facts share one):\n`);
  console.log('| statement | time |');
  console.log('|---|---|');
  for (const [q, t] of perStatement.sort((a, b) => b[1] - a[1])) console.log(`| ${q} | ${t.toFixed(0)} ms |`);
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`\nmachine: ${cpu} × ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; ${h.kind === 'postgres' ? `PostgreSQL ${dbVersion}` : `PGlite ${pglite.version} (PostgreSQL ${dbVersion})`}, ${label}; load average ${os.loadavg().map((x) => x.toFixed(1)).join(', ')}`);
  await h.close();
}

await main();

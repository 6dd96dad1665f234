// Measures the synthetic city generator: persons and rows written per second, on in-memory PGlite
// and, when BENCH_DATABASE_URL is set, on a fresh PostgreSQL database (created and dropped here).
// Migrations and reference data are loaded before the clock starts.
// Run: npx tsx bench/citygen.bench.ts [persons]   (or BENCH_PERSONS=…; default 200,000)
//      BENCH_DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/postgres npx tsx bench/citygen.bench.ts
import os from 'node:os';
import { openDatabase, type DbHandle } from '../src/server/db/index.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { openScratchPostgres } from '../src/server/db/scratch.js';
import { seedCity, type SeedSummary } from '../src/server/modules/citygen/index.js';
import { loadReferenceData } from '../src/server/modules/registry/index.js';

const persons = Number(process.argv[2] ?? process.env.BENCH_PERSONS ?? 200_000);
const seed = Number(process.env.BENCH_SEED ?? 20230330);
const asOf = process.env.BENCH_AS_OF ?? '2023-06-30';
if (!Number.isInteger(persons) || persons < 1) throw new Error(`persons must be a positive integer, got ${process.argv[2]}`);

type Result = { backend: string; summary: SeedSummary; rows: number; heapPeakMiB: number };

async function run(backend: string, handle: DbHandle): Promise<Result> {
  await migrateToLatest(handle.db);
  await loadReferenceData(handle.db);
  let heapPeak = 0;
  let lastPrint = 0;
  const summary = await seedCity(handle, {
    seed,
    persons,
    asOf,
    onProgress: (p) => {
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
      if (p.phase === 'persons' && performance.now() - lastPrint > 5000) {
        lastPrint = performance.now();
        process.stderr.write(`  ${backend}: ${p.done.toLocaleString('en')} / ${p.total.toLocaleString('en')} persons\n`);
      }
    },
  });
  const rows = Object.values(summary.tables).reduce((a, b) => a + b, 0);
  return { backend, summary, rows, heapPeakMiB: heapPeak / 2 ** 20 };
}

async function postgres(adminUrl: string): Promise<Result> {
  const handle = await openScratchPostgres(adminUrl, 'huimin_bench_citygen');
  try {
    return await run('postgresql', handle);
  } finally {
    await handle.close();
  }
}

const results: Result[] = [];
const lite = await openDatabase({ dataDir: ':memory:' });
try {
  results.push(await run('pglite (memory)', lite));
} finally {
  await lite.close();
}
if (process.env.BENCH_DATABASE_URL) results.push(await postgres(process.env.BENCH_DATABASE_URL));

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(`machine: ${cpu} × ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
console.log(`persons: ${persons.toLocaleString('en')} (seed ${seed}, asOf ${asOf})`);
for (const r of results) {
  const s = r.summary;
  console.log(
    `${r.backend.padEnd(16)} ${s.seconds.toFixed(1).padStart(7)} s  ${Math.round(s.persons / s.seconds).toLocaleString('en').padStart(8)} persons/s  ` +
      `${r.rows.toLocaleString('en').padStart(11)} rows  ${Math.round(r.rows / s.seconds).toLocaleString('en').padStart(8)} rows/s  ` +
      `(households ${s.households.toLocaleString('en')}, enterprises ${s.enterprises.toLocaleString('en')}, employments ${s.employments.toLocaleString('en')}, ` +
      `contributions ${s.contributions.toLocaleString('en')}; generator heap peak ${r.heapPeakMiB.toFixed(0)} MiB)`,
  );
}
console.log(`peak RSS of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (in-memory PGlite holds its whole database in it)`);

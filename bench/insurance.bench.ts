// Benchmark of the social-insurance checks over a whole city on PostgreSQL (or PGlite): the
// departments' feeds (benefit awards and their payments, custody, signs of life, platform income,
// long-term care), the fact snapshot that the packs read (with the benefit-award entity), the
// coverage pack (6 rules over persons and employments), the risk pack (6 rules over benefit awards,
// each new hit opening an audit case) and the year's certification — each timed, with what it found.
//
//   npm run bench:insurance -- --database-url postgres://…/huimin_city --skip-seed      # a city already seeded
//   npm run bench:insurance -- --persons 2000000                                          # seeds a scratch database first
//   npm run bench:insurance -- --pglite --persons 200000                                  # embedded, in memory
//
// Steps already done in the database (feeds present, a snapshot of the day with the current
// catalogue) are reused and reported as such; --fresh-snapshot builds a new one anyway. Each pack is
// run twice: the first run writes every hit, the second (on the same snapshot) finds nothing new —
// the cost of the monthly rerun. Prints Markdown for docs/benchmarks.md; progress goes to stderr.
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { openDatabase, type Db, type DbHandle } from '../src/server/db/index.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { syncCaseKinds } from '../src/server/modules/cases/index.js';
import { seedCity } from '../src/server/modules/citygen/index.js';
import { runCertification } from '../src/server/modules/insurance/certification.js';
import { runPack } from '../src/server/modules/insurance/checks.js';
import { seedInsuranceFeeds } from '../src/server/modules/insurance/feeds.js';
import { syncRulePack } from '../src/server/modules/insurance/rule-pack.js';
import { loadReferenceData } from '../src/server/modules/registry/index.js';
import { buildSnapshot } from '../src/server/modules/rules/index.js';
import { CATALOGUE_HASH } from '../src/server/modules/rules/catalogue.js';
import { projectRoot } from '../src/server/paths.js';
import { fixedClock } from '../src/server/platform/clock.js';

const { values: opt } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    pglite: { type: 'boolean', default: false },
    persons: { type: 'string', default: '2000000' },
    seed: { type: 'string', default: '20231' },
    'skip-seed': { type: 'boolean', default: false },
    'as-of': { type: 'string' },
    'fresh-snapshot': { type: 'boolean', default: false },
  },
});
const err = (s: string) => process.stderr.write(`${s}\n`);
const secs = (t0: number) => (Date.now() - t0) / 1000;
const n = (x: number) => x.toLocaleString('en');

async function open(): Promise<DbHandle> {
  if (opt.pglite) return openDatabase({ dataDir: ':memory:' });
  const url = opt['database-url'] ?? process.env.BENCH_DATABASE_URL;
  if (!url) throw new Error('give --database-url (PostgreSQL) or --pglite');
  return openDatabase({ databaseUrl: url });
}

async function count(db: Db, q: ReturnType<typeof sql<{ n: number }>>): Promise<number> {
  return Number((await q.execute(db)).rows[0]!.n);
}

async function main() {
  const h = await open();
  const db = h.db;
  await migrateToLatest(db);
  await loadReferenceData(db);
  await syncCaseKinds(db, join(projectRoot, 'data', 'cases'));
  const rows: string[] = [];
  const row = (step: string, data: string, time: string, notes = '') => rows.push(`| ${step} | ${data} | ${time} | ${notes} |`);

  let persons = await count(db, sql`SELECT count(*)::int AS n FROM person`);
  const seedValue = Number(opt.seed);
  if (persons === 0) {
    if (opt['skip-seed']) throw new Error('the registry is empty; leave out --skip-seed');
    const t0 = Date.now();
    const s = await seedCity(h, { seed: seedValue, persons: Number(opt.persons), asOf: opt['as-of'] ?? new Date().toISOString().slice(0, 10), onProgress: (p) => err(`seed ${p.phase} ${n(p.done)}/${n(p.total)}`) });
    persons = s.persons;
    row('seed the synthetic city (`seedCity`)', `${n(s.persons)} persons`, `${secs(t0).toFixed(1)} s`);
  }
  // The evaluation date: the day the city was seeded for (its latest contribution month + 1), unless given.
  const asOf = opt['as-of'] ?? (await sql<{ d: string }>`SELECT to_char(coalesce(max(as_of), current_date), 'YYYY-MM-DD') AS d FROM (SELECT max(month) + interval '1 month' + interval '25 days' AS as_of FROM contribution) x`.execute(db)).rows[0]!.d;
  const clock = fixedClock(`${asOf}T10:00:00+08:00`);
  err(`as of ${asOf}, ${n(persons)} persons`);

  // Feeds.
  let t0 = Date.now();
  const feeds = await seedInsuranceFeeds(db, { asOf, seed: seedValue, log: err });
  const feedRows = Object.values(feeds).reduce((a, x) => a + x, 0);
  if (feedRows > 0) row('department feeds (`seedInsuranceFeeds`)', Object.entries(feeds).map(([k, v]) => `${k} ${n(v)}`).join(', '), `${secs(t0).toFixed(1)} s`, `${n(Math.round(feedRows / secs(t0)))} rows/s`);
  else {
    const awards = await count(db, sql`SELECT count(*)::int AS n FROM benefit_award`);
    row('department feeds', `already loaded (${n(awards)} benefit awards)`, '—');
  }
  if (h.kind === 'postgres' && feedRows > 0) {
    t0 = Date.now();
    await sql`ANALYZE`.execute(db);
    row('ANALYZE after the feeds', '', `${secs(t0).toFixed(1)} s`);
  }

  // Snapshot.
  const existing = await db.selectFrom('fact_snapshot').select(['id', 'row_counts']).where('status', '=', 'ready').where('as_of', '=', asOf).where('catalogue_hash', '=', CATALOGUE_HASH).orderBy('id', 'desc').executeTakeFirst();
  let snapshotId: number;
  if (existing && !opt['fresh-snapshot']) {
    snapshotId = Number(existing.id);
    row('fact snapshot', `reused snapshot ${snapshotId}: ${JSON.stringify(existing.row_counts)}`, '—');
  } else {
    t0 = Date.now();
    const s = await buildSnapshot(db, { asOf, actorId: null });
    snapshotId = s.id;
    row('fact snapshot (`buildSnapshot`, all entities incl. benefit awards)', Object.entries(s.rowCounts).map(([k, v]) => `${k} ${n(v)}`).join(', '), `${secs(t0).toFixed(1)} s`);
  }
  await syncRulePack(db, join(projectRoot, 'data', 'insurance', 'rules'));

  // Packs: first run writes, second finds nothing new.
  for (const pack of ['coverage', 'risk'] as const) {
    for (const pass of [1, 2]) {
      const s = await runPack(db, clock, { pack, snapshotId, actorId: null });
      row(
        `${pack} pack (\`runPack\`), run ${pass}`,
        `${n(s.rules)} rules over snapshot ${snapshotId}, 38 districts`,
        `${s.seconds.toFixed(1)} s`,
        `${n(s.hits)} hits, ${n(s.newHits)} new${pack === 'risk' ? `, ${n(s.casesOpened)} audit cases opened` : `, ${n(s.closed)} closed`}`,
      );
    }
  }
  const year = Number(asOf.slice(0, 4));
  for (const pass of [1, 2]) {
    const c = await runCertification(db, clock, { year, asOf, actorId: null });
    row(
      `certification (\`runCertification\`), run ${pass}`,
      `${n(c.recipients)} recipients`,
      `${c.seconds.toFixed(1)} s`,
      `${((c.dataRate ?? 0) * 100).toFixed(1)}% certified by data; ${Object.entries(c.byStatus).map(([k, v]) => `${k} ${n(v)}`).join(', ')}; ${n(c.suspendedAwards)} awards suspended, ${n(c.recoveryCases)} recovery cases`,
    );
  }
  const byRule = await sql<{ rule_id: string; pack: string; n: number; fen: number }>`
    SELECT rule_id, 'risk' AS pack, count(*)::int AS n, coalesce(sum(amount_fen), 0)::bigint AS fen FROM risk_hit GROUP BY rule_id
    UNION ALL SELECT rule_id, 'coverage', count(*) FILTER (WHERE status = 'open')::int, 0 FROM coverage_gap GROUP BY rule_id ORDER BY 2, 1`.execute(db);

  const cpu = os.cpus()[0]?.model ?? 'cpu';
  const version = h.kind === 'postgres' ? (await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(db)).rows[0]!.v : 'PGlite';
  console.log(`Command: \`npm run bench:insurance -- ${process.argv.slice(2).join(' ')}\`; ${n(persons)} persons; as of ${asOf}; ${h.kind === 'postgres' ? `PostgreSQL ${version}` : 'PGlite in memory'}; ${cpu} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}.\n`);
  console.log('| step | data | time | notes |\n|---|---|---|---|');
  for (const r of rows) console.log(r);
  console.log('\n| rule | pack | open or found | amount at stake (yuan) |\n|---|---|---|---|');
  for (const r of byRule.rows) console.log(`| ${r.rule_id} | ${r.pack} | ${n(r.n)} | ${r.pack === 'risk' ? n(Math.round(Number(r.fen) / 100)) : '—'} |`);
  await h.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

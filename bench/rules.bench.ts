// Measures the rules engine over a synthetic city, in one run, and prints markdown tables:
//  1. the full run of the policy pack: seed, snapshot, then a run writing entitlements;
//  2. the same evaluation per record in two rules engines (json-rules-engine, GoRules ZEN), whose
//     eligible counts per policy must equal the SQL back end's (the program fails otherwise);
//  3. the compiled one-pass SQL against hand-written SQL for the person policies;
//  4. the latency of one person's explanation (snapshot row + explainPolicy for every person policy).
//
// Run: npm run bench:rules -- [--persons N]                     (in-memory PGlite; default 1,000,000)
//      BENCH_DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/postgres npm run bench:rules -- --persons N
//                                                              (a scratch PostgreSQL database, dropped afterwards)
//      npm run bench:rules -- --database-url postgres://…/huimin_full --skip-seed
//                                                              (an existing seeded database, kept; PGlite: --pglite-dir DIR)
// Options: --seed S, --as-of YYYY-MM-DD (seed and snapshot date), --snapshot ID (reuse a ready snapshot),
//   --parallel N (districts at once; 2 on PostgreSQL, 1 on PGlite), --peer-sample K|auto (peers evaluate
//   the records whose id is a multiple of K; auto: 1 up to --peer-max-records, default 600,000),
//   --zen-inflight N (ZEN evaluations in flight, default 64), --explain N (persons, default 1,000),
//   --repeats N (compiled vs hand-written, default 3).
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ZenEngine } from '@gorules/zen-engine';
import { sql } from 'kysely';
import { openDatabase, type Db, type DbHandle } from '../src/server/db/index.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import type { EntityType } from '../src/server/db/schema.js';
import { openScratchPostgres } from '../src/server/db/scratch.js';
import { seedCity } from '../src/server/modules/citygen/index.js';
import { projectRoot } from '../src/server/paths.js';
import { loadReferenceData } from '../src/server/modules/registry/index.js';
import { countQuery, evaluationQuery } from '../src/server/modules/rules/evaluate-sql.js';
import { explainPolicy } from '../src/server/modules/rules/explain.js';
import type { FactRow } from '../src/server/modules/rules/interpret.js';
import { loadCompiled, syncPolicyPack } from '../src/server/modules/rules/policies.service.js';
import type { CompiledPolicy } from '../src/server/modules/rules/policy.js';
import { createRun, executeRun } from '../src/server/modules/rules/run.js';
import { buildSnapshot, readFactRow, snapshotTable } from '../src/server/modules/rules/snapshot.js';
import { HANDWRITTEN, handwrittenStatement, sameCel, type Handwritten } from './rules/handwritten.js';
import { jreEngine } from './rules/jre.js';
import { columnsOf, peerPolicy, type PeerPolicy } from './rules/normal.js';
import { zenDecision } from './rules/zen.js';

const { values: opt } = parseArgs({
  options: {
    persons: { type: 'string' },
    seed: { type: 'string' },
    'as-of': { type: 'string' },
    'database-url': { type: 'string' },
    'pglite-dir': { type: 'string' },
    'skip-seed': { type: 'boolean', default: false },
    snapshot: { type: 'string' },
    parallel: { type: 'string' },
    'peer-sample': { type: 'string', default: 'auto' },
    'peer-max-records': { type: 'string', default: '600000' },
    'zen-inflight': { type: 'string', default: '64' },
    explain: { type: 'string', default: '1000' },
    repeats: { type: 'string', default: '3' },
  },
});
const int = (name: string, v: string | undefined, fallback: number, min = 1): number => {
  const n = v === undefined ? fallback : Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got ${v}`);
  return n;
};
const persons = int('persons', opt.persons ?? process.env.BENCH_PERSONS, 1_000_000);
const seed = int('seed', opt.seed ?? process.env.BENCH_SEED, 20230330, -2147483648);
const asOfOption = opt['as-of'] ?? process.env.BENCH_AS_OF ?? '2026-11-20';
if (!/^\d{4}-\d{2}-\d{2}$/.test(asOfOption)) throw new Error('--as-of must be YYYY-MM-DD');
const peerMax = int('peer-max-records', opt['peer-max-records'], 600_000);
const zenInflight = int('zen-inflight', opt['zen-inflight'], 64);
const explainN = int('explain', opt.explain, 1000);
const repeats = int('repeats', opt.repeats, 3);
const skipSeed = opt['skip-seed'] ?? false;
const PAGE = 20_000;

const log = (m: string) => process.stderr.write(`[bench:rules ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
const now = () => performance.now();
const secs = (t0: number) => (now() - t0) / 1000;
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const fmtS = (s: number) => (s < 10 ? s.toFixed(2) : s.toFixed(1));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

// --- Database --------------------------------------------------------------------------------------
type Target = { handle: DbHandle; label: string };
async function open(): Promise<Target> {
  if (opt['database-url']) return { handle: await openDatabase({ databaseUrl: opt['database-url'] }), label: 'PostgreSQL (existing database)' };
  if (process.env.BENCH_DATABASE_URL && !opt['pglite-dir']) {
    return { handle: await openScratchPostgres(process.env.BENCH_DATABASE_URL, 'huimin_bench_rules'), label: 'PostgreSQL (scratch database)' };
  }
  const dir = opt['pglite-dir'];
  return { handle: await openDatabase({ dataDir: dir ?? ':memory:' }), label: dir ? `PGlite (on disk, ${dir})` : 'PGlite (in memory)' };
}

async function databaseVersion(h: DbHandle): Promise<string> {
  const v = (await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(h.db)).rows[0]!.v;
  if (h.kind === 'postgres') return `PostgreSQL ${v}`;
  const pglite = JSON.parse(readFileSync(join(projectRoot, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string };
  return `PGlite ${pglite.version} (PostgreSQL ${v})`;
}

// --- Reading snapshot rows for the peers --------------------------------------------------------------
/** Pages of snapshot rows (the columns the policies read), district by district, ids that are multiples of k. */
async function* snapshotPages(db: Db, entity: EntityType, snapshotId: number, columns: string[], k: number): AsyncGenerator<{ ids: number[]; rows: FactRow[] }> {
  const table = snapshotTable(entity, snapshotId);
  // The districts a run evaluates (the level-2 divisions).
  const districts = (await db.selectFrom('division').select('code').where('level', '=', 2).orderBy('code').execute()).map((d) => d.code);
  for (const d of districts) {
    let last = 0;
    for (;;) {
      const r = await sql<Record<string, unknown>>`SELECT entity_id, ${sql.join(columns.map((c) => sql.id(c)))} FROM ${sql.id(table)}
        WHERE district_code = ${d} AND entity_id > ${last} ${k > 1 ? sql`AND entity_id % ${k} = 0` : sql``}
        ORDER BY entity_id LIMIT ${PAGE}`.execute(db);
      if (r.rows.length === 0) break;
      const ids: number[] = [];
      const rows: FactRow[] = [];
      for (const row of r.rows) {
        ids.push(Number(row.entity_id));
        const facts: FactRow = {};
        for (const c of columns) facts[c] = (row[c] ?? null) as FactRow[string];
        rows.push(facts);
      }
      yield { ids, rows };
      last = ids[ids.length - 1]!;
      if (r.rows.length < PAGE) break;
    }
  }
}

type PeerResult = { records: number; readSeconds: number; jre: { seconds: number; counts: number[] }; zen: { seconds: number; counts: number[] } };

async function runPeers(db: Db, entity: EntityType, snapshotId: number, policies: CompiledPolicy[], k: number): Promise<PeerResult> {
  const peers = policies.map(peerPolicy);
  const cols = new Set<string>();
  for (const p of peers) {
    p.criteria.forEach((c) => columnsOf(c, cols));
    columnsOf(p.amount, cols);
  }
  const columns = [...cols].sort();
  const { engine } = jreEngine(peers);
  const zen = new ZenEngine();
  const decision = zen.createDecision(zenDecision(peers));
  const index = new Map(peers.map((p, i) => [p.id, i]));
  const res: PeerResult = { records: 0, readSeconds: 0, jre: { seconds: 0, counts: peers.map(() => 0) }, zen: { seconds: 0, counts: peers.map(() => 0) } };
  let t = now();
  for await (const page of snapshotPages(db, entity, snapshotId, columns, k)) {
    res.readSeconds += secs(t);
    const rows = page.rows;
    res.records += rows.length;
    // json-rules-engine: one run per record (it is single-threaded JavaScript).
    t = now();
    for (const row of rows) {
      const r = await engine.run(row);
      for (const e of r.events) res.jre.counts[index.get(e.type)!]!++;
    }
    res.jre.seconds += secs(t);
    // ZEN: one evaluate per record, with up to zenInflight evaluations in flight (the native engine
    // evaluates them on libuv's thread pool).
    t = now();
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(zenInflight, rows.length) }, async () => {
        while (next < rows.length) {
          const row = rows[next++]!;
          const out = (await decision.evaluate(row)).result as Record<string, boolean>;
          for (let i = 0; i < peers.length; i++) if (out[`p${i}`] === true) res.zen.counts[i]!++;
        }
      }),
    );
    res.zen.seconds += secs(t);
    if (res.records % (PAGE * 10) < rows.length) log(`  ${entity}: ${fmt(res.records)} records through both peers`);
    t = now();
  }
  res.readSeconds += secs(t);
  zen.dispose();
  return res;
}

/** After a count mismatch: the first sampled record where a peer disagrees with the interpreter, with SQL's outcome for it. */
async function findDisagreement(db: Db, entity: EntityType, snapshotId: number, policy: CompiledPolicy, k: number): Promise<string> {
  const peer: PeerPolicy = peerPolicy(policy);
  const cols = new Set<string>();
  peer.criteria.forEach((c) => columnsOf(c, cols));
  columnsOf(peer.amount, cols);
  const columns = [...cols].sort();
  const { engine } = jreEngine([peer]);
  const zen = new ZenEngine();
  const decision = zen.createDecision(zenDecision([peer]));
  try {
    for await (const page of snapshotPages(db, entity, snapshotId, columns, k)) {
      for (let i = 0; i < page.rows.length; i++) {
        const row = page.rows[i]!;
        const interp = explainPolicy(policy, entity, row).outcome === 'eligible';
        const j = (await engine.run(row)).events.length > 0;
        const z = ((await decision.evaluate(row)).result as Record<string, boolean>).p0 === true;
        if (interp !== j || interp !== z) {
          const q = await sql<{ outcome: string | null }>`${evaluationQuery({ entity, policies: [policy], snapshotId, districtCode: null, all: true, entityId: page.ids[i]! })}`.execute(db);
          return `${entity} ${page.ids[i]}: SQL ${q.rows[0]?.outcome ?? '(no row)'}, interpreter ${interp ? 'eligible' : 'not eligible'}, json-rules-engine ${j}, ZEN ${z}; facts ${JSON.stringify(row)}`;
        }
      }
    }
    return 'no disagreeing record found on re-scan (the difference is in the SQL counts)';
  } finally {
    zen.dispose();
  }
}

// --- Main -----------------------------------------------------------------------------------------------
const target = await open();
const h = target.handle;
const db = h.db;
const failures: string[] = [];
const out: string[] = [];
try {
  const dbVersion = await databaseVersion(h);
  log(`${target.label}: ${dbVersion}`);
  await migrateToLatest(db);
  let seedLine: string | null = null;
  if (!skipSeed) {
    await loadReferenceData(db);
    log(`seeding ${fmt(persons)} persons (seed ${seed}, as of ${asOfOption})`);
    let lastPrint = 0;
    const s = await seedCity(h, {
      seed,
      persons,
      asOf: asOfOption,
      onProgress: (p) => {
        if (p.phase === 'persons' && now() - lastPrint > 10_000) {
          lastPrint = now();
          log(`  ${fmt(p.done)} / ${fmt(p.total)} persons`);
        }
      },
    });
    const rows = Object.values(s.tables).reduce((a, b) => a + b, 0);
    seedLine = `| seed the synthetic city (\`seedCity\`) | ${fmt(s.persons)} persons, ${fmt(rows)} rows | ${fmtS(s.seconds)} s | ${fmt(s.persons / s.seconds)} persons/s | |`;
  }
  const pack = await syncPolicyPack(db, join(projectRoot, 'data/policies'));
  log(`policy pack: ${pack.loaded} files, ${pack.changed.length} new versions`);

  // Snapshot.
  let snapshotId: number;
  let asOf: string;
  let snapshotLine: string;
  if (opt.snapshot) {
    const s = await db.selectFrom('fact_snapshot').select(['id', 'as_of', 'status']).where('id', '=', Number(opt.snapshot)).executeTakeFirst();
    if (!s || s.status !== 'ready') throw new Error(`snapshot ${opt.snapshot} does not exist or is not ready`);
    snapshotId = s.id;
    asOf = s.as_of;
    snapshotLine = `| fact snapshot | reused snapshot ${snapshotId} (as of ${asOf}) | – | – | |`;
  } else {
    log(`building the fact snapshot as of ${asOfOption}`);
    const t = now();
    const s = await buildSnapshot(db, { asOf: asOfOption, actorId: null });
    const sec = secs(t);
    snapshotId = s.id;
    asOf = s.asOf;
    const total = Object.values(s.rowCounts).reduce((a, b) => a + b, 0);
    snapshotLine = `| build the fact snapshot (\`buildSnapshot\`) | ${Object.entries(s.rowCounts).map(([e, n]) => `${fmt(n)} ${e}`).join(', ')} | ${fmtS(sec)} s | ${fmt(s.rowCounts.person / sec)} persons/s | ${fmt(total)} rows in all |`;
  }
  const counts = (await db.selectFrom('fact_snapshot').select('row_counts').where('id', '=', snapshotId).executeTakeFirstOrThrow()).row_counts as Record<EntityType, number>;

  // 1. The full run.
  const before = Number((await sql<{ n: number }>`SELECT count(*)::bigint AS n FROM entitlement`.execute(db)).rows[0]!.n);
  const parallel = opt.parallel ? int('parallel', opt.parallel, 1) : h.kind === 'postgres' ? 2 : 1;
  let t = now();
  const runId = await createRun(db, { snapshotId, actorId: null });
  const run0 = await db.selectFrom('policy_run').select(['version_ids', 'chunks_total']).where('id', '=', runId).executeTakeFirstOrThrow();
  const policies = await loadCompiled(db, run0.version_ids as number[]);
  const byEntity = new Map<EntityType, CompiledPolicy[]>();
  for (const p of policies) byEntity.set(p.def.entity, [...(byEntity.get(p.def.entity) ?? []), p]);
  const records = [...byEntity.keys()].reduce((a, e) => a + (counts[e] ?? 0), 0);
  log(`run ${runId}: ${policies.length} policies over ${[...byEntity.keys()].join(', ')} (${fmt(records)} records), ${run0.chunks_total} district chunks, parallel ${parallel}`);
  let lastLog = now();
  await executeRun(db, runId, {
    parallel,
    afterChunk: (n) => {
      if (now() - lastLog > 10_000) {
        lastLog = now();
        log(`  ${n} / ${run0.chunks_total} chunks`);
      }
    },
  });
  const runSeconds = secs(t);
  const run = await db.selectFrom('policy_run').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
  const sqlRate = records / runSeconds;
  log(`run done in ${fmtS(runSeconds)} s: ${fmt(run.entitlements_created)} entitlements`);

  // Eligible counts per policy over the whole snapshot and on the peers' sample (countQuery).
  const k = opt['peer-sample'] === 'auto' ? Math.max(1, Math.ceil(records / peerMax)) : int('peer-sample', opt['peer-sample'], 1);
  const sqlCounts = new Map<string, { all: number; sample: number }>();
  for (const p of policies) sqlCounts.set(p.def.id, { all: 0, sample: 0 });
  const districts = (await db.selectFrom('division').select('code').where('level', '=', 2).orderBy('code').execute()).map((d) => d.code);
  // District by district, `parallel` at once, like the run (one statement over a 32-million city is hours).
  const jobs = [...byEntity.keys()].flatMap((entity) => districts.map((district) => ({ entity, district })));
  t = now();
  let nextJob = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (nextJob < jobs.length) {
        const { entity, district } = jobs[nextJob++]!;
        const ps = byEntity.get(entity)!;
        // The count query compiled from the same criteria (tests hold it equal to the run's outcomes).
        const row = (await sql<Record<string, number>>`${countQuery({ entity, policies: ps, snapshotId, districtCode: district, sampleModulo: k })}`.execute(db)).rows[0]!;
        ps.forEach((p, i) => {
          const c = sqlCounts.get(p.def.id)!;
          c.all += Number(row[`n_${i}`]);
          c.sample += Number(row[`ns_${i}`]);
        });
      }
    }),
  );
  const evalSeconds = secs(t);
  log(`SQL evaluation only (counting eligible): ${fmtS(evalSeconds)} s`);

  // The run wrote one entitlement per eligible (policy, entity) when the table started empty.
  const written = new Map((await sql<{ policy_id: string; n: number }>`SELECT policy_id, count(*)::bigint AS n FROM entitlement WHERE run_id = ${runId} GROUP BY policy_id`.execute(db)).rows.map((r) => [r.policy_id, Number(r.n)]));
  if (before === 0) {
    for (const p of policies) {
      const w = written.get(p.def.id) ?? 0;
      if (w !== sqlCounts.get(p.def.id)!.all) failures.push(`${p.def.id}: the run wrote ${w} entitlements but the evaluation finds ${sqlCounts.get(p.def.id)!.all} eligible`);
    }
  }

  // 2. Peers.
  const sampleNote = k === 1 ? 'every record' : `records whose id is a multiple of ${k} (a deterministic 1/${k} sample; rates extrapolated)`;
  log(`peers: ${sampleNote}`);
  const peer = new Map<EntityType, PeerResult>();
  for (const [entity, ps] of byEntity) peer.set(entity, await runPeers(db, entity, snapshotId, ps, k));
  const sum = (f: (r: PeerResult) => number) => [...peer.values()].reduce((a, r) => a + f(r), 0);
  const peerN = sum((r) => r.records);
  const jreSec = sum((r) => r.jre.seconds);
  const zenSec = sum((r) => r.zen.seconds);
  const readSec = sum((r) => r.readSeconds);
  const mismatches: { entity: EntityType; policy: CompiledPolicy; text: string }[] = [];
  for (const [entity, ps] of byEntity) {
    const r = peer.get(entity)!;
    ps.forEach((p, i) => {
      const s = sqlCounts.get(p.def.id)!.sample;
      if (r.jre.counts[i] !== s || r.zen.counts[i] !== s) mismatches.push({ entity, policy: p, text: `${p.def.id}: SQL ${s}, json-rules-engine ${r.jre.counts[i]}, ZEN ${r.zen.counts[i]}` });
    });
  }
  for (const m of mismatches) failures.push(`${m.text}; example: ${await findDisagreement(db, m.entity, snapshotId, m.policy, k)}`);

  // 3. Compiled vs hand-written SQL over the person snapshot.
  const personPolicies = byEntity.get('person') ?? [];
  const covered: { p: CompiledPolicy; hw: Handwritten }[] = [];
  const notCovered: string[] = [];
  for (const p of personPolicies) {
    const hw = HANDWRITTEN.find((x) => x.id === p.def.id);
    const same =
      hw &&
      hw.cel.criteria.length === p.def.criteria.length &&
      hw.cel.criteria.every((c, i) => sameCel(c, p.def.criteria[i]!.expr)) &&
      sameCel(hw.cel.amount, p.def.amount.expr) &&
      hw.cel.capFen === p.def.amount.capFen;
    if (hw && same) covered.push({ p, hw });
    else notCovered.push(hw ? `${p.def.id} (its CEL changed since the SQL was written)` : `${p.def.id} (no hand-written SQL)`);
  }
  let compiledVsHand: { compiled: number[]; hand: number[]; full: number[] } | null = null;
  if (covered.length > 0) {
    const ps = covered.map((c) => c.p);
    // The compiler's output for the same work as the hand-written statement: counts and amounts.
    const compiledQ = sql<Record<string, number>>`${countQuery({ entity: 'person', policies: ps, snapshotId, districtCode: null })}`;
    // And the full evaluation a run does (outcomes, margins, traces for the kept rows), counted.
    const fullQ = sql<{ pidx: number; n: number }>`SELECT e.pidx, count(*)::bigint AS n
      FROM (${evaluationQuery({ entity: 'person', policies: ps, snapshotId, districtCode: null })}) e WHERE e.outcome = 'eligible' GROUP BY e.pidx`;
    const handQ = sql.raw<Record<string, number>>(handwrittenStatement(snapshotTable('person', snapshotId), covered.map((c) => c.hw)));
    const compiled: number[] = [];
    const hand: number[] = [];
    const full: number[] = [];
    let cRes: Record<string, number> = {};
    let hRes: Record<string, number> = {};
    let fRes: Map<number, number> = new Map();
    // Alternating, so that all see the same machine; the snapshot table is warm from the steps above.
    for (let i = 0; i < repeats; i++) {
      t = now();
      cRes = (await compiledQ.execute(db)).rows[0]!;
      compiled.push(secs(t));
      t = now();
      hRes = (await handQ.execute(db)).rows[0]!;
      hand.push(secs(t));
      t = now();
      fRes = new Map((await fullQ.execute(db)).rows.map((r) => [r.pidx, Number(r.n)]));
      full.push(secs(t));
    }
    covered.forEach((c, i) => {
      if ((fRes.get(i) ?? 0) !== Number(cRes[`n_${i}`])) failures.push(`full evaluation and count query disagree for ${c.p.def.id}: ${fRes.get(i) ?? 0} and ${cRes[`n_${i}`]}`);
    });
    covered.forEach((c, i) => {
      const a = { n: Number(cRes[`n_${i}`]), amount: Number(cRes[`fen_${i}`]) };
      const b = { n: Number(hRes[`n_${i}`]), amount: Number(hRes[`a_${i}`]) };
      if (a.n !== b.n || a.amount !== b.amount) failures.push(`hand-written SQL for ${c.p.def.id}: ${b.n} eligible, ${b.amount} fen; compiled: ${a.n} eligible, ${a.amount} fen`);
    });
    compiledVsHand = { compiled, hand, full };
  }

  // 4. Explanation latency: random persons of the snapshot.
  const lat: number[] = [];
  if (personPolicies.length > 0) {
    const table = snapshotTable('person', snapshotId);
    const range = (await sql<{ lo: number; hi: number }>`SELECT min(entity_id)::bigint AS lo, max(entity_id)::bigint AS hi FROM ${sql.id(table)}`.execute(db)).rows[0]!;
    let state = 0x2f6b3a1d;
    const rnd = () => {
      // mulberry32
      state = (state + 0x6d2b79f5) | 0;
      let x = Math.imul(state ^ (state >>> 15), 1 | state);
      x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
      return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
    };
    const ids: number[] = [];
    for (let tries = 0; ids.length < explainN && tries < 20; tries++) {
      const cand = Array.from({ length: (explainN - ids.length) * 2 }, () => Number(range.lo) + Math.floor(rnd() * (Number(range.hi) - Number(range.lo) + 1)));
      const found = await sql<{ id: number }>`SELECT entity_id AS id FROM ${sql.id(table)} WHERE entity_id IN (${sql.join(cand)})`.execute(db);
      const have = new Set(found.rows.map((r) => Number(r.id)));
      for (const c of cand) if (have.has(c) && !ids.includes(c) && ids.length < explainN) ids.push(c);
    }
    for (const id of ids) {
      t = now();
      const row = await readFactRow(db, 'person', snapshotId, id);
      if (!row) throw new Error(`person ${id} vanished from the snapshot`);
      for (const p of personPolicies) explainPolicy(p, 'person', row as FactRow);
      lat.push(now() - t);
    }
  }

  // --- Report --------------------------------------------------------------------------------------------
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const load = os.loadavg().map((x) => x.toFixed(1)).join(', ');
  out.push(`machine: ${cpu} × ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; ${dbVersion}, ${target.label}; load average at the end ${load}`);
  out.push(
    `city: ${skipSeed ? 'existing database' : `${fmt(persons)} persons (seed ${seed})`}, snapshot ${snapshotId} as of ${asOf}: ${Object.entries(counts).map(([e, n]) => `${fmt(n)} ${e}`).join(', ')}; ` +
      `pack: ${policies.length} active policies (${[...byEntity].map(([e, ps]) => `${ps.length} ${e}`).join(', ')})`,
  );
  out.push('');
  out.push('| measure | data | time | rate | notes |');
  out.push('|---|---|---|---|---|');
  if (seedLine) out.push(seedLine);
  out.push(snapshotLine);
  out.push(
    `| full run of the pack (\`createRun\` + \`executeRun\`, parallel ${parallel}) | ${fmt(records)} records (${fmt(counts.person ?? 0)} persons) × ${policies.length} policies | ${fmtS(runSeconds)} s | ` +
      `${fmt((counts.person ?? 0) / runSeconds)} persons/s; ${fmt(sqlRate)} records/s | ${fmt(run.entitlements_created)} entitlements written${before > 0 ? ` (${fmt(before)} existed before)` : ''}, ${fmt(run.near_miss)} near misses, ${fmt(run.missing_data)} missing data |`,
  );
  out.push(`| SQL eligibility only (\`countQuery\` per district, parallel ${parallel}, counting eligible; no writes) | ${fmt(records)} records | ${fmtS(evalSeconds)} s | ${fmt(records / evalSeconds)} records/s | |`);
  const version = (pkg: string) => (JSON.parse(readFileSync(join(projectRoot, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  const ratio = (x: number) => (x >= 10 ? x.toFixed(0) : x.toFixed(1));
  const peerLine = (name: string, s: number, extra: string) =>
    `| ${name}, per record | ${fmt(peerN)} records (${k === 1 ? 'all' : `1/${k} sample`}) | ${fmtS(s)} s | ${fmt(peerN / s)} records/s | SQL eligibility / peer = **${ratio(records / evalSeconds / (peerN / s))}×**, full run (with its writes) / peer = ${ratio(sqlRate / (peerN / s))}×${k > 1 ? `; all ${fmt(records)} records would take ≈ ${fmt(records / (peerN / s))} s` : ''}${extra} |`;
  out.push(peerLine(`json-rules-engine ${version('json-rules-engine')}`, jreSec, '; sequential runs'));
  out.push(peerLine(`GoRules ZEN ${version('@gorules/zen-engine')}`, zenSec, `; ${zenInflight} evaluations in flight`));
  out.push(`| (reading the peers' snapshot rows into JS, not counted above) | ${fmt(peerN)} records | ${fmtS(readSec)} s | ${fmt(peerN / readSec)} records/s | |`);
  if (compiledVsHand) {
    const c = median(compiledVsHand.compiled);
    const hnd = median(compiledVsHand.hand);
    out.push(
      `| compiled SQL (\`countQuery\`), ${covered.length} person policies (counts + amounts) | ${fmt(counts.person ?? 0)} persons | ${fmtS(c)} s (median of ${repeats}) | ${fmt((counts.person ?? 0) / c)} persons/s | runs: ${compiledVsHand.compiled.map(fmtS).join(', ')} s |`,
    );
    const f = median(compiledVsHand.full);
    out.push(
      `| compiled SQL, full evaluation as a run does it (\`evaluationQuery\`: outcomes, margins, traces of kept rows), counted | ${fmt(counts.person ?? 0)} persons | ${fmtS(f)} s (median of ${repeats}) | ${fmt((counts.person ?? 0) / f)} persons/s | full / hand-written = ${(f / median(compiledVsHand.hand)).toFixed(2)}× (more work than the hand-written statement does) |`,
    );
    out.push(
      `| hand-written SQL, same policies | ${fmt(counts.person ?? 0)} persons | ${fmtS(hnd)} s (median of ${repeats}) | ${fmt((counts.person ?? 0) / hnd)} persons/s | compiled / hand-written = **${(c / hnd).toFixed(2)}×**; runs: ${compiledVsHand.hand.map(fmtS).join(', ')} s |`,
    );
  }
  if (lat.length > 0) {
    out.push(
      `| explanation of one person (\`readFactRow\` + \`explainPolicy\` × ${personPolicies.length}) | ${fmt(lat.length)} random persons | p50 ${pct(lat, 50).toFixed(2)} ms, p95 ${pct(lat, 95).toFixed(2)} ms, p99 ${pct(lat, 99).toFixed(2)} ms | ${fmt(lat.length / (lat.reduce((a, b) => a + b, 0) / 1000))} explanations/s | max ${Math.max(...lat).toFixed(2)} ms |`,
    );
  }
  if (notCovered.length > 0) out.push(`\nnot in the hand-written comparison: ${notCovered.join('; ')}`);
  out.push('');
  out.push(`Eligible per policy (SQL over all records; peers on ${sampleNote}):`);
  out.push('');
  out.push(`| policy | entity | eligible (SQL) | entitlements written | ${k === 1 ? '' : 'SQL on the sample | '}json-rules-engine | ZEN |`);
  out.push(`|---|---|---|---|${k === 1 ? '' : '---|'}---|---|`);
  for (const [entity, ps] of byEntity) {
    const r = peer.get(entity)!;
    ps.forEach((p, i) => {
      const s = sqlCounts.get(p.def.id)!;
      out.push(`| ${p.def.id} | ${entity} | ${fmt(s.all)} | ${fmt(written.get(p.def.id) ?? 0)} | ${k === 1 ? '' : `${fmt(s.sample)} | `}${fmt(r.jre.counts[i]!)} | ${fmt(r.zen.counts[i]!)} |`);
    });
  }
  console.log(out.join('\n'));
  if (failures.length > 0) {
    console.error(`\nFAILED: ${failures.length} disagreement(s):\n  ${failures.join('\n  ')}`);
    process.exitCode = 1;
  } else {
    console.log(`\nAll counts agree: SQL = json-rules-engine = ZEN for every policy${covered.length > 0 ? '; compiled = hand-written SQL (counts and amounts)' : ''}${before === 0 ? '; entitlements written = eligible' : ''}.`);
  }
} finally {
  await h.close(); // a scratch PostgreSQL database is dropped here
}

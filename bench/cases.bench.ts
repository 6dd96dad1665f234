// Benchmark of the case engine, in two parts:
//  (a) case actions per second through HTTP under concurrent load: the real app listening on
//      loopback, open wage-arrears leads, autocannon driving POST /api/cases/:id/actions with 10 and
//      50 connections. Each connection owns its own cases and tracks each case's version from the
//      responses, so every action should succeed (conflicts must be 0). Two workloads: comments only,
//      and a mix with transitions (accept, verify, then rounds of comment → conclude → review approve
//      by a second officer → reopen), signed in as yubei and yubei2 (four eyes).
//  (b) inbox query latency over 1,000,000 cases on PostgreSQL: the real query functions (listCases,
//      inboxSummary, board, caseStats) for a district officer (渝北) and the city's department officer,
//      p50/p95/max of ≥ 20 runs each, and EXPLAIN (ANALYZE, BUFFERS) of the slowest. The cases are made
//      by set-based SQL with realistic shares (kinds, districts and townships, open/closed, deadline
//      lights, supervision, escalation, ratings) and only their `created` event: their other events
//      are not generated at this size (their `version` is what the full history would give).
//
//   npm run bench:cases                                            # (a) on PGlite in a temp dir, (b) on the local PostgreSQL
//   npm run bench:cases -- --database-url postgres://…/huimin_cases_actions --only actions   # (a) on PostgreSQL
//   npm run bench:cases -- --only inbox --skip-seed                # (b) again on the 1,000,000 cases already loaded
//
// Options: --only actions|inbox; --duration S (seconds per autocannon run, default 12);
//   --connections 10,50; --per-connection N (cases each connection owns, default 10);
//   --inbox-url URL (default postgres://postgres:postgres@127.0.0.1:5432/huimin_cases_bench, created if
//   missing and kept for --skip-seed); --cases N (default 1,000,000); --repeats N (default 20).
// Databases named in URLs are created when missing. Prints Markdown; progress goes to stderr.
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Kysely, PostgresDialect, sql, type CompiledQuery } from 'kysely';
import pg from 'pg';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { openDatabase, type Db, type DbHandle } from '../src/server/db/index.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import type { Database } from '../src/server/db/schema.js';
import { DEMO_PASSWORD, ensureDemoStaff } from '../src/server/modules/accounts/index.js';
import { DISTRICTS } from '../src/server/modules/citygen/distributions.js';
import { latestKinds, loadKind, openCase, parseFields, reduce, syncCaseKinds, type CaseEvent, type LoadedKind } from '../src/server/modules/cases/index.js';
import { board, caseStats, inboxSummary, listCases } from '../src/server/modules/cases/cases.queries.js';
import { toEvent } from '../src/server/modules/cases/cases.service.js';
import { loadReferenceData } from '../src/server/modules/registry/index.js';
import type { Principal } from '../src/server/platform/access.js';
import { shanghaiDate, systemClock } from '../src/server/platform/clock.js';
import { projectRoot } from '../src/server/paths.js';
import { CASE_KIND_DIR } from '../src/server/startup.js';

const { values: opt } = parseArgs({
  options: {
    only: { type: 'string' },
    'database-url': { type: 'string' },
    'inbox-url': { type: 'string', default: 'postgres://postgres:postgres@127.0.0.1:5432/huimin_cases_bench' },
    'skip-seed': { type: 'boolean', default: false },
    cases: { type: 'string', default: '1000000' },
    repeats: { type: 'string', default: '20' },
    duration: { type: 'string', default: '12' },
    connections: { type: 'string', default: '10,50' },
    'per-connection': { type: 'string', default: '10' },
  },
});
const int = (name: string, v: string | undefined, min = 1) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got ${v}`);
  return n;
};
if (opt.only && opt.only !== 'actions' && opt.only !== 'inbox') throw new Error('--only is actions or inbox');
const CASES = int('cases', opt.cases);
const REPEATS = int('repeats', opt.repeats);
const DURATION = int('duration', opt.duration);
const PER_CONNECTION = int('per-connection', opt['per-connection']);
const CONNECTIONS = opt.connections!.split(',').map((c) => int('connections', c));

const log = (m: string) => process.stderr.write(`[bench:cases ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};

async function databaseVersion(h: DbHandle): Promise<string> {
  const v = (await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(h.db)).rows[0]!.v;
  if (h.kind === 'postgres') return `PostgreSQL ${v}`;
  const pglite = JSON.parse(readFileSync(join(projectRoot, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string };
  return `PGlite ${pglite.version} (PostgreSQL ${v})`;
}

const machine = () =>
  `${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; load average ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(', ')}`;

/** Creates the database named in `url` on its server when it does not exist. */
async function ensureDatabase(url: string) {
  const name = new URL(url).pathname.slice(1);
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unexpected database name ${name}`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const c = new pg.Client({ connectionString: admin.toString() });
  await c.connect();
  try {
    if ((await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 0) {
      log(`creating database ${name}`);
      await c.query(`CREATE DATABASE ${name}`);
    }
  } finally {
    await c.end();
  }
}

async function prepare(h: DbHandle) {
  await migrateToLatest(h.db);
  await loadReferenceData(h.db);
  await syncCaseKinds(h.db, CASE_KIND_DIR);
}

// --- (a) Actions per second ----------------------------------------------------------------------------

type Session = { cookie: string; csrf: string };
type Owned = { id: number; version: number; step: number };
type Workload = 'comment' | 'mix';

async function login(base: string, username: string): Promise<Session> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('hm_session='))!.split(';')[0]!;
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

let leadNo = 0;
const runTag = Date.now().toString(36).toUpperCase();
type Lead = { id: number; version: number };
/**
 * Open leads in 渝北区 (where yubei and yubei2 work), each about its own employer (unique across runs
 * on a reused database) so that none link up; each starts from the version openCase returns.
 */
async function openLeads(db: Db, kind: LoadedKind, n: number): Promise<Lead[]> {
  const leads: Lead[] = [];
  for (let i = 0; i < n; i++) {
    const details = parseFields(kind, {
      employerName: `重庆基准测试${runTag}-${++leadNo}号劳务有限公司`,
      construction: true,
      projectName: '渝北区基准测试项目',
      projectDistrict: '500112',
      periodFrom: '2026-08',
      periodTo: '2026-10',
      amountFen: 3_600_000,
      workers: 3,
      description: '工地三个月工资未发',
    });
    const c = await openCase(db, systemClock, { kind, details, source: 'hotline', reporter: { name: '基准测试', phone: '13800138000' }, by: null });
    leads.push({ id: c.id, version: c.status.version });
  }
  return leads;
}

/**
 * The next action on a case: comments only; or accept, verify, then rounds of comment → conclude
 * (yubei proposes) → review approve (yubei2) → reopen on the reporter's behalf, which stay valid forever.
 */
function nextAction(workload: Workload, k: Owned, s: { yubei: Session; yubei2: Session }): { session: Session; body: Record<string, unknown> } {
  if (workload === 'comment' || k.step % 4 === 2) return { session: s.yubei, body: { action: 'comment', note: '已电话联系反映人，核实欠薪人数和金额' } };
  if (k.step === 0) return { session: s.yubei, body: { action: 'transition', transition: 'accept' } };
  if (k.step === 1) return { session: s.yubei, body: { action: 'transition', transition: 'verify', evidence: '现场核查，调取考勤表和工资表，确认欠薪属实' } };
  if (k.step % 4 === 3) return { session: s.yubei, body: { action: 'transition', transition: 'conclude', conclusion: 'paid_full', evidence: '用工单位已全额支付，附工资支付凭证' } };
  if (k.step % 4 === 0) return { session: s.yubei2, body: { action: 'review_approve' } };
  return { session: s.yubei, body: { action: 'reopen', reason: '反映人来电称余款仍未到账' } };
}

async function drive(base: string, workload: Workload, connections: number, cases: Lead[], sessions: { yubei: Session; yubei2: Session }, duration: number) {
  const owned: Owned[][] = Array.from({ length: connections }, (_, c) => cases.slice(c * PER_CONNECTION, (c + 1) * PER_CONNECTION).map((l) => ({ ...l, step: 0 })));
  const cursor = new Array<number>(connections).fill(0);
  const statuses = new Map<number, number>();
  let next = 0;
  const result = await autocannon({
    url: base,
    connections,
    duration,
    // Replaced per connection in setupClient: autocannon's per-request context is reset between
    // rounds of the request list, so each connection's cases and versions live in these closures.
    requests: [{ method: 'GET', path: '/api/health' }],
    setupClient: (client) => {
      const n = next++;
      const mine = owned[n]!;
      const current = () => mine[cursor[n]! % mine.length]!;
      client.setRequests([
        {
          method: 'POST',
          setupRequest: (req) => {
            const k = current();
            const { session, body } = nextAction(workload, k, sessions);
            return { ...req, path: `/api/cases/${k.id}/actions`, headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf }, body: JSON.stringify({ version: k.version, ...body }) };
          },
          onResponse: (status, body) => {
            const k = current();
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
            if (status === 200) {
              k.version = (JSON.parse(body) as { version: number }).version;
              k.step++;
            }
            cursor[n]!++;
          },
        },
      ]);
    },
  });
  return { result, statuses };
}

async function actionsBench(out: string[]) {
  const url = opt['database-url'];
  let dir: string | undefined;
  let dbh: DbHandle;
  if (url) {
    await ensureDatabase(url);
    dbh = await openDatabase({ databaseUrl: url });
  } else {
    dir = await mkdtemp(join(os.tmpdir(), 'huimin-cases-bench-'));
    dbh = await openDatabase({ dataDir: dir });
  }
  try {
    await prepare(dbh);
    await ensureDemoStaff(dbh.db);
    const config = { ...loadConfig({ HUIMIN_LOG_LEVEL: 'silent', HUIMIN_DATA_DIR: dir ?? os.tmpdir() }), databaseUrl: url };
    const app = await buildApp({ config, dbh, clock: systemClock });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const dbLabel = `${await databaseVersion(dbh)}${url ? '' : ' (on disk, temp dir)'}`;
    let touched: number[] = [];
    try {
      const kind = (await loadKind(dbh.db, 'wage_arrears'))!;
      const sessions = { yubei: await login(base, 'yubei'), yubei2: await login(base, 'yubei2') };
      const runs: { workload: Workload; connections: number; cases: Lead[] }[] = [];
      const total = 2 * CONNECTIONS.reduce((s, c) => s + c * PER_CONNECTION, 0) + 5 * PER_CONNECTION;
      log(`opening ${fmt(total)} wage-arrears leads in 渝北区 (${dbLabel})`);
      const warm = await openLeads(dbh.db, kind, 5 * PER_CONNECTION);
      for (const workload of ['comment', 'mix'] as const) for (const c of CONNECTIONS) runs.push({ workload, connections: c, cases: await openLeads(dbh.db, kind, c * PER_CONNECTION) });
      log('warming up for 3 s (not reported)');
      await drive(base, 'mix', 5, warm, sessions, 3);
      out.push(`\n### (a) Case actions under concurrent load — ${dbLabel}\n`);
      out.push(`Real app (\`buildApp\`) on 127.0.0.1, autocannon ${autocannonVersion()} on the same machine, ${DURATION} s per run, one request in flight per connection; each connection owns ${PER_CONNECTION} open leads and sends each one's current \`version\`.\n`);
      out.push('| workload | connections | requests | requests/s | p50 | p97.5 | p99 | max | non-2xx | status codes |');
      out.push('|---|---|---|---|---|---|---|---|---|---|');
      for (const r of runs) {
        log(`${r.workload}: ${r.connections} connections for ${DURATION} s`);
        const { result, statuses } = await drive(base, r.workload, r.connections, r.cases, sessions, DURATION);
        const codes = [...statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}: ${fmt(n)}`).join(', ');
        const label = r.workload === 'comment' ? '`comment` only' : 'mix: accept, verify, then comment → conclude → review approve (2nd officer) → reopen';
        out.push(
          `| ${label} | ${r.connections} | ${fmt(result.requests.total)} | **${fmt(result.requests.average)}** | ${result.latency.p50} ms | ${result.latency.p97_5} ms | ${result.latency.p99} ms | ${result.latency.max} ms | ${fmt(result.non2xx)}${result.errors ? `, ${result.errors} errors` : ''}${result.timeouts ? `, ${result.timeouts} timeouts` : ''} | ${codes} |`,
        );
      }
      touched = runs.flatMap((r) => r.cases).concat(warm).map((l) => l.id);
    } finally {
      await app.close();
    }
    // Every stored status must still be the reducer's over the case's events.
    const { bad, events } = await checkConsistency(dbh.db, touched);
    out.push(`\nAfter the runs: ${fmt(touched.length)} leads hold ${fmt(events)} events (${(events / touched.length).toFixed(1)} per lead); stored status = reduce(events) for ${fmt(touched.length - bad)} of ${fmt(touched.length)}.`);
  } finally {
    await dbh.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

function autocannonVersion(): string {
  return (JSON.parse(readFileSync(join(projectRoot, 'node_modules/autocannon/package.json'), 'utf8')) as { version: string }).version;
}

/**
 * How many of the cases have a stored status other than reduce() over their events, and how many
 * events they hold, read in one snapshot: the last actions may still be committing when autocannon
 * stops (it closes its sockets; the server's handlers run on), and each action writes both at once.
 */
async function checkConsistency(db: Db, ids: number[]): Promise<{ bad: number; events: number }> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const rows = await trx.selectFrom('case_record').select(['id', 'kind_code', 'kind_version', 'state', 'version', 'final']).where('id', 'in', ids).execute();
      const events = await trx.selectFrom('case_event').select(['case_id', 'seq', 'action', 'payload', 'at', 'actor_id']).where('case_id', 'in', ids).orderBy('case_id').orderBy('seq').execute();
      const byCase = new Map<number, CaseEvent[]>();
      for (const e of events) byCase.set(Number(e.case_id), [...(byCase.get(Number(e.case_id)) ?? []), toEvent(e)]);
      let bad = 0;
      for (const r of rows) {
        const s = reduce((await loadKind(trx, r.kind_code, r.kind_version))!, byCase.get(Number(r.id)) ?? []);
        if (s.state !== r.state || s.version !== r.version || s.final !== r.final) bad++;
      }
      return { bad, events: events.length };
    });
}

// --- (b) Inbox queries over 1,000,000 cases ------------------------------------------------------------

/** Per kind: its share of cases, the share still open, open states (repeated by weight), conclusions, sources, share rated. */
const KIND_MIX = [
  { code: 'wage_arrears', share: 55, open: 0.1, states: ['received', 'verifying', 'verifying', 'handling', 'handling', 'handling'], conclusions: ['paid_full', 'paid_full', 'paid_full', 'paid_full', 'paid_full', 'paid_partly', 'to_arbitration_court', 'to_police', 'not_established', 'duplicate'], sources: ['public', 'public', 'citizen', 'hotline', 'hotline'], rated: 0.65 },
  { code: 'labour_dispute', share: 22, open: 0.16, states: ['received', 'mediation', 'mediation', 'arbitration', 'arbitration'], conclusions: ['mediated', 'mediated', 'award', 'withdrawn', 'dismissed', 'not_accepted'], sources: ['staff'], rated: 0.4 },
  { code: 'labour_inspection', share: 13, open: 0.14, states: ['planned', 'inspecting', 'rectifying'], conclusions: ['compliant', 'compliant', 'rectified', 'rectified', 'penalised', 'to_police'], sources: ['staff'], rated: 0 },
  { code: 'discrimination_report', share: 6, open: 0.08, states: ['received', 'investigating', 'investigating'], conclusions: ['corrected', 'penalised', 'to_market_regulation', 'not_established'], sources: ['public', 'citizen', 'hotline'], rated: 0.55 },
  { code: 'supervision_task', share: 4, open: 0.3, states: ['open', 'open', 'responded'], conclusions: ['measures_accepted', 'caught_up'], sources: ['system'], rated: 0 },
] as const;

const textArray = (xs: readonly string[]) => sql`(ARRAY[${sql.join(xs.map((x) => sql.lit(x)))}]::text[])`;

/** Loads `n` cases with set-based SQL, around `today`; deterministic (setseed). Returns the seconds taken. */
async function seedCases(db: Db, n: number, today: string): Promise<number> {
  const t0 = performance.now();
  const kinds = new Map((await latestKinds(db)).map((k) => [k.code, k]));
  for (const k of KIND_MIX) if (!kinds.has(k.code)) throw new Error(`case kind ${k.code} is not loaded`);
  // Weighted choices as arrays of slots: a district by its population, a kind by its share.
  const population = DISTRICTS.reduce((s, d) => s + d.population, 0);
  const districtSlots = DISTRICTS.flatMap((d) => Array<string>(Math.max(1, Math.round((1000 * d.population) / population))).fill(d.code));
  const kindSlots = KIND_MIX.flatMap((k) => Array<string>(k.share).fill(k.code));
  const departments = (await db.selectFrom('department').select('code').where('code', '<>', 'hrss').orderBy('code').execute()).map((d) => d.code);
  const yearStart = `${today.slice(0, 4)}-01-01T00:00:00+08:00`;
  const superuser = (await sql<{ s: boolean }>`SELECT rolsuper AS s FROM pg_roles WHERE rolname = current_user`.execute(db)).rows[0]?.s === true;
  await db.transaction().execute(async (trx) => {
    const run = (q: ReturnType<typeof sql>) => q.execute(trx);
    await run(sql`TRUNCATE case_attachment, case_event, case_record RESTART IDENTITY CASCADE`);
    // Per-row foreign-key checks are skipped for the load (as pg_restore --disable-triggers does); every reference is checked below.
    if (superuser) await run(sql`SET LOCAL session_replication_role = replica`);
    await run(sql`SELECT setseed(0.2026)`);
    await run(sql`CREATE TEMP TABLE bench_kind (code text PRIMARY KEY, version int, initial text, department text, open real, states text[], conclusions text[], sources text[], rated real) ON COMMIT DROP`);
    for (const k of KIND_MIX) {
      const def = kinds.get(k.code)!;
      await run(sql`INSERT INTO bench_kind VALUES (${k.code}, ${def.version}, ${def.initial}, ${def.department}, ${k.open}, ${textArray(k.states)}, ${textArray(k.conclusions)}, ${textArray(k.sources)}, ${k.rated})`);
    }
    await run(sql`CREATE TEMP TABLE bench_township ON COMMIT DROP AS
      SELECT code, district_code, (row_number() OVER (PARTITION BY district_code ORDER BY code) - 1)::int AS idx, count(*) OVER (PARTITION BY district_code)::int AS n
      FROM division WHERE level = 3`);
    await run(sql`CREATE INDEX ON bench_township (district_code, idx)`);
    // One row of draws per case.
    await run(sql`CREATE TEMP TABLE bench_draw ON COMMIT DROP AS
      SELECT g, ${textArray(kindSlots)}[1 + floor(random() * ${kindSlots.length})::int] AS kind_code,
        ${textArray(districtSlots)}[1 + floor(random() * ${districtSlots.length})::int] AS district,
        random() AS r_open, random() AS r_state, random() AS r_light, random() AS r_a, random() AS r_b, random() AS r_c, random() AS r_d,
        random() AS r_misc, random() AS r_rate, random() AS r_sup, random() AS r_src, random() AS r_city, random() AS r_town,
        '重庆' || (g % 20011) || '号建设有限公司' AS title, 1 + floor(random() * random() * 30)::int AS workers
      FROM generate_series(1, ${n}) g`);
    log(`  draws for ${fmt(n)} cases: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const today_ = sql`${today}::date`;
    const ys = sql`${yearStart}::timestamptz`;
    await run(sql`
      INSERT INTO case_record (kind_code, kind_version, tracking_code, title, source, details, enterprise_id, employer_key, workers, amount_fen, subject_ref,
        reporter_person_id, reporter_name, reporter_phone, state, final, org_code, district_code, department_code, conclusion, pending_review, pending_transfer,
        supervised, escalated, reopen_count, rating, rating_comment, group_id, opened_at, clock_from, closed_at, due_on, warn_on, working_days_to_close,
        closed_on_time, version, updated_at)
      SELECT d.kind_code, k.version, 'BN' || lpad(d.g::text, 10, '0'), d.title, k.sources[1 + floor(d.r_src * array_length(k.sources, 1))::int],
        jsonb_build_object('employerName', d.title, 'district', d.district, 'workers', d.workers, 'description', '基准测试生成的事项'),
        NULL, CASE WHEN d.kind_code = 'wage_arrears' THEN 'name:' || d.title END, d.workers,
        CASE WHEN d.kind_code IN ('wage_arrears', 'labour_dispute') THEN d.workers * (300000 + floor(d.r_b * 3000000)::bigint) END, NULL,
        NULL, CASE WHEN k.sources[1] NOT IN ('staff', 'system') THEN '测试' END, CASE WHEN k.sources[1] <> 'system' THEN '138' || lpad((d.g % 100000000)::text, 8, '0') END,
        CASE WHEN f.final THEN 'closed' ELSE k.states[1 + floor(d.r_state * array_length(k.states, 1))::int] END, f.final,
        coalesce(t.code, u.district), u.district, u.department,
        CASE WHEN f.final THEN k.conclusions[1 + floor(d.r_d * array_length(k.conclusions, 1))::int] END,
        CASE WHEN NOT f.final AND d.r_misc < 0.08 THEN jsonb_build_object('transition', 'conclude', 'from', 'handling', 'to', 'closed', 'by', NULL, 'at', w.clock_from) END,
        CASE WHEN NOT f.final AND d.r_misc >= 0.08 AND d.r_misc < 0.09 THEN jsonb_build_object('toOrg', ${textArray(districtSlots)}[1 + floor(d.r_town * ${districtSlots.length})::int], 'toDepartment', u.department, 'reason', '基准测试流转', 'by', NULL, 'at', w.clock_from) END,
        d.r_sup < CASE WHEN f.final THEN 0.02 ELSE 0.06 END,
        NOT f.final AND w.due_on < ${today_} AND d.r_d < 0.9,
        CASE WHEN d.r_misc > 0.98 THEN 1 ELSE 0 END,
        CASE WHEN f.final AND d.r_rate < k.rated THEN CASE WHEN d.r_c < 0.5 THEN 5 WHEN d.r_c < 0.78 THEN 4 WHEN d.r_c < 0.9 THEN 3 WHEN d.r_c < 0.95 THEN 2 ELSE 1 END END,
        NULL, NULL, o.opened_at, w.clock_from, w.closed_at, w.due_on, v.warn_on,
        CASE WHEN f.final THEN greatest(1, round(extract(epoch FROM w.closed_at - o.opened_at) / 86400 * 5 / 7))::int END,
        CASE WHEN f.final THEN d.r_b < 0.94 END,
        CASE WHEN f.final THEN 5 + floor(d.r_c * 6)::int ELSE 2 + floor(d.r_c * 5)::int END,
        w.clock_from
      FROM bench_draw d
      JOIN bench_kind k ON k.code = d.kind_code
      -- Closed or open; a quarter of supervision tasks are the city's own (for a lead department).
      CROSS JOIN LATERAL (SELECT d.r_open >= k.open AS final, d.kind_code = 'supervision_task' AND d.r_city < 0.25 AS city) f
      CROSS JOIN LATERAL (SELECT CASE WHEN f.city THEN '500000' ELSE d.district END AS district,
        CASE WHEN f.city THEN ${textArray(departments)}[1 + floor(d.r_town * ${departments.length})::int] ELSE k.department END AS department) u
      -- About 8% of the others are held by a township (handed down by the district).
      LEFT JOIN bench_township t ON NOT f.city AND d.r_misc > 0.92 AND t.district_code = d.district AND t.idx = floor(d.r_town * 1000)::int % t.n
      -- Closed cases were opened any time before the last few days; open ones mostly in the last weeks.
      CROSS JOIN LATERAL (SELECT CASE WHEN f.final THEN ${ys} + d.r_a * (now() - interval '3 days' - ${ys})
        ELSE greatest(${ys}, now() - d.r_a * d.r_a * interval '60 days' - interval '1 hour') END AS opened_at) o
      -- Lights of open cases: 14% red (overdue), 3% yellow (due today), 23% blue (warned), the rest green.
      CROSS JOIN LATERAL (SELECT
        CASE WHEN f.final THEN least(now() - interval '1 hour', o.opened_at + (1 + d.r_b * CASE WHEN d.kind_code = 'labour_dispute' THEN 60 ELSE 25 END) * interval '1 day') END AS closed_at,
        CASE WHEN f.final THEN least(now() - interval '1 hour', o.opened_at + (1 + d.r_b * CASE WHEN d.kind_code = 'labour_dispute' THEN 60 ELSE 25 END) * interval '1 day')
          ELSE o.opened_at + d.r_c * (now() - o.opened_at) END AS clock_from,
        CASE WHEN f.final THEN NULL WHEN d.r_light < 0.14 THEN ${today_} - (1 + floor(d.r_b * 15))::int WHEN d.r_light < 0.17 THEN ${today_}
          WHEN d.r_light < 0.40 THEN ${today_} + (1 + floor(d.r_b * 3))::int ELSE ${today_} + (4 + floor(d.r_b * 25))::int END AS due_on) w
      CROSS JOIN LATERAL (SELECT CASE WHEN f.final THEN NULL WHEN d.r_light < 0.14 THEN w.due_on - 2 WHEN d.r_light < 0.17 THEN ${today_} - 1
        WHEN d.r_light < 0.40 THEN ${today_} - floor(d.r_c * 3)::int ELSE ${today_} + (1 + floor(d.r_c * 3))::int END AS warn_on) v
      ORDER BY o.opened_at`);
    log(`  case_record: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await run(sql`INSERT INTO case_event (case_id, seq, action, state_after, actor_id, actor_role, payload, at)
      SELECT c.id, 1, 'created', k.initial, NULL, NULL, jsonb_build_object('state', k.initial, 'orgCode', c.district_code, 'districtCode', c.district_code, 'departmentCode', c.department_code), c.opened_at
      FROM case_record c JOIN bench_kind k ON k.code = c.kind_code`);
    log(`  case_event: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const missing = await sql<{ n: number }>`SELECT
        (SELECT count(*) FROM case_record c WHERE NOT EXISTS (SELECT 1 FROM division x WHERE x.code = c.org_code))
      + (SELECT count(*) FROM case_record c WHERE NOT EXISTS (SELECT 1 FROM division x WHERE x.code = c.district_code))
      + (SELECT count(*) FROM case_record c WHERE NOT EXISTS (SELECT 1 FROM department x WHERE x.code = c.department_code))
      + (SELECT count(*) FROM case_record c WHERE NOT EXISTS (SELECT 1 FROM case_kind x WHERE x.code = c.kind_code AND x.version = c.kind_version)) AS n`.execute(trx);
    if (Number(missing.rows[0]!.n) > 0) throw new Error(`${missing.rows[0]!.n} references to missing rows`);
  });
  await sql`ANALYZE case_record`.execute(db);
  await sql`ANALYZE case_event`.execute(db);
  return (performance.now() - t0) / 1000;
}

type Timed = { label: string; result: string; runs: number[]; fn: (db: Db) => Promise<unknown> };

async function inboxBench(out: string[]) {
  const url = opt['inbox-url']!;
  await ensureDatabase(url);
  const h = await openDatabase({ databaseUrl: url });
  try {
    await prepare(h);
    const today = shanghaiDate(systemClock.now());
    const year = Number(today.slice(0, 4));
    let seeded = '';
    if (!opt['skip-seed']) {
      log(`loading ${fmt(CASES)} cases into ${new URL(url).pathname.slice(1)} (set-based SQL), then ANALYZE`);
      seeded = ` Loaded in ${(await seedCases(h.db, CASES, today)).toFixed(1)} s (INSERT … SELECT FROM generate_series, foreign-key triggers off during the load and every reference checked after, then ANALYZE).`;
    }
    const db = h.db;
    const shape = (
      await sql<Record<string, number>>`SELECT count(*)::int AS cases, count(*) FILTER (WHERE NOT final)::int AS open,
        count(*) FILTER (WHERE NOT final AND due_on < ${today}::date)::int AS red, count(*) FILTER (WHERE due_on = ${today}::date)::int AS yellow,
        count(*) FILTER (WHERE due_on > ${today}::date AND warn_on <= ${today}::date)::int AS blue, count(*) FILTER (WHERE warn_on > ${today}::date)::int AS green,
        count(*) FILTER (WHERE supervised)::int AS supervised, count(*) FILTER (WHERE escalated)::int AS escalated,
        count(*) FILTER (WHERE district_code = '500112')::int AS yubei, count(*) FILTER (WHERE district_code = '500112' AND NOT final)::int AS yubei_open,
        count(*) FILTER (WHERE length(org_code) = 9)::int AS township, count(*) FILTER (WHERE kind_code = 'wage_arrears')::int AS wage,
        (SELECT count(*)::int FROM case_event) AS events
        FROM case_record`.execute(db)
    ).rows[0]!;
    const kinds = new Map<string, LoadedKind>((await latestKinds(db)).map((k) => [k.code, k]));
    const principal = (p: Pick<Principal, 'username' | 'role' | 'orgCode' | 'departmentCode'>): Principal => ({ userId: 0, displayName: p.username, personId: null, enterpriseId: null, csrfToken: '', ...p });
    const yubei = principal({ username: 'yubei', role: 'district_officer', orgCode: '500112', departmentCode: 'hrss' });
    const hrss = principal({ username: 'hrss', role: 'department_officer', orgCode: '500000', departmentCode: 'hrss' });
    const page = { page: 1, pageSize: 20 };
    const listed = (r: unknown) => `${fmt((r as { total: number }).total)} matching, ${(r as { items: unknown[] }).items.length} shown`;
    const queries: (Omit<Timed, 'runs' | 'result'> & { describe: (r: unknown) => string })[] = [
      { label: '`listCases` 渝北 district officer: open box, first page by deadline', fn: (d) => listCases(d, yubei, { box: 'open' }, page, kinds, today), describe: listed },
      { label: '`listCases` 渝北: open, light = red', fn: (d) => listCases(d, yubei, { box: 'open', light: 'red' }, page, kinds, today), describe: listed },
      { label: '`listCases` 渝北: open, kind = wage_arrears', fn: (d) => listCases(d, yubei, { box: 'open', kind: 'wage_arrears' }, page, kinds, today), describe: listed },
      { label: '`listCases` 渝北: closed box, latest first', fn: (d) => listCases(d, yubei, { box: 'closed' }, page, kinds, today), describe: listed },
      { label: '`listCases` city hrss officer (all districts): open box', fn: (d) => listCases(d, hrss, { box: 'open' }, page, kinds, today), describe: listed },
      { label: '`listCases` city: open, light = red', fn: (d) => listCases(d, hrss, { box: 'open', light: 'red' }, page, kinds, today), describe: listed },
      { label: '`listCases` city: open, kind = wage_arrears', fn: (d) => listCases(d, hrss, { box: 'open', kind: 'wage_arrears' }, page, kinds, today), describe: listed },
      { label: '`inboxSummary` 渝北', fn: (d) => inboxSummary(d, yubei, undefined, today), describe: (r) => `open ${fmt((r as { open: number }).open)}, red ${fmt((r as { red: number }).red)}` },
      { label: '`inboxSummary` city', fn: (d) => inboxSummary(d, hrss, undefined, today), describe: (r) => `open ${fmt((r as { open: number }).open)}, red ${fmt((r as { red: number }).red)}` },
      { label: '`board` city (supervised or escalated, open)', fn: (d) => board(d, hrss, kinds, today), describe: (r) => `${fmt((r as { items: unknown[] }).items.length)} items (limit 500)` },
      { label: `\`caseStats\` wage_arrears ${year}, city (city + 38 districts + months)`, fn: (d) => caseStats(d, hrss, 'wage_arrears', year, today), describe: (r) => `${fmt((r as { city: { received: number } }).city.received)} received` },
      { label: `\`caseStats\` wage_arrears ${year}, 渝北`, fn: (d) => caseStats(d, yubei, 'wage_arrears', year, today), describe: (r) => `${fmt((r as { city: { received: number } }).city.received)} received` },
    ];
    const timed: Timed[] = [];
    for (const q of queries) {
      let last: unknown;
      for (let i = 0; i < 2; i++) last = await q.fn(db); // warm-up
      const runs: number[] = [];
      for (let i = 0; i < REPEATS; i++) {
        const t0 = performance.now();
        await q.fn(db);
        runs.push(performance.now() - t0);
      }
      timed.push({ label: q.label, fn: q.fn, runs, result: q.describe(last) });
      log(`${q.label}: p50 ${ms(pct(runs, 50))} ms`);
    }
    out.push(`\n### (b) Inbox queries over ${fmt(shape.cases!)} cases — ${await databaseVersion(h)}\n`);
    out.push(
      `Cases: ${fmt(shape.cases!)} (${fmt(shape.wage!)} wage-arrears leads), ${fmt(shape.open!)} open (${((100 * shape.open!) / shape.cases!).toFixed(1)}%): ${fmt(shape.red!)} red, ${fmt(shape.yellow!)} yellow, ${fmt(shape.blue!)} blue, ${fmt(shape.green!)} green on ${today}; ` +
        `${fmt(shape.supervised!)} supervised, ${fmt(shape.escalated!)} escalated, ${fmt(shape.township!)} held by townships; 渝北区 ${fmt(shape.yubei!)} (${fmt(shape.yubei_open!)} open). ` +
        `Events: ${fmt(shape.events!)} (the \`created\` event of each case only; the other events are not generated at this size).${seeded}\n`,
    );
    out.push(`Each function called as the routes call it (its count and page queries run in parallel on the pool), 2 warm-up calls, then ${REPEATS} timed calls one after another.\n`);
    out.push('| query | result | p50 | p95 | max |');
    out.push('|---|---|---|---|---|');
    for (const t of timed) out.push(`| ${t.label} | ${t.result} | ${ms(pct(t.runs, 50))} ms | ${ms(pct(t.runs, 95))} ms | ${ms(Math.max(...t.runs))} ms |`);

    // The plans of the slowest function, and of the others above 100 ms (up to six in all).
    const slow = [...timed].sort((a, b) => pct(b.runs, 50) - pct(a.runs, 50)).filter((t, i) => i === 0 || pct(t.runs, 50) > 100).slice(0, 6);
    const pool = new pg.Pool({ connectionString: url, max: 4, options: '-c TimeZone=Asia/Shanghai' });
    try {
      for (const t of slow) {
        const captured: CompiledQuery[] = [];
        const spy = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: (e) => void (e.level === 'query' && captured.push(e.query)) });
        await t.fn(spy);
        out.push(`\n#### EXPLAIN (ANALYZE, BUFFERS): ${t.label} — p50 ${ms(pct(t.runs, 50))} ms, ${captured.length} statement${captured.length === 1 ? '' : 's'}\n`);
        for (const q of captured) {
          const plan = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, [...q.parameters]);
          out.push('```sql');
          out.push(q.sql.replace(/\s+/g, ' ').trim());
          out.push(`-- parameters: ${JSON.stringify(q.parameters)}`);
          out.push('```');
          out.push('```');
          out.push(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
          out.push('```');
        }
      }
    } finally {
      await pool.end();
    }
  } finally {
    await h.close();
  }
}

async function main() {
  const out: string[] = [];
  if (opt.only !== 'inbox') await actionsBench(out);
  if (opt.only !== 'actions') await inboxBench(out);
  out.push(`\nmachine: ${machine()}`);
  console.log(out.join('\n'));
}

await main();

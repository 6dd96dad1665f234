// Benchmark of job matching (人岗匹配), both directions, on the real functions of
// src/server/modules/employment: the top 20 postings for a seeker among 1,000,000 published postings
// (`rankJobsForSeeker`), and the top 20 seekers for a posting among 1,000,000 active seekers
// (`rankSeekersForJob`), each on page 1 and page 5 (offset 80), and the pages the routes build from
// them (`recommendJobsPaged`, `seekerMatches`). Goal of the issue: p95 under 50 ms on PostgreSQL.
//
//   npm run bench:employment                                  # PostgreSQL (huimin_jobs_bench), then PGlite in memory
//   npm run bench:employment -- --only postgres               # or --only pglite
//   npm run bench:employment -- --reload                      # regenerate the PostgreSQL data
//   npm run bench:employment -- --recreate                    # drop and recreate the database (after a change to migration 0008)
//
// Data. PostgreSQL: database `huimin_jobs_bench` (--database-url; created and migrated when missing),
// 1,000,000 published postings valid on the load date, from 20,000 enterprises, and 1,000,000 active
// seekers (one minimal person row each) with their `job_seeker_place` rows written as `upsertSeeker`
// writes them. Loaded once by set-based SQL (deterministic, setseed), then VACUUM ANALYZE; later runs
// reuse it when the sizes and seed match, and match as of the load date. PGlite: an in-memory
// database with a demo-sized load from the same generator (20,000 postings, 20,000 seekers).
// Occupations are skewed over the 79 middle groups (retail, catering, logistics, construction first;
// armed forces almost never), districts by population (postings also by enterprise density), wages by
// occupation group and education, skills from a pool per major group.
//
// Measure. 20 warm-up calls, then 200 calls on random seekers (postings) one after another; p50, p95,
// max. The candidates of each call are counted apart (not timed): postings (seekers) within reach in
// the exact occupations, and in their major groups. The first --verify seekers and postings are checked
// against brute force (every candidate scored with `scoreMatch`, sorted): page 1 and page 5 must be
// identical. On PostgreSQL, EXPLAIN (ANALYZE, BUFFERS) of the slowest call of each direction.
//
// Options: --postings N --seekers N --enterprises N (PostgreSQL sizes), --demo-postings N
// --demo-seekers N (PGlite), --samples 200, --warmup 20, --verify 20, --seed S.
// Prints Markdown for docs/benchmarks.md; progress goes to stderr.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Kysely, PostgresDialect, sql, type CompiledQuery, type KyselyPlugin, type RawBuilder } from 'kysely';
import pg from 'pg';
import { openDatabase, type Db, type DbHandle } from '../src/server/db/index.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import type { Database } from '../src/server/db/schema.js';
import { DISTRICTS, ENTERPRISE_DENSITY, INDUSTRIES, STREET_TOWNSHIP_WEIGHT } from '../src/server/modules/citygen/distributions.js';
import { jobSide } from '../src/server/modules/employment/applications.js';
import { EDUCATION_RANK, rankJobsForSeeker, rankSeekersForJob, reach, scoreMatch, type JobSide, type SeekerSide } from '../src/server/modules/employment/matching.js';
import { recommendJobsPaged, seekerMatches } from '../src/server/modules/employment/queries.js';
import { neighbours, occupations } from '../src/server/modules/employment/reference.js';
import { seekerSide } from '../src/server/modules/employment/seekers.js';
import { loadReferenceData } from '../src/server/modules/registry/index.js';
import { shanghaiDate, systemClock } from '../src/server/platform/clock.js';
import { projectRoot } from '../src/server/paths.js';

const { values: opt } = parseArgs({
  options: {
    only: { type: 'string' },
    'database-url': { type: 'string', default: 'postgres://postgres:postgres@127.0.0.1:5432/huimin_jobs_bench' },
    reload: { type: 'boolean', default: false },
    recreate: { type: 'boolean', default: false },
    postings: { type: 'string', default: '1000000' },
    seekers: { type: 'string', default: '1000000' },
    enterprises: { type: 'string', default: '20000' },
    'demo-postings': { type: 'string', default: '20000' },
    'demo-seekers': { type: 'string', default: '20000' },
    samples: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '20' },
    verify: { type: 'string', default: '20' },
    seed: { type: 'string', default: '2026' },
  },
});
const int = (name: string, v: string | undefined, min = 1) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got ${v}`);
  return n;
};
if (opt.only && opt.only !== 'postgres' && opt.only !== 'pglite') throw new Error('--only is postgres or pglite');
const SAMPLES = int('samples', opt.samples);
const WARMUP = int('warmup', opt.warmup, 0);
const VERIFY = int('verify', opt.verify, 0);
const SEED = int('seed', opt.seed);
const LIMIT = 20;
const PAGE5 = 80;

const log = (m: string) => process.stderr.write(`[bench:employment ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};
const share = (a: number, b: number) => `${((100 * a) / b).toFixed(1)}%`;

const machine = () =>
  `${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; load average ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(', ')}`;

async function databaseVersion(h: DbHandle): Promise<string> {
  const v = (await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(h.db)).rows[0]!.v;
  if (h.kind === 'postgres') return `PostgreSQL ${v}`;
  const pglite = JSON.parse(readFileSync(join(projectRoot, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string };
  return `PGlite ${pglite.version} (PostgreSQL ${v})`;
}

/** Creates the database named in `url` when it does not exist; with `recreate`, drops it first. */
async function ensureDatabase(url: string, recreate: boolean) {
  const name = new URL(url).pathname.slice(1);
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unexpected database name ${name}`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const c = new pg.Client({ connectionString: admin.toString() });
  await c.connect();
  try {
    if (recreate) {
      log(`dropping database ${name}`);
      await c.query(`DROP DATABASE IF EXISTS ${name}`);
    }
    if ((await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 0) {
      log(`creating database ${name}`);
      await c.query(`CREATE DATABASE ${name}`);
    }
  } finally {
    await c.end();
  }
}

// --- What the data is drawn from ------------------------------------------------------------------
// Assumptions, not statistics: the shape of a city's job board. Relative weights per middle group;
// an unlisted group weighs OTHER. Postings: services and manufacturing dominate; seekers lean more to
// office, IT and driving work than postings offer (SEEKER_TILT multiplies the posting weight).

const POSTING_WEIGHT: Record<string, number> = {
  '4-01': 120, '4-03': 100, '4-02': 80, '6-29': 60, '6-25': 50, '4-10': 50, '6-22': 45, '4-07': 40, '6-31': 35, '3-01': 35,
  '2-02': 35, '4-04': 30, '3-02': 25, '4-14': 20, '6-30': 20, '6-18': 18, '2-05': 18, '6-24': 15, '4-12': 15, '6-02': 15,
  '2-08': 15, '4-05': 12, '2-06': 12, '4-06': 12, '4-13': 10, '4-09': 10, '6-19': 10, '6-14': 10, '6-05': 10, '4-08': 8,
  '6-20': 8, '6-21': 8, '6-11': 6, '6-12': 6, '4-99': 6, '6-28': 5, '6-01': 5, '2-09': 5, '2-10': 5, '5-01': 4,
  '1-06': 4, '2-07': 4, '3-99': 4, '4-11': 4, '6-99': 4, '8-00': 3, '5-05': 3, '2-99': 3, '3-03': 2,
  '1-01': 0.05, '1-02': 0.05, '1-03': 0.05, '1-04': 0.1, '1-05': 0.1, '7-01': 0.02, '7-02': 0.02, '7-03': 0.02, '7-04': 0.05,
};
const OTHER = 1.5;
const SEEKER_TILT: Record<string, number> = { '3-01': 2.5, '4-04': 1.8, '2-02': 1.3, '4-02': 1.2, '2-08': 1.5, '2-06': 1.4, '4-03': 0.6, '6-29': 0.7, '4-10': 0.6, '6-31': 0.8 };
/** Median monthly wage (yuan) of a posting by major group (assumption). */
const WAGE_BY_MAJOR: Record<string, number> = { '1': 11000, '2': 8000, '3': 5200, '4': 5000, '5': 3800, '6': 5600, '7': 6000, '8': 4200 };
/** Skills (normalised: trimmed, lower case) by major group; every group also draws from GENERAL. */
const SKILLS: Record<string, string[]> = {
  '1': ['团队管理', '战略规划', '预算管理', '公文写作', '党务工作', '项目管理'],
  '2': ['cad', 'java', 'python', '财务分析', '会计', '教师资格证', '护士执业证', '结构设计', '机械设计', 'plc', '审计', '法律咨询'],
  '3': ['公文写作', '档案管理', '保安证', '消防设施操作员', '文秘', '行政管理', '法律咨询'],
  '4': ['收银', '销售', '客服', '电商运营', '驾驶c1', '驾驶a2', '仓储管理', '烹饪', '育婴', '养老护理', '保洁', '前台接待', 'java', '网络维护', '快递分拣'],
  '5': ['种植', '养殖', '农机操作', '果树修剪', '植保'],
  '6': ['焊工证', '电工证', '叉车证', '数控车床', '装配', '质检', '钳工', '注塑', 'smt', '钢筋工', '木工', '挖掘机'],
  '7': ['驾驶a2', '通信', '后勤保障'],
  '8': ['搬运', '保洁', '装卸'],
};
const GENERAL = ['excel', '普通话', '英语四级', '计算机二级', '驾驶c1'];
/** Education of seekers (per mille, working-age job seekers; assumption) and required by postings per major group. */
const SEEKER_EDUCATION: [string, number][] = [['none', 20], ['primary', 80], ['junior', 300], ['senior', 150], ['vocational', 120], ['college', 160], ['bachelor', 140], ['master', 26], ['doctor', 4]];
const REQUIRED_EDUCATION: Record<'high' | 'office' | 'other', [string, number][]> = {
  high: [['college', 300], ['bachelor', 550], ['master', 120], ['doctor', 30]],
  office: [['senior', 300], ['vocational', 100], ['college', 400], ['bachelor', 200]],
  other: [['none', 250], ['primary', 50], ['junior', 300], ['senior', 200], ['vocational', 100], ['college', 100]],
};

/** A weighted choice: the values, and where each one's share of [0, 1) starts. */
type Weighted = { values: string[]; bounds: number[] };
function weighted(weights: [string, number][]): Weighted {
  const total = weights.reduce((s, [, w]) => s + w, 0);
  let sum = 0;
  const bounds = weights.map(([, w]) => {
    const b = sum / total;
    sum += w;
    return b;
  });
  return { values: weights.map(([v]) => v), bounds };
}
const textArray = (xs: readonly string[]) => sql`(ARRAY[${sql.join(xs.map((x) => sql.lit(x)))}]::text[])`;
const floatArray = (xs: readonly number[]) => sql`(ARRAY[${sql.join(xs.map((x) => sql.lit(x)))}]::float8[])`;
/** The value whose share holds the uniform draw r, in SQL (width_bucket is a binary search). */
const pick = (c: Weighted, r: RawBuilder<unknown>) => sql`${textArray(c.values)}[width_bucket(${r}, ${floatArray(c.bounds)})]`;

type Sizes = { persons: number; enterprises: number; postings: number; seekers: number };

/**
 * Loads persons, enterprises, postings, seekers and their place rows with set-based SQL, valid as of
 * `asOf`; deterministic for a seed. Replaces what the tables held. Returns the seconds taken.
 */
async function generate(h: DbHandle, z: Sizes, asOf: string, seed: number): Promise<number> {
  const t0 = performance.now();
  const db = h.db;
  const middle = occupations().filter((o) => o.level === 'middle');
  if (middle.length !== 79) throw new Error(`expected 79 middle groups, found ${middle.length}`);
  const postWeights = middle.map((o): [string, number] => [o.code, POSTING_WEIGHT[o.code] ?? OTHER]);
  const seekWeights = postWeights.map(([c, w]): [string, number] => [c, w * (SEEKER_TILT[c] ?? 1)]);
  const postOcc = weighted(postWeights);
  const seekOcc = weighted(seekWeights);
  const personDistrict = weighted(DISTRICTS.map((d) => [d.code, d.population]));
  const jobDistrict = weighted(DISTRICTS.map((d) => [d.code, d.population * (d.core ? ENTERPRISE_DENSITY.core : d.formerPovertyCounty ? ENTERPRISE_DENSITY.formerPovertyCounty : ENTERPRISE_DENSITY.other)]));
  const sections = weighted(INDUSTRIES.filter((i) => i.share > 0).map((i) => [i.section, i.share]));
  const seekerEducation = weighted(SEEKER_EDUCATION);
  const superuser = (await sql<{ s: boolean }>`SELECT rolsuper AS s FROM pg_roles WHERE rolname = current_user`.execute(db)).rows[0]?.s === true;
  const lap = (what: string) => log(`  ${what}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  await db.transaction().execute(async (trx) => {
    const run = (q: RawBuilder<unknown>) => q.execute(trx);
    await run(sql`TRUNCATE job_seeker_place, job_seeker, job_posting, person, enterprise RESTART IDENTITY CASCADE`);
    await run(sql`DROP TABLE IF EXISTS bench_employment_meta`);
    // Per-row foreign-key checks are skipped for the load (as pg_restore --disable-triggers does); every reference is checked below.
    if (superuser) await run(sql`SET LOCAL session_replication_role = replica`);
    await run(sql`SELECT setseed(${1 / (seed + 1)})`);
    const batch = await sql<{ id: number }>`INSERT INTO import_batch (feed, file_name, file_sha256, encoding, mode, status)
      VALUES ('bench_employment', 'bench/employment.bench.ts', repeat('0', 64), 'utf-8', 'seed', 'loaded') RETURNING id`.execute(trx);
    const batchId = sql.lit(Number(batch.rows[0]!.id));

    // Reference tables for the draws: townships (streets weighted) and villages by index, neighbours, per-major pools.
    // Townships by index within their district (a street as STREET_TOWNSHIP_WEIGHT slots), villages
    // by index within their township, neighbours by index; per district how many of each (so that a
    // draw becomes an index before the join, and the joins are hash joins).
    await run(sql`CREATE TEMP TABLE bench_town ON COMMIT DROP AS
      SELECT d.code, d.district_code, (row_number() OVER (PARTITION BY d.district_code ORDER BY d.code, k) - 1)::int AS idx,
        (SELECT count(*)::int FROM division v WHERE v.parent_code = d.code AND v.level = 4) AS villages
      FROM division d CROSS JOIN LATERAL generate_series(1, CASE WHEN d.name LIKE '%街道' THEN ${sql.lit(STREET_TOWNSHIP_WEIGHT)} ELSE 1 END) k WHERE d.level = 3`);
    await run(sql`CREATE TEMP TABLE bench_village ON COMMIT DROP AS
      SELECT code, parent_code AS township_code, (row_number() OVER (PARTITION BY parent_code ORDER BY code) - 1)::int AS idx FROM division WHERE level = 4`);
    await run(sql`CREATE TEMP TABLE bench_nb (district_code text, idx int, code text) ON COMMIT DROP`);
    const nb = DISTRICTS.flatMap((d) => neighbours(d.code).map((c, i) => sql`(${d.code}, ${sql.lit(i)}, ${c})`));
    await run(sql`INSERT INTO bench_nb VALUES ${sql.join(nb)}`);
    await run(sql`CREATE TEMP TABLE bench_dist ON COMMIT DROP AS
      SELECT d.code, (SELECT count(*)::int FROM bench_town t WHERE t.district_code = d.code) AS towns,
        (SELECT count(*)::int FROM bench_nb n WHERE n.district_code = d.code) AS nbs, 0 AS ents
      FROM division d WHERE d.level = 2`);
    const empty = await sql<{ n: number }>`SELECT count(*)::int AS n FROM bench_dist WHERE towns = 0 OR nbs = 0`.execute(trx);
    if (empty.rows[0]!.n > 0 || (await sql<{ n: number }>`SELECT count(*)::int AS n FROM bench_town WHERE villages = 0`.execute(trx)).rows[0]!.n > 0)
      throw new Error('a district without townships or neighbours, or a township without villages');
    await run(sql`CREATE TEMP TABLE bench_major (major text PRIMARY KEY, seek text[], seek_bounds float8[], skills text[], wage int) ON COMMIT DROP`);
    for (const m of Object.keys(WAGE_BY_MAJOR)) {
      const seekInMajor = weighted(seekWeights.filter(([c]) => c.startsWith(`${m}-`)));
      await run(sql`INSERT INTO bench_major VALUES (${m}, ${textArray(seekInMajor.values)}, ${floatArray(seekInMajor.bounds)}, ${textArray([...new Set([...SKILLS[m]!, ...GENERAL])])}, ${sql.lit(WAGE_BY_MAJOR[m]!)})`);
    }
    await run(sql`CREATE TEMP TABLE bench_occ (code text PRIMARY KEY, zh text) ON COMMIT DROP`);
    await run(sql`INSERT INTO bench_occ VALUES ${sql.join(middle.map((o) => sql`(${o.code}, ${o.zh})`))}`);
    await run(sql`CREATE TEMP TABLE bench_edu (name text PRIMARY KEY, rank int) ON COMMIT DROP`);
    await run(sql`INSERT INTO bench_edu VALUES ${sql.join(Object.entries(EDUCATION_RANK).map(([e, r]) => sql`(${e}, ${sql.lit(r)})`))}`);
    lap('reference tables');

    // Enterprises: one in each district first, the rest by population and enterprise density.
    await run(sql`INSERT INTO enterprise (id, credit_code, name, industry_section, district_code, township_code, size, established_on, batch_id)
      SELECT d.g, '91500000' || lpad(d.g::text, 10, '0'), '重庆基准' || d.g || '号有限公司', ${pick(sections, sql`d.r_s`)}, d.district, t.code,
        CASE WHEN d.r_z < 0.82 THEN 'micro' WHEN d.r_z < 0.96 THEN 'small' WHEN d.r_z < 0.993 THEN 'medium' ELSE 'large' END,
        date '1995-01-01' + floor(d.r_e * 11000)::int, ${batchId}
      FROM (SELECT g, CASE WHEN g <= ${sql.lit(DISTRICTS.length)} THEN ${textArray(DISTRICTS.map((x) => x.code))}[g] ELSE ${pick(jobDistrict, sql`random()`)} END AS district,
              random() AS r_t, random() AS r_s, random() AS r_z, random() AS r_e
            FROM generate_series(1, ${sql.lit(z.enterprises)}) g) d
      JOIN bench_dist dn ON dn.code = d.district
      JOIN bench_town t ON t.district_code = d.district AND t.idx = floor(d.r_t * dn.towns)::int`);
    await run(sql`CREATE TEMP TABLE bench_ent ON COMMIT DROP AS
      SELECT id, district_code, township_code, (row_number() OVER (PARTITION BY district_code ORDER BY id) - 1)::int AS idx FROM enterprise`);
    await run(sql`UPDATE bench_dist d SET ents = (SELECT count(*)::int FROM bench_ent e WHERE e.district_code = d.code)`);
    lap(`${fmt(z.enterprises)} enterprises`);

    // Persons: the minimal registry row each seeker needs (residence, education).
    await run(sql`INSERT INTO person (id, id_number, name, sex, birth_date, hukou_district_code, hukou_village_code, district_code, township_code, village_code, education, batch_id)
      SELECT p.g, '5' || lpad(p.g::text, 17, '0'), '求职者' || p.g, CASE WHEN p.r_s < 0.52 THEN 'M' ELSE 'F' END,
        date '1966-01-01' + floor(p.r_b * 15000)::int, p.district, v.code, p.district, t.code, v.code, ${pick(seekerEducation, sql`p.r_e`)}, ${batchId}
      FROM (SELECT g, ${pick(personDistrict, sql`random()`)} AS district, random() AS r_t, random() AS r_v, random() AS r_s, random() AS r_b, random() AS r_e
            FROM generate_series(1, ${sql.lit(z.persons)}) g) p
      JOIN bench_dist dn ON dn.code = p.district
      JOIN bench_town t ON t.district_code = p.district AND t.idx = floor(p.r_t * dn.towns)::int
      JOIN bench_village v ON v.township_code = t.code AND v.idx = floor(p.r_v * t.villages)::int`);
    lap(`${fmt(z.persons)} persons`);

    // Seekers: 1–3 occupations (a second or third one in the same major group 60% of the time);
    // 35% name no district (their residence counts), 45% one (their own 70% of the time), 20% two.
    await run(sql`CREATE TEMP TABLE bench_seek ON COMMIT DROP AS
      SELECT g AS person_id, ${pick(seekOcc, sql`random()`)} AS o1, random() AS r_n, random() AS r_m2, random() AS r_o2, random() AS r_m3, random() AS r_o3,
        random() AS r_pd, random() AS r_own, random() AS r_alt, random() AS r_nb, random() AS r_w1, random() AS r_w2, random() AS r_x, random() AS r_k,
        random() AS r_a, random() AS r_c1, random() AS r_c2, random() AS r_c3, ${pick(seekOcc, sql`random()`)} AS any2, ${pick(seekOcc, sql`random()`)} AS any3,
        ${pick(jobDistrict, sql`random()`)} AS job_district
      FROM generate_series(1, ${sql.lit(z.seekers)}) g`);
    lap('seeker draws');
    await run(sql`INSERT INTO job_seeker (person_id, categories, skills, preferred_occupations, preferred_districts, expected_wage_fen, education, education_rank,
        experience_years, available_from, district_code, township_code, status, created_at, updated_at)
      SELECT s.person_id,
        ARRAY_REMOVE(ARRAY[CASE WHEN s.r_c1 < 0.2 THEN 'registered_unemployed' END, CASE WHEN s.r_c2 < 0.1 THEN 'graduate' END, CASE WHEN s.r_c3 < 0.15 THEN 'migrant_worker' END], NULL),
        ARRAY(SELECT k FROM unnest(m.skills) k ORDER BY random() LIMIT floor(s.r_k * s.r_k * 6)::int),
        o.occ,
        CASE WHEN s.r_pd < 0.35 THEN '{}'::text[]
             WHEN s.r_pd < 0.80 THEN ARRAY[CASE WHEN s.r_own < 0.7 OR alt.code = p.district_code THEN p.district_code ELSE alt.code END]
             WHEN alt.code = p.district_code THEN ARRAY[p.district_code]
             ELSE ARRAY[p.district_code, alt.code] END,
        (greatest(2000, round(m.wage * 0.9 * (1 + 0.07 * (e.rank - 3)) * exp(0.3 * sqrt(-2 * ln(1 - s.r_w1)) * cos(2 * pi() * s.r_w2)) / 100) * 100) * 100)::int,
        p.education, e.rank, floor(s.r_x * s.r_x * 25)::int, ${asOf}::date - floor(s.r_a * 60)::int, p.district_code, p.township_code, 'active', now(), now()
      FROM bench_seek s
      JOIN person p ON p.id = s.person_id
      JOIN bench_edu e ON e.name = p.education
      JOIN bench_major m ON m.major = split_part(s.o1, '-', 1)
      JOIN bench_dist dn ON dn.code = p.district_code
      LEFT JOIN bench_nb nb ON nb.district_code = p.district_code AND nb.idx = floor(s.r_nb * dn.nbs)::int
      CROSS JOIN LATERAL (SELECT CASE WHEN s.r_alt < 0.6 AND nb.code IS NOT NULL THEN nb.code ELSE s.job_district END AS code) alt
      CROSS JOIN LATERAL (SELECT CASE WHEN s.r_m2 < 0.6 THEN m.seek[width_bucket(s.r_o2, m.seek_bounds)] ELSE s.any2 END AS o2,
                                 CASE WHEN s.r_m3 < 0.6 THEN m.seek[width_bucket(s.r_o3, m.seek_bounds)] ELSE s.any3 END AS o3) x
      CROSS JOIN LATERAL (SELECT ARRAY[s.o1]
        || CASE WHEN s.r_n < 0.45 AND x.o2 <> s.o1 THEN ARRAY[x.o2] ELSE '{}'::text[] END
        || CASE WHEN s.r_n < 0.15 AND x.o3 <> s.o1 AND x.o3 <> x.o2 THEN ARRAY[x.o3] ELSE '{}'::text[] END AS occ) o
      ORDER BY s.person_id`);
    lap(`${fmt(z.seekers)} seekers`);
    // The place index, as upsertSeeker writes it: each occupation × each preferred district (or the
    // residence), with the seeker's values that migration 0008's trigger copies (triggers are off for the load).
    await run(sql`INSERT INTO job_seeker_place (occupation_code, major_code, district_code, person_id, status, township_code, expected_wage_fen, education_rank, experience_years, skills)
      SELECT o, split_part(o, '-', 1), d, s.person_id, s.status, s.township_code, s.expected_wage_fen, s.education_rank, s.experience_years, s.skills FROM job_seeker s
      CROSS JOIN LATERAL unnest(s.preferred_occupations) o
      CROSS JOIN LATERAL unnest(CASE WHEN cardinality(s.preferred_districts) = 0 THEN ARRAY[s.district_code] ELSE s.preferred_districts END) d`);
    lap('job_seeker_place');

    // Postings: occupation by the skewed weights, district by population and enterprise density, an
    // enterprise of that district (its township 70% of the time); valid on asOf.
    await run(sql`CREATE TEMP TABLE bench_job ON COMMIT DROP AS
      SELECT g, ${pick(postOcc, sql`random()`)} AS occ, ${pick(jobDistrict, sql`random()`)} AS district, random() AS r_ent, random() AS r_town, random() AS r_e,
        random() AS r_w1, random() AS r_w2, random() AS r_spread, random() AS r_x, random() AS r_k, random() AS r_head, random() AS r_sch, random() AS r_from, random() AS r_until, random() AS r_grad
      FROM generate_series(1, ${sql.lit(z.postings)}) g`);
    lap('posting draws');
    const high = weighted(REQUIRED_EDUCATION.high);
    const office = weighted(REQUIRED_EDUCATION.office);
    const other = weighted(REQUIRED_EDUCATION.other);
    await run(sql`INSERT INTO job_posting (enterprise_id, title, occupation_code, major_code, district_code, township_code, wage_min_fen, wage_max_fen, education, education_rank,
        experience_years, headcount, weekly_hours, schedule, description, skills, for_graduates, valid_from, valid_until, status, findings, source, created_at, updated_at, published_at)
      SELECT en.id, left(oc.zh, 40) || '（' || j.g || '）', j.occ, split_part(j.occ, '-', 1), j.district, CASE WHEN j.r_town < 0.7 THEN en.township_code END,
        w.min_yuan * 100, (round(w.min_yuan * (1 + j.r_spread * 0.6) / 100) * 100 * 100)::int, ed.name, e.rank,
        CASE WHEN j.r_x < 0.45 THEN 0 WHEN j.r_x < 0.65 THEN 1 WHEN j.r_x < 0.80 THEN 2 WHEN j.r_x < 0.92 THEN 3 ELSE 5 END,
        1 + floor(j.r_head * j.r_head * 30)::int,
        CASE WHEN j.r_sch < 0.05 THEN 20 ELSE 40 END,
        CASE WHEN j.r_sch < 0.05 THEN 'part_time' WHEN j.r_sch < 0.10 THEN 'flexible' WHEN j.r_sch < 0.30 THEN 'shifts' ELSE 'standard' END,
        '岗位职责：按公司要求完成本岗位工作，服从安排，遵守安全操作规程。任职要求：身体健康，责任心强，具备良好的沟通能力和团队合作精神。福利：五险一金，带薪年假，节日福利。',
        CASE WHEN j.r_k < 0.3 THEN '{}'::text[] ELSE ARRAY(SELECT k FROM unnest(m.skills) k ORDER BY random() LIMIT 1 + floor((j.r_k - 0.3) / 0.7 * 4)::int) END,
        j.r_grad < 0.08, ${asOf}::date - floor(j.r_from * 30)::int, ${asOf}::date + floor(j.r_until * 150)::int, 'published', '[]'::jsonb, 'enterprise',
        now(), now(), (${asOf}::date - floor(j.r_from * 30)::int)::timestamptz
      FROM bench_job j
      JOIN bench_major m ON m.major = split_part(j.occ, '-', 1)
      JOIN bench_occ oc ON oc.code = j.occ
      JOIN bench_dist dn ON dn.code = j.district
      JOIN bench_ent en ON en.district_code = j.district AND en.idx = floor(j.r_ent * dn.ents)::int
      CROSS JOIN LATERAL (SELECT CASE WHEN m.major IN ('1', '2') THEN ${pick(high, sql`j.r_e`)} WHEN m.major = '3' THEN ${pick(office, sql`j.r_e`)} ELSE ${pick(other, sql`j.r_e`)} END AS name) ed
      JOIN bench_edu e ON e.name = ed.name
      CROSS JOIN LATERAL (SELECT greatest(2000, round(m.wage * 0.85 * (1 + 0.08 * (e.rank - 3)) * exp(0.3 * sqrt(-2 * ln(1 - j.r_w1)) * cos(2 * pi() * j.r_w2)) / 100) * 100)::int AS min_yuan) w
      ORDER BY j.g`);
    lap(`${fmt(z.postings)} postings`);

    const missing = await sql<{ n: number }>`SELECT
        (SELECT count(*) FROM job_posting j WHERE NOT EXISTS (SELECT 1 FROM enterprise x WHERE x.id = j.enterprise_id))
      + (SELECT count(*) FROM job_posting j WHERE NOT EXISTS (SELECT 1 FROM division x WHERE x.code = j.district_code AND x.level = 2))
      + (SELECT count(*) FROM job_posting j WHERE j.township_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM division x WHERE x.code = j.township_code AND x.parent_code = j.district_code))
      + (SELECT count(*) FROM job_seeker s WHERE NOT EXISTS (SELECT 1 FROM person x WHERE x.id = s.person_id))
      + (SELECT count(*) FROM job_seeker s WHERE NOT EXISTS (SELECT 1 FROM division x WHERE x.code = s.township_code AND x.parent_code = s.district_code))
      + (SELECT count(*) FROM job_seeker_place p WHERE NOT EXISTS (SELECT 1 FROM job_seeker x WHERE x.person_id = p.person_id AND x.status IS NOT DISTINCT FROM p.status
          AND x.township_code IS NOT DISTINCT FROM p.township_code AND x.expected_wage_fen IS NOT DISTINCT FROM p.expected_wage_fen AND x.education_rank IS NOT DISTINCT FROM p.education_rank
          AND x.experience_years IS NOT DISTINCT FROM p.experience_years AND x.skills IS NOT DISTINCT FROM p.skills))
      + (SELECT count(*) FROM person p WHERE NOT EXISTS (SELECT 1 FROM division x WHERE x.code = p.village_code AND x.level = 4)) AS n`.execute(trx);
    if (Number(missing.rows[0]!.n) > 0) throw new Error(`${missing.rows[0]!.n} references to missing rows`);
    // The suspended triggers include those keeping resident_fact (migration 0011): rebuild it for the persons loaded.
    if (superuser) await run(sql`SELECT resident_fact_rebuild()`);
    await run(sql`CREATE TABLE bench_employment_meta (seed int, as_of date, persons int, enterprises int, postings int, seekers int, load_seconds real, loaded_at timestamptz)`);
    await run(sql`INSERT INTO bench_employment_meta VALUES (${sql.lit(seed)}, ${asOf}::date, ${sql.lit(z.persons)}, ${sql.lit(z.enterprises)}, ${sql.lit(z.postings)}, ${sql.lit(z.seekers)},
      ${(performance.now() - t0) / 1000}, now())`);
  });
  for (const t of ['person', 'enterprise', 'job_posting', 'job_seeker', 'job_seeker_place']) await sql`VACUUM ANALYZE ${sql.raw(t)}`.execute(db);
  lap('VACUUM ANALYZE');
  return (performance.now() - t0) / 1000;
}

type Meta = { seed: number; as_of: string; persons: number; enterprises: number; postings: number; seekers: number; load_seconds: number; loaded_at: Date };

/** The load already in the database, when it has these sizes and seed and its tables still hold them. */
async function existingLoad(db: Db, z: Sizes, seed: number): Promise<Meta | null> {
  const exists = (await sql<{ t: string | null }>`SELECT to_regclass('bench_employment_meta')::text AS t`.execute(db)).rows[0]!.t;
  if (!exists) return null;
  const m = (await sql<Meta>`SELECT seed, as_of, persons, enterprises, postings, seekers, load_seconds, loaded_at FROM bench_employment_meta`.execute(db)).rows[0];
  if (!m || m.seed !== seed || m.persons !== z.persons || m.enterprises !== z.enterprises || m.postings !== z.postings || m.seekers !== z.seekers) return null;
  const c = (
    await sql<{ jobs: number; seekers: number }>`SELECT (SELECT count(*)::int FROM job_posting WHERE status = 'published') AS jobs,
      (SELECT count(*)::int FROM job_seeker WHERE status = 'active') AS seekers`.execute(db)
  ).rows[0]!;
  return c.jobs === z.postings && c.seekers === z.seekers ? m : null;
}

async function prepare(h: DbHandle, z: Sizes, reload: boolean): Promise<{ meta: Meta; loaded: boolean }> {
  await migrateToLatest(h.db);
  await loadReferenceData(h.db);
  let meta = reload ? null : await existingLoad(h.db, z, SEED);
  if (meta) {
    log(`reusing the load of ${String(meta.loaded_at).slice(0, 24)} (as of ${meta.as_of})`);
    return { meta, loaded: false };
  }
  const asOf = shanghaiDate(systemClock.now());
  log(`loading ${fmt(z.postings)} postings and ${fmt(z.seekers)} seekers as of ${asOf} (set-based SQL)`);
  await generate(h, z, asOf, SEED);
  meta = (await existingLoad(h.db, z, SEED))!;
  if (!meta) throw new Error('the load does not hold what was asked');
  return { meta, loaded: true };
}

// --- Measuring ----------------------------------------------------------------------------------

/** A PRNG (mulberry32), so that every run samples the same seekers and postings. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type SeekerSample = { personId: number; side: SeekerSide };
type JobSample = { jobId: number; side: JobSide };

async function sampleSeekers(db: Db, n: number, seed: number): Promise<SeekerSample[]> {
  const r = (await sql<{ lo: number; hi: number }>`SELECT min(person_id) AS lo, max(person_id) AS hi FROM job_seeker`.execute(db)).rows[0]!;
  const rand = prng(seed);
  const out: SeekerSample[] = [];
  const seen = new Set<number>();
  while (out.length < n) {
    const id = Number(r.lo) + Math.floor(rand() * (Number(r.hi) - Number(r.lo) + 1));
    if (seen.has(id)) continue;
    seen.add(id);
    const status = await db.selectFrom('job_seeker').select('status').where('person_id', '=', id).executeTakeFirst();
    if (status?.status !== 'active') continue;
    out.push({ personId: id, side: (await seekerSide(db, id))! });
  }
  return out;
}

async function sampleJobs(db: Db, n: number, seed: number, today: string): Promise<JobSample[]> {
  const r = (await sql<{ lo: number; hi: number }>`SELECT min(id) AS lo, max(id) AS hi FROM job_posting`.execute(db)).rows[0]!;
  const rand = prng(seed);
  const out: JobSample[] = [];
  const seen = new Set<number>();
  while (out.length < n) {
    const id = Number(r.lo) + Math.floor(rand() * (Number(r.hi) - Number(r.lo) + 1));
    if (seen.has(id)) continue;
    seen.add(id);
    const j = await jobSide(db, id);
    if (!j || j.status !== 'published' || j.validFrom > today || j.validUntil < today) continue;
    out.push({ jobId: id, side: j });
  }
  return out;
}

/** A text[] parameter, written as matching.ts writes it (both drivers take it). */
const arr = (a: readonly string[]) => sql`${`{${a.map((x) => `"${x.replace(/["\\]/g, '\\$&')}"`).join(',')}}`}::text[]`;
const majorsOf = (s: SeekerSide) => [...new Set(s.occupations.map((o) => o.split('-')[0]!))];

/** Postings within reach of a seeker: in the exact occupations, and in the rest of their major groups. */
async function jobCandidates(db: Db, s: SeekerSide, today: string): Promise<{ exact: number; major: number }> {
  const r = await sql<{ exact: number; major: number }>`SELECT count(*) FILTER (WHERE occupation_code = ANY(${arr(s.occupations)}))::int AS exact,
      count(*) FILTER (WHERE NOT occupation_code = ANY(${arr(s.occupations)}))::int AS major
    FROM job_posting WHERE status = 'published' AND valid_from <= ${today} AND valid_until >= ${today}
      AND district_code = ANY(${arr(reach(s.places))}) AND major_code = ANY(${arr(majorsOf(s))})`.execute(db);
  return r.rows[0]!;
}

/** Active seekers within reach of a posting: wanting its occupation, and wanting another of its major group. */
async function seekerCandidates(db: Db, j: JobSide): Promise<{ exact: number; major: number }> {
  const districts = [j.districtCode, ...neighbours(j.districtCode)];
  const r = await sql<{ exact: number; major: number }>`SELECT count(*) FILTER (WHERE e)::int AS exact, count(*) FILTER (WHERE NOT e)::int AS major
    FROM (SELECT p.person_id, bool_or(p.occupation_code = ${j.occupationCode}) AS e FROM job_seeker_place p
          WHERE p.status = 'active' AND p.major_code = ${j.occupationCode.split('-')[0]!} AND p.district_code = ANY(${arr(districts)}) GROUP BY p.person_id) c`.execute(db);
  return r.rows[0]!;
}

type Ranked = { id: number; score: number };
const byScore = (a: Ranked, b: Ranked) => b.score - a.score || b.id - a.id;
const same = (a: Ranked[], b: Ranked[]) => a.length === b.length && a.every((x, i) => x.id === b[i]!.id && x.score === b[i]!.score);

/** Every candidate posting scored with scoreMatch, best first. */
async function bruteJobs(db: Db, s: SeekerSide, today: string): Promise<Ranked[]> {
  const rows = await sql<{ id: number; occupation_code: string; district_code: string; township_code: string | null; wage_max_fen: number; education_rank: number; experience_years: number; skills: string[] }>`
    SELECT id, occupation_code, district_code, township_code, wage_max_fen, education_rank, experience_years, skills FROM job_posting
    WHERE status = 'published' AND valid_from <= ${today} AND valid_until >= ${today} AND district_code = ANY(${arr(reach(s.places))}) AND major_code = ANY(${arr(majorsOf(s))})`.execute(db);
  return rows.rows
    .map((j) => ({
      id: Number(j.id),
      score: scoreMatch(s, { occupationCode: j.occupation_code, districtCode: j.district_code, townshipCode: j.township_code, wageMaxFen: j.wage_max_fen, educationRank: j.education_rank, experienceYears: j.experience_years, skills: j.skills }).score,
    }))
    .sort(byScore);
}

/** Every candidate seeker scored with scoreMatch, best first. */
async function bruteSeekers(db: Db, j: JobSide): Promise<Ranked[]> {
  const districts = [j.districtCode, ...neighbours(j.districtCode)];
  const rows = await sql<{ person_id: number; preferred_occupations: string[]; preferred_districts: string[]; district_code: string; township_code: string; expected_wage_fen: number; education_rank: number; experience_years: number; skills: string[] }>`
    SELECT s.person_id, s.preferred_occupations, s.preferred_districts, s.district_code, s.township_code, s.expected_wage_fen, s.education_rank, s.experience_years, s.skills
    FROM job_seeker s WHERE s.status = 'active' AND s.person_id IN (SELECT p.person_id FROM job_seeker_place p WHERE p.major_code = ${j.occupationCode.split('-')[0]!} AND p.district_code = ANY(${arr(districts)}))`.execute(db);
  return rows.rows
    .map((s) => ({
      id: Number(s.person_id),
      score: scoreMatch(
        { occupations: s.preferred_occupations, places: s.preferred_districts.length ? s.preferred_districts : [s.district_code], township: s.township_code, expectedWageFen: s.expected_wage_fen, educationRank: s.education_rank, experienceYears: s.experience_years, skills: s.skills },
        j,
      ).score,
    }))
    .sort(byScore);
}

type Row = { label: string; runs: number[]; candidates?: number[]; statements?: number[]; calls: number };

/** Counts the statements a call sends (one per bucket of candidates read). */
function statementCounter() {
  const c = { n: 0 };
  const plugin: KyselyPlugin = {
    transformQuery: (a) => {
      c.n++;
      return a.node;
    },
    transformResult: async (a) => a.result,
  };
  return { c, plugin };
}

async function timeCalls<T>(label: string, items: T[], fn: (x: T) => Promise<unknown>, counter?: { n: number }): Promise<Row> {
  for (const x of items.slice(0, WARMUP)) await fn(x);
  const runs: number[] = [];
  const statements: number[] = [];
  for (const x of items.slice(WARMUP)) {
    const before = counter?.n ?? 0;
    const t0 = performance.now();
    await fn(x);
    runs.push(performance.now() - t0);
    statements.push((counter?.n ?? 0) - before);
  }
  log(`${label}: p50 ${ms(pct(runs, 50))} ms, p95 ${ms(pct(runs, 95))} ms, max ${ms(Math.max(...runs))} ms`);
  return { label, runs, calls: runs.length, ...(counter ? { statements } : {}) };
}

type Explained = { label: string; capture: (spy: Db) => Promise<unknown> };

async function benchBackend(h: DbHandle, z: Sizes, reload: boolean, url: string | null, out: string[]) {
  const t0 = performance.now();
  const { meta, loaded } = await prepare(h, z, reload);
  const loadNote = loaded ? `loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s` : `reused (loaded ${new Date(meta.loaded_at).toISOString().slice(0, 10)} in ${meta.load_seconds.toFixed(1)} s)`;
  const today = meta.as_of;
  const db = h.db;
  const version = await databaseVersion(h);

  const shape = (
    await sql<Record<string, number>>`SELECT (SELECT count(*)::int FROM job_posting) AS postings,
      (SELECT count(*)::int FROM job_posting WHERE status = 'published' AND valid_from <= ${today} AND valid_until >= ${today}) AS open,
      (SELECT count(*)::int FROM job_seeker WHERE status = 'active') AS seekers,
      (SELECT count(*)::int FROM job_seeker_place) AS places,
      (SELECT avg(cardinality(preferred_occupations))::float8 FROM job_seeker) AS occ_per_seeker,
      (SELECT count(*)::int FROM job_seeker WHERE cardinality(preferred_districts) = 0) AS no_district,
      (SELECT count(*)::int FROM person) AS persons, (SELECT count(*)::int FROM enterprise) AS enterprises,
      (SELECT count(DISTINCT occupation_code)::int FROM job_posting) AS occupations`.execute(db)
  ).rows[0]!;
  const topOcc = (await sql<{ code: string; n: number }>`SELECT occupation_code AS code, count(*)::int AS n FROM job_posting GROUP BY 1 ORDER BY 2 DESC LIMIT 3`.execute(db)).rows;
  const topDistrict = (await sql<{ name: string; n: number }>`SELECT d.name, count(*)::int AS n FROM job_posting j JOIN division d ON d.code = j.district_code GROUP BY 1 ORDER BY 2 DESC LIMIT 2`.execute(db)).rows;
  const rareOcc = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM (SELECT occupation_code FROM job_posting GROUP BY 1 HAVING count(*) < ${shape.postings! / 1000}) r`.execute(db)).rows[0]!.n;

  log('sampling seekers and postings');
  const seekers = await sampleSeekers(db, WARMUP + SAMPLES, SEED + 1);
  const jobs = await sampleJobs(db, WARMUP + SAMPLES, SEED + 2, today);
  const timedSeekers = seekers.slice(WARMUP);
  const timedJobs = jobs.slice(WARMUP);
  log('counting candidates (not timed)');
  const jc: { exact: number; major: number }[] = [];
  for (const s of timedSeekers) jc.push(await jobCandidates(db, s.side, today));
  const sc: { exact: number; major: number }[] = [];
  for (const j of timedJobs) sc.push(await seekerCandidates(db, j.side));

  const { c: counter, plugin } = statementCounter();
  const counted = db.withPlugin(plugin);
  const rows: Row[] = [];
  const jobsP1 = await timeCalls('jobs for a seeker, page 1', seekers, (s) => rankJobsForSeeker(counted, s.side, today, LIMIT, 0), counter);
  jobsP1.candidates = jc.map((c) => c.exact + c.major);
  rows.push(jobsP1);
  rows.push(await timeCalls('jobs for a seeker, page 5', seekers, (s) => rankJobsForSeeker(counted, s.side, today, LIMIT, PAGE5), counter));
  rows.push(await timeCalls('recommendation page', seekers, (s) => recommendJobsPaged(db, s.side, today, { page: 1, pageSize: LIMIT })));
  const seekersP1 = await timeCalls('seekers for a job, page 1', jobs, (j) => rankSeekersForJob(counted, j.side, LIMIT, 0), counter);
  seekersP1.candidates = sc.map((c) => c.exact + c.major);
  rows.push(seekersP1);
  rows.push(await timeCalls('seekers for a job, page 5', jobs, (j) => rankSeekersForJob(counted, j.side, LIMIT, PAGE5), counter));
  rows.push(await timeCalls('matches page', jobs, (j) => seekerMatches(db, j.jobId, { page: 1, pageSize: LIMIT }, today)));

  // Brute force on the first VERIFY of each: page 1 and page 5 must be the same postings (seekers) with the same scores.
  let okJobs = 0;
  let okSeekers = 0;
  const nv = Math.min(VERIFY, SAMPLES);
  for (const s of timedSeekers.slice(0, nv)) {
    const all = await bruteJobs(db, s.side, today);
    const p1 = await rankJobsForSeeker(db, s.side, today, LIMIT, 0);
    const p5 = await rankJobsForSeeker(db, s.side, today, LIMIT, PAGE5);
    if (same(p1, all.slice(0, LIMIT)) && same(p5, all.slice(PAGE5, PAGE5 + LIMIT))) okJobs++;
    else log(`MISMATCH: seeker ${s.personId}: ranked ${JSON.stringify(p1.slice(0, 5))}, brute force ${JSON.stringify(all.slice(0, 5))}`);
  }
  for (const j of timedJobs.slice(0, nv)) {
    const all = await bruteSeekers(db, j.side);
    const p1 = (await rankSeekersForJob(db, j.side, LIMIT, 0)).map((r) => ({ id: r.personId, score: r.score }));
    const p5 = (await rankSeekersForJob(db, j.side, LIMIT, PAGE5)).map((r) => ({ id: r.personId, score: r.score }));
    if (same(p1, all.slice(0, LIMIT)) && same(p5, all.slice(PAGE5, PAGE5 + LIMIT))) okSeekers++;
    else log(`MISMATCH: job ${j.jobId}: ranked ${JSON.stringify(p1.slice(0, 5))}, brute force ${JSON.stringify(all.slice(0, 5))}`);
  }
  if (nv) log(`brute force: ${okJobs}/${nv} seekers, ${okSeekers}/${nv} postings identical`);

  const sum = (xs: { exact: number; major: number }[], k: 'exact' | 'major') => xs.map((x) => x[k]);
  const spread = (xs: number[]) => `${fmt(pct(xs, 50))} / ${fmt(pct(xs, 95))} / ${fmt(Math.max(...xs))}`;
  out.push(`\n### ${version}: ${fmt(shape.open!)} postings, ${fmt(shape.seekers!)} seekers\n`);
  out.push(
    `Data (${loadNote}; valid as of ${today}): ${fmt(shape.postings!)} postings (${fmt(shape.open!)} published and valid) from ${fmt(shape.enterprises!)} enterprises over ${shape.occupations} of the 79 middle groups ` +
      `(most common ${topOcc.map((o) => `${o.code} ${share(o.n, shape.postings!)}`).join(', ')}; ${rareOcc} groups under 0.1% each), ` +
      `most in ${topDistrict.map((d) => `${d.name} ${share(d.n, shape.postings!)}`).join(', ')}; ${fmt(shape.seekers!)} active seekers (${fmt(shape.persons!)} persons), ` +
      `${shape.occ_per_seeker!.toFixed(2)} occupations each, ${share(shape.no_district!, shape.seekers!)} naming no district; ${fmt(shape.places!)} \`job_seeker_place\` rows.\n`,
  );
  out.push(
    `${WARMUP} warm-up calls, then ${SAMPLES} random seekers (postings), one call after another. Candidates: postings (seekers) within reach in the seeker's occupations or their major groups (exact + major group), p50 / p95 / max; ` +
      `the exact occupations alone had ${spread(sum(jc, 'exact'))} postings and ${spread(sum(sc, 'exact'))} seekers. Queries: the statements a call sent (one per bucket of candidates read), mean / max.\n`,
  );
  out.push('| call | calls | candidates p50 / p95 / max | queries | p50 | p95 | max |');
  out.push('|---|---|---|---|---|---|---|');
  const names: Record<string, string> = {
    'jobs for a seeker, page 1': `top 20 postings for a seeker (\`rankJobsForSeeker\`, page 1)`,
    'jobs for a seeker, page 5': `same, page 5 (offset 80)`,
    'recommendation page': `the seeker's recommendation page (\`recommendJobsPaged\`: ranking, cards, reasons, count)`,
    'seekers for a job, page 1': `top 20 seekers for a posting (\`rankSeekersForJob\`, page 1)`,
    'seekers for a job, page 5': `same, page 5 (offset 80)`,
    'matches page': `the posting's matches page (\`seekerMatches\`: posting, ranking, persons, applications, reasons)`,
  };
  for (const r of rows) {
    const p95 = pct(r.runs, 95);
    const bold = r.label.endsWith('page 1') ? (x: string) => `**${x}**` : (x: string) => x;
    out.push(
      `| ${names[r.label]} | ${r.calls} | ${r.candidates ? spread(r.candidates) : ''} | ${r.statements ? `${(r.statements.reduce((a, b) => a + b, 0) / r.statements.length).toFixed(1)} / ${Math.max(...r.statements)}` : ''} | ${ms(pct(r.runs, 50))} ms | ${bold(`${ms(p95)} ms`)} | ${ms(Math.max(...r.runs))} ms |`,
    );
  }
  if (nv) out.push(`\nAgainst brute force (every candidate scored with \`scoreMatch\`, sorted by score then id): page 1 and page 5 identical for ${okJobs} of ${nv} seekers and ${okSeekers} of ${nv} postings.`);
  if (h.kind === 'postgres') {
    const met = pct(jobsP1.runs, 95) < 50 && pct(seekersP1.runs, 95) < 50;
    out.push(`\nGoal (p95 under 50 ms on PostgreSQL, page 1): ${met ? '**met**' : '**not met**'} — postings for a seeker ${ms(pct(jobsP1.runs, 95))} ms, seekers for a posting ${ms(pct(seekersP1.runs, 95))} ms.`);
  }

  // The plans of the slowest page-1 call of each direction.
  if (h.kind === 'postgres' && url) {
    const slowestSeeker = timedSeekers[jobsP1.runs.indexOf(Math.max(...jobsP1.runs))]!;
    const slowestJob = timedJobs[seekersP1.runs.indexOf(Math.max(...seekersP1.runs))]!;
    const explained: Explained[] = [
      { label: `top 20 postings for seeker ${slowestSeeker.personId} (the slowest call)`, capture: (spy) => rankJobsForSeeker(spy, slowestSeeker.side, today, LIMIT, 0) },
      { label: `top 20 seekers for posting ${slowestJob.jobId} (the slowest call)`, capture: (spy) => rankSeekersForJob(spy, slowestJob.side, LIMIT, 0) },
    ];
    const pool = new pg.Pool({ connectionString: url, max: 2, options: '-c TimeZone=Asia/Shanghai' });
    try {
      for (const e of explained) {
        const captured: CompiledQuery[] = [];
        const spy = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: (ev) => void (ev.level === 'query' && captured.push(ev.query)) });
        await e.capture(spy);
        out.push(`\n#### EXPLAIN (ANALYZE, BUFFERS): ${e.label}, ${captured.length} statement${captured.length === 1 ? '' : 's'}\n`);
        for (const q of captured) {
          const plan = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, [...q.parameters]);
          out.push('```sql', q.sql.replace(/\s+/g, ' ').trim(), `-- parameters: ${JSON.stringify(q.parameters)}`, '```', '```', plan.rows.map((r) => r['QUERY PLAN']).join('\n'), '```');
        }
      }
    } finally {
      await pool.end();
    }
  }
}

async function main() {
  const out: string[] = [];
  if (opt.only !== 'pglite') {
    const url = opt['database-url']!;
    await ensureDatabase(url, opt.recreate!);
    const h = await openDatabase({ databaseUrl: url });
    try {
      const z = { persons: int('seekers', opt.seekers), enterprises: int('enterprises', opt.enterprises), postings: int('postings', opt.postings), seekers: int('seekers', opt.seekers) };
      await benchBackend(h, z, opt.reload!, url, out);
    } finally {
      await h.close();
    }
  }
  if (opt.only !== 'postgres') {
    const h = await openDatabase({ dataDir: ':memory:' });
    try {
      const postings = int('demo-postings', opt['demo-postings']);
      const seekersN = int('demo-seekers', opt['demo-seekers']);
      const z = { persons: seekersN, enterprises: Math.max(DISTRICTS.length, Math.round(postings / 50)), postings, seekers: seekersN };
      await benchBackend(h, z, true, null, out);
    } finally {
      await h.close();
    }
  }
  out.push(`\nmachine: ${machine()}`);
  console.log(out.join('\n'));
}

await main();

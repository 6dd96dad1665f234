// Writes the synthetic city into the database: one seed batch per table for lineage, then the
// generator's rows through COPY in bounded chunks. While the database loads a chunk the generator
// prepares the next; at most three chunks are ever in memory, whatever the number of persons.
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { sql } from 'kysely';
import { z } from 'zod';
import type { DbHandle } from '../../db/index.js';
import { AppError } from '../../platform/errors.js';
import { chongqingDivisions, loadReferenceData } from '../registry/index.js';
import { CityGenerator, TABLE_COLUMNS, TABLE_DEPARTMENT, TABLE_ORDER, type CityTable, type RowSink } from './generate.js';

export type SeedOptions = {
  seed: number;
  persons: number;
  /** 'YYYY-MM-DD', the evaluation date. */
  asOf: string;
  onProgress?: (p: { phase: string; done: number; total: number }) => void;
};

export type SeedSummary = {
  persons: number;
  households: number;
  enterprises: number;
  employments: number;
  contributions: number;
  tables: Record<string, number>;
  seconds: number;
};

/** Bump when the generated data changes for a given seed, so batch hashes tell versions apart. */
const GENERATOR_VERSION = 2;
/** Rows buffered for one table before every buffer is written (parents first). */
const CHUNK_ROWS = 40_000;
/** Lines joined into one flat string at a time (see CopyWriter). */
const COMPACT_EVERY = 1_000;
/** Chunks loading at once, and COPY statements at once on PostgreSQL (each on its own connection). */
const CHUNKS_IN_FLIGHT = 2;
const COPY_CONNECTIONS = Math.max(2, Math.min(4, availableParallelism()));
/** Existing registry rows whose codes are loaded to be avoided; a larger registry is refused. */
const MAX_EXISTING_ROWS = 500_000;

const SeedOptionsSchema = z.object({
  seed: z.number().int().min(-2147483648).max(4294967295),
  persons: z.number().int().min(1).max(40_000_000),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s)),
});

/** Seeds a synthetic Chongqing into a migrated database. Deterministic for (seed, persons, asOf). */
export async function seedCity(handle: DbHandle, opts: SeedOptions): Promise<SeedSummary> {
  const parsed = SeedOptionsSchema.safeParse(opts);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('VALIDATION', {
      zh: `合成城市参数无效:${issue?.path.join('.') ?? ''}`,
      en: `Invalid synthetic-city options: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
    });
  }
  const { seed, persons, asOf } = parsed.data;
  const started = performance.now();
  const progress = opts.onProgress ?? (() => {});
  const db = handle.db;

  progress({ phase: 'reference', done: 0, total: 1 });
  await ensureReferenceData(handle);

  // Ids continue after what is there; codes already present are avoided.
  const maxId = async (table: 'person' | 'household' | 'enterprise' | 'employment') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.coalesce(eb.fn.max('id'), sql<number>`0`).as('m')).executeTakeFirstOrThrow()).m);
  const idBase = { person: await maxId('person'), household: await maxId('household'), enterprise: await maxId('enterprise'), employment: await maxId('employment') };
  const taken = await existingCodes(handle);

  const generator = new CityGenerator({ seed, persons, asOf, idBase, ...(taken.size > 0 ? { isTaken: (c: string) => taken.has(c) } : {}) });

  // One batch per table: lineage for every row.
  const fileSha256 = createHash('sha256').update(JSON.stringify({ generator: 'citygen', version: GENERATOR_VERSION, seed, persons, asOf })).digest('hex');
  const batchIds = {} as Record<CityTable, number>;
  for (const table of TABLE_ORDER) {
    const row = await db
      .insertInto('import_batch')
      .values({ feed: table, department_code: TABLE_DEPARTMENT[table], file_name: `synthetic-city seed=${seed}`, file_sha256: fileSha256, encoding: 'utf-8', mode: 'seed', status: 'loaded', created_by: null, finished_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    batchIds[table] = Number(row.id);
  }

  const writer = new CopyWriter(handle, batchIds);
  // Foreign-key checks run as per-row triggers, which triple the load time (in WASM on PGlite; at
  // city scale on PostgreSQL). Each COPY suspends them (pg_restore's --disable-triggers; on
  // PostgreSQL only for a superuser); the generator writes parents before children and every
  // reference is checked afterwards (checkReferences).
  try {
    progress({ phase: 'enterprises', done: 0, total: generator.enterpriseTotal });
    while (generator.nextEnterprise(writer)) {
      if (writer.full) {
        await writer.flush();
        progress({ phase: 'enterprises', done: generator.enterprisesDone, total: generator.enterpriseTotal });
      }
    }
    await writer.finish(); // employments reference enterprises of any chunk
    progress({ phase: 'enterprises', done: generator.enterprisesDone, total: generator.enterpriseTotal });
    progress({ phase: 'persons', done: 0, total: persons });
    while (generator.nextHousehold(writer)) {
      if (writer.full) {
        await writer.flush();
        progress({ phase: 'persons', done: generator.personsDone, total: persons });
      }
    }
    await writer.finish();
    progress({ phase: 'persons', done: generator.personsDone, total: persons });
    progress({ phase: 'check', done: 0, total: 1 });
    await checkReferences(handle, batchIds);
  } catch (err) {
    await writer.settle();
    await markBatches(handle, batchIds, writer.written, 'partially_loaded').catch(() => {});
    // The rows that did land are in the registry: resident_fact must hold them too (below).
    await sql`SELECT resident_fact_rebuild()`.execute(db).catch(() => {});
    throw err;
  }
  await markBatches(handle, batchIds, writer.written, 'loaded');
  // The COPY suspended the triggers that keep resident_fact (migration 0011): rebuild it.
  await sql`SELECT resident_fact_rebuild()`.execute(db);
  progress({ phase: 'done', done: persons, total: persons });

  const tables: Record<string, number> = {};
  for (const t of TABLE_ORDER) tables[t] = writer.written[t];
  return {
    persons: writer.written.person,
    households: writer.written.household,
    enterprises: writer.written.enterprise,
    employments: writer.written.employment,
    contributions: writer.written.contribution,
    tables,
    seconds: Math.round((performance.now() - started) / 10) / 100,
  };
}

/** loadReferenceData is idempotent but rewrites 12,000 divisions; skip it when they are all there. */
async function ensureReferenceData(handle: DbHandle): Promise<void> {
  const db = handle.db;
  const divisions = Number((await db.selectFrom('division').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const known = new Set((await db.selectFrom('department').select('code').execute()).map((r) => r.code));
  const missingDepartment = Object.values(TABLE_DEPARTMENT).some((code) => !known.has(code));
  if (divisions < chongqingDivisions().length || missingDepartment) await loadReferenceData(db);
}

async function markBatches(handle: DbHandle, batchIds: Record<CityTable, number>, written: Record<CityTable, number>, status: 'loaded' | 'partially_loaded') {
  for (const t of TABLE_ORDER) {
    await handle.db
      .updateTable('import_batch')
      .set({ rows_total: written[t], rows_inserted: written[t], status, finished_at: sql<Date>`now()` })
      .where('id', '=', batchIds[t])
      .execute();
  }
}

/** The references the suspended foreign keys would have checked, for the rows of these batches. */
async function checkReferences(handle: DbHandle, batchIds: Record<CityTable, number>): Promise<void> {
  const checks: [CityTable, string, string, string][] = [
    ['household', 'village_code', 'division', 'code'],
    ['person', 'household_id', 'household', 'id'],
    ['person', 'village_code', 'division', 'code'],
    ['person', 'hukou_village_code', 'division', 'code'],
    ['employment', 'enterprise_id', 'enterprise', 'id'],
    ['contribution', 'employment_id', 'employment', 'id'],
    ...TABLE_ORDER.filter((t) => (TABLE_COLUMNS[t] as readonly string[]).includes('person_id') && t !== 'contribution').map((t) => [t, 'person_id', 'person', 'id'] as [CityTable, string, string, string]),
    ['civil_assistance', 'household_id', 'household', 'id'],
  ];
  for (const [table, column, parent, key] of checks) {
    const res = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} c
      WHERE c.batch_id = ${batchIds[table]} AND c.${sql.ref(column)} IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM ${sql.table(parent)} p WHERE p.${sql.ref(key)} = c.${sql.ref(column)})`.execute(handle.db);
    const n = Number(res.rows[0]?.n ?? 0);
    if (n > 0) throw new Error(`synthetic city: ${n} ${table}.${column} rows reference no ${parent}`);
  }
}

/** Id numbers and credit codes already in a small registry (tests, fixtures); refuses a large one. */
async function existingCodes(handle: DbHandle): Promise<Set<string>> {
  const db = handle.db;
  const count = async (table: 'person' | 'enterprise') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const [persons, enterprises] = [await count('person'), await count('enterprise')];
  if (persons + enterprises > MAX_EXISTING_ROWS) {
    throw new AppError('CONFLICT', {
      zh: '登记库中已有大量人员或企业,合成城市只能写入空的或很小的登记库',
      en: 'The registry already holds many persons or enterprises; seed the synthetic city into an empty or small registry',
    });
  }
  const taken = new Set<string>();
  if (persons > 0) for (const r of await db.selectFrom('person').select('id_number').execute()) taken.add(r.id_number);
  if (enterprises > 0) for (const r of await db.selectFrom('enterprise').select('credit_code').execute()) taken.add(r.credit_code);
  return taken;
}

/** The tables a table's rows reference, within one chunk (enterprises are all loaded before persons). */
function parentsOf(table: CityTable): CityTable[] {
  switch (table) {
    case 'enterprise':
    case 'household':
      return [];
    case 'person':
      return ['household'];
    case 'employment':
      return ['person'];
    case 'contribution':
      return ['employment'];
    default:
      return ['person'];
  }
}

/** Limits how many COPY statements run at once. */
class Semaphore {
  #free: number;
  readonly #waiting: (() => void)[] = [];
  constructor(n: number) {
    this.#free = n;
  }
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await fn();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free++;
    }
  }
}

/**
 * Buffers CSV per table. A flush turns the buffers into one chunk of COPY jobs, each started once
 * the chunk's rows it references have landed. Chunks are self-contained (a household and all its
 * rows are in one chunk), so on PostgreSQL two chunks load side by side on several connections
 * while the generator fills the next; PGlite has one connection and loads one table at a time.
 */
class CopyWriter implements RowSink {
  readonly written = Object.fromEntries(TABLE_ORDER.map((t) => [t, 0])) as Record<CityTable, number>;
  full = false;
  readonly #handle: DbHandle;
  readonly #suffix: Record<CityTable, string>;
  readonly #copies: Semaphore;
  readonly #inFlight = new Set<Promise<void>>();
  // Rows of the chunk per table: recent lines, and blocks of lines already joined into flat strings.
  // Joining every COMPACT_EVERY lines keeps the chunk compact: a line built from template parts is a
  // tree of string pieces, several times larger than its text, until it is joined.
  #lines = {} as Record<CityTable, string[]>;
  #blocks = {} as Record<CityTable, string[]>;
  #counts = {} as Record<CityTable, number>;
  #error: unknown;

  constructor(handle: DbHandle, batchIds: Record<CityTable, number>) {
    this.#handle = handle;
    this.#suffix = Object.fromEntries(TABLE_ORDER.map((t) => [t, `,${batchIds[t]}\n`])) as Record<CityTable, string>;
    this.#copies = new Semaphore(handle.kind === 'postgres' ? COPY_CONNECTIONS : 1);
    this.#reset();
  }

  #reset(): void {
    for (const t of TABLE_ORDER) {
      this.#lines[t] = [];
      this.#blocks[t] = [];
      this.#counts[t] = 0;
    }
    this.full = false;
  }

  row(table: CityTable, line: string): void {
    const lines = this.#lines[table];
    lines.push(line);
    if (lines.length >= COMPACT_EVERY) {
      this.#blocks[table].push(lines.join(this.#suffix[table]) + this.#suffix[table]);
      this.#lines[table] = [];
    }
    if (++this.#counts[table] >= CHUNK_ROWS) this.full = true;
  }

  #csv(table: CityTable): string {
    const lines = this.#lines[table];
    const tail = lines.length > 0 ? lines.join(this.#suffix[table]) + this.#suffix[table] : '';
    return this.#blocks[table].join('') + tail;
  }

  /** Hands the buffered rows over as a chunk, once fewer than CHUNKS_IN_FLIGHT chunks are loading. */
  async flush(): Promise<void> {
    const jobs = TABLE_ORDER.filter((t) => this.#counts[t] > 0).map((t) => ({ table: t, csv: this.#csv(t), rows: this.#counts[t] }));
    this.#reset();
    while (this.#inFlight.size >= CHUNKS_IN_FLIGHT) await Promise.race(this.#inFlight);
    if (this.#error) throw this.#error;
    if (jobs.length === 0) return;
    const chunk = this.#load(jobs).catch((err: unknown) => {
      this.#error ??= err;
    });
    this.#inFlight.add(chunk);
    void chunk.finally(() => this.#inFlight.delete(chunk));
  }

  async #load(jobs: { table: CityTable; csv: string; rows: number }[]): Promise<void> {
    const landed = new Map<CityTable, Promise<void>>();
    for (const job of jobs) {
      const parents = parentsOf(job.table).flatMap((p) => landed.get(p) ?? []);
      landed.set(
        job.table,
        (async () => {
          await Promise.all(parents);
          await this.#copies.run(() => this.#handle.copyCsv(job.table, [...TABLE_COLUMNS[job.table], 'batch_id'], job.csv, { suspendTriggers: true }));
          this.written[job.table] += job.rows;
        })(),
      );
    }
    const results = await Promise.allSettled(landed.values());
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  async finish(): Promise<void> {
    await this.flush();
    await this.settle();
    if (this.#error) throw this.#error;
  }

  /** Waits for every chunk in flight, whatever its outcome. */
  async settle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.race(this.#inFlight);
  }
}

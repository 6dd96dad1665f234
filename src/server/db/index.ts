// Opens the database: embedded PGlite (default, on disk or in memory) or PostgreSQL (DATABASE_URL).
// Both speak the same PostgreSQL dialect; callers see one Kysely instance plus a bulk COPY helper.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  type Transaction,
} from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
export type DbOrTx = Db | Tx;

export type DbHandle = {
  db: Db;
  kind: 'pglite' | 'postgres';
  /**
   * Bulk-load CSV text (no header) into a table with COPY. Not transactional with `db`; callers stage.
   * `suspendTriggers` skips per-row foreign-key triggers for this load (pg_restore's
   * --disable-triggers); the caller must check references afterwards. On PostgreSQL it needs a
   * superuser and quietly keeps the triggers otherwise.
   */
  copyCsv(table: string, columns: readonly string[], csv: string, opts?: { suspendTriggers?: boolean }): Promise<void>;
  close(): Promise<void>;
};

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
// Counts and sums come back as JS numbers (ids and fen stay far below 2^53); dates as 'YYYY-MM-DD'.
const toNumber = (v: string) => Number(v);
const asText = (v: string) => v;

/** A single-connection driver for PGlite. A mutex keeps a transaction's statements together. */
class PGliteDriver implements Driver {
  #queue: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;
  constructor(private readonly client: PGlite) {}
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#queue;
    let release!: () => void;
    this.#queue = new Promise<void>((r) => (release = r));
    await previous;
    this.#release = release;
    return new PGliteConnection(this.client);
  }
  async beginTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery(CompiledQuery.raw('BEGIN'));
  }
  async commitTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery(CompiledQuery.raw('COMMIT'));
  }
  async rollbackTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery(CompiledQuery.raw('ROLLBACK'));
  }
  async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }
  async destroy(): Promise<void> {
    await this.client.close();
  }
}

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly client: PGlite) {}
  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    const res = await this.client.query<R>(q.sql, [...q.parameters]);
    const affected = res.affectedRows;
    return {
      rows: res.rows,
      ...(affected !== undefined ? { numAffectedRows: BigInt(affected) } : {}),
    };
  }
  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming queries are not supported on PGlite');
  }
}

function pgliteDialect(client: PGlite): Dialect {
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new PGliteDriver(client),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
}

export type OpenOptions = {
  /** PostgreSQL connection string. */
  databaseUrl?: string | undefined;
  /** PGlite data directory, or ':memory:' for an in-memory database. */
  dataDir?: string;
};

export async function openDatabase(opts: OpenOptions): Promise<DbHandle> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl);
  return openPGlite(opts.dataDir ?? ':memory:');
}

async function openPGlite(dataDir: string): Promise<DbHandle> {
  let dir: string | undefined;
  if (dataDir !== ':memory:') {
    dir = join(dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
  }
  const client = new PGlite({
    ...(dir ? { dataDir: dir } : {}),
    parsers: { [INT8]: toNumber, [NUMERIC]: toNumber, [DATE]: asText },
  });
  await client.waitReady;
  await client.exec(`SET TIME ZONE 'Asia/Shanghai'`);
  const db = new Kysely<Database>({ dialect: pgliteDialect(client) });
  return {
    db,
    kind: 'pglite',
    async copyCsv(table, columns, csv, opts) {
      if (csv.length === 0) return;
      // Through the driver's lock, so the COPY never lands inside another caller's transaction.
      await db.connection().execute(async () => {
        if (opts?.suspendTriggers) await client.query('SET session_replication_role = replica');
        try {
          await client.query(`COPY ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) FROM '/dev/blob' WITH (FORMAT csv)`, [], {
            blob: new Blob([csv]),
          });
        } finally {
          if (opts?.suspendTriggers) await client.query('RESET session_replication_role');
        }
      });
    },
    async close() {
      await db.destroy();
    },
  };
}

async function openPostgres(url: string): Promise<DbHandle> {
  pg.types.setTypeParser(INT8, toNumber);
  pg.types.setTypeParser(NUMERIC, toNumber);
  pg.types.setTypeParser(DATE, asText);
  const pool = new pg.Pool({ connectionString: url, max: 10, options: '-c TimeZone=Asia/Shanghai' });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    async copyCsv(table, columns, csv, opts) {
      if (csv.length === 0) return;
      const client = await pool.connect();
      let suspended = false;
      try {
        if (opts?.suspendTriggers) {
          suspended = await client.query('SET session_replication_role = replica').then(
            () => true,
            () => false,
          );
        }
        const stream = client.query(
          copyFrom(`COPY ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) FROM STDIN WITH (FORMAT csv)`),
        );
        await new Promise<void>((resolve, reject) => {
          stream.on('error', reject);
          stream.on('finish', resolve);
          stream.end(csv);
        });
      } finally {
        if (suspended) await client.query('RESET session_replication_role').catch(() => {});
        client.release();
      }
    },
    async close() {
      await db.destroy();
    },
  };
}

/** Identifiers here come from code, never from users; quoting keeps them exact. */
export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unsafe identifier: ${name}`);
  return `"${name}"`;
}

/** Quote one CSV field for COPY (FORMAT csv): null becomes an unquoted empty field. */
export function csvField(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Whether an error is PostgreSQL's unique_violation (23505), on either driver. */
export const isUniqueViolation = (e: unknown) => (e as { code?: unknown } | null)?.code === '23505';

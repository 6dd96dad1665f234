// A throwaway PostgreSQL database on a server: created on open, dropped (with its connections) on close.
// Used by tests (TEST_DATABASE_URL) and benchmarks (BENCH_DATABASE_URL).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DbHandle } from './index.js';

export async function openScratchPostgres(adminUrl: string, prefix: string): Promise<DbHandle & { url: string }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(statement);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const h = await openDatabase({ databaseUrl: url.toString() });
  return {
    ...h,
    url: url.toString(),
    async close() {
      await h.close();
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

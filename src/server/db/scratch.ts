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
      // The pool has sent each connection its goodbye, but the server may not have ended them yet;
      // dropping with FORCE then would terminate them, and a client still reading its socket raises
      // "terminating connection due to administrator command" as an uncaught error in the test run.
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        for (let i = 0; i < 100; i++) {
          const r = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
          if (r.rows[0]!.n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

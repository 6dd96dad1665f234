// The embedded database keeps every row across restarts, and migrating again changes nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadReferenceData } from '../modules/registry/reference-data.js';
import { openTestDatabase } from '../testing/harness.js';
import { openDatabase } from './index.js';
import { migrateToLatest } from './migrate.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('embedded PGlite on disk', () => {
  it('keeps rows across a close and reopen, and a second migrate applies nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'huimin-db-'));
    dirs.push(dir);
    const first = await openDatabase({ dataDir: dir });
    expect((await migrateToLatest(first.db)).applied).toEqual(['0001_foundation', '0002_rules', '0003_policy_data', '0004_plan', '0005_plan_change', '0006_cases', '0007_case_indexes', '0008_employment', '0009_insurance', '0010_run_write_path', '0011_resident_fact', '0012_division_level', '0013_snapshot_kept', '0014_run_keys']);
    await loadReferenceData(first.db);
    await first.db
      .insertInto('import_batch')
      .values({ feed: 'persistence', department_code: 'hrss', file_name: 'a.csv', file_sha256: 'x', encoding: 'utf-8', mode: 'reject', status: 'loaded', created_by: null, finished_at: null })
      .execute();
    await first.close();

    const second = await openDatabase({ dataDir: dir });
    expect((await migrateToLatest(second.db)).applied).toEqual([]);
    const divisions = await second.db.selectFrom('division').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(divisions.n).toBe(1 + 38 + 1031 + 11270);
    const batches = await second.db.selectFrom('import_batch').select('feed').execute();
    expect(batches).toEqual([{ feed: 'persistence' }]);
    // Loading reference data again is a no-op too.
    await loadReferenceData(second.db);
    expect((await second.db.selectFrom('division').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n).toBe(12340);
    await second.close();
  });
});

describe('the configured test database', () => {
  it('has the Chongqing divisions with the right counts per level', async () => {
    const h = await openTestDatabase();
    try {
      const rows = await h.db.selectFrom('division').select(['level', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('level').orderBy('level').execute();
      expect(rows.map((r) => [r.level, Number(r.n)])).toEqual([[1, 1], [2, 38], [3, 1031], [4, 11270]]);
      expect((await migrateToLatest(h.db)).applied).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it('serialises concurrent transactions on the single embedded connection', async () => {
    const h = await openTestDatabase();
    try {
      // A failed transaction must not roll back or swallow a concurrent plain statement.
      const failing = h.db.transaction().execute(async (tx) => {
        await tx.insertInto('import_batch').values({ feed: 'tx', department_code: null, file_name: 'f', file_sha256: 'x', encoding: 'utf-8', mode: 'reject', status: 'loaded', created_by: null, finished_at: null }).execute();
        await new Promise((r) => setTimeout(r, 20));
        throw new Error('boom');
      });
      const plain = h.db.insertInto('import_batch').values({ feed: 'plain', department_code: null, file_name: 'f', file_sha256: 'x', encoding: 'utf-8', mode: 'reject', status: 'loaded', created_by: null, finished_at: null }).execute();
      await expect(failing).rejects.toThrow('boom');
      await plain;
      const feeds = (await h.db.selectFrom('import_batch').select('feed').execute()).map((r) => r.feed);
      expect(feeds).toEqual(['plain']);
    } finally {
      await h.close();
    }
  });
});

// A file of 1,000,000 persons (about 90 MB of CSV) through the service, as the `huimin import` command
// runs it: validated, loaded in one transaction, then imported again to show that nothing changes.
// HUIMIN_IMPORT_ROWS sets another size.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDb } from '../../testing/harness.js';
import { chongqingDivisions, makeIdNumber } from '../registry/index.js';
import { importFile } from './index.js';

const ROWS = Number(process.env.HUIMIN_IMPORT_ROWS ?? 1_000_000);
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭'];
const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛'];
const EDUCATION = ['primary', 'junior', 'senior', 'vocational', 'college', 'bachelor'];

/** Row i: a distinct (district, birth date, sequence) for every i below 38 × 20,000 × 500. */
function personsFile(rows: number): Buffer {
  const villages = new Map<string, string[]>();
  for (const d of chongqingDivisions()) if (d.level === 4) villages.set(d.district_code!, [...(villages.get(d.district_code!) ?? []), d.code]);
  const districts = [...villages.keys()].sort();
  const day0 = Date.UTC(1950, 0, 1);
  const parts: string[] = ['id_number,name,hukou_village_code,residence_village_code,education,phone\n'];
  let block: string[] = [];
  for (let i = 0; i < rows; i++) {
    const district = districts[i % districts.length]!;
    const k = Math.floor(i / districts.length);
    const vs = villages.get(district)!;
    const village = vs[k % vs.length]!;
    const birth = new Date(day0 + (k % 20000) * 86_400_000).toISOString().slice(0, 10);
    const sex = i % 2 ? 'M' : 'F';
    const id = makeIdNumber(district, birth, sex, Math.floor(i / (districts.length * 20000)));
    block.push(`${id},${SURNAMES[i % 16]}${GIVEN[(i >> 4) % 16]},${village},${village},${EDUCATION[i % 6]},138${String(i).padStart(8, '0')}\n`);
    if (block.length === 10000) {
      parts.push(block.join(''));
      block = [];
    }
  }
  parts.push(block.join(''));
  return Buffer.from(parts.join(''));
}

let dbh: TestDb;
beforeAll(async () => {
  dbh = await openTestDatabase();
});
afterAll(async () => dbh?.close());

describe(`a file of ${ROWS.toLocaleString('en')} persons`, () => {
  it('loads every row in one batch, and a second import of the same file changes nothing', async () => {
    const content = personsFile(ROWS);
    let t0 = performance.now();
    const first = await importFile(dbh, { feed: 'persons', fileName: 'persons.csv', content, mode: 'reject', userId: null });
    const firstSeconds = (performance.now() - t0) / 1000;
    expect(first.errors).toEqual([]);
    expect(first.batch).toMatchObject({ status: 'loaded', encoding: 'utf-8', rowsTotal: ROWS, rowsInserted: ROWS, rowsUpdated: 0, rowsUnchanged: 0, rowsRejected: 0 });
    const stored = await dbh.db.selectFrom('person').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('id').as('lo'), eb.fn.max('id').as('hi')]).where('batch_id', '=', first.batch.id).executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(ROWS);
    // New persons are numbered 1…N without gaps.
    expect([Number(stored.lo), Number(stored.hi)]).toEqual([1, ROWS]);

    t0 = performance.now();
    const again = await importFile(dbh, { feed: 'persons', fileName: 'persons.csv', content, mode: 'reject', userId: null });
    const againSeconds = (performance.now() - t0) / 1000;
    expect(again.batch).toMatchObject({ status: 'loaded', rowsTotal: ROWS, rowsInserted: 0, rowsUpdated: 0, rowsUnchanged: ROWS, rowsRejected: 0 });
    const lineage = await dbh.db.selectFrom('person').select('batch_id').select((eb) => eb.fn.countAll<number>().as('n')).groupBy('batch_id').execute();
    expect(lineage.map((l) => [Number(l.batch_id), Number(l.n)])).toEqual([[first.batch.id, ROWS]]);
    console.log(`[exchange] ${dbh.kind}: ${ROWS.toLocaleString('en')} persons, ${(content.length / 1e6).toFixed(0)} MB: first import ${firstSeconds.toFixed(1)} s, re-import ${againSeconds.toFixed(1)} s`);
  }, 1_200_000);
});

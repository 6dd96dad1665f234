// Department feeds through HTTP, as an operator relies on them: loads with lineage, idempotent re-imports,
// whole-batch rejection and quarantine, clear errors (line, field, reason) for malformed files, wrong
// encodings, duplicate keys, invalid id numbers and unknown references.
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, VILLAGES, type Client, type TestContext } from '../../testing/harness.js';
import { makeCreditCode, makeIdNumber } from '../registry/index.js';
import { projectRoot } from '../../paths.js';
import { FEEDS, importFile } from './index.js';

let t: TestContext;
let admin: Client;
let civil: Client;
let hrss: Client;
type P = { id: number; idNumber: string };
const people: P[] = [];
let household: { id: number };

beforeAll(async () => {
  t = await createTestContext();
  household = await t.factory.household(VILLAGES.yubei);
  for (let i = 0; i < 8; i++) {
    people.push(await t.factory.person({ villageCode: i % 2 ? VILLAGES.wanzhou : VILLAGES.yubei, ...(i === 0 ? { householdId: household.id, relation: 'head' as const } : {}) }));
  }
  admin = await t.login('admin');
  civil = await t.login('civil');
  hrss = await t.login('hrss');
});
afterAll(async () => t?.close());

const person = (i: number) => people[i]!;
type Err = { line: number; field: string | null; code: string; message: string; messageEn: string };

function upload(c: Client, feed: string, body: string | Buffer, opts: { mode?: 'reject' | 'quarantine'; type?: string; fileName?: string } = {}) {
  const q = new URLSearchParams({ feed, fileName: opts.fileName ?? 'test.csv', ...(opts.mode ? { mode: opts.mode } : {}) });
  return c.post(`/api/imports?${q}`, typeof body === 'string' ? Buffer.from(body) : body, { 'content-type': opts.type ?? 'text/csv' });
}

const assistance = (personId: number) =>
  t.db.selectFrom('civil_assistance').selectAll().where('person_id', '=', personId).orderBy('start_date').execute();
const allAssistance = () => t.db.selectFrom('civil_assistance').selectAll().orderBy('person_id').orderBy('kind').orderBy('start_date').execute();

const CIVIL_HEADER = 'id_number,kind,start_date,end_date,monthly_amount_fen';

describe('a valid file', () => {
  let batchId: number;
  const file = () => [CIVIL_HEADER, `${person(0).idNumber},dibao,2023-01-01,,62000`, `${person(1).idNumber},低保,2023/3/1,2023-12-31,58000`].join('\n') + '\n';

  it('loads, and every row carries the batch, the person and the district', async () => {
    const res = await upload(civil, 'civil_assistance', file(), { fileName: 'dibao-2023.csv' });
    expect(res.statusCode, res.body).toBe(201);
    const { batch, errors } = res.json();
    expect(errors).toEqual([]);
    expect(batch).toMatchObject({ feed: 'civil_assistance', departmentCode: 'civil_affairs', fileName: 'dibao-2023.csv', encoding: 'utf-8', mode: 'reject', status: 'loaded', rowsTotal: 2, rowsInserted: 2, rowsUpdated: 0, rowsUnchanged: 0, rowsRejected: 0 });
    expect(batch.fileSha256).toMatch(/^[0-9a-f]{64}$/);
    batchId = batch.id;
    const [a] = await assistance(person(0).id);
    expect(a).toMatchObject({ kind: 'dibao', start_date: '2023-01-01', end_date: null, monthly_amount_fen: 62000, district_code: '500112', household_id: household.id, batch_id: batchId });
    // The Chinese label 低保 and the date 2023/3/1 are normalised.
    const [b] = await assistance(person(1).id);
    expect(b).toMatchObject({ kind: 'dibao', start_date: '2023-03-01', end_date: '2023-12-31', district_code: '500101', household_id: null, batch_id: batchId });
  });

  it('changes nothing when the same file comes again: 0 inserted, 0 updated, all unchanged, lineage kept', async () => {
    const before = await allAssistance();
    const res = await upload(civil, 'civil_assistance', file());
    expect(res.statusCode).toBe(201);
    expect(res.json().batch).toMatchObject({ status: 'loaded', rowsTotal: 2, rowsInserted: 0, rowsUpdated: 0, rowsUnchanged: 2 });
    expect(res.json().batch.id).not.toBe(batchId);
    expect(await allAssistance()).toEqual(before);
  });

  it('updates a changed row, which alone moves to the new batch', async () => {
    const changed = file().replace('62000', '65000');
    const res = await upload(civil, 'civil_assistance', changed);
    const batch = res.json().batch;
    expect(batch).toMatchObject({ rowsInserted: 0, rowsUpdated: 1, rowsUnchanged: 1 });
    expect((await assistance(person(0).id))[0]).toMatchObject({ monthly_amount_fen: 65000, batch_id: batch.id });
    expect((await assistance(person(1).id))[0]).toMatchObject({ batch_id: batchId });
  });

  it('leaves an optional column the file omits as stored, and clears it when the file has it empty', async () => {
    const withoutEnd = ['id_number,kind,start_date,monthly_amount_fen', `${person(1).idNumber},dibao,2023-03-01,58000`].join('\n');
    expect((await upload(civil, 'civil_assistance', withoutEnd)).json().batch).toMatchObject({ rowsUpdated: 0, rowsUnchanged: 1 });
    expect((await assistance(person(1).id))[0]!.end_date).toBe('2023-12-31');
    const emptyEnd = [CIVIL_HEADER, `${person(1).idNumber},dibao,2023-03-01,,58000`].join('\n');
    const res = await upload(civil, 'civil_assistance', emptyEnd);
    expect(res.json().batch).toMatchObject({ rowsUpdated: 1 });
    expect((await assistance(person(1).id))[0]).toMatchObject({ end_date: null, batch_id: res.json().batch.id });
  });

  it('lists the batch and shows it with its (empty) error report', async () => {
    const list = (await civil.get('/api/imports?feed=civil_assistance&pageSize=50')).json();
    expect(list.total).toBeGreaterThanOrEqual(4);
    expect(list.items[0]).toMatchObject({ feed: 'civil_assistance', createdByName: 'civil' });
    const one = (await civil.get(`/api/imports/${batchId}`)).json();
    expect(one.batch).toMatchObject({ id: batchId, status: 'loaded', rowsInserted: 2 });
    expect(one.errors).toEqual({ items: [], total: 0, page: 1, pageSize: 20 });
  });
});

describe('a file with errors', () => {
  const goodAndBad = () =>
    [CIVIL_HEADER, `${person(2).idNumber},dibao,2023-01-01,,50000`, `${person(3).idNumber},dibao,2023-01-01,,500.00`, `${person(4).idNumber},low_income,2023-02-01,,30000`].join('\n');

  it('is rejected whole: nothing written, the batch kept as rejected with line, field and reason', async () => {
    const before = await allAssistance();
    const res = await upload(civil, 'civil_assistance', goodAndBad());
    expect(res.statusCode).toBe(422);
    const err = res.json().error;
    expect(err.code).toBe('IMPORT_REJECTED');
    expect(err.message).toBe('导入被拒绝:3 行中有 1 行有错误,整批未写入');
    expect(err.messageEn).toBe('Import rejected: 1 of 3 rows have errors; nothing was written');
    expect(err.details.errors).toEqual([
      { line: 3, field: 'monthly_amount_fen', code: 'invalid_amount', message: '金额应为以“分”为单位的整数,不能有小数(100 元写作 10000)', messageEn: 'amounts are whole fen, without decimals (100 yuan is 10000)' },
    ]);
    expect(await allAssistance()).toEqual(before);
    const batch = (await civil.get(`/api/imports/${err.details.batchId}`)).json();
    expect(batch.batch).toMatchObject({ status: 'rejected', rowsTotal: 3, rowsInserted: 0, rowsRejected: 1 });
    expect(batch.errors.total).toBe(1);
    // The rejected source line is kept for the operator, in the database only (it holds personal data).
    const stored = await t.db.selectFrom('import_error').select(['line', 'raw']).where('batch_id', '=', err.details.batchId).execute();
    expect(stored).toEqual([{ line: 3, raw: `${person(3).idNumber},dibao,2023-01-01,,500.00` }]);
  });

  it('in quarantine mode loads the good rows and reports the bad ones', async () => {
    const res = await upload(civil, 'civil_assistance', goodAndBad(), { mode: 'quarantine' });
    expect(res.statusCode).toBe(201);
    const { batch, errors } = res.json();
    expect(batch).toMatchObject({ mode: 'quarantine', status: 'partially_loaded', rowsTotal: 3, rowsInserted: 2, rowsRejected: 1 });
    expect(errors.map((e: Err) => [e.line, e.field])).toEqual([[3, 'monthly_amount_fen']]);
    expect(await assistance(person(2).id)).toHaveLength(1);
    expect(await assistance(person(3).id)).toHaveLength(0);
    expect((await assistance(person(4).id))[0]).toMatchObject({ kind: 'low_income', batch_id: batch.id });
  });

  it('names every problem of a row, field by field', async () => {
    const res = await upload(civil, 'civil_assistance', [CIVIL_HEADER, `${person(5).idNumber},pension,2023-02-30,2022-01-01,`].join('\n'));
    const errors: Err[] = res.json().error.details.errors;
    expect(errors.map((e) => [e.line, e.field, e.code])).toEqual([
      [2, 'kind', 'invalid_choice'],
      [2, 'monthly_amount_fen', 'required'],
      [2, 'start_date', 'invalid_date'],
    ]);
    expect(errors.find((e) => e.field === 'kind')!.messageEn).toBe('is not one of dibao, extreme_poverty, low_income');
    expect(errors.find((e) => e.field === 'start_date')!.message).toBe('不是真实存在的日期');
  });

  it('checks fields against each other', async () => {
    const res = await upload(civil, 'civil_assistance', [CIVIL_HEADER, `${person(5).idNumber},dibao,2023-05-01,2023-01-31,100`].join('\n'));
    expect(res.json().error.details.errors).toEqual([{ line: 2, field: 'end_date', code: 'inconsistent', message: 'end_date 早于 start_date', messageEn: 'end_date is before start_date' }]);
  });

  it('refuses both lines of a duplicate natural key, each naming the other', async () => {
    const file = [CIVIL_HEADER, `${person(5).idNumber},dibao,2023-01-01,,100`, `${person(6).idNumber},dibao,2023-01-01,,100`, `${person(5).idNumber},低保,2023-01-01,,200`].join('\n');
    const res = await upload(civil, 'civil_assistance', file, { mode: 'quarantine' });
    expect(res.statusCode).toBe(201);
    const { batch, errors } = res.json();
    expect(batch).toMatchObject({ rowsTotal: 3, rowsInserted: 1, rowsRejected: 2 });
    expect(errors.map((e: Err) => [e.line, e.code, e.messageEn])).toEqual([
      [2, 'duplicate_key', 'the key (id_number, kind, start_date) duplicates line 4'],
      [4, 'duplicate_key', 'the key (id_number, kind, start_date) duplicates line 2'],
    ]);
    expect(await assistance(person(5).id)).toEqual([]);
  });

  it('refuses an id number that is not in the person registry, found set-based', async () => {
    const stranger = makeIdNumber('500112', '1990-01-01', 'F', 321);
    const res = await upload(civil, 'civil_assistance', [CIVIL_HEADER, `${stranger},dibao,2023-01-01,,100`].join('\n'));
    expect(res.json().error.details.errors).toEqual([
      { line: 2, field: 'id_number', code: 'unknown_person', message: '人员库中没有该身份证号(人员须先由公安人口数据导入)', messageEn: 'no person with this id number in the registry (persons come from the public-security feed)' },
    ]);
  });

  it('refuses invalid id numbers: a wrong check character, an impossible date, Excel notation', async () => {
    const good = person(5).idNumber;
    const wrongCheck = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
    const feb30 = makeIdNumber('500112', '1985-02-28', 'M', 1).slice(0, 6) + '19850230' + '0031';
    const file = [CIVIL_HEADER, `${wrongCheck},dibao,2023-01-01,,100`, `${feb30},dibao,2023-01-01,,100`, `5.00112E+17,dibao,2023-01-01,,100`].join('\n');
    const res = await upload(civil, 'civil_assistance', file);
    expect(res.json().error.details.errors.map((e: Err) => [e.line, e.field, e.messageEn])).toEqual([
      [2, 'id_number', 'the check character of the id number is wrong'],
      [3, 'id_number', 'the birth date in the id number is not a real date'],
      [4, 'id_number', 'the id number was turned into scientific notation by Excel; format the column as text and export again'],
    ]);
  });
  it('keeps every error of a file where every row is wrong, and returns the first 1,000', async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `${person(i % 8).idNumber},dibao,2030-01-01,,${i}.5`);
    const result = await importFile(t.dbh, { feed: 'civil_assistance', fileName: 'bad.csv', content: Buffer.from([CIVIL_HEADER, ...lines].join('\n')), mode: 'quarantine', userId: null });
    expect(result.batch).toMatchObject({ status: 'rejected', rowsTotal: 20_000, rowsRejected: 20_000, rowsInserted: 0 });
    expect(result.errors).toHaveLength(1000);
    expect(result.errors[0]).toMatchObject({ line: 2, field: 'monthly_amount_fen' });
    expect(result.errors.at(-1)!.line).toBeLessThan(1100);
    const stored = await t.db.selectFrom('import_error').select((eb) => eb.fn.countAll<number>().as('n')).where('batch_id', '=', result.batch.id).executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(20_000);
  });

  it('accepts a file with a header and no rows as an empty, loaded batch', async () => {
    const res = await upload(civil, 'civil_assistance', `${CIVIL_HEADER}\n`);
    expect(res.statusCode).toBe(201);
    expect(res.json().batch).toMatchObject({ status: 'loaded', rowsTotal: 0, rowsInserted: 0 });
  });
});

describe('malformed CSV', () => {
  it('reports an unclosed quote with its line, and goes on reading the lines after it', async () => {
    const file = [CIVIL_HEADER, `${person(6).idNumber},dibao,2023-06-01,,100`, `${person(7).idNumber},"dibao,2023-06-01,,100`, `${person(7).idNumber},low_income,2023-06-01,,100`].join('\n');
    const res = await upload(civil, 'civil_assistance', file, { mode: 'quarantine' });
    const { batch, errors } = res.json();
    expect(batch).toMatchObject({ rowsTotal: 3, rowsInserted: 2, rowsRejected: 1 });
    expect(errors).toEqual([{ line: 3, field: null, code: 'csv_quote', message: '第 3 行第 2 列的引号没有闭合', messageEn: 'the quote opened in column 2 on line 3 is never closed' }]);
  });

  it('reports a row with the wrong number of columns', async () => {
    const res = await upload(civil, 'civil_assistance', [CIVIL_HEADER, `${person(6).idNumber},dibao,2023-07-01,100`].join('\n'));
    expect(res.json().error.details.errors).toEqual([{ line: 2, field: null, code: 'csv_width', message: '有 4 列,表头有 5 列', messageEn: 'has 4 columns; the header has 5' }]);
  });

  it('refuses a header without a required column, whatever the mode, and says which', async () => {
    const res = await upload(civil, 'civil_assistance', ['id_number,kind,end_date', `${person(6).idNumber},dibao,`].join('\n'), { mode: 'quarantine' });
    expect(res.statusCode).toBe(422);
    const err = res.json().error;
    expect(err.messageEn).toBe('Import rejected: The header lacks required columns: start_date, monthly_amount_fen');
    expect(err.details.errors).toEqual([{ line: 1, field: null, code: 'header', message: '表头缺少必填列:start_date, monthly_amount_fen', messageEn: 'The header lacks required columns: start_date, monthly_amount_fen' }]);
    expect(err.details.batch).toMatchObject({ status: 'rejected', rowsTotal: 0 });
  });

  it('refuses unknown header columns rather than dropping their data', async () => {
    const res = await upload(civil, 'civil_assistance', [`${CIVIL_HEADER},remark`, `${person(6).idNumber},dibao,2023-07-01,,100,x`].join('\n'));
    expect(res.json().error.details.errors[0].messageEn).toContain('The header has unknown columns: remark; the columns are: id_number, kind, start_date, end_date, monthly_amount_fen');
  });
});

describe('encodings', () => {
  it('loads a GBK file with Chinese headers and labels, and records the encoding', async () => {
    const text = ['身份证号,救助类别,起始日期,终止日期,月救助金额(分)', `${person(6).idNumber},特困,2023-08-01,,90000`].join('\r\n') + '\r\n';
    const res = await upload(civil, 'civil_assistance', iconv.encode(text, 'gbk'), { fileName: '特困供养.csv' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().batch).toMatchObject({ encoding: 'gbk', status: 'loaded', rowsInserted: 1, fileName: '特困供养.csv' });
    expect((await assistance(person(6).id)).map((a) => a.kind)).toContain('extreme_poverty');
  });

  it('loads UTF-8 with a byte-order mark (Excel "CSV UTF-8")', async () => {
    const text = '\uFEFF' + [CIVIL_HEADER, `${person(6).idNumber},dibao,2023-09-01,,100`].join('\r\n');
    const res = await upload(civil, 'civil_assistance', Buffer.from(text));
    expect(res.json().batch).toMatchObject({ encoding: 'utf-8', rowsInserted: 1 });
  });

  it('refuses a file that is neither UTF-8 nor GBK, saying so in both languages', async () => {
    const latin1 = Buffer.from([CIVIL_HEADER, `${person(6).idNumber},dibao,2023-10-01,,100,Zoë`].join('\n'), 'latin1');
    const res = await upload(civil, 'civil_assistance', latin1);
    expect(res.statusCode).toBe(422);
    const err = res.json().error;
    expect(err.message).toContain('既不是 UTF-8,也不是 GBK/GB18030(第 2 行起出现无效字节)');
    expect(err.messageEn).toContain('neither UTF-8 nor GBK/GB18030 (invalid bytes from line 2)');
    expect(err.details.batch).toMatchObject({ status: 'rejected', encoding: 'unknown' });
  });

  it('refuses random bytes and spreadsheets', async () => {
    let seed = 42;
    const random = Buffer.from(Array.from({ length: 2048 }, () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 256));
    const r1 = await upload(civil, 'civil_assistance', random, { type: 'application/octet-stream' });
    expect(r1.statusCode).toBe(422);
    expect(r1.json().error.details.errors[0].code).toMatch(/^file_(encoding|format)$/);
    const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100)]);
    const r2 = await upload(civil, 'civil_assistance', xlsx, { type: 'application/vnd.ms-excel' });
    expect(r2.json().error.messageEn).toContain('This is an Excel workbook (.xlsx)');
  });
});

describe('JSON and NDJSON', () => {
  it('loads a JSON array of objects, with numbers and nulls, and numbers errors by line', async () => {
    const body = JSON.stringify(
      [
        { id_number: person(7).idNumber, kind: 'dibao', start_date: '2024-01-01', end_date: null, monthly_amount_fen: 70000 },
        { id_number: person(7).idNumber, kind: 'dibao', start_date: '2024-02-01', monthly_amount_fen: -5 },
      ],
      null,
      2,
    );
    const res = await upload(civil, 'civil_assistance', body, { type: 'application/json', mode: 'quarantine', fileName: 'a.json' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().batch).toMatchObject({ rowsTotal: 2, rowsInserted: 1, rowsRejected: 1 });
    // The second object starts on line 9 of the pretty-printed file.
    expect(res.json().errors.map((e: Err) => [e.line, e.field, e.code])).toEqual([[9, 'monthly_amount_fen', 'invalid_amount']]);
    expect((await assistance(person(7).id)).find((a) => a.start_date === '2024-01-01')).toMatchObject({ monthly_amount_fen: 70000 });
  });

  it('loads NDJSON, one object per line', async () => {
    const body = [
      { id_number: person(7).idNumber, kind: 'low_income', start_date: '2024-03-01', monthly_amount_fen: '1000' },
      { id_number: person(7).idNumber, kind: 'low_income', start_date: '2024-04-01', monthly_amount_fen: 1000, note: 'x' },
    ]
      .map((o) => JSON.stringify(o))
      .join('\n');
    const res = await upload(civil, 'civil_assistance', body, { type: 'application/x-ndjson', mode: 'quarantine' });
    expect(res.json().batch).toMatchObject({ rowsInserted: 1, rowsRejected: 1 });
    expect(res.json().errors).toEqual([expect.objectContaining({ line: 2, field: 'note', code: 'unknown_field' })]);
  });
});

describe('registry feeds', () => {
  const PERSON_HEADER = 'id_number,name,sex,birth_date,hukou_village_code,residence_village_code,education,phone,household_no,relation';

  it('adds persons with ids after the largest, sex and birth date taken from the id number', async () => {
    const a = makeIdNumber('500112', '1992-04-05', 'F', 11);
    const b = makeIdNumber('500101', '2001-12-31', 'M', 12);
    const file = [PERSON_HEADER, `${a},赵敏,,,${VILLAGES.yubei},${VILLAGES.yubei2},bachelor,13912345678,${household.id},spouse`, `${b},钱进,男,2001-12-31,${VILLAGES.wanzhou},${VILLAGES.jiefangbei},高中,,,`].join('\n');
    const res = await upload(admin, 'persons', file);
    expect(res.statusCode, res.body).toBe(201);
    const batch = res.json().batch;
    expect(batch).toMatchObject({ departmentCode: 'public_security', rowsInserted: 2 });
    const rows = await t.db.selectFrom('person').selectAll().where('batch_id', '=', batch.id).orderBy('id').execute();
    const maxBefore = Math.max(...people.map((p) => p.id));
    expect(rows.map((r) => r.id)).toEqual([maxBefore + 1, maxBefore + 2]);
    expect(rows[0]).toMatchObject({ id_number: a, name: '赵敏', sex: 'F', birth_date: '1992-04-05', hukou_district_code: '500112', district_code: '500112', township_code: '500112002', village_code: VILLAGES.yubei2, education: 'bachelor', household_id: household.id, relation: 'spouse' });
    expect(rows[1]).toMatchObject({ sex: 'M', birth_date: '2001-12-31', district_code: '500103', education: 'senior', phone: null, household_id: null });
    // Again: nothing changes.
    expect((await upload(admin, 'persons', file)).json().batch).toMatchObject({ rowsInserted: 0, rowsUpdated: 0, rowsUnchanged: 2 });
  });

  it('checks a person against their own id number, hukou district, the divisions and the households', async () => {
    const id = (seq: number, region = '500112') => makeIdNumber(region, '1992-04-05', 'F', seq);
    const file = [
      PERSON_HEADER,
      `${id(21)},甲,男,,${VILLAGES.yubei},${VILLAGES.yubei},senior,,,`,
      `${id(22)},乙,,1992-04-06,${VILLAGES.yubei},${VILLAGES.yubei},senior,,,`,
      `${id(23, '500101')},丙,,,${VILLAGES.yubei},${VILLAGES.yubei},senior,,,`,
      `${id(24)},丁,,,${VILLAGES.yubei},500112002999,senior,,,`,
      `${id(25)},戊,,,${VILLAGES.yubei},${VILLAGES.yubei},senior,12345,,`,
      `${id(26)},己,,,${VILLAGES.yubei},${VILLAGES.yubei},senior,,999999999,child`,
      `${id(27)},庚,,,${VILLAGES.yubei},${VILLAGES.yubei},senior,,,child`,
    ].join('\n');
    const res = await upload(admin, 'persons', file);
    expect(res.json().error.details.errors.map((e: Err) => [e.line, e.field, e.messageEn])).toEqual([
      [2, 'sex', 'the sex does not match the id number'],
      [3, 'birth_date', 'the birth date does not match the id number'],
      [4, 'hukou_village_code', "the id number's region code 500101 is not the hukou district 500112"],
      [5, 'residence_village_code', 'is not a current Chongqing village division code'],
      [6, 'phone', 'is not a valid phone number'],
      [7, 'household_no', 'no household with this number (import households first)'],
      [8, 'relation', 'a relation is given without a household number'],
    ]);
  });

  it('links enterprises, employments and contributions by credit code, id number and dates', async () => {
    const cc = makeCreditCode('500112', 12345678);
    const ent = await upload(admin, 'enterprises', ['credit_code,name,industry_section,township_code,size,established_on', `${cc},重庆惠民测试有限公司,c,500112002,小型,2015-03-01`].join('\n'));
    expect(ent.statusCode, ent.body).toBe(201);
    const stored = await t.db.selectFrom('enterprise').selectAll().where('credit_code', '=', cc).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ industry_section: 'C', size: 'small', district_code: '500112', batch_id: ent.json().batch.id });

    const unknownCc = makeCreditCode('500112', 87654321);
    const emp = await upload(hrss, 'employments', ['id_number,credit_code,start_date,end_date,monthly_wage_fen', `${person(1).idNumber},${cc},2022-07-01,,650000`, `${person(1).idNumber},${unknownCc},2022-07-01,,650000`].join('\n'), { mode: 'quarantine' });
    expect(emp.json().batch).toMatchObject({ rowsInserted: 1, rowsRejected: 1 });
    expect(emp.json().errors).toEqual([expect.objectContaining({ line: 3, field: 'credit_code', code: 'unknown_enterprise' })]);
    const employment = await t.db.selectFrom('employment').selectAll().where('person_id', '=', person(1).id).executeTakeFirstOrThrow();
    expect(employment).toMatchObject({ enterprise_id: stored.id, district_code: '500112', monthly_wage_fen: 650000 });

    const header = 'id_number,credit_code,employment_start_date,month,base_fen,pension_fen,unemployment_fen,injury_fen';
    const con = await upload(hrss, 'contributions', [header, `${person(1).idNumber},${cc},2022-07-01,2023-01,650000,52000,3250,1300`, `${person(1).idNumber},${cc},2022-07-01,2022-06,650000,52000,3250,1300`, `${person(1).idNumber},${cc},2022-08-01,2023-01,1,1,1,1`].join('\n'), { mode: 'quarantine' });
    expect(con.json().errors.map((e: Err) => [e.line, e.field, e.code])).toEqual([
      [3, 'month', 'inconsistent'],
      [4, 'employment_start_date', 'unknown_employment'],
    ]);
    const month = await t.db.selectFrom('contribution').selectAll().where('employment_id', '=', employment.id).execute();
    expect(month).toEqual([expect.objectContaining({ month: '2023-01-01', person_id: person(1).id, district_code: '500112', pension_fen: 52000, batch_id: con.json().batch.id })]);
  });

  it('keeps a certificate number unique to one person, in the file and against the registry', async () => {
    const header = 'id_number,certificate_no,category,grade,issued_on';
    const first = await upload(admin, 'disability_certificates', [header, `${person(2).idNumber},${person(2).idNumber}41,physical,4,2020-05-01`].join('\n'));
    expect(first.statusCode, first.body).toBe(201);
    const clash = await upload(admin, 'disability_certificates', [header, `${person(3).idNumber},${person(2).idNumber}41,肢体,3,2021-05-01`, `${person(4).idNumber},X123456,visual,1,2021-05-01`, `${person(5).idNumber},X123456,visual,1,2021-05-01`].join('\n'));
    expect(clash.json().error.details.errors.map((e: Err) => [e.line, e.field, e.code])).toEqual([
      [2, 'certificate_no', 'conflict'],
      [3, 'certificate_no', 'duplicate_value'],
      [4, 'certificate_no', 'duplicate_value'],
    ]);
  });
});

describe('the feed catalogue and the audit trail', () => {
  it('lists every feed with its department, natural key and columns', async () => {
    const feeds = (await civil.get('/api/feeds')).json();
    expect(feeds.map((f: { name: string }) => f.name)).toEqual([
      'persons', 'households', 'enterprises', 'employments', 'contributions', 'civil_assistance', 'deaths', 'hukou_moves', 'graduates', 'students',
      'disability_certificates', 'veterans', 'poverty_alleviated', 'former_fishermen', 'unemployment_registrations', 'insurance_enrolments', 'training_records', 'medical_enrolments',
      'entrepreneurship_loans', 'housing_status',
    ]);
    const ca = feeds.find((f: { name: string }) => f.name === 'civil_assistance');
    expect(ca).toMatchObject({ department: 'civil_affairs', departmentName: '市民政局', key: ['id_number', 'kind', 'start_date'], exampleHeader: CIVIL_HEADER, canImport: true });
    expect(ca.columns[0]).toMatchObject({ name: 'id_number', labelZh: '身份证号', required: true, type: 'id_number' });
    expect(feeds.filter((f: { canImport: boolean }) => f.canImport).map((f: { name: string }) => f.name)).toEqual(['civil_assistance']);
  });

  it('writes an audit row for every import, accepted or rejected', async () => {
    const ok = await upload(civil, 'civil_assistance', [CIVIL_HEADER, `${person(6).idNumber},dibao,2025-01-01,,100`].join('\n'));
    const rejected = await upload(civil, 'civil_assistance', [CIVIL_HEADER, `${person(6).idNumber},dibao,2025-02-01,,x`].join('\n'));
    const ids = [String(ok.json().batch.id), String(rejected.json().error.details.batchId)];
    const rows = await t.db.selectFrom('audit_log').select(['username', 'action', 'entity_type', 'entity_id', 'request_id']).where('entity_type', '=', 'import_batch').where('entity_id', 'in', ids).orderBy('id').execute();
    expect(rows).toEqual([
      { username: 'civil', action: 'import.create', entity_type: 'import_batch', entity_id: ids[0], request_id: ok.headers['x-request-id'] },
      { username: 'civil', action: 'import.create', entity_type: 'import_batch', entity_id: ids[1], request_id: rejected.headers['x-request-id'] },
    ]);
  });
});

describe('every feed', () => {
  // One valid row per feed, in catalogue order (employments before contributions).
  const rows = (): Record<string, Record<string, string>> => {
    const p = person(0).idNumber;
    return {
      persons: { id_number: makeIdNumber('500112', '1970-01-01', 'M', 400), name: '孙立', hukou_village_code: VILLAGES.yubei, residence_village_code: VILLAGES.yubei2, education: 'junior' },
      households: { household_no: '777001', village_code: VILLAGES.wanzhou, hukou_type: '农村' },
      enterprises: { credit_code: makeCreditCode('500101', 55555), name: '万州测试商贸有限公司', industry_section: 'F', township_code: '500101001', size: 'micro', established_on: '2020-01-01' },
      employments: { id_number: p, credit_code: everyFeedEnterprise, start_date: '2021-01-01', monthly_wage_fen: '500000' },
      contributions: { id_number: p, credit_code: everyFeedEnterprise, employment_start_date: '2021-01-01', month: '2021-02', base_fen: '500000', pension_fen: '40000', unemployment_fen: '2500', injury_fen: '1000' },
      civil_assistance: { id_number: p, kind: 'extreme_poverty', start_date: '2019-01-01', monthly_amount_fen: '100' },
      deaths: { id_number: person(7).idNumber, death_date: '2025-01-01' },
      hukou_moves: { id_number: p, move_date: '2020-01-01', from_village_code: '510104001001', to_village_code: VILLAGES.yubei },
      graduates: { id_number: p, graduation_year: '2022', school: '重庆大学', level: 'bachelor', major: '计算机科学与技术' },
      students: { id_number: p, school_year: '2023', stage: 'higher', school: '重庆大学' },
      disability_certificates: { id_number: person(7).idNumber, certificate_no: `${person(7).idNumber}52`, category: 'mental', grade: '2', issued_on: '2019-01-01' },
      veterans: { id_number: p, discharge_date: '2010-01-01', service_branch: 'army', entitled_group: '是' },
      poverty_alleviated: { id_number: p, lifted_year: '2019', relapse_watch: 'false' },
      former_fishermen: { id_number: p, registered_on: '2020-06-01', water_body: '长江' },
      unemployment_registrations: { id_number: p, registered_on: '2020-01-01', ended_on: '2020-06-01', end_reason: 'employed' },
      insurance_enrolments: { id_number: p, scheme: 'employee_pension', enrolled_on: '2015-01-01', status: 'active' },
      training_records: { id_number: p, course_code: 'C-001', course_name: '育婴员培训', kind: 'employment_skills', start_date: '2021-03-01', end_date: '2021-03-20', certificate_level: '五级' },
      medical_enrolments: { id_number: p, year: '2024', scheme: '城乡居民医保' },
      entrepreneurship_loans: { id_number: p, loan_no: 'CYDB-2022-000001', lender: '重庆农村商业银行', principal_fen: '20000000', start_date: '2022-03-01', end_date: '2025-03-01', interest_subsidy_eligible: '是' },
      housing_status: { id_number: p, as_of: '2023-06-01', owns_home: '否', public_rental_tenant: '是' },
    };
  };
  let everyFeedEnterprise: string;

  it('loads a valid row into its table with the batch as lineage, and a second time changes nothing', async () => {
    everyFeedEnterprise = (await t.factory.enterprise({ townshipCode: '500112002' })).creditCode;
    const examples = rows();
    expect(Object.keys(examples)).toEqual(FEEDS.map((f) => f.name));
    for (const feed of FEEDS) {
      const row = examples[feed.name]!;
      const csv = `${Object.keys(row).join(',')}\n${Object.values(row).join(',')}\n`;
      const first = await upload(admin, feed.name, csv);
      expect(first.statusCode, `${feed.name}: ${first.body}`).toBe(201);
      expect(first.json().batch, feed.name).toMatchObject({ departmentCode: feed.department, rowsInserted: 1 });
      const stored = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(feed.table)} WHERE batch_id = ${first.json().batch.id}`.execute(t.db);
      expect(stored.rows[0]!.n, feed.name).toBe(1);
      expect((await upload(admin, feed.name, csv)).json().batch, feed.name).toMatchObject({ rowsInserted: 0, rowsUpdated: 0, rowsUnchanged: 1 });
    }
  });

  it('reads an empty flag as false (the column cannot be null)', async () => {
    const res = await upload(admin, 'veterans', `id_number,discharge_date,service_branch,entitled_group\n${person(1).idNumber},2012-12-01,武警,\n`);
    expect(res.statusCode, res.body).toBe(201);
    const v = await t.db.selectFrom('veteran').selectAll().where('person_id', '=', person(1).id).executeTakeFirstOrThrow();
    expect(v).toMatchObject({ service_branch: 'armed_police', entitled_group: false, district_code: '500101' });
  });

  it('is documented in docs/feeds.md with its columns', () => {
    const doc = readFileSync(`${projectRoot}/docs/feeds.md`, 'utf8');
    for (const feed of FEEDS) {
      expect(doc).toContain(`### \`${feed.name}\``);
      expect(doc).toContain(Object.keys(feed.columns).join(','));
    }
  });
});

// The two feeds the policy pack needs (0003): guaranteed business loans (hrss) and housing status
// (housing). Through HTTP as an operator uses them: a good file loads with lineage and loads again
// unchanged, a bad row is refused with its line and field, only the owning department may import;
// and the fact catalogue reads them, with "no housing record" left undetermined.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, VILLAGES, type Client, type TestContext } from '../../testing/harness.js';
import { makeIdNumber } from '../registry/index.js';
import { buildSnapshot, readFactRow } from '../rules/index.js';

let t: TestContext;
let admin: Client;
let hrss: Client;
let civil: Client;
type P = { id: number; idNumber: string };
const people: P[] = [];

beforeAll(async () => {
  t = await createTestContext();
  for (let i = 0; i < 6; i++) {
    const household = await t.factory.household(i % 2 ? VILLAGES.wanzhou : VILLAGES.yubei);
    people.push(await t.factory.person({ villageCode: i % 2 ? VILLAGES.wanzhou : VILLAGES.yubei, householdId: household.id, relation: 'head' }));
  }
  admin = await t.login('admin');
  hrss = await t.login('hrss');
  civil = await t.login('civil');
});
afterAll(async () => t?.close());

const person = (i: number) => people[i]!;
type Err = { line: number; field: string | null; code: string; message: string; messageEn: string };

function upload(c: Client, feed: string, body: string, mode: 'reject' | 'quarantine' = 'reject') {
  const q = new URLSearchParams({ feed, fileName: `${feed}.csv`, mode });
  return c.post(`/api/imports?${q}`, Buffer.from(body), { 'content-type': 'text/csv' });
}
const errorsOf = (res: { json(): { error: { details: { errors: Err[] } } } }) => res.json().error.details.errors.map((e) => [e.line, e.field, e.code]);

const LOAN_HEADER = 'id_number,loan_no,lender,principal_fen,start_date,end_date,repaid_on,overdue,interest_subsidy_eligible';
const HOUSING_HEADER = 'id_number,as_of,owns_home,public_rental_tenant,per_capita_floor_area_sqm';

describe('entrepreneurship_loans', () => {
  const file = () =>
    [
      LOAN_HEADER,
      `${person(0).idNumber},CYDB-2025-000001,重庆农村商业银行,20000000,2025-03-15,2028-03-15,,,是`,
      `${person(1).idNumber},cydb-2024-000002,重庆银行,10000000,2024/6/1,2027-06-01,,,`,
      `${person(2).idNumber},CYDB-2022-000003,重庆三峡银行,5000000,2022-01-10,2024-01-10,2024-01-10,否,true`,
    ].join('\n');

  it('loads from the hrss officer, with the person, the residence district and the batch', async () => {
    const res = await upload(hrss, 'entrepreneurship_loans', file());
    expect(res.statusCode, res.body).toBe(201);
    const batch = res.json().batch;
    expect(batch).toMatchObject({ feed: 'entrepreneurship_loans', departmentCode: 'hrss', status: 'loaded', rowsInserted: 3 });
    const rows = await t.db.selectFrom('entrepreneurship_loan').selectAll().orderBy('person_id').execute();
    expect(rows.map((r) => [r.person_id, r.loan_no, r.district_code, r.batch_id])).toEqual([
      [person(0).id, 'CYDB-2025-000001', '500112', batch.id],
      [person(1).id, 'CYDB-2024-000002', '500101', batch.id],
      [person(2).id, 'CYDB-2022-000003', '500112', batch.id],
    ]);
    expect(rows[0]).toMatchObject({ principal_fen: 20_000_000, start_date: '2025-03-15', end_date: '2028-03-15', repaid_on: null, overdue: false, interest_subsidy_eligible: true });
    // An empty assessment stays unknown (NULL), not "not eligible".
    expect(rows[1]).toMatchObject({ start_date: '2024-06-01', interest_subsidy_eligible: null });
    expect(rows[2]).toMatchObject({ repaid_on: '2024-01-10', overdue: false, interest_subsidy_eligible: true });
    expect((await upload(hrss, 'entrepreneurship_loans', file())).json().batch).toMatchObject({ rowsInserted: 0, rowsUpdated: 0, rowsUnchanged: 3 });
  });

  it('refuses bad rows naming line and field: zero principal, dates out of order, a bad flag, an unknown person', async () => {
    const p = person(3).idNumber;
    const body = [
      LOAN_HEADER,
      `${p},CYDB-2025-000010,重庆银行,0,2025-01-01,2027-01-01,,,`,
      `${p},CYDB-2025-000011,重庆银行,100000,2025-01-01,2024-12-31,,,`,
      `${p},CYDB-2025-000012,重庆银行,100000,2025-01-01,2027-01-01,2024-06-01,,`,
      `${p},CYDB-2025-000013,重庆银行,100000,2025-01-01,2027-01-01,,,也许`,
      `${p},CYDB-2025-000014,重庆银行,1000.50,2025-01-01,2027-01-01,,,`,
      `${makeIdNumber('500112', '1990-01-01', 'F', 321)},CYDB-2025-000015,重庆银行,100000,2025-01-01,2027-01-01,,,`,
      `${p},CYDB-2025-000016,重庆银行,100000,2025-01-01,2027-01-01,,,`,
    ].join('\n');
    const res = await upload(hrss, 'entrepreneurship_loans', body, 'quarantine');
    expect(res.statusCode, res.body).toBe(201);
    const { batch, errors } = res.json();
    expect(batch).toMatchObject({ status: 'partially_loaded', rowsTotal: 7, rowsInserted: 1, rowsRejected: 6 });
    expect(errors.map((e: Err) => [e.line, e.field, e.code])).toEqual([
      [2, 'principal_fen', 'out_of_range'],
      [3, 'end_date', 'inconsistent'],
      [4, 'repaid_on', 'inconsistent'],
      [5, 'interest_subsidy_eligible', 'invalid_boolean'],
      [6, 'principal_fen', 'invalid_amount'],
      [7, 'id_number', 'unknown_person'],
    ]);
    expect(errors[0].messageEn).toBe('the principal must be more than 0');
  });

  it('keeps a loan number to one borrower, in the file and against what is stored', async () => {
    const body = [
      LOAN_HEADER,
      `${person(4).idNumber},CYDB-2025-000001,重庆银行,100000,2025-01-01,2027-01-01,,,`,
      `${person(4).idNumber},CYDB-2025-000020,重庆银行,100000,2025-01-01,2027-01-01,,,`,
      `${person(5).idNumber},CYDB-2025-000020,重庆银行,100000,2025-01-01,2027-01-01,,,`,
    ].join('\n');
    const res = await upload(hrss, 'entrepreneurship_loans', body);
    expect(res.statusCode).toBe(422);
    expect(errorsOf(res)).toEqual([
      [2, 'loan_no', 'conflict'],
      [3, 'loan_no', 'duplicate_value'],
      [4, 'loan_no', 'duplicate_value'],
    ]);
  });

  it('may be imported only by hrss (and the city administrator)', async () => {
    const row = [LOAN_HEADER, `${person(5).idNumber},CYDB-2025-000030,重庆银行,100000,2025-01-01,2027-01-01,,,`].join('\n');
    const res = await upload(civil, 'entrepreneurship_loans', row);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
  });
});

describe('housing_status', () => {
  it('loads with Chinese headers; an empty flag is "no", an empty area unknown', async () => {
    const body = [
      '身份证号,核查日期,有自有住房,承租公租房,人均住房建筑面积(平方米)',
      `${person(0).idNumber},2026-06-30,否,是,18`,
      `${person(1).idNumber},2026-06-30,是,,`,
      `${person(2).idNumber},2026-10-01,否,,`,
    ].join('\n');
    const res = await upload(admin, 'housing_status', body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().batch).toMatchObject({ departmentCode: 'housing', rowsInserted: 3 });
    const rows = await t.db.selectFrom('housing_status').selectAll().orderBy('person_id').execute();
    expect(rows.map((r) => [r.person_id, r.as_of, r.owns_home, r.public_rental_tenant, r.per_capita_floor_area_sqm, r.district_code])).toEqual([
      [person(0).id, '2026-06-30', false, true, 18, '500112'],
      [person(1).id, '2026-06-30', true, false, null, '500101'],
      [person(2).id, '2026-10-01', false, false, null, '500112'],
    ]);
  });

  it('refuses bad rows naming line and field: a future date, a missing answer, a negative area', async () => {
    const p = person(3).idNumber;
    const body = [HOUSING_HEADER, `${p},2030-01-01,否,,`, `${p},2026-01-01,,,`, `${p},2026-02-01,否,,-5`, `${p},2026-03-01,否,否,20`].join('\n');
    const res = await upload(admin, 'housing_status', body);
    expect(res.statusCode).toBe(422);
    expect(errorsOf(res)).toEqual([
      [2, 'as_of', 'future_date'],
      [3, 'owns_home', 'required'],
      [4, 'per_capita_floor_area_sqm', 'out_of_range'],
    ]);
    expect(await t.db.selectFrom('housing_status').selectAll().where('person_id', '=', person(3).id).execute()).toEqual([]);
  });

  it('may not be imported by another department', async () => {
    const res = await upload(hrss, 'housing_status', [HOUSING_HEADER, `${person(3).idNumber},2026-01-01,否,,`].join('\n'));
    expect(res.statusCode).toBe(403);
  });
});

describe('the facts that read them', () => {
  it('give loans and housing to the rules; no housing record is undetermined (NULL), not "owns no home"', async () => {
    const snap = await buildSnapshot(t.dbh.db, { asOf: '2026-11-01', actorId: null });
    const row = async (i: number) => (await readFactRow(t.db, 'person', snap.id, person(i).id))!;
    // An outstanding, assessed loan of 20万 paid out 2025-03-15.
    expect(await row(0)).toMatchObject({
      person__has_guaranteed_loan: true,
      person__guaranteed_loan_principal_fen: 20_000_000,
      person__guaranteed_loan_months: 19,
      person__guaranteed_loan_overdue: false,
      person__guaranteed_loan_subsidy_eligible: true,
      person__owns_home: false,
      person__public_rental_tenant: true,
      person__housing_floor_area_sqm: 18,
      person__household_head: true,
    });
    // Not yet assessed: undetermined.
    expect(await row(1)).toMatchObject({ person__has_guaranteed_loan: true, person__guaranteed_loan_subsidy_eligible: null, person__owns_home: true });
    // Repaid in 2024: no outstanding loan.
    expect(await row(2)).toMatchObject({ person__has_guaranteed_loan: false, person__guaranteed_loan_principal_fen: 0, person__guaranteed_loan_months: null, person__guaranteed_loan_subsidy_eligible: false });
    // The rows refused above left nothing behind; no housing record at all.
    expect(await row(5)).toMatchObject({ person__has_guaranteed_loan: false, person__owns_home: null, person__public_rental_tenant: null, person__housing_floor_area_sqm: null });
  });
});

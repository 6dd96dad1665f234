// Person records: masking, unmasking with a purpose, the audit row behind every read, department
// views, the org-unit browser's counts, and the auditor's query of the trail.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, VILLAGES, type Client, type TestContext } from '../../testing/harness.js';

let t: TestContext;
let admin: Client;
let yubei: Client;
let civil: Client;
let hrss: Client;
let auditor: Client;
let person: { id: number; idNumber: string };

beforeAll(async () => {
  t = await createTestContext();
  const hh = await t.factory.household(VILLAGES.yubei);
  person = await t.factory.person({ villageCode: VILLAGES.yubei, name: '赵一', householdId: hh.id, relation: 'head', phone: '13912345678', birthDate: '1980-02-29', sex: 'F' });
  await t.factory.person({ villageCode: VILLAGES.yubei, name: '赵二', householdId: hh.id, relation: 'child', birthDate: '2010-07-01' });
  await t.factory.person({ villageCode: VILLAGES.yubei2, name: '钱三' });
  const ent = await t.factory.enterprise({ townshipCode: VILLAGES.yubei.slice(0, 9), name: '重庆渝北测试制造有限公司' });
  await t.db
    .insertInto('employment')
    .values({ id: 1, person_id: person.id, enterprise_id: ent.id, district_code: '500112', start_date: '2024-01-01', end_date: null, monthly_wage_fen: 650000, batch_id: t.factory.batchId })
    .execute();
  await t.db
    .insertInto('contribution')
    .values({ employment_id: 1, month: '2026-10-01', person_id: person.id, district_code: '500112', base_fen: 650000, pension_fen: 156000, unemployment_fen: 6500, injury_fen: 3250, batch_id: t.factory.batchId })
    .execute();
  await t.db
    .insertInto('civil_assistance')
    .values({ person_id: person.id, household_id: hh.id, kind: 'dibao', start_date: '2025-03-01', end_date: null, monthly_amount_fen: 72000, district_code: '500112', batch_id: t.factory.batchId })
    .execute();
  await t.db
    .insertInto('hr_insurance_enrolment')
    .values({ person_id: person.id, scheme: 'employee_pension', enrolled_on: '2024-01-01', status: 'active', district_code: '500112', batch_id: t.factory.batchId })
    .execute();
  admin = await t.login('admin');
  yubei = await t.login('yubei');
  civil = await t.login('civil');
  hrss = await t.login('hrss');
  auditor = await t.login('auditor');
});
afterAll(async () => t?.close());

const auditRows = (action: string) =>
  t.db.selectFrom('audit_log').selectAll().where('action', '=', action).where('entity_id', '=', String(person.id)).orderBy('id').execute();

describe('person record', () => {
  it('masks the id number and the phone, and computes age on the clock date', async () => {
    const res = await yubei.get(`/api/persons/${person.id}`);
    expect(res.statusCode).toBe(200);
    const p = res.json().person;
    expect(p.idNumber).toBe(`${person.idNumber.slice(0, 6)}********${person.idNumber.slice(14)}`);
    expect(p.phone).toBe('139****5678');
    expect(p.age).toBe(46); // born 1980-02-29, clock 2026-11-20
    expect(p.residence).toMatchObject({ districtName: '渝北区', villageCode: VILLAGES.yubei });
    expect(p.household.members.map((m: { name: string }) => m.name)).toEqual(['赵一', '赵二']);
    expect(res.body).not.toContain(person.idNumber);
    expect(res.body).not.toContain('13912345678');
  });

  it('writes one audit row per read with who, which record and the stated purpose', async () => {
    const before = (await auditRows('person.read')).length;
    await yubei.get(`/api/persons/${person.id}?purpose=${encodeURIComponent('就业援助回访')}`);
    await admin.get(`/api/persons/${person.id}`);
    const rows = await auditRows('person.read');
    expect(rows.length).toBe(before + 2);
    const [a, b] = rows.slice(-2);
    expect(a).toMatchObject({ username: 'yubei', role: 'district_officer', entity_type: 'person', purpose: '就业援助回访', district_code: '500112' });
    expect(a!.request_id).toMatch(/^req-/);
    expect(new Date(a!.at).toISOString()).toBe(new Date('2026-11-20T10:00:00+08:00').toISOString());
    expect(b).toMatchObject({ username: 'admin', purpose: null });
  });

  it('does not audit a refused read as a read', async () => {
    const before = (await auditRows('person.read')).length;
    const jiefangbei = await t.login('jiefangbei');
    expect((await jiefangbei.get(`/api/persons/${person.id}`)).statusCode).toBe(404);
    expect((await auditRows('person.read')).length).toBe(before);
  });

  it('unmasks only with a stated purpose, and audits it', async () => {
    const none = await yubei.post(`/api/persons/${person.id}/unmask`, {});
    expect(none.statusCode).toBe(400);
    const short = await yubei.post(`/api/persons/${person.id}/unmask`, { purpose: '看' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details[0]).toMatchObject({ path: 'body.purpose', message: '请说明查看目的(至少4个字)' });
    const ok = await yubei.post(`/api/persons/${person.id}/unmask`, { purpose: '电话回访核实就业状态' });
    expect(ok.json()).toEqual({ idNumber: person.idNumber, phone: '13912345678' });
    const rows = await auditRows('person.unmask');
    expect(rows.at(-1)).toMatchObject({ username: 'yubei', purpose: '电话回访核实就业状态' });
  });

  it("shows a department officer only their own department's data", async () => {
    const byCivil = (await civil.get(`/api/persons/${person.id}`)).json();
    expect(byCivil.departmentData.map((d: { table: string }) => d.table)).toEqual(['civil_assistance']);
    expect(byCivil.employment).toEqual([]);
    expect(byCivil.contributions.months).toEqual([]);
    const byHrss = (await hrss.get(`/api/persons/${person.id}`)).json();
    expect(byHrss.departmentData.map((d: { table: string }) => d.table)).toEqual(['hr_insurance_enrolment']);
    expect(byHrss.employment[0]).toMatchObject({ enterpriseName: '重庆渝北测试制造有限公司', monthlyWageFen: 650000 });
    expect(byHrss.contributions.months[0]).toMatchObject({ month: '2026-10-01', pensionFen: 156000 });
    const byDistrict = (await yubei.get(`/api/persons/${person.id}`)).json();
    expect(byDistrict.departmentData.map((d: { table: string }) => d.table)).toEqual(expect.arrayContaining(['civil_assistance', 'hr_insurance_enrolment']));
  });

  it('names the places of a hukou move', async () => {
    await t.db
      .insertInto('police_hukou_move')
      .values({ person_id: person.id, move_date: '2024-05-29', from_village_code: VILLAGES.wanzhou, to_village_code: VILLAGES.yubei, district_code: '500112', batch_id: t.factory.batchId })
      .execute();
    const rec = (await yubei.get(`/api/persons/${person.id}`)).json();
    const moves = rec.departmentData.find((d: { table: string }) => d.table === 'police_hukou_move');
    expect(moves.rows).toEqual([{ move_date: '2024-05-29', from_village_code: '东方广场社区居民委员会', to_village_code: '五星路社区居民委员会' }]);
  });

  it('finds persons by name prefix and by full id number, masked in the list', async () => {
    const byName = (await yubei.get(`/api/persons?q=${encodeURIComponent('赵')}`)).json();
    expect(byName.total).toBe(2);
    expect(byName.items[0].idNumber).toContain('********');
    const byId = (await yubei.get(`/api/persons?q=${person.idNumber}`)).json();
    expect(byId.items.map((p: { id: number }) => p.id)).toEqual([person.id]);
    const wildcard = (await yubei.get(`/api/persons?q=${encodeURIComponent('%')}`)).json();
    expect(wildcard.total).toBe(0);
  });

  it('returns 404 for an id that does not exist and 400 for a malformed one', async () => {
    expect((await admin.get('/api/persons/99999999')).statusCode).toBe(404);
    const bad = await admin.get('/api/persons/abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION');
  });
});

describe('org-unit browser', () => {
  it('counts living residents per district, township and village', async () => {
    const district = (await admin.get('/api/divisions/500112')).json();
    expect(district.division).toMatchObject({ name: '渝北区', level: 2, population: 3 });
    expect(district.ancestors).toEqual([{ code: '500000', name: '重庆市', level: 1 }]);
    const township = district.children.find((c: { code: string }) => c.code === VILLAGES.yubei.slice(0, 9));
    expect(township.population).toBe(3);
    const villages = (await admin.get(`/api/divisions/${VILLAGES.yubei.slice(0, 9)}`)).json();
    const v1 = villages.children.find((c: { code: string }) => c.code === VILLAGES.yubei);
    expect(v1).toMatchObject({ population: 2, households: 1 });
    expect(villages.ancestors.map((a: { code: string }) => a.code)).toEqual(['500000', '500112']);
    const city = (await admin.get('/api/divisions/500000')).json();
    expect(city.children).toHaveLength(38);
  });

  it('stops counting a person once a death is registered', async () => {
    const dead = await t.factory.person({ villageCode: VILLAGES.yubei2, name: '孙故' });
    const before = (await admin.get('/api/divisions/500112')).json().division.population;
    await t.db.insertInto('police_death').values({ person_id: dead.id, death_date: '2026-09-01', district_code: '500112', batch_id: t.factory.batchId }).execute();
    expect((await admin.get('/api/divisions/500112')).json().division.population).toBe(before - 1);
  });
});

describe('audit trail', () => {
  it('lets auditors filter the trail by record and action', async () => {
    await yubei.get(`/api/persons/${person.id}?purpose=audit-test`);
    const res = await auditor.get(`/api/audit?entityType=person&entityId=${person.id}&action=person.read`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBeGreaterThan(0);
    expect(body.items[0]).toMatchObject({ entityType: 'person', entityId: String(person.id), action: 'person.read' });
    expect(body.items.every((i: { action: string }) => i.action === 'person.read')).toBe(true);
  });

  it('cannot be changed or deleted', async () => {
    await expect(sql`UPDATE audit_log SET purpose = 'rewritten'`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log`.execute(t.db)).rejects.toThrow(/append-only/);
  });
});

describe('enterprise search', () => {
  it('finds enterprises by name and shows the insured headcount of the last closed month', async () => {
    const res = (await yubei.get(`/api/enterprises?q=${encodeURIComponent('渝北测试')}`)).json();
    expect(res.total).toBe(1);
    expect(res.items[0]).toMatchObject({ name: '重庆渝北测试制造有限公司', industrySection: 'C', insuredHeadcount: 1 });
    expect(res.items[0].industryName.zh).toBe('制造业');
  });
});

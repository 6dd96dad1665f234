// Who may import which feed and see which batches: the roles against the exchange routes, in one place.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestContext, VILLAGES, type TestContext } from '../../testing/harness.js';

let t: TestContext;
const c: Record<string, Client> = {};
let idNumber: string;
let hrssBatch: number;
let medicalBatch: number;
let civilBatch: number;

beforeAll(async () => {
  t = await createTestContext();
  ({ idNumber } = await t.factory.person({ villageCode: VILLAGES.yubei }));
  for (const u of ['admin', 'hrss', 'civil', 'yubei', 'jiefangbei', 'auditor']) c[u] = await t.login(u);
  c.anonymous = t.anonymous;
  medicalBatch = (await importAs('admin', 'medical_enrolments')).json().batch.id;
  hrssBatch = (await importAs('hrss', 'insurance_enrolments')).json().batch.id;
  civilBatch = (await importAs('civil', 'civil_assistance')).json().batch.id;
});
afterAll(async () => t?.close());

const FILES: Record<string, string> = {
  medical_enrolments: 'id_number,year,scheme\n{id},2023,resident\n',
  insurance_enrolments: 'id_number,scheme,enrolled_on,status\n{id},unemployment,2020-01-01,active\n',
  civil_assistance: 'id_number,kind,start_date,monthly_amount_fen\n{id},dibao,2023-01-01,50000\n',
};

function importAs(user: string, feed: string, headers: Record<string, string> = {}) {
  return c[user]!.post(`/api/imports?feed=${feed}`, Buffer.from(FILES[feed]!.replace('{id}', idNumber)), { 'content-type': 'text/csv', ...headers });
}

describe('importing', () => {
  const matrix: Record<string, Record<string, number>> = {
    insurance_enrolments: { admin: 201, hrss: 201, civil: 403, yubei: 403, jiefangbei: 403, auditor: 403, anonymous: 401 },
    civil_assistance: { admin: 201, hrss: 403, civil: 201, yubei: 403, jiefangbei: 403, auditor: 403, anonymous: 401 },
  };
  for (const [feed, row] of Object.entries(matrix)) {
    for (const [user, expected] of Object.entries(row)) {
      it(`${user} → ${feed}: ${expected}`, async () => {
        const res = await importAs(user, feed);
        expect(res.statusCode, res.body).toBe(expected);
        if (expected === 403) expect(res.json().error.code).toBe('FORBIDDEN');
        if (expected === 401) expect(res.json().error.code).toBe('UNAUTHENTICATED');
      });
    }
  }

  it('tells a department officer whose feed it is', async () => {
    const res = await importAs('civil', 'insurance_enrolments');
    expect(res.json().error.message).toBe('“社会保险参保”由市人力社保局报送,您所在部门无权导入');
  });

  it('refuses an import without the CSRF token', async () => {
    const noCsrf = new Client(t.app, c.hrss!.cookie, undefined);
    const res = await noCsrf.post('/api/imports?feed=insurance_enrolments', Buffer.from('x'), { 'content-type': 'text/csv' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CSRF');
  });

  it('validates the query: unknown feed, unknown mode, empty body', async () => {
    const unknown = await c.admin!.post('/api/imports?feed=salaries', Buffer.from('a'), { 'content-type': 'text/csv' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details[0]).toMatchObject({ path: 'querystring.feed', messageEn: expect.stringContaining('no such feed') });
    expect((await c.admin!.post('/api/imports?feed=persons&mode=merge', Buffer.from('a'), { 'content-type': 'text/csv' })).statusCode).toBe(400);
    const empty = await c.admin!.post('/api/imports?feed=persons', Buffer.alloc(0), { 'content-type': 'text/csv' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.messageEn).toBe('The request has no body; send the file content');
  });
});

describe('reading batches', () => {
  const matrix: Record<string, number> = { admin: 200, hrss: 200, civil: 200, auditor: 200, yubei: 403, jiefangbei: 403, anonymous: 401 };
  for (const [user, expected] of Object.entries(matrix)) {
    it(`${user} → GET /api/imports and /api/feeds: ${expected}`, async () => {
      expect((await c[user]!.get('/api/imports')).statusCode).toBe(expected);
      expect((await c[user]!.get('/api/feeds')).statusCode).toBe(expected);
    });
  }

  it("shows a department officer only their department's batches", async () => {
    const feeds = async (user: string) => new Set(((await c[user]!.get('/api/imports?pageSize=200')).json().items as { feed: string }[]).map((b) => b.feed));
    expect(await feeds('hrss')).toEqual(new Set(['insurance_enrolments']));
    expect(await feeds('civil')).toEqual(new Set(['civil_assistance']));
    expect(await feeds('admin')).toEqual(new Set(['fixture', 'medical_enrolments', 'insurance_enrolments', 'civil_assistance']));
    expect((await c.hrss!.get(`/api/imports/${civilBatch}`)).statusCode).toBe(404);
    expect((await c.civil!.get(`/api/imports/${civilBatch}`)).statusCode).toBe(200);
    expect((await c.hrss!.get(`/api/imports/${hrssBatch}`)).statusCode).toBe(200);
    expect((await c.hrss!.get(`/api/imports/${medicalBatch}`)).statusCode).toBe(404);
    expect((await c.auditor!.get(`/api/imports/${medicalBatch}`)).statusCode).toBe(200);
  });
});

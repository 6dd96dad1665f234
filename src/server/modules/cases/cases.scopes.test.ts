// Who may do what with cases, in one table: each role against each route, on a case of 渝北区.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, VILLAGES, type Client, type TestContext } from '../../testing/harness.js';

let t: TestContext;
let caseId: number;
const clients: Record<string, Client> = {};
const ROLES = ['anonymous', 'citizen', 'auditor', 'jiefangbei', 'yubei', 'wanzhou', 'hrss', 'civil', 'admin'] as const;
type Who = (typeof ROLES)[number];

beforeAll(async () => {
  t = await createTestContext();
  const person = await t.factory.person({ villageCode: VILLAGES.yubei, phone: '13700137000' });
  clients.anonymous = t.anonymous;
  clients.citizen = await t.demoLogin({ kind: 'citizen', personId: person.id });
  for (const u of ['auditor', 'jiefangbei', 'yubei', 'wanzhou', 'hrss', 'civil', 'admin']) clients[u] = await t.login(u);
  const res = await clients.yubei!.post('/api/cases', {
    kind: 'wage_arrears',
    fields: { employerName: '重庆权限测试有限公司', projectDistrict: '500112', periodFrom: '2026-09', periodTo: '2026-10', amountFen: 500_000, workers: 2 },
    reporter: { name: '王五', phone: '13600136000' },
  });
  expect(res.statusCode, res.body).toBe(201);
  caseId = res.json().id;
}, 60_000);
afterAll(async () => t?.close());

const fields = { employerName: '重庆权限测试二有限公司', projectDistrict: '500112', periodFrom: '2026-09', periodTo: '2026-10', amountFen: 100_000, workers: 1 };

const matrix: { route: string; call: (c: Client) => Promise<{ statusCode: number }>; expect: Record<Who, number> }[] = [
  {
    route: 'GET /api/case-kinds',
    call: (c) => c.get('/api/case-kinds'),
    expect: { anonymous: 401, citizen: 403, auditor: 200, jiefangbei: 200, yubei: 200, wanzhou: 200, hrss: 200, civil: 200, admin: 200 },
  },
  {
    route: 'GET /api/cases/:id of 渝北区 (read is audited)',
    call: (c) => c.get(`/api/cases/${caseId}`),
    // Another district, another department or a township elsewhere sees nothing, not even that it exists.
    expect: { anonymous: 401, citizen: 403, auditor: 200, jiefangbei: 404, yubei: 200, wanzhou: 404, hrss: 200, civil: 404, admin: 200 },
  },
  {
    route: 'POST /api/cases/:id/actions (a note)',
    call: (c) => c.post(`/api/cases/${caseId}/actions`, { version: 999, action: 'comment', note: '记录' }),
    // Those who may act get past the access check to the version check (409); the rest are refused first.
    expect: { anonymous: 401, citizen: 403, auditor: 403, jiefangbei: 404, yubei: 409, wanzhou: 404, hrss: 409, civil: 404, admin: 409 },
  },
  {
    route: 'POST /api/cases (hotline entry)',
    call: (c) => c.post('/api/cases', { kind: 'wage_arrears', fields }),
    expect: { anonymous: 401, citizen: 403, auditor: 403, jiefangbei: 201, yubei: 201, wanzhou: 201, hrss: 201, civil: 201, admin: 201 },
  },
  {
    route: 'GET /api/cases/board',
    call: (c) => c.get('/api/cases/board'),
    expect: { anonymous: 401, citizen: 403, auditor: 200, jiefangbei: 200, yubei: 200, wanzhou: 200, hrss: 200, civil: 200, admin: 200 },
  },
  {
    route: 'GET /api/me/cases',
    call: (c) => c.get('/api/me/cases'),
    expect: { anonymous: 401, citizen: 200, auditor: 403, jiefangbei: 403, yubei: 403, wanzhou: 403, hrss: 403, civil: 403, admin: 403 },
  },
  {
    route: 'GET /api/public/case-forms/wage_arrears',
    call: (c) => c.get('/api/public/case-forms/wage_arrears'),
    expect: { anonymous: 200, citizen: 200, auditor: 200, jiefangbei: 200, yubei: 200, wanzhou: 200, hrss: 200, civil: 200, admin: 200 },
  },
];

describe('case routes by role', () => {
  for (const m of matrix) {
    it(m.route, async () => {
      const got: Record<string, number> = {};
      for (const who of ROLES) got[who] = (await m.call(clients[who]!)).statusCode;
      expect(got).toEqual(m.expect);
    });
  }

  it('lists hold only the reader’s area and the reporter is masked for everyone', async () => {
    const w = (await clients.wanzhou!.get('/api/cases?box=all&pageSize=200')).json();
    expect(w.items.every((i: { districtCode: string }) => i.districtCode === '500101')).toBe(true);
    const d = (await clients.admin!.get(`/api/cases/${caseId}`)).json();
    expect(d.reporter).toEqual({ name: '王*', phone: '136****6000' });
    const audits = await t.db.selectFrom('audit_log').select(['username']).where('action', '=', 'case.read').where('entity_id', '=', String(caseId)).execute();
    expect(new Set(audits.map((a) => a.username))).toEqual(new Set(['auditor', 'yubei', 'hrss', 'admin']));
  });

  it('a citizen signed in reports with their own phone and sees only their reports', async () => {
    const res = await clients.citizen!.post('/api/me/cases', { kind: 'wage_arrears', fields });
    expect(res.statusCode).toBe(201);
    const mine = (await clients.citizen!.get('/api/me/cases')).json();
    expect(mine.items.map((i: { trackingCode: string }) => i.trackingCode)).toEqual([res.json().trackingCode]);
    const row = await t.db.selectFrom('case_record').select(['reporter_phone', 'source']).where('tracking_code', '=', res.json().trackingCode).executeTakeFirstOrThrow();
    expect(row).toEqual({ reporter_phone: '13700137000', source: 'citizen' });
  });
});

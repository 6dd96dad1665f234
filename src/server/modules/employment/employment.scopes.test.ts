// Who may call the employment routes, and what they show of a person: every staff route refuses the
// anonymous caller, residents and enterprises; the auditor reads but never writes; opening one
// person's record is audited; id numbers and phones are masked wherever staff read them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, VILLAGES, type Client, type TestContext } from '../../testing/harness.js';

let t: TestContext;
const callers: Record<string, Client> = {};
const JIEFANGBEI_T = VILLAGES.jiefangbei.slice(0, 9);

/** The persons whose identifiers must never appear in full to staff. */
const people: { id: number; idNumber: string; name: string; phone: string }[] = [];
const ids = { job: 0, seeker: 0, application: 0, graduate: 0, plan: 0, service: 0, household: 0, event: 0, servicePoint: 0, enterprise: 0 };

const posting = { title: '商场导购员', occupationCode: '4-01', districtCode: '500103', townshipCode: JIEFANGBEI_T, wageMinYuan: 4000, wageMaxYuan: 5500, education: 'senior', experienceYears: 0, headcount: 4, weeklyHours: 40, schedule: 'shifts', description: '负责商场门店商品导购和陈列，提供员工餐。', skills: ['销售'], forGraduates: true, validFrom: '2026-11-10', validUntil: '2027-02-28' };
const seekerBody = { skills: ['销售'], preferredOccupations: ['4-01'], preferredDistricts: [], expectedWageYuan: 5000, experienceYears: 2, availableFrom: '2026-12-01' };

type Route = { method: 'GET' | 'POST' | 'PUT'; path: string; url: () => string; body?: () => unknown };
const get = (path: string, url: () => string): Route => ({ method: 'GET', path, url });
const post = (path: string, url: () => string, body: () => unknown = () => ({})): Route => ({ method: 'POST', path, url, body });

const ROUTES: Route[] = [
  get('/api/employment/overview', () => '/api/employment/overview'),
  get('/api/employment/jobs', () => '/api/employment/jobs'),
  post('/api/employment/jobs', () => '/api/employment/jobs', () => ({ ...posting, enterpriseId: ids.enterprise })),
  post('/api/employment/jobs/import', () => '/api/employment/jobs/import', () => ({ rows: [{}] })),
  get('/api/employment/jobs/{id}', () => `/api/employment/jobs/${ids.job}`),
  post('/api/employment/jobs/{id}/override', () => `/api/employment/jobs/${ids.job}/override`, () => ({ reason: '经核实岗位确有需要' })),
  post('/api/employment/jobs/{id}/close', () => `/api/employment/jobs/${ids.job}/close`),
  get('/api/employment/jobs/{id}/seekers', () => `/api/employment/jobs/${ids.job}/seekers`),
  get('/api/employment/jobs/{id}/applications', () => `/api/employment/jobs/${ids.job}/applications`),
  post('/api/employment/referrals', () => '/api/employment/referrals', () => ({ jobId: ids.job, personId: ids.seeker })),
  post('/api/employment/applications/{id}/outcome', () => `/api/employment/applications/${ids.application}/outcome`, () => ({ status: 'interview' })),
  get('/api/employment/seekers', () => '/api/employment/seekers'),
  get('/api/employment/seekers/{personId}', () => `/api/employment/seekers/${ids.seeker}`),
  { method: 'PUT', path: '/api/employment/seekers/{personId}', url: () => `/api/employment/seekers/${ids.seeker}`, body: () => seekerBody },
  get('/api/employment/seekers/{personId}/jobs', () => `/api/employment/seekers/${ids.seeker}/jobs`),
  get('/api/employment/events', () => '/api/employment/events'),
  post('/api/employment/events', () => '/api/employment/events', () => ({ kind: 'onsite', title: '解放碑招聘会', districtCode: '500103', startsOn: '2026-12-01', endsOn: '2026-12-01', jobIds: [] })),
  get('/api/employment/events/{id}', () => `/api/employment/events/${ids.event}`),
  post('/api/employment/events/{id}/jobs', () => `/api/employment/events/${ids.event}/jobs`, () => ({ jobIds: [ids.job] })),
  post('/api/employment/events/{id}/visits', () => `/api/employment/events/${ids.event}/visits`, () => ({ count: 1 })),
  get('/api/employment/graduates', () => '/api/employment/graduates'),
  get('/api/employment/graduates/summary', () => '/api/employment/graduates/summary'),
  post('/api/employment/graduates/sync', () => '/api/employment/graduates/sync', () => ({ year: 2026 })),
  get('/api/employment/graduates/{personId}', () => `/api/employment/graduates/${ids.graduate}`),
  post('/api/employment/graduates/{personId}/contacts', () => `/api/employment/graduates/${ids.graduate}/contacts`, () => ({ year: 2026, status: 'internship', wantsWork: true, channel: 'phone', note: '回访', effectiveOn: '2026-11-15' })),
  get('/api/employment/assistance', () => '/api/employment/assistance'),
  get('/api/employment/assistance/summary', () => '/api/employment/assistance/summary'),
  post('/api/employment/assistance/identify', () => '/api/employment/assistance/identify'),
  get('/api/employment/assistance/{id}', () => `/api/employment/assistance/${ids.plan}`),
  post('/api/employment/assistance/{id}/services', () => `/api/employment/assistance/${ids.plan}/services`, () => ({ kind: 'guidance', plannedOn: '2026-11-25' })),
  post('/api/employment/assistance/{id}/services/{serviceId}/outcome', () => `/api/employment/assistance/${ids.plan}/services/${ids.service}/outcome`, () => ({ doneOn: '2026-11-19', outcome: 'done' })),
  post('/api/employment/assistance/{id}/close', () => `/api/employment/assistance/${ids.plan}/close`, () => ({ reason: 'moved', note: '迁出' })),
  get('/api/employment/households', () => '/api/employment/households'),
  get('/api/employment/households/summary', () => '/api/employment/households/summary'),
  post('/api/employment/households/detect', () => '/api/employment/households/detect'),
  get('/api/employment/households/{id}', () => `/api/employment/households/${ids.household}`),
  post('/api/employment/households/{id}/assign', () => `/api/employment/households/${ids.household}/assign`, () => ({ userId: 1 })),
  post('/api/employment/households/{id}/clear', () => `/api/employment/households/${ids.household}/clear`, () => ({ personId: people[2]!.id, creditCode: '91500000MA5U000000', startDate: '2026-11-16', wageYuan: 4000 })),
  get('/api/employment/staff', () => '/api/employment/staff'),
  get('/api/employment/warnings', () => '/api/employment/warnings'),
  get('/api/employment/warnings/summary', () => '/api/employment/warnings/summary'),
  post('/api/employment/warnings/run', () => '/api/employment/warnings/run', () => ({ month: '2026-10' })),
  get('/api/employment/enterprises/{id}/headcount', () => `/api/employment/enterprises/${ids.enterprise}/headcount`),
  get('/api/employment/service-points', () => '/api/employment/service-points'),
  get('/api/employment/service-points/coverage', () => '/api/employment/service-points/coverage'),
  post('/api/employment/service-points', () => '/api/employment/service-points', () => ({ kind: 'employment_station', name: '民生路就业驿站', villageCode: VILLAGES.jiefangbei, address: '民生路1号', openedOn: '2026-03-01' })),
  post('/api/employment/service-points/import', () => '/api/employment/service-points/import', () => ({ rows: [{}] })),
  post('/api/employment/service-points/{id}/close', () => `/api/employment/service-points/${ids.servicePoint}/close`, () => ({ closedOn: '2026-11-01' })),
];

const call = (c: Client, r: Route) => (r.method === 'GET' ? c.get(r.url()) : c.request(r.method, r.url(), r.body!()));

beforeAll(async () => {
  t = await createTestContext();
  for (const u of ['admin', 'yubei', 'jiefangbei', 'auditor']) callers[u] = await t.login(u);
  const ent = await t.factory.enterprise({ townshipCode: JIEFANGBEI_T, name: '重庆渝中某百货有限公司' });
  ids.enterprise = ent.id;
  const admin = callers.admin!;
  const job = await admin.post('/api/employment/jobs', { ...posting, enterpriseId: ent.id });
  expect(job.statusCode, job.body).toBe(201);
  ids.job = job.json().job.id;

  // A seeker who applied, a graduate, a person with an assistance plan, and a household member.
  const h = await t.factory.household(VILLAGES.jiefangbei);
  for (const [name, phone, birthDate] of [
    ['赵求职', '13912345678', '1990-02-03'],
    ['钱毕业', '13923456789', '2003-07-08'],
    ['孙家庭', '13934567890', '1979-11-12'],
  ] as const) {
    const p = await t.factory.person({ villageCode: VILLAGES.jiefangbei, name, phone, birthDate, householdId: h.id, relation: name === '孙家庭' ? 'head' : 'child' });
    people.push({ id: p.id, idNumber: p.idNumber, name, phone });
  }
  const [seeker, graduate, member] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
  ids.seeker = seeker.id;
  expect((await admin.put(`/api/employment/seekers/${seeker.id}`, seekerBody)).statusCode).toBe(200);
  callers.citizen = await t.demoLogin({ kind: 'citizen', personId: seeker.id });
  callers.enterprise = await t.demoLogin({ kind: 'enterprise', enterpriseId: ent.id });
  callers.anonymous = t.anonymous;
  const app = await callers.citizen.post('/api/me/applications', { jobId: ids.job });
  expect(app.statusCode, app.body).toBe(201);
  ids.application = app.json().application.id;

  ids.graduate = graduate.id;
  await t.db.insertInto('edu_graduate').values({ person_id: graduate.id, graduation_year: 2026, school: '重庆大学', level: 'bachelor', major: '会计学', district_code: '500106', batch_id: t.factory.batchId }).execute();
  expect((await admin.post('/api/employment/graduates/sync', { year: 2026 })).json()).toEqual({ added: 1, updated: 0 });

  const plan = await t.db
    .insertInto('assistance_plan')
    .values({ person_id: member.id, reasons: ['dibao'], source: 'staff', entitlement_id: null, identified_on: '2026-10-01', district_code: '500103', township_code: JIEFANGBEI_T, assigned_to: null, status: 'open', closed_on: null, closed_reason: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  ids.plan = plan.id;
  const svc = await admin.post(`/api/employment/assistance/${plan.id}/services`, { kind: 'guidance', plannedOn: '2026-11-25' });
  expect(svc.statusCode, svc.body).toBe(201);
  ids.service = svc.json().id;
  const z = await t.db
    .insertInto('zero_employment_household')
    .values({ household_id: h.id, entitlement_id: null, detected_on: '2026-10-01', district_code: '500103', township_code: JIEFANGBEI_T, village_code: VILLAGES.jiefangbei, assigned_to: null, status: 'open', cleared_on: null, cleared_by: null, cleared_person_id: null, clear_note: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  ids.household = z.id;
  const ev = await admin.post('/api/employment/events', { kind: 'onsite', title: '解放碑现场招聘会', districtCode: '500103', startsOn: '2026-11-22', endsOn: '2026-11-22', jobIds: [ids.job] });
  expect(ev.statusCode, ev.body).toBe(201);
  ids.event = ev.json().id;
  const sp = await admin.post('/api/employment/service-points', { kind: 'employment_station', name: '民生路就业驿站', villageCode: VILLAGES.jiefangbei, address: '民生路1号', openedOn: '2026-03-01' });
  expect(sp.statusCode, sp.body).toBe(201);
  ids.servicePoint = sp.json().id;
}, 120_000);
afterAll(async () => t?.close());

describe('access to the staff routes', () => {
  it('the table below lists every /api/employment route the application serves', async () => {
    const spec = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const served = Object.entries(spec.paths)
      .filter(([path]) => path.startsWith('/api/employment/'))
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(served.length).toBeGreaterThan(40);
    expect(ROUTES.map((r) => `${r.method} ${r.path}`).sort()).toEqual(served);
  });

  for (const route of ROUTES) {
    it(`${route.method} ${route.path}: 401 anonymous, 403 resident and enterprise${route.method === 'GET' ? ', readable by the auditor' : ', 403 auditor'}`, async () => {
      const got: Record<string, number> = {};
      for (const who of ['anonymous', 'citizen', 'enterprise', 'auditor']) got[who] = (await call(callers[who]!, route)).statusCode;
      expect(got).toEqual({ anonymous: 401, citizen: 403, enterprise: 403, auditor: route.method === 'GET' ? 200 : 403 });
    });
  }

  it('answers every read to city staff, and shows no full id number or phone of anyone', async () => {
    for (const route of ROUTES.filter((r) => r.method === 'GET')) {
      const res = await call(callers.admin!, route);
      expect({ route: route.path, status: res.statusCode }).toEqual({ route: route.path, status: 200 });
      for (const p of people) {
        expect({ route: route.path, leaks: res.body.includes(p.idNumber) }).toEqual({ route: route.path, leaks: false });
        expect({ route: route.path, leaks: res.body.includes(p.phone) }).toEqual({ route: route.path, leaks: false });
      }
    }
  });

  it('masks names in lists; shows them only on the audited record of one person', async () => {
    const lists = ['/api/employment/seekers', '/api/employment/graduates', '/api/employment/assistance', '/api/employment/households', `/api/employment/jobs/${ids.job}/applications`, `/api/employment/jobs/${ids.job}/seekers`];
    for (const url of lists) {
      const body = (await callers.admin!.get(url)).body;
      for (const p of people) expect({ url, name: body.includes(p.name) }).toEqual({ url, name: false });
    }
    const seekers = (await callers.admin!.get('/api/employment/seekers')).json().items;
    expect(seekers).toEqual([expect.objectContaining({ personId: ids.seeker, name: '赵**', idNumber: people[0]!.idNumber.slice(0, 6) + '********' + people[0]!.idNumber.slice(14) })]);
    const grads = (await callers.admin!.get('/api/employment/graduates')).json().items;
    expect(grads[0].idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    const plan = (await callers.jiefangbei!.get(`/api/employment/assistance/${ids.plan}`)).json();
    expect(plan.person).toMatchObject({ name: '孙家庭', phone: '139****7890', idNumber: expect.stringMatching(/^\d{6}\*{8}[\dX]{4}$/) });
    const grad = (await callers.jiefangbei!.get(`/api/employment/graduates/${ids.graduate}`)).json();
    expect(grad.record).toMatchObject({ name: '钱毕业', phone: '139****6789', idNumber: expect.stringMatching(/^\d{6}\*{8}[\dX]{4}$/) });
  });

  it('keeps the staff of another district or township out of the records', async () => {
    const yubei = callers.yubei!;
    for (const url of [`/api/employment/jobs/${ids.job}`, `/api/employment/seekers/${ids.seeker}`, `/api/employment/graduates/${ids.graduate}`, `/api/employment/assistance/${ids.plan}`, `/api/employment/households/${ids.household}`, `/api/employment/events/${ids.event}`]) {
      expect({ url, status: (await yubei.get(url)).statusCode }).toEqual({ url, status: 404 });
    }
    for (const url of ['/api/employment/seekers', '/api/employment/graduates', '/api/employment/assistance', '/api/employment/households', '/api/employment/jobs', '/api/employment/events']) {
      expect({ url, total: (await yubei.get(url)).json().total }).toEqual({ url, total: 0 });
    }
  });
});

describe('audit of person records', () => {
  const READS = [
    { what: 'seeker', url: () => `/api/employment/seekers/${ids.seeker}`, action: 'seeker.read', entityType: 'person', entityId: () => ids.seeker },
    { what: 'graduate', url: () => `/api/employment/graduates/${ids.graduate}`, action: 'graduate.read', entityType: 'person', entityId: () => ids.graduate },
    { what: 'assistance plan', url: () => `/api/employment/assistance/${ids.plan}`, action: 'assistance.read', entityType: 'person', entityId: () => people[2]!.id },
    { what: 'household', url: () => `/api/employment/households/${ids.household}`, action: 'household.read', entityType: 'household', entityId: async () => Number((await t.db.selectFrom('zero_employment_household').select('household_id').where('id', '=', ids.household).executeTakeFirstOrThrow()).household_id) },
  ];
  for (const r of READS) {
    it(`writes one audit row for each reading of a ${r.what}, by whom and for which request`, async () => {
      for (const who of ['jiefangbei', 'auditor']) {
        const res = await callers[who]!.get(r.url());
        expect(res.statusCode, res.body).toBe(200);
        const rows = await t.db.selectFrom('audit_log').select(['username', 'action', 'entity_type', 'entity_id', 'district_code']).where('request_id', '=', String(res.headers['x-request-id'])).execute();
        expect(rows).toEqual([{ username: who, action: r.action, entity_type: r.entityType, entity_id: String(await r.entityId()), district_code: '500103' }]);
      }
    });
  }

  it('writes no audit row for lists, and none for a record refused', async () => {
    const before = Number((await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    await callers.admin!.get('/api/employment/seekers');
    await callers.yubei!.get(`/api/employment/seekers/${ids.seeker}`);
    const after = Number((await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(after).toBe(before);
  });
});

describe('access to the resident and enterprise pages', () => {
  const CITIZEN = ['/api/me/job-profile', '/api/me/job-recommendations', '/api/me/applications'];
  const ENTERPRISE = ['/api/me/enterprise/jobs', () => `/api/me/enterprise/jobs/${ids.job}`, () => `/api/me/enterprise/jobs/${ids.job}/seekers`, () => `/api/me/enterprise/jobs/${ids.job}/applications`];
  const url = (u: string | (() => string)) => (typeof u === 'string' ? u : u());

  it('lets only residents use the job-seeking pages, and only enterprises the recruiting pages', async () => {
    for (const u of CITIZEN) {
      const got = Object.fromEntries(await Promise.all(['anonymous', 'citizen', 'enterprise', 'admin', 'auditor'].map(async (who) => [who, (await callers[who]!.get(u)).statusCode])));
      expect({ u, got }).toEqual({ u, got: { anonymous: 401, citizen: 200, enterprise: 403, admin: 403, auditor: 403 } });
    }
    for (const e of ENTERPRISE) {
      const u = url(e);
      const got = Object.fromEntries(await Promise.all(['anonymous', 'citizen', 'enterprise', 'admin', 'auditor'].map(async (who) => [who, (await callers[who]!.get(u)).statusCode])));
      expect({ u, got }).toEqual({ u, got: { anonymous: 401, citizen: 403, enterprise: 200, admin: 403, auditor: 403 } });
    }
    expect((await callers.admin!.post('/api/me/applications', { jobId: ids.job })).statusCode).toBe(403);
    expect((await callers.citizen!.post('/api/me/enterprise/jobs', posting)).statusCode).toBe(403);
    expect((await callers.citizen!.post(`/api/me/enterprise/applications/${ids.application}/outcome`, { status: 'interview' })).statusCode).toBe(403);
  });

  it('shows the public job list and reference to anyone', async () => {
    expect((await t.anonymous.get('/api/public/jobs')).json().items.map((j: { id: number }) => j.id)).toEqual([ids.job]);
    expect((await t.anonymous.get(`/api/public/jobs/${ids.job}`)).statusCode).toBe(200);
    const ref = (await t.anonymous.get('/api/public/employment/reference')).json();
    expect(ref.districts).toHaveLength(38);
    expect(ref.occupations.find((o: { code: string }) => o.code === '4-01')).toMatchObject({ level: 'middle', majorCode: '4' });
    expect((await t.anonymous.get('/api/public/employment/townships?district=500103')).json().items).toEqual(expect.arrayContaining([{ code: JIEFANGBEI_T, name: '解放碑街道' }]));
  });
});

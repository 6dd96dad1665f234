// Service points through HTTP on a real database: registration with its checks, the reader's area,
// closing, all-or-nothing import, masking of brokers in the list, and broker coverage of villages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, VILLAGES, type Client, type TestContext } from '../../testing/harness.js';

let t: TestContext;
let admin: Client;
let yubei: Client;
let wanzhou: Client;
let jiefangbei: Client;
let auditor: Client;
let broker: { id: number };

const YUBEI_TOWNSHIP = VILLAGES.yubei.slice(0, 9); // 渝北区 双龙湖街道
const YUBEI3 = '500112002003'; // 渝北区 双龙湖街道 龙祥街社区

const station = (over: Record<string, unknown> = {}) => ({ kind: 'employment_station', name: '五星路就业驿站', villageCode: VILLAGES.yubei, address: '五星路12号', contactName: '李站长', contactPhone: '13900001111', openedOn: '2026-03-01', ...over });
const brokerAt = (personId: number, villageCode: string, over: Record<string, unknown> = {}) => ({ kind: 'labour_broker', villageCode, address: '社区服务中心', personId, openedOn: '2026-05-01', ...over });
const count = async () => Number((await t.db.selectFrom('service_point').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const paths = (body: { error: { details: { path: string }[] } }) => body.error.details.map((d) => d.path);

beforeAll(async () => {
  t = await createTestContext();
  [admin, yubei, wanzhou, jiefangbei, auditor] = await Promise.all([t.login('admin'), t.login('yubei'), t.login('wanzhou'), t.login('jiefangbei'), t.login('auditor')]);
  broker = await t.factory.person({ villageCode: VILLAGES.yubei, name: '张三丰', phone: '13812345678' });
}, 60_000);
afterAll(async () => t?.close());

describe('registering a service point', () => {
  it('registers a station in the reader’s district, with township and district from the village, and an event', async () => {
    const res = await yubei.post('/api/employment/service-points', station());
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'employment_station', name: '五星路就业驿站', villageCode: VILLAGES.yubei, townshipCode: YUBEI_TOWNSHIP, townshipName: '双龙湖街道', districtCode: '500112', districtName: '渝北区', contactPhone: '13900001111', open: true });
    const ev = await t.db.selectFrom('employment_event').select(['action', 'actor_id']).where('entity_type', '=', 'service_point').where('entity_id', '=', res.json().id).execute();
    expect(ev).toEqual([{ action: 'created', actor_id: expect.any(Number) }]);
  });

  it('refuses a code that is not a village, naming the field', async () => {
    const township = await yubei.post('/api/employment/service-points', station({ villageCode: YUBEI_TOWNSHIP }));
    expect(township.statusCode).toBe(400);
    expect(paths(township.json())).toEqual(['body.villageCode']);
    const unknown = await yubei.post('/api/employment/service-points', station({ villageCode: '500112999999' }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details).toEqual([expect.objectContaining({ path: 'body.villageCode', messageEn: expect.stringContaining('not a village') })]);
  });

  it('needs a person for a broker, an existing one, and takes the broker’s name from the person', async () => {
    const none = await yubei.post('/api/employment/service-points', brokerAt(0, VILLAGES.yubei, { personId: undefined }));
    expect(none.statusCode).toBe(400);
    expect(paths(none.json())).toEqual(['body.personId']);
    const missing = await yubei.post('/api/employment/service-points', brokerAt(123, VILLAGES.yubei));
    expect(missing.statusCode).toBe(400);
    expect(paths(missing.json())).toEqual(['body.personId']);
    const nameless = await yubei.post('/api/employment/service-points', station({ name: undefined }));
    expect(paths(nameless.json())).toEqual(['body.name']);
  });

  it('refuses an opening date in the future and a phone that is not a mobile number', async () => {
    const future = await yubei.post('/api/employment/service-points', station({ openedOn: '2026-11-21' }));
    expect(future.statusCode).toBe(400);
    expect(paths(future.json())).toEqual(['body.openedOn']);
    expect(paths((await yubei.post('/api/employment/service-points', station({ openedOn: '2026-02-30' }))).json())).toEqual(['body.openedOn']);
    expect(paths((await yubei.post('/api/employment/service-points', station({ contactPhone: '023-6789012' }))).json())).toEqual(['body.contactPhone']);
    expect(paths((await yubei.post('/api/employment/service-points', station({ kind: 'job_fair' }))).json())).toEqual(['body.kind']);
  });

  it('only inside the reader’s area: a 解放碑 worker cannot register in 渝北 but can in 解放碑; the auditor cannot at all', async () => {
    const before = await count();
    const res = await jiefangbei.post('/api/employment/service-points', station());
    expect(res.statusCode).toBe(403);
    expect(await count()).toBe(before);
    const own = await jiefangbei.post('/api/employment/service-points', station({ name: '民生路零工驿站', kind: 'gig_market', villageCode: VILLAGES.jiefangbei }));
    expect(own.statusCode, own.body).toBe(201);
    expect((await wanzhou.post('/api/employment/service-points', station())).statusCode).toBe(403);
    expect((await auditor.post('/api/employment/service-points', station())).statusCode).toBe(403);
  });
});

describe('brokers in the list and the coverage of villages', () => {
  let closedId: number;

  beforeAll(async () => {
    // Three brokers in two villages of 双龙湖街道, and a fourth in a third village who has stopped.
    const others = await Promise.all([t.factory.person({ villageCode: VILLAGES.yubei }), t.factory.person({ villageCode: VILLAGES.yubei2 }), t.factory.person({ villageCode: YUBEI3 })]);
    for (const [pid, village] of [
      [broker.id, VILLAGES.yubei],
      [others[0]!.id, VILLAGES.yubei],
      [others[1]!.id, VILLAGES.yubei2],
      [others[2]!.id, YUBEI3],
    ] as const) {
      const res = await yubei.post('/api/employment/service-points', brokerAt(pid, village));
      expect(res.statusCode, res.body).toBe(201);
      if (village === YUBEI3) closedId = res.json().id;
    }
    const closed = await yubei.post(`/api/employment/service-points/${closedId}/close`, { closedOn: '2026-10-31' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ open: false, closedOn: '2026-10-31' });
  });

  it('masks a broker’s name and phone in the list; other points show their contact', async () => {
    const list = (await yubei.get('/api/employment/service-points?kind=labour_broker')).json();
    expect(list.total).toBe(4);
    const mine = list.items.find((i: { personId: number }) => i.personId === broker.id);
    expect(mine).toMatchObject({ name: '张**', contactName: '张**', contactPhone: '138****5678', villageName: '五星路社区居民委员会' });
    expect(JSON.stringify(list)).not.toContain('张三丰');
    expect(JSON.stringify(list)).not.toContain('13812345678');
    const stations = (await yubei.get('/api/employment/service-points?kind=employment_station')).json();
    expect(stations.items[0]).toMatchObject({ name: '五星路就业驿站', contactName: '李站长', contactPhone: '13900001111' });
  });

  it('lists to each reader their own area only', async () => {
    const y = (await yubei.get('/api/employment/service-points?pageSize=200')).json();
    expect(y.items.length).toBeGreaterThan(0);
    expect(new Set(y.items.map((i: { districtCode: string }) => i.districtCode))).toEqual(new Set(['500112']));
    expect((await wanzhou.get('/api/employment/service-points')).json().total).toBe(0);
    const j = (await jiefangbei.get('/api/employment/service-points')).json();
    expect(j.items.map((i: { townshipCode: string }) => i.townshipCode)).toEqual(['500103003']);
    expect((await admin.get('/api/employment/service-points?district=500103')).json().total).toBe(1);
    expect((await admin.get('/api/employment/service-points?status=closed')).json().items.map((i: { id: number }) => i.id)).toEqual([closedId]);
    expect((await auditor.get('/api/employment/service-points')).statusCode).toBe(200);
  });

  it('counts the villages with an open broker: two in 渝北, the closed one not', async () => {
    const villages = await t.db.selectFrom('division').select((eb) => eb.fn.countAll<number>().as('n')).where('level', '=', 4).where('district_code', '=', '500112').executeTakeFirstOrThrow();
    const cov = (await yubei.get('/api/employment/service-points/coverage?district=500112&pageSize=200')).json();
    expect(cov.districts).toEqual([
      { code: '500112', name: '渝北区', villages: Number(villages.n), villagesWithBroker: 2, share: Math.round((2 / Number(villages.n)) * 10_000) / 10_000, open: { gig_market: 0, employment_station: 1, labour_broker: 3, assistance_workshop: 0 } },
    ]);
    expect(cov.totals).toMatchObject({ villages: Number(villages.n), villagesWithBroker: 2 });
    const uncovered = cov.uncovered.items.map((v: { code: string }) => v.code);
    expect(cov.uncovered.total).toBe(Number(villages.n) - 2);
    expect(uncovered).not.toContain(VILLAGES.yubei);
    expect(uncovered).not.toContain(VILLAGES.yubei2);
    expect(cov.uncovered.items.find((v: { code: string }) => v.code === YUBEI3)).toEqual({ code: YUBEI3, name: '龙祥街社区居民委员会', townshipCode: YUBEI_TOWNSHIP, townshipName: '双龙湖街道' });

    const city = (await admin.get('/api/employment/service-points/coverage')).json();
    expect(city.districts).toHaveLength(38);
    expect(city.uncovered).toBeNull();
    expect(city.totals).toMatchObject({ villagesWithBroker: 2, open: { gig_market: 1, employment_station: 1, labour_broker: 3 } });
    expect(city.totals.villages).toBeGreaterThan(10_000);
    // Another district's villages are not the reader's to list.
    expect((await wanzhou.get('/api/employment/service-points/coverage?district=500112')).statusCode).toBe(404);
  });

  it('refuses a second open registration of the same broker, and closing twice or before opening', async () => {
    expect(paths((await yubei.post('/api/employment/service-points', brokerAt(broker.id, VILLAGES.yubei2))).json())).toEqual(['body.personId']);
    expect((await yubei.post(`/api/employment/service-points/${closedId}/close`, { closedOn: '2026-11-01' })).statusCode).toBe(409);
    const open = (await yubei.get('/api/employment/service-points?kind=employment_station')).json().items[0].id;
    expect(paths((await yubei.post(`/api/employment/service-points/${open}/close`, { closedOn: '2026-01-01' })).json())).toEqual(['body.closedOn']);
    expect((await wanzhou.post(`/api/employment/service-points/${open}/close`, { closedOn: '2026-11-01' })).statusCode).toBe(404);
    const events = await t.db.selectFrom('employment_event').select('action').where('entity_type', '=', 'service_point').where('entity_id', '=', closedId).orderBy('id').execute();
    expect(events.map((e) => e.action)).toEqual(['created', 'closed']);
  });
});

describe('importing service points', () => {
  const good = (i: number) => ({ kind: 'assistance_workshop', name: `帮扶车间${i}`, villageCode: VILLAGES.yubei2, address: `龙昌街${i}号`, openedOn: '2026-06-01' });

  it('writes nothing when a row is bad, and reports every bad row with its line and field', async () => {
    const before = await count();
    const rows = [good(1), { ...good(2), villageCode: '500112999999' }, good(3), { ...good(4), openedOn: '2027-01-01', contactPhone: '12345' }, brokerAt(broker.id, VILLAGES.yubei2)];
    const res = await yubei.post('/api/employment/service-points/import', { rows });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { line: number; path: string }) => [d.line, d.path])).toEqual([
      [2, 'villageCode'],
      [4, 'contactPhone'],
      [5, 'personId'],
    ]);
    expect(res.json().error.details[0]).toMatchObject({ message: expect.any(String), messageEn: expect.any(String) });
    expect(await count()).toBe(before);
  });

  it('reports rows outside the reader’s area and a future date when the row is otherwise well formed', async () => {
    const res = await yubei.post('/api/employment/service-points/import', { rows: [good(1), { ...good(2), villageCode: VILLAGES.wanzhou }, { ...good(3), openedOn: '2026-12-01' }] });
    expect(res.json().error.details.map((d: { line: number; path: string }) => [d.line, d.path])).toEqual([
      [2, 'villageCode'],
      [3, 'openedOn'],
    ]);
  });

  it('imports all rows in one go when every row is good, each with its event', async () => {
    const before = await count();
    const res = await yubei.post('/api/employment/service-points/import', { rows: Array.from({ length: 120 }, (_, i) => good(i + 1)) });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({ inserted: 120 });
    expect(await count()).toBe(before + 120);
    const events = await t.db.selectFrom('employment_event').select((eb) => eb.fn.countAll<number>().as('n')).where('entity_type', '=', 'service_point').where('action', '=', 'imported').executeTakeFirstOrThrow();
    expect(Number(events.n)).toBe(120);
    expect((await yubei.get('/api/employment/service-points/coverage')).json().districts[0].open.assistance_workshop).toBe(120);
  });

  it('refuses more than 5,000 rows', async () => {
    const res = await yubei.post('/api/employment/service-points/import', { rows: Array.from({ length: 5001 }, (_, i) => good(i)) });
    expect(res.statusCode).toBe(400);
  });
});

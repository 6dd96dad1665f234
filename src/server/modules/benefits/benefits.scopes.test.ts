// Who can do what in the benefits module: every role against every route, allowed and refused, and the
// org-unit scope of the entitlement lists. Mutating probes run in the order written (a row's roles left
// to right): the first allowed role changes the state, later ones meet the changed state (409).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, VILLAGES, type Client, type TestContext } from '../../testing/harness.js';
import { createEntitlement, createPolicy } from './benefits.fixtures.js';
import { dispatchNotifications, enqueueRunNotifications, inboxChannel } from './notifications.js';

let t: TestContext;
const c: Record<string, Client> = {};
const ent = {} as Record<'view' | 'confirm' | 'decline' | 'apply' | 'direct' | 'wanzhou' | 'jiefangbei' | 'enterprise' | 'civil', number>;
let batchId: number;
let notificationId: number;

beforeAll(async () => {
  t = await createTestContext();
  const yubeiPerson = await t.factory.person({ villageCode: VILLAGES.yubei, name: '渝北居民' });
  const wanzhouPerson = await t.factory.person({ villageCode: VILLAGES.wanzhou, name: '万州居民' });
  const jiefangbeiPerson = await t.factory.person({ villageCode: VILLAGES.jiefangbei, name: '解放碑居民' });
  const yubeiEnterprise = await t.factory.enterprise({ townshipCode: VILLAGES.yubei.slice(0, 9) });
  const hr = await createPolicy(t.db, { id: 'scope-hr', delivery: 'confirm' });
  const hrApply = await createPolicy(t.db, { id: 'scope-hr-apply', delivery: 'apply' });
  const hrDirect = await createPolicy(t.db, { id: 'scope-hr-direct', delivery: 'direct' });
  const hrEnterprise = await createPolicy(t.db, { id: 'scope-hr-enterprise', entity: 'enterprise', delivery: 'confirm' });
  const civil = await createPolicy(t.db, { id: 'scope-civil', department: 'civil_affairs', delivery: 'confirm' });
  const me = { personId: yubeiPerson.id };
  ent.view = await createEntitlement(t.db, hr, { payee: me, districtCode: '500112', period: '2026-11' });
  ent.confirm = await createEntitlement(t.db, hr, { payee: me, districtCode: '500112', period: '2026-10' });
  ent.decline = await createEntitlement(t.db, hr, { payee: me, districtCode: '500112', period: '2026-09' });
  ent.apply = await createEntitlement(t.db, hrApply, { payee: me, districtCode: '500112' });
  ent.direct = await createEntitlement(t.db, hrDirect, { payee: me, districtCode: '500112' });
  ent.wanzhou = await createEntitlement(t.db, hr, { payee: { personId: wanzhouPerson.id }, districtCode: '500101' });
  ent.jiefangbei = await createEntitlement(t.db, hr, { payee: { personId: jiefangbeiPerson.id }, districtCode: '500103' });
  ent.enterprise = await createEntitlement(t.db, hrEnterprise, { payee: { enterpriseId: yubeiEnterprise.id }, districtCode: '500112' });
  ent.civil = await createEntitlement(t.db, civil, { payee: me, districtCode: '500112' });
  await enqueueRunNotifications(t.db, hr.runId, '500112');
  await dispatchNotifications(t.db, [inboxChannel], { clock: t.clock });
  notificationId = (await t.db.selectFrom('notification').select('id').where('entitlement_id', '=', ent.view).executeTakeFirstOrThrow()).id;

  for (const u of ['admin', 'hrss', 'hrss2', 'civil', 'yubei', 'wanzhou', 'jiefangbei', 'auditor']) c[u] = await t.login(u);
  c.citizen = await t.demoLogin({ kind: 'citizen', personId: yubeiPerson.id });
  c.citizen2 = await t.demoLogin({ kind: 'citizen', personId: wanzhouPerson.id });
  c.enterprise = await t.demoLogin({ kind: 'enterprise', enterpriseId: yubeiEnterprise.id });
  c.anonymous = t.anonymous;

  // A draft batch of the direct policy, prepared by hrss: the approve, bank-file and reconciliation probes use it.
  const res = await c.hrss!.post('/api/payment-batches', { policyId: 'scope-hr-direct' });
  if (res.statusCode !== 201) throw new Error(res.body);
  batchId = res.json().batch.id;
});
afterAll(async () => t?.close());

type Probe = { group: string; method: 'GET' | 'POST'; url: () => string; body?: () => unknown; headers?: Record<string, string> };
const probes: Probe[] = [
  { group: 'my benefits', method: 'GET', url: () => '/api/me/benefits' },
  { group: 'my benefit', method: 'GET', url: () => `/api/me/benefits/${ent.view}` },
  { group: 'confirm', method: 'POST', url: () => `/api/me/benefits/${ent.confirm}/confirm`, body: () => ({ accountKind: 'social_security_card' }) },
  { group: 'apply', method: 'POST', url: () => `/api/me/benefits/${ent.apply}/apply`, body: () => ({ declaration: true, accountKind: 'social_security_card' }) },
  { group: 'decline', method: 'POST', url: () => `/api/me/benefits/${ent.decline}/decline`, body: () => ({ reason: '不需要' }) },
  { group: 'inbox', method: 'GET', url: () => '/api/me/inbox' },
  { group: 'inbox read', method: 'POST', url: () => `/api/me/inbox/${notificationId}/read` },
  { group: 'entitlements', method: 'GET', url: () => '/api/entitlements' },
  { group: 'entitlement', method: 'GET', url: () => `/api/entitlements/${ent.view}` },
  { group: 'batches', method: 'GET', url: () => '/api/payment-batches' },
  { group: 'batch', method: 'GET', url: () => `/api/payment-batches/${batchId}` },
  // 民政's policy has nothing ready: 409 shows the caller got past the access checks.
  { group: 'create batch', method: 'POST', url: () => '/api/payment-batches', body: () => ({ policyId: 'scope-civil' }) },
  { group: 'approve', method: 'POST', url: () => `/api/payment-batches/${batchId}/approve` },
  { group: 'bank file', method: 'GET', url: () => `/api/payment-batches/${batchId}/bank-file` },
  {
    group: 'reconcile',
    method: 'POST',
    url: () => `/api/payment-batches/${batchId}/reconciliation`,
    body: () => `reference,status,amount_fen,reason\nHM${batchId}-1,PAID,100000,\n`,
    headers: { 'content-type': 'text/csv' },
  },
];

const STAFF = ['admin', 'hrss', 'hrss2', 'civil', 'yubei', 'wanzhou', 'jiefangbei', 'auditor'] as const;
const staff = (status: number) => Object.fromEntries(STAFF.map((u) => [u, status]));
const selfOnly = (own: Record<string, number>) => ({ ...own, ...staff(403), anonymous: 401 });

// Expected status per role, in the order the requests are made.
const matrix: Record<string, Record<string, number>> = {
  'my benefits': selfOnly({ citizen: 200, citizen2: 200, enterprise: 200 }),
  'my benefit': selfOnly({ citizen2: 404, enterprise: 404, citizen: 200 }),
  confirm: selfOnly({ citizen2: 404, enterprise: 404, citizen: 200 }),
  apply: selfOnly({ citizen2: 404, enterprise: 404, citizen: 200 }),
  decline: selfOnly({ citizen2: 404, enterprise: 404, citizen: 200 }),
  inbox: selfOnly({ citizen: 200, citizen2: 200, enterprise: 200 }),
  'inbox read': selfOnly({ citizen2: 404, enterprise: 404, citizen: 200 }),
  entitlements: { ...staff(200), citizen: 403, citizen2: 403, enterprise: 403, anonymous: 401 },
  // A 渝北 resident's entitlement under a 人社 policy.
  entitlement: { admin: 200, hrss: 200, hrss2: 200, civil: 404, yubei: 200, wanzhou: 404, jiefangbei: 404, auditor: 200, citizen: 403, citizen2: 403, enterprise: 403, anonymous: 401 },
  batches: { admin: 200, hrss: 200, hrss2: 200, civil: 200, yubei: 200, wanzhou: 200, jiefangbei: 403, auditor: 200, citizen: 403, citizen2: 403, enterprise: 403, anonymous: 401 },
  // The batch pays into 渝北区 only.
  batch: { admin: 200, hrss: 200, hrss2: 200, civil: 404, yubei: 200, wanzhou: 404, jiefangbei: 403, auditor: 200, citizen: 403, citizen2: 403, enterprise: 403, anonymous: 401 },
  'create batch': { hrss: 403, hrss2: 403, civil: 409, admin: 409, yubei: 403, wanzhou: 403, jiefangbei: 403, auditor: 403, citizen: 403, citizen2: 403, enterprise: 403, anonymous: 401 },
  // hrss prepared it: refused to hrss (four eyes); admin approves; hrss2 then finds it approved.
  approve: { hrss: 403, civil: 404, yubei: 403, wanzhou: 403, jiefangbei: 403, auditor: 403, citizen: 403, citizen2: 403, enterprise: 403, anonymous: 401, admin: 200, hrss2: 409 },
  'bank file': { admin: 200, hrss: 200, hrss2: 200, civil: 404, yubei: 403, wanzhou: 403, jiefangbei: 403, auditor: 403, citizen: 403, citizen2: 403, enterprise: 403, anonymous: 401 },
  // The first allowed caller applies the file; the others replay it (200, nothing changes).
  reconcile: { civil: 404, yubei: 403, wanzhou: 403, jiefangbei: 403, auditor: 403, citizen: 403, citizen2: 403, enterprise: 403, anonymous: 401, hrss: 200, hrss2: 200, admin: 200 },
};

describe('access matrix: role × route', () => {
  for (const probe of probes) {
    for (const [role, expected] of Object.entries(matrix[probe.group]!)) {
      it(`${role} → ${probe.group}: ${expected}`, async () => {
        const client = c[role]!;
        const res = probe.method === 'GET' ? await client.get(probe.url()) : await client.post(probe.url(), probe.body?.() ?? {}, probe.headers);
        expect(res.statusCode, res.body).toBe(expected);
        if (expected >= 400) expect(res.json().error.code).toMatch(/^(UNAUTHENTICATED|FORBIDDEN|NOT_FOUND|CONFLICT)$/);
      });
    }
  }

  it('left the state the allowed callers made, and nothing else', async () => {
    const status = async (id: number) => (await t.db.selectFrom('entitlement').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
    expect(await status(ent.confirm)).toBe('ready');
    expect(await status(ent.apply)).toBe('ready');
    expect(await status(ent.decline)).toBe('declined');
    expect(await status(ent.direct)).toBe('paid');
    expect(await status(ent.civil)).toBe('awaiting_confirmation');
    const batch = await t.db.selectFrom('payment_batch').selectAll().where('id', '=', batchId).executeTakeFirstOrThrow();
    expect(batch).toMatchObject({ status: 'reconciled', paid_count: 1, paid_fen: 100000 });
    const admin = await t.db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
    expect(batch.approved_by).toBe(admin.id);
    expect(await t.db.selectFrom('reconciliation_file').select('id').where('batch_id', '=', batchId).execute()).toHaveLength(1);
  });
});

describe('org-unit scope of the entitlement lists', () => {
  const list = async (who: string) => (await c[who]!.get('/api/entitlements?pageSize=200')).json().items as { id: number; districtCode: string; policyId: string }[];

  it('gives a district officer their own district only', async () => {
    const yubei = await list('yubei');
    expect(yubei.length).toBeGreaterThan(0);
    expect(yubei.every((i) => i.districtCode === '500112')).toBe(true);
    expect((await list('wanzhou')).map((i) => i.id)).toEqual([ent.wanzhou]);
    expect((await c.yubei!.get(`/api/entitlements/${ent.wanzhou}`)).statusCode).toBe(404);
    expect((await c.wanzhou!.get(`/api/entitlements/${ent.wanzhou}`)).statusCode).toBe(200);
  });

  it('gives a township worker the entitlements of payees living in the township', async () => {
    expect((await list('jiefangbei')).map((i) => i.id)).toEqual([ent.jiefangbei]);
    expect((await c.jiefangbei!.get(`/api/entitlements/${ent.jiefangbei}`)).statusCode).toBe(200);
    expect((await c.jiefangbei!.get(`/api/entitlements/${ent.enterprise}`)).statusCode).toBe(404);
  });

  it('gives a department officer their department’s policies only, and the city admin and auditor everything', async () => {
    expect((await list('civil')).map((i) => i.id)).toEqual([ent.civil]);
    expect((await list('hrss')).some((i) => i.policyId === 'scope-civil')).toBe(false);
    const everything = Object.keys(ent).length;
    expect(await list('admin')).toHaveLength(everything);
    expect(await list('auditor')).toHaveLength(everything);
  });

  it('gives a district officer the batches paying into the district, with those lines only', async () => {
    expect((await c.yubei!.get('/api/payment-batches')).json().items.map((b: { id: number }) => b.id)).toEqual([batchId]);
    expect((await c.wanzhou!.get('/api/payment-batches')).json().total).toBe(0);
    expect((await c.civil!.get('/api/payment-batches')).json().total).toBe(0);
    const lines = (await c.yubei!.get(`/api/payment-batches/${batchId}`)).json().lines.items as { districtCode: string }[];
    expect(lines.length).toBe(1);
    expect(lines.every((l) => l.districtCode === '500112')).toBe(true);
  });
});

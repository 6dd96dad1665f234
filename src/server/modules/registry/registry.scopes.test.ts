// Who can do what: every role against every route group, allowed and refused, and the org-unit scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { createTestContext, VILLAGES, type Client, type TestContext } from '../../testing/harness.js';

let t: TestContext;
const c: Record<string, Client> = {};
let yubeiPerson: { id: number };
let wanzhouPerson: { id: number };
let jiefangbeiPerson: { id: number };
let qixinggangPerson: { id: number };
let yubeiEnterprise: { id: number };

beforeAll(async () => {
  t = await createTestContext();
  yubeiPerson = await t.factory.person({ villageCode: VILLAGES.yubei, name: '渝北居民' });
  wanzhouPerson = await t.factory.person({ villageCode: VILLAGES.wanzhou, name: '万州居民' });
  jiefangbeiPerson = await t.factory.person({ villageCode: VILLAGES.jiefangbei, name: '解放碑居民' });
  qixinggangPerson = await t.factory.person({ villageCode: VILLAGES.qixinggang, name: '七星岗居民' });
  yubeiEnterprise = await t.factory.enterprise({ townshipCode: VILLAGES.yubei.slice(0, 9) });
  for (const u of ['admin', 'hrss', 'yubei', 'jiefangbei', 'auditor']) c[u] = await t.login(u);
  c.citizen = await t.demoLogin({ kind: 'citizen', personId: yubeiPerson.id });
  c.enterprise = await t.demoLogin({ kind: 'enterprise', enterpriseId: yubeiEnterprise.id });
  c.anonymous = t.anonymous;
});
afterAll(async () => t?.close());

type Probe = { group: string; method: 'GET' | 'POST'; url: () => string; body?: unknown };
const probes: Probe[] = [
  { group: 'divisions', method: 'GET', url: () => '/api/divisions/500000' },
  { group: 'departments', method: 'GET', url: () => '/api/departments' },
  { group: 'overview', method: 'GET', url: () => '/api/stats/overview' },
  { group: 'person search', method: 'GET', url: () => '/api/persons?q=渝北' },
  { group: 'person read', method: 'GET', url: () => `/api/persons/${yubeiPerson.id}` },
  { group: 'person unmask', method: 'POST', url: () => `/api/persons/${yubeiPerson.id}/unmask`, body: { purpose: '核实就业援助对象' } },
  { group: 'enterprise search', method: 'GET', url: () => '/api/enterprises' },
  { group: 'imports', method: 'GET', url: () => '/api/imports' },
  { group: 'audit', method: 'GET', url: () => '/api/audit' },
  { group: 'my profile', method: 'GET', url: () => '/api/me/profile' },
  { group: 'my enterprise', method: 'GET', url: () => '/api/me/enterprise' },
];

// Expected status per role; 404 for self-service routes of the other kind of account.
const matrix: Record<string, Record<string, number>> = {
  divisions: { admin: 200, hrss: 200, yubei: 200, jiefangbei: 200, auditor: 200, citizen: 403, enterprise: 403, anonymous: 401 },
  departments: { admin: 200, hrss: 200, yubei: 200, jiefangbei: 200, auditor: 200, citizen: 403, enterprise: 403, anonymous: 401 },
  overview: { admin: 200, hrss: 200, yubei: 200, jiefangbei: 200, auditor: 200, citizen: 403, enterprise: 403, anonymous: 401 },
  'person search': { admin: 200, hrss: 200, yubei: 200, jiefangbei: 200, auditor: 200, citizen: 403, enterprise: 403, anonymous: 401 },
  // The person lives in 渝北区: the 解放碑 township worker gets 404, as if it did not exist.
  'person read': { admin: 200, hrss: 200, yubei: 200, jiefangbei: 404, auditor: 200, citizen: 403, enterprise: 403, anonymous: 401 },
  'person unmask': { admin: 200, hrss: 200, yubei: 200, jiefangbei: 404, auditor: 403, citizen: 403, enterprise: 403, anonymous: 401 },
  'enterprise search': { admin: 200, hrss: 200, yubei: 200, jiefangbei: 200, auditor: 200, citizen: 403, enterprise: 403, anonymous: 401 },
  imports: { admin: 200, hrss: 200, yubei: 403, jiefangbei: 403, auditor: 200, citizen: 403, enterprise: 403, anonymous: 401 },
  audit: { admin: 403, hrss: 403, yubei: 403, jiefangbei: 403, auditor: 200, citizen: 403, enterprise: 403, anonymous: 401 },
  'my profile': { admin: 403, hrss: 403, yubei: 403, jiefangbei: 403, auditor: 403, citizen: 200, enterprise: 404, anonymous: 401 },
  'my enterprise': { admin: 403, hrss: 403, yubei: 403, jiefangbei: 403, auditor: 403, citizen: 404, enterprise: 200, anonymous: 401 },
};

describe('access matrix: role × route group', () => {
  for (const probe of probes) {
    for (const [role, expected] of Object.entries(matrix[probe.group]!)) {
      it(`${role} → ${probe.group}: ${expected}`, async () => {
        const client = c[role]!;
        const res = probe.method === 'GET' ? await client.get(probe.url()) : await client.post(probe.url(), probe.body);
        expect(res.statusCode, res.body).toBe(expected);
        if (expected >= 400) expect(res.json().error.code).toMatch(/^(UNAUTHENTICATED|FORBIDDEN|NOT_FOUND)$/);
      });
    }
  }
});

describe('org-unit scope', () => {
  it('gives a district officer 404 for a person of another district, and 200 for their own', async () => {
    expect((await c.yubei!.get(`/api/persons/${wanzhouPerson.id}`)).statusCode).toBe(404);
    expect((await c.yubei!.get(`/api/persons/${yubeiPerson.id}`)).statusCode).toBe(200);
    expect((await c.yubei!.post(`/api/persons/${wanzhouPerson.id}/unmask`, { purpose: '核实身份信息' })).statusCode).toBe(404);
  });

  it('limits a township worker to their township', async () => {
    expect((await c.jiefangbei!.get(`/api/persons/${jiefangbeiPerson.id}`)).statusCode).toBe(200);
    expect((await c.jiefangbei!.get(`/api/persons/${qixinggangPerson.id}`)).statusCode).toBe(404);
  });

  it('searches only inside the scope', async () => {
    const names = async (client: Client) => ((await client.get('/api/persons?pageSize=200')).json().items as { name: string }[]).map((p) => p.name).sort();
    expect(await names(c.yubei!)).toEqual(['渝北居民']);
    expect(await names(c.jiefangbei!)).toEqual(['解放碑居民']);
    expect(await names(c.admin!)).toEqual(['七星岗居民', '万州居民', '渝北居民', '解放碑居民'].sort());
    // Asking for another district's division returns nothing rather than leaking it.
    expect((await c.yubei!.get(`/api/persons?divisionCode=${VILLAGES.wanzhou}`)).json().total).toBe(0);
  });

  it('shows a district officer only their own district in the org-unit browser', async () => {
    const city = (await c.yubei!.get('/api/divisions/500000')).json();
    expect(city.children.map((d: { code: string }) => d.code)).toEqual(['500112']);
    expect((await c.yubei!.get('/api/divisions/500101')).statusCode).toBe(404);
    const own = (await c.yubei!.get('/api/divisions/500112')).json();
    expect(own.children.length).toBeGreaterThan(10);
  });

  it('keeps enterprise records inside the scope', async () => {
    expect((await c.yubei!.get(`/api/enterprises/${yubeiEnterprise.id}`)).statusCode).toBe(200);
    expect((await c.jiefangbei!.get(`/api/enterprises/${yubeiEnterprise.id}`)).statusCode).toBe(404);
  });

  it('refuses to register an API route that declares no access rule', async () => {
    const app = await buildApp({ config: t.config, dbh: t.dbh, clock: t.clock });
    try {
      expect(() => app.get('/api/unguarded', async () => ({ leaked: true }))).toThrow(/declares no access rule/);
      expect(() => app.get('/api/guarded', { config: { access: 'audit.read' } }, async () => ({}))).not.toThrow();
    } finally {
      await app.close();
    }
  });
});

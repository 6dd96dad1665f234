// Who may do what with policies, snapshots, runs, outreach lists, explanations and simulations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, VILLAGES, type Client, type TestContext } from '../../testing/harness.js';

let t: TestContext;
const callers: Record<string, Client> = {};
let personId: number;
let runId: number;

type Route = { method: 'GET' | 'POST'; url: () => string; body?: unknown; allowed: string[] };
const STAFF_READERS = ['admin', 'hrss', 'civil', 'yubei', 'jiefangbei', 'auditor'];
const AUTHORS = ['admin', 'hrss', 'civil'];

const ROUTES: Record<string, Route> = {
  'list policies': { method: 'GET', url: () => '/api/policies', allowed: STAFF_READERS },
  'fact catalogue': { method: 'GET', url: () => '/api/facts?entity=person', allowed: STAFF_READERS },
  'check an expression': { method: 'POST', url: () => '/api/rules/check', body: { entity: 'person', expr: 'person.age > 1', want: 'bool' }, allowed: STAFF_READERS },
  'create a policy': { method: 'POST', url: () => '/api/policies', body: { definition: {} }, allowed: AUTHORS },
  'build a snapshot': { method: 'POST', url: () => '/api/snapshots', body: { asOf: '2026-11-20' }, allowed: AUTHORS },
  'list runs': { method: 'GET', url: () => '/api/runs', allowed: STAFF_READERS },
  'start a run': { method: 'POST', url: () => '/api/runs', body: {}, allowed: AUTHORS },
  'outreach lists': { method: 'GET', url: () => `/api/runs/${runId}/outreach?kind=near_miss`, allowed: STAFF_READERS },
  'explain a person': { method: 'GET', url: () => `/api/explain/person/${personId}`, allowed: STAFF_READERS },
  simulate: { method: 'POST', url: () => '/api/simulations', body: { policyId: 'no-such-policy', draftVersionId: 1 }, allowed: AUTHORS },
};

beforeAll(async () => {
  t = await createTestContext();
  for (const u of ['admin', 'hrss', 'civil', 'yubei', 'jiefangbei', 'auditor']) callers[u] = await t.login(u);
  const p = await t.factory.person({ villageCode: VILLAGES.jiefangbei });
  personId = p.id;
  const e = await t.factory.enterprise({ townshipCode: VILLAGES.jiefangbei.slice(0, 9) });
  callers.citizen = await t.demoLogin({ kind: 'citizen', personId });
  callers.enterprise = await t.demoLogin({ kind: 'enterprise', enterpriseId: e.id });
  callers.anonymous = t.anonymous;
  // A snapshot and an (empty) run so that the read routes have something to find.
  await callers.admin!.post('/api/snapshots', { asOf: '2026-11-20' });
  const snap = await t.db.selectFrom('fact_snapshot').select('id').executeTakeFirstOrThrow();
  const run = await t.db
    .insertInto('policy_run')
    .values({ snapshot_id: snap.id, period_month: '2026-11', version_ids: '[]', status: 'completed', chunks_total: 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  runId = run.id;
}, 120_000);
afterAll(async () => t?.close());

describe('access matrix of the rules routes', () => {
  for (const [name, route] of Object.entries(ROUTES)) {
    it(name, async () => {
      for (const [who, client] of Object.entries(callers)) {
        const res = route.method === 'GET' ? await client.get(route.url()) : await client.post(route.url(), route.body);
        const expected = who === 'anonymous' ? 401 : route.allowed.includes(who) ? 'allowed' : 403;
        const got = res.statusCode === 401 || res.statusCode === 403 ? res.statusCode : 'allowed';
        expect({ who, route: name, status: got }).toEqual({ who, route: name, status: expected });
      }
    });
  }

  it('a township worker may explain a person of their township', async () => {
    expect((await callers.jiefangbei!.get(`/api/explain/person/${personId}`)).statusCode).toBe(200);
    expect((await callers.yubei!.get(`/api/explain/person/${personId}`)).statusCode).toBe(404);
  });
});

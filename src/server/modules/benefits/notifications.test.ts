// The notification outbox: what a run enqueues (once, however often it is rerun), delivery through the
// inbox and a signed webhook to a local HTTP server, retries and giving up, and that no payload or
// webhook body carries an id number, a name or an account.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, VILLAGES, type Client, type TestContext } from '../../testing/harness.js';
import { createEntitlement, createPolicy, type FixturePolicy } from './benefits.fixtures.js';
import { dispatchNotifications, enqueueRunNotifications, inboxChannel, MAX_ATTEMPTS, startNotificationDispatcher, verifyWebhookSignature, webhookChannel } from './notifications.js';

const SECRET = 'test-webhook-secret-0123456789';

let t: TestContext;
let server: Server;
let url: string;
let answer = 200;
const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];

let person: { id: number; idNumber: string };
let other: { id: number; idNumber: string };
let farAway: { id: number; idNumber: string };
let enterprise: { id: number; creditCode: string };
let confirm: FixturePolicy;
let apply: FixturePolicy;
let direct: FixturePolicy;
let enterprisePolicy: FixturePolicy;
const ent = {} as Record<'confirm' | 'confirmZero' | 'excluded' | 'otherDistrict' | 'apply' | 'direct' | 'directZero' | 'enterprise', number>;
let citizen: Client;
let otherCitizen: Client;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = answer;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/huimin`;

  t = await createTestContext();
  person = await t.factory.person({ villageCode: VILLAGES.yubei, name: '周通知' });
  other = await t.factory.person({ villageCode: VILLAGES.yubei2, name: '吴旁人' });
  farAway = await t.factory.person({ villageCode: VILLAGES.wanzhou, name: '郑远方' });
  enterprise = await t.factory.enterprise({ townshipCode: VILLAGES.yubei.slice(0, 9), name: '重庆通知测试有限公司' });
  confirm = await createPolicy(t.db, { id: 'notify-confirm', delivery: 'confirm', nameZh: '确认类补贴', nameEn: 'Confirm subsidy' });
  apply = await createPolicy(t.db, { id: 'notify-apply', delivery: 'apply', nameZh: '申请类补贴', nameEn: 'Apply subsidy' });
  direct = await createPolicy(t.db, { id: 'notify-direct', delivery: 'direct', nameZh: '直补类补贴', nameEn: 'Direct subsidy' });
  enterprisePolicy = await createPolicy(t.db, { id: 'notify-enterprise', entity: 'enterprise', delivery: 'confirm', nameZh: '企业补贴', nameEn: 'Enterprise subsidy' });
  // Written by each policy's own run; the tests enqueue run by run.
  ent.confirm = await createEntitlement(t.db, confirm, { payee: { personId: person.id }, districtCode: '500112', amountFen: 100000 });
  ent.confirmZero = await createEntitlement(t.db, confirm, { payee: { personId: other.id }, districtCode: '500112', amountFen: 0 });
  ent.excluded = await createEntitlement(t.db, confirm, { payee: { personId: farAway.id }, districtCode: '500112', amountFen: 100000, status: 'excluded', entityId: 777 });
  ent.otherDistrict = await createEntitlement(t.db, confirm, { payee: { personId: farAway.id }, districtCode: '500101', amountFen: 100000 });
  ent.apply = await createEntitlement(t.db, apply, { payee: { personId: person.id }, districtCode: '500112', amountFen: 20000 });
  ent.direct = await createEntitlement(t.db, direct, { payee: { personId: person.id }, districtCode: '500112', amountFen: 30000 });
  ent.directZero = await createEntitlement(t.db, direct, { payee: { personId: other.id }, districtCode: '500112', amountFen: 0 });
  ent.enterprise = await createEntitlement(t.db, enterprisePolicy, { payee: { enterpriseId: enterprise.id }, districtCode: '500112', amountFen: 500000 });
  citizen = await t.demoLogin({ kind: 'citizen', personId: person.id });
  otherCitizen = await t.demoLogin({ kind: 'citizen', personId: other.id });
});
afterAll(async () => {
  await t?.close();
  await new Promise((r) => server?.close(r));
});

const channels = ['inbox', 'webhook'];

describe('enqueueing a run’s notifications', () => {
  it('writes one row per channel for each new entitlement with a payee and money to pay or a step to take', async () => {
    const n = await t.db.transaction().execute(async (trx) => {
      let written = 0;
      for (const p of [confirm, apply, direct, enterprisePolicy]) written += await enqueueRunNotifications(trx, p.runId, '500112', { channels, now: t.clock.now() });
      return written;
    });
    const rows = await t.db.selectFrom('notification').select(['entitlement_id', 'template', 'channel', 'person_id', 'enterprise_id', 'status']).orderBy('id').execute();
    // confirm (100000), confirm with 0 (recognition, still to confirm), apply, direct (30000), enterprise: 5 × 2 channels.
    expect(n).toBe(10);
    expect(rows.filter((r) => r.channel === 'inbox').map((r) => [r.entitlement_id, r.template])).toEqual([
      [ent.confirm, 'entitlement_found_confirm'],
      [ent.confirmZero, 'entitlement_found_confirm'],
      [ent.apply, 'entitlement_found_apply'],
      [ent.direct, 'entitlement_direct'],
      [ent.enterprise, 'entitlement_found_confirm'],
    ]);
    expect(rows.every((r) => r.status === 'pending')).toBe(true);
    expect(rows.find((r) => r.entitlement_id === ent.enterprise)).toMatchObject({ person_id: null, enterprise_id: enterprise.id });
    // Not: the excluded one, the other district's, the direct one with nothing to pay.
    for (const id of [ent.excluded, ent.otherDistrict, ent.directZero]) expect(rows.some((r) => r.entitlement_id === id)).toBe(false);
  });

  it('adds nothing when the run chunk is enqueued again', async () => {
    expect(await enqueueRunNotifications(t.db, confirm.runId, '500112', { channels })).toBe(0);
    expect(await enqueueRunNotifications(t.db, direct.runId, '500112', { channels })).toBe(0);
    expect(await t.db.selectFrom('notification').select('id').execute()).toHaveLength(10);
  });

  it('carries the policy and the amount only: no id number, name or account in any payload', async () => {
    const rows = await t.db.selectFrom('notification').select('payload').execute();
    for (const r of rows) {
      const payload = (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<string, unknown>;
      expect(Object.keys(payload).sort()).toEqual(['amountFen', 'policyId', 'policyName']);
      const text = JSON.stringify(payload);
      for (const secret of [person.idNumber, other.idNumber, '周通知', '吴旁人', enterprise.creditCode, '重庆通知测试有限公司']) expect(text).not.toContain(secret);
    }
  });
});

describe('delivering', () => {
  it('shows nothing in the inbox before delivery', async () => {
    expect((await citizen.get('/api/me/inbox')).json()).toMatchObject({ total: 0, unread: 0 });
  });

  it('delivers through the inbox and the signed webhook', async () => {
    const result = await dispatchNotifications(t.db, [inboxChannel, webhookChannel({ url, secret: SECRET, clock: t.clock })], { clock: t.clock });
    expect(result).toEqual({ sent: 10, retrying: 0, failed: 0 });
    expect(received).toHaveLength(5);
    for (const r of received) {
      const ts = String(r.headers['x-huimin-timestamp']);
      expect(ts).toBe(String(Math.floor(t.clock.now().getTime() / 1000)));
      expect(verifyWebhookSignature(SECRET, ts, r.body, String(r.headers['x-huimin-signature']))).toBe(true);
      expect(verifyWebhookSignature('another-secret-0123456789', ts, r.body, String(r.headers['x-huimin-signature']))).toBe(false);
      expect(r.headers['content-type']).toBe('application/json');
      for (const secret of [person.idNumber, other.idNumber, '周通知', '吴旁人', enterprise.creditCode, '重庆通知测试有限公司']) expect(r.body).not.toContain(secret);
    }
    const first = received.map((r) => JSON.parse(r.body)).find((b) => b.data.policyId === 'notify-confirm' && b.recipient.id === person.id);
    expect(first).toMatchObject({ template: 'entitlement_found_confirm', recipient: { kind: 'person', id: person.id }, data: { policyId: 'notify-confirm', amountFen: 100000 } });
    expect(first.text.title.zh).toBe('您符合「确认类补贴」');
    const sent = await t.db.selectFrom('notification').select(['status', 'attempts', 'sent_at']).execute();
    expect(sent.every((s) => s.status === 'sent' && s.attempts === 1 && s.sent_at !== null)).toBe(true);
    // Nothing left to deliver.
    expect(await dispatchNotifications(t.db, [inboxChannel], { clock: t.clock })).toEqual({ sent: 0, retrying: 0, failed: 0 });
  });

  it('shows the citizen their own messages, and marks them read', async () => {
    const res = await citizen.get('/api/me/inbox');
    expect(res.statusCode, res.body).toBe(200);
    const inbox = res.json();
    expect(inbox).toMatchObject({ total: 3, unread: 3 });
    expect(inbox.items.map((i: { template: string }) => i.template)).toEqual(['entitlement_direct', 'entitlement_found_apply', 'entitlement_found_confirm']);
    expect(inbox.items[2].body.zh).toContain('金额 1000.00 元');
    const id = inbox.items[0].id;
    expect((await otherCitizen.post(`/api/me/inbox/${id}/read`)).statusCode).toBe(404);
    const read = await citizen.post(`/api/me/inbox/${id}/read`);
    expect(read.statusCode, read.body).toBe(200);
    t.clock.advanceMs(60_000);
    expect((await citizen.post(`/api/me/inbox/${id}/read`)).json().readAt).toBe(read.json().readAt);
    expect((await citizen.get('/api/me/inbox')).json().unread).toBe(2);
    expect((await citizen.get('/api/me/inbox?unread=1')).json().total).toBe(2);
    expect((await otherCitizen.get('/api/me/inbox')).json().items.map((i: { entitlementId: number }) => i.entitlementId)).toEqual([ent.confirmZero]);
  });

  it('retries a failing webhook with backoff and gives up after five attempts', async () => {
    const p = await createPolicy(t.db, { id: 'notify-retry', delivery: 'confirm' });
    const e = await createEntitlement(t.db, p, { payee: { personId: other.id }, districtCode: '500112', amountFen: 5000 });
    await enqueueRunNotifications(t.db, p.runId, '500112', { channels: ['webhook'] });
    answer = 503;
    const hook = webhookChannel({ url, secret: SECRET, clock: t.clock });
    const row = () => t.db.selectFrom('notification').select(['status', 'attempts', 'last_error', 'next_attempt_at']).where('entitlement_id', '=', e).executeTakeFirstOrThrow();
    expect(await dispatchNotifications(t.db, [hook], { clock: t.clock })).toEqual({ sent: 0, retrying: 1, failed: 0 });
    expect(await row()).toMatchObject({ status: 'pending', attempts: 1, last_error: 'webhook answered HTTP 503' });
    // Not due again until the backoff has passed.
    const calls = received.length;
    expect(await dispatchNotifications(t.db, [hook], { clock: t.clock })).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(received.length).toBe(calls);
    for (let i = 2; i <= MAX_ATTEMPTS; i++) {
      t.clock.advanceMs(60 * 60_000);
      await dispatchNotifications(t.db, [hook], { clock: t.clock });
    }
    expect(await row()).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, next_attempt_at: null });
    t.clock.advanceMs(60 * 60_000);
    expect(await dispatchNotifications(t.db, [hook], { clock: t.clock })).toEqual({ sent: 0, retrying: 0, failed: 0 });
    answer = 200;
  });

  it('delivers on an interval in the server process, and stops cleanly', async () => {
    const p = await createPolicy(t.db, { id: 'notify-interval', delivery: 'confirm' });
    const e = await createEntitlement(t.db, p, { payee: { personId: person.id }, districtCode: '500112', amountFen: 5000 });
    await enqueueRunNotifications(t.db, p.runId, '500112');
    const dispatcher = startNotificationDispatcher(t.db, [inboxChannel], { intervalMs: 20, clock: t.clock });
    const sent = async () => (await t.db.selectFrom('notification').select('status').where('entitlement_id', '=', e).executeTakeFirstOrThrow()).status === 'sent';
    for (let i = 0; i < 200 && !(await sent()); i++) await new Promise((r) => setTimeout(r, 20));
    await dispatcher.stop();
    expect(await sent()).toBe(true);
  });

  it('leaves rows of a channel this process does not deliver', async () => {
    const p = await createPolicy(t.db, { id: 'notify-sms', delivery: 'confirm' });
    const e = await createEntitlement(t.db, p, { payee: { personId: other.id }, districtCode: '500112', amountFen: 5000 });
    await enqueueRunNotifications(t.db, p.runId, '500112', { channels: ['webhook'] });
    expect(await dispatchNotifications(t.db, [inboxChannel], { clock: t.clock })).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect((await t.db.selectFrom('notification').select(['status', 'attempts']).where('entitlement_id', '=', e).executeTakeFirstOrThrow())).toEqual({ status: 'pending', attempts: 0 });
  });
});

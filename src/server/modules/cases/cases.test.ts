// The case engine through HTTP on a real database: reporting without an account, routing, the
// wage-arrears flow with review, tracking and rating, refusals, concurrency, transfer, supervision,
// escalation, reopening, linking and the statistics.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, VILLAGES, type Client, type TestContext } from '../../testing/harness.js';
import { runComputed } from '../plan/index.js';
import { escalateOverdue } from './index.js';

let t: TestContext;
let yubei: Client;
let yubei2: Client;
let wanzhou: Client;
let hrss: Client;
let wanzhouEmployer: { id: number; creditCode: string };

beforeAll(async () => {
  t = await createTestContext();
  [yubei, yubei2, wanzhou, hrss] = await Promise.all([t.login('yubei'), t.login('yubei2'), t.login('wanzhou'), t.login('hrss')]);
  wanzhouEmployer = await t.factory.enterprise({ townshipCode: VILLAGES.wanzhou.slice(0, 9), name: '重庆万州某建筑劳务有限公司' });
}, 60_000);
afterAll(async () => t?.close());

let employerNo = 0;
/** A lead about a new employer each time (leads about one employer link up), unless told otherwise. */
const lead = (over: Record<string, unknown> = {}) => ({
  employerName: `重庆测试${++employerNo}号建设有限公司`,
  construction: false,
  projectDistrict: '500112',
  periodFrom: '2026-08',
  periodTo: '2026-10',
  amountFen: 3_600_000,
  workers: 3,
  description: '工地完工后三个月工资未发',
  ...over,
});

/** Reports a lead through the public form, as a worker without an account would. */
let ip = 0;
async function reportPublicly(fields: Record<string, unknown>, phone = '13800138000') {
  // Each report from its own address: the public routes are rate limited per address.
  const from = { 'x-forwarded-for': `10.0.${Math.floor(++ip / 250)}.${ip % 250}` };
  const code = await t.anonymous.post('/api/public/phone-codes', { phone }, from);
  expect(code.statusCode).toBe(200);
  const demoCode = code.json().demoCode as string;
  const res = await t.anonymous.post('/api/public/cases', { kind: 'wage_arrears', phone, phoneCode: demoCode, reporterName: '张小工', fields }, from);
  expect(res.statusCode, res.body).toBe(201);
  const trackingCode = res.json().trackingCode as string;
  const row = await t.db.selectFrom('case_record').select(['id', 'org_code', 'version']).where('tracking_code', '=', trackingCode).executeTakeFirstOrThrow();
  return { trackingCode, id: Number(row.id), orgCode: row.org_code };
}

async function act(c: Client, id: number, body: Record<string, unknown>) {
  const detail = await c.get(`/api/cases/${id}`);
  expect(detail.statusCode, detail.body).toBe(200);
  return c.post(`/api/cases/${id}/actions`, { version: detail.json().version, ...body });
}

describe('reporting and routing', () => {
  it('a worker reports a lead without an account and gets a tracking code; the public form lists only public fields', async () => {
    const form = await t.anonymous.get('/api/public/case-forms/wage_arrears');
    expect(form.statusCode).toBe(200);
    expect(form.json().districts).toHaveLength(38);
    expect(form.json().fields.map((f: { name: string }) => f.name)).toContain('amountFen');
    const r = await reportPublicly(lead());
    expect(r.trackingCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(r.orgCode).toBe('500112');
  });

  it('routes to the employer’s district, but to the project’s district for construction', async () => {
    const byEmployer = await reportPublicly(lead({ employerName: '某单位', employerCreditCode: wanzhouEmployer.creditCode, projectDistrict: '500112' }));
    expect(byEmployer.orgCode).toBe('500101');
    const construction = await reportPublicly(lead({ employerName: '某单位', employerCreditCode: wanzhouEmployer.creditCode, construction: true, projectDistrict: '500112' }));
    expect(construction.orgCode).toBe('500112');
    const row = await t.db.selectFrom('case_record').select(['enterprise_id']).where('id', '=', byEmployer.id).executeTakeFirstOrThrow();
    expect(Number(row.enterprise_id)).toBe(wanzhouEmployer.id);
  });

  it('refuses a bad credit code, a reversed period and a wrong phone code, naming the field, and stores nothing', async () => {
    const before = await t.db.selectFrom('case_record').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const code = (await t.anonymous.post('/api/public/phone-codes', { phone: '13900139000' })).json().demoCode as string;
    const bad = await t.anonymous.post('/api/public/cases', { kind: 'wage_arrears', phone: '13900139000', phoneCode: code, fields: lead({ employerCreditCode: '91500000MA5U7ABC1X', periodFrom: '2026-10', periodTo: '2026-08' }) });
    expect(bad.statusCode).toBe(400);
    const paths = bad.json().error.details.map((d: { path: string }) => d.path);
    expect(paths).toContain('fields.employerCreditCode');
    expect(paths).toContain('fields.periodTo');
    const wrong = await t.anonymous.post('/api/public/cases', { kind: 'wage_arrears', phone: '13900139000', phoneCode: code === '000000' ? '111111' : '000000', fields: lead() });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details[0].path).toBe('phoneCode');
    const limited = [];
    for (let i = 0; i < 6; i++) limited.push((await t.anonymous.post('/api/public/phone-codes', { phone: '13900139001' }, { 'x-forwarded-for': '10.9.9.9' })).statusCode);
    expect(limited).toEqual([200, 200, 200, 200, 200, 429]);
    const staffOnly = await t.anonymous.post('/api/public/cases', { kind: 'labour_dispute', phone: '13900139000', phoneCode: code, fields: {} });
    expect(staffOnly.statusCode).toBe(404);
    const after = await t.db.selectFrom('case_record').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});

describe('the phone code', () => {
  it('is good for five tries: after five wrong ones even the right code is refused, and a new code works once', async () => {
    const phone = '13500135000';
    const from = (n: number) => ({ 'x-forwarded-for': `10.77.0.${n}` });
    const right = (await t.anonymous.post('/api/public/phone-codes', { phone }, from(1))).json().demoCode as string;
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const r = await t.anonymous.post('/api/public/cases', { kind: 'wage_arrears', phone, phoneCode: wrong, fields: lead() }, from(10 + i));
      expect(r.json().error.messageEn).toMatch(/wrong/);
    }
    const locked = await t.anonymous.post('/api/public/cases', { kind: 'wage_arrears', phone, phoneCode: right, fields: lead() }, from(20));
    expect(locked.statusCode).toBe(400);
    expect(locked.json().error.messageEn).toMatch(/too many/i);
    const fresh = (await t.anonymous.post('/api/public/phone-codes', { phone }, from(2))).json().demoCode as string;
    expect((await t.anonymous.post('/api/public/cases', { kind: 'wage_arrears', phone, phoneCode: fresh, fields: lead() }, from(21))).statusCode).toBe(201);
    const reused = await t.anonymous.post('/api/public/cases', { kind: 'wage_arrears', phone, phoneCode: fresh, fields: lead() }, from(22));
    expect(reused.json().error.messageEn).toMatch(/was used, has expired/);
  });
});

describe('the wage-arrears flow', () => {
  it('is accepted, verified, concluded, returned once by the reviewer, approved, tracked and rated', async () => {
    const r = await reportPublicly(lead({ employerName: '重庆流程测试有限公司' }));
    expect((await act(yubei, r.id, { action: 'transition', transition: 'accept' })).statusCode).toBe(200);
    const noEvidence = await act(yubei, r.id, { action: 'transition', transition: 'verify' });
    expect(noEvidence.statusCode).toBe(400);
    expect(noEvidence.json().error.details[0].path).toBe('evidence');
    expect((await act(yubei, r.id, { action: 'transition', transition: 'verify', evidence: '现场核查，工资表显示8-10月未发' })).statusCode).toBe(200);
    const concl = await act(yubei, r.id, { action: 'transition', transition: 'conclude', conclusion: 'paid_full', evidence: '工资支付凭证' });
    expect(concl.statusCode).toBe(200);
    expect(concl.json().state).toBe('handling'); // waiting for review, not closed yet

    const self = await act(yubei, r.id, { action: 'review_approve' });
    expect(self.statusCode).toBe(403);
    expect(self.json().error.messageEn).toMatch(/someone other than/i);

    expect((await act(yubei2, r.id, { action: 'review_return', reason: '缺少工人签收记录' })).statusCode).toBe(200);
    const tracked1 = (await t.anonymous.get(`/api/public/cases/${r.trackingCode}`)).json();
    expect(tracked1.final).toBe(false);

    expect((await act(yubei, r.id, { action: 'transition', transition: 'conclude', conclusion: 'paid_full', evidence: '补充工人签收表' })).statusCode).toBe(200);
    const approved = await act(yubei2, r.id, { action: 'review_approve' });
    expect(approved.statusCode).toBe(200);
    expect(approved.json().final).toBe(true);

    const detail = (await yubei.get(`/api/cases/${r.id}`)).json();
    expect(detail.timeline.map((e: { action: string }) => e.action)).toEqual(['created', 'transition', 'transition', 'review_requested', 'review_returned', 'review_requested', 'review_approved']);
    expect(detail.conclusion).toBe('paid_full');
    expect(detail.reporter).toEqual({ name: '张**', phone: '138****8000' });

    const tracked = await t.anonymous.get(`/api/public/cases/${r.trackingCode}`);
    expect(tracked.json()).toMatchObject({ final: true, stateLabel: { zh: '已办结' }, conclusionLabel: { zh: '已全额支付' }, canRate: true });
    // Status and conclusion only: no employer, no officer, no notes.
    expect(tracked.body).not.toContain('重庆流程测试');
    expect(tracked.body).not.toContain('签收');
    expect(tracked.body).not.toContain('渝北区人力社保局');

    const rate = await t.anonymous.post(`/api/public/cases/${r.trackingCode}/rating`, { score: 5, comment: '很快' });
    expect(rate.statusCode).toBe(200);
    expect(rate.json()).toMatchObject({ rating: 5, canRate: false });
    expect((await t.anonymous.post(`/api/public/cases/${r.trackingCode}/rating`, { score: 1 })).statusCode).toBe(409);
    const audit = await t.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'case').where('entity_id', '=', String(r.id)).execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it('refuses an action the state does not allow (409) and one the role may not take (403), with the reason', async () => {
    const r = await reportPublicly(lead());
    const early = await act(yubei, r.id, { action: 'transition', transition: 'verify', evidence: 'x x' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toContain('待受理');
    const auditor = await t.login('auditor');
    const byAuditor = await auditor.post(`/api/cases/${r.id}/actions`, { version: 1, action: 'transition', transition: 'accept' });
    expect(byAuditor.statusCode).toBe(403);
    const outside = await yubei.post(`/api/cases/${(await reportPublicly(lead({ projectDistrict: '500101' }))).id}/actions`, { version: 1, action: 'transition', transition: 'accept' });
    expect(outside.statusCode).toBe(404);
  });

  it('of two officers acting on the same version, exactly one wins and the other gets a conflict', async () => {
    const r = await reportPublicly(lead());
    const [a, b] = await Promise.all([
      yubei.post(`/api/cases/${r.id}/actions`, { version: 1, action: 'transition', transition: 'accept' }),
      yubei2.post(`/api/cases/${r.id}/actions`, { version: 1, action: 'comment', note: '已电话联系反映人' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.json().error.message).toContain('刷新');
    const events = await t.db.selectFrom('case_event').select('seq').where('case_id', '=', r.id).execute();
    expect(events).toHaveLength(2);
  });
});

describe('attachments', () => {
  it('keeps name, type, size and hash, serves the bytes back to the case’s officers only, and accepts them as evidence', async () => {
    const r = await reportPublicly(lead());
    const bytes = Buffer.from('现场核查笔录：工资表显示8-10月未发。', 'utf8');
    const up = await yubei.post(`/api/cases/${r.id}/attachments`, { name: '核查笔录.txt', mime: 'text/plain', contentBase64: bytes.toString('base64') });
    expect(up.statusCode).toBe(201);
    const a = up.json();
    expect(a).toMatchObject({ name: '核查笔录.txt', mime: 'text/plain', size: bytes.length });
    expect(a.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const down = await yubei.get(`/api/cases/${r.id}/attachments/${a.id}`);
    expect(down.statusCode).toBe(200);
    expect(down.rawPayload.equals(bytes)).toBe(true);
    expect((await wanzhou.get(`/api/cases/${r.id}/attachments/${a.id}`)).statusCode).toBe(404);
    const exe = await yubei.post(`/api/cases/${r.id}/attachments`, { name: 'x.exe', mime: 'application/x-msdownload', contentBase64: 'TVo=' });
    expect(exe.statusCode).toBe(400);
    await act(yubei, r.id, { action: 'transition', transition: 'accept' });
    const other = await reportPublicly(lead());
    const foreign = (await yubei.post(`/api/cases/${other.id}/attachments`, { name: 'b.txt', mime: 'text/plain', contentBase64: Buffer.from('b').toString('base64') })).json();
    expect((await act(yubei, r.id, { action: 'transition', transition: 'verify', attachmentIds: [foreign.id] })).statusCode).toBe(400);
    expect((await act(yubei, r.id, { action: 'transition', transition: 'verify', attachmentIds: [a.id] })).statusCode).toBe(200);
    const d = (await yubei.get(`/api/cases/${r.id}`)).json();
    expect(d.attachments.map((x: { id: number }) => x.id)).toEqual([a.id]);
    expect(d.timeline.at(-1).payload.attachmentIds).toEqual([a.id]);
  });
});

describe('the inbox', () => {
  it('counts open cases by light, waiting for review and incoming transfers, for the reader’s district only', async () => {
    const s = (await yubei.get('/api/cases/summary?kind=wage_arrears')).json();
    const open = await t.db.selectFrom('case_record').select(['id']).where('kind_code', '=', 'wage_arrears').where('district_code', '=', '500112').where('final', '=', false).execute();
    expect(s.open).toBe(open.length);
    expect(s.red + s.yellow + s.blue).toBeLessThanOrEqual(s.open);
    const list = (await yubei.get('/api/cases?kind=wage_arrears&pageSize=200')).json();
    expect(list.total).toBe(open.length);
    expect(list.items.every((i: { districtCode: string; final: boolean }) => i.districtCode === '500112' && !i.final)).toBe(true);
    const dues = list.items.map((i: { dueOn: string }) => i.dueOn);
    expect(dues).toEqual([...dues].sort());
  });
});

describe('transfer, supervision, escalation, reopening and linking', () => {
  it('transfers to another district, which can refuse or accept', async () => {
    const r = await reportPublicly(lead());
    expect((await act(yubei, r.id, { action: 'transfer', toOrg: '500101', reason: '用工单位实际在万州' })).statusCode).toBe(200);
    const incoming = (await wanzhou.get('/api/cases?box=incoming')).json();
    expect(incoming.items.map((i: { id: number }) => i.id)).toContain(r.id);
    expect((await act(yubei, r.id, { action: 'transfer_accept' })).statusCode).toBe(403);
    expect((await act(wanzhou, r.id, { action: 'transfer_refuse', reason: '单位注册在渝北' })).statusCode).toBe(200);
    expect((await act(yubei, r.id, { action: 'transfer', toOrg: '500101', reason: '项目在万州' })).statusCode).toBe(200);
    expect((await act(wanzhou, r.id, { action: 'transfer_accept' })).statusCode).toBe(200);
    const row = await t.db.selectFrom('case_record').select(['org_code', 'district_code']).where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ org_code: '500101', district_code: '500101' });
    expect((await yubei.get(`/api/cases/${r.id}`)).statusCode).toBe(404);
  });

  it('a higher level supervises a case: its deadline tightens and it shows on the board; the same level cannot', async () => {
    const r = await reportPublicly(lead());
    await act(yubei, r.id, { action: 'transition', transition: 'accept' });
    const before = (await yubei.get(`/api/cases/${r.id}`)).json();
    expect((await act(yubei2, r.id, { action: 'supervise', reason: '催办' })).statusCode).toBe(403);
    expect((await act(hrss, r.id, { action: 'supervise', reason: '群众反映强烈，从快办理' })).statusCode).toBe(200);
    const after = (await yubei.get(`/api/cases/${r.id}`)).json();
    expect(after.supervised).toBe(true);
    expect(after.dueOn < before.dueOn).toBe(true);
    const boardItems = (await hrss.get('/api/cases/board')).json().items.map((i: { id: number }) => i.id);
    expect(boardItems).toContain(r.id);
  });

  it('an overdue case turns red and escalates once to the city board', async () => {
    const r = await reportPublicly(lead());
    const saved = t.clock.now().toISOString();
    try {
      t.clock.set('2026-12-10T10:00:00+08:00');
      expect(await escalateOverdue(t.db as never, t.clock)).toBeGreaterThan(0);
      expect(await escalateOverdue(t.db as never, t.clock)).toBe(0);
      // Sessions last a working day: sign in again on the later date.
      const [y, h] = await Promise.all([t.login('yubei'), t.login('hrss')]);
      const res = await y.get(`/api/cases/${r.id}`);
      expect(res.statusCode, res.body).toBe(200);
      const d = res.json();
      expect(d.light).toBe('red');
      expect(d.escalated).toBe(true);
      expect(d.timeline.at(-1)).toMatchObject({ action: 'escalated', payload: { toOrg: '500000' } });
      expect((await h.get('/api/cases/board')).json().items.map((i: { id: number }) => i.id)).toContain(r.id);
      const red = (await y.get('/api/cases?light=red')).json();
      expect(red.items.map((i: { id: number }) => i.id)).toContain(r.id);
    } finally {
      t.clock.set(saved);
    }
  });

  it('the reporter can reopen a closed case within 10 working days, not after', async () => {
    const close = async () => {
      const r = await reportPublicly(lead());
      await act(yubei, r.id, { action: 'transition', transition: 'accept' });
      await act(yubei, r.id, { action: 'transition', transition: 'conclude', conclusion: 'not_established', evidence: '核查记录' });
      await act(yubei2, r.id, { action: 'review_approve' });
      return r;
    };
    const r = await close();
    const re = await t.anonymous.post(`/api/public/cases/${r.trackingCode}/reopen`, { reason: '钱还是没有发' });
    expect(re.statusCode).toBe(200);
    expect(re.json()).toMatchObject({ final: false, state: 'handling', reopened: true });
    const late = await close();
    const saved = t.clock.now().toISOString();
    try {
      t.clock.set('2026-12-08T10:00:00+08:00'); // 12 working days after 20 November
      const tooLate = await t.anonymous.post(`/api/public/cases/${late.trackingCode}/reopen`, { reason: '不满意' });
      expect(tooLate.statusCode).toBe(409);
      expect(tooLate.json().error.message).toContain('10个工作日');
    } finally {
      t.clock.set(saved);
    }
  });

  it('links leads about the same employer and period and flags the group once 30 workers are affected', async () => {
    const e = await t.factory.enterprise({ townshipCode: VILLAGES.yubei.slice(0, 9), name: '重庆欠薪联动测试有限公司' });
    const a = await reportPublicly(lead({ employerCreditCode: e.creditCode, workers: 10, periodFrom: '2026-06', periodTo: '2026-08' }));
    const b = await reportPublicly(lead({ employerCreditCode: e.creditCode, workers: 12, periodFrom: '2026-08', periodTo: '2026-09' }));
    const other = await reportPublicly(lead({ employerCreditCode: e.creditCode, workers: 50, periodFrom: '2025-01', periodTo: '2025-02' }));
    let rows = await t.db.selectFrom('case_record').select(['id', 'group_id', 'supervised']).where('id', 'in', [a.id, b.id, other.id]).orderBy('id').execute();
    expect(rows.map((r) => [Number(r.group_id), r.supervised])).toEqual([
      [a.id, false],
      [a.id, false],
      [0, true], // 50 workers on its own: flagged, but a different period: not linked
    ]);
    const c = await reportPublicly(lead({ employerCreditCode: e.creditCode, workers: 8, periodFrom: '2026-07', periodTo: '2026-07' }));
    rows = await t.db.selectFrom('case_record').select(['id', 'group_id', 'supervised']).where('id', 'in', [a.id, b.id, c.id]).orderBy('id').execute();
    expect(rows.every((r) => Number(r.group_id) === a.id && r.supervised)).toBe(true);
  });
});

describe('statistics', () => {
  it('counts received and closed leads by district, with closure and on-time rates', async () => {
    const res = await hrss.get('/api/cases/stats?kind=wage_arrears&year=2026');
    expect(res.statusCode).toBe(200);
    const s = res.json();
    const rows = await t.db.selectFrom('case_record').select(['final', 'district_code']).where('kind_code', '=', 'wage_arrears').execute();
    expect(s.city.received).toBe(rows.length);
    expect(s.city.closed).toBe(rows.filter((r) => r.final).length);
    expect(s.city.closureRate).toBeCloseTo((100 * s.city.closed) / s.city.received, 6);
    const yb = s.districts.find((d: { districtCode: string }) => d.districtCode === '500112');
    expect(yb.received).toBe(rows.filter((r) => r.district_code === '500112').length);
    // A district officer sees their own district only.
    const own = (await yubei.get('/api/cases/stats?kind=wage_arrears&year=2026')).json();
    expect(own.districts.map((d: { districtCode: string }) => d.districtCode)).toEqual(['500112']);
  });

  it('feeds the plan tracker: the closure rate by district and month is closed ÷ received, reopened ones not closed', async () => {
    const rows = await runComputed(t.db, 'wage_arrears_closure_rate', { year: 2026, through: 11 });
    expect(rows).toHaveLength(38 * 11);
    const cases = await t.db.selectFrom('case_record').select(['final', 'district_code', 'reopen_count']).where('kind_code', '=', 'wage_arrears').execute();
    const yb = cases.filter((c) => c.district_code === '500112');
    const nov = rows.find((r) => r.unit === '500112' && r.month === 11)!;
    expect(nov.denominator).toBe(yb.length);
    expect(nov.numerator).toBe(yb.filter((c) => c.final).length);
    expect(yb.some((c) => c.reopen_count > 0 && !c.final)).toBe(true);
    // Everything in these tests was opened in November: nothing was received by October.
    expect(rows.find((r) => r.unit === '500112' && r.month === 10)).toMatchObject({ numerator: 0, denominator: 0 });
  });

  it('feeds the public-reputation score: the reporters’ ratings count with the district’s other ratings', async () => {
    const rated = await t.db.selectFrom('case_record').select(['rating']).where('district_code', '=', '500112').where('rating', 'is not', null).execute();
    expect(rated.length).toBeGreaterThan(0);
    const summary = (await hrss.get('/api/ratings/summary?by=district')).json() as { rows: { code: string; n: number }[] };
    expect(summary.rows.find((r) => r.code === '500112')!.n).toBe(rated.length);
  });
});

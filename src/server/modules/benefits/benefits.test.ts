// The delivery path through HTTP on a real database: a citizen confirms, an officer prepares a batch,
// a second officer approves it, the bank file is exported, the bank's result is reconciled (one line
// failed), the citizen corrects the account and a new batch pays it. And the guarantees around it:
// a replayed result file pays no one twice, a bad file is rejected whole, a paid line is never reversed.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, VILLAGES, type Client, type TestContext } from '../../testing/harness.js';
import { createEntitlement, createPolicy, paidByEntitlement, type FixturePolicy } from './benefits.fixtures.js';

let t: TestContext;
let hrss: Client;
let hrss2: Client;
let civil: Client;
let yubei: Client;
let personA: { id: number; idNumber: string };
let personB: { id: number; idNumber: string };
let personC: { id: number; idNumber: string };
let enterprise: { id: number; creditCode: string };
let citizenA: Client;
let citizenB: Client;
let citizenC: Client;
let enterpriseClient: Client;
let confirmPolicy: FixturePolicy;
let directPolicy: FixturePolicy;
let applyPolicy: FixturePolicy;
let enterprisePolicy: FixturePolicy;
const ent = {} as Record<'a' | 'c' | 'bDirect' | 'aApply' | 'bConfirm' | 'enterprise', number>;

const CSV = { 'content-type': 'text/csv' };
const BANK_A = { accountKind: 'bank', bank: '中国工商银行重庆渝北支行', accountNo: '6222020200112233445', accountName: '孙一' };

beforeAll(async () => {
  t = await createTestContext();
  personA = await t.factory.person({ villageCode: VILLAGES.yubei, name: '孙一' });
  personB = await t.factory.person({ villageCode: VILLAGES.wanzhou, name: '孙二' });
  personC = await t.factory.person({ villageCode: VILLAGES.yubei2, name: '孙三' });
  enterprise = await t.factory.enterprise({ townshipCode: VILLAGES.yubei.slice(0, 9), name: '重庆渝北惠民测试有限公司' });
  confirmPolicy = await createPolicy(t.db, { id: 'employment-subsidy', delivery: 'confirm', nameZh: '一次性就业补贴', nameEn: 'One-off employment subsidy' });
  directPolicy = await createPolicy(t.db, { id: 'direct-allowance', delivery: 'direct', nameZh: '直补津贴', nameEn: 'Direct allowance' });
  applyPolicy = await createPolicy(t.db, { id: 'training-subsidy', delivery: 'apply', nameZh: '培训补贴', nameEn: 'Training subsidy' });
  enterprisePolicy = await createPolicy(t.db, { id: 'hiring-subsidy', entity: 'enterprise', delivery: 'confirm', nameZh: '吸纳就业补贴', nameEn: 'Hiring subsidy' });
  ent.a = await createEntitlement(t.db, confirmPolicy, { payee: { personId: personA.id }, districtCode: '500112', amountFen: 150000 });
  ent.c = await createEntitlement(t.db, confirmPolicy, { payee: { personId: personC.id }, districtCode: '500112', amountFen: 150000 });
  ent.bDirect = await createEntitlement(t.db, directPolicy, { payee: { personId: personB.id }, districtCode: '500101', amountFen: 80000 });
  ent.aApply = await createEntitlement(t.db, applyPolicy, { payee: { personId: personA.id }, districtCode: '500112', amountFen: 50000 });
  ent.bConfirm = await createEntitlement(t.db, confirmPolicy, { payee: { personId: personB.id }, districtCode: '500101', amountFen: 150000 });
  ent.enterprise = await createEntitlement(t.db, enterprisePolicy, { payee: { enterpriseId: enterprise.id }, districtCode: '500112', amountFen: 300000 });
  hrss = await t.login('hrss');
  hrss2 = await t.login('hrss2');
  civil = await t.login('civil');
  yubei = await t.login('yubei');
  citizenA = await t.demoLogin({ kind: 'citizen', personId: personA.id });
  citizenB = await t.demoLogin({ kind: 'citizen', personId: personB.id });
  citizenC = await t.demoLogin({ kind: 'citizen', personId: personC.id });
  enterpriseClient = await t.demoLogin({ kind: 'enterprise', enterpriseId: enterprise.id });
});
afterAll(async () => t?.close());

const status = async (id: number) => (await t.db.selectFrom('entitlement').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
const lines = (batchId: number) => t.db.selectFrom('payment_line').selectAll().where('batch_id', '=', batchId).orderBy('line_no').execute();
const csv = (rows: string[][]) => ['reference,status,amount_fen,reason', ...rows.map((r) => r.join(','))].join('\r\n') + '\r\n';

async function snapshotOfPayments() {
  return {
    lines: await t.db.selectFrom('payment_line').select(['id', 'status', 'failure_reason']).orderBy('id').execute(),
    entitlements: await t.db.selectFrom('entitlement').select(['id', 'status']).orderBy('id').execute(),
    batches: await t.db.selectFrom('payment_batch').select(['id', 'status', 'paid_count', 'paid_fen', 'failed_count']).orderBy('id').execute(),
    entitlementEvents: Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM entitlement_event`.execute(t.db)).rows[0]!.n),
    paymentEvents: Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM payment_event`.execute(t.db)).rows[0]!.n),
    notifications: Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM notification`.execute(t.db)).rows[0]!.n),
    paid: await paidByEntitlement(t.db),
  };
}

function parseBankFile(text: string) {
  const records = text.split('\r\n').filter(Boolean).map((l) => l.split(','));
  return { header: records[0]!, details: records.filter((r) => r[0] === 'D'), trailer: records[records.length - 1]! };
}

describe('the citizen portal', () => {
  it('lists only the citizen’s own entitlements, with policy name, amount and what they can do', async () => {
    const res = await citizenA.get('/api/me/benefits');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.items.map((i: { id: number }) => i.id).sort()).toEqual([ent.a, ent.aApply].sort());
    const a = body.items.find((i: { id: number }) => i.id === ent.a);
    expect(a).toMatchObject({ policyId: 'employment-subsidy', policyName: { zh: '一次性就业补贴', en: 'One-off employment subsidy' }, amountFen: 150000, status: 'awaiting_confirmation', delivery: 'confirm', paymentStatus: null, actions: ['confirm', 'decline'] });
  });

  it('explains an entitlement: basis, each criterion with its result and margin, the facts used; no id number', async () => {
    const res = await citizenA.get(`/api/me/benefits/${ent.a}`);
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d.policy.name.zh).toBe('一次性就业补贴');
    expect(d.basis[0]).toMatchObject({ number: '渝人社办〔2023〕75号' });
    expect(d.criteria).toEqual([
      { label: { zh: '年满16周岁', en: 'Aged 16 or over' }, result: 'pass', margin: 18 },
      { label: { zh: '登记失业', en: 'Registered unemployed' }, result: 'pass', margin: null },
      { label: { zh: '本市户籍', en: 'Chongqing hukou' }, result: 'undetermined', margin: null },
    ]);
    expect(d.facts).toContainEqual({ name: 'person.age', value: 34 });
    expect(d.events).toHaveLength(1);
    expect(res.body).not.toContain(personA.idNumber);
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'entitlement.read.self').where('entity_id', '=', String(ent.a)).execute();
    expect(audit).toHaveLength(1);
  });

  it('answers 404 for another citizen’s entitlement and for an enterprise’s', async () => {
    expect((await citizenA.get(`/api/me/benefits/${ent.bDirect}`)).statusCode).toBe(404);
    expect((await citizenA.get(`/api/me/benefits/${ent.enterprise}`)).statusCode).toBe(404);
    expect((await citizenA.post(`/api/me/benefits/${ent.c}/confirm`, BANK_A)).statusCode).toBe(404);
    expect(await status(ent.c)).toBe('awaiting_confirmation');
  });

  it('validates the account: 12–30 digits, a bank, and the payee’s own name', async () => {
    const short = await citizenA.post(`/api/me/benefits/${ent.a}/confirm`, { ...BANK_A, accountNo: '12345' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details[0].path).toBe('body.accountNo');
    const other = await citizenA.post(`/api/me/benefits/${ent.a}/confirm`, { ...BANK_A, accountName: '王五' });
    expect(other.statusCode).toBe(400);
    expect(other.json().error.details[0].path).toBe('body.accountName');
    expect((await citizenA.post(`/api/me/benefits/${ent.a}/confirm`, { accountKind: 'cash' })).statusCode).toBe(400);
    expect(await status(ent.a)).toBe('awaiting_confirmation');
  });

  it('confirms with a bank account: ready, the account masked, the event and audit written; a second confirm is refused', async () => {
    const res = await citizenA.post(`/api/me/benefits/${ent.a}/confirm`, BANK_A);
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d.status).toBe('ready');
    expect(d.account).toEqual({ kind: 'bank', bank: BANK_A.bank, accountNo: '***************3445' });
    expect(res.body).not.toContain(BANK_A.accountNo);
    expect(d.events.map((e: { toStatus: string }) => e.toStatus)).toEqual(['awaiting_confirmation', 'ready']);
    const again = await citizenA.post(`/api/me/benefits/${ent.a}/confirm`, BANK_A);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.messageEn).toMatch(/ready for payment/);
    expect(await t.db.selectFrom('audit_log').select('id').where('action', '=', 'entitlement.confirm').where('entity_id', '=', String(ent.a)).execute()).toHaveLength(1);
  });

  it('confirms with the social security card: the account is the person’s card, read from the registry', async () => {
    const res = await citizenC.post(`/api/me/benefits/${ent.c}/confirm`, { accountKind: 'social_security_card' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().account).toEqual({ kind: 'social_security_card', bank: null, accountNo: `**************${personC.idNumber.slice(-4)}` });
    const row = await t.db.selectFrom('entitlement').select(['account_no', 'account_name']).where('id', '=', ent.c).executeTakeFirstOrThrow();
    expect(row).toEqual({ account_no: personC.idNumber, account_name: '孙三' });
  });

  it('sends the short application only with the declaration, for apply entitlements only', async () => {
    expect((await citizenA.post(`/api/me/benefits/${ent.aApply}/apply`, { accountKind: 'social_security_card' })).statusCode).toBe(400);
    expect((await citizenA.post(`/api/me/benefits/${ent.aApply}/confirm`, { accountKind: 'social_security_card' })).statusCode).toBe(409);
    const res = await citizenA.post(`/api/me/benefits/${ent.aApply}/apply`, { declaration: true, accountKind: 'social_security_card' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('ready');
  });

  it('lets an enterprise confirm only with a bank account in its own name', async () => {
    expect((await enterpriseClient.get('/api/me/benefits')).json().items.map((i: { id: number }) => i.id)).toEqual([ent.enterprise]);
    expect((await enterpriseClient.post(`/api/me/benefits/${ent.enterprise}/confirm`, { accountKind: 'social_security_card' })).statusCode).toBe(400);
    const body = { accountKind: 'bank', bank: '重庆农村商业银行', accountNo: '310011223344556677', accountName: '重庆渝北惠民测试有限公司' };
    const res = await enterpriseClient.post(`/api/me/benefits/${ent.enterprise}/confirm`, body);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('ready');
  });

  it('declines, once', async () => {
    const res = await citizenB.post(`/api/me/benefits/${ent.bConfirm}/decline`, { reason: '已在外地领取' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('declined');
    expect(res.json().actions).toEqual([]);
    expect((await citizenB.post(`/api/me/benefits/${ent.bConfirm}/decline`, {})).statusCode).toBe(409);
  });
});

describe('staff reads of entitlements', () => {
  it('scopes the list to the district officer’s district and masks payee names', async () => {
    const res = await yubei.get('/api/entitlements?pageSize=100');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as { districtCode: string; payeeName: string; entityType: string }[];
    expect(items.length).toBe(4);
    expect(items.every((i) => i.districtCode === '500112')).toBe(true);
    expect(items.filter((i) => i.entityType === 'person').map((i) => i.payeeName)).toContain('孙*');
    expect(res.body).not.toContain('孙一');
    expect((await yubei.get('/api/entitlements?districtCode=500101')).json().total).toBe(0);
    const all = await hrss.get('/api/entitlements?policyId=employment-subsidy');
    expect(all.json().total).toBe(3);
    expect((await hrss.get('/api/entitlements?status=declined')).json().items.map((i: { id: number }) => i.id)).toEqual([ent.bConfirm]);
  });

  it('gives a record with its history, audited; 404 outside the scope or the department', async () => {
    const res = await yubei.get(`/api/entitlements/${ent.a}?purpose=${encodeURIComponent('核对发放名单')}`);
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d.payee).toMatchObject({ kind: 'person', name: '孙*', idNumber: `${personA.idNumber.slice(0, 6)}********${personA.idNumber.slice(14)}` });
    expect(d.events.map((e: { toStatus: string }) => e.toStatus)).toEqual(['awaiting_confirmation', 'ready']);
    expect(res.body).not.toContain(personA.idNumber);
    expect(res.body).not.toContain(BANK_A.accountNo);
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'entitlement.read').where('entity_id', '=', String(ent.a)).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ username: 'yubei', purpose: '核对发放名单', district_code: '500112' });
    expect((await yubei.get(`/api/entitlements/${ent.bDirect}`)).statusCode).toBe(404);
    // 民政 officers see the entitlements of their own department's policies only.
    expect((await civil.get(`/api/entitlements/${ent.a}`)).statusCode).toBe(404);
    expect((await civil.get('/api/entitlements')).json().total).toBe(0);
  });
});

describe('paying: batch, four eyes, bank file, reconciliation', () => {
  let batch1: number;
  let batch2: number;
  let resultFile1: string;

  it('prepares a batch of the ready entitlements with money to pay, in one transaction', async () => {
    expect((await civil.post('/api/payment-batches', { policyId: 'employment-subsidy' })).statusCode).toBe(403);
    const res = await hrss.post('/api/payment-batches', { policyId: 'employment-subsidy' });
    expect(res.statusCode, res.body).toBe(201);
    const b = res.json().batch;
    batch1 = b.id;
    expect(b).toMatchObject({ status: 'draft', lineCount: 2, totalFen: 300000, pendingCount: 2, createdBy: { name: '市人力社保局 张科长' }, approvedBy: null });
    expect(await status(ent.a)).toBe('in_batch');
    expect(await status(ent.c)).toBe('in_batch');
    expect(await status(ent.bConfirm)).toBe('declined');
    const l = await lines(batch1);
    expect(l.map((x) => [x.entitlement_id, x.account_kind, x.account_no])).toEqual([
      [ent.a, 'bank', BANK_A.accountNo],
      [ent.c, 'social_security_card', personC.idNumber],
    ]);
    const events = await t.db.selectFrom('entitlement_event').select(['to_status', 'actor_id', 'note']).where('entitlement_id', '=', ent.a).orderBy('id').execute();
    expect(events.at(-1)).toMatchObject({ to_status: 'in_batch', note: `payment batch HM${batch1}` });
    expect(await t.db.selectFrom('audit_log').select('id').where('action', '=', 'payment_batch.create').where('entity_id', '=', String(batch1)).execute()).toHaveLength(1);
  });

  it('refuses an empty batch', async () => {
    const res = await hrss.post('/api/payment-batches', { policyId: 'employment-subsidy' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.messageEn).toMatch(/empty batch/);
  });

  it('pays direct entitlements into the social security card account when no account was named', async () => {
    const res = await hrss.post('/api/payment-batches', { policyId: 'direct-allowance', districtCode: '500101' });
    expect(res.statusCode, res.body).toBe(201);
    const [line] = await lines(res.json().batch.id);
    expect(line).toMatchObject({ entitlement_id: ent.bDirect, account_kind: 'social_security_card', account_no: personB.idNumber, account_name: '孙二', amount_fen: 80000 });
  });

  it('refuses the bank file before approval, and approval by the preparer (four eyes)', async () => {
    expect((await hrss.get(`/api/payment-batches/${batch1}/bank-file`)).statusCode).toBe(409);
    const own = await hrss.post(`/api/payment-batches/${batch1}/approve`);
    expect(own.statusCode).toBe(403);
    expect(own.json().error.messageEn).toMatch(/four eyes/);
    // 民政 cannot see, let alone approve, a batch of 人社 policies.
    expect((await civil.post(`/api/payment-batches/${batch1}/approve`)).statusCode).toBe(404);
    const ok = await hrss2.post(`/api/payment-batches/${batch1}/approve`);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().batch).toMatchObject({ status: 'approved', approvedBy: { name: '市人力社保局 赵处长' } });
    expect((await hrss2.post(`/api/payment-batches/${batch1}/approve`)).statusCode).toBe(409);
  });

  it('exports the bank file: header, one detail per line, trailer; the same bytes every time, audited', async () => {
    const res = await hrss.get(`/api/payment-batches/${batch1}/bank-file`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const f = parseBankFile(res.body);
    expect(f.header).toEqual(['H', `HM${batch1}`, 'employment-subsidy', '2', '300000', '2026-11-20']);
    expect(f.details.map((d) => d[1])).toEqual([`HM${batch1}-1`, `HM${batch1}-2`]);
    expect(f.details.reduce((s, d) => s + Number(d[6]), 0)).toBe(300000);
    expect(f.trailer).toEqual(['T', '2', '300000']);
    expect(f.details[0]).toEqual(['D', `HM${batch1}-1`, 'bank', BANK_A.bank, BANK_A.accountNo, '孙一', '150000']);
    const batch = (await hrss.get(`/api/payment-batches/${batch1}`)).json().batch;
    expect(batch.status).toBe('exported');
    expect(batch.fileSha256).toBe(res.headers['x-file-sha256']);
    t.clock.advanceMs(3600_000);
    const again = await hrss2.get(`/api/payment-batches/${batch1}/bank-file`);
    expect(again.body).toBe(res.body);
    expect((await hrss.get(`/api/payment-batches/${batch1}`)).json().batch.exportedAt).toBe(batch.exportedAt);
    expect(await t.db.selectFrom('audit_log').select('id').where('action', '=', 'payment_batch.bank_file').where('entity_id', '=', String(batch1)).execute()).toHaveLength(2);
  });

  it('masks accounts in the batch lines', async () => {
    const res = await hrss.get(`/api/payment-batches/${batch1}`);
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d.lines.items.map((l: { reference: string; accountNo: string; accountName: string }) => [l.reference, l.accountNo.slice(-4), l.accountName])).toEqual([
      [`HM${batch1}-1`, '3445', '孙*'],
      [`HM${batch1}-2`, personC.idNumber.slice(-4), '孙*'],
    ]);
    expect(res.body).not.toContain(BANK_A.accountNo);
    expect(res.body).not.toContain(personC.idNumber);
    expect(d.events.map((e: { action: string }) => e.action)).toEqual(['created', 'approved', 'exported']);
  });

  it('rejects a bad result file whole, naming rows and fields, and stores nothing', async () => {
    const before = await snapshotOfPayments();
    const bad = csv([
      [`HM${batch1}-1`, 'PAID', '150001', ''],
      [`HM${batch1}-9`, 'PAID', '150000', ''],
      [`HM${batch1}-2`, 'OK', '150000', ''],
      ['XYZ', 'PAID', '1', ''],
      [`HM${batch1 + 1000}-1`, 'FAILED', '150000', 'closed'],
      [`HM${batch1}-8`, 'PAID', 'abc', ''],
    ]);
    const res = await hrss.post(`/api/payment-batches/${batch1}/reconciliation`, bad, CSV);
    expect(res.statusCode, res.body).toBe(422);
    const e = res.json().error;
    expect(e.code).toBe('IMPORT_REJECTED');
    expect(e.details.map((d: { line: number; path: string }) => [d.line, d.path])).toEqual([
      [2, 'amount_fen'],
      [3, 'reference'],
      [4, 'status'],
      [5, 'reference'],
      [6, 'reference'],
      [7, 'amount_fen'],
    ]);
    expect((await hrss.post(`/api/payment-batches/${batch1}/reconciliation`, 'ref,result\r\nHM1-1,PAID\r\n', CSV)).json().error.details[0]).toMatchObject({ line: 1, path: 'header' });
    expect(await snapshotOfPayments()).toEqual(before);
    expect(await t.db.selectFrom('reconciliation_file').select('id').execute()).toHaveLength(0);
  });

  it('reconciles: one line paid, one failed; the payee of the failed line is told', async () => {
    resultFile1 = csv([
      [`HM${batch1}-1`, 'PAID', '150000', ''],
      [`HM${batch1}-2`, 'FAILED', '150000', '账户状态异常'],
    ]);
    const res = await hrss.post(`/api/payment-batches/${batch1}/reconciliation?fileName=HM${batch1}-result.csv`, resultFile1, CSV);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ paid: 1, failed: 1, unchanged: 0, changed: true, file: { alreadyImported: false } });
    expect(r.batch).toMatchObject({ status: 'reconciled', paidCount: 1, paidFen: 150000, failedCount: 1, pendingCount: 0 });
    expect(await status(ent.a)).toBe('paid');
    expect(await status(ent.c)).toBe('payment_failed');
    expect((await lines(batch1)).map((l) => [l.status, l.failure_reason])).toEqual([
      ['paid', null],
      ['failed', '账户状态异常'],
    ]);
    const notes = await t.db.selectFrom('notification').select(['template', 'person_id', 'payment_line_id']).where('template', 'in', ['payment_paid', 'payment_failed']).orderBy('id').execute();
    expect(notes.map((n) => [n.template, n.person_id])).toEqual([
      ['payment_paid', personA.id],
      ['payment_failed', personC.id],
    ]);
    const mine = (await citizenC.get('/api/me/benefits')).json().items[0];
    expect(mine).toMatchObject({ status: 'payment_failed', paymentStatus: 'failed', actions: ['confirm', 'decline'] });
  });

  it('changes nothing when the same result file is replayed, and says so', async () => {
    const before = await snapshotOfPayments();
    const res = await hrss2.post(`/api/payment-batches/${batch1}/reconciliation`, resultFile1, CSV);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ paid: 0, failed: 0, unchanged: 2, changed: false, file: { alreadyImported: true } });
    expect(res.json().message.en).toMatch(/imported before; nothing changed/);
    // The same results in another file (rows swapped): still nothing.
    const swapped = csv([
      [`HM${batch1}-2`, 'FAILED', '150000', '账户状态异常'],
      [`HM${batch1}-1`, 'PAID', '150000', ''],
    ]);
    const res2 = await hrss.post(`/api/payment-batches/${batch1}/reconciliation`, swapped, CSV);
    expect(res2.json()).toMatchObject({ paid: 0, failed: 0, unchanged: 2, changed: false, file: { alreadyImported: false } });
    const after = await snapshotOfPayments();
    expect({ ...after, paymentEvents: before.paymentEvents }).toEqual(before);
    expect(after.paid.get(ent.a)).toEqual({ lines: 1, fen: 150000 });
  });

  it('never reverses a paid line: a later FAILED for it is refused as a conflict', async () => {
    const before = await snapshotOfPayments();
    const res = await hrss.post(`/api/payment-batches/${batch1}/reconciliation`, csv([[`HM${batch1}-1`, 'FAILED', '150000', 'returned']]), CSV);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.details[0]).toMatchObject({ line: 2, path: 'status' });
    expect(await snapshotOfPayments()).toEqual(before);
  });

  it('pays the failed one in a new batch after the citizen corrects the account', async () => {
    const fix = await citizenC.post(`/api/me/benefits/${ent.c}/confirm`, { accountKind: 'bank', bank: '中国建设银行重庆分行', accountNo: '436742010203040506', accountName: '孙三' });
    expect(fix.statusCode, fix.body).toBe(200);
    expect(fix.json().status).toBe('ready');
    const res = await hrss2.post('/api/payment-batches', { policyId: 'employment-subsidy' });
    expect(res.statusCode, res.body).toBe(201);
    batch2 = res.json().batch.id;
    expect(res.json().batch).toMatchObject({ lineCount: 1, totalFen: 150000 });
    const [line] = await lines(batch2);
    expect(line).toMatchObject({ entitlement_id: ent.c, account_kind: 'bank', account_no: '436742010203040506', status: 'pending' });
    // hrss2 prepared this one, so hrss approves.
    expect((await hrss2.post(`/api/payment-batches/${batch2}/approve`)).statusCode).toBe(403);
    expect((await hrss.post(`/api/payment-batches/${batch2}/approve`)).statusCode).toBe(200);
    const file = await hrss.get(`/api/payment-batches/${batch2}/bank-file`);
    expect(parseBankFile(file.body).trailer).toEqual(['T', '1', '150000']);
    const rec = await hrss.post(`/api/payment-batches/${batch2}/reconciliation`, csv([[`HM${batch2}-1`, 'PAID', '150000', '']]), CSV);
    expect(rec.json()).toMatchObject({ paid: 1, changed: true, batch: { status: 'reconciled' } });
    expect(await status(ent.c)).toBe('paid');
    const detail = (await citizenC.get(`/api/me/benefits/${ent.c}`)).json();
    expect(detail.payments.map((p: { reference: string; status: string }) => [p.reference, p.status])).toEqual([
      [`HM${batch1}-2`, 'failed'],
      [`HM${batch2}-1`, 'paid'],
    ]);
    expect(detail.events.map((e: { toStatus: string }) => e.toStatus)).toEqual(['awaiting_confirmation', 'ready', 'in_batch', 'payment_failed', 'ready', 'in_batch', 'paid']);
  });

  it('pays no one twice: no new batch picks up paid entitlements, the database refuses a second live line, replays change nothing', async () => {
    expect((await hrss.post('/api/payment-batches', { policyId: 'employment-subsidy' })).statusCode).toBe(409);
    const paid = await paidByEntitlement(t.db);
    expect([...paid.values()].every((p) => p.lines === 1)).toBe(true);
    expect(paid.get(ent.a)?.fen).toBe(150000);
    expect(paid.get(ent.c)?.fen).toBe(150000);
    // The partial unique index: a second pending or paid line for a paid entitlement cannot exist.
    await expect(
      t.db.insertInto('payment_line').values({ batch_id: batch2, line_no: 2, entitlement_id: ent.a, district_code: '500112', amount_fen: 150000, account_kind: 'bank', account_bank: 'x', account_no: '6222020200112233445', account_name: '孙一', status: 'pending' }).execute(),
    ).rejects.toThrow(/payment_line_once_idx|duplicate key/);
    // Both result files replayed again, in either order.
    const before = await snapshotOfPayments();
    await hrss.post(`/api/payment-batches/${batch2}/reconciliation`, csv([[`HM${batch2}-1`, 'PAID', '150000', '']]), CSV);
    await hrss.post(`/api/payment-batches/${batch1}/reconciliation`, resultFile1, CSV);
    expect(await snapshotOfPayments()).toEqual(before);
    const batches = (await hrss.get('/api/payment-batches?policyId=employment-subsidy')).json().items as { paidFen: number }[];
    expect(batches.reduce((s, b) => s + b.paidFen, 0)).toBe(300000);
  });

  it('refuses a FAILED line being reported PAID later (the entitlement was paid again elsewhere)', async () => {
    const res = await hrss.post(`/api/payment-batches/${batch1}/reconciliation`, csv([[`HM${batch1}-2`, 'PAID', '150000', '']]), CSV);
    expect(res.statusCode).toBe(409);
  });

  it('wrote every change to the audit log and the payment history', async () => {
    const actions = (await t.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'payment_batch').where('entity_id', '=', String(batch1)).execute()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['payment_batch.create', 'payment_batch.approve', 'payment_batch.bank_file', 'payment_batch.reconcile']));
    const events = (await t.db.selectFrom('payment_event').select(['action', 'line_id']).where('batch_id', '=', batch1).orderBy('id').execute()).map((e) => e.action);
    expect(events).toEqual(['created', 'approved', 'exported', 'line_paid', 'line_failed', 'reconciled', 'result_file', 'result_file']);
  });
});

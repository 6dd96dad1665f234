// An employer is told why a hire is subsidised without learning the employee's circumstances.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestContext, VILLAGES, type TestContext } from '../../testing/harness.js';
import { createEntitlement, createPolicy } from './benefits.fixtures.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

it('shows an employer the job’s facts but never the employee’s assistance, disability or household', async () => {
  const enterprise = await t.factory.enterprise({ townshipCode: VILLAGES.yubei.slice(0, 9) });
  const policy = await createPolicy(t.db, { id: 'hire-in-difficulty', entity: 'employment', delivery: 'confirm', nameZh: '社会保险补贴', nameEn: 'Social insurance subsidy' });
  const hire = await createEntitlement(t.db, policy, {
    payee: { enterpriseId: enterprise.id },
    districtCode: '500112',
    amountFen: 100000,
    facts: { 'person.dibao': true, 'person.has_disability': true, 'household.members': 3, 'employment.months_employed': 4, 'enterprise.insured_headcount': 12 },
  });
  const employer = await t.demoLogin({ kind: 'enterprise', enterpriseId: enterprise.id });
  const res = await employer.get(`/api/me/benefits/${hire}`);
  expect(res.statusCode).toBe(200);
  const names = (res.json() as { facts: { name: string }[] }).facts.map((f) => f.name).sort();
  expect(names).toEqual(['employment.months_employed', 'enterprise.insured_headcount']);
  expect(res.body).not.toContain('dibao');
  expect(res.body).not.toContain('has_disability');
});

it('lets an enterprise give its account for a direct subsidy that found it without one', async () => {
  const enterprise = await t.factory.enterprise({ townshipCode: VILLAGES.yubei.slice(0, 9), name: '重庆直补测试有限公司' });
  const policy = await createPolicy(t.db, { id: 'direct-hire-subsidy', entity: 'employment', delivery: 'direct', nameZh: '一次性吸纳就业补贴', nameEn: 'One-off hiring subsidy' });
  const id = await createEntitlement(t.db, policy, { payee: { enterpriseId: enterprise.id }, districtCode: '500112', amountFen: 150000 });
  const employer = await t.demoLogin({ kind: 'enterprise', enterpriseId: enterprise.id });
  const before = (await employer.get(`/api/me/benefits/${id}`)).json() as { status: string; actions: string[] };
  expect(before.status).toBe('ready');
  expect(before.actions).toContain('confirm');
  const res = await employer.post(`/api/me/benefits/${id}/confirm`, { accountKind: 'bank', bank: '重庆银行', accountNo: '310012345678901', accountName: '重庆直补测试有限公司' });
  expect(res.statusCode).toBe(200);
  const row = await t.db.selectFrom('entitlement').select(['status', 'account_no']).where('id', '=', id).executeTakeFirstOrThrow();
  expect(row).toEqual({ status: 'ready', account_no: '310012345678901' });
  const events = await t.db.selectFrom('entitlement_event').select(['from_status', 'to_status']).where('entitlement_id', '=', id).orderBy('id').execute();
  expect(events.at(-1)).toEqual({ from_status: 'ready', to_status: 'ready' });
  // Once it has an account, it is not asked again.
  expect(((await employer.get(`/api/me/benefits/${id}`)).json() as { actions: string[] }).actions).not.toContain('confirm');
});

// Social insurance: every risk and coverage rule positive and negative, the overpayment across a
// death mid-month, a cleared hit staying cleared until its facts change, certification by data
// with its tasks, the cross-department query's masking, audit trail and limits, and bundles that
// complete only when every task does.
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../paths.js';
import { createTestContext, VILLAGES, type Client, type TestContext } from '../../testing/harness.js';
import { buildSnapshot } from '../rules/index.js';
import { runCertification } from './certification.js';
import { runPack } from './checks.js';
import { compileRule, syncRulePack } from './rule-pack.js';
import { minimumContributionMonths, retirementAgeMonths } from './bundles.js';

const RULES = join(projectRoot, 'data', 'insurance', 'rules');
const AS_OF = '2026-11-20';
const M = (m: string) => `2026-${m}-01`;

let t: TestContext;
let batch: number;
// Sign-ins are rate limited per client; each staff user signs in once.
const sessions = new Map<string, Client>();
async function login(username: string): Promise<Client> {
  if (!sessions.has(username)) sessions.set(username, await t.login(username));
  return sessions.get(username)!;
}

async function award(personId: number, a: { kind?: 'employee_pension' | 'resident_pension' | 'unemployment_benefit'; monthly?: number; months?: string[]; region?: string; start?: string; account?: string | null; district?: string }) {
  const kind = a.kind ?? 'employee_pension';
  const monthly = a.monthly ?? 300_000;
  const row = await t.db
    .insertInto('benefit_award')
    .values({ person_id: personId, kind, paying_region: a.region ?? a.district ?? '500112', district_code: a.district ?? '500112', start_month: a.start ?? '2020-01-01', status: 'active', monthly_amount_fen: monthly, bank_account_hash: a.account === undefined ? `acct-${personId}` : a.account, bank_account_masked: '6217********0001', batch_id: batch })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const m of a.months ?? [])
    await t.db.insertInto('benefit_payment').values({ award_id: Number(row.id), month: m, person_id: personId, district_code: a.district ?? '500112', amount_fen: monthly, paid_on: m.replace(/01$/, '10'), batch_id: batch }).execute();
  return Number(row.id);
}
const person = (o: Parameters<TestContext['factory']['person']>[0] = { villageCode: VILLAGES.yubei }) => t.factory.person(o);
const death = (personId: number, date: string) => t.db.insertInto('police_death').values({ person_id: personId, death_date: date, district_code: '500112', batch_id: batch }).execute();
async function job(personId: number, enterpriseId: number, contrib: { months: string[]; pension?: number; unemployment?: number; injury?: number }) {
  const e = await t.db.insertInto('employment').values({ id: 8_000_000 + personId % 1_000_000, person_id: personId, enterprise_id: enterpriseId, district_code: '500112', start_date: '2025-01-01', end_date: null, monthly_wage_fen: 600_000, batch_id: batch }).returning('id').executeTakeFirstOrThrow();
  for (const m of contrib.months)
    await t.db
      .insertInto('contribution')
      .values({ employment_id: Number(e.id), month: m, person_id: personId, district_code: '500112', base_fen: 600_000, pension_fen: contrib.pension ?? 48_000, unemployment_fen: contrib.unemployment ?? 3_000, injury_fen: contrib.injury ?? 1_200, batch_id: batch })
      .execute();
  return Number(e.id);
}
const enrol = (personId: number, scheme: 'employee_pension' | 'resident_pension' | 'unemployment' | 'work_injury', on = '2010-01-01') =>
  t.db.insertInto('hr_insurance_enrolment').values({ person_id: personId, scheme, enrolled_on: on, status: 'active', district_code: '500112', batch_id: batch }).execute();
const medical = (personId: number, scheme: 'employee' | 'resident') => t.db.insertInto('medical_enrolment').values({ person_id: personId, year: 2026, scheme, district_code: '500112', batch_id: batch }).execute();
const ltc = (personId: number) => t.db.insertInto('ltc_enrolment').values({ person_id: personId, year: 2026, district_code: '500112', batch_id: batch }).execute();
const hitsOf = async (rule: string) => (await t.db.selectFrom('risk_hit').select(['id', 'person_id', 'entity_id', 'amount_fen', 'status', 'case_id']).where('rule_id', '=', rule).orderBy('id').execute()).map((h) => ({ ...h, person_id: Number(h.person_id), amount_fen: Number(h.amount_fen) }));
const gapsOf = async (rule: string) => (await t.db.selectFrom('coverage_gap').select(['id', 'person_id', 'status', 'closed_by', 'version']).where('rule_id', '=', rule).orderBy('id').execute()).map((g) => ({ ...g, person_id: Number(g.person_id) }));
async function snapshotAndRun(pack: 'risk' | 'coverage') {
  const snap = await buildSnapshot(t.db, { asOf: AS_OF, actorId: null });
  return runPack(t.db, t.clock, { pack, snapshotId: snap.id, actorId: null });
}

beforeAll(async () => {
  t = await createTestContext();
  batch = Number(t.factory.batchId);
  await syncRulePack(t.db, RULES);
});
afterAll(async () => t?.close());

describe('rule pack', () => {
  it('loads every rule once, and refuses CEL the engine cannot evaluate with the field and reason', async () => {
    const again = await syncRulePack(t.db, RULES);
    expect(again.changed).toEqual([]);
    const n = await t.db.selectFrom('insurance_rule').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    expect(n.n).toBe(12);
    const bad = {
      id: 'risk-bad',
      pack: 'risk',
      entity: 'benefit',
      severity: 'high',
      name: { zh: '错', en: 'Bad' },
      description: { zh: '错', en: 'Bad' },
      basis: [{ title: 'x' }],
      department: 'hrss',
      criteria: [{ label: { zh: '未知', en: 'unknown' }, expr: 'benefit.no_such_fact > 0' }],
      amount: { expr: '0' },
      action: { zh: '无', en: 'none' },
    };
    expect(() => compileRule(bad)).toThrow(/not valid/);
    try {
      compileRule(bad);
    } catch (e) {
      expect(JSON.stringify((e as { details: unknown }).details)).toContain('criteria.0.expr');
    }
    expect(() => compileRule({ ...bad, entity: 'person', criteria: [{ label: bad.criteria[0]!.label, expr: 'person.age > 1' }] })).toThrow(/not valid/);
  });
});

describe('risk rules', () => {
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    const ent = await t.factory.enterprise({ townshipCode: VILLAGES.yubei.slice(0, 9) });
    // Death on 15 August: August is due, September and October are overpaid.
    ids.deadPaid = (await person()).id;
    await death(ids.deadPaid, '2026-08-15');
    ids.deadPaidAward = await award(ids.deadPaid, { months: [M('07'), M('08'), M('09'), M('10')], monthly: 312_345 });
    ids.deadStopped = (await person()).id;
    await death(ids.deadStopped, '2026-08-15');
    await award(ids.deadStopped, { months: [M('07'), M('08')] });
    // Two places: the later award (from Chengdu) is the suspect one.
    ids.twice = (await person()).id;
    ids.twiceLocal = await award(ids.twice, { months: [M('09'), M('10')], start: '2015-01-01' });
    ids.twiceOther = await award(ids.twice, { months: [M('09'), M('10')], start: '2019-05-01', region: '510100', monthly: 280_000, account: 'acct-twice-2' });
    ids.once = (await person()).id;
    await award(ids.once, { months: [M('09'), M('10')] });
    // Unemployment benefit while contributing in October.
    ids.uiWorking = (await person()).id;
    await award(ids.uiWorking, { kind: 'unemployment_benefit', monthly: 189_000, months: [M('09'), M('10')], start: '2026-06-01' });
    await job(ids.uiWorking, ent.id, { months: [M('10')] });
    ids.uiIdle = (await person()).id;
    await award(ids.uiIdle, { kind: 'unemployment_benefit', monthly: 189_000, months: [M('09'), M('10')], start: '2026-06-01' });
    // Custody from 10 July: July is due, August to October are not.
    ids.custody = (await person()).id;
    await t.db.insertInto('justice_custody').values({ person_id: ids.custody, start_date: '2026-07-10', end_date: null, district_code: '500112', batch_id: batch }).execute();
    await award(ids.custody, { months: [M('07'), M('08'), M('09'), M('10')], monthly: 250_000 });
    ids.released = (await person()).id;
    await t.db.insertInto('justice_custody').values({ person_id: ids.released, start_date: '2025-01-10', end_date: '2026-03-01', district_code: '500112', batch_id: batch }).execute();
    await award(ids.released, { months: [M('07'), M('08'), M('09'), M('10')] });
    // Above the 1,890-yuan maximum.
    ids.above = (await person()).id;
    await award(ids.above, { kind: 'unemployment_benefit', monthly: 210_000, months: [M('09'), M('10')], start: '2026-06-01' });
    // One account, three recipients of three households; and a couple sharing one legitimately.
    for (const k of ['shareA', 'shareB', 'shareC']) {
      const h = await t.factory.household(VILLAGES.yubei);
      ids[k] = (await person({ villageCode: VILLAGES.yubei, householdId: h.id })).id;
      ids[`${k}Award`] = await award(ids[k]!, { months: [M('10')], account: 'acct-shared' });
    }
    const home = await t.factory.household(VILLAGES.yubei);
    for (const k of ['coupleA', 'coupleB']) {
      ids[k] = (await person({ villageCode: VILLAGES.yubei, householdId: home.id })).id;
      await award(ids[k]!, { months: [M('10')], account: 'acct-couple' });
    }
    await snapshotAndRun('risk');
  });

  it('pension paid after death: overpaid from the month after a death on the 15th, not before', async () => {
    const hits = await hitsOf('risk-paid-after-death');
    expect(hits.map((h) => h.person_id)).toEqual([ids.deadPaid]);
    expect(hits[0]!.amount_fen).toBe(2 * 312_345);
    expect(hits[0]!.case_id).not.toBeNull();
  });
  it('same benefit from two places: the later award, for the months paid twice', async () => {
    const hits = await hitsOf('risk-two-places');
    expect(hits.map((h) => Number(h.entity_id))).toEqual([ids.twiceOther]);
    expect(hits[0]!.amount_fen).toBe(2 * 280_000);
  });
  it('unemployment benefit while employed and contributing, for the months both', async () => {
    const hits = await hitsOf('risk-unemployment-while-employed');
    expect(hits.map((h) => h.person_id)).toEqual([ids.uiWorking]);
    expect(hits[0]!.amount_fen).toBe(189_000);
  });
  it('benefits paid in prison from the month after custody began; none after release', async () => {
    const hits = await hitsOf('risk-paid-in-custody');
    expect(hits.map((h) => h.person_id)).toEqual([ids.custody]);
    expect(hits[0]!.amount_fen).toBe(3 * 250_000);
  });
  it('unemployment benefit above the legal maximum', async () => {
    const hits = await hitsOf('risk-above-maximum');
    expect(hits.map((h) => h.person_id)).toEqual([ids.above]);
    expect(hits[0]!.amount_fen).toBe((210_000 - 189_000) * 2);
  });
  it('an account shared by three unrelated recipients, not by a couple', async () => {
    const hits = await hitsOf('risk-shared-account');
    expect(hits.map((h) => h.person_id).sort()).toEqual([ids.shareA, ids.shareB, ids.shareC].sort());
  });
  it('each hit opens an audit case carrying the rule version, the snapshot and the criteria', async () => {
    const [h] = await hitsOf('risk-paid-after-death');
    const row = await t.db.selectFrom('risk_hit').select(['rule_hash', 'snapshot_id', 'facts']).where('id', '=', h!.id).executeTakeFirstOrThrow();
    const c = await t.db.selectFrom('case_record').select(['kind_code', 'details', 'district_code']).where('id', '=', h!.case_id!).executeTakeFirstOrThrow();
    expect(c.kind_code).toBe('insurance_audit');
    expect(c.district_code).toBe('500112');
    const evidence = (c.details as { evidence: string }).evidence;
    expect(evidence).toContain(row.rule_hash);
    expect(evidence).toContain(`数据快照 ${row.snapshot_id}`);
    expect((row.facts as Record<string, unknown>)['benefit.months_paid_after_death']).toBe(2);
  });
  it('a second run on new data opens no duplicate hit or case', async () => {
    const before = await t.db.selectFrom('risk_hit').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    const cases = await t.db.selectFrom('case_record').select(sql<number>`count(*)::int`.as('n')).where('kind_code', '=', 'insurance_audit').executeTakeFirstOrThrow();
    const s = await snapshotAndRun('risk');
    expect(s.newHits).toBe(0);
    expect((await t.db.selectFrom('risk_hit').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n).toBe(before.n);
    expect((await t.db.selectFrom('case_record').select(sql<number>`count(*)::int`.as('n')).where('kind_code', '=', 'insurance_audit').executeTakeFirstOrThrow()).n).toBe(cases.n);
  });

  describe('deciding hits', () => {
    let yubei: Client;
    beforeAll(async () => {
      yubei = await login('yubei');
    });
    const detail = async (id: number) => (await yubei.get(`/api/insurance/risk-hits/${id}`)).json() as { case: { version: number }; status: string; rule: { criteria: { value: boolean }[] } };

    it('confirming opens the recovery case for the amount, and stops the award', async () => {
      const [h] = await hitsOf('risk-paid-after-death');
      const d = await detail(h!.id);
      expect(d.rule.criteria.every((c) => c.value === true)).toBe(true);
      const res = await yubei.post(`/api/insurance/risk-hits/${h!.id}/decide`, { decision: 'confirmed', evidence: '已核实死亡证明，死亡次月起多发两个月', caseVersion: d.case.version });
      expect(res.statusCode).toBe(200);
      const out = res.json() as { status: string; recoverFen: number; recoveryCaseId: number };
      expect(out.status).toBe('confirmed');
      expect(out.recoverFen).toBe(2 * 312_345);
      const rc = await t.db.selectFrom('case_record').select(['kind_code', 'amount_fen', 'state']).where('id', '=', out.recoveryCaseId).executeTakeFirstOrThrow();
      expect(rc).toMatchObject({ kind_code: 'overpayment_recovery', state: 'open' });
      expect(Number(rc.amount_fen)).toBe(2 * 312_345);
      const a = await t.db.selectFrom('benefit_award').select(['status', 'status_reason']).where('id', '=', ids.deadPaidAward!).executeTakeFirstOrThrow();
      expect(a).toEqual({ status: 'suspended', status_reason: 'risk-paid-after-death' });
      const again = await yubei.post(`/api/insurance/risk-hits/${h!.id}/decide`, { decision: 'cleared', evidence: '再次提交', caseVersion: d.case.version + 5 });
      expect(again.statusCode).toBe(409);
    });

    it('a cleared hit stays cleared until its facts change', async () => {
      const hit = (await hitsOf('risk-shared-account')).find((h) => h.person_id === ids.shareA)!;
      const d = await detail(hit.id);
      const res = await yubei.post(`/api/insurance/risk-hits/${hit.id}/decide`, { decision: 'cleared', evidence: '三人为同一养老院托管账户，已备案', caseVersion: d.case.version });
      expect(res.json()).toMatchObject({ status: 'cleared', recoveryCaseId: null });
      await snapshotAndRun('risk');
      expect((await hitsOf('risk-shared-account')).filter((h) => h.person_id === ids.shareA).map((h) => h.status)).toEqual(['cleared']);
      // A fourth recipient joins the account: the facts differ, and the hit is raised again.
      const h4 = await t.factory.household(VILLAGES.yubei);
      const p4 = (await person({ villageCode: VILLAGES.yubei, householdId: h4.id })).id;
      await award(p4, { months: [M('10')], account: 'acct-shared' });
      await snapshotAndRun('risk');
      expect((await hitsOf('risk-shared-account')).filter((h) => h.person_id === ids.shareA).map((h) => h.status)).toEqual(['cleared', 'open']);
    });

    it('the amount to recover can be corrected on confirming, and a refused attempt leaves no corrected amount behind', async () => {
      const [h] = await hitsOf('risk-above-maximum');
      const d = await detail(h!.id);
      const stale = await yubei.post(`/api/insurance/risk-hits/${h!.id}/decide`, { decision: 'confirmed', recoverFen: 1, evidence: '旧版本上的结论', caseVersion: d.case.version + 1 });
      expect(stale.statusCode).toBe(409);
      expect((await t.db.selectFrom('risk_hit').select('recover_fen').where('id', '=', h!.id).executeTakeFirstOrThrow()).recover_fen).toBeNull();
      const res = await yubei.post(`/api/insurance/risk-hits/${h!.id}/decide`, { decision: 'confirmed', recoverFen: 30_000, evidence: '核定标准有误，实际超发300元', caseVersion: d.case.version });
      expect(res.json()).toMatchObject({ status: 'confirmed', recoverFen: 30_000 });
    });

    it('evidence is required, and another district cannot see the hit', async () => {
      const [h] = await hitsOf('risk-paid-in-custody');
      const d = await detail(h!.id);
      const res = await yubei.post(`/api/insurance/risk-hits/${h!.id}/decide`, { decision: 'cleared', evidence: '', caseVersion: d.case.version });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details[0].path).toBe('body.evidence');
      const wanzhou = await login('wanzhou');
      expect((await wanzhou.get(`/api/insurance/risk-hits/${h!.id}`)).statusCode).toBe(404);
      const township = await login('jiefangbei');
      expect((await township.get('/api/insurance/risk-hits')).statusCode).toBe(403);
    });
  });
});

describe('coverage rules', () => {
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    const ent = await t.factory.enterprise({ townshipCode: VILLAGES.yubei.slice(0, 9) });
    const covered = async (id: number) => {
      await medical(id, 'resident');
      await enrol(id, 'resident_pension');
    };
    ids.noUi = (await person()).id;
    await job(ids.noUi, ent.id, { months: [M('10')], unemployment: 0 });
    ids.noInjury = (await person()).id;
    await job(ids.noInjury, ent.id, { months: [M('10')], injury: 0 });
    ids.fullJob = (await person()).id;
    await job(ids.fullJob, ent.id, { months: [M('10')] });
    for (const id of [ids.noUi, ids.noInjury, ids.fullJob]) {
      await enrol(id, 'employee_pension');
      await medical(id, 'employee');
      await ltc(id);
    }
    ids.noPension = (await person({ villageCode: VILLAGES.yubei, birthDate: '1990-03-01' })).id;
    await medical(ids.noPension, 'resident');
    ids.student = (await person({ villageCode: VILLAGES.yubei, birthDate: '2006-03-01' })).id;
    await medical(ids.student, 'resident');
    await t.db.insertInto('edu_student').values({ person_id: ids.student, school_year: 2026, stage: 'higher', school: '重庆大学', district_code: '500106', batch_id: batch }).execute();
    ids.rider = (await person({ villageCode: VILLAGES.yubei, birthDate: '1995-03-01' })).id;
    await covered(ids.rider);
    await t.db.insertInto('platform_income').values({ person_id: ids.rider, month: M('10'), platform: '美团外卖', income_fen: 520_000, district_code: '500112', batch_id: batch }).execute();
    ids.coveredRider = (await person({ villageCode: VILLAGES.yubei, birthDate: '1995-03-01' })).id;
    await covered(ids.coveredRider);
    await enrol(ids.coveredRider, 'work_injury');
    await t.db.insertInto('platform_income').values({ person_id: ids.coveredRider, month: M('09'), platform: '滴滴出行', income_fen: 700_000, district_code: '500112', batch_id: batch }).execute();
    ids.noMedical = (await person({ villageCode: VILLAGES.yubei, birthDate: '1970-03-01' })).id;
    await enrol(ids.noMedical, 'resident_pension');
    ids.noLtc = (await person({ villageCode: VILLAGES.yubei, birthDate: '1980-03-01' })).id;
    await medical(ids.noLtc, 'employee');
    await enrol(ids.noLtc, 'employee_pension');
    await snapshotAndRun('coverage');
  });
  const gapPersons = async (rule: string, only: number[]) => (await gapsOf(rule)).filter((g) => only.includes(g.person_id) && g.status === 'open').map((g) => g.person_id).sort();

  it('employer pays pension but not unemployment insurance', async () => {
    expect(await gapPersons('coverage-employer-unemployment', [ids.noUi!, ids.noInjury!, ids.fullJob!])).toEqual([ids.noUi]);
  });
  it('employer pays pension but not work-injury insurance', async () => {
    expect(await gapPersons('coverage-employer-injury', [ids.noUi!, ids.noInjury!, ids.fullJob!])).toEqual([ids.noInjury]);
  });
  it('aged 16+, not a student, in no pension insurance', async () => {
    expect(await gapPersons('coverage-no-pension', [ids.noPension!, ids.student!, ids.rider!, ids.noUi!])).toEqual([ids.noPension]);
  });
  it('platform income and no work-injury cover', async () => {
    expect(await gapPersons('coverage-platform-injury', [ids.rider!, ids.coveredRider!, ids.fullJob!])).toEqual([ids.rider]);
  });
  it('no medical insurance this year', async () => {
    expect(await gapPersons('coverage-no-medical', [ids.noMedical!, ids.noPension!, ids.fullJob!])).toEqual([ids.noMedical]);
  });
  it('employee medical without long-term care', async () => {
    expect(await gapPersons('coverage-ltc', [ids.noLtc!, ids.fullJob!, ids.noMedical!])).toEqual([ids.noLtc]);
  });

  it('the township records outcomes; the list shrinks as feeds show enrolment; a refusal stands', async () => {
    const worker = await login('yubei');
    const [gap] = (await gapsOf('coverage-no-pension')).filter((g) => g.person_id === ids.noPension);
    const [riderGap] = (await gapsOf('coverage-platform-injury')).filter((g) => g.person_id === ids.rider);
    const bad = await worker.post(`/api/insurance/gaps/${riderGap!.id}/outcome`, { outcome: 'refused', version: riderGap!.version });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('body.note');
    expect((await worker.post(`/api/insurance/gaps/${riderGap!.id}/outcome`, { outcome: 'refused', note: '本人表示已购买商业意外险', version: riderGap!.version })).statusCode).toBe(200);
    expect((await worker.post(`/api/insurance/gaps/${gap!.id}/outcome`, { outcome: 'contacted', note: '已电话联系', version: gap!.version })).statusCode).toBe(200);
    // The person enrols; the next run finds the gap gone and closes it by the feed.
    await enrol(ids.noPension!, 'resident_pension', '2026-11-10');
    const run = await snapshotAndRun('coverage');
    expect(run.closed).toBeGreaterThanOrEqual(1);
    expect((await gapsOf('coverage-no-pension')).find((g) => g.person_id === ids.noPension)).toMatchObject({ status: 'enrolled', closed_by: 'feed' });
    expect((await gapsOf('coverage-platform-injury')).find((g) => g.person_id === ids.rider)).toMatchObject({ status: 'refused', closed_by: 'outreach' });
    const events = await t.db.selectFrom('coverage_gap_event').select('action').where('gap_id', '=', gap!.id).orderBy('id').execute();
    expect(events.map((e) => e.action)).toEqual(['found', 'contacted', 'closed_by_feed']);
    const list = (await worker.get('/api/insurance/gaps?rule=coverage-no-pension&status=open')).json() as { items: { name: string; idNumber: string }[] };
    for (const i of list.items) expect(i.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
  });
});

describe('certification', () => {
  const ids: Record<string, number> = {};
  const signal = (personId: number, source: 'medical_visit' | 'transport' | 'social_card', date: string) =>
    t.db.insertInto('life_signal').values({ person_id: personId, source, signal_date: date, district_code: '500112', batch_id: batch }).execute();
  let summary: Awaited<ReturnType<typeof runCertification>>;
  beforeAll(async () => {
    const p = async (birth: string, phone: string | null = '13812345678') => (await person({ villageCode: VILLAGES.jiefangbei, birthDate: birth, phone })).id;
    ids.seen = await p('1950-05-01');
    await award(ids.seen, { kind: 'resident_pension', months: [M('10')], monthly: 20_000, district: '500103' });
    await signal(ids.seen, 'medical_visit', '2026-09-03');
    ids.weak = await p('1955-05-01');
    await award(ids.weak, { kind: 'resident_pension', months: [M('10')], monthly: 20_000, district: '500103' });
    await signal(ids.weak, 'transport', '2026-10-03');
    await signal(ids.weak, 'medical_visit', '2025-06-01'); // outside the 365-day window
    ids.old = await p('1940-05-01');
    await award(ids.old, { kind: 'resident_pension', months: [M('10')], monthly: 20_000, district: '500103' });
    ids.dead = await p('1945-05-01');
    await t.db.insertInto('police_death').values({ person_id: ids.dead, death_date: '2026-08-15', district_code: '500103', batch_id: batch }).execute();
    await award(ids.dead, { kind: 'resident_pension', months: [M('07'), M('08'), M('09'), M('10')], monthly: 21_000, district: '500103' });
    summary = await runCertification(t.db, t.clock, { year: 2026, asOf: AS_OF, actorId: null });
  });
  const cert = (id: number) => t.db.selectFrom('certification').selectAll().where('person_id', '=', id).where('year', '=', 2026).executeTakeFirstOrThrow();

  it('certifies by data when the signal weights reach the threshold within the window', async () => {
    expect((await cert(ids.seen!)).status).toBe('data_certified');
    expect((await cert(ids.weak!)).status).toBe('pending_self');
    expect((await cert(ids.old!)).status).toBe('pending_visit');
    expect((await cert(ids.weak!)).task_due).not.toBeNull();
  });
  it('a death suspends the benefit and computes the overpayment from the month after a death mid-month', async () => {
    const c = await cert(ids.dead!);
    expect(c.status).toBe('suspended_death');
    expect(Number(c.overpaid_fen)).toBe(2 * 21_000);
    expect(c.recovery_case_id).not.toBeNull();
    const a = await t.db.selectFrom('benefit_award').select(['status', 'status_reason', 'status_on']).where('person_id', '=', ids.dead!).executeTakeFirstOrThrow();
    expect(a).toEqual({ status: 'suspended', status_reason: 'death', status_on: '2026-08-15' });
    const rc = await t.db.selectFrom('case_record').select(['kind_code', 'amount_fen']).where('id', '=', c.recovery_case_id!).executeTakeFirstOrThrow();
    expect(rc.kind_code).toBe('overpayment_recovery');
    expect(Number(rc.amount_fen)).toBe(42_000);
  });
  it('reports the share certified by data alone, and a rerun changes nothing', async () => {
    expect(summary.dataRate).not.toBeNull();
    const again = await runCertification(t.db, t.clock, { year: 2026, asOf: AS_OF, actorId: null });
    expect(again.recoveryCases).toBe(0);
    expect(again.byStatus).toEqual(summary.byStatus);
  });
  it('tasks: a visit certifies; not done suspends; remote self-certification pays again', async () => {
    const worker = await login('jiefangbei');
    const old = await cert(ids.old!);
    const res = await worker.post(`/api/insurance/certification/${ids.old}/task`, { year: 2026, result: 'visited', note: '入户见到本人', version: old.version });
    expect(res.json()).toMatchObject({ status: 'visited' });
    const weak = await cert(ids.weak!);
    expect((await worker.post(`/api/insurance/certification/${ids.weak}/task`, { year: 2026, result: 'not_done', version: weak.version })).json()).toMatchObject({ status: 'not_certified' });
    expect((await t.db.selectFrom('benefit_award').select('status').where('person_id', '=', ids.weak!).executeTakeFirstOrThrow()).status).toBe('suspended');
    const me = await t.demoLogin({ kind: 'citizen', personId: ids.weak! });
    const mine = (await me.get('/api/me/insurance')).json() as { certification: { status: string; canSelfCertify: boolean; version: number } };
    expect(mine.certification).toMatchObject({ status: 'not_certified', canSelfCertify: true });
    expect((await me.post('/api/me/insurance/certify', { version: mine.certification.version })).json()).toMatchObject({ status: 'self_certified' });
    expect((await t.db.selectFrom('benefit_award').select('status').where('person_id', '=', ids.weak!).executeTakeFirstOrThrow()).status).toBe('active');
    const wanzhou = await login('wanzhou');
    expect((await wanzhou.get(`/api/insurance/certification/${ids.old}?year=2026`)).statusCode).toBe(404);
  });
});

describe('cross-department query', () => {
  let mine: { id: number; idNumber: string };
  let other: { id: number; idNumber: string };
  beforeAll(async () => {
    mine = await person({ villageCode: VILLAGES.yubei, name: '钱多多' });
    other = await person({ villageCode: VILLAGES.wanzhou, name: '孙小小' });
    await t.db.insertInto('justice_custody').values({ person_id: mine.id, start_date: '2024-01-01', end_date: '2025-01-01', district_code: '500112', batch_id: batch }).execute();
  });

  it('needs a purpose, masks identifiers, limits a district to its residents and its departments, and audits each person read', async () => {
    const yubei = await login('yubei');
    const noPurpose = await yubei.post('/api/insurance/query', { purposeCode: 'audit_check', purpose: '查', idNumbers: [mine.idNumber] });
    expect(noPurpose.statusCode).toBe(400);
    const badId = await yubei.post('/api/insurance/query', { purposeCode: 'audit_check', purpose: '稽核疑点核查', idNumbers: ['500112199001011234'] });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.details[0].path).toBe('idNumbers.0');
    const res = await yubei.post('/api/insurance/query', { purposeCode: 'audit_check', purpose: '稽核疑点核查：死亡后待遇', idNumbers: [mine.idNumber, other.idNumber] });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { queryId: number; hiddenDepartments: string[]; results: { found: boolean; idNumber: string; data?: Record<string, Record<string, unknown>> }[] };
    expect(body.hiddenDepartments).toEqual(['justice', 'transport']);
    expect(body.results[0]!.found).toBe(true);
    expect(body.results[0]!.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    expect(body.results[0]!.data!.public_security!.name).toBe('钱多多');
    expect(body.results[0]!.data!.justice).toBeUndefined();
    expect(body.results[1]!.found).toBe(false);
    expect(JSON.stringify(body)).not.toContain(mine.idNumber);
    const audit = await t.db.selectFrom('audit_log').select(['entity_id', 'purpose']).where('action', '=', 'person.query').execute();
    expect(audit.map((a) => a.entity_id)).toEqual([String(mine.id)]);
    expect(audit[0]!.purpose).toContain('稽核疑点核查');
    const log = await t.db.selectFrom('data_query').selectAll().where('id', '=', body.queryId).executeTakeFirstOrThrow();
    expect(log).toMatchObject({ persons: 2, found: 1, purpose_code: 'audit_check' });
  });

  it('auditors see every department with names masked', async () => {
    const auditor = await login('auditor');
    const res = await auditor.post('/api/insurance/query', { purposeCode: 'fund_supervision', purpose: '基金监督抽查', idNumbers: [mine.idNumber] });
    const body = res.json() as { hiddenDepartments: string[]; results: { data: Record<string, Record<string, unknown>> }[] };
    expect(body.hiddenDepartments).toEqual([]);
    expect(body.results[0]!.data.public_security!.name).toBe('钱**');
    expect((body.results[0]!.data.justice!.custody as unknown[]).length).toBe(1);
    expect((await (await login('jiefangbei')).post('/api/insurance/query', { purposeCode: 'audit_check', purpose: '稽核疑点核查', idNumbers: [mine.idNumber] })).statusCode).toBe(403);
  });

  it('limits a user per hour and raises an alert on unusual volume', async () => {
    const hrss = await login('hrss');
    const u = await t.db.selectFrom('app_user').select('id').where('username', '=', 'hrss').executeTakeFirstOrThrow();
    const now = t.clock.now();
    await t.db.insertInto('data_query').values(Array.from({ length: 19 }, () => ({ user_id: u.id, role: 'department_officer', purpose_code: 'audit_check', purpose: '批量核查', persons: 10, found: 10, departments: ['hrss'], at: now }))).execute();
    const twentieth = await hrss.post('/api/insurance/query', { purposeCode: 'audit_check', purpose: '批量核查第二十次', idNumbers: [mine.idNumber] });
    expect(twentieth.json()).toMatchObject({ alert: true });
    expect((await t.db.selectFrom('data_query_alert').selectAll().where('user_id', '=', u.id).execute()).length).toBe(1);
    await t.db.insertInto('data_query').values(Array.from({ length: 10 }, () => ({ user_id: u.id, role: 'department_officer', purpose_code: 'audit_check', purpose: '批量核查', persons: 1, found: 1, departments: ['hrss'], at: now }))).execute();
    const limited = await hrss.post('/api/insurance/query', { purposeCode: 'audit_check', purpose: '批量核查超限', idNumbers: [mine.idNumber] });
    expect(limited.statusCode).toBe(429);
  });
});

describe('one-thing bundles', () => {
  it('computes the statutory retirement age under the gradual rise and the minimum contribution', () => {
    expect(retirementAgeMonths('1964-12-10', 'male')).toBe(720);
    expect(retirementAgeMonths('1965-01-10', 'male')).toBe(721);
    expect(retirementAgeMonths('1965-05-10', 'male')).toBe(722);
    expect(retirementAgeMonths('1990-01-01', 'male')).toBe(756);
    expect(retirementAgeMonths('1975-03-01', 'female_worker')).toBe(602);
    expect(retirementAgeMonths('1971-01-01', 'female_cadre')).toBe(664);
    expect(minimumContributionMonths(2026)).toBe(180);
    expect(minimumContributionMonths(2031)).toBe(192);
    expect(minimumContributionMonths(2045)).toBe(240);
  });

  it('enrolment completes only when all four tasks of two departments are done, and writes the enrolments', async () => {
    const ent = await t.factory.enterprise({ townshipCode: VILLAGES.yubei.slice(0, 9) });
    const worker = await person({ villageCode: VILLAGES.yubei, name: '周新员', birthDate: '1998-02-01' });
    await t.db.insertInto('employment').values({ id: 8_900_001, person_id: worker.id, enterprise_id: ent.id, district_code: '500112', start_date: '2026-11-02', end_date: null, monthly_wage_fen: 550_000, batch_id: batch }).execute();
    const boss = await t.demoLogin({ kind: 'enterprise', enterpriseId: ent.id });
    const wrong = await boss.post('/api/me/bundles/enrolment', { idNumber: worker.idNumber, name: '别人' });
    expect(wrong.statusCode).toBe(400);
    const created = await boss.post('/api/me/bundles/enrolment', { idNumber: worker.idNumber, name: '周新员' });
    expect(created.statusCode).toBe(201);
    const b = created.json() as { id: number; status: string; total: number };
    expect(b).toMatchObject({ status: 'in_progress', total: 4 });
    const hrss = await login('hrss');
    const medicalOfficer = await login('medical');
    let version = ((await hrss.get(`/api/insurance/bundles/${b.id}`)).json() as { version: number }).version;
    const refused = await hrss.post(`/api/insurance/bundles/${b.id}/tasks/medical`, { outcome: 'done', version });
    expect(refused.statusCode).toBe(403);
    for (const code of ['employee_pension', 'unemployment', 'work_injury']) {
      const res = await hrss.post(`/api/insurance/bundles/${b.id}/tasks/${code}`, { outcome: 'done', version });
      expect(res.statusCode).toBe(200);
      const body = res.json() as { status: string; version: number };
      expect(body.status).toBe('in_progress');
      version = body.version;
    }
    const mineNow = (await boss.get(`/api/me/bundles/${b.id}`)).json() as { status: string; done: number };
    expect(mineNow).toMatchObject({ status: 'in_progress', done: 3 });
    const last = await medicalOfficer.post(`/api/insurance/bundles/${b.id}/tasks/medical`, { outcome: 'done', version });
    expect((last.json() as { status: string }).status).toBe('completed');
    expect((await boss.get(`/api/me/bundles/${b.id}`)).json()).toMatchObject({ status: 'completed', done: 4 });
    const schemes = (await t.db.selectFrom('hr_insurance_enrolment').select('scheme').where('person_id', '=', worker.id).orderBy('scheme').execute()).map((s) => s.scheme);
    expect(schemes).toEqual(['employee_pension', 'unemployment', 'work_injury']);
    expect(await t.db.selectFrom('ltc_enrolment').select('year').where('person_id', '=', worker.id).executeTakeFirst()).toBeDefined();
  });

  it('retirement: refused with reasons before the age; otherwise pension and medical then the notification', async () => {
    const young = await person({ villageCode: VILLAGES.yubei, birthDate: '1980-05-01' });
    await enrol(young.id, 'employee_pension', '2000-01-01');
    const youngClient = await t.demoLogin({ kind: 'citizen', personId: young.id });
    const refused = await youngClient.post('/api/me/bundles/retirement');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toMatch(/法定退休年龄|retirement age/);

    const retiree = await person({ villageCode: VILLAGES.yubei, birthDate: '1965-03-12', sex: 'M' });
    await enrol(retiree.id, 'employee_pension', '1995-07-01');
    const me = await t.demoLogin({ kind: 'citizen', personId: retiree.id });
    const created = await me.post('/api/me/bundles/retirement');
    expect(created.statusCode).toBe(201);
    const b = created.json() as { id: number; tasks: { code: string; status: string }[] };
    expect(Object.fromEntries(b.tasks.map((x) => [x.code, x.status]))).toEqual({ eligibility: 'done', pension_start: 'pending', medical_change: 'pending', notification: 'waiting' });
    const yubei = await login('yubei');
    let version = ((await yubei.get(`/api/insurance/bundles/${b.id}`)).json() as { version: number }).version;
    const noAmount = await yubei.post(`/api/insurance/bundles/${b.id}/tasks/pension_start`, { outcome: 'done', version });
    expect(noAmount.statusCode).toBe(400);
    const started = await yubei.post(`/api/insurance/bundles/${b.id}/tasks/pension_start`, { outcome: 'done', monthlyAmountFen: 386_000, version });
    version = (started.json() as { version: number }).version;
    expect((started.json() as { status: string }).status).toBe('in_progress');
    const done = await yubei.post(`/api/insurance/bundles/${b.id}/tasks/medical_change`, { outcome: 'done', version });
    const final = done.json() as { status: string; tasks: { code: string; status: string }[] };
    expect(final.status).toBe('completed');
    expect(final.tasks.find((x) => x.code === 'notification')!.status).toBe('done');
    const a = await t.db.selectFrom('benefit_award').select(['kind', 'monthly_amount_fen', 'status']).where('person_id', '=', retiree.id).executeTakeFirstOrThrow();
    expect(a).toEqual({ kind: 'employee_pension', monthly_amount_fen: 386_000, status: 'active' });
    expect((await me.post('/api/me/bundles/retirement')).statusCode).toBe(409);
  });

  it('a rejected task rejects the bundle, and the applicant sees it', async () => {
    const retiree = await person({ villageCode: VILLAGES.yubei, birthDate: '1964-01-12', sex: 'M' });
    await enrol(retiree.id, 'employee_pension', '1990-07-01');
    const me = await t.demoLogin({ kind: 'citizen', personId: retiree.id });
    const b = (await me.post('/api/me/bundles/retirement')).json() as { id: number };
    const medicalOfficer = await login('medical');
    const version = ((await medicalOfficer.get(`/api/insurance/bundles/${b.id}`)).json() as { version: number }).version;
    const noReason = await medicalOfficer.post(`/api/insurance/bundles/${b.id}/tasks/medical_change`, { outcome: 'rejected', version });
    expect(noReason.statusCode).toBe(400);
    await medicalOfficer.post(`/api/insurance/bundles/${b.id}/tasks/medical_change`, { outcome: 'rejected', note: '医保关系在外省，需先转移', version });
    expect((await me.get(`/api/me/bundles/${b.id}`)).json()).toMatchObject({ status: 'rejected' });
  });
});

describe('access', () => {
  it('refuses anonymous users and citizens on staff routes', async () => {
    expect((await t.anonymous.get('/api/insurance/overview')).statusCode).toBe(401);
    const someone = await person();
    const citizen = await t.demoLogin({ kind: 'citizen', personId: someone.id });
    for (const url of ['/api/insurance/overview', '/api/insurance/gaps', '/api/insurance/risk-hits', '/api/insurance/certification', '/api/insurance/bundles', '/api/insurance/fund-stats']) expect((await citizen.get(url)).statusCode).toBe(403);
    expect((await citizen.post('/api/insurance/query', { purposeCode: 'audit_check', purpose: '稽核疑点核查', idNumbers: [someone.idNumber] })).statusCode).toBe(403);
    const auditor = await login('auditor');
    expect((await auditor.post('/api/insurance/runs', { pack: 'risk' })).statusCode).toBe(403);
    expect((await auditor.get('/api/insurance/enrolment')).statusCode).toBe(200);
  });
});

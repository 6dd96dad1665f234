// Unemployment early warning (失业预警): the thresholds as pure rules, then the monthly run through
// HTTP on a real database — headcount and arrears from contributions, warnings, one follow-up case
// per enterprise and month, idempotent re-runs, and who may read and run what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, VILLAGES, type Client, type TestContext } from '../../testing/harness.js';
import { DEFAULT_THRESHOLDS, detectWarnings, type HeadcountPoint } from './warnings.js';

/** A series of insured headcounts ending in 2026-10, nobody owed unless told. */
const series = (insured: number[], owed: number[] = []): HeadcountPoint[] =>
  insured.map((n, i) => ({ month: `2026-${String(10 - insured.length + 1 + i).padStart(2, '0')}`, insured: n, owed: owed[i] ?? 0 }));
const kinds = (s: HeadcountPoint[]) => detectWarnings(s).map((w) => w.kind);

describe('layoff threshold (劳动合同法 第四十一条)', () => {
  it('flags a reduction of 20 or more whatever the share: 20 of 1,000', () => {
    const [w] = detectWarnings(series([1000, 980]));
    expect(w).toEqual({ kind: 'layoff_threshold', details: { previous: 1000, current: 980, reduction: 20, share: 0.02, rule: 'persons', floor: 3 } });
  });

  it('does not flag fewer than 20 under 10%: 19 of 300 (6.3%)', () => {
    expect(kinds(series([300, 281]))).toEqual([]);
  });

  it('flags fewer than 20 at exactly 10%: 10 of 100, and 3 of 30', () => {
    expect(detectWarnings(series([100, 90]))[0]).toMatchObject({ kind: 'layoff_threshold', details: { reduction: 10, share: 0.1, rule: 'share' } });
    expect(detectWarnings(series([30, 27]))[0]).toMatchObject({ kind: 'layoff_threshold', details: { reduction: 3, share: 0.1 } });
  });

  it('treats a drop under the noise floor as turnover: 2 of 10 is 20% but not flagged', () => {
    expect(kinds(series([10, 8]))).toEqual([]);
    expect(kinds(series([5, 4]))).toEqual([]);
    expect(detectWarnings(series([10, 8]), { ...DEFAULT_THRESHOLDS, layoffFloor: 1 }).map((w) => w.kind)).toEqual(['layoff_threshold']);
  });

  it('compares with the month before only: a gap in the series is not a drop, a rise is not a reduction', () => {
    expect(kinds([{ month: '2026-08', insured: 100, owed: 0 }, { month: '2026-10', insured: 50, owed: 0 }])).toEqual([]);
    expect(kinds(series([50, 100]))).toEqual([]);
    expect(kinds(series([40]))).toEqual([]);
    expect(kinds([])).toEqual([]);
  });

  it('reads the series in month order whatever order it comes in', () => {
    expect(kinds([{ month: '2026-10', insured: 70, owed: 0 }, { month: '2026-09', insured: 100, owed: 0 }])).toEqual(['layoff_threshold']);
  });
});

describe('sustained decline', () => {
  it('flags three months of falls adding up to 5% or more, with the four points', () => {
    const w = detectWarnings(series([200, 198, 195, 190]));
    expect(w).toEqual([{ kind: 'sustained_decline', details: { points: [{ month: '2026-07', insured: 200 }, { month: '2026-08', insured: 198 }, { month: '2026-09', insured: 195 }, { month: '2026-10', insured: 190 }], decline: 10, share: 0.05 } }]);
  });

  it('is broken by a flat month', () => {
    expect(kinds(series([200, 196, 196, 188]))).toEqual([]);
  });

  it('needs 5% in all: a 3% decline is not enough', () => {
    expect(kinds(series([200, 198, 196, 194]))).toEqual([]);
  });

  it('needs four consecutive months', () => {
    expect(kinds(series([200, 195, 188]))).toEqual([]);
    expect(kinds([{ month: '2026-06', insured: 200, owed: 0 }, { month: '2026-07', insured: 195, owed: 0 }, { month: '2026-09', insured: 190, owed: 0 }, { month: '2026-10', insured: 185, owed: 0 }])).toEqual([]);
  });

  it('can come with a layoff in the same month', () => {
    expect(kinds(series([200, 190, 180, 150]))).toEqual(['layoff_threshold', 'sustained_decline']);
  });
});

describe('unpaid contributions', () => {
  it('flags 3 or more owed at 10% or more of the staff', () => {
    expect(detectWarnings(series([27], [3]))).toEqual([{ kind: 'unpaid_contributions', details: { owed: 3, insured: 27, share: 0.1 } }]);
    expect(kinds(series([28], [3]))).toEqual([]); // 3 of 31 is 9.7%
    expect(kinds(series([8], [2]))).toEqual([]); // 20%, but only 2
  });

  it('flags 50 or more owed whatever the share', () => {
    expect(kinds(series([2000], [50]))).toEqual(['unpaid_contributions']);
    expect(kinds(series([2000], [49]))).toEqual([]);
  });

  it('flags an enterprise that paid for nobody this month while its staff are still employed', () => {
    expect(kinds(series([0], [12]))).toEqual(['unpaid_contributions']);
  });
});

describe('the monthly run through HTTP', () => {
  let t: TestContext;
  let admin: Client;
  let yubei: Client;
  let wanzhou: Client;
  let auditor: Client;
  let jiefangbei: Client;
  let layoff: { id: number; creditCode: string };
  let arrears: { id: number; creditCode: string };
  let both: { id: number; creditCode: string };
  let nextEmployment = 8_000_000;
  const MONTHS = ['2026-06', '2026-07', '2026-08', '2026-09', '2026-10'];

  /** n employees of an enterprise since the start of the year, with contributions in the months given. */
  async function staff(enterpriseId: number, village: string, n: number, o: { paid: string[]; endDate?: string }) {
    for (let i = 0; i < n; i++) {
      const person = await t.factory.person({ villageCode: village });
      const id = nextEmployment++;
      const district = village.slice(0, 6);
      await t.db
        .insertInto('employment')
        .values({ id, person_id: person.id, enterprise_id: enterpriseId, district_code: district, start_date: '2026-01-01', end_date: o.endDate ?? null, monthly_wage_fen: 600_000, batch_id: t.factory.batchId })
        .execute();
      if (o.paid.length)
        await t.db
          .insertInto('contribution')
          .values(o.paid.map((m) => ({ employment_id: id, month: `${m}-01`, person_id: person.id, district_code: district, base_fen: 600_000, pension_fen: 96_000, unemployment_fen: 3_000, injury_fen: 3_000, batch_id: t.factory.batchId })))
          .execute();
    }
  }

  beforeAll(async () => {
    t = await createTestContext();
    [admin, yubei, wanzhou, auditor, jiefangbei] = await Promise.all([t.login('admin'), t.login('yubei'), t.login('wanzhou'), t.login('auditor'), t.login('jiefangbei')]);
    const yubeiTownship = VILLAGES.yubei.slice(0, 9);
    // 渝北: 40 staff paid June to September; 25 of them leave in October and are paid no more.
    layoff = await t.factory.enterprise({ townshipCode: yubeiTownship, name: '重庆渝北某电子制造有限公司' });
    await staff(layoff.id, VILLAGES.yubei, 15, { paid: MONTHS });
    await staff(layoff.id, VILLAGES.yubei, 25, { paid: MONTHS.slice(0, 4), endDate: '2026-10-12' });
    // 渝北: one employee still employed but unpaid from September on (owed), nine paid throughout.
    arrears = await t.factory.enterprise({ townshipCode: yubeiTownship, name: '重庆渝北某物流有限公司' });
    await staff(arrears.id, VILLAGES.yubei2, 9, { paid: MONTHS });
    await staff(arrears.id, VILLAGES.yubei2, 1, { paid: MONTHS.slice(0, 3) });
    // 万州: 30 staff; in October 6 leave and 4 stay on unpaid: a layoff and arrears in the same month.
    both = await t.factory.enterprise({ townshipCode: VILLAGES.wanzhou.slice(0, 9), name: '重庆万州某食品有限公司' });
    await staff(both.id, VILLAGES.wanzhou, 20, { paid: MONTHS });
    await staff(both.id, VILLAGES.wanzhou, 6, { paid: MONTHS.slice(0, 4), endDate: '2026-10-20' });
    await staff(both.id, VILLAGES.wanzhou, 4, { paid: MONTHS.slice(0, 4) });
  }, 120_000);
  afterAll(async () => t?.close());

  const casesOf = (enterpriseId: number) => t.db.selectFrom('case_record').select(['id', 'kind_code', 'org_code', 'state', 'details', 'enterprise_id', 'source']).where('kind_code', '=', 'employment_warning').where('enterprise_id', '=', enterpriseId).execute();

  it('finds the layoff, and layoff with arrears, and opens one case per enterprise and month in its district', async () => {
    const res = await admin.post('/api/employment/warnings/run', { month: '2026-10' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ month: '2026-10', enterprises: 3, warnings: 3, casesOpened: 2 });

    const [layoffCase] = await casesOf(layoff.id);
    expect(layoffCase).toMatchObject({ org_code: '500112', state: 'open', source: 'system' });
    expect(layoffCase!.details).toMatchObject({ employerCreditCode: layoff.creditCode, district: '500112', month: '2026-10', kinds: expect.stringContaining('layoff_threshold') });
    expect(String((layoffCase!.details as { details: string }).details)).toContain('40→15');

    const bothCases = await casesOf(both.id);
    expect(bothCases).toHaveLength(1);
    expect(bothCases[0]).toMatchObject({ org_code: '500101' });
    expect((bothCases[0]!.details as { kinds: string }).kinds).toMatch(/layoff_threshold.*unpaid_contributions/);
    const warnings = await t.db.selectFrom('employment_warning').select(['enterprise_id', 'kind', 'case_id']).orderBy('id').execute();
    expect(warnings.filter((w) => w.enterprise_id === both.id).map((w) => w.case_id)).toEqual([bothCases[0]!.id, bothCases[0]!.id]);
  });

  it('opens no second case and records nothing new when run again', async () => {
    const res = await admin.post('/api/employment/warnings/run', { month: '2026-10' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ warnings: 0, casesOpened: 0, detected: 3 });
    expect(await casesOf(layoff.id)).toHaveLength(1);
    const n = await t.db.selectFrom('employment_warning').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(3);
  });

  it('lists a month’s warnings to each district for its own enterprises only', async () => {
    const mine = await yubei.get('/api/employment/warnings?month=2026-10');
    expect(mine.statusCode, mine.body).toBe(200);
    const body = mine.json();
    expect(body.months).toEqual(['2026-10']);
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ enterpriseId: layoff.id, creditCode: layoff.creditCode, districtCode: '500112', districtName: '渝北区', industrySection: 'C', month: '2026-10', kind: 'layoff_threshold', caseState: 'open', details: { previous: 40, current: 15, reduction: 25 } });
    expect(body.items[0].caseId).toBe((await casesOf(layoff.id))[0]!.id);

    const theirs = (await wanzhou.get('/api/employment/warnings')).json();
    expect(theirs.month).toBe('2026-10');
    expect(theirs.items.map((w: { enterpriseId: number; kind: string }) => [w.enterpriseId, w.kind])).toEqual([
      [both.id, 'layoff_threshold'],
      [both.id, 'unpaid_contributions'],
    ]);
    expect((await wanzhou.get('/api/employment/warnings?kind=unpaid_contributions')).json().total).toBe(1);
    expect((await admin.get('/api/employment/warnings?district=500112')).json().total).toBe(1);
    expect((await admin.get('/api/employment/warnings?industry=A')).json().total).toBe(0);
    // A township worker elsewhere (渝中区 解放碑) sees none of it.
    expect((await jiefangbei.get('/api/employment/warnings')).json()).toMatchObject({ items: [], total: 0, months: [] });
  });

  it('shows an enterprise’s headcount to its district, and 404 to another district', async () => {
    const res = await yubei.get(`/api/employment/enterprises/${layoff.id}/headcount`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().series).toEqual(MONTHS.map((month) => ({ month, insured: month === '2026-10' ? 15 : 40, owed: 0 })));
    expect(res.json().warnings).toEqual([expect.objectContaining({ month: '2026-10', kind: 'layoff_threshold', caseState: 'open' })]);
    expect((await wanzhou.get(`/api/employment/enterprises/${layoff.id}/headcount`)).statusCode).toBe(404);
    expect((await yubei.get(`/api/employment/enterprises/${both.id}/headcount`)).statusCode).toBe(404);
    expect((await yubei.get('/api/employment/enterprises/123/headcount')).statusCode).toBe(404);
  });

  it('counts as owed an employee still employed whose contributions stopped, not those who left mid-month', async () => {
    const arrearsSeries = (await yubei.get(`/api/employment/enterprises/${arrears.id}/headcount`)).json().series;
    expect(arrearsSeries).toEqual([
      { month: '2026-06', insured: 10, owed: 0 },
      { month: '2026-07', insured: 10, owed: 0 },
      { month: '2026-08', insured: 10, owed: 0 },
      { month: '2026-09', insured: 9, owed: 1 },
      { month: '2026-10', insured: 9, owed: 1 },
    ]);
    // 万州: the 6 who left on 20 October are not owed for October; the 4 who stayed are.
    const bothSeries = (await wanzhou.get(`/api/employment/enterprises/${both.id}/headcount`)).json().series;
    expect(bothSeries.at(-1)).toEqual({ month: '2026-10', insured: 20, owed: 4 });
  });

  it('summarises the trend, districts and industries within the reader’s area', async () => {
    const city = (await admin.get('/api/employment/warnings/summary?months=3')).json();
    expect(city.month).toBe('2026-10');
    expect(city.trend.map((m: { month: string }) => m.month)).toEqual(['2026-08', '2026-09', '2026-10']);
    expect(city.trend.at(-1)).toMatchObject({ insured: 15 + 9 + 20, owed: 5, enterprises: 3, warnings: { layoff_threshold: 2, sustained_decline: 0, unpaid_contributions: 1, total: 3 } });
    expect(city.trend[1]).toMatchObject({ insured: 40 + 9 + 30, owed: 1, warnings: { total: 0 } });
    expect(city.byDistrict).toHaveLength(38);
    expect(city.byDistrict.find((d: { code: string }) => d.code === '500101')).toEqual({ code: '500101', name: '万州区', insured: 20, previous: 30, change: -10, warnings: 2 });
    expect(city.byIndustry).toEqual([{ section: 'C', name: '制造业', nameEn: 'Manufacturing', insured: 44, previous: 79, change: -35, warnings: 3 }]);
    expect(city.totals).toEqual({ insured: 44, previous: 79, change: -35, warnings: 3 });

    const district = (await yubei.get('/api/employment/warnings/summary')).json();
    expect(district.trend).toHaveLength(12);
    expect(district.byDistrict).toEqual([{ code: '500112', name: '渝北区', insured: 24, previous: 49, change: -25, warnings: 1 }]);
    expect(district.totals.warnings).toBe(1);
    expect((await jiefangbei.get('/api/employment/warnings/summary')).json()).toMatchObject({ month: null, trend: [] });
  });

  it('lets the auditor read but not run; district and township staff cannot run it either', async () => {
    expect((await auditor.get('/api/employment/warnings')).json().total).toBe(3);
    expect((await auditor.get('/api/employment/warnings/summary')).statusCode).toBe(200);
    expect((await auditor.get(`/api/employment/enterprises/${layoff.id}/headcount`)).statusCode).toBe(200);
    expect((await auditor.post('/api/employment/warnings/run', { month: '2026-10' })).statusCode).toBe(403);
    expect((await yubei.post('/api/employment/warnings/run', { month: '2026-10' })).statusCode).toBe(403);
    expect((await jiefangbei.post('/api/employment/warnings/run', { month: '2026-10' })).statusCode).toBe(403);
    expect((await t.anonymous.get('/api/employment/warnings')).statusCode).toBe(401);
  });

  it('refuses a month that has not ended, naming the field', async () => {
    const res = await admin.post('/api/employment/warnings/run', { month: '2026-11' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([expect.objectContaining({ path: 'month' })]);
    expect((await admin.post('/api/employment/warnings/run', { month: '2026-13' })).statusCode).toBe(400);
  });

  it('the follow-up case is handled by the district through the case engine', async () => {
    const [c] = await casesOf(layoff.id);
    const detail = await yubei.get(`/api/cases/${c!.id}`);
    expect(detail.statusCode, detail.body).toBe(200);
    const verify = await yubei.post(`/api/cases/${c!.id}/actions`, { version: detail.json().version, action: 'transition', transition: 'verify', evidence: '企业确认经济性裁员25人' });
    expect(verify.statusCode, verify.body).toBe(200);
    expect(verify.json().state).toBe('verified');
    expect((await yubei.get('/api/employment/warnings')).json().items[0].caseState).toBe('verified');
    // The 万州 officer cannot see 渝北's case.
    expect((await wanzhou.get(`/api/cases/${c!.id}`)).statusCode).toBe(404);
  });

  it('adds a warning found later for the same month to the enterprise’s case, with a note on it', async () => {
    // Corrected data arrives: three more staff of the 渝北 firm, still employed, were not paid in October.
    await staff(layoff.id, VILLAGES.yubei, 3, { paid: MONTHS.slice(0, 4) });
    const res = await admin.post('/api/employment/warnings/run', { month: '2026-10' });
    expect(res.json()).toMatchObject({ warnings: 1, casesOpened: 0 });
    const [c] = await casesOf(layoff.id);
    const ws = await t.db.selectFrom('employment_warning').select(['kind', 'case_id']).where('enterprise_id', '=', layoff.id).orderBy('kind').execute();
    expect(ws).toEqual([
      { kind: 'layoff_threshold', case_id: c!.id },
      { kind: 'unpaid_contributions', case_id: c!.id },
    ]);
    const note = await t.db.selectFrom('case_event').select(['action', 'payload']).where('case_id', '=', c!.id).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(note.action).toBe('commented');
    expect(JSON.stringify(note.payload)).toContain('3名仍在职的职工');
  });
});

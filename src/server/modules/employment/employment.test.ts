// Employment services through HTTP on a real database: matching in both directions held to a
// brute-force scoring of every candidate, discrimination screening on the way to publication, the
// posting contract and the all-or-nothing import, applications through to a registered hire, the
// graduates ledger and its 100% rule, zero-employment households cleared by a township worker, and
// the job indicators the plan tracker reads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLICY_DIR } from '../../startup.js';
import { createTestContext, VILLAGES, type Client, type TestContext } from '../../testing/harness.js';
import { runComputed } from '../plan/index.js';
import { buildSnapshot, createRun, executeRun, syncPolicyPack } from '../rules/index.js';
import { EDUCATION_RANK, majorOf, normaliseSkill, rankJobsForSeeker, rankSeekersForJob, reach, scoreMatch, type JobSide, type SeekerSide } from './matching.js';
import type { Education } from '../../db/schema.js';

let t: TestContext;
let admin: Client;
let yubei: Client;
let wanzhou: Client;
let jiefangbei: Client;

const TODAY = '2026-11-20';
const YUBEI_T = VILLAGES.yubei.slice(0, 9); // 渝北区 双龙湖街道
const YUBEI_T2 = '500112004'; // 渝北区 回兴街道
const JIANGBEI_V = '500105001001'; // 江北区 (borders 渝北)
const SHAPINGBA_V = '500106001001'; // 沙坪坝区 (borders 渝北)
const BANAN_V = '500113003002'; // 巴南区 (borders 渝北)

/** A well-formed posting; each test changes what it is about. */
const posting = (over: Record<string, unknown> = {}) => ({
  title: '数控车床操作工',
  occupationCode: '6-18',
  districtCode: '500112',
  townshipCode: null as string | null,
  wageMinYuan: 4500,
  wageMaxYuan: 6500,
  education: 'junior',
  experienceYears: 1,
  headcount: 3,
  weeklyHours: 40,
  schedule: 'standard',
  description: '负责数控车床日常操作与保养，提供食宿，缴纳五险一金。',
  skills: ['数控'],
  forGraduates: false,
  validFrom: '2026-11-01',
  validUntil: '2027-03-31',
  ...over,
});

const paths = (res: { json(): { error: { details: { path: string }[] } } }) => res.json().error.details.map((d) => d.path);
const count = async (table: 'job_posting' | 'employment' | 'job_application') => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

async function postJob(c: Client, enterpriseId: number, over: Record<string, unknown> = {}): Promise<{ id: number; status: string; findings: { severity: string; phrase: string }[] }> {
  const res = await c.post('/api/employment/jobs', { ...posting(over), enterpriseId });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().job;
}

beforeAll(async () => {
  t = await createTestContext();
  [admin, yubei, wanzhou, jiefangbei] = await Promise.all([t.login('admin'), t.login('yubei'), t.login('wanzhou'), t.login('jiefangbei')]);
}, 120_000);
afterAll(async () => t?.close());

// --- Matching ----------------------------------------------------------------------------------

type Posted = { id: number; enterpriseId: number; side: JobSide; open: boolean; input: ReturnType<typeof posting> };
const jobSideOf = (j: ReturnType<typeof posting>): JobSide => ({
  occupationCode: j.occupationCode,
  districtCode: j.districtCode,
  townshipCode: j.townshipCode,
  wageMaxFen: j.wageMaxYuan * 100,
  educationRank: EDUCATION_RANK[j.education as Education],
  experienceYears: j.experienceYears,
  skills: [...new Set(j.skills.map(normaliseSkill))],
});

/** Every open posting a seeker can be offered, scored by the TypeScript function, best first (ties: newest first). */
function bruteJobs(s: SeekerSide, jobs: Posted[]) {
  const majors = s.occupations.map(majorOf);
  const within = reach(s.places);
  return jobs
    .filter((j) => j.open && majors.includes(majorOf(j.side.occupationCode)) && within.includes(j.side.districtCode))
    .map((j) => ({ id: j.id, ...scoreMatch(s, j.side) }))
    .sort((a, b) => b.score - a.score || b.id - a.id);
}

type SeekerFixture = { personId: number; side: SeekerSide };
/** Every active seeker a posting can be offered to, scored by the TypeScript function (ties: larger person id first). */
function bruteSeekers(j: JobSide, seekers: SeekerFixture[]) {
  return seekers
    .filter((s) => s.side.occupations.some((o) => majorOf(o) === majorOf(j.occupationCode)) && reach(s.side.places).includes(j.districtCode))
    .map((s) => ({ personId: s.personId, ...scoreMatch(s.side, j) }))
    .sort((a, b) => b.score - a.score || b.personId - a.personId);
}

let citizen: Client;
let seekerPerson: { id: number };
let ents: { id: number; creditCode: string }[] = [];
const jobs: Posted[] = [];
const seekers: SeekerFixture[] = [];
const SEEKER: SeekerSide = { occupations: ['6-18', '4-02'], places: ['500112'], township: YUBEI_T, expectedWageFen: 600_000, educationRank: EDUCATION_RANK.senior, experienceYears: 2, skills: ['数控', '叉车', 'excel'] };

describe('matching (人岗匹配)', () => {
  const OCCS = ['6-18', '4-02', '6-20', '6-22', '4-03', '2-02', '6-18', '6-31', '4-01', '3-01', '4-02'];
  const PLACES: [string, string | null][] = [
    ['500112', YUBEI_T],
    ['500112', YUBEI_T2],
    ['500112', null],
    ['500105', '500105001'],
    ['500106', null],
    ['500101', '500101001'],
    ['500113', null],
  ];
  const WAGES = [
    [5000, 7000],
    [4500, 6000],
    [4000, 5500],
    [3500, 5000],
    [3000, 4000],
  ];
  const EDUS: Education[] = ['none', 'junior', 'senior', 'college', 'bachelor'];
  const SKILLS = [[], ['数控'], ['数控', 'CAD'], ['叉车', 'Excel', '驾驶'], ['焊接'], ['叉车']];

  beforeAll(async () => {
    ents = await Promise.all([0, 1, 2].map((i) => t.factory.enterprise({ townshipCode: YUBEI_T, name: `重庆渝北匹配测试${i}制造有限公司` })));
    for (let i = 0; i < 36; i++) {
      const [districtCode, townshipCode] = PLACES[i % 7]!;
      const [wageMinYuan, wageMaxYuan] = WAGES[i % 5]!;
      const input = posting({
        title: i % 4 === 0 ? `叉车司机${i}号` : `生产操作工${i}号`,
        occupationCode: OCCS[i % 11],
        districtCode,
        townshipCode,
        wageMinYuan,
        wageMaxYuan,
        education: EDUS[Math.floor(i / 3) % 5],
        experienceYears: [0, 1, 2, 3, 5, 0][i % 6],
        skills: SKILLS[(i + Math.floor(i / 6)) % 6],
        headcount: (i % 4) + 1,
        forGraduates: i % 3 === 0,
      });
      const job = await postJob(admin, ents[i % 3]!.id, input);
      expect(job.status).toBe('published');
      jobs.push({ id: job.id, enterpriseId: ents[i % 3]!.id, side: jobSideOf(input), open: true, input });
    }
    // Three postings that would top the list were they open: not yet valid, closed, and blocked.
    const best = { occupationCode: '6-18', districtCode: '500112', townshipCode: YUBEI_T, wageMinYuan: 6000, wageMaxYuan: 9000, education: 'none', experienceYears: 0, skills: ['数控'] };
    const future = posting({ ...best, title: '未到期岗位', validFrom: '2026-12-01', validUntil: '2027-05-01' });
    jobs.push({ id: (await postJob(admin, ents[0]!.id, future)).id, enterpriseId: ents[0]!.id, side: jobSideOf(future), open: false, input: future });
    const closed = posting({ ...best, title: '已关闭岗位' });
    const closedId = (await postJob(admin, ents[0]!.id, closed)).id;
    expect((await admin.post(`/api/employment/jobs/${closedId}/close`)).statusCode).toBe(200);
    jobs.push({ id: closedId, enterpriseId: ents[0]!.id, side: jobSideOf(closed), open: false, input: closed });
    const blocked = posting({ ...best, title: '被拦截岗位', description: '招聘数控车床操作工，限男性，需吃苦耐劳。' });
    const b = await postJob(admin, ents[0]!.id, blocked);
    expect(b.status).toBe('blocked');
    jobs.push({ id: b.id, enterpriseId: ents[0]!.id, side: jobSideOf(blocked), open: false, input: blocked });

    // The resident looking for work, in 渝北 双龙湖街道, education senior (the factory's).
    seekerPerson = await t.factory.person({ villageCode: VILLAGES.yubei, name: '李求职', birthDate: '1995-03-10' });
    citizen = await t.demoLogin({ kind: 'citizen', personId: seekerPerson.id });
    const profile = await citizen.put('/api/me/job-profile', { skills: ['数控', '叉车', ' Excel '], preferredOccupations: ['6-18', '4-02'], preferredDistricts: [], expectedWageYuan: 6000, experienceYears: 2, availableFrom: '2026-12-01' });
    expect(profile.statusCode, profile.body).toBe(200);
    expect(profile.json().profile).toMatchObject({ skills: ['数控', '叉车', 'excel'], status: 'active', education: 'senior', districtCode: '500112', townshipCode: YUBEI_T });
    seekers.push({ personId: seekerPerson.id, side: SEEKER });

    // Seekers registered by staff, in 渝北, its neighbours and 万州, with various wishes.
    const VILLS = [VILLAGES.yubei, '500112004001', JIANGBEI_V, SHAPINGBA_V, VILLAGES.wanzhou, BANAN_V];
    const WANTS = [['6-18'], ['6-20', '4-02'], ['6-22'], ['6-18', '6-31'], ['2-02'], ['4-03', '6-31'], ['6-99']];
    const WHERE = [[], ['500112'], ['500105', '500112'], ['500101'], [], ['500106']];
    for (let i = 0; i < 20; i++) {
      const village = VILLS[i % 6]!;
      const education = EDUS[(i * 2) % 5]!;
      const p = await t.factory.person({ villageCode: village, birthDate: `19${80 + (i % 20)}-05-0${1 + (i % 9)}`, sex: i % 2 ? 'F' : 'M' });
      await t.db.updateTable('person').set({ education }).where('id', '=', p.id).execute();
      if (i === 1) await t.db.insertInto('veteran').values({ person_id: p.id, discharge_date: '2024-09-01', service_branch: 'army', entitled_group: false, district_code: village.slice(0, 6), batch_id: t.factory.batchId }).execute();
      const body = { skills: [[], ['数控'], ['数控', 'CAD'], ['焊接', '叉车']][i % 4]!, preferredOccupations: WANTS[i % 7]!, preferredDistricts: WHERE[i % 6]!, expectedWageYuan: [4000, 5500, 6500, 8000][i % 4]!, experienceYears: [0, 1, 3, 6][(i + 1) % 4]!, availableFrom: '2026-12-01' };
      const res = await admin.put(`/api/employment/seekers/${p.id}`, body);
      expect(res.statusCode, res.body).toBe(200);
      seekers.push({
        personId: p.id,
        side: {
          occupations: body.preferredOccupations,
          places: body.preferredDistricts.length ? body.preferredDistricts : [village.slice(0, 6)],
          township: village.slice(0, 9),
          expectedWageFen: body.expectedWageYuan * 100,
          educationRank: EDUCATION_RANK[education],
          experienceYears: body.experienceYears,
          skills: body.skills.map(normaliseSkill),
        },
      });
    }
    // For posting #0 (6-18 in 双龙湖街道): a seeker wanting exactly that occupation who scores low
    // (a neighbouring district, expecting far more pay), and one wanting another occupation of the
    // same group who lives in the posting's township and scores higher.
    for (const [village, wants, wage] of [
      [JIANGBEI_V, ['6-18'], 9000],
      [VILLAGES.yubei, ['6-20'], 5000],
    ] as const) {
      const p = await t.factory.person({ villageCode: village });
      await t.db.updateTable('person').set({ education: 'none' }).where('id', '=', p.id).execute();
      const body = { skills: [], preferredOccupations: [...wants], preferredDistricts: [], expectedWageYuan: wage, experienceYears: 0, availableFrom: '2026-12-01' };
      expect((await admin.put(`/api/employment/seekers/${p.id}`, body)).statusCode).toBe(200);
      seekers.push({ personId: p.id, side: { occupations: [...wants], places: [village.slice(0, 6)], township: village.slice(0, 9), expectedWageFen: wage * 100, educationRank: 0, experienceYears: 0, skills: [] } });
    }
  }, 120_000);

  it('recommends to a resident exactly the top 20 a brute-force scoring of every candidate gives, with the reasons', async () => {
    const expected = bruteJobs(SEEKER, jobs);
    expect(expected.length).toBeGreaterThan(20);
    const res = await citizen.get('/api/me/job-recommendations');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().hasProfile).toBe(true);
    const items = res.json().items as { id: number; score: number; reasons: { factor: string; points: number }[] }[];
    expect(items.map((r) => [r.id, r.score])).toEqual(expected.slice(0, 20).map((r) => [r.id, r.score]));
    for (const [i, r] of items.entries()) {
      expect(r.reasons).toEqual(expected[i]!.reasons);
      expect(r.reasons.map((x) => x.factor)).toEqual(['occupation', 'place', 'wage', 'education', 'experience', 'skills']);
      expect(r.reasons.reduce((a, x) => a + x.points, 0)).toBe(r.score);
    }
    // None of the postings that are not open, nor any far away or in another occupation group.
    const closedOrFar = jobs.filter((j) => !j.open || j.side.districtCode === '500101' || ['2', '3'].includes(majorOf(j.side.occupationCode))).map((j) => j.id);
    expect(items.filter((r) => closedOrFar.includes(r.id))).toEqual([]);
  });

  it('pages the recommendations without gaps or repeats', async () => {
    const expected = bruteJobs(SEEKER, jobs);
    // Short pages too: the same-group postings are read only when they could still reach the page.
    for (const size of [1, 2, 3, 4, 5, 6, 8, 10, 12]) {
      const items = (await citizen.get(`/api/me/job-recommendations?pageSize=${size}`)).json().items as { id: number }[];
      expect({ size, ids: items.map((r) => r.id) }).toEqual({ size, ids: expected.slice(0, size).map((r) => r.id) });
    }
    const page2 = (await citizen.get('/api/me/job-recommendations?page=2&pageSize=7')).json().items as { id: number; score: number }[];
    expect(page2.map((r) => [r.id, r.score])).toEqual(expected.slice(7, 14).map((r) => [r.id, r.score]));
    const last = (await citizen.get(`/api/me/job-recommendations?page=${Math.ceil(expected.length / 10)}&pageSize=10`)).json().items as { id: number }[];
    expect(last.map((r) => r.id)).toEqual(expected.slice(Math.floor((expected.length - 1) / 10) * 10).map((r) => r.id));
  });

  it('ranks in SQL with the same score as the TypeScript explanation, for every candidate', async () => {
    const expected = bruteJobs(SEEKER, jobs);
    const ranked = await rankJobsForSeeker(t.db, SEEKER, TODAY, expected.length + 10);
    expect(ranked).toEqual(expected.map((r) => ({ id: r.id, score: r.score })));
  });

  it('shows staff the same list for a seeker, with the number of candidates', async () => {
    const expected = bruteJobs(SEEKER, jobs);
    const res = await admin.get(`/api/employment/seekers/${seekerPerson.id}/jobs?pageSize=100`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((r: { id: number; score: number }) => [r.id, r.score])).toEqual(expected.map((r) => [r.id, r.score]));
    expect(res.json().total).toBe(expected.length);
  });

  it('tells a resident without a profile that they have none', async () => {
    const other = await t.factory.person({ villageCode: VILLAGES.yubei2 });
    const c = await t.demoLogin({ kind: 'citizen', personId: other.id });
    expect((await c.get('/api/me/job-recommendations')).json()).toEqual({ items: [], hasProfile: false });
  });

  for (const which of [0, 3, 8]) {
    it(`lists for posting #${which} exactly the seekers a brute-force scoring gives, in order, with reasons`, async () => {
      const job = jobs[which]!;
      const expected = bruteSeekers(job.side, seekers);
      expect(expected.length).toBeGreaterThan(3);
      const res = await admin.get(`/api/employment/jobs/${job.id}/seekers?pageSize=100`);
      expect(res.statusCode, res.body).toBe(200);
      const items = res.json().items as { personId: number; score: number; reasons: unknown[]; applied: boolean }[];
      expect(items.map((s) => [s.personId, s.score])).toEqual(expected.map((s) => [s.personId, s.score]));
      expect(items.map((s) => s.reasons)).toEqual(expected.map((s) => s.reasons));
      expect(items.every((s) => s.applied === false)).toBe(true);
      const sqlRanked = await rankSeekersForJob(t.db, job.side, 100);
      expect(sqlRanked).toEqual(expected.map((s) => ({ personId: s.personId, score: s.score })));
      const page2 = (await admin.get(`/api/employment/jobs/${job.id}/seekers?page=2&pageSize=2`)).json().items as { personId: number }[];
      expect(page2.map((s) => s.personId)).toEqual(expected.slice(2, 4).map((s) => s.personId));
      for (let size = 1; size <= Math.min(expected.length, 8); size++) {
        const top = (await rankSeekersForJob(t.db, job.side, size)).map((s) => s.personId);
        expect({ size, top }).toEqual({ size, top: expected.slice(0, size).map((s) => s.personId) });
      }
    });
  }

  it('lists seekers to staff by category (from department data), district and wanted occupation, within their area', async () => {
    const list = async (c: Client, query: string) => {
      const res = await c.get(`/api/employment/seekers?pageSize=100${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().items as { personId: number }[]).map((x) => x.personId).sort((a, b) => a - b);
    };
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    expect(await list(admin, '&category=veteran')).toEqual([seekers[2]!.personId]);
    expect((await admin.get('/api/employment/seekers?category=veteran')).json().items[0].categories).toEqual(['veteran']);
    expect(await list(admin, '&occupation=6-31')).toEqual(sorted(seekers.filter((x) => x.side.occupations.includes('6-31')).map((x) => x.personId)));
    expect(await list(admin, '&district=500105')).toEqual(sorted(seekers.filter((x) => x.side.township.startsWith('500105')).map((x) => x.personId)));
    expect(await list(yubei, '')).toEqual(sorted(seekers.filter((x) => x.side.township.startsWith('500112')).map((x) => x.personId)));
    expect(await list(yubei, '&district=500105')).toEqual([]);
    expect((await admin.get('/api/employment/seekers?category=nobody')).statusCode).toBe(400);
  });

  it('shows the enterprise the same seekers for its own posting, and nothing for another’s', async () => {
    const job = jobs[0]!;
    const own = await t.demoLogin({ kind: 'enterprise', enterpriseId: ents[0]!.id });
    const res = await own.get(`/api/me/enterprise/jobs/${job.id}/seekers?pageSize=100`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((s: { personId: number }) => s.personId)).toEqual(bruteSeekers(job.side, seekers).map((s) => s.personId));
    const other = await t.demoLogin({ kind: 'enterprise', enterpriseId: ents[1]!.id });
    expect((await other.get(`/api/me/enterprise/jobs/${job.id}/seekers`)).statusCode).toBe(404);
  });

  it('filters the public list by occupation, major group, district, wage, graduates and title; only open postings', async () => {
    const open = jobs.filter((j) => j.open);
    const ids = async (query: string) => {
      const res = await t.anonymous.get(`/api/public/jobs?pageSize=100${query}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().total).toBe(res.json().items.length);
      return (res.json().items as { id: number }[]).map((j) => j.id).sort((a, b) => a - b);
    };
    const want = (f: (j: Posted) => boolean) => open.filter(f).map((j) => j.id).sort((a, b) => a - b);
    expect(await ids('')).toEqual(want(() => true));
    expect(await ids('&occupation=6-18')).toEqual(want((j) => j.input.occupationCode === '6-18'));
    expect(await ids('&occupation=4')).toEqual(want((j) => j.input.occupationCode.startsWith('4-')));
    expect(await ids('&district=500105')).toEqual(want((j) => j.input.districtCode === '500105'));
    expect(await ids('&wageMin=6000')).toEqual(want((j) => j.input.wageMaxYuan >= 6000));
    expect(await ids('&forGraduates=true')).toEqual(want((j) => j.input.forGraduates));
    expect(await ids('&q=叉车')).toEqual(want((j) => j.input.title.includes('叉车')));
    expect(await ids('&education=college')).toEqual(want((j) => j.input.education === 'college'));
    expect(await ids('&occupation=6-18&district=500112&wageMin=5500')).toEqual(want((j) => j.input.occupationCode === '6-18' && j.input.districtCode === '500112' && j.input.wageMaxYuan >= 5500));
    const page = await t.anonymous.get('/api/public/jobs?page=2&pageSize=5');
    expect(page.json()).toMatchObject({ page: 2, pageSize: 5, total: open.length });
    expect(page.json().items).toHaveLength(5);
  });

  it('filters the staff list by status, district, occupation, findings and title, within the reader’s district', async () => {
    const list = async (c: Client, query: string) => {
      const res = await c.get(`/api/employment/jobs?pageSize=100${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { items: { id: number; status: string; districtCode: string }[]; total: number };
    };
    const blocked = await list(admin, '&status=blocked');
    expect(blocked.items.map((j) => j.id)).toEqual([jobs.at(-1)!.id]);
    expect((await list(admin, '&flagged=true')).items.map((j) => j.id)).toEqual([jobs.at(-1)!.id]);
    expect((await list(admin, '&status=closed')).items.map((j) => j.id)).toEqual([jobs.at(-2)!.id]);
    const inYubei = jobs.filter((j) => j.input.districtCode === '500112').map((j) => j.id);
    const mine = await list(yubei, '');
    expect(mine.items.map((j) => j.id).sort((a, b) => a - b)).toEqual(inYubei.sort((a, b) => a - b));
    expect(mine.total).toBe(inYubei.length);
    // A district officer cannot widen the list to another district.
    expect((await list(yubei, '&district=500105')).total).toBe(0);
    expect((await list(wanzhou, '')).items.every((j) => j.districtCode === '500101')).toBe(true);
    expect((await list(admin, '&occupation=6&district=500106')).items.map((j) => j.id).sort((a, b) => a - b)).toEqual(
      jobs.filter((j) => j.input.districtCode === '500106' && j.input.occupationCode.startsWith('6-')).map((j) => j.id).sort((a, b) => a - b),
    );
    expect((await list(admin, '&q=叉车')).total).toBe(jobs.filter((j) => j.input.title.includes('叉车')).length);
  });
});

// --- Screening ---------------------------------------------------------------------------------

describe('screening before publication (M16)', () => {
  let ent: { id: number; creditCode: string };
  let employer: Client;
  let blockedId: number;
  const BLOCKING = '招聘数控车床操作工，限男性，能吃苦耐劳，有相关经验优先。';
  const FIXED = '招聘数控车床操作工，男女不限，能吃苦耐劳，有相关经验优先。';
  const exact = { occupationCode: '6-18', districtCode: '500112', townshipCode: YUBEI_T, wageMinYuan: 6000, wageMaxYuan: 9500, education: 'none', experienceYears: 0, skills: ['数控'] };

  beforeAll(async () => {
    ent = await t.factory.enterprise({ townshipCode: YUBEI_T, name: '重庆渝北筛查测试机械有限公司' });
    employer = await t.demoLogin({ kind: 'enterprise', enterpriseId: ent.id });
  });

  const publicIds = async () => ((await t.anonymous.get('/api/public/jobs?pageSize=200')).json().items as { id: number }[]).map((j) => j.id);
  const recommendedIds = async () => ((await citizen.get('/api/me/job-recommendations?pageSize=100')).json().items as { id: number }[]).map((j) => j.id);

  it('saves an enterprise’s posting that says 限男性 as blocked, with the phrase, why and the law, and shows it to nobody', async () => {
    const res = await employer.post('/api/me/enterprise/jobs', posting({ ...exact, description: BLOCKING }));
    expect(res.statusCode, res.body).toBe(201);
    const job = res.json().job;
    blockedId = job.id;
    expect(job).toMatchObject({ status: 'blocked', source: 'enterprise', enterpriseId: ent.id, publishedAt: null });
    const finding = job.findings.find((f: { phrase: string }) => f.phrase === '限男性');
    expect(finding).toMatchObject({ category: 'gender', severity: 'block', field: 'description', start: BLOCKING.indexOf('限男性'), end: BLOCKING.indexOf('限男性') + 3, reason: { zh: expect.stringContaining('性别'), en: expect.any(String) } });
    expect(finding.basis).toEqual(expect.arrayContaining([expect.objectContaining({ title: '中华人民共和国妇女权益保障法（2022年修订）', article: '第四十三条' })]));

    expect(await publicIds()).not.toContain(blockedId);
    expect((await t.anonymous.get(`/api/public/jobs/${blockedId}`)).statusCode).toBe(404);
    // It would be this resident's best match: same occupation, own township, pays more.
    expect(await recommendedIds()).not.toContain(blockedId);
    expect((await citizen.post('/api/me/applications', { jobId: blockedId })).statusCode).toBe(409);
    const mine = (await employer.get('/api/me/enterprise/jobs?status=blocked')).json().items;
    expect(mine.map((j: { id: number }) => j.id)).toEqual([blockedId]);
  });

  it('publishes the posting once the text is fixed, and records both steps', async () => {
    const res = await employer.put(`/api/me/enterprise/jobs/${blockedId}`, posting({ ...exact, description: FIXED }));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().job).toMatchObject({ status: 'published', findings: [], publishedAt: expect.any(String) });
    expect(await publicIds()).toContain(blockedId);
    expect((await recommendedIds())[0]).toBe(blockedId);
    const detail = (await employer.get(`/api/me/enterprise/jobs/${blockedId}`)).json();
    expect(detail.history.map((h: { action: string }) => h.action)).toEqual(['blocked', 'updated_published']);
    // Another enterprise cannot read or change it.
    const other = await t.demoLogin({ kind: 'enterprise', enterpriseId: ents[2]!.id });
    expect((await other.get(`/api/me/enterprise/jobs/${blockedId}`)).statusCode).toBe(404);
    expect((await other.put(`/api/me/enterprise/jobs/${blockedId}`, posting({ ...exact, description: BLOCKING }))).statusCode).toBe(404);
  });

  it('lets district staff release a blocked posting with a reason; no reason, a township worker or a second release is refused', async () => {
    const job = (await employer.post('/api/me/enterprise/jobs', posting({ title: '夜班保安', occupationCode: '3-02', description: '负责厂区夜间巡逻，限男性，需持有保安员证。' }))).json().job;
    expect(job.status).toBe('blocked');
    const none = await yubei.post(`/api/employment/jobs/${job.id}/override`, {});
    expect(none.statusCode).toBe(400);
    expect(paths(none)).toEqual(['body.reason']);
    expect((await yubei.post(`/api/employment/jobs/${job.id}/override`, { reason: '  ' })).statusCode).toBe(400);
    expect((await jiefangbei.post(`/api/employment/jobs/${job.id}/override`, { reason: '经核实岗位确有需要' })).statusCode).toBe(403);
    expect((await wanzhou.post(`/api/employment/jobs/${job.id}/override`, { reason: '经核实岗位确有需要' })).statusCode).toBe(404);
    expect(await publicIds()).not.toContain(job.id);

    const reason = '企业已书面承诺删除性别限制，经约谈后放行';
    const ok = await yubei.post(`/api/employment/jobs/${job.id}/override`, { reason });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().job).toMatchObject({ status: 'published', overrideReason: reason, publishedAt: expect.any(String) });
    expect(ok.json().job.findings).not.toEqual([]);
    expect(await publicIds()).toContain(job.id);
    expect((await yubei.post(`/api/employment/jobs/${job.id}/override`, { reason: '再次放行这个岗位' })).statusCode).toBe(409);
    const history = (await yubei.get(`/api/employment/jobs/${job.id}`)).json().history;
    expect(history.at(-1)).toMatchObject({ action: 'override', actorName: '渝北区人力社保局 王主任', details: { reason: '企业已书面承诺删除性别限制，经约谈后放行' } });
  });

  it('publishes a posting with a warning, showing the finding', async () => {
    const res = await employer.post('/api/me/enterprise/jobs', posting({ title: '仓库管理员', occupationCode: '4-02', description: '负责仓库收发货管理，身高160以上，熟悉仓储管理流程。' }));
    expect(res.statusCode, res.body).toBe(201);
    const job = res.json().job;
    expect(job.status).toBe('published');
    expect(job.findings).toEqual([expect.objectContaining({ severity: 'warn', category: 'appearance', phrase: '身高160以上', reason: expect.any(Object), basis: expect.any(Array) })]);
    expect(await publicIds()).toContain(job.id);
    expect((await admin.get(`/api/employment/jobs?flagged=true&pageSize=100`)).json().items.map((j: { id: number }) => j.id)).toContain(job.id);
  });
});

// --- The posting contract ----------------------------------------------------------------------

describe('validating a posting', () => {
  it('names every wrong field: wage below the minimum, maximum below minimum, township outside the district, too long a validity', async () => {
    const before = await count('job_posting');
    const res = await admin.post('/api/employment/jobs', { ...posting({ wageMinYuan: 1800, wageMaxYuan: 1700, townshipCode: '500105001', validFrom: '2026-11-20', validUntil: '2027-06-01' }), enterpriseId: ents[0]!.id });
    expect(res.statusCode).toBe(400);
    expect(paths(res).sort()).toEqual(['townshipCode', 'validUntil', 'wageMaxYuan', 'wageMinYuan']);
    expect(res.json().error.details.find((d: { path: string }) => d.path === 'wageMinYuan').messageEn).toContain('2000');
    expect(await count('job_posting')).toBe(before);
  });

  it('allows a part-time wage below the monthly minimum, and 180 days of validity but not 181', async () => {
    const part = await admin.post('/api/employment/jobs', { ...posting({ schedule: 'part_time', weeklyHours: 20, wageMinYuan: 1200, wageMaxYuan: 1600 }), enterpriseId: ents[0]!.id });
    expect(part.statusCode, part.body).toBe(201);
    expect((await admin.post('/api/employment/jobs', { ...posting({ validFrom: '2026-11-20', validUntil: '2027-05-19' }), enterpriseId: ents[0]!.id })).statusCode).toBe(201);
    const over = await admin.post('/api/employment/jobs', { ...posting({ validFrom: '2026-11-20', validUntil: '2027-05-20' }), enterpriseId: ents[0]!.id });
    expect(paths(over)).toEqual(['validUntil']);
  });

  it('refuses a major group or an unknown occupation, a non-Chongqing district and a malformed date, naming the fields', async () => {
    for (const occupationCode of ['6', '9-99', '6-18-01']) {
      const res = await admin.post('/api/employment/jobs', { ...posting({ occupationCode }), enterpriseId: ents[0]!.id });
      expect(res.statusCode).toBe(400);
      expect(paths(res)).toEqual(['body.occupationCode']);
    }
    const res = await admin.post('/api/employment/jobs', { ...posting({ districtCode: '510104', validUntil: '2027/03/31', headcount: 0 }), enterpriseId: ents[0]!.id });
    expect(res.statusCode).toBe(400);
    expect(paths(res).sort()).toEqual(['body.districtCode', 'body.headcount', 'body.validUntil']);
    expect(res.json().error.details.find((d: { path: string }) => d.path === 'body.districtCode').messageEn).toBe('a Chongqing district code');
    const longWeek = await admin.post('/api/employment/jobs', { ...posting({ weeklyHours: 48 }), enterpriseId: ents[0]!.id });
    expect(paths(longWeek)).toEqual(['weeklyHours']);
  });

  it('refuses dates that do not exist with a 400 naming the field, never a server error', async () => {
    const job = await admin.post('/api/employment/jobs', { ...posting({ validFrom: '2026-11-31' }), enterpriseId: ents[0]!.id });
    expect(job.statusCode).toBe(400);
    expect(paths(job)).toEqual(['body.validFrom']);
    const profile = await citizen.put('/api/me/job-profile', { skills: [], preferredOccupations: ['6-18'], expectedWageYuan: 6000, experienceYears: 2, availableFrom: '2026-02-30' });
    expect(profile.statusCode).toBe(400);
    expect(paths(profile)).toEqual(['body.availableFrom']);
    const ev = await yubei.post('/api/employment/events', { kind: 'onsite', title: '招聘会', districtCode: '500112', startsOn: '2026-12-32', endsOn: '2026-12-32' });
    expect(ev.statusCode).toBe(400);
    expect(paths(ev).sort()).toEqual(['body.endsOn', 'body.startsOn']);
  });

  it('refuses a district officer posting in another district, and an unknown enterprise', async () => {
    expect((await yubei.post('/api/employment/jobs', { ...posting({ districtCode: '500101', townshipCode: null }), enterpriseId: ents[0]!.id })).statusCode).toBe(403);
    const nobody = await admin.post('/api/employment/jobs', { ...posting(), enterpriseId: 123 });
    expect(nobody.statusCode).toBe(400);
    expect(paths(nobody)).toEqual(['enterpriseId']);
  });

  describe('bulk import', () => {
    const row = (i: number, over: Record<string, unknown> = {}) => ({ ...posting({ title: `导入岗位${i}号` }), creditCode: ents[1]!.creditCode, ...over });

    it('writes nothing when one row is bad, and names the row and the field', async () => {
      const before = await count('job_posting');
      const res = await admin.post('/api/employment/jobs/import', { rows: [row(1), row(2), row(3, { wageMinYuan: 1500 }), row(4)] });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details).toEqual([expect.objectContaining({ line: 3, path: 'wageMinYuan', messageEn: expect.stringContaining('minimum wage') })]);
      expect(res.json().error.messageEn).toBe('1 row is wrong; nothing was imported');
      expect(await count('job_posting')).toBe(before);
    });

    it('reports schema errors, unknown enterprises and rows outside the district, each with its line, in both languages', async () => {
      const res = await yubei.post('/api/employment/jobs/import', { rows: [row(1, { occupationCode: '6' }), row(2, { creditCode: '91500000MA5U000000' }), row(3, { districtCode: '500101', townshipCode: null }), row(4)] });
      expect(res.statusCode).toBe(400);
      const details = res.json().error.details as { line: number; path: string; message: string; messageEn: string }[];
      expect(details.map((d) => [d.line, d.path])).toEqual([
        [1, 'occupationCode'],
        [2, 'creditCode'],
        [3, 'districtCode'],
      ]);
      expect(res.json().error.messageEn).toBe('3 rows are wrong; nothing was imported');
      expect(details[0]).toMatchObject({ message: '须为职业分类大典的中类代码，如 4-04', messageEn: 'a middle group of the occupation catalogue, such as 4-04' });
    });

    it('imports every row in one go when all are good, screening each', async () => {
      const before = await count('job_posting');
      const res = await admin.post('/api/employment/jobs/import', { rows: [row(1), row(2, { description: '招聘操作工，限男性，两班倒。' }), row(3)] });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ created: 3, published: 2, blocked: 1 });
      expect(await count('job_posting')).toBe(before + 3);
      const sources = await t.db.selectFrom('job_posting').select(['source', 'status']).where('title', 'like', '导入岗位%').orderBy('id').execute();
      expect(sources).toEqual([
        { source: 'import', status: 'published' },
        { source: 'import', status: 'blocked' },
        { source: 'import', status: 'published' },
      ]);
    });
  });
});

// --- Applications ------------------------------------------------------------------------------

describe('applications through to a registered hire', () => {
  let job: Posted;
  let employer: Client;
  let applicationId: number;

  beforeAll(async () => {
    job = jobs.find((j) => j.open && j.input.occupationCode === '6-18' && j.input.districtCode === '500112' && j.input.schedule === 'standard')!;
    employer = await t.demoLogin({ kind: 'enterprise', enterpriseId: job.enterpriseId });
    // The resident is registered unemployed: a hire ends the registration.
    await t.db.insertInto('hr_unemployment_registration').values({ person_id: seekerPerson.id, registered_on: '2026-05-01', ended_on: null, end_reason: null, district_code: '500112', batch_id: t.factory.batchId }).execute();
  });

  it('takes a resident’s application once, with the match score, and refuses a second', async () => {
    const res = await citizen.post('/api/me/applications', { jobId: job.id });
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json().application;
    applicationId = a.id;
    expect(a).toMatchObject({ jobId: job.id, personId: seekerPerson.id, kind: 'application', status: 'submitted', eventId: null, score: scoreMatch(SEEKER, job.side).score });
    const again = await citizen.post('/api/me/applications', { jobId: job.id });
    expect(again.statusCode).toBe(409);
    expect((await citizen.post('/api/me/applications', { jobId: 999_999 })).statusCode).toBe(404);
    const mine = (await citizen.get('/api/me/applications')).json().items;
    expect(mine).toEqual([expect.objectContaining({ id: applicationId, status: 'submitted', job: expect.objectContaining({ id: job.id, title: job.input.title }) })]);
  });

  it('shows the applicant to the employer by name and phone, and to staff masked, and marks them as applied', async () => {
    const res = await employer.get(`/api/me/enterprise/jobs/${job.id}/applications`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items).toEqual([expect.objectContaining({ id: applicationId, name: '李求职', phone: '13812345678', education: 'senior', age: 31 })]);
    const staff = (await admin.get(`/api/employment/jobs/${job.id}/applications`)).json().items;
    expect(staff).toEqual([expect.objectContaining({ id: applicationId, name: '李**', age: 31 })]);
    const matches = (await admin.get(`/api/employment/jobs/${job.id}/seekers?pageSize=100`)).json().items as { personId: number; applied: boolean }[];
    expect(matches.find((s) => s.personId === seekerPerson.id)!.applied).toBe(true);
    expect(matches.filter((s) => s.applied)).toHaveLength(1);
  });

  it('refuses outcomes that do not follow: a hire without a start date, a wage outside the range, another employer', async () => {
    const other = await t.demoLogin({ kind: 'enterprise', enterpriseId: ents.find((e) => e.id !== job.enterpriseId)!.id });
    expect((await other.post(`/api/me/enterprise/applications/${applicationId}/outcome`, { status: 'interview' })).statusCode).toBe(404);
    const noDate = await employer.post(`/api/me/enterprise/applications/${applicationId}/outcome`, { status: 'hired' });
    expect(noDate.statusCode).toBe(400);
    expect(paths(noDate)).toEqual(['startDate']);
    const badDate = await employer.post(`/api/me/enterprise/applications/${applicationId}/outcome`, { status: 'hired', startDate: '2026-11-31' });
    expect(badDate.statusCode).toBe(400);
    expect(paths(badDate)).toEqual(['body.startDate']);
    const wage = await employer.post(`/api/me/enterprise/applications/${applicationId}/outcome`, { status: 'hired', startDate: '2026-11-18', wageYuan: job.input.wageMaxYuan + 1 });
    expect(paths(wage)).toEqual(['wageYuan']);
    expect(await t.db.selectFrom('employment').select('id').where('person_id', '=', seekerPerson.id).execute()).toEqual([]);
  });

  it('moves to interview, then hired: the job is registered, the seeker leaves the pool, the unemployment registration ends', async () => {
    const before = await count('employment');
    const interview = await employer.post(`/api/me/enterprise/applications/${applicationId}/outcome`, { status: 'interview' });
    expect(interview.statusCode, interview.body).toBe(200);
    expect(interview.json().application.status).toBe('interview');
    const hired = await employer.post(`/api/me/enterprise/applications/${applicationId}/outcome`, { status: 'hired', startDate: '2026-11-18', wageYuan: job.input.wageMaxYuan });
    expect(hired.statusCode, hired.body).toBe(200);
    expect(hired.json().application.status).toBe('hired');
    expect(await count('employment')).toBe(before + 1);
    const emp = await t.db
      .selectFrom('employment as e')
      .innerJoin('employment_registration as r', 'r.employment_id', 'e.id')
      .select(['e.person_id', 'e.enterprise_id', 'e.district_code', 'e.start_date', 'e.end_date', 'e.monthly_wage_fen', 'r.source', 'r.application_id'])
      .where('e.person_id', '=', seekerPerson.id)
      .execute();
    expect(emp).toEqual([{ person_id: seekerPerson.id, enterprise_id: job.enterpriseId, district_code: '500112', start_date: '2026-11-18', end_date: null, monthly_wage_fen: job.input.wageMaxYuan * 100, source: 'application', application_id: applicationId }]);
    expect((await citizen.get('/api/me/job-profile')).json().profile.status).toBe('employed');
    const reg = await t.db.selectFrom('hr_unemployment_registration').select(['ended_on', 'end_reason']).where('person_id', '=', seekerPerson.id).executeTakeFirstOrThrow();
    expect(reg).toEqual({ ended_on: '2026-11-18', end_reason: 'employed' });
    // Out of the pool: no longer offered to any posting.
    expect((await rankSeekersForJob(t.db, job.side, 100)).map((s) => s.personId)).not.toContain(seekerPerson.id);
    expect((await admin.get(`/api/employment/jobs/${job.id}`)).json().job).toMatchObject({ applications: 1, hires: 1 });
  });

  it('refuses to change or withdraw an application that has an outcome', async () => {
    expect((await employer.post(`/api/me/enterprise/applications/${applicationId}/outcome`, { status: 'refused' })).statusCode).toBe(409);
    expect((await employer.post(`/api/me/enterprise/applications/${applicationId}/outcome`, { status: 'interview' })).statusCode).toBe(409);
    expect((await admin.post(`/api/employment/applications/${applicationId}/outcome`, { status: 'hired', startDate: '2026-11-19' })).statusCode).toBe(409);
    expect((await citizen.post(`/api/me/applications/${applicationId}/withdraw`)).statusCode).toBe(409);
  });

  it('lets a resident withdraw and apply again, but not withdraw another’s application', async () => {
    const person = await t.factory.person({ villageCode: VILLAGES.yubei2, name: '王二' });
    const c = await t.demoLogin({ kind: 'citizen', personId: person.id });
    const target = jobs.find((j) => j.open && j.id !== job.id && j.input.districtCode === '500112')!;
    const a = (await c.post('/api/me/applications', { jobId: target.id })).json().application;
    expect(a.score).toBeNull(); // no profile: no score
    expect((await citizen.post(`/api/me/applications/${a.id}/withdraw`)).statusCode).toBe(404);
    const w = await c.post(`/api/me/applications/${a.id}/withdraw`);
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json().application.status).toBe('withdrawn');
    expect((await c.post(`/api/me/applications/${a.id}/withdraw`)).statusCode).toBe(409);
    const employerOfTarget = await t.demoLogin({ kind: 'enterprise', enterpriseId: target.enterpriseId });
    expect((await employerOfTarget.post(`/api/me/enterprise/applications/${a.id}/outcome`, { status: 'interview' })).statusCode).toBe(409);
    const withdrawn = (await employerOfTarget.get(`/api/me/enterprise/jobs/${target.id}/applications`)).json().items;
    expect(withdrawn).toEqual([expect.objectContaining({ id: a.id, status: 'withdrawn', name: '王*', phone: '138****5678' })]);
    const again = await c.post('/api/me/applications', { jobId: target.id });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().application).toMatchObject({ id: a.id, status: 'submitted' });
  });

  it('lets staff refer a seeker of their district, once; not one elsewhere', async () => {
    const target = jobs.find((j) => j.open && j.input.districtCode === '500112' && j.input.occupationCode === '6-20')!;
    const seeker = seekers.find((s) => s.personId !== seekerPerson.id && s.side.township.startsWith('500112'))!;
    const res = await yubei.post('/api/employment/referrals', { jobId: target.id, personId: seeker.personId });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().application).toMatchObject({ kind: 'referral', status: 'submitted', personId: seeker.personId, score: scoreMatch(seeker.side, target.side).score });
    expect((await yubei.post('/api/employment/referrals', { jobId: target.id, personId: seeker.personId })).statusCode).toBe(409);
    const far = seekers.find((s) => s.side.township.startsWith('500101'))!;
    expect((await yubei.post('/api/employment/referrals', { jobId: target.id, personId: far.personId })).statusCode).toBe(404);
  });
});

// --- Recruitment events ------------------------------------------------------------------------

describe('recruitment events (招聘活动)', () => {
  let eventId: number;
  let picked: Posted[];
  const event = (over: Record<string, unknown> = {}) => ({ kind: 'livestream', title: '渝北区直播带岗专场', districtCode: '500112', forGraduates: false, startsOn: '2026-11-25', endsOn: '2026-11-25', venue: '线上直播间', jobIds: picked.map((j) => j.id), ...over });

  beforeAll(() => {
    picked = jobs.filter((j) => j.open && j.input.districtCode === '500112').slice(0, 4);
  });

  it('creates an event in the reader’s district from published postings; the enterprises are the postings’', async () => {
    expect((await yubei.post('/api/employment/events', event({ districtCode: '500101' }))).statusCode).toBe(403);
    const reversed = await yubei.post('/api/employment/events', event({ endsOn: '2026-11-24' }));
    expect(reversed.statusCode).toBe(400);
    expect(paths(reversed)).toEqual(['endsOn']);
    const withBlocked = await yubei.post('/api/employment/events', event({ jobIds: [picked[0]!.id, jobs.at(-1)!.id] }));
    expect(withBlocked.statusCode).toBe(400);
    expect(paths(withBlocked)).toEqual(['jobIds']);

    const res = await yubei.post('/api/employment/events', event({ jobIds: picked.slice(0, 3).map((j) => j.id) }));
    expect(res.statusCode, res.body).toBe(201);
    eventId = res.json().id;
    const detail = await yubei.get(`/api/employment/events/${eventId}`);
    expect(detail.statusCode, detail.body).toBe(200);
    const body = detail.json();
    const firstThree = picked.slice(0, 3);
    const entIds = [...new Set(firstThree.map((j) => j.enterpriseId))];
    expect(body.event).toMatchObject({ kind: 'livestream', districtName: '渝北区', jobs: 3, enterprises: entIds.length, vacancies: firstThree.reduce((a, j) => a + j.input.headcount, 0), applications: 0, hires: 0, visits: 0 });
    expect(body.jobs.map((j: { id: number }) => j.id)).toEqual(firstThree.map((j) => j.id).sort((a, b) => a - b));
    expect(body.enterprises.map((e: { id: number }) => e.id).sort()).toEqual(entIds.sort());
    expect((await wanzhou.get(`/api/employment/events/${eventId}`)).statusCode).toBe(404);
  });

  it('counts applications made through the event, and adds postings and visits', async () => {
    const person = await t.factory.person({ villageCode: VILLAGES.yubei2 });
    const c = await t.demoLogin({ kind: 'citizen', personId: person.id });
    const outside = await c.post('/api/me/applications', { jobId: picked[3]!.id, eventId });
    expect(outside.statusCode).toBe(400);
    expect(paths(outside)).toEqual(['eventId']);
    const res = await c.post('/api/me/applications', { jobId: picked[0]!.id, eventId });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().application.eventId).toBe(eventId);

    expect((await yubei.post(`/api/employment/events/${eventId}/jobs`, { jobIds: [picked[3]!.id, picked[0]!.id] })).json().event).toMatchObject({ jobs: 4, applications: 1 });
    await yubei.post(`/api/employment/events/${eventId}/visits`, { count: 120 });
    expect((await yubei.post(`/api/employment/events/${eventId}/visits`, { count: 35 })).json().event.visits).toBe(155);
    expect((await yubei.post(`/api/employment/events/${eventId}/visits`, { count: 0 })).statusCode).toBe(400);

    const list = (await yubei.get('/api/employment/events?year=2026')).json();
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ id: eventId, jobs: 4, applications: 1, visits: 155, vacancies: picked.reduce((a, j) => a + j.input.headcount, 0) });
    expect(list.totals).toMatchObject({ byKind: { livestream: 1, online: 0, campus: 0 }, vacancies: picked.reduce((a, j) => a + j.input.headcount, 0), hires: 0 });
    expect((await yubei.get('/api/employment/events?year=2026&kind=campus')).json().total).toBe(0);
    expect((await yubei.get('/api/employment/events?year=2025')).json().total).toBe(0);
    expect((await wanzhou.get('/api/employment/events')).json().total).toBe(0);
    expect((await admin.get('/api/employment/events?district=500112')).json().total).toBe(1);
  });
});

// --- Graduates ---------------------------------------------------------------------------------

describe('the graduates ledger and the 100% rule', () => {
  const grads: Record<string, number> = {};
  beforeAll(async () => {
    const add = async (key: string, village: string, extra?: (id: number) => Promise<unknown>) => {
      const p = await t.factory.person({ villageCode: village, birthDate: '2003-09-01', name: `毕业生${key}` });
      await t.db.insertInto('edu_graduate').values({ person_id: p.id, graduation_year: 2026, school: key.startsWith('w') ? '重庆三峡学院' : '重庆大学', level: 'bachelor', major: '机械设计', district_code: village.slice(0, 6), batch_id: t.factory.batchId }).execute();
      if (extra) await extra(p.id);
      grads[key] = p.id;
    };
    const dibao = (id: number) => t.db.insertInto('civil_assistance').values({ person_id: id, household_id: null, kind: 'dibao', start_date: '2025-01-01', end_date: null, monthly_amount_fen: 60_000, district_code: '500112', batch_id: t.factory.batchId }).execute();
    const disabled = (id: number) => t.db.insertInto('disability_certificate').values({ person_id: id, certificate_no: `5001${id}`, category: 'physical', grade: 4, issued_on: '2020-01-01', district_code: '500112', batch_id: t.factory.batchId }).execute();
    await add('plain', VILLAGES.yubei);
    await add('hard1', VILLAGES.yubei, dibao);
    await add('hard2', VILLAGES.yubei2, disabled);
    await add('hard3', VILLAGES.yubei2, dibao);
    await add('working', VILLAGES.yubei, (id) => t.db.insertInto('employment').values({ id: 7_000_001, person_id: id, enterprise_id: ents[0]!.id, district_code: '500112', start_date: '2026-08-01', end_date: null, monthly_wage_fen: 500_000, batch_id: t.factory.batchId }).execute());
    await add('study', VILLAGES.yubei, (id) => t.db.insertInto('edu_student').values({ person_id: id, school_year: 2026, stage: 'higher', school: '重庆大学', district_code: '500106', batch_id: t.factory.batchId }).execute());
    await add('w1', VILLAGES.wanzhou);
    // A graduate of last year: not in this year's ledger.
    const old = await t.factory.person({ villageCode: VILLAGES.yubei });
    await t.db.insertInto('edu_graduate').values({ person_id: old.id, graduation_year: 2025, school: '重庆大学', level: 'bachelor', major: '机械设计', district_code: '500112', batch_id: t.factory.batchId }).execute();
  });

  it('is built by city staff only, from the data: employed and further study found, difficulty from assistance and disability', async () => {
    expect((await yubei.post('/api/employment/graduates/sync', { year: 2026 })).statusCode).toBe(403);
    const res = await admin.post('/api/employment/graduates/sync', { year: 2026 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ added: 7, updated: 0 });
    expect((await admin.post('/api/employment/graduates/sync', { year: 2026 })).json()).toEqual({ added: 0, updated: 0 });
    const s = (await admin.get('/api/employment/graduates/summary?year=2026')).json();
    expect(s).toMatchObject({ year: 2026, total: 7, employed: 1, byStatus: { employed: 1, further_study: 1, internship: 0, preparing: 0, not_employed: 5 }, difficulty: { total: 3, wantsWork: 3, placed: 0, outstanding: 3 } });
    expect(s.byDistrict).toEqual([
      { districtCode: '500101', name: '万州区', total: 1, employed: 0, rate: 0, outstanding: 0 },
      { districtCode: '500112', name: '渝北区', total: 6, employed: 1, rate: 16.7, outstanding: 3 },
    ]);
    const list = (await yubei.get('/api/employment/graduates?year=2026&outstanding=true')).json();
    expect(list.items.map((g: { personId: number }) => g.personId).sort()).toEqual([grads.hard1, grads.hard2, grads.hard3].sort());
    expect(list.items.find((g: { personId: number }) => g.personId === grads.hard1)).toMatchObject({ difficulty: true, difficultyReasons: ['social_assistance'], status: 'not_employed', statusSource: 'data', name: expect.stringMatching(/^毕\*+$/) });
    expect(list.items.find((g: { personId: number }) => g.personId === grads.hard2).difficultyReasons).toEqual(['disability']);
  });

  it('records follow-ups: internship, preparing, and one not wanting work bring the outstanding to zero', async () => {
    const contact = (personId: number, over: Record<string, unknown>) => yubei.post(`/api/employment/graduates/${personId}/contacts`, { year: 2026, wantsWork: true, channel: 'phone', note: '电话回访', effectiveOn: '2026-11-15', ...over });
    const future = await contact(grads.hard1!, { status: 'internship', effectiveOn: '2026-11-21' });
    expect(future.statusCode).toBe(400);
    expect(paths(future)).toEqual(['effectiveOn']);
    expect(paths(await contact(grads.hard1!, { status: 'internship', effectiveOn: '2026-09-31' }))).toEqual(['body.effectiveOn']);
    expect((await contact(grads.hard1!, { status: 'internship' })).statusCode).toBe(200);
    expect((await admin.get('/api/employment/graduates/summary?year=2026')).json().difficulty).toEqual({ total: 3, wantsWork: 3, placed: 1, outstanding: 2 });
    expect((await contact(grads.hard2!, { status: 'preparing', channel: 'visit', note: '参加技能培训' })).json().record).toMatchObject({ status: 'preparing', statusSource: 'staff', lastContactOn: '2026-11-15' });
    expect((await contact(grads.hard3!, { status: 'not_employed', wantsWork: false, note: '暂无就业意愿，准备考研' })).statusCode).toBe(200);
    const s = (await admin.get('/api/employment/graduates/summary?year=2026')).json();
    expect(s.difficulty).toEqual({ total: 3, wantsWork: 2, placed: 2, outstanding: 0 });
    expect(s.byDistrict.find((d: { districtCode: string }) => d.districtCode === '500112').outstanding).toBe(0);
    expect((await yubei.get('/api/employment/graduates?year=2026&outstanding=true')).json().total).toBe(0);
    // Another district cannot record for this graduate.
    expect((await wanzhou.post(`/api/employment/graduates/${grads.hard1}/contacts`, { year: 2026, status: 'employed', wantsWork: true, channel: 'phone', note: '回访', effectiveOn: '2026-11-15' })).statusCode).toBe(404);
    const detail = (await yubei.get(`/api/employment/graduates/${grads.hard1}?year=2026`)).json();
    expect(detail.history.map((h: { status: string; source: string }) => [h.status, h.source])).toEqual([
      ['not_employed', 'data'],
      ['internship', 'staff'],
    ]);
  });

  it('belongs to the district of the graduate’s hukou: listed, opened and followed up there, not where they live', async () => {
    const p = await t.factory.person({ villageCode: VILLAGES.wanzhou, hukouVillageCode: VILLAGES.yubei2, birthDate: '2003-01-05' });
    await t.db.insertInto('edu_graduate').values({ person_id: p.id, graduation_year: 2026, school: '西南大学', level: 'college', major: '会计', district_code: '500109', batch_id: t.factory.batchId }).execute();
    expect((await admin.post('/api/employment/graduates/sync', { year: 2026 })).json()).toEqual({ added: 1, updated: 0 });
    const listed = (await yubei.get('/api/employment/graduates?year=2026&school=西南大学')).json();
    expect(listed.items.map((g: { personId: number; districtCode: string }) => [g.personId, g.districtCode])).toEqual([[p.id, '500112']]);
    expect((await yubei.get(`/api/employment/graduates/${p.id}?year=2026`)).statusCode).toBe(200);
    const contact = { year: 2026, status: 'preparing', wantsWork: true, channel: 'phone', note: '参加公务员考试备考', effectiveOn: '2026-11-12' };
    expect((await yubei.post(`/api/employment/graduates/${p.id}/contacts`, contact)).statusCode).toBe(200);
    expect((await wanzhou.get('/api/employment/graduates?year=2026&school=西南大学')).json().total).toBe(0);
    expect((await wanzhou.get(`/api/employment/graduates/${p.id}?year=2026`)).statusCode).toBe(404);
    expect((await wanzhou.post(`/api/employment/graduates/${p.id}/contacts`, contact)).statusCode).toBe(404);
    // The list filters agree with the records.
    expect((await yubei.get('/api/employment/graduates?year=2026&status=preparing')).json().items.map((g: { personId: number }) => g.personId).sort()).toEqual([grads.hard2!, p.id].sort());
    expect((await yubei.get('/api/employment/graduates?year=2026&difficulty=true')).json().total).toBe(3);
    expect((await admin.get('/api/employment/graduates?year=2026&district=500101')).json().items.map((g: { personId: number }) => g.personId)).toEqual([grads.w1]);
    expect((await admin.get('/api/employment/graduates?year=2025')).json().total).toBe(0);
  });

  it('takes a job that appears in the employment data over a recorded status', async () => {
    await t.db.insertInto('employment').values({ id: 7_000_002, person_id: grads.hard1!, enterprise_id: ents[0]!.id, district_code: '500112', start_date: '2026-11-10', end_date: null, monthly_wage_fen: 450_000, batch_id: t.factory.batchId }).execute();
    expect((await admin.post('/api/employment/graduates/sync', { year: 2026 })).json()).toEqual({ added: 0, updated: 1 });
    const s = (await admin.get('/api/employment/graduates/summary?year=2026')).json();
    expect(s).toMatchObject({ employed: 2, difficulty: { placed: 2, outstanding: 0 } });
  });
});

// --- Zero-employment households ----------------------------------------------------------------

describe('zero-employment households (零就业家庭)', () => {
  const JIEFANGBEI_T = VILLAGES.jiefangbei.slice(0, 9);
  let ours: { household: number; head: number; spouse: number; child: number };
  let elsewhere: number; // 七星岗, the same district but another township
  let employer: { id: number; creditCode: string };
  const zeroOf = async (householdId: number) => t.db.selectFrom('zero_employment_household').select(['id', 'status', 'cleared_on', 'cleared_person_id']).where('household_id', '=', householdId).executeTakeFirstOrThrow();

  async function family(village: string) {
    const h = await t.factory.household(village);
    const head = await t.factory.person({ villageCode: village, householdId: h.id, relation: 'head', birthDate: '1978-04-02', sex: 'M', name: '张大山' });
    const spouse = await t.factory.person({ villageCode: village, householdId: h.id, relation: 'spouse', birthDate: '1980-08-12', sex: 'F' });
    const child = await t.factory.person({ villageCode: village, householdId: h.id, relation: 'child', birthDate: '2014-02-01' });
    await t.db.insertInto('hr_unemployment_registration').values({ person_id: spouse.id, registered_on: '2026-03-01', ended_on: null, end_reason: null, district_code: village.slice(0, 6), batch_id: t.factory.batchId }).execute();
    return { household: h.id, head: head.id, spouse: spouse.id, child: child.id };
  }

  beforeAll(async () => {
    ours = await family(VILLAGES.jiefangbei);
    elsewhere = (await family(VILLAGES.qixinggang)).household;
    await family(VILLAGES.wanzhou);
    employer = await t.factory.enterprise({ townshipCode: JIEFANGBEI_T, name: '重庆渝中某商贸有限公司' });
    // The rules engine recognises them (and the persons in difficulty) from a snapshot of today.
    await syncPolicyPack(t.dbh.db, POLICY_DIR);
    const snap = await buildSnapshot(t.dbh.db, { asOf: TODAY, actorId: null });
    const runId = await createRun(t.dbh.db, { snapshotId: snap.id, actorId: null, policyIds: ['zero-employment-household', 'employment-difficulty-recognition'] });
    await executeRun(t.dbh.db, runId);
  }, 120_000);

  it('opens the households the rules engine recognised; detection is for district or city staff', async () => {
    expect((await jiefangbei.post('/api/employment/households/detect')).statusCode).toBe(403);
    const res = await admin.post('/api/employment/households/detect');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ opened: 3, cleared: 0 });
    expect((await admin.post('/api/employment/households/detect')).json()).toEqual({ opened: 0, cleared: 0 });
    expect((await admin.get('/api/employment/households/summary')).json()).toMatchObject({ open: 3, clearedThisYear: 0 });
  });

  it('shows a township worker only their township’s households, and hides the others', async () => {
    const res = await jiefangbei.get('/api/employment/households');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ total: 1, outstanding: 1 });
    expect(body.items).toEqual([expect.objectContaining({ householdId: ours.household, headName: '张**', members: 3, workingAge: 2, status: 'open', townshipName: '解放碑街道', assignedTo: null })]);
    const other = await zeroOf(elsewhere);
    expect((await jiefangbei.get(`/api/employment/households/${other.id}`)).statusCode).toBe(404);
    expect((await jiefangbei.get(`/api/employment/households?township=500103001`)).json().total).toBe(0);
    expect((await admin.get('/api/employment/households?district=500103')).json().total).toBe(2);
    expect((await admin.get('/api/employment/households?township=500103001')).json().items.map((h: { householdId: number }) => h.householdId)).toEqual([elsewhere]);
    expect((await admin.get('/api/employment/households?status=cleared')).json().total).toBe(0);
    const mine = await zeroOf(ours.household);
    expect((await yubei.get(`/api/employment/households/${mine.id}`)).statusCode).toBe(404);
    expect((await wanzhou.post(`/api/employment/households/${mine.id}/clear`, { personId: ours.head, creditCode: employer.creditCode, startDate: '2026-11-16', wageYuan: 4200 })).statusCode).toBe(404);
    const detail = (await jiefangbei.get(`/api/employment/households/${mine.id}`)).json();
    expect(detail.members.map((m: { personId: number; workingAge: boolean; registeredUnemployed: boolean }) => [m.personId, m.workingAge, m.registeredUnemployed])).toEqual([
      [ours.head, true, false],
      [ours.spouse, true, true],
      [ours.child, false, false],
    ]);
  });

  it('opens an assistance plan for the registered-unemployed member, reasons from the data', async () => {
    const res = await admin.post('/api/employment/assistance/identify');
    expect(res.statusCode, res.body).toBe(200);
    // The three registered-unemployed spouses, and two graduates of the ledger above on dibao or
    // with a disability who are out of work; the one who found a job is not opened.
    expect(res.json()).toEqual({ opened: 5, alreadyOpen: 0 });
    expect((await admin.post('/api/employment/assistance/identify')).json()).toEqual({ opened: 0, alreadyOpen: 5 });
    const events = await t.db.selectFrom('employment_event').select(['action', 'details']).where('entity_type', '=', 'assistance_plan').execute();
    expect(events).toHaveLength(5);
    expect(events[0]).toEqual({ action: 'identified', details: { source: 'employment-difficulty-recognition' } });
    const list = (await jiefangbei.get('/api/employment/assistance')).json();
    expect(list.items).toEqual([expect.objectContaining({ personId: ours.spouse, status: 'open', reasons: expect.arrayContaining(['zero_employment_household']), townshipName: '解放碑街道' })]);
    expect((await admin.get('/api/employment/assistance?reason=zero_employment_household')).json().total).toBe(3);
    expect((await admin.get('/api/employment/assistance?reason=dibao&district=500112')).json().total).toBe(1);
    expect((await admin.get('/api/employment/assistance?reason=disability&township=500112002')).json().total).toBe(1);
    expect((await yubei.get('/api/employment/assistance?reason=zero_employment_household')).json().total).toBe(0);
    const summary = (await admin.get('/api/employment/assistance/summary')).json();
    expect(summary).toMatchObject({ open: 5, employed: 0, closed: 0, byReason: { zero_employment_household: 3, dibao: 1, disability: 1, lifted_from_poverty: 0 } });
  });

  it('lets the township worker clear the household by registering a working-age member’s job', async () => {
    const mine = await zeroOf(ours.household);
    const clear = (body: Record<string, unknown>) => jiefangbei.post(`/api/employment/households/${mine.id}/clear`, { personId: ours.head, creditCode: employer.creditCode, startDate: '2026-11-16', wageYuan: 4200, ...body });
    expect((await clear({ personId: ours.child })).statusCode).toBe(409);
    const stranger = await t.factory.person({ villageCode: VILLAGES.jiefangbei });
    expect((await clear({ personId: stranger.id })).statusCode).toBe(409);
    const noEmployer = await clear({ creditCode: '91500000MA5U000000' });
    expect(noEmployer.statusCode).toBe(400);
    expect(paths(noEmployer)).toEqual(['creditCode']);
    expect(paths(await clear({ startDate: '2026-11-21' }))).toEqual(['startDate']);
    expect(paths(await clear({ startDate: '2026-06-31' }))).toEqual(['body.startDate']);
    expect(await zeroOf(ours.household)).toMatchObject({ status: 'open' });

    const res = await clear({ note: '社区推荐到商贸公司做仓管' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().household).toEqual({ id: mine.id, status: 'cleared', clearedOn: '2026-11-16', clearedPersonId: ours.head });
    const emp = await t.db.selectFrom('employment').select(['enterprise_id', 'start_date', 'monthly_wage_fen', 'district_code']).where('person_id', '=', ours.head).execute();
    expect(emp).toEqual([{ enterprise_id: employer.id, start_date: '2026-11-16', monthly_wage_fen: 420_000, district_code: '500103' }]);
    expect((await clear({})).statusCode).toBe(409);

    const list = (await jiefangbei.get('/api/employment/households')).json();
    expect(list).toMatchObject({ total: 1, outstanding: 0 });
    expect(list.items[0]).toMatchObject({ status: 'cleared', clearedOn: '2026-11-16' });
    expect((await jiefangbei.get('/api/employment/households?status=open')).json().total).toBe(0);
    expect((await admin.get('/api/employment/households/summary')).json()).toMatchObject({ open: 2, clearedThisYear: 1 });
    const detail = (await jiefangbei.get(`/api/employment/households/${mine.id}`)).json();
    expect(detail.household).toMatchObject({ status: 'cleared', clearNote: '社区推荐到商贸公司做仓管', clearedPersonId: ours.head });
    expect(detail.members.find((m: { personId: number }) => m.personId === ours.head).employed).toBe(true);
    expect(detail.history.map((h: { action: string }) => h.action)).toEqual(['detected', 'cleared']);
    // A second detection does not open it again while the head is in work.
    expect((await admin.post('/api/employment/households/detect')).json()).toEqual({ opened: 0, cleared: 0 });
  });

  it('assigns a household only to staff of its township or above', async () => {
    const other = await zeroOf(elsewhere);
    const staff = (await admin.get('/api/employment/staff?township=500103003')).json().items as { id: number; orgCode: string }[];
    const worker = staff.find((s) => s.orgCode === '500103003')!;
    expect(worker).toBeDefined();
    const wrong = await admin.post(`/api/employment/households/${other.id}/assign`, { userId: worker.id });
    expect(wrong.statusCode).toBe(400);
    expect(paths(wrong)).toEqual(['userId']);
    const mine = await zeroOf(ours.household);
    expect((await admin.post(`/api/employment/households/${mine.id}/assign`, { userId: worker.id })).statusCode).toBe(200);
    expect((await jiefangbei.get('/api/employment/households')).json().items[0].assignedTo).toEqual({ id: worker.id, name: '渝中区解放碑街道 刘专干' });
  });
});

// --- Assistance plans --------------------------------------------------------------------------

describe('assistance plans (一人一策)', () => {
  const planOf = async (c: Client, personId: number) => ((await c.get('/api/employment/assistance?pageSize=100')).json().items as { id: number; personId: number }[]).find((x) => x.personId === personId)!;

  it('plans services and records their outcomes; closing as employed needs a job in the data', async () => {
    const spouse = (await t.db.selectFrom('assistance_plan as a').innerJoin('person as p', 'p.id', 'a.person_id').select(['a.id', 'a.person_id']).where('p.village_code', '=', VILLAGES.jiefangbei).executeTakeFirstOrThrow());
    const plan = await planOf(jiefangbei, Number(spouse.person_id));
    expect(plan.id).toBe(Number(spouse.id));
    expect((await yubei.get(`/api/employment/assistance/${plan.id}`)).statusCode).toBe(404);
    const svc = await jiefangbei.post(`/api/employment/assistance/${plan.id}/services`, { kind: 'guidance', plannedOn: '2026-11-25', note: '上门职业指导' });
    expect(svc.statusCode, svc.body).toBe(201);
    const noJob = await jiefangbei.post(`/api/employment/assistance/${plan.id}/services`, { kind: 'referral', plannedOn: '2026-11-25' });
    expect(paths(noJob)).toEqual(['jobId']);
    const outcome = (body: Record<string, unknown>) => jiefangbei.post(`/api/employment/assistance/${plan.id}/services/${svc.json().id}/outcome`, { outcome: 'done', doneOn: '2026-11-19', ...body });
    expect(paths(await outcome({ doneOn: '2026-11-21' }))).toEqual(['doneOn']);
    expect(paths(await outcome({ doneOn: '2026-04-31' }))).toEqual(['body.doneOn']);
    expect(paths(await jiefangbei.post(`/api/employment/assistance/${plan.id}/services`, { kind: 'guidance', plannedOn: '2026-02-29' }))).toEqual(['body.plannedOn']);
    expect((await outcome({})).statusCode).toBe(200);
    expect((await outcome({})).statusCode).toBe(409);
    const listed = (await jiefangbei.get('/api/employment/assistance')).json().items[0];
    expect(listed).toMatchObject({ services: 1, servicesDone: 1, nextPlannedOn: null, name: expect.stringMatching(/^.\*+$/) });

    expect((await jiefangbei.post(`/api/employment/assistance/${plan.id}/close`, { reason: 'employed', note: '已就业' })).statusCode).toBe(409);
    expect((await jiefangbei.post(`/api/employment/assistance/${plan.id}/close`, { reason: 'moved', note: '随子女迁往外省' })).statusCode).toBe(200);
    expect((await jiefangbei.post(`/api/employment/assistance/${plan.id}/services`, { kind: 'guidance', plannedOn: '2026-11-26' })).statusCode).toBe(409);
    expect((await jiefangbei.get('/api/employment/assistance?status=closed')).json().total).toBe(1);
  });

  it('refers a person to a job; the hire closes the plan as employed', async () => {
    const grad = await t.db.selectFrom('assistance_plan as a').innerJoin('person as p', 'p.id', 'a.person_id').select(['a.id', 'a.person_id']).where('p.district_code', '=', '500112').where('a.status', '=', 'open').orderBy('a.id').executeTakeFirstOrThrow();
    const job = jobs.find((j) => j.open && j.input.districtCode === '500112' && j.input.occupationCode === '6-22')!;
    const svc = await yubei.post(`/api/employment/assistance/${grad.id}/services`, { kind: 'referral', plannedOn: '2026-11-20', jobId: job.id });
    expect(svc.statusCode, svc.body).toBe(201);
    const app = await t.db.selectFrom('job_application').select(['id', 'kind', 'status']).where('person_id', '=', Number(grad.person_id)).where('job_id', '=', job.id).executeTakeFirstOrThrow();
    expect(app).toMatchObject({ kind: 'referral', status: 'submitted' });
    const before = (await yubei.get('/api/employment/assistance/summary')).json();
    const hired = await yubei.post(`/api/employment/applications/${app.id}/outcome`, { status: 'hired', startDate: '2026-11-19' });
    expect(hired.statusCode, hired.body).toBe(200);
    const after = (await yubei.get('/api/employment/assistance/summary')).json();
    expect(after).toMatchObject({ open: before.open - 1, employed: before.employed + 1 });
    expect(after.byDistrict).toEqual([expect.objectContaining({ districtCode: '500112', open: before.open - 1, employed: before.employed + 1 })]);
    const detail = (await yubei.get(`/api/employment/assistance/${grad.id}`)).json();
    expect(detail.plan).toMatchObject({ status: 'employed', closedReason: 'employed', closedOn: '2026-11-19' });
    expect(detail.services).toEqual([expect.objectContaining({ kind: 'referral', jobId: job.id, jobTitle: job.input.title })]);
  });

  it('does not reopen, at the next identification, a plan closed because the person moved, nor one of a person now in work', async () => {
    // Of the five recognised: one moved away, one was hired; the other three still have their plans.
    expect((await admin.post('/api/employment/assistance/identify')).json()).toEqual({ opened: 0, alreadyOpen: 3 });
    expect((await admin.get('/api/employment/assistance/summary')).json()).toMatchObject({ open: 3, employed: 1, closed: 1 });
    expect((await jiefangbei.get('/api/employment/assistance?status=open')).json().total).toBe(0);
  });
});

// --- Indicators --------------------------------------------------------------------------------

describe('job indicators without double counting', () => {
  const valueOf = async (query: string, district: string) => (await runComputed(t.db, query, { year: 2026, through: 11 })).find((r) => r.unit === district && r.month === 11)!.value;

  it('counts a person with two new jobs in a year once', async () => {
    const w1 = await t.factory.enterprise({ townshipCode: '500101001', name: '重庆万州某物流有限公司' });
    const w2 = await t.factory.enterprise({ townshipCode: '500101001', name: '重庆万州某食品有限公司' });
    const base = await valueOf('new_urban_jobs', '500101');
    const person = await t.factory.person({ villageCode: VILLAGES.wanzhou });
    // A seasonal job in spring (HR data) ...
    await t.db.insertInto('employment').values({ id: 7_100_001, person_id: person.id, enterprise_id: w1.id, district_code: '500101', start_date: '2026-02-01', end_date: '2026-04-30', monthly_wage_fen: 400_000, batch_id: t.factory.batchId }).execute();
    expect(await valueOf('new_urban_jobs', '500101')).toBe(base! + 1);
    // ... and a new one in the autumn through the platform, after more than 180 days without work.
    const job = await postJob(wanzhou, w2.id, { districtCode: '500101', townshipCode: null, occupationCode: '6-02', title: '食品包装工', skills: [] });
    const c = await t.demoLogin({ kind: 'citizen', personId: person.id });
    const app = (await c.post('/api/me/applications', { jobId: job.id })).json().application;
    const hired = await wanzhou.post(`/api/employment/applications/${app.id}/outcome`, { status: 'hired', startDate: '2026-11-10' });
    expect(hired.statusCode, hired.body).toBe(200);
    expect(await t.db.selectFrom('employment').select('id').where('person_id', '=', person.id).execute()).toHaveLength(2);
    expect(await valueOf('new_urban_jobs', '500101')).toBe(base! + 1);
    // The overview reads the same registrations.
    expect((await wanzhou.get('/api/employment/overview')).json().registrations.newJobs).toBe(base! + 1);
  });

  it('counts the headcount of each published posting once; blocked postings never', async () => {
    const ent = await t.factory.enterprise({ townshipCode: '500105001', name: '重庆江北某汽车配件有限公司' });
    const district = '500105';
    const before = await valueOf('job_vacancies', district);
    const on = { districtCode: district, townshipCode: null };
    const a = await postJob(admin, ent.id, { ...on, headcount: 5 });
    await postJob(admin, ent.id, { ...on, headcount: 7, description: '招聘装配工，限男性，两班倒。' });
    const edited = await postJob(admin, ent.id, { ...on, headcount: 3 });
    const closed = await postJob(admin, ent.id, { ...on, headcount: 2 });
    expect(a.status).toBe('published');
    // Edited twice and closed: still offered once.
    const employer = await t.demoLogin({ kind: 'enterprise', enterpriseId: ent.id });
    for (const title of ['装配工（白班）', '装配工（夜班）']) expect((await employer.put(`/api/me/enterprise/jobs/${edited.id}`, posting({ ...on, headcount: 3, title }))).statusCode).toBe(200);
    expect((await employer.post(`/api/me/enterprise/jobs/${closed.id}/close`)).statusCode).toBe(200);
    expect(await valueOf('job_vacancies', district)).toBe(before! + 5 + 3 + 2);
    // A published posting edited into a blocked one was offered all the same; fixed, it is not counted again.
    const blockedLater = await postJob(admin, ent.id, { ...on, headcount: 4 });
    expect(await valueOf('job_vacancies', district)).toBe(before! + 5 + 3 + 2 + 4);
    const toBlocked = await employer.put(`/api/me/enterprise/jobs/${blockedLater.id}`, posting({ ...on, headcount: 4, description: '招聘装配工，限男性，两班倒。' }));
    expect(toBlocked.json().job.status).toBe('blocked');
    expect(await valueOf('job_vacancies', district)).toBe(before! + 5 + 3 + 2 + 4);
    expect((await employer.put(`/api/me/enterprise/jobs/${blockedLater.id}`, posting({ ...on, headcount: 4 }))).json().job.status).toBe('published');
    expect(await valueOf('job_vacancies', district)).toBe(before! + 5 + 3 + 2 + 4);
  });

  it('shows a district the overview of its own postings, applications, households, plans and graduates', async () => {
    const ours = jobs.filter((j) => j.open && j.input.districtCode === '500101');
    const res = await wanzhou.get('/api/employment/overview');
    expect(res.statusCode, res.body).toBe(200);
    const o = res.json();
    // Its five postings from the matching fixture and the one the hire above went through.
    expect(o.jobs).toEqual({ published: ours.length + 1, vacancies: ours.reduce((a, j) => a + j.input.headcount, 0) + 3, blocked: 0 });
    expect(o.applications).toEqual({ total: 1, hired: 1 });
    expect(o.households).toEqual({ open: 1, clearedThisYear: 0 });
    expect(o.assistance).toEqual({ open: 1 });
    expect(o.graduates).toEqual({ year: 2026, total: 1, rate: 0 });
    expect(o.events).toMatchObject({ year: 2026, count: 0 });
  });
});

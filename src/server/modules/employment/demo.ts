// Demo employment services: a year of job postings, recruitment events, applications and hires from
// 1 January to today, scaled to the seeded population, then the graduates ledger, assistance plans,
// zero-employment households, service points and the early-warning run. Every posting, application,
// hire, event and contact goes through the module's own services with the day it happened, so
// screening, validation and the knock-on effects of a hire (registration, ledgers) are the real ones.
//
// Before the first policy run, `prepareDemoLabourMarket` writes what the HR data of the last months
// would show: a few enterprises lay people off or stop paying contributions, and one household in
// 解放碑街道 (the demo township worker's) loses its only jobs, so that the rules engine, the early
// warning and the household ledger have something true to find. Deterministic for a given registry
// and clock (a seeded PRNG).
import { sql } from 'kysely';
import type { Db, DbOrTx } from '../../db/index.js';
import type { Education } from '../../db/schema.js';
import { shanghaiDate, type Clock } from '../../platform/clock.js';
import { Random } from '../citygen/index.js';
import { createApplication, setOutcome } from './applications.js';
import { addService, clearHousehold, detectHouseholds, identifyDifficulty, recordServiceOutcome } from './assistance.js';
import { createEvent } from './events.js';
import { recordContact, syncGraduates } from './graduates.js';
import { closeJob, createJob, updateJob, type JobInput } from './jobs.js';
import { EDUCATION_RANK, majorOf } from './matching.js';
import { isMiddleGroup, neighbours } from './reference.js';
import { hasBlocking, screenPosting } from './screening.js';
import { upsertSeeker } from './seekers.js';
import { runMonthlyWarnings } from './warnings.js';

const DEMO_SEED = 20260315;
const DEFAULT_PERSONS = 200_000;
const JIEFANGBEI = '500103003';
const DEMO_DISTRICTS = ['500112', '500101'];
const DAY_MS = 86_400_000;

type Template = { title: string; occ: string; edu: Education; wage: [number, number]; skills: string[]; graduates: boolean; duty: string; hours: number; schedule: JobInput['schedule'] };
/** Jobs a Chongqing employer posts, each in its middle group of the 2022 occupation catalogue. */
const TEMPLATES: readonly Template[] = [
  { title: '软件开发工程师', occ: '4-04', edu: 'bachelor', wage: [8000, 15000], skills: ['Java', 'SQL', 'Linux'], graduates: true, duty: '参与业务系统的设计、编码和测试', hours: 40, schedule: 'standard' },
  { title: '运维工程师', occ: '4-04', edu: 'college', wage: [6000, 10000], skills: ['Linux', '网络'], graduates: true, duty: '负责服务器和网络的日常运维与故障处理', hours: 40, schedule: 'shifts' },
  { title: '数据标注员', occ: '4-04', edu: 'senior', wage: [3800, 5500], skills: ['Excel'], graduates: true, duty: '按规范完成图像和文本数据的标注与质检', hours: 40, schedule: 'standard' },
  { title: '机械工程师', occ: '2-02', edu: 'bachelor', wage: [7000, 12000], skills: ['CAD', '机械设计'], graduates: true, duty: '负责产品结构设计、图纸绘制和工艺改进', hours: 40, schedule: 'standard' },
  { title: '会计', occ: '2-06', edu: 'college', wage: [4500, 7000], skills: ['会计', 'Excel'], graduates: true, duty: '负责账务处理、纳税申报和财务报表编制', hours: 40, schedule: 'standard' },
  { title: '护士', occ: '2-05', edu: 'college', wage: [4500, 8000], skills: ['护士执业资格'], graduates: true, duty: '负责病区护理、健康宣教和护理文书', hours: 40, schedule: 'shifts' },
  { title: '小学教师', occ: '2-08', edu: 'bachelor', wage: [5000, 8000], skills: ['教师资格'], graduates: true, duty: '承担语文或数学学科教学和班级管理', hours: 40, schedule: 'standard' },
  { title: '农业技术员', occ: '2-03', edu: 'college', wage: [4500, 6500], skills: ['种植', '农机'], graduates: true, duty: '负责柑橘基地的栽培技术指导和病虫害防治', hours: 40, schedule: 'flexible' },
  { title: '行政专员', occ: '3-01', edu: 'college', wage: [4000, 6000], skills: ['Office', '公文写作'], graduates: true, duty: '负责公文流转、会务安排和办公用品管理', hours: 40, schedule: 'standard' },
  { title: '保安员', occ: '3-02', edu: 'junior', wage: [3200, 4500], skills: ['保安员证'], graduates: false, duty: '负责园区门岗值守、巡逻和来访登记', hours: 44, schedule: 'shifts' },
  { title: '门店销售', occ: '4-01', edu: 'senior', wage: [3500, 8000], skills: ['销售', '收银'], graduates: true, duty: '负责门店商品销售、陈列和会员服务', hours: 44, schedule: 'shifts' },
  { title: '快递员', occ: '4-02', edu: 'junior', wage: [5000, 9000], skills: ['驾驶', '配送'], graduates: false, duty: '负责片区快件的揽收和派送', hours: 44, schedule: 'flexible' },
  { title: '仓库管理员', occ: '4-02', edu: 'senior', wage: [4000, 5500], skills: ['仓储', '叉车'], graduates: false, duty: '负责货物出入库、盘点和台账管理', hours: 40, schedule: 'standard' },
  { title: '厨师', occ: '4-03', edu: 'junior', wage: [4500, 7000], skills: ['中式烹调', '食品安全'], graduates: false, duty: '负责川菜和火锅菜品的制作', hours: 44, schedule: 'shifts' },
  { title: '餐厅服务员', occ: '4-03', edu: 'junior', wage: [3300, 4500], skills: [], graduates: false, duty: '负责点餐、传菜和餐区清洁', hours: 44, schedule: 'shifts' },
  { title: '客服专员', occ: '4-07', edu: 'senior', wage: [3800, 5500], skills: ['普通话', '沟通'], graduates: true, duty: '负责电话和在线咨询的接待与回访', hours: 40, schedule: 'shifts' },
  { title: '家政服务员', occ: '4-10', edu: 'junior', wage: [4000, 6500], skills: ['家政', '育婴'], graduates: false, duty: '提供家庭保洁、做饭和照护服务', hours: 40, schedule: 'flexible' },
  { title: '养老护理员', occ: '4-10', edu: 'junior', wage: [4000, 5500], skills: ['养老护理'], graduates: false, duty: '为机构老人提供生活照料和基础护理', hours: 40, schedule: 'shifts' },
  { title: '健身教练', occ: '4-14', edu: 'senior', wage: [4000, 9000], skills: ['健身'], graduates: true, duty: '负责会员体能评估和私教课程', hours: 40, schedule: 'flexible' },
  { title: '汽车装配工', occ: '6-22', edu: 'senior', wage: [5000, 7500], skills: ['装配', '质检'], graduates: false, duty: '在整车生产线完成零部件装配和自检', hours: 40, schedule: 'shifts' },
  { title: '电子装配工', occ: '6-25', edu: 'senior', wage: [4500, 6500], skills: ['焊接', '装配'], graduates: false, duty: '负责笔记本电脑主板的插件、焊接和测试', hours: 40, schedule: 'shifts' },
  { title: '建筑施工员', occ: '6-29', edu: 'vocational', wage: [5500, 9000], skills: ['施工', '识图'], graduates: true, duty: '负责施工现场的进度、质量和安全管理', hours: 44, schedule: 'standard' },
  { title: '叉车司机', occ: '6-30', edu: 'junior', wage: [5000, 7000], skills: ['叉车'], graduates: false, duty: '负责厂区物料的叉车搬运', hours: 44, schedule: 'shifts' },
  { title: '维修电工', occ: '6-31', edu: 'vocational', wage: [5500, 8000], skills: ['电工证'], graduates: false, duty: '负责车间设备和线路的维护检修', hours: 40, schedule: 'shifts' },
];
for (const t of TEMPLATES) if (!isMiddleGroup(t.occ)) throw new Error(`demo job template ${t.title}: ${t.occ} is not a middle group`);

/** Requirements that screening stops or warns about, as enterprises still write them. */
const RESTRICTED = ['限男性，能吃苦耐劳。', '年龄35岁以下。', '已婚已育者优先。', '仅限本地户籍。', '乙肝携带者勿扰。', '限女性，形象气质佳。'];
const EDU_ZH: Record<Education, string> = { none: '不限', primary: '小学', junior: '初中', senior: '高中', vocational: '中专', college: '大专', bachelor: '本科', master: '硕士', doctor: '博士' };
/** Relative volume of postings by month, January first: 春风行动 after the Spring Festival, graduation in June–July. */
const SEASON = [0.7, 1.3, 1.5, 1.1, 1.0, 1.1, 1.2, 0.9, 1.0, 0.9, 0.9, 0.8];

const at = (day: string, hour = 10) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const monthEnd = (ym: string) => addDays(`${addMonth(ym, 1)}-01`, -1);
function addMonth(ym: string, n: number): string {
  const [y, m] = ym.split('-').map(Number) as [number, number];
  const t = y * 12 + (m - 1) + n;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
}
const min = (a: string, b: string) => (a < b ? a : b);

async function scaleOf(db: DbOrTx): Promise<number> {
  const persons = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM person`.execute(db)).rows[0]!.n);
  return Math.min(2.5, persons / DEFAULT_PERSONS);
}

async function demoBatch(db: DbOrTx, feed: string, name: string): Promise<number> {
  const r = await db
    .insertInto('import_batch')
    .values({ feed, department_code: 'hrss', file_name: name, file_sha256: '-', encoding: 'utf-8', mode: 'seed', status: 'loaded', created_by: null, finished_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

/**
 * The HR data of the last months: layoffs at the largest employers (two in the demo officers'
 * districts), three months of decline at two, arrears at two, and a household in 解放碑 whose
 * members lost their jobs. Runs once, on a fresh demo registry, before the first policy run.
 */
export async function prepareDemoLabourMarket(db: Db, clock: Clock, log: (line: string) => void = () => {}): Promise<void> {
  const today = shanghaiDate(clock.now());
  const lastFull = addMonth(today.slice(0, 7), -1);
  const s = await scaleOf(db);
  await db.transaction().execute(async (trx) => {
    const batch = await demoBatch(trx, 'unemployment', `demo unemployment registrations ${lastFull}`);
    const sizes = await sql<{ enterprise_id: number; district_code: string; n: number }>`
      SELECT e.enterprise_id, en.district_code, count(*)::int AS n FROM employment e JOIN enterprise en ON en.id = e.enterprise_id
      WHERE e.end_date IS NULL AND e.start_date < ${`${addMonth(lastFull, -4)}-01`} GROUP BY 1, 2 HAVING count(*) >= 8 ORDER BY n DESC, enterprise_id`.execute(trx);
    const pool = sizes.rows.map((r) => ({ id: Number(r.enterprise_id), district: r.district_code, n: r.n }));
    const taken = new Set<number>();
    const take = (prefer: string[] = []) => {
      const e = pool.find((p) => !taken.has(p.id) && prefer.includes(p.district)) ?? pool.find((p) => !taken.has(p.id));
      if (e) taken.add(e.id);
      return e;
    };
    const staffOf = async (enterpriseId: number, k: number) =>
      (
        await sql<{ id: number; person_id: number }>`SELECT id, person_id FROM employment WHERE enterprise_id = ${enterpriseId} AND end_date IS NULL
          AND start_date < ${`${addMonth(lastFull, -4)}-01`} ORDER BY id LIMIT ${k}`.execute(trx)
      ).rows.map((r) => ({ id: Number(r.id), personId: Number(r.person_id) }));
    /** Ends the jobs on a day, removes the contributions after it, and registers the working-age as unemployed. */
    const endJobs = async (jobs: { id: number; personId: number }[], lastDay: string) => {
      if (!jobs.length) return;
      const ids = jobs.map((j) => j.id);
      await trx.updateTable('employment').set({ end_date: lastDay }).where('id', 'in', ids).execute();
      await trx.deleteFrom('contribution').where('employment_id', 'in', ids).where('month', '>', lastDay).execute();
      await sql`INSERT INTO hr_unemployment_registration (person_id, registered_on, ended_on, end_reason, district_code, batch_id)
        SELECT p.id, ${lastDay}::date + 5 + (p.id % 10)::int, NULL, NULL, p.district_code, ${batch}::bigint FROM person p
        WHERE p.id IN (${sql.join(jobs.map((j) => j.personId))})
          AND extract(year FROM age(${today}::date, p.birth_date)) BETWEEN 16 AND CASE WHEN p.sex = 'M' THEN 59 ELSE 54 END
          AND NOT EXISTS (SELECT 1 FROM hr_unemployment_registration u WHERE u.person_id = p.id AND u.ended_on IS NULL)
          AND NOT EXISTS (SELECT 1 FROM employment o WHERE o.person_id = p.id AND o.end_date IS NULL AND o.id NOT IN (${sql.join(ids)}))`.execute(trx);
    };
    const layoffs = Math.max(3, Math.min(10, Math.round(6 * s)));
    const said: string[] = [];
    for (let i = 0; i < layoffs; i++) {
      const e = take(i < DEMO_DISTRICTS.length ? [DEMO_DISTRICTS[i]!] : []);
      if (!e) break;
      // Art. 41: 20 or more, or 10% or more; the demo's smaller employers cut 15%.
      const k = e.n >= 60 ? Math.max(20, Math.ceil(e.n * 0.12)) : Math.max(3, Math.ceil(e.n * 0.15));
      await endJobs(await staffOf(e.id, k), monthEnd(addMonth(lastFull, -1)));
      said.push(`layoff ${k}/${e.n} at ${e.id}`);
    }
    for (let i = 0; i < 2; i++) {
      const e = take();
      if (!e) break;
      // A steady fall of about 3% a month for three months: no single month reaches the layoff threshold.
      const per = Math.max(1, Math.floor(e.n * 0.03));
      const staff = await staffOf(e.id, per * 3);
      for (let m = 0; m < 3; m++) await endJobs(staff.slice(m * per, (m + 1) * per), monthEnd(addMonth(lastFull, m - 3)));
      said.push(`decline ${per}×3/${e.n} at ${e.id}`);
    }
    for (let i = 0; i < 2; i++) {
      const e = take();
      if (!e) break;
      // Arrears: the last three months of contributions unpaid for some of the staff, who still work there.
      const k = Math.max(3, Math.ceil(e.n * 0.2));
      const staff = await staffOf(e.id, k);
      await trx.deleteFrom('contribution').where('employment_id', 'in', staff.map((x) => x.id)).where('month', '>=', `${addMonth(lastFull, -2)}-01`).execute();
      said.push(`arrears ${k}/${e.n} at ${e.id}`);
    }
    // 解放碑: a household whose working members lose their jobs in the last full month.
    const hh = await sql<{ household_id: number }>`SELECT p.household_id FROM person p
      WHERE p.township_code = ${JIEFANGBEI} AND p.household_id IS NOT NULL
        AND extract(year FROM age(${today}::date, p.birth_date)) BETWEEN 20 AND 50
        AND NOT EXISTS (SELECT 1 FROM edu_student st WHERE st.person_id = p.id)
      ORDER BY p.household_id LIMIT 1`.execute(trx);
    const household = hh.rows[0] ? Number(hh.rows[0].household_id) : null;
    if (household !== null) {
      const jobs = await sql<{ id: number; person_id: number }>`SELECT e.id, e.person_id FROM employment e JOIN person p ON p.id = e.person_id
        WHERE p.household_id = ${household} AND (e.end_date IS NULL OR e.end_date >= ${`${lastFull}-01`})`.execute(trx);
      await endJobs(jobs.rows.map((r) => ({ id: Number(r.id), personId: Number(r.person_id) })), `${lastFull}-05`);
      // Someone who had no job to lose still registers, to show the household wants work.
      await sql`INSERT INTO hr_unemployment_registration (person_id, registered_on, ended_on, end_reason, district_code, batch_id)
        SELECT p.id, ${`${lastFull}-12`}::date, NULL, NULL, p.district_code, ${batch}::bigint FROM person p
        WHERE p.household_id = ${household}
          AND extract(year FROM age(${today}::date, p.birth_date)) BETWEEN 16 AND CASE WHEN p.sex = 'M' THEN 59 ELSE 54 END
          AND NOT EXISTS (SELECT 1 FROM edu_student st WHERE st.person_id = p.id)
          AND NOT EXISTS (SELECT 1 FROM hr_unemployment_registration u WHERE u.person_id = p.id AND u.ended_on IS NULL)`.execute(trx);
      said.push(`household ${household} in 解放碑 out of work`);
    }
    log(`demo labour market ${lastFull}: ${said.join('; ')}`);
  });
}

type World = {
  today: string;
  year: number;
  scale: number;
  hrss: number;
  township: Map<string, number>;
  enterprises: { id: number; district: string; township: string; creditCode: string; weight: number }[];
};

async function loadWorld(db: Db, clock: Clock): Promise<World> {
  const today = shanghaiDate(clock.now());
  const users = await db.selectFrom('app_user').select(['id', 'username', 'org_code', 'role']).execute();
  const hrss = users.find((u) => u.username === 'hrss') ?? users.find((u) => u.role === 'city_admin');
  if (!hrss) throw new Error('demo employment: no staff user to act as');
  const township = new Map(users.filter((u) => u.role === 'township_worker').map((u) => [u.org_code, Number(u.id)]));
  const ents = await sql<{ id: number; district_code: string; township_code: string; credit_code: string; n: number }>`
    SELECT en.id, en.district_code, en.township_code, en.credit_code, count(e.id)::int AS n FROM enterprise en
    LEFT JOIN employment e ON e.enterprise_id = en.id AND e.end_date IS NULL GROUP BY en.id ORDER BY en.id`.execute(db);
  return {
    today,
    year: Number(today.slice(0, 4)),
    scale: await scaleOf(db),
    hrss: Number(hrss.id),
    township,
    enterprises: ents.rows.map((e) => ({ id: Number(e.id), district: e.district_code, township: e.township_code, creditCode: e.credit_code, weight: 1 + Math.sqrt(e.n) })),
  };
}

type Seeker = { personId: number; district: string; since: string; majors: Set<string>; employed: boolean };
type Job = { id: number; occ: string; district: string; validUntil: string; headcount: number; hired: number; published: boolean; forGraduates: boolean; wage: [number, number] };

/**
 * A day-by-day agenda: what happens on a day may schedule what happens later (an application, then
 * an interview, then a hire), and each day's actions run in the order they were added.
 */
class Agenda {
  readonly #days = new Map<string, (() => Promise<void>)[]>();
  constructor(readonly today: string) {}
  on(day: string, fn: () => Promise<void>): void {
    if (day > this.today) return;
    this.#days.set(day, [...(this.#days.get(day) ?? []), fn]);
  }
  async run(from: string): Promise<void> {
    for (let day = from; day <= this.today; day = addDays(day, 1)) {
      const list = this.#days.get(day);
      // Actions added for today while today runs are picked up by the index loop.
      for (let i = 0; list && i < list.length; i++) await list[i]!();
      this.#days.delete(day);
    }
  }
}

/** Adds the demo's employment services unless a posting exists already. */
export async function seedDemoEmployment(db: Db, clock: Clock, log: (line: string) => void = () => {}): Promise<void> {
  if (await db.selectFrom('job_posting').select('id').limit(1).executeTakeFirst()) return;
  const started = performance.now();
  const w = await loadWorld(db, clock);
  if (w.enterprises.length === 0) return log('demo employment: no enterprises; nothing added');
  const rng = new Random(DEMO_SEED + 1);
  const { today, year } = w;
  const jan1 = `${year}-01-01`;
  const agenda = new Agenda(today);
  const c = { postings: 0, blocked: 0, fixed: 0, applications: 0, hires: 0, events: 0, seekers: 0 };
  const tx = <T>(fn: (trx: DbOrTx) => Promise<T>) => db.transaction().execute(fn);

  const totalWeight = w.enterprises.reduce((a, e) => a + e.weight, 0);
  const pickEnterprise = () => {
    let x = rng.next() * totalWeight;
    for (const e of w.enterprises) if ((x -= e.weight) <= 0) return e;
    return w.enterprises[w.enterprises.length - 1]!;
  };
  const months = SEASON.slice(0, Number(today.slice(5, 7)));
  const pickDay = () => {
    let x = rng.next() * months.reduce((a, b) => a + b, 0);
    let m = months.length;
    for (let i = 0; i < months.length; i++) if ((x -= months[i]!) <= 0) { m = i + 1; break; }
    return min(addDays(`${year}-${String(m).padStart(2, '0')}-01`, rng.int(28)), today);
  };

  // --- seekers: the registered unemployed and this year's graduates without a job --------------------
  const pool = await sql<{ id: number; district_code: string; education: Education; since: string; grad: boolean }>`
    SELECT p.id, p.district_code, p.education, greatest(u.registered_on, ${jan1}::date)::text AS since, false AS grad
    FROM hr_unemployment_registration u JOIN person p ON p.id = u.person_id
    WHERE u.ended_on IS NULL AND NOT EXISTS (SELECT 1 FROM employment e WHERE e.person_id = p.id AND e.end_date IS NULL)
    UNION ALL
    SELECT p.id, p.district_code, p.education, ${`${year}-06-20`}::text, true FROM edu_graduate g JOIN person p ON p.id = g.person_id
    WHERE g.graduation_year = ${year} AND NOT EXISTS (SELECT 1 FROM employment e WHERE e.person_id = p.id AND e.end_date IS NULL)
      AND NOT EXISTS (SELECT 1 FROM hr_unemployment_registration u WHERE u.person_id = p.id AND u.ended_on IS NULL)
    ORDER BY 1`.execute(db);
  const cap = Math.max(60, Math.round(1500 * w.scale));
  const seen = new Set<number>();
  const byMajor = new Map<string, Seeker[]>();
  for (const p of pool.rows) {
    if (seen.has(Number(p.id)) || (pool.rows.length > cap && !rng.chance(cap / pool.rows.length))) continue;
    seen.add(Number(p.id));
    const rank = EDUCATION_RANK[p.education];
    const fits = TEMPLATES.filter((t) => EDUCATION_RANK[t.edu] <= rank + 1 && EDUCATION_RANK[t.edu] >= rank - 3);
    const wants = fits.length ? fits : TEMPLATES.filter((t) => EDUCATION_RANK[t.edu] <= 2);
    const picks = [...new Set(Array.from({ length: 1 + rng.int(3) }, () => rng.pick(wants)))];
    const since = min(p.since.slice(0, 10), today);
    const sk: Seeker = { personId: Number(p.id), district: p.district_code, since, majors: new Set(picks.map((t) => majorOf(t.occ))), employed: false };
    for (const m of sk.majors) byMajor.set(m, [...(byMajor.get(m) ?? []), sk]);
    const near = neighbours(p.district_code);
    const wage = picks.reduce((a, t) => a + (t.wage[0] + t.wage[1]) / 2, 0) / picks.length;
    const input = {
      skills: [...new Set(picks.flatMap((t) => t.skills).filter(() => rng.chance(0.6)))],
      preferredOccupations: [...new Set(picks.map((t) => t.occ))],
      preferredDistricts: rng.chance(0.4) && near.length ? [p.district_code, rng.pick(near)] : [],
      expectedWageYuan: Math.max(2500, Math.round((wage * (0.8 + rng.next() * 0.35)) / 100) * 100),
      experienceYears: p.grad ? 0 : rng.int(12),
      availableFrom: since,
    };
    agenda.on(since, async () => {
      await tx((trx) => upsertSeeker(trx, sk.personId, input, { by: w.hrss, now: at(since, 9), today: since }));
      c.seekers++;
    });
  }

  const setOutcomeOn = (appId: number, status: 'interview' | 'hired' | 'refused', day: string, hire?: { startDate: string; job: Job }) =>
    tx((trx) =>
      setOutcome(trx, appId, {
        status,
        ...(hire ? { startDate: hire.startDate, wageYuan: hire.job.wage[0] + Math.round((rng.next() * (hire.job.wage[1] - hire.job.wage[0])) / 100) * 100 } : {}),
        by: w.hrss,
        now: at(day, 16),
        today: day,
      }),
    );

  /** Applicants for a posting from the day it publishes: seekers of its major group within reach. */
  const applicants = (job: Job, publishedOn: string) => {
    const reach = new Set([job.district, ...neighbours(job.district)]);
    const candidates = (byMajor.get(majorOf(job.occ)) ?? []).filter((s) => reach.has(s.district));
    const n = Math.min(candidates.length, rng.int(6));
    const picked = new Set<Seeker>();
    for (let k = 0; k < n; k++) picked.add(rng.pick(candidates));
    for (const sk of picked) {
      const day = min(addDays(publishedOn, 1 + rng.int(20)), job.validUntil);
      agenda.on(day, async () => {
        if (!job.published || sk.employed || job.hired >= job.headcount || day < sk.since) return;
        const event = eventFor(job, day);
        const appId = await tx((trx) => createApplication(trx, { jobId: job.id, personId: sk.personId, kind: rng.chance(0.2) ? 'referral' : 'application', eventId: event, by: w.hrss, now: at(day, 14), today: day }));
        c.applications++;
        const r = rng.next();
        if (r < 0.15) {
          const d = addDays(day, 2 + rng.int(5));
          agenda.on(d, () => setOutcomeOn(appId, 'refused', d));
        } else if (r < 0.65) {
          const interview = addDays(day, 3 + rng.int(6));
          agenda.on(interview, async () => {
            await setOutcomeOn(appId, 'interview', interview);
            const decide = addDays(interview, 2 + rng.int(8));
            const hire = rng.chance(0.55);
            agenda.on(decide, async () => {
              if (!hire || sk.employed || job.hired >= job.headcount) return setOutcomeOn(appId, 'refused', decide);
              await setOutcomeOn(appId, 'hired', decide, { startDate: min(addDays(decide, rng.int(8)), today), job });
              sk.employed = true;
              job.hired++;
              c.hires++;
              if (job.hired >= job.headcount) {
                await tx((trx) => closeJob(trx, job.id, { by: null, now: at(decide, 17) }));
                job.published = false;
              }
            });
          });
        }
      });
    }
  };

  // --- postings: through the year, by season; a few with restrictions that screening stops -----------
  const jobs: Job[] = [];
  const target = Math.max(80, Math.round(1300 * w.scale));
  for (let i = 0; i < target; i++) {
    const day = pickDay();
    const e = pickEnterprise();
    const t = rng.pick(TEMPLATES);
    const restricted = rng.chance(0.04) ? rng.pick(RESTRICTED) : '';
    const exp = t.graduates && rng.chance(0.6) ? 0 : rng.int(4);
    const wageMin = Math.round((t.wage[0] * (0.9 + rng.next() * 0.2)) / 100) * 100;
    const input: JobInput = {
      title: t.title,
      occupationCode: t.occ,
      districtCode: e.district,
      townshipCode: rng.chance(0.85) ? e.township : null,
      wageMinYuan: wageMin,
      wageMaxYuan: Math.max(wageMin, Math.round((t.wage[1] * (0.9 + rng.next() * 0.2)) / 100) * 100),
      education: t.edu,
      experienceYears: exp,
      headcount: 1 + rng.int(rng.chance(0.2) ? 20 : 6),
      weeklyHours: t.hours,
      schedule: t.schedule,
      description: describe(t, exp, restricted),
      skills: t.skills,
      forGraduates: t.graduates || rng.chance(0.35),
      validFrom: day,
      validUntil: addDays(day, 60 + rng.int(100)),
    };
    const job: Job = { id: 0, occ: t.occ, district: e.district, validUntil: input.validUntil, headcount: input.headcount, hired: 0, published: false, forGraduates: input.forGraduates, wage: [input.wageMinYuan, input.wageMaxYuan] };
    jobs.push(job);
    const blocked = hasBlocking(screenPosting({ title: input.title, description: input.description }));
    const source = rng.chance(0.8) ? 'enterprise' : 'staff';
    agenda.on(day, async () => {
      job.id = await tx((trx) => createJob(trx, input, { enterpriseId: e.id, source, by: source === 'staff' ? w.hrss : null, now: at(day), today: day }));
      c.postings++;
      if (blocked) c.blocked++;
      else {
        job.published = true;
        applicants(job, day);
      }
    });
    // Half the stopped postings are corrected by the enterprise a few days later and then publish.
    const fixDay = addDays(day, 1 + rng.int(6));
    if (blocked && rng.chance(0.5))
      agenda.on(fixDay, async () => {
        await tx((trx) => updateJob(trx, job.id, { ...input, description: describe(t, exp, '') }, { by: null, now: at(fixDay), today: fixDay }));
        job.published = true;
        c.fixed++;
        applicants(job, fixDay);
      });
  }

  // --- recruitment events: their jobs are the postings open in the district (the city for online ones) -
  const events: { id: number; from: string; to: string; jobs: Set<number> }[] = [];
  const eventFor = (job: Job, day: string): number | null =>
    events.find((ev) => ev.from <= day && day <= ev.to && ev.jobs.has(job.id))?.id ?? null;
  const plan: { kind: 'online' | 'livestream' | 'campus' | 'onsite' | 'veterans_month' | 'spring_breeze'; n: number; title: string; months?: number[] }[] = [
    { kind: 'online', n: Math.max(8, Math.round(36 * w.scale)), title: '“码上求职·云端就业”网络招聘会' },
    // The plan's 50 live-streams are the city's, whatever its size.
    { kind: 'livestream', n: 42 + rng.int(6), title: '“重庆英才·职等您来”直播带岗' },
    { kind: 'campus', n: Math.max(4, Math.round(22 * w.scale)), title: '高校毕业生校园招聘会', months: [3, 4, 5, 6, 9, 10, 11] },
    { kind: 'onsite', n: Math.max(4, Math.round(14 * w.scale)), title: '就业援助月现场招聘会' },
    { kind: 'veterans_month', n: 2, title: '老兵招聘月专场', months: [4, 10] },
    { kind: 'spring_breeze', n: 2, title: '春风行动专场招聘会', months: [2, 3] },
  ];
  const districtOf = () => pickEnterprise().district;
  for (const p of plan)
    for (let i = 0; i < p.n; i++) {
      const months = (p.months ?? Array.from({ length: 12 }, (_, k) => k + 1)).filter((m) => m <= Number(today.slice(5, 7)));
      if (!months.length) continue;
      const from = min(addDays(`${year}-${String(rng.pick(months)).padStart(2, '0')}-01`, rng.int(25)), today);
      const to = addDays(from, p.kind === 'online' ? 6 : p.kind === 'veterans_month' ? 20 : rng.int(2));
      const district = districtOf();
      const graduates = p.kind === 'campus' || (p.kind === 'online' && rng.chance(0.3));
      agenda.on(from, async () => {
        const open = jobs.filter((j) => j.published && j.validUntil >= from && (p.kind === 'online' || p.kind === 'livestream' || j.district === district) && (!graduates || j.forGraduates));
        const chosen = [...new Set(Array.from({ length: Math.min(open.length, 5 + rng.int(25)) }, () => rng.pick(open)))].map((j) => j.id);
        const id = await tx((trx) =>
          createEvent(trx, { kind: p.kind, title: `${year}年${p.title}${p.n > 1 ? `（第${i + 1}场）` : ''}`, districtCode: district, forGraduates: graduates, startsOn: from, endsOn: to, venue: p.kind === 'online' || p.kind === 'livestream' ? undefined : '区人力资源市场', jobIds: chosen }, { by: w.hrss, now: at(from, 8) }),
        );
        const visits = p.kind === 'online' ? 2000 + rng.int(20000) : p.kind === 'livestream' ? 10000 + rng.int(90000) : 200 + rng.int(3000);
        await db.updateTable('recruitment_event').set({ visits }).where('id', '=', id).execute();
        events.push({ id, from, to, jobs: new Set(chosen) });
        c.events++;
      });
    }

  await agenda.run(jan1);
  const t1 = performance.now();
  const now = clock.now();

  // --- the graduates ledger, with follow-up contacts since July ---------------------------------------
  const grads = await syncGraduates(db, year, today, now);
  const open = await db.selectFrom('graduate_record').select(['person_id', 'difficulty']).where('graduation_year', '=', year).where('status', '=', 'not_employed').orderBy('person_id').execute();
  let contacts = 0;
  let outstanding = 0;
  for (const g of open) {
    const r = rng.next();
    // Graduates in difficulty are followed up first: all but one or two are placed.
    const status = g.difficulty ? (outstanding < 2 && r < 0.1 ? null : r < 0.4 ? 'internship' : r < 0.8 ? 'preparing' : 'employed') : r < 0.15 ? 'internship' : r < 0.4 ? 'preparing' : r < 0.5 ? 'further_study' : r < 0.55 ? 'not_employed' : null;
    if (status === null) {
      if (g.difficulty) outstanding++;
      continue;
    }
    const on = min(addDays(`${year}-07-01`, rng.int(120)), today);
    await tx((trx) =>
      recordContact(trx, Number(g.person_id), { year, status, wantsWork: status !== 'not_employed', channel: rng.pick(['phone', 'visit', 'online', 'school'] as const), note: status === 'not_employed' ? '本人暂无就业意愿，计划明年再找工作' : '电话回访，已登记去向', effectiveOn: on }, { by: w.hrss, now, today }),
    );
    contacts++;
  }

  // --- people in difficulty: plans from the rules engine, and this week's first services ---------------
  const ident = await identifyDifficulty(db, today, now);
  const plans = await db.selectFrom('assistance_plan').select(['id', 'person_id', 'district_code']).where('status', '=', 'open').orderBy('id').execute();
  let services = 0;
  // This week's first services, for as many people as a district's workers reach in a week.
  const reached = Math.max(30, Math.round(600 * w.scale));
  for (const p of plans) {
    if (services >= reached || !rng.chance(0.7)) continue;
    const sid = await tx((trx) => addService(trx, Number(p.id), { kind: 'guidance', plannedOn: addDays(today, -rng.int(5)), note: '职业指导：了解求职意向和困难' }, { by: w.hrss, now, today }));
    if (rng.chance(0.6)) await tx((trx) => recordServiceOutcome(trx, Number(p.id), sid, { doneOn: today, outcome: 'done', note: '已完成首次面谈' }, { by: w.hrss, today }));
    const job = jobs.find((j) => j.published && j.validUntil >= today && j.district === p.district_code && j.hired < j.headcount);
    if (job && rng.chance(0.4)) {
      const exists = await db.selectFrom('job_application').select('id').where('job_id', '=', job.id).where('person_id', '=', Number(p.person_id)).executeTakeFirst();
      if (!exists) await tx((trx) => addService(trx, Number(p.id), { kind: 'referral', plannedOn: today, jobId: job.id, note: '推荐就近岗位' }, { by: w.hrss, now, today }));
    }
    if (rng.chance(0.3)) await tx((trx) => addService(trx, Number(p.id), { kind: rng.chance(0.5) ? 'training' : 'public_welfare_post', plannedOn: addDays(today, 7 + rng.int(20)) }, { by: w.hrss, now, today }));
    services++;
  }

  // --- zero-employment households: detected, assigned to the township, some cleared --------------------
  const hh = await detectHouseholds(db, today, now);
  const households = await db.selectFrom('zero_employment_household').select(['id', 'household_id', 'district_code', 'township_code']).where('status', '=', 'open').orderBy('id').execute();
  for (const h of households) {
    const worker = w.township.get(h.township_code);
    if (worker) await db.updateTable('zero_employment_household').set({ assigned_to: worker }).where('id', '=', h.id).execute();
  }
  let cleared = 0;
  const clearable = Math.max(5, Math.round(150 * w.scale));
  for (const h of households) {
    if (cleared >= clearable) break;
    // The demo township worker's households stay open for them to clear; a third of the rest are cleared.
    if (h.township_code === JIEFANGBEI || DEMO_DISTRICTS.includes(h.district_code) || !rng.chance(0.35)) continue;
    const member = await sql<{ id: number }>`SELECT p.id FROM person p WHERE p.household_id = ${h.household_id}
      AND extract(year FROM age(${today}::date, p.birth_date)) BETWEEN 18 AND CASE WHEN p.sex = 'M' THEN 59 ELSE 54 END ORDER BY p.id LIMIT 1`.execute(db);
    const employer = w.enterprises.find((e) => e.district === h.district_code);
    if (!member.rows[0] || !employer) continue;
    const personId = Number(member.rows[0].id);
    await tx((trx) => clearHousehold(trx, Number(h.id), { personId, creditCode: employer.creditCode, startDate: addDays(today, -rng.int(20)), wageYuan: 3500 + rng.int(30) * 100, note: '经社区推荐到辖区企业就业' }, { by: w.township.get(h.township_code) ?? w.hrss, now, today }));
    cleared++;
  }

  // --- service points: stations and markets, workshops, and brokers in most villages -------------------
  await seedServicePoints(db, w, rng);

  // --- early warning for the last three closed months ---------------------------------------------------
  const warned: string[] = [];
  for (let k = 3; k >= 1; k--) {
    const r = await runMonthlyWarnings(db, clock, { month: addMonth(today.slice(0, 7), -k) });
    warned.push(`${r.month}: ${r.warnings} warnings, ${r.casesOpened} cases`);
  }
  log(
    `demo employment: ${c.postings} postings (${c.blocked} stopped by screening, ${c.fixed} fixed), ${c.seekers} seekers, ${c.applications} applications, ${c.hires} hires, ${c.events} events ` +
      `in ${((t1 - started) / 1000).toFixed(1)} s; graduates +${grads.added} (${contacts} contacts); ${ident.opened} assistance plans (${services} with services); ` +
      `${hh.opened} zero-employment households (${cleared} cleared); warnings ${warned.join(', ')}; ${((performance.now() - started) / 1000).toFixed(1)} s in all`,
  );
}

/**
 * Service points, set-based: a gig market or station in most districts (some opened this year),
 * assistance workshops, and a labour broker (a working-age resident) in each village, with each
 * district at its own pace so that coverage differs.
 */
async function seedServicePoints(db: Db, w: World, rng: Random): Promise<void> {
  const year = w.year;
  const districts = (await db.selectFrom('division').select(['code', 'name']).where('level', '=', 2).orderBy('code').execute()).map((d) => ({ ...d, pace: 0.55 + 0.45 * rng.next() }));
  const rows: { kind: 'gig_market' | 'employment_station' | 'assistance_workshop'; name: string; district: string; opened: string }[] = [];
  for (const d of districts) {
    if (rng.chance(0.8)) rows.push({ kind: 'gig_market', name: `${d.name}零工市场`, district: d.code, opened: `${year - 1 - rng.int(2)}-0${1 + rng.int(9)}-15` });
    for (let i = 0; i < (rng.chance(0.5) ? 1 : 0) + (rng.chance(0.3) ? 1 : 0); i++) rows.push({ kind: 'employment_station', name: `${d.name}就业驿站${i + 1}号`, district: d.code, opened: min(`${year}-${String(1 + rng.int(11)).padStart(2, '0')}-10`, w.today) });
    if (rng.chance(0.6)) rows.push({ kind: 'assistance_workshop', name: `${d.name}就业帮扶车间`, district: d.code, opened: `${year - 1}-0${1 + rng.int(9)}-01` });
  }
  await db.transaction().execute(async (trx) => {
    for (const r of rows) {
      // The point sits in a village of its district where people live.
      const v = await sql<{ village_code: string; township_code: string }>`SELECT village_code, township_code FROM person WHERE district_code = ${r.district} ORDER BY id LIMIT 1`.execute(trx);
      if (!v.rows[0]) continue;
      const ins = await trx
        .insertInto('service_point')
        .values({ kind: r.kind, name: r.name, village_code: v.rows[0].village_code, township_code: v.rows[0].township_code, district_code: r.district, address: `${r.name}服务大厅`, contact_name: null, contact_phone: null, person_id: null, opened_on: r.opened, created_by: w.hrss })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('employment_event').values({ entity_type: 'service_point', entity_id: ins.id, action: 'created', actor_id: w.hrss, details: JSON.stringify({ kind: r.kind }) }).execute();
    }
    const pace = sql.join(districts.map((d) => sql`(${d.code}::text, ${d.pace}::float8)`));
    await sql`INSERT INTO service_point (kind, name, village_code, township_code, district_code, address, contact_name, contact_phone, person_id, opened_on, created_by)
      SELECT 'labour_broker', p.name, p.village_code, p.township_code, p.district_code, v.name || '村(居)委会', p.name, p.phone, p.id,
        make_date(${year}::int - (p.id % 2)::int, 1 + (p.id % 11)::int, 1 + (p.id % 27)::int), ${w.hrss}::bigint
      FROM (SELECT DISTINCT ON (village_code) id, name, phone, village_code, township_code, district_code FROM person
            WHERE extract(year FROM age(${w.today}::date, birth_date)) BETWEEN 30 AND 55 ORDER BY village_code, id) p
      JOIN division v ON v.code = p.village_code
      JOIN (VALUES ${pace}) AS pc(code, pace) ON pc.code = p.district_code
      WHERE ((p.id * 2654435761) % 1000) / 1000.0 < pc.pace`.execute(trx);
    await sql`INSERT INTO employment_event (entity_type, entity_id, action, actor_id, details)
      SELECT 'service_point', id, 'imported', created_by, jsonb_build_object('kind', kind, 'villageCode', village_code) FROM service_point WHERE kind = 'labour_broker'`.execute(trx);
  });
}

function describe(t: Template, exp: number, restricted: string): string {
  return (
    `岗位职责：${t.duty}。任职要求：${EDU_ZH[t.edu]}及以上学历，${exp === 0 ? '接受应届毕业生' : `${exp}年以上相关工作经验`}。${restricted}` +
    `工作时间：每周${t.hours}小时${t.schedule === 'shifts' ? '，轮班' : ''}。待遇：依法缴纳社会保险，提供工作餐，带薪年休假。`
  );
}

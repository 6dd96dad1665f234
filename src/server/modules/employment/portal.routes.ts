// The public job list, and the pages of residents (求职) and enterprises (招聘): each sees and changes
// only their own profile, applications or postings.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../app.js';
import type { Principal } from '../../platform/access.js';
import { shanghaiDate } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import { maskName, maskPhone } from '../../platform/mask.js';
import { Paging } from '../../platform/paging.js';
import { createApplication, setOutcome, withdraw } from './applications.js';
import { DateText } from './dates.js';
import { EVENT_KINDS } from './events.js';
import { closeJob, createJob, EDUCATIONS, JobInput, jobDetail, jobHistory, jobSelect, SCHEDULES, toCard, updateJob } from './jobs.js';
import { occupations } from './reference.js';
import { categoriesFromData, SEEKER_CATEGORIES, SeekerInput, seekerProfile, seekerSide, upsertSeeker } from './seekers.js';
import { applicationsOf, recommendJobs, seekerMatches } from './queries.js';

const tags = ['employment'];
const IdParam = z.object({ id: z.coerce.number().int().positive() });
export const OutcomeBody = z.object({
  status: z.enum(['interview', 'hired', 'refused']),
  startDate: DateText.optional(),
  wageYuan: z.number().int().min(1).max(1_000_000).optional(),
});

const JobListQuery = Paging.extend({
  occupation: z.string().regex(/^[1-8](-\d{2})?$/).optional(),
  district: z.string().regex(/^\d{6}$/).optional(),
  wageMin: z.coerce.number().int().min(0).max(1_000_000).optional(),
  education: z.enum(EDUCATIONS).optional(),
  forGraduates: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  q: z.string().trim().max(40).optional(),
});

const notYours = () => new AppError('NOT_FOUND', { zh: '没有该岗位', en: 'No such posting' });
const enterpriseOf = (p: Principal) => {
  if (p.enterpriseId === null) throw new AppError('FORBIDDEN', { zh: '仅企业账号可以发布岗位', en: 'Only an enterprise account can post jobs' });
  return p.enterpriseId;
};
const personOf = (p: Principal) => {
  if (p.personId === null) throw new AppError('FORBIDDEN', { zh: '仅居民本人可以求职', en: 'Only a resident can look for work here' });
  return p.personId;
};

export function portalRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;
  const today = () => shanghaiDate(clock.now());

  r.get('/api/public/employment/reference', { schema: { tags, summary: '职业分类、学历、区县 / Reference lists' }, config: { access: 'public' } }, async () => ({
    occupations: occupations(),
    educations: EDUCATIONS,
    districts: await db.selectFrom('division').select(['code', 'name']).where('level', '=', 2).orderBy('code').execute(),
    schedules: SCHEDULES,
    eventKinds: EVENT_KINDS,
    seekerCategories: SEEKER_CATEGORIES,
  }));

  r.get('/api/public/employment/townships', { schema: { tags, summary: '区县的乡镇(街道) / Townships of a district', querystring: z.object({ district: z.string().regex(/^\d{6}$/) }) }, config: { access: 'public' } }, async (req) => ({
    items: await db.selectFrom('division').select(['code', 'name']).where('parent_code', '=', req.query.district).where('level', '=', 3).orderBy('code').execute(),
  }));

  // --- The public job list -------------------------------------------------------------------
  r.get('/api/public/jobs', { schema: { tags, summary: '在招岗位 / Open jobs', querystring: JobListQuery }, config: { access: 'public' } }, async (req) => {
    const q = req.query;
    const t = today();
    const base = db
      .selectFrom('job_posting as j')
      .where('j.status', '=', 'published')
      .where('j.valid_until', '>=', t)
      .where('j.valid_from', '<=', t)
      .$if(!!q.occupation, (b) => (q.occupation!.includes('-') ? b.where('j.occupation_code', '=', q.occupation!) : b.where('j.major_code', '=', q.occupation!)))
      .$if(!!q.district, (b) => b.where('j.district_code', '=', q.district!))
      .$if(q.wageMin !== undefined, (b) => b.where('j.wage_max_fen', '>=', q.wageMin! * 100))
      .$if(!!q.education, (b) => b.where('j.education', '=', q.education!))
      .$if(q.forGraduates !== undefined, (b) => b.where('j.for_graduates', '=', q.forGraduates!))
      .$if(!!q.q, (b) => b.where('j.title', 'like', `%${q.q!.replace(/[%_\\]/g, '\\$&')}%`));
    const [count, ids] = await Promise.all([
      base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
      base.select('j.id').orderBy('j.published_at', 'desc').orderBy('j.id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    ]);
    const rows = ids.length ? await jobSelect(db).where('j.id', 'in', ids.map((i) => i.id)).execute() : [];
    const byId = new Map(rows.map((x) => [Number(x.id), x]));
    return { items: ids.map((i) => toCard(byId.get(Number(i.id))!)), total: Number(count.n), page: q.page, pageSize: q.pageSize };
  });

  r.get('/api/public/jobs/:id', { schema: { tags, summary: '岗位详情 / A job', params: IdParam }, config: { access: 'public' } }, async (req) => {
    const j = await jobSelect(db).where('j.id', '=', req.params.id).where('j.status', '=', 'published').executeTakeFirst();
    if (!j) throw notYours();
    return { job: { ...toCard(j), description: j.description, skills: j.skills } };
  });

  // --- Residents -----------------------------------------------------------------------------
  r.get('/api/me/job-profile', { schema: { tags, summary: '我的求职意向 / My job profile' }, config: { access: 'job.apply' } }, async (req) => {
    const personId = personOf(req.principal!);
    const person = await db.selectFrom('person').select(['education', 'district_code', 'township_code']).where('id', '=', personId).executeTakeFirstOrThrow();
    return {
      profile: await seekerProfile(db, personId),
      defaults: { education: person.education, districtCode: person.district_code, townshipCode: person.township_code, categories: await categoriesFromData(db, personId, today()) },
    };
  });

  r.put('/api/me/job-profile', { schema: { tags, summary: '填写求职意向 / Save my job profile', body: SeekerInput }, config: { access: 'job.apply' } }, async (req) => {
    const personId = personOf(req.principal!);
    await db.transaction().execute((trx) => upsertSeeker(trx, personId, req.body, { by: req.principal!.userId, now: clock.now(), today: today() }));
    return { profile: await seekerProfile(db, personId) };
  });

  r.get('/api/me/job-recommendations', { schema: { tags, summary: '为我推荐的岗位 / Jobs recommended for me', querystring: Paging }, config: { access: 'job.apply' } }, async (req) => {
    const personId = personOf(req.principal!);
    const seeker = await seekerSide(db, personId);
    if (!seeker) return { items: [], hasProfile: false };
    return { items: await recommendJobs(db, seeker, today(), req.query.pageSize, (req.query.page - 1) * req.query.pageSize), hasProfile: true };
  });

  r.post('/api/me/applications', { schema: { tags, summary: '申请岗位 / Apply for a job', body: z.object({ jobId: z.number().int().positive(), eventId: z.number().int().positive().optional() }) }, config: { access: 'job.apply' } }, async (req, reply) => {
    const personId = personOf(req.principal!);
    const id = await db.transaction().execute((trx) => createApplication(trx, { jobId: req.body.jobId, personId, kind: 'application', eventId: req.body.eventId ?? null, by: req.principal!.userId, now: clock.now(), today: today() }));
    void reply.status(201);
    return { application: (await applicationsOf(db, { applicationId: id }))[0] };
  });

  r.get('/api/me/applications', { schema: { tags, summary: '我的申请 / My applications' }, config: { access: 'job.apply' } }, async (req) => ({
    items: await applicationsOf(db, { personId: personOf(req.principal!), withJob: true }),
  }));

  r.post('/api/me/applications/:id/withdraw', { schema: { tags, summary: '撤回申请 / Withdraw an application', params: IdParam }, config: { access: 'job.apply' } }, async (req) => {
    const personId = personOf(req.principal!);
    await db.transaction().execute((trx) => withdraw(trx, req.params.id, personId, clock.now()));
    return { application: (await applicationsOf(db, { applicationId: req.params.id }))[0] };
  });

  // --- Enterprises ---------------------------------------------------------------------------
  const ownJob = async (p: Principal, id: number) => {
    const j = await db.selectFrom('job_posting').select(['enterprise_id']).where('id', '=', id).executeTakeFirst();
    if (!j || Number(j.enterprise_id) !== enterpriseOf(p)) throw notYours();
  };

  r.get('/api/me/enterprise/jobs', { schema: { tags, summary: '本企业的岗位 / Our postings', querystring: z.object({ status: z.enum(['blocked', 'published', 'closed']).optional() }) }, config: { access: 'job.post' } }, async (req) => {
    const ent = enterpriseOf(req.principal!);
    const ids = await db
      .selectFrom('job_posting')
      .select('id')
      .where('enterprise_id', '=', ent)
      .$if(!!req.query.status, (q) => q.where('status', '=', req.query.status!))
      .orderBy('id', 'desc')
      .limit(200)
      .execute();
    return { items: await Promise.all(ids.map(async (i) => (await jobDetail(db, Number(i.id)))!)) };
  });

  r.post('/api/me/enterprise/jobs', { schema: { tags, summary: '发布岗位 / Post a job', body: JobInput }, config: { access: 'job.post' } }, async (req, reply) => {
    const ent = enterpriseOf(req.principal!);
    const id = await db.transaction().execute((trx) => createJob(trx, req.body, { enterpriseId: ent, source: 'enterprise', by: req.principal!.userId, now: clock.now(), today: today() }));
    void reply.status(201);
    return { job: await jobDetail(db, id) };
  });

  r.get('/api/me/enterprise/jobs/:id', { schema: { tags, summary: '本企业的一个岗位 / One of our postings', params: IdParam }, config: { access: 'job.post' } }, async (req) => {
    await ownJob(req.principal!, req.params.id);
    return { job: await jobDetail(db, req.params.id), history: await jobHistory(db, req.params.id) };
  });

  r.put('/api/me/enterprise/jobs/:id', { schema: { tags, summary: '修改岗位 / Change a posting', params: IdParam, body: JobInput }, config: { access: 'job.post' } }, async (req) => {
    await ownJob(req.principal!, req.params.id);
    await db.transaction().execute((trx) => updateJob(trx, req.params.id, req.body, { by: req.principal!.userId, now: clock.now(), today: today() }));
    return { job: await jobDetail(db, req.params.id) };
  });

  r.post('/api/me/enterprise/jobs/:id/close', { schema: { tags, summary: '关闭岗位 / Close a posting', params: IdParam }, config: { access: 'job.post' } }, async (req) => {
    await ownJob(req.principal!, req.params.id);
    await db.transaction().execute((trx) => closeJob(trx, req.params.id, { by: req.principal!.userId, now: clock.now() }));
    return { job: await jobDetail(db, req.params.id) };
  });

  r.get('/api/me/enterprise/jobs/:id/seekers', { schema: { tags, summary: '推荐人才 / Recommended seekers', params: IdParam, querystring: Paging }, config: { access: 'job.post' } }, async (req) => {
    await ownJob(req.principal!, req.params.id);
    return seekerMatches(db, req.params.id, req.query, today());
  });

  r.get('/api/me/enterprise/jobs/:id/applications', { schema: { tags, summary: '应聘人员 / Applicants', params: IdParam }, config: { access: 'job.post' } }, async (req) => {
    await ownJob(req.principal!, req.params.id);
    // The people who applied, or were referred, to this employer: their name and phone are shown to it.
    const rows = await db
      .selectFrom('job_application as a')
      .innerJoin('person as p', 'p.id', 'a.person_id')
      .select(['a.id', 'p.name', 'p.phone', 'p.education', 'p.birth_date'])
      .where('a.job_id', '=', req.params.id)
      .orderBy('a.id', 'desc')
      .execute();
    const apps = await applicationsOf(db, { jobId: req.params.id });
    const byId = new Map(rows.map((x) => [Number(x.id), x]));
    const t = today();
    return {
      items: apps.map((a) => {
        const p = byId.get(a.id)!;
        const age = Number(t.slice(0, 4)) - Number(p.birth_date.slice(0, 4)) - (t.slice(5) < p.birth_date.slice(5) ? 1 : 0);
        return { ...a, name: a.status === 'withdrawn' ? maskName(p.name) : p.name, phone: a.status === 'withdrawn' ? maskPhone(p.phone) : p.phone, education: p.education, age };
      }),
    };
  });

  r.post('/api/me/enterprise/applications/:id/outcome', { schema: { tags, summary: '记录应聘结果 / Record an outcome', params: IdParam, body: OutcomeBody }, config: { access: 'job.post' } }, async (req) => {
    const ent = enterpriseOf(req.principal!);
    const a = await db.selectFrom('job_application as a').innerJoin('job_posting as j', 'j.id', 'a.job_id').select(['j.enterprise_id']).where('a.id', '=', req.params.id).executeTakeFirst();
    if (!a || Number(a.enterprise_id) !== ent) throw new AppError('NOT_FOUND', { zh: '没有该申请', en: 'No such application' });
    await db.transaction().execute((trx) => setOutcome(trx, req.params.id, { ...req.body, by: req.principal!.userId, now: clock.now(), today: today() }));
    return { application: (await applicationsOf(db, { applicationId: req.params.id }))[0] };
  });
}


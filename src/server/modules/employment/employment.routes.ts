// Staff routes of employment services: the overview, postings (posted on an enterprise's behalf,
// imported, released), seekers and referrals, recruitment events, the graduates ledger, persons in
// difficulty, and zero-employment households. Lists are limited to the reader's area.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../app.js';
import type { DbOrTx } from '../../db/index.js';
import { CITY_CODE, divisionInScope, scopeOf, type Principal } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { shanghaiDate } from '../../platform/clock.js';
import { AppError, type ErrorDetail } from '../../platform/errors.js';
import { maskIdNumber, maskName, maskPhone } from '../../platform/mask.js';
import { Paging } from '../../platform/paging.js';
import { issueToDetail } from '../../platform/validation.js';
import { runComputed } from '../plan/index.js';
import { createApplication, setOutcome } from './applications.js';
import { addService, ClearHousehold, clearHousehold, ClosePlan, closePlan, detectHouseholds, DIFFICULTY_REASONS, identifyDifficulty, recordServiceOutcome, ServiceInput, ServiceOutcome, workingAge } from './assistance.js';
import { addJobs, createEvent, EVENT_KINDS, EventInput, eventRows, toEvent } from './events.js';
import { ContactInput, GRADUATE_STATUSES, graduateQuery, graduateSummary, recordContact, syncGraduates } from './graduates.js';
import { checkJobInput, closeJob, createJob, JobInput, jobDetail, jobHistory, overrideJob } from './jobs.js';
import { OutcomeBody } from './portal.routes.js';
import { ageOn, applicationsOf, recommendJobsPaged, seekerMatches } from './queries.js';
import { SEEKER_CATEGORIES, SeekerInput, seekerProfile, seekerSide, upsertSeeker } from './seekers.js';

const tags = ['employment'];
const IdParam = z.object({ id: z.coerce.number().int().positive() });
const PersonParam = z.object({ personId: z.coerce.number().int().positive() });
const District = z.string().regex(/^\d{6}$/);
const Township = z.string().regex(/^\d{9}$/);
const Bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const yearOf = (d: string) => Number(d.slice(0, 4));

/** The district a reader is limited to for postings and events (a township worker reads their district's). */
const districtOf = (p: Principal) => (p.orgCode === CITY_CODE ? null : p.orgCode.slice(0, 6));
const cityLevel = (p: Principal) => {
  if (p.orgCode !== CITY_CODE) throw new AppError('FORBIDDEN', { zh: '仅市级工作人员可以执行', en: 'Only city-level staff can do this' });
};
const notFound = () => new AppError('NOT_FOUND', { zh: '未找到该记录,或不在您的管辖范围内', en: 'Not found, or outside your jurisdiction' });

async function personInScope(db: DbOrTx, p: Principal, personId: number) {
  const person = await db.selectFrom('person').select(['id', 'name', 'id_number', 'sex', 'birth_date', 'education', 'phone', 'village_code', 'district_code', 'household_id']).where('id', '=', personId).executeTakeFirst();
  if (!person || !divisionInScope(p, person.village_code)) throw notFound();
  return person;
}

export function employmentRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;
  const today = () => shanghaiDate(clock.now());
  const staff = (p: Principal) => ({ by: p.userId, now: clock.now(), today: today() });

  const jobInScope = async (p: Principal, id: number) => {
    const j = await db.selectFrom('job_posting').select(['district_code']).where('id', '=', id).executeTakeFirst();
    const d = districtOf(p);
    if (!j || (d && j.district_code !== d)) throw notFound();
  };

  // --- Overview ------------------------------------------------------------------------------
  r.get('/api/employment/overview', { schema: { tags, summary: '就业服务概览 / Overview' }, config: { access: 'employment.read' } }, async (req) => {
    const p = req.principal!;
    const d = districtOf(p);
    const sc = scopeOf(p);
    const t = today();
    const year = yearOf(t);
    const jobs = await db
      .selectFrom('job_posting')
      .select([
        sql<number>`count(*) FILTER (WHERE status = 'published' AND valid_until >= ${t})::int`.as('published'),
        sql<number>`coalesce(sum(headcount) FILTER (WHERE status = 'published' AND valid_until >= ${t}), 0)::int`.as('vacancies'),
        sql<number>`count(*) FILTER (WHERE status = 'blocked')::int`.as('blocked'),
      ])
      .$if(!!d, (q) => q.where('district_code', '=', d!))
      .executeTakeFirstOrThrow();
    const seekers = await db.selectFrom('job_seeker').select(sql<number>`count(*)::int`.as('n')).where('status', '=', 'active').$if(!!sc, (q) => q.where(sc!.column === 'village_code' ? 'township_code' : sc!.column, '=', sc!.code.slice(0, sc!.column === 'district_code' ? 6 : 9))).executeTakeFirstOrThrow();
    const apps = await db
      .selectFrom('job_application as a')
      .innerJoin('job_posting as j', 'j.id', 'a.job_id')
      .select([sql<number>`count(*)::int`.as('total'), sql<number>`count(*) FILTER (WHERE a.status = 'hired')::int`.as('hired')])
      .$if(!!d, (q) => q.where('j.district_code', '=', d!))
      .executeTakeFirstOrThrow();
    const events = await db
      .selectFrom('recruitment_event')
      .select(['kind', sql<number>`count(*)::int`.as('n')])
      .where('starts_on', '>=', `${year}-01-01`)
      .where('starts_on', '<=', `${year}-12-31`)
      .$if(!!d, (q) => q.where('district_code', '=', d!))
      .groupBy('kind')
      .execute();
    const grads = await graduateSummary(db, year, sc);
    const plans = await db.selectFrom('assistance_plan').select(sql<number>`count(*)::int`.as('n')).where('status', '=', 'open').$if(!!sc, (q) => q.where(sc!.column === 'village_code' ? 'township_code' : sc!.column, '=', sc!.code.slice(0, sc!.column === 'district_code' ? 6 : 9))).executeTakeFirstOrThrow();
    const households = await db
      .selectFrom('zero_employment_household')
      .select([sql<number>`count(*) FILTER (WHERE status = 'open')::int`.as('open'), sql<number>`count(*) FILTER (WHERE status = 'cleared' AND cleared_on >= ${`${year}-01-01`})::int`.as('cleared')])
      .$if(!!sc, (q) => q.where(sc!.column, '=', sc!.code))
      .executeTakeFirstOrThrow();
    const month = Number(t.slice(5, 7));
    const reg = async (query: string) => {
      const rows = await runComputed(db, query, { year, through: month });
      return rows.filter((x) => x.month === month && (!d || x.unit === d)).reduce((a, x) => a + (x.value ?? 0), 0);
    };
    return {
      jobs: { published: Number(jobs.published), vacancies: Number(jobs.vacancies), blocked: Number(jobs.blocked) },
      seekers: { active: Number(seekers.n) },
      applications: { total: Number(apps.total), hired: Number(apps.hired) },
      events: { year, count: events.reduce((a, e) => a + Number(e.n), 0), byKind: Object.fromEntries(EVENT_KINDS.map((k) => [k, Number(events.find((e) => e.kind === k)?.n ?? 0)])) },
      graduates: { year, total: grads.total, rate: grads.rate },
      assistance: { open: Number(plans.n) },
      households: { open: Number(households.open), clearedThisYear: Number(households.cleared) },
      registrations: { year, newJobs: await reg('new_urban_jobs'), reemployment: await reg('reemployment'), difficulty: await reg('difficulty_employment') },
    };
  });

  // --- Postings ------------------------------------------------------------------------------
  const JobsQuery = Paging.extend({
    status: z.enum(['blocked', 'published', 'closed']).optional(),
    district: District.optional(),
    occupation: z.string().regex(/^[1-8](-\d{2})?$/).optional(),
    flagged: Bool.optional(),
    q: z.string().trim().max(40).optional(),
  });
  r.get('/api/employment/jobs', { schema: { tags, summary: '岗位 / Postings', querystring: JobsQuery }, config: { access: 'employment.read' } }, async (req) => {
    const q = req.query;
    const d = districtOf(req.principal!);
    const base = db
      .selectFrom('job_posting as j')
      .$if(!!d, (b) => b.where('j.district_code', '=', d!))
      .$if(!!q.status, (b) => b.where('j.status', '=', q.status!))
      .$if(!!q.district, (b) => b.where('j.district_code', '=', q.district!))
      .$if(!!q.occupation, (b) => (q.occupation!.includes('-') ? b.where('j.occupation_code', '=', q.occupation!) : b.where('j.major_code', '=', q.occupation!)))
      .$if(q.flagged === true, (b) => b.where(sql<boolean>`jsonb_array_length(j.findings) > 0`))
      .$if(!!q.q, (b) => b.where('j.title', 'like', `%${q.q!.replace(/[%_\\]/g, '\\$&')}%`));
    const [count, ids] = await Promise.all([
      base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
      base.select('j.id').orderBy('j.id', 'desc').limit(q.pageSize).offset((q.page - 1) * q.pageSize).execute(),
    ]);
    return { items: await Promise.all(ids.map(async (i) => (await jobDetail(db, Number(i.id)))!)), total: Number(count.n), page: q.page, pageSize: q.pageSize };
  });

  r.post('/api/employment/jobs', { schema: { tags, summary: '代企业发布岗位 / Post a job for an enterprise', body: JobInput.extend({ enterpriseId: z.number().int().positive() }) }, config: { access: 'employment.handle' } }, async (req, reply) => {
    const p = req.principal!;
    const { enterpriseId, ...job } = req.body;
    const ent = await db.selectFrom('enterprise').select(['district_code']).where('id', '=', enterpriseId).executeTakeFirst();
    if (!ent) throw new AppError('VALIDATION', { zh: '没有该企业', en: 'No such enterprise' }, [{ path: 'enterpriseId', message: '没有该企业', messageEn: 'no such enterprise' }]);
    const d = districtOf(p);
    if (d && job.districtCode !== d) throw new AppError('FORBIDDEN', { zh: '只能发布本区县的岗位', en: 'You can post jobs only in your own district' });
    const id = await db.transaction().execute((trx) => createJob(trx, job, { enterpriseId, source: 'staff', ...staff(p) }));
    void reply.status(201);
    return { job: await jobDetail(db, id) };
  });

  const ImportRow = JobInput.extend({ creditCode: z.string().trim().length(18) });
  r.post(
    '/api/employment/jobs/import',
    { schema: { tags, summary: '批量导入岗位 / Import postings', body: z.object({ rows: z.array(z.unknown()).min(1).max(2000) }) }, config: { access: 'employment.handle' } },
    async (req) => {
      const p = req.principal!;
      const t = today();
      const d = districtOf(p);
      const errors: ErrorDetail[] = [];
      const parsed: { row: z.infer<typeof ImportRow>; line: number }[] = [];
      for (const [i, raw] of req.body.rows.entries()) {
        const line = i + 1;
        const r0 = ImportRow.safeParse(raw);
        if (!r0.success) {
          for (const issue of r0.error.issues) errors.push({ ...issueToDetail(issue as Parameters<typeof issueToDetail>[0]), line });
          continue;
        }
        for (const e of await checkJobInput(db, r0.data, t)) errors.push({ ...e, line });
        if (d && r0.data.districtCode !== d) errors.push({ line, path: 'districtCode', message: '只能导入本区县的岗位', messageEn: 'only postings in your own district' });
        parsed.push({ row: r0.data, line });
      }
      const codes = [...new Set(parsed.map((x) => x.row.creditCode))];
      const ents = new Map(codes.length ? (await db.selectFrom('enterprise').select(['id', 'credit_code']).where('credit_code', 'in', codes).execute()).map((e) => [e.credit_code, Number(e.id)]) : []);
      for (const x of parsed) if (!ents.has(x.row.creditCode)) errors.push({ line: x.line, path: 'creditCode', message: '没有该统一社会信用代码的企业', messageEn: 'no enterprise has this credit code' });
      if (errors.length) {
        const lines = new Set(errors.map((e) => e.line)).size;
        errors.sort((a, b) => a.line! - b.line!);
        throw new AppError('VALIDATION', { zh: `${lines}行有误，未导入任何岗位`, en: `${lines} ${lines === 1 ? 'row is' : 'rows are'} wrong; nothing was imported` }, errors.slice(0, 500));
      }
      const ids = await db.transaction().execute(async (trx) => {
        const out: number[] = [];
        for (const x of parsed) {
          const { creditCode, ...job } = x.row;
          out.push(await createJob(trx, job, { enterpriseId: ents.get(creditCode)!, source: 'import', ...staff(p) }));
        }
        return out;
      });
      const statuses = await db.selectFrom('job_posting').select(['status', sql<number>`count(*)::int`.as('n')]).where('id', 'in', ids).groupBy('status').execute();
      const n = (s: string) => Number(statuses.find((x) => x.status === s)?.n ?? 0);
      return { created: ids.length, published: n('published'), blocked: n('blocked') };
    },
  );

  r.get('/api/employment/jobs/:id', { schema: { tags, summary: '岗位详情 / A posting', params: IdParam }, config: { access: 'employment.read' } }, async (req) => {
    await jobInScope(req.principal!, req.params.id);
    return { job: await jobDetail(db, req.params.id), history: await jobHistory(db, req.params.id) };
  });

  r.post('/api/employment/jobs/:id/override', { schema: { tags, summary: '人工放行 / Release a blocked posting', params: IdParam, body: z.object({ reason: z.string().trim().min(5).max(1000) }) }, config: { access: 'employment.handle' } }, async (req) => {
    const p = req.principal!;
    if (p.role === 'township_worker') throw new AppError('FORBIDDEN', { zh: '放行须由区县或市级工作人员决定', en: 'Only district or city staff can release a blocked posting' });
    await jobInScope(p, req.params.id);
    await db.transaction().execute((trx) => overrideJob(trx, req.params.id, req.body.reason, { by: p.userId, now: clock.now() }));
    return { job: await jobDetail(db, req.params.id) };
  });

  r.post('/api/employment/jobs/:id/close', { schema: { tags, summary: '关闭岗位 / Close a posting', params: IdParam }, config: { access: 'employment.handle' } }, async (req) => {
    await jobInScope(req.principal!, req.params.id);
    await db.transaction().execute((trx) => closeJob(trx, req.params.id, { by: req.principal!.userId, now: clock.now() }));
    return { job: await jobDetail(db, req.params.id) };
  });

  r.get('/api/employment/jobs/:id/seekers', { schema: { tags, summary: '岗位的推荐人选 / Seekers for a posting', params: IdParam, querystring: Paging }, config: { access: 'employment.read' } }, async (req) => {
    await jobInScope(req.principal!, req.params.id);
    return seekerMatches(db, req.params.id, req.query, today());
  });

  r.get('/api/employment/jobs/:id/applications', { schema: { tags, summary: '岗位的申请 / Applications to a posting', params: IdParam }, config: { access: 'employment.read' } }, async (req) => {
    await jobInScope(req.principal!, req.params.id);
    const apps = await applicationsOf(db, { jobId: req.params.id });
    const people = new Map(
      apps.length ? (await db.selectFrom('person').select(['id', 'name', 'education', 'birth_date']).where('id', 'in', apps.map((a) => a.personId)).execute()).map((x) => [Number(x.id), x]) : [],
    );
    return { items: apps.map((a) => ({ ...a, name: maskName(people.get(a.personId)!.name), education: people.get(a.personId)!.education, age: ageOn(people.get(a.personId)!.birth_date, today()) })) };
  });

  r.post('/api/employment/referrals', { schema: { tags, summary: '推荐求职者 / Refer a seeker', body: z.object({ jobId: z.number().int().positive(), personId: z.number().int().positive(), eventId: z.number().int().positive().optional() }) }, config: { access: 'employment.handle' } }, async (req, reply) => {
    const p = req.principal!;
    await personInScope(db, p, req.body.personId);
    const id = await db.transaction().execute((trx) => createApplication(trx, { jobId: req.body.jobId, personId: req.body.personId, kind: 'referral', eventId: req.body.eventId ?? null, ...staff(p) }));
    void reply.status(201);
    return { application: (await applicationsOf(db, { applicationId: id }))[0] };
  });

  r.post('/api/employment/applications/:id/outcome', { schema: { tags, summary: '记录应聘结果 / Record an outcome', params: IdParam, body: OutcomeBody }, config: { access: 'employment.handle' } }, async (req) => {
    const p = req.principal!;
    const a = await db.selectFrom('job_application').select(['job_id']).where('id', '=', req.params.id).executeTakeFirst();
    if (!a) throw notFound();
    await jobInScope(p, Number(a.job_id));
    await db.transaction().execute((trx) => setOutcome(trx, req.params.id, { ...req.body, ...staff(p) }));
    return { application: (await applicationsOf(db, { applicationId: req.params.id }))[0] };
  });

  // --- Seekers -------------------------------------------------------------------------------
  const SeekersQuery = Paging.extend({ category: z.enum(SEEKER_CATEGORIES).optional(), district: District.optional(), occupation: z.string().regex(/^[1-8]-\d{2}$/).optional() });
  r.get('/api/employment/seekers', { schema: { tags, summary: '求职者 / Job seekers', querystring: SeekersQuery }, config: { access: 'employment.read' } }, async (req) => {
    const q = req.query;
    const sc = scopeOf(req.principal!);
    const base = db
      .selectFrom('job_seeker as s')
      .innerJoin('person as p', 'p.id', 's.person_id')
      .$if(!!sc, (b) => b.where(`p.${sc!.column}`, '=', sc!.code))
      .$if(!!q.category, (b) => b.where(sql<boolean>`${q.category} = ANY(s.categories)`))
      .$if(!!q.district, (b) => b.where('s.district_code', '=', q.district!))
      .$if(!!q.occupation, (b) => b.where(sql<boolean>`${q.occupation} = ANY(s.preferred_occupations)`));
    const [count, rows] = await Promise.all([
      base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
      base
        .innerJoin('division as d', 'd.code', 's.district_code')
        .innerJoin('division as t', 't.code', 's.township_code')
        .select(['s.person_id', 'p.name', 'p.id_number', 'p.sex', 'p.birth_date', 's.education', 's.categories', 'd.name as district_name', 't.name as township_name', 's.preferred_occupations', 's.expected_wage_fen', 's.status', sql<number>`(SELECT count(*) FROM job_application a WHERE a.person_id = s.person_id)::int`.as('applications')])
        .orderBy('s.updated_at', 'desc')
        .orderBy('s.person_id', 'desc')
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize)
        .execute(),
    ]);
    const t = today();
    return {
      items: rows.map((x) => ({
        id: Number(x.person_id),
        personId: Number(x.person_id),
        name: maskName(x.name),
        idNumber: maskIdNumber(x.id_number),
        age: ageOn(x.birth_date, t),
        sex: x.sex,
        education: x.education,
        categories: x.categories,
        districtName: x.district_name,
        townshipName: x.township_name,
        preferredOccupations: x.preferred_occupations,
        expectedWageYuan: x.expected_wage_fen / 100,
        status: x.status,
        applications: Number(x.applications),
      })),
      total: Number(count.n),
      page: q.page,
      pageSize: q.pageSize,
    };
  });

  r.get('/api/employment/seekers/:personId', { schema: { tags, summary: '求职者详情 / A seeker', params: PersonParam }, config: { access: 'employment.read' } }, async (req) => {
    const p = req.principal!;
    const person = await personInScope(db, p, req.params.personId);
    await writeAudit(db, clock, p, req.id, { action: 'seeker.read', entityType: 'person', entityId: person.id, districtCode: person.district_code });
    return {
      profile: await seekerProfile(db, person.id),
      person: { name: person.name, idNumber: maskIdNumber(person.id_number), age: ageOn(person.birth_date, today()), sex: person.sex },
      applications: await applicationsOf(db, { personId: person.id, withJob: true }),
    };
  });

  r.put('/api/employment/seekers/:personId', { schema: { tags, summary: '登记求职者 / Register a seeker', params: PersonParam, body: SeekerInput }, config: { access: 'employment.handle' } }, async (req) => {
    const p = req.principal!;
    const person = await personInScope(db, p, req.params.personId);
    await db.transaction().execute((trx) => upsertSeeker(trx, person.id, req.body, staff(p)));
    return { profile: await seekerProfile(db, person.id) };
  });

  r.get('/api/employment/seekers/:personId/jobs', { schema: { tags, summary: '为求职者推荐岗位 / Jobs for a seeker', params: PersonParam, querystring: Paging }, config: { access: 'employment.read' } }, async (req) => {
    const person = await personInScope(db, req.principal!, req.params.personId);
    const seeker = await seekerSide(db, person.id);
    if (!seeker) throw new AppError('NOT_FOUND', { zh: '该人员未登记求职意向', en: 'This person has no job profile' });
    return recommendJobsPaged(db, seeker, today(), req.query);
  });

  // --- Recruitment events --------------------------------------------------------------------
  const EventsQuery = Paging.extend({ kind: z.enum(EVENT_KINDS).optional(), year: z.coerce.number().int().min(2000).max(2100).optional(), district: District.optional() });
  r.get('/api/employment/events', { schema: { tags, summary: '招聘活动 / Recruitment events', querystring: EventsQuery }, config: { access: 'employment.read' } }, async (req) => {
    const q = req.query;
    const d = districtOf(req.principal!);
    const year = q.year ?? yearOf(today());
    const filter = <T extends { where: (...a: never[]) => T }>(b: T) => b;
    void filter;
    const scoped = db
      .selectFrom('recruitment_event as ev')
      .where('ev.starts_on', '>=', `${year}-01-01`)
      .where('ev.starts_on', '<=', `${year}-12-31`)
      .$if(!!d, (b) => b.where('ev.district_code', '=', d!))
      .$if(!!q.district, (b) => b.where('ev.district_code', '=', q.district!));
    const [count, byKind, rows, sums] = await Promise.all([
      scoped.$if(!!q.kind, (b) => b.where('ev.kind', '=', q.kind!)).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
      scoped.select(['ev.kind', sql<number>`count(*)::int`.as('n')]).groupBy('ev.kind').execute(),
      eventRows(db)
        .where('ev.starts_on', '>=', `${year}-01-01`)
        .where('ev.starts_on', '<=', `${year}-12-31`)
        .$if(!!d, (b) => b.where('ev.district_code', '=', d!))
        .$if(!!q.district, (b) => b.where('ev.district_code', '=', q.district!))
        .$if(!!q.kind, (b) => b.where('ev.kind', '=', q.kind!))
        .orderBy('ev.starts_on', 'desc')
        .orderBy('ev.id', 'desc')
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize)
        .execute(),
      scoped
        .select([
          sql<number>`coalesce(sum((SELECT coalesce(sum(j.headcount), 0) FROM recruitment_event_job x JOIN job_posting j ON j.id = x.job_id WHERE x.event_id = ev.id)), 0)::int`.as('vacancies'),
          sql<number>`coalesce(sum((SELECT count(*) FROM job_application a WHERE a.event_id = ev.id AND a.status = 'hired')), 0)::int`.as('hires'),
        ])
        .executeTakeFirstOrThrow(),
    ]);
    return {
      items: rows.map(toEvent),
      total: Number(count.n),
      page: q.page,
      pageSize: q.pageSize,
      totals: { byKind: Object.fromEntries(EVENT_KINDS.map((k) => [k, Number(byKind.find((b) => b.kind === k)?.n ?? 0)])), vacancies: Number(sums.vacancies), hires: Number(sums.hires) },
    };
  });

  r.post('/api/employment/events', { schema: { tags, summary: '新建招聘活动 / Create an event', body: EventInput }, config: { access: 'employment.handle' } }, async (req, reply) => {
    const p = req.principal!;
    const d = districtOf(p);
    if (d && req.body.districtCode !== d) throw new AppError('FORBIDDEN', { zh: '只能新建本区县的活动', en: 'You can create events only in your own district' });
    const id = await db.transaction().execute((trx) => createEvent(trx, req.body, { by: p.userId, now: clock.now() }));
    void reply.status(201);
    return { id };
  });

  const eventInScope = async (p: Principal, id: number) => {
    const ev = await eventRows(db).where('ev.id', '=', id).executeTakeFirst();
    const d = districtOf(p);
    if (!ev || (d && ev.district_code !== d)) throw notFound();
    return ev;
  };

  r.get('/api/employment/events/:id', { schema: { tags, summary: '招聘活动详情 / An event', params: IdParam }, config: { access: 'employment.read' } }, async (req) => {
    const ev = await eventInScope(req.principal!, req.params.id);
    const jobs = await db
      .selectFrom('recruitment_event_job as x')
      .innerJoin('job_posting as j', 'j.id', 'x.job_id')
      .select(['j.id', 'j.enterprise_id', sql<number>`(SELECT count(*) FROM job_application a WHERE a.job_id = j.id AND a.event_id = ${req.params.id} AND a.status <> 'withdrawn')::int`.as('applications'), sql<number>`(SELECT count(*) FROM job_application a WHERE a.job_id = j.id AND a.event_id = ${req.params.id} AND a.status = 'hired')::int`.as('hires')])
      .where('x.event_id', '=', req.params.id)
      .orderBy('j.id')
      .execute();
    const details = await Promise.all(jobs.map(async (j) => ({ ...(await jobDetail(db, Number(j.id)))!, applications: Number(j.applications), hires: Number(j.hires) })));
    const ents = await db
      .selectFrom('recruitment_event_enterprise as x')
      .innerJoin('enterprise as e', 'e.id', 'x.enterprise_id')
      .select(['e.id', 'e.name', 'e.credit_code'])
      .where('x.event_id', '=', req.params.id)
      .orderBy('e.name')
      .execute();
    return { event: toEvent(ev), enterprises: ents.map((e) => ({ id: Number(e.id), name: e.name, creditCode: e.credit_code, jobs: jobs.filter((j) => Number(j.enterprise_id) === Number(e.id)).length })), jobs: details };
  });

  r.post('/api/employment/events/:id/jobs', { schema: { tags, summary: '活动增加岗位 / Add postings to an event', params: IdParam, body: z.object({ jobIds: z.array(z.number().int().positive()).min(1).max(500) }) }, config: { access: 'employment.handle' } }, async (req) => {
    await eventInScope(req.principal!, req.params.id);
    await db.transaction().execute((trx) => addJobs(trx, req.params.id, req.body.jobIds));
    return { event: toEvent(await eventInScope(req.principal!, req.params.id)) };
  });

  r.post('/api/employment/events/:id/visits', { schema: { tags, summary: '登记访问人次 / Add visits', params: IdParam, body: z.object({ count: z.number().int().min(1).max(10_000_000) }) }, config: { access: 'employment.handle' } }, async (req) => {
    await eventInScope(req.principal!, req.params.id);
    await db.updateTable('recruitment_event').set({ visits: sql`visits + ${req.body.count}` }).where('id', '=', req.params.id).execute();
    return { event: toEvent(await eventInScope(req.principal!, req.params.id)) };
  });

  // --- Graduates -----------------------------------------------------------------------------
  const GradQuery = Paging.extend({
    year: z.coerce.number().int().min(2000).max(2100).optional(),
    district: District.optional(),
    status: z.enum(GRADUATE_STATUSES).optional(),
    difficulty: Bool.optional(),
    outstanding: Bool.optional(),
    school: z.string().trim().max(60).optional(),
  });
  r.get('/api/employment/graduates', { schema: { tags, summary: '毕业生台账 / Graduates ledger', querystring: GradQuery }, config: { access: 'employment.read' } }, async (req) => {
    const { page, pageSize, ...f } = req.query;
    const base = graduateQuery(db, { ...f, year: f.year ?? yearOf(today()) }, scopeOf(req.principal!));
    const [count, rows] = await Promise.all([
      base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
      base
        .select(['g.person_id', 'p.name', 'p.id_number', 'g.school', 'g.level', 'g.district_code', 'd.name as district_name', 'g.status', 'g.status_source', 'g.wants_work', 'g.difficulty', 'g.difficulty_reasons', 'g.last_contact_on'])
        .orderBy('g.difficulty', 'desc')
        .orderBy('g.person_id')
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute(),
    ]);
    return {
      items: rows.map((x) => ({
        id: Number(x.person_id),
        personId: Number(x.person_id),
        name: maskName(x.name),
        idNumber: maskIdNumber(x.id_number),
        school: x.school,
        level: x.level,
        districtCode: x.district_code,
        districtName: x.district_name,
        status: x.status,
        statusSource: x.status_source,
        wantsWork: x.wants_work,
        difficulty: x.difficulty,
        difficultyReasons: x.difficulty_reasons,
        lastContactOn: x.last_contact_on,
      })),
      total: Number(count.n),
      page,
      pageSize,
    };
  });

  r.get('/api/employment/graduates/summary', { schema: { tags, summary: '毕业生就业统计 / Graduate statistics', querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }) }, config: { access: 'employment.read' } }, async (req) =>
    graduateSummary(db, req.query.year ?? yearOf(today()), scopeOf(req.principal!)),
  );

  r.post('/api/employment/graduates/sync', { schema: { tags, summary: '从数据更新毕业生台账 / Update the ledger from data', body: z.object({ year: z.number().int().min(2000).max(2100) }) }, config: { access: 'employment.handle' } }, async (req) => {
    cityLevel(req.principal!);
    return syncGraduates(db, req.body.year, today(), clock.now());
  });

  // A graduate belongs to the district of their hukou, where the ledger lists them (see graduateQuery).
  const gradInScope = async (p: Principal, personId: number, year: number) => {
    const person = await db.selectFrom('person').select(['id', 'name', 'id_number', 'phone', 'hukou_village_code', 'hukou_district_code']).where('id', '=', personId).executeTakeFirst();
    const rec = await db.selectFrom('graduate_record').selectAll().where('graduation_year', '=', year).where('person_id', '=', personId).executeTakeFirst();
    if (!person || !rec || !divisionInScope(p, p.orgCode.length === 6 ? rec.district_code : person.hukou_village_code)) throw notFound();
    return { person, rec };
  };

  r.get('/api/employment/graduates/:personId', { schema: { tags, summary: '毕业生详情 / A graduate', params: PersonParam, querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }) }, config: { access: 'employment.read' } }, async (req) => {
    const p = req.principal!;
    const year = req.query.year ?? yearOf(today());
    const { person, rec } = await gradInScope(p, req.params.personId, year);
    await writeAudit(db, clock, p, req.id, { action: 'graduate.read', entityType: 'person', entityId: person.id, districtCode: rec.district_code });
    const history = await db
      .selectFrom('graduate_status as s')
      .leftJoin('app_user as u', 'u.id', 's.recorded_by')
      .select(['s.status', 's.wants_work', 's.effective_on', 's.source', 's.channel', 's.note', 'u.display_name', 's.recorded_at'])
      .where('s.graduation_year', '=', year)
      .where('s.person_id', '=', person.id)
      .orderBy('s.id')
      .execute();
    return {
      record: { personId: person.id, name: person.name, idNumber: maskIdNumber(person.id_number), phone: maskPhone(person.phone), school: rec.school, level: rec.level, status: rec.status, statusSource: rec.status_source, wantsWork: rec.wants_work, difficulty: rec.difficulty, difficultyReasons: rec.difficulty_reasons, lastContactOn: rec.last_contact_on },
      history: history.map((h) => ({ status: h.status, wantsWork: h.wants_work, effectiveOn: h.effective_on, source: h.source, channel: h.channel, note: h.note, recordedBy: h.display_name, recordedAt: h.recorded_at })),
    };
  });

  r.post('/api/employment/graduates/:personId/contacts', { schema: { tags, summary: '记录跟踪联系 / Record a follow-up', params: PersonParam, body: ContactInput }, config: { access: 'employment.handle' } }, async (req) => {
    const p = req.principal!;
    await gradInScope(p, req.params.personId, req.body.year);
    await db.transaction().execute((trx) => recordContact(trx, req.params.personId, req.body, staff(p)));
    const rec = await db.selectFrom('graduate_record').selectAll().where('graduation_year', '=', req.body.year).where('person_id', '=', req.params.personId).executeTakeFirstOrThrow();
    return { record: { personId: req.params.personId, status: rec.status, statusSource: rec.status_source, wantsWork: rec.wants_work, lastContactOn: rec.last_contact_on } };
  });

  // --- Persons in difficulty -----------------------------------------------------------------
  const assistScope = (p: Principal) => {
    const sc = scopeOf(p);
    return sc ? { column: sc.column === 'district_code' ? ('a.district_code' as const) : ('a.township_code' as const), code: sc.column === 'village_code' ? sc.code.slice(0, 9) : sc.code } : null;
  };
  const AssistQuery = Paging.extend({ status: z.enum(['open', 'employed', 'closed']).optional(), district: District.optional(), township: Township.optional(), reason: z.enum(DIFFICULTY_REASONS).optional() });
  r.get('/api/employment/assistance', { schema: { tags, summary: '困难人员 / Persons in difficulty', querystring: AssistQuery }, config: { access: 'employment.read' } }, async (req) => {
    const q = req.query;
    const sc = assistScope(req.principal!);
    const base = db
      .selectFrom('assistance_plan as a')
      .$if(!!sc, (b) => b.where(sc!.column, '=', sc!.code))
      .$if(!!q.status, (b) => b.where('a.status', '=', q.status!))
      .$if(!!q.district, (b) => b.where('a.district_code', '=', q.district!))
      .$if(!!q.township, (b) => b.where('a.township_code', '=', q.township!))
      .$if(!!q.reason, (b) => b.where(sql<boolean>`${q.reason} = ANY(a.reasons)`));
    const [count, rows] = await Promise.all([
      base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
      base
        .innerJoin('person as p', 'p.id', 'a.person_id')
        .innerJoin('division as d', 'd.code', 'a.district_code')
        .innerJoin('division as t', 't.code', 'a.township_code')
        .leftJoin('app_user as u', 'u.id', 'a.assigned_to')
        .select([
          'a.id',
          'a.person_id',
          'p.name',
          'p.id_number',
          'a.reasons',
          'd.name as district_name',
          't.name as township_name',
          'a.assigned_to',
          'u.display_name',
          'a.status',
          'a.identified_on',
          sql<number>`(SELECT count(*) FROM assistance_service s WHERE s.plan_id = a.id)::int`.as('services'),
          sql<number>`(SELECT count(*) FROM assistance_service s WHERE s.plan_id = a.id AND s.done_on IS NOT NULL)::int`.as('done'),
          sql<string | null>`(SELECT min(s.planned_on)::text FROM assistance_service s WHERE s.plan_id = a.id AND s.done_on IS NULL)`.as('next_planned'),
        ])
        .orderBy('a.id', 'desc')
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize)
        .execute(),
    ]);
    return {
      items: rows.map((x) => ({
        id: Number(x.id),
        personId: Number(x.person_id),
        name: maskName(x.name),
        idNumber: maskIdNumber(x.id_number),
        reasons: x.reasons,
        districtName: x.district_name,
        townshipName: x.township_name,
        assignedTo: x.assigned_to === null ? null : { id: Number(x.assigned_to), name: x.display_name },
        status: x.status,
        identifiedOn: x.identified_on,
        services: Number(x.services),
        servicesDone: Number(x.done),
        nextPlannedOn: x.next_planned,
      })),
      total: Number(count.n),
      page: q.page,
      pageSize: q.pageSize,
    };
  });

  r.get('/api/employment/assistance/summary', { schema: { tags, summary: '困难人员统计 / Statistics' }, config: { access: 'employment.read' } }, async (req) => {
    const sc = assistScope(req.principal!);
    const base = db.selectFrom('assistance_plan as a').$if(!!sc, (b) => b.where(sc!.column, '=', sc!.code));
    const totals = await base.select(['a.status', sql<number>`count(*)::int`.as('n')]).groupBy('a.status').execute();
    const reasons = await base.select([sql<string>`unnest(a.reasons)`.as('reason'), sql<number>`count(*)::int`.as('n')]).where('a.status', '=', 'open').groupBy(sql`1`).execute();
    const byDistrict = await base
      .innerJoin('division as d', 'd.code', 'a.district_code')
      .select(['a.district_code', 'd.name', sql<number>`count(*) FILTER (WHERE a.status = 'open')::int`.as('open'), sql<number>`count(*) FILTER (WHERE a.status = 'employed')::int`.as('employed')])
      .groupBy(['a.district_code', 'd.name'])
      .orderBy('a.district_code')
      .execute();
    const n = (s: string) => Number(totals.find((x) => x.status === s)?.n ?? 0);
    return {
      open: n('open'),
      employed: n('employed'),
      closed: n('closed'),
      byReason: Object.fromEntries(DIFFICULTY_REASONS.map((k) => [k, Number(reasons.find((x) => x.reason === k)?.n ?? 0)])),
      byDistrict: byDistrict.map((d) => ({ districtCode: d.district_code, name: d.name, open: Number(d.open), employed: Number(d.employed) })),
    };
  });

  r.post('/api/employment/assistance/identify', { schema: { tags, summary: '从规则引擎识别困难人员 / Identify from the rules engine' }, config: { access: 'employment.handle' } }, async (req) => {
    cityLevel(req.principal!);
    return db.transaction().execute((trx) => identifyDifficulty(trx, today(), clock.now()));
  });

  const planInScope = async (p: Principal, id: number) => {
    const plan = await db.selectFrom('assistance_plan').selectAll().where('id', '=', id).executeTakeFirst();
    if (!plan || !divisionInScope(p, plan.township_code)) throw notFound();
    return plan;
  };

  r.get('/api/employment/assistance/:id', { schema: { tags, summary: '帮扶计划 / An assistance plan', params: IdParam }, config: { access: 'employment.read' } }, async (req) => {
    const p = req.principal!;
    const plan = await planInScope(p, req.params.id);
    const person = await db.selectFrom('person').select(['id', 'name', 'id_number', 'sex', 'birth_date', 'education', 'phone']).where('id', '=', plan.person_id).executeTakeFirstOrThrow();
    await writeAudit(db, clock, p, req.id, { action: 'assistance.read', entityType: 'person', entityId: person.id, districtCode: plan.district_code });
    const services = await db
      .selectFrom('assistance_service as s')
      .leftJoin('job_posting as j', 'j.id', 's.job_id')
      .select(['s.id', 's.kind', 's.planned_on', 's.done_on', 's.outcome', 's.note', 's.job_id', 'j.title'])
      .where('s.plan_id', '=', plan.id)
      .orderBy('s.planned_on')
      .orderBy('s.id')
      .execute();
    const assignee = plan.assigned_to ? await db.selectFrom('app_user').select(['id', 'display_name']).where('id', '=', plan.assigned_to).executeTakeFirst() : null;
    return {
      plan: { id: Number(plan.id), personId: Number(plan.person_id), reasons: plan.reasons, source: plan.source, identifiedOn: plan.identified_on, status: plan.status, closedOn: plan.closed_on, closedReason: plan.closed_reason, assignedTo: assignee ? { id: Number(assignee.id), name: assignee.display_name } : null },
      person: { name: person.name, idNumber: maskIdNumber(person.id_number), age: ageOn(person.birth_date, today()), sex: person.sex, education: person.education, phone: maskPhone(person.phone) },
      services: services.map((s) => ({ id: Number(s.id), kind: s.kind, plannedOn: s.planned_on, doneOn: s.done_on, outcome: s.outcome, note: s.note, jobId: s.job_id === null ? null : Number(s.job_id), jobTitle: s.title })),
    };
  });

  r.post('/api/employment/assistance/:id/services', { schema: { tags, summary: '增加帮扶服务 / Add a service', params: IdParam, body: ServiceInput }, config: { access: 'employment.handle' } }, async (req, reply) => {
    await planInScope(req.principal!, req.params.id);
    const id = await db.transaction().execute((trx) => addService(trx, req.params.id, req.body, staff(req.principal!)));
    void reply.status(201);
    return { id };
  });

  r.post(
    '/api/employment/assistance/:id/services/:serviceId/outcome',
    { schema: { tags, summary: '记录服务结果 / Record a service outcome', params: IdParam.extend({ serviceId: z.coerce.number().int().positive() }), body: ServiceOutcome }, config: { access: 'employment.handle' } },
    async (req) => {
      await planInScope(req.principal!, req.params.id);
      await db.transaction().execute((trx) => recordServiceOutcome(trx, req.params.id, req.params.serviceId, req.body, staff(req.principal!)));
      return { ok: true };
    },
  );

  r.post('/api/employment/assistance/:id/close', { schema: { tags, summary: '结束帮扶计划 / Close a plan', params: IdParam, body: ClosePlan }, config: { access: 'employment.handle' } }, async (req) => {
    await planInScope(req.principal!, req.params.id);
    await db.transaction().execute((trx) => closePlan(trx, req.params.id, req.body, staff(req.principal!)));
    return { ok: true };
  });

  // --- Zero-employment households ------------------------------------------------------------
  const HouseholdQuery = Paging.extend({ status: z.enum(['open', 'cleared']).optional(), district: District.optional(), township: Township.optional() });
  r.get('/api/employment/households', { schema: { tags, summary: '零就业家庭 / Zero-employment households', querystring: HouseholdQuery }, config: { access: 'employment.read' } }, async (req) => {
    const q = req.query;
    const sc = scopeOf(req.principal!);
    const base = db
      .selectFrom('zero_employment_household as z')
      .$if(!!sc, (b) => b.where(`z.${sc!.column}`, '=', sc!.code))
      .$if(!!q.district, (b) => b.where('z.district_code', '=', q.district!))
      .$if(!!q.township, (b) => b.where('z.township_code', '=', q.township!));
    const t = today();
    const [count, outstanding, rows] = await Promise.all([
      base.$if(!!q.status, (b) => b.where('z.status', '=', q.status!)).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
      base.where('z.status', '=', 'open').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
      base
        .$if(!!q.status, (b) => b.where('z.status', '=', q.status!))
        .innerJoin('division as d', 'd.code', 'z.district_code')
        .innerJoin('division as t', 't.code', 'z.township_code')
        .innerJoin('division as v', 'v.code', 'z.village_code')
        .leftJoin('app_user as u', 'u.id', 'z.assigned_to')
        .select([
          'z.id',
          'z.household_id',
          'd.name as district_name',
          't.name as township_name',
          'v.name as village_name',
          'z.detected_on',
          'z.assigned_to',
          'u.display_name',
          'z.status',
          'z.cleared_on',
          sql<string | null>`(SELECT m.name FROM person m WHERE m.household_id = z.household_id ORDER BY (m.relation = 'head') DESC, m.id LIMIT 1)`.as('head_name'),
          sql<number>`(SELECT count(*) FROM person m WHERE m.household_id = z.household_id)::int`.as('members'),
          sql<number>`(SELECT count(*) FROM person m WHERE m.household_id = z.household_id AND extract(year FROM age(${t}::date, m.birth_date)) >= 16
                         AND extract(year FROM age(${t}::date, m.birth_date)) < CASE WHEN m.sex = 'M' THEN 60 ELSE 55 END)::int`.as('working_age'),
        ])
        .orderBy('z.status')
        .orderBy('z.id', 'desc')
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize)
        .execute(),
    ]);
    return {
      items: rows.map((x) => ({
        id: Number(x.id),
        householdId: Number(x.household_id),
        headName: x.head_name ? maskName(x.head_name) : null,
        districtName: x.district_name,
        townshipName: x.township_name,
        villageName: x.village_name,
        members: Number(x.members),
        workingAge: Number(x.working_age),
        detectedOn: x.detected_on,
        assignedTo: x.assigned_to === null ? null : { id: Number(x.assigned_to), name: x.display_name },
        status: x.status,
        clearedOn: x.cleared_on,
      })),
      total: Number(count.n),
      outstanding: Number(outstanding.n),
      page: q.page,
      pageSize: q.pageSize,
    };
  });

  r.get('/api/employment/households/summary', { schema: { tags, summary: '零就业家庭统计 / Statistics' }, config: { access: 'employment.read' } }, async (req) => {
    const sc = scopeOf(req.principal!);
    const year = yearOf(today());
    const rows = await db
      .selectFrom('zero_employment_household as z')
      .innerJoin('division as d', 'd.code', 'z.district_code')
      .$if(!!sc, (b) => b.where(`z.${sc!.column}`, '=', sc!.code))
      .select(['z.district_code', 'd.name', sql<number>`count(*) FILTER (WHERE z.status = 'open')::int`.as('open'), sql<number>`count(*) FILTER (WHERE z.status = 'cleared' AND z.cleared_on >= ${`${year}-01-01`})::int`.as('cleared')])
      .groupBy(['z.district_code', 'd.name'])
      .orderBy('z.district_code')
      .execute();
    const byDistrict = rows.map((x) => ({ districtCode: x.district_code, name: x.name, open: Number(x.open), cleared: Number(x.cleared) }));
    return { open: byDistrict.reduce((a, x) => a + x.open, 0), clearedThisYear: byDistrict.reduce((a, x) => a + x.cleared, 0), byDistrict };
  });

  r.post('/api/employment/households/detect', { schema: { tags, summary: '从规则引擎识别并核对 / Detect and re-check' }, config: { access: 'employment.handle' } }, async (req) => {
    const p = req.principal!;
    if (p.role === 'township_worker') throw new AppError('FORBIDDEN', { zh: '识别由区县或市级工作人员执行', en: 'Detection is run by district or city staff' });
    return detectHouseholds(db, today(), clock.now());
  });

  const householdInScope = async (p: Principal, id: number) => {
    const z0 = await db.selectFrom('zero_employment_household').selectAll().where('id', '=', id).executeTakeFirst();
    if (!z0 || !divisionInScope(p, z0.village_code)) throw notFound();
    return z0;
  };

  r.get('/api/employment/households/:id', { schema: { tags, summary: '零就业家庭详情 / A household', params: IdParam }, config: { access: 'employment.read' } }, async (req) => {
    const p = req.principal!;
    const z0 = await householdInScope(p, req.params.id);
    await writeAudit(db, clock, p, req.id, { action: 'household.read', entityType: 'household', entityId: z0.household_id, districtCode: z0.district_code });
    const t = today();
    const members = await db
      .selectFrom('person as m')
      .select([
        'm.id',
        'm.name',
        'm.relation',
        'm.birth_date',
        'm.sex',
        'm.education',
        sql<boolean>`EXISTS (SELECT 1 FROM employment e WHERE e.person_id = m.id AND e.start_date <= ${t} AND (e.end_date IS NULL OR e.end_date >= ${t}))`.as('employed'),
        sql<boolean>`EXISTS (SELECT 1 FROM hr_unemployment_registration u WHERE u.person_id = m.id AND u.ended_on IS NULL)`.as('registered'),
        sql<boolean>`EXISTS (SELECT 1 FROM job_seeker s WHERE s.person_id = m.id AND s.status = 'active')`.as('seeker'),
      ])
      .where('m.household_id', '=', z0.household_id)
      .orderBy('m.id')
      .execute();
    const history = await db
      .selectFrom('employment_event as ev')
      .leftJoin('app_user as u', 'u.id', 'ev.actor_id')
      .select(['ev.action', 'ev.at', 'ev.details', 'u.display_name'])
      .where('ev.entity_type', '=', 'household')
      .where('ev.entity_id', '=', z0.id)
      .orderBy('ev.id')
      .execute();
    const [village, assignee] = await Promise.all([
      db.selectFrom('division').select('name').where('code', '=', z0.village_code).executeTakeFirstOrThrow(),
      z0.assigned_to ? db.selectFrom('app_user').select(['id', 'display_name']).where('id', '=', z0.assigned_to).executeTakeFirst() : null,
    ]);
    return {
      household: {
        id: Number(z0.id),
        householdId: Number(z0.household_id),
        villageName: village.name,
        detectedOn: z0.detected_on,
        status: z0.status,
        clearedOn: z0.cleared_on,
        clearedPersonId: z0.cleared_person_id === null ? null : Number(z0.cleared_person_id),
        clearNote: z0.clear_note,
        assignedTo: assignee ? { id: Number(assignee.id), name: assignee.display_name } : null,
      },
      members: members.map((m) => {
        const w = workingAge(m.birth_date, m.sex, t);
        return { personId: Number(m.id), name: maskName(m.name), relation: m.relation, age: w.age, sex: m.sex, education: m.education, workingAge: w.working, employed: m.employed, registeredUnemployed: m.registered, seeker: m.seeker };
      }),
      history: history.map((h) => ({ action: h.action, at: h.at, actorName: h.display_name, details: typeof h.details === 'string' ? (JSON.parse(h.details) as unknown) : h.details })),
    };
  });

  r.post('/api/employment/households/:id/assign', { schema: { tags, summary: '指派包户人员 / Assign a worker', params: IdParam, body: z.object({ userId: z.number().int().positive() }) }, config: { access: 'employment.handle' } }, async (req) => {
    const p = req.principal!;
    const z0 = await householdInScope(p, req.params.id);
    const u = await db.selectFrom('app_user').select(['id', 'org_code', 'role', 'active']).where('id', '=', req.body.userId).executeTakeFirst();
    const staffRoles = ['city_admin', 'department_officer', 'district_officer', 'township_worker'];
    if (!u || !u.active || !staffRoles.includes(u.role) || !z0.village_code.startsWith(u.org_code === CITY_CODE ? '' : u.org_code))
      throw new AppError('VALIDATION', { zh: '只能指派该家庭所在乡镇(街道)或上级的工作人员', en: 'Assign a staff member of the household’s township or above' }, [{ path: 'userId', message: '不能指派该用户', messageEn: 'this user cannot be assigned' }]);
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('zero_employment_household').set({ assigned_to: u.id, updated_at: clock.now() }).where('id', '=', z0.id).execute();
      await trx.insertInto('employment_event').values({ entity_type: 'household', entity_id: z0.id, action: 'assigned', actor_id: p.userId, details: JSON.stringify({ userId: u.id }) }).execute();
    });
    return { ok: true };
  });

  r.post('/api/employment/households/:id/clear', { schema: { tags, summary: '清零：登记家庭成员就业 / Clear: register a member’s job', params: IdParam, body: ClearHousehold }, config: { access: 'employment.handle' } }, async (req) => {
    const p = req.principal!;
    const z0 = await householdInScope(p, req.params.id);
    await db.transaction().execute((trx) => clearHousehold(trx, z0.id, req.body, staff(p)));
    const after = await db.selectFrom('zero_employment_household').select(['id', 'status', 'cleared_on', 'cleared_person_id']).where('id', '=', z0.id).executeTakeFirstOrThrow();
    return { household: { id: Number(after.id), status: after.status, clearedOn: after.cleared_on, clearedPersonId: after.cleared_person_id === null ? null : Number(after.cleared_person_id) } };
  });

  r.get('/api/employment/staff', { schema: { tags, summary: '可指派的工作人员 / Staff who can be assigned', querystring: z.object({ township: Township.optional() }) }, config: { access: 'employment.read' } }, async (req) => {
    const p = req.principal!;
    const t = req.query.township ?? (p.orgCode.length >= 9 ? p.orgCode.slice(0, 9) : null);
    const rows = await db
      .selectFrom('app_user')
      .select(['id', 'display_name', 'role', 'org_code'])
      .where('active', '=', true)
      .where('role', 'in', ['district_officer', 'township_worker'])
      .$if(!!t, (q) => q.where('org_code', 'in', [t!, t!.slice(0, 6)]))
      .$if(!t && p.orgCode !== CITY_CODE, (q) => q.where('org_code', 'like', `${p.orgCode.slice(0, 6)}%`))
      .orderBy('role', 'desc')
      .orderBy('id')
      .limit(200)
      .execute();
    return { items: rows.map((x) => ({ id: Number(x.id), name: x.display_name, role: x.role, orgCode: x.org_code })) };
  });
}

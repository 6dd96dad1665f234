// Plan tracker routes (民生报表): targets, progress, quotas, league table, reporting with approval,
// milestones, supervision, ratings, the XLSX report, and the public page and open data.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app.js';
import type { Principal } from '../../platform/access.js';
import { shanghaiDate } from '../../platform/clock.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { msg } from '../../platform/validation.js';
import { createNextPlan, recomputeIndicators, setQuotas, settingsOf, updateSettings } from './plan.service.js';
import { monthOf } from './progress.js';
import { chongqingGeo, leagueMethod, observations, observationsCsv, planSnapshot, publicProgress, reportWorkbook } from './publish.js';
import { myRatings, rate, ratingSummary } from './ratings.js';
import { listSubmissions, review, saveDraft, submissionDetail, submissionForm, submit } from './reporting.js';
import { openTasksForRedLights } from './supervision.js';
import { CITY, defaultPeriod, indicatorInfo, loadPlan, loadValues, milestoneStates, progressResponse, targetInfo, targetProgress, valueAt } from './tracker.js';

const Year = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, msg('月份格式应为 YYYY-MM', 'a month is YYYY-MM'));
const Org = z.string().regex(/^(500000|\d{6}|\d{9})$/, msg('单位应为区划代码', 'a unit is a division code'));
const Dept = z.string().regex(/^[a-z][a-z0-9_]*$/, msg('部门代码格式不正确', 'not a department code'));
const IdParam = z.object({ id: z.coerce.number().int().positive() });
const Version = z.object({ version: z.number().int().positive() });
const Num = z.number().finite().nullable().optional();

/** A district officer sees the city and their own district; township workers their district; others any. */
function orgAllowed(p: Principal, org: string): boolean {
  if (org === CITY) return true;
  if (p.orgCode === CITY) return true;
  return p.orgCode.startsWith(org) || org.startsWith(p.orgCode);
}

export async function planRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;
  const today = () => shanghaiDate(clock.now());
  const periodOf = (year: number, p?: string) => {
    const period = p ?? defaultPeriod(year, today());
    if (Number(period.slice(0, 4)) !== year) throw new AppError('VALIDATION', { zh: `月份须在${year}年内`, en: `The month must be in ${year}` }, [{ path: 'period', message: `须在${year}年内`, messageEn: `must be in ${year}` }]);
    return period;
  };
  const divisionName = async (code: string) => (await db.selectFrom('division').select('name').where('code', '=', code).executeTakeFirst())?.name;

  r.get('/api/plans', { schema: { tags: ['plan'], summary: '行动方案 / Plans' }, config: { access: 'plan.read' } }, async () => plans());
  async function plans() {
    const rows = await db.selectFrom('plan').select(['year', 'name_zh', 'name_en', 'document_no', 'issued_on', 'copied_from']).orderBy('year', 'desc').execute();
    const counts = await db.selectFrom('plan_target').select(['plan_year']).select((eb) => eb.fn.countAll<number>().as('n')).groupBy('plan_year').execute();
    const inds = await db.selectFrom('plan_indicator').select(['plan_year']).select((eb) => eb.fn.countAll<number>().as('n')).groupBy('plan_year').execute();
    return rows.map((p) => ({ year: p.year, name: { zh: p.name_zh, en: p.name_en }, documentNo: p.document_no, issuedOn: String(p.issued_on).slice(0, 10), copiedFrom: p.copied_from, targets: Number(counts.find((c) => c.plan_year === p.year)?.n ?? 0), indicators: Number(inds.find((c) => c.plan_year === p.year)?.n ?? 0) }));
  }

  r.post(
    '/api/plans/:year/next',
    { schema: { tags: ['plan'], summary: '创建下一年度方案 / Create the next year’s plan', params: Year, body: z.object({ year: z.number().int().min(2000).max(2100) }).strict() }, config: { access: 'plan.admin' } },
    async (req, reply) => {
      await createNextPlan(db, req.params.year, req.body.year, req.principal!.userId);
      reply.code(201);
      return (await plans()).find((p) => p.year === req.body.year);
    },
  );

  const Settings = z
    .object({
      thresholds: z.object({ yellow: z.number().min(0).max(100), red: z.number().min(0).max(100) }).strict().partial(),
      leagueCap: z.number().min(1).max(3),
      leagueWeights: z.record(z.string().max(20), z.number().min(0).max(100)),
      ratingWeight: z.number().min(0).max(0.5),
      ratingMinSample: z.number().int().min(1).max(10000),
      reportDueDay: z.number().int().min(1).max(28),
      outlierFactor: z.number().min(1.5).max(100),
    })
    .strict()
    .partial();
  r.get('/api/plans/:year/settings', { schema: { tags: ['plan'], summary: '方案设置 / Plan settings', params: Year }, config: { access: 'plan.read' } }, async (req) => {
    const p = await db.selectFrom('plan').select('settings').where('year', '=', req.params.year).executeTakeFirst();
    if (!p) throw notFound({ zh: '没有该年度方案', en: 'No plan for that year' });
    const changes = await db.selectFrom('plan_change as c').leftJoin('app_user as u', 'u.id', 'c.actor_id').select(['c.kind', 'c.subject', 'c.at', 'u.display_name']).where('c.plan_year', '=', req.params.year).orderBy('c.id', 'desc').limit(100).execute();
    return { settings: settingsOf(typeof p.settings === 'string' ? JSON.parse(p.settings) : p.settings), changes: changes.map((c) => ({ kind: c.kind, subject: c.subject, at: new Date(c.at).toISOString(), actor: c.display_name })) };
  });
  r.put('/api/plans/:year/settings', { schema: { tags: ['plan'], summary: '调整亮灯阈值和赛马权重 / Change thresholds and weights', params: Year, body: Settings }, config: { access: 'plan.admin' } }, async (req) => ({
    settings: await updateSettings(db, req.params.year, req.body as Parameters<typeof updateSettings>[2], req.principal!.userId),
  }));

  r.get('/api/plans/:year/targets', { schema: { tags: ['plan'], summary: '目标清单 / Every target', params: Year }, config: { access: 'plan.read' } }, async (req) => {
    const c = await loadPlan(db, req.params.year);
    return c.targets.map((t) => targetInfo(c, t));
  });

  r.get(
    '/api/plans/:year/progress',
    { schema: { tags: ['plan'], summary: '序时进度 / Progress against time', params: Year, querystring: z.object({ period: Month.optional(), org: Org.default(CITY) }) }, config: { access: 'plan.read' } },
    async (req) => {
      const { year } = req.params;
      const period = periodOf(year, req.query.period);
      const org = req.query.org;
      if (org !== CITY && org.length !== 6) throw new AppError('VALIDATION', { zh: '单位应为全市或区县', en: 'The unit is the city or a district' }, [{ path: 'org', message: '应为全市或区县', messageEn: 'the city or a district' }]);
      if (!orgAllowed(req.principal!, org)) throw notFound();
      const name = await divisionName(org);
      if (!name) throw notFound();
      const c = await loadPlan(db, year, period);
      return progressResponse(c, await loadValues(db, year, period), await milestoneStates(db, year, period), org, name, period);
    },
  );

  r.get(
    '/api/plans/:year/series',
    { schema: { tags: ['plan'], summary: '指标月度序列 / Monthly series', params: Year, querystring: z.object({ indicator: Dept, org: Org.default(CITY) }) }, config: { access: 'plan.read' } },
    async (req) => {
      const { year } = req.params;
      const org = req.query.org;
      if (!orgAllowed(req.principal!, org)) throw notFound();
      const c = await loadPlan(db, year);
      const ind = c.indicators.get(req.query.indicator);
      if (!ind) throw notFound({ zh: '没有该指标', en: 'No such indicator' });
      const cube = await loadValues(db, year, `${year}-12`);
      const ms = await milestoneStates(db, year, `${year}-12`);
      const t = c.targets.find((x) => x.indicatorCode === ind.code && x.comparator !== 'milestone');
      const points = Array.from({ length: 12 }, (_, i) => {
        const period = `${year}-${String(i + 1).padStart(2, '0')}`;
        const v = valueAt(c, cube, ind, org, i + 1);
        const own = v.month === i + 1 ? v.value : null;
        const src = own ? (own.source ?? v.units.find((u) => u.source)?.source ?? null) : null;
        return { period, value: own?.value ?? null, numerator: own?.numerator ?? null, denominator: own?.denominator ?? null, source: src };
      });
      const tp = t ? targetProgress(c, cube, ms, t, org, `${year}-12`) : null;
      const expected = Array.from({ length: 12 }, (_, i) => (t ? targetProgress(c, cube, ms, t, org, `${year}-${String(i + 1).padStart(2, '0')}`).expected : null));
      return { indicator: indicatorInfo(c, ind.code), orgCode: org, points, target: tp?.target ?? null, expected };
    },
  );

  r.get('/api/plans/:year/quotas/:target', { schema: { tags: ['plan'], summary: '任务分解 / District quotas', params: Year.extend({ target: z.string().max(20) }), querystring: z.object({ period: Month.optional() }) }, config: { access: 'plan.read' } }, async (req) => quotaView(req.params.year, req.params.target, req.query.period));
  async function quotaView(year: number, code: string, p?: string) {
    const period = periodOf(year, p);
    const c = await loadPlan(db, year, period);
    const t = c.targets.find((x) => x.code === code);
    if (!t) throw notFound({ zh: '没有该目标', en: 'No such target' });
    const q = c.quotas.get(code) ?? new Map<string, number>();
    const cube = await loadValues(db, year, period);
    const ms = await milestoneStates(db, year, period);
    const total = [...q.values()].reduce((s, v) => s + v, 0);
    const ind = t.indicatorCode ? c.indicators.get(t.indicatorCode) : undefined;
    const isRate = ind?.aggregation === 'rate' || t.unit === 'percent';
    const consistent = t.value === null || q.size === 0 ? false : isRate ? [...q.values()].every((v) => v >= t.value!) : total >= t.value - 1e-9;
    const message = q.size === 0
      ? { zh: '该目标未分解到区县', en: 'This target is not split into districts' }
      : consistent
        ? { zh: isRate ? `各区县任务均不低于全市目标${t.value}` : `各区县任务合计${total}，不低于全市目标${t.value}`, en: isRate ? `Every district quota meets the city target of ${t.value}` : `District quotas add up to ${total}, meeting the city target of ${t.value}` }
        : { zh: isRate ? `有区县任务低于全市目标${t.value}` : `各区县任务合计${total}，低于全市目标${t.value}，差${(t.value ?? 0) - total}`, en: isRate ? `Some district quotas are below the city target of ${t.value}` : `District quotas add up to ${total}, short of the city target of ${t.value} by ${(t.value ?? 0) - total}` };
    return {
      target: targetInfo(c, t),
      cityTarget: t.value,
      total,
      consistent,
      message,
      rows: c.districts.map((d) => {
        const p2 = targetProgress(c, cube, ms, t, d.code, period);
        return { districtCode: d.code, districtName: d.name, quota: q.get(d.code) ?? 0, actual: p2.actual, completion: p2.completion, light: p2.light };
      }),
    };
  }

  r.put(
    '/api/plans/:year/quotas/:target',
    { schema: { tags: ['plan'], summary: '调整任务分解 / Set district quotas', params: Year.extend({ target: z.string().max(20) }), body: z.object({ quotas: z.record(z.string(), z.number().finite().nonnegative()) }).strict() }, config: { access: 'plan.admin' } },
    async (req) => {
      await setQuotas(db, req.params.year, req.params.target, req.body.quotas, req.principal!.userId);
      return quotaView(req.params.year, req.params.target);
    },
  );

  r.get('/api/plans/:year/league', { schema: { tags: ['plan'], summary: '赛马比拼 / League table', params: Year, querystring: z.object({ period: Month.optional() }) }, config: { access: 'plan.read' } }, async (req) => leagueView(req.params.year, req.query.period));
  /** The league for a month, with each district's movement since the month before; `snap` reuses a snapshot already loaded for that month. */
  async function leagueView(year: number, p?: string, snap?: Awaited<ReturnType<typeof planSnapshot>>) {
    const period = periodOf(year, p);
    const { ctx: c, lg } = snap ?? (await planSnapshot(db, year, period));
    const m = monthOf(period);
    const previousPeriod = m > 1 ? `${year}-${String(m - 1).padStart(2, '0')}` : null;
    const prev = previousPeriod ? (await planSnapshot(db, year, previousPeriod)).lg.rows : [];
    const prevRank = new Map(prev.map((x) => [x.districtCode, x.rank]));
    return {
      year,
      period,
      previousPeriod,
      method: leagueMethod(c),
      cap: c.settings.leagueCap,
      ratingWeight: c.settings.ratingWeight,
      weights: lg.scored.map((t) => ({ targetCode: t.code, title: t.title, weight: c.settings.leagueWeights[t.code] ?? 1 })),
      rows: lg.rows.map((x) => {
        const pr = prevRank.get(x.districtCode) ?? null;
        return { ...x, previousRank: pr, movement: pr === null ? null : pr - x.rank };
      }),
    };
  }

  r.get('/api/plans/:year/districts/:code', { schema: { tags: ['plan'], summary: '区县视图 / District view', params: Year.extend({ code: z.string().regex(/^\d{6}$/) }), querystring: z.object({ period: Month.optional() }) }, config: { access: 'plan.read' } }, async (req) => {
    const { year, code } = req.params;
    if (!orgAllowed(req.principal!, code) || code === CITY) throw notFound();
    const period = periodOf(year, req.query.period);
    const name = await divisionName(code);
    if (!name) throw notFound();
    // One snapshot of the month serves the district's progress and the league (the month before is loaded for the movement).
    const snap = await planSnapshot(db, year, period);
    const { ctx: c, cube, ms } = snap;
    const lgv = await leagueView(year, period, snap);
    const row = lgv.rows.find((x) => x.districtCode === code);
    return {
      progress: progressResponse(c, cube, ms, code, name, period),
      rank: row?.rank ?? null,
      movement: row?.movement ?? null,
      score: row?.score ?? null,
      quotas: c.targets.filter((t) => c.quotas.get(t.code)?.has(code)).map((t) => ({ targetCode: t.code, title: t.title, quota: c.quotas.get(t.code)!.get(code)!, unit: t.unit })),
    };
  });

  r.get('/api/plans/:year/departments/:code', { schema: { tags: ['plan'], summary: '部门视图 / Department view', params: Year.extend({ code: Dept }), querystring: z.object({ period: Month.optional() }) }, config: { access: 'plan.read' } }, async (req) => {
    const { year, code } = req.params;
    const dept = await db.selectFrom('department').select(['code', 'name_zh', 'name_en', 'short_zh']).where('code', '=', code).executeTakeFirst();
    if (!dept) throw notFound({ zh: '没有该部门', en: 'No such department' });
    const period = periodOf(year, req.query.period);
    const c = await loadPlan(db, year, period);
    const cube = await loadValues(db, year, period);
    const ms = await milestoneStates(db, year, period);
    const mine = c.targets.filter((t) => t.departments.includes(code));
    return {
      departmentCode: code,
      departmentName: { zh: dept.short_zh ?? dept.name_zh, en: dept.name_en },
      period,
      lead: mine.filter((t) => t.departments[0] === code).map((t) => targetProgress(c, cube, ms, t, CITY, period)),
      partner: mine.filter((t) => t.departments[0] !== code).map((t) => targetProgress(c, cube, ms, t, CITY, period)),
    };
  });

  r.post('/api/plans/:year/recompute', { schema: { tags: ['plan'], summary: '重算平台计算指标 / Recompute computed indicators', params: Year }, config: { access: 'plan.admin' } }, async (req) => {
    const { year } = req.params;
    const t0 = performance.now();
    // Values through the current month (so far); supervision looks at the last month that has ended.
    const now = today();
    const through = Number(now.slice(0, 4)) > year ? 12 : Number(now.slice(0, 4)) < year ? 0 : monthOf(now.slice(0, 7));
    const res = await recomputeIndicators(db, year, through);
    const opened = through > 0 ? await openTasksForRedLights(db, year, defaultPeriod(year, now), clock) : 0;
    return { ...res, supervisionOpened: opened, ms: Math.round(performance.now() - t0) };
  });

  r.get('/api/plans/:year/report.xlsx', { schema: { tags: ['plan'], summary: '民生报表(XLSX) / Monthly report', params: Year, querystring: z.object({ period: Month.optional() }) }, config: { access: 'plan.read' } }, async (req, reply) => {
    const period = periodOf(req.params.year, req.query.period);
    const buf = await reportWorkbook(db, req.params.year, period);
    reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    reply.header('content-disposition', `attachment; filename="minsheng-report-${period}.xlsx"`);
    return reply.send(buf);
  });

  // --- Reporting with approval ---------------------------------------------------------------
  r.get('/api/plans/:year/submissions', { schema: { tags: ['plan'], summary: '报送列表 / Submissions', params: Year, querystring: z.object({ period: Month.optional(), status: z.enum(['draft', 'submitted', 'approved', 'returned']).optional() }) }, config: { access: 'plan.read' } }, async (req) =>
    listSubmissions(db, req.principal!, req.params.year, req.query),
  );
  r.get('/api/plans/:year/submissions/form', { schema: { tags: ['plan'], summary: '填报表单 / Submission form', params: Year, querystring: z.object({ period: Month, org: Org, department: Dept }) }, config: { access: 'plan.report' } }, async (req) => {
    periodOf(req.params.year, req.query.period);
    return submissionForm(db, req.principal!, req.params.year, req.query);
  });
  r.put(
    '/api/plans/:year/submissions',
    {
      schema: {
        tags: ['plan'],
        summary: '保存填报 / Save a draft',
        params: Year,
        body: z
          .object({
            period: Month,
            org: Org,
            department: Dept,
            version: z.number().int().positive().optional(),
            values: z.array(z.object({ indicator: Dept, unit: Org, value: Num, numerator: Num, denominator: Num }).strict()).max(2000),
          })
          .strict(),
      },
      config: { access: 'plan.report' },
    },
    async (req) => submissionDetail(db, req.principal!, await saveDraft(db, req.principal!, req.params.year, req.body)),
  );
  r.get('/api/submissions/:id', { schema: { tags: ['plan'], summary: '报送详情 / Submission', params: IdParam }, config: { access: 'plan.read' } }, async (req) => submissionDetail(db, req.principal!, req.params.id));
  r.post('/api/submissions/:id/submit', { schema: { tags: ['plan'], summary: '提交 / Submit', params: IdParam, body: Version.strict() }, config: { access: 'plan.report' } }, async (req) => {
    await submit(db, req.principal!, req.params.id, req.body.version, clock);
    return submissionDetail(db, req.principal!, req.params.id);
  });
  for (const [path, decision] of [['approve', 'approved'], ['return', 'returned']] as const) {
    r.post(
      `/api/submissions/:id/${path}`,
      { schema: { tags: ['plan'], summary: decision === 'approved' ? '审核通过 / Approve' : '退回 / Return', params: IdParam, body: Version.extend({ comment: z.string().trim().max(1000).optional() }).strict() }, config: { access: 'plan.approve' } },
      async (req) => {
        await review(db, req.principal!, req.params.id, req.body, decision, clock);
        const s = await db.selectFrom('report_submission').select(['plan_year', 'period']).where('id', '=', req.params.id).executeTakeFirstOrThrow();
        // Approved values can turn a light red: supervision follows at once.
        if (decision === 'approved') await openTasksForRedLights(db, s.plan_year, s.period, clock);
        return submissionDetail(db, req.principal!, req.params.id);
      },
    );
  }

  // --- Milestones -----------------------------------------------------------------------------
  r.post(
    '/api/plans/:year/milestones/:target/evidence',
    { schema: { tags: ['plan'], summary: '里程碑佐证 / Milestone evidence', params: Year.extend({ target: z.string().max(20) }), body: z.object({ note: z.string().trim().min(4).max(2000), link: z.string().url().max(500).optional() }).strict() }, config: { access: 'plan.report' } },
    async (req, reply) => {
      const p = req.principal!;
      const t = await db.selectFrom('plan_target').select(['code', 'comparator', 'departments']).where('plan_year', '=', req.params.year).where('code', '=', req.params.target).executeTakeFirst();
      if (!t) throw notFound({ zh: '没有该目标', en: 'No such target' });
      if (t.comparator !== 'milestone') throw new AppError('VALIDATION', { zh: '只有里程碑类目标需要佐证材料', en: 'Only milestones take evidence' });
      const depts = (typeof t.departments === 'string' ? JSON.parse(t.departments) : t.departments) as string[];
      if (p.role !== 'city_admin' && !(p.role === 'department_officer' && depts.includes(p.departmentCode ?? ''))) throw forbidden();
      const row = await db.insertInto('milestone_evidence').values({ plan_year: req.params.year, target_code: t.code, department_code: p.role === 'city_admin' ? depts[0]! : p.departmentCode!, note: req.body.note, link: req.body.link ?? null, submitted_by: p.userId, submitted_at: clock.now() }).returning('id').executeTakeFirstOrThrow();
      reply.code(201);
      return { id: Number(row.id) };
    },
  );
  r.post('/api/milestone-evidence/:id/accept', { schema: { tags: ['plan'], summary: '认可佐证 / Accept evidence', params: IdParam }, config: { access: 'plan.approve' } }, async (req) => {
    const p = req.principal!;
    const e = await db.selectFrom('milestone_evidence').selectAll().where('id', '=', req.params.id).executeTakeFirst();
    if (!e) throw notFound();
    if (e.submitted_by === p.userId) throw new AppError('FORBIDDEN', { zh: '不能认可自己提交的佐证', en: 'You cannot accept your own evidence' });
    if (p.role !== 'city_admin' && p.departmentCode !== e.department_code) throw forbidden();
    if (e.accepted_by !== null) throw new AppError('CONFLICT', { zh: '该佐证已认可', en: 'Already accepted' });
    await db.updateTable('milestone_evidence').set({ accepted_by: p.userId, accepted_at: clock.now() }).where('id', '=', e.id).execute();
    return { id: Number(e.id), accepted: true };
  });

  // --- Ratings --------------------------------------------------------------------------------
  r.post(
    '/api/ratings',
    {
      schema: {
        tags: ['plan'],
        summary: '评价 / Rate',
        body: z
          .object({
            subjectKind: z.enum(['service', 'entitlement', 'case']),
            subjectRef: z.string().min(1).max(100),
            score: z.number().int().min(1, msg('评分为1至5', 'a score is 1 to 5')).max(5, msg('评分为1至5', 'a score is 1 to 5')),
            satisfaction: z.enum(['satisfied', 'basically_satisfied', 'dissatisfied']),
            comment: z.string().max(500, msg('评价内容不超过500字', 'at most 500 characters')).optional(),
          })
          .strict(),
      },
      config: { access: 'rating.write' },
    },
    async (req, reply) => {
      const id = await rate(db, req.principal!, req.body, clock);
      reply.code(201);
      return { id };
    },
  );
  r.get('/api/me/ratings', { schema: { tags: ['plan'], summary: '我的评价 / My ratings' }, config: { access: 'rating.write' } }, async (req) => myRatings(db, req.principal!));
  r.get('/api/ratings/summary', { schema: { tags: ['plan'], summary: '群众口碑 / Rating summary', querystring: z.object({ by: z.enum(['district', 'department']).default('district'), year: z.coerce.number().int().optional() }) }, config: { access: 'plan.read' } }, async (req) => {
    const latest = req.query.year ?? (await db.selectFrom('plan').select('year').orderBy('year', 'desc').executeTakeFirst())?.year;
    const min = latest ? (await loadPlan(db, latest)).settings.ratingMinSample : 30;
    return ratingSummary(db, req.query.by, min);
  });

  // --- Public: no login, aggregates only ------------------------------------------------------
  r.get('/api/public/plans', { schema: { tags: ['public'], summary: '公开：方案 / Public: plans' }, config: { access: 'public' } }, async () =>
    (await db.selectFrom('plan').select(['year', 'name_zh', 'name_en']).orderBy('year', 'desc').execute()).map((p) => ({ year: p.year, name: { zh: p.name_zh, en: p.name_en } })),
  );
  r.get('/api/public/plans/:year/progress', { schema: { tags: ['public'], summary: '公开：进度 / Public: progress', params: Year, querystring: z.object({ period: Month.optional() }) }, config: { access: 'public' } }, async (req) =>
    publicProgress(db, req.params.year, periodOf(req.params.year, req.query.period)),
  );
  r.get('/api/public/plans/:year/observations.json', { schema: { tags: ['public'], summary: '公开数据(JSON) / Open data', params: Year }, config: { access: 'public' } }, async (req) => {
    const rows = await observations(db, req.params.year, periodOf(req.params.year));
    return { structure: 'REF_AREA, TIME_PERIOD, OBS_VALUE, UNIT_MEASURE (SDMX-style)', observations: rows };
  });
  r.get('/api/public/plans/:year/observations.csv', { schema: { tags: ['public'], summary: '公开数据(CSV) / Open data', params: Year }, config: { access: 'public' } }, async (req, reply) => {
    const rows = await observations(db, req.params.year, periodOf(req.params.year));
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="minsheng-${req.params.year}.csv"`);
    return reply.send(`\uFEFF${observationsCsv(rows)}`);
  });
  r.get('/api/public/geo/chongqing', { schema: { tags: ['public'], summary: '区县地图 / District map' }, config: { access: 'public' } }, async () => {
    const ds = await db.selectFrom('division').select(['code', 'name']).where('level', '=', 2).execute();
    return chongqingGeo(ds);
  });

}

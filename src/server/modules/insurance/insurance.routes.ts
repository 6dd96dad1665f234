// Staff routes of social insurance (渝保渝快): the enrolment picture, the rule packs and their runs,
// coverage gaps with outreach, the certification board and its tasks, risk hits with their audit
// cases, the cross-department query with its log and alerts, fund statistics, and the bundle
// tracker. Lists are limited to the reader's area; every read of one person's record is audited.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../app.js';
import { CITY_CODE, scopeOf, type Principal } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { shanghaiDate } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import { maskIdNumber, maskName } from '../../platform/mask.js';
import { paged, Paging } from '../../platform/paging.js';
import { actOnCase } from '../cases/index.js';
import { staffActor } from '../cases/cases.routes.js';
import { runComputed } from '../plan/index.js';
import { buildSnapshot } from '../rules/index.js';
import { actOnTask, actsFor, BUNDLES, bundleDetail, TaskAction } from './bundles.js';
import { certificationConfig, recordTask, runCertification, TaskResult } from './certification.js';
import { runPack } from './checks.js';
import { BENEFIT_LABELS } from './labels.js';
import { PURPOSES, QUERY_DEPARTMENTS, QUERY_LIMITS, QueryInput, ROLE_DEPARTMENTS, runQuery } from './query.js';
import { listRules, ruleVersion } from './rule-pack.js';

const tags = ['insurance'];
const IdParam = z.object({ id: z.coerce.number().int().positive() });
const District = z.string().regex(/^\d{6}$/);
const notFound = () => new AppError('NOT_FOUND', { zh: '未找到该记录,或不在您的管辖范围内', en: 'Not found, or outside your jurisdiction' });

/** The district a reader is limited to (null: the whole city). */
const districtOf = (p: Principal) => (p.orgCode === CITY_CODE ? null : p.orgCode.slice(0, 6));
/** Risk hits and audit cases are for district level and above. */
const districtLevel = (p: Principal) => {
  if (p.role === 'township_worker') throw new AppError('FORBIDDEN', { zh: '稽核疑点由区县及以上工作人员处理', en: 'Audit hits are handled at district level and above' });
};

export function insuranceRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;
  const today = () => shanghaiDate(clock.now());

  // --- Overview and enrolment picture ---------------------------------------------------------
  r.get('/api/insurance/overview', { schema: { tags, summary: '社保概览 / Overview' }, config: { access: 'insurance.read' } }, async (req) => {
    const p = req.principal!;
    const d = districtOf(p);
    const sc = scopeOf(p);
    const year = Number(today().slice(0, 4));
    const gaps = await db
      .selectFrom('coverage_gap')
      .select([sql<number>`count(*) FILTER (WHERE status = 'open')::int`.as('open'), sql<number>`count(*) FILTER (WHERE status <> 'open' AND closed_on >= ${`${year}-01-01`})::int`.as('closed')])
      .$if(!!sc, (q) => q.where(sc!.column, '=', sc!.code))
      .executeTakeFirstOrThrow();
    const cert = await db
      .selectFrom('certification')
      .select([
        sql<number>`count(*) FILTER (WHERE status <> 'suspended_death')::int`.as('living'),
        sql<number>`count(*) FILTER (WHERE status = 'data_certified')::int`.as('data'),
        sql<number>`count(*) FILTER (WHERE status IN ('pending_self', 'pending_visit'))::int`.as('pending'),
      ])
      .where('year', '=', year)
      .$if(!!d && sc?.column === 'district_code', (q) => q.where('district_code', '=', d!))
      .$if(!!sc && sc.column !== 'district_code', (q) => q.where('township_code', '=', sc!.code.slice(0, 9)))
      .executeTakeFirstOrThrow();
    const hits = await db
      .selectFrom('risk_hit')
      .select([sql<number>`count(*) FILTER (WHERE status = 'open')::int`.as('open'), sql<number>`coalesce(sum(amount_fen) FILTER (WHERE status = 'open'), 0)::bigint`.as('atStake'), sql<number>`coalesce(sum(recover_fen) FILTER (WHERE status = 'confirmed'), 0)::bigint`.as('toRecover')])
      .$if(!!d, (q) => q.where('district_code', '=', d!))
      .executeTakeFirstOrThrow();
    const bundles = await db.selectFrom('bundle').select([sql<number>`count(*) FILTER (WHERE status = 'in_progress')::int`.as('open'), sql<number>`count(*) FILTER (WHERE status = 'completed')::int`.as('completed')]).$if(!!d, (q) => q.where('district_code', '=', d!)).executeTakeFirstOrThrow();
    const runs = await db.selectFrom('insurance_check_run').select(['id', 'pack', 'status', 'as_of', 'counts', 'started_at', 'finished_at']).orderBy('id', 'desc').limit(6).execute();
    return {
      year,
      gaps: { open: Number(gaps.open), closedThisYear: Number(gaps.closed) },
      certification: { living: Number(cert.living), dataCertified: Number(cert.data), pending: Number(cert.pending), dataRate: Number(cert.living) > 0 ? Number(cert.data) / Number(cert.living) : null },
      riskHits: { open: Number(hits.open), atStakeFen: Number(hits.atStake), toRecoverFen: Number(hits.toRecover) },
      bundles: { open: Number(bundles.open), completed: Number(bundles.completed) },
      runs,
    };
  });

  r.get(
    '/api/insurance/enrolment',
    { schema: { tags, summary: '参保情况 / Enrolment picture', querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }) }, config: { access: 'insurance.read' } },
    async (req) => {
      const t = today();
      const year = req.query.year ?? Number(t.slice(0, 4));
      const through = year === Number(t.slice(0, 4)) ? Number(t.slice(5, 7)) : 12;
      // Current levels by district and scheme (the living, by district of residence).
      const levels = await sql<{ district_code: string; employee_pension: number; resident_pension: number; pension_any: number; unemployment: number; work_injury: number; medical_employee: number; medical_resident: number; ltc: number; population: number }>`
        WITH alive AS (SELECT p.id, p.district_code FROM person p WHERE NOT EXISTS (SELECT 1 FROM police_death d WHERE d.person_id = p.id AND d.death_date <= ${t}::date)),
        ins AS (SELECT person_id, bool_or(scheme = 'employee_pension') AS ep, bool_or(scheme = 'resident_pension') AS rp, bool_or(scheme = 'unemployment') AS ui, bool_or(scheme = 'work_injury') AS wi
                FROM hr_insurance_enrolment WHERE status = 'active' GROUP BY person_id)
        SELECT a.district_code, count(*) FILTER (WHERE ins.ep)::int AS employee_pension, count(*) FILTER (WHERE ins.rp)::int AS resident_pension,
          count(*) FILTER (WHERE ins.ep OR ins.rp)::int AS pension_any, count(*) FILTER (WHERE ins.ui)::int AS unemployment, count(*) FILTER (WHERE ins.wi)::int AS work_injury,
          count(*) FILTER (WHERE m.scheme = 'employee')::int AS medical_employee, count(*) FILTER (WHERE m.scheme = 'resident')::int AS medical_resident,
          count(*) FILTER (WHERE l.person_id IS NOT NULL)::int AS ltc, count(*)::int AS population
        FROM alive a LEFT JOIN ins ON ins.person_id = a.id
        LEFT JOIN medical_enrolment m ON m.person_id = a.id AND m.year = ${year}::int
        LEFT JOIN ltc_enrolment l ON l.person_id = a.id AND l.year = ${year}::int
        GROUP BY a.district_code ORDER BY a.district_code`.execute(db);
      const names = new Map((await db.selectFrom('division').select(['code', 'name']).where('level', '=', 2).execute()).map((d) => [d.code, d.name]));
      const rate = async (query: string) => {
        const rows = await runComputed(db, query, { year, through });
        return rows.filter((x) => x.month === through);
      };
      const [pension, medical, ltc] = await Promise.all([rate('resident_pension_coverage'), rate('medical_coverage'), rate('ltc_insurance_coverage')]);
      const trendRows = await Promise.all(['pension_enrolled', 'unemployment_insurance_enrolled', 'work_injury_enrolled'].map((q) => runComputed(db, q, { year, through })));
      const trend = Array.from({ length: through }, (_, i) => ({
        month: i + 1,
        pension: trendRows[0]!.filter((x) => x.month === i + 1).reduce((a, x) => a + (x.value ?? 0), 0),
        unemployment: trendRows[1]!.filter((x) => x.month === i + 1).reduce((a, x) => a + (x.value ?? 0), 0),
        workInjury: trendRows[2]!.filter((x) => x.month === i + 1).reduce((a, x) => a + (x.value ?? 0), 0),
      }));
      const ratio = (rows: typeof pension, unit: string | null) => {
        const sel = unit ? rows.filter((x) => x.unit === unit) : rows;
        const n = sel.reduce((a, x) => a + (x.numerator ?? 0), 0);
        const dd = sel.reduce((a, x) => a + (x.denominator ?? 0), 0);
        return { numerator: n, denominator: dd, rate: dd > 0 ? n / dd : null };
      };
      const districts = levels.rows.map((l) => ({
        code: l.district_code,
        name: names.get(l.district_code) ?? l.district_code,
        employeePension: l.employee_pension,
        residentPension: l.resident_pension,
        pensionAny: l.pension_any,
        unemployment: l.unemployment,
        workInjury: l.work_injury,
        medicalEmployee: l.medical_employee,
        medicalResident: l.medical_resident,
        ltc: l.ltc,
        population: l.population,
        pensionCoverage: ratio(pension, l.district_code),
        medicalCoverage: ratio(medical, l.district_code),
        ltcCoverage: ratio(ltc, l.district_code),
      }));
      const sum = (k: 'employeePension' | 'residentPension' | 'pensionAny' | 'unemployment' | 'workInjury' | 'medicalEmployee' | 'medicalResident' | 'ltc' | 'population') => districts.reduce((a, x) => a + x[k], 0);
      return {
        year,
        month: through,
        asOf: t,
        city: {
          employeePension: sum('employeePension'),
          residentPension: sum('residentPension'),
          pensionAny: sum('pensionAny'),
          unemployment: sum('unemployment'),
          workInjury: sum('workInjury'),
          medicalEmployee: sum('medicalEmployee'),
          medicalResident: sum('medicalResident'),
          ltc: sum('ltc'),
          population: sum('population'),
          pensionCoverage: ratio(pension, null),
          medicalCoverage: ratio(medical, null),
          ltcCoverage: ratio(ltc, null),
        },
        targets: { pension: 25_800_000, unemployment: 6_180_000, workInjury: 7_500_000, pensionCoverage: 0.97, medicalCoverage: 0.95, ltcCoverage: 1 },
        denominators: {
          pensionCoverage: { zh: '分母：16周岁以上、不在校的在世居民(按居住区县)；分子：其中参加职工或城乡居民养老保险的人', en: 'Denominator: living residents aged 16+ not in school (by district of residence); numerator: those in employee or resident pension insurance' },
          medicalCoverage: { zh: '分母：在世居民；分子：本年度参加职工或城乡居民医保的人', en: 'Denominator: living residents; numerator: those in employee or resident medical insurance this year' },
          ltcCoverage: { zh: '分母：本年度参加职工医保的在世人员；分子：其中有长期护理保险记录的人', en: 'Denominator: living employee medical enrollees this year; numerator: those with a long-term-care record' },
        },
        trend,
        districts,
      };
    },
  );

  // --- Rule packs and runs -------------------------------------------------------------------
  r.get('/api/insurance/rules', { schema: { tags, summary: '扩面和稽核规则 / Coverage and risk rules' }, config: { access: 'insurance.read' } }, async () => ({ items: await listRules(db), certification: certificationConfig() }));

  r.get('/api/insurance/runs', { schema: { tags, summary: '规则运行记录 / Runs' }, config: { access: 'insurance.read' } }, async () => ({
    items: await db.selectFrom('insurance_check_run').select(['id', 'pack', 'snapshot_id', 'as_of', 'status', 'counts', 'error', 'started_at', 'finished_at']).orderBy('id', 'desc').limit(50).execute(),
  }));

  r.post(
    '/api/insurance/runs',
    {
      schema: { tags, summary: '运行扩面、稽核规则或资格认证 / Run a pack or the certification', body: z.object({ pack: z.enum(['coverage', 'risk', 'certification']), snapshotId: z.number().int().positive().optional(), freshSnapshot: z.boolean().default(false), year: z.number().int().min(2000).max(2100).optional() }) },
      config: { access: 'insurance.run' },
    },
    async (req, reply) => {
      const p = req.principal!;
      const b = req.body;
      if (b.pack === 'certification') {
        const t = today();
        const year = b.year ?? Number(t.slice(0, 4));
        const summary = await runCertification(db, clock, { year, asOf: year === Number(t.slice(0, 4)) ? t : `${year}-12-31`, actorId: p.userId });
        return reply.code(201).send(summary);
      }
      const snapshotId = b.freshSnapshot ? (await buildSnapshot(db, { asOf: today(), actorId: p.userId })).id : b.snapshotId;
      const summary = await runPack(db, clock, { pack: b.pack, ...(snapshotId ? { snapshotId } : {}), actorId: p.userId });
      return reply.code(201).send(summary);
    },
  );

  // --- Coverage gaps and outreach ------------------------------------------------------------------
  const GapQuery = Paging.extend({
    rule: z.string().max(64).optional(),
    status: z.enum(['open', 'enrolled', 'not_applicable', 'refused']).optional(),
    district: District.optional(),
    township: z.string().regex(/^\d{9}$/).optional(),
  });
  const gapScope = (p: Principal, q: z.infer<typeof GapQuery>) => {
    const sc = scopeOf(p);
    return db
      .selectFrom('coverage_gap as g')
      .$if(!!sc, (x) => x.where(`g.${sc!.column}`, '=', sc!.code))
      .$if(!!q.rule, (x) => x.where('g.rule_id', '=', q.rule!))
      .$if(!!q.status, (x) => x.where('g.status', '=', q.status!))
      .$if(!!q.district, (x) => x.where('g.district_code', '=', q.district!))
      .$if(!!q.township, (x) => x.where('g.township_code', '=', q.township!));
  };
  r.get('/api/insurance/gaps', { schema: { tags, summary: '参保扩面清单 / Coverage gaps', querystring: GapQuery }, config: { access: 'insurance.read' } }, async (req) => {
    const p = req.principal!;
    const q = req.query;
    const page = await paged(q, gapScope(p, q).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(), (limit, offset) =>
      gapScope(p, q)
        .innerJoin('person as ps', 'ps.id', 'g.person_id')
        .leftJoin('division as t', 't.code', 'g.township_code')
        .leftJoin('enterprise as e', 'e.id', 'g.enterprise_id')
        .select(['g.id', 'g.rule_id', 'g.status', 'g.closed_by', 'g.opened_on', 'g.closed_on', 'g.district_code', 'g.township_code', 't.name as township_name', 'ps.name', 'ps.id_number', 'ps.sex', 'ps.birth_date', 'e.name as enterprise_name'])
        .orderBy('g.opened_on', 'desc')
        .orderBy('g.id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute(),
    );
    const sc = scopeOf(p);
    const summary = await db
      .selectFrom('coverage_gap')
      .select(['rule_id', 'status', sql<number>`count(*)::int`.as('n')])
      .$if(!!sc, (x) => x.where(sc!.column, '=', sc!.code))
      .groupBy(['rule_id', 'status'])
      .execute();
    const byDistrict = await db
      .selectFrom('coverage_gap')
      .select(['district_code', sql<number>`count(*) FILTER (WHERE status = 'open')::int`.as('open'), sql<number>`count(*) FILTER (WHERE status <> 'open')::int`.as('closed')])
      .$if(!!sc, (x) => x.where(sc!.column, '=', sc!.code))
      .groupBy('district_code')
      .orderBy('district_code')
      .execute();
    return {
      ...page,
      items: page.items.map((g) => ({ id: Number(g.id), ruleId: g.rule_id, status: g.status, closedBy: g.closed_by, openedOn: g.opened_on, closedOn: g.closed_on, districtCode: g.district_code, townshipCode: g.township_code, townshipName: g.township_name, name: maskName(g.name), idNumber: maskIdNumber(g.id_number), sex: g.sex, birthYear: Number(String(g.birth_date).slice(0, 4)), enterpriseName: g.enterprise_name })),
      summary: summary.map((s) => ({ ruleId: s.rule_id, status: s.status, count: Number(s.n) })),
      byDistrict: byDistrict.map((d) => ({ districtCode: d.district_code, open: Number(d.open), closed: Number(d.closed) })),
    };
  });

  const gapInScope = async (p: Principal, id: number) => {
    const g = await db.selectFrom('coverage_gap').selectAll().where('id', '=', id).executeTakeFirst();
    const sc = scopeOf(p);
    if (!g || (sc && g[sc.column] !== sc.code)) throw notFound();
    return g;
  };
  r.get('/api/insurance/gaps/:id', { schema: { tags, summary: '扩面对象详情 / A coverage gap', params: IdParam }, config: { access: 'insurance.read' } }, async (req) => {
    const p = req.principal!;
    const g = await gapInScope(p, req.params.id);
    const person = await db.selectFrom('person as ps').leftJoin('division as v', 'v.code', 'ps.village_code').select(['ps.id', 'ps.name', 'ps.id_number', 'ps.sex', 'ps.birth_date', 'ps.phone', 'v.name as village_name']).where('ps.id', '=', g.person_id).executeTakeFirstOrThrow();
    const events = await db.selectFrom('coverage_gap_event as e').leftJoin('app_user as u', 'u.id', 'e.actor_id').select(['e.action', 'e.note', 'e.at', 'u.display_name']).where('e.gap_id', '=', g.id).orderBy('e.id').execute();
    const rule = (await ruleVersion(db, g.rule_id, g.rule_hash))?.definition;
    await writeAudit(db, clock, p, req.id, { action: 'person.read', entityType: 'person', entityId: Number(g.person_id), districtCode: g.district_code, purpose: `coverage_gap:${g.id}` });
    return {
      id: Number(g.id),
      status: g.status,
      closedBy: g.closed_by,
      reason: g.reason,
      openedOn: g.opened_on,
      closedOn: g.closed_on,
      version: g.version,
      snapshotId: Number(g.snapshot_id),
      ruleHash: g.rule_hash,
      facts: g.facts,
      rule: rule ? { id: g.rule_id, name: rule.name, description: rule.description, basis: rule.basis, insurance: rule.insurance, action: rule.action, criteria: rule.criteria.map((c) => ({ label: c.label, expr: c.expr })) } : null,
      person: { id: Number(person.id), name: maskName(person.name), idNumber: maskIdNumber(person.id_number), sex: person.sex, birthYear: Number(String(person.birth_date).slice(0, 4)), phone: person.phone ? `${person.phone.slice(0, 3)}****${person.phone.slice(7)}` : null, village: person.village_name },
      events: events.map((e) => ({ action: e.action, note: e.note, at: e.at, by: e.display_name })),
    };
  });

  r.post(
    '/api/insurance/gaps/:id/outcome',
    {
      schema: {
        tags,
        summary: '记录走访结果 / Record the outreach outcome',
        params: IdParam,
        body: z
          .object({ outcome: z.enum(['contacted', 'enrolled', 'not_applicable', 'refused']), note: z.string().trim().max(500).optional(), version: z.number().int().positive() })
          .refine((b) => b.outcome === 'enrolled' || b.outcome === 'contacted' || (b.note?.length ?? 0) >= 2, { message: '不适用或拒绝参保须说明原因 :: Give the reason for not applicable or refused', path: ['note'] }),
      },
      config: { access: 'insurance.handle' },
    },
    async (req) => {
      const p = req.principal!;
      const g = await gapInScope(p, req.params.id);
      if (g.status !== 'open') throw new AppError('CONFLICT', { zh: '该对象已办结', en: 'This gap is already closed' });
      if (g.version !== req.body.version) throw new AppError('CONFLICT', { zh: '记录已被他人更新，请刷新后重试', en: 'The record changed meanwhile; reload and try again' });
      const b = req.body;
      const closes = b.outcome !== 'contacted';
      await db.transaction().execute(async (trx) => {
        const n = await trx
          .updateTable('coverage_gap')
          .set({ ...(closes ? { status: b.outcome as 'enrolled' | 'not_applicable' | 'refused', closed_by: 'outreach' as const, closed_on: today(), reason: b.note ?? null } : {}), version: g.version + 1 })
          .where('id', '=', g.id)
          .where('version', '=', g.version)
          .executeTakeFirst();
        if (Number(n.numUpdatedRows) !== 1) throw new AppError('CONFLICT', { zh: '记录已被他人更新，请刷新后重试', en: 'The record changed meanwhile; reload and try again' });
        await trx.insertInto('coverage_gap_event').values({ gap_id: g.id, action: b.outcome, note: b.note ?? null, actor_id: p.userId, run_id: null, at: clock.now() }).execute();
      });
      return { id: Number(g.id), status: closes ? b.outcome : 'open', version: g.version + 1 };
    },
  );

  // --- Certification board -------------------------------------------------------------------------
  const CertQuery = Paging.extend({
    year: z.coerce.number().int().min(2000).max(2100).optional(),
    status: z.enum(['data_certified', 'self_certified', 'visited', 'pending_self', 'pending_visit', 'suspended_death', 'suspended_custody', 'not_certified']).optional(),
    district: District.optional(),
    township: z.string().regex(/^\d{9}$/).optional(),
  });
  const certScope = (p: Principal, q: z.infer<typeof CertQuery>, year: number) => {
    const sc = scopeOf(p);
    const col = sc?.column === 'district_code' ? 'district_code' : 'township_code';
    return db
      .selectFrom('certification as c')
      .where('c.year', '=', year)
      .$if(!!sc, (x) => x.where(`c.${col}`, '=', sc!.code.slice(0, col === 'district_code' ? 6 : 9)))
      .$if(!!q.status, (x) => x.where('c.status', '=', q.status!))
      .$if(!!q.district, (x) => x.where('c.district_code', '=', q.district!))
      .$if(!!q.township, (x) => x.where('c.township_code', '=', q.township!));
  };
  r.get('/api/insurance/certification', { schema: { tags, summary: '资格认证看板 / Certification board', querystring: CertQuery }, config: { access: 'insurance.read' } }, async (req) => {
    const p = req.principal!;
    const q = req.query;
    const year = q.year ?? Number(today().slice(0, 4));
    const page = await paged(q, certScope(p, q, year).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(), (limit, offset) =>
      certScope(p, q, year)
        .innerJoin('person as ps', 'ps.id', 'c.person_id')
        .leftJoin('division as t', 't.code', 'c.township_code')
        .select(['c.person_id', 'c.status', 'c.score', 'c.awards', 'c.task_due', 'c.certified_on', 'c.overpaid_fen', 'c.recovery_case_id', 'c.district_code', 'c.township_code', 't.name as township_name', 'ps.name', 'ps.id_number', 'ps.birth_date'])
        .orderBy(sql`CASE WHEN c.status IN ('pending_visit', 'pending_self', 'not_certified') THEN 0 ELSE 1 END`)
        .orderBy('c.task_due')
        .orderBy('c.person_id')
        .limit(limit)
        .offset(offset)
        .execute(),
    );
    const noStatus = { ...q, status: undefined };
    const byStatus = await certScope(p, noStatus, year).select(['c.status', sql<number>`count(*)::int`.as('n')]).groupBy('c.status').execute();
    const byDistrict = await certScope(p, noStatus, year)
      .select(['c.district_code', sql<number>`count(*) FILTER (WHERE c.status <> 'suspended_death')::int`.as('living'), sql<number>`count(*) FILTER (WHERE c.status = 'data_certified')::int`.as('data'), sql<number>`count(*) FILTER (WHERE c.status IN ('pending_self', 'pending_visit'))::int`.as('pending')])
      .groupBy('c.district_code')
      .orderBy('c.district_code')
      .execute();
    const counts = Object.fromEntries(byStatus.map((s) => [s.status, Number(s.n)]));
    const living = byStatus.filter((s) => s.status !== 'suspended_death').reduce((a, s) => a + Number(s.n), 0);
    return {
      ...page,
      year,
      items: page.items.map((c) => ({ personId: Number(c.person_id), status: c.status, score: c.score, awards: c.awards, taskDue: c.task_due, certifiedOn: c.certified_on, overpaidFen: Number(c.overpaid_fen), recoveryCaseId: c.recovery_case_id === null ? null : Number(c.recovery_case_id), districtCode: c.district_code, townshipCode: c.township_code, townshipName: c.township_name, name: maskName(c.name), idNumber: maskIdNumber(c.id_number), age: Number(today().slice(0, 4)) - Number(String(c.birth_date).slice(0, 4)) })),
      summary: { byStatus: counts, living, dataCertified: counts.data_certified ?? 0, dataRate: living > 0 ? (counts.data_certified ?? 0) / living : null, denominator: { zh: '分母：本年度应认证的在世待遇领取人', en: 'Denominator: living benefit recipients to certify this year' } },
      byDistrict: byDistrict.map((d) => ({ districtCode: d.district_code, living: Number(d.living), dataCertified: Number(d.data), pending: Number(d.pending), dataRate: Number(d.living) > 0 ? Number(d.data) / Number(d.living) : null })),
      config: certificationConfig(),
    };
  });

  const certInScope = async (p: Principal, personId: number, year: number) => {
    const c = await db.selectFrom('certification').selectAll().where('person_id', '=', personId).where('year', '=', year).executeTakeFirst();
    const sc = scopeOf(p);
    if (!c || (sc && !(sc.column === 'district_code' ? c.district_code === sc.code : c.township_code === sc.code.slice(0, 9)))) throw notFound();
    return c;
  };
  const YearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
  r.get(
    '/api/insurance/certification/:id',
    { schema: { tags, summary: '一位领取人的认证 / One recipient’s certification', params: IdParam, querystring: YearQuery }, config: { access: 'insurance.read' } },
    async (req) => {
      const p = req.principal!;
      const year = req.query.year ?? Number(today().slice(0, 4));
      const c = await certInScope(p, req.params.id, year);
      const person = await db.selectFrom('person as ps').leftJoin('division as v', 'v.code', 'ps.village_code').select(['ps.name', 'ps.id_number', 'ps.sex', 'ps.birth_date', 'ps.phone', 'v.name as village_name']).where('ps.id', '=', c.person_id).executeTakeFirstOrThrow();
      const awards = await db.selectFrom('benefit_award').select(['id', 'kind', 'status', 'status_reason', 'status_on', 'monthly_amount_fen', 'start_month', 'paying_region']).where('person_id', '=', c.person_id).orderBy('id').execute();
      const events = await db.selectFrom('certification_event as e').leftJoin('app_user as u', 'u.id', 'e.actor_id').select(['e.action', 'e.status_after', 'e.note', 'e.at', 'u.display_name']).where('e.person_id', '=', c.person_id).where('e.year', '=', year).orderBy('e.id').execute();
      await writeAudit(db, clock, p, req.id, { action: 'person.read', entityType: 'person', entityId: Number(c.person_id), districtCode: c.district_code, purpose: `certification:${year}` });
      return {
        personId: Number(c.person_id),
        year,
        status: c.status,
        score: c.score,
        signals: c.signals,
        taskDue: c.task_due,
        certifiedOn: c.certified_on,
        overpaidFen: Number(c.overpaid_fen),
        recoveryCaseId: c.recovery_case_id === null ? null : Number(c.recovery_case_id),
        version: c.version,
        person: { name: maskName(person.name), idNumber: maskIdNumber(person.id_number), sex: person.sex, birthYear: Number(String(person.birth_date).slice(0, 4)), hasPhone: person.phone !== null, village: person.village_name },
        awards: awards.map((a) => ({ id: Number(a.id), kind: a.kind, label: BENEFIT_LABELS[a.kind], status: a.status, reason: a.status_reason, statusOn: a.status_on, monthlyFen: a.monthly_amount_fen, startMonth: a.start_month, payingRegion: a.paying_region })),
        events: events.map((e) => ({ action: e.action, status: e.status_after, note: e.note, at: e.at, by: e.display_name })),
        config: certificationConfig(),
      };
    },
  );
  r.post(
    '/api/insurance/certification/:id/task',
    { schema: { tags, summary: '记录认证任务结果 / Record a certification task', params: IdParam, body: TaskResult.extend({ year: z.number().int().min(2000).max(2100) }) }, config: { access: 'insurance.handle' } },
    async (req) => {
      const p = req.principal!;
      await certInScope(p, req.params.id, req.body.year);
      return recordTask(db, clock, { personId: req.params.id, year: req.body.year, result: req.body.result, note: req.body.note, version: req.body.version, actorId: p.userId });
    },
  );

  // --- Risk hits and audit cases ----------------------------------------------------------------------
  const HitQuery = Paging.extend({ status: z.enum(['open', 'confirmed', 'cleared']).optional(), severity: z.enum(['high', 'medium', 'low']).optional(), rule: z.string().max(64).optional(), district: District.optional() });
  const hitScope = (p: Principal, q: z.infer<typeof HitQuery>) => {
    const d = districtOf(p);
    return db
      .selectFrom('risk_hit as h')
      .$if(!!d, (x) => x.where('h.district_code', '=', d!))
      .$if(!!q.status, (x) => x.where('h.status', '=', q.status!))
      .$if(!!q.severity, (x) => x.where('h.severity', '=', q.severity!))
      .$if(!!q.rule, (x) => x.where('h.rule_id', '=', q.rule!))
      .$if(!!q.district, (x) => x.where('h.district_code', '=', q.district!));
  };
  r.get('/api/insurance/risk-hits', { schema: { tags, summary: '稽核疑点 / Risk hits', querystring: HitQuery }, config: { access: 'insurance.read' } }, async (req) => {
    const p = req.principal!;
    districtLevel(p);
    const q = req.query;
    const page = await paged(q, hitScope(p, q).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(), (limit, offset) =>
      hitScope(p, q)
        .innerJoin('person as ps', 'ps.id', 'h.person_id')
        .leftJoin('benefit_award as a', 'a.id', 'h.award_id')
        .leftJoin('case_record as c', 'c.id', 'h.case_id')
        .leftJoin('case_record as rc', 'rc.id', 'h.recovery_case_id')
        .select(['h.id', 'h.rule_id', 'h.severity', 'h.status', 'h.amount_fen', 'h.recover_fen', 'h.found_at', 'h.decided_at', 'h.district_code', 'h.case_id', 'c.tracking_code', 'c.state as case_state', 'h.recovery_case_id', 'rc.tracking_code as recovery_tracking_code', 'ps.name', 'ps.id_number', 'a.kind'])
        .orderBy(sql`CASE h.status WHEN 'open' THEN 0 ELSE 1 END`)
        .orderBy(sql`CASE h.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END`)
        .orderBy('h.amount_fen', 'desc')
        .orderBy('h.id')
        .limit(limit)
        .offset(offset)
        .execute(),
    );
    const summary = await hitScope(p, { ...q, status: undefined, rule: undefined })
      .select(['h.rule_id', 'h.status', sql<number>`count(*)::int`.as('n'), sql<number>`coalesce(sum(h.amount_fen), 0)::bigint`.as('fen')])
      .groupBy(['h.rule_id', 'h.status'])
      .execute();
    return {
      ...page,
      items: page.items.map((h) => ({
        id: Number(h.id),
        ruleId: h.rule_id,
        severity: h.severity,
        status: h.status,
        amountFen: Number(h.amount_fen),
        recoverFen: h.recover_fen === null ? null : Number(h.recover_fen),
        foundAt: h.found_at,
        decidedAt: h.decided_at,
        districtCode: h.district_code,
        caseId: h.case_id === null ? null : Number(h.case_id),
        caseTrackingCode: h.tracking_code,
        caseState: h.case_state,
        recoveryCaseId: h.recovery_case_id === null ? null : Number(h.recovery_case_id),
        recoveryTrackingCode: h.recovery_tracking_code,
        name: maskName(h.name),
        idNumber: maskIdNumber(h.id_number),
        benefitKind: h.kind,
        benefitLabel: h.kind ? BENEFIT_LABELS[h.kind] : null,
      })),
      summary: summary.map((s) => ({ ruleId: s.rule_id, status: s.status, count: Number(s.n), amountFen: Number(s.fen) })),
    };
  });

  const hitInScope = async (p: Principal, id: number) => {
    districtLevel(p);
    const h = await db.selectFrom('risk_hit').selectAll().where('id', '=', id).executeTakeFirst();
    const d = districtOf(p);
    if (!h || (d && h.district_code !== d)) throw notFound();
    return h;
  };
  r.get('/api/insurance/risk-hits/:id', { schema: { tags, summary: '一条稽核疑点及证据 / A risk hit with its evidence', params: IdParam }, config: { access: 'insurance.read' } }, async (req) => {
    const p = req.principal!;
    const h = await hitInScope(p, req.params.id);
    const person = await db.selectFrom('person').select(['name', 'id_number', 'sex', 'birth_date']).where('id', '=', h.person_id).executeTakeFirstOrThrow();
    const award = h.award_id ? await db.selectFrom('benefit_award').select(['id', 'kind', 'status', 'status_reason', 'monthly_amount_fen', 'paying_region', 'start_month', 'bank_account_masked']).where('id', '=', h.award_id).executeTakeFirst() : undefined;
    const payments = h.award_id ? await db.selectFrom('benefit_payment').select(['month', 'amount_fen', 'paid_on']).where('award_id', '=', h.award_id).orderBy('month', 'desc').limit(12).execute() : [];
    const death = await db.selectFrom('police_death').select(['death_date']).where('person_id', '=', h.person_id).executeTakeFirst();
    const custody = await db.selectFrom('justice_custody').select(['start_date', 'end_date']).where('person_id', '=', h.person_id).execute();
    const version = await ruleVersion(db, h.rule_id, h.rule_hash);
    const c = h.case_id ? await db.selectFrom('case_record').select(['id', 'tracking_code', 'state', 'final', 'version', 'conclusion', 'due_on']).where('id', '=', h.case_id).executeTakeFirst() : undefined;
    const rc = h.recovery_case_id ? await db.selectFrom('case_record').select(['id', 'tracking_code', 'state', 'amount_fen']).where('id', '=', h.recovery_case_id).executeTakeFirst() : undefined;
    await writeAudit(db, clock, p, req.id, { action: 'person.read', entityType: 'person', entityId: Number(h.person_id), districtCode: h.district_code, purpose: `risk_hit:${h.id}` });
    const def = version?.definition;
    return {
      id: Number(h.id),
      ruleId: h.rule_id,
      ruleHash: h.rule_hash,
      ruleVersion: version?.version ?? null,
      snapshotId: Number(h.snapshot_id),
      runId: Number(h.run_id),
      severity: h.severity,
      status: h.status,
      amountFen: Number(h.amount_fen),
      recoverFen: h.recover_fen === null ? null : Number(h.recover_fen),
      foundAt: h.found_at,
      decidedAt: h.decided_at,
      facts: h.facts,
      rule: def ? { name: def.name, description: def.description, basis: def.basis, action: def.action, amount: def.amount, criteria: def.criteria.map((cr, i) => ({ label: cr.label, expr: cr.expr, value: (h.criteria as { value: boolean | null; margin: number | null }[])[i]?.value ?? null })) } : null,
      person: { name: maskName(person.name), idNumber: maskIdNumber(person.id_number), sex: person.sex, birthYear: Number(String(person.birth_date).slice(0, 4)), deathDate: death?.death_date ?? null, custody },
      award: award ? { id: Number(award.id), kind: award.kind, label: BENEFIT_LABELS[award.kind], status: award.status, reason: award.status_reason, monthlyFen: award.monthly_amount_fen, payingRegion: award.paying_region, startMonth: award.start_month, account: award.bank_account_masked } : null,
      payments: payments.map((x) => ({ month: x.month, amountFen: x.amount_fen, paidOn: x.paid_on })),
      case: c ? { id: Number(c.id), trackingCode: c.tracking_code, state: c.state, final: c.final, version: c.version, conclusion: c.conclusion, dueOn: c.due_on } : null,
      recoveryCase: rc ? { id: Number(rc.id), trackingCode: rc.tracking_code, state: rc.state, amountFen: rc.amount_fen === null ? null : Number(rc.amount_fen) } : null,
    };
  });

  r.post(
    '/api/insurance/risk-hits/:id/decide',
    {
      schema: {
        tags,
        summary: '核查结论：确认追回或排除 / Decide a hit: confirm and recover, or clear',
        params: IdParam,
        body: z.object({ decision: z.enum(['confirmed', 'cleared']), recoverFen: z.number().int().min(0).max(1_000_000_000).optional(), evidence: z.string().trim().min(4, '请写明核查依据(至少4个字) :: Write what the check found (at least 4 characters)').max(4000), caseVersion: z.number().int().positive() }),
      },
      config: { access: 'insurance.audit' },
    },
    async (req) => {
      const p = req.principal!;
      const h = await hitInScope(p, req.params.id);
      if (h.status !== 'open' || !h.case_id) throw new AppError('CONFLICT', { zh: '该疑点已有结论', en: 'This hit is already decided' });
      const b = req.body;
      // The corrected amount is what the closing hook recovers; it is undone if the case refuses the action.
      const corrected = b.decision === 'confirmed' && b.recoverFen !== undefined;
      if (corrected) await db.updateTable('risk_hit').set({ recover_fen: b.recoverFen! }).where('id', '=', h.id).where('status', '=', 'open').execute();
      try {
        await actOnCase(db, clock, Number(h.case_id), staffActor(p), { action: 'transition', transition: b.decision === 'confirmed' ? 'confirm' : 'clear', conclusion: b.decision, evidence: b.evidence }, b.caseVersion);
      } catch (e) {
        if (corrected) await db.updateTable('risk_hit').set({ recover_fen: h.recover_fen === null ? null : Number(h.recover_fen) }).where('id', '=', h.id).where('status', '=', 'open').execute();
        throw e;
      }
      const after = await db.selectFrom('risk_hit').select(['status', 'recover_fen', 'recovery_case_id']).where('id', '=', h.id).executeTakeFirstOrThrow();
      return { id: Number(h.id), status: after.status, recoverFen: after.recover_fen === null ? null : Number(after.recover_fen), recoveryCaseId: after.recovery_case_id === null ? null : Number(after.recovery_case_id) };
    },
  );

  // --- Cross-department query ----------------------------------------------------------------------
  r.get('/api/insurance/query/options', { schema: { tags, summary: '查询事由和可查部门 / Purposes and departments' }, config: { access: 'insurance.query' } }, async (req) => {
    const p = req.principal!;
    const mine = ROLE_DEPARTMENTS[p.role] ?? [];
    const now = clock.now();
    const usage = await db.selectFrom('data_query').select([sql<number>`count(*) FILTER (WHERE at > ${now}::timestamptz - interval '1 hour')::int`.as('qHour'), sql<number>`coalesce(sum(persons), 0)::int`.as('pDay')]).where('user_id', '=', p.userId).where('at', '>', new Date(now.getTime() - 86400_000)).executeTakeFirstOrThrow();
    return { purposes: PURPOSES, departments: QUERY_DEPARTMENTS.map((d) => ({ code: d, allowed: mine.includes(d) })), limits: QUERY_LIMITS, usage: { queriesLastHour: Number(usage.qHour), personsToday: Number(usage.pDay) } };
  });
  r.post('/api/insurance/query', { schema: { tags, summary: '跨部门数据查询 / Cross-department query', body: QueryInput }, config: { access: 'insurance.query' } }, async (req) => runQuery(db, clock, req.principal!, req.id, req.body));

  r.get('/api/insurance/query/log', { schema: { tags, summary: '查询记录 / Query log', querystring: Paging }, config: { access: 'insurance.query' } }, async (req) => {
    const p = req.principal!;
    // Auditors and the city see every query; others their own.
    const all = p.role === 'auditor' || p.role === 'city_admin';
    const base = () => db.selectFrom('data_query as q').$if(!all, (x) => x.where('q.user_id', '=', p.userId));
    return paged(req.query, base().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(), (limit, offset) =>
      base().innerJoin('app_user as u', 'u.id', 'q.user_id').select(['q.id', 'q.at', 'q.role', 'q.purpose_code', 'q.purpose', 'q.persons', 'q.found', 'q.departments', 'u.username', 'u.display_name']).orderBy('q.id', 'desc').limit(limit).offset(offset).execute(),
    );
  });
  r.get('/api/insurance/query/alerts', { schema: { tags, summary: '异常查询预警 / Unusual-volume alerts' }, config: { access: 'insurance.query' } }, async (req) => {
    const p = req.principal!;
    const all = p.role === 'auditor' || p.role === 'city_admin' || p.role === 'department_officer';
    return {
      items: await db
        .selectFrom('data_query_alert as a')
        .innerJoin('app_user as u', 'u.id', 'a.user_id')
        .select(['a.id', 'a.reason', 'a.persons_last_hour', 'a.queries_last_hour', 'a.at', 'a.acknowledged_at', 'u.username', 'u.display_name'])
        .$if(!all, (x) => x.where('a.user_id', '=', p.userId))
        .orderBy('a.id', 'desc')
        .limit(100)
        .execute(),
    };
  });
  r.post('/api/insurance/query/alerts/:id/ack', { schema: { tags, summary: '确认预警 / Acknowledge an alert', params: IdParam }, config: { access: 'insurance.run' } }, async (req) => {
    const n = await db.updateTable('data_query_alert').set({ acknowledged_by: req.principal!.userId, acknowledged_at: clock.now() }).where('id', '=', req.params.id).where('acknowledged_at', 'is', null).executeTakeFirst();
    if (Number(n.numUpdatedRows) !== 1) throw notFound();
    return { id: req.params.id, acknowledged: true };
  });

  // --- Fund supervision statistics ------------------------------------------------------------------
  r.get(
    '/api/insurance/fund-stats',
    { schema: { tags, summary: '基金监督统计 / Fund supervision statistics', querystring: z.object({ month: z.string().regex(/^\d{4}-\d{2}$/).optional() }) }, config: { access: 'insurance.read' } },
    async (req) => {
      const t = today();
      const lastClosed = (() => {
        const y = Number(t.slice(0, 4));
        const m = Number(t.slice(5, 7));
        return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
      })();
      const month = `${req.query.month ?? lastClosed}-01`;
      const d = districtOf(req.principal!);
      const contributions = await sql<{ district_code: string; insured: number; pension: number; unemployment: number; injury: number }>`
        SELECT district_code, count(DISTINCT person_id)::int AS insured, sum(pension_fen)::bigint AS pension, sum(unemployment_fen)::bigint AS unemployment, sum(injury_fen)::bigint AS injury
        FROM contribution WHERE month = ${month}::date ${d ? sql`AND district_code = ${d}` : sql``} GROUP BY district_code ORDER BY district_code`.execute(db);
      const benefits = await sql<{ district_code: string; kind: string; recipients: number; paid: number }>`
        SELECT y.district_code, a.kind, count(DISTINCT y.person_id)::int AS recipients, sum(y.amount_fen)::bigint AS paid
        FROM benefit_payment y JOIN benefit_award a ON a.id = y.award_id
        WHERE y.month = ${month}::date ${d ? sql`AND y.district_code = ${d}` : sql``} GROUP BY 1, 2 ORDER BY 1, 2`.execute(db);
      const risks = await sql<{ district_code: string; open: number; confirmed: number; at_stake: number; to_recover: number }>`
        SELECT district_code, count(*) FILTER (WHERE status = 'open')::int AS open, count(*) FILTER (WHERE status = 'confirmed')::int AS confirmed,
          coalesce(sum(amount_fen) FILTER (WHERE status = 'open'), 0)::bigint AS at_stake, coalesce(sum(recover_fen) FILTER (WHERE status = 'confirmed'), 0)::bigint AS to_recover
        FROM risk_hit ${d ? sql`WHERE district_code = ${d}` : sql``} GROUP BY 1 ORDER BY 1`.execute(db);
      const recovered = await sql<{ district_code: string; recovered: number; written_off: number }>`
        SELECT district_code, coalesce(sum(amount_fen) FILTER (WHERE conclusion IN ('recovered', 'deducted', 'instalments')), 0)::bigint AS recovered,
          coalesce(sum(amount_fen) FILTER (WHERE conclusion = 'written_off'), 0)::bigint AS written_off
        FROM case_record WHERE kind_code = 'overpayment_recovery' AND final ${d ? sql`AND district_code = ${d}` : sql``} GROUP BY 1`.execute(db);
      const names = new Map((await db.selectFrom('division').select(['code', 'name']).where('level', '=', 2).execute()).map((x) => [x.code, x.name]));
      const codes = [...new Set([...contributions.rows.map((x) => x.district_code), ...benefits.rows.map((x) => x.district_code), ...risks.rows.map((x) => x.district_code)])].sort();
      return {
        month: month.slice(0, 7),
        districts: codes.map((code) => {
          const c = contributions.rows.find((x) => x.district_code === code);
          const rk = risks.rows.find((x) => x.district_code === code);
          const rv = recovered.rows.find((x) => x.district_code === code);
          return {
            code,
            name: names.get(code) ?? code,
            contributions: { insured: c?.insured ?? 0, pensionFen: Number(c?.pension ?? 0), unemploymentFen: Number(c?.unemployment ?? 0), injuryFen: Number(c?.injury ?? 0) },
            benefits: Object.fromEntries(Object.keys(BENEFIT_LABELS).map((k) => {
              const b = benefits.rows.find((x) => x.district_code === code && x.kind === k);
              return [k, { recipients: b?.recipients ?? 0, paidFen: Number(b?.paid ?? 0) }];
            })),
            risks: { open: rk?.open ?? 0, confirmed: rk?.confirmed ?? 0, atStakeFen: Number(rk?.at_stake ?? 0), toRecoverFen: Number(rk?.to_recover ?? 0), recoveredFen: Number(rv?.recovered ?? 0), writtenOffFen: Number(rv?.written_off ?? 0) },
          };
        }),
        benefitLabels: BENEFIT_LABELS,
      };
    },
  );

  // --- Bundles --------------------------------------------------------------------------------------
  const BundleQuery = Paging.extend({ kind: z.enum(['enrolment', 'retirement']).optional(), status: z.enum(['in_progress', 'completed', 'rejected']).optional(), mine: z.enum(['true', 'false']).optional() });
  r.get('/api/insurance/bundles', { schema: { tags, summary: '“一件事”办件 / One-thing bundles', querystring: BundleQuery }, config: { access: 'insurance.read' } }, async (req) => {
    const p = req.principal!;
    const q = req.query;
    const d = districtOf(p);
    const base = () =>
      db
        .selectFrom('bundle as b')
        .$if(!!d, (x) => x.where('b.district_code', '=', d!))
        .$if(!!q.kind, (x) => x.where('b.kind', '=', q.kind!))
        .$if(!!q.status, (x) => x.where('b.status', '=', q.status!))
        .$if(q.mine === 'true' && p.role === 'department_officer', (x) => x.where(({ exists, selectFrom }) => exists(selectFrom('bundle_task as t').select('t.code').whereRef('t.bundle_id', '=', 'b.id').where('t.status', '=', 'pending').where('t.department_code', '=', p.departmentCode ?? ''))));
    const page = await paged(q, base().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(), (limit, offset) =>
      base()
        .innerJoin('person as ps', 'ps.id', 'b.subject_person_id')
        .leftJoin('enterprise as e', 'e.id', 'b.enterprise_id')
        .select(['b.id', 'b.kind', 'b.tracking_code', 'b.status', 'b.district_code', 'b.created_at', 'b.completed_at', 'ps.name', 'e.name as enterprise_name'])
        .orderBy(sql`CASE b.status WHEN 'in_progress' THEN 0 ELSE 1 END`)
        .orderBy('b.id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute(),
    );
    const ids = page.items.map((b) => Number(b.id));
    const tasks = ids.length ? await db.selectFrom('bundle_task').select(['bundle_id', 'code', 'status', 'department_code']).where('bundle_id', 'in', ids).orderBy('seq').execute() : [];
    return {
      ...page,
      items: page.items.map((b) => ({
        id: Number(b.id),
        kind: b.kind,
        label: BUNDLES[b.kind].label,
        trackingCode: b.tracking_code,
        status: b.status,
        districtCode: b.district_code,
        createdAt: b.created_at,
        completedAt: b.completed_at,
        subjectName: maskName(b.name),
        enterpriseName: b.enterprise_name,
        tasks: tasks.filter((t) => Number(t.bundle_id) === Number(b.id)).map((t) => ({ code: t.code, status: t.status, department: t.department_code, label: BUNDLES[b.kind].tasks.find((x) => x.code === t.code)!.label })),
      })),
    };
  });
  const bundleInScope = async (p: Principal, id: number) => {
    const b = await bundleDetail(db, id);
    const d = districtOf(p);
    if (!b || (d && b.districtCode !== d)) throw notFound();
    return b;
  };
  r.get('/api/insurance/bundles/:id', { schema: { tags, summary: '一件办件 / One bundle', params: IdParam }, config: { access: 'insurance.read' } }, async (req) => {
    const p = req.principal!;
    const b = await bundleInScope(p, req.params.id);
    await writeAudit(db, clock, p, req.id, { action: 'person.read', entityType: 'person', entityId: b.subject.personId, districtCode: b.districtCode, purpose: `bundle:${b.id}` });
    return { ...b, subject: { ...b.subject, name: maskName(b.subject.name) }, canAct: b.tasks.filter((t) => t.status === 'pending' && !t.auto && actsFor(p, t.department, b.districtCode)).map((t) => t.code) };
  });
  r.post(
    '/api/insurance/bundles/:id/tasks/:code',
    { schema: { tags, summary: '办理一个环节 / Complete or reject a task', params: z.object({ id: z.coerce.number().int().positive(), code: z.string().regex(/^[a-z_]{2,40}$/) }), body: TaskAction }, config: { access: 'insurance.handle' } },
    async (req) => {
      const p = req.principal!;
      await bundleInScope(p, req.params.id);
      const b = await actOnTask(db, clock, p, req.params.id, req.params.code, req.body);
      return { ...b!, subject: { ...b!.subject, name: maskName(b!.subject.name) } };
    },
  );
}

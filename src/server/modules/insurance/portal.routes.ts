// Citizen and enterprise routes of social insurance: my insurance record and certification status,
// remote self-certification, and the one-thing bundles I applied for (retirement for a citizen, the
// enrolment of a new employee for an enterprise), each with one status.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppContext } from '../../app.js';
import type { Principal } from '../../platform/access.js';
import { shanghaiDate } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import { maskName } from '../../platform/mask.js';
import { applyEnrolment, applyRetirement, BUNDLES, bundleDetail, checkRetirement, EnrolmentApplication } from './bundles.js';
import { certificationConfig, recordTask } from './certification.js';
import { BENEFIT_LABELS } from './labels.js';

const tags = ['insurance'];
const IdParam = z.object({ id: z.coerce.number().int().positive() });
const citizen = (p: Principal) => {
  if (p.role !== 'citizen' || !p.personId) throw new AppError('FORBIDDEN', { zh: '仅个人账户可用', en: 'For personal accounts only' });
  return p.personId;
};
const enterprise = (p: Principal) => {
  if (p.role !== 'enterprise' || !p.enterpriseId) throw new AppError('FORBIDDEN', { zh: '仅企业账户可用', en: 'For enterprise accounts only' });
  return p.enterpriseId;
};
const notFound = () => new AppError('NOT_FOUND', { zh: '没有该办件', en: 'No such application' });

/** What the applicant sees of a bundle: one status, and the tasks for the detail. */
const forApplicant = (b: NonNullable<Awaited<ReturnType<typeof bundleDetail>>>) => ({
  id: b.id,
  kind: b.kind,
  label: b.label,
  trackingCode: b.trackingCode,
  status: b.status,
  createdAt: b.createdAt,
  completedAt: b.completedAt,
  subjectName: maskName(b.subject.name),
  done: b.tasks.filter((t) => t.status === 'done').length,
  total: b.tasks.length,
  tasks: b.tasks.map((t) => ({ code: t.code, label: t.label, department: t.department, status: t.status, note: t.note, doneAt: t.doneAt })),
});

export function insurancePortalRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;
  const today = () => shanghaiDate(clock.now());

  r.get('/api/me/insurance', { schema: { tags, summary: '我的社保 / My social insurance' }, config: { access: 'self.read' } }, async (req) => {
    const personId = citizen(req.principal!);
    const t = today();
    const year = Number(t.slice(0, 4));
    const enrolments = await db.selectFrom('hr_insurance_enrolment').select(['scheme', 'enrolled_on', 'status']).where('person_id', '=', personId).orderBy('scheme').execute();
    const medical = await db.selectFrom('medical_enrolment').select(['scheme']).where('person_id', '=', personId).where('year', '=', year).executeTakeFirst();
    const ltc = await db.selectFrom('ltc_enrolment').select(['year']).where('person_id', '=', personId).where('year', '=', year).executeTakeFirst();
    const contributions = await db
      .selectFrom('contribution as c')
      .innerJoin('employment as e', 'e.id', 'c.employment_id')
      .innerJoin('enterprise as ent', 'ent.id', 'e.enterprise_id')
      .select(['c.month', 'c.base_fen', 'c.pension_fen', 'c.unemployment_fen', 'c.injury_fen', 'ent.name as employer'])
      .where('c.person_id', '=', personId)
      .orderBy('c.month', 'desc')
      .limit(12)
      .execute();
    const awards = await db.selectFrom('benefit_award').select(['id', 'kind', 'status', 'status_reason', 'monthly_amount_fen', 'start_month', 'bank_account_masked']).where('person_id', '=', personId).orderBy('id').execute();
    const payments = awards.length
      ? await db.selectFrom('benefit_payment').select(['award_id', 'month', 'amount_fen', 'paid_on']).where('award_id', 'in', awards.map((a) => Number(a.id))).orderBy('month', 'desc').limit(24).execute()
      : [];
    const cert = await db.selectFrom('certification').select(['status', 'certified_on', 'task_due', 'signals', 'version']).where('person_id', '=', personId).where('year', '=', year).executeTakeFirst();
    const retirement = await checkRetirement(db, personId, t);
    return {
      year,
      enrolments: enrolments.map((e) => ({ scheme: e.scheme, since: e.enrolled_on, status: e.status })),
      medical: { year, scheme: medical?.scheme ?? null, longTermCare: !!ltc },
      contributions: contributions.map((c) => ({ month: c.month, employer: c.employer, baseFen: c.base_fen, pensionFen: c.pension_fen, unemploymentFen: c.unemployment_fen, injuryFen: c.injury_fen })),
      benefits: awards.map((a) => ({
        id: Number(a.id),
        kind: a.kind,
        label: BENEFIT_LABELS[a.kind],
        status: a.status,
        reason: a.status_reason,
        monthlyFen: a.monthly_amount_fen,
        since: a.start_month,
        account: a.bank_account_masked,
        payments: payments.filter((x) => Number(x.award_id) === Number(a.id)).slice(0, 6).map((x) => ({ month: x.month, amountFen: x.amount_fen, paidOn: x.paid_on })),
      })),
      certification: cert
        ? { status: cert.status, certifiedOn: cert.certified_on, taskDue: cert.task_due, sources: Object.keys((cert.signals as Record<string, string>) ?? {}), version: cert.version, canSelfCertify: ['pending_self', 'pending_visit', 'not_certified'].includes(cert.status) }
        : null,
      certificationSources: certificationConfig().sources.map((s) => ({ code: s.code, label: s.label })),
      retirement: { reachesOn: retirement.reachesOn, retirementAgeMonths: retirement.retirementAgeMonths, eligible: retirement.eligible, reasons: retirement.reasons, contributionMonths: retirement.contributionMonths, minimumMonths: retirement.minimumMonths },
    };
  });

  r.post('/api/me/insurance/certify', { schema: { tags, summary: '远程自助认证 / Certify myself remotely', body: z.object({ version: z.number().int().positive() }) }, config: { access: 'bundle.apply' } }, async (req) => {
    const p = req.principal!;
    const personId = citizen(p);
    const year = Number(today().slice(0, 4));
    return recordTask(db, clock, { personId, year, result: 'self_certified', note: '本人通过平台远程自助认证 / certified in the portal', version: req.body.version, actorId: p.userId });
  });

  // --- Bundles ----------------------------------------------------------------------------------
  r.get('/api/me/bundles', { schema: { tags, summary: '我的“一件事”办件 / My one-thing applications' }, config: { access: 'bundle.apply' } }, async (req) => {
    const p = req.principal!;
    const rows = await db
      .selectFrom('bundle')
      .select('id')
      .$if(p.role === 'citizen', (q) => q.where('subject_person_id', '=', citizen(p)))
      .$if(p.role === 'enterprise', (q) => q.where('enterprise_id', '=', enterprise(p)))
      .orderBy('id', 'desc')
      .limit(100)
      .execute();
    const items = [];
    for (const r0 of rows) items.push(forApplicant((await bundleDetail(db, Number(r0.id)))!));
    return { items, kinds: Object.fromEntries(Object.entries(BUNDLES).map(([k, v]) => [k, { label: v.label, tasks: v.tasks.map((t) => ({ code: t.code, label: t.label, department: t.department })) }])) };
  });
  r.get('/api/me/bundles/:id', { schema: { tags, summary: '一件办件的进度 / Progress of an application', params: IdParam }, config: { access: 'bundle.apply' } }, async (req) => {
    const p = req.principal!;
    const b = await bundleDetail(db, req.params.id);
    if (!b) throw notFound();
    const mine = p.role === 'citizen' ? b.subject.personId === p.personId : p.role === 'enterprise' ? b.enterprise?.id === p.enterpriseId : false;
    if (!mine) throw notFound();
    return forApplicant(b);
  });
  r.post('/api/me/bundles/retirement', { schema: { tags, summary: '申请职工退休“一件事” / Apply to retire' }, config: { access: 'bundle.apply' } }, async (req, reply) => {
    const res = await applyRetirement(db, clock, req.principal!);
    return reply.code(201).send(forApplicant((await bundleDetail(db, res.id))!));
  });
  r.post('/api/me/bundles/enrolment', { schema: { tags, summary: '为新职工办理参保登记 / Enrol a new employee', body: EnrolmentApplication }, config: { access: 'bundle.apply' } }, async (req, reply) => {
    enterprise(req.principal!);
    const res = await applyEnrolment(db, clock, req.principal!, req.body);
    return reply.code(201).send(forApplicant((await bundleDetail(db, res.id))!));
  });
  r.get('/api/me/enterprise/employees-without-insurance', { schema: { tags, summary: '本单位尚未参保的在职职工 / Our employees not yet enrolled' }, config: { access: 'bundle.apply' } }, async (req) => {
    const entId = enterprise(req.principal!);
    const t = today();
    const rows = await sql<{ id_number: string; name: string; start_date: string; missing: string[] }>`
      SELECT p.id_number, p.name, e.start_date::text AS start_date,
        array_remove(ARRAY[
          CASE WHEN NOT EXISTS (SELECT 1 FROM hr_insurance_enrolment i WHERE i.person_id = p.id AND i.scheme = 'employee_pension' AND i.status = 'active') THEN 'employee_pension' END,
          CASE WHEN NOT EXISTS (SELECT 1 FROM hr_insurance_enrolment i WHERE i.person_id = p.id AND i.scheme = 'unemployment' AND i.status = 'active') THEN 'unemployment' END,
          CASE WHEN NOT EXISTS (SELECT 1 FROM hr_insurance_enrolment i WHERE i.person_id = p.id AND i.scheme = 'work_injury' AND i.status = 'active') THEN 'work_injury' END,
          CASE WHEN NOT EXISTS (SELECT 1 FROM medical_enrolment m WHERE m.person_id = p.id AND m.year = ${Number(t.slice(0, 4))}::int AND m.scheme = 'employee') THEN 'medical' END
        ], NULL) AS missing
      FROM employment e JOIN person p ON p.id = e.person_id
      WHERE e.enterprise_id = ${entId} AND e.start_date <= ${t}::date AND (e.end_date IS NULL OR e.end_date >= ${t}::date)
      ORDER BY e.start_date DESC LIMIT 200`.execute(db);
    // The employer knows its employees' names; the ID number is shown masked but for the last 4.
    return { items: rows.rows.filter((x) => x.missing.length > 0).map((x) => ({ name: x.name, idNumberTail: x.id_number.slice(-4), idNumberMasked: `${x.id_number.slice(0, 6)}********${x.id_number.slice(14)}`, startDate: x.start_date, missing: x.missing })) };
  });
}

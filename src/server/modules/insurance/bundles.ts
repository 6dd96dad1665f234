// One-thing bundles (一件事一次办, M23): one application opens coordinated tasks in several
// departments and is tracked to completion; the applicant sees one status. Two bundles:
// - enrolment (参保登记): an employer enrols a new employee in pension, unemployment, work-injury
//   and medical insurance (each task writes the enrolment when its department completes it);
// - retirement (职工退休): the eligibility check (statutory age under the 2024 decision on the
//   gradual rise of the retirement age, and the minimum contribution years), the pension start, the
//   switch of medical insurance to retiree status, and the notification of the applicant.
// The bundle completes only when every task is done; a rejected task rejects it.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db, DbOrTx } from '../../db/index.js';
import type { BundleKind } from '../../db/schema.js';
import type { Principal } from '../../platform/access.js';
import { shanghaiDate, type Clock } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';

type Label = { zh: string; en: string };
export type TaskDef = { code: string; department: string; label: Label; after?: string[]; auto?: boolean };

export const BUNDLES: Record<BundleKind, { label: Label; tasks: TaskDef[] }> = {
  enrolment: {
    label: { zh: '新职工参保登记“一件事”', en: 'Enrolment of a new employee' },
    tasks: [
      { code: 'employee_pension', department: 'hrss', label: { zh: '职工养老保险参保登记', en: 'Employee pension enrolment' } },
      { code: 'unemployment', department: 'hrss', label: { zh: '失业保险参保登记', en: 'Unemployment insurance enrolment' } },
      { code: 'work_injury', department: 'hrss', label: { zh: '工伤保险参保登记', en: 'Work-injury insurance enrolment' } },
      { code: 'medical', department: 'medical_insurance', label: { zh: '职工医疗保险(含长期护理保险)参保登记', en: 'Employee medical (with long-term care) enrolment' } },
    ],
  },
  retirement: {
    label: { zh: '职工退休“一件事”', en: 'Employee retirement' },
    tasks: [
      { code: 'eligibility', department: 'hrss', label: { zh: '退休资格审核', en: 'Eligibility check' }, auto: true },
      { code: 'pension_start', department: 'hrss', label: { zh: '养老金核定发放', en: 'Pension set and started' }, after: ['eligibility'] },
      { code: 'medical_change', department: 'medical_insurance', label: { zh: '医保转为退休人员待遇', en: 'Medical insurance changed to retiree status' }, after: ['eligibility'] },
      { code: 'notification', department: 'hrss', label: { zh: '告知办理结果', en: 'Applicant notified' }, after: ['pension_start', 'medical_change'], auto: true },
    ],
  },
};

// --- Retirement eligibility ------------------------------------------------------------------------

/**
 * Statutory retirement age in months under the NPC Standing Committee decision of 2024-09-13
 * (from 2025-01-01): men 60 → 63 and women in management or technical posts 55 → 58, one month
 * later for every 4 months of birth from January 1965 / January 1970; women workers 50 → 55, one
 * month later for every 2 months of birth from January 1975.
 */
export function retirementAgeMonths(birthDate: string, group: 'male' | 'female_cadre' | 'female_worker'): number {
  const y = Number(birthDate.slice(0, 4));
  const m = Number(birthDate.slice(5, 7));
  const rule = { male: { base: 60, from: 1965, step: 4, max: 36 }, female_cadre: { base: 55, from: 1970, step: 4, max: 36 }, female_worker: { base: 50, from: 1975, step: 2, max: 60 } }[group];
  const index = (y - rule.from) * 12 + (m - 1);
  const delay = index < 0 ? 0 : Math.min(rule.max, Math.floor(index / rule.step) + 1);
  return rule.base * 12 + delay;
}

/** Minimum contribution months to draw a monthly pension: 15 years to 2029, then 6 months more a year to 20 years (2039). */
export function minimumContributionMonths(year: number): number {
  return year < 2030 ? 180 : Math.min(240, 180 + (year - 2029) * 6);
}

const addMonths = (date: string, n: number) => {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + n;
  const d = date.slice(8, 10);
  const yy = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(yy, mm + 1, 0)).getUTCDate();
  return `${yy}-${String(mm + 1).padStart(2, '0')}-${String(Math.min(Number(d), last)).padStart(2, '0')}`;
};
const monthsBetween = (from: string, to: string) => (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) - (Number(to.slice(8, 10)) < Number(from.slice(8, 10)) ? 1 : 0);

export type Eligibility = { eligible: boolean; retirementAgeMonths: number; reachesOn: string; contributionMonths: number; minimumMonths: number; enrolled: boolean; reasons: Label[] };

export async function checkRetirement(db: DbOrTx, personId: number, today: string): Promise<Eligibility> {
  const p = await db.selectFrom('person').select(['birth_date', 'sex']).where('id', '=', personId).executeTakeFirstOrThrow();
  const enrolment = await db.selectFrom('hr_insurance_enrolment').select(['enrolled_on', 'status']).where('person_id', '=', personId).where('scheme', '=', 'employee_pension').executeTakeFirst();
  const ageMonths = retirementAgeMonths(String(p.birth_date), p.sex === 'M' ? 'male' : 'female_worker');
  const reachesOn = addMonths(String(p.birth_date), ageMonths);
  const contributionMonths = enrolment ? Math.max(0, monthsBetween(String(enrolment.enrolled_on), today)) : 0;
  const minimumMonths = minimumContributionMonths(Number(today.slice(0, 4)));
  const reasons: Label[] = [];
  if (reachesOn > today) reasons.push({ zh: `将于${reachesOn}达到法定退休年龄(${Math.floor(ageMonths / 12)}岁${ageMonths % 12 ? `${ageMonths % 12}个月` : ''})`, en: `Reaches the statutory retirement age (${Math.floor(ageMonths / 12)} years ${ageMonths % 12} months) on ${reachesOn}` });
  if (!enrolment) reasons.push({ zh: '没有职工基本养老保险参保记录', en: 'No employee pension insurance record' });
  else if (contributionMonths < minimumMonths) reasons.push({ zh: `累计缴费${contributionMonths}个月，不足${minimumMonths}个月`, en: `${contributionMonths} months contributed, fewer than the ${minimumMonths} required` });
  return { eligible: reasons.length === 0, retirementAgeMonths: ageMonths, reachesOn, contributionMonths, minimumMonths, enrolled: !!enrolment, reasons };
}

// --- Applications ----------------------------------------------------------------------------------

export const EnrolmentApplication = z.object({
  idNumber: z.string().trim().toUpperCase().length(18, '身份证号为18位 :: An ID number has 18 characters'),
  name: z.string().trim().min(1).max(50),
});

const trackingCode = (kind: BundleKind, today: string) => `${kind === 'enrolment' ? 'CB' : 'TX'}${today.replaceAll('-', '')}${randomBytes(3).toString('hex').toUpperCase()}`;

async function createBundle(trx: DbOrTx, clock: Clock, b: { kind: BundleKind; personId: number; enterpriseId: number | null; applicantUserId: number | null; districtCode: string; details: Record<string, unknown>; done: Map<string, { note: string; result?: unknown }> }) {
  const now = clock.now();
  const row = await trx
    .insertInto('bundle')
    .values({ kind: b.kind, tracking_code: trackingCode(b.kind, shanghaiDate(now)), subject_person_id: b.personId, enterprise_id: b.enterpriseId, applicant_user_id: b.applicantUserId, district_code: b.districtCode, status: 'in_progress', details: JSON.stringify(b.details), created_at: now })
    .returning(['id', 'tracking_code'])
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  const tasks = BUNDLES[b.kind].tasks;
  await trx
    .insertInto('bundle_task')
    .values(
      tasks.map((t, i) => {
        const d = b.done.get(t.code);
        return {
          bundle_id: id,
          code: t.code,
          seq: i + 1,
          department_code: t.department,
          status: d ? ('done' as const) : t.after?.length ? ('waiting' as const) : ('pending' as const),
          result: d?.result === undefined ? null : JSON.stringify(d.result),
          note: d?.note ?? null,
          done_at: d ? now : null,
          done_by: null,
        };
      }),
    )
    .execute();
  await trx.insertInto('bundle_event').values({ bundle_id: id, task_code: null, action: 'applied', note: null, actor_id: b.applicantUserId, at: now }).execute();
  for (const [code, d] of b.done) await trx.insertInto('bundle_event').values({ bundle_id: id, task_code: code, action: 'done', note: d.note, actor_id: null, at: now }).execute();
  await advance(trx, clock, id);
  return { id, trackingCode: row.tracking_code };
}

/** An employer applies to enrol one of its current employees. */
export async function applyEnrolment(db: Db, clock: Clock, p: Principal, input: z.infer<typeof EnrolmentApplication>) {
  if (!p.enterpriseId) throw new AppError('FORBIDDEN', { zh: '仅企业账户可以为职工办理参保登记', en: 'Only an enterprise account can enrol its employees' });
  const today = shanghaiDate(clock.now());
  return db.transaction().execute(async (trx) => {
    const person = await trx.selectFrom('person').select(['id', 'name', 'district_code']).where('id_number', '=', input.idNumber).executeTakeFirst();
    if (!person || person.name !== input.name)
      throw new AppError('VALIDATION', { zh: '身份证号与姓名不匹配', en: 'The ID number and the name do not match' }, [{ path: 'idNumber', message: '身份证号与姓名不匹配', messageEn: 'ID number and name do not match' }]);
    const job = await trx
      .selectFrom('employment')
      .select(['id', 'start_date', 'district_code'])
      .where('person_id', '=', person.id)
      .where('enterprise_id', '=', p.enterpriseId!)
      .where('start_date', '<=', today)
      .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', today)]))
      .executeTakeFirst();
    if (!job)
      throw new AppError('VALIDATION', { zh: '该人员不是本单位的在职职工，请先办理用工登记', en: 'This person is not a current employee of your enterprise; register the employment first' }, [{ path: 'idNumber', message: '不是本单位在职职工', messageEn: 'not a current employee' }]);
    const open = await trx.selectFrom('bundle').select('tracking_code').where('kind', '=', 'enrolment').where('subject_person_id', '=', person.id).where('status', '=', 'in_progress').executeTakeFirst();
    if (open) throw new AppError('CONFLICT', { zh: `该职工已有办理中的参保登记(${open.tracking_code})`, en: `An enrolment for this employee is already in progress (${open.tracking_code})` });
    // Insurance already held needs no task: it is marked done at once.
    const ins = await trx.selectFrom('hr_insurance_enrolment').select(['scheme']).where('person_id', '=', person.id).where('status', '=', 'active').execute();
    const med = await trx.selectFrom('medical_enrolment').select(['scheme']).where('person_id', '=', person.id).where('year', '=', Number(today.slice(0, 4))).executeTakeFirst();
    const done = new Map<string, { note: string }>();
    for (const s of ['employee_pension', 'unemployment', 'work_injury'] as const) if (ins.some((i) => i.scheme === s)) done.set(s, { note: '已参保，无需办理 / already enrolled' });
    if (med?.scheme === 'employee') done.set('medical', { note: '已参加职工医保，无需办理 / already enrolled' });
    if (done.size === 4) throw new AppError('CONFLICT', { zh: '该职工四项保险均已参保', en: 'The employee is already enrolled in all four' });
    return createBundle(trx, clock, { kind: 'enrolment', personId: Number(person.id), enterpriseId: p.enterpriseId!, applicantUserId: p.userId, districtCode: job.district_code, details: { employmentId: Number(job.id), startDate: job.start_date }, done });
  });
}

/** A citizen applies to retire; the eligibility check runs at once and refuses with its reasons. */
export async function applyRetirement(db: Db, clock: Clock, p: Principal) {
  if (!p.personId) throw new AppError('FORBIDDEN', { zh: '仅个人账户可以申请退休', en: 'Only a personal account can apply to retire' });
  const today = shanghaiDate(clock.now());
  return db.transaction().execute(async (trx) => {
    const open = await trx.selectFrom('bundle').select(['tracking_code', 'status']).where('kind', '=', 'retirement').where('subject_person_id', '=', p.personId!).where('status', 'in', ['in_progress', 'completed']).executeTakeFirst();
    if (open) throw new AppError('CONFLICT', { zh: `您已申请过职工退休(${open.tracking_code})`, en: `You have already applied to retire (${open.tracking_code})` });
    const e = await checkRetirement(trx, p.personId!, today);
    if (!e.eligible) throw new AppError('VALIDATION', { zh: `暂不符合退休条件：${e.reasons.map((r) => r.zh).join('；')}`, en: `Not yet eligible: ${e.reasons.map((r) => r.en).join('; ')}` }, e.reasons.map((r) => ({ path: 'eligibility', message: r.zh, messageEn: r.en })));
    const person = await trx.selectFrom('person').select(['district_code']).where('id', '=', p.personId!).executeTakeFirstOrThrow();
    return createBundle(trx, clock, {
      kind: 'retirement',
      personId: p.personId!,
      enterpriseId: null,
      applicantUserId: p.userId,
      districtCode: person.district_code,
      details: { reachesOn: e.reachesOn },
      done: new Map([['eligibility', { note: '系统比对：已达法定退休年龄，缴费年限满足 / checked from the records', result: e }]]),
    });
  });
}

export const TaskAction = z.object({
  outcome: z.enum(['done', 'rejected']),
  note: z.string().trim().max(500).optional(),
  /** pension_start: the monthly pension set, in fen. */
  monthlyAmountFen: z.number().int().min(1).max(10_000_000).optional(),
  version: z.number().int().positive(),
});

/** Whether a staff member acts for the department of a task: its officers, the bundle's district office, or the city. */
export function actsFor(p: Principal, department: string, districtCode: string): boolean {
  if (p.role === 'city_admin') return true;
  if (p.role === 'department_officer') return p.departmentCode === department;
  if (p.role === 'district_officer') return p.orgCode === districtCode;
  return false;
}

export async function actOnTask(db: Db, clock: Clock, p: Principal, bundleId: number, code: string, input: z.infer<typeof TaskAction>) {
  return db.transaction().execute(async (trx) => {
    const b = await trx.selectFrom('bundle').selectAll().where('id', '=', bundleId).forUpdate().executeTakeFirst();
    if (!b) throw new AppError('NOT_FOUND', { zh: '没有该事项', en: 'No such bundle' });
    const task = await trx.selectFrom('bundle_task').selectAll().where('bundle_id', '=', bundleId).where('code', '=', code).executeTakeFirst();
    if (!task) throw new AppError('NOT_FOUND', { zh: '没有该环节', en: 'No such task' });
    if (!actsFor(p, task.department_code, b.district_code)) throw new AppError('FORBIDDEN', { zh: '该环节由其他部门或区县办理', en: 'Another department or district handles this task' });
    if (b.version !== input.version) throw new AppError('CONFLICT', { zh: '事项已更新，请刷新后重试', en: 'The bundle changed meanwhile; reload and try again' });
    if (task.status !== 'pending') throw new AppError('CONFLICT', { zh: task.status === 'waiting' ? '前序环节尚未办结' : '该环节已办结', en: task.status === 'waiting' ? 'An earlier task is not done yet' : 'This task is already finished' });
    const def = BUNDLES[b.kind].tasks.find((t) => t.code === code)!;
    if (def.auto) throw new AppError('CONFLICT', { zh: '该环节由系统自动办理', en: 'The system does this task' });
    if (input.outcome === 'rejected' && !input.note) throw new AppError('VALIDATION', { zh: '退回须说明理由', en: 'Give a reason to reject' }, [{ path: 'note', message: '请填写理由', messageEn: 'a reason is required' }]);
    const today = shanghaiDate(clock.now());
    let result: unknown = null;
    if (input.outcome === 'done') result = await applyTask(trx, b.kind, code, Number(b.subject_person_id), b.district_code, today, input.monthlyAmountFen);
    await trx
      .updateTable('bundle_task')
      .set({ status: input.outcome, note: input.note ?? null, result: result === null ? null : JSON.stringify(result), done_by: p.userId, done_at: clock.now() })
      .where('bundle_id', '=', bundleId)
      .where('code', '=', code)
      .execute();
    await trx.insertInto('bundle_event').values({ bundle_id: bundleId, task_code: code, action: input.outcome, note: input.note ?? null, actor_id: p.userId, at: clock.now() }).execute();
    await trx.updateTable('bundle').set({ version: b.version + 1 }).where('id', '=', bundleId).execute();
    await advance(trx, clock, bundleId);
    return bundleDetail(trx, bundleId);
  });
}

/** What completing a task changes in the department's data. */
async function applyTask(trx: DbOrTx, kind: BundleKind, code: string, personId: number, districtCode: string, today: string, monthlyAmountFen: number | undefined): Promise<unknown> {
  const batch = async (department: string) =>
    Number(
      (
        await trx
          .insertInto('import_batch')
          .values({ feed: `bundle_${kind}`, department_code: department, file_name: `bundle:${kind}:${code}`, file_sha256: '-', encoding: 'utf-8', mode: 'platform', status: 'loaded', rows_total: 1, rows_inserted: 1, finished_at: new Date() })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
    );
  if (kind === 'enrolment' && code !== 'medical') {
    const scheme = code as 'employee_pension' | 'unemployment' | 'work_injury';
    await trx
      .insertInto('hr_insurance_enrolment')
      .values({ person_id: personId, scheme, enrolled_on: today, status: 'active', district_code: districtCode, batch_id: await batch('hrss') })
      .onConflict((oc) => oc.columns(['person_id', 'scheme']).doUpdateSet({ status: 'active', enrolled_on: today }))
      .execute();
    return { scheme, enrolledOn: today };
  }
  if (code === 'medical' || code === 'medical_change') {
    const year = Number(today.slice(0, 4));
    const b = await batch('medical_insurance');
    await trx
      .insertInto('medical_enrolment')
      .values({ person_id: personId, year, scheme: 'employee', district_code: districtCode, batch_id: b })
      .onConflict((oc) => oc.columns(['person_id', 'year']).doUpdateSet({ scheme: 'employee' }))
      .execute();
    await trx.insertInto('ltc_enrolment').values({ person_id: personId, year, district_code: districtCode, batch_id: b }).onConflict((oc) => oc.columns(['person_id', 'year']).doNothing()).execute();
    return code === 'medical' ? { scheme: 'employee', year, longTermCare: true } : { retiree: true, year };
  }
  if (code === 'pension_start') {
    if (!monthlyAmountFen) throw new AppError('VALIDATION', { zh: '请填写核定的月养老金', en: 'Enter the monthly pension set' }, [{ path: 'monthlyAmountFen', message: '必填', messageEn: 'required' }]);
    const start = `${today.slice(0, 7)}-01`;
    const nextMonth = Number(start.slice(5, 7)) === 12 ? `${Number(start.slice(0, 4)) + 1}-01-01` : `${start.slice(0, 4)}-${String(Number(start.slice(5, 7)) + 1).padStart(2, '0')}-01`;
    const a = await trx
      .insertInto('benefit_award')
      .values({ person_id: personId, kind: 'employee_pension', paying_region: districtCode, district_code: districtCode, start_month: nextMonth, status: 'active', monthly_amount_fen: monthlyAmountFen, batch_id: await batch('hrss') })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { awardId: Number(a.id), monthlyAmountFen, startMonth: nextMonth };
  }
  return null;
}

/** Opens tasks whose predecessors are done, does the automatic ones, and settles the bundle. */
async function advance(trx: DbOrTx, clock: Clock, bundleId: number): Promise<void> {
  for (;;) {
    const b = await trx.selectFrom('bundle').select(['kind', 'status']).where('id', '=', bundleId).executeTakeFirstOrThrow();
    if (b.status !== 'in_progress') return;
    const tasks = await trx.selectFrom('bundle_task').select(['code', 'status']).where('bundle_id', '=', bundleId).execute();
    const status = new Map(tasks.map((t) => [t.code, t.status]));
    const now = clock.now();
    if (tasks.some((t) => t.status === 'rejected')) {
      await trx.updateTable('bundle').set({ status: 'rejected', completed_at: now }).where('id', '=', bundleId).execute();
      await trx.insertInto('bundle_event').values({ bundle_id: bundleId, task_code: null, action: 'rejected', note: null, actor_id: null, at: now }).execute();
      return;
    }
    if (tasks.every((t) => t.status === 'done')) {
      await trx.updateTable('bundle').set({ status: 'completed', completed_at: now }).where('id', '=', bundleId).execute();
      await trx.insertInto('bundle_event').values({ bundle_id: bundleId, task_code: null, action: 'completed', note: null, actor_id: null, at: now }).execute();
      return;
    }
    let changed = false;
    for (const def of BUNDLES[b.kind].tasks) {
      if (status.get(def.code) !== 'waiting' || !(def.after ?? []).every((a) => status.get(a) === 'done')) continue;
      // The notification is automatic: the applicant's one status turns to completed and says so.
      const auto = def.auto === true;
      await trx
        .updateTable('bundle_task')
        .set(auto ? { status: 'done', done_at: now, note: '已通过“我的办件”告知申请人 / the applicant is told in My applications', result: JSON.stringify({ notifiedAt: now.toISOString() }) } : { status: 'pending' })
        .where('bundle_id', '=', bundleId)
        .where('code', '=', def.code)
        .execute();
      if (auto) await trx.insertInto('bundle_event').values({ bundle_id: bundleId, task_code: def.code, action: 'done', note: null, actor_id: null, at: now }).execute();
      changed = true;
    }
    if (!changed) return;
  }
}

export async function bundleDetail(db: DbOrTx, id: number) {
  const b = await db
    .selectFrom('bundle as b')
    .innerJoin('person as p', 'p.id', 'b.subject_person_id')
    .leftJoin('enterprise as e', 'e.id', 'b.enterprise_id')
    .select(['b.id', 'b.kind', 'b.tracking_code', 'b.status', 'b.district_code', 'b.details', 'b.created_at', 'b.completed_at', 'b.version', 'b.subject_person_id', 'p.name', 'p.village_code', 'e.name as enterprise_name', 'b.enterprise_id', 'b.applicant_user_id'])
    .where('b.id', '=', id)
    .executeTakeFirst();
  if (!b) return undefined;
  const tasks = await db.selectFrom('bundle_task').selectAll().where('bundle_id', '=', id).orderBy('seq').execute();
  const events = await db.selectFrom('bundle_event').select(['task_code', 'action', 'note', 'at']).where('bundle_id', '=', id).orderBy('id').execute();
  const defs = BUNDLES[b.kind];
  return {
    id: Number(b.id),
    kind: b.kind,
    label: defs.label,
    trackingCode: b.tracking_code,
    status: b.status,
    districtCode: b.district_code,
    details: b.details,
    createdAt: b.created_at,
    completedAt: b.completed_at,
    version: b.version,
    subject: { personId: Number(b.subject_person_id), name: b.name, villageCode: b.village_code },
    enterprise: b.enterprise_id ? { id: Number(b.enterprise_id), name: b.enterprise_name } : null,
    applicantUserId: b.applicant_user_id === null ? null : Number(b.applicant_user_id),
    tasks: tasks.map((t) => ({ code: t.code, label: defs.tasks.find((d) => d.code === t.code)!.label, department: t.department_code, status: t.status, note: t.note, result: t.result, doneAt: t.done_at, auto: defs.tasks.find((d) => d.code === t.code)!.auto === true })),
    events,
  };
}

// Supervision (督导): a red light opens a task for the responsible district (a target with district
// quotas) or the lead department (a city target). The task has a due date, a response and a closure,
// and escalates to the city when it lapses. Status beside append-only events, in one transaction.
// The case engine, when it lands, can absorb these rows as a case kind.
import type { Db, DbOrTx } from '../../db/index.js';
import type { Principal } from '../../platform/access.js';
import { shanghaiDate, type Clock } from '../../platform/clock.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { CITY, loadPlan, loadValues, milestoneStates, targetProgress, type PlanContext } from './tracker.js';

const taskNotFound = () => notFound({ zh: '未找到该督导任务,或不在您的管辖范围内', en: 'No such supervision task, or outside your jurisdiction' });

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Opens a task for every red light at the end of `period` that has no task in progress: the city's
 * targets (for the lead department) and each district's quota targets (for the district).
 */
export async function openTasksForRedLights(db: Db, year: number, period: string, clock: Clock, ctxIn?: PlanContext): Promise<number> {
  const ctx = ctxIn ?? (await loadPlan(db, year, period));
  const cube = await loadValues(db, year, period);
  const ms = await milestoneStates(db, year, period);
  const today = shanghaiDate(clock.now());
  const due = addDays(today, ctx.settings.supervisionDueDays);
  const candidates: { target: string; org: string; dept: string; gap: number | null; zh: string; en: string }[] = [];
  for (const t of ctx.targets) {
    const city = targetProgress(ctx, cube, ms, t, CITY, period);
    if (city.light === 'red') candidates.push({ target: t.code, org: CITY, dept: t.departments[0]!, gap: city.gapPoints, zh: city.explanation.zh, en: city.explanation.en });
    if (!t.decompose || !ctx.quotas.has(t.code)) continue;
    for (const d of ctx.districts) {
      const p = targetProgress(ctx, cube, ms, t, d.code, period);
      if (p.light === 'red') candidates.push({ target: t.code, org: d.code, dept: t.departments[0]!, gap: p.gapPoints, zh: p.explanation.zh, en: p.explanation.en });
    }
  }
  if (candidates.length === 0) return 0;
  return db.transaction().execute(async (trx) => {
    const live = new Set((await trx.selectFrom('supervision_task').select(['target_code', 'org_code']).where('plan_year', '=', year).where('status', '<>', 'closed').execute()).map((r) => `${r.target_code}:${r.org_code}`));
    let opened = 0;
    for (const c of candidates) {
      if (live.has(`${c.target}:${c.org}`)) continue;
      const row = await trx
        .insertInto('supervision_task')
        .values({ plan_year: year, target_code: c.target, org_code: c.org, department_code: c.dept, period, light: 'red', gap_points: c.gap, reason_zh: c.zh, reason_en: c.en, status: 'open', due_on: due, response: null, closure_note: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('supervision_event').values({ task_id: row.id, action: 'opened', actor_id: null, note: `${period} red` }).execute();
      opened++;
    }
    return opened;
  });
}

/** Tasks past their due date with no response escalate: flagged for the city and on its board. */
export async function escalateLapsed(db: Db, clock: Clock): Promise<number> {
  const today = shanghaiDate(clock.now());
  return db.transaction().execute(async (trx) => {
    const lapsed = await trx.selectFrom('supervision_task').select('id').where('status', '=', 'open').where('escalated', '=', false).where('due_on', '<', today).forUpdate().execute();
    for (const t of lapsed) {
      await trx.updateTable('supervision_task').set({ escalated: true, updated_at: clock.now() }).where('id', '=', t.id).execute();
      await trx.insertInto('supervision_event').values({ task_id: t.id, action: 'escalated', actor_id: null, note: `overdue since ${today}` }).execute();
    }
    return lapsed.length;
  });
}

/** Who sees a task: the city; the department it was sent to; the district it is about. */
function mayRead(p: Principal, t: { org_code: string; department_code: string }): boolean {
  if (p.role === 'city_admin' || p.role === 'auditor') return true;
  if (p.role === 'department_officer') return t.department_code === p.departmentCode;
  if (p.role === 'district_officer') return t.org_code === p.orgCode;
  return false;
}
/** The district answers for its quota; the lead department for a city target. */
function mayRespond(p: Principal, t: { org_code: string; department_code: string }): boolean {
  if (t.org_code === CITY) return p.role === 'department_officer' && p.departmentCode === t.department_code;
  return p.role === 'district_officer' && p.orgCode === t.org_code;
}
/** The city closes: the administrator, or the lead department for a district's task. */
function mayClose(p: Principal, t: { org_code: string; department_code: string }): boolean {
  if (p.role === 'city_admin') return true;
  return p.role === 'department_officer' && p.departmentCode === t.department_code && t.org_code !== CITY;
}

export async function listTasks(db: DbOrTx, p: Principal, f: { status?: string; year?: number }, clock: Clock) {
  let q = db
    .selectFrom('supervision_task as t')
    .innerJoin('plan_target as pt', (j) => j.onRef('pt.plan_year', '=', 't.plan_year').onRef('pt.code', '=', 't.target_code'))
    .innerJoin('division as d', 'd.code', 't.org_code')
    .innerJoin('department as dep', 'dep.code', 't.department_code')
    .selectAll('t')
    .select(['pt.title_zh', 'pt.title_en', 'd.name as org_name', 'dep.short_zh', 'dep.name_zh', 'dep.name_en']);
  if (f.status) q = q.where('t.status', '=', f.status as 'open');
  if (f.year) q = q.where('t.plan_year', '=', f.year);
  const rows = (await q.orderBy('t.escalated', 'desc').orderBy('t.due_on').orderBy('t.id').limit(1000).execute()).filter((t) => mayRead(p, t));
  const ids = rows.map((r) => r.id);
  const events = ids.length === 0 ? [] : await db.selectFrom('supervision_event as e').leftJoin('app_user as u', 'u.id', 'e.actor_id').select(['e.task_id', 'e.action', 'u.display_name', 'e.note', 'e.at']).where('e.task_id', 'in', ids).orderBy('e.id').execute();
  const today = shanghaiDate(clock.now());
  return rows.map((t) => ({
    id: Number(t.id),
    year: t.plan_year,
    targetCode: t.target_code,
    targetTitle: { zh: t.title_zh, en: t.title_en },
    orgCode: t.org_code,
    orgName: t.org_name,
    departmentCode: t.department_code,
    departmentName: { zh: t.short_zh ?? t.name_zh, en: t.name_en },
    period: t.period,
    light: t.light,
    gapPoints: t.gap_points,
    reason: { zh: t.reason_zh, en: t.reason_en },
    status: t.status,
    escalated: t.escalated,
    dueOn: String(t.due_on).slice(0, 10),
    overdue: t.status === 'open' && String(t.due_on).slice(0, 10) < today,
    response: t.response,
    closureNote: t.closure_note,
    createdAt: new Date(t.created_at).toISOString(),
    canRespond: t.status !== 'closed' && mayRespond(p, t),
    canClose: t.status !== 'closed' && mayClose(p, t),
    events: events.filter((e) => e.task_id === t.id).map((e) => ({ action: e.action, actor: e.display_name, note: e.note, at: new Date(e.at).toISOString() })),
  }));
}

export async function respond(db: Db, p: Principal, id: number, response: string, clock: Clock): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const t = await trx.selectFrom('supervision_task').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!t || !mayRead(p, t)) throw taskNotFound();
    if (!mayRespond(p, t)) throw forbidden();
    if (t.status === 'closed') throw new AppError('CONFLICT', { zh: '该督导任务已办结', en: 'This supervision task is closed' });
    await trx.updateTable('supervision_task').set({ status: 'responded', response, updated_at: clock.now() }).where('id', '=', id).execute();
    await trx.insertInto('supervision_event').values({ task_id: id, action: 'responded', actor_id: p.userId, note: response, at: clock.now() }).execute();
  });
}

export async function close(db: Db, p: Principal, id: number, note: string, clock: Clock): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const t = await trx.selectFrom('supervision_task').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!t || !mayRead(p, t)) throw taskNotFound();
    if (!mayClose(p, t)) throw forbidden();
    if (t.status === 'closed') throw new AppError('CONFLICT', { zh: '该督导任务已办结', en: 'This supervision task is already closed' });
    if (t.status !== 'responded') throw new AppError('CONFLICT', { zh: '责任单位尚未答复，不能办结', en: 'The responsible unit has not responded yet' });
    await trx.updateTable('supervision_task').set({ status: 'closed', closure_note: note, updated_at: clock.now() }).where('id', '=', id).execute();
    await trx.insertInto('supervision_event').values({ task_id: id, action: 'closed', actor_id: p.userId, note, at: clock.now() }).execute();
  });
}

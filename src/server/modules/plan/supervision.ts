// Supervision (督导): a red light at a month's end opens a case of the kind `supervision_task` for
// the responsible district (a target with district quotas) or the lead department (a city target).
// The case engine gives it its deadline in working days, the response, the closure, the escalation
// when it lapses and its place in the inbox and on the board.
import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import type { Clock } from '../../platform/clock.js';
import { appendEvents, loadKind, openCase, type NewEvent } from '../cases/index.js';
import { CITY, loadPlan, loadValues, milestoneStates, targetProgress, type PlanContext } from './tracker.js';

export const SUPERVISION_KIND = 'supervision_task';
/** What ties a task to the target and unit it is about: one live task per pair. */
const subjectRef = (year: number, target: string, org: string) => `plan:${year}:${target}:${org}`;

/**
 * Opens a task for every red light at the end of `period` that has no task in progress: the city's
 * targets (for the lead department) and each district's quota targets (for the district).
 */
export async function openTasksForRedLights(db: Db, year: number, period: string, clock: Clock, ctxIn?: PlanContext): Promise<number> {
  const ctx = ctxIn ?? (await loadPlan(db, year, period));
  const cube = await loadValues(db, year, period);
  const ms = await milestoneStates(db, year, period);
  const candidates: { target: string; title: string; org: string; dept: string; gap: number | null; zh: string; en: string }[] = [];
  for (const t of ctx.targets) {
    const city = targetProgress(ctx, cube, ms, t, CITY, period);
    if (city.light === 'red') candidates.push({ target: t.code, title: t.title.zh, org: CITY, dept: t.departments[0]!, gap: city.gapPoints, zh: city.explanation.zh, en: city.explanation.en });
    if (!t.decompose || !ctx.quotas.has(t.code)) continue;
    for (const d of ctx.districts) {
      const p = targetProgress(ctx, cube, ms, t, d.code, period);
      if (p.light === 'red') candidates.push({ target: t.code, title: t.title.zh, org: d.code, dept: t.departments[0]!, gap: p.gapPoints, zh: p.explanation.zh, en: p.explanation.en });
    }
  }
  if (candidates.length === 0) return 0;
  const kind = await loadKind(db, SUPERVISION_KIND);
  if (!kind) throw new Error(`case kind ${SUPERVISION_KIND} is not loaded`);
  const live = new Set(
    (await db.selectFrom('case_record').select('subject_ref').where('kind_code', '=', SUPERVISION_KIND).where('final', '=', false).where('subject_ref', 'like', `plan:${year}:%`).execute()).map((r) => r.subject_ref),
  );
  let opened = 0;
  for (const c of candidates) {
    const ref = subjectRef(year, c.target, c.org);
    if (live.has(ref)) continue;
    await openCase(db, clock, {
      kind,
      details: { planYear: year, targetCode: c.target, targetTitle: c.title, period, unit: c.org, ...(c.gap === null ? {} : { gapPoints: c.gap.toFixed(1) }), reasonText: `${c.zh}\n${c.en}` },
      source: 'system',
      orgCode: c.org,
      departmentCode: c.dept,
      subjectRef: ref,
      by: null,
    });
    opened++;
  }
  return opened;
}

/**
 * Moves the tasks of the plan tracker's first release (tables supervision_task and
 * supervision_event, now read-only) into cases, once, with their original times: opened, escalated,
 * responded and closed become the case's events. Runs at start-up; a moved task is not moved again.
 */
export async function absorbLegacyTasks(db: Db): Promise<number> {
  const kind = await loadKind(db, SUPERVISION_KIND);
  if (!kind) return 0;
  const moved = new Set((await db.selectFrom('case_record').select(sql<string>`details->>'legacyTaskId'`.as('id')).where('kind_code', '=', SUPERVISION_KIND).where(sql<boolean>`details ? 'legacyTaskId'`).execute()).map((r) => r.id));
  const tasks = await db.selectFrom('supervision_task as t').innerJoin('plan_target as pt', (j) => j.onRef('pt.plan_year', '=', 't.plan_year').onRef('pt.code', '=', 't.target_code')).selectAll('t').select('pt.title_zh').orderBy('t.id').execute();
  let n = 0;
  for (const t of tasks.filter((x) => !moved.has(String(x.id)))) {
    const events = await db.selectFrom('supervision_event').selectAll().where('task_id', '=', t.id).orderBy('id').execute();
    const opened = await openCase(db, { now: () => new Date(t.created_at) }, {
      kind,
      details: { planYear: t.plan_year, targetCode: t.target_code, targetTitle: t.title_zh, period: t.period, unit: t.org_code, ...(t.gap_points === null ? {} : { gapPoints: Number(t.gap_points).toFixed(1) }), reasonText: `${t.reason_zh}\n${t.reason_en}`, legacyTaskId: String(t.id) },
      source: 'system',
      orgCode: t.org_code,
      departmentCode: t.department_code,
      subjectRef: subjectRef(t.plan_year, t.target_code, t.org_code),
      by: null,
    });
    let version = opened.status.version;
    for (const e of events) {
      const next: NewEvent[] =
        e.action === 'responded'
          ? [{ action: 'transition', payload: { transition: 'respond', to: 'responded', evidence: e.note ?? t.response ?? '' } }]
          : e.action === 'closed'
            ? [{ action: 'transition', payload: { transition: 'close', to: 'closed', conclusion: 'measures_accepted', reason: e.note ?? t.closure_note ?? undefined } }]
            : e.action === 'escalated'
              ? [{ action: 'escalated', payload: { toOrg: CITY } }]
              : [];
      if (next.length === 0) continue;
      const by = e.actor_id === null ? null : { userId: Number(e.actor_id), role: (await db.selectFrom('app_user').select('role').where('id', '=', e.actor_id).executeTakeFirst())?.role ?? 'city_admin' };
      version = (await db.transaction().execute((trx) => appendEvents(trx, kind, opened.id, version, next, by, new Date(e.at)))).version;
    }
    n++;
  }
  return n;
}

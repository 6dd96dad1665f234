// The demo's plan picture. The current year's plan is created from the 2023 plan with its count
// targets scaled to the synthetic city's population; computed indicators come from the seeded data;
// reported ones come from simulated submissions (approved month by month, the last month partly
// still open), and there are simulated public ratings. Everything simulated is marked as such:
// submissions carry the event comment "simulated (demo seed)", ratings `seeded = true`.
import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import { shanghaiDate, type Clock } from '../../platform/clock.js';
import { adoptLandedBindings, CITY_POPULATION, createNextPlan, recomputeIndicators } from './plan.service.js';
import { timeShare } from './progress.js';
import { dueOn, writeApproved } from './reporting.js';
import { SERVICES } from './ratings.js';
import { openTasksForRedLights } from './supervision.js';
import { CITY, loadPlan, type IndicatorRow, type PlanContext, type TargetRow } from './tracker.js';

const SIMULATED = 'simulated (demo seed)';

/** A deterministic number in [0, 1) from a string. */
function unit(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  h ^= h >>> 15;
  h = Math.imul(h, 2246822507);
  h ^= h >>> 13;
  return (h >>> 0) / 4294967296;
}

/** Districts whose officers do the browser journey: their last month is left for them to submit. */
export const DEMO_OPEN_DISTRICTS = ['500112', '500101'];

export async function seedDemoPlan(db: Db, clock: Clock, log: (line: string) => void = () => {}): Promise<number | null> {
  const today = shanghaiDate(clock.now());
  const year = Number(today.slice(0, 4));
  if (await db.selectFrom('plan').select('year').where('year', '=', year).executeTakeFirst()) return null;
  const base = await db.selectFrom('plan').select('year').where('year', '<', year).orderBy('year', 'desc').executeTakeFirst();
  if (!base) return null;
  const persons = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM person`.execute(db)).rows[0]!.n);
  const scale = Math.min(1, persons / CITY_POPULATION);
  await createNextPlan(db, base.year, year, null, scale);
  // The demo's cases cover the whole year, so their indicators are computed from January.
  await adoptLandedBindings(db, year, `${year}-01`);
  const month = Number(today.slice(5, 7));
  const t0 = Date.now();
  const took = (t: number) => `${((Date.now() - t) / 1000).toFixed(1)} s`;
  await recomputeIndicators(db, year, month);
  const t1 = Date.now();
  const ctx = await loadPlan(db, year, today.slice(0, 7));
  const closed = month - 1;
  if (closed >= 1) await simulateSubmissions(db, ctx, closed, clock);
  const t2 = Date.now();
  await simulateRatings(db, year);
  await simulateMilestones(db, ctx, today);
  if (closed >= 1) await openTasksForRedLights(db, year, `${year}-${String(closed).padStart(2, '0')}`, clock, ctx);
  log(
    `demo plan ${year}: copied from ${base.year}, count targets × ${scale.toFixed(5)} (${persons.toLocaleString('en')} persons of ${CITY_POPULATION.toLocaleString('en')}); ` +
      `computed indicators ${((t1 - t0) / 1000).toFixed(1)} s, simulated reports ${((t2 - t1) / 1000).toFixed(1)} s, ratings and supervision ${took(t2)}`,
  );
  return year;
}

/** The target a reported indicator is judged by, for scaling simulated values. */
function targetFor(ctx: PlanContext, ind: IndicatorRow): TargetRow | undefined {
  return ctx.targets.find((t) => t.indicatorCode === ind.code && t.comparator !== 'milestone');
}

function simulatedValue(ctx: PlanContext, ind: IndicatorRow, t: TargetRow | undefined, unitCode: string, m: number): { value: number | null; numerator: number | null; denominator: number | null } {
  const period = `${ctx.year}-${String(m).padStart(2, '0')}`;
  // Each unit has its own pace (some lag, some lead), steady over the year, with a little monthly noise.
  const pace = 0.55 + 0.75 * unit(`${ind.code}:${unitCode}`);
  const noise = 0.97 + 0.06 * unit(`${ind.code}:${unitCode}:${m}`);
  const share = t ? timeShare(period, t.deadline, ind.seasonal) : m / 12;
  const districts = ctx.districts.length;
  if (ind.aggregation === 'rate') {
    const target = t?.value ?? 90;
    const den = Math.round((40 + 300 * unit(`${ind.code}:${unitCode}:den`)) * (ind.periodType === 'ytd' ? share * 1.5 : 1)) + 5;
    const rate = Math.min(100, target * Math.min(1.08, 0.9 + 0.18 * unit(`${ind.code}:${unitCode}:rate`)) * (0.995 + 0.01 * unit(`${ind.code}:${unitCode}:${m}`)));
    return { value: null, numerator: Math.min(den, Math.round((den * rate) / 100)), denominator: den };
  }
  if (ind.aggregation === 'share') return { value: unit(`${ind.code}:${unitCode}:has`) < 0.9 || m > 9 ? (ind.threshold ?? 1) : 0, numerator: null, denominator: null };
  if (ind.aggregation === 'min') {
    const goal = t?.value ?? 6;
    return { value: Math.floor(goal * share * (0.7 + 0.7 * unit(`${ind.code}:${unitCode}`)) + (m % 2 === 0 ? 0 : 0.5)), numerator: null, denominator: null };
  }
  if (ind.unit === 'percent') {
    const goal = t?.value ?? 5;
    return { value: Math.round(goal * (0.94 + 0.1 * unit(`${ind.code}:${unitCode}:${m}`)) * 10) / 10, numerator: null, denominator: null };
  }
  const quota = unitCode === CITY ? (t?.value ?? 0) : (t && ctx.quotas.get(t.code)?.get(unitCode)) ?? (t?.value ?? 0) / districts;
  if (ind.aggregation === 'latest') return { value: Math.round(quota * (0.85 + 0.2 * unit(`${ind.code}:${unitCode}`)) * noise), numerator: null, denominator: null };
  // A cumulative count: the unit's pace × the expected share by this month; never falls.
  const v = quota * share * pace;
  return { value: ind.periodType === 'ytd' ? Math.round(v) : Math.round((quota / 12) * pace * noise), numerator: null, denominator: null };
}

async function simulateSubmissions(db: Db, ctx: PlanContext, closed: number, clock: Clock): Promise<void> {
  const units: { org: string; dept: string; rows: { ind: IndicatorRow; unit: string }[] }[] = [];
  const byKey = new Map<string, { org: string; dept: string; rows: { ind: IndicatorRow; unit: string }[] }>();
  for (const ind of ctx.indicators.values()) {
    const b = ctx.bindings.get(ind.code);
    if (!b || b.source !== 'reported' || !b.reported_by) continue;
    const targets = ind.unitLevel === 'city' ? [{ org: CITY, units: [CITY] }] : ctx.districts.map((d) => ({ org: d.code, units: ind.unitLevel === 'district' ? [d.code] : (ctx.townships.get(d.code) ?? []) }));
    for (const x of targets) {
      const k = `${x.org}:${b.reported_by}`;
      if (!byKey.has(k)) {
        const e = { org: x.org, dept: b.reported_by, rows: [] as { ind: IndicatorRow; unit: string }[] };
        byKey.set(k, e);
        units.push(e);
      }
      for (const u of x.units) byKey.get(k)!.rows.push({ ind, unit: u });
    }
  }
  const now = clock.now();
  await db.transaction().execute(async (trx) => {
    for (let m = 1; m <= closed; m++) {
      const period = `${ctx.year}-${String(m).padStart(2, '0')}`;
      const due = dueOn(period, ctx.settings);
      // One month at a time, in bulk: the submissions, then their values and events.
      const month = units
        .filter((u) => !(m === closed && DEMO_OPEN_DISTRICTS.includes(u.org)))
        .map((u) => {
          // In the last month a few districts are still awaiting review; a few reports were late.
          const pending = m === closed && unit(`${u.org}:${u.dept}:pending`) < 0.25;
          const late = unit(`${u.org}:${u.dept}:${m}:late`) < 0.12;
          const submittedAt = new Date(`${due}T${late ? '18' : '09'}:00:00+08:00`);
          if (late) submittedAt.setDate(submittedAt.getDate() + 2);
          const at = submittedAt > now ? now : submittedAt;
          return { u, pending, late: late && submittedAt <= now, at };
        });
      const ids: number[] = [];
      for (let i = 0; i < month.length; i += 500) {
        const rows = await trx
          .insertInto('report_submission')
          .values(month.slice(i, i + 500).map((x) => ({ plan_year: ctx.year, period, org_code: x.u.org, department_code: x.u.dept, status: x.pending ? ('submitted' as const) : ('approved' as const), due_on: due, late: x.late, findings: '[]', submitted_by: null, submitted_at: x.at, reviewed_by: null, reviewed_at: x.pending ? null : x.at, review_comment: null, created_at: x.at, updated_at: x.at })))
          .returning(['id', 'org_code', 'department_code'])
          .execute();
        ids.push(...rows.map((r) => Number(r.id)));
      }
      const values = month.flatMap((x, i) => x.u.rows.map((r) => ({ submission_id: ids[i]!, indicator_code: r.ind.code, unit_code: r.unit, ...simulatedValue(ctx, r.ind, targetFor(ctx, r.ind), r.unit, m) })));
      for (let i = 0; i < values.length; i += 2000) await trx.insertInto('report_value').values(values.slice(i, i + 2000)).execute();
      const events = month.flatMap((x, i) => [
        { submission_id: ids[i]!, action: 'submitted' as const, actor_id: null, comment: SIMULATED, values_after: null, at: x.at },
        ...(x.pending ? [] : [{ submission_id: ids[i]!, action: 'approved' as const, actor_id: null, comment: SIMULATED, values_after: null, at: x.at }]),
      ]);
      for (let i = 0; i < events.length; i += 2000) await trx.insertInto('report_event').values(events.slice(i, i + 2000)).execute();
      const approved = ids.filter((_, i) => !month[i]!.pending);
      if (approved.length > 0) await writeApproved(trx, ctx.year, period, approved);
    }
  });
}

async function simulateRatings(db: Db, year: number): Promise<void> {
  const districts = await db.selectFrom('division').select('code').where('level', '=', 2).orderBy('code').execute();
  const rows: { subject_kind: 'service'; subject_ref: string; district_code: string; department_code: string; score: number; satisfaction: 'satisfied' | 'basically_satisfied' | 'dissatisfied'; comment: null; rater_user_id: null; rater_person_id: null; seeded: boolean; created_at: Date }[] = [];
  for (const d of districts) {
    // Some districts have too few ratings to be scored, as in life.
    const n = Math.round(15 + 50 * unit(`${d.code}:ratings`));
    const mood = 0.55 + 0.4 * unit(`${d.code}:mood`);
    for (let i = 0; i < n; i++) {
      const s = SERVICES[Math.floor(unit(`${d.code}:${i}:svc`) * SERVICES.length)]!;
      const u = unit(`${d.code}:${i}:score`);
      const score = u < mood * 0.7 ? 5 : u < mood ? 4 : u < mood + 0.2 ? 3 : u < mood + 0.3 ? 2 : 1;
      rows.push({ subject_kind: 'service', subject_ref: `${s.code}:${d.code}`, district_code: d.code, department_code: s.department, score, satisfaction: score >= 4 ? 'satisfied' : score === 3 ? 'basically_satisfied' : 'dissatisfied', comment: null, rater_user_id: null, rater_person_id: null, seeded: true, created_at: new Date(`${year}-${String(1 + (i % 9)).padStart(2, '0')}-15T10:00:00+08:00`) });
    }
  }
  for (let i = 0; i < rows.length; i += 1000) await db.insertInto('public_rating').values(rows.slice(i, i + 1000)).execute();
}

/** Evidence for the milestones due by now: most given and accepted, some missing (those turn red). */
async function simulateMilestones(db: Db, ctx: PlanContext, today: string): Promise<void> {
  const users = new Map((await db.selectFrom('app_user').select(['id', 'username']).where('username', 'in', ['hrss', 'admin']).execute()).map((u) => [u.username, u.id]));
  const author = users.get('hrss');
  const reviewer = users.get('admin');
  if (!author || !reviewer) return;
  for (const t of ctx.targets.filter((x) => x.comparator === 'milestone')) {
    const r = unit(`${t.code}:evidence`);
    if (r > 0.75) continue;
    const due = t.deadline < today;
    await db
      .insertInto('milestone_evidence')
      .values({ plan_year: ctx.year, target_code: t.code, department_code: t.departments[0]!, note: `${t.title.zh}：工作进展材料（模拟数据）`, link: null, submitted_by: author, submitted_at: new Date(`${ctx.year}-06-30T10:00:00+08:00`), accepted_by: due || r < 0.5 ? reviewer : null, accepted_at: due || r < 0.5 ? new Date(`${ctx.year}-07-10T10:00:00+08:00`) : null })
      .execute();
  }
}

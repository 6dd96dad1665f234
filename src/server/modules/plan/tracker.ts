// Reads a plan and its values and computes what the pages show: progress per target for the city or
// a district, series, quotas, the league table. One load of the values serves all 38 districts.
import { sql } from 'kysely';
import type { DbOrTx } from '../../db/index.js';
import { AppError } from '../../platform/errors.js';
import { latestBindings, settingsOf, type BindingRow, type PlanSettings } from './plan.service.js';
import { aggregate, evaluate, leagueScore, monthOf, rank, timeShare, type IndicatorSpec, type Light, type Progress, type TargetSpec, type Text, type UnitValue } from './progress.js';

export const CITY = '500000';

export type TargetRow = TargetSpec & { itemCode: string; title: Text; quote: string; unit: string | null; departments: string[]; decompose: boolean; indicatorCode: string | null; position: number };
export type IndicatorRow = IndicatorSpec & { name: Text; unitLevel: 'city' | 'district' | 'township' };

export type PlanContext = {
  year: number;
  name: Text;
  documentNo: string;
  issuedOn: string;
  copiedFrom: number | null;
  settings: PlanSettings;
  definition: { goals: { code: string; title: Text }[]; measures: { code: string; section: number; title: Text }[] };
  targets: TargetRow[];
  indicators: Map<string, IndicatorRow>;
  quotas: Map<string, Map<string, number>>; // target → district → quota
  districts: { code: string; name: string }[];
  townships: Map<string, string[]>; // district → township codes
  bindings: Map<string, BindingRow>;
};

export async function loadPlan(db: DbOrTx, year: number, period?: string): Promise<PlanContext> {
  const plan = await db.selectFrom('plan').selectAll().where('year', '=', year).executeTakeFirst();
  if (!plan) throw new AppError('NOT_FOUND', { zh: `没有${year}年的方案`, en: `No plan for ${year}` });
  const def = (typeof plan.definition === 'string' ? JSON.parse(plan.definition) : plan.definition) as PlanContext['definition'];
  const [targets, indicators, quotas, divisions] = await Promise.all([
    db.selectFrom('plan_target').selectAll().where('plan_year', '=', year).orderBy('position').execute(),
    db.selectFrom('plan_indicator').selectAll().where('plan_year', '=', year).execute(),
    db.selectFrom('plan_quota').select(['target_code', 'district_code', 'value']).where('plan_year', '=', year).execute(),
    db.selectFrom('division').select(['code', 'name', 'level', 'district_code']).where('level', 'in', [2, 3]).orderBy('code').execute(),
  ]);
  const q = new Map<string, Map<string, number>>();
  for (const r of quotas) {
    if (!q.has(r.target_code)) q.set(r.target_code, new Map());
    q.get(r.target_code)!.set(r.district_code, Number(r.value));
  }
  const townships = new Map<string, string[]>();
  for (const d of divisions.filter((x) => x.level === 3)) townships.set(d.district_code!, [...(townships.get(d.district_code!) ?? []), d.code]);
  return {
    year,
    name: { zh: plan.name_zh, en: plan.name_en },
    documentNo: plan.document_no,
    issuedOn: String(plan.issued_on).slice(0, 10),
    copiedFrom: plan.copied_from,
    settings: settingsOf(typeof plan.settings === 'string' ? JSON.parse(plan.settings) : plan.settings),
    definition: { goals: def.goals.map((g) => ({ code: g.code, title: g.title })), measures: def.measures.map((m) => ({ code: m.code, section: m.section, title: m.title })) },
    targets: targets.map((t) => ({
      code: t.code,
      itemCode: t.item_code,
      title: { zh: t.title_zh, en: t.title_en },
      quote: t.quote,
      comparator: t.comparator,
      value: t.value === null ? null : Number(t.value),
      tolerance: t.tolerance === null ? null : Number(t.tolerance),
      unit: t.unit,
      departments: (typeof t.departments === 'string' ? JSON.parse(t.departments) : t.departments) as string[],
      deadline: String(t.deadline).slice(0, 10),
      decompose: t.decompose,
      indicatorCode: t.indicator_code,
      position: t.position,
    })),
    indicators: new Map(
      indicators.map((i) => [
        i.code,
        {
          code: i.code,
          name: { zh: i.name_zh, en: i.name_en },
          unit: i.unit,
          aggregation: i.aggregation,
          periodType: i.period_type,
          direction: i.direction,
          unitLevel: i.unit_level,
          threshold: i.threshold === null ? null : Number(i.threshold),
          seasonal: i.seasonal === null ? null : ((typeof i.seasonal === 'string' ? JSON.parse(i.seasonal) : i.seasonal) as number[]),
        },
      ]),
    ),
    quotas: q,
    districts: divisions.filter((d) => d.level === 2).map((d) => ({ code: d.code, name: d.name })),
    townships,
    bindings: await latestBindings(db, year, period ?? `${year}-12`),
  };
}

/** indicator → unit → 12 monthly values (index 0 = January). */
export type ValueCube = Map<string, Map<string, (UnitValue | null)[]>>;

export async function loadValues(db: DbOrTx, year: number, through: string): Promise<ValueCube> {
  // One row per indicator and unit with its months as JSON: PGlite hands rows over one by one, and
  // tens of thousands of small rows cost far more than a few thousand larger ones (measured about 3.5× on the demo city).
  const rows = await sql<{ indicator_code: string; unit_code: string; j: string }>`
    SELECT indicator_code, unit_code, json_agg(json_build_array(period, value, numerator, denominator, source))::text AS j
    FROM indicator_value WHERE plan_year = ${year} AND period <= ${through}
    GROUP BY indicator_code, unit_code`.execute(db);
  const cube: ValueCube = new Map();
  for (const r of rows.rows) {
    if (!cube.has(r.indicator_code)) cube.set(r.indicator_code, new Map());
    const months = Array<UnitValue | null>(12).fill(null);
    cube.get(r.indicator_code)!.set(r.unit_code, months);
    for (const [period, value, numerator, denominator, source] of JSON.parse(r.j) as [string, number | null, number | null, number | null, 'computed' | 'reported'][]) {
      months[monthOf(period) - 1] = { unit: r.unit_code, value, numerator, denominator, source };
    }
  }
  return cube;
}

/** The latest value at or before month m (1-12), with the month it came from. */
function latestAt(series: (UnitValue | null)[] | undefined, m: number): { v: UnitValue; month: number } | null {
  if (!series) return null;
  for (let i = m - 1; i >= 0; i--) if (series[i]) return { v: series[i]!, month: i + 1 };
  return null;
}

/** Lower units of an org: the city's districts, a district's townships. */
function lowerUnits(ctx: PlanContext, ind: IndicatorRow, org: string): string[] {
  if (ind.unitLevel === 'township') return org === CITY ? [...ctx.townships.values()].flat() : (ctx.townships.get(org) ?? []);
  if (ind.unitLevel === 'district') return org === CITY ? ctx.districts.map((d) => d.code) : [org];
  return [CITY];
}

/** An org's value of an indicator at month m, aggregated from its lower units; and the month of the data. */
export function valueAt(ctx: PlanContext, cube: ValueCube, ind: IndicatorRow, org: string, m: number): { value: UnitValue | null; month: number | null; units: UnitValue[]; unitCount: number } {
  const byUnit = cube.get(ind.code);
  if (ind.unitLevel === 'city') {
    const l = latestAt(byUnit?.get(CITY), m);
    return { value: l?.v ?? null, month: l?.month ?? null, units: [], unitCount: 1 };
  }
  const units = lowerUnits(ctx, ind, org);
  const found = units.map((u) => latestAt(byUnit?.get(u), m)).filter((x): x is { v: UnitValue; month: number } => x !== null);
  const month = found.length > 0 ? Math.max(...found.map((f) => f.month)) : null;
  const vals = found.map((f) => f.v);
  return { value: aggregate(ind, vals, units.length), month, units: vals, unitCount: units.length };
}

export type TargetProgress = ReturnType<typeof targetInfo> & Progress & { orgCode: string; target: number | null; dataPeriod: string | null };

export function indicatorInfo(ctx: PlanContext, code: string | null) {
  if (!code) return null;
  const i = ctx.indicators.get(code)!;
  const b = ctx.bindings.get(code);
  return { code: i.code, name: i.name, unit: i.unit, aggregation: i.aggregation, periodType: i.periodType, direction: i.direction, unitLevel: i.unitLevel, threshold: i.threshold, source: b?.source ?? 'reported', query: b?.query ?? null, reportedBy: b?.reported_by ?? null };
}

export function targetInfo(ctx: PlanContext, t: TargetRow) {
  return { code: t.code, itemCode: t.itemCode, title: t.title, quote: t.quote, comparator: t.comparator, value: t.value, tolerance: t.tolerance, unit: t.unit, departments: t.departments, deadline: t.deadline, decompose: t.decompose, indicator: indicatorInfo(ctx, t.indicatorCode) };
}

export type MilestoneState = Map<string, { accepted: boolean }>;

export async function milestoneStates(db: DbOrTx, year: number, through: string): Promise<MilestoneState> {
  const rows = await db
    .selectFrom('milestone_evidence')
    .select(['target_code', 'accepted_at', 'submitted_at'])
    .where('plan_year', '=', year)
    .execute();
  const end = new Date(`${through}-01T00:00:00+08:00`);
  end.setMonth(end.getMonth() + 1);
  const out: MilestoneState = new Map();
  for (const r of rows) {
    if (new Date(r.submitted_at) >= end) continue;
    const accepted = r.accepted_at !== null && new Date(r.accepted_at) < end;
    out.set(r.target_code, { accepted: accepted || (out.get(r.target_code)?.accepted ?? false) });
  }
  return out;
}

/** One target's standing for the city or a district at the end of `period`. */
export function targetProgress(ctx: PlanContext, cube: ValueCube, milestones: MilestoneState, t: TargetRow, org: string, period: string): TargetProgress {
  const m = monthOf(period);
  const info = targetInfo(ctx, t);
  const base = { ...info, orgCode: org };
  if (t.comparator === 'milestone' || !t.indicatorCode) {
    const share = timeShare(period, t.deadline, null);
    const st = milestones.get(t.code);
    const overdue = share >= 1 && period.slice(0, 7) >= t.deadline.slice(0, 7);
    const light: Light = st?.accepted ? 'blue' : overdue ? 'red' : st ? 'green' : 'grey';
    const explanation = st?.accepted
      ? { zh: '佐证材料已审核通过，视为完成', en: 'Evidence accepted: done' }
      : st
        ? { zh: '已提交佐证材料，待审核', en: 'Evidence submitted, awaiting acceptance' }
        : overdue
          ? { zh: `已过完成时限（${t.deadline}），尚无佐证材料`, en: `Past its deadline (${t.deadline}) with no evidence` }
          : { zh: `推进中，完成时限${t.deadline}，尚无佐证材料`, en: `In progress, due ${t.deadline}; no evidence yet` };
    return { ...base, target: null, dataPeriod: null, actual: null, expected: null, completion: st?.accepted ? 1 : null, timeShare: share, gapPoints: null, light, met: st?.accepted ? true : overdue ? false : null, forecast: null, units: null, explanation };
  }
  const ind = ctx.indicators.get(t.indicatorCode)!;
  // A district's goal is its quota; rates and levels apply the city target to every district.
  let goal: number | null = t.value;
  if (org !== CITY) {
    const quota = ctx.quotas.get(t.code)?.get(org);
    if (t.decompose) goal = quota ?? null;
    else if (ind.aggregation === 'sum' || (ind.aggregation === 'latest' && ind.unitLevel !== 'city')) goal = null;
  }
  const v = valueAt(ctx, cube, ind, org, m);
  const series = Array.from({ length: 12 }, (_, i) => (i < m ? valueAt(ctx, cube, ind, org, i + 1).value?.value ?? null : null));
  if (org !== CITY && goal === null && t.comparator !== 'zero_outstanding' && t.comparator !== 'every_unit' && t.comparator !== 'per_unit_min') {
    return {
      ...base, target: null, dataPeriod: v.month ? `${ctx.year}-${String(v.month).padStart(2, '0')}` : null, actual: v.value?.value ?? null, expected: null, completion: null, timeShare: timeShare(period, t.deadline, ind.seasonal), gapPoints: null, light: 'grey', met: null, forecast: null, units: null,
      explanation: { zh: '该目标未分解到区县，仅在全市层面评价', en: 'This target is not split into district quotas; it is judged city-wide only' },
    };
  }
  const p = evaluate({ target: t, indicator: ind, period, goal, current: v.value, units: v.units, unitCount: v.unitCount, series, thresholds: ctx.settings.thresholds });
  return { ...base, ...p, target: goal, dataPeriod: v.month ? `${ctx.year}-${String(v.month).padStart(2, '0')}` : null };
}

const emptyCounts = (): Record<Light, number> => ({ green: 0, yellow: 0, red: 0, blue: 0, grey: 0 });

/** Whether a target is judged for a district at all (not city-only projects). */
export function appliesToDistrict(ctx: PlanContext, t: TargetRow): boolean {
  if (!t.indicatorCode) return false;
  const ind = ctx.indicators.get(t.indicatorCode)!;
  return ind.unitLevel !== 'city';
}

export function progressResponse(ctx: PlanContext, cube: ValueCube, milestones: MilestoneState, org: string, orgName: string, period: string) {
  const targets = ctx.targets.filter((t) => org === CITY || appliesToDistrict(ctx, t)).map((t) => targetProgress(ctx, cube, milestones, t, org, period));
  const count = (ts: TargetProgress[]) => ts.reduce((c, t) => ((c[t.light] += 1), c), emptyCounts());
  const byItem = (code: string) => targets.filter((t) => t.itemCode === code);
  return {
    year: ctx.year,
    period,
    orgCode: org,
    orgName,
    timeShare: monthOf(period) / 12,
    thresholds: ctx.settings.thresholds,
    summary: count(targets),
    goals: ctx.definition.goals.map((g) => ({ code: g.code, title: g.title, summary: count(byItem(g.code)), targets: byItem(g.code) })),
    measures: ctx.definition.measures.map((m) => ({ code: m.code, section: m.section, title: m.title, summary: count(byItem(m.code)), targets: byItem(m.code) })).filter((m) => m.targets.length > 0 || org === CITY),
  };
}

/** The league table of the 38 districts at the end of a month (赛马比拼). */
export function league(ctx: PlanContext, cube: ValueCube, ratings: Map<string, { n: number; mean: number | null }>, period: string) {
  const scored = ctx.targets.filter((t) => t.decompose && t.indicatorCode && ctx.quotas.has(t.code));
  const m = monthOf(period);
  const rows = ctx.districts.map((d) => {
    const comps = scored.map((t) => {
      const ind = ctx.indicators.get(t.indicatorCode!)!;
      const quota = ctx.quotas.get(t.code)!.get(d.code) ?? null;
      const v = valueAt(ctx, cube, ind, d.code, m).value?.value ?? null;
      let ratio: number | null = null;
      if (quota !== null && v !== null && quota > 0) {
        const cumulative = ind.periodType === 'ytd' && ind.aggregation === 'sum';
        const expected = cumulative ? quota * timeShare(period, t.deadline, ind.seasonal) : quota;
        ratio = ind.direction === 'lower' ? (v > 0 ? expected / v : ctx.settings.leagueCap) : expected > 0 ? v / expected : null;
      }
      return { targetCode: t.code, ratio, weight: ctx.settings.leagueWeights[t.code] ?? 1 };
    });
    const r = ratings.get(d.code);
    const ratingShown = r && r.n >= ctx.settings.ratingMinSample && r.mean !== null;
    const targetWeight = comps.reduce((s, c) => s + c.weight, 0);
    // Public ratings take `ratingWeight` of the score when the sample is big enough.
    const withRating = ratingShown && targetWeight > 0 ? [...comps, { targetCode: 'rating', ratio: r.mean! / 5, weight: (targetWeight * ctx.settings.ratingWeight) / (1 - ctx.settings.ratingWeight) }] : comps;
    const s = leagueScore(withRating, ctx.settings.leagueCap);
    return {
      districtCode: d.code,
      districtName: d.name,
      score: Math.round(s.score * 100) / 100,
      components: s.parts.map((p, i) => ({ targetCode: withRating[i]!.targetCode, ratio: p.ratio, capped: p.capped, weight: p.weight, points: Math.round(p.points * 100) / 100 })),
      rating: { n: r?.n ?? 0, score: ratingShown ? r.mean : null },
    };
  });
  return { rows: rank(rows), scored };
}

/**
 * Every rating the public gave: of services and benefits (public_rating), and of closed cases, rated
 * by the person who reported them (4–5 satisfied, 3 basically satisfied, 1–2 dissatisfied).
 */
export const ALL_RATINGS = sql`(
  SELECT district_code, department_code, score, satisfaction FROM public_rating
  UNION ALL
  SELECT district_code, department_code, rating AS score,
    CASE WHEN rating >= 4 THEN 'satisfied' WHEN rating = 3 THEN 'basically_satisfied' ELSE 'dissatisfied' END AS satisfaction
  FROM case_record WHERE rating IS NOT NULL)`;

export async function ratingMeans(db: DbOrTx, by: 'district_code' | 'department_code'): Promise<Map<string, { n: number; mean: number | null; satisfied: number }>> {
  const r = await sql<{ code: string; n: number; mean: number | null; satisfied: number }>`
    SELECT ${sql.ref(by)} AS code, count(*)::int AS n, avg(score)::float8 AS mean, count(*) FILTER (WHERE satisfaction IN ('satisfied', 'basically_satisfied'))::int AS satisfied
    FROM ${ALL_RATINGS} r GROUP BY 1`.execute(db);
  return new Map(r.rows.map((x) => [x.code, { n: Number(x.n), mean: x.mean === null ? null : Number(x.mean), satisfied: Number(x.satisfied) }]));
}

/**
 * The month a plan's pages open on: while its year runs, the last month that has ended (monthly
 * values are reported after the month closes), January in January; December once the year is over.
 */
export function defaultPeriod(year: number, today: string): string {
  const y = Number(today.slice(0, 4));
  if (y < year) return `${year}-01`;
  if (y > year) return `${year}-12`;
  const m = Number(today.slice(5, 7));
  return `${year}-${String(Math.max(1, m - 1)).padStart(2, '0')}`;
}

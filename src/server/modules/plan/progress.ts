// Progress against time (序时进度): pure functions from a target, its indicator's values and the month
// to the actual value, what was expected by now, the status light and the year-end forecast. Every
// result carries the sentence that explains it, so an official can check the light by hand.

export type Light = 'green' | 'yellow' | 'red' | 'blue' | 'grey';
export type Comparator = 'at_least' | 'about' | 'at_most' | 'hold_at_least' | 'every_unit' | 'zero_outstanding' | 'per_unit_min' | 'milestone';
export type Aggregation = 'sum' | 'rate' | 'latest' | 'min' | 'share';
export type PeriodType = 'month' | 'quarter' | 'year' | 'ytd';

export type IndicatorSpec = {
  code: string;
  unit: string;
  aggregation: Aggregation;
  periodType: PeriodType;
  direction: 'higher' | 'lower';
  threshold: number | null;
  seasonal: number[] | null;
};

export type TargetSpec = {
  code: string;
  comparator: Comparator;
  value: number | null;
  tolerance: number | null;
  /** Last day the target is due, YYYY-MM-DD. */
  deadline: string;
};

/** One unit's stored value for one month. */
export type UnitValue = { unit: string; value: number | null; numerator: number | null; denominator: number | null; source?: 'computed' | 'reported' };

export type Thresholds = { yellow: number; red: number };
export const DEFAULT_THRESHOLDS: Thresholds = { yellow: 10, red: 30 };

export type Text = { zh: string; en: string };

export type Progress = {
  actual: number | null;
  expected: number | null;
  completion: number | null;
  timeShare: number;
  gapPoints: number | null;
  light: Light;
  met: boolean | null;
  forecast: number | null;
  units: { met: number; total: number } | null;
  explanation: Text;
};

/** The month of a period string, 1-12. */
export const monthOf = (period: string): number => Number(period.slice(5, 7));

/**
 * The elapsed share of the target's period at the end of `period` (a month). A target due before
 * December (M4's exams, by the end of August) runs out at its deadline. A seasonal profile gives the
 * share of the year's total expected by the end of each month instead of months ÷ 12.
 */
export function timeShare(period: string, deadline: string, seasonal: number[] | null): number {
  const m = monthOf(period);
  const year = Number(period.slice(0, 4));
  const dYear = Number(deadline.slice(0, 4));
  const dMonth = dYear > year ? 12 : dYear < year ? 0 : Number(deadline.slice(5, 7));
  if (dMonth === 0) return 1;
  if (m >= dMonth) return 1;
  if (seasonal && dMonth === 12) return seasonal[m - 1]!;
  return m / dMonth;
}

/** Aggregates units' values into one (districts into the city, townships into a district). */
export function aggregate(ind: Pick<IndicatorSpec, 'aggregation' | 'threshold'>, values: UnitValue[], allUnits?: number): UnitValue | null {
  const present = values.filter((v) => v.value !== null || (v.numerator !== null && v.denominator !== null));
  if (present.length === 0) return null;
  switch (ind.aggregation) {
    case 'sum':
    case 'latest': {
      // A stock (latest) is a level per unit at the month's end; the city's level is their sum.
      const value = present.reduce((s, v) => s + (v.value ?? 0), 0);
      return { unit: '', value, numerator: null, denominator: null };
    }
    case 'rate': {
      // Never summed or averaged: Σ numerators ÷ Σ denominators.
      const num = present.reduce((s, v) => s + (v.numerator ?? 0), 0);
      const den = present.reduce((s, v) => s + (v.denominator ?? 0), 0);
      return { unit: '', value: den > 0 ? (num / den) * 100 : null, numerator: num, denominator: den };
    }
    case 'min': {
      // Units that have not reported count as missing, not as zero; `allUnits` says how many exist.
      const value = Math.min(...present.map((v) => v.value ?? Infinity));
      return { unit: '', value: allUnits !== undefined && present.length < allUnits ? Math.min(value, 0) : value, numerator: null, denominator: null };
    }
    case 'share': {
      const t = ind.threshold ?? 0;
      const met = present.filter((v) => (v.value ?? -Infinity) >= t).length;
      return { unit: '', value: met, numerator: met, denominator: allUnits ?? present.length };
    }
  }
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const num = (x: number) => (Number.isInteger(x) ? x.toLocaleString('en-US') : x.toLocaleString('en-US', { maximumFractionDigits: 2 }));

function lightFromGap(gap: number, t: Thresholds): Light {
  // Points are compared at 1e-9 so that 10 points behind is yellow, not green by a float's width.
  if (gap > t.red + 1e-9) return 'red';
  if (gap >= t.yellow - 1e-9) return 'yellow';
  return 'green';
}

/** A level or rate below its bar is never green: it must hold at every check (yellow at least). */
function missedLevel(gap: number, t: Thresholds): Light {
  return gap > t.red ? 'red' : 'yellow';
}

/** The year-end forecast of a cumulative value: the pace so far carried to the end (seasonal-aware). */
export function forecastCumulative(actual: number, share: number): number | null {
  return share > 0 ? actual / share : null;
}

/** A level's forecast: the last value moved by the average monthly change of the last three months. */
export function forecastLevel(series: (number | null)[], month: number, endMonth: number): number | null {
  const known = series.slice(0, month).map((v, i) => ({ v, i })).filter((x): x is { v: number; i: number } => x.v !== null);
  if (known.length === 0) return null;
  const last = known[known.length - 1]!;
  const base = known.length >= 4 ? known[known.length - 4]! : known[0]!;
  const slope = last.i > base.i ? (last.v - base.v) / (last.i - base.i) : 0;
  return last.v + slope * Math.max(0, endMonth - 1 - last.i);
}

export type EvaluateInput = {
  target: TargetSpec;
  indicator: IndicatorSpec;
  period: string;
  /** The target for this unit: the city target or the district's quota. */
  goal: number | null;
  /** The unit's value at the period (already aggregated from lower units where needed). */
  current: UnitValue | null;
  /** For per_unit_min / every_unit: each lower unit's value (townships of the district, districts of the city). */
  units?: UnitValue[];
  /** How many lower units exist (units that did not report count as not meeting). */
  unitCount?: number;
  /** The unit's values Jan … Dec (for the level forecast). */
  series?: (number | null)[];
  thresholds?: Thresholds;
  /** Whether the plan year is over at `period` (December, or later). */
  final?: boolean;
};

/** The standing of one quantitative target for one unit at the end of a month. */
export function evaluate(input: EvaluateInput): Progress {
  const { target, indicator, period, goal } = input;
  const t = input.thresholds ?? DEFAULT_THRESHOLDS;
  const share = timeShare(period, target.deadline, indicator.seasonal);
  const final = input.final ?? share >= 1;
  const actual = input.current?.value ?? null;
  const none = (zh: string, en: string): Progress => ({ actual, expected: null, completion: null, timeShare: share, gapPoints: null, light: 'grey', met: null, forecast: null, units: null, explanation: { zh, en } });
  const lower = indicator.direction === 'lower';

  switch (target.comparator) {
    case 'milestone':
      return none('里程碑按佐证材料评价', 'A milestone is judged by its evidence');

    case 'zero_outstanding': {
      // 动态清零: zero outstanding at every check; anything outstanding is red at once.
      if (actual === null) return none('本月无数据', 'No value for this month');
      const ok = actual === 0;
      return {
        actual, expected: 0, completion: ok ? 1 : 0, timeShare: share, gapPoints: ok ? 0 : 100, light: ok ? (final ? 'blue' : 'green') : 'red', met: ok, forecast: null, units: null,
        explanation: ok
          ? { zh: '本次检查未清零数为0，符合"动态清零"', en: 'Nothing outstanding at this check, as "cleared dynamically" requires' }
          : { zh: `本次检查仍有${num(actual)}未清零；"动态清零"要求每次检查均为0，亮红灯`, en: `${num(actual)} still outstanding at this check; "cleared dynamically" requires zero at every check, so red` },
      };
    }

    case 'per_unit_min': {
      // "每个乡镇每年不少于6场": every unit must reach the minimum; a total would hide the laggards.
      const units = input.units ?? [];
      const total = input.unitCount ?? units.length;
      if (goal === null || total === 0) return none('无下级单位数据', 'No unit values');
      const expectedEach = goal * share;
      const met = units.filter((u) => (u.value ?? 0) >= expectedEach - 1e-9).length;
      const completion = met / total;
      const minValue = units.length < total ? 0 : Math.min(...units.map((u) => u.value ?? 0));
      const gap = (1 - completion) * 100;
      const done = final ? completion >= 1 : false;
      return {
        actual: minValue, expected: expectedEach, completion, timeShare: share, gapPoints: gap, light: done ? 'blue' : lightFromGap(gap, t), met: final ? completion >= 1 : null, forecast: null, units: { met, total },
        explanation: {
          zh: `每个单位应达到${num(goal)}，按序时进度此时每个单位应不少于${num(Math.round(expectedEach * 10) / 10)}；${total}个单位中${met}个达到（${pct(completion)}），最少的为${num(minValue)}。落后${gap.toFixed(1)}个百分点`,
          en: `Each unit must reach ${num(goal)}; by now each should have at least ${num(Math.round(expectedEach * 10) / 10)}. ${met} of ${total} units do (${pct(completion)}); the lowest has ${num(minValue)}. ${gap.toFixed(1)} points behind`,
        },
      };
    }

    case 'every_unit': {
      // 全覆盖 / 100%: every unit meets the bar. For a rate it is 100% (numerator = denominator);
      // for a share indicator it is every unit over the threshold.
      if (indicator.aggregation === 'rate') {
        const c = input.current;
        if (!c || c.denominator === null || c.denominator === 0) return none('本月无数据', 'No value for this month');
        const completion = (c.numerator ?? 0) / c.denominator;
        const gap = (1 - completion) * 100;
        const ok = completion >= 1 - 1e-12;
        return {
          actual: completion * 100, expected: 100, completion, timeShare: share, gapPoints: gap, light: ok ? (final ? 'blue' : 'green') : lightFromGap(gap, t), met: ok, forecast: null, units: null,
          explanation: { zh: `应覆盖${num(c.denominator)}，已覆盖${num(c.numerator ?? 0)}（${pct(completion)}）；全覆盖要求100%，差${gap.toFixed(1)}个百分点`, en: `${num(c.numerator ?? 0)} of ${num(c.denominator)} covered (${pct(completion)}); full coverage means 100%, ${gap.toFixed(1)} points short` },
        };
      }
      const units = input.units ?? [];
      const total = input.unitCount ?? units.length;
      if (total === 0) return none('无下级单位数据', 'No unit values');
      const bar = indicator.threshold ?? 1;
      const met = units.filter((u) => (u.value ?? -Infinity) >= bar).length;
      const completion = met / total;
      const gap = (1 - completion) * 100;
      return {
        actual: met, expected: total, completion, timeShare: share, gapPoints: gap, light: met === total ? (final ? 'blue' : 'green') : lightFromGap(gap, t), met: met === total, forecast: null, units: { met, total },
        explanation: { zh: `${total}个单位中${met}个达到要求（${pct(completion)}）；全覆盖要求每个单位都达到`, en: `${met} of ${total} units meet the bar (${pct(completion)}); every unit must` },
      };
    }

    default:
      break;
  }

  if (goal === null) return none('无目标值', 'No target value');
  if (actual === null) return none('本月无数据', 'No value for this month');

  // Lower is better (the unemployment rate): "控制在 x 左右" allows up to x + tolerance, "控制在 x 以内"
  // up to x. Completion is target ÷ actual, so a value over the limit falls short of 100%.
  if (lower || target.comparator === 'at_most') {
    const limit = target.comparator === 'about' ? goal + (target.tolerance ?? 0) : goal;
    const ok = actual <= limit + 1e-12;
    const completion = actual <= 0 ? 1 : Math.min(1, limit / actual);
    const gap = ok ? 0 : (1 - completion) * 100;
    const forecast = input.series ? forecastLevel(input.series, monthOf(period), 12) : null;
    return {
      actual, expected: limit, completion, timeShare: share, gapPoints: gap, light: ok ? (final ? 'blue' : 'green') : missedLevel(gap, t), met: ok, forecast, units: null,
      explanation: ok
        ? { zh: `越低越好：实际${num(actual)}，不高于控制值${num(limit)}`, en: `Lower is better: ${num(actual)} is within the limit of ${num(limit)}` }
        : { zh: `越低越好：实际${num(actual)}高于控制值${num(limit)}，完成度=控制值÷实际=${pct(completion)}，落后${gap.toFixed(1)}个百分点`, en: `Lower is better: ${num(actual)} is over the limit of ${num(limit)}; completion = limit ÷ actual = ${pct(completion)}, ${gap.toFixed(1)} points behind` },
    };
  }

  // "左右" for higher-is-better: within ± tolerance counts as on target.
  const reachAt = target.comparator === 'about' ? goal - (target.tolerance ?? 0) : goal;
  const cumulative = indicator.periodType === 'ytd' && indicator.aggregation === 'sum';

  if (cumulative && target.comparator !== 'hold_at_least') {
    // A count that builds up over the year: compare with the target × elapsed share (序时进度).
    const expected = goal * share;
    const completion = goal > 0 ? actual / goal : 1;
    const gap = (share - completion) * 100;
    const done = actual >= reachAt;
    const forecast = forecastCumulative(actual, share);
    return {
      actual, expected, completion, timeShare: share, gapPoints: gap, light: done ? 'blue' : lightFromGap(gap, t), met: done ? true : final ? false : null, forecast, units: null,
      explanation: done
        ? { zh: `已完成：累计${num(actual)}，目标${num(goal)}（${pct(completion)}）`, en: `Done: ${num(actual)} against a target of ${num(goal)} (${pct(completion)})` }
        : {
            zh: `累计${num(actual)}，目标${num(goal)}，完成${pct(completion)}；时间进度${pct(share)}，序时应完成${num(Math.round(expected))}；${gap > 0 ? `落后${gap.toFixed(1)}` : `超前${(-gap).toFixed(1)}`}个百分点（黄灯≥${t.yellow}，红灯>${t.red}）`,
            en: `${num(actual)} of ${num(goal)} (${pct(completion)}); ${pct(share)} of the time has passed, so ${num(Math.round(expected))} was expected; ${gap > 0 ? `${gap.toFixed(1)} points behind` : `${(-gap).toFixed(1)} points ahead`} (yellow ≥ ${t.yellow}, red > ${t.red})`,
          },
    };
  }

  // A level or a rate (enrolment, coverage, a closure rate): compared with the target itself, since
  // a level does not build up in proportion to time. "稳定在/巩固在…以上" must hold at every check.
  const completion = goal > 0 ? actual / goal : 1;
  const ok = actual >= reachAt - 1e-12;
  const gap = ok ? 0 : (1 - completion) * 100;
  const forecast = input.series ? forecastLevel(input.series, monthOf(period), 12) : null;
  return {
    actual, expected: goal, completion, timeShare: share, gapPoints: gap, light: ok ? (final ? 'blue' : 'green') : missedLevel(gap, t), met: ok, forecast, units: null,
    explanation: ok
      ? { zh: `实际${num(actual)}，达到目标${num(goal)}${target.comparator === 'hold_at_least' ? '（须每次检查都保持）' : ''}`, en: `${num(actual)} meets the target of ${num(goal)}${target.comparator === 'hold_at_least' ? ' (to be held at every check)' : ''}` }
      : { zh: `实际${num(actual)}，目标${num(goal)}，完成${pct(completion)}，差${gap.toFixed(1)}个百分点（水平值和比率不按时间折算，未达标至少亮黄灯）`, en: `${num(actual)} against ${num(goal)} (${pct(completion)}), ${gap.toFixed(1)} points short (levels and rates are not pro-rated by time; short of the bar is at least yellow)` },
  };
}

/**
 * League score of one district (赛马比拼): the weighted mean of capped ratios, × 100. For a count the
 * ratio is actual ÷ expected-by-now; for a rate or level, actual ÷ target (lower-is-better: target ÷
 * actual), so that rates are on the same footing as counts. Missing values score 0.
 */
export function leagueScore(components: { ratio: number | null; weight: number }[], cap: number): { score: number; parts: { ratio: number | null; capped: number | null; weight: number; points: number }[] } {
  const totalWeight = components.reduce((s, c) => s + c.weight, 0);
  const parts = components.map((c) => {
    const capped = c.ratio === null ? null : Math.max(0, Math.min(cap, c.ratio));
    return { ratio: c.ratio, capped, weight: c.weight, points: totalWeight > 0 ? ((capped ?? 0) * c.weight * 100) / totalWeight : 0 };
  });
  return { score: parts.reduce((s, p) => s + p.points, 0), parts };
}

/** Ranks by score, highest first; equal scores share a rank (1, 2, 2, 4). */
export function rank<T extends { score: number }>(rows: T[]): (T & { rank: number })[] {
  const sorted = [...rows].sort((a, b) => b.score - a.score);
  let last = Number.NaN;
  let lastRank = 0;
  return sorted.map((r, i) => {
    const same = Math.abs(r.score - last) < 1e-9;
    const rk = same ? lastRank : i + 1;
    last = r.score;
    lastRank = rk;
    return { ...r, rank: rk };
  });
}

/**
 * Splits a city target into integer district quotas in proportion to weights (largest remainder),
 * so that they add up to the target exactly.
 */
export function apportion(total: number, weights: { code: string; weight: number }[]): Map<string, number> {
  const sum = weights.reduce((s, w) => s + w.weight, 0);
  const out = new Map<string, number>();
  if (sum <= 0 || weights.length === 0) return out;
  const exact = weights.map((w) => ({ code: w.code, q: (total * w.weight) / sum }));
  let given = 0;
  for (const e of exact) {
    const f = Math.floor(e.q);
    out.set(e.code, f);
    given += f;
  }
  const rest = Math.round(total - given);
  exact
    .map((e) => ({ code: e.code, frac: e.q - Math.floor(e.q) }))
    .sort((a, b) => b.frac - a.frac || a.code.localeCompare(b.code))
    .slice(0, rest)
    .forEach((e) => out.set(e.code, out.get(e.code)! + 1));
  return out;
}

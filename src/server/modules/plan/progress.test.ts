// Comparators, aggregations and lights as an official reads them: pure functions, no database.
import { describe, expect, it } from 'vitest';
import { aggregate, apportion, evaluate, leagueScore, rank, timeShare, type IndicatorSpec, type TargetSpec, type UnitValue } from './progress.js';

const ind = (o: Partial<IndicatorSpec> = {}): IndicatorSpec => ({ code: 'x', unit: 'person', aggregation: 'sum', periodType: 'ytd', direction: 'higher', threshold: null, seasonal: null, ...o });
const tgt = (o: Partial<TargetSpec> = {}): TargetSpec => ({ code: 'T', comparator: 'at_least', value: 1200, tolerance: null, deadline: '2026-12-31', ...o });
const v = (value: number | null, unit = 'u'): UnitValue => ({ unit, value, numerator: null, denominator: null });
const r = (numerator: number, denominator: number, unit = 'u'): UnitValue => ({ unit, value: null, numerator, denominator });

describe('aggregation across units', () => {
  it('a rate is Σ numerators ÷ Σ denominators, never a sum or a mean of rates', () => {
    // District A 90 of 100 (90%), district B 10 of 900 (1.1%): the city is 100 of 1000 = 10%,
    // not 91.1% (sum) and not 45.6% (mean).
    const city = aggregate(ind({ aggregation: 'rate' }), [r(90, 100, 'A'), r(10, 900, 'B')])!;
    expect(city.value).toBeCloseTo(10, 10);
    expect(city.numerator).toBe(100);
    expect(city.denominator).toBe(1000);
  });
  it('sums counts and stocks; the minimum counts an unreported unit as nothing', () => {
    expect(aggregate(ind(), [v(3), v(4)])!.value).toBe(7);
    expect(aggregate(ind({ aggregation: 'latest' }), [v(10), v(5)])!.value).toBe(15);
    expect(aggregate(ind({ aggregation: 'min' }), [v(8), v(6)], 2)!.value).toBe(6);
    expect(aggregate(ind({ aggregation: 'min' }), [v(8), v(6)], 3)!.value).toBe(0);
  });
  it('a share counts the units reaching the threshold, out of all units', () => {
    const s = aggregate(ind({ aggregation: 'share', threshold: 1 }), [v(1), v(0), v(1)], 38)!;
    expect(s.numerator).toBe(2);
    expect(s.denominator).toBe(38);
  });
  it('no values at all is no value, not zero', () => {
    expect(aggregate(ind(), [])).toBeNull();
  });
});

describe('time progress (序时进度)', () => {
  it('is the elapsed share of the year, or of the months up to an earlier deadline', () => {
    expect(timeShare('2026-06', '2026-12-31', null)).toBeCloseTo(0.5, 10);
    // M4: recruitment exams done "by end of August".
    expect(timeShare('2026-06', '2026-08-31', null)).toBeCloseTo(0.75, 10);
    expect(timeShare('2026-09', '2026-08-31', null)).toBe(1);
  });
  it('follows a seasonal profile where one is given', () => {
    const seasonal = [0.06, 0.14, 0.25, 0.34, 0.43, 0.52, 0.63, 0.71, 0.79, 0.86, 0.93, 1];
    expect(timeShare('2026-03', '2026-12-31', seasonal)).toBe(0.25);
  });
});

describe('"以上" (at least) on a count that builds up over the year', () => {
  const at = (actual: number, period = '2026-06') => evaluate({ target: tgt(), indicator: ind(), period, goal: 1200, current: v(actual) });
  it('is green on or ahead of pace, yellow 10-30 points behind, red beyond 30, blue when done', () => {
    // Half the year gone: 600 expected.
    expect(at(600).light).toBe('green');
    expect(at(600).expected).toBe(600);
    expect(at(540).light).toBe('green'); // 5 points behind
    expect(at(480).light).toBe('yellow'); // 10 points behind
    expect(at(250).light).toBe('yellow'); // 29.2 points behind
    expect(at(200).light).toBe('red'); // 33.3 points behind
    expect(at(1200).light).toBe('blue');
  });
  it('explains itself with the numbers it used', () => {
    const p = at(480);
    expect(p.gapPoints).toBeCloseTo(10, 10);
    expect(p.explanation.zh).toContain('序时应完成600');
    expect(p.explanation.en).toContain('10.0 points behind');
  });
  it('forecasts the year end at the pace so far', () => {
    expect(at(480).forecast).toBeCloseTo(960, 10);
  });
});

describe('levels and rates', () => {
  it('"稳定在/巩固在…以上": below the bar is never green, whatever the time', () => {
    const p = evaluate({ target: tgt({ comparator: 'hold_at_least', value: 97 }), indicator: ind({ aggregation: 'rate', periodType: 'month', unit: 'percent' }), period: '2026-03', goal: 97, current: { unit: 'c', value: 96, numerator: 960, denominator: 1000 } });
    expect(p.met).toBe(false);
    expect(p.light).toBe('yellow');
    const ok = evaluate({ target: tgt({ comparator: 'hold_at_least', value: 97 }), indicator: ind({ aggregation: 'rate', periodType: 'month', unit: 'percent' }), period: '2026-03', goal: 97, current: { unit: 'c', value: 97.5, numerator: 975, denominator: 1000 } });
    expect(ok.light).toBe('green');
  });
  it('a lower-is-better rate "控制在5.5%左右" allows up to 5.8 and no more', () => {
    const unemployment = ind({ aggregation: 'latest', periodType: 'month', unit: 'percent', direction: 'lower' });
    const target = tgt({ comparator: 'about', value: 5.5, tolerance: 0.3 });
    const at = (x: number) => evaluate({ target, indicator: unemployment, period: '2026-06', goal: 5.5, current: v(x) });
    expect(at(5.2).light).toBe('green'); // lower is better: below the target is fine
    expect(at(5.8).met).toBe(true);
    expect(at(6.0).met).toBe(false);
    expect(at(6.0).light).toBe('yellow');
    expect(at(9.0).light).toBe('red'); // completion 5.8/9 = 64% → 35.6 points
    expect(at(6.0).explanation.en).toContain('Lower is better');
  });
  it('"控制在…以内" (at most) is met at the limit and not above it', () => {
    const target = tgt({ comparator: 'at_most', value: 100 });
    expect(evaluate({ target, indicator: ind({ aggregation: 'latest', periodType: 'month' }), period: '2026-06', goal: 100, current: v(100) }).met).toBe(true);
    expect(evaluate({ target, indicator: ind({ aggregation: 'latest', periodType: 'month' }), period: '2026-06', goal: 100, current: v(101) }).met).toBe(false);
  });
  it('"左右" on a count accepts the tolerance below the number', () => {
    const p = evaluate({ target: tgt({ comparator: 'about', value: 1000, tolerance: 50 }), indicator: ind(), period: '2026-12', goal: 1000, current: v(960) });
    expect(p.light).toBe('blue');
    expect(p.met).toBe(true);
  });
});

describe('全覆盖, 动态清零 and 每个乡镇不少于', () => {
  it('"全覆盖 / 100%" on a rate needs every unit: 999 of 1,000 is not full coverage', () => {
    const t = tgt({ comparator: 'every_unit', value: 100 });
    const rate = ind({ aggregation: 'rate', unit: 'percent' });
    expect(evaluate({ target: t, indicator: rate, period: '2026-06', goal: 100, current: r(999, 1000) }).met).toBe(false);
    expect(evaluate({ target: t, indicator: rate, period: '2026-06', goal: 100, current: r(1000, 1000) }).met).toBe(true);
  });
  it('"全覆盖" of districts counts the districts, and one missing is not done', () => {
    const t = tgt({ comparator: 'every_unit', value: 38 });
    const share = ind({ aggregation: 'share', threshold: 1, unit: 'unit' });
    const units = Array.from({ length: 37 }, (_, i) => v(1, `d${i}`));
    const p = evaluate({ target: t, indicator: share, period: '2026-12', goal: 38, current: null, units, unitCount: 38 });
    expect(p.units).toEqual({ met: 37, total: 38 });
    expect(p.met).toBe(false);
  });
  it('"动态清零" is red whenever anything is outstanding at a check, however small', () => {
    const t = tgt({ comparator: 'zero_outstanding', value: null });
    const stock = ind({ aggregation: 'latest', periodType: 'month', unit: 'household' });
    expect(evaluate({ target: t, indicator: stock, period: '2026-06', goal: null, current: v(0) }).light).toBe('green');
    const one = evaluate({ target: t, indicator: stock, period: '2026-06', goal: null, current: v(1) });
    expect(one.light).toBe('red');
    expect(one.met).toBe(false);
  });
  it('"每个乡镇每年不少于6场" is a minimum for every township, not a total', () => {
    const t = tgt({ comparator: 'per_unit_min', value: 6 });
    const shows = ind({ aggregation: 'min', unit: 'event' });
    // 3 townships with 20 shows between them (a total of 18 would be "met"), but one had 2.
    const p = evaluate({ target: t, indicator: shows, period: '2026-12', goal: 6, current: v(2), units: [v(12, 'a'), v(6, 'b'), v(2, 'c')], unitCount: 3 });
    expect(p.met).toBe(false);
    expect(p.units).toEqual({ met: 2, total: 3 });
    expect(p.actual).toBe(2);
    // Mid-year each township should have 3 by now; a township that has not reported counts as behind.
    const mid = evaluate({ target: t, indicator: shows, period: '2026-06', goal: 6, current: null, units: [v(3, 'a'), v(4, 'b')], unitCount: 3 });
    expect(mid.units).toEqual({ met: 2, total: 3 });
    expect(mid.light).toBe('red');
  });
});

describe('league table and quotas', () => {
  it('caps each ratio so that one overshoot cannot hide a shortfall, and weights count', () => {
    const s = leagueScore([{ ratio: 3, weight: 1 }, { ratio: 0.5, weight: 1 }], 1.2);
    expect(s.score).toBeCloseTo(85, 10); // (1.2 + 0.5) / 2 × 100, not (3 + 0.5) / 2
    expect(leagueScore([{ ratio: 1, weight: 3 }, { ratio: 0, weight: 1 }], 1.2).score).toBeCloseTo(75, 10);
    expect(leagueScore([{ ratio: null, weight: 1 }, { ratio: 1, weight: 1 }], 1.2).score).toBeCloseTo(50, 10);
  });
  it('ranks highest first and gives equal scores the same rank', () => {
    expect(rank([{ id: 'a', score: 80 }, { id: 'b', score: 95 }, { id: 'c', score: 80 }, { id: 'd', score: 10 }]).map((x) => [x.id, x.rank])).toEqual([
      ['b', 1],
      ['a', 2],
      ['c', 2],
      ['d', 4],
    ]);
  });
  it('splits a city target into whole-number quotas that add up to it exactly', () => {
    const q = apportion(600000, [
      { code: 'a', weight: 1 },
      { code: 'b', weight: 1 },
      { code: 'c', weight: 1 },
    ]);
    expect([...q.values()].reduce((x, y) => x + y, 0)).toBe(600000);
    expect([...q.values()].every((x) => Number.isInteger(x))).toBe(true);
    expect(apportion(10, [{ code: 'a', weight: 2 }, { code: 'b', weight: 1 }]).get('a')).toBe(7);
  });
});

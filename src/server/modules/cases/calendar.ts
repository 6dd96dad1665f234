// Chinese working days (工作日): Monday to Friday, minus the official holidays, plus the adjusted
// working days (调休, usually a Saturday or Sunday next to a long holiday). The calendar is the one
// the State Council publishes each year, as packaged by `chinese-days`. For years after the last one
// published (`CALENDAR_LAST_YEAR`), only the statutory holidays themselves are known — New Year's
// Day, Spring Festival's eve and first three days, Qingming, 1–2 May, the Dragon Boat and Mid-Autumn
// festivals, 1–3 October — not the bridging days or the weekends worked in exchange.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const data = require('chinese-days/dist/chinese-days.json') as { holidays: Record<string, string>; workdays: Record<string, string> };
const lunar = require('chinese-days') as { getSolarDateFromLunar(d: string): { date: string }; getSolarTermDate(year: number, month: number, term: 'pure_brightness'): string };

const HOLIDAYS = new Set(Object.keys(data.holidays));
const ADJUSTED_WORKDAYS = new Set(Object.keys(data.workdays));
export const CALENDAR_LAST_YEAR = Math.max(...Object.keys(data.holidays).map((d) => Number(d.slice(0, 4))));

/** The statutory holidays of a year (全国年节及纪念日放假办法, as revised in 2024). */
export function statutoryHolidays(year: number): string[] {
  const shift = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  const newYear = lunar.getSolarDateFromLunar(`${year}-01-01`).date;
  return [
    `${year}-01-01`,
    shift(newYear, -1),
    newYear,
    shift(newYear, 1),
    shift(newYear, 2),
    lunar.getSolarTermDate(year, 4, 'pure_brightness'),
    `${year}-05-01`,
    `${year}-05-02`,
    lunar.getSolarDateFromLunar(`${year}-05-05`).date,
    lunar.getSolarDateFromLunar(`${year}-08-15`).date,
    `${year}-10-01`,
    `${year}-10-02`,
    `${year}-10-03`,
  ];
}
for (let y = CALENDAR_LAST_YEAR + 1; y <= 2060; y++) for (const d of statutoryHolidays(y)) HOLIDAYS.add(d);

const DAY = 86_400_000;
const toTime = (date: string) => Date.parse(`${date}T00:00:00Z`);
const toDate = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Whether `date` ('YYYY-MM-DD') is a working day in mainland China. */
export function isWorkingDay(date: string): boolean {
  if (ADJUSTED_WORKDAYS.has(date)) return true;
  if (HOLIDAYS.has(date)) return false;
  const dow = new Date(toTime(date)).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/** Whether `date` is an adjusted working day (a weekend day worked in exchange for a holiday). */
export function isAdjustedWorkingDay(date: string): boolean {
  return ADJUSTED_WORKDAYS.has(date);
}

// Every reduce of a case computes deadlines, so the arithmetic is a table look-up: for each day from
// 2000 to 2060, how many working days there have been up to it, and the list of working days.
const FIRST = toTime('2000-01-01');
const DAYS = Math.round((toTime('2060-12-31') - FIRST) / DAY) + 1;
const upTo = new Int32Array(DAYS); // working days in [FIRST, day i]
const workdays: number[] = []; // day offsets of the working days, in order
for (let i = 0, n = 0; i < DAYS; i++) {
  if (isWorkingDay(toDate(FIRST + i * DAY))) {
    n++;
    workdays.push(i);
  }
  upTo[i] = n;
}
const offsetOf = (date: string) => Math.round((toTime(date) - FIRST) / DAY);

/**
 * The `n`th working day after `date` (n ≥ 1): a deadline of n working days for something received
 * on `date`, whatever kind of day that was. n = 0 gives `date` itself.
 */
export function addWorkingDays(date: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0, got ${n}`);
  if (n === 0) return date;
  const i = offsetOf(date);
  const k = i >= 0 && i < DAYS ? upTo[i]! + n - 1 : -1; // index in `workdays` of the answer
  if (k >= 0 && k < workdays.length) return toDate(FIRST + workdays[k]! * DAY);
  let t = toTime(date);
  for (let left = n; left > 0; ) {
    t += DAY;
    if (isWorkingDay(toDate(t))) left--;
  }
  return toDate(t);
}

/** Working days in the interval (from, to]: how many working days it took from `from` to `to`. */
export function workingDaysBetween(from: string, to: string): number {
  const a = offsetOf(from);
  const b = offsetOf(to);
  if (b <= a) return 0;
  if (a >= 0 && b < DAYS) return upTo[b]! - upTo[a]!;
  let n = 0;
  for (let t = toTime(from) + DAY, end = toTime(to); t <= end; t += DAY) if (isWorkingDay(toDate(t))) n++;
  return n;
}

export type Light = 'green' | 'blue' | 'yellow' | 'red';

/**
 * The deadline light on `today`: red once overdue, yellow on the day it falls due, blue from the
 * warning date (a set fraction of the deadline), green before. No deadline, no light.
 */
export function lightOn(today: string, due: { dueOn: string | null; warnOn: string | null }): Light | null {
  if (!due.dueOn) return null;
  if (today > due.dueOn) return 'red';
  if (today === due.dueOn) return 'yellow';
  if (due.warnOn && today >= due.warnOn) return 'blue';
  return 'green';
}

// Column types of the department feeds. Every value arrives as text (CSV, or a JSON scalar turned into
// text); each type parses it, normalises it and says in both languages what is wrong. A feed's zod row
// schema is assembled from these columns (see rowSchema in feeds.ts).
import { z } from 'zod';
import type { Bilingual } from '../../platform/errors.js';
import { msg } from '../../platform/validation.js';
import { checkCreditCode, checkIdNumber, chongqingDivisions } from '../registry/index.js';

export type ParseContext = { today: string };
export type Parsed<T> = { ok: true; value: T } | { ok: false; code: string; zh: string; en: string };
export type Scalar = string | number | boolean | null;

export type ColumnType<T extends Scalar> = {
  /** Short name of the type for the docs, e.g. 'date', 'id_number'. */
  kind: string;
  /** What a valid value looks like, for the docs. */
  format: Bilingual;
  parse(s: string, ctx: ParseContext): Parsed<T>;
};

export type ColumnSpec<T extends Scalar = Scalar, R extends boolean = boolean> = {
  type: ColumnType<T>;
  required: R;
  labelZh: string;
  description: Bilingual;
  /**
   * The target column an optional column fills. When the whole file leaves the column out, stored
   * rows keep their value for it; when the file has the column, an empty value clears it.
   */
  target?: string;
  /** The value of an empty cell of an optional column (null unless the table column cannot be null). */
  whenEmpty?: T;
};

export type Columns = Record<string, ColumnSpec>;
export type RowOf<C extends Columns> = {
  [K in keyof C]: C[K] extends ColumnSpec<infer T, infer R> ? (R extends true ? T : T | null) : never;
};

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (code: string, zh: string, en: string): Parsed<never> => ({ ok: false, code, zh, en });

export function req<T extends Scalar>(type: ColumnType<T>, labelZh: string, description: Bilingual): ColumnSpec<T, true> {
  return { type, required: true, labelZh, description };
}
export function opt<T extends Scalar>(type: ColumnType<T>, labelZh: string, description: Bilingual, target?: string): ColumnSpec<T, false> {
  return { type, required: false, labelZh, description, ...(target ? { target } : {}) };
}
/** An optional flag: an empty cell means false (the table column is NOT NULL DEFAULT false). */
export function optFlag(labelZh: string, description: Bilingual): ColumnSpec<boolean, false> {
  return { type: bool, required: false, labelZh, description, whenEmpty: false };
}

// ---- Types ----------------------------------------------------------------------------------------

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function text(max: number): ColumnType<string> {
  return {
    kind: 'text',
    format: { zh: `文本,最多 ${max} 个字符`, en: `text, at most ${max} characters` },
    parse(s) {
      if (s.includes('\uFFFD')) return bad('invalid_text', '含有替换字符“�”,文件在转换编码时已损坏', 'contains the replacement character "�": the file was damaged by a lossy encoding conversion');
      if (CONTROL.test(s) || LONE_SURROGATE.test(s)) return bad('invalid_text', '含有控制字符或无效字符', 'contains control or invalid characters');
      if ([...s].length > max) return bad('too_long', `不能超过 ${max} 个字符`, `must be at most ${max} characters`);
      return ok(s);
    },
  };
}

export function code(pattern: RegExp, format: Bilingual, upper = true): ColumnType<string> {
  return {
    kind: 'code',
    format,
    parse(s) {
      const v = upper ? s.toUpperCase() : s;
      return pattern.test(v) ? ok(v) : bad('invalid_format', `格式不对,应为${format.zh}`, `has the wrong format; expected ${format.en}`);
    },
  };
}

export const idNumber: ColumnType<string> = {
  kind: 'id_number',
  format: { zh: '18 位公民身份号码(GB 11643),末位可为 X', en: '18-character citizen id number (GB 11643); the last may be X' },
  parse(s, ctx) {
    const v = s.toUpperCase();
    if (/^\d(\.\d+)?E\+?\d+$/.test(v)) {
      return bad('invalid_id_number', '身份证号被 Excel 转成了科学计数法,请把该列设为“文本”后重新导出', 'the id number was turned into scientific notation by Excel; format the column as text and export again');
    }
    const r = checkIdNumber(v, ctx.today);
    return r.ok ? ok(v) : bad('invalid_id_number', r.reason.zh, r.reason.en);
  },
};

export const creditCode: ColumnType<string> = {
  kind: 'credit_code',
  format: { zh: '18 位统一社会信用代码(GB 32100)', en: '18-character unified social credit code (GB 32100)' },
  parse(s) {
    const v = s.toUpperCase();
    const r = checkCreditCode(v);
    return r.ok ? ok(v) : bad('invalid_credit_code', r.reason.zh, r.reason.en);
  },
};

function isoDate(y: number, m: number, d: number): string | null {
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A calendar date: 2023-05-01, 2023/5/1 or 20230501. `notFuture` refuses dates after today. */
export function date(opts: { notFuture?: boolean } = {}): ColumnType<string> {
  return {
    kind: 'date',
    format: { zh: '日期 YYYY-MM-DD(也接受 2023/5/1、20230501)', en: 'date YYYY-MM-DD (2023/5/1 and 20230501 are accepted)' },
    parse(s, ctx) {
      const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
      if (!m) return bad('invalid_date', '日期格式应为 YYYY-MM-DD', 'a date is written YYYY-MM-DD');
      const v = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
      if (!v) return bad('invalid_date', '不是真实存在的日期', 'is not a real calendar date');
      if (v < '1900-01-01') return bad('invalid_date', '日期早于 1900 年', 'is before 1900');
      if (opts.notFuture && v > ctx.today) return bad('future_date', `日期晚于今天(${ctx.today})`, `is after today (${ctx.today})`);
      if (v > '2100-12-31') return bad('invalid_date', '日期晚于 2100 年', 'is after 2100');
      return ok(v);
    },
  };
}

/** A calendar month, YYYY-MM (or YYYYMM); stored as the first day of the month. */
export const month: ColumnType<string> = {
  kind: 'month',
  format: { zh: '年月 YYYY-MM', en: 'month YYYY-MM' },
  parse(s) {
    const m = /^(\d{4})[-/.]?(\d{1,2})$/.exec(s);
    const v = m ? isoDate(Number(m[1]), Number(m[2]), 1) : null;
    if (!v || v < '1990-01-01' || v > '2100-12-01') return bad('invalid_month', '年月格式应为 YYYY-MM', 'a month is written YYYY-MM');
    return ok(v);
  },
};

export function int(min: number, max: number, kind = 'integer'): ColumnType<number> {
  return {
    kind,
    format: { zh: `整数,${min}–${max}`, en: `integer, ${min}–${max}` },
    parse(s) {
      if (!/^[+-]?\d+$/.test(s)) return bad('invalid_number', '应为整数', 'must be a whole number');
      const n = Number(s);
      if (n < min || n > max) return bad('out_of_range', `应在 ${min} 到 ${max} 之间`, `must be between ${min} and ${max}`);
      return ok(n);
    },
  };
}

/** Money in integer fen (分); a decimal amount is refused rather than rounded. */
export const fen: ColumnType<number> = {
  kind: 'fen',
  format: { zh: '金额,以“分”为单位的非负整数(100 元写作 10000)', en: 'amount in fen, a non-negative integer (100 yuan is 10000)' },
  parse(s) {
    if (/^\d+\.\d+$/.test(s)) return bad('invalid_amount', '金额应为以“分”为单位的整数,不能有小数(100 元写作 10000)', 'amounts are whole fen, without decimals (100 yuan is 10000)');
    if (!/^\d+$/.test(s)) return bad('invalid_amount', '金额应为以“分”为单位的非负整数', 'an amount is a non-negative whole number of fen');
    const n = Number(s);
    if (n > 2_147_483_647) return bad('out_of_range', '金额过大', 'the amount is too large');
    return ok(n);
  },
};

export function year(min: number, maxFromToday = 0): ColumnType<number> {
  return {
    kind: 'year',
    format: { zh: `四位年份,${min} 年起`, en: `four-digit year from ${min}` },
    parse(s, ctx) {
      if (!/^\d{4}$/.test(s)) return bad('invalid_year', '年份应为四位数字', 'a year has four digits');
      const n = Number(s);
      const max = Number(ctx.today.slice(0, 4)) + maxFromToday;
      if (n < min || n > max) return bad('out_of_range', `年份应在 ${min} 到 ${max} 之间`, `the year must be between ${min} and ${max}`);
      return ok(n);
    },
  };
}

const TRUE = new Set(['true', '1', 'y', 'yes', '是', 't']);
const FALSE = new Set(['false', '0', 'n', 'no', '否', 'f']);
export const bool: ColumnType<boolean> = {
  kind: 'boolean',
  format: { zh: '是/否(也接受 true/false、1/0)', en: 'true/false (是/否, 1/0 are accepted)' },
  parse(s) {
    const v = s.toLowerCase();
    if (TRUE.has(v)) return ok(true);
    if (FALSE.has(v)) return ok(false);
    return bad('invalid_boolean', '应为“是”或“否”', 'must be true or false');
  },
};

/** One of a closed set of codes; the Chinese label of a code is accepted too. */
export function oneOf<const K extends string>(labels: Record<K, string>): ColumnType<K> {
  const byInput = new Map<string, K>();
  for (const [k, zh] of Object.entries(labels) as [K, string][]) {
    byInput.set(k.toLowerCase(), k);
    byInput.set(zh, k);
  }
  const list = (Object.entries(labels) as [K, string][]).map(([k, zh]) => `${k}(${zh})`).join('、');
  const listEn = Object.keys(labels).join(', ');
  return {
    kind: 'enum',
    format: { zh: `取值之一:${list}`, en: `one of: ${listEn} (or the Chinese label)` },
    parse(s) {
      const k = byInput.get(s) ?? byInput.get(s.toLowerCase());
      return k ? ok(k) : bad('invalid_choice', `取值无效,应为 ${list} 之一`, `is not one of ${listEn}`);
    },
  };
}

let villages: Set<string> | undefined;
let townships: Set<string> | undefined;
function divisionSets() {
  if (!villages || !townships) {
    villages = new Set();
    townships = new Set();
    for (const d of chongqingDivisions()) {
      if (d.level === 4) villages.add(d.code);
      else if (d.level === 3) townships.add(d.code);
    }
  }
  return { villages, townships };
}

/** A Chongqing village or residents' committee (村/社区), GB/T 2260 12-digit code. */
export const villageCode: ColumnType<string> = {
  kind: 'village_code',
  format: { zh: '12 位村(社区)区划代码,须为重庆市现行村居', en: '12-digit village (村/社区) division code of Chongqing' },
  parse(s) {
    if (!/^\d{12}$/.test(s)) return bad('invalid_division', '村(社区)区划代码应为 12 位数字', 'a village division code has 12 digits');
    if (!divisionSets().villages.has(s)) return bad('unknown_division', '不是重庆市现行的村(社区)区划代码', 'is not a current Chongqing village division code');
    return ok(s);
  },
};

/** A Chongqing township or sub-district (乡镇/街道), 9-digit code. */
export const townshipCode: ColumnType<string> = {
  kind: 'township_code',
  format: { zh: '9 位乡镇(街道)区划代码,须为重庆市现行乡镇街道', en: '9-digit township (乡镇/街道) division code of Chongqing' },
  parse(s) {
    if (!/^\d{9}$/.test(s)) return bad('invalid_division', '乡镇(街道)区划代码应为 9 位数字', 'a township division code has 9 digits');
    if (!divisionSets().townships.has(s)) return bad('unknown_division', '不是重庆市现行的乡镇(街道)区划代码', 'is not a current Chongqing township division code');
    return ok(s);
  },
};

/** A village anywhere in China; inside Chongqing (50…) it must exist. Used for hukou moves in and out. */
export const anyVillageCode: ColumnType<string> = {
  kind: 'village_code',
  format: { zh: '12 位村(社区)区划代码;重庆市内的须为现行村居', en: '12-digit village division code; inside Chongqing it must be a current one' },
  parse(s, ctx) {
    if (!/^[1-9]\d{11}$/.test(s)) return bad('invalid_division', '村(社区)区划代码应为 12 位数字', 'a village division code has 12 digits');
    return s.startsWith('50') ? villageCode.parse(s, ctx) : ok(s);
  },
};

export const phone: ColumnType<string> = {
  kind: 'phone',
  format: { zh: '11 位手机号,或带区号的固定电话(如 023-63891234)', en: '11-digit mobile number, or a landline with area code (e.g. 023-63891234)' },
  parse(s) {
    const v = s.replace(/[\s]/g, '');
    return /^1[3-9]\d{9}$/.test(v) || /^0\d{2,3}-?\d{7,8}$/.test(v) ? ok(v) : bad('invalid_phone', '电话号码格式不对', 'is not a valid phone number');
  },
};

// ---- The zod row schema -----------------------------------------------------------------------------

/** A zod schema for one column: text in (undefined when empty), typed value out. */
export function columnSchema(c: ColumnSpec, ctx: ParseContext): z.ZodType<Scalar, string | undefined> {
  const refine = (s: string, zctx: z.RefinementCtx) => {
    const r = c.type.parse(s, ctx);
    if (r.ok) return r.value;
    zctx.addIssue({ code: 'custom', message: msg(r.zh, r.en), params: { code: r.code } });
    return z.NEVER;
  };
  if (c.required) return z.string({ error: () => msg('不能为空', 'is required') }).transform(refine);
  return z
    .string()
    .optional()
    .transform((s, zctx) => (s === undefined ? (c.whenEmpty ?? null) : refine(s, zctx)));
}

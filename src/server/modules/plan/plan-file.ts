// The action plan as data (data/plan/<year>.yaml): goals, measures, their targets with the plan's own
// comparators, the indicators the targets are measured by, and who is responsible. Transcribed from
// the Chinese text; loaded at seed time and by `huimin plan sync`.
import { z } from 'zod';

const Text = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();
const Code = z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower_snake_case');
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

/**
 * How the words of the plan compare a value with its target:
 * - at_least: "以上", "不少于", a bare number to reach (≥);
 * - about: "左右" (within ± tolerance of the value; for a lower-is-better indicator, "控制在…左右": at most value + tolerance);
 * - at_most: "控制在…以内/以下" (≤);
 * - hold_at_least: "稳定在/巩固在…以上" (a level to hold at every check, ≥);
 * - every_unit: "全覆盖", "100%", "每个区县都有" (every unit of `unitLevel`; value is the count or share required);
 * - zero_outstanding: "动态清零" (zero outstanding at every check);
 * - per_unit_min: "每个乡镇每年不少于6场" (each unit of `unitLevel` reaches the value; not a total);
 * - milestone: a qualitative commitment, tracked with evidence, or a dated deliverable.
 */
export const Comparator = z.enum(['at_least', 'about', 'at_most', 'hold_at_least', 'every_unit', 'zero_outstanding', 'per_unit_min', 'milestone']);
export type Comparator = z.infer<typeof Comparator>;

export const Unit = z.enum(['person', 'person_time', 'household', 'percent', 'unit', 'place', 'bed', 'event', 'project', 'yuan_100m', 'count']);
export type Unit = z.infer<typeof Unit>;

export const Target = z
  .object({
    code: z.string().regex(/^(G\d\.\d+|M\d+\.\d+)$/, 'G<goal>.<n> or M<measure>.<n>'),
    title: Text,
    /** The plan's own words for this target, verbatim from the Chinese text. */
    quote: z.string().min(2),
    comparator: Comparator,
    /** The number in the plan (percent as 95 for 95%); absent for milestones. */
    value: z.number().nonnegative().optional(),
    /** For "about": how far either side still counts as on target, in the value's unit. */
    tolerance: z.number().positive().optional(),
    unit: Unit.optional(),
    /** Lead first. Department codes from data/departments. */
    departments: z.array(Code).min(1),
    /** The date by which it is due: the year's end unless the plan says otherwise (M4: end of August). */
    deadline: IsoDate,
    /** The indicator measuring it; absent for milestones. */
    indicator: Code.optional(),
    /** Whether the city target is split into district quotas (任务分解). */
    decompose: z.boolean().default(false),
  })
  .strict()
  .superRefine((t, ctx) => {
    const quantitative = t.comparator !== 'milestone';
    if (quantitative && t.value === undefined && t.comparator !== 'zero_outstanding') ctx.addIssue({ code: 'custom', path: ['value'], message: 'a quantitative target needs a value' });
    if (quantitative && !t.indicator) ctx.addIssue({ code: 'custom', path: ['indicator'], message: 'a quantitative target needs an indicator' });
    if (quantitative && !t.unit) ctx.addIssue({ code: 'custom', path: ['unit'], message: 'a quantitative target needs a unit' });
    if (t.comparator === 'about' && t.tolerance === undefined) ctx.addIssue({ code: 'custom', path: ['tolerance'], message: '"about" needs a tolerance' });
  });
export type Target = z.infer<typeof Target>;

export const Indicator = z
  .object({
    code: Code,
    name: Text,
    unit: Unit,
    /**
     * Across units and months: sum (counts add up), rate (Σ numerator / Σ denominator, never summed
     * or averaged), latest (a stock: the last month's level), min (the smallest unit value),
     * share (the share of units whose value reaches `threshold`).
     */
    aggregation: z.enum(['sum', 'rate', 'latest', 'min', 'share']),
    /** month: each month alone; quarter; year: one value for the year; ytd: cumulative from January. */
    periodType: z.enum(['month', 'quarter', 'year', 'ytd']),
    /** lower: smaller is better (the unemployment rate). */
    direction: z.enum(['higher', 'lower']).default('higher'),
    /** The level values are kept at: district (reported by or computed per 区县), township, or city. */
    unitLevel: z.enum(['city', 'district', 'township']),
    source: z.enum(['computed', 'reported']),
    /** For computed: the named query in indicators.ts. */
    query: Code.optional(),
    /** For reported: the department that reports it (its districts report district values). */
    reportedBy: Code.optional(),
    /** For share / per-unit targets: the value a unit must reach. */
    threshold: z.number().nonnegative().optional(),
    /** Optional cumulative share of the year expected by the end of each month (12 values, last 1). */
    seasonal: z.array(z.number().min(0).max(1)).length(12).optional(),
  })
  .strict()
  .superRefine((i, ctx) => {
    if (i.source === 'computed' && !i.query) ctx.addIssue({ code: 'custom', path: ['query'], message: 'a computed indicator names its query' });
    if (i.source === 'reported' && !i.reportedBy) ctx.addIssue({ code: 'custom', path: ['reportedBy'], message: 'a reported indicator names the department that reports it' });
    if (i.aggregation === 'share' && i.threshold === undefined) ctx.addIssue({ code: 'custom', path: ['threshold'], message: 'a share needs the threshold a unit must reach' });
    if (i.seasonal && Math.abs(i.seasonal[11]! - 1) > 1e-9) ctx.addIssue({ code: 'custom', path: ['seasonal', 11], message: 'the seasonal profile ends at 1' });
  });
export type Indicator = z.infer<typeof Indicator>;

export const PlanFile = z
  .object({
    year: z.number().int().min(2000).max(2100),
    name: Text,
    documentNo: z.string().min(3),
    issuedOn: IsoDate,
    /** The issuing departments, lead first. */
    departments: z.array(Code).min(1),
    goals: z
      .array(
        z
          .object({
            code: z.string().regex(/^G\d$/),
            title: Text,
            targets: z.array(Target).min(1),
          })
          .strict(),
      )
      .min(1),
    measures: z
      .array(
        z
          .object({
            code: z.string().regex(/^M\d+$/),
            /** The numbered section of 三、重点举措 it stands in: 1 for (一) … 10 for (十). */
            section: z.number().int().min(1).max(10),
            title: Text,
            /** A short summary of what the measure commits to, in the plan's words. */
            summary: z.string().min(4),
            departments: z.array(Code).min(1),
            targets: z.array(Target).default([]),
          })
          .strict(),
      )
      .min(1),
    indicators: z.array(Indicator).min(1),
  })
  .strict()
  .superRefine((p, ctx) => {
    const indicators = new Set(p.indicators.map((i) => i.code));
    const seen = new Set<string>();
    const all = [...p.goals.flatMap((g, gi) => g.targets.map((t, ti) => ({ t, path: ['goals', gi, 'targets', ti] }))), ...p.measures.flatMap((m, mi) => m.targets.map((t, ti) => ({ t, path: ['measures', mi, 'targets', ti] })))];
    for (const { t, path } of all) {
      if (seen.has(t.code)) ctx.addIssue({ code: 'custom', path: [...path, 'code'], message: `duplicate target ${t.code}` });
      seen.add(t.code);
      if (t.indicator && !indicators.has(t.indicator)) ctx.addIssue({ code: 'custom', path: [...path, 'indicator'], message: `unknown indicator ${t.indicator}` });
      if (!t.deadline.startsWith(String(p.year))) ctx.addIssue({ code: 'custom', path: [...path, 'deadline'], message: `deadline outside ${p.year}` });
    }
    const codes = new Set<string>();
    for (const [i, ind] of p.indicators.entries()) {
      if (codes.has(ind.code)) ctx.addIssue({ code: 'custom', path: ['indicators', i, 'code'], message: `duplicate indicator ${ind.code}` });
      codes.add(ind.code);
    }
  });
export type PlanFile = z.infer<typeof PlanFile>;

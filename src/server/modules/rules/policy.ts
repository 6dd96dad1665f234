// A policy as data: its definition (what officials write, in YAML or in the editor), the checks
// that refuse anything the engine cannot evaluate, and its version hash.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { EntityType } from '../../db/schema.js';
import { checkExpr, ExprError, marginOperands, type Node } from './expr.js';
import { msg } from '../../platform/validation.js';

const bilingual = z.object({ zh: z.string().trim().min(1).max(200), en: z.string().trim().min(1).max(300) });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, msg('日期格式应为 YYYY-MM-DD', 'Dates are YYYY-MM-DD'));

export const PolicyDefinition = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]{2,63}$/, msg('编号只能用小写字母、数字和连字符', 'The id uses lower-case letters, digits and hyphens')),
    name: bilingual,
    /** Legal basis: the public documents the policy rests on. */
    basis: z
      .array(z.object({ title: z.string().trim().min(1).max(300), number: z.string().trim().max(100).optional(), article: z.string().trim().max(300).optional(), url: z.url().optional() }))
      .min(1, msg('至少列出一项政策依据', 'List at least one legal basis')),
    department: z.string().min(1),
    entity: z.enum(['person', 'household', 'enterprise', 'employment']),
    measures: z.array(z.string().regex(/^M\d{1,2}$/)).default([]),
    effective: z.object({ from: isoDate, to: isoDate.nullable().default(null) }),
    criteria: z
      .array(
        z.object({
          label: bilingual,
          expr: z.string().min(1).max(4000),
          note: bilingual.optional(),
          /**
           * A target-group criterion (目标人群) says whom the policy is about. Failing it is not a
           * near miss: a person who is not registered unemployed is not "one step away" from
           * unemployment insurance benefit.
           */
          target: z.boolean().default(false),
        }),
      )
      .min(1, msg('至少需要一条条件', 'At least one criterion is needed'))
      .max(30),
    amount: z.object({
      expr: z.string().min(1).max(4000),
      capFen: z.number().int().min(0).max(100_000_000).nullable().default(null),
      frequency: z.enum(['once', 'yearly', 'monthly']),
    }),
    exclusions: z.array(z.object({ policy: z.string(), mode: z.enum(['not_both', 'take_higher']) })).default([]),
    delivery: z.enum(['direct', 'confirm', 'apply']),
    /** Parameters this encoding assumes because the public text does not fix them. */
    assumptions: z.array(z.object({ parameter: z.string().min(1), note: bilingual })).default([]),
    description: bilingual.optional(),
  })
  .strict();
export type PolicyDefinition = z.infer<typeof PolicyDefinition>;

export type CompiledCriterion = { label: { zh: string; en: string }; expr: string; node: Node; margin: boolean; target: boolean };
export type CompiledPolicy = {
  versionId: number;
  hash: string;
  def: PolicyDefinition;
  criteria: CompiledCriterion[];
  amount: Node;
};

/**
 * What the evaluators read of a compiled rule: its criteria, amount, cap, id and name. Benefit
 * policies are such rules, and so are the insurance checks (coverage gaps, risk rules), which share
 * the compiler, the bulk SQL and the interpreter.
 */
export type EvaluableRule = Pick<CompiledPolicy, 'versionId' | 'hash' | 'criteria' | 'amount'> & {
  def: Pick<PolicyDefinition, 'id' | 'name'> & { amount: Pick<PolicyDefinition['amount'], 'capFen'> };
};

/** A field-level problem with a definition, in both languages. */
export type DefinitionIssue = { path: string; message: string; messageEn: string; position: number | null };

/** Checks every expression; returns the compiled parts or the list of problems. */
export function compileDefinition(def: PolicyDefinition): { ok: true; criteria: CompiledCriterion[]; amount: Node } | { ok: false; issues: DefinitionIssue[] } {
  const issues: DefinitionIssue[] = [];
  const entity: EntityType = def.entity;
  const one = (path: string, source: string, want: 'bool' | 'int'): Node | null => {
    try {
      return checkExpr(source, entity, want);
    } catch (e) {
      if (e instanceof ExprError) {
        issues.push({ path, message: e.zh, messageEn: e.en, position: e.position });
        return null;
      }
      throw e;
    }
  };
  const criteria: CompiledCriterion[] = [];
  def.criteria.forEach((c, i) => {
    const node = one(`criteria.${i}.expr`, c.expr, 'bool');
    if (node) criteria.push({ label: c.label, expr: c.expr, node, margin: marginOperands(node) !== null, target: c.target });
  });
  const amount = one('amount.expr', def.amount.expr, 'int');
  if (def.effective.to && def.effective.to < def.effective.from) {
    issues.push({ path: 'effective.to', message: '截止日期早于起始日期', messageEn: 'The end date is before the start date', position: null });
  }
  def.exclusions.forEach((x, i) => {
    if (x.policy === def.id) issues.push({ path: `exclusions.${i}.policy`, message: '不能与自身互斥', messageEn: 'A policy cannot exclude itself', position: null });
  });
  if (issues.length > 0 || !amount) return { ok: false, issues };
  return { ok: true, criteria, amount };
}

/** Canonical JSON (sorted keys) so the hash does not depend on key order or YAML layout. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

export function definitionHash(def: PolicyDefinition): string {
  return createHash('sha256').update(canonicalJson(def)).digest('hex').slice(0, 16);
}

/** The entitlement period a run in `periodMonth` ('YYYY-MM') assigns under a frequency. */
export function periodOf(frequency: PolicyDefinition['amount']['frequency'], periodMonth: string): string {
  if (frequency === 'once') return 'once';
  if (frequency === 'yearly') return periodMonth.slice(0, 4);
  return periodMonth;
}

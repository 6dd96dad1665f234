// The insurance rule packs (data/insurance/rules/*.yaml): coverage-gap rules (参保扩面, M20) over
// persons and employments, and risk rules (稽核风控, M22) over benefit awards. A rule is written like
// a benefit policy (criteria as CEL, an amount in fen: the amount at stake for a risk rule), checked
// by the same compiler and evaluated by the same SQL back end and interpreter. Versions are kept;
// a hit names the version hash and the fact snapshot it came from.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Db, DbOrTx } from '../../db/index.js';
import type { EntityType, InsurancePack } from '../../db/schema.js';
import { AppError } from '../../platform/errors.js';
import { issueToDetail, msg } from '../../platform/validation.js';
import { canonicalJson, checkExpr, ExprError, marginOperands, type EvaluableRule } from '../rules/index.js';

const bilingual = z.object({ zh: z.string().trim().min(1).max(300), en: z.string().trim().min(1).max(400) });

export const RuleDefinition = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]{2,63}$/, msg('编号只能用小写字母、数字和连字符', 'The id uses lower-case letters, digits and hyphens')),
    pack: z.enum(['coverage', 'risk']),
    entity: z.enum(['person', 'employment', 'benefit']),
    name: bilingual,
    description: bilingual,
    basis: z.array(z.object({ title: z.string().min(1), number: z.string().optional(), article: z.string().optional() })).min(1, msg('至少列出一项依据', 'List at least one legal basis')),
    department: z.string().min(1),
    measures: z.array(z.string().regex(/^M\d{1,2}$/)).default([]),
    /** Risk rules: how serious a hit is. */
    severity: z.enum(['high', 'medium', 'low']).optional(),
    /** Coverage rules: the insurance the person should have. */
    insurance: z.enum(['employee_pension', 'resident_pension', 'pension', 'unemployment', 'work_injury', 'medical', 'ltc']).optional(),
    criteria: z.array(z.object({ label: bilingual, expr: z.string().min(1).max(4000), target: z.boolean().default(false), note: bilingual.optional() })).min(1).max(20),
    /** Fen: the amount at stake (to recover) for a risk rule; 0 for a coverage rule. */
    amount: z.object({ expr: z.string().min(1).max(4000), label: bilingual.optional() }),
    /** What the township or the auditor is asked to do with a hit. */
    action: bilingual,
    assumptions: z.array(z.object({ parameter: z.string().min(1), note: bilingual })).default([]),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.pack === 'risk' && !d.severity) ctx.addIssue({ code: 'custom', path: ['severity'], message: msg('风险规则须有风险等级', 'A risk rule needs a severity') });
    if (d.pack === 'risk' && d.entity !== 'benefit') ctx.addIssue({ code: 'custom', path: ['entity'], message: msg('风险规则针对待遇(benefit)', 'Risk rules are about benefit awards (benefit)') });
    if (d.pack === 'coverage' && d.entity === 'benefit') ctx.addIssue({ code: 'custom', path: ['entity'], message: msg('扩面规则针对个人或用工', 'Coverage rules are about persons or employments') });
    if (d.pack === 'coverage' && !d.insurance) ctx.addIssue({ code: 'custom', path: ['insurance'], message: msg('扩面规则须写明应参加的险种', 'A coverage rule names the insurance missing') });
  });
export type RuleDefinition = z.infer<typeof RuleDefinition>;

export type CompiledRule = EvaluableRule & { def: RuleDefinition & { amount: { capFen: null } }; entity: EntityType };

/** Parses and checks a rule; unsupported CEL is refused with the field and position. */
export function compileRule(input: unknown, versionId = 0): CompiledRule {
  const parsed = RuleDefinition.safeParse(input);
  if (!parsed.success) throw new AppError('VALIDATION', { zh: '规则定义有误', en: 'The rule definition is not valid' }, parsed.error.issues.map((i) => issueToDetail(i as Parameters<typeof issueToDetail>[0])));
  const def = parsed.data;
  const issues: { path: string; message: string; messageEn: string }[] = [];
  const check = (path: string, source: string, want: 'bool' | 'int') => {
    try {
      return checkExpr(source, def.entity, want);
    } catch (e) {
      if (e instanceof ExprError) {
        issues.push({ path, message: e.zh, messageEn: e.en });
        return null;
      }
      throw e;
    }
  };
  const criteria = def.criteria.flatMap((c, i) => {
    const node = check(`criteria.${i}.expr`, c.expr, 'bool');
    return node ? [{ label: c.label, expr: c.expr, node, margin: marginOperands(node) !== null, target: c.target }] : [];
  });
  const amount = check('amount.expr', def.amount.expr, 'int');
  if (issues.length > 0 || !amount) throw new AppError('VALIDATION', { zh: '规则中的表达式有误', en: 'An expression of the rule is not valid' }, issues);
  const hash = createHash('sha256').update(canonicalJson(def)).digest('hex').slice(0, 16);
  return { versionId, hash, def: { ...def, amount: { ...def.amount, capFen: null } }, criteria, amount, entity: def.entity };
}

export const RULE_DIR_NAME = join('data', 'insurance', 'rules');

/** Loads the rule files; a changed file becomes a new, active version. Idempotent. */
export async function syncRulePack(db: Db, dir: string): Promise<{ loaded: number; changed: string[] }> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  const changed: string[] = [];
  for (const file of files) {
    const raw = parseYaml(readFileSync(join(dir, file), 'utf8')) as unknown;
    let rule: CompiledRule;
    try {
      rule = compileRule(raw);
    } catch (e) {
      if (e instanceof AppError) throw new Error(`${file}: ${e.messageEn} ${JSON.stringify(e.details)}`, { cause: e });
      throw e;
    }
    const def = rule.def;
    await db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('insurance_rule').select(['latest_version', 'active_version_id']).where('id', '=', def.id).forUpdate().executeTakeFirst();
      const active = row?.active_version_id ? await trx.selectFrom('insurance_rule_version').select('hash').where('id', '=', row.active_version_id).executeTakeFirst() : undefined;
      const current = row ? { latest_version: row.latest_version, hash: active?.hash } : undefined;
      if (current?.hash === rule.hash) return;
      if (!current) await trx.insertInto('insurance_rule').values({ id: def.id, pack: def.pack, entity: def.entity, active_version_id: null }).execute();
      const version = (current?.latest_version ?? 0) + 1;
      const { amount, ...rest } = def;
      const stored = { ...rest, amount: { expr: amount.expr, ...(amount.label ? { label: amount.label } : {}) } };
      const v = await trx.insertInto('insurance_rule_version').values({ rule_id: def.id, version, hash: rule.hash, definition: JSON.stringify(stored) }).returning('id').executeTakeFirstOrThrow();
      await trx.updateTable('insurance_rule').set({ active_version_id: v.id, latest_version: version, pack: def.pack, entity: def.entity }).where('id', '=', def.id).execute();
      changed.push(file);
    });
  }
  return { loaded: files.length, changed };
}

/** The active version of every rule of a pack (or of the given ids), compiled. */
export async function activeRules(db: DbOrTx, pack: InsurancePack, ids?: string[]): Promise<CompiledRule[]> {
  const rows = await db
    .selectFrom('insurance_rule as r')
    .innerJoin('insurance_rule_version as v', 'v.id', 'r.active_version_id')
    .select(['v.id', 'v.definition'])
    .where('r.pack', '=', pack)
    .$if(!!ids, (q) => q.where('r.id', 'in', ids!))
    .orderBy('r.id')
    .execute();
  return rows.map((r) => compileRule(r.definition, Number(r.id)));
}

/** The version of a rule a hit or gap names by its hash (not necessarily the active one). */
export async function ruleVersion(db: DbOrTx, ruleId: string, hash: string): Promise<{ version: number; definition: Omit<RuleDefinition, 'amount'> & { amount: { expr: string; label?: { zh: string; en: string } } } } | undefined> {
  const v = await db.selectFrom('insurance_rule_version').select(['version', 'definition']).where('rule_id', '=', ruleId).where('hash', '=', hash).executeTakeFirst();
  return v && { version: v.version, definition: v.definition as Omit<RuleDefinition, 'amount'> & { amount: { expr: string } } };
}

/** Rules for listing: definition, version and hash, and hit counts. */
export async function listRules(db: DbOrTx) {
  const rows = await db
    .selectFrom('insurance_rule as r')
    .innerJoin('insurance_rule_version as v', 'v.id', 'r.active_version_id')
    .select(['r.id', 'r.pack', 'r.entity', 'v.version', 'v.hash', 'v.definition', 'v.created_at'])
    .orderBy('r.pack')
    .orderBy('r.id')
    .execute();
  const hits = await sql<{ rule_id: string; open: number; total: number }>`
    SELECT rule_id, count(*) FILTER (WHERE status = 'open')::int AS open, count(*)::int AS total FROM risk_hit GROUP BY rule_id
    UNION ALL SELECT rule_id, count(*) FILTER (WHERE status = 'open')::int, count(*)::int FROM coverage_gap GROUP BY rule_id`.execute(db);
  const byRule = new Map(hits.rows.map((h) => [h.rule_id, h]));
  return rows.map((r) => ({ ...(r.definition as RuleDefinition), version: r.version, hash: r.hash, open: byRule.get(r.id)?.open ?? 0, total: byRule.get(r.id)?.total ?? 0 }));
}

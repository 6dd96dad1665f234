// Explanations for one entity: the interpreter walks each policy over the entity's snapshot row and
// says, per criterion, pass / fail / undetermined, how far from passing, and which data it read.
import type { EntityType } from '../../db/schema.js';
import { visibleFacts } from './catalogue.js';
import { factsOf, marginOperands } from './expr.js';
import { evaluate, type FactRow, type Value } from './interpret.js';
import type { EvaluableRule } from './policy.js';
import type { Outcome } from './evaluate-sql.js';

export type CriterionResult = {
  label: { zh: string; en: string };
  target: boolean;
  expr: string;
  value: boolean | null;
  margin: number | null;
  facts: { path: string; zh: string; en: string; value: Value; unit?: string | undefined }[];
};
export type PolicyExplanation = {
  policyId: string;
  versionId: number;
  hash: string;
  name: { zh: string; en: string };
  outcome: Outcome;
  criteria: CriterionResult[];
  amountRaw: number | null;
  amount: number | null;
  missingFacts: string[];
};

/** Evaluates one policy for one snapshot row; the same outcome rules as the SQL back end. */
export function explainPolicy(p: EvaluableRule, entity: EntityType, row: FactRow): PolicyExplanation {
  const catalogue = visibleFacts(entity);
  const describe = (paths: Set<string>) =>
    [...paths].sort().map((path) => {
      const f = catalogue.get(path)!;
      return { path, zh: f.zh, en: f.en, value: row[f.column] ?? null, unit: f.unit };
    });
  const criteria: CriterionResult[] = p.criteria.map((c) => {
    const value = evaluate(c.node, row) as boolean | null;
    const m = marginOperands(c.node);
    let margin: number | null = null;
    if (m) {
      const l = evaluate(m.l, row) as number | null;
      const r = evaluate(m.r, row) as number | null;
      margin = l === null || r === null ? null : l - r;
    }
    return { label: c.label, target: c.target, expr: c.expr, value, margin, facts: describe(factsOf(c.node)) };
  });
  const amountRaw = evaluate(p.amount, row) as number | null;
  const cap = p.def.amount.capFen;
  const amount = amountRaw === null ? null : amountRaw < 0 ? 0 : cap !== null && amountRaw > cap ? cap : amountRaw;
  const nfail = criteria.filter((c) => c.value === false).length;
  const nundet = criteria.filter((c) => c.value === null).length;
  const targetMissed = criteria.some((c, i) => p.criteria[i]!.target && c.value === false);
  const outcome: Outcome =
    nfail === 0 && nundet === 0 && amountRaw !== null ? 'eligible' : nfail === 0 ? 'missing_data' : nfail === 1 && nundet === 0 && !targetMissed ? 'near_miss' : 'ineligible';
  const all = new Set<string>();
  p.criteria.forEach((c) => factsOf(c.node, all));
  factsOf(p.amount, all);
  const missingFacts = [...all].filter((path) => (row[catalogue.get(path)!.column] ?? null) === null).sort();
  return { policyId: p.def.id, versionId: p.versionId, hash: p.hash, name: p.def.name, outcome, criteria, amountRaw, amount, missingFacts };
}

// Reading a determination's trace back. A run stores, per entitlement or outreach row, each
// criterion's value and margin and the raw amount: {values, margins, amountRaw}. The facts those
// values were computed from are not copied into every trace: they are the entity's row in the
// snapshot the run names (snapshots are never changed or deleted), read back when a trace is shown
// (`readFactRows` in snapshot.ts, then `policyFacts` here). Traces written before this form
// ({criteria: [{value, margin}], amountRaw, facts}) still read.
import { z } from 'zod';
import type { EntityType } from '../../db/schema.js';
import { visibleFacts } from './catalogue.js';
import { policyFactPaths } from './evaluate-sql.js';
import type { FactRow } from './interpret.js';
import type { EvaluableRule } from './policy.js';

export type CriterionValue = { value: boolean | null; margin: number | null };

const Value = z.boolean().nullable().catch(null);
const Margin = z.number().nullable().catch(null);
const Trace = z.object({
  values: z.array(Value).optional().catch(undefined),
  margins: z.array(Margin).optional().catch(undefined),
  criteria: z.array(z.object({ value: Value, margin: Margin })).optional().catch(undefined),
  amountRaw: z.number().nullable().catch(null),
  facts: z.record(z.string(), z.unknown()).optional().catch(undefined),
});

/** A stored trace in either form; unreadable parts read as empty. */
export function readTrace(trace: unknown): { criteria: CriterionValue[]; amountRaw: number | null; facts: Record<string, unknown> | undefined } {
  const parsed = Trace.safeParse(typeof trace === 'string' ? JSON.parse(trace) : trace);
  if (!parsed.success) return { criteria: [], amountRaw: null, facts: undefined };
  const t = parsed.data;
  const criteria = t.values ? t.values.map((value, i) => ({ value, margin: t.margins?.[i] ?? null })) : (t.criteria ?? []);
  return { criteria, amountRaw: t.amountRaw, facts: t.facts };
}

/** The facts a policy read, by catalogue path (sorted), from the entity's snapshot row. */
export function policyFacts(policy: EvaluableRule, entity: EntityType, row: FactRow | undefined): Record<string, unknown> {
  const catalogue = visibleFacts(entity);
  return Object.fromEntries(policyFactPaths(policy).map((path) => [path, row?.[catalogue.get(path)!.column] ?? null]));
}

// Reading one entitlement for display: why it was found (the policy's basis and criteria beside the
// run's trace), what happened to it (events), and how it was paid (payment lines, accounts masked).
import { z } from 'zod';
import type { DbOrTx } from '../../db/index.js';
import type { EntitlementStatus, EntityType } from '../../db/schema.js';
import { loadCompiled, StaleVersionError } from '../rules/policies.service.js';
import { readFactRows } from '../rules/snapshot.js';
import { policyFacts, readTrace } from '../rules/trace.js';
import { lineReference } from './bank-file.js';
import { canTransition, STATUS_LABELS } from './entitlement-state.js';
import { maskAccount } from '../../platform/mask.js';

const Bilingual = z.object({ zh: z.string(), en: z.string() });
// Read leniently: a definition or trace written by an older engine still displays.
const DefinitionView = z.object({
  basis: z.array(z.object({ title: z.string(), number: z.string().optional(), article: z.string().optional(), url: z.string().optional() })).catch([]),
  criteria: z.array(z.object({ label: Bilingual })).catch([]),
});

const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);

// Facts are the payee's own data, but identifiers stay out of every screen.
const IDENTIFIER_FACT = /(id_number|credit_code|phone|account|(^|\.)name$)/i;
const IDENTIFIER_VALUE = /^(\d{17}[\dXx]|[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10})$/;

export type CriterionResult = { label: { zh: string; en: string }; result: 'pass' | 'fail' | 'undetermined'; margin: number | null };

/** `facts`: what the policy read, by path (from the trace, or the run's snapshot). */
export function explain(definition: unknown, trace: unknown, facts: Record<string, unknown>) {
  const def = DefinitionView.safeParse(json(definition));
  const tr = readTrace(trace);
  const labels = def.success ? def.data.criteria : [];
  const values = tr.criteria;
  const criteria: CriterionResult[] = labels.map((c, i) => {
    const v = values[i];
    return { label: c.label, result: v?.value === true ? 'pass' : v?.value === false ? 'fail' : 'undetermined', margin: v?.margin ?? null };
  });
  const shown = Object.entries(facts)
    .filter(([k, v]) => !IDENTIFIER_FACT.test(k) && !(typeof v === 'string' && IDENTIFIER_VALUE.test(v)))
    .map(([name, value]) => ({ name, value: value ?? null }));
  return { basis: def.success ? def.data.basis : [], criteria, facts: shown, amountRaw: tr.amountRaw };
}

/** What the payee may do now, from the state machine. */
export function payeeActions(status: EntitlementStatus, delivery: 'direct' | 'confirm' | 'apply'): ('confirm' | 'apply' | 'decline')[] {
  const actions: ('confirm' | 'apply' | 'decline')[] = [];
  if (canTransition(status, 'ready', 'payee')) actions.push(status === 'awaiting_application' && delivery === 'apply' ? 'apply' : 'confirm');
  if (canTransition(status, 'declined', 'payee')) actions.push('decline');
  return actions;
}

export async function loadEntitlementRecord(db: DbOrTx, id: number) {
  const e = await db
    .selectFrom('entitlement as e')
    .innerJoin('policy_version as v', 'v.id', 'e.policy_version_id')
    .innerJoin('policy as pol', 'pol.id', 'e.policy_id')
    .selectAll('e')
    .select(['v.name_zh', 'v.name_en', 'v.version', 'v.definition', 'pol.department_code'])
    .where('e.id', '=', id)
    .executeTakeFirst();
  if (!e) return undefined;
  const events = await db
    .selectFrom('entitlement_event as ev')
    .leftJoin('app_user as u', 'u.id', 'ev.actor_id')
    .select(['ev.id', 'ev.at', 'ev.from_status', 'ev.to_status', 'ev.note', 'ev.run_id', 'u.display_name as actor_name', 'u.role as actor_role'])
    .where('ev.entitlement_id', '=', id)
    .orderBy('ev.id')
    .execute();
  const lines = await db
    .selectFrom('payment_line')
    .select(['id', 'batch_id', 'line_no', 'amount_fen', 'account_kind', 'account_bank', 'account_no', 'status', 'failure_reason', 'reconciled_at'])
    .where('entitlement_id', '=', id)
    .orderBy('id')
    .execute();
  return { e, events, lines, facts: await traceFacts(db, e) };
}

/** The facts behind a determination: kept in traces of older runs, else the entity's row in the run's snapshot. */
async function traceFacts(db: DbOrTx, e: { trace: unknown; policy_version_id: number; entity_type: EntityType; entity_id: number; snapshot_id: number; district_code: string }): Promise<Record<string, unknown>> {
  const kept = readTrace(e.trace).facts;
  if (kept) return kept;
  // A stored version that no longer compiles (the catalogue changed) still displays, without facts.
  const policy = await loadCompiled(db, [e.policy_version_id]).then(
    ([p]) => p,
    (err: unknown) => {
      if (err instanceof StaleVersionError) return undefined;
      throw err;
    },
  );
  if (!policy) return {};
  const rows = await readFactRows(db, e.entity_type, e.snapshot_id, [{ entityId: e.entity_id, districtCode: e.district_code }]);
  return policyFacts(policy, e.entity_type, rows.get(e.entity_id));
}
export type EntitlementRecord = NonNullable<Awaited<ReturnType<typeof loadEntitlementRecord>>>;

/** The parts of a record every reader sees (the payee and staff alike). */
export function recordView(r: EntitlementRecord) {
  const { e } = r;
  const why = explain(e.definition, e.trace, r.facts);
  return {
    id: e.id,
    entityType: e.entity_type,
    period: e.period,
    districtCode: e.district_code,
    policy: { id: e.policy_id, name: { zh: e.name_zh, en: e.name_en }, version: e.version, departmentCode: e.department_code },
    amountFen: Number(e.amount_fen),
    delivery: e.delivery,
    status: e.status,
    statusLabel: STATUS_LABELS[e.status],
    basis: why.basis,
    criteria: why.criteria,
    facts: why.facts,
    account: e.account_kind ? { kind: e.account_kind, bank: e.account_bank, accountNo: maskAccount(e.account_no) } : null,
    payments: r.lines.map((l) => ({
      reference: lineReference(l.batch_id, l.line_no),
      batchId: l.batch_id,
      status: l.status,
      amountFen: Number(l.amount_fen),
      accountKind: l.account_kind,
      accountBank: l.account_bank,
      accountNo: maskAccount(l.account_no),
      failureReason: l.failure_reason,
      reconciledAt: l.reconciled_at,
    })),
    createdAt: e.created_at,
    updatedAt: e.updated_at,
  };
}

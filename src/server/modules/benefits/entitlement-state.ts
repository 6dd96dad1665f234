// The entitlement state machine: which status may follow which, and who may make the move.
// The table is pure data; transitionEntitlements applies a move and writes its entitlement_event rows
// in one SQL statement, so the current status and its history can never disagree.
import { sql } from 'kysely';
import type { DbOrTx } from '../../db/index.js';
import type { EntitlementStatus } from '../../db/schema.js';
import { AppError, notFound, type Bilingual } from '../../platform/errors.js';

/** Who moves an entitlement: a rules run, the payee (citizen or enterprise), a payment officer, or the bank's result file. */
export type Mover = 'run' | 'payee' | 'officer' | 'bank';

export type Transition = { from: EntitlementStatus; to: EntitlementStatus; by: readonly Mover[]; why: string };

export const TRANSITIONS: readonly Transition[] = [
  { from: 'awaiting_confirmation', to: 'ready', by: ['payee'], why: 'the payee confirms and names an account (意愿确认)' },
  { from: 'awaiting_application', to: 'ready', by: ['payee'], why: 'the payee sends the short pre-filled application (快申快享)' },
  { from: 'payment_failed', to: 'ready', by: ['payee'], why: 'the payee corrects the account after a failed payment' },
  { from: 'awaiting_confirmation', to: 'declined', by: ['payee'], why: 'the payee does not want it' },
  { from: 'awaiting_application', to: 'declined', by: ['payee'], why: 'the payee does not want it' },
  { from: 'ready', to: 'declined', by: ['payee'], why: 'the payee does not want it (before it is in a batch)' },
  { from: 'payment_failed', to: 'declined', by: ['payee'], why: 'the payee does not want it after a failed payment' },
  { from: 'ready', to: 'in_batch', by: ['officer'], why: 'a payment officer puts it into a batch' },
  { from: 'in_batch', to: 'paid', by: ['bank'], why: 'the bank reports the line paid' },
  { from: 'in_batch', to: 'payment_failed', by: ['bank'], why: 'the bank reports the line failed' },
  // A rerun may set aside (take-higher exclusion) or restore an entitlement nobody has acted on yet.
  { from: 'awaiting_confirmation', to: 'excluded', by: ['run'], why: 'a rerun excludes it in favour of another policy' },
  { from: 'awaiting_application', to: 'excluded', by: ['run'], why: 'a rerun excludes it in favour of another policy' },
  { from: 'ready', to: 'excluded', by: ['run'], why: 'a rerun excludes it in favour of another policy' },
  { from: 'excluded', to: 'awaiting_confirmation', by: ['run'], why: 'a rerun restores it' },
  { from: 'excluded', to: 'awaiting_application', by: ['run'], why: 'a rerun restores it' },
  { from: 'excluded', to: 'ready', by: ['run'], why: 'a rerun restores it' },
];

export const STATUS_LABELS: Record<EntitlementStatus, Bilingual> = {
  awaiting_confirmation: { zh: '待确认', en: 'awaiting confirmation' },
  awaiting_application: { zh: '待申请', en: 'awaiting application' },
  ready: { zh: '待发放', en: 'ready for payment' },
  declined: { zh: '已放弃', en: 'declined' },
  excluded: { zh: '已排除', en: 'excluded' },
  in_batch: { zh: '发放中', en: 'in a payment batch' },
  paid: { zh: '已发放', en: 'paid' },
  payment_failed: { zh: '发放失败', en: 'payment failed' },
};

export function canTransition(from: EntitlementStatus, to: EntitlementStatus, by: Mover): boolean {
  return TRANSITIONS.some((t) => t.from === from && t.to === to && t.by.includes(by));
}

/** The statuses `by` may move an entitlement in `from` to. */
export function nextStatuses(from: EntitlementStatus, by: Mover): EntitlementStatus[] {
  return TRANSITIONS.filter((t) => t.from === from && t.by.includes(by)).map((t) => t.to);
}

export type TransitionRequest = {
  from: readonly EntitlementStatus[];
  to: EntitlementStatus;
  by: Mover;
  /** app_user id of the person acting; null for runs and bank files imported by the system. */
  actorId: number | null;
  note?: string | null;
  runId?: number | null;
  /** When it happened (the injected clock); the database clock when absent. */
  at?: Date;
};

function refuseIllegal(req: TransitionRequest): void {
  const illegal = req.from.filter((f) => !canTransition(f, req.to, req.by));
  if (illegal.length === 0 && req.from.length > 0) return;
  const from = illegal.length ? illegal : req.from;
  throw new AppError('CONFLICT', {
    zh: `不允许将待遇从「${from.map((f) => STATUS_LABELS[f].zh).join('、')}」变更为「${STATUS_LABELS[req.to].zh}」`,
    en: `An entitlement may not move from ${from.map((f) => STATUS_LABELS[f].en).join(', ') || '(nothing)'} to ${STATUS_LABELS[req.to].en} this way`,
  });
}

/**
 * Moves every listed entitlement that is in one of `from` to `to`, and writes one entitlement_event per
 * entitlement moved, in one statement (rows are locked, so a concurrent move waits and then sees the new
 * status). Returns what moved; callers that need all of them check the count. Entitlements in any other
 * status are left alone.
 */
export async function transitionEntitlements(db: DbOrTx, ids: readonly number[], req: TransitionRequest): Promise<{ id: number; fromStatus: EntitlementStatus }[]> {
  refuseIllegal(req);
  if (ids.length === 0) return [];
  const at = req.at ?? null;
  const rows = await sql<{ entitlement_id: number; from_status: EntitlementStatus }>`
    WITH old AS (
      SELECT id, status FROM entitlement
      WHERE id = ANY(string_to_array(${ids.join(',')}, ',')::bigint[]) AND status = ANY(string_to_array(${req.from.join(',')}, ','))
      FOR UPDATE
    ), moved AS (
      UPDATE entitlement e SET status = ${req.to}::text, updated_at = COALESCE(${at}::timestamptz, now())
      FROM old WHERE e.id = old.id
      RETURNING e.id, old.status AS from_status
    )
    INSERT INTO entitlement_event (entitlement_id, from_status, to_status, actor_id, run_id, note, at)
    SELECT id, from_status, ${req.to}::text, ${req.actorId}::bigint, ${req.runId ?? null}::bigint, ${req.note ?? null}::text, COALESCE(${at}::timestamptz, now())
    FROM moved
    RETURNING entitlement_id, from_status`.execute(db);
  return rows.rows.map((r) => ({ id: Number(r.entitlement_id), fromStatus: r.from_status }));
}

/** Moves one entitlement; refuses with CONFLICT (naming its current status) when it is not in one of `from`. */
export async function transitionEntitlement(db: DbOrTx, req: TransitionRequest & { id: number }): Promise<{ id: number; fromStatus: EntitlementStatus }> {
  const [moved] = await transitionEntitlements(db, [req.id], req);
  if (moved) return moved;
  const current = await db.selectFrom('entitlement').select('status').where('id', '=', req.id).executeTakeFirst();
  if (!current) throw notFound({ zh: '未找到该待遇', en: 'No such entitlement' });
  const now = STATUS_LABELS[current.status];
  throw new AppError(
    'CONFLICT',
    {
      zh: `该待遇当前状态为「${now.zh}」,不能变更为「${STATUS_LABELS[req.to].zh}」`,
      en: `The entitlement is ${now.en}; it cannot become ${STATUS_LABELS[req.to].en}`,
    },
    { status: current.status },
  );
}

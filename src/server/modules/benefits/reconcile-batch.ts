// Reconciliation (对账): applying the bank's result file to an exported batch. The whole file is
// checked before anything is written; a line's result is applied once (pending → paid or failed), a
// repeated result changes nothing, and a contradicting one (paid, then FAILED) is refused, never reversed.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import type { Principal } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, type Bilingual, type ErrorDetail } from '../../platform/errors.js';
import { parseLineReference, parseResultFile, type ResultRow } from './bank-file.js';
import { transitionEntitlements } from './entitlement-state.js';
import { enqueuePaymentNotifications } from './notifications.js';
import { batchForManaging, findBatch, paymentEvent, type BatchView } from './payment-batches.js';

const MAX_DETAILS = 200;

export type ReconciliationResult = {
  batch: BatchView;
  file: { fileName: string; sha256: string; alreadyImported: boolean };
  paid: number;
  failed: number;
  unchanged: number;
  changed: boolean;
  message: Bilingual;
};

type LineRow = { id: number; line_no: number; entitlement_id: number; amount_fen: number; status: 'pending' | 'paid' | 'failed' };

export async function reconcileBatch(
  db: Db,
  clock: Clock,
  p: Principal,
  requestId: string,
  batchId: number,
  file: { fileName: string; content: string },
  notify: { channels: readonly string[] },
): Promise<ReconciliationResult> {
  const parsed = parseResultFile(file.content);
  const sha256 = createHash('sha256').update(file.content, 'utf8').digest('hex');
  return db.transaction().execute(async (trx) => {
    const batch = await batchForManaging(trx, p, batchId);
    if (batch.status === 'draft' || batch.status === 'approved') {
      throw new AppError('CONFLICT', { zh: '该批次的银行文件尚未导出,不能对账', en: 'The bank file of this batch has not been exported; there is nothing to reconcile' });
    }
    const lines = (await trx.selectFrom('payment_line').select(['id', 'line_no', 'entitlement_id', 'amount_fen', 'status']).where('batch_id', '=', batchId).execute()) as LineRow[];
    const byNo = new Map(lines.map((l) => [l.line_no, l]));

    // 1. Every row must name a line of this batch with its exact amount; otherwise nothing is stored.
    const errors: ErrorDetail[] = [...parsed.errors];
    const matched: { row: ResultRow; line: LineRow }[] = [];
    for (const row of parsed.rows) {
      const ref = parseLineReference(row.reference)!;
      const line = ref.batchId === batchId ? byNo.get(ref.lineNo) : undefined;
      if (!line) {
        errors.push({ line: row.line, path: 'reference', message: `第 ${row.line} 行:流水号 ${row.reference} 不属于批次 HM${batchId}`, messageEn: `Line ${row.line}: reference ${row.reference} is not a line of batch HM${batchId}` });
      } else if (row.amountFen !== Number(line.amount_fen)) {
        errors.push({
          line: row.line,
          path: 'amount_fen',
          message: `第 ${row.line} 行:金额 ${row.amountFen} 分与发放金额 ${line.amount_fen} 分不符`,
          messageEn: `Line ${row.line}: amount ${row.amountFen} fen differs from the ${line.amount_fen} fen paid out`,
        });
      } else {
        matched.push({ row, line });
      }
    }
    if (errors.length) {
      errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
      throw new AppError(
        'IMPORT_REJECTED',
        { zh: `对账文件被拒绝:有 ${errors.length} 处错误,整份文件未写入`, en: `Result file rejected: ${errors.length} problem(s); nothing was written` },
        errors.slice(0, MAX_DETAILS),
      );
    }

    // 2. A settled line keeps its result: a contradiction is refused for a person to look into.
    const contradictions = matched.filter((m) => (m.line.status === 'paid' && m.row.status === 'FAILED') || (m.line.status === 'failed' && m.row.status === 'PAID'));
    if (contradictions.length) {
      throw new AppError(
        'CONFLICT',
        {
          zh: `对账文件与已入账结果矛盾(${contradictions.length} 行),整份文件未写入;已发放的不会被撤销,请与银行核实`,
          en: `The file contradicts results already recorded (${contradictions.length} line(s)); nothing was written. Settled lines are never reversed; check with the bank`,
        },
        contradictions.slice(0, MAX_DETAILS).map((m) => ({
          line: m.row.line,
          path: 'status',
          message: `第 ${m.row.line} 行:${m.row.reference} 已记为${m.line.status === 'paid' ? '已发放' : '发放失败'},文件中为 ${m.row.status}`,
          messageEn: `Line ${m.row.line}: ${m.row.reference} is recorded as ${m.line.status}, the file says ${m.row.status}`,
        })),
      );
    }

    // 3. Apply what is new.
    const now = clock.now();
    const toPay = matched.filter((m) => m.line.status === 'pending' && m.row.status === 'PAID');
    const toFail = matched.filter((m) => m.line.status === 'pending' && m.row.status === 'FAILED');
    const unchanged = matched.length - toPay.length - toFail.length;
    const lost = () => new AppError('CONFLICT', { zh: '批次在对账过程中被修改,请重试', en: 'The batch changed during reconciliation; try again' });
    const settle = async (set: typeof toPay, outcome: 'paid' | 'failed') => {
      if (set.length === 0) return;
      const rows = JSON.stringify(set.map((m) => ({ id: m.line.id, ref: m.row.reference, reason: outcome === 'failed' ? (m.row.reason ?? 'unspecified') : null })));
      const updated = await sql`
        UPDATE payment_line l SET status = ${outcome}::text, failure_reason = x.reason, reconciled_at = ${now}::timestamptz
        FROM jsonb_to_recordset(${rows}::jsonb) AS x(id bigint, ref text, reason text)
        WHERE l.id = x.id AND l.batch_id = ${batchId}::bigint AND l.status = 'pending'`.execute(trx);
      if (Number(updated.numAffectedRows ?? 0) !== set.length) throw lost();
      const moved = await transitionEntitlements(
        trx,
        set.map((m) => Number(m.line.entitlement_id)),
        { from: ['in_batch'], to: outcome === 'paid' ? 'paid' : 'payment_failed', by: 'bank', actorId: p.userId, note: `bank result for batch HM${batchId}`, at: now },
      );
      if (moved.length !== set.length) throw lost();
      await sql`
        INSERT INTO payment_event (batch_id, line_id, action, actor_id, detail, at)
        SELECT ${batchId}::bigint, x.id, ${outcome === 'paid' ? 'line_paid' : 'line_failed'}::text, ${p.userId}::bigint,
               jsonb_strip_nulls(jsonb_build_object('reference', x.ref, 'reason', x.reason)), ${now}::timestamptz
        FROM jsonb_to_recordset(${rows}::jsonb) AS x(id bigint, ref text, reason text)`.execute(trx);
      await enqueuePaymentNotifications(
        trx,
        set.map((m) => Number(m.line.id)),
        outcome === 'paid' ? 'payment_paid' : 'payment_failed',
        { channels: notify.channels, now },
      );
    };
    await settle(toPay, 'paid');
    await settle(toFail, 'failed');

    // Counts and totals are derived from the lines, so they cannot drift from them.
    const totals = await trx
      .selectFrom('payment_line')
      .select([
        (eb) => eb.fn.countAll<number>().filterWhere('status', '=', 'paid').as('paid_count'),
        (eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_fen').filterWhere('status', '=', 'paid'), sql<number>`0`).as('paid_fen'),
        (eb) => eb.fn.countAll<number>().filterWhere('status', '=', 'failed').as('failed_count'),
        (eb) => eb.fn.countAll<number>().filterWhere('status', '=', 'pending').as('pending_count'),
      ])
      .where('batch_id', '=', batchId)
      .executeTakeFirstOrThrow();
    const reconciled = Number(totals.pending_count) === 0;
    await trx
      .updateTable('payment_batch')
      .set({ paid_count: Number(totals.paid_count), paid_fen: Number(totals.paid_fen), failed_count: Number(totals.failed_count), ...(reconciled ? { status: 'reconciled' as const } : {}) })
      .where('id', '=', batchId)
      .execute();
    if (reconciled && batch.status !== 'reconciled') await paymentEvent(trx, { batchId, action: 'reconciled', actorId: p.userId, at: now });

    const seen = await trx.selectFrom('reconciliation_file').select('id').where('batch_id', '=', batchId).where('file_sha256', '=', sha256).executeTakeFirst();
    if (!seen) {
      const rec = await trx
        .insertInto('reconciliation_file')
        .values({ batch_id: batchId, file_name: file.fileName, file_sha256: sha256, lines_paid: toPay.length, lines_failed: toFail.length, lines_unchanged: unchanged, imported_by: p.userId, imported_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await paymentEvent(trx, { batchId, action: 'result_file', actorId: p.userId, detail: { fileId: rec.id, fileName: file.fileName, sha256, paid: toPay.length, failed: toFail.length, unchanged }, at: now });
    }
    await writeAudit(trx, clock, p, requestId, { action: 'payment_batch.reconcile', entityType: 'payment_batch', entityId: batchId });

    const changed = toPay.length + toFail.length > 0;
    const message: Bilingual = !changed
      ? seen
        ? { zh: '该对账文件此前已导入,本次没有任何变化', en: 'This result file was imported before; nothing changed' }
        : { zh: '文件中的结果均已入账,本次没有任何变化', en: 'Every result in the file was already recorded; nothing changed' }
      : {
          zh: `已入账:发放成功 ${toPay.length} 笔,失败 ${toFail.length} 笔,未变 ${unchanged} 笔${reconciled ? ';批次已全部对账' : ''}`,
          en: `Recorded: ${toPay.length} paid, ${toFail.length} failed, ${unchanged} unchanged${reconciled ? '; the batch is fully reconciled' : ''}`,
        };
    return {
      batch: (await findBatch(trx, p, batchId))!,
      file: { fileName: file.fileName, sha256, alreadyImported: !!seen },
      paid: toPay.length,
      failed: toFail.length,
      unchanged,
      changed,
      message,
    };
  });
}


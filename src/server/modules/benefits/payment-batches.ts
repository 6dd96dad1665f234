// Payment batches (发放批次): prepared from `ready` entitlements of one policy, approved by a second
// officer (four eyes), exported once as a bank file (re-exports give the same bytes). Every change
// writes its payment_event, entitlement_event and audit_log rows in the same transaction.
import { sql } from 'kysely';
import { isUniqueViolation, type Db, type DbOrTx } from '../../db/index.js';
import { scopeOf, type Principal } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import { shanghaiDate, type Clock } from '../../platform/clock.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { PagingQuery } from '../../platform/paging.js';
import { paged } from '../../platform/paging.js';
import { buildBankFile, lineReference } from './bank-file.js';
import { transitionEntitlements } from './entitlement-state.js';
import { maskAccount, maskName } from '../../platform/mask.js';

export const batchNotFound = () => notFound({ zh: '未找到该发放批次,或不在您的管辖范围内', en: 'No such payment batch, or outside your jurisdiction' });

/** Preparing, approving, exporting and reconciling: the policy's own department, or a city administrator. */
export function mayManagePolicy(p: Principal, policyDepartment: string): boolean {
  return p.role === 'city_admin' || (p.role === 'department_officer' && p.departmentCode === policyDepartment);
}


type BatchBase = ReturnType<typeof batchBase>;

/** Which batches a reader sees: a department its own policies', a district officer those paying into the district. */
function readable(qb: BatchBase, p: Principal): BatchBase {
  if (p.role === 'department_officer') return qb.where('pol.department_code', '=', p.departmentCode ?? '');
  const scope = scopeOf(p);
  if (scope === null) return qb;
  if (scope.column !== 'district_code') return qb.where(sql<boolean>`false`);
  return qb.where((eb) => eb.exists(eb.selectFrom('payment_line as sl').select('sl.id').whereRef('sl.batch_id', '=', 'b.id').where('sl.district_code', '=', scope.code)));
}

function batchBase(db: DbOrTx) {
  return db
    .selectFrom('payment_batch as b')
    .innerJoin('policy as pol', 'pol.id', 'b.policy_id')
    .leftJoin('policy_version as av', 'av.id', 'pol.active_version_id')
    .leftJoin('policy_version as lv', (j) => j.onRef('lv.policy_id', '=', 'pol.id').onRef('lv.version', '=', 'pol.latest_version'))
    .leftJoin('app_user as cu', 'cu.id', 'b.created_by')
    .leftJoin('app_user as au', 'au.id', 'b.approved_by');
}

const BATCH_COLUMNS = [
  'b.id',
  'b.policy_id',
  'b.status',
  'b.line_count',
  'b.total_fen',
  'b.created_by',
  'b.created_at',
  'b.approved_by',
  'b.approved_at',
  'b.exported_at',
  'b.file_name',
  'b.file_sha256',
  'b.paid_count',
  'b.paid_fen',
  'b.failed_count',
  'pol.department_code',
  'av.name_zh as active_name_zh',
  'av.name_en as active_name_en',
  'lv.name_zh as latest_name_zh',
  'lv.name_en as latest_name_en',
  'cu.display_name as created_by_name',
  'au.display_name as approved_by_name',
] as const;

type BatchRow = Awaited<ReturnType<typeof batchRows>>[number];
const batchRows = (qb: BatchBase) => qb.select(BATCH_COLUMNS).execute();

function batchView(b: BatchRow) {
  return {
    id: b.id,
    policyId: b.policy_id,
    policyName: { zh: b.active_name_zh ?? b.latest_name_zh ?? b.policy_id, en: b.active_name_en ?? b.latest_name_en ?? b.policy_id },
    departmentCode: b.department_code,
    status: b.status,
    lineCount: b.line_count,
    totalFen: Number(b.total_fen),
    paidCount: b.paid_count,
    paidFen: Number(b.paid_fen),
    failedCount: b.failed_count,
    pendingCount: b.line_count - b.paid_count - b.failed_count,
    createdBy: { id: b.created_by, name: b.created_by_name },
    createdAt: b.created_at,
    approvedBy: b.approved_by === null ? null : { id: b.approved_by, name: b.approved_by_name },
    approvedAt: b.approved_at,
    exportedAt: b.exported_at,
    fileName: b.file_name,
    fileSha256: b.file_sha256,
  };
}
export type BatchView = ReturnType<typeof batchView>;

export async function findBatch(db: DbOrTx, p: Principal, id: number): Promise<BatchView | undefined> {
  const [row] = await batchRows(readable(batchBase(db).where('b.id', '=', id), p));
  return row ? batchView(row) : undefined;
}

export type BatchListQuery = PagingQuery & { policyId?: string | undefined; status?: BatchView['status'] | undefined };

export function listBatches(db: DbOrTx, p: Principal, q: BatchListQuery) {
  const base = readable(
    batchBase(db)
      .$if(!!q.policyId, (b) => b.where('b.policy_id', '=', q.policyId!))
      .$if(!!q.status, (b) => b.where('b.status', '=', q.status!)),
    p,
  );
  return paged(q, base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(), async (limit, offset) =>
    (await base.select(BATCH_COLUMNS).orderBy('b.id', 'desc').limit(limit).offset(offset).execute()).map(batchView),
  );
}

/** The lines of a batch, accounts masked; a district officer sees only the lines paying into their district. */
export function batchLines(db: DbOrTx, p: Principal, batchId: number, q: PagingQuery & { status?: 'pending' | 'paid' | 'failed' | undefined }) {
  const scope = scopeOf(p);
  const base = db
    .selectFrom('payment_line as l')
    .where('l.batch_id', '=', batchId)
    .$if(scope !== null && p.role !== 'department_officer', (b) => b.where('l.district_code', '=', scope!.code.slice(0, 6)))
    .$if(!!q.status, (b) => b.where('l.status', '=', q.status!));
  return paged(q, base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(), async (limit, offset) =>
    (
      await base
        .select(['l.id', 'l.line_no', 'l.entitlement_id', 'l.district_code', 'l.amount_fen', 'l.account_kind', 'l.account_bank', 'l.account_no', 'l.account_name', 'l.status', 'l.failure_reason', 'l.reconciled_at'])
        .orderBy('l.line_no')
        .limit(limit)
        .offset(offset)
        .execute()
    ).map((l) => ({
      id: l.id,
      lineNo: l.line_no,
      reference: lineReference(batchId, l.line_no),
      entitlementId: l.entitlement_id,
      districtCode: l.district_code,
      amountFen: Number(l.amount_fen),
      accountKind: l.account_kind,
      accountBank: l.account_bank,
      accountNo: maskAccount(l.account_no),
      accountName: maskName(l.account_name),
      status: l.status,
      failureReason: l.failure_reason,
      reconciledAt: l.reconciled_at,
    })),
  );
}

async function policyForManaging(db: DbOrTx, p: Principal, policyId: string) {
  const policy = await db.selectFrom('policy').select(['id', 'department_code']).where('id', '=', policyId).executeTakeFirst();
  if (!policy) throw notFound({ zh: `没有编号为 ${policyId} 的政策`, en: `No policy ${policyId}` });
  if (!mayManagePolicy(p, policy.department_code)) {
    throw new AppError('FORBIDDEN', { zh: '只有该政策主管部门的工作人员可以办理其发放', en: "Only officers of the policy's own department may handle its payments" });
  }
  return policy;
}

/** The batch row, locked, if the caller may manage it; 404 otherwise (as if it did not exist). */
export async function batchForManaging(trx: DbOrTx, p: Principal, id: number) {
  const b = await trx
    .selectFrom('payment_batch as b')
    .innerJoin('policy as pol', 'pol.id', 'b.policy_id')
    .select(['b.id', 'b.policy_id', 'b.status', 'b.line_count', 'b.total_fen', 'b.created_by', 'b.created_at', 'b.file_sha256', 'pol.department_code'])
    .where('b.id', '=', id)
    .forUpdate('b')
    .executeTakeFirst();
  if (!b || !mayManagePolicy(p, b.department_code)) throw batchNotFound();
  return b;
}

export const paymentEvent = (db: DbOrTx, e: { batchId: number; lineId?: number | null; action: string; actorId: number; detail?: unknown; at: Date }) =>
  db
    .insertInto('payment_event')
    .values({ batch_id: e.batchId, line_id: e.lineId ?? null, action: e.action, actor_id: e.actorId, detail: e.detail === undefined ? null : JSON.stringify(e.detail), at: e.at })
    .execute();

export type CreateBatchInput = { policyId: string; districtCode?: string | undefined; maxLines: number };

/**
 * Takes the policy's `ready` entitlements with money to pay (oldest first, at most maxLines), writes the
 * batch and its lines and moves the entitlements to in_batch, all in one transaction. Direct
 * entitlements without an account are paid into the payee's social security card account. An
 * enterprise entitlement with no account named yet is left for later and counted in `skippedNoAccount`.
 */
export async function createBatch(db: Db, clock: Clock, p: Principal, requestId: string, input: CreateBatchInput) {
  const policy = await policyForManaging(db, p, input.policyId);
  try {
    return await db.transaction().execute(async (trx) => {
      const now = clock.now();
      const eligible = trx
        .selectFrom('entitlement as e')
        .leftJoin('person as ps', (j) => j.onRef('ps.id', '=', 'e.person_id').on('e.entity_type', 'in', ['person', 'household']))
        .where('e.policy_id', '=', policy.id)
        .where('e.status', '=', 'ready')
        .where('e.amount_fen', '>', 0)
        .$if(!!input.districtCode, (b) => b.where('e.district_code', '=', input.districtCode!));
      const payable = (b: typeof eligible) => b.where((eb) => eb.or([eb('e.account_no', 'is not', null), eb('ps.id', 'is not', null)]));
      const picked = await payable(eligible).select(['e.id', 'e.amount_fen']).orderBy('e.id').limit(input.maxLines).forUpdate('e').execute();
      const skipped = await eligible
        .where('e.account_no', 'is', null)
        .where('ps.id', 'is', null)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const skippedNoAccount = Number(skipped.n);
      if (picked.length === 0) {
        throw new AppError(
          'CONFLICT',
          {
            zh: skippedNoAccount ? `没有可发放的待遇:${skippedNoAccount} 项待遇尚未提供收款账户` : '没有可发放的待遇,不能生成空批次',
            en: skippedNoAccount ? `Nothing to pay: ${skippedNoAccount} entitlement(s) have no account yet` : 'Nothing is ready to pay; an empty batch is not made',
          },
          { skippedNoAccount },
        );
      }
      const ids = picked.map((x) => Number(x.id));
      const totalFen = picked.reduce((s, x) => s + Number(x.amount_fen), 0);
      const batch = await trx
        .insertInto('payment_batch')
        .values({ policy_id: policy.id, status: 'draft', line_count: ids.length, total_fen: totalFen, created_by: p.userId, created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      const batchId = Number(batch.id);
      // Each line keeps a copy of the account at this moment: a later change does not alter an approved batch.
      const inserted = await sql`
        INSERT INTO payment_line (batch_id, line_no, entitlement_id, district_code, amount_fen, account_kind, account_bank, account_no, account_name, status)
        SELECT ${batchId}::bigint, row_number() OVER (ORDER BY e.id), e.id, e.district_code, e.amount_fen,
               COALESCE(e.account_kind, 'social_security_card'),
               CASE WHEN e.account_no IS NULL THEN NULL ELSE e.account_bank END,
               COALESCE(e.account_no, ps.id_number), COALESCE(e.account_name, ps.name), 'pending'
        FROM entitlement e
        LEFT JOIN person ps ON ps.id = e.person_id AND e.entity_type IN ('person', 'household')
        WHERE e.id = ANY(string_to_array(${ids.join(',')}, ',')::bigint[])`.execute(trx);
      const moved = await transitionEntitlements(trx, ids, { from: ['ready'], to: 'in_batch', by: 'officer', actorId: p.userId, note: `payment batch HM${batchId}`, at: now });
      if (Number(inserted.numAffectedRows ?? 0) !== ids.length || moved.length !== ids.length) {
        throw new AppError('CONFLICT', { zh: '部分待遇已被其他批次占用,请重试', en: 'Some entitlements were taken by another batch meanwhile; try again' });
      }
      await paymentEvent(trx, { batchId, action: 'created', actorId: p.userId, detail: { lineCount: ids.length, totalFen, districtCode: input.districtCode ?? null, skippedNoAccount }, at: now });
      await writeAudit(trx, clock, p, requestId, { action: 'payment_batch.create', entityType: 'payment_batch', entityId: batchId, districtCode: input.districtCode ?? null });
      const [row] = await batchRows(batchBase(trx).where('b.id', '=', batchId));
      return { batch: batchView(row!), skippedNoAccount };
    });
  } catch (e) {
    // The partial unique index payment_line_once_idx: an entitlement already has a pending or paid line.
    if (isUniqueViolation(e)) throw new AppError('CONFLICT', { zh: '部分待遇已在其他批次中发放或待发放,未生成批次', en: 'Some entitlements already have a pending or paid payment line; no batch was made' });
    throw e;
  }
}

/** The second pair of eyes: anyone allowed to manage the policy's payments except the preparer. */
export async function approveBatch(db: Db, clock: Clock, p: Principal, requestId: string, id: number) {
  return db.transaction().execute(async (trx) => {
    const b = await batchForManaging(trx, p, id);
    if (b.created_by === p.userId) {
      throw new AppError('FORBIDDEN', {
        zh: '您是该批次的制单人,不能审批自己制作的批次;请由另一名工作人员审批(双人复核)',
        en: 'You prepared this batch and cannot approve it; another officer must approve it (four eyes)',
      });
    }
    if (b.status !== 'draft') throw new AppError('CONFLICT', { zh: '该批次已审批,无需重复审批', en: 'This batch has already been approved' });
    const now = clock.now();
    await trx.updateTable('payment_batch').set({ status: 'approved', approved_by: p.userId, approved_at: now }).where('id', '=', id).where('status', '=', 'draft').execute();
    await paymentEvent(trx, { batchId: id, action: 'approved', actorId: p.userId, at: now });
    await writeAudit(trx, clock, p, requestId, { action: 'payment_batch.approve', entityType: 'payment_batch', entityId: id });
    const [row] = await batchRows(batchBase(trx).where('b.id', '=', id));
    return batchView(row!);
  });
}

/**
 * The bank file of an approved batch. The first export marks the batch exported and records the file's
 * SHA-256; every later export rebuilds the same bytes from the stored lines and checks them against it.
 * Every export is audited: the file carries full account numbers and names.
 */
export async function exportBankFile(db: Db, clock: Clock, p: Principal, requestId: string, id: number) {
  return db.transaction().execute(async (trx) => {
    const b = await batchForManaging(trx, p, id);
    if (b.status === 'draft') throw new AppError('CONFLICT', { zh: '批次尚未审批,不能导出银行文件', en: 'The batch is not approved yet; the bank file cannot be exported' });
    const lines = await trx
      .selectFrom('payment_line')
      .select(['line_no', 'account_kind', 'account_bank', 'account_no', 'account_name', 'amount_fen'])
      .where('batch_id', '=', id)
      .orderBy('line_no')
      .execute();
    const file = buildBankFile(
      { id, policyId: b.policy_id, createdOn: shanghaiDate(new Date(b.created_at)), lineCount: b.line_count, totalFen: Number(b.total_fen) },
      lines.map((l) => ({ lineNo: l.line_no, accountKind: l.account_kind, accountBank: l.account_bank, accountNo: l.account_no, accountName: l.account_name, amountFen: Number(l.amount_fen) })),
    );
    if (b.file_sha256 && b.file_sha256 !== file.sha256) throw new Error(`payment batch ${id}: the rebuilt bank file differs from the one exported`);
    const now = clock.now();
    if (b.status === 'approved') {
      await trx.updateTable('payment_batch').set({ status: 'exported', exported_at: now, file_name: file.fileName, file_sha256: file.sha256 }).where('id', '=', id).execute();
      await paymentEvent(trx, { batchId: id, action: 'exported', actorId: p.userId, detail: { fileName: file.fileName, sha256: file.sha256 }, at: now });
    }
    await writeAudit(trx, clock, p, requestId, { action: 'payment_batch.bank_file', entityType: 'payment_batch', entityId: id });
    return file;
  });
}


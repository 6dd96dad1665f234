// The payee's side (我的待遇): a citizen sees the entitlements paid to them (person and household ones,
// the household's paid to its head), an enterprise those paid to it; anything else answers 404.
// Confirming, applying and declining move the entitlement through the state machine.
import { z } from 'zod';
import type { Db, DbOrTx } from '../../db/index.js';
import type { Principal } from '../../platform/access.js';
import { writeAudit } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { AppError, notFound } from '../../platform/errors.js';
import { paged, type PagingQuery } from '../../platform/paging.js';
import { msg } from '../../platform/validation.js';
import { STATUS_LABELS, transitionEntitlement } from './entitlement-state.js';
import { loadEntitlementRecord, payeeActions, recordView } from './entitlement-record.js';
import { renderNotification, type NotificationPayload, type NotificationTemplate } from './notifications.js';

export type Payee = { kind: 'person'; personId: number } | { kind: 'enterprise'; enterpriseId: number };

export function payeeOf(p: Principal): Payee | null {
  if (p.role === 'citizen' && p.personId) return { kind: 'person', personId: p.personId };
  if (p.role === 'enterprise' && p.enterpriseId) return { kind: 'enterprise', enterpriseId: p.enterpriseId };
  return null;
}

export const entitlementNotFound = () => notFound({ zh: '未找到该待遇', en: 'No such entitlement' });

const BankAccount = z.object({
  accountKind: z.literal('bank'),
  bank: z.string().trim().min(2, msg('请填写开户银行', 'Name the bank')).max(60),
  accountNo: z.string().regex(/^\d{12,30}$/, msg('银行账号应为12至30位数字', 'A bank account number has 12 to 30 digits')),
  accountName: z.string().trim().min(1, msg('请填写账户名', 'Give the account holder name')).max(100),
});
const CardAccount = z.object({ accountKind: z.literal('social_security_card') });
export const ConfirmBody = z.discriminatedUnion('accountKind', [CardAccount, BankAccount]);
export type ConfirmBody = z.infer<typeof ConfirmBody>;
const Declaration = { declaration: z.literal(true, { error: msg('请确认所填信息真实有效', 'Declare that the information is true') }) };
export const ApplyBody = z.discriminatedUnion('accountKind', [CardAccount.extend(Declaration), BankAccount.extend(Declaration)]);
export type ApplyBody = z.infer<typeof ApplyBody>;
export const DeclineBody = z.object({ reason: z.string().trim().max(200).optional() });

function owned(db: DbOrTx, payee: Payee) {
  const base = db.selectFrom('entitlement as e');
  return payee.kind === 'person'
    ? base.where('e.person_id', '=', payee.personId).where('e.entity_type', 'in', ['person', 'household'])
    : base.where('e.enterprise_id', '=', payee.enterpriseId).where('e.entity_type', 'in', ['enterprise', 'employment']);
}

export function listOwnEntitlements(db: DbOrTx, payee: Payee, q: PagingQuery) {
  const base = owned(db, payee).where('e.status', '<>', 'excluded');
  return paged(q, base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(), async (limit, offset) => {
    const rows = await base
      .innerJoin('policy_version as v', 'v.id', 'e.policy_version_id')
      .select(['e.id', 'e.policy_id', 'v.name_zh', 'v.name_en', 'e.period', 'e.amount_fen', 'e.status', 'e.delivery', 'e.entity_type', 'e.created_at', 'e.updated_at'])
      .orderBy('e.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute();
    const latest = rows.length
      ? await db
          .selectFrom('payment_line')
          .distinctOn('entitlement_id')
          .select(['entitlement_id', 'status'])
          .where('entitlement_id', 'in', rows.map((r) => r.id))
          .orderBy('entitlement_id')
          .orderBy('id', 'desc')
          .execute()
      : [];
    const payment = new Map(latest.map((l) => [l.entitlement_id, l.status]));
    return rows.map((r) => ({
      id: r.id,
      policyId: r.policy_id,
      policyName: { zh: r.name_zh, en: r.name_en },
      entityType: r.entity_type,
      period: r.period,
      amountFen: Number(r.amount_fen),
      status: r.status,
      statusLabel: STATUS_LABELS[r.status],
      delivery: r.delivery,
      paymentStatus: payment.get(r.id) ?? null,
      actions: payeeActions(r.status, r.delivery),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  });
}

async function ownedId(db: DbOrTx, payee: Payee, id: number, lock: boolean) {
  const row = await owned(db, payee)
    .select(['e.id', 'e.status', 'e.delivery', 'e.person_id', 'e.enterprise_id', 'e.district_code', 'e.account_no'])
    .where('e.id', '=', id)
    .where('e.status', '<>', 'excluded')
    .$if(lock, (b) => b.forUpdate())
    .executeTakeFirst();
  if (!row) throw entitlementNotFound();
  return row;
}

/** The payee's own view: why they qualify, the facts used, what happened, how it was paid. Audited. */
export async function ownEntitlementDetail(db: DbOrTx, clock: Clock, p: Principal, requestId: string, payee: Payee, id: number) {
  const own = await ownedId(db, payee, id, false);
  const record = (await loadEntitlementRecord(db, own.id))!;
  await writeAudit(db, clock, p, requestId, { action: 'entitlement.read.self', entityType: 'entitlement', entityId: own.id, districtCode: own.district_code });
  const view = recordView(record);
  return {
    ...view,
    // An employer sees its own and the job's facts, never the employee's personal circumstances
    // (assistance, disability, household) that made the hire subsidised.
    facts: payee.kind === 'enterprise' ? view.facts.filter((f) => f.name.startsWith('employment.') || f.name.startsWith('enterprise.')) : view.facts,
    actions:
      payee.kind === 'enterprise' && record.e.status === 'ready' && record.e.account_no === null
        ? (['confirm', ...payeeActions(record.e.status, record.e.delivery)] as const)
        : payeeActions(record.e.status, record.e.delivery),
    // The payee's history without the names of the officials involved.
    events: record.events.map((ev) => ({ at: ev.at, fromStatus: ev.from_status, toStatus: ev.to_status, note: ev.run_id !== null ? null : ev.note })),
  };
}

/** Resolves the account to store: the payee's social security card (citizens only) or a bank account in the payee's own name. */
async function accountFor(db: DbOrTx, payee: Payee, row: { person_id: number | null; enterprise_id: number | null }, body: ConfirmBody) {
  if (payee.kind === 'enterprise') {
    if (body.accountKind !== 'bank') throw new AppError('VALIDATION', { zh: '企业请填写对公银行账户', en: 'An enterprise is paid into a bank account; give one' }, [{ path: 'body.accountKind', message: '企业只能选择银行账户', messageEn: 'Enterprises use a bank account' }]);
    const ent = await db.selectFrom('enterprise').select('name').where('id', '=', row.enterprise_id!).executeTakeFirstOrThrow();
    if (body.accountName !== ent.name) throw accountNameMismatch();
    return { account_kind: 'bank' as const, account_bank: body.bank, account_no: body.accountNo, account_name: body.accountName };
  }
  const person = await db.selectFrom('person').select(['id_number', 'name']).where('id', '=', row.person_id!).executeTakeFirstOrThrow();
  if (body.accountKind === 'social_security_card') {
    // The social security card's financial account is keyed by the holder's id number.
    return { account_kind: 'social_security_card' as const, account_bank: null, account_no: person.id_number, account_name: person.name };
  }
  if (body.accountName !== person.name) throw accountNameMismatch();
  return { account_kind: 'bank' as const, account_bank: body.bank, account_no: body.accountNo, account_name: body.accountName };
}

const accountNameMismatch = () =>
  new AppError('VALIDATION', { zh: '收款账户须为本人(本企业)名下账户,账户名与登记名称不一致', en: "The account must be in the payee's own name; the account name differs from the registered name" }, [
    { path: 'body.accountName', message: '账户名与登记名称不一致', messageEn: 'The account name differs from the registered name' },
  ]);

type Act = { db: Db; clock: Clock; p: Principal; requestId: string; payee: Payee; id: number };

async function settleAccount(a: Act, body: ConfirmBody, from: ('awaiting_confirmation' | 'awaiting_application' | 'payment_failed')[], action: string, note: string, needDelivery?: 'apply') {
  await a.db.transaction().execute(async (trx) => {
    const row = await ownedId(trx, a.payee, a.id, true);
    if (needDelivery && row.delivery !== needDelivery) {
      throw new AppError('CONFLICT', { zh: '该待遇无需申请,请直接确认', en: 'This entitlement needs no application; confirm it instead' });
    }
    const account = await accountFor(trx, a.payee, row, body);
    const now = a.clock.now();
    if (row.status === 'ready' && row.account_no === null && a.payee.kind === 'enterprise' && !needDelivery) {
      // A direct subsidy to an enterprise that has no account on file: the enterprise gives one;
      // the status stays ready and the event records it.
      await trx.insertInto('entitlement_event').values({ entitlement_id: row.id, from_status: 'ready', to_status: 'ready', actor_id: a.p.userId, note: `account given; account: ${body.accountKind}`, at: now }).execute();
    } else {
      await transitionEntitlement(trx, { id: row.id, from, to: 'ready', by: 'payee', actorId: a.p.userId, note, at: now });
    }
    await trx.updateTable('entitlement').set({ ...account, updated_at: now }).where('id', '=', row.id).execute();
    await writeAudit(trx, a.clock, a.p, a.requestId, { action, entityType: 'entitlement', entityId: row.id, districtCode: row.district_code });
  });
  return ownEntitlementDetail(a.db, a.clock, a.p, a.requestId, a.payee, a.id);
}

/** 意愿确认: from awaiting_confirmation, or after a failed payment with a corrected account. */
export function confirmEntitlement(a: Act, body: ConfirmBody) {
  return settleAccount(a, body, ['awaiting_confirmation', 'payment_failed'], 'entitlement.confirm', `confirmed; account: ${body.accountKind}`);
}

/** 快申快享: the short pre-filled application of an `apply` entitlement. */
export function applyForEntitlement(a: Act, body: ApplyBody) {
  const { declaration: _declaration, ...account } = body;
  return settleAccount(a, account, ['awaiting_application'], 'entitlement.apply', `applied with declaration; account: ${body.accountKind}`, 'apply');
}

export async function declineEntitlement(a: Act, reason: string | undefined) {
  await a.db.transaction().execute(async (trx) => {
    const row = await ownedId(trx, a.payee, a.id, true);
    await transitionEntitlement(trx, {
      id: row.id,
      from: ['awaiting_confirmation', 'awaiting_application', 'ready', 'payment_failed'],
      to: 'declined',
      by: 'payee',
      actorId: a.p.userId,
      note: reason ? `declined: ${reason}` : 'declined',
      at: a.clock.now(),
    });
    await writeAudit(trx, a.clock, a.p, a.requestId, { action: 'entitlement.decline', entityType: 'entitlement', entityId: row.id, districtCode: row.district_code });
  });
  return ownEntitlementDetail(a.db, a.clock, a.p, a.requestId, a.payee, a.id);
}

// --- Inbox -----------------------------------------------------------------------------------------

function ownNotifications(db: DbOrTx, payee: Payee) {
  const base = db.selectFrom('notification as n').where('n.channel', '=', 'inbox').where('n.status', '=', 'sent');
  return payee.kind === 'person' ? base.where('n.person_id', '=', payee.personId) : base.where('n.enterprise_id', '=', payee.enterpriseId);
}

export function listInbox(db: DbOrTx, payee: Payee, q: PagingQuery & { unread?: boolean | undefined }) {
  const base = ownNotifications(db, payee).$if(!!q.unread, (b) => b.where('n.read_at', 'is', null));
  const unread = ownNotifications(db, payee).where('n.read_at', 'is', null).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const page = paged(q, base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(), async (limit, offset) =>
    (
      await base
        .select(['n.id', 'n.template', 'n.payload', 'n.entitlement_id', 'n.sent_at', 'n.read_at', 'n.created_at'])
        .orderBy('n.id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute()
    ).map((n) => {
      const payload = (typeof n.payload === 'string' ? JSON.parse(n.payload) : n.payload) as NotificationPayload;
      const text = renderNotification(n.template as NotificationTemplate, payload);
      return { id: n.id, template: n.template, title: text.title, body: text.body, payload, entitlementId: n.entitlement_id, sentAt: n.sent_at, readAt: n.read_at, createdAt: n.created_at };
    }),
  );
  return Promise.all([page, unread]).then(([p, u]) => ({ ...p, unread: Number(u.n) }));
}

/** Marks an inbox message read (idempotent: the first reading time is kept). */
export async function markInboxRead(db: DbOrTx, clock: Clock, payee: Payee, id: number) {
  const row = await ownNotifications(db, payee).select(['n.id', 'n.read_at']).where('n.id', '=', id).executeTakeFirst();
  if (!row) throw notFound({ zh: '未找到该消息', en: 'No such message' });
  const readAt = row.read_at ?? clock.now();
  if (!row.read_at) await db.updateTable('notification').set({ read_at: readAt }).where('id', '=', id).where('read_at', 'is', null).execute();
  return { id: row.id, readAt };
}

// The notification outbox: rows are written in the same transaction as the change they announce, and
// delivered later by pluggable channels (the in-portal inbox; a signed webhook for SMS or app gateways).
// Payloads carry the policy and the amount only: never id numbers, names or accounts.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { Config } from '../../config.js';
import type { DbOrTx } from '../../db/index.js';
import type { Bilingual } from '../../platform/errors.js';
import { systemClock, type Clock } from '../../platform/clock.js';

export const TEMPLATES = ['entitlement_found_confirm', 'entitlement_found_apply', 'entitlement_direct', 'payment_paid', 'payment_failed'] as const;
export type NotificationTemplate = (typeof TEMPLATES)[number];

export type NotificationPayload = { policyId: string; policyName: Bilingual; amountFen: number };

/** A notification as a channel receives it. `personId`/`enterpriseId` are internal ids, not identifiers of the person. */
export type OutboxNotification = {
  id: number;
  template: NotificationTemplate;
  channel: string;
  personId: number | null;
  enterpriseId: number | null;
  entitlementId: number | null;
  payload: NotificationPayload;
  createdAt: Date;
};

export interface NotificationChannel {
  readonly name: string;
  /** Resolves when delivered; throws to have the dispatcher retry later. */
  deliver(n: OutboxNotification): Promise<void>;
}

export const MAX_ATTEMPTS = 5;
/** A claimed row is not offered to another dispatcher for this long. */
const LEASE_MS = 2 * 60_000;
const backoffMs = (attempts: number) => 30_000 * 2 ** Math.max(0, attempts - 1);

const yuan = (fen: number) => (fen / 100).toFixed(2);

/** The text shown in the inbox and sent to gateways, in both languages. */
export function renderNotification(template: NotificationTemplate, p: NotificationPayload): { title: Bilingual; body: Bilingual } {
  const name = p.policyName;
  const amount = p.amountFen > 0 ? { zh: `,金额 ${yuan(p.amountFen)} 元`, en: `, amount CNY ${yuan(p.amountFen)}` } : { zh: '', en: '' };
  switch (template) {
    case 'entitlement_found_confirm':
      return {
        title: { zh: `您符合「${name.zh}」`, en: `You qualify for "${name.en}"` },
        body: { zh: `经数据比对,您符合「${name.zh}」${amount.zh}。请在“我的待遇”中确认领取意愿并选择收款账户。`, en: `Our records show you qualify for "${name.en}"${amount.en}. Confirm in "My benefits" and choose the account to be paid into.` },
      };
    case 'entitlement_found_apply':
      return {
        title: { zh: `您可申请「${name.zh}」`, en: `You can apply for "${name.en}"` },
        body: { zh: `经数据比对,您可能符合「${name.zh}」${amount.zh}。申请表已预先填好,请在“我的待遇”中核对并提交。`, en: `Our records show you may qualify for "${name.en}"${amount.en}. The application is pre-filled; check and send it in "My benefits".` },
      };
    case 'entitlement_direct':
      return {
        title: { zh: `「${name.zh}」将直接发放`, en: `"${name.en}" will be paid to you` },
        body: { zh: `您符合「${name.zh}」${amount.zh},无需申请,将发放至您的社会保障卡账户。`, en: `You qualify for "${name.en}"${amount.en}. No application is needed; it will be paid into your social security card account.` },
      };
    case 'payment_paid':
      return {
        title: { zh: `「${name.zh}」已发放`, en: `"${name.en}" has been paid` },
        body: { zh: `「${name.zh}」${amount.zh}已发放到您的账户。`, en: `"${name.en}"${amount.en} has been paid into your account.` },
      };
    case 'payment_failed':
      return {
        title: { zh: `「${name.zh}」发放失败`, en: `Payment of "${name.en}" failed` },
        body: { zh: `「${name.zh}」${amount.zh}未能发放到您的账户。请在“我的待遇”中核对或更换收款账户后重新确认。`, en: `"${name.en}"${amount.en} could not be paid into your account. Check or change the account in "My benefits" and confirm again.` },
      };
  }
}

// --- Channels --------------------------------------------------------------------------------

/** The in-portal inbox: delivery is the row becoming visible to its citizen or enterprise. */
export const inboxChannel: NotificationChannel = {
  name: 'inbox',
  async deliver() {},
};

/** The signature a webhook receiver checks: HMAC-SHA256 over `<timestamp>.<body>` with the shared secret. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export function verifyWebhookSignature(secret: string, timestamp: string, body: string, signature: string): boolean {
  const want = Buffer.from(signWebhook(secret, timestamp, body));
  const got = Buffer.from(signature);
  return want.length === got.length && timingSafeEqual(want, got);
}

/**
 * POSTs each notification as JSON to a gateway (SMS, app push). Headers: `x-huimin-delivery` (the
 * notification id; receivers deduplicate on it), `x-huimin-timestamp` (Unix seconds) and
 * `x-huimin-signature` (see signWebhook). Any answer but 2xx counts as a failure.
 */
export function webhookChannel(opts: { url: string; secret: string; timeoutMs?: number; clock?: Clock }): NotificationChannel {
  const clock = opts.clock ?? systemClock;
  return {
    name: 'webhook',
    async deliver(n) {
      const body = JSON.stringify({
        id: n.id,
        template: n.template,
        recipient: n.personId !== null ? { kind: 'person', id: n.personId } : { kind: 'enterprise', id: n.enterpriseId },
        data: n.payload,
        text: renderNotification(n.template, n.payload),
        createdAt: n.createdAt.toISOString(),
      });
      const timestamp = String(Math.floor(clock.now().getTime() / 1000));
      const res = await fetch(opts.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-huimin-delivery': String(n.id), 'x-huimin-timestamp': timestamp, 'x-huimin-signature': signWebhook(opts.secret, timestamp, body) },
        body,
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
      await res.body?.cancel();
      if (!res.ok) throw new Error(`webhook answered HTTP ${res.status}`);
    },
  };
}

/** The channels this installation delivers through: the inbox always, the webhook when configured. */
export function channelsFromConfig(config: Pick<Config, 'webhook'>, clock?: Clock): NotificationChannel[] {
  return [inboxChannel, ...(config.webhook ? [webhookChannel({ ...config.webhook, ...(clock ? { clock } : {}) })] : [])];
}

/** The channel names to write outbox rows for (one row per channel). */
export function outboxChannelNames(config: Pick<Config, 'webhook'>): string[] {
  return config.webhook ? ['inbox', 'webhook'] : ['inbox'];
}

// --- Writing to the outbox -----------------------------------------------------------------------

export type EnqueueOptions = { channels?: readonly string[]; now?: Date };

const channelList = (o: EnqueueOptions) => (o.channels ?? ['inbox']).join(',');

/**
 * Called inside each run chunk's transaction: one notification per channel for every entitlement the run
 * created in the district that has a payee and either money to pay or a step for the payee to take.
 * Rerunning a chunk adds nothing (unique index, ON CONFLICT DO NOTHING). Returns the rows written.
 */
/** The hook a run calls in each district's transaction: every configured channel, the given clock. */
export function runNotificationHook(config: Config, clock: Clock) {
  return (trx: DbOrTx, runId: number, districtCode: string) => enqueueRunNotifications(trx, runId, districtCode, { channels: outboxChannelNames(config), now: clock.now() });
}

export async function enqueueRunNotifications(trx: DbOrTx, runId: number, districtCode: string, opts: EnqueueOptions = {}): Promise<number> {
  const r = await sql`
    INSERT INTO notification (person_id, enterprise_id, entitlement_id, template, payload, channel, status, created_at)
    SELECT CASE WHEN e.entity_type IN ('person', 'household') THEN e.person_id END,
           CASE WHEN e.entity_type IN ('enterprise', 'employment') THEN e.enterprise_id END,
           e.id,
           CASE e.status WHEN 'awaiting_confirmation' THEN 'entitlement_found_confirm'
                         WHEN 'awaiting_application' THEN 'entitlement_found_apply'
                         ELSE 'entitlement_direct' END,
           jsonb_build_object('policyId', e.policy_id, 'policyName', jsonb_build_object('zh', v.name_zh, 'en', v.name_en), 'amountFen', e.amount_fen),
           c.channel, 'pending', COALESCE(${opts.now ?? null}::timestamptz, now())
    FROM entitlement e
    JOIN policy_version v ON v.id = e.policy_version_id
    CROSS JOIN unnest(string_to_array(${channelList(opts)}, ',')) AS c(channel)
    WHERE e.run_id = ${runId}::bigint AND e.district_code = ${districtCode}::text
      AND e.status IN ('awaiting_confirmation', 'awaiting_application', 'ready')
      AND (e.amount_fen > 0 OR e.status <> 'ready')
      AND CASE WHEN e.entity_type IN ('person', 'household') THEN e.person_id ELSE e.enterprise_id END IS NOT NULL
    ON CONFLICT DO NOTHING`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}

/** Tells the payees of these payment lines that they were paid, or that the payment failed. */
export async function enqueuePaymentNotifications(trx: DbOrTx, lineIds: readonly number[], template: 'payment_paid' | 'payment_failed', opts: EnqueueOptions = {}): Promise<number> {
  if (lineIds.length === 0) return 0;
  const r = await sql`
    INSERT INTO notification (person_id, enterprise_id, entitlement_id, payment_line_id, template, payload, channel, status, created_at)
    SELECT CASE WHEN e.entity_type IN ('person', 'household') THEN e.person_id END,
           CASE WHEN e.entity_type IN ('enterprise', 'employment') THEN e.enterprise_id END,
           e.id, l.id, ${template}::text,
           jsonb_build_object('policyId', e.policy_id, 'policyName', jsonb_build_object('zh', v.name_zh, 'en', v.name_en), 'amountFen', l.amount_fen),
           c.channel, 'pending', COALESCE(${opts.now ?? null}::timestamptz, now())
    FROM payment_line l
    JOIN entitlement e ON e.id = l.entitlement_id
    JOIN policy_version v ON v.id = e.policy_version_id
    CROSS JOIN unnest(string_to_array(${channelList(opts)}, ',')) AS c(channel)
    WHERE l.id = ANY(string_to_array(${lineIds.join(',')}, ',')::bigint[])
      AND CASE WHEN e.entity_type IN ('person', 'household') THEN e.person_id ELSE e.enterprise_id END IS NOT NULL
    ON CONFLICT DO NOTHING`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}

// --- Delivering ----------------------------------------------------------------------------------

export type DispatchResult = { sent: number; retrying: number; failed: number };

/**
 * Delivers up to `limit` due notifications. Rows are claimed first (a lease in next_attempt_at, with
 * SKIP LOCKED), so two dispatchers never deliver the same row at once; a failure is retried with
 * backoff and marked failed after MAX_ATTEMPTS. Rows of channels not given here are left for others.
 */
export async function dispatchNotifications(db: DbOrTx, channels: readonly NotificationChannel[], opts: { limit?: number; clock?: Clock; concurrency?: number } = {}): Promise<DispatchResult> {
  const clock = opts.clock ?? systemClock;
  const byName = new Map(channels.map((c) => [c.name, c]));
  const now = clock.now();
  const claimed = await sql<{ id: number; template: NotificationTemplate; channel: string; person_id: number | null; enterprise_id: number | null; entitlement_id: number | null; payload: unknown; created_at: Date; attempts: number }>`
    UPDATE notification SET next_attempt_at = ${new Date(now.getTime() + LEASE_MS)}::timestamptz
    WHERE id IN (
      SELECT id FROM notification
      WHERE status = 'pending' AND channel = ANY(string_to_array(${[...byName.keys()].join(',')}, ','))
        AND (next_attempt_at IS NULL OR next_attempt_at <= ${now}::timestamptz)
      ORDER BY id LIMIT ${opts.limit ?? 200}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, template, channel, person_id, enterprise_id, entitlement_id, payload, created_at, attempts`.execute(db);
  const rows = [...claimed.rows].sort((a, b) => Number(a.id) - Number(b.id));
  const sent: number[] = [];
  const failures: { id: number; attempts: number; error: string }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const r = rows[next++]!;
      const n: OutboxNotification = {
        id: Number(r.id),
        template: r.template,
        channel: r.channel,
        personId: r.person_id === null ? null : Number(r.person_id),
        enterpriseId: r.enterprise_id === null ? null : Number(r.enterprise_id),
        entitlementId: r.entitlement_id === null ? null : Number(r.entitlement_id),
        payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as NotificationPayload,
        createdAt: new Date(r.created_at),
      };
      try {
        await byName.get(r.channel)!.deliver(n);
        sent.push(n.id);
      } catch (e) {
        failures.push({ id: n.id, attempts: Number(r.attempts) + 1, error: (e instanceof Error ? e.message : String(e)).slice(0, 500) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 4) }, worker));
  const at = clock.now();
  if (sent.length) {
    await sql`UPDATE notification SET status = 'sent', sent_at = ${at}::timestamptz, attempts = attempts + 1, last_error = NULL, next_attempt_at = NULL
      WHERE id = ANY(string_to_array(${sent.join(',')}, ',')::bigint[])`.execute(db);
  }
  let failed = 0;
  for (const f of failures) {
    const giveUp = f.attempts >= MAX_ATTEMPTS;
    if (giveUp) failed++;
    await db
      .updateTable('notification')
      .set({ attempts: f.attempts, last_error: f.error, status: giveUp ? 'failed' : 'pending', next_attempt_at: giveUp ? null : new Date(at.getTime() + backoffMs(f.attempts)) })
      .where('id', '=', f.id)
      .execute();
  }
  return { sent: sent.length, retrying: failures.length - failed, failed };
}

/** Dispatches on an interval in the server process; stop() waits for a round in progress. */
export function startNotificationDispatcher(db: DbOrTx, channels: readonly NotificationChannel[], opts: { intervalMs?: number; clock?: Clock; onError?: (e: unknown) => void } = {}): { stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = (async () => {
      // Drain what is due, a few hundred rows at a time.
      for (let i = 0; i < 20 && !stopped; i++) {
        const r = await dispatchNotifications(db, channels, { limit: 500, ...(opts.clock ? { clock: opts.clock } : {}) });
        if (r.sent + r.retrying + r.failed < 500) break;
      }
    })()
      .catch((e: unknown) => opts.onError?.(e))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, opts.intervalMs ?? 15_000);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

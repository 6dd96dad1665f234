// Cases in the database: opening one (fields checked against its kind, employer matched, routed,
// linked to others about the same employer and period), and acting on one. Every change appends
// events and rewrites the derived status in the same transaction, guarded by the case's version.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db, DbOrTx } from '../../db/index.js';
import type { CaseSource } from '../../db/schema.js';
import type { Clock } from '../../platform/clock.js';
import { shanghaiDate } from '../../platform/clock.js';
import { AppError, notFound } from '../../platform/errors.js';
import { issueToDetail, msg } from '../../platform/validation.js';
import { checkCreditCode } from '../registry/index.js';
import { CITY, decide, reduce, type ActionRequest, type Actor, type CaseEvent, type CaseStatus, type NewEvent } from './engine.js';
import { loadKind, type CaseKind, type LoadedKind } from './kinds.js';

export const caseNotFound = () => notFound({ zh: '未找到该事项，或不在您的管辖范围内', en: 'No such case, or outside your jurisdiction' });

/** The zod schema of a kind's fields: the public form sees only its public fields. */
export function fieldSchema(kind: CaseKind, opts: { publicOnly?: boolean } = {}) {
  const shape: Record<string, z.ZodType> = {};
  for (const f of kind.fields) {
    if (opts.publicOnly && !f.public) continue;
    let t: z.ZodType;
    switch (f.type) {
      case 'text':
      case 'longtext':
        t = z.string().trim().min(1, msg('不能为空', 'must not be empty')).max(f.max ?? (f.type === 'text' ? 200 : 4000));
        break;
      case 'integer':
        t = z.number().int(msg('须为整数', 'must be a whole number')).min(0, msg('不能为负数', 'must not be negative')).max(f.max ?? 1_000_000_000);
        break;
      case 'money':
        t = z.number().int(msg('金额以分为单位，须为整数', 'money is in whole fen')).min(0, msg('不能为负数', 'must not be negative')).max(f.max ?? 1e12);
        break;
      case 'boolean':
        t = z.boolean();
        break;
      case 'date':
        t = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, msg('日期格式为 YYYY-MM-DD', 'a date is YYYY-MM-DD'));
        break;
      case 'month':
        t = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, msg('月份格式为 YYYY-MM', 'a month is YYYY-MM'));
        break;
      case 'district':
        t = z.string().regex(/^50\d{4}$/, msg('须为本市区县代码', 'must be a district code of the city'));
        break;
      case 'enum':
        t = z.enum((f.options ?? []).map((o) => o.code) as [string, ...string[]]);
        break;
      case 'creditCode':
        t = z
          .string()
          .trim()
          .toUpperCase()
          .superRefine((v, ctx) => {
            const c = checkCreditCode(v);
            if (!c.ok) ctx.addIssue({ code: 'custom', message: msg(c.reason.zh, c.reason.en) });
          });
        break;
    }
    shape[f.name] = f.required ? t : t.optional();
  }
  let schema = z.object(shape).strict();
  if (kind.link) {
    const { periodFromField: from, periodToField: to } = kind.link;
    schema = schema.refine((d) => !d[from] || !d[to] || String(d[from]) <= String(d[to]), { path: [to], message: msg('截止月份不能早于起始月份', 'the end month cannot be before the start month') }) as unknown as typeof schema;
  }
  return schema;
}

export function parseFields(kind: CaseKind, input: unknown, opts: { publicOnly?: boolean } = {}): Record<string, unknown> {
  const r = fieldSchema(kind, opts).safeParse(input);
  if (r.success) return r.data;
  const details = r.error.issues.map((i) => issueToDetail(i as never, 'fields'));
  throw new AppError('VALIDATION', { zh: '填写有误：' + details.map((d) => `${d.path} ${d.message}`).join('；'), en: 'Please correct: ' + details.map((d) => `${d.path} ${d.messageEn}`).join('; ') }, details);
}

/** The employer named by a credit code, else by its exact name; the key links leads about the same employer. */
async function matchEmployer(db: DbOrTx, kind: CaseKind, details: Record<string, unknown>) {
  const code = details.employerCreditCode as string | undefined;
  const name = (details.employerName as string | undefined)?.replace(/\s+/g, '');
  let e = code ? await db.selectFrom('enterprise').select(['id', 'district_code', 'credit_code']).where('credit_code', '=', code).executeTakeFirst() : undefined;
  if (!e && name) e = await db.selectFrom('enterprise').select(['id', 'district_code', 'credit_code']).where('name', '=', name).limit(1).executeTakeFirst();
  if (kind.subject !== 'enterprise') return { enterpriseId: null, districtCode: null, key: null };
  return { enterpriseId: e ? Number(e.id) : null, districtCode: e?.district_code ?? null, key: e ? e.credit_code : code ?? (name ? `name:${name}` : null) };
}

/** The district the kind's routing rules give, first match wins. */
export function routeCase(kind: CaseKind, details: Record<string, unknown>, employerDistrict: string | null): string | null {
  for (const r of kind.routing) {
    if (r.from === 'employer' && employerDistrict) return employerDistrict;
    if (r.from === 'field' && (!r.when || details[r.when] === true) && typeof details[r.field] === 'string') return details[r.field] as string;
  }
  return null;
}

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: no I, L, O, U
/** 12 characters, 60 random bits, in groups of four: hard to guess, easy to read out on the phone. */
export function newTrackingCode(): string {
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b) => ALPHABET[b & 31]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

type EventRow = { seq: number; action: string; payload: unknown; at: Date | string; actor_id: number | string | null };
export const toEvent = (r: EventRow): CaseEvent =>
  ({ seq: r.seq, action: r.action, payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload, at: new Date(r.at).toISOString(), actorId: r.actor_id === null ? null : Number(r.actor_id) }) as CaseEvent;

/** The case_record columns the reducer owns. */
export function statusColumns(s: CaseStatus) {
  return {
    state: s.state,
    final: s.final,
    org_code: s.orgCode,
    district_code: s.districtCode,
    department_code: s.departmentCode,
    conclusion: s.conclusion,
    pending_review: s.pendingReview ? JSON.stringify(s.pendingReview) : null,
    pending_transfer: s.pendingTransfer ? JSON.stringify(s.pendingTransfer) : null,
    supervised: s.supervised,
    escalated: s.escalated,
    reopen_count: s.reopenCount,
    rating: s.rating,
    rating_comment: s.ratingComment,
    group_id: s.groupId,
    opened_at: s.openedAt,
    clock_from: s.clockFrom,
    closed_at: s.closedAt,
    due_on: s.dueOn,
    warn_on: s.warnOn,
    working_days_to_close: s.workingDaysToClose,
    closed_on_time: s.closedOnTime,
    version: s.version,
  };
}

export type StaffRef = { userId: number; role: string } | null;

/**
 * Appends events to a case inside `trx` and rewrites its status. `expectedVersion` is what the actor
 * saw; if another action landed since, nothing is written and the actor gets a conflict.
 */
export async function appendEvents(trx: DbOrTx, kind: CaseKind, caseId: number, expectedVersion: number, events: NewEvent[], by: StaffRef, at: Date): Promise<CaseStatus> {
  const past = (await trx.selectFrom('case_event').select(['seq', 'action', 'payload', 'at', 'actor_id']).where('case_id', '=', caseId).orderBy('seq').execute()).map(toEvent);
  if (past.length !== expectedVersion) throw staleVersion();
  const iso = at.toISOString();
  const added: CaseEvent[] = events.map((e, i) => ({ ...e, seq: past.length + i + 1, at: iso, actorId: by?.userId ?? null }) as CaseEvent);
  const all = [...past, ...added];
  const status = reduce(kind, all);
  const stateAfter = added.map((_, i) => reduce(kind, all.slice(0, past.length + i + 1)).state);
  await trx
    .insertInto('case_event')
    .values(added.map((e, i) => ({ case_id: caseId, seq: e.seq, action: e.action, state_after: stateAfter[i]!, actor_id: by?.userId ?? null, actor_role: by?.role ?? null, payload: JSON.stringify(e.payload), at })))
    .execute();
  const r = await trx.updateTable('case_record').set({ ...statusColumns(status), updated_at: at }).where('id', '=', caseId).where('version', '=', expectedVersion).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw staleVersion();
  return status;
}

export const staleVersion = () =>
  new AppError('CONFLICT', { zh: '该事项刚被他人处理过，请刷新后查看最新状态再操作', en: 'Someone else acted on this case just now; reload it and try again' });

export type NewCase = {
  kind: LoadedKind;
  details: Record<string, unknown>;
  source: CaseSource;
  reporter?: { personId?: number | null; name?: string | null; phone?: string | null };
  /** Where a system-opened case goes when the kind's routing has nothing to go on (e.g. the city). */
  orgCode?: string;
  /** The responsible department, when not the kind's (a supervision task goes to the target's lead department). */
  departmentCode?: string;
  subjectRef?: string | null;
  by: StaffRef;
};

/** Opens a case: routes it, stores it with its created event, and links it to others about the same employer and period. */
export async function openCase(db: Db, clock: Clock, c: NewCase): Promise<{ id: number; trackingCode: string; status: CaseStatus }> {
  return db.transaction().execute((trx) => openCaseIn(trx, clock, c));
}

/** The same, inside the caller's transaction (a case opened as part of another change). */
export async function openCaseIn(trx: DbOrTx, clock: Clock, c: NewCase): Promise<{ id: number; trackingCode: string; status: CaseStatus }> {
  const kind = c.kind;
  {
    const employer = await matchEmployer(trx, kind, c.details);
    const district = c.orgCode ?? routeCase(kind, c.details, employer.districtCode);
    if (!district) throw new AppError('VALIDATION', { zh: '无法确定承办区县：请填写工作地所在区县或单位的统一社会信用代码', en: 'Cannot tell which district handles this: give the district of the workplace or the employer\'s credit code' }, [{ path: 'fields', message: '缺少区县', messageEn: 'no district' }]);
    const division = await trx.selectFrom('division').select(['code', 'level']).where('code', '=', district).executeTakeFirst();
    if (!division || division.level > 3) throw new AppError('VALIDATION', { zh: `区县代码${district}不存在`, en: `No district ${district}` }, [{ path: 'fields', message: '区县代码不存在', messageEn: 'no such district' }]);
    const now = clock.now();
    const created: CaseEvent = { seq: 1, action: 'created', payload: { state: kind.initial, orgCode: district, districtCode: district === CITY ? CITY : district.slice(0, 6), departmentCode: c.departmentCode ?? kind.department }, at: now.toISOString(), actorId: c.by?.userId ?? null };
    const status = reduce(kind, [created]);
    const title = String(c.details[kind.titleField] ?? kind.label.zh).slice(0, 200);
    const trackingCode = newTrackingCode();
    const row = await trx
      .insertInto('case_record')
      .values({
        kind_code: kind.code,
        kind_version: kind.version,
        tracking_code: trackingCode,
        title,
        source: c.source,
        details: JSON.stringify(c.details),
        enterprise_id: employer.enterpriseId,
        employer_key: employer.key,
        workers: kind.link ? ((c.details[kind.link.workersField] as number | undefined) ?? null) : ((c.details.workers as number | undefined) ?? null),
        amount_fen: (c.details.amountFen as number | undefined) ?? null,
        subject_ref: c.subjectRef ?? null,
        reporter_person_id: c.reporter?.personId ?? null,
        reporter_name: c.reporter?.name ?? null,
        reporter_phone: c.reporter?.phone ?? null,
        ...statusColumns(status),
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    await trx.insertInto('case_event').values({ case_id: id, seq: 1, action: 'created', state_after: status.state, actor_id: c.by?.userId ?? null, actor_role: c.by?.role ?? null, payload: JSON.stringify(created.payload), at: now }).execute();
    const final = kind.link && employer.key ? await linkAndFlag(trx, kind, { id, status, workers: (c.details[kind.link.workersField] as number | undefined) ?? 0 }, employer.key, c.details, now) : status;
    return { id, trackingCode, status: final };
  }
}

/**
 * What another module does, in the same transaction, when a case of a kind reaches a final state
 * (an audit check closed as confirmed opens a recovery). Registered once per kind by that module.
 */
export type CloseHook = (trx: DbOrTx, clock: Clock, c: { id: number; status: CaseStatus; actorId: number | null }) => Promise<void>;
const closeHooks = new Map<string, CloseHook>();
export function onCaseClosed(kindCode: string, hook: CloseHook): void {
  closeHooks.set(kindCode, hook);
}

/**
 * Links a new lead to earlier ones about the same employer whose periods overlap (the group is
 * named by its earliest case), and flags the whole open group for supervision (挂牌督办) once the
 * workers affected reach the kind's threshold.
 */
async function linkAndFlag(trx: DbOrTx, kind: CaseKind, self: { id: number; status: CaseStatus; workers: number }, key: string, details: Record<string, unknown>, now: Date): Promise<CaseStatus> {
  const id = self.id;
  const link = kind.link!;
  const from = String(details[link.periodFromField]);
  const to = String(details[link.periodToField]);
  const others = await trx
    .selectFrom('case_record')
    .select(['id', 'group_id', 'version', 'final', 'supervised', 'workers', 'details'])
    .where('kind_code', '=', kind.code)
    .where('employer_key', '=', key)
    .where('id', '<>', id)
    .where(sql<boolean>`details->>${link.periodFromField} <= ${to} AND details->>${link.periodToField} >= ${from}`)
    .forUpdate()
    .execute();
  const groupRoot = others.length === 0 ? null : Math.min(...others.map((o) => Number(o.group_id ?? o.id)));
  const members = groupRoot === null ? [] : await trx.selectFrom('case_record').select(['id', 'version', 'final', 'supervised', 'workers', 'group_id']).where((eb) => eb.or([eb('group_id', '=', groupRoot), eb('id', '=', groupRoot), eb('id', 'in', others.map((o) => Number(o.id)))])).forUpdate().execute();
  const totalWorkers = members.reduce((n, m) => n + (m.workers ?? 0), self.workers);
  const flag = totalWorkers >= link.flagWorkers;
  const reason = `同一单位同一期间的欠薪线索共涉及${totalWorkers}人，挂牌督办 / Leads about this employer and period affect ${totalWorkers} workers: flagged for supervision`;
  for (const m of members) {
    const events: NewEvent[] = [];
    if (Number(m.group_id ?? 0) !== groupRoot && Number(m.id) !== groupRoot) events.push({ action: 'linked', payload: { groupId: groupRoot! } });
    if (Number(m.id) === groupRoot && m.group_id === null) events.push({ action: 'linked', payload: { groupId: groupRoot } });
    if (flag && !m.final && !m.supervised) events.push({ action: 'supervised', payload: { byOrg: CITY, reason } });
    if (events.length) await appendEvents(trx, kind, Number(m.id), m.version, events, null, now);
  }
  const own: NewEvent[] = [];
  if (groupRoot !== null) own.push({ action: 'linked', payload: { groupId: groupRoot } });
  if (flag) own.push({ action: 'supervised', payload: { byOrg: CITY, reason } });
  return own.length === 0 ? self.status : appendEvents(trx, kind, id, self.status.version, own, null, now);
}

/** Takes an action on a case for an actor; refused actions change nothing. */
export async function actOnCase(db: Db, clock: Clock, id: number, actor: Actor, req: ActionRequest, expectedVersion: number): Promise<{ status: CaseStatus; kind: LoadedKind }> {
  return db.transaction().execute(async (trx) => {
    // Row lock: of two officers acting at once, the second waits, then sees the new version.
    const row = await trx.selectFrom('case_record').select(['id', 'kind_code', 'kind_version', 'version']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw caseNotFound();
    const kind = (await loadKind(trx, row.kind_code, row.kind_version))!;
    if (row.version !== expectedVersion) throw staleVersion();
    const past = (await trx.selectFrom('case_event').select(['seq', 'action', 'payload', 'at', 'actor_id']).where('case_id', '=', id).orderBy('seq').execute()).map(toEvent);
    const status = reduce(kind, past);
    if (req.action === 'transfer') {
      const to = await trx.selectFrom('division').select(['level']).where('code', '=', req.toOrg).executeTakeFirst();
      if (!to || to.level > 3) throw new AppError('VALIDATION', { zh: '流转目标须为本市的区县或乡镇街道', en: 'A transfer goes to a district or township of the city' }, [{ path: 'toOrg', message: '不是本市的区县或乡镇街道', messageEn: 'not a district or township of the city' }]);
      if (req.toDepartment && !(await trx.selectFrom('department').select('code').where('code', '=', req.toDepartment).executeTakeFirst()))
        throw new AppError('VALIDATION', { zh: '没有该部门', en: 'No such department' }, [{ path: 'toDepartment', message: '没有该部门', messageEn: 'no such department' }]);
    }
    if (req.action === 'transition' && req.attachmentIds?.length) {
      const n = await trx.selectFrom('case_attachment').select(sql<number>`count(*)::int`.as('n')).where('case_id', '=', id).where('id', 'in', req.attachmentIds).executeTakeFirstOrThrow();
      if (n.n !== new Set(req.attachmentIds).size) throw new AppError('VALIDATION', { zh: '附件不属于该事项', en: 'An attachment does not belong to this case' }, [{ path: 'attachmentIds', message: '附件不属于该事项', messageEn: 'not an attachment of this case' }]);
    }
    const events = decide(kind, status, actor, req, shanghaiDate(clock.now()));
    const by = actor.kind === 'staff' ? { userId: actor.userId, role: actor.role } : null;
    const after = await appendEvents(trx, kind, id, row.version, events, by, clock.now());
    const hook = closeHooks.get(kind.code);
    if (hook && after.final && !status.final) await hook(trx, clock, { id, status: after, actorId: by?.userId ?? null });
    return { status: after, kind };
  });
}

/**
 * Overdue cases escalate once per running deadline: an event names the level above (the city for a
 * district's case, the district for a township's), and the case shows on that level's board.
 * Run by the server's periodic loop, not by reads.
 */
export async function escalateOverdue(db: Db, clock: Clock, limit = 5000): Promise<number> {
  const today = shanghaiDate(clock.now());
  const due = await db.selectFrom('case_record').select(['id', 'kind_code', 'kind_version', 'version', 'org_code']).where('final', '=', false).where('escalated', '=', false).where('due_on', '<', today).orderBy('due_on').limit(limit).execute();
  let n = 0;
  for (const c of due) {
    const kind = (await loadKind(db, c.kind_code, c.kind_version))!;
    const toOrg = c.org_code.length > 6 ? c.org_code.slice(0, 6) : CITY;
    try {
      await db.transaction().execute((trx) => appendEvents(trx, kind, Number(c.id), c.version, [{ action: 'escalated', payload: { toOrg } }], null, clock.now()));
      n++;
    } catch (e) {
      // Someone acted on the case meanwhile; the next pass looks again.
      if (!(e instanceof AppError && e.code === 'CONFLICT')) throw e;
    }
  }
  return n;
}

/** Starts escalation every `everyMs` (a minute by default) until stopped. */
export function startEscalationLoop(db: Db, clock: Clock, opts: { everyMs?: number; onError?: (e: unknown) => void } = {}) {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = escalateOverdue(db, clock).catch((e) => opts.onError?.(e));
  }, opts.everyMs ?? 60_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}


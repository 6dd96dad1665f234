// The case workflow as pure functions: `reduce` derives a case's status from its append-only events,
// and `decide` checks an action against the kind, the status and the actor, returning the events to
// append or the reason it is refused. No database, no clock: both are passed in.
import type { Role } from '../../db/schema.js';
import { shanghaiDate } from '../../platform/clock.js';
import { AppError, forbidden } from '../../platform/errors.js';
import { addWorkingDays, workingDaysBetween } from './calendar.js';
import { stateOf, type CaseKind, type CaseTransition } from './kinds.js';

export const CITY = '500000';

export type CaseEventAction =
  | 'created'
  | 'transition'
  | 'review_requested'
  | 'review_approved'
  | 'review_returned'
  | 'transfer_requested'
  | 'transfer_accepted'
  | 'transfer_refused'
  | 'supervised'
  | 'escalated'
  | 'reopened'
  | 'rated'
  | 'commented'
  | 'linked';

export type Fields = { conclusion?: string | undefined; reason?: string | undefined; evidence?: string | undefined; attachmentIds?: number[] | undefined };

export type EventPayload = {
  created: { state: string; orgCode: string; districtCode: string; departmentCode: string };
  transition: { transition: string; to: string } & Fields;
  review_requested: { transition: string; from: string; to: string } & Fields;
  review_approved: { note?: string | undefined };
  review_returned: { reason: string };
  transfer_requested: { toOrg: string; toDepartment: string; reason: string };
  transfer_accepted: Record<string, never>;
  transfer_refused: { reason: string };
  supervised: { byOrg: string; reason: string };
  escalated: { toOrg: string };
  reopened: { reason: string; by: 'reporter' | 'staff' };
  rated: { score: number; comment?: string | undefined };
  commented: { note: string; attachmentIds?: number[] | undefined };
  linked: { groupId: number };
};

export type NewEvent = { [A in CaseEventAction]: { action: A; payload: EventPayload[A] } }[CaseEventAction];
/** An event as stored: when (ISO instant), by whom, and its Shanghai calendar date. */
export type CaseEvent = NewEvent & { seq: number; at: string; actorId: number | null };

export type CaseStatus = {
  state: string;
  final: boolean;
  orgCode: string;
  districtCode: string;
  departmentCode: string;
  conclusion: string | null;
  pendingReview: ({ transition: string; from: string; to: string; by: number | null; at: string } & Fields) | null;
  pendingTransfer: { toOrg: string; toDepartment: string; reason: string; by: number | null; at: string } | null;
  supervised: boolean;
  /** When a higher level flagged the case (the tightened deadline never falls before the next working day). */
  supervisedAt: string | null;
  escalated: boolean;
  reopenCount: number;
  rating: number | null;
  ratingComment: string | null;
  groupId: number | null;
  openedAt: string;
  /** When the deadline now running started: entering the state, a review, a transfer, a reopening. */
  clockFrom: string;
  closedAt: string | null;
  dueOn: string | null;
  warnOn: string | null;
  workingDaysToClose: number | null;
  closedOnTime: boolean | null;
  version: number;
};

/** Calendar date in Asia/Shanghai of an ISO instant. */
export const dayOf = (iso: string) => shanghaiDate(new Date(iso));

/** Days allowed for what is now running, before any tightening. */
function runningDays(kind: CaseKind, s: CaseStatus): number | null {
  if (s.final) return null;
  if (s.pendingTransfer) return kind.transfer.days;
  if (s.pendingReview) return kind.review.days;
  return stateOf(kind, s.state).days ?? null;
}

const tighten = (kind: CaseKind, days: number) => Math.max(1, Math.ceil(days * kind.supervision.factor));

/**
 * The running deadline. Supervision shortens it to the kind's factor, counted from the same start,
 * but never to before the first working day after the case was flagged: a case flagged late in its
 * deadline gets one more working day, not an instant red light.
 */
function withDeadline(kind: CaseKind, s: CaseStatus): CaseStatus {
  const base = runningDays(kind, s);
  if (base === null) return { ...s, dueOn: null, warnOn: null };
  const start = dayOf(s.pendingTransfer?.at ?? s.pendingReview?.at ?? s.clockFrom);
  let dueOn = addWorkingDays(start, base);
  let days = base;
  if (s.supervised && s.supervisedAt) {
    days = tighten(kind, base);
    const tight = addWorkingDays(start, days);
    const floor = addWorkingDays(dayOf(s.supervisedAt), 1);
    dueOn = [dueOn, tight > floor ? tight : floor].sort()[0]!;
  }
  const warnOn = addWorkingDays(start, Math.floor(days * kind.warnFraction));
  return { ...s, dueOn, warnOn: warnOn < dueOn ? warnOn : dueOn };
}

function enterState(kind: CaseKind, s: CaseStatus, state: string, at: string): CaseStatus {
  const final = stateOf(kind, state).final;
  const next: CaseStatus = { ...s, state, final, clockFrom: at, escalated: false, pendingReview: null };
  if (!final) return { ...next, closedAt: null, workingDaysToClose: null, closedOnTime: null };
  const took = workingDaysBetween(dayOf(s.openedAt), dayOf(at));
  const allowed = s.supervised ? tighten(kind, kind.closeWithinDays) : kind.closeWithinDays;
  return { ...next, closedAt: at, workingDaysToClose: took, closedOnTime: took <= allowed };
}

/** The status of a case: a fold over its events, in order. Pure; the same events give the same status. */
export function reduce(kind: CaseKind, events: readonly CaseEvent[]): CaseStatus {
  const first = events[0];
  if (!first || first.action !== 'created') throw new Error('a case starts with a created event');
  let s: CaseStatus = {
    state: first.payload.state,
    final: false,
    orgCode: first.payload.orgCode,
    districtCode: first.payload.districtCode,
    departmentCode: first.payload.departmentCode,
    conclusion: null,
    pendingReview: null,
    pendingTransfer: null,
    supervised: false,
    supervisedAt: null,
    escalated: false,
    reopenCount: 0,
    rating: null,
    ratingComment: null,
    groupId: null,
    openedAt: first.at,
    clockFrom: first.at,
    closedAt: null,
    dueOn: null,
    warnOn: null,
    workingDaysToClose: null,
    closedOnTime: null,
    version: 1,
  };
  for (const e of events.slice(1)) {
    switch (e.action) {
      case 'transition':
        s = enterState(kind, s, e.payload.to, e.at);
        if (e.payload.conclusion) s.conclusion = e.payload.conclusion;
        break;
      case 'review_requested':
        s = { ...s, pendingReview: { ...e.payload, by: e.actorId, at: e.at }, escalated: false };
        break;
      case 'review_approved': {
        const r = s.pendingReview!;
        s = enterState(kind, s, r.to, e.at);
        if (r.conclusion) s.conclusion = r.conclusion;
        break;
      }
      case 'review_returned':
        s = { ...s, pendingReview: null, clockFrom: e.at, escalated: false };
        break;
      case 'transfer_requested':
        s = { ...s, pendingTransfer: { ...e.payload, by: e.actorId, at: e.at }, escalated: false };
        break;
      case 'transfer_accepted': {
        const t = s.pendingTransfer!;
        s = { ...s, orgCode: t.toOrg, districtCode: t.toOrg === CITY ? s.districtCode : t.toOrg.slice(0, 6), departmentCode: t.toDepartment, pendingTransfer: null, clockFrom: e.at, escalated: false };
        break;
      }
      case 'transfer_refused':
        s = { ...s, pendingTransfer: null };
        break;
      case 'supervised':
        s = { ...s, supervised: true, supervisedAt: e.at };
        break;
      case 'escalated':
        s = { ...s, escalated: true };
        break;
      case 'reopened':
        s = enterState(kind, { ...s, conclusion: null, rating: null, ratingComment: null, reopenCount: s.reopenCount + 1 }, kind.reopen!.to, e.at);
        break;
      case 'rated':
        s = { ...s, rating: e.payload.score, ratingComment: e.payload.comment ?? null };
        break;
      case 'linked':
        s = { ...s, groupId: e.payload.groupId };
        break;
      case 'commented':
      case 'created':
        break;
    }
    s.version++;
  }
  return withDeadline(kind, s);
}

/** Who acts: a staff member, or the person who reported the case (through the tracking code or signed in). */
export type Actor = { kind: 'staff'; userId: number; role: Role; orgCode: string; departmentCode: string | null } | { kind: 'reporter' };

export type ActionRequest =
  | ({ action: 'transition'; transition: string } & Fields)
  | { action: 'review_approve'; note?: string | undefined }
  | { action: 'review_return'; reason: string }
  | { action: 'transfer'; toOrg: string; toDepartment?: string | undefined; reason: string }
  | { action: 'transfer_accept' }
  | { action: 'transfer_refuse'; reason: string }
  | { action: 'supervise'; reason: string }
  | { action: 'comment'; note: string; attachmentIds?: number[] | undefined }
  | { action: 'reopen'; reason: string }
  | { action: 'rate'; score: number; comment?: string | undefined };

const conflict = (zh: string, en: string) => new AppError('CONFLICT', { zh, en });
const refused = (zh: string, en: string) => new AppError('FORBIDDEN', { zh, en });
const invalid = (path: string, zh: string, en: string) => new AppError('VALIDATION', { zh, en }, [{ path, message: zh, messageEn: en }]);

const roleNames: Record<string, { zh: string; en: string }> = {
  city_admin: { zh: '市级管理员', en: 'city administrator' },
  department_officer: { zh: '部门工作人员', en: 'department officer' },
  district_officer: { zh: '区县工作人员', en: 'district officer' },
  township_worker: { zh: '乡镇(街道)工作人员', en: 'township worker' },
};
const roleList = (roles: readonly string[], lang: 'zh' | 'en') => roles.map((r) => roleNames[r]?.[lang] ?? r).join(lang === 'zh' ? '、' : ', ');

/** Whether a case lies in a staff member's jurisdiction: their division, and their department for department officers. */
export function inJurisdiction(a: Extract<Actor, { kind: 'staff' }>, s: Pick<CaseStatus, 'orgCode' | 'departmentCode'>): boolean {
  if (a.role === 'city_admin') return true;
  if (a.role === 'department_officer') return a.departmentCode === s.departmentCode && (a.orgCode === CITY || s.orgCode.startsWith(a.orgCode));
  if (a.role === 'district_officer' || a.role === 'township_worker') return s.orgCode.startsWith(a.orgCode);
  return false;
}

/** Whether the actor's unit sits above the case's (the city over a district, a district over its townships). */
function isHigherLevel(a: Extract<Actor, { kind: 'staff' }>, orgCode: string): boolean {
  if (a.orgCode === orgCode) return false;
  if (a.role === 'city_admin') return true;
  return a.orgCode === CITY || orgCode.startsWith(a.orgCode);
}

function requireRole(a: Extract<Actor, { kind: 'staff' }>, roles: readonly string[], what: { zh: string; en: string }) {
  if (!roles.includes(a.role)) throw refused(`${what.zh}需要以下角色之一：${roleList(roles, 'zh')}`, `${what.en} needs one of these roles: ${roleList(roles, 'en')}`);
}

function checkFields(kind: CaseKind, t: CaseTransition, f: Fields) {
  const details: { path: string; message: string; messageEn: string }[] = [];
  const allowed = t.conclusions ?? kind.conclusions.map((c) => c.code);
  if (t.requires.includes('conclusion')) {
    if (!f.conclusion) details.push({ path: 'conclusion', message: `「${t.label.zh}」须选择结论`, messageEn: `"${t.label.en}" needs a conclusion` });
    else if (!allowed.includes(f.conclusion)) details.push({ path: 'conclusion', message: `结论须为以下之一：${allowed.join('、')}`, messageEn: `the conclusion must be one of: ${allowed.join(', ')}` });
  } else if (f.conclusion) details.push({ path: 'conclusion', message: `「${t.label.zh}」不记录结论`, messageEn: `"${t.label.en}" records no conclusion` });
  if (t.requires.includes('reason') && !(f.reason && f.reason.trim().length >= 2)) details.push({ path: 'reason', message: `「${t.label.zh}」须写明理由`, messageEn: `"${t.label.en}" needs a reason` });
  if (t.requires.includes('evidence') && !((f.evidence && f.evidence.trim().length >= 2) || (f.attachmentIds?.length ?? 0) > 0))
    details.push({ path: 'evidence', message: `「${t.label.zh}」须提供证据（说明或附件）`, messageEn: `"${t.label.en}" needs evidence (a note or an attachment)` });
  if (details.length > 0) throw new AppError('VALIDATION', { zh: details.map((d) => d.message).join('；'), en: details.map((d) => d.messageEn).join('; ') }, details);
}

function notPending(s: CaseStatus) {
  if (s.pendingReview) throw conflict('该事项正在审核中，请等待审核结果', 'This case is waiting for review');
  if (s.pendingTransfer) throw conflict('该事项正在流转中，请等待接收方处理', 'This case is being transferred; wait for the receiver');
}

/**
 * Checks an action and returns the events it appends, or throws the reason it is refused:
 * 409 when the case's status does not allow it, 403 when the actor may not take it, 400 when a
 * required field is missing. `today` is the Shanghai date. (That a transfer's target
 * division exists is checked by the caller, which has the database.)
 */
export function decide(kind: CaseKind, s: CaseStatus, actor: Actor, req: ActionRequest, today: string): NewEvent[] {
  const label = (code: string) => stateOf(kind, code).label;
  if (actor.kind === 'reporter') {
    if (req.action === 'reopen') {
      if (!kind.reopen) throw conflict('此类事项不能申请重新办理', 'Cases of this kind cannot be reopened');
      if (!s.final || !s.closedAt) throw conflict('事项尚未办结，无需重新办理', 'The case is not closed');
      const since = workingDaysBetween(dayOf(s.closedAt), today);
      if (since > kind.reopen.withinDays) throw conflict(`办结已超过${kind.reopen.withinDays}个工作日，不能再申请重新办理`, `More than ${kind.reopen.withinDays} working days have passed since closure; the case can no longer be reopened`);
      return [{ action: 'reopened', payload: { reason: req.reason, by: 'reporter' } }];
    }
    if (req.action === 'rate') {
      if (!kind.rating) throw conflict('此类事项不设评价', 'Cases of this kind are not rated');
      if (!s.final) throw conflict('事项办结后才能评价', 'A case can be rated once it is closed');
      if (s.rating !== null) throw conflict('您已评价过本次办理结果', 'You have already rated this closure');
      if (!Number.isInteger(req.score) || req.score < 1 || req.score > 5) throw invalid('score', '评分须为1至5', 'the score must be 1 to 5');
      return [{ action: 'rated', payload: { score: req.score, comment: req.comment } }];
    }
    throw forbidden();
  }

  if (!inJurisdiction(actor, s) && !(req.action === 'transfer_accept' || req.action === 'transfer_refuse' || req.action === 'supervise')) {
    throw refused('该事项不在您的管辖范围内', 'This case is outside your jurisdiction');
  }
  switch (req.action) {
    case 'transition': {
      const t = kind.transitions.find((x) => x.action === req.transition);
      if (!t) throw invalid('transition', `此类事项没有「${req.transition}」这一操作`, `Cases of this kind have no action "${req.transition}"`);
      if (s.final) throw conflict(`事项已办结（${label(s.state).zh}），不能「${t.label.zh}」`, `The case is closed (${label(s.state).en}); "${t.label.en}" is not possible`);
      notPending(s);
      if (!t.from.includes(s.state))
        throw conflict(
          `事项当前为「${label(s.state).zh}」，「${t.label.zh}」只能在${t.from.map((f) => `「${label(f).zh}」`).join('或')}时进行`,
          `The case is "${label(s.state).en}"; "${t.label.en}" is only possible from ${t.from.map((f) => `"${label(f).en}"`).join(' or ')}`,
        );
      requireRole(actor, t.roles, t.label);
      const f: Fields = { conclusion: req.conclusion, reason: req.reason, evidence: req.evidence, attachmentIds: req.attachmentIds };
      checkFields(kind, t, f);
      return t.review
        ? [{ action: 'review_requested', payload: { transition: t.action, from: s.state, to: t.to, ...f } }]
        : [{ action: 'transition', payload: { transition: t.action, to: t.to, ...f } }];
    }
    case 'review_approve':
    case 'review_return': {
      if (!s.pendingReview) throw conflict('该事项没有待审核的结论', 'This case has no conclusion waiting for review');
      requireRole(actor, kind.review.roles, { zh: '审核', en: 'Review' });
      if (s.pendingReview.by === actor.userId) throw refused('审核须由提交人以外的另一人进行', 'Someone other than the person who proposed the conclusion must review it');
      if (req.action === 'review_approve') return [{ action: 'review_approved', payload: { note: req.note } }];
      if (!req.reason?.trim()) throw invalid('reason', '退回须写明理由', 'returning needs a reason');
      return [{ action: 'review_returned', payload: { reason: req.reason } }];
    }
    case 'transfer': {
      if (s.final) throw conflict('事项已办结，不能流转', 'The case is closed and cannot be transferred');
      notPending(s);
      requireRole(actor, kind.transfer.roles, { zh: '流转', en: 'Transfer' });
      const toDepartment = req.toDepartment ?? s.departmentCode;
      if (req.toOrg === s.orgCode && toDepartment === s.departmentCode) throw invalid('toOrg', '不能流转给当前承办单位', 'The case is already with that unit');
      if (!req.reason?.trim()) throw invalid('reason', '流转须写明理由', 'a transfer needs a reason');
      return [{ action: 'transfer_requested', payload: { toOrg: req.toOrg, toDepartment, reason: req.reason } }];
    }
    case 'transfer_accept':
    case 'transfer_refuse': {
      const t = s.pendingTransfer;
      if (!t) throw conflict('该事项没有待接收的流转', 'This case has no transfer waiting');
      requireRole(actor, kind.transfer.roles, { zh: '接收流转', en: 'Receiving a transfer' });
      if (!inJurisdiction(actor, { orgCode: t.toOrg, departmentCode: t.toDepartment })) throw refused('只有接收单位可以接收或拒收', 'Only the receiving unit can accept or refuse the transfer');
      if (t.by === actor.userId) throw refused('不能接收自己发起的流转，须由接收单位的其他人员处理', 'You cannot receive a transfer you sent; someone else at the receiving unit must');
      if (req.action === 'transfer_accept') return [{ action: 'transfer_accepted', payload: {} }];
      if (!req.reason?.trim()) throw invalid('reason', '拒收须写明理由', 'refusing needs a reason');
      return [{ action: 'transfer_refused', payload: { reason: req.reason } }];
    }
    case 'supervise': {
      if (s.final) throw conflict('事项已办结，无需督办', 'The case is closed; there is nothing to supervise');
      if (s.supervised) throw conflict('该事项已在督办中', 'This case is already supervised');
      requireRole(actor, kind.supervision.roles, { zh: '督办', en: 'Supervision' });
      if (!isHigherLevel(actor, s.orgCode) || (actor.role === 'department_officer' && actor.departmentCode !== s.departmentCode))
        throw refused('督办须由承办单位的上级进行', 'Only a level above the handling unit can supervise the case');
      if (!req.reason?.trim()) throw invalid('reason', '督办须写明要求', 'supervision needs a reason');
      return [{ action: 'supervised', payload: { byOrg: actor.orgCode, reason: req.reason } }];
    }
    case 'comment':
      if (!req.note?.trim()) throw invalid('note', '请填写办理记录', 'write the note');
      return [{ action: 'commented', payload: { note: req.note, attachmentIds: req.attachmentIds } }];
    case 'reopen':
      // Staff reopen on the reporter's behalf (a hotline call), under the same time limit.
      requireRole(actor, kind.review.roles, { zh: '代为申请重新办理', en: 'Reopening on the reporter\'s behalf' });
      return decide(kind, s, { kind: 'reporter' }, req, today).map((e) => (e.action === 'reopened' ? { ...e, payload: { ...e.payload, by: 'staff' as const } } : e));
    case 'rate':
      throw refused('评价由反映人本人进行', 'Only the person who reported the case can rate it');
  }
}

/** The kind's transitions this actor could take now (for the UI; `decide` is still the judge). */
export function availableActions(kind: CaseKind, s: CaseStatus, actor: Actor, today: string): string[] {
  if (actor.kind !== 'staff') return [];
  const can = (req: ActionRequest) => {
    try {
      decide(kind, s, actor, req, today);
      return true;
    } catch (e) {
      // A missing field still means the action is open to this actor.
      return e instanceof AppError && e.code === 'VALIDATION';
    }
  };
  const out: string[] = [];
  for (const t of kind.transitions) if (can({ action: 'transition', transition: t.action })) out.push(`transition:${t.action}`);
  if (can({ action: 'review_approve' })) out.push('review_approve', 'review_return');
  if (can({ action: 'transfer', toOrg: '', reason: '' })) out.push('transfer');
  if (can({ action: 'transfer_accept' })) out.push('transfer_accept', 'transfer_refuse');
  if (can({ action: 'supervise', reason: '' })) out.push('supervise');
  if (can({ action: 'reopen', reason: '' })) out.push('reopen');
  if (inJurisdiction(actor, s)) out.push('comment');
  return out;
}

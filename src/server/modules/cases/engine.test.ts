// Pure tests of the case workflow: working-day arithmetic across the 2023 Spring Festival and
// National Day (with their adjusted Saturdays and Sundays), deadline lights, the reducer, and every
// transition rule of every shipped kind.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../db/schema.js';
import { AppError } from '../../platform/errors.js';
import { CASE_KIND_DIR } from '../../startup.js';
import { addWorkingDays, CALENDAR_LAST_YEAR, isAdjustedWorkingDay, isWorkingDay, lightOn, statutoryHolidays, workingDaysBetween } from './calendar.js';
import { decide, reduce, type Actor, type CaseEvent, type NewEvent } from './engine.js';
import { CaseKind, readKindFile } from './kinds.js';

describe('working days (工作日) in the official calendar', () => {
  it('knows the 2023 Spring Festival: 21–27 January off, Saturday 28 and Sunday 29 January worked', () => {
    expect(['2023-01-21', '2023-01-23', '2023-01-24', '2023-01-27'].map(isWorkingDay)).toEqual([false, false, false, false]);
    expect(['2023-01-28', '2023-01-29'].map(isWorkingDay)).toEqual([true, true]);
    expect(isAdjustedWorkingDay('2023-01-28')).toBe(true);
    expect(isWorkingDay('2023-01-20')).toBe(true); // the Friday before
    expect(isWorkingDay('2023-02-04')).toBe(false); // an ordinary Saturday
  });

  it('knows the 2023 National Day: 29 September – 6 October off, Saturday 7 and Sunday 8 October worked', () => {
    expect(['2023-09-29', '2023-10-01', '2023-10-02', '2023-10-06'].map(isWorkingDay)).toEqual([false, false, false, false]);
    expect(['2023-10-07', '2023-10-08'].map(isWorkingDay)).toEqual([true, true]);
  });

  it('counts deadlines across the holidays, the adjusted weekend days included', () => {
    // Received on the Friday before Spring Festival: the next working day is the adjusted Saturday.
    expect(addWorkingDays('2023-01-20', 1)).toBe('2023-01-28');
    expect(addWorkingDays('2023-01-20', 3)).toBe('2023-01-30');
    expect(addWorkingDays('2023-01-19', 5)).toBe('2023-01-31');
    // Received during the holiday: the clock starts with the first day back.
    expect(addWorkingDays('2023-01-24', 1)).toBe('2023-01-28');
    expect(addWorkingDays('2023-09-28', 1)).toBe('2023-10-07');
    expect(addWorkingDays('2023-09-28', 3)).toBe('2023-10-09');
    // An ordinary week: Friday + 1 is Monday.
    expect(addWorkingDays('2023-03-03', 1)).toBe('2023-03-06');
    expect(addWorkingDays('2023-03-03', 0)).toBe('2023-03-03');
    expect(() => addWorkingDays('2023-03-03', -1)).toThrow(RangeError);
  });

  it('after the last published year, still knows the statutory holidays (not the bridging days)', () => {
    expect(CALENDAR_LAST_YEAR).toBeGreaterThanOrEqual(2026);
    const y = CALENDAR_LAST_YEAR + 1;
    const h = statutoryHolidays(y);
    expect(h).toHaveLength(13);
    expect(h.every((d) => !isWorkingDay(d))).toBe(true);
    expect(isWorkingDay(`${y}-01-01`)).toBe(false);
    if (y === 2027) {
      // Spring Festival 2027 is Saturday 6 February: the eve (Friday 5) and Monday 8 February are off.
      expect(['2027-02-05', '2027-02-08'].map(isWorkingDay)).toEqual([false, false]);
      expect(addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
    }
    // The published years are the package's, not this rule: 2023's Spring Festival is the 22nd.
    expect(statutoryHolidays(2023)).toContain('2023-01-22');
  });

  it('counts the working days something took', () => {
    expect(workingDaysBetween('2023-01-20', '2023-01-31')).toBe(4);
    expect(workingDaysBetween('2023-09-28', '2023-10-09')).toBe(3);
    expect(workingDaysBetween('2023-03-06', '2023-03-06')).toBe(0);
    expect(workingDaysBetween('2023-03-03', '2023-03-10')).toBe(5);
  });

  it('lights a deadline: green, blue from the warning date, yellow on the day, red after', () => {
    const due = { dueOn: '2023-10-09', warnOn: '2023-10-08' };
    expect(lightOn('2023-10-07', due)).toBe('green');
    expect(lightOn('2023-10-08', due)).toBe('blue');
    expect(lightOn('2023-10-09', due)).toBe('yellow');
    expect(lightOn('2023-10-10', due)).toBe('red');
    expect(lightOn('2023-10-10', { dueOn: null, warnOn: null })).toBeNull();
  });
});

const kinds: CaseKind[] = [];
beforeAll(async () => {
  for (const f of readdirSync(CASE_KIND_DIR).filter((f) => f.endsWith('.yaml')).sort()) kinds.push(await readKindFile(join(CASE_KIND_DIR, f)));
});

const at = (iso: string) => new Date(iso).toISOString();
let seq = 0;
const ev = (e: NewEvent, when: string, actorId: number | null = null): CaseEvent => ({ ...e, seq: ++seq, at: at(when), actorId }) as CaseEvent;
const created = (state: string, when = '2023-01-20T09:00:00+08:00', org = '500112') => ev({ action: 'created', payload: { state, orgCode: org, districtCode: org.slice(0, 6), departmentCode: 'hrss' } }, when);
const staff = (role: Role, userId = 1, orgCode = '500112', departmentCode: string | null = 'hrss'): Actor => ({ kind: 'staff', userId, role, orgCode: role === 'department_officer' || role === 'city_admin' ? '500000' : orgCode, departmentCode });
const STAFF_ROLES: Role[] = ['city_admin', 'department_officer', 'district_officer', 'township_worker'];

function refusal(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  return 'OK';
}

describe('the reducer', () => {
  it('derives deadlines in working days from the events, tightened while supervised', () => {
    const k = kinds.find((x) => x.code === 'wage_arrears')!;
    const events = [created('received')];
    let s = reduce(k, events);
    expect(s).toMatchObject({ state: 'received', dueOn: '2023-01-28', final: false, version: 1 });
    events.push(ev({ action: 'transition', payload: { transition: 'accept', to: 'verifying' } }, '2023-01-28T10:00:00+08:00', 1));
    s = reduce(k, events);
    expect(s.dueOn).toBe(addWorkingDays('2023-01-28', 5));
    events.push(ev({ action: 'supervised', payload: { byOrg: '500000', reason: '督办' } }, '2023-01-29T10:00:00+08:00', 2));
    expect(reduce(k, events).dueOn).toBe(addWorkingDays('2023-01-28', 3)); // ceil(5 × 0.5)
    // Flagged late, on the deadline's 4th working day: tightened to 3 days it would be overdue at
    // once; it gets the next working day instead, and never more than it had.
    const late = [created('received'), ev({ action: 'transition', payload: { transition: 'accept', to: 'verifying' } }, '2023-01-28T10:00:00+08:00', 1)];
    late.push(ev({ action: 'supervised', payload: { byOrg: '500000', reason: '督办' } }, `${addWorkingDays('2023-01-28', 4)}T10:00:00+08:00`, 2));
    expect(reduce(k, late).dueOn).toBe(addWorkingDays('2023-01-28', 5));
    const later = [...late.slice(0, 2), ev({ action: 'supervised', payload: { byOrg: '500000', reason: '督办' } }, `${addWorkingDays('2023-01-28', 3)}T10:00:00+08:00`, 2)];
    expect(reduce(k, later).dueOn).toBe(addWorkingDays('2023-01-28', 4));
    // The same events always give the same status.
    expect(reduce(k, events)).toEqual(reduce(k, [...events]));
  });

  it('closes through review, records the working days taken, and reopens to the kind’s state', () => {
    const k = kinds.find((x) => x.code === 'wage_arrears')!;
    const events = [
      created('received', '2023-09-27T09:00:00+08:00'),
      ev({ action: 'transition', payload: { transition: 'accept', to: 'verifying' } }, '2023-09-28T09:00:00+08:00', 1),
      ev({ action: 'review_requested', payload: { transition: 'conclude', from: 'verifying', to: 'closed', conclusion: 'paid_full', evidence: '凭证' } }, '2023-10-07T09:00:00+08:00', 1),
    ];
    expect(reduce(k, events)).toMatchObject({ state: 'verifying', final: false, dueOn: addWorkingDays('2023-10-07', 2) });
    events.push(ev({ action: 'review_approved', payload: {} }, '2023-10-09T09:00:00+08:00', 2));
    const closed = reduce(k, events);
    expect(closed).toMatchObject({ state: 'closed', final: true, conclusion: 'paid_full', dueOn: null, workingDaysToClose: 4, closedOnTime: true });
    events.push(ev({ action: 'reopened', payload: { reason: '没收到', by: 'reporter' } }, '2023-10-10T09:00:00+08:00'));
    expect(reduce(k, events)).toMatchObject({ state: 'handling', final: false, conclusion: null, reopenCount: 1, closedAt: null });
  });
});

describe('every transition rule of every shipped kind', () => {
  it('allows each transition exactly from its states, for its roles, with its required fields', () => {
    let checked = 0;
    for (const k of kinds) {
      for (const t of k.transitions) {
        const full = { conclusion: t.requires.includes('conclusion') ? (t.conclusions ?? k.conclusions.map((c) => c.code))[0] : undefined, reason: '理由充分', evidence: '核查笔录' };
        for (const st of k.states.filter((x) => !x.final)) {
          const s = reduce(k, [created(st.code)]);
          const res = refusal(() => decide(k, s, staff(t.roles[0]!), { action: 'transition', transition: t.action, ...full }, '2023-01-20'));
          expect(res, `${k.code}.${t.action} from ${st.code}`).toBe(t.from.includes(st.code) ? 'OK' : 'CONFLICT');
          checked++;
        }
        const s = reduce(k, [created(t.from[0]!)]);
        for (const role of STAFF_ROLES) {
          const res = refusal(() => decide(k, s, staff(role), { action: 'transition', transition: t.action, ...full }, '2023-01-20'));
          expect(res, `${k.code}.${t.action} by ${role}`).toBe(t.roles.includes(role as never) ? 'OK' : 'FORBIDDEN');
        }
        for (const r of t.requires) {
          const missing = { ...full, [r]: undefined };
          let details: unknown;
          try {
            decide(k, s, staff(t.roles[0]!), { action: 'transition', transition: t.action, ...missing }, '2023-01-20');
          } catch (e) {
            details = (e as AppError).details;
          }
          expect(details, `${k.code}.${t.action} without ${r}`).toEqual([expect.objectContaining({ path: r })]);
        }
        const out = decide(k, s, staff(t.roles[0]!), { action: 'transition', transition: t.action, ...full }, '2023-01-20');
        expect(out[0]!.action).toBe(t.review ? 'review_requested' : 'transition');
        expect((out[0]!.payload as { to: string }).to).toBe(t.to);
        // Another district's officer may not act at all.
        if (t.roles.includes('district_officer')) expect(refusal(() => decide(k, s, staff('district_officer', 9, '500101'), { action: 'transition', transition: t.action, ...full }, '2023-01-20'))).toBe('FORBIDDEN');
      }
    }
    expect(checked).toBeGreaterThan(30);
  });

  it('review: a second person with a review role, never the proposer; nothing to review is a conflict', () => {
    for (const k of kinds) {
      const t = k.transitions.find((x) => x.review);
      if (!t) continue;
      const base = [created(t.from[0]!)];
      expect(refusal(() => decide(k, reduce(k, base), staff('city_admin', 2), { action: 'review_approve' }, '2023-01-20'))).toBe('CONFLICT');
      const s = reduce(k, [...base, ev({ action: 'review_requested', payload: { transition: t.action, from: t.from[0]!, to: t.to } }, '2023-01-20T10:00:00+08:00', 1)]);
      const reviewer = k.review.roles[0]!;
      expect(refusal(() => decide(k, s, staff(reviewer, 1), { action: 'review_approve' }, '2023-01-20')), `${k.code}: self-review`).toBe('FORBIDDEN');
      expect(refusal(() => decide(k, s, staff(reviewer, 2), { action: 'review_approve' }, '2023-01-20'))).toBe('OK');
      expect(refusal(() => decide(k, s, staff(reviewer, 2), { action: 'review_return', reason: '' }, '2023-01-20'))).toBe('VALIDATION');
      for (const role of STAFF_ROLES.filter((r) => !k.review.roles.includes(r as never))) expect(refusal(() => decide(k, s, staff(role, 2), { action: 'review_approve' }, '2023-01-20'))).toBe('FORBIDDEN');
      // While waiting for review, the handler cannot move the case.
      expect(refusal(() => decide(k, s, staff(t.roles[0]!, 1), { action: 'transfer', toOrg: '500101', reason: '转' }, '2023-01-20'))).toBe('CONFLICT');
    }
  });

  it('reopening within the kind’s limit only, and rating once, by the reporter only', () => {
    for (const k of kinds) {
      const finalState = k.states.find((s) => s.final)!.code;
      const closed = reduce(k, [created(k.initial, '2023-09-20T09:00:00+08:00'), ev({ action: 'transition', payload: { transition: 'x', to: finalState } }, '2023-09-28T09:00:00+08:00', 1)]);
      const reopen = (today: string) => refusal(() => decide(k, closed, { kind: 'reporter' }, { action: 'reopen', reason: '不满意' }, today));
      if (k.reopen) {
        expect(reopen(addWorkingDays('2023-09-28', k.reopen.withinDays)), k.code).toBe('OK');
        expect(reopen(addWorkingDays('2023-09-28', k.reopen.withinDays + 1)), k.code).toBe('CONFLICT');
      } else expect(reopen('2023-09-29')).toBe('CONFLICT');
      const rate = refusal(() => decide(k, closed, { kind: 'reporter' }, { action: 'rate', score: 5 }, '2023-10-09'));
      expect(rate, k.code).toBe(k.rating ? 'OK' : 'CONFLICT');
      expect(refusal(() => decide(k, closed, staff('city_admin'), { action: 'rate', score: 5 }, '2023-10-09'))).toBe('FORBIDDEN');
      const open = reduce(k, [created(k.initial)]);
      expect(refusal(() => decide(k, open, { kind: 'reporter' }, { action: 'transition', transition: k.transitions[0]!.action }, '2023-01-20'))).toBe('FORBIDDEN');
    }
  });

  it('supervision comes from a level above, once; transfer needs a reason and a different unit', () => {
    for (const k of kinds) {
      const s = reduce(k, [created(k.initial)]);
      const above = staff(k.supervision.roles.includes('department_officer') ? 'department_officer' : 'city_admin', 3);
      expect(refusal(() => decide(k, s, above, { action: 'supervise', reason: '督办' }, '2023-01-20')), k.code).toBe('OK');
      expect(refusal(() => decide(k, s, staff('district_officer', 4), { action: 'supervise', reason: '督办' }, '2023-01-20'))).toBe('FORBIDDEN');
      const supervised = reduce(k, [created(k.initial), ev({ action: 'supervised', payload: { byOrg: '500000', reason: '督办' } }, '2023-01-20T11:00:00+08:00', 3)]);
      expect(refusal(() => decide(k, supervised, above, { action: 'supervise', reason: '再督办' }, '2023-01-20'))).toBe('CONFLICT');
      const handler = staff(k.transfer.roles.includes('district_officer') ? 'district_officer' : k.transfer.roles[0]!, 5);
      expect(refusal(() => decide(k, s, handler, { action: 'transfer', toOrg: '500112', reason: '转' }, '2023-01-20'))).toBe('VALIDATION');
      expect(refusal(() => decide(k, s, handler, { action: 'transfer', toOrg: '500101', reason: '' }, '2023-01-20'))).toBe('VALIDATION');
      const pending = reduce(k, [created(k.initial), ev({ action: 'transfer_requested', payload: { toOrg: '500101', toDepartment: 'hrss', reason: '转' } }, '2023-01-20T11:00:00+08:00', 5)]);
      expect(refusal(() => decide(k, pending, staff('district_officer', 6, '500112'), { action: 'transfer_accept' }, '2023-01-20'))).toBe('FORBIDDEN');
      const receiver = k.transfer.roles.includes('district_officer') ? 'district_officer' : k.transfer.roles[0]!;
      expect(refusal(() => decide(k, pending, staff(receiver, 6, '500101'), { action: 'transfer_accept' }, '2023-01-20')), k.code).toBe('OK');
      // Handing a case down to one's own township does not let the sender receive it themselves.
      const down = reduce(k, [created(k.initial), ev({ action: 'transfer_requested', payload: { toOrg: '500112003', toDepartment: 'hrss', reason: '转街道' } }, '2023-01-20T11:00:00+08:00', 5)]);
      expect(refusal(() => decide(k, down, staff(receiver, 5, '500112'), { action: 'transfer_accept' }, '2023-01-20'))).toBe('FORBIDDEN');
    }
  });
});

describe('kind files', () => {
  it('refuses a kind whose transitions name a state that does not exist', () => {
    const k = kinds[0]!;
    const broken = { ...k, transitions: [{ ...k.transitions[0]!, to: 'nowhere' }] };
    const r = CaseKind.safeParse(broken);
    expect(r.success).toBe(false);
    expect(r.error!.issues.some((i) => i.path.join('.') === 'transitions.0.to')).toBe(true);
  });
});

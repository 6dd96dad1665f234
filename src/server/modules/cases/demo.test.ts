// The demo cases on a small synthetic city (the size the end-to-end tests seed): every stored status
// is the reducer's over the stored events, the events are in order and in the past, the demo has
// what the inbox, the board and the statistics need, and a second run adds nothing.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCity } from '../citygen/index.js';
import { createTestContext, type TestContext } from '../../testing/harness.js';
import { shanghaiDate } from '../../platform/clock.js';
import { parseFields, statusColumns, toEvent } from './cases.service.js';
import { reduce, type CaseEvent } from './engine.js';
import { seedDemoCases } from './index.js';
import { loadKind, type LoadedKind } from './kinds.js';

let t: TestContext;
let today: string;
const lines: string[] = [];

type Row = Record<string, unknown> & { id: number; kind_code: string; kind_version: number; final: boolean; due_on: string | null; district_code: string; employer_key: string | null; group_id: number | null; workers: number | null; supervised: boolean; details: Record<string, unknown> };
let rows: Row[] = [];
let events = new Map<number, (CaseEvent & { stateAfter: string; atDate: Date })[]>();
const kinds = new Map<string, LoadedKind>();

beforeAll(async () => {
  t = await createTestContext();
  today = shanghaiDate(t.clock.now());
  await seedCity(t.dbh, { seed: 5000, persons: 5000, asOf: today });
  await seedDemoCases(t.dbh.db, t.clock, (l) => lines.push(l));
  rows = (await t.db.selectFrom('case_record').selectAll().orderBy('id').execute()) as unknown as Row[];
  const all = await t.db.selectFrom('case_event').select(['case_id', 'seq', 'action', 'payload', 'at', 'actor_id', 'state_after']).orderBy('case_id').orderBy('seq').execute();
  events = new Map();
  for (const e of all) {
    const list = events.get(Number(e.case_id)) ?? [];
    list.push({ ...toEvent(e), stateAfter: e.state_after, atDate: new Date(e.at) });
    events.set(Number(e.case_id), list);
  }
  for (const r of rows) if (!kinds.has(`${r.kind_code}@${r.kind_version}`)) kinds.set(`${r.kind_code}@${r.kind_version}`, (await loadKind(t.db, r.kind_code, r.kind_version))!);
}, 300_000);
afterAll(async () => t?.close());

const kindOf = (r: Row) => kinds.get(`${r.kind_code}@${r.kind_version}`)!;
const of = (kind: string) => rows.filter((r) => r.kind_code === kind);
const overdue = (r: Row) => !r.final && r.due_on !== null && r.due_on < today;

/** A stored row and statusColumns() in one shape: instants as ISO strings, JSON as values. */
function comparable(c: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(statusColumns(reduce(kindOf(rows[0]!), events.get(rows[0]!.id)!)))) {
    const v = c[k];
    if (v instanceof Date || (typeof v === 'string' && ['opened_at', 'clock_from', 'closed_at'].includes(k))) out[k] = new Date(v as string).toISOString();
    else if (typeof v === 'string' && ['pending_review', 'pending_transfer'].includes(k)) out[k] = JSON.parse(v);
    else if (k === 'group_id' && v !== null) out[k] = Number(v);
    else out[k] = v;
  }
  return out;
}

describe('the demo cases', () => {
  it('opens cases of the four kinds, every step accepted by the engine and every form valid', () => {
    expect(lines.filter((l) => l.startsWith('demo cases:'))).toHaveLength(1);
    expect(lines[0]).not.toMatch(/refused|skipped/);
    expect(of('wage_arrears').length).toBeGreaterThanOrEqual(60);
    for (const k of ['labour_dispute', 'labour_inspection', 'discrimination_report']) expect(of(k).length).toBeGreaterThan(5);
    for (const r of rows) expect(() => parseFields(kindOf(r), r.details)).not.toThrow();
    // Leads name employers of the registry (or, now and then, an unregistered contractor).
    expect(of('wage_arrears').filter((r) => r.enterprise_id !== null).length).toBeGreaterThan(of('wage_arrears').length * 0.8);
  });

  it('stores for every case the status reduce() gives over its stored events', () => {
    for (const r of rows) {
      const list = events.get(r.id)!;
      expect(comparable(r), `case ${r.id}`).toEqual(comparable(statusColumns(reduce(kindOf(r), list))));
    }
  });

  it('keeps each case’s events in order, strictly later one after another, in the past, with the state after each', () => {
    const now = t.clock.now().getTime();
    for (const r of rows) {
      const list = events.get(r.id)!;
      expect(list.map((e) => e.seq)).toEqual(list.map((_, i) => i + 1));
      expect(list[0]!.action).toBe('created');
      expect(new Date(r.opened_at as Date).getTime()).toBeGreaterThanOrEqual(Date.parse(`${today.slice(0, 4)}-01-01T00:00:00+08:00`));
      for (let i = 0; i < list.length; i++) {
        expect(list[i]!.atDate.getTime()).toBeLessThan(now);
        if (i > 0) expect(list[i]!.atDate.getTime(), `case ${r.id} event ${i + 1}`).toBeGreaterThan(list[i - 1]!.atDate.getTime());
        expect(list[i]!.stateAfter).toBe(reduce(kindOf(r), list.slice(0, i + 1)).state);
      }
    }
  });

  it('has overdue (escalated), supervised, reopened, rated, transferred and reviewed cases', () => {
    const red = rows.filter(overdue);
    expect(red.length).toBeGreaterThan(3);
    expect(red.every((r) => r.escalated)).toBe(true);
    for (const district of ['500112', '500101']) expect(of('wage_arrears').filter((r) => r.district_code === district && overdue(r)).length, district).toBeGreaterThanOrEqual(3);
    expect(rows.filter((r) => r.supervised).length).toBeGreaterThan(0);
    expect(rows.filter((r) => Number(r.reopen_count) > 0).length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.rating !== null).length).toBeGreaterThan(10);
    expect(rows.filter((r) => r.final && r.closed_on_time === false).length).toBeGreaterThan(0);
    const actions = new Set([...events.values()].flat().map((e) => e.action));
    for (const a of ['review_requested', 'review_approved', 'review_returned', 'transfer_requested', 'commented', 'escalated', 'reopened', 'rated']) expect(actions, a).toContain(a);
  });

  it('closes wage-arrears leads at a plausible rate for the year (the plan’s target is 95%)', () => {
    const leads = of('wage_arrears');
    const rate = (100 * leads.filter((r) => r.final).length) / leads.length;
    expect(rate).toBeGreaterThanOrEqual(90);
    expect(rate).toBeLessThanOrEqual(99);
  });

  it('links leads about the same employer and period, and supervises every group of 30 workers or more', () => {
    const leads = of('wage_arrears');
    const kind = kindOf(leads[0]!);
    const { periodFromField: from, periodToField: to } = kind.link!;
    for (const a of leads)
      for (const b of leads) {
        if (a.id >= b.id || !a.employer_key || a.employer_key !== b.employer_key) continue;
        if (String(a.details[from]) <= String(b.details[to]) && String(a.details[to]) >= String(b.details[from])) {
          expect(a.group_id, `${a.id} and ${b.id}`).not.toBeNull();
          expect(Number(b.group_id)).toBe(Number(a.group_id));
        }
      }
    const groups = new Map<number, Row[]>();
    for (const r of leads) if (r.group_id !== null) groups.set(Number(r.group_id), [...(groups.get(Number(r.group_id)) ?? []), r]);
    for (const members of groups.values()) {
      const total = members.reduce((n, m) => n + (m.workers ?? 0), 0);
      if (total >= kind.link!.flagWorkers) expect(members.at(-1)!.supervised).toBe(true);
    }
    for (const r of leads) if ((r.workers ?? 0) >= kind.link!.flagWorkers) expect(r.supervised).toBe(true);
  });

  it('shows in the inbox, on the board and in the statistics', async () => {
    const [yubei, hrss] = await Promise.all([t.login('yubei'), t.login('hrss')]);
    const red = (await yubei.get('/api/cases?light=red&kind=wage_arrears')).json();
    expect(red.total).toBeGreaterThanOrEqual(3);
    expect(red.items.every((i: { districtCode: string; light: string }) => i.districtCode === '500112' && i.light === 'red')).toBe(true);
    const board = (await hrss.get('/api/cases/board')).json();
    expect(board.items.length).toBeGreaterThan(0);
    const stats = (await hrss.get(`/api/cases/stats?kind=wage_arrears&year=${today.slice(0, 4)}`)).json();
    expect(stats.city.received).toBe(of('wage_arrears').length);
    expect(stats.city.rated).toBeGreaterThan(0);
    const mine = await yubei.get(`/api/cases/${red.items[0].id}`);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().timeline.map((e: { action: string }) => e.action)).toContain('escalated');
  });

  it('adds nothing when run again', async () => {
    const count = async () => Number((await sql<{ n: number }>`SELECT (SELECT count(*) FROM case_record) + (SELECT count(*) FROM case_event) AS n`.execute(t.db)).rows[0]!.n);
    const before = await count();
    await seedDemoCases(t.dbh.db, t.clock, (l) => lines.push(l));
    expect(await count()).toBe(before);
    expect(lines).toHaveLength(1);
  });
});

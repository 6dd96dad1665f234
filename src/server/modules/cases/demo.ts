// Demo cases: a year of wage-arrears leads, labour disputes, inspections and discrimination reports
// from 1 January to today, scaled to the seeded population. Every step of every case is checked by
// the engine (`decide`, against the officer or reporter who takes it) and every status is `reduce`
// over the case's events, as if the cases had been handled on the platform all year: accepted,
// verified, concluded, reviewed (some returned once), rated, some reopened, transferred, supervised,
// late, linked when they name the same employer and period; the last weeks' still open, some overdue.
// Deterministic for a given registry and clock (a seeded PRNG), except the random tracking codes.
import { sql } from 'kysely';
import type { Db, DbOrTx } from '../../db/index.js';
import type { CaseSource, Role } from '../../db/schema.js';
import { shanghaiDate, type Clock } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import { Random, WeightedTable } from '../citygen/index.js';
import { addWorkingDays, isWorkingDay, workingDaysBetween } from './calendar.js';
import { escalateOverdue, fieldSchema, newTrackingCode, routeCase, statusColumns } from './cases.service.js';
import { CITY, dayOf, decide, reduce, type ActionRequest, type Actor, type CaseEvent, type CaseStatus, type NewEvent } from './engine.js';
import { loadKind, type LoadedKind } from './kinds.js';

const DEMO_SEED = 20260101;
const DEMO_KINDS = ['wage_arrears', 'labour_dispute', 'labour_inspection', 'discrimination_report'] as const;
type DemoKind = (typeof DEMO_KINDS)[number];

/** Cases opened from 1 January to 26 November at the default demo size (200,000 persons); other dates pro rata. */
const VOLUME: Record<DemoKind, number> = { wage_arrears: 2000, labour_dispute: 800, labour_inspection: 400, discrimination_report: 100 };
/**
 * Enough to show every feature in a small city (the end-to-end tests seed 5,000 persons), and enough
 * leads that the few left overdue on purpose do not sink the closure rate.
 */
const MINIMUM: Record<DemoKind, number> = { wage_arrears: 150, labour_dispute: 40, labour_inspection: 20, discrimination_report: 12 };
const DEFAULT_PERSONS = 200_000;
/** Volumes stop growing here, so that a large city still starts in seconds. */
const MAX_SCALE = 2.5;
/** Relative volume by month, January first: arrears peak before the Spring Festival and at the year's end. */
const SEASON: Record<DemoKind, readonly number[]> = {
  wage_arrears: [1.7, 1.3, 0.8, 0.8, 0.85, 0.9, 0.9, 0.85, 0.95, 0.9, 1.05, 1.6],
  labour_dispute: [0.9, 0.7, 1.2, 1.1, 1.0, 1.0, 1.1, 1.0, 1.0, 0.9, 1.0, 1.1],
  labour_inspection: [1.2, 0.6, 1.0, 1.0, 1.0, 1.2, 0.9, 0.9, 1.0, 0.9, 1.3, 1.4],
  discrimination_report: [0.7, 0.6, 1.5, 1.3, 1.0, 1.2, 1.1, 0.9, 0.9, 0.8, 0.9, 0.8],
};
/** Wage-arrears leads left overdue on purpose in the districts the demo staff sign in to. */
const OVERDUE_DEMO_DISTRICTS = ['500112', '500101'];
const JIEFANGBEI = '500103003'; // 渝中区解放碑街道: the demo's township worker

const MIN = 60_000;
const DAY_MS = 86_400_000;

/**
 * Adds the demo cases unless the platform already has cases of these kinds opened by staff or the
 * hotline (the demo always opens some; real public reports do not count).
 */
export async function seedDemoCases(db: Db, clock: Clock, log: (line: string) => void): Promise<void> {
  const started = performance.now();
  if (await demoPresent(db)) return;
  const kinds = new Map<DemoKind, LoadedKind>();
  for (const code of DEMO_KINDS) {
    const k = await loadKind(db, code);
    if (!k) return log(`demo cases: case kind ${code} is not loaded; none added`);
    kinds.set(code, k);
  }
  const w = await loadWorld(db, clock);
  if (w.population === 0) return log('demo cases: the registry is empty; none added');
  if (w.enterprises.length === 0) return log('demo cases: no enterprises in the registry; none added');
  const persons = w.population;

  const scale = Math.min(MAX_SCALE, persons / DEFAULT_PERSONS);
  // The volumes are those of 1 January to 26 November; on another day, that day's share of the year.
  const volume = (k: DemoKind) => Math.round(Math.max(MINIMUM[k], VOLUME[k] * scale) * (seasonShare(SEASON[k], w.today) / seasonShare(SEASON[k], `${w.year}-11-26`)));
  const specs = [
    ...wageArrearsSpecs(w, kinds.get('wage_arrears')!, volume('wage_arrears')),
    ...disputeSpecs(w, kinds.get('labour_dispute')!, volume('labour_dispute')),
    ...inspectionSpecs(w, kinds.get('labour_inspection')!, volume('labour_inspection')),
    ...discriminationSpecs(w, kinds.get('discrimination_report')!, volume('discrimination_report')),
  ].sort((a, b) => a.openedAt - b.openedAt);

  // Ids in order of opening, reserved up front: group ids appear in event payloads.
  const ids = (await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence('case_record', 'id'))::int8 AS id FROM generate_series(1, ${specs.length})`.execute(db)).rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  specs.forEach((s, i) => (s.id = ids[i]!));

  const sims: CaseSim[] = [];
  const linker = new Linker();
  for (const spec of specs) {
    const sim = new CaseSim(spec);
    if (spec.kind.link && spec.employerKey) linker.link(sim);
    FLOWS[spec.kind.code as DemoKind](new Flow(sim, w));
    sims.push(sim);
  }
  for (const sim of sims) sim.finish(w.nowMs);
  const refused = sims.reduce((n, s) => n + s.refused, w.refused);
  const simulated = performance.now();

  const written = await writeCases(db, sims);
  if (written === 0) return;
  // Normally nothing left: the history already holds the escalations the server's loop would have written.
  const escalatedNow = await escalateOverdue(db, clock);
  log(
    `demo cases: ${summary(sims, w.today)}; ${escalatedNow} escalated now; about ${persons.toLocaleString('en')} persons, volumes × ${scale.toFixed(3)}; ` +
      `simulated in ${((simulated - started) / 1000).toFixed(1)} s, written in ${((performance.now() - simulated) / 1000).toFixed(1)} s` +
      (refused + w.skipped > 0 ? `; ${refused} simulated steps refused by the engine, ${w.skipped} cases with invalid fields skipped` : ''),
  );
}

async function demoPresent(db: DbOrTx): Promise<boolean> {
  const row = await db.selectFrom('case_record').select('id').where('kind_code', 'in', [...DEMO_KINDS]).where('source', 'in', ['hotline', 'staff']).limit(1).executeTakeFirst();
  return !!row;
}

// --- The registry the demo draws on -----------------------------------------------------------------

type Employer = { id: number; creditCode: string; name: string; section: string; district: string; size: string; uniqueName: boolean };
type Person = { id: number; name: string; phone: string };
type District = { code: string; name: string; short: string };

type World = {
  rng: Random;
  /** Persons in the registry, estimated from an even sample of their ids. */
  population: number;
  today: string;
  nowMs: number;
  year: number;
  staff: Staff;
  districts: District[];
  districtByCode: Map<string, District>;
  /** Districts weighted by their enterprises (every district at least a little). */
  districtTable: WeightedTable<District>;
  enterprises: Employer[];
  construction: Employer[];
  persons: Person[];
  hasJiefangbei: boolean;
  schemas: Map<string, ReturnType<typeof fieldSchema>>;
  refused: number;
  skipped: number;
};

async function loadWorld(db: Db, clock: Clock): Promise<World> {
  const now = clock.now();
  const today = shanghaiDate(now);
  const districts = (await db.selectFrom('division').select(['code', 'name']).where('level', '=', 2).orderBy('code').execute()).map((d) => ({
    code: d.code,
    name: d.name,
    short: d.name.replace(/(土家族|苗族|自治县|区|县)/g, '') || d.name,
  }));
  // All enterprises of a demo-sized registry; an even sample of a large one.
  const span = await db.selectFrom('enterprise').select((eb) => [eb.fn.min('id').as('lo'), eb.fn.max('id').as('hi')]).executeTakeFirstOrThrow();
  const step = Math.max(1, Math.floor((Number(span.hi ?? 0) - Number(span.lo ?? 0)) / 40_000));
  const rows = await db
    .selectFrom('enterprise')
    .select(['id', 'credit_code', 'name', 'industry_section', 'district_code', 'size'])
    .$if(step > 1, (q) => q.where(sql<boolean>`id % ${step} = 0`))
    .orderBy('id')
    .execute();
  const nameCount = new Map<string, number>();
  for (const r of rows) nameCount.set(r.name, (nameCount.get(r.name) ?? 0) + 1);
  const enterprises: Employer[] = rows.map((r) => ({ id: Number(r.id), creditCode: r.credit_code, name: r.name, section: r.industry_section, district: r.district_code, size: r.size, uniqueName: nameCount.get(r.name) === 1 }));
  const perDistrict = new Map<string, number>();
  for (const e of enterprises) perDistrict.set(e.district, (perDistrict.get(e.district) ?? 0) + 1);
  // Reporters who sign in (citizens) and applicants are people of the registry: an even sample of ids,
  // which also estimates the population (count(*) scans the registry: 0.7 s in PGlite at 200,000).
  const pspan = await db.selectFrom('person').select((eb) => [eb.fn.min('id').as('lo'), eb.fn.max('id').as('hi')]).executeTakeFirstOrThrow();
  const lo = Number(pspan.lo ?? 0);
  const range = pspan.hi === null ? 0 : Number(pspan.hi) - lo + 1;
  const probes = [...new Set(Array.from({ length: Math.min(range, 600) }, (_, i) => lo + Math.floor((range * i) / Math.min(range, 600))))];
  const found = probes.length === 0 ? [] : await db.selectFrom('person').select(['id', 'name', 'phone']).where('id', 'in', probes).orderBy('id').execute();
  const people = found.filter((p) => p.phone !== null).map((p) => ({ id: Number(p.id), name: p.name, phone: p.phone! }));
  const users = await db.selectFrom('app_user').select(['id', 'username', 'role', 'org_code', 'department_code']).where('username', 'in', ['yubei', 'yubei2', 'wanzhou', 'jiefangbei', 'hrss', 'hrss2']).where('active', '=', true).execute();
  const jiefangbei = await db.selectFrom('division').select('code').where('code', '=', JIEFANGBEI).executeTakeFirst();
  return {
    rng: new Random(DEMO_SEED),
    population: probes.length === 0 ? 0 : Math.round((found.length / probes.length) * range),
    today,
    nowMs: now.getTime(),
    year: Number(today.slice(0, 4)),
    staff: new Staff(new Map(users.map((u) => [u.username, { id: Number(u.id), role: u.role, orgCode: u.org_code, departmentCode: u.department_code }]))),
    districts,
    districtByCode: new Map(districts.map((d) => [d.code, d])),
    districtTable: new WeightedTable(districts.map((d) => [d, 1 + (perDistrict.get(d.code) ?? 0)] as const)),
    enterprises,
    construction: enterprises.filter((e) => e.section === 'E'),
    persons: people,
    hasJiefangbei: !!jiefangbei,
    schemas: new Map(),
    refused: 0,
    skipped: 0,
  };
}

// --- Who acts ----------------------------------------------------------------------------------------

type StaffActor = Extract<Actor, { kind: 'staff' }>;
/** An officer as `decide` sees them, and the user id the event stores (null for officers with no demo account). */
type Officer = { actor: StaffActor; storedId: number | null };
type UserRow = { id: number; role: Role; orgCode: string; departmentCode: string | null };

/**
 * The demo staff where they fit (渝北: yubei and yubei2; 万州: wanzhou; 解放碑街道: jiefangbei; the
 * city: hrss and hrss2). Elsewhere, officers without accounts: their events record the role only.
 */
class Staff {
  readonly #anonymous = new Map<string, Officer>();
  readonly #named = new Map<string, Officer>();
  constructor(private readonly users: Map<string, UserRow>) {}

  #user(username: string, role: Role, orgCode: string, fallback: string): Officer {
    const u = this.users.get(username);
    if (!u || u.role !== role || u.orgCode !== orgCode) return this.#nobody(fallback, role, orgCode, role === 'township_worker' ? null : 'hrss');
    let o = this.#named.get(username);
    if (!o) this.#named.set(username, (o = { actor: { kind: 'staff', userId: u.id, role: u.role, orgCode: u.orgCode, departmentCode: u.departmentCode }, storedId: u.id }));
    return o;
  }
  #nobody(key: string, role: Role, orgCode: string, departmentCode: string | null): Officer {
    let o = this.#anonymous.get(key);
    // A negative id that no user has: `decide` tells the officers apart (four eyes), the event stores null.
    if (!o) this.#anonymous.set(key, (o = { actor: { kind: 'staff', userId: -1 - this.#anonymous.size, role, orgCode, departmentCode }, storedId: null }));
    return o;
  }
  /** The two officers of a district's human resources and social security bureau. */
  district(code: string): [Officer, Officer] {
    if (code === '500112') return [this.#user('yubei', 'district_officer', code, `${code}#1`), this.#user('yubei2', 'district_officer', code, `${code}#2`)];
    if (code === '500101') return [this.#user('wanzhou', 'district_officer', code, `${code}#1`), this.#nobody(`${code}#2`, 'district_officer', code, 'hrss')];
    return [this.#nobody(`${code}#1`, 'district_officer', code, 'hrss'), this.#nobody(`${code}#2`, 'district_officer', code, 'hrss')];
  }
  township(code: string): Officer {
    return code === JIEFANGBEI ? this.#user('jiefangbei', 'township_worker', code, code) : this.#nobody(code, 'township_worker', code, null);
  }
  city(): [Officer, Officer] {
    return [this.#user('hrss', 'department_officer', CITY, `${CITY}#1`), this.#user('hrss2', 'department_officer', CITY, `${CITY}#2`)];
  }
  /** Who handles a case held by `unit` (a district or a township). */
  handlers(unit: string): Officer[] {
    return unit.length === 6 ? this.district(unit) : [this.township(unit)];
  }
  /** Who reviews a conclusion: another officer of the district (townships are reviewed by their district). */
  reviewer(unit: string, proposer: Officer): Officer {
    const [a, b] = this.district(unit.slice(0, 6));
    return a === proposer ? b : a;
  }
}

// --- A case as a sequence of steps, checked and reduced by the engine -----------------------------------

type Spec = {
  id: number;
  kind: LoadedKind;
  openedAt: number;
  source: CaseSource;
  details: Record<string, unknown>;
  employer: Employer | null;
  employerKey: string | null;
  orgCode: string;
  reporter: { personId: number | null; name: string; phone: string } | null;
  createdBy: Officer | null;
  /** Transitions taken before the case stalls (a case left overdue); null: handled to the end. */
  stall: number | null;
};

type Step = { at: number; party: Officer | 'reporter'; req: ActionRequest } | { at: number; party: 'system'; event: NewEvent };

/** The events of a case as they accumulate, with the status after each. */
class Timeline {
  readonly events: CaseEvent[] = [];
  readonly stateAfter: string[] = [];
  readonly roles: (string | null)[] = [];
  status!: CaseStatus;

  constructor(private readonly spec: Spec) {
    const org = spec.orgCode;
    const created: NewEvent = { action: 'created', payload: { state: spec.kind.initial, orgCode: org, districtCode: org === CITY ? CITY : org.slice(0, 6), departmentCode: spec.kind.department } };
    this.push(created, spec.openedAt, spec.createdBy?.storedId ?? null, spec.createdBy?.actor.role ?? null);
  }

  get lastAt(): number {
    return Date.parse(this.events.at(-1)!.at);
  }

  push(e: NewEvent, at: number, actorId: number | null, role: string | null) {
    // Strictly increasing instants, even for events the server writes in one transaction.
    const t = this.events.length === 0 ? at : Math.max(at, this.lastAt + 1000);
    this.events.push({ ...e, seq: this.events.length + 1, at: new Date(t).toISOString(), actorId } as CaseEvent);
    this.status = reduce(this.spec.kind, this.events);
    this.stateAfter.push(this.status.state);
    this.roles.push(role);
  }

  /** The escalation the server's minute loop writes once a running deadline has lapsed (just after midnight). */
  escalateBefore(t: number) {
    const s = this.status;
    if (s.final || s.escalated || !s.dueOn) return;
    const lapsed = Date.parse(`${nextDay(s.dueOn)}T00:00:00+08:00`) + MIN + (this.spec.id % 50) * 1000;
    if (lapsed >= t) return;
    this.push({ action: 'escalated', payload: { toOrg: s.orgCode.length > 6 ? s.orgCode.slice(0, 6) : CITY } }, lapsed, null, null);
  }

  /** Applies a step; false when the engine refuses it (then only a lapsed deadline's escalation is written). */
  apply(step: Step): boolean {
    this.escalateBefore(step.at);
    if (step.party === 'system') {
      this.push(step.event, step.at, null, null);
      return true;
    }
    const actor: Actor = step.party === 'reporter' ? { kind: 'reporter' } : step.party.actor;
    let events: NewEvent[];
    try {
      events = decide(this.spec.kind, this.status, actor, step.req, dayOf(new Date(step.at).toISOString()));
    } catch (e) {
      if (e instanceof AppError) return false;
      throw e;
    }
    const [id, role] = step.party === 'reporter' ? [null, null] : [step.party.storedId, step.party.actor.role];
    for (const e of events) this.push(e, step.at, id, role);
    return true;
  }
}

class CaseSim {
  steps: Step[] = [];
  timeline: Timeline;
  refused = 0;
  constructor(readonly spec: Spec) {
    this.timeline = new Timeline(spec);
  }
  get status() {
    return this.timeline.status;
  }
  get lastAt() {
    return this.timeline.lastAt;
  }
  /** A step after all others; false (and nothing kept) when the engine refuses it. */
  add(step: Step): boolean {
    if (!this.timeline.apply(step)) return false;
    this.steps.push(step);
    return true;
  }
  /** The status just before `t`. */
  statusAt(t: number): CaseStatus {
    const tl = new Timeline(this.spec);
    for (const s of this.steps) if (s.at < t) tl.apply(s);
    return tl.status;
  }
  /** Steps the server took in between (a later lead linked to this one); the history is replayed through the engine. */
  insert(steps: Step[]) {
    const supervisedAt = steps.find((s) => s.party === 'system' && s.event.action === 'supervised')?.at;
    // A supervision the city would have ordered later is moot once the group is flagged.
    const kept = this.steps.filter((s) => !(supervisedAt !== undefined && s.at > supervisedAt && s.party !== 'system' && s.req.action === 'supervise'));
    const all = [...kept, ...steps].sort((a, b) => a.at - b.at);
    const tl = new Timeline(this.spec);
    this.steps = [];
    for (const s of all) {
      if (tl.apply(s)) this.steps.push(s);
      else this.refused++;
    }
    this.timeline = tl;
  }
  finish(nowMs: number) {
    this.timeline.escalateBefore(nowMs);
  }
}

/**
 * Links leads about the same employer and period as `openCase` does when each arrives: the group is
 * named by its earliest case, and once it affects the kind's threshold of workers every open member
 * is flagged for supervision.
 */
class Linker {
  readonly #byKey = new Map<string, CaseSim[]>();

  link(sim: CaseSim) {
    const { kind, details, employerKey, openedAt } = sim.spec;
    const link = kind.link!;
    const from = String(details[link.periodFromField]);
    const to = String(details[link.periodToField]);
    const workers = (c: CaseSim) => Number(c.spec.details[link.workersField] ?? 0);
    const same = this.#byKey.get(employerKey!) ?? [];
    this.#byKey.set(employerKey!, [...same, sim]);
    const others = same.filter((o) => String(o.spec.details[link.periodFromField]) <= to && String(o.spec.details[link.periodToField]) >= from);
    const root = others.length === 0 ? null : Math.min(...others.map((o) => o.status.groupId ?? o.spec.id));
    const members = root === null ? [] : same.filter((o) => o.status.groupId === root || o.spec.id === root || others.includes(o));
    const total = members.reduce((n, m) => n + workers(m), workers(sim));
    const flag = total >= link.flagWorkers;
    const reason = `同一单位同一期间的欠薪线索共涉及${total}人，挂牌督办 / Leads about this employer and period affect ${total} workers: flagged for supervision`;
    const at = openedAt + 1000;
    for (const m of members) {
      const events: NewEvent[] = [];
      if (m.status.groupId !== root && m.spec.id !== root) events.push({ action: 'linked', payload: { groupId: root! } });
      if (m.spec.id === root && m.status.groupId === null) events.push({ action: 'linked', payload: { groupId: root } });
      const then = m.statusAt(at);
      if (flag && !then.final && !then.supervised) events.push({ action: 'supervised', payload: { byOrg: CITY, reason } });
      if (events.length) m.insert(events.map((event) => ({ at, party: 'system', event })));
    }
    if (root !== null) sim.add({ at, party: 'system', event: { action: 'linked', payload: { groupId: root } } });
    if (flag) sim.add({ at: at + 1000, party: 'system', event: { action: 'supervised', payload: { byOrg: CITY, reason } } });
  }
}

// --- Timing: steps in working days, during office hours, never in the future ---------------------------

const instant = (date: string, minutes: number) => Date.parse(`${date}T00:00:00+08:00`) + minutes * MIN;
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
const isoDay = (t: number) => dayOf(new Date(t).toISOString());
const minutesOfDay = (t: number) => Math.floor(((t + 8 * 3600_000) % DAY_MS) / MIN);

/** Runs one case's workflow: each call is a step some working days after the last, checked by the engine. */
class Flow {
  outOfTime = false;
  stalled = false;
  #transitionsLeft: number;
  constructor(
    readonly sim: CaseSim,
    readonly w: World,
  ) {
    this.#transitionsLeft = sim.spec.stall ?? Number.POSITIVE_INFINITY;
  }
  get rng() {
    return this.w.rng;
  }
  get status() {
    return this.sim.status;
  }
  /** A delay in working days, shorter while supervised; now and then late by a few days past `lateAfter`. */
  days(lo: number, hi: number, lateAfter?: number): number {
    if (lateAfter !== undefined && this.sim.spec.stall === null && this.rng.chance(0.025)) return lateAfter + this.rng.range(1, 4);
    const d = this.rng.range(lo, hi);
    return this.status.supervised ? Math.floor(d * 0.6) : d;
  }

  /** An officer's step `wd` working days after the last event (0: later the same working day). Oversight steps go on when the unit has stalled. */
  staff(wd: number, by: Officer, req: ActionRequest, oversight = false): boolean {
    if (this.outOfTime || (this.stalled && !oversight)) return false;
    const at = this.#officeTime(wd);
    if (!this.#take({ at, party: by, req })) return false;
    if (req.action === 'transition' && --this.#transitionsLeft <= 0) this.stalled = true;
    return true;
  }
  /** The reporter's step (a rating, a request to reopen), `wd` working days after the last event, any hour of the day. */
  reporter(wd: number, req: ActionRequest): boolean {
    if (this.outOfTime || this.stalled) return false;
    const last = this.sim.lastAt;
    const day = isoDay(last);
    let at = instant(wd === 0 ? day : addWorkingDays(day, wd), 480 + this.rng.int(840));
    if (at <= last) at = last + (20 + this.rng.int(180)) * MIN;
    return this.#take({ at, party: 'reporter', req });
  }

  #take(step: Step): boolean {
    if (step.at >= this.w.nowMs - MIN) {
      this.outOfTime = true;
      return false;
    }
    if (!this.sim.add(step)) {
      this.w.refused++;
      this.outOfTime = true;
      return false;
    }
    return true;
  }

  #officeTime(wd: number): number {
    const last = this.sim.lastAt;
    const day = isoDay(last);
    const date = wd === 0 && isWorkingDay(day) ? day : addWorkingDays(day, Math.max(1, wd));
    let at = instant(date, 520 + this.rng.int(560)); // 08:40–18:00
    if (at <= last) {
      at = last + (10 + this.rng.int(110)) * MIN;
      if (isoDay(at) !== date || minutesOfDay(at) > 18 * 60 + 30) at = instant(addWorkingDays(date, 1), 520 + this.rng.int(150));
    }
    return at;
  }
}

// --- The workflows --------------------------------------------------------------------------------------

type Weighted<T> = readonly (readonly [T, number])[];
const draw = <T>(rng: Random, entries: Weighted<T>): T => {
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let u = rng.next() * total;
  for (const [v, w] of entries) if ((u -= w) < 0) return v;
  return entries[entries.length - 1]![0];
};

/** Proposes a closing transition, has it reviewed (returned once now and then), and approved. */
function concludeWithReview(f: Flow, proposer: Officer, wd: number, req: Extract<ActionRequest, { action: 'transition' }>, returnShare: number, returns: readonly string[]): boolean {
  if (!f.staff(wd, proposer, req)) return false;
  const reviewer = f.w.staff.reviewer(f.status.orgCode, proposer);
  if (f.rng.chance(returnShare)) {
    if (!f.staff(f.days(0, 1, 2), reviewer, { action: 'review_return', reason: f.rng.pick(returns) })) return false;
    if (!f.staff(f.days(1, 3), proposer, req.evidence ? { ...req, evidence: `${req.evidence}；${f.rng.pick(SUPPLEMENTS)}` } : req)) return false;
  }
  return f.staff(f.days(0, 2, 2), reviewer, f.rng.chance(0.3) ? { action: 'review_approve', note: f.rng.pick(APPROVAL_NOTES) } : { action: 'review_approve' });
}

/** A transfer to another unit at the start, accepted or refused; the case goes on with whoever holds it. */
function maybeTransfer(f: Flow, share: number, target: () => string | null) {
  const w = f.w;
  if (f.sim.spec.stall !== null) return; // a case left overdue stays where the demo staff see it
  const unit = f.status.orgCode;
  // 渝中区 hands some leads to 解放碑街道, where the demo's township worker handles them.
  if (f.sim.spec.kind.code === 'wage_arrears' && unit === '500103' && w.hasJiefangbei && f.rng.chance(0.3)) {
    if (!f.staff(0, w.staff.district(unit)[0], { action: 'transfer', toOrg: JIEFANGBEI, reason: f.rng.pick(TOWNSHIP_TRANSFER_REASONS) })) return;
    f.staff(f.days(0, 1), w.staff.township(JIEFANGBEI), { action: 'transfer_accept' });
    return;
  }
  if (!f.rng.chance(share)) return;
  const to = target();
  if (!to || to === unit) return;
  const toName = w.districtByCode.get(to)?.name ?? to;
  if (!f.staff(f.days(0, 1), w.staff.handlers(unit)[0]!, { action: 'transfer', toOrg: to, reason: f.rng.pick(TRANSFER_REASONS).replace('{to}', toName) })) return;
  const receiver = w.staff.handlers(to)[0]!;
  // The receiver accepts a case about an employer of its own district, and mostly refuses one that is not.
  if (f.rng.chance(to === f.sim.spec.employer?.district ? 0.85 : 0.25)) f.staff(f.days(0, 2, 2), receiver, { action: 'transfer_accept' });
  else f.staff(f.days(0, 2, 2), receiver, { action: 'transfer_refuse', reason: f.rng.pick(TRANSFER_REFUSALS) });
}

/** The city's supervision of an open case (挂牌督办), by one of the city bureau's officers. */
function superviseFromCity(f: Flow, wd: number, oversight = false) {
  if (f.status.supervised || f.status.final) return;
  f.staff(wd, f.rng.pick(f.w.staff.city()), { action: 'supervise', reason: f.rng.pick(SUPERVISION_REASONS) }, oversight);
}

/** After closure: the reporter rates it, and, dissatisfied, may ask to reopen it (or call the hotline to). */
function afterClosure(f: Flow, opts: { rateShare: number; score: (conclusion: string) => number; reopenShare: (conclusion: string) => number; reasons: (conclusion: string) => readonly string[]; redo: (f: Flow) => void }) {
  if (!f.status.final) return;
  const conclusion = f.status.conclusion ?? '';
  const reopen = f.sim.spec.kind.reopen && f.rng.chance(opts.reopenShare(conclusion));
  if (f.rng.chance(reopen ? 0.6 : opts.rateShare)) {
    const score = reopen ? f.rng.range(1, 2) : opts.score(conclusion);
    const comment = f.rng.chance(0.45) ? f.rng.pick(RATING_COMMENTS[score]!) : undefined;
    if (!f.reporter(f.rng.range(0, 2), { action: 'rate', score, ...(comment ? { comment } : {}) })) return;
  }
  if (!reopen) return;
  // Within the kind's limit counted from the closure, whatever the rating took.
  const wd = f.rng.range(1, Math.max(1, f.sim.spec.kind.reopen!.withinDays - 4));
  const reason = f.rng.pick(opts.reasons(conclusion));
  const ok = f.rng.chance(0.8) ? f.reporter(wd, { action: 'reopen', reason }) : f.staff(wd, f.rng.pick(f.w.staff.handlers(f.status.orgCode)), { action: 'reopen', reason: `反映人来电：${reason}` });
  if (!ok) return;
  opts.redo(f);
  if (f.status.final && f.rng.chance(0.55)) f.reporter(f.rng.range(0, 3), { action: 'rate', score: opts.score(f.status.conclusion ?? '') });
}

const FLOWS: Record<DemoKind, (f: Flow) => void> = {
  wage_arrears(f) {
    const { w, rng, sim } = f;
    const spec = sim.spec;
    const employerDistrict = spec.employer?.district ?? null;
    maybeTransfer(f, 0.03, () => (employerDistrict && employerDistrict !== f.status.orgCode ? employerDistrict : w.districtTable.pick(rng).code));
    if (f.status.pendingTransfer) return;
    const team = w.staff.handlers(f.status.orgCode);
    const lead = rng.pick(team);
    const big = Number(spec.details.workers) >= 30;
    const site = spec.details.construction === true;
    const conclusion = draw(rng, big ? WAGE_CONCLUSIONS_LARGE : WAGE_CONCLUSIONS);
    if (!f.staff(f.days(0, 1, 1), lead, { action: 'transition', transition: 'accept' })) return;
    if (rng.chance(0.4)) f.staff(0, lead, { action: 'comment', note: rng.pick(WAGE_FIRST_NOTES) });
    if (!f.status.supervised && rng.chance(0.035)) superviseFromCity(f, rng.range(1, 3));
    if (['not_established', 'duplicate', 'outside_scope'].includes(conclusion)) {
      concludeWithReview(f, lead, f.days(1, 4, 5), { action: 'transition', transition: 'conclude', conclusion, evidence: pickFor(rng, WAGE_EVIDENCE[conclusion]!, site) }, 0.08, WAGE_RETURNS);
    } else if (f.staff(f.days(1, 2, 5), lead, { action: 'transition', transition: 'verify', evidence: pickFor(rng, WAGE_VERIFICATIONS, site) })) {
      if (rng.chance(0.5)) f.staff(f.days(0, 2), lead, { action: 'comment', note: pickFor(rng, WAGE_HANDLING_NOTES, site) });
      concludeWithReview(f, lead, f.days(1, 4, 8), { action: 'transition', transition: 'conclude', conclusion, evidence: pickFor(rng, WAGE_EVIDENCE[conclusion]!, site) }, 0.1, WAGE_RETURNS);
    }
    // A stalled lead escalates to the city's board; the city often supervises it a few days later.
    if (f.stalled && f.status.dueOn && rng.chance(0.4)) superviseFromCity(f, workingDaysBetween(isoDay(sim.lastAt), f.status.dueOn) + rng.range(1, 3), true);
    afterClosure(f, {
      rateShare: 0.7,
      score: (c) => draw(rng, WAGE_SCORES[c] ?? WAGE_SCORES.paid_full!),
      reopenShare: (c) => (c === 'not_established' ? 0.18 : c === 'paid_partly' ? 0.12 : c === 'to_arbitration_court' ? 0.05 : 0.01),
      reasons: (c) => WAGE_REOPEN_REASONS[c] ?? WAGE_REOPEN_REASONS.other!,
      redo: (g) => {
        const again = draw(rng, conclusion === 'not_established' ? WAGE_SECOND_LOOK_NOT_ESTABLISHED : WAGE_SECOND_LOOK);
        const officer = rng.pick(w.staff.handlers(g.status.orgCode));
        if (rng.chance(0.5)) g.staff(g.days(0, 2), officer, { action: 'comment', note: pickFor(rng, WAGE_HANDLING_NOTES, site) });
        concludeWithReview(g, officer, g.days(2, 6, 8), { action: 'transition', transition: 'conclude', conclusion: again, evidence: pickFor(rng, WAGE_EVIDENCE[again]!, site) }, 0.05, WAGE_RETURNS);
      },
    });
  },

  labour_dispute(f) {
    const { w, rng, sim } = f;
    const spec = sim.spec;
    const employerDistrict = spec.employer?.district ?? null;
    maybeTransfer(f, employerDistrict && employerDistrict !== f.status.orgCode ? 0.3 : 0.01, () => (employerDistrict && employerDistrict !== f.status.orgCode ? employerDistrict : w.districtTable.pick(rng).code));
    if (f.status.pendingTransfer) return;
    const lead = rng.pick(w.staff.handlers(f.status.orgCode));
    const caseNo = `${w.districtByCode.get(f.status.orgCode.slice(0, 6))?.short ?? '渝'}劳人仲案字〔${w.year}〕第${100 + (spec.id % 900)}号`;
    if (Number(spec.details.workers ?? 1) >= 10 && rng.chance(0.4)) superviseFromCity(f, rng.range(1, 4));
    else if (rng.chance(0.01)) superviseFromCity(f, rng.range(1, 4));
    const path = draw(rng, [['mediate', 86], ['arbitrate', 9], ['decline', 5]] as const);
    let settled = false;
    if (path === 'decline') {
      concludeWithReview(f, lead, f.days(1, 4, 5), { action: 'transition', transition: 'decline', conclusion: 'not_accepted', reason: rng.pick(DISPUTE_DECLINE_REASONS) }, 0.05, DISPUTE_RETURNS);
    } else {
      const arbitrate = (wd: number) => f.staff(wd, lead, { action: 'transition', transition: 'arbitrate', reason: rng.pick(DISPUTE_ARBITRATION_REASONS) });
      let toArbitration = path === 'arbitrate';
      if (toArbitration) {
        if (!arbitrate(f.days(1, 4, 5))) return;
      } else {
        if (!f.staff(f.days(0, 3, 5), lead, { action: 'transition', transition: 'mediate' })) return;
        if (rng.chance(0.5)) f.staff(f.days(1, 3), lead, { action: 'comment', note: rng.pick(MEDIATION_NOTES) });
        if (rng.chance(0.67)) {
          const c = rng.chance(0.85) ? 'mediated' : 'withdrawn';
          settled = c === 'mediated';
          concludeWithReview(f, lead, f.days(2, 9, 15), { action: 'transition', transition: 'settle', conclusion: c, evidence: c === 'mediated' ? `调解协议书（${caseNo}），双方签字确认` : '申请人提交撤回仲裁申请书' }, 0.06, DISPUTE_RETURNS);
        } else {
          toArbitration = true;
          if (!arbitrate(f.days(3, 10, 15))) return;
        }
      }
      if (toArbitration) awardFlow(f, lead, caseNo);
    }
    afterClosure(f, {
      rateShare: 0.45,
      score: (c) => draw(rng, DISPUTE_SCORES[c] ?? DISPUTE_SCORES.award!),
      // A settlement the employer does not honour goes to arbitration.
      reopenShare: () => (settled ? 0.04 : 0),
      reasons: () => DISPUTE_REOPEN_REASONS,
      redo: (g) => awardFlow(g, rng.pick(w.staff.handlers(g.status.orgCode)), caseNo),
    });
  },

  labour_inspection(f) {
    const { w, rng, sim } = f;
    const lead = rng.pick(w.staff.handlers(f.status.orgCode));
    const planned = sim.spec.details.origin === 'planned';
    if (!f.staff(planned ? f.days(3, 15, 20) : f.days(0, 3, 20), lead, { action: 'transition', transition: 'start' })) return;
    if (rng.chance(0.3)) f.staff(f.days(0, 2), lead, { action: 'comment', note: rng.pick(INSPECTION_NOTES) });
    if (rng.chance(0.5)) {
      concludeWithReview(f, lead, f.days(1, 7, 10), { action: 'transition', transition: 'close_compliant', conclusion: 'compliant', evidence: rng.pick(INSPECTION_COMPLIANT) }, 0.05, INSPECTION_RETURNS);
      return;
    }
    const focus = String(sim.spec.details.focus);
    const topic = Object.values(INSPECTION_TOPICS).find((x) => focus.endsWith(x.focus)) ?? INSPECTION_TOPICS.wages;
    if (!f.staff(f.days(1, 7, 10), lead, { action: 'transition', transition: 'order_rectification', evidence: topic.finding, reason: rng.pick(INSPECTION_ORDERS) })) return;
    const c = draw(rng, [['rectified', 78], ['penalised', 17], ['to_police', 5]] as const);
    concludeWithReview(f, lead, f.days(8, 19, 20), { action: 'transition', transition: 'close_rectified', conclusion: c, evidence: rng.pick(INSPECTION_CLOSURES[c]) }, 0.06, INSPECTION_RETURNS);
  },

  discrimination_report(f) {
    const { w, rng, sim } = f;
    const employerDistrict = sim.spec.employer?.district ?? null;
    maybeTransfer(f, 0.03, () => (employerDistrict && employerDistrict !== f.status.orgCode ? employerDistrict : w.districtTable.pick(rng).code));
    if (f.status.pendingTransfer) return;
    const lead = rng.pick(w.staff.handlers(f.status.orgCode));
    if (!f.staff(f.days(0, 2, 2), lead, { action: 'transition', transition: 'accept' })) return;
    if (rng.chance(0.04)) superviseFromCity(f, rng.range(1, 2));
    if (rng.chance(0.35)) f.staff(f.days(0, 2), lead, { action: 'comment', note: rng.pick(DISCRIMINATION_NOTES) });
    const c = draw(rng, [['corrected', 45], ['penalised', 10], ['to_market_regulation', 15], ['not_established', 30]] as const);
    concludeWithReview(f, lead, f.days(2, 7, 10), { action: 'transition', transition: 'conclude', conclusion: c, evidence: rng.pick(DISCRIMINATION_EVIDENCE[c]) }, 0.08, DISCRIMINATION_RETURNS);
    afterClosure(f, {
      rateShare: 0.55,
      score: (x) => (x === 'not_established' ? rng.range(1, 4) : draw(rng, [[5, 55], [4, 28], [3, 10], [2, 4], [1, 3]] as const)),
      reopenShare: (x) => (x === 'not_established' ? 0.12 : 0.01),
      reasons: () => DISCRIMINATION_REOPEN_REASONS,
      redo: (g) => {
        const again = draw(rng, [['corrected', 50], ['to_market_regulation', 20], ['not_established', 30]] as const);
        concludeWithReview(g, rng.pick(w.staff.handlers(g.status.orgCode)), g.days(2, 6, 10), { action: 'transition', transition: 'conclude', conclusion: again, evidence: rng.pick(DISCRIMINATION_EVIDENCE[again]) }, 0.05, DISCRIMINATION_RETURNS);
      },
    });
  },
};

function awardFlow(f: Flow, lead: Officer, caseNo: string) {
  const { rng } = f;
  if (rng.chance(0.4)) f.staff(f.days(3, 10), lead, { action: 'comment', note: rng.pick(ARBITRATION_NOTES) });
  const c = draw(rng, [['award', 50], ['mediated', 25], ['withdrawn', 12], ['dismissed', 13]] as const);
  const evidence = c === 'award' || c === 'dismissed' ? `仲裁裁决书（${caseNo}）已送达双方` : c === 'mediated' ? `仲裁调解书（${caseNo}），双方签收` : '申请人提交撤回仲裁申请书，准予撤回';
  concludeWithReview(f, lead, f.days(6, 22, 45), { action: 'transition', transition: 'award', conclusion: c, evidence }, 0.06, DISPUTE_RETURNS);
}

// --- What the cases are about ---------------------------------------------------------------------

/** Times cases were opened, spread over the months so far by season and over their days (fewer at weekends). */
function openingTimes(w: World, total: number, season: readonly number[], channel: 'public' | 'office'): number[] {
  const { rng, today, year } = w;
  const month = Number(today.slice(5, 7));
  const days: string[][] = [];
  const weights: number[] = [];
  for (let m = 1; m <= month; m++) {
    const first = `${year}-${String(m).padStart(2, '0')}-01`;
    const inMonth: string[] = [];
    for (let d = first; d.slice(0, 7) === first.slice(0, 7) && d <= today; d = nextDay(d)) inMonth.push(d);
    const length = new Date(Date.UTC(year, m, 0)).getUTCDate();
    days.push(inMonth);
    weights.push(season[m - 1]! * (inMonth.length / length));
  }
  const counts = apportion(weights, total);
  const times: number[] = [];
  days.forEach((inMonth, i) => {
    const open = inMonth.map((d) => [d, isWorkingDay(d) ? 1 : channel === 'public' ? 0.35 : 0] as const).filter(([, wt]) => wt > 0);
    if (open.length === 0) return;
    const table = new WeightedTable(open);
    for (let n = 0; n < counts[i]!; n++) {
      for (let attempt = 0; attempt < 6; attempt++) {
        const d = table.pick(rng);
        const minutes = channel === 'office' ? 540 + rng.int(480) : 420 + Math.floor(960 * (rng.next() + rng.next()) / 2);
        const t = instant(d, minutes);
        if (t < w.nowMs - 30 * MIN) {
          times.push(t);
          break;
        }
      }
    }
  });
  return times.sort((a, b) => a - b);
}

/** The year's seasonal weight up to and including `today`. */
function seasonShare(season: readonly number[], today: string): number {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  let share = 0;
  for (let m = 1; m < month; m++) share += season[m - 1]!;
  return share + (season[month - 1]! * Number(today.slice(8, 10))) / new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Splits `total` in proportion to `weights`, largest remainders first. */
function apportion(weights: readonly number[], total: number): number[] {
  const sum = weights.reduce((s, x) => s + x, 0);
  if (sum <= 0) return weights.map(() => 0);
  const raw = weights.map((x) => (x / sum) * total);
  const out = raw.map(Math.floor);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0, left = total - out.reduce((s, x) => s + x, 0); k < left; k++) out[order[k % order.length]![1]]!++;
  return out;
}

const monthOf = (t: number) => isoDay(t).slice(0, 7);
function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}
/** The day `n` working days before `date`. */
function workingDaysBefore(date: string, n: number): string {
  let d = date;
  for (let left = n; left > 0; ) {
    d = new Date(Date.parse(`${d}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
    if (isWorkingDay(d)) left--;
  }
  return d;
}
const yuanText = (fen: number) => {
  const y = Math.round(fen / 100);
  return y >= 10_000 ? `${(y / 10_000).toFixed(y >= 100_000 ? 0 : 1)}万元` : `${y}元`;
};

function personName(rng: Random): string {
  return rng.pick(SURNAMES) + rng.pick(GIVEN) + (rng.chance(0.7) ? rng.pick(GIVEN) : '');
}
function phone(rng: Random): string {
  return `1${rng.pick(['3', '5', '7', '8', '9'])}${String(rng.int(1e9)).padStart(9, '0')}`;
}
function someone(w: World, registered: boolean) {
  const p = registered && w.persons.length > 0 ? w.rng.pick(w.persons) : null;
  return p ? { personId: p.id, name: p.name, phone: p.phone } : { personId: null, name: personName(w.rng), phone: phone(w.rng) };
}

/** Enterprises weighted by how often a kind concerns them (industry and size). */
function employerTable(w: World, industry: Record<string, number>, size: Record<string, number>): WeightedTable<Employer> {
  return new WeightedTable(w.enterprises.map((e) => [e, (industry[e.section] ?? 1) * (size[e.size] ?? 1)] as const));
}

/** The case, checked against its kind's fields and routed as `openCase` would; null (and counted) if the fields are invalid. */
function makeSpec(w: World, kind: LoadedKind, s: Omit<Spec, 'id' | 'kind' | 'employerKey' | 'orgCode'>): Spec | null {
  // The fields pass the kind's schema, as a report through the API must (one schema per kind: building it is not cheap).
  let schema = w.schemas.get(kind.code);
  if (!schema) w.schemas.set(kind.code, (schema = fieldSchema(kind)));
  const parsed = schema.safeParse(s.details);
  if (!parsed.success) {
    w.skipped++;
    return null;
  }
  const details = parsed.data as Record<string, unknown>;
  const orgCode = routeCase(kind, details, s.employer?.district ?? null);
  if (!orgCode || !w.districtByCode.has(orgCode.slice(0, 6))) {
    w.skipped++;
    return null;
  }
  const name = typeof details.employerName === 'string' ? details.employerName.replace(/\s+/g, '') : null;
  const employerKey = kind.subject !== 'enterprise' ? null : s.employer ? s.employer.creditCode : name ? `name:${name}` : null;
  return { ...s, details, id: 0, kind, employerKey, orgCode };
}

function wageArrearsSpecs(w: World, kind: LoadedKind, total: number): Spec[] {
  const { rng } = w;
  const employers = employerTable(w, { E: 8, C: 2, H: 2, K: 1.5, G: 1.2, F: 0.6, L: 0.6, I: 0.5, J: 0.2, D: 0.3 }, { micro: 1, small: 2.5, medium: 4, large: 5 });
  const stallFrom = workingDaysBefore(w.today, 30);
  const stallTo = workingDaysBefore(w.today, 7);
  const specs: Spec[] = [];
  const lead = (openedAt: number, opts: { base?: Spec; district?: string; stall?: number } = {}): Spec | null => {
    const base = opts.base;
    const unregistered = !base && !opts.district && rng.chance(0.05);
    const employer = base ? base.employer : opts.district ? (w.construction.length ? rng.pick(w.construction) : employers.pick(rng)) : unregistered ? null : employers.pick(rng);
    const construction = base ? base.details.construction === true : opts.district ? true : employer ? employer.section === 'E' || rng.chance(0.03) : rng.chance(0.5);
    const projectDistrict = base
      ? String(base.details.projectDistrict)
      : (opts.district ?? (construction ? (employer && rng.chance(0.75) ? employer.district : w.districtTable.pick(rng).code) : (employer?.district ?? w.districtTable.pick(rng).code)));
    const district = w.districtByCode.get(projectDistrict) ?? w.districts[0]!;
    const employerName = employer ? employer.name : rng.chance(0.6) ? `个人包工头${personName(rng)}` : `${district.short}${rng.pick(SURNAMES)}记${rng.pick(SMALL_SHOPS)}`;
    const workers = base ? draw(rng, [[1, 40], [2, 20], [3, 12], [rng.range(4, 10), 20], [rng.range(11, 25), 8]] as const) : draw(rng, WORKER_COUNTS)(rng);
    const months = draw(rng, [[1, 25], [2, 25], [3, 20], [4, 12], [5, 8], [6, 6], [rng.range(7, 12), 4]] as const);
    const periodTo = base ? String(base.details.periodTo) : addMonths(monthOf(openedAt), -draw(rng, [[0, 20], [1, 62], [2, 18]] as const));
    const periodFrom = base ? addMonths(String(base.details.periodFrom), rng.range(-1, 1)) : addMonths(periodTo, -(months - 1));
    const from = periodFrom > periodTo ? periodTo : periodFrom;
    const span = 1 + monthsBetween(from, periodTo);
    const monthly = (construction ? rng.range(6000, 11000) : employer?.section === 'H' ? rng.range(3500, 5500) : rng.range(4000, 8000)) * (0.4 + 0.6 * rng.next());
    const amountFen = Math.max(50_000, Math.round((workers * span * monthly) / 100) * 10_000);
    const job = rng.pick(JOBS[construction ? 'E' : (employer?.section ?? 'default')] ?? JOBS.default!);
    const projectName = construction ? (base ? String(base.details.projectName) : projectNameIn(rng, district)) : undefined;
    const source = draw(rng, [['public', 45], ['citizen', 15], ['hotline', 40]] as const);
    const reporter = someone(w, source === 'citizen');
    const who = workers > 1 ? `我们${workers}名${job}` : `本人是${job}，`;
    const where = construction ? `在${projectName}务工` : `在该单位上班`;
    const [fy, fm] = from.split('-').map(Number) as [number, number];
    const [ty, tm] = periodTo.split('-').map(Number) as [number, number];
    const when = from === periodTo ? `${fy}年${fm}月` : `${fy}年${fm}月至${ty === fy ? '' : `${ty}年`}${tm}月`;
    const festival = Number(monthOf(openedAt).slice(5)) <= 2 && rng.chance(0.5) ? '马上过年了，急需这笔钱回家。' : '';
    const description = `${who}${where}，${when}的工资共计约${yuanText(amountFen)}至今未发。${rng.pick(WAGE_STORIES)}。${festival}`.slice(0, 2000);
    const knowsCode = !!employer && (!employer.uniqueName || source !== 'public' || rng.chance(0.6));
    return makeSpec(w, kind, {
      openedAt,
      source,
      details: { employerName, ...(knowsCode ? { employerCreditCode: employer!.creditCode } : {}), construction, ...(projectName ? { projectName } : {}), projectDistrict, periodFrom: from, periodTo, amountFen, workers, description },
      employer,
      reporter,
      createdBy: source === 'hotline' ? rng.pick(w.staff.city()) : null,
      stall: opts.stall ?? (isoDay(openedAt) >= stallFrom && isoDay(openedAt) <= stallTo && rng.chance(0.05) ? rng.range(1, 2) : null),
    });
  };
  // Periods already reported per employer: a fresh lead avoids them (the follow-ups below link on purpose).
  const reported = new Map<string, [string, string][]>();
  const overlaps = (s: Spec) => (reported.get(s.employerKey ?? '') ?? []).some(([f, t]) => f <= String(s.details.periodTo) && t >= String(s.details.periodFrom));
  const keep = (s: Spec) => {
    specs.push(s);
    if (s.employerKey) reported.set(s.employerKey, [...(reported.get(s.employerKey) ?? []), [String(s.details.periodFrom), String(s.details.periodTo)]]);
  };
  for (const openedAt of openingTimes(w, total, SEASON.wage_arrears, 'public')) {
    // Workers of one employer and period often report separately: these leads link up.
    const recent = specs.length > 0 && rng.chance(0.06) ? specs.slice(-40).filter((s) => s.employer && openedAt - s.openedAt < 25 * DAY_MS) : [];
    let s = lead(openedAt, recent.length ? { base: rng.pick(recent) } : {});
    for (let retry = 0; s && !recent.length && overlaps(s) && retry < 4; retry++) s = lead(openedAt);
    if (s) keep(s);
  }
  // A few leads in the demo staff's districts left overdue: accepted (or verified) and then stalled.
  for (const district of OVERDUE_DEMO_DISTRICTS) {
    for (let i = 0; i < 3; i++) {
      const s = lead(instant(workingDaysBefore(w.today, rng.range(15, 25)), 540 + rng.int(420)), { district, stall: 1 + (i % 2) });
      if (s) keep(s);
    }
  }
  return specs;
}

function disputeSpecs(w: World, kind: LoadedKind, total: number): Spec[] {
  const { rng } = w;
  const employers = employerTable(w, { E: 3, C: 2.5, H: 1.5, I: 1.5, L: 1.5, G: 1.2, F: 0.8, K: 1.2, J: 1 }, { micro: 1, small: 3, medium: 8, large: 15 });
  const stallFrom = workingDaysBefore(w.today, 70);
  const stallTo = workingDaysBefore(w.today, 8);
  const out: Spec[] = [];
  for (const openedAt of openingTimes(w, total, SEASON.labour_dispute, 'office')) {
    const employer = employers.pick(rng);
    const district = rng.chance(0.85) ? employer.district : w.districtTable.pick(rng).code;
    const claimType = draw(rng, [['wages', 40], ['contract', 25], ['insurance', 12], ['injury', 10], ['other', 13]] as const);
    const workers = draw(rng, [[1, 85], [rng.range(2, 9), 12], [rng.range(10, 60), 3]] as const);
    const perHead = claimType === 'injury' ? rng.range(50_000, 300_000) : claimType === 'contract' ? rng.range(15_000, 120_000) : claimType === 'insurance' ? rng.range(5_000, 60_000) : rng.range(3_000, 50_000);
    const amountFen = Math.round((workers * perHead) / 10) * 1000;
    const applicant = someone(w, rng.chance(0.5));
    const claims = DISPUTE_CLAIMS[claimType].replace('{amount}', yuanText(amountFen));
    const description = `${workers > 1 ? `申请人等${workers}人` : '申请人'}${rng.pick(DISPUTE_BACKGROUNDS[claimType])}。${claims}。`;
    const s = makeSpec(w, kind, {
      openedAt,
      source: 'staff',
      details: { applicantName: applicant.name, employerName: employer.name, ...(rng.chance(0.8) ? { employerCreditCode: employer.creditCode } : {}), district, claimType, amountFen, workers, description },
      employer,
      reporter: applicant,
      createdBy: null,
      stall: isoDay(openedAt) >= stallFrom && isoDay(openedAt) <= stallTo && rng.chance(0.03) ? rng.range(1, 2) : null,
    });
    if (s) out.push({ ...s, createdBy: w.staff.handlers(s.orgCode)[0]! });
  }
  return out;
}

function inspectionSpecs(w: World, kind: LoadedKind, total: number): Spec[] {
  const { rng } = w;
  const employers = employerTable(w, { E: 3, C: 2, H: 1.5, G: 1.2, K: 1.2 }, { micro: 1, small: 3, medium: 6, large: 8 });
  const stallFrom = workingDaysBefore(w.today, 60);
  const stallTo = workingDaysBefore(w.today, 12);
  const out: Spec[] = [];
  for (const openedAt of openingTimes(w, total, SEASON.labour_inspection, 'office')) {
    const employer = employers.pick(rng);
    const month = Number(monthOf(openedAt).slice(5));
    const campaign = [1, 6, 11, 12].includes(month) && rng.chance(0.4);
    const origin = campaign ? 'campaign' : rng.chance(0.7) ? 'planned' : 'reactive';
    const topic = origin === 'campaign' ? (month === 6 ? INSPECTION_TOPICS.hiring : INSPECTION_TOPICS.wages) : rng.pick(Object.values(INSPECTION_TOPICS));
    const focus = origin === 'campaign' ? (month === 6 ? `清理整顿人力资源市场秩序专项行动：${topic.focus}` : `根治欠薪冬季专项行动：${topic.focus}`) : topic.focus;
    const description = origin === 'reactive' ? `根据群众举报，${topic.tip}，开展专项检查。` : origin === 'planned' ? `按${w.year}年度“双随机、一公开”抽查计划开展检查。` : `按专项行动部署，对辖区重点单位开展检查。`;
    const s = makeSpec(w, kind, {
      openedAt,
      source: 'staff',
      details: { employerName: employer.name, employerCreditCode: employer.creditCode, district: employer.district, origin, focus, description },
      employer,
      reporter: null,
      createdBy: null,
      stall: isoDay(openedAt) >= stallFrom && isoDay(openedAt) <= stallTo && rng.chance(0.04) ? 1 : null,
    });
    if (s) out.push({ ...s, createdBy: w.staff.handlers(s.orgCode)[0]! });
  }
  return out;
}

function discriminationSpecs(w: World, kind: LoadedKind, total: number): Spec[] {
  const { rng } = w;
  const employers = employerTable(w, { I: 2, L: 2, F: 1.5, H: 1.5, J: 1.5, C: 1 }, { micro: 1, small: 2.5, medium: 3, large: 3 });
  const out: Spec[] = [];
  for (const openedAt of openingTimes(w, total, SEASON.discrimination_report, 'public')) {
    const employer = employers.pick(rng);
    const ground = draw(rng, [['gender', 25], ['age', 35], ['marital', 15], ['hukou', 8], ['ethnicity', 2], ['health', 10], ['other', 5]] as const);
    const source = draw(rng, [['public', 60], ['citizen', 25], ['hotline', 15]] as const);
    const reporter = someone(w, source === 'citizen');
    const jobTitle = rng.pick(JOB_TITLES);
    const phrase = rng.pick(DISCRIMINATION_PHRASES[ground]);
    const s = makeSpec(w, kind, {
      openedAt,
      source,
      details: {
        employerName: employer.name,
        ...(rng.chance(0.5) || !employer.uniqueName ? { employerCreditCode: employer.creditCode } : {}),
        district: employer.district,
        jobTitle,
        ground,
        phrase,
        description: `${rng.pick(DISCRIMINATION_STORIES).replace('{job}', jobTitle)}，招聘信息写明“${phrase}”。`,
      },
      employer,
      reporter,
      createdBy: source === 'hotline' ? rng.pick(w.staff.city()) : null,
      stall: null,
    });
    if (s) out.push(s);
  }
  return out;
}

function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  return ty * 12 + tm - (fy * 12 + fm);
}

function projectNameIn(rng: Random, d: District): string {
  if (rng.chance(0.3)) return `${d.short}${rng.pick(INFRASTRUCTURE)}`;
  return `${d.short}${rng.pick(PLACE_WORDS)}${rng.pick(BUILDINGS)}${rng.pick(['', '一期', '二期', '三期', 'A区', 'B区'])}项目`;
}

// --- Writing -------------------------------------------------------------------------------------------

const BATCH = 1000;

/**
 * Inserts rows as one JSON document per batch, typed by the table's own row type: a single bound
 * parameter instead of tens of thousands (binding each value costs PGlite more than storing it).
 */
async function insertRows(trx: DbOrTx, table: 'case_record' | 'case_event', rows: Record<string, unknown>[]) {
  if (rows.length === 0) return;
  const columns = sql.join(Object.keys(rows[0]!).map((c) => sql.id(c)));
  for (let i = 0; i < rows.length; i += BATCH) {
    const doc = JSON.stringify(rows.slice(i, i + BATCH));
    await sql`INSERT INTO ${sql.id(table)} (${columns}) SELECT ${columns} FROM jsonb_populate_recordset(NULL::${sql.id(table)}, ${doc}::jsonb)`.execute(trx);
  }
}

/** Inserts the cases and their events in a few multi-row statements, in one transaction. */
async function writeCases(db: Db, sims: CaseSim[]): Promise<number> {
  return db.transaction().execute(async (trx) => {
    // Checked again inside the transaction: two starts at once add the demo once.
    if (await demoPresent(trx)) return 0;
    const records = sims.map((sim) => {
      const { spec, status } = sim;
      const d = spec.details;
      const workers = spec.kind.link ? d[spec.kind.link.workersField] : d.workers;
      return {
        id: spec.id,
        kind_code: spec.kind.code,
        kind_version: spec.kind.version,
        tracking_code: newTrackingCode(),
        title: String(d[spec.kind.titleField] ?? spec.kind.label.zh).slice(0, 200),
        source: spec.source,
        details: d,
        enterprise_id: spec.employer?.id ?? null,
        employer_key: spec.employerKey,
        workers: typeof workers === 'number' ? workers : null,
        amount_fen: typeof d.amountFen === 'number' ? d.amountFen : null,
        subject_ref: null,
        reporter_person_id: spec.reporter?.personId ?? null,
        reporter_name: spec.reporter?.name ?? null,
        reporter_phone: spec.reporter?.phone ?? null,
        ...statusColumns(status),
        // JSON values, not the JSON text statusColumns gives for a bound parameter.
        pending_review: status.pendingReview,
        pending_transfer: status.pendingTransfer,
        updated_at: new Date(sim.lastAt).toISOString(),
      };
    });
    await insertRows(trx, 'case_record', records);
    const events = sims.flatMap((sim) =>
      sim.timeline.events.map((e, i) => ({
        case_id: sim.spec.id,
        seq: e.seq,
        action: e.action,
        state_after: sim.timeline.stateAfter[i]!,
        actor_id: e.actorId,
        actor_role: sim.timeline.roles[i] ?? null,
        payload: e.payload,
        at: e.at,
      })),
    );
    await insertRows(trx, 'case_event', events);
    return sims.length;
  });
}

function summary(sims: CaseSim[], today: string): string {
  const parts: string[] = [];
  for (const code of DEMO_KINDS) {
    const of = sims.filter((s) => s.spec.kind.code === code);
    if (of.length === 0) continue;
    const closed = of.filter((s) => s.status.final).length;
    const overdue = of.filter((s) => !s.status.final && s.status.dueOn !== null && s.status.dueOn < today).length;
    const count = (p: (s: CaseStatus) => boolean) => of.filter((s) => p(s.status)).length;
    parts.push(
      `${code} ${of.length} (closed ${((100 * closed) / of.length).toFixed(1)}%, overdue ${overdue}, supervised ${count((s) => s.supervised)}, reopened ${count((s) => s.reopenCount > 0)}, rated ${count((s) => s.rating !== null)}, late ${count((s) => s.closedOnTime === false)})`,
    );
  }
  return `${sims.length} cases: ${parts.join(', ')}`;
}

// --- Words ------------------------------------------------------------------------------------------------

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '肖', '田', '董', '袁', '潘', '蒋', '蔡', '余', '杜', '叶', '程', '苏', '魏', '吕', '丁', '任', '谭', '廖', '冉', '向', '秦', '熊', '龚', '雷', '陶', '贺', '汪', '严'];
const GIVEN = ['建', '国', '明', '华', '军', '平', '伟', '强', '勇', '杰', '涛', '斌', '波', '辉', '刚', '林', '春', '燕', '芳', '红', '丽', '梅', '英', '霞', '敏', '静', '娟', '兵', '超', '浩', '鹏', '宇', '磊', '丹', '琴', '秀', '兰', '志', '德', '福', '洪', '江', '成', '松', '贵', '昌', '远', '川', '莉', '婷'];
const SMALL_SHOPS = ['火锅店', '小面馆', '装修队', '汽修店', '串串香', '农家乐', '洗车店', '建材门市'];
const PLACE_WORDS = ['滨江', '两江', '龙湖', '金科', '城南', '城北', '新城', '悦来', '礼嘉', '江岸', '半岛', '云岭', '锦绣', '翠湖'];
const BUILDINGS = ['花园', '公馆', '安置房', '商业广场', '学校教学楼', '产业园标准厂房', '医院综合楼', '物流园', '人才公寓'];
const INFRASTRUCTURE = ['道路改造工程', '老旧小区改造工程', '雨污管网改造工程', '污水处理厂扩建工程', '轨道交通站点工程', '河道综合整治工程', '滨江步道工程'];
const JOBS: Record<string, readonly string[]> = {
  E: ['钢筋工', '木工', '泥水工', '架子工', '水电工', '油漆工', '杂工', '混凝土工', '焊工', '防水工'],
  C: ['操作工', '普工', '质检员', '装配工', '叉车司机', '包装工'],
  H: ['服务员', '厨师', '洗碗工', '传菜员', '收银员', '配菜员'],
  F: ['销售员', '理货员', '收银员', '配送员', '店员'],
  G: ['货车司机', '装卸工', '快递员', '仓管员', '分拣员'],
  K: ['保安', '保洁员', '绿化工', '电梯维修工', '物业管家'],
  I: ['程序员', '客服', '运营专员', '测试员'],
  L: ['业务员', '行政文员', '客服', '销售'],
  default: ['员工', '普工', '销售员', '文员', '司机'],
};
const WORKER_COUNTS: Weighted<(rng: Random) => number> = [
  [() => 1, 30],
  [() => 2, 14],
  [() => 3, 11],
  [(r) => r.range(4, 6), 20],
  [(r) => r.range(7, 10), 12],
  [(r) => r.range(11, 20), 7],
  [(r) => r.range(21, 29), 3],
  [(r) => r.range(30, 80), 1.5],
  [(r) => r.range(81, 200), 0.3],
];
const WAGE_STORIES = [
  '多次找老板讨要无果，老板一直推脱',
  '包工头已经失联，电话打不通',
  '公司称资金周转困难，答应的付款日期一再推迟',
  '项目已经完工，总包单位称工程款已拨付给劳务分包，分包却不发工资',
  '老板承诺月底结清，到现在也没有兑现',
  '公司已经停业，办公室找不到人',
  '每月只发一点生活费，剩下的工资一直拖着',
  '离职时公司承诺一个月内结清，至今未付',
  '工资条上有应发工资，银行卡却一直没有到账',
  '要求公司出具欠条，被拒绝',
  '老板说等甲方拨款再发，一拖再拖',
];
const WAGE_FIRST_NOTES = ['已电话联系反映人，核实欠薪人数、时间和金额', '已登记反映人提供的考勤记录照片', '已电话联系用工单位负责人，要求配合核查', '已告知反映人核查流程和办理时限'];
/** Notes and evidence of wage-arrears leads: some only fit a construction project (总包, 专用账户, 保证金). */
type ByProject = { any: readonly string[]; construction?: readonly string[] };
const pickFor = (rng: Random, pool: ByProject, construction: boolean) => rng.pick(construction && pool.construction ? [...pool.any, ...pool.construction] : pool.any);
const WAGE_HANDLING_NOTES: ByProject = {
  any: ['已约谈用工单位负责人，责令限期支付', '单位承诺本周内支付，继续跟踪', '已通知反映人到场核对工资表', '已向用工单位送达《劳动保障监察限期整改指令书》'],
  construction: ['已向总承包单位发出《劳动保障监察限期整改指令书》', '已调取项目农民工工资专用账户流水', '已协调建设单位从应付工程款中预留工资款'],
};
const WAGE_VERIFICATIONS: ByProject = {
  any: ['现场核查，调取考勤表和工资表，确认欠薪属实', '约谈用工单位负责人，对方承认拖欠工资', '核对劳动合同和考勤记录，欠薪事实基本清楚', '询问工友三人，所述与反映情况一致'],
  construction: ['调取农民工工资专用账户流水，确认未按月代发工资', '查阅项目考勤台账和劳务分包合同，确认欠薪属实'],
};
const WAGE_EVIDENCE: Record<string, ByProject> = {
  paid_full: { any: ['用工单位已通过银行转账全额支付，附工资支付凭证和工人签收表', '单位现场足额支付，附工人签收表和转账记录'], construction: ['总包单位代发工资，已足额支付到工人银行卡', '动用工资保证金支付，工人已签字确认'] },
  paid_partly: { any: ['已支付大部分工资，余款签订还款协议约定下月底前付清', '单位支付了一半，剩余部分约定分两期支付，附还款协议'] },
  to_arbitration_court: { any: ['双方对工资数额争议较大，已引导工人申请劳动仲裁并提供法律援助', '已协助工人向法院申请支付令'] },
  to_police: { any: ['用工单位负责人经责令支付后仍拒不支付，已按涉嫌拒不支付劳动报酬罪移送公安机关', '负责人转移财产后逃匿，已移送公安机关立案侦查'] },
  not_established: { any: ['核查考勤和工资发放记录，工资已按时足额发放，欠薪不成立', '反映人与单位系承揽关系，不属于欠薪，已告知维权渠道'] },
  duplicate: { any: ['与此前同一反映人的线索重复，已合并办理', '同一事项已在办理中，本线索作重复处理'] },
  outside_scope: { any: ['反映的是工程款结算纠纷，已告知通过民事诉讼解决', '反映的是社保补缴问题，已告知向社保经办机构反映'], construction: ['反映的是工程款结算纠纷，已告知通过民事诉讼解决'] },
};
const WAGE_CONCLUSIONS: Weighted<string> = [['paid_full', 63], ['paid_partly', 12], ['to_arbitration_court', 8], ['to_police', 2.5], ['not_established', 8], ['duplicate', 3.5], ['outside_scope', 3]];
const WAGE_CONCLUSIONS_LARGE: Weighted<string> = [['paid_full', 55], ['paid_partly', 25], ['to_arbitration_court', 8], ['to_police', 10], ['not_established', 2]];
const WAGE_SECOND_LOOK: Weighted<string> = [['paid_full', 50], ['to_arbitration_court', 25], ['to_police', 10], ['paid_partly', 15]];
const WAGE_SECOND_LOOK_NOT_ESTABLISHED: Weighted<string> = [['paid_full', 35], ['not_established', 50], ['to_arbitration_court', 15]];
const WAGE_SCORES: Record<string, Weighted<number>> = {
  paid_full: [[5, 70], [4, 22], [3, 5], [2, 2], [1, 1]],
  paid_partly: [[5, 15], [4, 40], [3, 30], [2, 10], [1, 5]],
  to_arbitration_court: [[5, 20], [4, 35], [3, 30], [2, 10], [1, 5]],
  to_police: [[5, 40], [4, 35], [3, 15], [2, 5], [1, 5]],
  not_established: [[5, 5], [4, 15], [3, 30], [2, 25], [1, 25]],
  duplicate: [[5, 30], [4, 40], [3, 25], [2, 5]],
  outside_scope: [[5, 20], [4, 40], [3, 30], [2, 5], [1, 5]],
};
const WAGE_RETURNS = ['缺少工人签收记录，请补充', '工资支付凭证不全，请补充银行流水', '结论与核查记录不一致，请核实后重新提交', '未写明余款支付期限，请补充还款协议'];
const WAGE_REOPEN_REASONS: Record<string, readonly string[]> = {
  paid_partly: ['约定的余款到期仍未支付', '单位只付了一部分，剩下的又不给了'],
  not_established: ['核查结论与事实不符，工友可以作证', '单位提供的工资表与实际发放不符'],
  other: ['钱还是没有到账', '对处理结果不满意，要求重新核查'],
};
const SUPPLEMENTS = ['已补充相关材料', '补充工人签收表', '补充银行转账流水', '补充询问笔录'];
const APPROVAL_NOTES = ['材料齐全，同意办结', '同意', '证据充分，同意办结'];
const SUPERVISION_REASONS = ['群众多次来电反映，请加快办理', '涉及人数较多，市级挂牌督办', '临近节日，请确保按期办结', '媒体关注，请从快从严办理', '已超期，请说明原因并限期办结'];
const TRANSFER_REASONS = ['经核实，用人单位注册地和实际经营地均在{to}，请接收办理', '经核实，用人单位在{to}，按属地原则转办'];
const TRANSFER_REFUSALS = ['经核实，该单位不在我区经营，请原承办单位继续办理', '经核实，不属于我区管辖，请原承办单位继续办理'];
const TOWNSHIP_TRANSFER_REASONS = ['用工单位位于解放碑街道辖区，请街道劳动保障所就近核查处理', '请解放碑街道就近核实并协调处理'];
const RATING_COMMENTS: Record<number, readonly string[]> = {
  5: ['处理很快，工资已经拿到了，感谢！', '工作人员很负责', '非常满意', '感谢政府帮忙'],
  4: ['基本满意，就是时间有点长', '问题解决了', '还可以'],
  3: ['钱只拿到一部分', '处理一般', '希望后续继续跟进'],
  2: ['处理太慢', '没有解决根本问题'],
  1: ['问题没有解决', '很不满意'],
};
const DISPUTE_BACKGROUNDS: Record<'wages' | 'contract' | 'insurance' | 'injury' | 'other', readonly string[]> = {
  wages: ['与被申请人因拖欠劳动报酬发生争议', '离职后被申请人一直未结清工资'],
  contract: ['被申请人以经营困难为由单方解除劳动合同', '入职后被申请人一直未签订书面劳动合同'],
  insurance: ['在职期间被申请人未依法为其缴纳社会保险'],
  injury: ['在工作中受伤，已认定为工伤', '上班途中发生交通事故受伤，已认定为工伤'],
  other: ['长期加班未获加班工资', '连续工作多年未安排带薪年休假'],
};
const DISPUTE_CLAIMS: Record<'wages' | 'contract' | 'insurance' | 'injury' | 'other', string> = {
  wages: '请求裁决被申请人支付拖欠工资{amount}',
  contract: '请求确认被申请人违法解除劳动合同，支付赔偿金{amount}',
  insurance: '请求被申请人补缴社会保险费，并赔偿损失{amount}',
  injury: '请求支付一次性伤残补助金、停工留薪期工资等工伤待遇{amount}',
  other: '请求支付加班工资及未休年休假工资报酬{amount}',
};
const MEDIATION_NOTES = ['已通知双方到场调解', '已组织调解，双方差距较大', '申请人补充提交了工资流水', '被申请人同意分期支付，正在协商金额'];
const ARBITRATION_NOTES = ['被申请人已提交答辩书', '已向双方送达开庭通知书', '已开庭审理，双方进行了质证', '庭审中再次组织调解'];
const DISPUTE_DECLINE_REASONS = ['申请人与被申请人不存在劳动关系，不属于劳动争议受理范围', '超过仲裁时效，且无中止、中断情形', '申请事项不属于劳动人事争议仲裁受理范围'];
const DISPUTE_ARBITRATION_REASONS = ['调解不成，申请人要求仲裁', '被申请人未到场参加调解', '申请人直接申请仲裁', '调解期满未达成协议'];
const DISPUTE_RETURNS = ['裁决书文号有误，请更正', '缺少送达回证，请补充', '调解协议未写明履行期限'];
const DISPUTE_SCORES: Record<string, Weighted<number>> = {
  mediated: [[5, 55], [4, 30], [3, 10], [2, 3], [1, 2]],
  award: [[5, 35], [4, 30], [3, 20], [2, 10], [1, 5]],
  withdrawn: [[5, 30], [4, 35], [3, 25], [2, 5], [1, 5]],
  dismissed: [[4, 10], [3, 30], [2, 30], [1, 30]],
  not_accepted: [[4, 10], [3, 30], [2, 30], [1, 30]],
};
const DISPUTE_REOPEN_REASONS = ['被申请人未按调解协议履行', '调解协议约定的款项到期未支付'];
/** What an inspection looks at, what a complaint about it says, and what it finds when something is wrong. */
const INSPECTION_TOPICS = {
  contracts: { focus: '劳动合同签订情况', tip: '该单位未与职工签订劳动合同', finding: '发现12名职工未签订书面劳动合同' },
  wages: { focus: '工资支付和农民工工资专用账户', tip: '该单位存在拖欠工资的情况', finding: '未按月足额支付部分职工工资，未按规定设立农民工工资专用账户' },
  insurance: { focus: '社会保险参保缴费情况', tip: '该单位未为职工缴纳社会保险', finding: '未为部分职工缴纳社会保险' },
  hours: { focus: '工作时间和休息休假', tip: '该单位长期安排超时加班', finding: '安排职工延长工作时间超过法定上限' },
  protection: { focus: '女职工和未成年工特殊保护', tip: '该单位安排孕期女职工上夜班', finding: '安排孕期女职工从事夜班劳动' },
  hiring: { focus: '招聘行为和就业歧视', tip: '该单位招聘信息含有歧视性条件', finding: '招聘简章设置性别、年龄等限制条件' },
} as const;
const INSPECTION_NOTES = ['已调取劳动合同和工资台账', '已询问职工五人', '单位负责人配合检查', '已向单位送达《劳动保障监察询问通知书》'];
const INSPECTION_COMPLIANT = ['现场检查劳动合同、工资台账和考勤记录，未发现违法行为', '抽查职工工资发放记录和参保情况，均符合规定'];
const INSPECTION_ORDERS = ['下达《劳动保障监察限期整改指令书》，限15日内整改', '责令限期改正并报送整改情况'];
const INSPECTION_RETURNS = ['整改复查记录不完整，请补充', '请附整改前后对比材料'];
const INSPECTION_CLOSURES = {
  rectified: ['复查确认已整改到位，附整改报告和复查记录', '已补签劳动合同、补发工资，复查合格'],
  penalised: ['逾期未整改，已作出行政处罚决定', '拒不整改，已依法处以罚款'],
  to_police: ['涉嫌拒不支付劳动报酬罪，已移送公安机关'],
} as const;
const JOB_TITLES = ['销售代表', '行政专员', '会计', '普工', '客服专员', '前台', '司机', '仓管员', '程序员', '店长', '护理员', '教师'];
const DISCRIMINATION_PHRASES = {
  gender: ['限男性', '只招男生', '女性需承诺三年内不生育', '男士优先'],
  age: ['仅限35岁以下', '年龄25至35周岁', '限30岁以内', '45岁以上勿扰'],
  marital: ['已婚已育优先', '限未婚', '三年内无生育计划'],
  hukou: ['限本市户籍', '只招主城户籍', '外地户籍勿扰'],
  ethnicity: ['限汉族'],
  health: ['乙肝携带者勿扰', '需提供乙肝五项检查报告', '有病史者不予录用'],
  other: ['身高170厘米以上', '有纹身者不予录用', '限本科985院校'],
} as const;
const DISCRIMINATION_STORIES = ['在招聘网站看到该单位招聘{job}', '应聘{job}时被告知不符合条件', '参加{job}岗位面试时', '在招聘会上看到该单位招{job}'];
const DISCRIMINATION_NOTES = ['已调取招聘平台发布记录', '已约谈单位人力资源负责人', '已联系举报人补充截图'];
const DISCRIMINATION_EVIDENCE = {
  corrected: ['已约谈单位，招聘信息已修改并删除歧视性内容', '单位已整改，重新发布招聘信息'],
  penalised: ['单位拒不改正，已依法作出行政处罚'],
  to_market_regulation: ['招聘广告发布于网络平台，已移送市场监管部门查处'],
  not_established: ['经调查，岗位条件有法定依据（特殊工种），不构成就业歧视', '未能找到相关招聘信息，举报情况无法核实'],
} as const;
const DISCRIMINATION_RETURNS = ['请补充招聘信息截图', '请附约谈记录'];
const DISCRIMINATION_REOPEN_REASONS = ['该单位仍在发布同样的招聘信息', '对调查结论不认同，我有聊天记录为证'];

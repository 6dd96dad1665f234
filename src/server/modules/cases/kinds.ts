// Case kinds are data (data/cases/*.yaml): states with deadlines in working days, transitions with
// the roles allowed and the fields each requires, routing, transfer, supervision, review, reopening
// and rating. This file is the schema a kind file must satisfy, and the checks across its parts.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Db, DbOrTx } from '../../db/index.js';
import type { Role } from '../../db/schema.js';
import { msg } from '../../platform/validation.js';

const STAFF_ROLES = ['city_admin', 'department_officer', 'district_officer', 'township_worker'] as const satisfies readonly Role[];
const Code = z.string().regex(/^[a-z][a-z0-9_]*$/, msg('代码为小写字母、数字和下划线', 'a code is lower-case letters, digits and underscores'));
const Label = z.object({ zh: z.string().min(1), en: z.string().min(1) });
const Roles = z.array(z.enum(STAFF_ROLES)).min(1);

export const FIELD_TYPES = ['text', 'longtext', 'integer', 'money', 'boolean', 'date', 'month', 'district', 'enum', 'creditCode'] as const;

export const CaseField = z.object({
  name: z.string().regex(/^[a-z][a-zA-Z0-9]*$/),
  label: Label,
  type: z.enum(FIELD_TYPES),
  required: z.boolean().default(false),
  /** Longest text, or largest number (money in fen). */
  max: z.number().int().positive().optional(),
  options: z.array(z.object({ code: Code, label: Label })).optional(),
  /** Shown on the public form (without an account); other fields are for staff. */
  public: z.boolean().default(false),
  help: Label.optional(),
});
export type CaseField = z.infer<typeof CaseField>;

export const CaseState = z.object({
  code: Code,
  label: Label,
  /** Working days allowed in this state; a final state has none. */
  days: z.number().int().min(1).max(250).optional(),
  final: z.boolean().default(false),
});

export const REQUIREMENTS = ['conclusion', 'evidence', 'reason'] as const;
export type Requirement = (typeof REQUIREMENTS)[number];

export const CaseTransition = z.object({
  action: Code,
  label: Label,
  from: z.array(Code).min(1),
  to: Code,
  roles: Roles,
  requires: z.array(z.enum(REQUIREMENTS)).default([]),
  /** A second person approves before the case moves to `to` (审核). */
  review: z.boolean().default(false),
  /** The conclusions this transition may record (all of the kind's when absent). */
  conclusions: z.array(Code).optional(),
});
export type CaseTransition = z.infer<typeof CaseTransition>;

/** Where a new case goes: the first rule that yields a district wins. */
export const RoutingRule = z.discriminatedUnion('from', [
  z.object({ from: z.literal('field'), field: z.string(), /** only when this yes/no field is yes */ when: z.string().optional() }),
  z.object({ from: z.literal('employer') }),
  z.object({ from: z.literal('reporter') }),
]);

export const CaseKind = z
  .object({
    code: Code,
    label: Label,
    /** The department that owns the kind and supervises it at city level. */
    department: Code,
    measures: z.array(z.string()).default([]),
    /** Whether the public may submit it without an account (and citizens signed in). */
    public: z.boolean().default(false),
    subject: z.enum(['enterprise', 'none']).default('none'),
    titleField: z.string(),
    fields: z.array(CaseField).min(1),
    initial: Code,
    states: z.array(CaseState).min(2),
    transitions: z.array(CaseTransition).min(1),
    conclusions: z.array(z.object({ code: Code, label: Label, /** counted as resolved for the closure rate */ resolved: z.boolean().default(true) })).default([]),
    routing: z.array(RoutingRule).min(1),
    /** The whole case should close within this many working days (the on-time closure rate). */
    closeWithinDays: z.number().int().min(1).max(500),
    /** Blue light from this share of a deadline on. */
    warnFraction: z.number().gt(0).lt(1).default(0.8),
    review: z.object({ roles: Roles, days: z.number().int().min(1).max(60) }),
    transfer: z.object({ roles: Roles, days: z.number().int().min(1).max(30) }),
    supervision: z.object({ roles: Roles, /** deadlines are multiplied by this while supervised */ factor: z.number().gt(0).max(1) }),
    reopen: z.object({ withinDays: z.number().int().min(1).max(60), to: Code }).optional(),
    rating: z.boolean().default(false),
    /** Cases about the same employer and period are linked; a group affecting this many workers is flagged for supervision. */
    link: z.object({ employerField: z.string(), periodFromField: z.string(), periodToField: z.string(), workersField: z.string(), flagWorkers: z.number().int().min(2) }).optional(),
  })
  .superRefine((k, ctx) => {
    const states = new Map(k.states.map((s) => [s.code, s]));
    const fields = new Set(k.fields.map((f) => f.name));
    const conclusions = new Set(k.conclusions.map((c) => c.code));
    const bad = (path: (string | number)[], zh: string, en: string) => ctx.addIssue({ code: 'custom', path, message: msg(zh, en) });
    if (states.size !== k.states.length) bad(['states'], '状态代码重复', 'duplicate state code');
    if (!states.has(k.initial) || states.get(k.initial)!.final) bad(['initial'], '初始状态须为非终结状态', 'the initial state must exist and not be final');
    k.states.forEach((s, i) => {
      if (!s.final && s.days === undefined) bad(['states', i, 'days'], `状态${s.code}须有办理时限`, `state ${s.code} needs a deadline in working days`);
      if (s.final && s.days !== undefined) bad(['states', i, 'days'], `终结状态${s.code}不设时限`, `final state ${s.code} has no deadline`);
    });
    if (!k.states.some((s) => s.final)) bad(['states'], '至少需要一个终结状态', 'at least one state must be final');
    if (!fields.has(k.titleField)) bad(['titleField'], `没有字段${k.titleField}`, `no field ${k.titleField}`);
    const actions = new Set<string>();
    k.transitions.forEach((t, i) => {
      if (actions.has(t.action)) bad(['transitions', i, 'action'], `动作${t.action}重复`, `duplicate action ${t.action}`);
      actions.add(t.action);
      t.from.forEach((f, j) => {
        if (!states.has(f)) bad(['transitions', i, 'from', j], `没有状态${f}`, `no state ${f}`);
        else if (states.get(f)!.final) bad(['transitions', i, 'from', j], `不能从终结状态${f}流转（重新办理用 reopen）`, `cannot leave final state ${f} (use reopen)`);
      });
      if (!states.has(t.to)) bad(['transitions', i, 'to'], `没有状态${t.to}`, `no state ${t.to}`);
      if (t.requires.includes('conclusion') && conclusions.size === 0) bad(['transitions', i, 'requires'], '需要结论但本类事项未定义结论', 'requires a conclusion but the kind lists none');
      for (const c of t.conclusions ?? []) if (!conclusions.has(c)) bad(['transitions', i, 'conclusions'], `没有结论${c}`, `no conclusion ${c}`);
    });
    if (k.reopen && (!states.has(k.reopen.to) || states.get(k.reopen.to)!.final)) bad(['reopen', 'to'], '重新办理须回到非终结状态', 'reopening must return to a state that is not final');
    k.routing.forEach((r, i) => {
      if (r.from === 'field' && !fields.has(r.field)) bad(['routing', i, 'field'], `没有字段${r.field}`, `no field ${r.field}`);
    });
    if (k.link) for (const f of [k.link.employerField, k.link.periodFromField, k.link.periodToField, k.link.workersField]) if (!fields.has(f)) bad(['link'], `没有字段${f}`, `no field ${f}`);
    if (k.subject === 'enterprise' && !k.routing.some((r) => r.from === 'employer') && !k.fields.some((f) => f.type === 'creditCode')) bad(['subject'], '企业类事项须有统一社会信用代码字段', 'an enterprise case needs a credit-code field');
  });
export type CaseKind = z.infer<typeof CaseKind>;
export type LoadedKind = CaseKind & { version: number; hash: string };

export function stateOf(k: CaseKind, code: string) {
  const s = k.states.find((x) => x.code === code);
  if (!s) throw new Error(`kind ${k.code} has no state ${code}`);
  return s;
}

/** Reads and checks a kind file; the error names the file and the field. */
export async function readKindFile(path: string): Promise<CaseKind> {
  const raw: unknown = parseYaml(await readFile(path, 'utf8'));
  const r = CaseKind.safeParse(raw);
  if (!r.success) throw new Error(`${path}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}

/** Loads every kind file; a changed file becomes a new version, cases keep the version they began with. */
export async function syncCaseKinds(db: Db, dir: string): Promise<{ loaded: number; changed: string[] }> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort();
  const changed: string[] = [];
  for (const f of files) {
    const kind = await readKindFile(join(dir, f));
    const hash = createHash('sha256').update(JSON.stringify(kind)).digest('hex');
    await db.transaction().execute(async (trx) => {
      const latest = await trx.selectFrom('case_kind').select(['version', 'hash']).where('code', '=', kind.code).orderBy('version', 'desc').limit(1).forUpdate().executeTakeFirst();
      if (latest?.hash === hash) return;
      await trx.insertInto('case_kind').values({ code: kind.code, version: (latest?.version ?? 0) + 1, hash, definition: JSON.stringify(kind) }).execute();
      changed.push(kind.code);
    });
  }
  kindCache.clear();
  latestCache.delete(db);
  return { loaded: files.length, changed };
}

const kindCache = new Map<string, LoadedKind>();

/** A kind at a version (the latest when none is named). Versions never change once written, so they are cached. */
export async function loadKind(db: DbOrTx, code: string, version?: number): Promise<LoadedKind | undefined> {
  if (version !== undefined && kindCache.has(`${code}@${version}`)) return kindCache.get(`${code}@${version}`);
  let q = db.selectFrom('case_kind').select(['version', 'hash', 'definition']).where('code', '=', code);
  q = version === undefined ? q.orderBy('version', 'desc').limit(1) : q.where('version', '=', version);
  const row = await q.executeTakeFirst();
  if (!row) return undefined;
  const def = (typeof row.definition === 'string' ? JSON.parse(row.definition) : row.definition) as CaseKind;
  const k: LoadedKind = { ...def, version: row.version, hash: row.hash };
  kindCache.set(`${code}@${row.version}`, k);
  return k;
}

/**
 * The latest version of every kind. Kinds change only when the files are synced at start-up, so the
 * list is read once per database and kept until the next sync; every inbox request needs it.
 */
const latestCache = new WeakMap<object, Promise<LoadedKind[]>>();
export function latestKinds(db: Db): Promise<LoadedKind[]> {
  let list = latestCache.get(db);
  if (!list) {
    list = (async () => {
      const codes = await db.selectFrom('case_kind').select('code').distinct().orderBy('code').execute();
      return (await Promise.all(codes.map((c) => loadKind(db, c.code)))).filter((k): k is LoadedKind => !!k);
    })();
    list.catch(() => latestCache.delete(db));
    latestCache.set(db, list);
  }
  return list;
}

/** The latest version of one kind (from the list above). */
export async function latestKind(db: Db, code: string): Promise<LoadedKind | undefined> {
  return (await latestKinds(db)).find((k) => k.code === code);
}

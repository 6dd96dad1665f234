// Service points at the grass roots (M6, M7): gig markets (零工市场), employment stations (就业驿站),
// labour brokers (劳务经纪人) and assistance workshops (就业帮扶车间), each in a village or
// community. Registering, importing and closing them, the list, and how many villages have a broker.
// Every registration and closure is an employment_event in the same transaction.
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db, DbOrTx } from '../../db/index.js';
import type { ServicePointKind } from '../../db/schema.js';
import { divisionInScope, scopeOf, type Principal } from '../../platform/access.js';
import { AppError, notFound, type ErrorDetail } from '../../platform/errors.js';
import { maskName, maskPhone } from '../../platform/mask.js';
import { paged, type PagingQuery } from '../../platform/paging.js';
import { issueToDetail, msg } from '../../platform/validation.js';

export const SERVICE_POINT_KINDS = ['gig_market', 'employment_station', 'labour_broker', 'assistance_workshop'] as const satisfies readonly ServicePointKind[];
export const SERVICE_POINT_LABELS: Record<ServicePointKind, { zh: string; en: string }> = {
  gig_market: { zh: '零工市场', en: 'Gig market' },
  employment_station: { zh: '就业驿站', en: 'Employment station' },
  labour_broker: { zh: '劳务经纪人', en: 'Labour broker' },
  assistance_workshop: { zh: '就业帮扶车间', en: 'Assistance workshop' },
};
export const IMPORT_MAX_ROWS = 5000;

const DateText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, msg('日期格式为 YYYY-MM-DD', 'a date is YYYY-MM-DD'))
  .refine((d) => !Number.isNaN(Date.parse(d)) && new Date(d).toISOString().slice(0, 10) === d, msg('不是有效日期', 'not a real date'));

export const ServicePointInput = z
  .object({
    kind: z.enum(SERVICE_POINT_KINDS),
    /** A broker's name is the person's; the other kinds need one. */
    name: z.string().trim().min(2).max(100).nullish(),
    villageCode: z.string().regex(/^\d{12}$/, msg('村(社区)代码为12位数字', 'a village code is 12 digits')),
    address: z.string().trim().min(2).max(200),
    contactName: z.string().trim().min(1).max(50).nullish(),
    contactPhone: z.string().regex(/^1[3-9]\d{9}$/, msg('联系电话须为11位手机号', 'the contact phone is an 11-digit mobile number')).nullish(),
    personId: z.number().int().positive().nullish(),
    openedOn: DateText,
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'labour_broker' && !v.personId) ctx.addIssue({ code: 'custom', path: ['personId'], message: msg('劳务经纪人须关联其本人的人员信息', 'a labour broker is linked to their person record') });
    if (v.kind !== 'labour_broker' && !v.name) ctx.addIssue({ code: 'custom', path: ['name'], message: msg('请填写名称', 'a name is required') });
  });
export type ServicePointInput = z.infer<typeof ServicePointInput>;

export const CloseServicePoint = z.object({ closedOn: DateText });
export type CloseServicePoint = z.infer<typeof CloseServicePoint>;

type Checked = ServicePointInput & { districtCode: string; townshipCode: string; personName: string | null; personPhone: string | null };
/** A problem with one row; `outside` marks a village outside the reader's area (403 for a single point). */
type LineError = ErrorDetail & { line: number; outside?: true };

/**
 * Checks rows against the database in a few set-based reads: the village is a village (level 4) in
 * the reader's area, the broker's person exists and is not already an open broker, the opening date
 * has passed. Returns every problem, each with its 1-based line.
 */
async function checkRows(db: DbOrTx, p: Principal, rows: ServicePointInput[], today: string): Promise<{ errors: LineError[]; checked: Checked[] }> {
  if (rows.length === 0) return { errors: [], checked: [] };
  const villages = new Map(
    (await db.selectFrom('division').select(['code', 'level', 'district_code', 'township_code']).where('code', 'in', [...new Set(rows.map((r) => r.villageCode))]).execute()).map((d) => [d.code, d]),
  );
  const personIds = [...new Set(rows.flatMap((r) => (r.personId ? [r.personId] : [])))];
  const persons = new Map(personIds.length ? (await db.selectFrom('person').select(['id', 'name', 'phone']).where('id', 'in', personIds).execute()).map((x) => [Number(x.id), x]) : []);
  const brokers = new Set(
    personIds.length
      ? (await db.selectFrom('service_point').select('person_id').where('kind', '=', 'labour_broker').where('closed_on', 'is', null).where('person_id', 'in', personIds).execute()).map((x) => Number(x.person_id))
      : [],
  );
  const errors: LineError[] = [];
  const checked: Checked[] = [];
  const seenBrokers = new Set<number>();
  rows.forEach((r, i) => {
    const line = i + 1;
    const bad = (path: string, zh: string, en: string, outside?: true) => errors.push({ line, path, message: zh, messageEn: en, ...(outside ? { outside } : {}) });
    const v = villages.get(r.villageCode);
    if (!v || v.level !== 4) bad('villageCode', `${r.villageCode}不是本市的村(社区)代码`, `${r.villageCode} is not a village or community of Chongqing`);
    else if (!divisionInScope(p, r.villageCode)) bad('villageCode', `${r.villageCode}不在您的管辖范围内`, `${r.villageCode} is outside your jurisdiction`, true);
    const person = r.personId ? persons.get(r.personId) : undefined;
    if (r.personId && !person) bad('personId', `人员${r.personId}不存在`, `no person ${r.personId}`);
    if (r.kind === 'labour_broker' && r.personId && person) {
      if (brokers.has(r.personId) || seenBrokers.has(r.personId)) bad('personId', '此人已登记为劳务经纪人', 'this person is already a registered labour broker');
      seenBrokers.add(r.personId);
    }
    if (r.openedOn > today) bad('openedOn', `开设日期不能晚于今天（${today}）`, `the opening date cannot be after today (${today})`);
    if (v?.level === 4) checked.push({ ...r, districtCode: v.district_code!, townshipCode: v.township_code!, personName: person?.name ?? null, personPhone: person?.phone ?? null });
  });
  return { errors, checked };
}

function toRow(r: Checked, by: number) {
  const broker = r.kind === 'labour_broker';
  return {
    kind: r.kind,
    // A broker is the person: the name is theirs, and so is the phone unless another is given.
    name: broker ? r.personName! : r.name!,
    village_code: r.villageCode,
    township_code: r.townshipCode,
    district_code: r.districtCode,
    address: r.address,
    contact_name: r.contactName ?? (broker ? r.personName : null),
    contact_phone: r.contactPhone ?? (broker ? r.personPhone : null),
    person_id: r.personId ?? null,
    opened_on: r.openedOn,
    created_by: by,
  };
}

async function insertPoints(trx: DbOrTx, rows: Checked[], by: number, action: 'created' | 'imported'): Promise<number[]> {
  const ids: number[] = [];
  // 500 rows of 11 values each stays far under PostgreSQL's 65,535 parameters.
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const out = await trx.insertInto('service_point').values(chunk.map((r) => toRow(r, by))).returning(['id', 'kind', 'village_code']).execute();
    await trx
      .insertInto('employment_event')
      .values(out.map((o) => ({ entity_type: 'service_point' as const, entity_id: o.id, action, actor_id: by, details: JSON.stringify({ kind: o.kind, villageCode: o.village_code }) })))
      .execute();
    ids.push(...out.map((o) => Number(o.id)));
  }
  return ids;
}

/** Registers one point in the reader's area: 400 naming the field, 403 outside the area. */
export async function createServicePoint(db: Db, p: Principal, input: ServicePointInput, today: string): Promise<number> {
  const { errors, checked } = await checkRows(db, p, [input], today);
  const outside = errors.find((e) => e.outside);
  if (outside) throw new AppError('FORBIDDEN', { zh: outside.message, en: outside.messageEn });
  if (errors.length) {
    const details = errors.map(({ path, message, messageEn }) => ({ path: `body.${path}`, message, messageEn }));
    throw new AppError('VALIDATION', { zh: '服务点信息有误：' + details.map((d) => d.message).join('；'), en: 'Please correct: ' + details.map((d) => d.messageEn).join('; ') }, details);
  }
  return db.transaction().execute(async (trx) => (await insertPoints(trx, checked, p.userId, 'created'))[0]!);
}

/** Imports up to 5,000 points: every row is checked first; one bad row and nothing is written. */
export async function importServicePoints(db: Db, p: Principal, rows: unknown[], today: string): Promise<{ inserted: number }> {
  const errors: LineError[] = [];
  const parsed: { line: number; row: ServicePointInput }[] = [];
  rows.forEach((raw, i) => {
    const r = ServicePointInput.safeParse(raw);
    if (r.success) parsed.push({ line: i + 1, row: r.data });
    else for (const issue of r.error.issues) errors.push({ line: i + 1, ...issueToDetail(issue as never) });
  });
  const db_ = await checkRows(db, p, parsed.map((x) => x.row), today);
  errors.push(...db_.errors.map(({ outside: _, ...e }) => ({ ...e, line: parsed[e.line - 1]!.line })));
  if (errors.length) {
    errors.sort((a, b) => a.line - b.line);
    const lines = [...new Set(errors.map((e) => e.line))];
    throw new AppError('VALIDATION', { zh: `第${lines.slice(0, 10).join('、')}${lines.length > 10 ? '等' : ''}行有误，未导入任何记录`, en: `Line${lines.length > 1 ? 's' : ''} ${lines.slice(0, 10).join(', ')}${lines.length > 10 ? '…' : ''} ${lines.length > 1 ? 'are' : 'is'} not valid; nothing was imported` }, errors);
  }
  await db.transaction().execute((trx) => insertPoints(trx, db_.checked, p.userId, 'imported'));
  return { inserted: db_.checked.length };
}

/** Closes a point on a date: 404 outside the reader's area, 409 if already closed. */
export async function closeServicePoint(db: Db, p: Principal, id: number, closedOn: string, today: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const sp = await trx.selectFrom('service_point').select(['id', 'village_code', 'opened_on', 'closed_on']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!sp || !divisionInScope(p, sp.village_code)) throw notFound();
    if (sp.closed_on !== null) throw new AppError('CONFLICT', { zh: `该服务点已于${sp.closed_on}关闭`, en: `This point closed on ${sp.closed_on}` });
    const errors: ErrorDetail[] = [];
    if (closedOn < sp.opened_on) errors.push({ path: 'body.closedOn', message: `关闭日期不能早于开设日期（${sp.opened_on}）`, messageEn: `cannot close before it opened (${sp.opened_on})` });
    if (closedOn > today) errors.push({ path: 'body.closedOn', message: `关闭日期不能晚于今天（${today}）`, messageEn: `cannot close after today (${today})` });
    if (errors.length) throw new AppError('VALIDATION', { zh: errors.map((e) => e.message).join('；'), en: errors.map((e) => e.messageEn).join('; ') }, errors);
    await trx.updateTable('service_point').set({ closed_on: closedOn }).where('id', '=', id).execute();
    await trx.insertInto('employment_event').values({ entity_type: 'service_point', entity_id: id, action: 'closed', actor_id: p.userId, details: JSON.stringify({ closedOn }) }).execute();
  });
}

export type ServicePointFilter = { kind?: ServicePointKind | undefined; district?: string | undefined; township?: string | undefined; status?: 'open' | 'closed' | undefined; id?: number | undefined };

/** The points in the reader's area, newest first. A broker's name and phone are masked: they are a private person's. */
export async function listServicePoints(db: DbOrTx, p: Principal, f: ServicePointFilter, q: PagingQuery) {
  const sc = scopeOf(p);
  const base = db
    .selectFrom('service_point as sp')
    .$if(!!sc, (x) => x.where(`sp.${sc!.column}`, '=', sc!.code))
    .$if(!!f.kind, (x) => x.where('sp.kind', '=', f.kind!))
    .$if(!!f.district, (x) => x.where('sp.district_code', '=', f.district!))
    .$if(!!f.township, (x) => x.where('sp.township_code', '=', f.township!))
    .$if(f.status === 'open', (x) => x.where('sp.closed_on', 'is', null))
    .$if(f.status === 'closed', (x) => x.where('sp.closed_on', 'is not', null))
    .$if(f.id !== undefined, (x) => x.where('sp.id', '=', f.id!));
  const result = await paged(q, base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(), (limit, offset) =>
    base
      .innerJoin('division as d', 'd.code', 'sp.district_code')
      .innerJoin('division as t', 't.code', 'sp.township_code')
      .innerJoin('division as v', 'v.code', 'sp.village_code')
      .select(['sp.id', 'sp.kind', 'sp.name', 'sp.village_code', 'v.name as village_name', 'sp.township_code', 't.name as township_name', 'sp.district_code', 'd.name as district_name', 'sp.address', 'sp.contact_name', 'sp.contact_phone', 'sp.person_id', 'sp.opened_on', 'sp.closed_on'])
      .orderBy('sp.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
  );
  return {
    ...result,
    items: result.items.map((r) => {
      const broker = r.kind === 'labour_broker';
      return {
        id: Number(r.id),
        kind: r.kind,
        name: broker ? maskName(r.name) : r.name,
        villageCode: r.village_code,
        villageName: r.village_name,
        townshipCode: r.township_code,
        townshipName: r.township_name,
        districtCode: r.district_code,
        districtName: r.district_name,
        address: r.address,
        contactName: broker && r.contact_name !== null ? maskName(r.contact_name) : r.contact_name,
        contactPhone: broker ? maskPhone(r.contact_phone) : r.contact_phone,
        personId: r.person_id === null ? null : Number(r.person_id),
        openedOn: r.opened_on,
        closedOn: r.closed_on,
        open: r.closed_on === null,
      };
    }),
  };
}

const emptyKinds = () => Object.fromEntries(SERVICE_POINT_KINDS.map((k) => [k, 0])) as Record<ServicePointKind, number>;

/**
 * Villages with at least one open labour broker, and the open points of each kind, by district (the
 * reader's area only); with `district`, the villages of that district still without a broker.
 */
export async function servicePointCoverage(db: DbOrTx, p: Principal, o: { district?: string | undefined } & PagingQuery) {
  const sc = scopeOf(p);
  // Divisions carry their district and township; a village's own code is its `code`.
  const divisionColumn = sc ? (sc.column === 'village_code' ? 'code' : sc.column) : null;
  if (o.district && !(divisionInScope(p, o.district) || p.orgCode.startsWith(o.district))) throw notFound();
  const [districts, villages, covered, open] = await Promise.all([
    db
      .selectFrom('division')
      .select(['code', 'name'])
      .where('level', '=', 2)
      .$if(!!sc, (x) => x.where('code', '=', sc!.code.slice(0, 6)))
      .orderBy('code')
      .execute(),
    db
      .selectFrom('division')
      .select(['district_code', sql<number>`count(*)::int`.as('n')])
      .where('level', '=', 4)
      .$if(!!divisionColumn, (x) => x.where(divisionColumn!, '=', sc!.code))
      .groupBy('district_code')
      .execute(),
    db
      .selectFrom('service_point')
      .select(['district_code', sql<number>`count(DISTINCT village_code)::int`.as('n')])
      .where('kind', '=', 'labour_broker')
      .where('closed_on', 'is', null)
      .$if(!!sc, (x) => x.where(sc!.column, '=', sc!.code))
      .groupBy('district_code')
      .execute(),
    db
      .selectFrom('service_point')
      .select(['district_code', 'kind', sql<number>`count(*)::int`.as('n')])
      .where('closed_on', 'is', null)
      .$if(!!sc, (x) => x.where(sc!.column, '=', sc!.code))
      .groupBy(['district_code', 'kind'])
      .execute(),
  ]);
  const share = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : 0);
  const rows = districts.map((d) => {
    const n = villages.find((x) => x.district_code === d.code)?.n ?? 0;
    const c = covered.find((x) => x.district_code === d.code)?.n ?? 0;
    const kinds = emptyKinds();
    for (const x of open.filter((y) => y.district_code === d.code)) kinds[x.kind] = x.n;
    return { code: d.code, name: d.name, villages: n, villagesWithBroker: c, share: share(c, n), open: kinds };
  });
  const totals = { villages: 0, villagesWithBroker: 0, share: 0, open: emptyKinds() };
  for (const r of rows) {
    totals.villages += r.villages;
    totals.villagesWithBroker += r.villagesWithBroker;
    for (const k of SERVICE_POINT_KINDS) totals.open[k] += r.open[k];
  }
  totals.share = share(totals.villagesWithBroker, totals.villages);
  if (!o.district) return { totals, districts: rows, uncovered: null };

  const uncovered = db
    .selectFrom('division as v')
    .where('v.level', '=', 4)
    .where('v.district_code', '=', o.district)
    .$if(!!divisionColumn, (x) => x.where(`v.${divisionColumn!}`, '=', sc!.code))
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('service_point as sp').select('sp.id').whereRef('sp.village_code', '=', 'v.code').where('sp.kind', '=', 'labour_broker').where('sp.closed_on', 'is', null))),
    );
  const list = await paged(o, uncovered.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(), (limit, offset) =>
    uncovered.innerJoin('division as t', 't.code', 'v.township_code').select(['v.code', 'v.name', 'v.township_code', 't.name as township_name']).orderBy('v.code').limit(limit).offset(offset).execute(),
  );
  return {
    totals,
    districts: rows,
    uncovered: { district: o.district, ...list, items: list.items.map((v) => ({ code: v.code, name: v.name, townshipCode: v.township_code!, townshipName: v.township_name })) },
  };
}

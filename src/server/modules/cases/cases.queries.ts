// Reading cases: the inbox (by state and deadline light), the supervision board, one case with its
// timeline, and statistics by district and month. Every list is limited to the reader's jurisdiction.
import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import type { DbOrTx } from '../../db/index.js';
import type { Database } from '../../db/schema.js';
import type { Principal } from '../../platform/access.js';
import { shanghaiDate } from '../../platform/clock.js';
import { maskName, maskPhone } from '../../platform/mask.js';
import { lightOn, type Light } from './calendar.js';
import { CITY, type CaseStatus } from './engine.js';
import type { CaseKind, LoadedKind } from './kinds.js';

type CaseQuery = SelectQueryBuilder<Database, 'case_record', object>;

/** Limits a case query to what the principal may see: the city sees all, a department its own, a district or township its area. */
export function inScope<Q extends CaseQuery>(q: Q, p: Principal): Q {
  if (p.role === 'city_admin' || p.role === 'auditor') return q;
  if (p.role === 'department_officer') {
    const qq = q.where('case_record.department_code', '=', p.departmentCode ?? '') as Q;
    return p.orgCode === CITY ? qq : (qq.where('case_record.district_code', '=', p.orgCode.slice(0, 6)) as Q);
  }
  if (p.orgCode.length === 6) return q.where('case_record.district_code', '=', p.orgCode) as Q;
  return q.where('case_record.org_code', 'like', `${p.orgCode}%`) as Q;
}

const lightCondition = (light: Light, today: string) => (eb: ExpressionBuilder<Database, 'case_record'>) => {
  switch (light) {
    case 'red':
      return eb('case_record.due_on', '<', today);
    case 'yellow':
      return eb('case_record.due_on', '=', today);
    case 'blue':
      return eb.and([eb('case_record.due_on', '>', today), eb('case_record.warn_on', '<=', today)]);
    case 'green':
      return eb('case_record.warn_on', '>', today);
  }
};

export type InboxFilter = {
  box: 'open' | 'review' | 'incoming' | 'closed' | 'all';
  kind?: string | undefined;
  state?: string | undefined;
  light?: Light | undefined;
  supervised?: boolean | undefined;
  district?: string | undefined;
  q?: string | undefined;
};

function filtered(db: DbOrTx, p: Principal, f: InboxFilter, today: string): CaseQuery {
  let q: CaseQuery = db.selectFrom('case_record');
  if (f.box === 'incoming') {
    // Transfers addressed to the reader's unit: few at any time, so a scan of pending ones is cheap.
    q = q.where('case_record.final', '=', false).where('case_record.pending_transfer', 'is not', null);
    if (p.role !== 'city_admin') q = q.where(sql<boolean>`case_record.pending_transfer->>'toOrg' LIKE ${p.orgCode === CITY ? '%' : `${p.orgCode}%`}`);
    if (p.role === 'department_officer') q = q.where(sql<boolean>`case_record.pending_transfer->>'toDepartment' = ${p.departmentCode ?? ''}`);
  } else {
    q = inScope(q, p);
    if (f.box === 'open') q = q.where('case_record.final', '=', false);
    if (f.box === 'review') q = q.where('case_record.final', '=', false).where('case_record.pending_review', 'is not', null);
    if (f.box === 'closed') q = q.where('case_record.final', '=', true);
  }
  return q
    .$if(!!f.kind, (qb) => qb.where('case_record.kind_code', '=', f.kind!))
    .$if(!!f.state, (qb) => qb.where('case_record.state', '=', f.state!))
    .$if(!!f.light, (qb) => qb.where(lightCondition(f.light!, today)))
    .$if(f.supervised !== undefined, (qb) => qb.where('case_record.supervised', '=', f.supervised!))
    .$if(!!f.district, (qb) => qb.where('case_record.district_code', '=', f.district!))
    .$if(!!f.q, (qb) => qb.where((eb) => eb.or([eb('case_record.tracking_code', '=', f.q!.toUpperCase()), eb('case_record.title', 'like', `%${f.q!.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)])));
}

const LIST_COLUMNS = [
  'case_record.id',
  'case_record.kind_code',
  'case_record.tracking_code',
  'case_record.title',
  'case_record.state',
  'case_record.final',
  'case_record.org_code',
  'case_record.district_code',
  'case_record.department_code',
  'case_record.supervised',
  'case_record.escalated',
  'case_record.reopen_count',
  'case_record.workers',
  'case_record.amount_fen',
  'case_record.conclusion',
  'case_record.opened_at',
  'case_record.closed_at',
  'case_record.due_on',
  'case_record.warn_on',
  'case_record.pending_review',
  'case_record.pending_transfer',
  'case_record.group_id',
  'case_record.rating',
  'case_record.version',
] as const;

type ListRow = {
  id: number;
  kind_code: string;
  tracking_code: string;
  title: string;
  state: string;
  final: boolean;
  org_code: string;
  district_code: string;
  department_code: string;
  supervised: boolean;
  escalated: boolean;
  reopen_count: number;
  workers: number | null;
  amount_fen: number | string | null;
  conclusion: string | null;
  opened_at: Date | string;
  closed_at: Date | string | null;
  due_on: string | Date | null;
  warn_on: string | Date | null;
  pending_review: unknown;
  pending_transfer: unknown;
  group_id: number | string | null;
  rating: number | null;
  version: number;
  org_name?: string;
};

const isoDate = (v: string | Date | null) => (v === null ? null : typeof v === 'string' ? v.slice(0, 10) : shanghaiDate(v));
const json = <T>(v: unknown): T | null => (v === null || v === undefined ? null : ((typeof v === 'string' ? JSON.parse(v) : v) as T));

export function listItem(r: ListRow, kinds: Map<string, CaseKind>, today: string) {
  const kind = kinds.get(r.kind_code);
  const state = kind?.states.find((s) => s.code === r.state);
  const dueOn = isoDate(r.due_on);
  const warnOn = isoDate(r.warn_on);
  return {
    id: Number(r.id),
    kind: r.kind_code,
    kindLabel: kind?.label ?? { zh: r.kind_code, en: r.kind_code },
    trackingCode: r.tracking_code,
    title: r.title,
    state: r.state,
    stateLabel: state?.label ?? { zh: r.state, en: r.state },
    final: r.final,
    orgCode: r.org_code,
    orgName: r.org_name ?? null,
    districtCode: r.district_code,
    departmentCode: r.department_code,
    supervised: r.supervised,
    escalated: r.escalated,
    reopenCount: r.reopen_count,
    workers: r.workers,
    amountFen: r.amount_fen === null ? null : Number(r.amount_fen),
    conclusion: r.conclusion,
    conclusionLabel: kind?.conclusions.find((c) => c.code === r.conclusion)?.label ?? null,
    openedAt: new Date(r.opened_at).toISOString(),
    closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
    dueOn,
    light: lightOn(today, { dueOn, warnOn }),
    pendingReview: r.pending_review !== null && r.pending_review !== undefined,
    pendingTransfer: json<CaseStatus['pendingTransfer']>(r.pending_transfer),
    groupId: r.group_id === null ? null : Number(r.group_id),
    rating: r.rating,
    version: r.version,
  };
}
export type CaseListItem = ReturnType<typeof listItem>;

export async function listCases(db: DbOrTx, p: Principal, f: InboxFilter, page: { page: number; pageSize: number }, kinds: Map<string, CaseKind>, today: string) {
  const base = filtered(db, p, f, today);
  const order = f.box === 'closed' ? 'closed' : 'due';
  const [count, rows] = await Promise.all([
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
    base
      .innerJoin('division as d', 'd.code', 'case_record.org_code')
      .select([...LIST_COLUMNS, 'd.name as org_name'])
      .$if(order === 'due', (qb) => qb.orderBy('case_record.due_on', (o) => o.asc().nullsLast()))
      .$if(order === 'closed', (qb) => qb.orderBy('case_record.closed_at', 'desc'))
      .orderBy('case_record.id', 'desc')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
  ]);
  return { items: rows.map((r) => listItem(r as ListRow, kinds, today)), total: count.n, page: page.page, pageSize: page.pageSize };
}

/** Counts for the inbox tabs and lights: open cases by light, waiting for review, incoming transfers, supervised. */
export async function inboxSummary(db: DbOrTx, p: Principal, kind: string | undefined, today: string) {
  const open = filtered(db, p, { box: 'open', kind }, today);
  const r = await open
    .select((eb) => [
      eb.fn.countAll<number>().as('open'),
      eb.fn.countAll<number>().filterWhere(lightCondition('red', today)(eb)).as('red'),
      eb.fn.countAll<number>().filterWhere(lightCondition('yellow', today)(eb)).as('yellow'),
      eb.fn.countAll<number>().filterWhere(lightCondition('blue', today)(eb)).as('blue'),
      eb.fn.countAll<number>().filterWhere('case_record.pending_review', 'is not', null).as('review'),
      eb.fn.countAll<number>().filterWhere('case_record.supervised', '=', true).as('supervised'),
    ])
    .executeTakeFirstOrThrow();
  const incoming = await filtered(db, p, { box: 'incoming', kind }, today).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return { open: Number(r.open), red: Number(r.red), yellow: Number(r.yellow), blue: Number(r.blue), review: Number(r.review), supervised: Number(r.supervised), incoming: incoming.n };
}

/**
 * The supervision board: open cases a higher level has flagged (督办) or that escalated when overdue,
 * within the reader's jurisdiction, by district. The city sees all; a district its townships'.
 */
export async function board(db: DbOrTx, p: Principal, kinds: Map<string, CaseKind>, today: string, kind?: string) {
  const rows = await inScope(db.selectFrom('case_record'), p)
    .innerJoin('division as d', 'd.code', 'case_record.org_code')
    .select([...LIST_COLUMNS, 'd.name as org_name'])
    .where('case_record.final', '=', false)
    .where((eb) => eb.or([eb('case_record.supervised', '=', true), eb('case_record.escalated', '=', true)]))
    .$if(!!kind, (qb) => qb.where('case_record.kind_code', '=', kind!))
    .orderBy('case_record.due_on')
    .orderBy('case_record.id')
    .limit(500)
    .execute();
  const items = rows.map((r) => listItem(r as ListRow, kinds, today));
  const byDistrict = new Map<string, { districtCode: string; supervised: number; escalated: number; red: number }>();
  for (const i of items) {
    const d = byDistrict.get(i.districtCode) ?? { districtCode: i.districtCode, supervised: 0, escalated: 0, red: 0 };
    if (i.supervised) d.supervised++;
    if (i.escalated) d.escalated++;
    if (i.light === 'red') d.red++;
    byDistrict.set(i.districtCode, d);
  }
  return { items, byDistrict: [...byDistrict.values()].sort((a, b) => b.red - a.red || b.escalated - a.escalated) };
}

/**
 * Statistics of a kind for a year, by district and for the city: received, closed, closure rate
 * (closed ÷ received), on-time closure rate (closed within the kind's limit ÷ closed), average
 * working days to close, satisfaction (ratings of 4–5 ÷ ratings) and the mean rating; and the city's
 * months. "Received" counts cases opened in the year; "closed" those of them closed by today.
 */
export async function caseStats(db: DbOrTx, p: Principal, kindCode: string, year: number, today: string) {
  const from = `${year}-01-01`;
  const to = `${year + 1}-01-01`;
  const base = inScope(db.selectFrom('case_record'), p).where('case_record.kind_code', '=', kindCode).where('case_record.opened_at', '>=', new Date(`${from}T00:00:00+08:00`)).where('case_record.opened_at', '<', new Date(`${to}T00:00:00+08:00`));
  const measures = (eb: ExpressionBuilder<Database, 'case_record'>) =>
    [
      eb.fn.countAll<number>().as('received'),
      eb.fn.countAll<number>().filterWhere('case_record.final', '=', true).as('closed'),
      eb.fn.countAll<number>().filterWhere('case_record.closed_on_time', '=', true).as('on_time'),
      eb.fn.avg<number>('case_record.working_days_to_close').as('avg_days'),
      eb.fn.count<number>('case_record.rating').as('rated'),
      eb.fn.countAll<number>().filterWhere('case_record.rating', '>=', 4).as('satisfied'),
      eb.fn.avg<number>('case_record.rating').as('mean_rating'),
      eb.fn.countAll<number>().filterWhere('case_record.supervised', '=', true).as('supervised'),
      eb.fn.countAll<number>().filterWhere('case_record.reopen_count', '>', 0).as('reopened'),
      eb.fn.countAll<number>().filterWhere((e) => e.and([e('case_record.final', '=', false), e('case_record.due_on', '<', today)])).as('overdue'),
    ] as const;
  const shape = (r: Record<string, unknown>) => {
    const n = (k: string) => Number(r[k] ?? 0);
    return {
      received: n('received'),
      closed: n('closed'),
      closureRate: n('received') ? (100 * n('closed')) / n('received') : null,
      onTimeRate: n('closed') ? (100 * n('on_time')) / n('closed') : null,
      avgWorkingDays: r.avg_days === null ? null : Number(r.avg_days),
      rated: n('rated'),
      satisfaction: n('rated') ? (100 * n('satisfied')) / n('rated') : null,
      meanRating: r.mean_rating === null ? null : Number(r.mean_rating),
      supervised: n('supervised'),
      reopened: n('reopened'),
      overdue: n('overdue'),
    };
  };
  const [city, districts, months] = await Promise.all([
    base.select(measures).executeTakeFirstOrThrow(),
    base.innerJoin('division as d', 'd.code', 'case_record.district_code').select((eb) => ['case_record.district_code', 'd.name', ...measures(eb)]).groupBy(['case_record.district_code', 'd.name']).orderBy('case_record.district_code').execute(),
    base
      .select((eb) => [sql<number>`extract(month FROM case_record.opened_at AT TIME ZONE 'Asia/Shanghai')::int`.as('month'), ...measures(eb)])
      .groupBy(sql`1`)
      .orderBy(sql`1`)
      .execute(),
  ]);
  return {
    kind: kindCode,
    year,
    city: shape(city),
    districts: districts.map((d) => ({ districtCode: d.district_code, name: d.name, ...shape(d) })),
    months: months.map((m) => ({ month: Number(m.month), ...shape(m) })),
  };
}

/** One case in full for staff: fields, timeline, attachments, linked cases. The reporter is masked. */
export async function caseDetail(db: DbOrTx, id: number, kind: LoadedKind, today: string) {
  const r = await db.selectFrom('case_record').innerJoin('division as d', 'd.code', 'case_record.org_code').selectAll('case_record').select('d.name as org_name').where('case_record.id', '=', id).executeTakeFirstOrThrow();
  const [events, attachments, linked] = await Promise.all([
    db.selectFrom('case_event as e').leftJoin('app_user as u', 'u.id', 'e.actor_id').select(['e.seq', 'e.action', 'e.state_after', 'e.payload', 'e.at', 'e.actor_id', 'e.actor_role', 'u.display_name']).where('e.case_id', '=', id).orderBy('e.seq').execute(),
    db.selectFrom('case_attachment').select(['id', 'name', 'mime', 'size_bytes', 'sha256', 'uploaded_at']).where('case_id', '=', id).orderBy('id').execute(),
    r.group_id === null
      ? Promise.resolve([])
      : db.selectFrom('case_record').select(['id', 'tracking_code', 'title', 'state', 'final', 'workers', 'district_code']).where((eb) => eb.or([eb('group_id', '=', r.group_id), eb('id', '=', r.group_id)])).where('id', '<>', id).orderBy('id').execute(),
  ]);
  const stateLabel = (code: string) => kind.states.find((s) => s.code === code)?.label ?? { zh: code, en: code };
  return {
    ...listItem(r as unknown as ListRow, new Map([[kind.code, kind]]), today),
    source: r.source,
    details: json<Record<string, unknown>>(r.details) ?? {},
    enterpriseId: r.enterprise_id === null ? null : Number(r.enterprise_id),
    subjectRef: r.subject_ref,
    reporter: r.reporter_name || r.reporter_phone ? { name: r.reporter_name ? maskName(r.reporter_name) : null, phone: maskPhone(r.reporter_phone) } : null,
    pendingReviewDetail: json<CaseStatus['pendingReview']>(r.pending_review),
    ratingComment: r.rating_comment,
    workingDaysToClose: r.working_days_to_close,
    closedOnTime: r.closed_on_time,
    warnOn: isoDate(r.warn_on as string | null),
    timeline: events.map((e) => ({
      seq: e.seq,
      action: e.action,
      stateAfter: e.state_after,
      stateAfterLabel: stateLabel(e.state_after),
      payload: json<Record<string, unknown>>(e.payload) ?? {},
      at: new Date(e.at).toISOString(),
      actorId: e.actor_id === null ? null : Number(e.actor_id),
      actor: e.display_name ?? null,
      actorRole: e.actor_role,
    })),
    attachments: attachments.map((a) => ({ id: Number(a.id), name: a.name, mime: a.mime, size: a.size_bytes, sha256: a.sha256, uploadedAt: new Date(a.uploaded_at).toISOString() })),
    linked: linked.map((l) => ({ id: Number(l.id), trackingCode: l.tracking_code, title: l.title, state: l.state, stateLabel: stateLabel(l.state), final: l.final, workers: l.workers, districtCode: l.district_code })),
  };
}

// Unemployment early warning (失业预警, M8): the monthly insured headcount of every enterprise,
// rebuilt from the contribution records; the pure rules that read a series; and the monthly run that
// records warnings and opens a follow-up case (失业预警核查) for the enterprise's district.
import { sql } from 'kysely';
import type { Db, DbOrTx } from '../../db/index.js';
import type { WarningKind } from '../../db/schema.js';
import type { Clock } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import { appendEvents, loadKind, openCase, parseFields, type LoadedKind } from '../cases/index.js';
import { checkCreditCode } from '../registry/index.js';

export const WARNING_CASE_KIND = 'employment_warning';

export const WARNING_KINDS = ['layoff_threshold', 'sustained_decline', 'unpaid_contributions'] as const satisfies readonly WarningKind[];
export const WARNING_LABELS: Record<WarningKind, { zh: string; en: string }> = {
  layoff_threshold: { zh: '减员达到裁员报告标准', en: 'Reduction at the layoff reporting threshold' },
  sustained_decline: { zh: '参保人数连续下降', en: 'Sustained decline in headcount' },
  unpaid_contributions: { zh: '在职职工欠缴社保', en: 'Contributions unpaid for staff' },
};

export type Thresholds = {
  /** 劳动合同法 第四十一条: a reduction of 20 persons or more must be reported… */
  layoffPersons: number;
  /** …as must one of fewer than 20 that is 10% or more of the workforce (last month's headcount). */
  layoffShare: number;
  /**
   * Not in the law: a reduction below this many persons is ordinary turnover, not a layoff. Without it
   * a micro firm losing 1 of its 5 staff (20%) would be flagged every time somebody changes jobs.
   */
  layoffFloor: number;
  /** Months of consecutive decline (so one more point than this)… */
  declineMonths: number;
  /** …adding up to at least this share of the first point. */
  declineShare: number;
  /** Staff still employed but unpaid this month: at least this many… */
  unpaidMin: number;
  /** …and this share of the staff (insured + unpaid)… */
  unpaidShare: number;
  /** …or this many whatever the share. */
  unpaidPersons: number;
};

export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = Object.freeze({
  layoffPersons: 20,
  layoffShare: 0.1,
  layoffFloor: 3,
  declineMonths: 3,
  declineShare: 0.05,
  unpaidMin: 3,
  unpaidShare: 0.1,
  unpaidPersons: 50,
});

export type HeadcountPoint = { month: string; insured: number; owed: number };
export type DetectedWarning = { kind: WarningKind; details: Record<string, unknown> };

/** 'YYYY-MM' plus n months (n may be negative). */
export function addMonths(month: string, n: number): string {
  const total = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${String(Math.floor(total / 12)).padStart(4, '0')}-${String((total % 12) + 1).padStart(2, '0')}`;
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * The warnings for the last month of an enterprise's series. Only consecutive months count: a gap
 * means the previous month is unknown, not that the headcount was zero. Shares are compared by
 * division so that exactly 10% (3 of 30) meets a 10% threshold.
 */
export function detectWarnings(series: readonly HeadcountPoint[], t: Readonly<Thresholds> = DEFAULT_THRESHOLDS): DetectedWarning[] {
  if (series.length === 0) return [];
  const sorted = [...series].map((p) => ({ ...p, month: p.month.slice(0, 7) })).sort((a, b) => a.month.localeCompare(b.month));
  const run = [sorted.at(-1)!];
  for (let i = sorted.length - 2; i >= 0 && sorted[i]!.month === addMonths(run[0]!.month, -1); i--) run.unshift(sorted[i]!);
  const last = run.at(-1)!;
  const out: DetectedWarning[] = [];

  if (run.length >= 2) {
    const previous = run.at(-2)!.insured;
    const reduction = previous - last.insured;
    const share = previous > 0 ? reduction / previous : 0;
    if (reduction >= t.layoffFloor && (reduction >= t.layoffPersons || share >= t.layoffShare))
      out.push({
        kind: 'layoff_threshold',
        details: { previous, current: last.insured, reduction, share: round(share), rule: reduction >= t.layoffPersons ? 'persons' : 'share', floor: t.layoffFloor },
      });
  }

  if (run.length >= t.declineMonths + 1) {
    const points = run.slice(-(t.declineMonths + 1));
    const falling = points.every((p, i) => i === 0 || p.insured < points[i - 1]!.insured);
    const first = points[0]!.insured;
    const share = first > 0 ? (first - last.insured) / first : 0;
    if (falling && share >= t.declineShare)
      out.push({ kind: 'sustained_decline', details: { points: points.map((p) => ({ month: p.month, insured: p.insured })), decline: first - last.insured, share: round(share) } });
  }

  const staff = last.insured + last.owed;
  if (last.owed >= t.unpaidPersons || (last.owed >= t.unpaidMin && staff > 0 && last.owed / staff >= t.unpaidShare))
    out.push({ kind: 'unpaid_contributions', details: { owed: last.owed, insured: last.insured, share: staff > 0 ? round(last.owed / staff) : 0 } });
  return out;
}

/** One line per warning, in both languages, for the case an official reads. */
export function describeWarning(w: DetectedWarning): string {
  const d = w.details as Record<string, number> & { points?: { month: string; insured: number }[] };
  const pct = (x: number) => `${round(x * 100, 1)}%`;
  switch (w.kind) {
    case 'layoff_threshold':
      return (
        `参保人数较上月减少${d.reduction}人（${d.previous}→${d.current}，${pct(d.share!)}），达到劳动合同法第四十一条裁员报告标准（20人以上，或不足20人但占10%以上；少于${d.floor}人的减少视为正常流动，不预警）。` +
        `\nInsured headcount fell by ${d.reduction} (${d.previous} → ${d.current}, ${pct(d.share!)}): at the reporting threshold of article 41 of the Labour Contract Law (20 or more, or fewer but 10% or more; a drop of fewer than ${d.floor} is ordinary turnover and not flagged).`
      );
    case 'sustained_decline': {
      const path = d.points!.map((p) => p.insured).join('→');
      return `参保人数连续${d.points!.length - 1}个月下降（${path}），累计下降${pct(d.share!)}。\nInsured headcount fell ${d.points!.length - 1} months running (${path.replaceAll('→', ' → ')}), ${pct(d.share!)} in all.`;
    }
    case 'unpaid_contributions':
      return `${d.owed}名仍在职的职工本月未缴社会保险（本月参保${d.insured}人）。\n${d.owed} staff still employed had no contributions paid this month (${d.insured} insured).`;
  }
}

/**
 * Rebuilds the monthly headcount of every enterprise up to `through` ('YYYY-MM'): two set-based
 * statements in one transaction, so the board never sees a half-built month.
 *
 * - The months of an enterprise run from its first month with contributions to the month after its
 *   last one (so a drop to nobody shows), capped at `through`. Months without contributions inside
 *   that span are rows with insured 0.
 * - `insured`: distinct persons with a contribution that month through an employment at the enterprise.
 * - `owed` (欠缴): persons employed there for the whole month, whose employment had contributions in
 *   some other month (they are enrolled), with none at the enterprise this month. The months an
 *   employment starts or ends part-way are left out: whether the month of joining or leaving is paid
 *   depends on the day, and counting it would report every layoff as arrears as well.
 */
export async function refreshHeadcount(db: Db, o: { through: string }): Promise<{ rows: number }> {
  const through = `${o.through}-01`;
  return db.transaction().execute(async (trx) => {
    await sql`DELETE FROM enterprise_headcount WHERE month <= ${through}::date`.execute(trx);
    const r = await sql`
      WITH paid AS (
        SELECT DISTINCT e.enterprise_id, c.person_id, c.month
        FROM contribution c JOIN employment e ON e.id = c.employment_id
        WHERE c.month <= ${through}::date
      ),
      span AS (
        SELECT enterprise_id, min(month)::timestamp AS first_month, least(max(month) + interval '1 month', ${through}::date::timestamp) AS last_month
        FROM paid GROUP BY enterprise_id
      ),
      months AS (
        SELECT s.enterprise_id, g.m::date AS month
        FROM span s CROSS JOIN LATERAL generate_series(s.first_month, s.last_month, interval '1 month') AS g(m)
      ),
      insured AS (
        SELECT enterprise_id, month, count(*)::int AS n FROM paid GROUP BY enterprise_id, month
      ),
      covered AS (
        SELECT e.enterprise_id, e.person_id, g.m::date AS month
        FROM employment e
        JOIN span s ON s.enterprise_id = e.enterprise_id
        CROSS JOIN LATERAL generate_series(
          greatest(s.first_month, date_trunc('month', (e.start_date - 1)::timestamp + interval '1 month')),
          least(s.last_month, coalesce(date_trunc('month', (e.end_date + 1)::timestamp) - interval '1 month', s.last_month)),
          interval '1 month') AS g(m)
        WHERE EXISTS (SELECT 1 FROM contribution c WHERE c.employment_id = e.id AND c.month <= ${through}::date)
      ),
      owed AS (
        SELECT v.enterprise_id, v.month, count(DISTINCT v.person_id)::int AS n
        FROM covered v
        WHERE NOT EXISTS (SELECT 1 FROM paid p WHERE p.enterprise_id = v.enterprise_id AND p.person_id = v.person_id AND p.month = v.month)
        GROUP BY v.enterprise_id, v.month
      )
      INSERT INTO enterprise_headcount (enterprise_id, month, district_code, industry_section, insured, owed)
      SELECT mo.enterprise_id, mo.month, en.district_code, en.industry_section, coalesce(i.n, 0), coalesce(o.n, 0)
      FROM months mo
      JOIN enterprise en ON en.id = mo.enterprise_id
      LEFT JOIN insured i ON i.enterprise_id = mo.enterprise_id AND i.month = mo.month
      LEFT JOIN owed o ON o.enterprise_id = mo.enterprise_id AND o.month = mo.month`.execute(trx);
    return { rows: Number(r.numAffectedRows ?? 0) };
  });
}

const SERIES_CHUNK = 5000;
const INSERT_CHUNK = 1000;

/** Each enterprise with a headcount in `month`, with the points the rules read (set-based, in chunks of enterprises). */
async function* seriesUpTo(db: DbOrTx, month: string, points: number) {
  const to = `${month}-01`;
  const from = `${addMonths(month, -(points - 1))}-01`;
  let after = 0;
  for (;;) {
    const ids = await db.selectFrom('enterprise_headcount').select('enterprise_id').where('month', '=', to).where('enterprise_id', '>', after).orderBy('enterprise_id').limit(SERIES_CHUNK).execute();
    if (ids.length === 0) return;
    const last = Number(ids.at(-1)!.enterprise_id);
    const rows = await db
      .selectFrom('enterprise_headcount')
      .select(['enterprise_id', 'month', 'insured', 'owed', 'district_code', 'industry_section'])
      .where('enterprise_id', '>', after)
      .where('enterprise_id', '<=', last)
      .where('month', '>=', from)
      .where('month', '<=', to)
      .orderBy('enterprise_id')
      .orderBy('month')
      .execute();
    const byEnterprise = new Map<number, { districtCode: string; industrySection: string; series: HeadcountPoint[] }>();
    for (const r of rows) {
      const id = Number(r.enterprise_id);
      let e = byEnterprise.get(id);
      if (!e) byEnterprise.set(id, (e = { districtCode: r.district_code, industrySection: r.industry_section, series: [] }));
      // The latest point carries the enterprise's current district and section.
      e.districtCode = r.district_code;
      e.industrySection = r.industry_section;
      e.series.push({ month: String(r.month).slice(0, 7), insured: r.insured, owed: r.owed });
    }
    yield* byEnterprise;
    after = last;
  }
}

const subjectRef = (enterpriseId: number, month: string) => `employment_warning:${enterpriseId}:${month}`;

/**
 * Runs the rules for `month` ('YYYY-MM') over every enterprise's headcount, records the warnings
 * (re-running adds nothing), and opens one case per enterprise and month for its district, listing
 * every warning of that month. Warnings left without a case (an earlier run stopped half-way) get
 * one too; a warning added to an enterprise-month that has a case already joins it with a comment.
 */
export async function detectAndRecord(db: Db, clock: Clock, o: { month: string; thresholds?: Thresholds }): Promise<{ enterprises: number; detected: number; warnings: number; casesOpened: number }> {
  const thresholds = o.thresholds ?? DEFAULT_THRESHOLDS;
  const monthDate = `${o.month}-01`;
  let enterprises = 0;
  let detected = 0;
  let inserted = 0;
  let pending: { enterprise_id: number; month: string; kind: WarningKind; district_code: string; industry_section: string; details: string }[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const r = await db
      .insertInto('employment_warning')
      .values(pending)
      .onConflict((oc) => oc.columns(['enterprise_id', 'month', 'kind']).doNothing())
      .returning('id')
      .execute();
    inserted += r.length;
    pending = [];
  };
  for await (const [enterpriseId, e] of seriesUpTo(db, o.month, thresholds.declineMonths + 1)) {
    enterprises++;
    for (const w of detectWarnings(e.series, thresholds)) {
      detected++;
      pending.push({ enterprise_id: enterpriseId, month: monthDate, kind: w.kind, district_code: e.districtCode, industry_section: e.industrySection, details: JSON.stringify(w.details) });
      if (pending.length >= INSERT_CHUNK) await flush();
    }
  }
  await flush();
  const casesOpened = await openCasesFor(db, clock, o.month);
  return { enterprises, detected, warnings: inserted, casesOpened };
}

/** Opens (or joins) the follow-up case of every enterprise with warnings of `month` that have none. */
async function openCasesFor(db: Db, clock: Clock, month: string): Promise<number> {
  const monthDate = `${month}-01`;
  const waiting = await db
    .selectFrom('employment_warning as w')
    .innerJoin('enterprise as en', 'en.id', 'w.enterprise_id')
    .select(['w.id', 'w.enterprise_id', 'w.kind', 'w.details', 'en.name', 'en.credit_code', 'en.district_code'])
    .where('w.month', '=', monthDate)
    .where('w.case_id', 'is', null)
    .orderBy('w.enterprise_id')
    .orderBy('w.kind')
    .execute();
  if (waiting.length === 0) return 0;
  const kind = await loadKind(db, WARNING_CASE_KIND);
  if (!kind) throw new Error(`case kind ${WARNING_CASE_KIND} is not loaded`);
  // Cases already opened for this month, by enterprise: a later warning joins its enterprise's case.
  const existing = new Map(
    (
      await db
        .selectFrom('employment_warning')
        .select(['enterprise_id', sql<number>`max(case_id)`.as('case_id')])
        .where('month', '=', monthDate)
        .where('case_id', 'is not', null)
        .groupBy('enterprise_id')
        .execute()
    ).map((r) => [Number(r.enterprise_id), Number(r.case_id)]),
  );
  for (const r of await db.selectFrom('case_record').select(['id', 'subject_ref']).where('kind_code', '=', WARNING_CASE_KIND).where('subject_ref', 'like', `employment_warning:%:${month}`).execute()) {
    const id = Number(r.subject_ref!.split(':')[1]);
    if (!existing.has(id)) existing.set(id, Number(r.id));
  }

  const groups = new Map<number, typeof waiting>();
  for (const w of waiting) groups.set(Number(w.enterprise_id), [...(groups.get(Number(w.enterprise_id)) ?? []), w]);
  let opened = 0;
  for (const [enterpriseId, ws] of groups) {
    const warnings = ws.map((w) => ({ kind: w.kind, details: (typeof w.details === 'string' ? JSON.parse(w.details) : w.details) as Record<string, unknown> }));
    const text = warnings.map(describeWarning).join('\n\n');
    let caseId = existing.get(enterpriseId);
    if (caseId !== undefined) await noteOnCase(db, clock, caseId, `新增预警 / Further warning:\n${text}`);
    else {
      const first = ws[0]!;
      const details = parseFields(kind, {
        employerName: first.name.slice(0, 200),
        // A malformed registry code would stop the whole run; the case then names the enterprise only.
        ...(checkCreditCode(first.credit_code).ok ? { employerCreditCode: first.credit_code } : {}),
        district: first.district_code,
        month,
        kinds: warnings.map((w) => `${WARNING_LABELS[w.kind].zh}(${w.kind})`).join('；'),
        details: text.slice(0, 4000),
      });
      caseId = (await openCase(db, clock, { kind, details, source: 'system', reporter: { name: null, phone: null }, subjectRef: subjectRef(enterpriseId, month), by: null })).id;
      opened++;
    }
    await db.updateTable('employment_warning').set({ case_id: caseId }).where('id', 'in', ws.map((w) => Number(w.id))).where('case_id', 'is', null).execute();
  }
  return opened;
}

async function noteOnCase(db: Db, clock: Clock, caseId: number, note: string) {
  await db.transaction().execute(async (trx) => {
    const c = await trx.selectFrom('case_record').select(['kind_code', 'kind_version', 'version']).where('id', '=', caseId).forUpdate().executeTakeFirstOrThrow();
    const kind = (await loadKind(trx, c.kind_code, c.kind_version)) as LoadedKind;
    await appendEvents(trx, kind, caseId, c.version, [{ action: 'commented', payload: { note: note.slice(0, 4000) } }], null, clock.now());
  });
}

// Runs in this process, by database: a second run while one is going would open its cases twice.
const running = new WeakSet<object>();

/** The monthly run: rebuild the headcount through `month`, then detect and record. One at a time. */
export async function runMonthlyWarnings(db: Db, clock: Clock, o: { month: string; thresholds?: Thresholds }) {
  if (running.has(db)) throw new AppError('CONFLICT', { zh: '失业预警正在运行，请稍后再试', en: 'The early-warning run is already going; try again shortly' });
  running.add(db);
  try {
    const { rows } = await refreshHeadcount(db, { through: o.month });
    return { month: o.month, headcountRows: rows, ...(await detectAndRecord(db, clock, o)) };
  } finally {
    running.delete(db);
  }
}

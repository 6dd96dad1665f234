// Reporting with approval (报送 / 审核 / 退回): a district or department submits its monthly values of
// the reported indicators; the responsible department (or the city administrator) approves or returns
// them. Approval locks the values and writes them as indicator values. Every step is an append-only
// report_event, written in the same transaction as the change.
import { sql } from 'kysely';
import type { Db, DbOrTx } from '../../db/index.js';
import type { Principal } from '../../platform/access.js';
import { shanghaiDate, type Clock } from '../../platform/clock.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import type { PlanSettings } from './plan.service.js';
import { CITY, loadPlan, type IndicatorRow, type PlanContext } from './tracker.js';
import type { Text } from './progress.js';

export type Finding = { indicator: string; unitCode: string; severity: 'error' | 'warning'; rule: 'cumulative_fell' | 'rate_range' | 'numerator_over_denominator' | 'negative' | 'outlier' | 'missing'; message: Text };
export type ValueInput = { indicator: string; unit: string; value?: number | null; numerator?: number | null; denominator?: number | null };

const submissionNotFound = () => notFound({ zh: '未找到该报送记录,或不在您的管辖范围内', en: 'No such submission, or outside your jurisdiction' });

/** The month after `period`, on the due day: when a month's values are due. */
export function dueOn(period: string, settings: PlanSettings): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const ny = m === 12 ? y + 1 : y;
  const nm = m === 12 ? 1 : m + 1;
  return `${ny}-${String(nm).padStart(2, '0')}-${String(settings.reportDueDay).padStart(2, '0')}`;
}

/** The indicators (and the units) a unit reports for a department in a month. */
export function reportedRows(ctx: PlanContext, org: string, department: string, unitNames: Map<string, string>): { ind: IndicatorRow; unit: string }[] {
  const out: { ind: IndicatorRow; unit: string }[] = [];
  for (const ind of ctx.indicators.values()) {
    const b = ctx.bindings.get(ind.code);
    if (!b || b.source !== 'reported' || b.reported_by !== department) continue;
    if (org === CITY) {
      if (ind.unitLevel === 'city') out.push({ ind, unit: CITY });
    } else if (ind.unitLevel === 'district') out.push({ ind, unit: org });
    else if (ind.unitLevel === 'township') for (const t of ctx.townships.get(org) ?? []) if (unitNames.has(t)) out.push({ ind, unit: t });
  }
  return out.sort((a, b) => a.ind.code.localeCompare(b.ind.code) || a.unit.localeCompare(b.unit));
}

/** May this user fill in this unit's values for this department? */
export function mayReport(p: Principal, org: string, department: string): boolean {
  if (p.role === 'city_admin') return true;
  // A district's values are compiled by its own officers (for any department's indicators).
  if (p.role === 'district_officer') return org === p.orgCode;
  // City-level values are reported by the department that owns them.
  if (p.role === 'department_officer') return org === CITY && p.departmentCode === department;
  return false;
}

/** May this user approve or return a submission? The responsible department, or the city administrator; never its submitter. */
export function mayApprove(p: Principal, s: { department_code: string; org_code: string; submitted_by: number | null }): boolean {
  if (s.submitted_by === p.userId) return false;
  if (p.role === 'city_admin') return true;
  return p.role === 'department_officer' && p.orgCode === CITY && p.departmentCode === s.department_code;
}

/** Which submissions a user sees. */
export function mayRead(p: Principal, s: { department_code: string; org_code: string }): boolean {
  if (p.role === 'city_admin' || p.role === 'auditor') return true;
  if (p.role === 'department_officer') return p.departmentCode === s.department_code || s.org_code === p.orgCode;
  if (p.role === 'district_officer') return s.org_code === p.orgCode;
  if (p.role === 'township_worker') return p.orgCode.startsWith(s.org_code) && s.org_code !== CITY;
  return false;
}

type Prev = Map<string, { period: string; value: number | null; numerator: number | null; denominator: number | null }>;

/** The stored value of each (indicator, unit) in the month before, for comparison and checks. */
async function previousValues(db: DbOrTx, year: number, period: string, codes: string[]): Promise<Prev> {
  const m = Number(period.slice(5, 7));
  if (m === 1 || codes.length === 0) return new Map();
  const prev = `${year}-${String(m - 1).padStart(2, '0')}`;
  const rows = await db.selectFrom('indicator_value').select(['indicator_code', 'unit_code', 'value', 'numerator', 'denominator']).where('plan_year', '=', year).where('period', '=', prev).where('indicator_code', 'in', codes).execute();
  return new Map(rows.map((r) => [`${r.indicator_code}:${r.unit_code}`, { period: prev, value: r.value === null ? null : Number(r.value), numerator: r.numerator === null ? null : Number(r.numerator), denominator: r.denominator === null ? null : Number(r.denominator) }]));
}

/** Validation rules with importance: errors block submitting, warnings travel with the values. */
export function findingsFor(rows: { ind: IndicatorRow; unit: string; v: ValueInput | undefined }[], prev: Prev, period: string, settings: PlanSettings): Finding[] {
  const out: Finding[] = [];
  const m = Number(period.slice(5, 7));
  for (const { ind, unit, v } of rows) {
    const f = (severity: Finding['severity'], rule: Finding['rule'], zh: string, en: string) => out.push({ indicator: ind.code, unitCode: unit, severity, rule, message: { zh: `${ind.name.zh}：${zh}`, en: `${ind.name.en}: ${en}` } });
    const p = prev.get(`${ind.code}:${unit}`);
    if (ind.aggregation === 'rate') {
      const n = v?.numerator ?? null;
      const d = v?.denominator ?? null;
      if (n === null || d === null) {
        f('error', 'missing', '比率须填写分子和分母', 'a rate needs its numerator and denominator');
        continue;
      }
      if (n < 0 || d < 0) f('error', 'negative', '分子、分母不能为负数', 'numerator and denominator cannot be negative');
      if (d === 0 && n > 0) f('error', 'numerator_over_denominator', '分母为0时分子须为0', 'with a denominator of 0 the numerator must be 0');
      else if (n > d) f('error', 'numerator_over_denominator', `分子(${n})不能大于分母(${d})`, `the numerator (${n}) cannot exceed the denominator (${d})`);
      if (ind.periodType === 'ytd' && p && p.numerator !== null && p.denominator !== null && (n < p.numerator || d < p.denominator))
        f('error', 'cumulative_fell', `累计值不能小于上月（上月${p.numerator}/${p.denominator}）`, `a cumulative value cannot fall (last month ${p.numerator}/${p.denominator})`);
      continue;
    }
    const value = v?.value ?? null;
    if (value === null) {
      f('error', 'missing', '未填写', 'no value');
      continue;
    }
    if (value < 0) f('error', 'negative', '不能为负数', 'cannot be negative');
    if (ind.unit === 'percent' && (value < 0 || value > 100)) f('error', 'rate_range', `百分比须在0至100之间（填写了${value}）`, `a percentage must be between 0 and 100 (got ${value})`);
    if (ind.periodType === 'ytd' && p?.value !== null && p?.value !== undefined && value < p.value)
      f('error', 'cumulative_fell', `累计值不能小于上月（上月${p.value}，本月${value}）`, `a cumulative value cannot fall (last month ${p.value}, now ${value})`);
    else if (p?.value !== null && p?.value !== undefined && p.value > 0) {
      const k = settings.outlierFactor;
      if (ind.periodType === 'ytd' && m > 1) {
        const avg = p.value / (m - 1);
        const inc = value - p.value;
        if (avg > 0 && inc > k * avg) f('warning', 'outlier', `本月增量${inc}超过此前月均增量${Math.round(avg)}的${k}倍，请核实`, `this month's increase of ${inc} is over ${k}× the monthly average so far (${Math.round(avg)}); please check`);
      } else if (ind.periodType !== 'ytd' && (value / p.value > k || value / p.value < 1 / k)) {
        f('warning', 'outlier', `与上月(${p.value})相比变化超过${k}倍，请核实`, `changed more than ${k}× from last month (${p.value}); please check`);
      }
    }
  }
  return out;
}

function parseFindings(raw: unknown): Finding[] {
  return (typeof raw === 'string' ? JSON.parse(raw) : raw) as Finding[];
}

async function unitNameMap(db: DbOrTx): Promise<Map<string, string>> {
  const rows = await db.selectFrom('division').select(['code', 'name']).where('level', 'in', [1, 2, 3]).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

async function departmentNames(db: DbOrTx): Promise<Map<string, Text>> {
  const rows = await db.selectFrom('department').select(['code', 'name_zh', 'name_en', 'short_zh']).execute();
  return new Map(rows.map((r) => [r.code, { zh: r.short_zh ?? r.name_zh, en: r.name_en }]));
}

type SubmissionRowDb = { id: number; plan_year: number; period: string; org_code: string; department_code: string; status: 'draft' | 'submitted' | 'approved' | 'returned'; due_on: string; late: boolean; findings: unknown; version: number; submitted_by: number | null; submitted_at: Date | null; reviewed_by: number | null; reviewed_at: Date | null; review_comment: string | null; submitted_name: string | null; reviewed_name: string | null };

function submissionQuery(db: DbOrTx) {
  return db
    .selectFrom('report_submission as s')
    .leftJoin('app_user as su', 'su.id', 's.submitted_by')
    .leftJoin('app_user as ru', 'ru.id', 's.reviewed_by')
    .select(['s.id', 's.plan_year', 's.period', 's.org_code', 's.department_code', 's.status', 's.due_on', 's.late', 's.findings', 's.version', 's.submitted_by', 's.submitted_at', 's.reviewed_by', 's.reviewed_at', 's.review_comment', 'su.display_name as submitted_name', 'ru.display_name as reviewed_name']);
}

function summaryView(s: SubmissionRowDb, names: Map<string, string>, depts: Map<string, Text>) {
  return {
    id: Number(s.id),
    year: s.plan_year,
    period: s.period,
    orgCode: s.org_code,
    orgName: names.get(s.org_code) ?? s.org_code,
    departmentCode: s.department_code,
    departmentName: depts.get(s.department_code) ?? { zh: s.department_code, en: s.department_code },
    status: s.status,
    dueOn: String(s.due_on).slice(0, 10),
    late: s.late,
    version: s.version,
    submittedBy: s.submitted_name,
    submittedAt: s.submitted_at ? new Date(s.submitted_at).toISOString() : null,
    reviewedBy: s.reviewed_name,
    reviewedAt: s.reviewed_at ? new Date(s.reviewed_at).toISOString() : null,
    reviewComment: s.review_comment,
    findings: parseFindings(s.findings),
  };
}

export async function listSubmissions(db: DbOrTx, p: Principal, year: number, f: { period?: string; status?: string }) {
  let q = submissionQuery(db).where('s.plan_year', '=', year);
  if (f.period) q = q.where('s.period', '=', f.period);
  if (f.status) q = q.where('s.status', '=', f.status as 'draft');
  const rows = (await q.orderBy('s.period', 'desc').orderBy('s.org_code').limit(2000).execute()) as SubmissionRowDb[];
  const [names, depts] = await Promise.all([unitNameMap(db), departmentNames(db)]);
  return rows.filter((s) => mayRead(p, s)).map((s) => summaryView(s, names, depts));
}

async function rowsView(db: DbOrTx, ctx: PlanContext, period: string, org: string, department: string, submissionId: number | null) {
  const names = await unitNameMap(db);
  const rows = reportedRows(ctx, org, department, names);
  const prev = await previousValues(db, ctx.year, period, [...new Set(rows.map((r) => r.ind.code))]);
  const values = new Map<string, { value: number | null; numerator: number | null; denominator: number | null }>();
  if (submissionId !== null) {
    for (const v of await db.selectFrom('report_value').selectAll().where('submission_id', '=', submissionId).execute())
      values.set(`${v.indicator_code}:${v.unit_code}`, { value: v.value === null ? null : Number(v.value), numerator: v.numerator === null ? null : Number(v.numerator), denominator: v.denominator === null ? null : Number(v.denominator) });
  }
  return rows.map(({ ind, unit }) => {
    const v = values.get(`${ind.code}:${unit}`);
    return {
      indicator: ind.code,
      name: ind.name,
      unit: ind.unit,
      aggregation: ind.aggregation,
      unitLevel: ind.unitLevel,
      unitCode: unit,
      unitName: names.get(unit) ?? unit,
      value: v?.value ?? null,
      numerator: v?.numerator ?? null,
      denominator: v?.denominator ?? null,
      previous: prev.get(`${ind.code}:${unit}`) ?? null,
    };
  });
}

export async function submissionForm(db: DbOrTx, p: Principal, year: number, q: { period: string; org: string; department: string }) {
  const ctx = await loadPlan(db, year, q.period);
  if (!mayReport(p, q.org, q.department)) throw forbidden();
  const existing = (await submissionQuery(db).where('s.plan_year', '=', year).where('s.period', '=', q.period).where('s.org_code', '=', q.org).where('s.department_code', '=', q.department).executeTakeFirst()) as SubmissionRowDb | undefined;
  const [names, depts] = await Promise.all([unitNameMap(db), departmentNames(db)]);
  return {
    period: q.period,
    orgCode: q.org,
    orgName: names.get(q.org) ?? q.org,
    departmentCode: q.department,
    departmentName: depts.get(q.department) ?? { zh: q.department, en: q.department },
    dueOn: dueOn(q.period, ctx.settings),
    editable: !existing || existing.status === 'draft' || existing.status === 'returned',
    submission: existing ? summaryView(existing, names, depts) : null,
    rows: await rowsView(db, ctx, q.period, q.org, q.department, existing ? Number(existing.id) : null),
  };
}

export async function submissionDetail(db: DbOrTx, p: Principal, id: number) {
  const s = (await submissionQuery(db).where('s.id', '=', id).executeTakeFirst()) as SubmissionRowDb | undefined;
  if (!s || !mayRead(p, s)) throw submissionNotFound();
  const ctx = await loadPlan(db, s.plan_year, s.period);
  const [names, depts] = await Promise.all([unitNameMap(db), departmentNames(db)]);
  const events = await db.selectFrom('report_event as e').leftJoin('app_user as u', 'u.id', 'e.actor_id').select(['e.action', 'u.display_name', 'e.comment', 'e.at']).where('e.submission_id', '=', id).orderBy('e.id').execute();
  return {
    ...summaryView(s, names, depts),
    rows: await rowsView(db, ctx, s.period, s.org_code, s.department_code, id),
    canApprove: s.status === 'submitted' && mayApprove(p, s),
    canEdit: (s.status === 'draft' || s.status === 'returned') && mayReport(p, s.org_code, s.department_code),
    events: events.map((e) => ({ action: e.action, actor: e.display_name, comment: e.comment, at: new Date(e.at).toISOString() })),
  };
}

/** Saves a draft (new, draft or returned): the values replace the draft's, findings are recomputed. */
export async function saveDraft(db: Db, p: Principal, year: number, body: { period: string; org: string; department: string; version?: number; values: ValueInput[] }): Promise<number> {
  const ctx = await loadPlan(db, year, body.period);
  if (Number(body.period.slice(0, 4)) !== year) throw new AppError('VALIDATION', { zh: `报送月份须在${year}年内`, en: `The month must be in ${year}` }, [{ path: 'period', message: `须在${year}年内`, messageEn: `must be in ${year}` }]);
  if (!mayReport(p, body.org, body.department)) throw forbidden();
  const names = await unitNameMap(db);
  const rows = reportedRows(ctx, body.org, body.department, names);
  if (rows.length === 0) throw new AppError('VALIDATION', { zh: '该单位在该部门下没有需要报送的指标', en: 'This unit reports no indicators for this department' });
  const allowed = new Set(rows.map((r) => `${r.ind.code}:${r.unit}`));
  const errors = body.values.flatMap((v, i) => (allowed.has(`${v.indicator}:${v.unit}`) ? [] : [{ path: `values.${i}`, message: `${v.indicator}/${v.unit} 不是本单位报送的指标`, messageEn: `${v.indicator}/${v.unit} is not reported by this unit` }]));
  const seen = new Set<string>();
  body.values.forEach((v, i) => {
    const k = `${v.indicator}:${v.unit}`;
    if (seen.has(k)) errors.push({ path: `values.${i}`, message: `${k} 重复`, messageEn: `${k} appears twice` });
    seen.add(k);
  });
  if (errors.length > 0) throw new AppError('VALIDATION', { zh: '报送内容有误', en: 'The values are not valid' }, errors);
  const byKey = new Map(body.values.map((v) => [`${v.indicator}:${v.unit}`, v]));
  const prev = await previousValues(db, year, body.period, [...new Set(rows.map((r) => r.ind.code))]);
  const findings = findingsFor(rows.map((r) => ({ ...r, v: byKey.get(`${r.ind.code}:${r.unit}`) })), prev, body.period, ctx.settings);
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('report_submission').selectAll().where('plan_year', '=', year).where('period', '=', body.period).where('org_code', '=', body.org).where('department_code', '=', body.department).forUpdate().executeTakeFirst();
    if (existing && (existing.status === 'submitted' || existing.status === 'approved'))
      throw new AppError('CONFLICT', { zh: existing.status === 'approved' ? '该月数据已审核锁定，不能修改' : '该月数据已报送待审核，不能修改', en: existing.status === 'approved' ? 'These values are approved and locked' : 'These values are submitted and awaiting review' });
    if (existing && body.version !== undefined && existing.version !== body.version) throw staleVersion();
    let id: number;
    if (existing) {
      id = Number(existing.id);
      await trx.updateTable('report_submission').set({ status: 'draft', findings: JSON.stringify(findings), version: existing.version + 1, updated_at: new Date() }).where('id', '=', id).execute();
      await trx.deleteFrom('report_value').where('submission_id', '=', id).execute();
    } else {
      const r = await trx
        .insertInto('report_submission')
        .values({ plan_year: year, period: body.period, org_code: body.org, department_code: body.department, status: 'draft', due_on: dueOn(body.period, ctx.settings), findings: JSON.stringify(findings), submitted_by: null, submitted_at: null, reviewed_by: null, reviewed_at: null, review_comment: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = Number(r.id);
    }
    if (body.values.length > 0)
      await trx
        .insertInto('report_value')
        .values(body.values.map((v) => ({ submission_id: id, indicator_code: v.indicator, unit_code: v.unit, value: v.value ?? null, numerator: v.numerator ?? null, denominator: v.denominator ?? null })))
        .execute();
    await trx.insertInto('report_event').values({ submission_id: id, action: 'saved', actor_id: p.userId, comment: null, values_after: JSON.stringify(body.values) }).execute();
    return id;
  });
}

const staleVersion = () => new AppError('CONFLICT', { zh: '该报送已被他人修改，请刷新后重试', en: 'Someone else changed this submission; reload and try again' });

async function lockSubmission(trx: DbOrTx, id: number, version: number) {
  const s = await trx.selectFrom('report_submission').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!s) throw submissionNotFound();
  if (s.version !== version) throw staleVersion();
  return s;
}

export async function submit(db: Db, p: Principal, id: number, version: number, clock: Clock): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const s = await lockSubmission(trx, id, version);
    if (!mayReport(p, s.org_code, s.department_code)) throw submissionNotFound();
    if (s.status !== 'draft' && s.status !== 'returned') throw new AppError('CONFLICT', { zh: '该报送已提交', en: 'This submission is already submitted' });
    const errors = parseFindings(s.findings).filter((f) => f.severity === 'error');
    if (errors.length > 0)
      throw new AppError('VALIDATION', { zh: `仍有${errors.length}处错误，请修改后再提交`, en: `${errors.length} errors remain; fix them before submitting` }, errors.map((f) => ({ path: `${f.indicator}.${f.unitCode}`, message: f.message.zh, messageEn: f.message.en })));
    const now = clock.now();
    const late = shanghaiDate(now) > String(s.due_on).slice(0, 10);
    await trx.updateTable('report_submission').set({ status: 'submitted', submitted_by: p.userId, submitted_at: now, late, reviewed_by: null, reviewed_at: null, version: s.version + 1, updated_at: now }).where('id', '=', id).execute();
    await trx.insertInto('report_event').values({ submission_id: id, action: 'submitted', actor_id: p.userId, comment: late ? 'late' : null, values_after: null, at: now }).execute();
  });
}

export async function review(db: Db, p: Principal, id: number, body: { version: number; comment?: string }, decision: 'approved' | 'returned', clock: Clock): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const s = await lockSubmission(trx, id, body.version);
    if (!mayRead(p, s)) throw submissionNotFound();
    if (s.status !== 'submitted') throw new AppError('CONFLICT', { zh: '只有待审核的报送可以审核', en: 'Only a submitted report can be reviewed' });
    if (s.submitted_by === p.userId) throw new AppError('FORBIDDEN', { zh: '不能审核自己报送的数据', en: 'You cannot review values you submitted' });
    if (!mayApprove(p, s)) throw forbidden();
    if (decision === 'returned' && !body.comment?.trim()) throw new AppError('VALIDATION', { zh: '退回须说明原因', en: 'Say why the values are returned' }, [{ path: 'comment', message: '退回须说明原因', messageEn: 'required when returning' }]);
    const now = clock.now();
    await trx.updateTable('report_submission').set({ status: decision, reviewed_by: p.userId, reviewed_at: now, review_comment: body.comment ?? null, version: s.version + 1, updated_at: now }).where('id', '=', id).execute();
    await trx.insertInto('report_event').values({ submission_id: id, action: decision, actor_id: p.userId, comment: body.comment ?? null, values_after: null, at: now }).execute();
    if (decision === 'approved') await writeApproved(trx, s.plan_year, s.period, [id]);
  });
}

/** Approved values become indicator values, except where the indicator is computed that month. */
export async function writeApproved(trx: DbOrTx, year: number, period: string, submissionIds: number[]): Promise<void> {
  await sql`INSERT INTO indicator_value (plan_year, indicator_code, period, unit_code, value, numerator, denominator, source, submission_id)
    SELECT ${year}::int, v.indicator_code, ${period}::text, v.unit_code,
      CASE WHEN v.value IS NOT NULL THEN v.value WHEN v.denominator > 0 THEN v.numerator / v.denominator * 100 END,
      v.numerator, v.denominator, 'reported', v.submission_id
    FROM report_value v
    WHERE v.submission_id IN (${sql.join(submissionIds.map((id) => sql`${id}::bigint`))})
      AND (SELECT b.source FROM indicator_binding b WHERE b.plan_year = ${year}::int AND b.indicator_code = v.indicator_code AND b.effective_from <= ${period}::text
           ORDER BY b.effective_from DESC LIMIT 1) = 'reported'
    ON CONFLICT (plan_year, indicator_code, period, unit_code) DO UPDATE SET value = excluded.value, numerator = excluded.numerator,
      denominator = excluded.denominator, source = 'reported', submission_id = excluded.submission_id, updated_at = now()`.execute(trx);
}

// Loading the plan file, creating the next year's plan, district quotas, and recomputing the
// indicators computed from the platform's data.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { parse as parseYaml } from 'yaml';
import type { Db, DbOrTx } from '../../db/index.js';
import { AppError } from '../../platform/errors.js';
import { allowWorkMem, COMPUTED, computedStatements } from './indicators.js';
import { PlanFile, type Target } from './plan-file.js';
import { apportion, DEFAULT_THRESHOLDS, type Thresholds } from './progress.js';

export type PlanSettings = {
  thresholds: Thresholds;
  /** League table: completion ratios are capped here (1.2 = 120%). */
  leagueCap: number;
  /** League table weights per target code (targets with district quotas); 1 when not given. */
  leagueWeights: Record<string, number>;
  /** Share of the league score given to public ratings, when a district has enough of them. */
  ratingWeight: number;
  ratingMinSample: number;
  /** Monthly values are due on this day of the following month. */
  reportDueDay: number;
  /** A reported value more than this many times (or less than 1/this of) last month's change is an outlier. */
  outlierFactor: number;
  /** Count targets multiplied by this when the plan was created (1 for the plan as written). */
  scale: number;
};

export const DEFAULT_SETTINGS: PlanSettings = {
  thresholds: DEFAULT_THRESHOLDS,
  leagueCap: 1.2,
  leagueWeights: {},
  ratingWeight: 0.1,
  ratingMinSample: 30,
  reportDueDay: 5,
  outlierFactor: 3,
  scale: 1,
};

/** Chongqing's resident population at the end of 2022 (统计公报), the base for demo-scaled targets. */
export const CITY_POPULATION = 32_130_000;

export const settingsOf = (raw: unknown): PlanSettings => ({ ...DEFAULT_SETTINGS, ...(raw as Partial<PlanSettings>) });

export function readPlanFile(path: string): PlanFile {
  const raw = parseYaml(readFileSync(path, 'utf8')) as unknown;
  const r = PlanFile.safeParse(raw);
  if (!r.success) {
    const first = r.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`${path}: ${first.join('; ')}`);
  }
  return r.data;
}

const hashOf = (def: PlanFile) => createHash('sha256').update(JSON.stringify(def)).digest('hex');

/** Count targets that scale with the population (district-level sums and stocks); rates and per-unit minima do not. */
function scales(t: Target, def: PlanFile): boolean {
  if (!t.indicator || t.unit === 'percent') return false;
  if (!['at_least', 'about', 'at_most'].includes(t.comparator)) return false;
  const ind = def.indicators.find((i) => i.code === t.indicator)!;
  return ind.unitLevel === 'district' && (ind.aggregation === 'sum' || ind.aggregation === 'latest');
}

/** Loads every plan file not yet in the database. A plan already loaded is never overwritten by its file. */
export async function syncPlanDir(db: Db, dir: string): Promise<{ loaded: number[]; skipped: number[] }> {
  const loaded: number[] = [];
  const skipped: number[] = [];
  for (const f of readdirSync(dir).filter((x) => /\.ya?ml$/.test(x)).sort()) {
    const def = readPlanFile(join(dir, f));
    const exists = await db.selectFrom('plan').select('year').where('year', '=', def.year).executeTakeFirst();
    if (exists) {
      skipped.push(def.year);
      continue;
    }
    await db.transaction().execute((trx) => insertPlan(trx, def, { year: def.year, copiedFrom: null, scale: 1, actor: null }));
    loaded.push(def.year);
  }
  return { loaded, skipped };
}

/** Inserts a plan with its indicators, bindings, targets and default quotas, in the caller's transaction. */
export async function insertPlan(trx: DbOrTx, def: PlanFile, o: { year: number; copiedFrom: number | null; scale: number; actor: number | null; settings?: Partial<PlanSettings> }): Promise<void> {
  const settings: PlanSettings = { ...DEFAULT_SETTINGS, ...o.settings, scale: o.scale };
  await trx
    .insertInto('plan')
    .values({
      year: o.year,
      name_zh: def.name.zh,
      name_en: def.name.en,
      document_no: def.documentNo,
      issued_on: def.issuedOn,
      copied_from: o.copiedFrom,
      definition: JSON.stringify(def),
      definition_hash: hashOf(def),
      settings: JSON.stringify(settings),
      created_by: o.actor,
    })
    .execute();
  for (const i of def.indicators) {
    await trx
      .insertInto('plan_indicator')
      .values({ plan_year: o.year, code: i.code, name_zh: i.name.zh, name_en: i.name.en, unit: i.unit, aggregation: i.aggregation, period_type: i.periodType, direction: i.direction, unit_level: i.unitLevel, threshold: i.threshold ?? null, seasonal: i.seasonal ? JSON.stringify(i.seasonal) : null })
      .execute();
    if (i.source === 'computed' && !COMPUTED[i.query!]) throw new AppError('VALIDATION', { zh: `指标${i.code}引用了不存在的计算口径${i.query}`, en: `Indicator ${i.code} names an unknown computed query ${i.query}` });
    await trx
      .insertInto('indicator_binding')
      .values({ plan_year: o.year, indicator_code: i.code, effective_from: `${o.year}-01`, source: i.source, query: i.source === 'computed' ? i.query! : null, reported_by: i.reportedBy ?? null, note: 'plan file', created_by: o.actor })
      .execute();
  }
  const shift = (d: string) => `${o.year}${d.slice(4)}`;
  let position = 0;
  const targets: { t: Target; item: string }[] = [...def.goals.flatMap((g) => g.targets.map((t) => ({ t, item: g.code }))), ...def.measures.flatMap((m) => m.targets.map((t) => ({ t, item: m.code })))];
  for (const { t, item } of targets) {
    const value = t.value === undefined ? null : scales(t, def) && o.scale !== 1 ? Math.max(1, Math.round(t.value * o.scale)) : t.value;
    await trx
      .insertInto('plan_target')
      .values({
        plan_year: o.year,
        code: t.code,
        item_code: item,
        title_zh: t.title.zh,
        title_en: t.title.en,
        quote: t.quote,
        comparator: t.comparator,
        value,
        tolerance: t.tolerance === undefined ? null : scales(t, def) && o.scale !== 1 ? t.tolerance * o.scale : t.tolerance,
        unit: t.unit ?? null,
        departments: JSON.stringify(t.departments),
        deadline: shift(t.deadline),
        indicator_code: t.indicator ?? null,
        decompose: t.decompose,
        position: position++,
      })
      .execute();
  }
  await defaultQuotas(trx, o.year, o.actor);
}

/** Splits every decomposed target into district quotas in proportion to each district's registered residents. */
export async function defaultQuotas(trx: DbOrTx, year: number, actor: number | null): Promise<void> {
  const districts = await trx.selectFrom('division').select('code').where('level', '=', 2).orderBy('code').execute();
  const pop = await sql<{ district_code: string; n: number }>`SELECT district_code, count(*)::int AS n FROM person GROUP BY district_code`.execute(trx);
  const byCode = new Map(pop.rows.map((r) => [r.district_code, Number(r.n)]));
  const weights = districts.map((d) => ({ code: d.code, weight: byCode.get(d.code) ?? 0 }));
  const even = weights.every((w) => w.weight === 0);
  const targets = await trx.selectFrom('plan_target').select(['code', 'value']).where('plan_year', '=', year).where('decompose', '=', true).execute();
  for (const t of targets) {
    if (t.value === null) continue;
    const q = apportion(t.value, even ? weights.map((w) => ({ ...w, weight: 1 })) : weights);
    await trx.deleteFrom('plan_quota').where('plan_year', '=', year).where('target_code', '=', t.code).execute();
    if (q.size === 0) continue;
    await trx
      .insertInto('plan_quota')
      .values([...q].map(([district_code, value]) => ({ plan_year: year, target_code: t.code, district_code, value, set_by: actor })))
      .execute();
  }
}

/**
 * The next year's plan, copied from an existing one: targets, indicators, the bindings in force at the
 * end of the source year, settings. Deadlines move to the new year. `scale` multiplies the count
 * targets that grow with the population (the demo city uses it: see docs/plan-tracker.md); by
 * default the copy keeps the source's scale.
 */
export async function createNextPlan(db: Db, from: number, to: number, actor: number | null, scaleIn?: number): Promise<void> {
  const src = await db.selectFrom('plan').selectAll().where('year', '=', from).executeTakeFirst();
  if (!src) throw new AppError('NOT_FOUND', { zh: `没有${from}年的方案`, en: `No plan for ${from}` });
  if (to <= from) throw new AppError('VALIDATION', { zh: '新方案的年份须晚于被复制的方案', en: 'The new plan’s year must be later than the plan it copies' });
  const exists = await db.selectFrom('plan').select('year').where('year', '=', to).executeTakeFirst();
  if (exists) throw new AppError('CONFLICT', { zh: `${to}年的方案已存在`, en: `A plan for ${to} already exists` });
  const def = PlanFile.parse(typeof src.definition === 'string' ? JSON.parse(src.definition) : src.definition);
  // Targets as they stand now (officials may have changed values since the file was loaded).
  const current = await db.selectFrom('plan_target').select(['code', 'value']).where('plan_year', '=', from).execute();
  const valueOf = new Map(current.map((c) => [c.code, c.value]));
  const srcScale = settingsOf(src.settings).scale;
  // A copy keeps the source's scale unless told otherwise (a demo plan stays at the demo city's size).
  const scale = scaleIn ?? srcScale;
  const bindings = await latestBindings(db, from, `${from}-12`);
  const copy: PlanFile = {
    ...def,
    year: to,
    goals: def.goals.map((g) => ({ ...g, targets: g.targets.map((t) => retarget(t, valueOf.get(t.code), srcScale, def, to)) })),
    measures: def.measures.map((m) => ({ ...m, targets: m.targets.map((t) => retarget(t, valueOf.get(t.code), srcScale, def, to)) })),
    indicators: def.indicators.map((i) => {
      const b = bindings.get(i.code);
      return b ? { ...i, source: b.source, query: b.query ?? undefined, reportedBy: b.reported_by ?? i.reportedBy } : i;
    }),
  };
  await db.transaction().execute(async (trx) => {
    await insertPlan(trx, copy, { year: to, copiedFrom: from, scale, actor, settings: { ...settingsOf(src.settings), scale } });
    await recordChange(trx, to, 'created', `copy of ${from}`, null, { from, scale }, actor);
  });
}

/** A target of the source plan, with its current value unscaled back to the plan's own number. */
function retarget(t: Target, value: number | null | undefined, srcScale: number, def: PlanFile, to: number): Target {
  const v = value === null || value === undefined ? t.value : scales(t, def) && srcScale !== 1 ? value / srcScale : value;
  return { ...t, value: v === undefined ? undefined : v, deadline: `${to}${t.deadline.slice(4)}` };
}

export type BindingRow = { indicator_code: string; source: 'computed' | 'reported'; query: string | null; reported_by: string | null; effective_from: string };

/** The binding of each indicator in force in a month. */
export async function latestBindings(db: DbOrTx, year: number, period: string): Promise<Map<string, BindingRow>> {
  const rows = await db
    .selectFrom('indicator_binding')
    .select(['indicator_code', 'source', 'query', 'reported_by', 'effective_from'])
    .where('plan_year', '=', year)
    .where('effective_from', '<=', period)
    .orderBy('effective_from')
    .execute();
  const out = new Map<string, BindingRow>();
  for (const r of rows) out.set(r.indicator_code, r);
  return out;
}

/** All bindings of a plan by indicator, oldest first (to tell which months a computed query owns). */
async function allBindings(db: DbOrTx, year: number): Promise<Map<string, BindingRow[]>> {
  const rows = await db.selectFrom('indicator_binding').select(['indicator_code', 'source', 'query', 'reported_by', 'effective_from']).where('plan_year', '=', year).orderBy('effective_from').execute();
  const out = new Map<string, BindingRow[]>();
  for (const r of rows) out.set(r.indicator_code, [...(out.get(r.indicator_code) ?? []), r]);
  return out;
}

/**
 * Recomputes every computed indicator of a plan for January … `through` (a month number), in one
 * transaction. Months before an indicator became computed keep their reported values. `values` is
 * how many values the queries gave; `changed` how many of them differed from the stored ones and were
 * written (a value that has not changed is left as it is, with its `updated_at`).
 */
export async function recomputeIndicators(db: Db, year: number, through: number): Promise<{ values: number; changed: number; indicators: number }> {
  const bindings = await allBindings(db, year);
  const period = (m: number) => `${year}-${String(m).padStart(2, '0')}`;
  const jobs: { code: string; query: string; months: Set<number> }[] = [];
  for (const [code, list] of bindings) {
    const months = new Set<number>();
    for (let m = 1; m <= through; m++) {
      const b = [...list].reverse().find((x) => x.effective_from <= period(m));
      if (b?.source === 'computed') months.add(m);
    }
    const query = [...list].reverse().find((x) => x.source === 'computed')?.query;
    if (months.size > 0 && query) jobs.push({ code, query, months });
  }
  if (through < 1 || jobs.length === 0) return { values: 0, changed: 0, indicators: 0 };
  return db.transaction().execute(async (trx) => {
    await allowWorkMem(trx);
    // One statement: the rows of every computed query (queries over the same facts share a
    // subquery) for the indicators and months bound to them (a rate's value is its numerator ÷
    // denominator × 100) are compared with the stored rows; new or different values are upserted, and
    // computed rows of those indicators and months that no query gives (a unit it does not report) are
    // deleted. A reported row in a month now bound as computed is replaced.
    // (One statement rather than one per query: about 80 ms less on the demo city, PGlite.)
    const statements = computedStatements([...new Set(jobs.map((j) => j.query))], { year, through });
    const rows = sql.join(statements.map((st) => sql`(${st.sql})`), sql` UNION ALL `);
    const targets = jobs.flatMap((j) => [...j.months].map((m) => sql`(${j.query}::text, ${j.code}::text, ${period(m)}::text, ${m}::int)`));
    const r = await sql<{ produced: number; written: number; removed: number }>`WITH t(query, code, period, month) AS (VALUES ${sql.join(targets)}),
        v AS MATERIALIZED (
          SELECT t.code, t.period, c.unit,
            CASE WHEN c.value IS NOT NULL THEN c.value WHEN c.numerator IS NOT NULL AND c.denominator <> 0 THEN c.numerator / c.denominator * 100 END AS value,
            c.numerator, c.denominator
          FROM (${rows}) c JOIN t ON t.query = c.query AND t.month = c.month),
        stored AS MATERIALIZED (
          SELECT iv.indicator_code, iv.period, iv.unit_code, iv.value, iv.numerator, iv.denominator, iv.source, iv.submission_id
          FROM indicator_value iv JOIN t ON iv.plan_year = ${year}::int AND iv.indicator_code = t.code AND iv.period = t.period),
        diff AS MATERIALIZED (
          SELECT v.code, v.period, v.unit, v.value, v.numerator, v.denominator, s.indicator_code AS stored_code, s.period AS stored_period, s.unit_code AS stored_unit, s.source AS stored_source
          FROM v FULL JOIN stored s ON s.indicator_code = v.code AND s.period = v.period AND s.unit_code = v.unit
          WHERE (v.value, v.numerator, v.denominator, v.code, 'computed', NULL::bigint) IS DISTINCT FROM (s.value, s.numerator, s.denominator, s.indicator_code, s.source, s.submission_id)),
        written AS (
          INSERT INTO indicator_value AS iv (plan_year, indicator_code, period, unit_code, value, numerator, denominator, source, submission_id)
          SELECT ${year}::int, code, period, unit, value, numerator, denominator, 'computed', NULL FROM diff WHERE code IS NOT NULL
          ON CONFLICT (plan_year, indicator_code, period, unit_code) DO UPDATE SET value = excluded.value, numerator = excluded.numerator,
            denominator = excluded.denominator, source = excluded.source, submission_id = NULL, updated_at = now()
          RETURNING 1),
        removed AS (
          DELETE FROM indicator_value iv USING diff
          WHERE diff.code IS NULL AND diff.stored_source = 'computed'
            AND iv.plan_year = ${year}::int AND iv.indicator_code = diff.stored_code AND iv.period = diff.stored_period AND iv.unit_code = diff.stored_unit
          RETURNING 1)
        SELECT (SELECT count(*) FROM v)::int AS produced, (SELECT count(*) FROM written)::int AS written, (SELECT count(*) FROM removed)::int AS removed`.execute(trx);
    const row = r.rows[0]!;
    return { values: Number(row.produced), changed: Number(row.written) + Number(row.removed), indicators: jobs.length };
  });
}

/** Switches an indicator to a new source from a month on; history before it is untouched. */
export async function rebind(db: Db, year: number, code: string, from: string, b: { source: 'computed' | 'reported'; query?: string; reportedBy?: string; note: string }, actor: number | null): Promise<void> {
  if (b.source === 'computed' && (!b.query || !COMPUTED[b.query])) throw new AppError('VALIDATION', { zh: `没有名为${b.query ?? ''}的计算口径`, en: `No computed query named ${b.query ?? ''}` });
  await recordChange(db, year, 'binding', code, null, { from, ...b }, actor);
  await db
    .insertInto('indicator_binding')
    .values({ plan_year: year, indicator_code: code, effective_from: from, source: b.source, query: b.source === 'computed' ? b.query! : null, reported_by: b.reportedBy ?? null, note: b.note, created_by: actor })
    .onConflict((oc) => oc.columns(['plan_year', 'indicator_code', 'effective_from']).doUpdateSet({ source: b.source, query: b.source === 'computed' ? b.query! : null, reported_by: b.reportedBy ?? null, note: b.note }))
    .execute();
}

/**
 * Indicators the plan file binds as reported because the module owning their data had not landed,
 * and the computed query that replaces the reports once it has. Listed here as modules land.
 */
export const LANDED_BINDINGS: readonly { indicator: string; query: string; note: string }[] = [
  { indicator: 'wage_arrears_closure_rate', query: 'wage_arrears_closure_rate', note: '案件模块上线：由欠薪线索的受理和办结计算 / case engine landed: computed from wage-arrears leads' },
  { indicator: 'dispute_closure_rate', query: 'dispute_closure_rate', note: '案件模块上线：由劳动争议案件计算 / case engine landed: computed from labour-dispute cases' },
  { indicator: 'job_vacancies', query: 'job_vacancies', note: '就业服务上线：由发布的岗位计算 / employment services landed: computed from published postings' },
  { indicator: 'graduate_vacancies', query: 'graduate_vacancies', note: '就业服务上线：由面向毕业生的岗位计算 / employment services landed: computed from postings for graduates' },
  { indicator: 'livestream_job_fairs', query: 'livestream_job_fairs', note: '就业服务上线：由直播带岗活动计算 / employment services landed: computed from live-stream events' },
  { indicator: 'online_job_fairs', query: 'online_job_fairs', note: '就业服务上线：由网络招聘活动计算 / employment services landed: computed from online events' },
  { indicator: 'graduate_service_events', query: 'graduate_service_events', note: '就业服务上线：由校园和毕业生专场活动计算 / employment services landed: computed from campus and graduate events' },
  { indicator: 'graduate_internships', query: 'graduate_internships', note: '就业服务上线：由毕业生台账计算 / employment services landed: computed from the graduates ledger' },
  { indicator: 'difficult_graduates_placement_rate', query: 'difficult_graduates_placement_rate', note: '就业服务上线：由毕业生台账计算 / employment services landed: computed from the graduates ledger' },
  { indicator: 'gig_markets_stations', query: 'gig_markets_stations', note: '就业服务上线：由服务网点计算 / employment services landed: computed from service points' },
  { indicator: 'assistance_workshops', query: 'assistance_workshops', note: '就业服务上线：由服务网点计算 / employment services landed: computed from service points' },
  { indicator: 'labour_brokers', query: 'labour_brokers', note: '就业服务上线：由服务网点计算 / employment services landed: computed from service points' },
  { indicator: 'villages_with_labour_broker', query: 'villages_with_labour_broker', note: '就业服务上线：由服务网点计算 / employment services landed: computed from service points' },
  { indicator: 'ltc_insurance_coverage', query: 'ltc_insurance_coverage', note: '社保模块上线：由职工医保和长期护理保险参保记录计算 / insurance module landed: computed from employee medical and long-term-care enrolments' },
  { indicator: 'big_data_certification_rate', query: 'big_data_certification_rate', note: '社保模块上线：由年度资格认证计算 / insurance module landed: computed from the annual certification' },
];

/**
 * Switches a plan's indicators whose module has landed from reported to computed, from month `from`
 * on; months before keep their reported values. Does nothing for an indicator already computed.
 */
export async function adoptLandedBindings(db: Db, year: number, from: string): Promise<string[]> {
  const current = await latestBindings(db, year, '9999-12');
  const switched: string[] = [];
  for (const b of LANDED_BINDINGS) {
    const now = current.get(b.indicator);
    if (!now || now.source === 'computed') continue;
    await rebind(db, year, b.indicator, from, { source: 'computed', query: b.query, note: b.note }, null);
    switched.push(b.indicator);
  }
  return switched;
}

/** Replaces a target's district quotas, after checking them. */
export async function setQuotas(db: Db, year: number, targetCode: string, quotas: Record<string, number>, actor: number): Promise<void> {
  const t = await db.selectFrom('plan_target').select(['code', 'decompose']).where('plan_year', '=', year).where('code', '=', targetCode).executeTakeFirst();
  if (!t) throw new AppError('NOT_FOUND', { zh: '没有该目标', en: 'No such target' });
  if (!t.decompose) throw new AppError('VALIDATION', { zh: '该目标不分解到区县', en: 'This target is not split into district quotas' });
  const districts = new Set((await db.selectFrom('division').select('code').where('level', '=', 2).execute()).map((d) => d.code));
  const errors = Object.entries(quotas).flatMap(([code, v]) => [
    ...(districts.has(code) ? [] : [{ path: `quotas.${code}`, message: '不是本市的区县代码', messageEn: 'not a district of the city' }]),
    ...(Number.isFinite(v) && v >= 0 ? [] : [{ path: `quotas.${code}`, message: '配额须为非负数', messageEn: 'a quota must be a number ≥ 0' }]),
  ]);
  const missing = [...districts].filter((d) => !(d in quotas));
  if (missing.length > 0) errors.push({ path: 'quotas', message: `缺少${missing.length}个区县的配额：${missing.slice(0, 5).join('、')}`, messageEn: `quotas missing for ${missing.length} districts: ${missing.slice(0, 5).join(', ')}` });
  if (errors.length > 0) throw new AppError('VALIDATION', { zh: '配额有误', en: 'The quotas are not valid' }, errors);
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('plan_quota').select(['district_code', 'value']).where('plan_year', '=', year).where('target_code', '=', targetCode).execute();
    await trx.deleteFrom('plan_quota').where('plan_year', '=', year).where('target_code', '=', targetCode).execute();
    await trx
      .insertInto('plan_quota')
      .values(Object.entries(quotas).map(([district_code, value]) => ({ plan_year: year, target_code: targetCode, district_code, value, set_by: actor })))
      .execute();
    await recordChange(trx, year, 'quotas', targetCode, Object.fromEntries(before.map((b) => [b.district_code, Number(b.value)])), quotas, actor);
  });
}

export async function recordChange(trx: DbOrTx, year: number, kind: 'created' | 'quotas' | 'settings' | 'binding', subject: string | null, before: unknown, after: unknown, actor: number | null): Promise<void> {
  await trx
    .insertInto('plan_change')
    .values({ plan_year: year, kind, subject, before: before === null ? null : JSON.stringify(before), after: after === null ? null : JSON.stringify(after), actor_id: actor })
    .execute();
}

/** Settings officials tune: light thresholds, league weights and cap, rating weight and sample, deadlines. */
export async function updateSettings(db: Db, year: number, patch: Partial<PlanSettings>, actor: number): Promise<PlanSettings> {
  return db.transaction().execute(async (trx) => {
    const p = await trx.selectFrom('plan').select('settings').where('year', '=', year).forUpdate().executeTakeFirst();
    if (!p) throw new AppError('NOT_FOUND', { zh: `没有${year}年的方案`, en: `No plan for ${year}` });
    const before = settingsOf(typeof p.settings === 'string' ? JSON.parse(p.settings) : p.settings);
    const after: PlanSettings = { ...before, ...patch, thresholds: { ...before.thresholds, ...patch.thresholds }, leagueWeights: { ...before.leagueWeights, ...patch.leagueWeights } };
    if (after.thresholds.red < after.thresholds.yellow) throw new AppError('VALIDATION', { zh: '红灯阈值不能小于黄灯阈值', en: 'The red threshold cannot be below the yellow one' }, [{ path: 'thresholds.red', message: '须不小于黄灯阈值', messageEn: 'must be at least the yellow threshold' }]);
    await trx.updateTable('plan').set({ settings: JSON.stringify(after) }).where('year', '=', year).execute();
    await recordChange(trx, year, 'settings', null, before, after, actor);
    return after;
  });
}

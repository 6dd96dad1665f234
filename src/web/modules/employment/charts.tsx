// The employment pages' charts: insured headcount against warnings by month, one enterprise's
// headcount, graduates' employment rate by district, and the district map of labour-broker
// coverage. The chart types are registered here, on top of the bar chart the shared wrapper brings;
// the map of 'chongqing', the map's common option parts and the clickable canvas come from
// shared/DistrictMap, as for the plan tracker.
import { LineChart, MapChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, VisualMapContinuousComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { Empty } from 'antd';
import { useMemo } from 'react';
import { DistrictMapChart, districtSeries, districtTooltip, districtVisualMap, geoNames, useChongqingGeo } from '../../shared/DistrictMap';
import { EChart } from '../../shared/EChart';
import { useI18n } from '../../shared/i18n';
import { useFormat } from './common';
import { coveragePercent, GRADUATE_RATE_GOAL, WARNING_KINDS, type CoverageRow, type GraduateSummary, type HeadcountResponse, type WarningSummary } from './types';

echarts.use([LineChart, MapChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, VisualMapContinuousComponent, CanvasRenderer]);

const KIND_COLOR = { layoff_threshold: '#cf1322', sustained_decline: '#fa8c16', unpaid_contributions: '#ad4e00' } as const;

/** Insured headcount (line, left axis) and the month's warnings of each kind (stacked bars, right axis). */
export function WarningTrendChart({ trend }: { trend: WarningSummary['trend'] }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const option = useMemo<EChartsCoreOption>(
    () => ({
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0, type: 'scroll' },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? fmt.int(v) : String(v ?? '')) },
      xAxis: { type: 'category', data: trend.map((p) => p.month) },
      yAxis: [
        { type: 'value', scale: true, name: t('employment.warnings.insured'), axisLabel: { formatter: (v: number) => fmt.int(v), hideOverlap: true } },
        { type: 'value', name: t('employment.warnings.count'), minInterval: 1, splitLine: { show: false } },
      ],
      series: [
        { name: t('employment.warnings.insured'), type: 'line', yAxisIndex: 0, symbolSize: 6, itemStyle: { color: '#1f5fbf' }, data: trend.map((p) => p.insured) },
        ...WARNING_KINDS.map((k) => ({ name: t(`employment.warningKind.${k}`), type: 'bar', stack: 'warnings', yAxisIndex: 1, itemStyle: { color: KIND_COLOR[k] }, data: trend.map((p) => p[k] ?? 0) })),
      ],
    }),
    [trend, t, fmt],
  );
  if (trend.length === 0) return <Empty description={t('employment.common.noData')} />;
  return <EChart testId="warning-trend-chart" option={option} style={{ height: 320 }} />;
}

/** One enterprise's insured headcount by month, and the persons whose contributions are owed. */
export function HeadcountChart({ series }: { series: HeadcountResponse['series'] }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const option = useMemo<EChartsCoreOption>(
    () => ({
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? fmt.int(v) : String(v ?? '')) },
      xAxis: { type: 'category', data: series.map((p) => p.month) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('employment.warnings.insured'), type: 'line', symbolSize: 6, itemStyle: { color: '#1f5fbf' }, data: series.map((p) => p.insured) },
        { name: t('employment.warnings.owed'), type: 'bar', itemStyle: { color: '#ad4e00' }, data: series.map((p) => p.owed) },
      ],
    }),
    [series, t, fmt],
  );
  if (series.length === 0) return <Empty description={t('employment.common.noData')} />;
  return <EChart testId="headcount-chart" option={option} style={{ height: 280 }} />;
}

/** Graduates' employment rate by district, with the plan's 90% line. */
export function GraduateRateChart({ rows }: { rows: GraduateSummary['byDistrict'] }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const option = useMemo<EChartsCoreOption>(
    () => ({
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? fmt.pct(v) : t('common.none')) },
      xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { rotate: rows.length > 8 ? 45 : 0, interval: 0 } },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          name: t('employment.graduates.rate'),
          type: 'bar',
          data: rows.map((r) => ({ value: r.rate, itemStyle: { color: r.rate !== null && r.rate > GRADUATE_RATE_GOAL ? '#389e0d' : '#fa8c16' } })),
          markLine: { symbol: 'none', lineStyle: { color: '#cf1322' }, label: { formatter: t('employment.graduates.goalLine') }, data: [{ yAxis: GRADUATE_RATE_GOAL }] },
        },
      ],
    }),
    [rows, t, fmt],
  );
  if (rows.length === 0) return <Empty description={t('employment.common.noData')} />;
  return <EChart testId="graduate-rate-chart" option={option} style={{ height: 300 }} />;
}


/** The 38 districts coloured by the share of villages with a labour broker; a click picks the district. */
export function CoverageMap({ rows, onDistrict }: { rows: CoverageRow[]; onDistrict: (code: string) => void }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const geo = useChongqingGeo();

  const option = useMemo<EChartsCoreOption | null>(() => {
    if (!geo.data) return null;
    const byCode = new Map(rows.map((r) => [r.districtCode, r]));
    const names = geoNames(geo.data);
    const nameOf = (code: string) => byCode.get(code)?.name ?? names.get(code) ?? code;
    return {
      tooltip: districtTooltip((code) => byCode.get(code), nameOf, t('employment.points.noData'), (r, name) => [
        `<b>${name}</b>`,
        t('employment.points.mapBroker', { share: fmt.pct(coveragePercent(r)), with: fmt.int(r.villagesWithBroker), all: fmt.int(r.villages) }),
        `${t('employment.pointKind.gig_market')} ${fmt.int(r.gig_market)} · ${t('employment.pointKind.employment_station')} ${fmt.int(r.employment_station)}`,
        `${t('employment.pointKind.labour_broker')} ${fmt.int(r.labour_broker)} · ${t('employment.pointKind.assistance_workshop')} ${fmt.int(r.assistance_workshop)}`,
      ]),
      visualMap: districtVisualMap({ min: 0, max: 100, text: ['100%', '0%'], formatter: (v: number) => `${Math.round(v)}%` }),
      series: [districtSeries(nameOf, rows.map((r) => ({ name: r.districtCode, value: coveragePercent(r) })))],
    };
  }, [rows, geo.data, t, fmt]);

  return <DistrictMapChart geo={geo} option={option} testId="coverage-map" onDistrict={onDistrict} />;
}

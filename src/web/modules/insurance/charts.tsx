// The social-insurance charts: enrolment by month in the three schemes with city targets, and the
// district map of a coverage rate. The line and map types are registered here, on top of the bar
// chart the shared wrapper brings; the 'chongqing' map, the map's common option parts and the clickable
// canvas come from shared/DistrictMap.
import { LineChart, MapChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapContinuousComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { Empty } from 'antd';
import { useMemo } from 'react';
import { DistrictMapChart, districtSeries, districtTooltip, districtVisualMap, geoNames, useChongqingGeo } from '../../shared/DistrictMap';
import { EChart } from '../../shared/EChart';
import { useI18n } from '../../shared/i18n';
import { useInsFormat } from './common';
import type { CoverageKey, Enrolment, EnrolmentDistrict } from './types';

echarts.use([LineChart, MapChart, GridComponent, LegendComponent, TooltipComponent, VisualMapContinuousComponent, CanvasRenderer]);

/** Persons enrolled at the end of each month of the year: pension, unemployment and work-injury insurance. */
export function EnrolmentTrendChart({ trend }: { trend: Enrolment['trend'] }) {
  const { t } = useI18n();
  const fmt = useInsFormat();
  const option = useMemo<EChartsCoreOption>(
    () => ({
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0, type: 'scroll' },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? fmt.int(v) : String(v ?? '')) },
      xAxis: { type: 'category', data: trend.map((p) => t('insurance.common.monthN', { n: p.month })) },
      yAxis: { type: 'value', scale: true, axisLabel: { formatter: (v: number) => fmt.big(v), hideOverlap: true } },
      series: [
        { name: t('insurance.overview.pension'), type: 'line', symbolSize: 6, itemStyle: { color: '#1f5fbf' }, data: trend.map((p) => p.pension) },
        { name: t('insurance.overview.unemployment'), type: 'line', symbolSize: 6, itemStyle: { color: '#fa8c16' }, data: trend.map((p) => p.unemployment) },
        { name: t('insurance.overview.workInjury'), type: 'line', symbolSize: 6, itemStyle: { color: '#389e0d' }, data: trend.map((p) => p.workInjury) },
      ],
    }),
    [trend, t, fmt],
  );
  if (trend.length === 0) return <Empty description={t('insurance.overview.trendEmpty')} />;
  return <EChart testId="enrolment-trend-chart" option={option} style={{ height: 320 }} />;
}

/** The districts coloured by a coverage rate (numerator over denominator); a click reports the district code. */
export function CoverageMap({ rows, coverage, onDistrict }: { rows: EnrolmentDistrict[]; coverage: CoverageKey; onDistrict: (code: string) => void }) {
  const { t } = useI18n();
  const fmt = useInsFormat();
  const geo = useChongqingGeo();

  const option = useMemo<EChartsCoreOption | null>(() => {
    if (!geo.data) return null;
    const byCode = new Map(rows.map((r) => [r.code, r]));
    const names = geoNames(geo.data);
    const nameOf = (code: string) => byCode.get(code)?.name ?? names.get(code) ?? code;
    const rates = rows.map((r) => r[coverage].rate).filter((x): x is number => x !== null);
    const min = rates.length ? Math.floor(Math.min(...rates) * 100) : 0;
    return {
      tooltip: districtTooltip(
        (code) => byCode.get(code),
        nameOf,
        t('insurance.common.noData'),
        (r, name) => [`<b>${name}</b>`, `${fmt.pct(r[coverage].rate)}`, t('insurance.overview.ratioLine', { n: fmt.int(r[coverage].numerator), d: fmt.int(r[coverage].denominator) })],
      ),
      visualMap: districtVisualMap({ min, max: 100, text: ['100%', `${min}%`], formatter: (v: number) => `${Math.round(v)}%` }),
      series: [districtSeries(nameOf, rows.filter((r) => r[coverage].rate !== null).map((r) => ({ name: r.code, value: Math.round((r[coverage].rate ?? 0) * 1000) / 10 })))],
    };
  }, [rows, coverage, geo.data, t, fmt]);

  return <DistrictMapChart geo={geo} option={option} testId="coverage-map" onDistrict={onDistrict} style={{ height: 380 }} />;
}

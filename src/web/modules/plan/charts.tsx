// The plan tracker's charts: a target's monthly trend against the expected line, and the district
// map coloured by league score. The chart types they need (line, map, visual map, mark lines) are
// registered here, on top of the bar chart the shared wrapper brings, so only pages that draw a
// chart load ECharts.
import { LineChart, MapChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, VisualMapContinuousComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { Empty, Skeleton } from 'antd';
import { useMemo } from 'react';
import { DistrictMapChart, districtSeries, districtTooltip, districtVisualMap, geoNames, useChongqingGeo } from '../../shared/DistrictMap';
import { EChart } from '../../shared/EChart';
import { useI18n } from '../../shared/i18n';
import { useApi } from '../../shared/useApi';
import { ErrorAlert, usePeriodLabel, usePlanFormat } from './common';
import type { LeagueResponse, SeriesResponse } from './types';

echarts.use([LineChart, MapChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, VisualMapContinuousComponent, CanvasRenderer]);

/** Monthly values of one indicator for one unit, with the expected line and the target. */
export function TrendChart({ year, indicator, org, unit }: { year: number; indicator: string; org: string; unit: string | null }) {
  const { t } = useI18n();
  const fmt = usePlanFormat();
  const periods = usePeriodLabel();
  const series = useApi<SeriesResponse>(`/api/plans/${year}/series`, { indicator, org });
  const s = series.data && series.data.indicator.code === indicator && series.data.orgCode === org ? series.data : undefined;

  const option = useMemo<EChartsCoreOption | null>(() => {
    if (!s) return null;
    const value = (v: unknown) => (typeof v === 'number' ? fmt.amount(v, unit) : t('common.none'));
    const axisValue = (v: number) => (unit === 'percent' ? `${fmt.num.format(v)}%` : fmt.num.format(v));
    return {
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0, type: 'scroll' },
      tooltip: { trigger: 'axis', valueFormatter: value },
      xAxis: { type: 'category', boundaryGap: false, data: s.points.map((p) => periods.month(p.period)) },
      yAxis: { type: 'value', scale: true, axisLabel: { formatter: axisValue, hideOverlap: true } },
      series: [
        {
          name: t('plan.drawer.actualLine'),
          type: 'line',
          connectNulls: false,
          symbolSize: 7,
          itemStyle: { color: '#1f5fbf' },
          data: s.points.map((p) => p.value),
          markLine:
            s.target !== null
              ? {
                  symbol: 'none',
                  lineStyle: { color: '#cf1322', type: 'solid' },
                  label: { formatter: () => t('plan.drawer.targetLine', { v: fmt.amount(s.target, unit) }), position: 'insideEndTop' },
                  data: [{ yAxis: s.target }],
                }
              : undefined,
        },
        {
          name: t('plan.drawer.expectedLine'),
          type: 'line',
          symbol: 'none',
          lineStyle: { type: 'dashed', color: '#8c8c8c' },
          itemStyle: { color: '#8c8c8c' },
          data: s.expected,
        },
      ],
    };
  }, [s, fmt, periods, t, unit]);

  if (series.error && !s) return <ErrorAlert error={series.error} />;
  if (!s || !option) return <Skeleton active paragraph={{ rows: 5 }} />;
  if (s.points.every((p) => p.value === null)) return <Empty description={t('plan.drawer.noSeries')} />;
  return <EChart testId="plan-trend-chart" option={option} style={{ height: 300 }} />;
}


/** The 38 区县 coloured by league score; a click opens the district. */
export function LeagueMap({ rows, onDistrict }: { rows: LeagueResponse['rows']; onDistrict: (code: string) => void }) {
  const { t } = useI18n();
  const fmt = usePlanFormat();
  const geo = useChongqingGeo();

  const option = useMemo<EChartsCoreOption | null>(() => {
    if (!geo.data || rows.length === 0) return null;
    const byCode = new Map(rows.map((r) => [r.districtCode, r]));
    const names = geoNames(geo.data);
    const nameOf = (code: string) => byCode.get(code)?.districtName ?? names.get(code) ?? code;
    const scores = rows.map((r) => r.score);
    return {
      tooltip: districtTooltip((code) => byCode.get(code), nameOf, t('plan.league.noScore'), (r, name) => [name, t('plan.league.mapTooltip', { rank: r.rank, score: fmt.score(r.score) })]),
      visualMap: districtVisualMap({
        min: Math.floor(Math.min(...scores)),
        max: Math.ceil(Math.max(...scores)),
        calculable: true,
        text: [t('plan.league.high'), t('plan.league.low')],
        formatter: (v: number) => fmt.score(v),
      }),
      series: [districtSeries(nameOf, rows.map((r) => ({ name: r.districtCode, value: r.score })))],
    };
  }, [rows, geo.data, t, fmt]);

  return <DistrictMapChart geo={geo} option={option} testId="league-map" onDistrict={onDistrict} />;
}

// What the district maps share: the Chongqing GeoJSON (registered with ECharts once, under the name
// 'chongqing'), an ECharts canvas whose click reports the clicked region's name, the parts of the
// option every district map sets the same way (the tooltip's frame, the colour scale, the map series
// keyed by district code), and the map with its loading and error states. The map and chart types
// are registered by the modules that draw them.
import { Empty, Skeleton } from 'antd';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import type { CSSProperties, ReactNode } from 'react';
import { EChart } from './EChart';
import { ErrorAlert } from './ErrorAlert';
import { useApi, type Loaded } from './useApi';

export type GeoJson = { type: 'FeatureCollection'; features: { type: 'Feature'; properties: { name: string; code: string }; geometry: unknown }[] };

/** The districts' GeoJSON; once loaded, the 'chongqing' map is registered (the first page to load it does). */
export function useChongqingGeo() {
  const geo = useApi<GeoJson>('/api/public/geo/chongqing');
  if (geo.data && !echarts.getMap('chongqing')) echarts.registerMap('chongqing', geo.data as unknown as Parameters<typeof echarts.registerMap>[1]);
  return geo;
}

/** The map canvas: the shared EChart, taller, reporting the clicked region's name. */
export function ClickableChart({ style, ...props }: { option: EChartsCoreOption; onClick?: (name: string) => void; style?: CSSProperties; testId?: string }) {
  return <EChart {...props} style={{ height: 420, ...style }} />;
}

/** The districts' names by code, from the GeoJSON. */
export const geoNames = (geo: GeoJson) => new Map(geo.features.map((f) => [f.properties.code, f.properties.name]));

/**
 * A tooltip naming the district under the pointer (`nameOf` its code) with the lines `describe`
 * gives for its row (the name among them, as the map wants it), or `noData` where it has none.
 */
export function districtTooltip<R>(rowOf: (code: string) => R | undefined, nameOf: (code: string) => string, noData: string, describe: (r: R, name: string) => string[]) {
  return {
    trigger: 'item',
    formatter: (p: { name: string }) => {
      const r = rowOf(p.name);
      const name = nameOf(p.name);
      if (!r) return `${name}<br/>${noData}`;
      return describe(r, name).join('<br/>');
    },
  };
}

/** The colour scale of a district map, from pale red (low) to green (high), at the bottom left. */
export function districtVisualMap(scale: { min: number; max: number; text: [string, string]; formatter: (v: number) => string; calculable?: boolean }) {
  const { calculable = false, ...rest } = scale;
  return { type: 'continuous', ...rest, left: 8, bottom: 8, calculable, inRange: { color: ['#fff1f0', '#ffd591', '#b7eb8f', '#389e0d'] } };
}

/** The 'chongqing' map series, its regions keyed by district code; a hovered district shows its name. */
export function districtSeries(nameOf: (code: string) => string, data: { name: string; value: number | null }[]) {
  return {
    type: 'map',
    map: 'chongqing',
    nameProperty: 'code',
    roam: true,
    label: { show: false },
    emphasis: { label: { show: true, formatter: (p: { name: string }) => nameOf(p.name) } },
    data,
  };
}

/** A district map once the GeoJSON is in: its load error, a skeleton while it loads, `empty` where there is nothing to draw. */
export function DistrictMapChart({
  geo,
  option,
  onDistrict,
  testId,
  style,
  empty = <Empty />,
}: {
  geo: Pick<Loaded<GeoJson>, 'data' | 'error'>;
  option: EChartsCoreOption | null;
  onDistrict: (code: string) => void;
  testId: string;
  style?: CSSProperties;
  empty?: ReactNode;
}) {
  if (geo.error && !geo.data) return <ErrorAlert error={geo.error} />;
  if (!geo.data) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (!option) return empty;
  return <ClickableChart testId={testId} option={option} onClick={onDistrict} style={style} />;
}

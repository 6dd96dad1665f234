// What the district maps share: the Chongqing GeoJSON (registered with ECharts once, under the name
// 'chongqing') and an ECharts canvas whose click reports the clicked region's name. The map and
// chart types are registered by the modules that draw them.
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { useEffect, useRef, type CSSProperties } from 'react';
import { useApi } from './useApi';

export type GeoJson = { type: 'FeatureCollection'; features: { type: 'Feature'; properties: { name: string; code: string }; geometry: unknown }[] };

/** The districts' GeoJSON; once loaded, the 'chongqing' map is registered (the first page to load it does). */
export function useChongqingGeo() {
  const geo = useApi<GeoJson>('/api/public/geo/chongqing');
  if (geo.data && !echarts.getMap('chongqing')) echarts.registerMap('chongqing', geo.data as unknown as Parameters<typeof echarts.registerMap>[1]);
  return geo;
}

/** ECharts with a click handler (the shared EChart wrapper has none). */
export function ClickableChart({ option, onClick, style, testId }: { option: EChartsCoreOption; onClick?: (name: string) => void; style?: CSSProperties; testId?: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  useEffect(() => {
    click.current = onClick;
  }, [onClick]);

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => {
      if (typeof p.name === 'string' && p.name) click.current?.(p.name);
    });
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={el} data-testid={testId} style={{ width: '100%', height: 420, ...style }} />;
}

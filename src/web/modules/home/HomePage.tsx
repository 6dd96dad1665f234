// Overview for staff: headline counts for the user's scope and residents by district.
import { Card, Col, Empty, Row, Skeleton, Statistic, Typography } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../shared/auth';
import { EChart } from '../../shared/EChart';
import { useI18n } from '../../shared/i18n';
import { LoadError } from '../../shared/results';
import type { Overview } from '../../shared/types';
import { useApi } from '../../shared/useApi';

export default function HomePage() {
  const { t, locale } = useI18n();
  const { user, can } = useAuth();
  const { data, error, loading, reload } = useApi<Overview>('/api/stats/overview');

  const option = useMemo(() => {
    if (!data) return null;
    // Largest at the top: ECharts draws a category axis bottom-up.
    const rows = [...data.districts].sort((a, b) => a.population - b.population);
    const fmt = new Intl.NumberFormat(locale);
    return {
      grid: { left: 8, right: 56, top: 32, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v: unknown) => (typeof v === 'number' ? fmt.format(v) : String(v)),
      },
      legend: { top: 0, data: [t('home.population'), t('home.enterprises_series')] },
      xAxis: [
        { type: 'value', name: '', axisLabel: { formatter: (v: number) => fmt.format(v) } },
        { type: 'value', show: false },
      ],
      yAxis: { type: 'category', data: rows.map((d) => d.name), axisTick: { show: false } },
      series: [
        {
          name: t('home.population'),
          type: 'bar',
          data: rows.map((d) => d.population),
          itemStyle: { color: '#1f5fbf' },
          barMaxWidth: 16,
          label: { show: true, position: 'right', formatter: (p: { value: number }) => fmt.format(p.value), fontSize: 11 },
        },
        {
          name: t('home.enterprises_series'),
          type: 'bar',
          xAxisIndex: 1,
          data: rows.map((d) => d.enterprises),
          itemStyle: { color: '#faad14' },
          barMaxWidth: 6,
        },
      ],
    };
  }, [data, t, locale]);

  if (error && !data) return <LoadError error={error} onRetry={reload} />;
  const stat = (title: string, value: number | undefined, to?: string) => (
    <Card size="small">
      <Statistic title={to ? <Link to={to}>{title}</Link> : title} value={value ?? 0} loading={loading && !data} groupSeparator="," />
    </Card>
  );

  return (
    <div>
      <Typography.Title level={3} className="hm-page-title">
        {t('home.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('home.scope', { org: user?.orgName ?? '' })}</Typography.Paragraph>
      <Row gutter={[12, 12]} data-testid="overview-stats">
        <Col xs={12} md={6}>
          {stat(t('home.persons'), data?.persons, can('division.read') ? '/divisions' : undefined)}
        </Col>
        <Col xs={12} md={6}>
          {stat(t('home.households'), data?.households)}
        </Col>
        <Col xs={12} md={6}>
          {stat(t('home.enterprises'), data?.enterprises, can('enterprise.read') ? '/enterprises' : undefined)}
        </Col>
        <Col xs={12} md={6}>
          {stat(t('home.employments'), data?.employments)}
        </Col>
      </Row>
      <Card title={t('home.populationByDistrict')} style={{ marginTop: 16 }} size="small">
        {!data ? (
          <Skeleton active />
        ) : data.districts.length === 0 || !option ? (
          <Empty description={t('home.noData')} />
        ) : (
          <EChart testId="district-chart" option={option} style={{ height: Math.max(240, data.districts.length * 26 + 60) }} />
        )}
      </Card>
    </div>
  );
}

// 办理统计: one kind's cases opened in a year, for the user's jurisdiction: the headline figures,
// each district (sortable by every measure) and the months, received against closed.
import { Card, Empty, Grid, Select, Skeleton, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useAuth } from '../../shared/auth';
import { EChart } from '../../shared/EChart';
import { useI18n } from '../../shared/i18n';
import { LoadError } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { KindSelect, PageHeader, useCaseKinds } from './common';
import type { CaseStats, StatsFigures } from './types';

type DistrictRow = CaseStats['districts'][number];
type Measure = Exclude<keyof StatsFigures, 'rated'>;

export default function CaseStatsPage() {
  const { t, locale } = useI18n();
  const { user } = useAuth();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const kinds = useCaseKinds();
  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: 5 }, (_, i) => thisYear - i);
  const askedKind = params.get('kind');
  const kind = askedKind && kinds.byCode.has(askedKind) ? askedKind : kinds.list.find((k) => k.code === 'wage_arrears')?.code ?? kinds.list[0]?.code;
  const year = Number(params.get('year')) || thisYear;
  const stats = useApi<CaseStats>(kind ? '/api/cases/stats' : null, { kind, year });
  const s = stats.data && stats.data.kind === kind && stats.data.year === year ? stats.data : undefined;
  const set = (next: Record<string, string>) => setParams((prev) => ({ ...Object.fromEntries(prev), ...next }), { replace: true });

  const fmt = useMemo(() => {
    const one = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    const two = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const int = new Intl.NumberFormat(locale);
    const none = t('common.none');
    return {
      int: (n: number) => int.format(n),
      pct: (n: number | null) => (n === null ? none : `${one.format(n)}%`),
      days: (n: number | null) => (n === null ? none : one.format(n)),
      rating: (n: number | null) => (n === null ? none : two.format(n)),
    };
  }, [locale, t]);

  const show = (m: Measure, v: StatsFigures): string => {
    switch (m) {
      case 'closureRate':
      case 'onTimeRate':
      case 'satisfaction':
        return fmt.pct(v[m]);
      case 'avgWorkingDays':
        return fmt.days(v[m]);
      case 'meanRating':
        return fmt.rating(v[m]);
      default:
        return fmt.int(v[m]);
    }
  };
  const MEASURES: Measure[] = ['received', 'closed', 'closureRate', 'onTimeRate', 'avgWorkingDays', 'satisfaction', 'meanRating', 'supervised', 'reopened', 'overdue'];

  const columns: ColumnsType<DistrictRow> = [
    { title: t('cases.common.district'), dataIndex: 'name', fixed: screens.md ? 'left' : undefined, sorter: (a, b) => a.districtCode.localeCompare(b.districtCode), defaultSortOrder: undefined },
    ...MEASURES.map((m) => ({
      title: t(`cases.stats.${m}`),
      key: m,
      align: 'right' as const,
      className: 'hm-num',
      sorter: (a: DistrictRow, b: DistrictRow) => (a[m] ?? -1) - (b[m] ?? -1),
      sortDirections: ['descend', 'ascend'] as ('descend' | 'ascend')[],
      render: (_: unknown, r: DistrictRow) => (
        <span>
          {show(m, r)}
          {m === 'satisfaction' && r.rated > 0 && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {' '}
              ({fmt.int(r.rated)})
            </Typography.Text>
          )}
        </span>
      ),
    })),
  ];

  const chart = useMemo((): EChartsCoreOption | null => {
    if (!s) return null;
    const months = Array.from({ length: 12 }, (_, i) => i + 1);
    const monthName = new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' });
    const by = new Map(s.months.map((m) => [m.month, m]));
    return {
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: months.map((m) => monthName.format(new Date(Date.UTC(s.year, m - 1, 1)))) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('cases.stats.received'), type: 'bar', itemStyle: { color: '#1f5fbf' }, data: months.map((m) => by.get(m)?.received ?? 0) },
        { name: t('cases.stats.closed'), type: 'bar', itemStyle: { color: '#389e0d' }, data: months.map((m) => by.get(m)?.closed ?? 0) },
      ],
    };
  }, [s, t, locale]);

  return (
    <div data-testid="case-stats">
      <PageHeader
        title={t('cases.stats.title')}
        hint={t('cases.stats.hint')}
        extra={
          <Space wrap>
            <KindSelect kinds={kinds.list} value={kind} allowClear={false} onChange={(k) => k && set({ kind: k })} testId="stats-kind" />
            <Select
              data-testid="stats-year"
              aria-label={t('cases.stats.year')}
              style={{ width: 110 }}
              value={year}
              onChange={(y: number) => set({ year: String(y) })}
              options={years.map((y) => ({ value: y, label: t('cases.common.yearOption', { year: y }) }))}
            />
          </Space>
        }
      />
      {user && (
        <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
          {t('cases.stats.scope', { org: user.orgName })}
        </Typography.Paragraph>
      )}
      {stats.error && !s ? (
        <LoadError error={stats.error} onRetry={stats.reload} />
      ) : !s ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : s.city.received === 0 ? (
        <Card>
          <Empty description={t('cases.stats.noData')} />
        </Card>
      ) : (
        <>
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(160px, 1fr))', gap: 12, marginBottom: 16 }} data-testid="stats-city">
            {MEASURES.map((m) => (
              <Card key={m} size="small" style={{ height: '100%' }} data-testid={`stat-${m}`}>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {t(`cases.stats.${m}`)}
                </Typography.Text>
                <div className="hm-num" style={{ fontSize: 22, fontWeight: 500, marginTop: 4 }}>
                  {show(m, s.city)}
                </div>
                {m === 'satisfaction' && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('cases.stats.rated')} {fmt.int(s.city.rated)}
                  </Typography.Text>
                )}
              </Card>
            ))}
          </div>
          <Card size="small" title={t('cases.stats.monthly')} style={{ marginBottom: 16 }}>
            {chart && <EChart option={chart} testId="stats-chart" style={{ height: screens.md ? 320 : 240 }} />}
          </Card>
          <Card size="small" title={t('cases.stats.byDistrict')}>
            <Table<DistrictRow>
              data-testid="stats-districts"
              rowKey="districtCode"
              size="small"
              columns={columns}
              dataSource={s.districts}
              pagination={false}
              scroll={{ x: 'max-content' }}
              showSorterTooltip={false}
            />
          </Card>
        </>
      )}
    </div>
  );
}

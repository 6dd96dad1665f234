// 目标清单: every target of the plan in one table — the plan's words, how it compares (in the plan's
// terms), the number, where the figure comes from, who is responsible and by when. A target split
// into district quotas opens its quota page.
import { Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useI18n } from '../../shared/i18n';
import { LoadError } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { DepartmentList, PageHeader, PlanPeriodBar, planLink, usePlanContext, usePlanFormat, useDepartmentNames } from './common';
import type { Comparator, TargetInfo } from './types';

const COMPARATORS: readonly Comparator[] = ['at_least', 'about', 'at_most', 'hold_at_least', 'every_unit', 'zero_outstanding', 'per_unit_min', 'milestone'];
type SourceFilter = 'computed' | 'reported' | 'evidence';
const SOURCES: readonly SourceFilter[] = ['computed', 'reported', 'evidence'];

const sourceOf = (x: TargetInfo): SourceFilter => x.indicator?.source ?? 'evidence';
/** G1 < G2 < … < M1 < M2 < … < M10 (numeric within each letter). */
const itemOrder = (code: string) => (code.startsWith('G') ? 0 : 1000) + (Number(code.slice(1)) || 0);

export default function PlanTargetsPage() {
  const { t, bi } = useI18n();
  const navigate = useNavigate();
  const fmt = usePlanFormat();
  const departments = useDepartmentNames();
  const ctx = usePlanContext();
  const { year, period, params } = ctx;
  const targets = useApi<TargetInfo[]>(year ? `/api/plans/${year}/targets` : null);
  const item = params.get('item') ?? undefined;
  const comparator = (params.get('comparator') as Comparator | null) ?? undefined;
  const source = (params.get('source') as SourceFilter | null) ?? undefined;
  const q = params.get('q') ?? '';

  const items = useMemo(() => [...new Set((targets.data ?? []).map((x) => x.itemCode))].sort((a, b) => itemOrder(a) - itemOrder(b)), [targets.data]);
  const rows = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return (targets.data ?? []).filter(
      (x) =>
        (!item || x.itemCode === item) &&
        (!comparator || x.comparator === comparator) &&
        (!source || sourceOf(x) === source) &&
        (!needle || x.code.toLowerCase().includes(needle) || x.quote.toLowerCase().includes(needle) || x.title.zh.toLowerCase().includes(needle) || x.title.en.toLowerCase().includes(needle)),
    );
  }, [targets.data, item, comparator, source, q]);

  if (ctx.plans.error && !ctx.plans.data) return <LoadError error={ctx.plans.error} onRetry={ctx.plans.reload} />;

  const quotaLink = (x: TargetInfo) => planLink(`/plan/quotas/${encodeURIComponent(x.code)}`, year, period);

  const columns: ColumnsType<TargetInfo> = [
    { title: t('plan.fields.code'), dataIndex: 'code', fixed: 'left', className: 'hm-mono', render: (c: string) => <strong>{c}</strong> },
    {
      title: t('plan.fields.target'),
      key: 'title',
      render: (_, x) => (
        <div style={{ minWidth: 180, maxWidth: 280, whiteSpace: 'normal' }}>
          {x.decompose ? (
            <Link to={quotaLink(x)} onClick={(e) => e.stopPropagation()} data-testid={`target-quota-${x.code}`}>
              {bi(x.title)}
            </Link>
          ) : (
            bi(x.title)
          )}
          <div>
            <Tag style={{ marginTop: 4 }}>{x.itemCode}</Tag>
            {x.decompose && (
              <Tag color="blue" style={{ marginTop: 4 }}>
                {t('plan.targets.decomposed')}
              </Tag>
            )}
          </div>
        </div>
      ),
    },
    { title: t('plan.fields.quote'), dataIndex: 'quote', render: (s: string) => <div style={{ minWidth: 200, maxWidth: 340, whiteSpace: 'normal', fontSize: 13 }}>「{s}」</div> },
    {
      title: t('plan.fields.comparator'),
      dataIndex: 'comparator',
      render: (c: Comparator) => (
        <Tag color="geekblue" data-testid={`comparator-${c}`}>
          {t(`plan.comparator.${c}`)}
        </Tag>
      ),
    },
    {
      title: t('plan.fields.value'),
      key: 'value',
      align: 'right',
      render: (_, x) => (
        <span className="hm-num">
          {x.value === null ? t('common.none') : x.unit === 'percent' ? fmt.amount(x.value, 'percent') : fmt.num.format(x.value)}
          {x.tolerance !== null && <Typography.Text type="secondary"> ±{fmt.num.format(x.tolerance)}</Typography.Text>}
        </span>
      ),
    },
    { title: t('plan.fields.unit'), dataIndex: 'unit', render: (u: string | null) => (u ? fmt.unitLabel(u) : t('common.none')) },
    {
      title: t('plan.fields.source'),
      key: 'source',
      render: (_, x) =>
        x.indicator ? (
          <div style={{ minWidth: 120, maxWidth: 240, whiteSpace: 'normal' }}>
            <Tag color={x.indicator.source === 'computed' ? 'cyan' : 'gold'}>{t(`plan.source.${x.indicator.source}`)}</Tag>
            {x.indicator.source === 'computed' && x.indicator.query && (
              <Typography.Text code style={{ fontSize: 12 }}>
                {x.indicator.query}
              </Typography.Text>
            )}
            {x.indicator.source === 'reported' && x.indicator.reportedBy && <div style={{ fontSize: 12 }}>{departments.name(x.indicator.reportedBy)}</div>}
            <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.5)' }}>{bi(x.indicator.name)}</div>
          </div>
        ) : (
          <Tag>{t('plan.source.evidence')}</Tag>
        ),
    },
    { title: t('plan.fields.departments'), key: 'departments', render: (_, x) => <DepartmentList codes={x.departments} name={departments.name} /> },
    { title: t('plan.fields.deadline'), dataIndex: 'deadline', className: 'hm-num' },
  ];

  const setFilter = (key: string, value: string | undefined) => ctx.set({ [key]: value });

  return (
    <div data-testid="plan-targets">
      <PageHeader title={t('plan.targets.title')} hint={t('plan.targets.hint')} />
      <div style={{ marginBottom: 16 }}>
        <PlanPeriodBar ctx={ctx} month={false} />
      </div>
      {targets.error && !targets.data ? (
        <LoadError error={targets.error} onRetry={targets.reload} />
      ) : (
        <Card size="small">
          <Space wrap style={{ marginBottom: 12 }}>
            <Input.Search
              data-testid="targets-search"
              allowClear
              style={{ width: 220 }}
              placeholder={t('plan.targets.search')}
              defaultValue={q}
              onSearch={(v) => setFilter('q', v || undefined)}
            />
            <Select
              data-testid="targets-filter-item"
              style={{ minWidth: 140 }}
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('plan.targets.allItems')}
              value={item}
              onChange={(v?: string) => setFilter('item', v)}
              options={[
                { label: t('plan.targets.goals'), options: items.filter((c) => c.startsWith('G')).map((c) => ({ value: c, label: c })) },
                { label: t('plan.targets.measures'), options: items.filter((c) => !c.startsWith('G')).map((c) => ({ value: c, label: c })) },
              ]}
            />
            <Select
              data-testid="targets-filter-comparator"
              style={{ minWidth: 150 }}
              allowClear
              placeholder={t('plan.targets.allComparators')}
              value={comparator}
              onChange={(v?: string) => setFilter('comparator', v)}
              options={COMPARATORS.map((c) => ({ value: c, label: t(`plan.comparator.${c}`) }))}
            />
            <Select
              data-testid="targets-filter-source"
              style={{ minWidth: 140 }}
              allowClear
              placeholder={t('plan.targets.allSources')}
              value={source}
              onChange={(v?: string) => setFilter('source', v)}
              options={SOURCES.map((s) => ({ value: s, label: t(`plan.source.${s}`) }))}
            />
            <Typography.Text type="secondary" data-testid="targets-count">
              {t('common.total', { total: rows.length })}
            </Typography.Text>
          </Space>
          <Table<TargetInfo>
            data-testid="targets-table"
            rowKey="code"
            size="small"
            loading={targets.loading}
            columns={columns}
            dataSource={rows}
            pagination={{ defaultPageSize: 50, showSizeChanger: true, showTotal: (total) => t('common.total', { total }) }}
            scroll={{ x: 'max-content' }}
            onRow={(x) => (x.decompose ? { onClick: () => navigate(quotaLink(x)), style: { cursor: 'pointer' } } : {})}
            locale={{ emptyText: targets.data && targets.data.length > 0 ? t('plan.targets.noMatch') : t('plan.common.noTargets') }}
          />
        </Card>
      )}
    </div>
  );
}

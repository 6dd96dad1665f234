// 社保 · 扩面清单: the persons the coverage rules found without insurance they should have, in the
// reader's area — how many each rule found and how they were closed, by district, and the list with
// filters (district, township, rule, status), each opening its evidence and outreach form.
import { Card, Col, Row, Skeleton, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../../shared/i18n';
import { PagedTable } from '../../shared/PagedTable';
import { LoadError } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { AreaFilters, CodeTag, DistrictSummaryTable, FilterBar, FilterCol, FilterSelect, PageHeader, RuleSummaryTable, useCode, useInsFormat, useReference, useRules, useUrlFilters } from './common';
import { GAP_STATUSES, type GapList, type GapRow, type GapStatus } from './types';

type RuleSummary = { ruleId: string } & Record<GapStatus, number>;

export default function GapsPage() {
  const { t } = useI18n();
  const fmt = useInsFormat();
  const code = useCode();
  const ref = useReference();
  const rules = useRules();
  const f = useUrlFilters();
  const status = f.get('status') as GapStatus | undefined;
  const district = f.get('district');
  const township = f.get('township');
  const rule = f.get('rule');
  const list = useApi<GapList>('/api/insurance/gaps', { status, district, township, rule, page: f.page, pageSize: f.pageSize });
  const d = list.data;

  const byRule = useMemo<RuleSummary[]>(() => {
    const m = new Map<string, RuleSummary>();
    for (const s of d?.summary ?? []) {
      const row = m.get(s.ruleId) ?? { ruleId: s.ruleId, open: 0, enrolled: 0, not_applicable: 0, refused: 0 };
      row[s.status] += s.count;
      m.set(s.ruleId, row);
    }
    return [...m.values()].sort((a, b) => b.open - a.open);
  }, [d]);

  const columns: ColumnsType<GapRow> = [
    {
      title: t('insurance.common.name'),
      dataIndex: 'name',
      render: (v: string, g) => (
        <Link to={`/insurance/gaps/${g.id}`} data-testid="gap-row" data-status={g.status}>
          {v}
        </Link>
      ),
    },
    { title: t('insurance.common.idNumber'), dataIndex: 'idNumber', className: 'hm-mono', responsive: ['lg'] },
    { title: t('insurance.common.rule'), dataIndex: 'ruleId', render: (v: string) => rules.name(v) },
    { title: t('insurance.common.township'), dataIndex: 'townshipName', responsive: ['md'], render: (v: string | null, g) => v ?? g.townshipCode },
    { title: t('insurance.gaps.enterprise'), dataIndex: 'enterpriseName', responsive: ['xl'], render: (v: string | null) => v ?? t('insurance.common.none') },
    { title: t('insurance.common.birthYear'), dataIndex: 'birthYear', className: 'hm-num', responsive: ['xl'] },
    { title: t('insurance.gaps.openedOn'), dataIndex: 'openedOn', className: 'hm-num', responsive: ['sm'] },
    { title: t('insurance.common.status'), dataIndex: 'status', render: (v: string) => <CodeTag group="gapStatus" code={v} /> },
    {
      title: t('insurance.gaps.closedOn'),
      dataIndex: 'closedOn',
      className: 'hm-num',
      responsive: ['lg'],
      render: (v: string | null, g) => (v ? `${v}${g.closedBy ? ` · ${code('closedBy', g.closedBy)}` : ''}` : t('insurance.common.none')),
    },
  ];

  const districtName = (c: string) => ref.districtName(c) || c;

  return (
    <div data-testid="gaps-page">
      <PageHeader title={t('insurance.gaps.title')} hint={t('insurance.gaps.hint')} />
      {!d ? (
        !list.error && <Skeleton active paragraph={{ rows: 6 }} />
      ) : (
        <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
          <Col xs={24} xl={d.byDistrict.length > 1 ? 14 : 24}>
            <Card size="small" title={t('insurance.gaps.byRule')} style={{ height: '100%' }}>
              <RuleSummaryTable<RuleSummary>
                f={f}
                testId="gaps-by-rule"
                rows={byRule}
                ruleName={rules.name}
                columns={GAP_STATUSES.map((s) => ({
                  key: s,
                  title: code('gapStatus', s),
                  dataIndex: s,
                  align: 'right' as const,
                  className: 'hm-num',
                  render: (v: number, r: RuleSummary) => (v > 0 ? <Typography.Link onClick={() => f.set({ rule: r.ruleId, status: s })}>{fmt.int(v)}</Typography.Link> : fmt.int(v)),
                }))}
              />
            </Card>
          </Col>
          {d.byDistrict.length > 1 && (
            <Col xs={24} xl={10}>
              <Card size="small" title={t('insurance.gaps.byDistrict')} style={{ height: '100%' }}>
                <DistrictSummaryTable
                  f={f}
                  rows={d.byDistrict}
                  districtName={districtName}
                  columns={[
                    { title: t('insurance.gaps.open'), dataIndex: 'open', align: 'right', className: 'hm-num', sorter: (a, b) => a.open - b.open, defaultSortOrder: 'descend', render: (v: number) => fmt.int(v) },
                    { title: t('insurance.gaps.closed'), dataIndex: 'closed', align: 'right', className: 'hm-num', sorter: (a, b) => a.closed - b.closed, render: (v: number) => fmt.int(v) },
                  ]}
                />
              </Card>
            </Col>
          )}
        </Row>
      )}
      <Card size="small">
        <FilterBar f={f} keys={['status', 'district', 'township', 'rule']}>
          <FilterCol>
            <FilterSelect<GapStatus> testId="gaps-status" placeholder={t('insurance.common.allStatuses')} value={status} onChange={(v) => f.set({ status: v })} options={GAP_STATUSES.map((x) => ({ value: x, label: code('gapStatus', x) }))} />
          </FilterCol>
          <AreaFilters f={f} testId="gaps" townships />
          <FilterCol wide>
            <FilterSelect testId="gaps-rule" width={260} placeholder={t('insurance.common.allRules')} value={rule} onChange={(v) => f.set({ rule: v })} options={rules.options('coverage')} showSearch />
          </FilterCol>
        </FilterBar>
        {list.error ? <LoadError error={list.error} onRetry={list.reload} /> : <PagedTable<GapRow> testId="gaps-table" columns={columns} data={d} loading={list.loading} page={f.page} pageSize={f.pageSize} onPage={f.onPage} />}
      </Card>
    </div>
  );
}

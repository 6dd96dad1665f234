// 社保 · 稽核疑点: the suspect benefit payments the audit rules found in the reader's district (or the
// city) — how many each rule found, to check, confirmed and cleared, with the amounts — and the queue
// with filters (status, severity, rule, district): open hits first, the most serious and largest first.
import { Card, Skeleton, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { HTMLAttributes } from 'react';
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useI18n } from '../../shared/i18n';
import { LoadError } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { AreaFilters, CaseLink, CodeTag, FilterBar, FilterCol, FilterSelect, PageHeader, RuleSummaryTable, useCode, useInsFormat, useInsuranceAccess, useReference, useRules, useUrlFilters } from './common';
import { HIT_STATUSES, SEVERITIES, type HitList, type HitRow, type HitStatus, type Severity } from './types';

type RuleSummary = { ruleId: string; open: number; openFen: number; confirmed: number; confirmedFen: number; cleared: number };

export default function RiskHitsPage() {
  const { t, bi } = useI18n();
  const fmt = useInsFormat();
  const code = useCode();
  const navigate = useNavigate();
  const access = useInsuranceAccess();
  const ref = useReference();
  const rules = useRules();
  const f = useUrlFilters();
  const status = f.get('status') as HitStatus | undefined;
  const severity = f.get('severity') as Severity | undefined;
  const rule = f.get('rule');
  const district = f.get('district');
  const list = useApi<HitList>('/api/insurance/risk-hits', { status, severity, rule, district, page: f.page, pageSize: f.pageSize });
  const d = list.data;

  const byRule = useMemo<RuleSummary[]>(() => {
    const m = new Map<string, RuleSummary>();
    for (const s of d?.summary ?? []) {
      const row = m.get(s.ruleId) ?? { ruleId: s.ruleId, open: 0, openFen: 0, confirmed: 0, confirmedFen: 0, cleared: 0 };
      if (s.status === 'open') {
        row.open += s.count;
        row.openFen += s.amountFen;
      } else if (s.status === 'confirmed') {
        row.confirmed += s.count;
        row.confirmedFen += s.amountFen;
      } else row.cleared += s.count;
      m.set(s.ruleId, row);
    }
    return [...m.values()].sort((a, b) => b.open - a.open || b.openFen - a.openFen);
  }, [d]);

  const columns: ColumnsType<HitRow> = [
    {
      title: t('insurance.common.rule'),
      dataIndex: 'ruleId',
      render: (v: string, h) => (
        <Link to={`/insurance/risk-hits/${h.id}`} data-testid="risk-hit-link" onClick={(e) => e.stopPropagation()}>
          {rules.name(v)}
        </Link>
      ),
    },
    { title: t('insurance.hits.severity'), dataIndex: 'severity', render: (v: string) => <CodeTag group="severity" code={v} /> },
    { title: t('insurance.hits.recipient'), dataIndex: 'name' },
    { title: t('insurance.common.idNumber'), dataIndex: 'idNumber', className: 'hm-mono', responsive: ['xl'] },
    { title: t('insurance.hits.benefit'), dataIndex: 'benefitLabel', responsive: ['md'], render: (v: HitRow['benefitLabel'], h) => (h.benefitKind ? code('benefitKind', h.benefitKind) : bi(v, t('insurance.common.none'))) },
    { title: t('insurance.hits.amount'), dataIndex: 'amountFen', align: 'right', className: 'hm-num', render: (v: number) => fmt.yuan(v) },
    { title: t('insurance.common.status'), dataIndex: 'status', render: (v: string) => <CodeTag group="hitStatus" code={v} /> },
    { title: t('insurance.hits.auditCase'), dataIndex: 'caseId', responsive: ['lg'], render: (v: number | null, h) => (v ? <span onClick={(e) => e.stopPropagation()}><CaseLink id={v} code={h.caseTrackingCode} /></span> : t('insurance.common.none')) },
    {
      title: t('insurance.hits.recoveryCase'),
      dataIndex: 'recoveryCaseId',
      responsive: ['lg'],
      render: (v: number | null, h) =>
        v ? (
          <span onClick={(e) => e.stopPropagation()}>
            <CaseLink id={v} code={h.recoveryTrackingCode} /> <span className="hm-num">{fmt.yuan(h.recoverFen)}</span>
          </span>
        ) : (
          t('insurance.common.none')
        ),
    },
    ...(access.city ? [{ title: t('insurance.common.district'), dataIndex: 'districtCode', responsive: ['md' as const], render: (v: string) => ref.districtName(v) || v }] : []),
    { title: t('insurance.hits.foundAt'), dataIndex: 'foundAt', className: 'hm-num', responsive: ['sm'], render: (v: string) => fmt.day(v) },
  ];

  return (
    <div data-testid="risk-hits-page">
      <PageHeader title={t('insurance.hits.title')} hint={t('insurance.hits.hint')} />
      {!d ? (
        !list.error && <Skeleton active paragraph={{ rows: 5 }} />
      ) : (
        <Card size="small" title={t('insurance.hits.byRule')} style={{ marginBottom: 16 }}>
          <RuleSummaryTable<RuleSummary>
            f={f}
            testId="risk-hits-by-rule"
            rows={byRule}
            ruleName={rules.name}
            columns={[
              {
                title: code('hitStatus', 'open'),
                dataIndex: 'open',
                align: 'right',
                className: 'hm-num',
                render: (v: number, r) => (v > 0 ? <Typography.Link onClick={() => f.set({ rule: r.ruleId, status: 'open' })}>{fmt.int(v)}</Typography.Link> : fmt.int(v)),
              },
              { title: t('insurance.hits.amount'), dataIndex: 'openFen', align: 'right', className: 'hm-num', render: (v: number) => fmt.yuan(v) },
              { title: code('hitStatus', 'confirmed'), dataIndex: 'confirmed', align: 'right', className: 'hm-num', render: (v: number) => fmt.int(v) },
              { title: t('insurance.hits.recover'), dataIndex: 'confirmedFen', align: 'right', className: 'hm-num', responsive: ['md'], render: (v: number) => fmt.yuan(v) },
              { title: code('hitStatus', 'cleared'), dataIndex: 'cleared', align: 'right', className: 'hm-num', render: (v: number) => fmt.int(v) },
            ]}
          />
        </Card>
      )}
      <Card size="small">
        <FilterBar f={f} keys={['status', 'severity', 'rule', 'district']}>
          <FilterCol>
            <FilterSelect<HitStatus> testId="risk-hits-status" placeholder={t('insurance.common.allStatuses')} value={status} onChange={(v) => f.set({ status: v })} options={HIT_STATUSES.map((x) => ({ value: x, label: code('hitStatus', x) }))} />
          </FilterCol>
          <FilterCol>
            <FilterSelect<Severity> testId="risk-hits-severity" placeholder={t('insurance.hits.allSeverities')} value={severity} onChange={(v) => f.set({ severity: v })} options={SEVERITIES.map((x) => ({ value: x, label: code('severity', x) }))} />
          </FilterCol>
          <FilterCol wide>
            <FilterSelect testId="risk-hits-rule" width={240} placeholder={t('insurance.common.allRules')} value={rule} onChange={(v) => f.set({ rule: v })} options={rules.options('risk')} showSearch />
          </FilterCol>
          <AreaFilters f={f} testId="risk-hits" />
        </FilterBar>
        {list.error ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          // data-loaded turns true once the list for the current filters has arrived (the journeys wait on it).
          <div data-testid="risk-hit-table" data-loaded={d && !list.loading ? 'true' : 'false'} data-total={d?.total ?? ''}>
            <Table<HitRow>
              rowKey="id"
              size="middle"
              columns={columns}
              dataSource={d?.items ?? []}
              loading={list.loading}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: t('insurance.common.noData') }}
              onRow={(h) =>
                ({
                  'data-testid': 'risk-hit-row',
                  'data-hit-id': String(h.id),
                  'data-rule': h.ruleId,
                  'data-status': h.status,
                  'data-amount': String(h.amountFen),
                  style: { cursor: 'pointer' },
                  onClick: () => navigate(`/insurance/risk-hits/${h.id}`),
                }) as unknown as HTMLAttributes<HTMLElement>
              }
              pagination={{ current: d?.page ?? f.page, pageSize: d?.pageSize ?? f.pageSize, total: d?.total ?? 0, showSizeChanger: true, showTotal: (total) => t('common.total', { total }), onChange: f.onPage }}
            />
          </div>
        )}
      </Card>
    </div>
  );
}

// 社保 · 基金监督: the fund by district for a month — contributions (pension, unemployment, work
// injury), benefits paid by kind (recipients and amounts), and the audit's risk hits and recoveries
// (open, confirmed, to recover, recovered, written off) — with the totals on top and in the last row.
import { Card, Col, DatePicker, Row, Skeleton, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useI18n } from '../../shared/i18n';
import { LoadError } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { PageHeader, StatCard, todayText, useCode, useInsFormat, useUrlFilters } from './common';
import { BENEFIT_KINDS, type FundDistrict, type FundStats } from './types';

const sumOf = (rows: FundDistrict[], pick: (d: FundDistrict) => number) => rows.reduce((a, d) => a + pick(d), 0);

export default function FundPage() {
  const { t } = useI18n();
  const fmt = useInsFormat();
  const code = useCode();
  const f = useUrlFilters();
  const month = f.get('month');
  const stats = useApi<FundStats>('/api/insurance/fund-stats', { month });
  const s = stats.data;
  const rows = useMemo(() => s?.districts ?? [], [s]);

  const totals = useMemo(() => {
    const contributions = sumOf(rows, (d) => d.contributions.pensionFen + d.contributions.unemploymentFen + d.contributions.injuryFen);
    const benefits = sumOf(rows, (d) => BENEFIT_KINDS.reduce((a, k) => a + (d.benefits[k]?.paidFen ?? 0), 0));
    return { contributions, benefits, toRecover: sumOf(rows, (d) => d.risks.toRecoverFen), recovered: sumOf(rows, (d) => d.risks.recoveredFen) };
  }, [rows]);

  const money = (title: string, pick: (d: FundDistrict) => number, key: string) => ({
    key,
    title,
    align: 'right' as const,
    className: 'hm-num',
    sorter: (a: FundDistrict, b: FundDistrict) => pick(a) - pick(b),
    render: (_: unknown, d: FundDistrict) => fmt.yuan(pick(d)),
  });
  const count = (title: string, pick: (d: FundDistrict) => number, key: string) => ({
    key,
    title,
    align: 'right' as const,
    className: 'hm-num',
    sorter: (a: FundDistrict, b: FundDistrict) => pick(a) - pick(b),
    render: (_: unknown, d: FundDistrict) => fmt.int(pick(d)),
  });

  const columns: ColumnsType<FundDistrict> = [
    { title: t('insurance.common.district'), dataIndex: 'name', fixed: 'left' },
    {
      title: t('insurance.fund.contributions'),
      children: [
        count(t('insurance.fund.insured'), (d) => d.contributions.insured, 'insured'),
        money(t('insurance.fund.pension'), (d) => d.contributions.pensionFen, 'cPension'),
        money(t('insurance.fund.unemployment'), (d) => d.contributions.unemploymentFen, 'cUnemployment'),
        money(t('insurance.fund.injury'), (d) => d.contributions.injuryFen, 'cInjury'),
      ],
    },
    {
      title: t('insurance.fund.benefits'),
      children: BENEFIT_KINDS.map((k) => ({
        key: k,
        title: code('benefitKind', k),
        children: [count(t('insurance.fund.recipients'), (d) => d.benefits[k]?.recipients ?? 0, `${k}-n`), money(t('insurance.fund.paid'), (d) => d.benefits[k]?.paidFen ?? 0, `${k}-fen`)],
      })),
    },
    {
      title: t('insurance.fund.risks'),
      children: [
        count(t('insurance.fund.open'), (d) => d.risks.open, 'open'),
        money(t('insurance.fund.atStake'), (d) => d.risks.atStakeFen, 'atStake'),
        count(t('insurance.fund.confirmed'), (d) => d.risks.confirmed, 'confirmed'),
        money(t('insurance.fund.toRecover'), (d) => d.risks.toRecoverFen, 'toRecover'),
        money(t('insurance.fund.recovered'), (d) => d.risks.recoveredFen, 'recovered'),
        money(t('insurance.fund.writtenOff'), (d) => d.risks.writtenOffFen, 'writtenOff'),
      ],
    },
  ];

  // The summary row follows the leaf columns in order.
  const leaves: ((d: FundDistrict[]) => string)[] = [
    (r) => fmt.int(sumOf(r, (d) => d.contributions.insured)),
    (r) => fmt.yuan(sumOf(r, (d) => d.contributions.pensionFen)),
    (r) => fmt.yuan(sumOf(r, (d) => d.contributions.unemploymentFen)),
    (r) => fmt.yuan(sumOf(r, (d) => d.contributions.injuryFen)),
    ...BENEFIT_KINDS.flatMap((k) => [(r: FundDistrict[]) => fmt.int(sumOf(r, (d) => d.benefits[k]?.recipients ?? 0)), (r: FundDistrict[]) => fmt.yuan(sumOf(r, (d) => d.benefits[k]?.paidFen ?? 0))]),
    (r) => fmt.int(sumOf(r, (d) => d.risks.open)),
    (r) => fmt.yuan(sumOf(r, (d) => d.risks.atStakeFen)),
    (r) => fmt.int(sumOf(r, (d) => d.risks.confirmed)),
    (r) => fmt.yuan(sumOf(r, (d) => d.risks.toRecoverFen)),
    (r) => fmt.yuan(sumOf(r, (d) => d.risks.recoveredFen)),
    (r) => fmt.yuan(sumOf(r, (d) => d.risks.writtenOffFen)),
  ];

  const current = s?.month ?? month;
  const thisMonth = todayText().slice(0, 7);

  return (
    <div data-testid="fund-page">
      <PageHeader
        title={t('insurance.fund.title')}
        hint={t('insurance.fund.hint')}
        extra={
          <DatePicker
            picker="month"
            allowClear={false}
            aria-label={t('insurance.fund.month')}
            data-testid="fund-month"
            value={current ? dayjs(`${current}-01`) : undefined}
            disabledDate={(d) => d.format('YYYY-MM') > thisMonth}
            onChange={(d) => f.set({ month: d ? d.format('YYYY-MM') : undefined })}
          />
        }
      />
      {stats.error && !s ? (
        <LoadError error={stats.error} onRetry={stats.reload} />
      ) : !s ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <div style={{ opacity: stats.loading ? 0.6 : 1 }}>
          <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
            <Col xs={12} md={6}>
              <StatCard testId="fund-contributions" title={`${t('insurance.fund.totalContributions')} · ${s.month}`} value={fmt.yuan(totals.contributions)} />
            </Col>
            <Col xs={12} md={6}>
              <StatCard testId="fund-benefits" title={`${t('insurance.fund.totalBenefits')} · ${s.month}`} value={fmt.yuan(totals.benefits)} />
            </Col>
            <Col xs={12} md={6}>
              <StatCard testId="fund-to-recover" title={t('insurance.fund.totalToRecover')} value={fmt.yuan(totals.toRecover)} highlight={totals.toRecover > 0 ? 'bad' : undefined} />
            </Col>
            <Col xs={12} md={6}>
              <StatCard testId="fund-recovered" title={t('insurance.fund.totalRecovered')} value={fmt.yuan(totals.recovered)} highlight={totals.recovered > 0 ? 'good' : undefined} />
            </Col>
          </Row>
          <Card size="small">
            <Table<FundDistrict>
              size="small"
              bordered
              rowKey="code"
              data-testid="fund-table"
              columns={columns}
              dataSource={rows}
              pagination={false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: t('insurance.common.noData') }}
              summary={(data) =>
                data.length > 1 ? (
                  <Table.Summary fixed>
                    <Table.Summary.Row>
                      <Table.Summary.Cell index={0}>
                        <Typography.Text strong>{t('insurance.common.total')}</Typography.Text>
                      </Table.Summary.Cell>
                      {leaves.map((fn, i) => (
                        <Table.Summary.Cell key={i} index={i + 1} align="right" className="hm-num">
                          <Typography.Text strong>{fn([...data])}</Typography.Text>
                        </Table.Summary.Cell>
                      ))}
                    </Table.Summary.Row>
                  </Table.Summary>
                ) : undefined
              }
            />
          </Card>
        </div>
      )}
    </div>
  );
}

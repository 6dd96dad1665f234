// 社保 · 参保概览: the city's enrolment in each scheme against the plan's targets (25.80 million in
// pension, 6.18 million in unemployment and 7.50 million in work-injury insurance; pension coverage
// ≥ 97%, medical ≥ 95%, long-term care 100%), every rate with its numerator, denominator and
// definition; the month-by-month trend; the districts as a table and a map; and the work in hand in
// the reader's area (gaps, certification, risk hits, bundles, recent runs).
import { Card, Col, Progress, Row, Select, Skeleton, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../shared/i18n';
import { LoadError } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { CoverageMap, EnrolmentTrendChart } from './charts';
import { CodeTag, PageHeader, StatCard, useInsFormat, useInsuranceAccess, useUrlFilters } from './common';
import type { CoverageKey, Enrolment, EnrolmentDistrict, InsuranceOverview, Ratio } from './types';

const GOOD = '#389e0d';
const BAD = '#cf1322';

export default function OverviewPage() {
  const { t, bi } = useI18n();
  const fmt = useInsFormat();
  const navigate = useNavigate();
  const access = useInsuranceAccess();
  const f = useUrlFilters();
  const year = Number(f.get('year')) || undefined;
  const overview = useApi<InsuranceOverview>('/api/insurance/overview');
  const enrolment = useApi<Enrolment>('/api/insurance/enrolment', { year });
  const o = overview.data;
  const e = enrolment.data;
  const thisYear = o?.year ?? new Date().getFullYear();

  const countCard = (testId: string, title: string, value: number, target: number, extra?: ReactNode) => {
    const share = target > 0 ? value / target : 0;
    return (
      <Card size="small" style={{ height: '100%' }} data-testid={testId}>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {title}
        </Typography.Text>
        <div className="hm-num" style={{ fontSize: 24, fontWeight: 500, marginTop: 4 }}>
          {fmt.int(value)}
        </div>
        <Progress percent={Math.min(100, Math.round(share * 1000) / 10)} strokeColor={share >= 1 ? GOOD : '#1f5fbf'} size="small" format={() => (share > 0 && share < 0.001 ? '<0.1%' : fmt.pct(share))} />
        <div style={{ fontSize: 12 }}>
          <Typography.Text type="secondary">{t('insurance.overview.target', { target: fmt.big(target) })}</Typography.Text>
          {extra && <div>{extra}</div>}
        </div>
      </Card>
    );
  };

  const rateCard = (testId: string, title: string, ratio: Ratio, target: number, denominator: ReactNode) => {
    const reached = ratio.rate !== null && ratio.rate >= target;
    return (
      <Card size="small" style={{ height: '100%' }} data-testid={testId} data-rate={ratio.rate ?? ''}>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {title}
        </Typography.Text>
        <div className="hm-num" style={{ fontSize: 24, fontWeight: 500, marginTop: 4, color: ratio.rate === null ? undefined : reached ? GOOD : BAD }}>
          {fmt.pct(ratio.rate)}
        </div>
        <div style={{ fontSize: 12 }}>
          <Typography.Text strong>{target >= 1 ? t('insurance.overview.targetFull', { pct: fmt.pct(target) }) : t('insurance.overview.targetAtLeast', { pct: fmt.pct(target) })}</Typography.Text>
          {ratio.rate !== null && <Typography.Text type={reached ? 'success' : 'danger'}> · {reached ? t('insurance.overview.reached') : t('insurance.overview.behind')}</Typography.Text>}
        </div>
        <div className="hm-num" style={{ fontSize: 12 }} data-testid={`${testId}-ratio`}>
          {t('insurance.overview.ratioLine', { n: fmt.int(ratio.numerator), d: fmt.int(ratio.denominator) })}
        </div>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 0' }} data-testid={`${testId}-denominator`}>
          {denominator}
        </Typography.Paragraph>
      </Card>
    );
  };

  const rateCell = (r: Ratio) => (
    <span className="hm-num">
      {fmt.pct(r.rate)}
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
        {t('insurance.common.numeratorDenominator', { n: fmt.int(r.numerator), d: fmt.int(r.denominator) })}
      </Typography.Text>
    </span>
  );
  const num = (k: keyof EnrolmentDistrict, title: string, responsive?: ColumnsType<EnrolmentDistrict>[number]['responsive']) => ({
    key: k,
    title,
    dataIndex: k,
    align: 'right' as const,
    className: 'hm-num',
    responsive,
    sorter: (a: EnrolmentDistrict, b: EnrolmentDistrict) => (a[k] as number) - (b[k] as number),
    render: (v: number) => fmt.int(v),
  });
  const rateCol = (k: CoverageKey, title: string) => ({
    key: k,
    title,
    align: 'right' as const,
    sorter: (a: EnrolmentDistrict, b: EnrolmentDistrict) => (a[k].rate ?? -1) - (b[k].rate ?? -1),
    render: (_: unknown, r: EnrolmentDistrict) => rateCell(r[k]),
  });
  const columns: ColumnsType<EnrolmentDistrict> = [
    {
      title: t('insurance.common.district'),
      dataIndex: 'name',
      fixed: 'left',
      render: (v: string, r) => <Typography.Link onClick={() => navigate(`/insurance/gaps?district=${r.code}`)}>{v}</Typography.Link>,
    },
    num('population', t('insurance.overview.population'), ['lg']),
    num('pensionAny', t('insurance.overview.pensionAny')),
    num('employeePension', t('insurance.scheme.employee_pension'), ['xl']),
    num('residentPension', t('insurance.scheme.resident_pension'), ['xl']),
    num('unemployment', t('insurance.scheme.unemployment'), ['md']),
    num('workInjury', t('insurance.scheme.work_injury'), ['md']),
    num('medicalEmployee', t('insurance.overview.medicalEmployee'), ['xl']),
    num('medicalResident', t('insurance.overview.medicalResident'), ['xl']),
    num('ltc', t('insurance.overview.ltc'), ['lg']),
    rateCol('pensionCoverage', t('insurance.overview.pensionCoverage')),
    rateCol('medicalCoverage', t('insurance.overview.medicalCoverage')),
    rateCol('ltcCoverage', t('insurance.overview.ltcCoverage')),
  ];

  const years = [thisYear, thisYear - 1, thisYear - 2];

  return (
    <div data-testid="insurance-overview">
      <PageHeader
        title={t('insurance.overview.title')}
        hint={e ? t('insurance.overview.hint', { date: e.asOf }) : undefined}
        extra={
          <Select<number>
            aria-label={t('insurance.common.year')}
            data-testid="overview-year"
            style={{ width: 120 }}
            value={year ?? e?.year ?? thisYear}
            onChange={(v) => f.set({ year: v === thisYear ? undefined : v })}
            options={years.map((y) => ({ value: y, label: t('insurance.common.yearOption', { year: y }) }))}
          />
        }
      />
      {enrolment.error && !e ? (
        <LoadError error={enrolment.error} onRetry={enrolment.reload} />
      ) : !e ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <div style={{ opacity: enrolment.loading ? 0.6 : 1 }}>
          <Card size="small" title={t('insurance.overview.targets')} style={{ marginBottom: 16 }} data-testid="overview-targets">
            <Row gutter={[12, 12]}>
              <Col xs={24} md={8}>
                {countCard(
                  'target-pension',
                  t('insurance.overview.pension'),
                  e.city.pensionAny,
                  e.targets.pension,
                  <Typography.Text type="secondary">{t('insurance.overview.pensionBreakdown', { employee: fmt.int(e.city.employeePension), resident: fmt.int(e.city.residentPension) })}</Typography.Text>,
                )}
              </Col>
              <Col xs={24} md={8}>
                {countCard('target-unemployment', t('insurance.overview.unemployment'), e.city.unemployment, e.targets.unemployment)}
              </Col>
              <Col xs={24} md={8}>
                {countCard('target-work-injury', t('insurance.overview.workInjury'), e.city.workInjury, e.targets.workInjury)}
              </Col>
              <Col xs={24} md={8}>
                {rateCard('rate-pension', t('insurance.overview.pensionCoverage'), e.city.pensionCoverage, e.targets.pensionCoverage, bi(e.denominators.pensionCoverage))}
              </Col>
              <Col xs={24} md={8}>
                {rateCard('rate-medical', t('insurance.overview.medicalCoverage'), e.city.medicalCoverage, e.targets.medicalCoverage, bi(e.denominators.medicalCoverage))}
              </Col>
              <Col xs={24} md={8}>
                {rateCard('rate-ltc', t('insurance.overview.ltcCoverage'), e.city.ltcCoverage, e.targets.ltcCoverage, bi(e.denominators.ltcCoverage))}
              </Col>
            </Row>
            <Space size={[16, 4]} wrap style={{ marginTop: 12, fontSize: 13 }}>
              <span>
                {t('insurance.overview.medicalEmployee')} <span className="hm-num">{fmt.int(e.city.medicalEmployee)}</span>
              </span>
              <span>
                {t('insurance.overview.medicalResident')} <span className="hm-num">{fmt.int(e.city.medicalResident)}</span>
              </span>
              <span>
                {t('insurance.overview.ltc')} <span className="hm-num">{fmt.int(e.city.ltc)}</span>
              </span>
              <span>
                {t('insurance.overview.population')} <span className="hm-num">{fmt.int(e.city.population)}</span>
              </span>
            </Space>
          </Card>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col xs={24} lg={14}>
              <Card size="small" title={t('insurance.overview.trend', { year: e.year })} style={{ height: '100%' }}>
                <EnrolmentTrendChart trend={e.trend} />
              </Card>
            </Col>
            <Col xs={24} lg={10}>
              <Card size="small" title={t('insurance.overview.map')} extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('insurance.overview.mapHint')}</Typography.Text>} style={{ height: '100%' }}>
                <CoverageMap rows={e.districts} coverage="pensionCoverage" onDistrict={(code) => navigate(`/insurance/gaps?district=${code}`)} />
              </Card>
            </Col>
          </Row>
          <Card size="small" title={t('insurance.overview.districts')} style={{ marginBottom: 16 }}>
            <Table<EnrolmentDistrict>
              size="small"
              rowKey="code"
              data-testid="enrolment-districts"
              columns={columns}
              dataSource={e.districts}
              pagination={false}
              scroll={{ x: 'max-content', y: 480 }}
              locale={{ emptyText: t('insurance.common.noData') }}
            />
          </Card>
        </div>
      )}
      <Card size="small" title={t('insurance.overview.work')} extra={access.user && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('insurance.overview.scope', { org: access.user.orgName })}</Typography.Text>} style={{ marginBottom: 16 }} data-testid="overview-work">
        {overview.error && !o ? (
          <LoadError error={overview.error} onRetry={overview.reload} />
        ) : !o ? (
          <Skeleton active paragraph={{ rows: 3 }} />
        ) : (
          <>
            <Row gutter={[12, 12]}>
              <Col xs={12} md={6}>
                <StatCard testId="ov-gaps" title={t('insurance.overview.gapsOpen')} value={fmt.int(o.gaps.open)} extra={<Typography.Text type="secondary">{t('insurance.overview.gapsClosed', { n: fmt.int(o.gaps.closedThisYear) })}</Typography.Text>} onClick={() => navigate('/insurance/gaps?status=open')} />
              </Col>
              <Col xs={12} md={6}>
                <StatCard
                  testId="ov-cert"
                  title={t('insurance.overview.certRate', { year: o.year })}
                  value={fmt.pct(o.certification.dataRate)}
                  extra={
                    <Typography.Text type="secondary">
                      {t('insurance.cert.dataRateLine', { n: fmt.int(o.certification.dataCertified), d: fmt.int(o.certification.living) })} · {t('insurance.overview.certPending', { n: fmt.int(o.certification.pending) })}
                    </Typography.Text>
                  }
                  onClick={() => navigate('/insurance/certification')}
                />
              </Col>
              {access.districtLevel && (
                <Col xs={12} md={6}>
                  <StatCard
                    testId="ov-hits"
                    title={t('insurance.overview.hitsOpen')}
                    value={fmt.int(o.riskHits.open)}
                    highlight={o.riskHits.open > 0 ? 'bad' : undefined}
                    extra={
                      <Typography.Text type="secondary">
                        {t('insurance.overview.atStake', { amount: fmt.yuan(o.riskHits.atStakeFen) })} · {t('insurance.overview.toRecover')} {fmt.yuan(o.riskHits.toRecoverFen)}
                      </Typography.Text>
                    }
                    onClick={() => navigate('/insurance/risk-hits?status=open')}
                  />
                </Col>
              )}
              <Col xs={12} md={6}>
                <StatCard testId="ov-bundles" title={t('insurance.overview.bundlesOpen')} value={fmt.int(o.bundles.open)} extra={<Typography.Text type="secondary">{t('insurance.overview.bundlesCompleted', { n: fmt.int(o.bundles.completed) })}</Typography.Text>} onClick={() => navigate('/insurance/bundles?status=in_progress')} />
              </Col>
            </Row>
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              {t('insurance.overview.runs')}
            </Typography.Title>
            {o.runs.length === 0 ? (
              <Typography.Text type="secondary">{t('insurance.overview.noRuns')}</Typography.Text>
            ) : (
              <Table
                size="small"
                rowKey="id"
                data-testid="overview-runs"
                pagination={false}
                scroll={{ x: 'max-content' }}
                dataSource={o.runs}
                columns={[
                  { title: t('insurance.rules.runId'), dataIndex: 'id', className: 'hm-num', render: (v: number) => <Typography.Link onClick={() => navigate('/insurance/rules?tab=runs')}>#{v}</Typography.Link> },
                  { title: t('insurance.rules.pack'), dataIndex: 'pack', render: (v: string) => <CodeTag group="pack" code={v} /> },
                  { title: t('insurance.common.status'), dataIndex: 'status', render: (v: string) => <CodeTag group="runStatus" code={v} /> },
                  { title: t('insurance.rules.asOf'), dataIndex: 'as_of', className: 'hm-num' },
                  { title: t('insurance.rules.finishedAt'), dataIndex: 'finished_at', className: 'hm-num', responsive: ['md'], render: (v: string | null) => fmt.dateTime(v) },
                ]}
              />
            )}
          </>
        )}
      </Card>
    </div>
  );
}

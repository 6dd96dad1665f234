// One district (区县): its place in the league, its quotas (任务分解) and its lights on every target.
// District and township users land on their own district; city users pick any of the 38.
import { Card, Col, Empty, Row, Select, Skeleton, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, Navigate, useNavigate, useParams } from 'react-router-dom';
import { useI18n } from '../../shared/i18n';
import { LoadError, NotFoundResult } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { LightLegend, LightSummary, LightTag, Movement, PageHeader, PlanPeriodBar, StatCard, planLink, usePlanAccess, usePlanContext, usePlanFormat, useDistrictList } from './common';
import { ProgressTabs } from './ProgressView';
import type { DistrictView, TargetProgress } from './types';

type QuotaRow = DistrictView['quotas'][number] & { progress: TargetProgress | undefined };

export default function PlanDistrictPage() {
  const { code } = useParams();
  const { t, bi } = useI18n();
  const navigate = useNavigate();
  const access = usePlanAccess();
  const fmt = usePlanFormat();
  const ctx = usePlanContext();
  const { year, period } = ctx;
  const districts = useDistrictList();
  const valid = !!code && /^\d{6}$/.test(code);
  const view = useApi<DistrictView>(year && valid ? `/api/plans/${year}/districts/${code}` : null, { period });
  const v = view.data && view.data.progress.orgCode === code && view.data.progress.year === year ? view.data : undefined;

  // No district in the address: district users go to their own, city users choose.
  if (!code && access.ownDistrict) return <Navigate to={planLink(`/plan/districts/${access.ownDistrict}`, year, period)} replace />;

  const byCode = new Map((v ? [...v.progress.goals, ...v.progress.measures].flatMap((x) => x.targets) : []).map((x) => [x.code, x]));
  const quotaRows: QuotaRow[] = (v?.quotas ?? []).map((q) => ({ ...q, progress: byCode.get(q.targetCode) }));

  const picker = access.cityWide && (
    <Select
      data-testid="plan-district-picker"
      showSearch={{ optionFilterProp: 'label' }}
      style={{ minWidth: 180 }}
      placeholder={t('plan.district.pick')}
      loading={districts.loading}
      value={valid ? code : undefined}
      onChange={(c: string) => navigate(planLink(`/plan/districts/${c}`, year, period))}
      options={districts.list.map((d) => ({ value: d.code, label: d.name }))}
    />
  );

  const quotaColumns: ColumnsType<QuotaRow> = [
    {
      title: t('plan.fields.target'),
      key: 'title',
      render: (_, q) => (
        <div style={{ minWidth: 200, maxWidth: 380, whiteSpace: 'normal' }}>
          <Link to={planLink(`/plan/quotas/${encodeURIComponent(q.targetCode)}`, year, period)}>
            <span className="hm-mono" style={{ marginInlineEnd: 6 }}>
              {q.targetCode}
            </span>
            {bi(q.title)}
          </Link>
        </div>
      ),
    },
    { title: t('plan.fields.quota'), key: 'quota', align: 'right', className: 'hm-num', render: (_, q) => fmt.amount(q.quota, q.unit) },
    { title: t('plan.fields.actual'), key: 'actual', align: 'right', className: 'hm-num', render: (_, q) => fmt.amount(q.progress?.actual, q.unit) },
    { title: t('plan.fields.completionShort'), key: 'completion', align: 'right', className: 'hm-num', render: (_, q) => fmt.pct(q.progress?.completion) },
    { title: t('plan.fields.light'), key: 'light', render: (_, q) => (q.progress ? <LightTag light={q.progress.light} /> : t('common.none')) },
  ];

  const header = (
    <>
      <PageHeader title={v ? t('plan.district.titleOf', { name: v.progress.orgName }) : t('plan.district.title')} hint={t('plan.district.hint')} />
      <div style={{ marginBottom: 16 }}>
        <PlanPeriodBar ctx={ctx} shown={v?.progress.period} extra={picker} />
      </div>
    </>
  );

  if (ctx.plans.error && !ctx.plans.data) return <LoadError error={ctx.plans.error} onRetry={ctx.plans.reload} />;
  if (!code)
    return (
      <div>
        {header}
        <Card>
          <Empty description={access.cityWide ? t('plan.district.pickPrompt') : t('plan.district.noDistrict')} />
        </Card>
      </div>
    );
  if (!valid) return <NotFoundResult message={t('plan.district.badCode')} />;

  return (
    <div data-testid="plan-district">
      {header}
      {view.error && !v ? (
        <LoadError error={view.error} onRetry={view.reload} />
      ) : !v ? (
        <Skeleton active paragraph={{ rows: 12 }} />
      ) : (
        <>
          <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
            <Col xs={12} md={6}>
              <StatCard
                title={t('plan.district.rank')}
                testId="district-rank"
                value={v.rank !== null ? t('plan.district.rankValue', { rank: v.rank }) : t('common.none')}
                extra={
                  v.rank !== null && (
                    <div style={{ fontSize: 13 }}>
                      {t('plan.league.movement')}
                      {t('plan.colon')}
                      <Movement movement={v.movement} />
                    </div>
                  )
                }
              />
            </Col>
            <Col xs={12} md={6}>
              <StatCard title={t('plan.league.score')} value={fmt.score(v.score)} testId="district-score" />
            </Col>
            <Col xs={24} md={12}>
              <StatCard
                title={t('plan.dashboard.lights')}
                testId="district-lights"
                value={
                  <div style={{ fontSize: 14, fontWeight: 400 }}>
                    <LightSummary counts={v.progress.summary} testId="district-summary" />
                  </div>
                }
              />
            </Col>
          </Row>
          <Card size="small" style={{ marginBottom: 16 }}>
            <LightLegend thresholds={v.progress.thresholds} timeShare={v.progress.timeShare} />
            <Typography.Paragraph style={{ margin: '8px 0 0', fontSize: 13 }}>
              <Link to={planLink('/plan/league', year, period)}>{t('plan.district.toLeague')}</Link>
            </Typography.Paragraph>
          </Card>
          <ProgressTabs
            progress={v.progress}
            tab={ctx.params.get('tab') ?? 'goals'}
            onTab={(k) => ctx.set({ tab: k === 'goals' ? undefined : k })}
            extra={[
              {
                key: 'quotas',
                label: t('plan.district.quotasTab', { n: v.quotas.length }),
                children: (
                  <>
                    <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
                      {t('plan.district.quotasHint')}
                    </Typography.Paragraph>
                    <Table<QuotaRow>
                      data-testid="district-quotas"
                      rowKey="targetCode"
                      size="small"
                      columns={quotaColumns}
                      dataSource={quotaRows}
                      pagination={false}
                      scroll={{ x: 'max-content' }}
                      locale={{ emptyText: t('plan.district.noQuotas') }}
                    />
                  </>
                ),
              },
            ]}
          />
        </>
      )}
    </div>
  );
}

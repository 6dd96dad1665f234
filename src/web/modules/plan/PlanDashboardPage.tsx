// 民生报表 · 总览: the city's standing on every target of the plan at the end of a month — lights,
// completion against time, forecasts — with the monthly report to download and, for the city
// administrator, a recompute of the computed indicators and the creation of next year's plan.
import { CopyOutlined, DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Empty, Popconfirm, Row, Skeleton, Space } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, errorText } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import { LoadError } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { CITY_CODE, ErrorAlert, isConflict, LightLegend, LightSummary, PageHeader, PlanPeriodBar, StatCard, downloadFile, planLink, usePeriodLabel, usePlanAccess, usePlanContext, usePlanFormat } from './common';
import { ProgressTabs } from './ProgressView';
import type { PlanSummary, ProgressResponse } from './types';

export default function PlanDashboardPage() {
  const { t, bi } = useI18n();
  const { message, modal } = App.useApp();
  const access = usePlanAccess();
  const fmt = usePlanFormat();
  const periods = usePeriodLabel();
  const ctx = usePlanContext();
  const { year, period } = ctx;
  const progress = useApi<ProgressResponse>(year ? `/api/plans/${year}/progress` : null, { period, org: CITY_CODE });
  const p = progress.data && progress.data.year === year ? progress.data : undefined;
  const plan = ctx.plans.data?.find((x) => x.year === year);
  const [busy, setBusy] = useState<'download' | 'recompute' | 'next' | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  /** The server's word that next year's plan already exists (409), and that year. */
  const [exists, setExists] = useState<{ year: number; error: unknown } | null>(null);

  const download = async () => {
    if (!year) return;
    const month = period ?? p?.period;
    setBusy('download');
    setActionError(null);
    try {
      await downloadFile(planLink(`/api/plans/${year}/report.xlsx`, undefined, month), t('plan.dashboard.reportFile', { year, period: month ?? String(year) }));
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(null);
    }
  };

  const recompute = async () => {
    if (!year) return;
    setBusy('recompute');
    setActionError(null);
    try {
      const r = await api.post<{ values: number; changed: number; ms: number; supervisionOpened?: number }>(`/api/plans/${year}/recompute`);
      const opened = r.supervisionOpened ? ` · ${t('plan.dashboard.supervisionOpened', { n: fmt.num.format(r.supervisionOpened) })}` : '';
      void message.success(`${t('plan.dashboard.recomputed', { values: fmt.num.format(r.values), changed: fmt.num.format(r.changed), ms: fmt.num.format(r.ms) })}${opened}`);
      progress.reload();
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(null);
    }
  };

  const createNext = async (from: number) => {
    const next = from + 1;
    setBusy('next');
    setActionError(null);
    setExists(null);
    try {
      const created = await api.post<PlanSummary | undefined>(`/api/plans/${from}/next`, { year: next });
      const others = (ctx.plans.data ?? []).filter((x) => x.year !== next);
      if (created) ctx.plans.setData([...others, created].sort((a, b) => b.year - a.year));
      else ctx.plans.reload();
      void message.success(t('plan.dashboard.nextYearCreated', { year: next }));
      ctx.setYear(next);
    } catch (e) {
      if (isConflict(e)) {
        setExists({ year: next, error: e });
        ctx.plans.reload();
      } else setActionError(e);
    } finally {
      setBusy(null);
    }
  };

  const confirmNext = () => {
    if (!year) return;
    void modal.confirm({
      title: t('plan.dashboard.nextYearTitle', { next: year + 1 }),
      content: t('plan.dashboard.nextYearContent', { year, next: year + 1 }),
      okText: t('plan.dashboard.nextYearOk'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'plan-next-year-confirm' },
      // Failures are shown on the page; the dialog closes either way.
      onOk: () => createNext(year),
    });
  };

  if (ctx.plans.error && !ctx.plans.data) return <LoadError error={ctx.plans.error} onRetry={ctx.plans.reload} />;
  if (ctx.plans.data && ctx.plans.data.length === 0) return <Empty style={{ marginTop: 64 }} description={t('plan.common.noPlans')} />;

  const actions = (
    <Space wrap>
      {access.ownDistrict && (
        <Link to={planLink(`/plan/districts/${access.ownDistrict}`, year, period)}>
          <Button data-testid="plan-own-district">{t('plan.dashboard.ownDistrict')}</Button>
        </Link>
      )}
      {access.user?.role === 'department_officer' && access.user.departmentCode && (
        <Link to={planLink(`/plan/departments/${access.user.departmentCode}`, year, period)}>
          <Button data-testid="plan-own-department">{t('plan.dashboard.ownDepartment')}</Button>
        </Link>
      )}
      <Button icon={<DownloadOutlined />} loading={busy === 'download'} disabled={!year} onClick={() => void download()} data-testid="plan-report-download">
        {t('plan.dashboard.download')}
      </Button>
      {access.admin && (
        <Popconfirm title={t('plan.dashboard.recomputeConfirm')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => recompute()}>
          <Button icon={<ReloadOutlined />} loading={busy === 'recompute'} disabled={!year} data-testid="plan-recompute">
            {t('plan.dashboard.recompute')}
          </Button>
        </Popconfirm>
      )}
      {access.admin && (
        <Button icon={<CopyOutlined />} loading={busy === 'next'} disabled={!year || busy === 'next'} onClick={confirmNext} data-testid="plan-next-year">
          {t('plan.dashboard.nextYear')}
        </Button>
      )}
    </Space>
  );

  return (
    <div data-testid="plan-dashboard">
      <PageHeader title={t('plan.dashboard.title')} extra={actions} hint={plan ? t('plan.dashboard.hint', { name: bi(plan.name), doc: plan.documentNo, issuedOn: plan.issuedOn }) : undefined} />
      <div style={{ marginBottom: 16 }}>
        <PlanPeriodBar ctx={ctx} shown={p?.period} />
      </div>
      {actionError !== null && <ErrorAlert error={actionError} style={{ marginBottom: 16 }} />}
      {exists && (
        <Alert
          type="warning"
          showIcon
          data-testid="plan-next-year-exists"
          style={{ marginBottom: 16 }}
          title={errorText(exists.error)}
          closable={{ onClose: () => setExists(null) }}
          action={
            ctx.plans.data?.some((x) => x.year === exists.year) && (
              <Button
                size="small"
                onClick={() => {
                  ctx.setYear(exists.year);
                  setExists(null);
                }}
              >
                {t('plan.dashboard.nextYearOpen', { year: exists.year })}
              </Button>
            )
          }
        />
      )}
      {progress.error && !p ? (
        <LoadError error={progress.error} onRetry={progress.reload} />
      ) : !p ? (
        <Skeleton active paragraph={{ rows: 12 }} />
      ) : (
        <>
          <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
            <Col xs={12} md={6}>
              <StatCard title={t('plan.dashboard.period')} value={periods.long(p.period)} testId="plan-stat-period" />
            </Col>
            <Col xs={12} md={6}>
              <StatCard title={t('plan.fields.timeShare')} value={fmt.pct(p.timeShare)} testId="plan-stat-time" />
            </Col>
            <Col xs={24} md={12}>
              <StatCard
                title={t('plan.dashboard.lights')}
                testId="plan-stat-lights"
                value={
                  <div style={{ fontSize: 14, fontWeight: 400 }}>
                    <LightSummary counts={p.summary} testId="plan-summary" />
                  </div>
                }
              />
            </Col>
          </Row>
          <Card size="small" style={{ marginBottom: 16 }}>
            <LightLegend thresholds={p.thresholds} timeShare={p.timeShare} />
          </Card>
          <ProgressTabs progress={p} tab={ctx.params.get('tab') ?? 'goals'} onTab={(k) => ctx.set({ tab: k === 'goals' ? undefined : k })} />
        </>
      )}
    </div>
  );
}

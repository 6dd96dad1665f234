// One department: the targets it leads (牵头) and those it shares (配合), with their lights.
// Department officers land on their own department; others pick one.
import { Card, Col, Empty, Row, Select, Skeleton } from 'antd';
import { useMemo, useState } from 'react';
import { Navigate, useNavigate, useParams } from 'react-router-dom';
import { useI18n } from '../../shared/i18n';
import { LoadError, NotFoundResult } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { countLights, LightSummary, PageHeader, PlanPeriodBar, StatCard, TargetProgressTable, planLink, usePeriodLabel, usePlanAccess, usePlanContext, useDepartmentNames } from './common';
import { TargetDrawer } from './TargetDrawer';
import type { DepartmentView, TargetInfo, TargetProgress } from './types';

export default function PlanDepartmentPage() {
  const { code } = useParams();
  const { t, bi } = useI18n();
  const navigate = useNavigate();
  const access = usePlanAccess();
  const periods = usePeriodLabel();
  const ctx = usePlanContext();
  const { year, period } = ctx;
  const departments = useDepartmentNames();
  const valid = !!code && /^[a-z][a-z0-9_]*$/.test(code);
  const view = useApi<DepartmentView>(year && valid ? `/api/plans/${year}/departments/${code}` : null, { period });
  const v = view.data && view.data.departmentCode === code ? view.data : undefined;
  // The departments named by the plan's targets, for the picker.
  const targets = useApi<TargetInfo[]>(year ? `/api/plans/${year}/targets` : null);
  const [selected, setSelected] = useState<TargetProgress | null>(null);

  const options = useMemo(() => {
    const codes = new Set((targets.data ?? []).flatMap((x) => x.departments));
    if (code && valid) codes.add(code);
    return [...codes].map((c) => ({ value: c, label: departments.name(c) })).sort((a, b) => a.label.localeCompare(b.label, 'zh-CN'));
  }, [targets.data, departments, code, valid]);

  if (!code && access.user?.departmentCode) return <Navigate to={planLink(`/plan/departments/${access.user.departmentCode}`, year, period)} replace />;

  const header = (
    <>
      <PageHeader title={v ? t('plan.department.titleOf', { name: bi(v.departmentName) }) : t('plan.department.title')} hint={t('plan.department.hint')} />
      <div style={{ marginBottom: 16 }}>
        <PlanPeriodBar
          ctx={ctx}
          shown={v?.period}
          extra={
            <Select
              data-testid="plan-department-picker"
              showSearch={{ optionFilterProp: 'label' }}
              style={{ minWidth: 200, maxWidth: '100%' }}
              placeholder={t('plan.department.pick')}
              loading={targets.loading || departments.loading}
              value={valid ? code : undefined}
              onChange={(c: string) => navigate(planLink(`/plan/departments/${c}`, year, period))}
              options={options}
            />
          }
        />
      </div>
    </>
  );

  if (ctx.plans.error && !ctx.plans.data) return <LoadError error={ctx.plans.error} onRetry={ctx.plans.reload} />;
  if (!code)
    return (
      <div>
        {header}
        <Card>
          <Empty description={t('plan.department.pickPrompt')} />
        </Card>
      </div>
    );
  if (!valid) return <NotFoundResult message={t('plan.department.badCode')} />;

  const all = v ? [...v.lead, ...v.partner] : [];
  return (
    <div data-testid="plan-department">
      {header}
      {view.error && !v ? (
        <LoadError error={view.error} onRetry={view.reload} />
      ) : !v || !year ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : (
        <>
          <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
            <Col xs={12} md={6}>
              <StatCard title={t('plan.dashboard.period')} value={periods.long(v.period)} />
            </Col>
            <Col xs={12} md={6}>
              <StatCard title={t('plan.department.counts')} value={t('plan.department.countsValue', { lead: v.lead.length, partner: v.partner.length })} testId="department-counts" />
            </Col>
            <Col xs={24} md={12}>
              <StatCard
                title={t('plan.dashboard.lights')}
                value={
                  <div style={{ fontSize: 14, fontWeight: 400 }}>
                    <LightSummary counts={countLights(all)} testId="department-summary" />
                  </div>
                }
              />
            </Col>
          </Row>
          <Card size="small" title={t('plan.department.lead', { n: v.lead.length })} style={{ marginBottom: 16 }}>
            <TargetProgressTable rows={v.lead} onSelect={setSelected} period={v.period} testId="department-lead" />
          </Card>
          <Card size="small" title={t('plan.department.partner', { n: v.partner.length })}>
            <TargetProgressTable rows={v.partner} onSelect={setSelected} period={v.period} testId="department-partner" showDepartments departmentName={departments.name} />
          </Card>
          <TargetDrawer year={year} target={selected} onClose={() => setSelected(null)} />
        </>
      )}
    </div>
  );
}

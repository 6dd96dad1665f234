// 任务分解: how one city target is split into district quotas, each district's actual, completion and
// light, and whether the quotas add up to (sums) or meet (rates) the city target. The city
// administrator edits the quotas here.
import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, InputNumber, Row, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { request } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import { LoadError } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { DepartmentList, ErrorAlert, LightTag, PageHeader, PlanPeriodBar, StatCard, planLink, usePlanAccess, usePlanContext, usePlanFormat, useDepartmentNames } from './common';
import type { QuotaResponse } from './types';

type QuotaRow = QuotaResponse['rows'][number];

export default function PlanQuotaPage() {
  const { target = '' } = useParams();
  const { t, bi } = useI18n();
  const { message } = App.useApp();
  const access = usePlanAccess();
  const fmt = usePlanFormat();
  const departments = useDepartmentNames();
  const ctx = usePlanContext();
  const { year, period } = ctx;
  const quota = useApi<QuotaResponse>(year && target ? `/api/plans/${year}/quotas/${encodeURIComponent(target)}` : null, { period });
  const d = quota.data && quota.data.target.code === target ? quota.data : undefined;
  const [draft, setDraft] = useState<Record<string, number | null> | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);

  if (ctx.plans.error && !ctx.plans.data) return <LoadError error={ctx.plans.error} onRetry={ctx.plans.reload} />;
  if (quota.error && !d) return <LoadError error={quota.error} onRetry={quota.reload} />;
  if (!d) return <Skeleton active paragraph={{ rows: 12 }} />;

  const unit = d.target.unit;
  const sums = d.target.indicator?.aggregation === 'sum';
  const editing = draft !== null;
  const draftTotal = editing ? d.rows.reduce((s, r) => s + (draft[r.districtCode] ?? 0), 0) : d.total;
  const missing = editing ? d.rows.filter((r) => draft[r.districtCode] === null || draft[r.districtCode] === undefined).length : 0;

  const startEdit = () => {
    setSaveError(null);
    setDraft(Object.fromEntries(d.rows.map((r) => [r.districtCode, r.quota])));
  };

  const save = async () => {
    if (!draft || !year || missing > 0) return;
    setSaving(true);
    setSaveError(null);
    try {
      const quotas = Object.fromEntries(Object.entries(draft).map(([k, v]) => [k, v ?? 0]));
      const r = await request<QuotaResponse>(`/api/plans/${year}/quotas/${encodeURIComponent(target)}`, { method: 'PUT', json: { quotas } });
      quota.setData(r);
      setDraft(null);
      void message.success(t('plan.quota.saved'));
    } catch (e) {
      setSaveError(e);
    } finally {
      setSaving(false);
    }
  };

  const columns: ColumnsType<QuotaRow> = [
    {
      title: t('plan.league.district'),
      key: 'district',
      render: (_, r) => (
        <Link to={planLink(`/plan/districts/${r.districtCode}`, year, period)} style={{ whiteSpace: 'nowrap' }}>
          {r.districtName}
        </Link>
      ),
    },
    {
      title: t('plan.fields.quota'),
      key: 'quota',
      align: 'right',
      render: (_, r) =>
        editing ? (
          <InputNumber<number>
            data-testid={`quota-input-${r.districtCode}`}
            aria-label={t('plan.quota.inputLabel', { district: r.districtName })}
            min={0}
            value={draft[r.districtCode] ?? null}
            status={draft[r.districtCode] === null || draft[r.districtCode] === undefined ? 'error' : undefined}
            onChange={(v) => setDraft({ ...draft, [r.districtCode]: v })}
            style={{ width: 140 }}
          />
        ) : (
          <span className="hm-num">{fmt.amount(r.quota, unit)}</span>
        ),
    },
    { title: t('plan.fields.actual'), dataIndex: 'actual', align: 'right', className: 'hm-num', render: (v: number | null) => fmt.amount(v, unit) },
    { title: t('plan.fields.completionShort'), dataIndex: 'completion', align: 'right', className: 'hm-num', render: (v: number | null) => fmt.pct(v) },
    { title: t('plan.fields.light'), dataIndex: 'light', render: (l: QuotaRow['light']) => <LightTag light={l} /> },
  ];

  const actions = access.admin && (
    <Space wrap>
      {editing ? (
        <>
          <Button onClick={() => setDraft(null)} disabled={saving} data-testid="quota-cancel">
            {t('common.cancel')}
          </Button>
          <Button type="primary" loading={saving} disabled={missing > 0} onClick={() => void save()} data-testid="quota-save">
            {t('plan.quota.save')}
          </Button>
        </>
      ) : (
        <Button icon={<EditOutlined />} onClick={startEdit} data-testid="quota-edit" disabled={d.rows.length === 0}>
          {t('plan.quota.edit')}
        </Button>
      )}
    </Space>
  );

  return (
    <div data-testid="plan-quota">
      <Link to={planLink('/plan/targets', year, period)} style={{ display: 'inline-block', marginBottom: 12 }}>
        <ArrowLeftOutlined /> {t('plan.quota.back')}
      </Link>
      <PageHeader
        title={
          <>
            <span className="hm-mono" style={{ marginInlineEnd: 8 }}>
              {d.target.code}
            </span>
            {bi(d.target.title)}
          </>
        }
        extra={actions}
      />
      <div style={{ marginBottom: 16 }}>
        <PlanPeriodBar ctx={ctx} allowClear />
      </div>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions
          className="hm-stack"
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'quote', label: t('plan.fields.quote'), span: 'filled', children: <span style={{ whiteSpace: 'normal' }}>「{d.target.quote}」</span> },
            { key: 'comparator', label: t('plan.fields.comparator'), children: <Tag color="geekblue">{t(`plan.comparator.${d.target.comparator}`)}</Tag> },
            { key: 'deadline', label: t('plan.fields.deadline'), children: <span className="hm-num">{d.target.deadline}</span> },
            { key: 'departments', label: t('plan.fields.departments'), children: <DepartmentList codes={d.target.departments} name={departments.name} /> },
          ]}
        />
      </Card>
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={8}>
          <StatCard title={t('plan.quota.cityTarget')} value={fmt.targetText(d.target, d.cityTarget)} testId="quota-city-target" />
        </Col>
        <Col xs={12} md={8}>
          <StatCard title={editing ? t('plan.quota.draftTotal') : t('plan.quota.total')} value={sums ? fmt.amount(draftTotal, unit) : t('plan.quota.notSummed')} testId="quota-total" />
        </Col>
        <Col xs={24} md={8}>
          <StatCard title={t('plan.quota.districts')} value={fmt.num.format(d.rows.length)} />
        </Col>
      </Row>
      <Alert
        data-testid="quota-consistency"
        data-consistent={d.consistent ? 'true' : 'false'}
        type={d.consistent ? 'success' : 'warning'}
        showIcon
        style={{ marginBottom: 16 }}
        title={d.consistent ? t('plan.quota.consistent') : t('plan.quota.inconsistent')}
        description={bi(d.message)}
      />
      {editing && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('plan.quota.editing')}
          description={
            <>
              {sums && d.cityTarget !== null && t('plan.quota.editingSum', { total: fmt.amount(draftTotal, unit), target: fmt.amount(d.cityTarget, unit) })}
              {missing > 0 && (
                <Typography.Text type="danger" style={{ display: 'block' }}>
                  {t('plan.quota.missing', { n: missing })}
                </Typography.Text>
              )}
            </>
          }
        />
      )}
      {saveError !== null && <ErrorAlert error={saveError} onReload={quota.reload} style={{ marginBottom: 16 }} />}
      <Card size="small">
        <Table<QuotaRow>
          data-testid="quota-table"
          rowKey="districtCode"
          size="small"
          columns={columns}
          dataSource={d.rows}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('plan.quota.empty') }}
        />
      </Card>
    </div>
  );
}

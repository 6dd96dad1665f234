// 资金发放: the payment batches the user may read, and preparing a new one (payment.prepare): one
// policy's ready entitlements, optionally one district, at most N lines.
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, InputNumber, Modal, Select, Space, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../../shared/api';
import { useAuth } from '../../shared/auth';
import { formatDateTime } from '../../shared/format';
import { useI18n } from '../../shared/i18n';
import { PagedTable } from '../../shared/PagedTable';
import { LoadError } from '../../shared/results';
import type { Paged } from '../../shared/types';
import { useApi } from '../../shared/useApi';
import { BatchStatusTag, ErrorAlert, useBenefitFormat, useDistricts, usePolicies } from './common';
import { BATCH_STATUSES, type BatchStatus, type EntitlementListItem, type PaymentBatch } from './types';

export default function PaymentsPage() {
  const { t, bi } = useI18n();
  const fmt = useBenefitFormat();
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const policies = usePolicies();
  const policyId = params.get('policyId') ?? undefined;
  const status = (params.get('status') as BatchStatus | null) ?? undefined;
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? 20) || 20;
  const batches = useApi<Paged<PaymentBatch>>('/api/payment-batches', { policyId, status, page, pageSize });
  const [creating, setCreating] = useState(false);

  const setParam = (next: Record<string, string | null | undefined>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v === null || v === undefined || v === '') p.delete(k);
      else p.set(k, v);
    }
    setParams(p);
  };

  const columns: ColumnsType<PaymentBatch> = [
    {
      title: t('benefits.payments.id'),
      dataIndex: 'id',
      className: 'hm-num',
      render: (id: number) => (
        <Link to={`/payments/${id}`} data-testid="batch-link">
          HM{id}
        </Link>
      ),
    },
    { title: t('benefits.payments.policy'), dataIndex: 'policyName', render: (n: PaymentBatch['policyName']) => <span style={{ display: 'inline-block', minWidth: 140, maxWidth: 240, whiteSpace: 'normal' }}>{bi(n)}</span> },
    { title: t('benefits.payments.status'), dataIndex: 'status', render: (s: BatchStatus) => <BatchStatusTag status={s} /> },
    { title: t('benefits.payments.lines'), dataIndex: 'lineCount', align: 'right', className: 'hm-num' },
    { title: t('benefits.payments.total'), dataIndex: 'totalFen', align: 'right', className: 'hm-num', render: (f: number) => fmt.yuan(f) },
    {
      title: `${t('benefits.payments.paid')} / ${t('benefits.payments.failed')}`,
      key: 'settled',
      align: 'right',
      className: 'hm-num',
      responsive: ['md'],
      render: (_: unknown, b) => (
        <>
          <Typography.Text type={b.paidCount ? 'success' : undefined}>{b.paidCount}</Typography.Text> / <Typography.Text type={b.failedCount ? 'danger' : undefined}>{b.failedCount}</Typography.Text>
        </>
      ),
    },
    { title: t('benefits.payments.preparedBy'), key: 'by', responsive: ['lg'], render: (_: unknown, b) => b.createdBy.name ?? `#${b.createdBy.id}` },
    { title: t('benefits.payments.approvedBy'), key: 'ap', responsive: ['lg'], render: (_: unknown, b) => (b.approvedBy ? (b.approvedBy.name ?? `#${b.approvedBy.id}`) : t('common.none')) },
    { title: t('benefits.payments.createdAt'), dataIndex: 'createdAt', className: 'hm-num', responsive: ['sm'], render: (v: string) => formatDateTime(v) },
    { title: t('benefits.payments.approvedAt'), dataIndex: 'approvedAt', className: 'hm-num', responsive: ['xxl'], render: (v: string | null) => formatDateTime(v) },
    { title: t('benefits.payments.exportedAt'), dataIndex: 'exportedAt', className: 'hm-num', responsive: ['xxl'], render: (v: string | null) => formatDateTime(v) },
  ];

  return (
    <div>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography.Title level={3} className="hm-page-title">
          {t('benefits.payments.title')}
        </Typography.Title>
        {can('payment.prepare') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="batch-create-open" style={{ marginBottom: 16 }}>
            {t('benefits.payments.create')}
          </Button>
        )}
      </div>
      <Alert type="info" showIcon title={t('benefits.payments.hint')} description={can('payment.prepare') ? undefined : t('benefits.payments.cannotPrepare')} style={{ marginBottom: 16 }} />
      <Card
        size="small"
        title={batches.data ? t('common.total', { total: batches.data.total }) : ' '}
        extra={
          <Space wrap size={8}>
            <Select
              size="small"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: 200, maxWidth: '60vw' }}
              placeholder={t('benefits.entitlements.allPolicies')}
              value={policyId}
              onChange={(v?: string) => setParam({ policyId: v, page: null })}
              options={policies.list.map((p) => ({ value: p.id, label: bi(p.name) }))}
              data-testid="batch-filter-policy"
            />
            <Select
              size="small"
              allowClear
              style={{ width: 140 }}
              placeholder={t('benefits.payments.allStatuses')}
              value={status}
              onChange={(v?: string) => setParam({ status: v, page: null })}
              options={BATCH_STATUSES.map((s) => ({ value: s, label: t(`benefits.batchStatus.${s}`) }))}
            />
            <Button size="small" icon={<ReloadOutlined />} onClick={batches.reload} aria-label={t('common.refresh')} />
          </Space>
        }
      >
        {batches.error ? (
          <LoadError error={batches.error} onRetry={batches.reload} />
        ) : (
          <PagedTable<PaymentBatch>
            testId="payment-batches"
            columns={columns}
            data={batches.data}
            loading={batches.loading}
            page={page}
            pageSize={pageSize}
            onPage={(p, ps) => setParam({ page: p > 1 && ps === pageSize ? String(p) : null, pageSize: ps !== 20 ? String(ps) : null })}
          />
        )}
      </Card>
      {can('payment.prepare') && <CreateBatchModal open={creating} onClose={() => setCreating(false)} initialPolicy={policyId} />}
    </div>
  );
}

type CreateValues = { policyId: string; districtCode?: string; maxLines?: number | null };

function CreateBatchModal({ open, onClose, initialPolicy }: { open: boolean; onClose: () => void; initialPolicy: string | undefined }) {
  const { t, bi } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const policies = usePolicies();
  const districts = useDistricts();
  const [form] = Form.useForm<CreateValues>();
  const policyId = Form.useWatch('policyId', form);
  const districtCode = Form.useWatch('districtCode', form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // Only the policy's own department (or a city administrator) may prepare its payments.
  const manageable = policies.list.filter((p) => user?.role === 'city_admin' || p.department.code === user?.departmentCode);
  // How many are waiting, so the officer knows what the batch will take.
  const ready = useApi<Paged<EntitlementListItem>>(open && policyId ? '/api/entitlements' : null, { policyId, districtCode, status: 'ready', pageSize: 1 });

  const submit = async (v: CreateValues) => {
    setBusy(true);
    setError(null);
    try {
      const res = await api.post<{ batch: PaymentBatch; skippedNoAccount: number }>('/api/payment-batches', {
        policyId: v.policyId,
        ...(v.districtCode ? { districtCode: v.districtCode } : {}),
        ...(v.maxLines ? { maxLines: v.maxLines } : {}),
      });
      void message.success(t('benefits.payments.created', { id: res.batch.id }));
      if (res.skippedNoAccount > 0) void message.warning(t('benefits.payments.skipped', { count: res.skippedNoAccount }));
      onClose();
      navigate(`/payments/${res.batch.id}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('benefits.payments.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('benefits.payments.create')}
      okButtonProps={{ loading: busy }}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('benefits.payments.createHelp')}</Typography.Paragraph>
      <Form<CreateValues> form={form} layout="vertical" onFinish={submit} initialValues={{ policyId: manageable.some((p) => p.id === initialPolicy) ? initialPolicy : undefined, maxLines: null }} data-testid="batch-create-form">
        <Form.Item name="policyId" label={t('benefits.payments.policy')} rules={[{ required: true, message: t('benefits.payments.policyRequired') }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={policies.loading}
            options={manageable.map((p) => ({ value: p.id, label: bi(p.name) }))}
            data-testid="batch-create-policy"
          />
        </Form.Item>
        <Form.Item name="districtCode" label={t('benefits.payments.district')}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('benefits.payments.allDistricts')} options={districts.list.map((d) => ({ value: d.code, label: d.name }))} />
        </Form.Item>
        <Form.Item name="maxLines" label={t('benefits.payments.maxLines')}>
          <InputNumber min={1} max={100000} precision={0} style={{ width: '100%' }} placeholder="100000" />
        </Form.Item>
        {policyId && ready.data && (
          <Alert
            type={ready.data.total > 0 ? 'info' : 'warning'}
            showIcon
            data-testid="batch-ready-count"
            title={districtCode ? t('benefits.payments.readyCountDistrict', { count: ready.data.total }) : t('benefits.payments.readyCount', { count: ready.data.total })}
            style={{ marginBottom: 12 }}
          />
        )}
      </Form>
      {error !== null && <ErrorAlert error={error} />}
    </Modal>
  );
}

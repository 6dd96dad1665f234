// 比对运行: fact snapshots (build one) and runs (start one, watch its progress).
import { CameraOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Form, Modal, Progress, Select, Space, Spin, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../shared/api';
import { useAuth } from '../../shared/auth';
import { formatDateTime } from '../../shared/format';
import { useI18n } from '../../shared/i18n';
import { LoadError } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { ErrorAlert, RunStatusTag, usePoll, useRulesFormat } from './common';
import { ENTITIES, type PolicyListItem, type Run, type Snapshot } from './types';

export default function RunsPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const fmt = useRulesFormat();
  const snapshots = useApi<Snapshot[]>('/api/snapshots');
  const runs = useApi<Run[]>('/api/runs');
  const [buildOpen, setBuildOpen] = useState(false);
  const [runOpen, setRunOpen] = useState(false);

  usePoll(!!runs.data?.some((r) => r.status === 'running'), async () => runs.setData(await api.get<Run[]>('/api/runs')));

  const snapshotColumns: ColumnsType<Snapshot> = [
    { title: '#', dataIndex: 'id', className: 'hm-num' },
    { title: t('rules.runs.asOf'), dataIndex: 'asOf', className: 'hm-num' },
    { title: t('rules.explain.status'), dataIndex: 'status', render: (s: Snapshot['status']) => <RunStatusTag status={s} /> },
    { title: t('rules.runs.contentHash'), dataIndex: 'contentHash', className: 'hm-mono', render: (h: string | null) => h ?? t('common.none') },
    {
      title: t('rules.runs.rowCounts'),
      dataIndex: 'rowCounts',
      render: (c: Snapshot['rowCounts']) =>
        c ? (
          <span className="hm-num">
            {ENTITIES.filter((e) => c[e] !== undefined)
              .map((e) => `${t(`rules.entities.${e}`)} ${fmt.num.format(c[e]!)}`)
              .join(' · ')}
          </span>
        ) : (
          t('common.none')
        ),
    },
    { title: t('rules.fields.createdAt'), dataIndex: 'createdAt', className: 'hm-num', render: (s: string) => formatDateTime(s) },
    { title: t('rules.runs.finishedAt'), dataIndex: 'finishedAt', className: 'hm-num', render: (s: string | null) => formatDateTime(s) },
  ];

  const runColumns: ColumnsType<Run> = [
    { title: '#', dataIndex: 'id', className: 'hm-num', render: (id: number) => <Link to={`/runs/${id}`}>#{id}</Link> },
    { title: t('rules.runs.snapshot'), dataIndex: 'snapshotId', className: 'hm-num', render: (id: number) => `#${id}` },
    { title: t('rules.runs.period'), dataIndex: 'periodMonth', className: 'hm-num' },
    { title: t('rules.explain.status'), dataIndex: 'status', render: (s: Run['status']) => <RunStatusTag status={s} /> },
    {
      title: t('rules.runs.progress'),
      key: 'progress',
      render: (_, r) => (
        <div style={{ width: 140 }}>
          <Progress
            size="small"
            percent={r.chunksTotal ? Math.floor((r.chunksDone * 100) / r.chunksTotal) : 0}
            status={r.status === 'failed' ? 'exception' : r.status === 'running' ? 'active' : 'success'}
            format={() => `${r.chunksDone}/${r.chunksTotal}`}
          />
        </div>
      ),
    },
    { title: t('rules.runs.created'), dataIndex: 'entitlementsCreated', align: 'right', className: 'hm-num', render: (n: number) => fmt.num.format(n) },
    { title: t('rules.runs.nearMiss'), dataIndex: 'nearMiss', align: 'right', className: 'hm-num', render: (n: number) => fmt.num.format(n) },
    { title: t('rules.runs.missingData'), dataIndex: 'missingData', align: 'right', className: 'hm-num', render: (n: number) => fmt.num.format(n) },
    { title: t('rules.runs.startedBy'), dataIndex: 'startedBy', render: (s: string | null) => s ?? t('rules.detail.system') },
    { title: t('rules.runs.startedAt'), dataIndex: 'startedAt', className: 'hm-num', render: (s: string) => formatDateTime(s) },
    { title: '', key: 'open', render: (_, r) => <Link to={`/runs/${r.id}`}>{t('rules.runs.open')}</Link> },
  ];

  if (runs.error && !runs.data) return <LoadError error={runs.error} onRetry={runs.reload} />;
  const ready = (snapshots.data ?? []).filter((s) => s.status === 'ready');

  return (
    <div>
      <Typography.Title level={3} className="hm-page-title">
        {t('rules.runs.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('rules.runs.hint')}</Typography.Paragraph>
      <Card
        size="small"
        title={t('rules.runs.runs')}
        style={{ marginBottom: 16 }}
        extra={
          can('run.execute') && (
            <Button type="primary" icon={<PlayCircleOutlined />} onClick={() => setRunOpen(true)} disabled={ready.length === 0} data-testid="run-start">
              {t('rules.runs.start')}
            </Button>
          )
        }
      >
        {can('run.execute') && !snapshots.loading && ready.length === 0 && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('rules.runs.needSnapshot')} />}
        <Table<Run>
          data-testid="runs-table"
          rowKey="id"
          size="small"
          loading={runs.loading && !runs.data}
          columns={runColumns}
          dataSource={runs.data ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('rules.runs.noRuns') }}
        />
      </Card>
      <Card
        size="small"
        title={t('rules.runs.snapshots')}
        extra={
          can('run.execute') && (
            <Button icon={<CameraOutlined />} onClick={() => setBuildOpen(true)} data-testid="snapshot-build">
              {t('rules.runs.buildSnapshot')}
            </Button>
          )
        }
      >
        {snapshots.error !== undefined && <ErrorAlert error={snapshots.error} style={{ marginBottom: 12 }} />}
        <Table<Snapshot>
          data-testid="snapshots-table"
          rowKey="id"
          size="small"
          loading={snapshots.loading && !snapshots.data}
          columns={snapshotColumns}
          dataSource={snapshots.data ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('rules.runs.noSnapshots') }}
        />
      </Card>
      {can('run.execute') && (
        <>
          <BuildSnapshotModal
            open={buildOpen}
            onClose={() => setBuildOpen(false)}
            onBuilt={() => {
              setBuildOpen(false);
              snapshots.reload();
            }}
          />
          <StartRunModal open={runOpen} onClose={() => setRunOpen(false)} snapshots={ready} />
        </>
      )}
    </div>
  );
}

function BuildSnapshotModal({ open, onClose, onBuilt }: { open: boolean; onClose: () => void; onBuilt: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ asOf?: Dayjs | null }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const s = await api.post<{ id: number }>('/api/snapshots', v.asOf ? { asOf: v.asOf.format('YYYY-MM-DD') } : {});
      void message.success(t('rules.runs.built', { id: s.id }));
      form.resetFields();
      onBuilt();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('rules.runs.buildTitle')}
      onCancel={busy ? undefined : onClose}
      closable={!busy}
      maskClosable={!busy}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('rules.runs.buildSnapshot')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      cancelButtonProps={{ disabled: busy }}
      okButtonProps={{ 'data-testid': 'snapshot-build-confirm' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item name="asOf" label={t('rules.runs.asOf')} extra={t('rules.runs.asOfHelp')}>
          <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" disabled={busy} />
        </Form.Item>
      </Form>
      {busy && (
        <Space>
          <Spin size="small" />
          <Typography.Text type="secondary">{t('rules.runs.building')}</Typography.Text>
        </Space>
      )}
      {error !== null && <ErrorAlert error={error} style={{ marginTop: 12 }} />}
    </Modal>
  );
}

function StartRunModal({ open, onClose, snapshots }: { open: boolean; onClose: () => void; snapshots: Snapshot[] }) {
  const { t, bi } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const policies = useApi<PolicyListItem[]>(open ? '/api/policies' : null);
  const [form] = Form.useForm<{ snapshotId?: number; period?: Dayjs | null; policyIds?: string[] }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const deptOfficer = user?.role === 'department_officer';
  // Department officers run only their own department's policies (the server refuses others).
  const choosable = (policies.data ?? []).filter((p) => p.activeVersion && (!deptOfficer || p.department.code === user?.departmentCode));

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<{ id: number }>('/api/runs', {
        ...(v.snapshotId ? { snapshotId: v.snapshotId } : {}),
        ...(v.period ? { periodMonth: v.period.format('YYYY-MM') } : {}),
        ...(v.policyIds?.length ? { policyIds: v.policyIds } : {}),
      });
      void message.success(t('rules.runs.started', { id: r.id }));
      onClose();
      navigate(`/runs/${r.id}`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('rules.runs.startTitle')}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('rules.runs.start')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'run-start-confirm' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ snapshotId: snapshots[0]?.id }} preserve={false}>
        <Form.Item name="snapshotId" label={t('rules.runs.snapshot')} rules={[{ required: true, message: t('rules.editor.required') }]}>
          <Select data-testid="run-snapshot" options={snapshots.map((s) => ({ value: s.id, label: t('rules.runs.snapshotOption', { id: s.id, asOf: s.asOf }) }))} />
        </Form.Item>
        <Form.Item name="period" label={t('rules.runs.period')} extra={t('rules.runs.periodHelp')}>
          <DatePicker picker="month" format="YYYY-MM" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="policyIds" label={t('rules.runs.policies')} extra={deptOfficer ? t('rules.runs.policiesOwnHelp') : t('rules.runs.policiesHelp')}>
          <Select
            data-testid="run-policies"
            mode="multiple"
            allowClear
            loading={policies.loading}
            showSearch={{ optionFilterProp: 'label' }}
            options={choosable.map((p) => ({ value: p.id, label: bi(p.name) }))}
          />
        </Form.Item>
      </Form>
      {error !== null && <ErrorAlert error={error} />}
    </Modal>
  );
}

// 督导: the supervision inbox. A target that turns red (or stays yellow) opens a task for the unit
// responsible; the unit responds, an approver closes it, and a task past its due date is escalated.
import { CheckOutlined, MessageOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { api } from '../../shared/api';
import { formatDateTime } from '../../shared/format';
import { useI18n } from '../../shared/i18n';
import { LoadError } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { ErrorAlert, LightTag, PageHeader, PlanPeriodBar, usePeriodLabel, usePlanContext, usePlanFormat } from './common';
import type { SupervisionTask } from './types';

type Status = SupervisionTask['status'];
const STATUSES: readonly Status[] = ['open', 'responded', 'closed'];
const STATUS_COLOR: Record<Status, string> = { open: 'processing', responded: 'warning', closed: 'success' };
const EVENT_COLOR: Record<SupervisionTask['events'][number]['action'], string> = { opened: 'blue', responded: 'orange', closed: 'green', escalated: 'red' };
type Action = { kind: 'respond' | 'close'; task: SupervisionTask };

export default function PlanSupervisionPage() {
  const { t, bi } = useI18n();
  const { message } = App.useApp();
  const fmt = usePlanFormat();
  const periods = usePeriodLabel();
  const ctx = usePlanContext();
  const { year, params } = ctx;
  const statusParam = params.get('status');
  const status = statusParam && (STATUSES as readonly string[]).includes(statusParam) ? (statusParam as Status) : undefined;
  const tasks = useApi<SupervisionTask[]>(year ? '/api/supervision' : null, { year, status });
  const [action, setAction] = useState<Action | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<{ text: string }>();

  if (ctx.plans.error && !ctx.plans.data) return <LoadError error={ctx.plans.error} onRetry={ctx.plans.reload} />;

  const confirm = async () => {
    if (!action) return;
    const v = await form.validateFields();
    const text = v.text.trim();
    setBusy(true);
    setError(null);
    try {
      const path = `/api/supervision/${action.task.id}/${action.kind}`;
      await api.post<unknown>(path, action.kind === 'respond' ? { response: text } : { note: text });
      void message.success(action.kind === 'respond' ? t('plan.supervision.responded') : t('plan.supervision.closed'));
      tasks.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      setAction(null);
    }
  };

  const columns: ColumnsType<SupervisionTask> = [
    { title: t('plan.fields.light'), dataIndex: 'light', render: (l: SupervisionTask['light']) => <LightTag light={l} /> },
    {
      title: t('plan.fields.target'),
      key: 'target',
      render: (_, x) => (
        <div style={{ minWidth: 180, maxWidth: 300, whiteSpace: 'normal' }}>
          <span className="hm-mono" style={{ marginInlineEnd: 6 }}>
            {x.targetCode}
          </span>
          {bi(x.targetTitle)}
          <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.5)' }}>
            {x.orgName} · {bi(x.departmentName)} · {periods.long(x.period)}
          </div>
        </div>
      ),
    },
    {
      title: t('plan.supervision.reason'),
      key: 'reason',
      render: (_, x) => (
        <div style={{ minWidth: 200, maxWidth: 340, whiteSpace: 'normal' }}>
          {bi(x.reason)}
          {x.gapPoints !== null && (
            <div className="hm-num" style={{ fontSize: 12, color: 'rgba(0,0,0,0.5)' }}>
              {fmt.gap(x.gapPoints)}
            </div>
          )}
        </div>
      ),
    },
    {
      title: t('plan.fields.status'),
      key: 'status',
      render: (_, x) => (
        <Space size={[4, 4]} wrap style={{ maxWidth: 160 }}>
          <Tag color={STATUS_COLOR[x.status]} data-testid={`task-status-${x.status}`}>
            {t(`plan.supervisionStatus.${x.status}`)}
          </Tag>
          {x.overdue && (
            <Tag color="red" data-testid="task-overdue">
              {t('plan.supervision.overdue')}
            </Tag>
          )}
          {x.escalated && (
            <Tag color="volcano" data-testid="task-escalated">
              {t('plan.supervision.escalated')}
            </Tag>
          )}
        </Space>
      ),
    },
    { title: t('plan.submissions.dueOn'), dataIndex: 'dueOn', className: 'hm-num' },
    {
      title: t('plan.supervision.response'),
      key: 'response',
      render: (_, x) => (
        <div style={{ minWidth: 160, maxWidth: 280, whiteSpace: 'normal', fontSize: 13 }}>
          {x.response ? x.response : <Typography.Text type="secondary">{t('plan.supervision.noResponse')}</Typography.Text>}
          {x.closureNote && (
            <div style={{ marginTop: 4 }}>
              <Typography.Text type="secondary">{t('plan.supervision.closureNote')}</Typography.Text>
              {x.closureNote}
            </div>
          )}
        </div>
      ),
    },
    {
      title: t('plan.fields.actions'),
      key: 'actions',
      render: (_, x) => (
        <Space size={4} wrap>
          {x.canRespond && (
            <Button size="small" icon={<MessageOutlined />} onClick={() => setAction({ kind: 'respond', task: x })} data-testid={`task-respond-${x.id}`}>
              {t('plan.supervision.respond')}
            </Button>
          )}
          {x.canClose && (
            <Button size="small" type="primary" ghost icon={<CheckOutlined />} onClick={() => setAction({ kind: 'close', task: x })} data-testid={`task-close-${x.id}`}>
              {t('plan.supervision.close')}
            </Button>
          )}
          {!x.canRespond && !x.canClose && t('common.none')}
        </Space>
      ),
    },
  ];

  const items = tasks.data ?? [];
  const open = items.filter((x) => x.status !== 'closed').length;
  const overdue = items.filter((x) => x.overdue).length;
  return (
    <div data-testid="plan-supervision">
      <PageHeader title={t('plan.supervision.title')} hint={t('plan.supervision.hint')} />
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <PlanPeriodBar ctx={ctx} month={false} />
          <Select
            data-testid="supervision-filter-status"
            style={{ minWidth: 130 }}
            allowClear
            placeholder={t('plan.supervision.allStatuses')}
            value={status}
            onChange={(v?: string) => ctx.set({ status: v })}
            options={STATUSES.map((s) => ({ value: s, label: t(`plan.supervisionStatus.${s}`) }))}
          />
          {tasks.data && (
            <Typography.Text type="secondary" data-testid="supervision-count">
              {t('plan.supervision.counts', { total: items.length, open, overdue })}
            </Typography.Text>
          )}
        </Space>
        {error !== null && <ErrorAlert error={error} onReload={tasks.reload} style={{ marginBottom: 12 }} />}
        {tasks.error && !tasks.data ? (
          <LoadError error={tasks.error} onRetry={tasks.reload} />
        ) : (
          <Table<SupervisionTask>
            data-testid="supervision-table"
            rowKey="id"
            size="small"
            loading={tasks.loading}
            columns={columns}
            dataSource={items}
            pagination={{ defaultPageSize: 50, showSizeChanger: true, showTotal: (total) => t('common.total', { total }) }}
            scroll={{ x: 'max-content' }}
            expandable={{
              rowExpandable: (x) => x.events.length > 0,
              expandedRowRender: (x) => (
                <Timeline
                  style={{ marginTop: 8, maxWidth: 640 }}
                  items={x.events.map((e, i) => ({
                    key: i,
                    color: EVENT_COLOR[e.action],
                    content: (
                      <div>
                        <strong>{t(`plan.supervisionEvent.${e.action}`)}</strong>
                        <Typography.Text type="secondary"> · {e.actor ?? t('plan.detail.system')} · </Typography.Text>
                        <span className="hm-num" style={{ fontSize: 12 }}>
                          {formatDateTime(e.at)}
                        </span>
                        {e.note && <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div>}
                      </div>
                    ),
                  }))}
                />
              ),
            }}
            locale={{ emptyText: status ? t('plan.supervision.emptyFiltered') : t('plan.supervision.empty') }}
          />
        )}
      </Card>
      <Modal
        open={action !== null}
        title={action?.kind === 'close' ? t('plan.supervision.closeTitle') : t('plan.supervision.respondTitle')}
        onCancel={() => setAction(null)}
        onOk={() => void confirm().catch(() => undefined)}
        okText={action?.kind === 'close' ? t('plan.supervision.close') : t('plan.supervision.respond')}
        okButtonProps={{ 'data-testid': 'task-confirm' }}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        destroyOnHidden
      >
        {action && (
          <Typography.Paragraph>
            <span className="hm-mono" style={{ marginInlineEnd: 6 }}>
              {action.task.targetCode}
            </span>
            {bi(action.task.targetTitle)} · {action.task.orgName}
            <br />
            <Typography.Text type="secondary">{bi(action.task.reason)}</Typography.Text>
          </Typography.Paragraph>
        )}
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="text"
            label={action?.kind === 'close' ? t('plan.supervision.closeNoteLabel') : t('plan.supervision.responseLabel')}
            rules={[
              { required: true, whitespace: true, message: t('plan.supervision.textRequired') },
              ...(action?.kind === 'respond' ? [{ min: 4, message: t('plan.supervision.responseMin') }] : []),
            ]}
          >
            <Input.TextArea data-testid="task-text" rows={4} maxLength={2000} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}

// One bundle: what was applied for and for whom (masked), each step with its department, state, note
// and result, and the history; the steps the reader acts for can be completed (pension_start with the
// monthly pension set, in yuan) or rejected with a reason. A rejected step rejects the bundle; the
// bundle completes when every step is done.
import { ArrowLeftOutlined, CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Form, Input, Modal, Row, Skeleton, Space, Steps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import { LoadError, NotFoundResult } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { CodeTag, ErrorAlert, History, isConflict, PageHeader, placeFieldErrors, useCode, useInsFormat, useInsuranceAccess, useYuanRule, YuanInput, yuanToFen } from './common';
import type { BundleDetail, BundleTask, TaskStatus } from './types';

const STEP_STATUS: Record<TaskStatus, 'wait' | 'process' | 'finish' | 'error'> = { waiting: 'wait', pending: 'process', done: 'finish', rejected: 'error' };

type Dialog = { task: BundleTask; outcome: 'done' | 'rejected' };

export default function BundleDetailPage() {
  const { t, bi } = useI18n();
  const code = useCode();
  const fmt = useInsFormat();
  const { message } = App.useApp();
  const { id } = useParams();
  const valid = !!id && /^\d+$/.test(id);
  const res = useApi<BundleDetail>(valid ? `/api/insurance/bundles/${id}` : null);
  const b = res.data && String(res.data.id) === id ? res.data : undefined;
  const access = useInsuranceAccess();
  const [dialog, setDialog] = useState<Dialog | null>(null);

  if (!valid) return <NotFoundResult message={t('insurance.bundles.notFound')} />;
  if (res.error && !b) return <LoadError error={res.error} onRetry={res.reload} notFoundMessage={t('insurance.bundles.notFound')} />;
  if (!b) return <Skeleton active paragraph={{ rows: 10 }} />;
  const canAct = new Set(access.canHandle ? (b.canAct ?? []) : []);
  const taskLabel = (c: string | null) => (c ? bi(b.tasks.find((x) => x.code === c)?.label, c) : '');
  const details = b.details ?? {};

  return (
    <div data-testid="bundle-detail" data-status={b.status}>
      <PageHeader
        title={
          <Space wrap size={8}>
            {code('bundleKind', b.kind) || bi(b.label)}
            <span className="hm-mono" style={{ fontSize: 16, fontWeight: 400 }}>
              {b.trackingCode}
            </span>
            <CodeTag group="bundleStatus" code={b.status} testId="bundle-status" />
          </Space>
        }
        hint={t('insurance.bundles.detailHint')}
        extra={
          <Link to="/insurance/bundles">
            <Button icon={<ArrowLeftOutlined />}>{t('insurance.common.back')}</Button>
          </Link>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <Card size="small" title={t('insurance.bundles.details')} style={{ marginBottom: 16 }}>
            <Descriptions
              className="hm-stack"
              size="small"
              bordered
              column={1}
              items={[
                { key: 'kind', label: t('insurance.bundles.kind'), children: bi(b.label) },
                { key: 'subject', label: t('insurance.bundles.subject'), children: b.subject.name },
                ...(b.enterprise ? [{ key: 'ent', label: t('insurance.bundles.enterprise'), children: b.enterprise.name ?? `#${b.enterprise.id}` }] : []),
                ...(typeof details.reachesOn === 'string' ? [{ key: 'reaches', label: t('insurance.bundles.reachesOn'), children: <span className="hm-num">{details.reachesOn}</span> }] : []),
                ...(typeof details.startDate === 'string' ? [{ key: 'start', label: t('insurance.bundles.startDate'), children: <span className="hm-num">{details.startDate}</span> }] : []),
                { key: 'created', label: t('insurance.bundles.createdAt'), children: <span className="hm-num">{fmt.dateTime(b.createdAt)}</span> },
                { key: 'completed', label: t('insurance.bundles.completedAt'), children: <span className="hm-num">{b.completedAt ? fmt.dateTime(b.completedAt) : t('insurance.common.none')}</span> },
              ]}
            />
          </Card>
          <Card size="small" title={t('insurance.bundles.events')} style={{ marginBottom: 16 }}>
            <History
              testId="bundle-events"
              items={b.events.map((e, i) => ({
                key: i,
                title: `${code('bundleAction', e.action)}${e.task_code ? ` · ${taskLabel(e.task_code)}` : ''}`,
                at: e.at,
                by: null,
                note: e.note,
                color: e.action === 'rejected' ? 'red' : e.action === 'completed' ? 'green' : undefined,
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          <Card size="small" title={t('insurance.bundles.tasks')} style={{ marginBottom: 16 }} data-testid="bundle-tasks">
            <Steps
              orientation="vertical"
              size="small"
              items={b.tasks.map((x) => ({
                key: x.code,
                status: STEP_STATUS[x.status],
                title: (
                  <Space wrap size={6}>
                    <span>{bi(x.label)}</span>
                    <Tag style={{ marginInlineEnd: 0 }}>{code('department', x.department)}</Tag>
                    <CodeTag group="taskStatus" code={x.status} />
                    {x.auto && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('insurance.bundles.auto')}</Typography.Text>}
                  </Space>
                ),
                content: (
                  <div data-testid={`bundle-task-${x.code}`} data-status={x.status}>
                    {x.doneAt && (
                      <div className="hm-num" style={{ fontSize: 12 }}>
                        {t('insurance.bundles.doneAt')} {fmt.dateTime(x.doneAt)}
                      </div>
                    )}
                    {x.note && <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{x.note}</div>}
                    <TaskResult result={x.result} />
                    {canAct.has(x.code) && (
                      <Space wrap style={{ marginTop: 6 }}>
                        <Button size="small" type="primary" icon={<CheckOutlined />} onClick={() => setDialog({ task: x, outcome: 'done' })} data-testid={`task-complete-${x.code}`}>
                          {t('insurance.bundles.complete')}
                        </Button>
                        <Button size="small" danger icon={<CloseOutlined />} onClick={() => setDialog({ task: x, outcome: 'rejected' })} data-testid={`task-reject-${x.code}`}>
                          {t('insurance.bundles.reject')}
                        </Button>
                      </Space>
                    )}
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
      {dialog && (
        <TaskDialog
          bundle={b}
          dialog={dialog}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            void message.success(t('insurance.bundles.acted'));
            res.reload();
          }}
          reload={() => {
            setDialog(null);
            res.reload();
          }}
        />
      )}
    </div>
  );
}

/** What completing a step wrote (the enrolment, the pension set…), as a short list. */
function TaskResult({ result }: { result: unknown }) {
  const { t } = useI18n();
  const fmt = useInsFormat();
  const code = useCode();
  if (!result || typeof result !== 'object') return null;
  const r = result as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof r.scheme === 'string') parts.push(code('scheme', r.scheme));
  if (typeof r.enrolledOn === 'string') parts.push(r.enrolledOn);
  if (typeof r.monthlyAmountFen === 'number') parts.push(fmt.yuan(r.monthlyAmountFen));
  if (typeof r.startMonth === 'string') parts.push(fmt.month(r.startMonth));
  if (r.longTermCare === true) parts.push(code('scheme', 'ltc'));
  if (parts.length === 0) return null;
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {t('insurance.bundles.result')}
      {t('insurance.common.colon')}
      {parts.join(' · ')}
    </Typography.Text>
  );
}

type Values = { note?: string; monthlyYuan?: string };

function TaskDialog({ bundle, dialog, onClose, onDone, reload }: { bundle: BundleDetail; dialog: Dialog; onClose: () => void; onDone: () => void; reload: () => void }) {
  const { t, lang, bi } = useI18n();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [unplaced, setUnplaced] = useState<ReturnType<typeof placeFieldErrors>>([]);
  const pension = dialog.task.code === 'pension_start' && dialog.outcome === 'done';
  const reject = dialog.outcome === 'rejected';
  const yuanRule = useYuanRule(pension, t('insurance.bundles.monthlyRequired'));

  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const monthlyAmountFen = pension ? yuanToFen(v.monthlyYuan) : null;
      await api.post(`/api/insurance/bundles/${bundle.id}/tasks/${dialog.task.code}`, {
        outcome: dialog.outcome,
        note: v.note?.trim() || undefined,
        ...(monthlyAmountFen !== null ? { monthlyAmountFen } : {}),
        version: bundle.version,
      });
      onDone();
    } catch (e) {
      setError(e);
      setUnplaced(placeFieldErrors(form, e, lang, ['note', 'monthlyYuan'], { monthlyAmountFen: 'monthlyYuan' }));
    } finally {
      setBusy(false);
    }
  };

  const task = bi(dialog.task.label);
  return (
    <Modal
      open
      title={reject ? t('insurance.bundles.rejectTitle', { task }) : t('insurance.bundles.completeTitle', { task })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('insurance.common.submit')}
      cancelText={t('insurance.common.cancel')}
      okButtonProps={{ danger: reject, 'data-testid': 'task-dialog-submit' } as never}
      confirmLoading={busy}
      destroyOnHidden
      width={520}
    >
      {error !== null && <ErrorAlert error={error} details={unplaced} style={{ marginBottom: 12 }} onReload={isConflict(error) ? reload : undefined} />}
      <Form form={form} layout="vertical">
        {pension && (
          <Form.Item name="monthlyYuan" label={t('insurance.bundles.monthlyYuan')} required rules={[yuanRule]}>
            <YuanInput testId="task-monthly" max="100000" />
          </Form.Item>
        )}
        <Form.Item
          name="note"
          label={reject ? t('insurance.bundles.rejectNote') : t('insurance.common.note')}
          rules={reject ? [{ required: true, whitespace: true, message: t('insurance.bundles.rejectNoteRequired') }] : []}
        >
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="task-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

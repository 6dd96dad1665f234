// One bundle: what was applied for and for whom (masked), each step with its department, state, note
// and result, and the history; the steps the reader acts for can be completed (pension_start with the
// monthly pension set, in yuan) or rejected with a reason. A rejected step rejects the bundle; the
// bundle completes when every step is done.
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Form, Input, Modal, Row, Space, Steps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { api } from '../../shared/api';
import { DetailHeader, FieldsCard, RecordFallback, useRecord } from '../../shared/detail';
import { useI18n } from '../../shared/i18n';
import { CodeTag, History, SubmitError, TASK_STEP_STATUS, useCode, useInsFormat, useInsuranceAccess, useSubmit, useYuanRule, YuanInput, yuanToFen } from './common';
import type { BundleDetail, BundleTask } from './types';

type Dialog = { task: BundleTask; outcome: 'done' | 'rejected' };

export default function BundleDetailPage() {
  const { t, bi } = useI18n();
  const code = useCode();
  const fmt = useInsFormat();
  const { message } = App.useApp();
  const { id } = useParams();
  const rec = useRecord<BundleDetail>(id, (x) => `/api/insurance/bundles/${x}`, (d) => d.id);
  const access = useInsuranceAccess();
  const [dialog, setDialog] = useState<Dialog | null>(null);

  const b = rec.data;
  if (!b) return <RecordFallback record={rec} notFound={t('insurance.bundles.notFound')} />;
  const canAct = new Set(access.canHandle ? (b.canAct ?? []) : []);
  const taskLabel = (c: string | null) => (c ? bi(b.tasks.find((x) => x.code === c)?.label, c) : '');
  const details = b.details ?? {};

  return (
    <div data-testid="bundle-detail" data-status={b.status}>
      <DetailHeader
        title={
          <>
            {code('bundleKind', b.kind) || bi(b.label)}
            <span className="hm-mono" style={{ fontSize: 16, fontWeight: 400 }}>
              {b.trackingCode}
            </span>
            <CodeTag group="bundleStatus" code={b.status} testId="bundle-status" />
          </>
        }
        hint={t('insurance.bundles.detailHint')}
        back={{ to: '/insurance/bundles', label: t('insurance.common.back') }}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <FieldsCard
            title={t('insurance.bundles.details')}
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
                status: TASK_STEP_STATUS[x.status],
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
            rec.reload();
          }}
          reload={() => {
            setDialog(null);
            rec.reload();
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
  const { t, bi } = useI18n();
  const [form] = Form.useForm<Values>();
  const sub = useSubmit(form, ['note', 'monthlyYuan'], { monthlyAmountFen: 'monthlyYuan' });
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
    await sub.run(async () => {
      const monthlyAmountFen = pension ? yuanToFen(v.monthlyYuan) : null;
      await api.post(`/api/insurance/bundles/${bundle.id}/tasks/${dialog.task.code}`, {
        outcome: dialog.outcome,
        note: v.note?.trim() || undefined,
        ...(monthlyAmountFen !== null ? { monthlyAmountFen } : {}),
        version: bundle.version,
      });
      onDone();
    });
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
      confirmLoading={sub.busy}
      destroyOnHidden
      width={520}
    >
      <SubmitError submit={sub} onReload={reload} closable={false} />
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

// One person's assistance plan (一人一策): who they are (masked), why they are in difficulty, and the
// services planned and given — guidance, job referrals, training, public-welfare posts — with their
// outcomes; staff add a service, record how it went, and close the plan (as employed only when the
// data shows the person in work).
import { CheckCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, Modal, Row, Select, Space, Tag, Timeline, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../shared/api';
import { DetailHeader, FieldsCard, RecordFallback, useRecord } from '../../shared/detail';
import { useI18n } from '../../shared/i18n';
import { CodeTag, dayText, ErrorAlert, isConflict, placeFieldErrors, todayText, useEmploymentAccess } from './common';
import { JobPicker } from './JobPicker';
import { CLOSE_REASONS, SERVICE_KINDS, SERVICE_OUTCOMES, type AssistanceResponse, type CloseReason, type ServiceKind, type ServiceOutcome } from './types';

type Service = AssistanceResponse['services'][number];
type Dialog = { kind: 'add' } | { kind: 'outcome'; service: Service } | { kind: 'close' };

const OUTCOME_COLOR: Record<ServiceOutcome, string> = { done: 'blue', hired: 'green', declined: 'orange', no_show: 'red' };

export default function AssistanceDetailPage() {
  const { t, dyn } = useI18n();
  const { message } = App.useApp();
  const { id } = useParams();
  const res = useRecord<AssistanceResponse>(id, (x) => `/api/employment/assistance/${x}`, (r) => r.plan.id);
  const access = useEmploymentAccess();
  const [dialog, setDialog] = useState<Dialog | null>(null);

  const d = res.data;
  if (!d) return <RecordFallback record={res} notFound={t('employment.assistance.notFound')} />;
  const { plan, person, services } = d;
  const open = plan.status === 'open';
  const canAct = access.canHandle && open;

  return (
    <div data-testid="assistance-detail">
      <DetailHeader
        title={
          <>
            {person.name}
            <CodeTag group="planStatus" code={plan.status} testId="plan-status" />
          </>
        }
        hint={t('employment.assistance.detailHint')}
        back={{ to: '/employment/assistance', label: t('employment.assistance.back') }}
        actions={
          canAct && (
            <>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'add' })} data-testid="service-add">
                {t('employment.assistance.addService')}
              </Button>
              <Button icon={<CheckCircleOutlined />} onClick={() => setDialog({ kind: 'close' })} data-testid="plan-close">
                {t('employment.assistance.closePlan')}
              </Button>
            </>
          )
        }
        audited={t('employment.common.audited')}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <FieldsCard
            title={t('employment.assistance.person')}
            items={[
              { key: 'name', label: t('employment.common.name'), children: person.name },
              { key: 'id', label: t('employment.common.idNumber'), children: <span className="hm-mono">{person.idNumber}</span> },
              { key: 'age', label: t('employment.common.age'), children: `${t('employment.common.ageN', { n: person.age })} · ${t(`person.sexes.${person.sex}`)}` },
              { key: 'edu', label: t('person.education'), children: dyn(`person.educations.${person.education}`, person.education) },
              { key: 'phone', label: t('employment.common.phone'), children: <span className="hm-mono">{person.phone ?? t('common.none')}</span> },
            ]}
          />
          <FieldsCard
            title={t('employment.assistance.plan')}
            items={[
              { key: 'reasons', label: t('employment.assistance.reasons'), children: plan.reasons.map((r) => <Tag key={r}>{t(`employment.reason.${r}`)}</Tag>) },
              { key: 'identified', label: t('employment.assistance.identifiedOn'), children: <span className="hm-num">{plan.identifiedOn}</span> },
              { key: 'assigned', label: t('employment.common.assignedTo'), children: plan.assignedTo?.name ?? t('employment.common.unassigned') },
              ...(plan.closedOn
                ? [{ key: 'closed', label: t('employment.assistance.closedOn'), children: `${plan.closedOn}${plan.closedReason ? ` · ${t(`employment.closeReason.${plan.closedReason}`)}` : ''}` }]
                : []),
            ]}
          />
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('employment.assistance.services')} data-testid="assistance-services">
            {services.length === 0 ? (
              <Typography.Text type={open ? 'warning' : 'secondary'}>{t('employment.assistance.noServices')}</Typography.Text>
            ) : (
              <Timeline
                items={services.map((s) => ({
                  key: s.id,
                  color: s.outcome ? (s.outcome === 'hired' ? 'green' : s.outcome === 'done' ? 'blue' : 'red') : 'gray',
                  content: (
                    <div data-testid="service-item">
                      <Space size={6} wrap>
                        <strong>{t(`employment.serviceKind.${s.kind}`)}</strong>
                        <span className="hm-num">{t('employment.assistance.plannedOn', { date: s.plannedOn })}</span>
                        {s.outcome ? (
                          <Tag color={OUTCOME_COLOR[s.outcome]}>
                            {t(`employment.serviceOutcome.${s.outcome}`)} · {s.doneOn}
                          </Tag>
                        ) : (
                          <Tag>{t('employment.assistance.pending')}</Tag>
                        )}
                      </Space>
                      {s.jobId && (
                        <div>
                          {t('employment.assistance.job')}
                          {t('employment.common.colon')}
                          <Link to={`/employment/jobs/${s.jobId}`}>{s.jobTitle ?? `#${s.jobId}`}</Link>
                        </div>
                      )}
                      {s.note && <div style={{ whiteSpace: 'pre-wrap' }}>{s.note}</div>}
                      {canAct && !s.outcome && (
                        <Button size="small" style={{ marginTop: 4 }} onClick={() => setDialog({ kind: 'outcome', service: s })} data-testid="service-outcome">
                          {t('employment.assistance.recordOutcome')}
                        </Button>
                      )}
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>
      </Row>
      {dialog && (
        <PlanDialog
          planId={plan.id}
          dialog={dialog}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            void message.success(t('employment.common.saved'));
            res.reload();
          }}
          reload={res.reload}
        />
      )}
    </div>
  );
}

type Values = { kind?: ServiceKind; plannedOn?: Dayjs; note?: string; jobId?: number; doneOn?: Dayjs; outcome?: ServiceOutcome; reason?: CloseReason };

function PlanDialog({ planId, dialog, onClose, onDone, reload }: { planId: number; dialog: Dialog; onClose: () => void; onDone: () => void; reload: () => void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form);
  const reason = Form.useWatch('reason', form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [unplaced, setUnplaced] = useState<ReturnType<typeof placeFieldErrors>>([]);
  const today = dayjs(todayText());

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
      if (dialog.kind === 'add') await api.post(`/api/employment/assistance/${planId}/services`, { kind: v.kind, plannedOn: dayText(v.plannedOn), note: v.note?.trim() || undefined, jobId: v.kind === 'referral' ? v.jobId : undefined });
      else if (dialog.kind === 'outcome') await api.post(`/api/employment/assistance/${planId}/services/${dialog.service.id}/outcome`, { doneOn: dayText(v.doneOn), outcome: v.outcome, note: v.note?.trim() || undefined });
      else await api.post(`/api/employment/assistance/${planId}/close`, { reason: v.reason, note: v.note?.trim() });
      onDone();
    } catch (e) {
      setError(e);
      setUnplaced(placeFieldErrors(form, e, lang, ['kind', 'plannedOn', 'note', 'jobId', 'doneOn', 'outcome', 'reason']));
    } finally {
      setBusy(false);
    }
  };

  const title = dialog.kind === 'add' ? t('employment.assistance.addService') : dialog.kind === 'outcome' ? t('employment.assistance.recordOutcome') : t('employment.assistance.closePlan');
  return (
    <Modal open title={title} onCancel={onClose} onOk={() => void submit()} okText={t('common.submit')} cancelText={t('common.cancel')} confirmLoading={busy} destroyOnHidden width={560} okButtonProps={{ 'data-testid': 'plan-dialog-submit' } as never}>
      {error !== null && (
        <ErrorAlert
          error={error}
          details={unplaced}
          style={{ marginBottom: 12 }}
          onReload={
            isConflict(error) && dialog.kind !== 'close'
              ? () => {
                  onClose();
                  reload();
                }
              : undefined
          }
        />
      )}
      <Form form={form} layout="vertical" initialValues={{ plannedOn: today, doneOn: today }}>
        {dialog.kind === 'add' && (
          <>
            <Form.Item name="kind" label={t('employment.assistance.serviceKind')} rules={[{ required: true, message: t('employment.jobForm.required') }]}>
              <Select data-testid="service-kind" options={SERVICE_KINDS.map((k) => ({ value: k, label: t(`employment.serviceKind.${k}`) }))} />
            </Form.Item>
            {kind === 'referral' && (
              <Form.Item name="jobId" label={t('employment.assistance.job')} extra={t('employment.assistance.referralHint')} rules={[{ required: true, message: t('employment.assistance.jobRequired') }]}>
                <JobPicker />
              </Form.Item>
            )}
            <Form.Item name="plannedOn" label={t('employment.assistance.plannedOnLabel')} rules={[{ required: true, message: t('employment.jobForm.required') }]}>
              <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="note" label={t('employment.common.note')}>
              <Input.TextArea rows={3} maxLength={1000} showCount />
            </Form.Item>
          </>
        )}
        {dialog.kind === 'outcome' && (
          <>
            <Typography.Paragraph type="secondary">
              {t(`employment.serviceKind.${dialog.service.kind}`)} · {t('employment.assistance.plannedOn', { date: dialog.service.plannedOn })}
            </Typography.Paragraph>
            <Form.Item name="outcome" label={t('employment.assistance.outcome')} rules={[{ required: true, message: t('employment.jobForm.required') }]}>
              <Select data-testid="service-outcome-select" options={SERVICE_OUTCOMES.map((k) => ({ value: k, label: t(`employment.serviceOutcome.${k}`) }))} />
            </Form.Item>
            <Form.Item name="doneOn" label={t('employment.assistance.doneOn')} rules={[{ required: true, message: t('employment.jobForm.required') }]}>
              <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} disabledDate={(d) => d.isAfter(today, 'day')} />
            </Form.Item>
            <Form.Item name="note" label={t('employment.common.note')}>
              <Input.TextArea rows={3} maxLength={1000} showCount />
            </Form.Item>
          </>
        )}
        {dialog.kind === 'close' && (
          <>
            <Form.Item name="reason" label={t('employment.assistance.closeReason')} rules={[{ required: true, message: t('employment.jobForm.required') }]}>
              <Select data-testid="close-reason" options={CLOSE_REASONS.map((k) => ({ value: k, label: t(`employment.closeReason.${k}`) }))} />
            </Form.Item>
            {reason === 'employed' && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('employment.assistance.employedHint')} />}
            <Form.Item name="note" label={t('employment.common.note')} rules={[{ required: true, whitespace: true, message: t('employment.assistance.noteRequired') }]}>
              <Input.TextArea rows={3} maxLength={1000} showCount data-testid="close-note" />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}

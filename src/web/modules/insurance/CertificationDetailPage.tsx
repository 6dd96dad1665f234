// One recipient's certification for a year: who (masked), the signs of life each department's data
// show with their weights against the threshold, the benefits received, the history, any overpayment
// and its recovery case, and — while a task is open — the task form (self-certified, visited, or not
// done, which suspends the benefits).
import { Alert, App, Button, Card, Col, Form, Input, Radio, Row, Table, Typography } from 'antd';
import { useParams, useSearchParams } from 'react-router-dom';
import { api } from '../../shared/api';
import { DetailHeader, RecordFallback, useRecord } from '../../shared/detail';
import { useI18n } from '../../shared/i18n';
import { CaseLink, CodeTag, History, PersonCard, SubmitError, useCode, useInsFormat, useInsuranceAccess, useSubmit } from './common';
import { CERT_OPEN, CERT_RESULTS, type CertDetail, type CertResult, type CertificationConfig } from './types';

export default function CertificationDetailPage() {
  const { t } = useI18n();
  const code = useCode();
  const fmt = useInsFormat();
  const { personId } = useParams();
  const [params] = useSearchParams();
  const year = Number(params.get('year')) || undefined;
  const rec = useRecord<CertDetail>(personId, (x) => `/api/insurance/certification/${x}`, (d) => d.personId, { year });
  const access = useInsuranceAccess();

  const c = rec.data;
  if (!c) return <RecordFallback record={rec} notFound={t('insurance.cert.notFound')} />;
  const p = c.person;
  const open = CERT_OPEN.includes(c.status);

  return (
    <div data-testid="cert-detail">
      <DetailHeader
        title={
          <>
            {p.name}
            <span className="hm-num" style={{ fontSize: 16, fontWeight: 400 }}>
              {t('insurance.common.yearOption', { year: c.year })}
            </span>
            <CodeTag group="certStatus" code={c.status} testId="cert-status" />
          </>
        }
        hint={t('insurance.cert.detailHint')}
        back={{ to: `/insurance/certification${c.year ? `?year=${c.year}` : ''}`, label: t('insurance.common.back') }}
        audited={t('insurance.common.audited')}
      />
      {c.overpaidFen > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="cert-overpaid"
          title={t('insurance.cert.overpaidNotice', { amount: fmt.yuan(c.overpaidFen) })}
          description={
            c.recoveryCaseId ? (
              <span>
                {t('insurance.cert.recovery')}
                {t('insurance.common.colon')}
                <CaseLink id={c.recoveryCaseId} code={null} />
              </span>
            ) : undefined
          }
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <PersonCard
            title={t('insurance.gaps.person')}
            person={p}
            items={[
              { key: 'phone', label: t('insurance.common.phone'), children: p.hasPhone ? t('insurance.cert.hasPhone') : t('insurance.cert.noPhone') },
              { key: 'village', label: t('insurance.common.village'), children: p.village ?? t('insurance.common.none') },
              { key: 'due', label: t('insurance.cert.taskDue'), children: <span className="hm-num">{c.taskDue ?? t('insurance.common.none')}</span> },
              { key: 'certified', label: t('insurance.cert.certifiedOn'), children: <span className="hm-num">{c.certifiedOn ?? t('insurance.common.none')}</span> },
            ]}
          />
          {open && access.canHandle ? (
            <TaskForm cert={c} onDone={rec.reload} />
          ) : (
            <Alert type={open ? 'warning' : 'info'} showIcon style={{ marginBottom: 16 }} title={open ? t('insurance.cert.visitRule', { age: c.config.visitAge }) : t('insurance.cert.noTask')} />
          )}
          <Card size="small" title={t('insurance.cert.events')} style={{ marginBottom: 16 }}>
            <History
              testId="cert-events"
              items={c.events.map((e, i) => ({ key: i, title: `${code('certAction', e.action)} → ${code('certStatus', e.status)}`, at: e.at, by: e.by, note: e.action === 'run' ? null : e.note }))}
            />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <SignalsCard config={c.config} signals={c.signals} score={c.score} />
          <Card size="small" title={t('insurance.cert.awardList')} style={{ marginBottom: 16 }}>
            <Table
              size="small"
              rowKey="id"
              data-testid="cert-awards"
              dataSource={c.awards}
              pagination={false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: t('insurance.common.noData') }}
              columns={[
                { title: t('insurance.cert.benefit'), dataIndex: 'kind', render: (_: string, a) => code('benefitKind', a.kind) },
                { title: t('insurance.common.status'), dataIndex: 'status', render: (v: string, a) => (
                  <>
                    <CodeTag group="awardStatus" code={v} />
                    {a.reason && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{code('awardReason', a.reason)}</Typography.Text>}
                  </>
                ) },
                { title: t('insurance.cert.monthly'), dataIndex: 'monthlyFen', align: 'right', className: 'hm-num', render: (v: number) => fmt.yuan(v) },
                { title: t('insurance.cert.startMonth'), dataIndex: 'startMonth', className: 'hm-num', render: (v: string) => fmt.month(v) },
                { title: t('insurance.cert.statusOn'), dataIndex: 'statusOn', className: 'hm-num', responsive: ['md'], render: (v: string | null) => v ?? t('insurance.common.none') },
                { title: t('insurance.cert.payingRegion'), dataIndex: 'payingRegion', className: 'hm-num', responsive: ['lg'] },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

/** Each source of signs of life: its weight, the latest record within the window, and what it adds to the score. */
function SignalsCard({ config, signals, score }: { config: CertificationConfig; signals: CertDetail['signals']; score: number }) {
  const { t, bi } = useI18n();
  const code = useCode();
  const reached = score >= config.threshold;
  return (
    <Card
      size="small"
      title={t('insurance.cert.signals')}
      extra={
        <Typography.Text strong type={reached ? 'success' : 'warning'} className="hm-num" data-testid="cert-score">
          {t('insurance.cert.scoreOf', { score, threshold: config.threshold })}
        </Typography.Text>
      }
      style={{ marginBottom: 16 }}
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('insurance.cert.signalsHint', { days: config.windowDays, threshold: config.threshold })}
      </Typography.Paragraph>
      <Table
        size="small"
        rowKey="code"
        data-testid="cert-signals"
        dataSource={config.sources}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('insurance.cert.source'), dataIndex: 'label', render: (v: { zh: string; en: string }) => bi(v) },
          { title: t('insurance.cert.department'), dataIndex: 'department', responsive: ['md'], render: (v: string) => code('department', v) },
          { title: t('insurance.cert.weight'), dataIndex: 'weight', align: 'right', className: 'hm-num' },
          {
            title: t('insurance.cert.lastSeen'),
            key: 'last',
            className: 'hm-num',
            render: (_, s) => signals[s.code] ?? <Typography.Text type="secondary">{t('insurance.cert.notSeen')}</Typography.Text>,
          },
          { title: t('insurance.cert.counted'), key: 'counted', align: 'right', className: 'hm-num', render: (_, s) => (signals[s.code] ? s.weight : 0) },
        ]}
      />
    </Card>
  );
}

type Values = { result?: CertResult; note?: string };

function TaskForm({ cert, onDone }: { cert: CertDetail; onDone: () => void }) {
  const { t } = useI18n();
  const code = useCode();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const result = Form.useWatch('result', form);
  const sub = useSubmit(form, ['result', 'note']);

  const submit = (v: Values) =>
    sub.run(async () => {
      await api.post(`/api/insurance/certification/${cert.personId}/task`, { year: cert.year, result: v.result, note: v.note?.trim() || undefined, version: cert.version });
      void message.success(t('insurance.cert.recorded'));
      form.resetFields();
      onDone();
    });

  return (
    <Card size="small" title={t('insurance.cert.task')} style={{ marginBottom: 16 }} data-testid="cert-task">
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('insurance.cert.visitRule', { age: cert.config.visitAge })}
      </Typography.Paragraph>
      <SubmitError submit={sub} onReload={onDone} />
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="result" label={t('insurance.cert.result')} rules={[{ required: true, message: t('insurance.cert.resultRequired') }]}>
          <Radio.Group
            data-testid="cert-result"
            style={{ display: 'flex', flexDirection: 'column', gap: 6 }}
            options={CERT_RESULTS.map((r) => ({ value: r, label: code('certResult', r), disabled: r === 'not_done' && cert.status === 'not_certified' }))}
          />
        </Form.Item>
        <Form.Item name="note" label={t('insurance.common.note')}>
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="cert-note" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={sub.busy} block danger={result === 'not_done'} data-testid="cert-submit">
          {t('insurance.common.submit')}
        </Button>
      </Form>
    </Card>
  );
}

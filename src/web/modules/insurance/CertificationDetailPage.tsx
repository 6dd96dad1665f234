// One recipient's certification for a year: who (masked), the signs of life each department's data
// show with their weights against the threshold, the benefits received, the history, any overpayment
// and its recovery case, and — while a task is open — the task form (self-certified, visited, or not
// done, which suspends the benefits).
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Radio, Row, Skeleton, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { api } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import { LoadError, NotFoundResult } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { CaseLink, CodeTag, ErrorAlert, History, isConflict, PageHeader, placeFieldErrors, useCode, useInsFormat, useInsuranceAccess } from './common';
import { CERT_OPEN, CERT_RESULTS, type CertDetail, type CertResult, type CertificationConfig } from './types';

export default function CertificationDetailPage() {
  const { t } = useI18n();
  const code = useCode();
  const fmt = useInsFormat();
  const { personId } = useParams();
  const [params] = useSearchParams();
  const year = Number(params.get('year')) || undefined;
  const valid = !!personId && /^\d+$/.test(personId);
  const res = useApi<CertDetail>(valid ? `/api/insurance/certification/${personId}` : null, { year });
  const c = res.data && String(res.data.personId) === personId ? res.data : undefined;
  const access = useInsuranceAccess();

  if (!valid) return <NotFoundResult message={t('insurance.cert.notFound')} />;
  if (res.error && !c) return <LoadError error={res.error} onRetry={res.reload} notFoundMessage={t('insurance.cert.notFound')} />;
  if (!c) return <Skeleton active paragraph={{ rows: 10 }} />;
  const p = c.person;
  const open = CERT_OPEN.includes(c.status);

  return (
    <div data-testid="cert-detail">
      <PageHeader
        title={
          <Space wrap size={8}>
            {p.name}
            <span className="hm-num" style={{ fontSize: 16, fontWeight: 400 }}>
              {t('insurance.common.yearOption', { year: c.year })}
            </span>
            <CodeTag group="certStatus" code={c.status} testId="cert-status" />
          </Space>
        }
        hint={t('insurance.cert.detailHint')}
        extra={
          <Link to={`/insurance/certification${c.year ? `?year=${c.year}` : ''}`}>
            <Button icon={<ArrowLeftOutlined />}>{t('insurance.common.back')}</Button>
          </Link>
        }
      />
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('insurance.common.audited')} />
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
          <Card size="small" title={t('insurance.gaps.person')} style={{ marginBottom: 16 }}>
            <Descriptions
              className="hm-stack"
              size="small"
              bordered
              column={1}
              items={[
                { key: 'name', label: t('insurance.common.name'), children: p.name },
                { key: 'id', label: t('insurance.common.idNumber'), children: <span className="hm-mono">{p.idNumber}</span> },
                { key: 'sex', label: t('insurance.common.sex'), children: t(`person.sexes.${p.sex}`) },
                { key: 'birth', label: t('insurance.common.birthYear'), children: <span className="hm-num">{p.birthYear}</span> },
                { key: 'phone', label: t('insurance.common.phone'), children: p.hasPhone ? t('insurance.cert.hasPhone') : t('insurance.cert.noPhone') },
                { key: 'village', label: t('insurance.common.village'), children: p.village ?? t('insurance.common.none') },
                { key: 'due', label: t('insurance.cert.taskDue'), children: <span className="hm-num">{c.taskDue ?? t('insurance.common.none')}</span> },
                { key: 'certified', label: t('insurance.cert.certifiedOn'), children: <span className="hm-num">{c.certifiedOn ?? t('insurance.common.none')}</span> },
              ]}
            />
          </Card>
          {open && access.canHandle ? (
            <TaskForm cert={c} onDone={res.reload} />
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
  const { t, lang } = useI18n();
  const code = useCode();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const result = Form.useWatch('result', form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [unplaced, setUnplaced] = useState<ReturnType<typeof placeFieldErrors>>([]);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/insurance/certification/${cert.personId}/task`, { year: cert.year, result: v.result, note: v.note?.trim() || undefined, version: cert.version });
      void message.success(t('insurance.cert.recorded'));
      form.resetFields();
      onDone();
    } catch (e) {
      setError(e);
      setUnplaced(placeFieldErrors(form, e, lang, ['result', 'note']));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('insurance.cert.task')} style={{ marginBottom: 16 }} data-testid="cert-task">
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('insurance.cert.visitRule', { age: cert.config.visitAge })}
      </Typography.Paragraph>
      {error !== null && <ErrorAlert error={error} details={unplaced} style={{ marginBottom: 12 }} onClose={() => setError(null)} onReload={isConflict(error) ? onDone : undefined} />}
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
        <Button type="primary" htmlType="submit" loading={busy} block danger={result === 'not_done'} data-testid="cert-submit">
          {t('insurance.common.submit')}
        </Button>
      </Form>
    </Card>
  );
}

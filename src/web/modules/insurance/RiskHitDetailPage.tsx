// One risk hit with its evidence: the rule (name, description, legal basis), each criterion with what
// it evaluated to, the amount and how it is computed, the facts compared, the data snapshot and the
// rule version and hash; the recipient (masked) with the death or custody records; the award and its
// recent payments; the audit case; and, while the hit is open, the decision — confirm with the amount
// to recover (which opens the overpayment-recovery case) or clear — with the evidence of the check.
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Form, Input, Row, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../shared/api';
import { DetailHeader, Fields, FieldsCard, RecordFallback, useRecord } from '../../shared/detail';
import { useI18n } from '../../shared/i18n';
import { BasisList, CaseLink, CodeTag, CriteriaList, FactsTable, fenToYuanInput, PersonCard, SubmitError, useCode, useInsFormat, useInsuranceAccess, useSubmit, useYuanRule, YuanInput, yuanToFen } from './common';
import type { DecideResult, Decision, HitDetail } from './types';

export default function RiskHitDetailPage() {
  const { t, bi } = useI18n();
  const code = useCode();
  const fmt = useInsFormat();
  const { id } = useParams();
  const rec = useRecord<HitDetail>(id, (x) => `/api/insurance/risk-hits/${x}`, (d) => d.id);
  const access = useInsuranceAccess();
  const [decided, setDecided] = useState<DecideResult | null>(null);

  const h = rec.data;
  if (!h) return <RecordFallback record={rec} notFound={t('insurance.hits.notFound')} rows={12} />;
  const p = h.person;
  const canDecide = access.canAudit && h.status === 'open' && !!h.case && !h.case.final;
  const deathMonth = p.deathDate ? p.deathDate.slice(0, 7) : null;
  const ruleName = h.rule ? bi(h.rule.name) : h.ruleId;

  return (
    <div data-testid="risk-hit-detail" data-status={h.status}>
      <DetailHeader
        title={
          <>
            {ruleName}
            <CodeTag group="hitStatus" code={h.status} testId="risk-hit-status" />
            <CodeTag group="severity" code={h.severity} />
          </>
        }
        hint={t('insurance.hits.detailHint')}
        back={{ to: '/insurance/risk-hits', label: t('insurance.common.back') }}
        audited={t('insurance.common.audited')}
      />
      {decided && (
        <Alert
          type="success"
          showIcon
          closable={{ onClose: () => setDecided(null) }}
          style={{ marginBottom: 12 }}
          data-testid="risk-decided"
          title={decided.status === 'confirmed' ? t('insurance.hits.decidedConfirmed') : decided.status === 'cleared' ? t('insurance.hits.decidedCleared') : t('insurance.hits.decided')}
        />
      )}
      {h.status === 'confirmed' && <RecoveryCard hit={h} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <FieldsCard
            title={t('insurance.hits.evidence')}
            testId="risk-hit-evidence"
            items={[
              { key: 'rule', label: t('insurance.common.rule'), children: <strong data-testid="risk-hit-rule">{ruleName}</strong> },
              { key: 'id', label: t('insurance.common.ruleId'), children: <Typography.Text code>{h.ruleId}</Typography.Text> },
              ...(h.rule ? [{ key: 'desc', label: t('insurance.common.description'), children: bi(h.rule.description) }] : []),
              ...(h.rule ? [{ key: 'basis', label: t('insurance.common.basis'), children: <BasisList basis={h.rule.basis} /> }] : []),
              ...(h.rule ? [{ key: 'criteria', label: t('insurance.common.criteria'), children: <CriteriaList criteria={h.rule.criteria} testId="risk-hit-criteria" /> }] : []),
              {
                key: 'amount',
                label: h.rule?.amount.label ? bi(h.rule.amount.label) : t('insurance.hits.amount'),
                children: (
                  <>
                    <strong className="hm-num" data-testid="risk-hit-amount">
                      {fmt.yuan(h.amountFen)}
                    </strong>
                    {h.rule && (
                      <div>
                        <Typography.Text code style={{ fontSize: 12 }}>
                          {h.rule.amount.expr}
                        </Typography.Text>
                      </div>
                    )}
                  </>
                ),
              },
              ...(h.rule ? [{ key: 'action', label: t('insurance.common.action'), children: bi(h.rule.action) }] : []),
              { key: 'snapshot', label: t('insurance.common.snapshot'), children: <span className="hm-num" data-testid="risk-hit-snapshot">{t('insurance.common.snapshotN', { id: h.snapshotId })} · {t('insurance.common.runN', { id: h.runId })}</span> },
              {
                key: 'version',
                label: t('insurance.common.ruleVersion'),
                children: (
                  <Typography.Text code data-testid="risk-hit-version">
                    {h.ruleVersion !== null ? t('insurance.common.versionHash', { version: h.ruleVersion, hash: h.ruleHash }) : h.ruleHash}
                  </Typography.Text>
                ),
              },
              { key: 'found', label: t('insurance.hits.foundAt'), children: <span className="hm-num">{fmt.dateTime(h.foundAt)}</span> },
              ...(h.decidedAt ? [{ key: 'decided', label: t('insurance.hits.decidedAt'), children: <span className="hm-num">{fmt.dateTime(h.decidedAt)}</span> }] : []),
            ]}
          />
          <Card size="small" title={t('insurance.common.facts')} style={{ marginBottom: 16 }}>
            <FactsTable facts={h.facts} testId="risk-hit-facts" />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          {canDecide ? (
            <DecisionForm hit={h} onDecided={(r) => { setDecided(r); rec.reload(); }} onReload={rec.reload} />
          ) : h.status === 'open' && !access.canAudit ? (
            <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('insurance.hits.readOnly')} />
          ) : null}
          <Card size="small" title={t('insurance.hits.case')} style={{ marginBottom: 16 }} data-testid="risk-hit-case">
            {h.case ? (
              <Fields
                items={[
                  { key: 'code', label: t('insurance.common.trackingCode'), children: <CaseLink id={h.case.id} code={h.case.trackingCode} testId="risk-hit-case-link" /> },
                  { key: 'state', label: t('insurance.hits.caseState'), children: code('caseState', h.case.state) },
                  ...(h.case.conclusion ? [{ key: 'conclusion', label: t('insurance.hits.conclusion'), children: code('hitStatus', h.case.conclusion) }] : []),
                  ...(h.case.dueOn ? [{ key: 'due', label: t('insurance.hits.caseDue'), children: <span className="hm-num">{h.case.dueOn}</span> }] : []),
                ]}
              />
            ) : (
              <Typography.Text type="secondary">{t('insurance.hits.noCase')}</Typography.Text>
            )}
          </Card>
          <PersonCard
            title={t('insurance.hits.person')}
            person={p}
            items={[
              { key: 'death', label: t('insurance.hits.deathDate'), children: p.deathDate ? <Typography.Text type="danger" className="hm-num">{p.deathDate}</Typography.Text> : t('insurance.common.none') },
              {
                key: 'custody',
                label: t('insurance.hits.custody'),
                children:
                  p.custody.length === 0
                    ? t('insurance.common.none')
                    : p.custody.map((c, i) => (
                        <div key={i} className="hm-num">
                          {t('insurance.hits.custodyRange', { from: c.start_date, to: c.end_date ?? t('insurance.hits.custodyOngoing') })}
                        </div>
                      )),
              },
            ]}
          />
          {h.award && (
            <FieldsCard
              title={t('insurance.hits.award')}
              items={[
                { key: 'kind', label: t('insurance.cert.benefit'), children: code('benefitKind', h.award.kind) },
                {
                  key: 'status',
                  label: t('insurance.common.status'),
                  children: (
                    <>
                      <CodeTag group="awardStatus" code={h.award.status} />
                      {h.award.reason && <Typography.Text type="secondary">{code('awardReason', h.award.reason)}</Typography.Text>}
                    </>
                  ),
                },
                { key: 'monthly', label: t('insurance.cert.monthly'), children: <span className="hm-num">{fmt.yuan(h.award.monthlyFen)}</span> },
                { key: 'start', label: t('insurance.cert.startMonth'), children: <span className="hm-num">{fmt.month(h.award.startMonth)}</span> },
                { key: 'region', label: t('insurance.cert.payingRegion'), children: <span className="hm-num">{h.award.payingRegion}</span> },
                { key: 'account', label: t('insurance.hits.account'), children: <span className="hm-mono">{h.award.account ?? t('insurance.common.none')}</span> },
              ]}
            />
          )}
          <Card size="small" title={t('insurance.hits.payments')} style={{ marginBottom: 16 }}>
            <Table
              size="small"
              rowKey="month"
              data-testid="risk-hit-payments"
              dataSource={h.payments}
              pagination={false}
              locale={{ emptyText: t('insurance.hits.noPayments') }}
              columns={[
                {
                  title: t('insurance.hits.paymentMonth'),
                  dataIndex: 'month',
                  className: 'hm-num',
                  render: (v: string) =>
                    deathMonth && v.slice(0, 7) > deathMonth ? (
                      <Typography.Text type="danger">
                        {fmt.month(v)} · {t('insurance.hits.afterDeath')}
                      </Typography.Text>
                    ) : (
                      fmt.month(v)
                    ),
                },
                { title: t('insurance.common.amount'), dataIndex: 'amountFen', align: 'right', className: 'hm-num', render: (v: number) => fmt.yuan(v) },
                { title: t('insurance.hits.paidOn'), dataIndex: 'paidOn', className: 'hm-num' },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

/** After confirmation: the recovery case, with its tracking code and a link to it. */
function RecoveryCard({ hit }: { hit: HitDetail }) {
  const { t } = useI18n();
  const fmt = useInsFormat();
  const code = useCode();
  const rc = hit.recoveryCase;
  if (!rc)
    return (
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 12 }}
        data-testid="risk-recovery-none"
        title={hit.recoverFen !== null && hit.recoverFen > 0 ? t('insurance.hits.recoveryPending') : t('insurance.hits.noRecovery')}
      />
    );
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="risk-recovery-case"
      title={
        <Space wrap size={[8, 4]}>
          <strong>{t('insurance.hits.recoveryOpened')}</strong>
          <Link to={`/cases/${rc.id}`} className="hm-mono" data-testid="risk-recovery-link">
            {rc.trackingCode}
          </Link>
          <span className="hm-num">{fmt.yuan(rc.amountFen ?? hit.recoverFen)}</span>
          <span>{code('recoveryState', rc.state)}</span>
        </Space>
      }
      action={
        <Link to={`/cases/${rc.id}`}>
          <Button size="small">{t('insurance.common.caseLink')}</Button>
        </Link>
      }
    />
  );
}

type Values = { recoverYuan?: string; evidence?: string };

function DecisionForm({ hit, onDecided, onReload }: { hit: HitDetail; onDecided: (r: DecideResult) => void; onReload: () => void }) {
  const { t } = useI18n();
  const fmt = useInsFormat();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [decision, setDecision] = useState<Decision | null>(null);
  const [decisionError, setDecisionError] = useState(false);
  const sub = useSubmit(form, ['recoverYuan', 'evidence'], { recoverFen: 'recoverYuan' });
  const yuanRule = useYuanRule(false);

  const submit = async (v: Values) => {
    if (!decision) {
      setDecisionError(true);
      return;
    }
    await sub.run(async () => {
      const recoverFen = decision === 'confirmed' && v.recoverYuan !== undefined && v.recoverYuan !== null && v.recoverYuan !== '' ? yuanToFen(v.recoverYuan) : null;
      const r = await api.post<DecideResult>(`/api/insurance/risk-hits/${hit.id}/decide`, {
        decision,
        ...(recoverFen !== null ? { recoverFen } : {}),
        evidence: v.evidence?.trim(),
        caseVersion: hit.case!.version,
      });
      void message.success(t('insurance.hits.decided'));
      onDecided(r);
    });
  };

  const pick = (d: Decision) => {
    setDecision(d);
    setDecisionError(false);
  };
  const choices = [
    { value: 'confirmed', icon: <CheckOutlined />, testId: 'risk-decide-confirm', label: t('insurance.hits.confirm') },
    { value: 'cleared', icon: <CloseOutlined />, testId: 'risk-decide-clear', label: t('insurance.hits.clear') },
  ] as const;

  return (
    <Card size="small" title={t('insurance.hits.decide')} style={{ marginBottom: 16 }} data-testid="risk-decide">
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('insurance.hits.decideHint')}
      </Typography.Paragraph>
      <SubmitError submit={sub} onReload={onReload} />
      <Form form={form} layout="vertical" initialValues={{ recoverYuan: fenToYuanInput(hit.amountFen) }} onFinish={(v) => void submit(v)}>
        <Form.Item label={t('insurance.hits.decide')} required validateStatus={decisionError ? 'error' : undefined} help={decisionError ? t('insurance.hits.decisionRequired') : undefined}>
          <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }} role="radiogroup" aria-label={t('insurance.hits.decide')}>
            {choices.map((c) => (
              <Button
                key={c.value}
                role="radio"
                aria-checked={decision === c.value}
                type={decision === c.value ? 'primary' : 'default'}
                danger={c.value === 'confirmed'}
                icon={c.icon}
                onClick={() => pick(c.value)}
                data-testid={c.testId}
                style={{ flex: '1 1 160px' }}
              >
                {c.label}
              </Button>
            ))}
          </div>
        </Form.Item>
        {decision === 'confirmed' && (
          <Form.Item name="recoverYuan" label={t('insurance.hits.recoverYuan')} extra={t('insurance.hits.recoverHint', { amount: fmt.yuan(hit.amountFen) })} rules={[yuanRule]}>
            <YuanInput testId="risk-decide-recover" />
          </Form.Item>
        )}
        <Form.Item
          name="evidence"
          label={t('insurance.hits.evidenceText')}
          rules={[
            { required: true, whitespace: true, message: t('insurance.hits.evidenceMin') },
            { validator: async (_, v: string | undefined) => {
                if (v && v.trim().length > 0 && v.trim().length < 4) throw new Error(t('insurance.hits.evidenceMin'));
              } },
          ]}
        >
          <Input.TextArea rows={4} maxLength={4000} showCount placeholder={t('insurance.hits.evidencePlaceholder')} data-testid="risk-decide-evidence" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={sub.busy} block danger={decision === 'confirmed'} data-testid="risk-decide-submit">
          {t('insurance.common.submit')}
        </Button>
      </Form>
    </Card>
  );
}

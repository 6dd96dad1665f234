// One coverage gap: who (masked), why the rule listed them — the rule, its legal basis, its criteria
// and the facts it compared, with the snapshot and rule version — the visits so far, and, while it is
// open, the outreach form (contacted, enrolled, not applicable or refused; a reason for the last two).
import { Alert, App, Button, Card, Col, Form, Input, Radio, Row, Typography } from 'antd';
import { useParams } from 'react-router-dom';
import { api } from '../../shared/api';
import { DetailHeader, FieldsCard, RecordFallback, useRecord } from '../../shared/detail';
import { useI18n } from '../../shared/i18n';
import { BasisList, CodeTag, CriteriaList, FactsTable, History, PersonCard, SubmitError, useCode, useInsuranceAccess, useSubmit } from './common';
import { GAP_OUTCOMES, GAP_OUTCOMES_WITH_NOTE, type GapDetail, type GapOutcome } from './types';

export default function GapDetailPage() {
  const { t, bi } = useI18n();
  const code = useCode();
  const { id } = useParams();
  const rec = useRecord<GapDetail>(id, (x) => `/api/insurance/gaps/${x}`, (d) => d.id);
  const access = useInsuranceAccess();

  const g = rec.data;
  if (!g) return <RecordFallback record={rec} notFound={t('insurance.gaps.notFound')} />;
  const p = g.person;

  return (
    <div data-testid="gap-detail">
      <DetailHeader
        title={
          <>
            {p.name}
            <CodeTag group="gapStatus" code={g.status} testId="gap-status" />
          </>
        }
        hint={t('insurance.gaps.detailHint')}
        back={{ to: '/insurance/gaps', label: t('insurance.common.back') }}
        audited={t('insurance.common.audited')}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <PersonCard
            title={t('insurance.gaps.person')}
            person={p}
            items={[
              { key: 'phone', label: t('insurance.common.phone'), children: <span className="hm-mono">{p.phone ?? t('insurance.common.none')}</span> },
              { key: 'village', label: t('insurance.common.village'), children: p.village ?? t('insurance.common.none') },
            ]}
          />
          <FieldsCard
            title={t('insurance.gaps.gap')}
            items={[
              { key: 'opened', label: t('insurance.gaps.openedOn'), children: <span className="hm-num">{g.openedOn}</span> },
              ...(g.closedOn ? [{ key: 'closed', label: t('insurance.gaps.closedOn'), children: `${g.closedOn}${g.closedBy ? ` · ${code('closedBy', g.closedBy)}` : ''}` }] : []),
              ...(g.reason ? [{ key: 'reason', label: t('insurance.gaps.reason'), children: <span style={{ whiteSpace: 'pre-wrap' }}>{g.reason}</span> }] : []),
              { key: 'snapshot', label: t('insurance.common.snapshot'), children: <span className="hm-num">{t('insurance.common.snapshotN', { id: g.snapshotId })}</span> },
              { key: 'hash', label: t('insurance.common.ruleVersion'), children: <Typography.Text code>{g.ruleHash}</Typography.Text> },
            ]}
          />
          {g.status === 'open' && access.canHandle && <OutreachForm gap={g} onDone={rec.reload} />}
          {g.status !== 'open' && <Alert type="success" showIcon style={{ marginBottom: 16 }} title={t('insurance.gaps.closedNotice')} />}
          <Card size="small" title={t('insurance.gaps.events')} style={{ marginBottom: 16 }}>
            <History testId="gap-events" items={g.events.map((e, i) => ({ key: i, title: code('gapAction', e.action), at: e.at, by: e.by, note: e.note }))} />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          {g.rule ? (
            <FieldsCard
              title={bi(g.rule.name)}
              testId="gap-rule"
              items={[
                { key: 'id', label: t('insurance.common.ruleId'), children: <Typography.Text code>{g.rule.id}</Typography.Text> },
                { key: 'desc', label: t('insurance.common.description'), children: bi(g.rule.description) },
                ...(g.rule.insurance ? [{ key: 'ins', label: t('insurance.gaps.insurance'), children: code('scheme', g.rule.insurance) }] : []),
                { key: 'basis', label: t('insurance.common.basis'), children: <BasisList basis={g.rule.basis} /> },
                { key: 'criteria', label: t('insurance.common.criteria'), children: <CriteriaList criteria={g.rule.criteria} /> },
                { key: 'action', label: t('insurance.common.action'), children: <strong>{bi(g.rule.action)}</strong> },
              ]}
            />
          ) : null}
          <Card size="small" title={t('insurance.common.facts')} style={{ marginBottom: 16 }}>
            <FactsTable facts={g.facts} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

type Values = { outcome?: GapOutcome; note?: string };

function OutreachForm({ gap, onDone }: { gap: GapDetail; onDone: () => void }) {
  const { t } = useI18n();
  const code = useCode();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const outcome = Form.useWatch('outcome', form);
  const needsNote = !!outcome && GAP_OUTCOMES_WITH_NOTE.includes(outcome);
  const sub = useSubmit(form, ['outcome', 'note']);

  const submit = (v: Values) =>
    sub.run(async () => {
      await api.post(`/api/insurance/gaps/${gap.id}/outcome`, { outcome: v.outcome, note: v.note?.trim() || undefined, version: gap.version });
      void message.success(t('insurance.gaps.recorded'));
      form.resetFields();
      onDone();
    });

  return (
    <Card size="small" title={t('insurance.gaps.outreach')} style={{ marginBottom: 16 }} data-testid="gap-outreach">
      <SubmitError submit={sub} onReload={onDone} />
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="outcome" label={t('insurance.gaps.outcome')} rules={[{ required: true, message: t('insurance.gaps.outcomeRequired') }]}>
          <Radio.Group data-testid="gap-outcome" style={{ display: 'flex', flexDirection: 'column', gap: 6 }} options={GAP_OUTCOMES.map((o) => ({ value: o, label: code('gapOutcome', o) }))} />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('insurance.common.note')}
          dependencies={['outcome']}
          extra={needsNote ? t('insurance.gaps.noteHintRequired') : t('insurance.gaps.noteHint')}
          rules={needsNote ? [{ required: true, whitespace: true, message: t('insurance.gaps.noteHintRequired') }, { min: 2, message: t('insurance.gaps.noteHintRequired') }] : []}
        >
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="gap-note" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={sub.busy} block data-testid="gap-submit">
          {t('insurance.common.submit')}
        </Button>
      </Form>
    </Card>
  );
}

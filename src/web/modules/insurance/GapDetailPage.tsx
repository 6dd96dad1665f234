// One coverage gap: who (masked), why the rule listed them — the rule, its legal basis, its criteria
// and the facts it compared, with the snapshot and rule version — the visits so far, and, while it is
// open, the outreach form (contacted, enrolled, not applicable or refused; a reason for the last two).
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Radio, Row, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import { LoadError, NotFoundResult } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { BasisList, CodeTag, CriteriaList, ErrorAlert, FactsTable, History, isConflict, PageHeader, placeFieldErrors, useCode, useInsuranceAccess } from './common';
import { GAP_OUTCOMES, GAP_OUTCOMES_WITH_NOTE, type GapDetail, type GapOutcome } from './types';

export default function GapDetailPage() {
  const { t, bi } = useI18n();
  const code = useCode();
  const { id } = useParams();
  const valid = !!id && /^\d+$/.test(id);
  const res = useApi<GapDetail>(valid ? `/api/insurance/gaps/${id}` : null);
  const g = res.data && String(res.data.id) === id ? res.data : undefined;
  const access = useInsuranceAccess();

  if (!valid) return <NotFoundResult message={t('insurance.gaps.notFound')} />;
  if (res.error && !g) return <LoadError error={res.error} onRetry={res.reload} notFoundMessage={t('insurance.gaps.notFound')} />;
  if (!g) return <Skeleton active paragraph={{ rows: 10 }} />;
  const p = g.person;

  return (
    <div data-testid="gap-detail">
      <PageHeader
        title={
          <Space wrap size={8}>
            {p.name}
            <CodeTag group="gapStatus" code={g.status} testId="gap-status" />
          </Space>
        }
        hint={t('insurance.gaps.detailHint')}
        extra={
          <Link to="/insurance/gaps">
            <Button icon={<ArrowLeftOutlined />}>{t('insurance.common.back')}</Button>
          </Link>
        }
      />
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('insurance.common.audited')} />
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
                { key: 'phone', label: t('insurance.common.phone'), children: <span className="hm-mono">{p.phone ?? t('insurance.common.none')}</span> },
                { key: 'village', label: t('insurance.common.village'), children: p.village ?? t('insurance.common.none') },
              ]}
            />
          </Card>
          <Card size="small" title={t('insurance.gaps.gap')} style={{ marginBottom: 16 }}>
            <Descriptions
              className="hm-stack"
              size="small"
              bordered
              column={1}
              items={[
                { key: 'opened', label: t('insurance.gaps.openedOn'), children: <span className="hm-num">{g.openedOn}</span> },
                ...(g.closedOn ? [{ key: 'closed', label: t('insurance.gaps.closedOn'), children: `${g.closedOn}${g.closedBy ? ` · ${code('closedBy', g.closedBy)}` : ''}` }] : []),
                ...(g.reason ? [{ key: 'reason', label: t('insurance.gaps.reason'), children: <span style={{ whiteSpace: 'pre-wrap' }}>{g.reason}</span> }] : []),
                { key: 'snapshot', label: t('insurance.common.snapshot'), children: <span className="hm-num">{t('insurance.common.snapshotN', { id: g.snapshotId })}</span> },
                { key: 'hash', label: t('insurance.common.ruleVersion'), children: <Typography.Text code>{g.ruleHash}</Typography.Text> },
              ]}
            />
          </Card>
          {g.status === 'open' && access.canHandle && <OutreachForm gap={g} onDone={res.reload} />}
          {g.status !== 'open' && <Alert type="success" showIcon style={{ marginBottom: 16 }} title={t('insurance.gaps.closedNotice')} />}
          <Card size="small" title={t('insurance.gaps.events')} style={{ marginBottom: 16 }}>
            <History testId="gap-events" items={g.events.map((e, i) => ({ key: i, title: code('gapAction', e.action), at: e.at, by: e.by, note: e.note }))} />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          {g.rule ? (
            <Card size="small" title={bi(g.rule.name)} style={{ marginBottom: 16 }} data-testid="gap-rule">
              <Descriptions
                className="hm-stack"
                size="small"
                bordered
                column={1}
                items={[
                  { key: 'id', label: t('insurance.common.ruleId'), children: <Typography.Text code>{g.rule.id}</Typography.Text> },
                  { key: 'desc', label: t('insurance.common.description'), children: bi(g.rule.description) },
                  ...(g.rule.insurance ? [{ key: 'ins', label: t('insurance.gaps.insurance'), children: code('scheme', g.rule.insurance) }] : []),
                  { key: 'basis', label: t('insurance.common.basis'), children: <BasisList basis={g.rule.basis} /> },
                  { key: 'criteria', label: t('insurance.common.criteria'), children: <CriteriaList criteria={g.rule.criteria} /> },
                  { key: 'action', label: t('insurance.common.action'), children: <strong>{bi(g.rule.action)}</strong> },
                ]}
              />
            </Card>
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
  const { t, lang } = useI18n();
  const code = useCode();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const outcome = Form.useWatch('outcome', form);
  const needsNote = !!outcome && GAP_OUTCOMES_WITH_NOTE.includes(outcome);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [unplaced, setUnplaced] = useState<ReturnType<typeof placeFieldErrors>>([]);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/insurance/gaps/${gap.id}/outcome`, { outcome: v.outcome, note: v.note?.trim() || undefined, version: gap.version });
      void message.success(t('insurance.gaps.recorded'));
      form.resetFields();
      onDone();
    } catch (e) {
      setError(e);
      setUnplaced(placeFieldErrors(form, e, lang, ['outcome', 'note']));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('insurance.gaps.outreach')} style={{ marginBottom: 16 }} data-testid="gap-outreach">
      {error !== null && <ErrorAlert error={error} details={unplaced} style={{ marginBottom: 12 }} onClose={() => setError(null)} onReload={isConflict(error) ? onDone : undefined} />}
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
        <Button type="primary" htmlType="submit" loading={busy} block data-testid="gap-submit">
          {t('insurance.common.submit')}
        </Button>
      </Form>
    </Card>
  );
}

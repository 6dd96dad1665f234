// 社保 · 规则与运行: the coverage and audit rules as they are in force — pack, name, description, legal
// basis, severity or the insurance missing, the criteria in CEL, the amount, what to do, version and
// hash, open and total hits — the certification settings (sources and weights), and the runs, with
// buttons to run a pack (optionally on a fresh data snapshot) or the certification for those who may.
import { PlayCircleOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Col, Collapse, Popconfirm, Row, Skeleton, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../shared/api';
import { Fields } from '../../shared/detail';
import { useI18n } from '../../shared/i18n';
import { LoadError } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { BasisList, CodeTag, CriteriaList, ErrorAlert, forgetRules, PageHeader, useCode, useInsFormat, useInsuranceAccess, useUrlFilters } from './common';
import type { CertificationConfig, RuleItem, RulesResponse, RunCounts, RunPack, RunRow, RunSummary } from './types';

export default function RulesPage() {
  const { t } = useI18n();
  const f = useUrlFilters();
  const tab = f.get('tab') ?? 'coverage';
  // Fetched here (not from the shared cache): a run changes the hit counts.
  const rules = useApi<RulesResponse>('/api/insurance/rules');
  const runs = useApi<{ items: RunRow[] }>('/api/insurance/runs');
  const r = rules.data;

  const afterRun = () => {
    forgetRules();
    rules.reload();
    runs.reload();
  };

  return (
    <div data-testid="rules-page">
      <PageHeader title={t('insurance.rules.title')} hint={t('insurance.rules.hint')} />
      <RunPanel onRan={afterRun} />
      {rules.error && !r ? (
        <LoadError error={rules.error} onRetry={rules.reload} />
      ) : !r ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <Tabs
          activeKey={tab}
          onChange={(k) => f.set({ tab: k === 'coverage' ? undefined : k })}
          items={[
            { key: 'coverage', label: `${t('insurance.rules.coverage')} (${r.items.filter((x) => x.pack === 'coverage').length})`, children: <RuleList items={r.items.filter((x) => x.pack === 'coverage')} /> },
            { key: 'risk', label: `${t('insurance.rules.risk')} (${r.items.filter((x) => x.pack === 'risk').length})`, children: <RuleList items={r.items.filter((x) => x.pack === 'risk')} /> },
            { key: 'certification', label: t('insurance.rules.certification'), children: <CertificationSettings config={r.certification} /> },
            {
              key: 'runs',
              label: t('insurance.rules.runs'),
              children: runs.error && !runs.data ? <LoadError error={runs.error} onRetry={runs.reload} /> : <RunTable rows={runs.data?.items} loading={runs.loading} />,
            },
          ]}
        />
      )}
    </div>
  );
}

function RuleList({ items }: { items: RuleItem[] }) {
  const { t, bi } = useI18n();
  const code = useCode();
  if (items.length === 0) return <Typography.Text type="secondary">{t('insurance.common.noData')}</Typography.Text>;
  return (
    <Collapse
      data-testid="rule-list"
      items={items.map((r) => ({
        key: r.id,
        label: (
          <Space wrap size={[8, 4]} data-testid="rule-item" data-rule={r.id}>
            <strong>{bi(r.name)}</strong>
            {r.severity && <CodeTag group="severity" code={r.severity} />}
            {r.insurance && <Tag color="blue">{code('scheme', r.insurance)}</Tag>}
            <Typography.Text type="secondary" className="hm-num" style={{ fontSize: 12 }}>
              {t('insurance.rules.hitsN', { open: r.open, total: r.total })}
            </Typography.Text>
          </Space>
        ),
        extra: (
          <Typography.Text code style={{ fontSize: 12 }}>
            v{r.version}
          </Typography.Text>
        ),
        children: (
          <Fields
            items={[
              { key: 'id', label: t('insurance.common.ruleId'), children: <Typography.Text code>{r.id}</Typography.Text> },
              { key: 'version', label: t('insurance.common.ruleVersion'), children: <Typography.Text code>{t('insurance.common.versionHash', { version: r.version, hash: r.hash })}</Typography.Text> },
              { key: 'pack', label: t('insurance.rules.pack'), children: <CodeTag group="pack" code={r.pack} /> },
              { key: 'entity', label: t('insurance.rules.entity'), children: code('entity', r.entity) },
              { key: 'desc', label: t('insurance.common.description'), children: bi(r.description) },
              { key: 'basis', label: t('insurance.common.basis'), children: <BasisList basis={r.basis} /> },
              { key: 'criteria', label: t('insurance.common.criteria'), children: <CriteriaList criteria={r.criteria} /> },
              {
                key: 'amount',
                label: r.amount.label ? bi(r.amount.label) : t('insurance.rules.amountExpr'),
                children: <Typography.Text code>{r.amount.expr}</Typography.Text>,
              },
              { key: 'action', label: t('insurance.common.action'), children: bi(r.action) },
              ...(r.measures.length ? [{ key: 'measures', label: t('insurance.rules.measures'), children: r.measures.join('、') }] : []),
              { key: 'dept', label: t('insurance.cert.department'), children: code('department', r.department) },
              ...(r.assumptions.length
                ? [
                    {
                      key: 'assumptions',
                      label: t('insurance.rules.assumptions'),
                      children: (
                        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                          {r.assumptions.map((a, i) => (
                            <li key={i}>
                              <strong>{a.parameter}</strong>
                              {t('insurance.common.colon')}
                              {bi(a.note)}
                            </li>
                          ))}
                        </ul>
                      ),
                    },
                  ]
                : []),
              {
                key: 'hits',
                label: t('insurance.rules.hitsN', { open: r.open, total: r.total }),
                children: <Link to={r.pack === 'coverage' ? `/insurance/gaps?rule=${r.id}` : `/insurance/risk-hits?rule=${r.id}`}>{t('insurance.rules.openList')}</Link>,
              },
            ]}
          />
        ),
      }))}
    />
  );
}

function CertificationSettings({ config }: { config: CertificationConfig }) {
  const { t, bi } = useI18n();
  const code = useCode();
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={9}>
        <Card size="small">
          <Fields
            items={[
              { key: 'window', label: t('insurance.rules.windowDays'), children: t('insurance.rules.windowDaysN', { n: config.windowDays }) },
              { key: 'threshold', label: t('insurance.rules.threshold'), children: <span className="hm-num">{config.threshold}</span> },
              { key: 'visit', label: t('insurance.rules.visitAge'), children: t('insurance.common.ageN', { n: config.visitAge }) },
              { key: 'due', label: t('insurance.rules.taskWorkingDays'), children: t('insurance.rules.taskWorkingDaysN', { n: config.taskWorkingDays }) },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} lg={15}>
        <Card size="small" title={t('insurance.rules.sources')}>
          <Table
            size="small"
            rowKey="code"
            data-testid="cert-sources"
            dataSource={config.sources}
            pagination={false}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('insurance.cert.source'), dataIndex: 'label', render: (v: { zh: string; en: string }) => bi(v) },
              { title: t('insurance.cert.department'), dataIndex: 'department', render: (v: string) => code('department', v) },
              { title: t('insurance.cert.weight'), dataIndex: 'weight', align: 'right', className: 'hm-num', render: (v: number) => <span style={{ color: v >= config.threshold ? '#389e0d' : undefined }}>{v}</span> },
            ]}
          />
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
            {t('insurance.cert.signalsHint', { days: config.windowDays, threshold: config.threshold })}
          </Typography.Paragraph>
        </Card>
      </Col>
    </Row>
  );
}

/** A run's counts in one line. */
function useRunText() {
  const { t } = useI18n();
  const fmt = useInsFormat();
  return (pack: RunPack | undefined, c: RunCounts | null | undefined) => {
    if (!c) return t('insurance.common.none');
    if (pack === 'certification' || c.recipients !== undefined)
      return t('insurance.rules.certSummary', { recipients: fmt.int(c.recipients ?? 0), rate: fmt.pct(c.dataRate ?? null), suspended: fmt.int(c.suspendedAwards ?? 0), recoveries: fmt.int(c.recoveryCases ?? 0) });
    return t('insurance.rules.packSummary', { rules: fmt.int(c.rules ?? 0), hits: fmt.int(c.hits ?? 0), newHits: fmt.int(c.newHits ?? 0), closed: fmt.int(c.closed ?? 0), casesOpened: fmt.int(c.casesOpened ?? 0) });
  };
}

function RunTable({ rows, loading }: { rows: RunRow[] | undefined; loading: boolean }) {
  const { t } = useI18n();
  const fmt = useInsFormat();
  const text = useRunText();
  return (
    <Table<RunRow>
      size="small"
      rowKey="id"
      data-testid="runs-table"
      loading={loading}
      dataSource={rows ?? []}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('insurance.rules.noRuns') }}
      columns={[
        { title: t('insurance.rules.runId'), dataIndex: 'id', className: 'hm-num', render: (v: number) => `#${v}` },
        { title: t('insurance.rules.pack'), dataIndex: 'pack', render: (v: string) => <CodeTag group="pack" code={v} /> },
        { title: t('insurance.common.status'), dataIndex: 'status', render: (v: string) => <CodeTag group="runStatus" code={v} /> },
        { title: t('insurance.rules.asOf'), dataIndex: 'as_of', className: 'hm-num' },
        { title: t('insurance.common.snapshot'), dataIndex: 'snapshot_id', className: 'hm-num', responsive: ['md'], render: (v: number | null) => (v ? `#${v}` : t('insurance.common.none')) },
        { title: t('insurance.rules.counts'), key: 'counts', render: (_, r) => (r.error ? <Typography.Text type="danger">{r.error}</Typography.Text> : <span style={{ fontSize: 12 }}>{text(r.pack, r.counts)}</span>) },
        { title: t('insurance.rules.startedAt'), dataIndex: 'started_at', className: 'hm-num', responsive: ['lg'], render: (v: string) => fmt.dateTime(v) },
        { title: t('insurance.rules.finishedAt'), dataIndex: 'finished_at', className: 'hm-num', responsive: ['lg'], render: (v: string | null) => fmt.dateTime(v) },
      ]}
    />
  );
}

/** The run buttons, for users with insurance.run; the others are told why there are none. */
function RunPanel({ onRan }: { onRan: () => void }) {
  const { t } = useI18n();
  const code = useCode();
  const { message } = App.useApp();
  const access = useInsuranceAccess();
  const text = useRunText();
  const [fresh, setFresh] = useState(false);
  const [busy, setBusy] = useState<RunPack | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [last, setLast] = useState<{ pack: RunPack; summary: RunSummary } | null>(null);

  if (!access.canRun) return <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('insurance.rules.readOnly')} />;

  const run = async (pack: RunPack) => {
    setBusy(pack);
    setError(null);
    try {
      const summary = await api.post<RunSummary>('/api/insurance/runs', pack === 'certification' ? { pack } : { pack, freshSnapshot: fresh });
      setLast({ pack, summary });
      void message.success(t('insurance.rules.ran', { summary: text(pack, summary) }));
      onRan();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const button = (pack: RunPack, label: string) => (
    <Popconfirm title={t('insurance.rules.runConfirm', { pack: code('pack', pack) })} okText={t('insurance.common.confirm')} cancelText={t('insurance.common.cancel')} onConfirm={() => run(pack)} disabled={busy !== null}>
      <Button icon={<PlayCircleOutlined />} loading={busy === pack} disabled={busy !== null && busy !== pack} data-testid={`run-${pack}`}>
        {label}
      </Button>
    </Popconfirm>
  );

  return (
    <Card size="small" style={{ marginBottom: 12 }} data-testid="run-panel">
      <Space wrap size={[8, 8]}>
        {button('coverage', t('insurance.rules.runCoverage'))}
        {button('risk', t('insurance.rules.runRisk'))}
        <Checkbox checked={fresh} onChange={(e) => setFresh(e.target.checked)} data-testid="run-fresh">
          {t('insurance.rules.freshSnapshot')}
        </Checkbox>
        {button('certification', t('insurance.rules.runCertification'))}
      </Space>
      {error !== null && <ErrorAlert error={error} style={{ marginTop: 12 }} onClose={() => setError(null)} />}
      {last && (
        <Alert
          type="success"
          showIcon
          closable={{ onClose: () => setLast(null) }}
          style={{ marginTop: 12 }}
          data-testid="run-result"
          title={`${code('pack', last.pack)} #${last.summary.runId}`}
          description={`${text(last.pack, last.summary)} · ${last.summary.seconds.toFixed(1)}s`}
        />
      )}
    </Card>
  );
}

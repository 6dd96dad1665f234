// 政策沙盘 (/policies/:id/simulations/:simulationId?): run a draft version against the active one
// over a snapshot, then read who enters and leaves, the cost by district, the attribution to
// criteria, the groups, and the paged list of changes. Past simulations are listed below.
import { ArrowLeftOutlined, ExperimentOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Form, Row, Segmented, Select, Skeleton, Space, Spin, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api } from '../../shared/api';
import { EChart } from '../../shared/EChart';
import { formatDateTime, formatFen } from '../../shared/format';
import { useI18n } from '../../shared/i18n';
import { PagedTable } from '../../shared/PagedTable';
import { LoadError, NotFoundResult } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { ErrorAlert, StatCard, useDistricts, useFacts, useOwnsPolicy, useRulesFormat } from './common';
import type { Fact, PolicyDetail, SimulationChange, SimulationDetail, SimulationListItem, SimulationSummary, Snapshot } from './types';

const CHANGES = ['enter', 'leave', 'amount'] as const;
type Change = (typeof CHANGES)[number];

export default function SimulationPage() {
  const { id = '', simulationId } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { t, bi } = useI18n();
  const owns = useOwnsPolicy();
  const valid = /^[a-z][a-z0-9-]{2,63}$/.test(id) && (simulationId === undefined || /^[1-9]\d{0,15}$/.test(simulationId));
  const policy = useApi<PolicyDetail>(valid ? `/api/policies/${id}` : null);
  const past = useApi<SimulationListItem[]>(valid ? '/api/simulations' : null, { policyId: id });
  const snapshots = useApi<Snapshot[]>(valid ? '/api/snapshots' : null);
  const facts = useFacts(policy.data?.entity);
  const [running, setRunning] = useState(false);
  const [runError, setRunError] = useState<unknown>(null);
  const [form] = Form.useForm<{ draftVersionId: number; snapshotId?: number; groupBy?: string }>();
  const draftWatch = Form.useWatch('draftVersionId', form) as number | undefined;

  if (!valid) return <NotFoundResult />;
  if (policy.error) return <LoadError error={policy.error} onRetry={policy.reload} />;
  const p = policy.data && policy.data.id === id ? policy.data : undefined;
  if (!p) return <Skeleton active paragraph={{ rows: 10 }} />;

  const mayRun = owns(p.departmentCode);
  const active = p.versions.find((v) => v.active);
  const wantedDraft = Number(params.get('draft')) || undefined;
  const defaultDraft = (wantedDraft && p.versions.find((v) => v.id === wantedDraft)?.id) ?? p.versions.find((v) => !v.active)?.id ?? p.versions[0]?.id;
  const ready = (snapshots.data ?? []).filter((s) => s.status === 'ready');
  const groupFacts = (facts.data ?? []).filter((f) => f.type !== 'int');
  const versionLabel = (vid: number | null) => {
    const v = p.versions.find((x) => x.id === vid);
    return v ? `v${v.version}` : vid === null ? '—' : `#${vid}`;
  };
  const draft = draftWatch ?? defaultDraft;

  const run = async () => {
    const v = await form.validateFields();
    setRunning(true);
    setRunError(null);
    try {
      const r = await api.post<{ id: number; summary: SimulationSummary }>('/api/simulations', {
        policyId: p.id,
        draftVersionId: v.draftVersionId,
        ...(v.snapshotId ? { snapshotId: v.snapshotId } : {}),
        ...(v.groupBy ? { groupBy: v.groupBy } : {}),
      });
      past.reload();
      navigate(`/policies/${p.id}/simulations/${r.id}`);
    } catch (e) {
      setRunError(e);
    } finally {
      setRunning(false);
    }
  };

  const pastColumns: ColumnsType<SimulationListItem> = [
    { title: '#', dataIndex: 'id', className: 'hm-num', render: (n: number) => <Link to={`/policies/${p.id}/simulations/${n}`}>#{n}</Link> },
    {
      title: t('rules.fields.version'),
      key: 'versions',
      render: (_, s) => (s.baseVersionId ? t('rules.simulation.vs', { draft: versionLabel(s.draftVersionId).slice(1), base: versionLabel(s.baseVersionId).slice(1) }) : t('rules.simulation.vsNone', { draft: versionLabel(s.draftVersionId).slice(1) })),
    },
    { title: t('rules.simulation.snapshot'), dataIndex: 'snapshotId', className: 'hm-num', render: (n: number) => `#${n}` },
    {
      title: t('rules.simulation.groupColumn'),
      dataIndex: 'groupBy',
      render: (g: string | null) => {
        const f = g ? facts.byPath.get(g) : undefined;
        return g ? (f ? bi(f) : <span className="hm-mono">{g}</span>) : t('common.none');
      },
    },
    { title: t('rules.simulation.entering'), key: 'enter', align: 'right', className: 'hm-num', render: (_, s) => s.summary.entering },
    { title: t('rules.simulation.leaving'), key: 'leave', align: 'right', className: 'hm-num', render: (_, s) => s.summary.leaving },
    { title: t('rules.simulation.costDelta'), key: 'delta', align: 'right', className: 'hm-num', render: (_, s) => <CostDelta fen={s.summary.costDeltaFen} /> },
    { title: t('rules.fields.createdAt'), dataIndex: 'createdAt', className: 'hm-num', render: (s: string) => formatDateTime(s) },
  ];

  return (
    <div>
      <Link to={`/policies/${p.id}`} style={{ display: 'inline-block', marginBottom: 12 }}>
        <ArrowLeftOutlined /> {bi(p.definition.name)}
      </Link>
      <Typography.Title level={3} className="hm-page-title">
        {t('rules.simulation.title', { name: bi(p.definition.name) })}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('rules.simulation.hint')}</Typography.Paragraph>

      {mayRun ? (
        <Card size="small" style={{ marginBottom: 16 }} data-testid="simulation-form">
          {!snapshots.loading && ready.length === 0 && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('rules.simulation.noSnapshot')} />}
          <Form form={form} layout="vertical" initialValues={{ draftVersionId: defaultDraft }} onFinish={() => void run()}>
            <Row gutter={12} align="bottom">
              <Col xs={24} md={6}>
                <Form.Item name="draftVersionId" label={t('rules.simulation.draft')} rules={[{ required: true }]}>
                  <Select
                    data-testid="simulation-draft"
                    options={p.versions.map((v) => ({ value: v.id, label: `v${v.version}${v.active ? t('rules.simulation.activeSuffix') : ''}${v.note ? ` · ${v.note}` : ''}` }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={6}>
                <Form.Item label={t('rules.simulation.base')}>
                  <Typography.Text data-testid="simulation-base">{active && active.id !== draft ? `v${active.version}` : t('common.none')}</Typography.Text>
                </Form.Item>
              </Col>
              <Col xs={24} md={6}>
                <Form.Item name="snapshotId" label={t('rules.simulation.snapshot')}>
                  <Select
                    allowClear
                    placeholder={t('rules.simulation.latestSnapshot')}
                    loading={snapshots.loading}
                    options={ready.map((s) => ({ value: s.id, label: t('rules.runs.snapshotOption', { id: s.id, asOf: s.asOf }) }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={6}>
                <Form.Item name="groupBy" label={t('rules.simulation.groupBy')}>
                  <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={groupFacts.map((f) => ({ value: f.path, label: `${bi(f)} (${f.path})` }))} data-testid="simulation-group" />
                </Form.Item>
              </Col>
            </Row>
            {(!active || active.id === draft) && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('rules.simulation.noBase')} />}
            {runError !== null && <ErrorAlert error={runError} style={{ marginBottom: 12 }} onClose={() => setRunError(null)} />}
            <Space wrap align="center">
              <Button type="primary" htmlType="submit" icon={<ExperimentOutlined />} loading={running} disabled={ready.length === 0} data-testid="simulation-run">
                {t('rules.simulation.run')}
              </Button>
              {running && <Typography.Text type="secondary">{t('rules.simulation.running')}</Typography.Text>}
            </Space>
          </Form>
        </Card>
      ) : (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('rules.simulation.cannotRun')} />
      )}

      {running ? (
        <Card style={{ marginBottom: 16, textAlign: 'center' }}>
          <Spin description={t('rules.simulation.running')} />
        </Card>
      ) : simulationId ? (
        <SimulationResult key={simulationId} simulationId={simulationId} policy={p} groupFacts={groupFacts} versionLabel={versionLabel} />
      ) : (
        <Card style={{ marginBottom: 16 }}>
          <Empty description={t('rules.simulation.choose')} />
        </Card>
      )}

      <Card size="small" title={t('rules.simulation.past')}>
        <Table<SimulationListItem>
          data-testid="simulation-past"
          rowKey="id"
          size="small"
          loading={past.loading}
          columns={pastColumns}
          dataSource={past.data ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('rules.simulation.noPast') }}
          rowClassName={(s) => (String(s.id) === simulationId ? 'ant-table-row-selected' : '')}
        />
      </Card>
    </div>
  );
}

/** A change in cost: more spending in red, less in green. */
function CostDelta({ fen }: { fen: number }) {
  const { t } = useI18n();
  const color = fen > 0 ? '#cf1322' : fen < 0 ? '#389e0d' : undefined;
  return <span style={{ color }}>{`${fen > 0 ? '+' : fen < 0 ? '−' : ''}${t('common.yuan', { amount: formatFen(Math.abs(fen)) })}`}</span>;
}

function SimulationResult({ simulationId, policy, groupFacts, versionLabel }: { simulationId: string; policy: PolicyDetail; groupFacts: Fact[]; versionLabel: (id: number | null) => string }) {
  const { t, bi, locale } = useI18n();
  const fmt = useRulesFormat();
  const districts = useDistricts();
  const [params, setParams] = useSearchParams();
  const change = (CHANGES as readonly string[]).includes(params.get('change') ?? '') ? (params.get('change') as Change) : undefined;
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? 20) || 20;
  const { data, error, loading, reload } = useApi<SimulationDetail>(`/api/simulations/${simulationId}`, { change, page, pageSize });

  const setQuery = (next: { change?: Change | undefined; page?: number; pageSize?: number }) => {
    const q = new URLSearchParams(params);
    q.delete('draft');
    const c = 'change' in next ? next.change : change;
    if (c) q.set('change', c);
    else q.delete('change');
    const pg = next.page ?? 1;
    if (pg > 1) q.set('page', String(pg));
    else q.delete('page');
    const ps = next.pageSize ?? pageSize;
    if (ps !== 20) q.set('pageSize', String(ps));
    else q.delete('pageSize');
    setParams(q, { replace: true });
  };

  const summary = data && String(data.id) === simulationId ? data.summary : undefined;
  const draftDef = policy.versions.find((v) => v.id === data?.draftVersionId)?.definition;
  const groupFact = groupFacts.find((f) => f.path === summary?.groupBy);

  const groupValue = useCallback(
    (v: string): string => {
      if (groupFact?.type === 'bool') return v === 'true' ? t('common.yes') : v === 'false' ? t('common.no') : v;
      return fmt.factValue(v);
    },
    [groupFact, fmt, t],
  );

  const charts = useMemo(() => {
    if (!summary) return null;
    const num = new Intl.NumberFormat(locale);
    const yuanAxis = (v: number) => num.format(v);
    // Largest at the top: a category axis is drawn bottom-up.
    const rows = [...summary.byDistrict].sort((a, b) => Math.max(a.baseCostFen, a.draftCostFen) - Math.max(b.baseCostFen, b.draftCostFen));
    const district = {
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => (typeof v === 'number' ? t('common.yuan', { amount: formatFen(Math.round(v * 100)) }) : String(v)) },
      xAxis: { type: 'value', axisLabel: { formatter: yuanAxis, hideOverlap: true } },
      yAxis: { type: 'category', data: rows.map((d) => d.name), axisTick: { show: false } },
      series: [
        { name: t('rules.simulation.baseCost'), type: 'bar', data: rows.map((d) => d.baseCostFen / 100), itemStyle: { color: '#8c8c8c' }, barMaxWidth: 10 },
        { name: t('rules.simulation.draftCost'), type: 'bar', data: rows.map((d) => d.draftCostFen / 100), itemStyle: { color: '#1f5fbf' }, barMaxWidth: 10 },
      ],
    };
    const crit = [...summary.byCriterion].reverse();
    const criterion = {
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', minInterval: 1, axisLabel: { hideOverlap: true } },
      yAxis: { type: 'category', data: crit.map((c) => bi(c.label)), axisLabel: { width: 160, overflow: 'break' }, axisTick: { show: false } },
      series: [
        { name: t('rules.simulation.entering'), type: 'bar', data: crit.map((c) => c.entering), itemStyle: { color: '#389e0d' }, barMaxWidth: 14 },
        { name: t('rules.simulation.leaving'), type: 'bar', data: crit.map((c) => c.leaving), itemStyle: { color: '#cf1322' }, barMaxWidth: 14 },
      ],
    };
    const groups = [...summary.byGroup].reverse();
    const group = {
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', minInterval: 1, axisLabel: { hideOverlap: true } },
      yAxis: { type: 'category', data: groups.map((g) => (g.value === null ? t('rules.simulation.emptyValue') : groupValue(g.value))), axisTick: { show: false } },
      series: [
        { name: t('rules.simulation.entering'), type: 'bar', data: groups.map((g) => g.entering), itemStyle: { color: '#389e0d' }, barMaxWidth: 14 },
        { name: t('rules.simulation.leaving'), type: 'bar', data: groups.map((g) => g.leaving), itemStyle: { color: '#cf1322' }, barMaxWidth: 14 },
        { name: t('rules.simulation.amountChanged'), type: 'bar', data: groups.map((g) => g.amountChanged), itemStyle: { color: '#faad14' }, barMaxWidth: 14 },
      ],
    };
    return { district, criterion, group, districtRows: rows.length, criterionRows: crit.length, groupRows: groups.length };
  }, [summary, t, bi, locale, groupValue]);

  if (error && !data) return <LoadError error={error} onRetry={reload} />;
  if (!summary || !data) return <Skeleton active paragraph={{ rows: 8 }} />;

  const stat = (title: string, value: React.ReactNode, testId?: string) => <StatCard title={title} value={value} testId={testId} />;

  const changeColumns: ColumnsType<SimulationChange & { id: number }> = [
    { title: t('rules.simulation.district'), dataIndex: 'district_code', render: (c: string) => districts.name(c) },
    {
      title: t('rules.simulation.entityId'),
      dataIndex: 'entity_id',
      className: 'hm-num',
      render: (n: number) => (
        <Link to={`/explain/${policy.entity}/${n}?snapshotId=${summary.snapshotId}`}>
          {t('rules.run.entityRef', { entity: t(`rules.entities.${policy.entity}`), id: n })}
        </Link>
      ),
    },
    ...(summary.groupBy ? [{ title: t('rules.simulation.group'), dataIndex: 'group_value', render: (g: string | null) => (g === null ? t('rules.simulation.emptyValue') : groupValue(g)) }] : []),
    {
      title: t('rules.simulation.changeColumn'),
      dataIndex: 'change',
      render: (c: Change) => <Tag color={c === 'enter' ? 'green' : c === 'leave' ? 'red' : 'gold'}>{t(`rules.simulation.change.${c}`)}</Tag>,
    },
    { title: t('rules.simulation.oldAmount'), dataIndex: 'old_amount_fen', align: 'right', className: 'hm-num', render: (f: number | null) => fmt.yuan(f) },
    { title: t('rules.simulation.newAmount'), dataIndex: 'new_amount_fen', align: 'right', className: 'hm-num', render: (f: number | null) => fmt.yuan(f) },
    {
      title: t('rules.simulation.criteria'),
      dataIndex: 'criteria',
      render: (c: number[]) =>
        c.length === 0 ? (
          t('common.none')
        ) : (
          <Space size={[4, 4]} wrap style={{ maxWidth: 360 }}>
            {c.map((i) => (
              <Tag key={i} style={{ whiteSpace: 'normal' }}>
                {draftDef?.criteria[i] ? bi(draftDef.criteria[i].label) : `#${i + 1}`}
              </Tag>
            ))}
          </Space>
        ),
    },
  ];
  const changes = { ...data.changes, items: data.changes.items.map((c) => ({ ...c, id: c.entity_id })) };

  return (
    <div data-testid="simulation-result">
      <Card
        size="small"
        style={{ marginBottom: 16 }}
        title={`#${data.id} · ${data.baseVersionId ? t('rules.simulation.vs', { draft: versionLabel(data.draftVersionId).slice(1), base: versionLabel(data.baseVersionId).slice(1) }) : t('rules.simulation.vsNone', { draft: versionLabel(data.draftVersionId).slice(1) })}`}
        extra={<Typography.Text type="secondary">{t('rules.simulation.snapshotRef', { id: summary.snapshotId })}</Typography.Text>}
      >
        <Row gutter={[12, 12]} data-testid="simulation-stats">
          <Col xs={12} md={6}>
            {stat(t('rules.simulation.baseEligible'), fmt.num.format(summary.base.eligible))}
          </Col>
          <Col xs={12} md={6}>
            {stat(t('rules.simulation.draftEligible'), fmt.num.format(summary.draft.eligible))}
          </Col>
          <Col xs={12} md={6}>
            {stat(t('rules.simulation.baseCost'), fmt.yuan(summary.base.costFen))}
          </Col>
          <Col xs={12} md={6}>
            {stat(t('rules.simulation.draftCost'), fmt.yuan(summary.draft.costFen))}
          </Col>
          <Col xs={12} md={6}>
            {stat(t('rules.simulation.entering'), <span style={{ color: summary.entering ? '#389e0d' : undefined }}>{summary.entering ? '+' : ''}{fmt.num.format(summary.entering)}</span>, 'sim-entering')}
          </Col>
          <Col xs={12} md={6}>
            {stat(t('rules.simulation.leaving'), <span style={{ color: summary.leaving ? '#cf1322' : undefined }}>{summary.leaving ? '−' : ''}{fmt.num.format(summary.leaving)}</span>, 'sim-leaving')}
          </Col>
          <Col xs={12} md={6}>
            {stat(t('rules.simulation.amountChanged'), fmt.num.format(summary.amountChanged))}
          </Col>
          <Col xs={12} md={6}>
            {stat(t('rules.simulation.costDelta'), <CostDelta fen={summary.costDeltaFen} />, 'sim-cost-delta')}
          </Col>
        </Row>
      </Card>
      {charts && (
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('rules.simulation.byDistrict')}>
              {charts.districtRows === 0 ? <Empty /> : <EChart testId="sim-district-chart" option={charts.district} style={{ height: Math.max(240, charts.districtRows * 24 + 60) }} />}
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              <Card size="small" title={t('rules.simulation.byCriterion')}>
                {charts.criterionRows === 0 ? <Empty /> : <EChart testId="sim-criterion-chart" option={charts.criterion} style={{ height: Math.max(200, charts.criterionRows * 48 + 60) }} />}
              </Card>
              {summary.groupBy && (
                <Card size="small" title={`${t('rules.simulation.byGroup')} · ${groupFact ? bi(groupFact) : summary.groupBy}`}>
                  {charts.groupRows === 0 ? <Empty description={t('rules.simulation.noChanges')} /> : <EChart testId="sim-group-chart" option={charts.group} style={{ height: Math.max(200, charts.groupRows * 40 + 60) }} />}
                </Card>
              )}
            </Space>
          </Col>
        </Row>
      )}
      <Card size="small" title={t('rules.simulation.changes')} style={{ marginBottom: 16 }}>
        <Segmented<string>
          style={{ marginBottom: 12, maxWidth: '100%', overflowX: 'auto' }}
          value={change ?? 'all'}
          onChange={(v) => setQuery({ change: v === 'all' ? undefined : (v as Change) })}
          options={[{ value: 'all', label: t('rules.simulation.all') }, ...CHANGES.map((c) => ({ value: c, label: t(`rules.simulation.change.${c}`) }))]}
          data-testid="sim-change-filter"
        />
        {summary.entering + summary.leaving + summary.amountChanged === 0 ? (
          <Empty description={t('rules.simulation.noChanges')} />
        ) : (
          <PagedTable testId="sim-changes" data={changes} columns={changeColumns} loading={loading} page={page} pageSize={pageSize} onPage={(pg, ps) => setQuery({ page: ps !== pageSize ? 1 : pg, pageSize: ps })} />
        )}
      </Card>
    </div>
  );
}

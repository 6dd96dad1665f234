// One run: progress (polled while running), results by policy and status, and the two outreach
// lists: 差一条 (missed by exactly one criterion, with the margin) and 缺数据 (undetermined data).
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Card, Col, Descriptions, Empty, Grid, Progress, Row, Select, Skeleton, Space, Table, Tabs, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { api } from '../../shared/api';
import { useAuth } from '../../shared/auth';
import { EChart } from '../../shared/EChart';
import { formatDateTime } from '../../shared/format';
import { useI18n } from '../../shared/i18n';
import { LoadError, NotFoundResult } from '../../shared/results';
import type { Paged } from '../../shared/types';
import { useApi } from '../../shared/useApi';
import { CITY_CODE, CriterionIcon, ErrorAlert, FittedPagedTable, factPathsOf, marginUnit, RunStatusTag, StatCard, useDistricts, useFacts, usePoll, useRulesFormat } from './common';
import type { Fact, OutreachItem, PolicyDefinition, PolicyDetail, PolicyListItem, RunDetail, Snapshot } from './types';

const STATUS_ORDER = ['ready', 'awaiting_confirmation', 'awaiting_application', 'in_batch', 'paid', 'payment_failed', 'declined', 'excluded'];
const STATUS_COLOR: Record<string, string> = {
  ready: '#13c2c2',
  awaiting_confirmation: '#1f5fbf',
  awaiting_application: '#fa8c16',
  in_batch: '#2f54eb',
  paid: '#389e0d',
  payment_failed: '#cf1322',
  declined: '#bfbfbf',
  excluded: '#8c8c8c',
};
type Kind = 'near_miss' | 'missing_data';

export default function RunDetailPage() {
  const { id = '' } = useParams();
  const { t, bi, dyn, locale } = useI18n();
  const { can } = useAuth();
  const fmt = useRulesFormat();
  const valid = /^[1-9]\d{0,15}$/.test(id);
  const run = useApi<RunDetail>(valid ? `/api/runs/${id}` : null);
  const policies = useApi<PolicyListItem[]>(valid ? '/api/policies' : null);
  const snapshots = useApi<Snapshot[]>(valid ? '/api/snapshots' : null);
  const r = run.data && String(run.data.id) === id ? run.data : undefined;

  usePoll(r?.status === 'running', async () => run.setData(await api.get<RunDetail>(`/api/runs/${id}`)));

  const policyName = (pid: string) => {
    const p = policies.data?.find((x) => x.id === pid);
    return p ? bi(p.name) : pid;
  };

  const byPolicy = useMemo(() => {
    if (!r) return { rows: [], statuses: [] as string[] };
    const statuses = STATUS_ORDER.filter((s) => r.byPolicy.some((b) => b.status === s));
    for (const b of r.byPolicy) if (!statuses.includes(b.status)) statuses.push(b.status);
    const ids = [...new Set([...r.byPolicy.map((b) => b.policy_id), ...r.outreach.map((o) => o.policy_id)])].sort();
    const rows = ids.map((pid) => {
      const mine = r.byPolicy.filter((b) => b.policy_id === pid);
      return {
        id: pid,
        counts: Object.fromEntries(mine.map((b) => [b.status, b.n])) as Record<string, number>,
        total: mine.reduce((s, b) => s + b.n, 0),
        fen: mine.filter((b) => b.status !== 'excluded' && b.status !== 'declined').reduce((s, b) => s + b.fen, 0),
        nearMiss: r.outreach.find((o) => o.policy_id === pid && o.kind === 'near_miss')?.n ?? 0,
        missing: r.outreach.find((o) => o.policy_id === pid && o.kind === 'missing_data')?.n ?? 0,
      };
    });
    return { rows, statuses };
  }, [r]);

  const chart = useMemo(() => {
    if (!r || byPolicy.statuses.length === 0) return null;
    const num = new Intl.NumberFormat(locale);
    const rows = [...byPolicy.rows].reverse();
    return {
      grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0, type: 'scroll' },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => (typeof v === 'number' ? num.format(v) : String(v)) },
      xAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: (v: number) => num.format(v), hideOverlap: true } },
      yAxis: { type: 'category', data: rows.map((x) => policyName(x.id)), axisLabel: { width: 150, overflow: 'truncate' }, axisTick: { show: false } },
      series: byPolicy.statuses.map((s) => ({
        name: dyn(`rules.entitlementStatus.${s}`, s),
        type: 'bar',
        stack: 'status',
        barMaxWidth: 16,
        itemStyle: { color: STATUS_COLOR[s] ?? '#d9d9d9' },
        data: rows.map((x) => x.counts[s] ?? 0),
      })),
    };
    // policyName reads policies.data and the language.
  }, [r, byPolicy, locale, dyn, policies.data, bi]);

  if (!valid) return <NotFoundResult />;
  if (run.error && !r) return <LoadError error={run.error} onRetry={run.reload} />;
  if (!r) return <Skeleton active paragraph={{ rows: 10 }} />;

  const snap = snapshots.data?.find((s) => s.id === r.snapshotId);
  const percent = r.chunksTotal ? Math.floor((r.chunksDone * 100) / r.chunksTotal) : 0;
  const policyColumns: ColumnsType<(typeof byPolicy.rows)[number]> = [
    {
      title: t('rules.run.policy'),
      key: 'policy',
      render: (_, x) => (
        <div style={{ minWidth: 160, maxWidth: 280, whiteSpace: 'normal' }}>
          <Link to={`/policies/${x.id}`}>{policyName(x.id)}</Link>
        </div>
      ),
    },
    ...byPolicy.statuses.map((s) => ({
      title: dyn(`rules.entitlementStatus.${s}`, s),
      key: s,
      align: 'right' as const,
      className: 'hm-num',
      render: (_: unknown, x: (typeof byPolicy.rows)[number]) => fmt.num.format(x.counts[s] ?? 0),
    })),
    { title: t('rules.run.total'), dataIndex: 'total', align: 'right', className: 'hm-num', render: (n: number) => <strong>{fmt.num.format(n)}</strong> },
    { title: t('rules.run.amount'), dataIndex: 'fen', align: 'right', className: 'hm-num', render: (f: number) => fmt.yuan(f) },
    { title: t('rules.runs.nearMiss'), dataIndex: 'nearMiss', align: 'right', className: 'hm-num', render: (n: number) => fmt.num.format(n) },
    { title: t('rules.runs.missingData'), dataIndex: 'missing', align: 'right', className: 'hm-num', render: (n: number) => fmt.num.format(n) },
  ];

  return (
    <div>
      <Link to="/runs" style={{ display: 'inline-block', marginBottom: 12 }}>
        <ArrowLeftOutlined /> {t('rules.run.back')}
      </Link>
      <Card style={{ marginBottom: 16 }} data-testid="run-header" data-status={r.status}>
        <Space wrap align="center" size={12}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('rules.run.title', { id: r.id })}
          </Typography.Title>
          <RunStatusTag status={r.status} />
        </Space>
        <Progress
          data-testid="run-progress"
          style={{ marginTop: 12 }}
          percent={percent}
          status={r.status === 'failed' ? 'exception' : r.status === 'running' ? 'active' : 'success'}
          format={() => `${r.chunksDone}/${r.chunksTotal}`}
        />
        {r.status === 'failed' && <Alert type="error" showIcon style={{ marginTop: 12 }} title={t('rules.run.failed')} description={r.error ?? undefined} />}
        <Descriptions
          className="hm-stack"
          size="small"
          style={{ marginTop: 12 }}
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'snap', label: t('rules.runs.snapshot'), children: snap ? t('rules.run.snapshot', { id: snap.id, asOf: snap.asOf }) : `#${r.snapshotId}` },
            { key: 'period', label: t('rules.runs.period'), children: <span className="hm-num">{r.periodMonth}</span> },
            { key: 'by', label: t('rules.runs.startedBy'), children: r.startedBy ?? t('rules.detail.system') },
            { key: 'at', label: t('rules.runs.startedAt'), children: <span className="hm-num">{formatDateTime(r.startedAt)}</span> },
            { key: 'fin', label: t('rules.runs.finishedAt'), children: <span className="hm-num">{formatDateTime(r.finishedAt)}</span> },
          ]}
        />
      </Card>
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        <Col xs={24} sm={8}>
          <StatCard title={t('rules.runs.created')} value={fmt.num.format(r.entitlementsCreated)} testId="run-created" />
        </Col>
        <Col xs={12} sm={8}>
          <StatCard title={t('rules.runs.nearMiss')} value={fmt.num.format(r.nearMiss)} testId="run-near-miss" />
        </Col>
        <Col xs={12} sm={8}>
          <StatCard title={t('rules.runs.missingData')} value={fmt.num.format(r.missingData)} testId="run-missing" />
        </Col>
      </Row>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24}>
          <Card size="small" title={t('rules.run.byPolicy')}>
            <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
              {t('rules.run.byPolicyHint')}
            </Typography.Paragraph>
            <Table
              data-testid="run-by-policy"
              rowKey="id"
              size="small"
              columns={policyColumns}
              dataSource={byPolicy.rows}
              pagination={false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: <Empty /> }}
            />
          </Card>
        </Col>
        <Col xs={24}>
          <Card size="small" title={t('rules.run.chart')}>
            {chart ? <EChart testId="run-chart" option={chart} style={{ height: Math.max(220, byPolicy.rows.length * 30 + 70) }} /> : <Empty />}
          </Card>
        </Col>
      </Row>
      {can('entitlement.read') ? (
        <Outreach run={r} policyName={policyName} />
      ) : (
        <Alert type="info" showIcon title={t('rules.run.outreachForbidden')} />
      )}
    </div>
  );
}

/** Each policy's definition in the version this run used, loaded as rows need them (for criterion units and facts). */
function useRunDefinitions(policyIds: string[], versionIds: number[]) {
  const [defs, setDefs] = useState<Map<string, PolicyDefinition>>(new Map());
  const key = [...new Set(policyIds)].sort().join(',');
  useEffect(() => {
    const missing = key ? key.split(',').filter((pid) => !defs.has(pid)) : [];
    if (missing.length === 0) return;
    let live = true;
    void Promise.all(missing.map((pid) => api.get<PolicyDetail>(`/api/policies/${pid}`).catch(() => null))).then((details) => {
      if (!live) return;
      setDefs((prev) => {
        const next = new Map(prev);
        for (const d of details) {
          if (!d) continue;
          const v = d.versions.find((x) => versionIds.includes(x.id));
          next.set(d.id, v?.definition ?? d.definition);
        }
        return next;
      });
    });
    return () => {
      live = false;
    };
    // `defs` is read only to skip what is already loaded.
  }, [key, versionIds]);
  return defs;
}

function Outreach({ run, policyName }: { run: RunDetail; policyName: (id: string) => string }) {
  const { t, bi } = useI18n();
  const fmt = useRulesFormat();
  const districts = useDistricts();
  const screens = Grid.useBreakpoint();
  const narrow = screens.md === false;
  // The employment catalogue names every namespace (employment, person, household, enterprise).
  const facts = useFacts('employment');
  const [params, setParams] = useSearchParams();
  const kind: Kind = params.get('tab') === 'missing_data' ? 'missing_data' : 'near_miss';
  const policyId = params.get('policy') ?? undefined;
  const districtCode = params.get('district') ?? undefined;
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? 20) || 20;
  const { user } = useAuth();
  // The run's totals are city-wide; a scoped officer's lists are their area's only, so no totals on the tabs.
  const cityWide = user?.orgCode === CITY_CODE;
  const list = useApi<Paged<OutreachItem>>(`/api/runs/${run.id}/outreach`, { kind, policyId, districtCode, page, pageSize });
  const defs = useRunDefinitions((list.data?.items ?? []).map((i) => i.policyId), run.versionIds);

  const set = (next: Record<string, string | undefined>) => {
    const q = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) q.set(k, v);
      else q.delete(k);
    }
    if (!('page' in next)) q.delete('page');
    setParams(q, { replace: true });
  };

  const policyOptions = [...new Set(run.outreach.filter((o) => o.kind === kind).map((o) => o.policy_id))].map((pid) => ({
    value: pid,
    label: cityWide ? `${policyName(pid)} (${fmt.num.format(run.outreach.find((o) => o.policy_id === pid && o.kind === kind)?.n ?? 0)})` : policyName(pid),
  }));

  const criterionView = (item: OutreachItem, c: OutreachItem['criteria'][number]) => {
    const def = defs.get(item.policyId);
    const expr = def?.criteria[c.index]?.expr ?? '';
    const unit = expr ? marginUnit(expr, facts.byPath) : null;
    const words = c.value === false ? fmt.margin(c.margin, unit) : null;
    const paths = expr ? factPathsOf(expr).filter((p) => p in item.facts) : [];
    return (
      <div key={c.index} style={{ marginBottom: 4 }}>
        <Space size={6} align="start">
          <CriterionIcon value={c.value} />
          <span>
            {bi(c.label)}
            {words && (
              <Typography.Text type="danger" strong data-testid="outreach-margin">
                {' '}
                · {words}
              </Typography.Text>
            )}
          </span>
        </Space>
        {paths.length > 0 && (
          <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)', paddingInlineStart: 20 }}>
            {paths.map((p) => {
              const f: Fact | undefined = facts.byPath.get(p);
              return (
                <div key={p}>
                  {f ? bi(f) : p}
                  {t('rules.colon')}
                  {fmt.factValue(item.facts[p], f?.unit)}
                </div>
              );
            })}
          </div>
        )}
      </div>
    );
  };

  const who = (i: OutreachItem) =>
    i.entityType === 'person' && i.name ? (
      <div>
        <div>{i.name}</div>
        {i.idNumber && (
          <div className="hm-mono" style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
            {i.idNumber}
          </div>
        )}
      </div>
    ) : (
      t('rules.run.entityRef', { entity: t(`rules.entities.${i.entityType}`), id: i.entityId })
    );
  const explainLink = (i: OutreachItem) => (
    <Link to={`/explain/${i.entityType}/${i.entityId}?snapshotId=${run.snapshotId}`} state={i.name ? { name: i.name } : undefined} data-testid="outreach-explain">
      {t('rules.run.explain')}
    </Link>
  );

  const columns: ColumnsType<OutreachItem & { id: string }> = [
    {
      title: t('rules.run.person'),
      key: 'who',
      render: (_, i) => who(i),
    },
    { title: t('rules.run.district'), dataIndex: 'districtCode', render: (c: string) => districts.name(c) },
    ...(policyId
      ? []
      : [
          {
            title: t('rules.run.policy'),
            key: 'policy',
            render: (_: unknown, i: OutreachItem) => <div style={{ minWidth: 140, maxWidth: 220, whiteSpace: 'normal' }}>{bi(i.policyName)}</div>,
          },
        ]),
    {
      title: t('rules.run.criteria'),
      key: 'criteria',
      render: (_, i) => <div style={{ minWidth: 220, maxWidth: 420, whiteSpace: 'normal' }}>{i.criteria.map((c) => criterionView(i, c))}</div>,
    },
    {
      title: '',
      key: 'explain',
      render: (_, i) => explainLink(i),
    },
  ];

  // Phones: one stacked cell per row, so the criteria and the margin are seen without scrolling sideways.
  const narrowColumns: ColumnsType<OutreachItem & { id: string }> = [
    {
      title: t('rules.run.criteria'),
      key: 'all',
      render: (_, i) => (
        <div style={{ whiteSpace: 'normal' }}>
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
            <div style={{ minWidth: 0 }}>{who(i)}</div>
            <div style={{ flex: 'none' }}>{explainLink(i)}</div>
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {districts.name(i.districtCode)}
            {!policyId && ` · ${bi(i.policyName)}`}
          </Typography.Text>
          <div style={{ marginTop: 4 }}>{i.criteria.map((c) => criterionView(i, c))}</div>
        </div>
      ),
    },
  ];

  const data = list.data ? { ...list.data, items: list.data.items.map((i) => ({ ...i, id: `${i.policyId}:${i.entityType}:${i.entityId}` })) } : undefined;
  const body = (
    <>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {kind === 'near_miss' ? t('rules.run.nearMissHint') : t('rules.run.missingHint')}
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          data-testid="outreach-policy"
          style={{ minWidth: 220, maxWidth: '100%' }}
          allowClear
          placeholder={t('rules.run.allPolicies')}
          value={policyId}
          onChange={(v?: string) => set({ policy: v })}
          options={policyOptions}
        />
        {districts.list.length > 1 && (
          <Select
            data-testid="outreach-district"
            style={{ minWidth: 160 }}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('rules.run.allDistricts')}
            value={districtCode}
            onChange={(v?: string) => set({ district: v })}
            options={districts.list.map((d) => ({ value: d.code, label: d.name }))}
          />
        )}
      </Space>
      {list.error !== undefined ? (
        <ErrorAlert error={list.error} />
      ) : (
        <FittedPagedTable
          narrow={narrow}
          testId={`outreach-${kind}`}
          data={data}
          columns={narrow ? narrowColumns : columns}
          loading={list.loading}
          page={page}
          pageSize={pageSize}
          onPage={(pg, ps) => set({ page: ps !== pageSize || pg <= 1 ? undefined : String(pg), pageSize: ps === 20 ? undefined : String(ps) })}
        />
      )}
    </>
  );

  return (
    <Card size="small">
      <Tabs
        activeKey={kind}
        onChange={(k) => set({ tab: k === 'near_miss' ? undefined : k, policy: undefined })}
        items={[
          { key: 'near_miss', label: cityWide ? `${t('rules.run.nearMissTab')} (${fmt.num.format(run.nearMiss)})` : t('rules.run.nearMissTab'), children: kind === 'near_miss' ? body : null },
          { key: 'missing_data', label: cityWide ? `${t('rules.run.missingTab')} (${fmt.num.format(run.missingData)})` : t('rules.run.missingTab'), children: kind === 'missing_data' ? body : null },
        ]}
      />
    </Card>
  );
}

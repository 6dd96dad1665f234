// 规模性失业风险预警: insured headcount and the month's warnings — an enterprise over the layoff
// threshold, a sustained decline, unpaid contributions — by month, district and industry; the
// warnings of a month with a case opened for each (link to the case), and an enterprise's headcount
// series in a drawer. City staff run the month's check.
import { ThunderboltOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, DatePicker, Descriptions, Drawer, Grid, Modal, Row, Select, Skeleton, Table, Tabs, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import { PagedTable } from '../../shared/PagedTable';
import { LoadError } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { INDUSTRY_SECTIONS } from '../registry/industries';
import { HeadcountChart, WarningTrendChart } from './charts';
import { CodeTag, ErrorAlert, FilterSelect, PageHeader, useEmploymentAccess, useFormat, useReference, useUrlFilters } from './common';
import type { Bi } from '../../shared/types';
import { readWarningFacts, readWarningSummary, WARNING_KINDS, WARNINGS_API, type EnterpriseWarning, type HeadcountResponse, type RawWarningSummary, type Warning, type WarningKind, type WarningPage, type WarningSummary } from './types';

/** A warning's details in words: "减员25人（62.5%）". */
function useWarningText() {
  const { t } = useI18n();
  const fmt = useFormat();
  return (w: Pick<Warning, 'kind' | 'details'>): string => {
    const f = readWarningFacts(w.kind, w.details);
    const share = f.share !== undefined ? fmt.pct(f.share) : undefined;
    const parts: string[] = [];
    if (w.kind === 'unpaid_contributions') {
      if (f.owed !== undefined) parts.push(share ? t('employment.warnings.owedShare', { n: fmt.int(f.owed), share }) : t('employment.warnings.owedText', { n: fmt.int(f.owed) }));
      if (f.months !== undefined) parts.push(t('employment.warnings.monthsText', { n: f.months }));
    } else {
      if (w.kind === 'sustained_decline' && f.months !== undefined) parts.push(t('employment.warnings.declineMonths', { n: f.months }));
      if (f.drop !== undefined) parts.push(share ? t('employment.warnings.dropShare', { n: fmt.int(f.drop), share }) : t('employment.warnings.drop', { n: fmt.int(f.drop) }));
      if (f.from !== undefined && f.to !== undefined) parts.push(t('employment.warnings.fromTo', { from: fmt.int(f.from), to: fmt.int(f.to) }));
    }
    if (parts.length) return parts.join('，');
    // Unknown details: show what is there.
    return Object.entries(w.details ?? {})
      .filter(([, v]) => v === null || typeof v !== 'object')
      .map(([k, v]) => `${k}: ${String(v)}`)
      .join('，');
  };
}

/** The follow-up case's state in words: the case kind's label for the code, or 已办结 / 办理中. */
function useCaseState() {
  const { t, bi } = useI18n();
  const kinds = useApi<{ items: { code: string; states: { code: string; label: Bi }[] }[] }>('/api/case-kinds');
  const states = useMemo(() => new Map((kinds.data?.items.find((k) => k.code === WARNINGS_API.caseKind)?.states ?? []).map((s) => [s.code, s.label])), [kinds.data]);
  return (w: Pick<EnterpriseWarning, 'caseState' | 'caseFinal'>): string => {
    if (w.caseState && typeof w.caseState === 'object') return bi(w.caseState);
    const label = w.caseState ? states.get(w.caseState) : undefined;
    if (label) return bi(label);
    if (w.caseFinal !== undefined && w.caseFinal !== null) return w.caseFinal ? t('employment.warnings.caseClosed') : t('employment.warnings.caseOpen');
    return w.caseState ?? '';
  };
}

export default function WarningsPage() {
  const { t, bi } = useI18n();
  const { message } = App.useApp();
  const access = useEmploymentAccess();
  const ref = useReference();
  const fmt = useFormat();
  const f = useUrlFilters();
  const text = useWarningText();
  const month = f.get('month');
  const kind = f.get('kind') as WarningKind | undefined;
  const district = f.get('district');
  const industry = f.get('industry');
  const enterprise = f.get('enterprise');
  const list = useApi<WarningPage>(WARNINGS_API.list, { month, kind, district, industry, page: f.page, pageSize: f.pageSize });
  const summary = useApi<RawWarningSummary>(WARNINGS_API.summary, { months: 12 });
  const board = useMemo(() => (summary.data ? readWarningSummary(summary.data) : undefined), [summary.data]);
  const caseState = useCaseState();
  const months = list.data?.months ?? [];
  // Without a month the server answers for the latest one with warnings.
  const shownMonth = month ?? list.data?.month ?? months[0];
  const [running, setRunning] = useState(false);

  const industryName = (code: string) => (INDUSTRY_SECTIONS[code] ? `${code} ${bi(INDUSTRY_SECTIONS[code])}` : code);
  const change = (n: number) => <Typography.Text type={n < 0 ? 'danger' : n > 0 ? 'success' : undefined}>{fmt.signed(n)}</Typography.Text>;

  const columns: ColumnsType<Warning> = [
    { title: t('employment.warnings.kind'), dataIndex: 'kind', render: (v: string) => <CodeTag group="warningKind" code={v} /> },
    {
      title: t('employment.warnings.enterprise'),
      dataIndex: 'enterpriseName',
      render: (v: string, w) => (
        <Typography.Link onClick={() => f.set({ enterprise: w.enterpriseId, page: f.page > 1 ? f.page : undefined })} data-testid="warning-enterprise">
          {v}
        </Typography.Link>
      ),
    },
    { title: t('employment.common.creditCode'), dataIndex: 'creditCode', className: 'hm-mono', responsive: ['xl'] },
    { title: t('employment.common.district'), dataIndex: 'districtName', responsive: ['md'] },
    { title: t('employment.warnings.industry'), dataIndex: 'industrySection', responsive: ['lg'], render: (v: string) => industryName(v) },
    { title: t('employment.warnings.month'), dataIndex: 'month', className: 'hm-num', responsive: ['sm'] },
    { title: t('employment.warnings.details'), key: 'details', render: (_, w) => <span data-testid="warning-details">{text(w)}</span> },
    {
      title: t('employment.warnings.case'),
      key: 'case',
      render: (_, w) =>
        w.caseId ? (
          <Link to={`/cases/${w.caseId}`} data-testid="warning-case">
            #{w.caseId}
            {caseState(w) ? ` · ${caseState(w)}` : ''}
          </Link>
        ) : (
          <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
        ),
    },
  ];

  type DistrictRow = WarningSummary['byDistrict'][number];
  type IndustryRow = WarningSummary['byIndustry'][number];
  const districtColumns: ColumnsType<DistrictRow> = [
    { title: t('employment.common.district'), dataIndex: 'name', render: (v: string, r) => <Typography.Link onClick={() => f.set({ district: r.districtCode })}>{v}</Typography.Link> },
    { title: t('employment.warnings.insured'), dataIndex: 'insured', align: 'right', className: 'hm-num', sorter: (a, b) => a.insured - b.insured, render: (v: number) => fmt.int(v) },
    { title: t('employment.warnings.change'), dataIndex: 'change', align: 'right', className: 'hm-num', sorter: (a, b) => a.change - b.change, render: (v: number) => change(v) },
    { title: t('employment.warnings.count'), dataIndex: 'warnings', align: 'right', className: 'hm-num', defaultSortOrder: 'descend', sorter: (a, b) => a.warnings - b.warnings, render: (v: number) => fmt.int(v) },
  ];
  const industryColumns: ColumnsType<IndustryRow> = [
    { title: t('employment.warnings.industry'), dataIndex: 'industrySection', render: (v: string) => <Typography.Link onClick={() => f.set({ industry: v })}>{industryName(v)}</Typography.Link> },
    { title: t('employment.warnings.insured'), dataIndex: 'insured', align: 'right', className: 'hm-num', sorter: (a, b) => a.insured - b.insured, render: (v: number) => fmt.int(v) },
    { title: t('employment.warnings.change'), dataIndex: 'change', align: 'right', className: 'hm-num', sorter: (a, b) => a.change - b.change, render: (v: number) => change(v) },
    { title: t('employment.warnings.count'), dataIndex: 'warnings', align: 'right', className: 'hm-num', defaultSortOrder: 'descend', sorter: (a, b) => a.warnings - b.warnings, render: (v: number) => fmt.int(v) },
  ];

  const filtered = !!(kind || district || industry);

  return (
    <div data-testid="warnings-page">
      <PageHeader
        title={t('employment.warnings.title')}
        hint={t('employment.warnings.hint')}
        extra={
          access.canHandle &&
          access.city && (
            <Button icon={<ThunderboltOutlined />} onClick={() => setRunning(true)} data-testid="warnings-run">
              {t('employment.warnings.run')}
            </Button>
          )
        }
      />
      <Card size="small" title={t('employment.warnings.trend')} style={{ marginBottom: 16 }}>
        {summary.error && !board ? <ErrorAlert error={summary.error} /> : !board ? <Skeleton active paragraph={{ rows: 6 }} /> : <WarningTrendChart trend={board.trend} />}
      </Card>
      {board && (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Tabs
            items={[
              {
                key: 'district',
                label: t('employment.warnings.byDistrict'),
                children: <Table<DistrictRow> data-testid="warnings-by-district" rowKey="districtCode" size="small" columns={districtColumns} dataSource={board.byDistrict} pagination={false} scroll={{ x: 'max-content', y: 360 }} />,
              },
              {
                key: 'industry',
                label: t('employment.warnings.byIndustry'),
                children: <Table<IndustryRow> data-testid="warnings-by-industry" rowKey="industrySection" size="small" columns={industryColumns} dataSource={board.byIndustry} pagination={false} scroll={{ x: 'max-content', y: 360 }} />,
              },
            ]}
          />
        </Card>
      )}
      <Card size="small" title={t('employment.warnings.list')}>
        <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
          <Col xs={12} md={{ flex: 'none' }}>
            <Select
              data-testid="warnings-month"
              style={{ width: '100%', minWidth: 120 }}
              aria-label={t('employment.warnings.month')}
              placeholder={t('employment.warnings.month')}
              value={shownMonth}
              onChange={(m: string) => f.set({ month: m })}
              options={months.map((m) => ({ value: m, label: m }))}
            />
          </Col>
          <Col xs={12} md={{ flex: 'none' }}>
            <FilterSelect<WarningKind> testId="warnings-kind" width={170} placeholder={t('employment.warnings.allKinds')} value={kind} onChange={(v) => f.set({ kind: v })} options={WARNING_KINDS.map((k) => ({ value: k, label: t(`employment.warningKind.${k}`) }))} />
          </Col>
          {!access.ownDistrict && (
            <Col xs={12} md={{ flex: 'none' }}>
              <FilterSelect testId="warnings-district" placeholder={t('employment.common.allDistricts')} value={district} onChange={(v) => f.set({ district: v })} options={ref.districtOptions} showSearch />
            </Col>
          )}
          <Col xs={12} md={{ flex: 'none' }}>
            <FilterSelect
              testId="warnings-industry"
              width={200}
              placeholder={t('employment.warnings.allIndustries')}
              value={industry}
              onChange={(v) => f.set({ industry: v })}
              options={Object.keys(INDUSTRY_SECTIONS).map((c) => ({ value: c, label: industryName(c) }))}
              showSearch
            />
          </Col>
          {filtered && (
            <Col xs={24} md={{ flex: 'none' }}>
              <Button type="link" style={{ paddingInline: 0 }} onClick={() => f.set({ kind: undefined, district: undefined, industry: undefined })}>
                {t('employment.common.clearFilters')}
              </Button>
            </Col>
          )}
        </Row>
        {list.error && !list.data ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <PagedTable<Warning> testId="warnings-table" columns={columns} data={list.data} loading={list.loading} page={f.page} pageSize={f.pageSize} onPage={f.onPage} />
        )}
      </Card>
      <EnterpriseDrawer id={enterprise} onClose={() => f.set({ enterprise: undefined, page: f.page > 1 ? f.page : undefined })} />
      {running && (
        <RunModal
          latest={months[0]}
          onClose={() => setRunning(false)}
          onDone={(m) => {
            setRunning(false);
            void message.success(t('employment.warnings.ran', { month: m }));
            f.set({ month: m });
            list.reload();
            summary.reload();
          }}
        />
      )}
    </div>
  );
}

function RunModal({ latest, onClose, onDone }: { latest: string | undefined; onClose: () => void; onDone: (month: string) => void }) {
  const { t } = useI18n();
  const [value, setValue] = useState<Dayjs | null>(latest ? dayjs(`${latest}-01`) : dayjs().subtract(1, 'month'));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async () => {
    if (!value) return;
    const month = value.format('YYYY-MM');
    setBusy(true);
    setError(null);
    try {
      await api.post(WARNINGS_API.run, { month });
      onDone(month);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('employment.warnings.run')} onCancel={onClose} onOk={() => void run()} okText={t('employment.warnings.runOk')} cancelText={t('common.cancel')} confirmLoading={busy} okButtonProps={{ disabled: !value, 'data-testid': 'warnings-run-confirm' } as never} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('employment.warnings.runHint')}</Typography.Paragraph>
      {error !== null && <ErrorAlert error={error} style={{ marginBottom: 12 }} />}
      <DatePicker picker="month" format="YYYY-MM" value={value} onChange={setValue} style={{ width: '100%' }} />
    </Modal>
  );
}

function EnterpriseDrawer({ id, onClose }: { id: string | undefined; onClose: () => void }) {
  const { t, bi } = useI18n();
  const screens = Grid.useBreakpoint();
  const text = useWarningText();
  const caseState = useCaseState();
  const valid = !!id && /^\d+$/.test(id);
  const res = useApi<HeadcountResponse>(valid ? WARNINGS_API.headcount(Number(id)) : null);
  const d = res.data && String(res.data.enterprise.id) === id ? res.data : undefined;
  return (
    <Drawer open={!!id} onClose={onClose} title={d?.enterprise.name ?? t('employment.warnings.enterprise')} size={screens.md ? 640 : '100%'} destroyOnHidden>
      {res.error && !d ? (
        <LoadError error={res.error} onRetry={res.reload} />
      ) : !d ? (
        <Skeleton active />
      ) : (
        <div data-testid="warning-enterprise-drawer">
          <Descriptions
            size="small"
            column={1}
            style={{ marginBottom: 12 }}
            items={[
              { key: 'code', label: t('employment.common.creditCode'), children: <span className="hm-mono">{d.enterprise.creditCode}</span> },
              { key: 'district', label: t('employment.common.district'), children: d.enterprise.districtName },
              { key: 'industry', label: t('employment.warnings.industry'), children: INDUSTRY_SECTIONS[d.enterprise.industrySection] ? `${d.enterprise.industrySection} ${bi(INDUSTRY_SECTIONS[d.enterprise.industrySection])}` : d.enterprise.industrySection },
            ]}
          />
          <Typography.Title level={5}>{t('employment.warnings.headcount')}</Typography.Title>
          <HeadcountChart series={d.series} />
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('employment.warnings.enterpriseWarnings')}
          </Typography.Title>
          <Table<EnterpriseWarning>
            rowKey="id"
            size="small"
            dataSource={d.warnings}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('employment.warnings.none') }}
            columns={[
              { title: t('employment.warnings.month'), dataIndex: 'month', className: 'hm-num' },
              { title: t('employment.warnings.kind'), dataIndex: 'kind', render: (v: string) => <CodeTag group="warningKind" code={v} /> },
              { title: t('employment.warnings.details'), key: 'details', render: (_, w) => text(w) },
              { title: t('employment.warnings.case'), key: 'case', render: (_, w) => (w.caseId ? <Link to={`/cases/${w.caseId}`}>{`#${w.caseId}${caseState(w) ? ` · ${caseState(w)}` : ''}`}</Link> : t('common.none')) },
            ]}
          />
        </div>
      )}
    </Drawer>
  );
}

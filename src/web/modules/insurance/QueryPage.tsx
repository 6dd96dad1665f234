// 社保 · 跨部门查询: look up persons (up to 50 ID numbers) across the departments the reader's role may
// see, after declaring a purpose. The answer says what was shown and how (purpose, masking, the
// departments shown and hidden), then each person grouped by department, and the use against the
// hourly and daily limits. Two more tabs: the query log and the unusual-volume alerts (acknowledged
// by users who may run the packs).
import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Input, Row, Select, Skeleton, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { api, ApiError } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import { PagedTable } from '../../shared/PagedTable';
import { LoadError } from '../../shared/results';
import type { Paged } from '../../shared/types';
import { useApi } from '../../shared/useApi';
import { CodeTag, ErrorAlert, PageHeader, placeFieldErrors, useCode, useInsFormat, useInsuranceAccess, useUrlFilters } from './common';
import type { DepartmentData, QueryAlert, QueryDepartment, QueryLimits, QueryLogRow, QueryOptions, QueryPersonResult, QueryResult } from './types';

export default function QueryPage() {
  const { t } = useI18n();
  const f = useUrlFilters();
  const tab = f.get('tab') ?? 'query';
  return (
    <div data-testid="query-page">
      <PageHeader title={t('insurance.query.title')} hint={t('insurance.query.hint')} />
      <Tabs
        activeKey={tab}
        onChange={(k) => f.set({ tab: k === 'query' ? undefined : k })}
        destroyOnHidden
        items={[
          { key: 'query', label: t('insurance.query.tabQuery'), children: <QueryTab /> },
          { key: 'log', label: t('insurance.query.tabLog'), children: <LogTab /> },
          { key: 'alerts', label: t('insurance.query.tabAlerts'), children: <AlertsTab /> },
        ]}
      />
    </div>
  );
}

// --- The query ---------------------------------------------------------------------------------------

type Values = { purposeCode?: string; purpose?: string; idNumbers?: string };

const ID_RE = /^\d{17}[\dX]$/;
const linesOf = (text: string | undefined) =>
  (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim().toUpperCase())
    .filter(Boolean);

function QueryTab() {
  const { t, bi, lang } = useI18n();
  const code = useCode();
  const options = useApi<QueryOptions>('/api/insurance/query/options');
  const o = options.data;
  const [form] = Form.useForm<Values>();
  const idText = Form.useWatch('idNumbers', form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [unplaced, setUnplaced] = useState<ReturnType<typeof placeFieldErrors>>([]);
  const [result, setResult] = useState<QueryResult | null>(null);

  if (options.error && !o) return <LoadError error={options.error} onRetry={options.reload} />;
  if (!o) return <Skeleton active paragraph={{ rows: 6 }} />;
  const count = linesOf(idText).length;

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<QueryResult>('/api/insurance/query', { purposeCode: v.purposeCode, purpose: v.purpose?.trim(), idNumbers: linesOf(v.idNumbers) });
      setResult(r);
    } catch (e) {
      setError(e);
      setUnplaced(placeFieldErrors(form, e, lang, ['purposeCode', 'purpose', 'idNumbers']));
    } finally {
      setBusy(false);
    }
  };

  const limited = error instanceof ApiError && (error.status === 429 || error.code === 'RATE_LIMITED');

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={9}>
        <Card size="small" title={t('insurance.query.departments')} style={{ marginBottom: 16 }} data-testid="query-departments">
          <Space size={[4, 6]} wrap>
            {o.departments.map((d) => (
              <Tag key={d.code} color={d.allowed ? 'blue' : 'default'} style={d.allowed ? undefined : { textDecoration: 'line-through' }} data-allowed={d.allowed}>
                {code('department', d.code)}
              </Tag>
            ))}
          </Space>
          {o.departments.some((d) => !d.allowed) && (
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
              {t('insurance.query.hidden')}
              {t('insurance.common.colon')}
              {o.departments
                .filter((d) => !d.allowed)
                .map((d) => code('department', d.code))
                .join('、')}
            </Typography.Paragraph>
          )}
        </Card>
        {/* After a query its answer shows the use against the limits. */}
        {!result && <UsageCard limits={o.limits} usage={o.usage} testId="query-usage" />}
        <Card size="small" title={t('insurance.query.tabQuery')} style={{ marginBottom: 16 }}>
          {/* Over a limit (HTTP 429): the server's message says which and until when. */}
          {limited ? (
            <Alert type="warning" showIcon closable={{ onClose: () => setError(null) }} style={{ marginBottom: 12 }} data-testid="query-limited" title={t('insurance.query.rateLimited')} description={error.localized()} />
          ) : (
            error !== null && <ErrorAlert error={error} details={unplaced} style={{ marginBottom: 12 }} onClose={() => setError(null)} />
          )}
          <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
            <Form.Item name="purposeCode" label={t('insurance.query.purposeCode')} rules={[{ required: true, message: t('insurance.query.purposeRequired') }]}>
              <Select data-testid="query-purpose-code" options={Object.entries(o.purposes).map(([value, label]) => ({ value, label: bi(label) }))} />
            </Form.Item>
            <Form.Item
              name="purpose"
              label={t('insurance.query.purpose')}
              rules={[
                { required: true, whitespace: true, message: t('insurance.query.purposeMin') },
                { validator: async (_, v: string | undefined) => {
                    if (v && v.trim().length > 0 && v.trim().length < 5) throw new Error(t('insurance.query.purposeMin'));
                  } },
              ]}
            >
              <Input.TextArea rows={2} maxLength={300} showCount placeholder={t('insurance.query.purposePlaceholder')} data-testid="query-purpose" />
            </Form.Item>
            <Form.Item
              name="idNumbers"
              label={t('insurance.query.idNumbers')}
              extra={t('insurance.query.idCount', { n: count })}
              rules={[
                {
                  validator: async (_, v: string | undefined) => {
                    const lines = linesOf(v);
                    if (lines.length === 0) throw new Error(t('insurance.query.idNumbersRequired'));
                    if (lines.length > o.limits.perQuery) throw new Error(t('insurance.query.idNumbersTooMany', { n: o.limits.perQuery }));
                    const bad = lines.findIndex((l) => !ID_RE.test(l));
                    if (bad >= 0) throw new Error(t('insurance.query.idNumbersInvalid', { line: bad + 1 }));
                  },
                },
              ]}
            >
              <Input.TextArea rows={6} className="hm-mono" style={{ whiteSpace: 'pre' }} placeholder={t('insurance.query.idNumbersPlaceholder')} data-testid="query-id-numbers" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} block data-testid="query-submit">
              {t('insurance.query.run')}
            </Button>
          </Form>
        </Card>
      </Col>
      <Col xs={24} lg={15}>{result ? <QueryAnswer r={result} /> : <Card size="small"><Empty description={t('insurance.query.hint')} /></Card>}</Col>
    </Row>
  );
}

function UsageCard({ limits, usage, testId }: { limits: QueryLimits; usage: { queriesLastHour: number; personsToday: number }; testId: string }) {
  const { t } = useI18n();
  const fmt = useInsFormat();
  return (
    <Card size="small" title={t('insurance.query.limits')} style={{ marginBottom: 16 }} data-testid={testId}>
      <div className="hm-num">{t('insurance.query.usageHour', { n: fmt.int(usage.queriesLastHour), max: fmt.int(limits.queriesPerHour) })}</div>
      <div className="hm-num">{t('insurance.query.usageDay', { n: fmt.int(usage.personsToday), max: fmt.int(limits.personsPerDay) })}</div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('insurance.query.perQuery', { n: limits.perQuery })}
      </Typography.Text>
    </Card>
  );
}

/** What was shown and how, then each person by department. */
function QueryAnswer({ r }: { r: QueryResult }) {
  const { t, bi } = useI18n();
  const code = useCode();
  return (
    <div data-testid="query-result">
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        data-testid="query-banner"
        title={t('insurance.query.purposeBanner', { label: bi(r.purpose.label), text: r.purpose.text })}
        description={
          <>
            <div data-testid="query-masking">{t('insurance.query.masking', { name: r.masking.name === 'clear' ? t('insurance.query.namesClear') : t('insurance.query.namesMasked') })}</div>
            <div>
              {t('insurance.query.shown')}
              {t('insurance.common.colon')}
              {r.departments.map((d) => (
                <Tag key={d} color="blue">
                  {code('department', d)}
                </Tag>
              ))}
            </div>
            {r.hiddenDepartments.length > 0 && (
              <div>
                {t('insurance.query.hidden')}
                {t('insurance.common.colon')}
                {r.hiddenDepartments.map((d) => (
                  <Tag key={d}>{code('department', d)}</Tag>
                ))}
              </div>
            )}
            <div className="hm-num" style={{ fontSize: 12 }}>
              {t('insurance.query.queryN', { id: r.queryId })}
            </div>
          </>
        }
      />
      {r.alert && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('insurance.query.alert')} data-testid="query-alert" />}
      <UsageCard limits={r.usage.limits} usage={r.usage} testId="query-result-usage" />
      {r.results.map((p, i) => (
        <PersonResult key={`${p.idNumber}-${i}`} p={p} departments={r.departments} />
      ))}
    </div>
  );
}

function PersonResult({ p, departments }: { p: QueryPersonResult; departments: QueryDepartment[] }) {
  const { t } = useI18n();
  const code = useCode();
  if (!p.found)
    return (
      <Card size="small" style={{ marginBottom: 12 }} data-testid="query-person" data-found="false">
        <Space wrap>
          <span className="hm-mono">{p.idNumber}</span>
          <Typography.Text type="secondary">{t('insurance.query.notFound')}</Typography.Text>
        </Space>
      </Card>
    );
  const name = p.data.public_security?.name;
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      data-testid="query-person"
      data-found="true"
      title={
        <Space wrap size={8}>
          <span className="hm-mono">{p.idNumber}</span>
          {name && <span>{name}</span>}
          <Tag color="green">{t('insurance.query.found')}</Tag>
        </Space>
      }
    >
      <Row gutter={[12, 12]}>
        {departments.map((d) => (
          <Col xs={24} md={12} key={d}>
            <Card size="small" type="inner" title={code('department', d)} style={{ height: '100%' }} data-testid={`query-dept-${d}`}>
              <DepartmentBlock dept={d} data={p.data} />
            </Card>
          </Col>
        ))}
      </Row>
    </Card>
  );
}

/** One department's data about a person. */
function DepartmentBlock({ dept, data }: { dept: QueryDepartment; data: DepartmentData }) {
  const { t, bi, dyn } = useI18n();
  const code = useCode();
  const fmt = useInsFormat();
  const none = t('insurance.common.none');
  const rows = (items: { key: string; label: string; children: ReactNode }[]) => <Descriptions className="hm-stack" size="small" column={1} items={items} />;
  switch (dept) {
    case 'public_security': {
      const x = data.public_security;
      if (!x) return <Typography.Text type="secondary">{none}</Typography.Text>;
      return rows([
        { key: 'name', label: t('insurance.common.name'), children: x.name },
        { key: 'sex', label: t('insurance.common.sex'), children: t(`person.sexes.${x.sex}`) },
        { key: 'birth', label: t('insurance.query.birthDate'), children: <span className="hm-num">{x.birthDate}</span> },
        { key: 'phone', label: t('insurance.common.phone'), children: <span className="hm-mono">{x.phone ?? none}</span> },
        { key: 'district', label: t('insurance.common.district'), children: <span className="hm-num">{x.district}</span> },
        { key: 'death', label: t('insurance.query.deathDate'), children: x.deathDate ? <Typography.Text type="danger">{x.deathDate}</Typography.Text> : t('insurance.query.alive') },
      ]);
    }
    case 'hrss': {
      const x = data.hrss;
      if (!x) return <Typography.Text type="secondary">{none}</Typography.Text>;
      return rows([
        {
          key: 'enrolments',
          label: t('insurance.query.enrolments'),
          children:
            x.enrolments.length === 0
              ? t('insurance.query.notEnrolled')
              : x.enrolments.map((e, i) => (
                  <div key={i}>
                    {code('scheme', e.scheme)} <CodeTag group="enrolmentStatus" code={e.status} /> <span className="hm-num">{e.since}</span>
                  </div>
                )),
        },
        { key: 'months', label: t('insurance.query.contributionMonths'), children: <span className="hm-num">{fmt.int(x.contributionMonths12)}</span> },
        { key: 'last', label: t('insurance.query.lastContribution'), children: <span className="hm-num">{fmt.month(x.lastContribution)}</span> },
        {
          key: 'benefits',
          label: t('insurance.query.benefits'),
          children:
            x.benefits.length === 0
              ? none
              : x.benefits.map((b, i) => (
                  <div key={i}>
                    {bi(b.label)} <CodeTag group="awardStatus" code={b.status} />
                    <span className="hm-num">{fmt.yuan(b.monthlyFen)}</span>
                    {b.reason && <Typography.Text type="secondary"> · {code('awardReason', b.reason)}</Typography.Text>}
                  </div>
                )),
        },
      ]);
    }
    case 'medical_insurance': {
      const x = data.medical_insurance;
      if (!x) return <Typography.Text type="secondary">{none}</Typography.Text>;
      return rows([
        { key: 'scheme', label: t('insurance.query.medicalScheme', { year: x.year }), children: x.scheme ? code('scheme', x.scheme) : t('insurance.query.notEnrolled') },
        { key: 'ltc', label: t('insurance.query.longTermCare'), children: x.longTermCare ? t('insurance.common.yes') : t('insurance.common.no') },
      ]);
    }
    case 'civil_affairs': {
      const x = data.civil_affairs;
      if (!x) return <Typography.Text type="secondary">{none}</Typography.Text>;
      return rows([
        {
          key: 'assistance',
          label: t('insurance.query.assistance'),
          children: x.assistance.length === 0 ? t('insurance.query.noAssistance') : x.assistance.map((a, i) => <div key={i}>{dyn(`values.kind.${a.kind}`, a.kind)} <span className="hm-num">{a.since}</span></div>),
        },
      ]);
    }
    case 'justice': {
      const x = data.justice;
      if (!x) return <Typography.Text type="secondary">{none}</Typography.Text>;
      return rows([
        {
          key: 'custody',
          label: t('insurance.query.custody'),
          children:
            x.custody.length === 0
              ? t('insurance.query.noCustody')
              : x.custody.map((c, i) => (
                  <div key={i} className="hm-num">
                    {t('insurance.hits.custodyRange', { from: c.from, to: c.to ?? t('insurance.hits.custodyOngoing') })}
                  </div>
                )),
        },
      ]);
    }
    case 'transport': {
      const x = data.transport;
      if (!x) return <Typography.Text type="secondary">{none}</Typography.Text>;
      return rows([{ key: 'ride', label: t('insurance.query.lastRide'), children: <span className="hm-num">{x.lastRide ?? t('insurance.query.noRide')}</span> }]);
    }
    case 'disabled': {
      const x = data.disabled;
      if (!x) return <Typography.Text type="secondary">{none}</Typography.Text>;
      return rows([
        {
          key: 'cert',
          label: t('insurance.query.certificate'),
          children: x.certificate ? t('insurance.query.grade', { category: dyn(`values.category.${x.certificate.category}`, x.certificate.category), grade: String(x.certificate.grade) }) : t('insurance.query.noCertificate'),
        },
      ]);
    }
  }
}

// --- The log and the alerts ----------------------------------------------------------------------------

function LogTab() {
  const { t, dyn, bi } = useI18n();
  const code = useCode();
  const fmt = useInsFormat();
  const f = useUrlFilters();
  const log = useApi<Paged<QueryLogRow>>('/api/insurance/query/log', { page: f.page, pageSize: f.pageSize });
  const options = useApi<QueryOptions>('/api/insurance/query/options');
  const purposes = options.data?.purposes ?? {};
  if (log.error && !log.data) return <LoadError error={log.error} onRetry={log.reload} />;
  return (
    <PagedTable<QueryLogRow>
      testId="query-log"
      data={log.data}
      loading={log.loading}
      page={f.page}
      pageSize={f.pageSize}
      onPage={f.onPage}
      columns={[
        { title: t('insurance.query.logAt'), dataIndex: 'at', className: 'hm-num', render: (v: string) => fmt.dateTime(v) },
        { title: t('insurance.query.user'), dataIndex: 'display_name', render: (v: string, r) => `${v} (${r.username})` },
        { title: t('insurance.query.role'), dataIndex: 'role', responsive: ['lg'], render: (v: string) => dyn(`roles.${v}`, v) },
        {
          title: t('insurance.query.purposeCode'),
          dataIndex: 'purpose_code',
          render: (v: string, r) => (
            <>
              <Tag>{purposes[v] ? bi(purposes[v]) : v}</Tag>
              <span style={{ overflowWrap: 'anywhere' }}>{r.purpose}</span>
            </>
          ),
        },
        { title: t('insurance.query.persons'), dataIndex: 'persons', align: 'right', className: 'hm-num' },
        { title: t('insurance.query.foundN'), dataIndex: 'found', align: 'right', className: 'hm-num' },
        { title: t('insurance.query.shown'), dataIndex: 'departments', responsive: ['xl'], render: (v: string[]) => v.map((d) => code('department', d)).join('、') },
      ]}
    />
  );
}

function AlertsTab() {
  const { t } = useI18n();
  const code = useCode();
  const fmt = useInsFormat();
  const { message } = App.useApp();
  const access = useInsuranceAccess();
  const alerts = useApi<{ items: QueryAlert[] }>('/api/insurance/query/alerts');
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);

  const ack = async (a: QueryAlert) => {
    setBusy(a.id);
    setError(null);
    try {
      await api.post(`/api/insurance/query/alerts/${a.id}/ack`);
      void message.success(t('insurance.query.ackDone'));
      alerts.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  if (alerts.error && !alerts.data) return <LoadError error={alerts.error} onRetry={alerts.reload} />;
  return (
    <>
      {error !== null && <ErrorAlert error={error} style={{ marginBottom: 12 }} onClose={() => setError(null)} />}
      <Table<QueryAlert>
        size="middle"
        rowKey="id"
        data-testid="query-alerts"
        loading={alerts.loading}
        dataSource={alerts.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('insurance.query.noAlerts') }}
        columns={[
          { title: t('insurance.query.logAt'), dataIndex: 'at', className: 'hm-num', render: (v: string) => fmt.dateTime(v) },
          { title: t('insurance.query.user'), dataIndex: 'display_name', render: (v: string, r) => `${v} (${r.username})` },
          { title: t('insurance.query.reason'), dataIndex: 'reason', render: (v: string) => <Tag color="orange">{code('alertReason', v)}</Tag> },
          { title: t('insurance.query.personsHour'), dataIndex: 'persons_last_hour', align: 'right', className: 'hm-num' },
          { title: t('insurance.query.queriesHour'), dataIndex: 'queries_last_hour', align: 'right', className: 'hm-num' },
          {
            title: t('insurance.query.ackAt'),
            dataIndex: 'acknowledged_at',
            render: (v: string | null, a) =>
              v ? (
                <Typography.Text type="success" className="hm-num">
                  {fmt.dateTime(v)}
                </Typography.Text>
              ) : access.canRun ? (
                <Button size="small" loading={busy === a.id} onClick={() => void ack(a)} data-testid="alert-ack">
                  {t('insurance.query.ack')}
                </Button>
              ) : (
                t('insurance.common.none')
              ),
          },
        ]}
      />
    </>
  );
}

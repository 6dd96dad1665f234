// 待遇名单: the entitlements the rule runs found, filtered by policy, district, status and period,
// server-paged; a drawer shows one record (audited) with its criteria, facts and status history.
import { FileSearchOutlined, ReloadOutlined, SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Drawer, Empty, Form, Grid, Input, Row, Select, Skeleton, Space, Timeline, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../shared/auth';
import { formatDateTime } from '../../shared/format';
import { ItemList } from '../../shared/ItemList';
import { useI18n } from '../../shared/i18n';
import { PagedTable } from '../../shared/PagedTable';
import { LoadError } from '../../shared/results';
import type { Paged } from '../../shared/types';
import { useApi } from '../../shared/useApi';
import { CriterionIcon, DeliveryTag, EntitlementStatusTag, LineStatusTag, useBenefitFormat, useDistricts, usePolicies } from './common';
import { ENTITLEMENT_STATUSES, type EntitlementDetail, type EntitlementListItem, type EntitlementStatus } from './types';

const PERIOD = /^(once|\d{4}(-(0[1-9]|1[0-2]))?)$/;

type Filters = { policyId?: string | undefined; districtCode?: string | undefined; status?: EntitlementStatus | undefined; period?: string | undefined };

export default function EntitlementsPage() {
  const { t, bi } = useI18n();
  const fmt = useBenefitFormat();
  const screens = Grid.useBreakpoint();
  const [params, setParams] = useSearchParams();
  const policies = usePolicies();
  const districts = useDistricts();
  const filters: Filters = {
    policyId: params.get('policyId') ?? undefined,
    districtCode: params.get('districtCode') ?? undefined,
    status: (params.get('status') as EntitlementStatus | null) ?? undefined,
    period: params.get('period') ?? undefined,
  };
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? 20) || 20;
  const openId = params.get('entitlement');
  const list = useApi<Paged<EntitlementListItem>>('/api/entitlements', { ...filters, page, pageSize });
  const [form] = Form.useForm<Filters>();
  // Back and forward move through searches; the form follows the address (absent filters clear their field).
  const key = JSON.stringify(filters);
  useEffect(() => {
    const f = JSON.parse(key) as Filters;
    form.setFieldsValue({ policyId: f.policyId, districtCode: f.districtCode, status: f.status, period: f.period });
  }, [key, form]);

  const setParam = (next: Record<string, string | null | undefined>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v === null || v === undefined || v === '') p.delete(k);
      else p.set(k, v);
    }
    setParams(p);
  };
  const search = (v: Filters) => setParam({ policyId: v.policyId, districtCode: v.districtCode, status: v.status, period: v.period?.trim(), page: null });

  const columns: ColumnsType<EntitlementListItem> = [
    {
      title: t('benefits.entitlements.id'),
      dataIndex: 'id',
      className: 'hm-num',
      render: (id: number) => (
        <Typography.Link data-testid="entitlement-link" onClick={() => setParam({ entitlement: String(id) })}>
          #{id}
        </Typography.Link>
      ),
    },
    {
      title: t('benefits.entitlements.payee'),
      dataIndex: 'payeeName',
      render: (n: string | null, e) => (
        <>
          <div>{n ?? t('common.none')}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`benefits.entityType.${e.entityType}`)}
          </Typography.Text>
        </>
      ),
    },
    { title: t('benefits.entitlements.district'), dataIndex: 'districtName', responsive: ['md'], render: (n: string | null, e) => n ?? e.districtCode },
    { title: t('benefits.entitlements.policy'), dataIndex: 'policyName', render: (n: EntitlementListItem['policyName']) => <span style={{ display: 'inline-block', minWidth: 140, maxWidth: 260, whiteSpace: 'normal' }}>{bi(n)}</span> },
    { title: t('benefits.entitlements.period'), dataIndex: 'period', className: 'hm-num', responsive: ['lg'], render: (p: string) => fmt.period(p) },
    { title: t('benefits.entitlements.amount'), dataIndex: 'amountFen', align: 'right', className: 'hm-num', render: (f: number) => fmt.yuan(f) },
    { title: t('benefits.entitlements.delivery'), dataIndex: 'delivery', responsive: ['xl'], render: (d: EntitlementListItem['delivery']) => <DeliveryTag delivery={d} /> },
    { title: t('benefits.entitlements.status'), dataIndex: 'status', render: (s: EntitlementStatus) => <EntitlementStatusTag status={s} /> },
    { title: t('benefits.entitlements.updatedAt'), dataIndex: 'updatedAt', className: 'hm-num', responsive: ['lg'], render: (v: string) => formatDateTime(v) },
  ];

  return (
    <div>
      <Typography.Title level={3} className="hm-page-title">
        {t('benefits.entitlements.title')}
      </Typography.Title>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form<Filters> form={form} layout="vertical" onFinish={search} data-testid="entitlement-filters" initialValues={filters}>
          <Row gutter={[12, 0]}>
            <Col xs={24} md={12} xl={7}>
              <Form.Item name="policyId" label={t('benefits.entitlements.policy')}>
                <Select
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  loading={policies.loading}
                  placeholder={t('benefits.entitlements.allPolicies')}
                  options={policies.list.map((p) => ({ value: p.id, label: bi(p.name) }))}
                  data-testid="filter-policy"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={5}>
              <Form.Item name="districtCode" label={t('benefits.entitlements.district')}>
                <Select
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  loading={districts.loading}
                  placeholder={t('benefits.entitlements.allDistricts')}
                  options={districts.list.map((d) => ({ value: d.code, label: d.name }))}
                  data-testid="filter-district"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={4}>
              <Form.Item name="status" label={t('benefits.entitlements.status')}>
                <Select allowClear placeholder={t('benefits.entitlements.allStatuses')} options={ENTITLEMENT_STATUSES.map((s) => ({ value: s, label: t(`benefits.status.${s}`) }))} data-testid="filter-status" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={4}>
              <Form.Item name="period" label={t('benefits.entitlements.period')} rules={[{ pattern: PERIOD, message: t('benefits.entitlements.periodInvalid') }]}>
                <Input allowClear maxLength={7} placeholder={t('benefits.entitlements.periodPlaceholder')} data-testid="filter-period" />
              </Form.Item>
            </Col>
            <Col xs={24} xl={4}>
              <Form.Item label={screens.xl ? ' ' : undefined} colon={false}>
                <Space.Compact block>
                  <Button type="primary" htmlType="submit" icon={<SearchOutlined />} style={{ flex: 1 }} data-testid="filter-submit">
                    {t('common.search')}
                  </Button>
                  <Button
                    onClick={() => {
                      form.resetFields();
                      setParams(new URLSearchParams());
                    }}
                  >
                    {t('common.reset')}
                  </Button>
                </Space.Compact>
              </Form.Item>
            </Col>
          </Row>
        </Form>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {t('benefits.entitlements.hint')}
        </Typography.Text>
      </Card>
      <Card size="small" extra={<Button size="small" icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('common.refresh')} />} title={list.data ? t('common.total', { total: list.data.total }) : ' '}>
        {list.error ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <PagedTable<EntitlementListItem>
            testId="entitlements"
            columns={columns}
            data={list.data}
            loading={list.loading}
            page={page}
            pageSize={pageSize}
            onPage={(p, ps) => setParam({ page: p > 1 && ps === pageSize ? String(p) : null, pageSize: ps !== 20 ? String(ps) : null })}
          />
        )}
      </Card>
      <EntitlementDrawer id={openId} onClose={() => setParam({ entitlement: null })} />
    </div>
  );
}

function EntitlementDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t, bi, dyn } = useI18n();
  const fmt = useBenefitFormat();
  const { can } = useAuth();
  const screens = Grid.useBreakpoint();
  const districts = useDistricts();
  const valid = !!id && /^[1-9]\d{0,15}$/.test(id);
  const { data, error, reload } = useApi<EntitlementDetail>(valid ? `/api/entitlements/${id}` : null);
  const d = data && String(data.id) === id ? data : undefined;

  return (
    <Drawer open={!!id} onClose={onClose} title={t('benefits.entitlements.detailTitle', { id: id ?? '' })} size={screens.lg ? 760 : '100%'} destroyOnHidden>
      {!valid ? (
        <Empty />
      ) : error ? (
        <LoadError error={error} onRetry={reload} />
      ) : !d ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="entitlement-detail">
          <Alert type="warning" showIcon icon={<SafetyCertificateOutlined />} title={t('benefits.entitlements.auditNotice')} />
          <Descriptions
            className="hm-stack"
            size="small"
            bordered
            column={{ xs: 1, sm: 1, md: 2 }}
            items={[
              { key: 'policy', label: t('benefits.entitlements.policy'), children: bi(d.policy.name), span: 2 },
              { key: 'status', label: t('benefits.entitlements.status'), children: <EntitlementStatusTag status={d.status} /> },
              { key: 'amount', label: t('benefits.entitlements.amount'), children: <span className="hm-num">{fmt.amount(d.amountFen, d.period)}</span> },
              { key: 'payee', label: t('benefits.entitlements.payeeName'), children: `${d.payee.name ?? t('common.none')}(${t(`benefits.entityType.${d.entityType}`)})` },
              d.payee.kind === 'person'
                ? { key: 'idn', label: t('benefits.entitlements.idNumber'), children: <span className="hm-mono">{d.payee.idNumber ?? t('common.none')}</span> }
                : { key: 'cc', label: t('benefits.entitlements.creditCode'), children: <span className="hm-mono">{d.payee.creditCode ?? t('common.none')}</span> },
              { key: 'district', label: t('benefits.entitlements.district'), children: districts.name(d.districtCode) },
              { key: 'period', label: t('benefits.entitlements.period'), children: fmt.period(d.period) },
              { key: 'delivery', label: t('benefits.entitlements.delivery'), children: <DeliveryTag delivery={d.delivery} /> },
              { key: 'version', label: t('benefits.entitlements.policyVersion'), children: t('benefits.entitlements.versionValue', { version: d.policy.version }) },
              {
                key: 'hash',
                label: t('benefits.entitlements.ruleHash'),
                children: d.ruleHash ? (
                  <Typography.Text code copyable className="hm-mono" data-testid="rule-hash">
                    {d.ruleHash}
                  </Typography.Text>
                ) : (
                  t('common.none')
                ),
              },
              {
                key: 'run',
                label: t('benefits.entitlements.runId'),
                children: d.runId === null ? t('common.none') : can('policy.read') ? <Link to={`/runs/${d.runId}`}>#{d.runId}</Link> : `#${d.runId}`,
              },
              { key: 'snapshot', label: t('benefits.entitlements.snapshotId'), children: d.snapshotId === null ? t('common.none') : `#${d.snapshotId}` },
              ...(d.excludedBy ? [{ key: 'excl', label: t('benefits.entitlements.excludedBy'), children: d.excludedBy }] : []),
              {
                key: 'account',
                label: t('benefits.entitlements.account'),
                children: d.account
                  ? [t(`benefits.accountKind.${d.account.kind}`), d.account.bank, d.account.accountNo].filter(Boolean).join(' · ')
                  : d.delivery === 'direct' && d.payee.kind === 'person'
                    ? t('benefits.entitlements.noAccountDirect')
                    : t('benefits.entitlements.noAccount'),
              },
              { key: 'created', label: t('benefits.entitlements.createdAt'), children: <span className="hm-num">{formatDateTime(d.createdAt)}</span> },
              { key: 'updated', label: t('benefits.entitlements.updatedAt'), children: <span className="hm-num">{formatDateTime(d.updatedAt)}</span> },
            ]}
          />
          {can('policy.read') && (
            <Link to={`/explain/${d.entityType}/${d.entityId}`}>
              <Button icon={<FileSearchOutlined />} data-testid="explain-link">
                {t('benefits.entitlements.explain')}
              </Button>
            </Link>
          )}

          <Card size="small" title={t('benefits.entitlements.criteria')}>
            {d.criteria.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('benefits.entitlements.noCriteria')} />
            ) : (
              <ItemList
                testId="criteria"
                rows={d.criteria.map((c, i) => ({
                  key: i,
                  avatar: <CriterionIcon result={c.result} />,
                  title: bi(c.label),
                  description: fmt.margin(c) ?? undefined,
                  extra: <Typography.Text type={c.result === 'pass' ? 'success' : c.result === 'fail' ? 'danger' : 'warning'}>{t(`benefits.criterion.${c.result}`)}</Typography.Text>,
                }))}
              />
            )}
          </Card>

          <Card size="small" title={t('benefits.entitlements.facts')}>
            {d.facts.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('benefits.noData')} />
            ) : (
              <ItemList
                rows={d.facts.map((f) => ({
                  key: f.name,
                  title: fmt.factLabel(f),
                  description: (
                    <span className="hm-mono" style={{ whiteSpace: 'normal', wordBreak: 'break-all' }}>
                      {f.name}
                    </span>
                  ),
                  extra: <Typography.Text strong={f.value !== null}>{fmt.factValue(f)}</Typography.Text>,
                }))}
              />
            )}
          </Card>

          <Card size="small" title={t('benefits.entitlements.basis')}>
            {d.basis.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('benefits.noData')} />
            ) : (
              <ItemList
                rows={d.basis.map((b, i) => ({
                  key: i,
                  title: (
                    <>
                      《{b.title}》{b.number && <Typography.Text type="secondary"> {b.number}</Typography.Text>}
                    </>
                  ),
                  description: b.article,
                }))}
              />
            )}
          </Card>

          <Card size="small" title={t('benefits.entitlements.payments')}>
            {d.payments.length === 0 ? (
              <Typography.Text type="secondary">{t('benefits.entitlements.noPayments')}</Typography.Text>
            ) : (
              <ItemList
                rows={d.payments.map((p) => ({
                  key: p.reference,
                  title: can('payment.read') ? <Link to={`/payments/${p.batchId}`}>{p.reference}</Link> : p.reference,
                  description: [fmt.yuan(p.amountFen), t(`benefits.accountKind.${p.accountKind}`), p.accountBank, p.accountNo, p.failureReason, p.reconciledAt ? formatDateTime(p.reconciledAt) : null]
                    .filter(Boolean)
                    .join(' · '),
                  extra: <LineStatusTag status={p.status} />,
                }))}
              />
            )}
          </Card>

          <Card size="small" title={t('benefits.entitlements.history')}>
            <Timeline
              data-testid="entitlement-events"
              style={{ marginTop: 8, marginBottom: -16 }}
              items={d.events.map((e, i) => ({
                key: i,
                color: e.toStatus === 'paid' ? 'green' : e.toStatus === 'payment_failed' ? 'red' : e.toStatus === 'declined' || e.toStatus === 'excluded' ? 'gray' : 'blue',
                content: (
                  <>
                    <Space size={4} wrap>
                      {e.fromStatus ? <EntitlementStatusTag status={e.fromStatus} /> : null}
                      {e.fromStatus ? '→' : null}
                      <EntitlementStatusTag status={e.toStatus} />
                    </Space>
                    <div style={{ fontSize: 13 }}>
                      {e.actor
                        ? `${e.actor}${e.actorRole ? `(${dyn(`roles.${e.actorRole}`, e.actorRole)})` : ''}`
                        : e.runId !== null
                          ? t('benefits.entitlements.byRun', { id: e.runId })
                          : t('benefits.entitlements.bySystem')}
                      {e.note && <Typography.Text type="secondary"> · {e.note}</Typography.Text>}
                    </div>
                    <Typography.Text type="secondary" className="hm-num" style={{ fontSize: 12 }}>
                      {formatDateTime(e.at)}
                    </Typography.Text>
                  </>
                ),
              }))}
            />
          </Card>
        </Space>
      )}
    </Drawer>
  );
}

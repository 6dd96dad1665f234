// The audit trail for auditors: who read or changed which record, when and why.
import { SearchOutlined } from '@ant-design/icons';
import { PagedTable } from '../../shared/PagedTable';
import { Alert, Button, Card, Col, Input, Row, Select, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../shared/auth';
import { formatDateTime } from '../../shared/format';
import { useI18n } from '../../shared/i18n';
import { LoadError } from '../../shared/results';
import type { AuditEntry, Paged } from '../../shared/types';
import { useApi } from '../../shared/useApi';

const FILTERS = ['username', 'action', 'entityType', 'entityId', 'from', 'to'] as const;
type Filter = (typeof FILTERS)[number];
type Filters = Partial<Record<Filter, string>>;

/** Actions the server is known to write; the filter also accepts any other typed value. */
const KNOWN_ACTIONS = ['person.read', 'person.unmask', 'person.read.self', 'import.create'];
const KNOWN_ENTITY_TYPES = ['person', 'enterprise', 'import_batch', 'user'];

export default function AuditLogPage() {
  const { t, dyn } = useI18n();
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const applied: Filters = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? undefined]).filter(([, v]) => v));
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? 20) || 20;
  const [draft, setDraft] = useState<Filters>(applied);
  const appliedKey = JSON.stringify(applied);
  useEffect(() => setDraft(JSON.parse(appliedKey) as Filters), [appliedKey]);

  const { data, error, loading, reload } = useApi<Paged<AuditEntry>>('/api/audit', { ...applied, page, pageSize });

  const apply = (f: Filters, p = 1, ps = pageSize) => {
    const next = new URLSearchParams();
    for (const k of FILTERS) {
      const v = f[k]?.trim();
      if (v) next.set(k, v);
    }
    if (p > 1) next.set('page', String(p));
    if (ps !== 20) next.set('pageSize', String(ps));
    setParams(next);
  };
  const actionLabel = (a: string) => dyn(`audit.actions.${a.replaceAll('.', '_')}`, a);
  const entityLabel = (e: string) => dyn(`audit.entityTypes.${e}`, e);

  const columns: ColumnsType<AuditEntry> = [
    { title: t('audit.at'), dataIndex: 'at', className: 'hm-num', render: (v: string) => formatDateTime(v) },
    { title: t('audit.username'), dataIndex: 'username' },
    { title: t('audit.role'), dataIndex: 'role', responsive: ['md'], render: (r: string) => dyn(`roles.${r}`, r) },
    { title: t('audit.action'), dataIndex: 'action', render: (a: string) => actionLabel(a) },
    { title: t('audit.entityType'), dataIndex: 'entityType', responsive: ['lg'], render: (e: string) => entityLabel(e) },
    {
      title: t('audit.entityId'),
      dataIndex: 'entityId',
      className: 'hm-mono',
      render: (id: string, r) =>
        // Opening the record from here is itself audited, with the reason.
        r.entityType === 'person' && can('person.read') ? (
          <Link to={`/persons/${encodeURIComponent(id)}?purpose=${encodeURIComponent(`${t('audit.title')} #${r.id}`)}`}>{id}</Link>
        ) : (
          id
        ),
    },
    { title: t('audit.purpose'), dataIndex: 'purpose', render: (p: string | null) => p ?? t('common.none') },
    { title: t('audit.requestId'), dataIndex: 'requestId', className: 'hm-mono', responsive: ['xl'], render: (v: string | null) => v ?? t('common.none') },
  ];

  const set = (k: Filter) => (v: string | undefined) => setDraft((d) => ({ ...d, [k]: v || undefined }));
  return (
    <div>
      <Typography.Title level={3} className="hm-page-title">
        {t('audit.title')}
      </Typography.Title>
      <Alert type="info" showIcon title={t('audit.hint')} style={{ marginBottom: 16 }} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            apply(draft);
          }}
        >
          <Row gutter={[12, 12]}>
            <Col xs={24} sm={12} lg={6}>
              <Input data-testid="audit-username" placeholder={t('audit.username')} aria-label={t('audit.username')} value={draft.username ?? ''} onChange={(e) => set('username')(e.target.value)} allowClear />
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Select
                style={{ width: '100%' }}
                placeholder={t('audit.action')}
                allowClear
                value={draft.action}
                onChange={(v?: string) => set('action')(v)}
                options={KNOWN_ACTIONS.map((a) => ({ value: a, label: actionLabel(a) }))}
              />
            </Col>
            <Col xs={12} sm={6} lg={4}>
              <Select
                style={{ width: '100%' }}
                placeholder={t('audit.entityType')}
                allowClear
                value={draft.entityType}
                onChange={(v?: string) => set('entityType')(v)}
                options={KNOWN_ENTITY_TYPES.map((e) => ({ value: e, label: entityLabel(e) }))}
              />
            </Col>
            <Col xs={12} sm={6} lg={4}>
              <Input placeholder={t('audit.entityId')} aria-label={t('audit.entityId')} value={draft.entityId ?? ''} onChange={(e) => set('entityId')(e.target.value)} allowClear />
            </Col>
            <Col xs={24} sm={12} lg={4}>
              <Row gutter={8} wrap={false}>
                <Col flex="auto">
                  <Button type="primary" htmlType="submit" block icon={<SearchOutlined />}>
                    {t('common.search')}
                  </Button>
                </Col>
                <Col>
                  <Button onClick={() => apply({})}>{t('common.reset')}</Button>
                </Col>
              </Row>
            </Col>
            <Col xs={12} sm={6} lg={6}>
              {/* Native date inputs keep the value a plain YYYY-MM-DD string, as the API takes it. */}
              <Input type="date" data-testid="audit-from" prefix={<span style={{ color: '#999' }}>{t('audit.from')}</span>} aria-label={t('audit.from')} value={draft.from ?? ''} max={draft.to} onChange={(e) => set('from')(e.target.value)} />
            </Col>
            <Col xs={12} sm={6} lg={6}>
              <Input type="date" data-testid="audit-to" prefix={<span style={{ color: '#999' }}>{t('audit.to')}</span>} aria-label={t('audit.to')} value={draft.to ?? ''} min={draft.from} onChange={(e) => set('to')(e.target.value)} />
            </Col>
          </Row>
        </form>
      </Card>
      <Card size="small">
        {error ? (
          <LoadError error={error} onRetry={reload} />
        ) : (
          <PagedTable<AuditEntry> testId="audit-table" columns={columns} data={data} loading={loading} page={page} pageSize={pageSize} onPage={(p, ps) => apply(applied, ps !== pageSize ? 1 : p, ps)} />
        )}
      </Card>
    </div>
  );
}

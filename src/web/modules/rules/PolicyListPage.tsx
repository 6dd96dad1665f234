// 政策规则: every policy with its department, delivery mode, active version and what it has found.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Grid, Row, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../shared/auth';
import { useI18n } from '../../shared/i18n';
import { LoadError } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { DeliveryTag, useRulesFormat } from './common';
import { ENTITIES, type Entity, type PolicyListItem } from './types';

export default function PolicyListPage() {
  const { t, bi, lang } = useI18n();
  const { can } = useAuth();
  const fmt = useRulesFormat();
  const screens = Grid.useBreakpoint();
  const narrow = screens.md === false;
  const [params, setParams] = useSearchParams();
  const department = params.get('department') ?? undefined;
  const entity = (params.get('entity') as Entity | null) ?? undefined;
  const { data, error, loading, reload } = useApi<PolicyListItem[]>('/api/policies');

  const setFilter = (key: string, value: string | undefined) => {
    const p = new URLSearchParams(params);
    if (value) p.set(key, value);
    else p.delete(key);
    setParams(p, { replace: true });
  };

  const departments = useMemo(() => {
    const m = new Map<string, PolicyListItem['department']>();
    for (const p of data ?? []) m.set(p.department.code, p.department);
    return [...m.values()];
  }, [data]);
  const rows = (data ?? []).filter((p) => (!department || p.department.code === department) && (!entity || p.entity === entity));

  const columns: ColumnsType<PolicyListItem> = [
    {
      title: t('rules.fields.name'),
      key: 'name',
      render: (_, p) => (
        <div style={{ minWidth: 180, maxWidth: 320, whiteSpace: 'normal' }}>
          <Link to={`/policies/${p.id}`} data-testid={`policy-link-${p.id}`}>
            {bi(p.name)}
          </Link>
          <div className="hm-mono" style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
            {p.id}
          </div>
        </div>
      ),
    },
    { title: t('rules.fields.department'), key: 'department', render: (_, p) => bi(p.department) },
    { title: t('rules.fields.entity'), dataIndex: 'entity', render: (e: Entity) => t(`rules.entities.${e}`) },
    { title: t('rules.fields.delivery'), dataIndex: 'delivery', render: (d: PolicyListItem['delivery']) => <DeliveryTag delivery={d} /> },
    { title: t('rules.fields.frequency'), dataIndex: 'frequency', render: (f: PolicyListItem['frequency']) => (f ? t(`rules.frequency.${f}`) : t('common.none')) },
    {
      title: t('rules.fields.measures'),
      dataIndex: 'measures',
      render: (m: string[]) => (m.length ? m.map((x) => <Tag key={x}>{x}</Tag>) : t('common.none')),
    },
    {
      title: t('rules.fields.activeVersion'),
      key: 'version',
      render: (_, p) =>
        p.activeVersion ? (
          <span className="hm-num">
            v{p.activeVersion.version}
            {p.latestVersion > p.activeVersion.version && <Typography.Text type="secondary"> / v{p.latestVersion}</Typography.Text>}
          </span>
        ) : (
          <Tag>{t('rules.list.notActive')}</Tag>
        ),
    },
    { title: t('rules.fields.entitlements'), dataIndex: 'entitlements', align: 'right', className: 'hm-num', render: (n: number) => fmt.num.format(n) },
    { title: t('rules.fields.amount'), dataIndex: 'amountFen', align: 'right', className: 'hm-num', render: (f: number) => fmt.yuan(f) },
  ];

  // Phones: one stacked cell per policy instead of ten narrow columns.
  const narrowColumns: ColumnsType<PolicyListItem> = [
    {
      title: t('rules.fields.name'),
      key: 'all',
      render: (_, p) => (
        <div style={{ whiteSpace: 'normal' }}>
          <Link to={`/policies/${p.id}`} data-testid={`policy-link-${p.id}`} style={{ fontWeight: 500 }}>
            {bi(p.name)}
          </Link>
          <Space size={[4, 4]} wrap style={{ display: 'flex', marginTop: 4 }}>
            <Tag style={{ whiteSpace: 'normal', marginInlineEnd: 0 }}>{lang === 'en' ? p.department.en : p.department.zh}</Tag>
            <Tag>{t(`rules.entities.${p.entity}`)}</Tag>
            <DeliveryTag delivery={p.delivery} />
            {p.frequency && <Tag>{t(`rules.frequency.${p.frequency}`)}</Tag>}
            {p.activeVersion ? <Tag color="green">v{p.activeVersion.version}</Tag> : <Tag>{t('rules.list.notActive')}</Tag>}
          </Space>
          <Typography.Text type="secondary" className="hm-num" style={{ fontSize: 13 }}>
            {t('rules.fields.entitlements')} {fmt.num.format(p.entitlements)} · {fmt.yuan(p.amountFen)}
          </Typography.Text>
        </div>
      ),
    },
  ];

  if (error && !data) return <LoadError error={error} onRetry={reload} />;
  return (
    <div>
      <Row justify="space-between" align="middle" gutter={[12, 12]} style={{ marginBottom: 8 }}>
        <Col>
          <Typography.Title level={3} className="hm-page-title" style={{ marginBottom: 0 }}>
            {t('rules.list.title')}
          </Typography.Title>
        </Col>
        {can('policy.write') && (
          <Col>
            <Link to="/policies/new">
              <Button type="primary" icon={<PlusOutlined />} data-testid="policy-create">
                {t('rules.list.create')}
              </Button>
            </Link>
          </Col>
        )}
      </Row>
      <Typography.Paragraph type="secondary">{t('rules.list.hint')}</Typography.Paragraph>
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            data-testid="policy-filter-department"
            style={{ minWidth: 200 }}
            allowClear
            placeholder={t('rules.list.allDepartments')}
            value={department}
            onChange={(v?: string) => setFilter('department', v)}
            options={departments.map((d) => ({ value: d.code, label: bi(d) }))}
          />
          <Select
            data-testid="policy-filter-entity"
            style={{ minWidth: 140 }}
            allowClear
            placeholder={t('rules.list.allEntities')}
            value={entity}
            onChange={(v?: string) => setFilter('entity', v)}
            options={ENTITIES.map((e) => ({ value: e, label: t(`rules.entities.${e}`) }))}
          />
        </Space>
        <Table<PolicyListItem>
          data-testid="policy-table"
          rowKey="id"
          size="middle"
          loading={loading}
          columns={narrow ? narrowColumns : columns}
          dataSource={rows}
          pagination={false}
          scroll={narrow ? undefined : { x: 'max-content' }}
          tableLayout={narrow ? 'fixed' : undefined}
          locale={{ emptyText: t('rules.list.empty') }}
        />
      </Card>
    </div>
  );
}

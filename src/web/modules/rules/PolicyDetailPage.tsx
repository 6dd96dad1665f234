// One policy: its rules beside its legal basis and assumptions, its versions (activate, simulate)
// and its history. `?v=<versionId>` shows another version's definition.
import { ArrowLeftOutlined, EditOutlined, ExperimentOutlined, LinkOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Popconfirm, Row, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { api, errorText } from '../../shared/api';
import { formatDateTime } from '../../shared/format';
import { useI18n } from '../../shared/i18n';
import { ItemList } from '../../shared/ItemList';
import { LoadError, NotFoundResult } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { DeliveryTag, ExprText, useDepartments, useOwnsPolicy, useRulesFormat } from './common';
import type { PolicyDefinition, PolicyDetail, PolicyVersion } from './types';

export default function PolicyDetailPage() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const { t, bi } = useI18n();
  const { message } = App.useApp();
  const owns = useOwnsPolicy();
  const departments = useDepartments();
  const valid = /^[a-z][a-z0-9-]{2,63}$/.test(id);
  const { data, error, reload } = useApi<PolicyDetail>(valid ? `/api/policies/${id}` : null);
  const [activating, setActivating] = useState<number | null>(null);

  if (!valid) return <NotFoundResult />;
  if (error) return <LoadError error={error} onRetry={reload} />;
  const policy = data && data.id === id ? data : undefined;
  if (!policy) return <Skeleton active paragraph={{ rows: 10 }} />;

  const viewId = Number(params.get('v')) || null;
  const viewed = viewId ? policy.versions.find((v) => v.id === viewId) : undefined;
  const def: PolicyDefinition = viewed?.definition ?? policy.definition;
  const activeVersion = policy.versions.find((v) => v.active);
  const mayWrite = owns(policy.departmentCode);
  const latestInactive = policy.versions.find((v) => !v.active);

  const activate = async (v: PolicyVersion) => {
    setActivating(v.id);
    try {
      await api.post(`/api/policies/${policy.id}/activate`, { versionId: v.id });
      void message.success(t('rules.detail.activated', { version: v.version }));
      reload();
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setActivating(null);
    }
  };

  const versionColumns: ColumnsType<PolicyVersion> = [
    {
      title: t('rules.fields.version'),
      key: 'version',
      render: (_, v) => (
        <Space size={4}>
          <span className="hm-num">v{v.version}</span>
          {v.active && <Tag color="green">{t('rules.detail.active')}</Tag>}
        </Space>
      ),
    },
    { title: t('rules.fields.hash'), dataIndex: 'hash', className: 'hm-mono' },
    {
      title: t('rules.fields.source'),
      key: 'source',
      render: (_, v) => (
        <div style={{ maxWidth: 280, whiteSpace: 'normal' }}>
          <Tag>{t(`rules.source.${v.source}`)}</Tag>
          {v.note && <Typography.Text type="secondary">{v.note}</Typography.Text>}
        </div>
      ),
    },
    { title: t('rules.fields.createdBy'), dataIndex: 'createdBy', render: (s: string | null) => s ?? t('rules.detail.system') },
    { title: t('rules.fields.createdAt'), dataIndex: 'createdAt', className: 'hm-num', render: (s: string) => formatDateTime(s) },
    {
      title: t('rules.fields.actions'),
      key: 'actions',
      render: (_, v) => (
        <Space size={4} wrap={false}>
          <Button size="small" type="link" onClick={() => setParams(v.active ? {} : { v: String(v.id) })} disabled={(viewed?.id ?? activeVersion?.id ?? policy.versions[0]?.id) === v.id}>
            {t('rules.detail.view')}
          </Button>
          {mayWrite && !v.active && (
            <>
              <Popconfirm title={t('rules.detail.activateConfirm', { version: v.version })} onConfirm={() => activate(v)} okText={t('common.confirm')} cancelText={t('common.cancel')}>
                <Button size="small" data-testid={`activate-${v.version}`} loading={activating === v.id}>
                  {t('rules.detail.activate')}
                </Button>
              </Popconfirm>
              <Link to={`/policies/${policy.id}/simulations?draft=${v.id}`}>
                <Button size="small" type="link" icon={<ExperimentOutlined />}>
                  {t('rules.detail.simulateVersion')}
                </Button>
              </Link>
            </>
          )}
        </Space>
      ),
    },
  ];

  const effective = def.effective.to ? t('rules.detail.effectiveRange', { from: def.effective.from, to: def.effective.to }) : t('rules.detail.effectiveFrom', { from: def.effective.from });

  return (
    <div>
      <Link to="/policies" style={{ display: 'inline-block', marginBottom: 12 }}>
        <ArrowLeftOutlined /> {t('rules.list.title')}
      </Link>
      <Card style={{ marginBottom: 16 }}>
        <Row gutter={[12, 12]} justify="space-between" align="top">
          <Col flex="1 1 320px" style={{ minWidth: 0 }}>
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="policy-name">
              {bi(def.name)}
            </Typography.Title>
            <Space wrap size={[6, 6]} style={{ marginTop: 8 }}>
              <span className="hm-mono">{policy.id}</span>
              <Tag>{t(`rules.entities.${def.entity}`)}</Tag>
              <Tag>{departments.name(def.department)}</Tag>
              <DeliveryTag delivery={def.delivery} />
              {def.measures.map((m) => (
                <Tag key={m} color="purple">
                  {m}
                </Tag>
              ))}
              {activeVersion ? <Tag color="green">{t('rules.fields.activeVersion')} v{activeVersion.version}</Tag> : <Tag>{t('rules.list.notActive')}</Tag>}
            </Space>
            {def.description && <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }}>{bi(def.description)}</Typography.Paragraph>}
          </Col>
          <Col flex="none">
            <Space wrap>
              {mayWrite && (
                <Link to={`/policies/${policy.id}/edit${viewed ? `?from=${viewed.id}` : ''}`}>
                  <Button type="primary" icon={<EditOutlined />} data-testid="policy-edit">
                    {t('rules.detail.edit')}
                  </Button>
                </Link>
              )}
              <Link to={`/policies/${policy.id}/simulations${latestInactive && mayWrite ? `?draft=${latestInactive.id}` : ''}`}>
                <Button icon={<ExperimentOutlined />} data-testid="policy-simulate">
                  {t('rules.detail.simulate')}
                </Button>
              </Link>
            </Space>
          </Col>
        </Row>
      </Card>
      {viewed && !viewed.active && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('rules.detail.viewing', { version: viewed.version })}
          action={
            <Button size="small" onClick={() => setParams({})}>
              {t('rules.detail.backToActive')}
            </Button>
          }
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <RulesCard def={def} effective={effective} />
        </Col>
        <Col xs={24} lg={10}>
          <BasisCard def={def} />
        </Col>
      </Row>
      <Card size="small" title={t('rules.detail.versions')} style={{ marginTop: 16 }}>
        <Table<PolicyVersion>
          data-testid="policy-versions"
          rowKey="id"
          size="small"
          columns={versionColumns}
          dataSource={policy.versions}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
        />
      </Card>
      <Card size="small" title={t('rules.detail.events')} style={{ marginTop: 16 }}>
        {policy.events.length === 0 ? (
          <Empty />
        ) : (
          <ItemList
            testId="policy-events"
            rows={policy.events.map((e) => ({
              key: e.id,
              title: t('rules.detail.eventLine', { version: e.version ?? '—', action: t(`rules.eventAction.${e.action}`) }),
              description: `${e.by ?? t('rules.detail.system')} · ${formatDateTime(e.at)}`,
            }))}
          />
        )}
      </Card>
    </div>
  );
}

function RulesCard({ def, effective }: { def: PolicyDefinition; effective: string }) {
  const { t, bi } = useI18n();
  const fmt = useRulesFormat();
  return (
    <Card size="small" title={t('rules.detail.rules')} data-testid="policy-rules">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('rules.detail.criteria')}
      </Typography.Title>
      <ol style={{ paddingInlineStart: 20, margin: '0 0 16px' }}>
        {def.criteria.map((c, i) => (
          <li key={i} style={{ marginBottom: 10 }}>
            <div style={{ fontWeight: 500 }}>{bi(c.label)}</div>
            {c.note && <Typography.Text type="secondary">{bi(c.note)}</Typography.Text>}
            <ExprText expr={c.expr} />
          </li>
        ))}
      </ol>
      <Typography.Title level={5}>{t('rules.detail.amountRule')}</Typography.Title>
      <ExprText expr={def.amount.expr} />
      <Descriptions
        className="hm-stack"
        size="small"
        column={{ xs: 1, sm: 2 }}
        style={{ marginTop: 8 }}
        items={[
          { key: 'cap', label: t('rules.detail.cap'), children: def.amount.capFen === null ? t('rules.detail.noCap') : fmt.yuan(def.amount.capFen) },
          { key: 'freq', label: t('rules.fields.frequency'), children: t(`rules.frequency.${def.amount.frequency}`) },
          {
            key: 'delivery',
            label: t('rules.fields.delivery'),
            children: (
              <span>
                <DeliveryTag delivery={def.delivery} />
                <Typography.Text type="secondary">{t(`rules.deliveryHelp.${def.delivery}`)}</Typography.Text>
              </span>
            ),
          },
          { key: 'effective', label: t('rules.fields.effective'), children: <span className="hm-num">{effective}</span> },
          {
            key: 'exclusions',
            label: t('rules.detail.exclusions'),
            children:
              def.exclusions.length === 0 ? (
                t('rules.detail.noExclusions')
              ) : (
                <Space orientation="vertical" size={2}>
                  {def.exclusions.map((x) => (
                    <span key={x.policy}>
                      <Link to={`/policies/${x.policy}`} className="hm-mono">
                        {x.policy}
                      </Link>{' '}
                      · {t(`rules.exclusionMode.${x.mode}`)}
                    </span>
                  ))}
                </Space>
              ),
          },
        ]}
      />
    </Card>
  );
}

function BasisCard({ def }: { def: PolicyDefinition }) {
  const { t, bi } = useI18n();
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small" title={t('rules.detail.basis')} data-testid="policy-basis">
        {def.basis.map((b, i) => (
          <div key={i} style={{ marginBottom: i < def.basis.length - 1 ? 12 : 0 }}>
            <div style={{ fontWeight: 500 }}>{b.title}</div>
            {b.number && <Typography.Text type="secondary">{b.number}</Typography.Text>}
            {b.article && <Typography.Paragraph style={{ margin: '4px 0 0', fontSize: 13 }}>{b.article}</Typography.Paragraph>}
            {b.url && (
              <a href={b.url} target="_blank" rel="noreferrer noopener" style={{ overflowWrap: 'anywhere' }}>
                <LinkOutlined /> {t('rules.detail.openDocument')}
              </a>
            )}
          </div>
        ))}
      </Card>
      <Card size="small" title={t('rules.detail.assumptions')} data-testid="policy-assumptions">
        {def.assumptions.length === 0 ? (
          <Typography.Text type="secondary">{t('rules.detail.noAssumptions')}</Typography.Text>
        ) : (
          def.assumptions.map((a, i) => (
            <div key={i} style={{ marginBottom: i < def.assumptions.length - 1 ? 12 : 0 }}>
              <Space size={6} align="start">
                <Tag color="gold">{t('rules.detail.assumption')}</Tag>
                <span style={{ fontWeight: 500 }}>{a.parameter}</span>
              </Space>
              <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', fontSize: 13 }}>
                {bi(a.note)}
              </Typography.Paragraph>
            </div>
          ))
        )}
      </Card>
    </Space>
  );
}

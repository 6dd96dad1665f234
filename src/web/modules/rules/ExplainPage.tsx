// 政策匹配解释 (/explain/:entity/:id?snapshotId=): for one person, household, enterprise or
// employment, every applicable policy's outcome, criterion by criterion with the data read and how
// far from passing, the amount, what data is missing; and the entity's entitlements.
import { ArrowLeftOutlined, IdcardOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Row, Segmented, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../shared/auth';
import { useI18n } from '../../shared/i18n';
import { LoadError, NotFoundResult } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { CriterionIcon, EntitlementStatusTag, ExprText, marginUnit, OutcomeTag, useDistricts, useFacts, useRulesFormat } from './common';
import { ENTITIES, type EntitlementRow, type Entity, type Explanation, type Fact, type Outcome, type PolicyExplanation, type PolicyListItem } from './types';

const OUTCOME_ORDER: Outcome[] = ['eligible', 'near_miss', 'missing_data', 'ineligible'];

export default function ExplainPage() {
  const { entity = '', id = '' } = useParams();
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const { t, bi } = useI18n();
  const { can } = useAuth();
  const fmt = useRulesFormat();
  const districts = useDistricts();
  const valid = (ENTITIES as readonly string[]).includes(entity) && /^[1-9]\d{0,15}$/.test(id);
  const snapshotId = params.get('snapshotId') ?? undefined;
  const { data, error, reload } = useApi<Explanation>(valid ? `/api/explain/${entity}/${id}` : null, { snapshotId });
  const policies = useApi<PolicyListItem[]>(valid ? '/api/policies' : null);
  const facts = useFacts(valid ? (entity as Entity) : null);
  const [show, setShow] = useState<'all' | Outcome>('all');
  const name = (location.state as { name?: string } | null)?.name;

  if (!valid) return <NotFoundResult />;
  if (error) return <LoadError error={error} onRetry={reload} />;
  const x = data && data.entity === entity && String(data.entityId) === id ? data : undefined;
  if (!x) return <Skeleton active paragraph={{ rows: 12 }} />;

  const count = (o: Outcome) => x.policies.filter((p) => p.outcome === o).length;
  const sorted = [...x.policies].sort((a, b) => OUTCOME_ORDER.indexOf(a.outcome) - OUTCOME_ORDER.indexOf(b.outcome));
  const shown = show === 'all' ? sorted : sorted.filter((p) => p.outcome === show);
  const policyName = (pid: string) => {
    const p = policies.data?.find((y) => y.id === pid) ?? x.policies.find((y) => y.policyId === pid);
    return p ? bi(p.name) : pid;
  };
  const subject = t('rules.explain.subject', { entity: t(`rules.entities.${x.entity}`), id: x.entityId });

  const entitlementColumns: ColumnsType<EntitlementRow> = [
    {
      title: t('rules.explain.policy'),
      dataIndex: 'policy_id',
      render: (pid: string) => (
        <div style={{ minWidth: 140, maxWidth: 260, whiteSpace: 'normal' }}>
          <Link to={`/policies/${pid}`}>{policyName(pid)}</Link>
        </div>
      ),
    },
    { title: t('rules.explain.period'), dataIndex: 'period', className: 'hm-num' },
    { title: t('rules.fields.amount'), dataIndex: 'amount_fen', align: 'right', className: 'hm-num', render: (f: number) => fmt.yuan(f) },
    {
      title: t('rules.explain.status'),
      key: 'status',
      render: (_, e) => (
        <Space size={4} wrap>
          <EntitlementStatusTag status={e.status} />
          {e.excluded_by && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('rules.explain.excludedBy')} {policyName(e.excluded_by)}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { title: t('rules.explain.run'), dataIndex: 'run_id', className: 'hm-num', render: (r: number | null) => (r ? <Link to={`/runs/${r}`}>#{r}</Link> : t('common.none')) },
    { title: t('rules.explain.ruleHash'), dataIndex: 'rule_hash', className: 'hm-mono' },
  ];

  return (
    <div>
      <Button
        type="link"
        style={{ paddingInline: 0, marginBottom: 4 }}
        icon={<ArrowLeftOutlined />}
        // Opened directly (no page to go back to): the runs page is where explanations are reached from.
        onClick={() => (location.key === 'default' ? navigate('/runs') : navigate(-1))}
      >
        {t('rules.explain.back')}
      </Button>
      <Card style={{ marginBottom: 16 }} data-testid="explain-header">
        <Row gutter={[12, 12]} justify="space-between" align="top">
          <Col flex="1 1 300px" style={{ minWidth: 0 }}>
            <Typography.Text type="secondary">{t('rules.explain.title')}</Typography.Text>
            <Typography.Title level={3} style={{ margin: '4px 0 8px' }} data-testid="explain-subject">
              {x.subject ? `${x.subject.name} · ${x.subject.idNumber}` : name ? `${name} · ${subject}` : subject}
            </Typography.Title>
            <Space wrap size={[8, 4]}>
              <Tag>{districts.name(x.districtCode)}</Tag>
              <Typography.Text type="secondary" className="hm-num">
                {t('rules.explain.snapshot', { id: x.snapshot.id, asOf: x.snapshot.asOf })}
              </Typography.Text>
              {x.snapshot.contentHash && (
                <Typography.Text type="secondary" className="hm-mono" style={{ fontSize: 12 }}>
                  {t('rules.explain.contentHash', { hash: x.snapshot.contentHash.slice(0, 16) })}
                </Typography.Text>
              )}
            </Space>
            <Typography.Paragraph style={{ margin: '8px 0 0' }} data-testid="explain-summary">
              {t('rules.explain.summary', { eligible: count('eligible'), nearMiss: count('near_miss'), missing: count('missing_data'), ineligible: count('ineligible') })}
            </Typography.Paragraph>
          </Col>
          {x.entity === 'person' && can('person.read') && (
            <Col flex="none">
              <Link to={`/persons/${x.entityId}`}>
                <Button icon={<IdcardOutlined />}>{t('rules.explain.personRecord')}</Button>
              </Link>
            </Col>
          )}
        </Row>
      </Card>
      <Alert type="warning" showIcon icon={<SafetyCertificateOutlined />} title={t('rules.explain.auditNotice')} style={{ marginBottom: 16 }} />

      {x.policies.length === 0 ? (
        <Card style={{ marginBottom: 16 }}>
          <Empty description={t('rules.explain.noPolicies')} />
        </Card>
      ) : (
        <>
          <div style={{ overflowX: 'auto', marginBottom: 12 }}>
            <Segmented<string>
              value={show}
              onChange={(v) => setShow(v as 'all' | Outcome)}
              options={[
                { value: 'all', label: `${t('rules.explain.filterAll')} (${x.policies.length})` },
                ...OUTCOME_ORDER.filter((o) => count(o) > 0).map((o) => ({ value: o, label: `${t(`rules.outcome.${o}`)} (${count(o)})` })),
              ]}
            />
          </div>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            {shown.map((p) => (
              <Col key={p.policyId} xs={24} xl={12}>
                <PolicyCard p={p} catalogue={facts.byPath} />
              </Col>
            ))}
          </Row>
        </>
      )}

      <Card size="small" title={t('rules.explain.entitlements')}>
        <Table<EntitlementRow>
          data-testid="explain-entitlements"
          rowKey="id"
          size="small"
          columns={entitlementColumns}
          dataSource={x.entitlements}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('rules.explain.noEntitlements') }}
        />
      </Card>
    </div>
  );
}

function PolicyCard({ p, catalogue }: { p: PolicyExplanation; catalogue: Map<string, Fact> }) {
  const { t, bi } = useI18n();
  const fmt = useRulesFormat();
  const capped = p.amount !== null && p.amountRaw !== null && p.amount !== p.amountRaw;
  return (
    <Card
      size="small"
      data-testid={`explain-policy-${p.policyId}`}
      title={
        <div style={{ whiteSpace: 'normal', padding: '4px 0' }}>
          <Link to={`/policies/${p.policyId}`}>{bi(p.name)}</Link>
        </div>
      }
      extra={<OutcomeTag outcome={p.outcome} />}
      style={{ height: '100%' }}
    >
      {p.criteria.map((c, i) => {
        const words = c.value === false ? fmt.margin(c.margin, marginUnit(c.expr, catalogue)) : null;
        return (
          <div key={i} style={{ display: 'flex', gap: 8, padding: '8px 0', borderBottom: '1px solid rgba(5,5,5,0.06)' }} data-testid="explain-criterion">
            <div style={{ paddingTop: 2 }}>
              <CriterionIcon value={c.value} />
            </div>
            <div style={{ flex: 1, minWidth: 0 }}>
              <div>
                {bi(c.label)}
                {words && (
                  <Typography.Text type="danger" strong>
                    {' '}
                    · {words}
                  </Typography.Text>
                )}
                {c.value === null && <Typography.Text type="warning"> · {t('rules.explain.undetermined')}</Typography.Text>}
              </div>
              <div style={{ fontSize: 13, marginTop: 2 }}>
                {c.facts.map((f) => (
                  <div key={f.path} style={{ color: f.value === null ? '#d48806' : 'rgba(0,0,0,0.65)' }}>
                    {bi(f)}
                    {t('rules.colon')}
                    <strong style={{ fontWeight: 500 }}>{fmt.factValue(f.value, f.unit ?? catalogue.get(f.path)?.unit)}</strong>
                  </div>
                ))}
              </div>
              <details style={{ marginTop: 2 }}>
                <summary style={{ cursor: 'pointer', fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>CEL</summary>
                <ExprText expr={c.expr} />
              </details>
            </div>
          </div>
        );
      })}
      <div style={{ marginTop: 8 }}>
        <Typography.Text type="secondary">{p.outcome === 'eligible' ? t('rules.explain.amount') : t('rules.explain.amountIf')}
          {t('rules.colon')}
        </Typography.Text>
        <strong className="hm-num" data-testid="explain-amount">
          {p.amount === null
            ? t('rules.explain.amountNone')
            : capped
              ? t('rules.explain.amountCapped', { amount: fmt.yuan(p.amount), raw: fmt.yuan(p.amountRaw) })
              : fmt.yuan(p.amount)}
        </strong>
      </div>
      {p.missingFacts.length > 0 && (
        <div style={{ marginTop: 4 }}>
          <Typography.Text type="warning">{t('rules.explain.missingFacts')}</Typography.Text>{' '}
          {p.missingFacts.map((path) => {
            const f = catalogue.get(path);
            return (
              <Tag key={path} color="gold" style={{ whiteSpace: 'normal' }}>
                {f ? bi(f) : path}
              </Tag>
            );
          })}
        </div>
      )}
    </Card>
  );
}

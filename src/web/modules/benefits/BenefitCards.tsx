// The payee's benefits as one column of cards (phones first): what, how much, where it stands and
// the one thing to do next. Citizens and enterprises share it.
import { CheckCircleFilled, ExclamationCircleOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Pagination, Skeleton, Space, Typography, theme } from 'antd';
import type { ReactNode } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { formatDateTime } from '../../shared/format';
import { useI18n } from '../../shared/i18n';
import { LoadError } from '../../shared/results';
import type { Paged } from '../../shared/types';
import { useApi } from '../../shared/useApi';
import { MyStatusTag, useBenefitFormat } from './common';
import type { MyBenefit } from './types';

const PAGE_SIZE = 20;

/** What the payee does next, or where it stands when there is nothing to do. */
export type NextStep = { kind: 'confirm' | 'apply' | 'correct'; label: string } | { kind: 'state'; label: string; icon: ReactNode };

export function useNextStep() {
  const { t } = useI18n();
  const { token } = theme.useToken();
  return (b: Pick<MyBenefit, 'status' | 'actions'>): NextStep | null => {
    if (b.actions.includes('confirm')) return b.status === 'payment_failed' ? { kind: 'correct', label: t('benefits.my.correct') } : { kind: 'confirm', label: t('benefits.my.confirm') };
    if (b.actions.includes('apply')) return { kind: 'apply', label: t('benefits.my.apply') };
    if (b.status === 'paid') return { kind: 'state', label: t('benefits.my.paid'), icon: <CheckCircleFilled style={{ color: token.colorSuccess }} /> };
    if (b.status === 'declined') return { kind: 'state', label: t('benefits.my.declined'), icon: <ExclamationCircleOutlined style={{ color: token.colorTextTertiary }} /> };
    return null;
  };
}

export function BenefitCards({ enterprise }: { enterprise: boolean }) {
  const { t, bi } = useI18n();
  const fmt = useBenefitFormat();
  const navigate = useNavigate();
  const next = useNextStep();
  const { token } = theme.useToken();
  const [params, setParams] = useSearchParams();
  const page = Number(params.get('page') ?? 1) || 1;
  const { data, error, loading, reload } = useApi<Paged<MyBenefit>>('/api/me/benefits', { page, pageSize: PAGE_SIZE });
  const base = enterprise ? '/me/enterprise/benefits' : '/me/benefits';

  return (
    <div>
      <Typography.Title level={4} style={{ margin: '4px 0 4px' }}>
        {enterprise ? t('benefits.my.enterpriseTitle') : t('benefits.my.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginBottom: 12 }}>
        {enterprise ? t('benefits.my.enterpriseIntro') : t('benefits.my.intro')}
      </Typography.Paragraph>
      {error ? (
        <LoadError error={error} onRetry={reload} />
      ) : !data ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : data.items.length === 0 ? (
        <Card>
          <Empty description={enterprise ? t('benefits.my.noneEnterprise') : t('benefits.my.none')} />
        </Card>
      ) : (
        <Space orientation="vertical" size={12} style={{ width: '100%', opacity: loading ? 0.6 : 1 }} data-testid="my-benefits">
          {data.items.map((b) => {
            const step = next(b);
            const open = (action?: string) => navigate(`${base}/${b.id}${action ? `?do=${action}` : ''}`);
            return (
              <Card
                key={b.id}
                size="small"
                hoverable
                data-testid="benefit-card"
                data-status={b.status}
                onClick={() => open()}
                styles={{ body: { padding: 14 } }}
              >
                <div style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
                  <Typography.Text strong style={{ flex: 1, minWidth: 0, fontSize: 16, overflowWrap: 'anywhere' }}>
                    {bi(b.policyName)}
                  </Typography.Text>
                  <MyStatusTag status={b.status} style={{ flex: 'none', maxWidth: '45%' }} />
                </div>
                <div className="hm-num" style={{ whiteSpace: 'normal', fontSize: 22, fontWeight: 600, color: token.colorPrimary, margin: '6px 0 2px' }} data-testid="benefit-amount">
                  {fmt.amount(b.amountFen, b.period)}
                </div>
                <Typography.Text type="secondary" style={{ fontSize: 13, display: 'block' }}>
                  {[
                    enterprise && b.entityType === 'employment' ? t('benefits.my.number', { id: b.id }) : null,
                    b.period === 'once' ? null : fmt.period(b.period),
                    t(`benefits.delivery.${b.delivery}`),
                    enterprise && b.createdAt ? formatDateTime(b.createdAt).slice(0, 10) : null,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </Typography.Text>
                <div style={{ marginTop: 12 }}>
                  {step && step.kind !== 'state' ? (
                    <Button
                      type="primary"
                      danger={step.kind === 'correct'}
                      size="large"
                      block
                      data-testid={`benefit-action-${step.kind}`}
                      onClick={(e) => {
                        e.stopPropagation();
                        open(step.kind);
                      }}
                    >
                      {step.label}
                    </Button>
                  ) : (
                    <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', minHeight: 40 }}>
                      <span>
                        {step?.icon} {step?.label}
                      </span>
                      <Link to={`${base}/${b.id}`} onClick={(e) => e.stopPropagation()} style={{ padding: '8px 0' }}>
                        {t('benefits.my.view')} <RightOutlined />
                      </Link>
                    </div>
                  )}
                </div>
              </Card>
            );
          })}
          {data.total > PAGE_SIZE && (
            <Pagination
              simple
              align="center"
              current={data.page}
              pageSize={PAGE_SIZE}
              total={data.total}
              onChange={(p) => setParams(p > 1 ? { page: String(p) } : {})}
            />
          )}
        </Space>
      )}
    </div>
  );
}

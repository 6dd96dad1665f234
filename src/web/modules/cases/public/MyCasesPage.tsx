// 我的反映 at /me/cases for a signed-in citizen: what they reported, each opening its tracking page,
// and /me/cases/new, the same report form as the public page without the phone step.
import { ArrowLeftOutlined, NotificationOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Rate, Skeleton, Space, Tag, theme, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { useI18n } from '../../../shared/i18n';
import { LoadError } from '../../../shared/results';
import { useApi } from '../../../shared/useApi';
import { LeadForm } from './LeadForm';
import { WAGE_ARREARS, type CaseForm, type MyCase } from './lead';

export default function MyCasesPage({ report = false }: { report?: boolean }) {
  return report ? <MyNewReport /> : <MyReports />;
}

function MyReports() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const mine = useApi<{ items: MyCase[] }>('/api/me/cases');

  return (
    <div data-testid="my-cases">
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', marginBottom: 4 }}>
        <Typography.Title level={4} style={{ margin: 0, flex: 1, minWidth: 0 }}>
          {t('casesPublic.mine.title')}
        </Typography.Title>
      </div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('casesPublic.mine.intro')}
      </Typography.Paragraph>
      <Button type="primary" size="large" block icon={<NotificationOutlined />} onClick={() => navigate('/me/cases/new')} style={{ marginBottom: 12 }} data-testid="my-cases-report">
        {t('casesPublic.mine.report')}
      </Button>
      {mine.error ? (
        <LoadError error={mine.error} onRetry={mine.reload} />
      ) : !mine.data ? (
        <Card size="small">
          <Skeleton active paragraph={{ rows: 4 }} />
        </Card>
      ) : mine.data.items.length === 0 ? (
        <Card size="small">
          <Empty description={t('casesPublic.mine.empty')} />
        </Card>
      ) : (
        <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="my-cases-list">
          {mine.data.items.map((c) => (
            <MyCaseRow key={c.trackingCode} c={c} />
          ))}
        </Space>
      )}
    </div>
  );
}

function MyCaseRow({ c }: { c: MyCase }) {
  const { t, bi } = useI18n();
  const { token } = theme.useToken();
  return (
    <Link to={`/track/${c.trackingCode}`} data-testid={`my-case-${c.trackingCode}`} style={{ color: 'inherit', display: 'block' }}>
      <Card size="small" hoverable styles={{ body: { padding: 12 } }}>
        <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
          <div style={{ flex: 1, minWidth: 0 }}>
            <div style={{ display: 'flex', alignItems: 'center', gap: 6, flexWrap: 'wrap' }}>
              <Typography.Text strong>{bi(c.kindLabel)}</Typography.Text>
              <Tag color={c.final ? 'success' : c.state === 'received' ? 'default' : 'processing'} style={{ marginInlineEnd: 0 }}>
                {bi(c.stateLabel)}
              </Tag>
              {c.canRate && (
                <Tag color="gold" style={{ marginInlineEnd: 0 }}>
                  {t('casesPublic.mine.toRate')}
                </Tag>
              )}
            </div>
            <div style={{ fontSize: 14 }}>{c.title}</div>
            <div className="hm-mono" style={{ fontSize: 13, color: token.colorTextSecondary }}>
              {c.trackingCode}
            </div>
            <div style={{ fontSize: 12, color: token.colorTextSecondary }}>
              {t('casesPublic.mine.openedOn', { date: c.openedOn })}
              {c.closedOn ? ` · ${t('casesPublic.mine.closedOn', { date: c.closedOn })}` : ''}
            </div>
            {c.conclusionLabel && <div style={{ fontSize: 13, marginTop: 2, overflowWrap: 'anywhere' }}>{bi(c.conclusionLabel)}</div>}
            {c.rating !== null && <Rate disabled value={c.rating} style={{ fontSize: 14 }} aria-label={t('casesPublic.mine.rated', { score: c.rating })} />}
          </div>
          <RightOutlined style={{ color: token.colorTextQuaternary }} />
        </div>
      </Card>
    </Link>
  );
}

function MyNewReport() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const form = useApi<CaseForm>(`/api/public/case-forms/${WAGE_ARREARS}`);
  return (
    <div data-testid="my-case-report">
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate('/me/cases')} style={{ paddingInline: 0, marginBottom: 4 }}>
        {t('casesPublic.mine.back')}
      </Button>
      <Typography.Title level={4} style={{ margin: '0 0 12px' }}>
        {t('casesPublic.mine.newTitle')}
      </Typography.Title>
      {form.error ? (
        <LoadError error={form.error} onRetry={form.reload} />
      ) : !form.data ? (
        <Card size="small">
          <Skeleton active paragraph={{ rows: 6 }} />
        </Card>
      ) : (
        <LeadForm form={form.data} mode="citizen" />
      )}
    </div>
  );
}

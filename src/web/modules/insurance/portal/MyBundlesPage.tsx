// 我的办件 at /me/bundles: a resident's (retirement) or an enterprise's (new-employee enrolment)
// one-thing applications, newest first, each with its one status; a card opens the steps.
import { RightOutlined } from '@ant-design/icons';
import { Button, Card, Empty, theme, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { useAuth } from '../../../shared/auth';
import { useI18n } from '../../../shared/i18n';
import { CardList } from '../../../shared/portal';
import { useApi } from '../../../shared/useApi';
import { useCode, useInsFormat } from '../common';
import type { MyBundle, MyBundles } from '../types';
import { BundleStatusTag, PageTitle } from './common';

export default function MyBundlesPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();
  const list = useApi<MyBundles>('/api/me/bundles');
  const enterprise = user?.role === 'enterprise';
  return (
    <div data-testid="my-bundles">
      <PageTitle title={t('insurance.portal.bundlesTitle')} intro={t('insurance.portal.bundlesIntro')} />
      <CardList
        list={list}
        testId="my-bundles-list"
        empty={
          <Empty description={t('insurance.portal.bundlesEmpty')}>
            <Button type="primary" onClick={() => navigate(enterprise ? '/me/enterprise/enrolment' : '/me/insurance')} data-testid="bundles-start">
              {enterprise ? t('insurance.portal.goEnrolment') : t('insurance.portal.goInsurance')}
            </Button>
          </Empty>
        }
      >
        {(b) => <BundleCard key={b.id} b={b} showSubject={enterprise} />}
      </CardList>
    </div>
  );
}

function BundleCard({ b, showSubject }: { b: MyBundle; showSubject: boolean }) {
  const { t, bi } = useI18n();
  const code = useCode();
  const fmt = useInsFormat();
  const { token } = theme.useToken();
  return (
    <Card size="small" styles={{ body: { padding: 12 } }} data-testid="my-bundle" data-bundle-id={b.id} data-status={b.status}>
      <Link to={`/me/bundles/${b.id}`} style={{ color: 'inherit', display: 'block' }}>
        <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
          <div style={{ flex: 1, minWidth: 0 }}>
            <div style={{ display: 'flex', alignItems: 'center', gap: 6, flexWrap: 'wrap' }}>
              <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
                {code('bundleKind', b.kind) || bi(b.label)}
              </Typography.Text>
              <BundleStatusTag b={b} />
            </div>
            {showSubject && <div style={{ fontSize: 13, color: token.colorTextSecondary }}>{t('insurance.portal.subject', { name: b.subjectName })}</div>}
            <div className="hm-mono" style={{ fontSize: 12, color: token.colorTextSecondary }}>
              {b.trackingCode}
            </div>
            <div className="hm-num" style={{ fontSize: 12, color: token.colorTextSecondary }}>
              {t('insurance.portal.appliedOn', { date: fmt.day(b.createdAt) })}
              {b.completedAt ? ` · ${t('insurance.portal.completedOn', { date: fmt.day(b.completedAt) })}` : ''}
            </div>
          </div>
          <RightOutlined style={{ color: token.colorTextQuaternary }} />
        </div>
      </Link>
    </Card>
  );
}

// Citizens and enterprises, mostly on phones: a slim top bar and one column of content.
import { Layout, theme, Typography } from 'antd';
import { Outlet, useLocation } from 'react-router-dom';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';
import { LangSwitch } from './LangSwitch';
import { SelfNav } from './SelfNav';
import { UserBadge } from './UserBadge';

export function SelfLayout() {
  const { user } = useAuth();
  const { t } = useI18n();
  const { token } = theme.useToken();
  const { pathname } = useLocation();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          position: 'sticky',
          top: 0,
          zIndex: 10,
          display: 'flex',
          alignItems: 'center',
          gap: 8,
          padding: '0 12px',
          height: 52,
          lineHeight: '52px',
          background: token.colorPrimary,
        }}
      >
        <Typography.Text strong ellipsis style={{ flex: 1, minWidth: 0, color: '#fff', fontSize: 16 }}>
          {user?.role === 'enterprise' ? t('app.enterpriseService') : t('app.selfService')}
        </Typography.Text>
        <LangSwitch />
        <UserBadge compact />
      </Layout.Header>
      <Layout.Content style={{ width: '100%', maxWidth: 720, margin: '0 auto', padding: 12 }}>
        <SelfNav key={pathname} />
        <Outlet />
      </Layout.Content>
    </Layout>
  );
}

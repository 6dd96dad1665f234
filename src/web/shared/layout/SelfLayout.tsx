// Citizens and enterprises, mostly on phones: a slim top bar and one column of content.
import { Layout } from 'antd';
import { Outlet, useLocation } from 'react-router-dom';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';
import { LangSwitch } from './LangSwitch';
import { SelfNav } from './SelfNav';
import { UserBadge } from './UserBadge';
import { AppBar } from './AppBar';

export function SelfLayout() {
  const { user } = useAuth();
  const { t } = useI18n();
  const { pathname } = useLocation();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <AppBar title={user?.role === 'enterprise' ? t('app.enterpriseService') : t('app.selfService')}>
        <LangSwitch />
        <UserBadge compact />
      </AppBar>
      <Layout.Content style={{ width: '100%', maxWidth: 720, margin: '0 auto', padding: 12 }}>
        <SelfNav key={pathname} />
        <Outlet />
      </Layout.Content>
    </Layout>
  );
}

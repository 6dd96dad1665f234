// The frame of the public case pages (no sign-in): a slim top bar with the language switch and a
// sign-in button, and a switch between reporting and tracking. Phones first, one column.
import { FileSearchOutlined, LoginOutlined, NotificationOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Grid, Layout, Segmented } from 'antd';
import type { ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { homePath, useAuth } from '../../../shared/auth';
import { useI18n } from '../../../shared/i18n';
import { LangSwitch } from '../../../shared/layout/LangSwitch';
import { AppBar } from '../../../shared/layout/AppBar';

type Section = '/report/wage-arrears' | '/track';

export function PublicCaseShell({ children, testId }: { children: ReactNode; testId: string }) {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const screens = Grid.useBreakpoint();
  const section: Section = pathname.startsWith('/track') ? '/track' : '/report/wage-arrears';
  const wide = screens.sm || lang === 'zh-CN';
  const home = user ? homePath(user) : '/login';

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <AppBar title={t('casesPublic.brand')}>
        <LangSwitch />
        <Button
          icon={user ? <UserOutlined /> : <LoginOutlined />}
          href={home}
          aria-label={user ? user.displayName : t('casesPublic.login')}
          data-testid="public-case-login"
          onClick={(e) => {
            e.preventDefault();
            navigate(home);
          }}
        >
          {/* On a narrow phone the English bar keeps only the icon. */}
          {wide ? (user ? null : t('casesPublic.login')) : null}
        </Button>
      </AppBar>
      <Layout.Content style={{ width: '100%', maxWidth: 640, margin: '0 auto', padding: 12, boxSizing: 'border-box' }} data-testid={testId}>
        <Segmented<Section>
          block
          size="large"
          value={section}
          onChange={(v) => navigate(v)}
          style={{ marginBottom: 12 }}
          data-testid="public-case-sections"
          options={[
            { value: '/report/wage-arrears', label: t('casesPublic.reportLink'), icon: <NotificationOutlined /> },
            { value: '/track', label: t('casesPublic.trackLink'), icon: <FileSearchOutlined /> },
          ]}
        />
        {children}
      </Layout.Content>
    </Layout>
  );
}

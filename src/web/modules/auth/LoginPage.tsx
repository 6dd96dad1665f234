// Sign-in for staff (username and password) and, in demo mode, one-click sign-in as a sample
// resident or enterprise.
import { BankOutlined, LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Divider, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { errorText } from '../../shared/api';
import { homePath, useAuth, type DemoLogin } from '../../shared/auth';
import { useI18n } from '../../shared/i18n';
import { ItemList } from '../../shared/ItemList';
import { LangSwitch } from '../../shared/layout/LangSwitch';
import type { DemoAccounts, User } from '../../shared/types';
import { useApi } from '../../shared/useApi';

/** Only same-site paths are followed after sign-in. */
function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : null;
}

export default function LoginPage() {
  const { t } = useI18n();
  const { user, login, demoLogin, expired } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const demo = useApi<DemoAccounts>('/api/auth/demo');
  const next = safeNext(params.get('next'));

  if (user && !busy) return <Navigate to={next ?? homePath(user)} replace />;

  const go = (u: User) => navigate(next ?? homePath(u), { replace: true });
  const submit = async (v: { username: string; password: string }) => {
    setBusy('password');
    setError(null);
    try {
      go(await login(v.username.trim(), v.password));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  const demoSubmit = async (key: string, body: DemoLogin) => {
    setBusy(key);
    setError(null);
    try {
      // A demo identity never inherits a staff page from `next`.
      const u = await demoLogin(body);
      navigate(homePath(u), { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div
      style={{
        minHeight: '100vh',
        background: 'linear-gradient(160deg, #0f3a7d 0%, #1f5fbf 55%, #e8eef8 55%)',
        padding: '16px 12px 32px',
        boxSizing: 'border-box',
      }}
    >
      <Flex justify="flex-end" style={{ maxWidth: 420, margin: '0 auto 12px' }}>
        <LangSwitch />
      </Flex>
      <div style={{ maxWidth: 420, margin: '0 auto', color: '#fff', textAlign: 'center', marginBottom: 16 }}>
        <div style={{ fontSize: 28, fontWeight: 700, letterSpacing: 2 }}>{t('app.name')}</div>
        <div style={{ fontSize: 15, opacity: 0.9 }}>{t('app.fullName')}</div>
      </div>
      <Card style={{ maxWidth: 420, margin: '0 auto' }} title={t('auth.title')}>
        <Typography.Paragraph type="secondary">{t('auth.subtitle')}</Typography.Paragraph>
        {expired && <Alert type="warning" showIcon title={t('auth.sessionExpired')} style={{ marginBottom: 16 }} />}
        {error !== null && <Alert data-testid="login-error" type="error" showIcon title={errorText(error)} style={{ marginBottom: 16 }} />}
        <Form<{ username: string; password: string }> layout="vertical" onFinish={submit} requiredMark={false} autoComplete="on">
          <Form.Item name="username" label={t('auth.username')} rules={[{ required: true, whitespace: true, message: t('auth.usernameRequired') }]}>
            <Input data-testid="login-username" prefix={<UserOutlined />} autoComplete="username" autoCapitalize="none" spellCheck={false} size="large" />
          </Form.Item>
          <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
            <Input.Password data-testid="login-password" prefix={<LockOutlined />} autoComplete="current-password" size="large" />
          </Form.Item>
          <Button data-testid="login-submit" type="primary" htmlType="submit" block size="large" loading={busy === 'password'} disabled={busy !== null && busy !== 'password'}>
            {t('auth.submit')}
          </Button>
        </Form>

        {demo.data?.enabled && (
          <div data-testid="demo-section">
            <Divider>{t('auth.demoTitle')}</Divider>
            <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
              {t('auth.demoHint')}
            </Typography.Paragraph>
            {demo.data.citizens.length > 0 && (
              <ItemList
                header={<Typography.Text strong>{t('auth.demoCitizens')}</Typography.Text>}
                rows={demo.data.citizens.map((c) => ({
                  key: c.personId,
                  avatar: <UserOutlined />,
                  title: c.name,
                  description: c.districtName,
                  extra: (
                    <Button
                      size="small"
                      data-testid={`demo-citizen-${c.personId}`}
                      loading={busy === `c${c.personId}`}
                      disabled={busy !== null}
                      onClick={() => void demoSubmit(`c${c.personId}`, { kind: 'citizen', personId: c.personId })}
                    >
                      {t('auth.submit')}
                    </Button>
                  ),
                }))}
              />
            )}
            {demo.data.enterprises.length > 0 && (
              <div style={{ marginTop: 12 }}>
                <ItemList
                  header={<Typography.Text strong>{t('auth.demoEnterprises')}</Typography.Text>}
                  rows={demo.data.enterprises.map((e) => ({
                    key: e.enterpriseId,
                    avatar: <BankOutlined />,
                    title: e.name,
                    description: e.districtName,
                    extra: (
                      <Button
                        size="small"
                        data-testid={`demo-enterprise-${e.enterpriseId}`}
                        loading={busy === `e${e.enterpriseId}`}
                        disabled={busy !== null}
                        onClick={() => void demoSubmit(`e${e.enterpriseId}`, { kind: 'enterprise', enterpriseId: e.enterpriseId })}
                      >
                        {t('auth.submit')}
                      </Button>
                    ),
                  }))}
                />
              </div>
            )}
          </div>
        )}
      </Card>
      {/* A worker owed wages needs no account: the public report and tracking pages. */}
      <Flex vertical align="center" gap={0} style={{ maxWidth: 420, margin: '12px auto 0' }} data-testid="login-public-links">
        {[
          { path: '/report/wage-arrears', text: t('casesPublic.footerReport'), testId: 'login-report-link' },
          { path: '/track', text: t('casesPublic.footerTrack'), testId: 'login-track-link' },
        ].map((l) => (
          <Button
            key={l.path}
            type="link"
            href={l.path}
            data-testid={l.testId}
            style={{ whiteSpace: 'normal', height: 'auto', padding: '6px 8px' }}
            onClick={(e) => {
              e.preventDefault();
              navigate(l.path);
            }}
          >
            {l.text}
          </Button>
        ))}
      </Flex>
    </div>
  );
}

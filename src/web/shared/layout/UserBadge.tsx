// The signed-in user's name and role in the header, and the sign-out button.
import { LogoutOutlined } from '@ant-design/icons';
import { Button, Grid, Space, Tag, Tooltip, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';

export function UserBadge({ compact }: { compact?: boolean }) {
  const { user, logout } = useAuth();
  const { t, bi } = useI18n();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  if (!user) return null;
  const role = user.roleLabel ? bi(user.roleLabel) : t(`roles.${user.role}`);
  const showDetails = !compact && screens.md;
  const signOut = async () => {
    await logout().catch(() => undefined);
    navigate('/login', { replace: true });
  };
  return (
    <Space size={8} align="center" style={{ minWidth: 0, lineHeight: 'normal' }}>
      {showDetails && (
        <Tooltip title={[user.orgName, bi(user.departmentName)].filter(Boolean).join(' · ')}>
          <Space size={6} align="center" data-testid="current-user">
            <Typography.Text strong ellipsis style={{ maxWidth: 220 }}>
              {user.displayName}
            </Typography.Text>
            <Tag color="blue" style={{ marginInlineEnd: 0 }}>
              {role}
            </Tag>
          </Space>
        </Tooltip>
      )}
      <Button data-testid="logout" icon={<LogoutOutlined />} onClick={signOut} aria-label={t('auth.logout')}>
        {screens.sm ? t('auth.logout') : null}
      </Button>
    </Space>
  );
}

// The citizen's and enterprise's own menu: profile, benefits and messages (with the unread count),
// as one row of large buttons under the top bar, on every self-service page.
import { Badge, Button } from 'antd';
import { useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';
import { useApi } from '../useApi';
import { SELF_NAV } from './nav';

export function SelfNav() {
  const { user } = useAuth();
  const { t } = useI18n();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const items = user ? SELF_NAV.filter((i) => i.allowed(user)) : [];
  // SelfLayout remounts this on every page change, so reading a message updates the count.
  const { data } = useApi<{ unread: number }>(items.some((i) => i.key === 'inbox') ? '/api/me/inbox' : null, { pageSize: 1, page: 1 });
  if (items.length < 2) return null;
  const unread = data?.unread ?? 0;
  return (
    <nav aria-label={t('nav.menu')} data-testid="self-sections" style={{ display: 'flex', gap: 8, marginBottom: 12 }}>
      {items.map((i) => {
        const active = i.matches.test(pathname);
        return (
          <Button
            key={i.key}
            type={active ? 'primary' : 'default'}
            icon={i.icon}
            href={i.path}
            onClick={(e) => {
              e.preventDefault();
              navigate(i.path);
            }}
            aria-current={active ? 'page' : undefined}
            data-testid={`section-${i.key}`}
            style={{ flex: 1, minWidth: 0, height: 44, paddingInline: 6 }}
          >
            {t(`nav.${i.key}`)}
            {i.key === 'inbox' && unread > 0 && <Badge count={unread} size="small" overflowCount={99} />}
          </Button>
        );
      })}
    </nav>
  );
}

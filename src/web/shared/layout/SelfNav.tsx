// The citizen's and enterprise's own menu: profile, benefits, messages (with the unread count),
// ratings and reports, as one row of large buttons under the top bar, on every self-service page.
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
    // A grid rather than one row: with the job sections a resident has eight, five to a row on a phone.
    <nav aria-label={t('nav.menu')} data-testid="self-sections" style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(60px, 1fr))', gap: 8, marginBottom: 12 }}>
      {items.map((i) => {
        const active = i.matches.test(pathname);
        return (
          <Button
            key={i.key}
            type={active ? 'primary' : 'default'}
            href={i.path}
            onClick={(e) => {
              e.preventDefault();
              navigate(i.path);
            }}
            aria-current={active ? 'page' : undefined}
            data-testid={`section-${i.key}`}
            // Icon over label, like a phone's tab bar: five sections fit side by side in 360 px.
            style={{ flex: 1, minWidth: 0, height: 'auto', minHeight: 52, padding: '4px 2px', display: 'flex', flexDirection: 'column', gap: 2, fontSize: 12, lineHeight: 1.15 }}
          >
            <Badge count={i.key === 'inbox' ? unread : 0} size="small" overflowCount={99} offset={[6, 0]}>
              <span style={{ fontSize: 18, color: active ? '#fff' : undefined }}>{i.icon}</span>
            </Badge>
            <span style={{ maxWidth: '100%', whiteSpace: 'normal', overflowWrap: 'anywhere' }}>{t(`nav.${i.key}`)}</span>
          </Button>
        );
      })}
    </nav>
  );
}

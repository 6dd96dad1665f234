// 消息: the payee's in-portal notifications, newest first. Opening one marks it read and offers the
// benefit it is about.
import { RightOutlined } from '@ant-design/icons';
import { App, Badge, Button, Card, Empty, Pagination, Segmented, Skeleton, Space, Typography, theme } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api, errorText } from '../../shared/api';
import { useAuth } from '../../shared/auth';
import { formatDateTime } from '../../shared/format';
import { useI18n } from '../../shared/i18n';
import { LoadError } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import type { Inbox, InboxMessage } from './types';

const PAGE_SIZE = 20;

export default function InboxPage() {
  const { t, bi } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { token } = theme.useToken();
  const [params, setParams] = useSearchParams();
  const unreadOnly = params.get('unread') === '1';
  const page = Number(params.get('page') ?? 1) || 1;
  const { data, error, loading, reload, setData } = useApi<Inbox>('/api/me/inbox', { unread: unreadOnly ? 1 : undefined, page, pageSize: PAGE_SIZE });
  const [openId, setOpenId] = useState<number | null>(null);
  const benefitPath = (id: number) => (user?.role === 'enterprise' ? `/me/enterprise/benefits/${id}` : `/me/benefits/${id}`);

  const markRead = async (m: InboxMessage) => {
    if (m.readAt || !data) return;
    try {
      const r = await api.post<{ id: number; readAt: string }>(`/api/me/inbox/${m.id}/read`);
      setData({ ...data, unread: Math.max(0, data.unread - 1), items: data.items.map((x) => (x.id === m.id ? { ...x, readAt: r.readAt } : x)) });
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  const toggle = (m: InboxMessage) => {
    setOpenId(openId === m.id ? null : m.id);
    void markRead(m);
  };

  return (
    <div>
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0, flex: 1 }}>
          {t('benefits.inbox.title')}
          {data && data.unread > 0 && (
            <Typography.Text type="secondary" style={{ fontSize: 14, fontWeight: 'normal', marginInlineStart: 8 }} data-testid="inbox-unread">
              {t('benefits.inbox.unreadCount', { count: data.unread })}
            </Typography.Text>
          )}
        </Typography.Title>
        <Segmented
          value={unreadOnly ? 'unread' : 'all'}
          onChange={(v) => setParams(v === 'unread' ? { unread: '1' } : {})}
          options={[
            { value: 'all', label: t('benefits.inbox.all') },
            { value: 'unread', label: t('benefits.inbox.unreadOnly') },
          ]}
        />
      </div>
      {error ? (
        <LoadError error={error} onRetry={reload} />
      ) : !data ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : data.items.length === 0 ? (
        <Card>
          <Empty description={unreadOnly ? t('benefits.inbox.noneUnread') : t('benefits.inbox.none')} />
        </Card>
      ) : (
        <Space orientation="vertical" size={8} style={{ width: '100%', opacity: loading ? 0.6 : 1 }} data-testid="inbox">
          {data.items.map((m) => {
            const open = openId === m.id;
            const unread = !m.readAt;
            return (
              <Card key={m.id} size="small" data-testid="inbox-item" data-unread={unread ? '1' : '0'} styles={{ body: { padding: 0 } }}>
                <button
                  type="button"
                  onClick={() => toggle(m)}
                  aria-expanded={open}
                  style={{
                    all: 'unset',
                    boxSizing: 'border-box',
                    display: 'flex',
                    gap: 10,
                    width: '100%',
                    padding: '12px 14px',
                    cursor: 'pointer',
                    alignItems: 'flex-start',
                  }}
                >
                  <span style={{ flex: 'none', width: 10, paddingTop: 6 }}>{unread && <Badge status="processing" aria-label={t('benefits.inbox.unread')} />}</span>
                  <span style={{ flex: 1, minWidth: 0 }}>
                    <Typography.Text strong={unread} style={{ display: 'block', fontSize: 15, overflowWrap: 'anywhere' }}>
                      {bi(m.title)}
                    </Typography.Text>
                    <Typography.Paragraph
                      type="secondary"
                      style={{ margin: '2px 0 0', fontSize: 13, overflowWrap: 'anywhere' }}
                      ellipsis={open ? false : { rows: 2 }}
                    >
                      {bi(m.body)}
                    </Typography.Paragraph>
                    <Typography.Text type="secondary" className="hm-num" style={{ fontSize: 12 }}>
                      {formatDateTime(m.sentAt ?? m.createdAt)}
                    </Typography.Text>
                  </span>
                  <RightOutlined style={{ flex: 'none', color: token.colorTextTertiary, marginTop: 6, transform: open ? 'rotate(90deg)' : undefined, transition: 'transform .2s' }} />
                </button>
                {open && m.entitlementId !== null && (
                  <div style={{ padding: '0 14px 12px 34px' }}>
                    <Button type="primary" size="large" block onClick={() => navigate(benefitPath(m.entitlementId!))} data-testid="inbox-open-benefit">
                      {t('benefits.inbox.open')}
                    </Button>
                  </div>
                )}
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
              onChange={(p) => {
                const next = new URLSearchParams(params);
                if (p > 1) next.set('page', String(p));
                else next.delete('page');
                setParams(next);
              }}
            />
          )}
        </Space>
      )}
    </div>
  );
}

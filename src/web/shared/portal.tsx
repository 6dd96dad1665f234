// The frame of the citizen and enterprise pages (/me/…), built for a phone's width: a page title with
// a line under it, a back link, and a list of cards with its loading, error and empty states.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Skeleton, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { LoadError } from './results';
import type { Loaded } from './useApi';

/** A page's title, an optional line under it, and actions on the right (wrapping below on a phone). */
export function PageTitle({ title, intro, extra }: { title: ReactNode; intro?: ReactNode; extra?: ReactNode }) {
  return (
    <>
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', marginBottom: 4 }}>
        <Typography.Title level={4} style={{ margin: 0, flex: 1, minWidth: 0, overflowWrap: 'anywhere' }}>
          {title}
        </Typography.Title>
        {extra}
      </div>
      {intro && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginBottom: 12 }}>
          {intro}
        </Typography.Paragraph>
      )}
    </>
  );
}

/** A link back to the list a page was opened from, followed in the app. */
export function BackButton({ to, label }: { to: string; label: string }) {
  const navigate = useNavigate();
  return (
    <Button
      type="link"
      icon={<ArrowLeftOutlined />}
      href={to}
      onClick={(e) => {
        e.preventDefault();
        navigate(to);
      }}
      style={{ paddingInline: 0, marginBottom: 4 }}
      data-testid="back"
    >
      {label}
    </Button>
  );
}

/**
 * One's own records as cards, one under the other: the load error (while nothing is shown yet), a
 * skeleton, `empty` when there are none, or the cards, dimmed while the list reloads.
 */
export function CardList<T>({ list, empty, testId, children }: { list: Pick<Loaded<{ items: T[] }>, 'data' | 'error' | 'loading' | 'reload'>; empty: ReactNode; testId: string; children: (item: T) => ReactNode }) {
  if (list.error && !list.data) return <LoadError error={list.error} onRetry={list.reload} />;
  if (!list.data)
    return (
      <Card size="small">
        <Skeleton active paragraph={{ rows: 4 }} />
      </Card>
    );
  if (list.data.items.length === 0) return <Card size="small">{empty}</Card>;
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%', opacity: list.loading ? 0.6 : 1 }} data-testid={testId}>
      {list.data.items.map(children)}
    </Space>
  );
}

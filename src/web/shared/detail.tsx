// What a staff page about one record shares: the record fetched by the number in the address, what
// shows until it is in (not found, the load error, a skeleton), the header with the way back to the
// list (and the notice that the view is audited), and cards of labelled fields.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Skeleton, Space, type DescriptionsProps } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { Query } from './api';
import { PageHeader } from './ErrorAlert';
import { LoadError, NotFoundResult } from './results';
import { useApi } from './useApi';

/** One labelled field of a card. */
export type Field = NonNullable<DescriptionsProps['items']>[number];

/**
 * The record whose id is in the address: `valid` is false for an id that is not a number (nothing is
 * fetched), and `data` is only ever the record asked for, not the previous one while the next loads.
 */
export function useRecord<T>(id: string | undefined, path: (id: string) => string, idOf: (d: T) => number, query?: Query) {
  const valid = !!id && /^\d+$/.test(id);
  const res = useApi<T>(valid ? path(id) : null, query);
  const data = res.data && String(idOf(res.data)) === id ? res.data : undefined;
  return { valid, data, error: res.error, reload: res.reload };
}

/** What a record's page shows until the record is in: not found, the load error, or a skeleton. */
export function RecordFallback({ record, notFound, rows = 10 }: { record: { valid: boolean; error: unknown; reload: () => void }; notFound: string; rows?: number }) {
  if (!record.valid) return <NotFoundResult message={notFound} />;
  if (record.error) return <LoadError error={record.error} onRetry={record.reload} notFoundMessage={notFound} />;
  return <Skeleton active paragraph={{ rows }} />;
}

/** The button back to a list. */
export function BackLink({ to, label }: { to: string; label: string }) {
  return (
    <Link to={to}>
      <Button icon={<ArrowLeftOutlined />}>{label}</Button>
    </Link>
  );
}

/**
 * A record's header: its title and tags (wrapping), a hint, the way back to the list followed by any
 * actions, and, where `audited` is given, the notice that the view is recorded.
 */
export function DetailHeader({ title, hint, back, actions, audited }: { title: ReactNode; hint?: ReactNode; back: { to: string; label: string }; actions?: ReactNode; audited?: ReactNode }) {
  const link = <BackLink to={back.to} label={back.label} />;
  return (
    <>
      <PageHeader
        title={
          <Space wrap size={8}>
            {title}
          </Space>
        }
        hint={hint}
        extra={
          actions === undefined ? (
            link
          ) : (
            <Space wrap>
              {link}
              {actions}
            </Space>
          )
        }
      />
      {audited && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={audited} />}
    </>
  );
}

/** Labelled fields, one a row (label above value on a phone). */
export function Fields({ items, testId }: { items: Field[]; testId?: string }) {
  return <Descriptions className="hm-stack" size="small" bordered column={1} data-testid={testId} items={items} />;
}

/** A card of labelled fields. */
export function FieldsCard({ title, items, testId }: { title: ReactNode; items: Field[]; testId?: string }) {
  return (
    <Card size="small" title={title} style={{ marginBottom: 16 }} data-testid={testId}>
      <Fields items={items} />
    </Card>
  );
}

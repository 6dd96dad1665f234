// Pieces the citizen and enterprise insurance pages share, built for a phone's width: a page title,
// a back link, and an application's one status (in progress x/y steps, completed, or not approved).
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../../../shared/i18n';
import type { MyBundle } from '../types';

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

/** The one status an applicant sees: in progress with the steps done, completed, or not approved. */
export function BundleStatusTag({ b }: { b: Pick<MyBundle, 'status' | 'done' | 'total'> }) {
  const { t } = useI18n();
  const [color, text] =
    b.status === 'completed'
      ? ['success', t('insurance.portal.completed')]
      : b.status === 'rejected'
        ? ['error', t('insurance.portal.rejected')]
        : ['processing', t('insurance.portal.inProgress', { done: b.done, total: b.total })];
  return (
    <Tag color={color} style={{ marginInlineEnd: 0 }} data-testid="bundle-status" data-status={b.status}>
      {text}
    </Tag>
  );
}

// The slim coloured top bar of the phone-first pages (self-service, public progress, reporting and
// tracking): a title that shortens with an ellipsis, then whatever the page puts on the right.
import { Layout, theme, Typography } from 'antd';
import type { ReactNode } from 'react';

export function AppBar({ title, children }: { title: ReactNode; children?: ReactNode }) {
  const { token } = theme.useToken();
  return (
    <Layout.Header
      style={{ position: 'sticky', top: 0, zIndex: 10, display: 'flex', alignItems: 'center', gap: 8, padding: '0 12px', height: 52, lineHeight: '52px', background: token.colorPrimary }}
    >
      <Typography.Text strong ellipsis style={{ flex: 1, minWidth: 0, color: '#fff', fontSize: 16 }}>
        {title}
      </Typography.Text>
      {children}
    </Layout.Header>
  );
}

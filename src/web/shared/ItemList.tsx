// A short list of rows (title, description, something on the right). antd's List is deprecated in
// v6 and its successor (Listy) is a virtual scroller, more than a handful of rows needs.
import { theme, Typography } from 'antd';
import type { ReactNode } from 'react';

export type ItemRow = { key: string | number; avatar?: ReactNode; title: ReactNode; description?: ReactNode; extra?: ReactNode };

export function ItemList({ rows, header, testId }: { rows: ItemRow[]; header?: ReactNode; testId?: string }) {
  const { token } = theme.useToken();
  return (
    <div role="list" data-testid={testId}>
      {header && <div style={{ padding: '8px 0', borderBottom: `1px solid ${token.colorSplit}` }}>{header}</div>}
      {rows.map((r, i) => (
        <div
          role="listitem"
          key={r.key}
          style={{
            display: 'flex',
            alignItems: 'center',
            gap: 12,
            padding: '10px 4px',
            borderBottom: i < rows.length - 1 ? `1px solid ${token.colorSplit}` : undefined,
          }}
        >
          {r.avatar && <div style={{ flex: 'none', color: token.colorTextSecondary }}>{r.avatar}</div>}
          <div style={{ flex: 1, minWidth: 0 }}>
            <div style={{ overflowWrap: 'anywhere' }}>{r.title}</div>
            {r.description && (
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 13 }}>
                {r.description}
              </Typography.Text>
            )}
          </div>
          {r.extra && <div style={{ flex: 'none' }}>{r.extra}</div>}
        </div>
      ))}
    </div>
  );
}

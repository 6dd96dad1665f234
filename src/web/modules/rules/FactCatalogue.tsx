// The searchable fact catalogue beside the editor: every fact a policy over this entity may name,
// by namespace, with its type, unit and source department. A click inserts `namespace.fact`.
import { SearchOutlined } from '@ant-design/icons';
import { Empty, Input, Skeleton, Tag, theme, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useI18n } from '../../shared/i18n';
import type { Fact } from './types';

export function FactCatalogue({ facts, loading, departmentName, onPick }: { facts: Fact[]; loading: boolean; departmentName: (code: string) => string; onPick: (f: Fact) => void }) {
  const { t, lang } = useI18n();
  const { token } = theme.useToken();
  const [q, setQ] = useState('');
  const groups = useMemo(() => {
    const needle = q.trim().toLowerCase();
    const hit = (f: Fact) => !needle || f.path.toLowerCase().includes(needle) || f.zh.includes(needle) || f.en.toLowerCase().includes(needle);
    const m = new Map<string, Fact[]>();
    for (const f of facts.filter(hit)) m.set(f.namespace, [...(m.get(f.namespace) ?? []), f]);
    return [...m.entries()];
  }, [facts, q]);

  return (
    <div data-testid="fact-catalogue">
      <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginBottom: 8 }}>
        {t('rules.editor.catalogueHelp')}
      </Typography.Paragraph>
      <Input allowClear prefix={<SearchOutlined />} placeholder={t('rules.editor.catalogueSearch')} value={q} onChange={(e) => setQ(e.target.value)} style={{ marginBottom: 8 }} />
      {loading && facts.length === 0 ? (
        <Skeleton active />
      ) : groups.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        groups.map(([ns, list]) => (
          <div key={ns} style={{ marginBottom: 8 }}>
            <Typography.Text strong style={{ display: 'block', padding: '4px 0' }}>
              {t(`rules.entities.${ns as Fact['namespace']}`)} <span className="hm-mono">{ns}.*</span>
            </Typography.Text>
            {list.map((f) => (
              <button
                type="button"
                key={f.path}
                data-testid={`fact-${f.path}`}
                onMouseDown={(e) => e.preventDefault() /* keep the cursor in the expression box */}
                onClick={() => onPick(f)}
                style={{
                  display: 'block',
                  width: '100%',
                  textAlign: 'start',
                  border: 'none',
                  borderBottom: `1px solid ${token.colorSplit}`,
                  background: 'transparent',
                  padding: '6px 4px',
                  cursor: 'pointer',
                  font: 'inherit',
                }}
              >
                <div style={{ display: 'flex', gap: 6, alignItems: 'baseline', flexWrap: 'wrap' }}>
                  <span>{lang === 'en' ? f.en : f.zh}</span>
                  <Tag style={{ marginInlineEnd: 0 }}>{t(`rules.editor.types.${f.type}`)}</Tag>
                  {f.unit && <Tag color="blue">{t(`rules.unitLabels.${f.unit}`)}</Tag>}
                </div>
                <div className="hm-mono" style={{ fontSize: 12, color: token.colorPrimary, whiteSpace: 'normal', overflowWrap: 'anywhere' }}>
                  {f.path}
                </div>
                <div style={{ fontSize: 12, color: token.colorTextSecondary }}>
                  {departmentName(f.department)}
                  {f.values && (
                    <>
                      {' · '}
                      {t('rules.editor.values')} <span className="hm-mono" style={{ whiteSpace: 'normal' }}>{f.values.join(', ')}</span>
                    </>
                  )}
                </div>
              </button>
            ))}
          </div>
        ))
      )}
    </div>
  );
}

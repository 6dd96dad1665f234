// An expression box with live checking: 300 ms after the last keystroke the server checks the
// expression against the fact catalogue and answers ✓ with the facts it reads, or what is wrong
// and where. The focused box takes facts clicked in the catalogue at its cursor.
import { CheckCircleFilled, CloseCircleFilled, LoadingOutlined } from '@ant-design/icons';
import { Input, Space, Tag, Tooltip, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { createContext, useContext, useEffect, useRef, useState, type MutableRefObject } from 'react';
import { api, errorText } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import type { CheckResult, Entity, Fact } from './types';

/** Inserts text at the cursor of the expression box that last had the focus. */
export type Inserter = (text: string) => void;
export const ActiveExprContext = createContext<MutableRefObject<MutableRefObject<Inserter> | null> | null>(null);

type CheckState = { state: 'idle' } | { state: 'checking'; expr: string } | { state: 'done'; expr: string; result: CheckResult } | { state: 'error'; expr: string; error: unknown };

export function ExprField({
  value,
  onChange,
  entity,
  want,
  catalogue,
  testId,
  rows = 2,
}: {
  value?: string;
  onChange?: (v: string) => void;
  entity: Entity;
  want: 'bool' | 'int';
  catalogue: Map<string, Fact>;
  testId?: string;
  rows?: number;
}) {
  const { t, lang } = useI18n();
  const active = useContext(ActiveExprContext);
  const ref = useRef<TextAreaRef>(null);
  const [check, setCheck] = useState<CheckState>({ state: 'idle' });
  const expr = value ?? '';

  // Reads the live textarea, so a stale render cannot lose what was typed since.
  const insert = useRef<Inserter>(() => undefined);
  insert.current = (text: string) => {
    const el = ref.current?.resizableTextArea?.textArea;
    if (!el) return;
    const start = el.selectionStart ?? el.value.length;
    const end = el.selectionEnd ?? start;
    const next = el.value.slice(0, start) + text + el.value.slice(end);
    onChange?.(next);
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(start + text.length, start + text.length);
    });
  };

  useEffect(() => {
    if (!expr.trim()) {
      setCheck({ state: 'idle' });
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      setCheck({ state: 'checking', expr });
      api
        .post<CheckResult>('/api/rules/check', { entity, expr, want })
        .then((result) => live && setCheck({ state: 'done', expr, result }))
        .catch((error: unknown) => live && setCheck({ state: 'error', expr, error }));
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [expr, entity, want]);

  const label = (path: string) => {
    const f = catalogue.get(path);
    return f ? (lang === 'en' ? f.en : f.zh) : path;
  };

  let status: React.ReactNode = null;
  if (check.state === 'checking') {
    status = (
      <Typography.Text type="secondary">
        <LoadingOutlined /> {t('rules.editor.checking')}
      </Typography.Text>
    );
  } else if (check.state === 'error') {
    status = <Typography.Text type="danger">{errorText(check.error)}</Typography.Text>;
  } else if (check.state === 'done' && check.result.ok) {
    status = (
      <Space size={[4, 4]} wrap data-testid={testId && `${testId}-ok`}>
        <Typography.Text type="success">
          <CheckCircleFilled /> {t('rules.editor.exprOk')}
        </Typography.Text>
        <Typography.Text type="secondary">{t('rules.editor.readsFacts')}</Typography.Text>
        {check.result.facts.map((f) => (
          <Tooltip key={f} title={<span className="hm-mono">{f}</span>}>
            <Tag style={{ marginInlineEnd: 0 }}>{label(f)}</Tag>
          </Tooltip>
        ))}
      </Space>
    );
  } else if (check.state === 'done' && !check.result.ok) {
    const r = check.result;
    const pos = r.position;
    status = (
      <div data-testid={testId && `${testId}-error`}>
        <Typography.Text type="danger">
          <CloseCircleFilled /> {lang === 'en' ? r.messageEn : r.message}
        </Typography.Text>
        {pos !== null && pos >= 0 && pos <= check.expr.length && (
          <code
            className="hm-mono"
            aria-label={t('rules.editor.position', { n: pos + 1 })}
            style={{ display: 'block', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', marginTop: 4, padding: '2px 6px', background: '#fff1f0', borderRadius: 4 }}
          >
            {check.expr.slice(0, pos)}
            <mark style={{ background: '#ff4d4f', color: '#fff', padding: '0 1px' }}>{check.expr[pos] ?? ' '}</mark>
            {check.expr.slice(pos + 1)}
          </code>
        )}
      </div>
    );
  }

  return (
    <div>
      <Input.TextArea
        ref={ref}
        data-testid={testId}
        className="hm-mono"
        style={{ whiteSpace: 'pre-wrap', fontSize: 13 }}
        value={expr}
        spellCheck={false}
        autoSize={{ minRows: rows, maxRows: 8 }}
        onChange={(e) => onChange?.(e.target.value)}
        onFocus={() => {
          if (active) active.current = insert;
        }}
      />
      {status && <div style={{ marginTop: 4, fontSize: 13 }}>{status}</div>}
    </div>
  );
}

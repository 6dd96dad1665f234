// A failed request as an alert: its message, each field-level detail with its path, and the request
// id to quote to support; a conflict (someone else changed the record) offers a reload instead.
// Shared by the staff modules.
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Row, Typography } from 'antd';
import type { CSSProperties, ReactNode } from 'react';
import { ApiError, errorText } from './api';
import { useI18n } from './i18n';

type Detail = { path?: string; line?: number; message: string; messageEn: string };

/** The field-level details of a VALIDATION error (or none). */
export function errorDetails(e: unknown): Detail[] {
  return e instanceof ApiError && Array.isArray(e.details) ? e.details : [];
}

/** Whether a request failed because someone else changed the record first (HTTP 409). */
export function isConflict(e: unknown): boolean {
  return e instanceof ApiError && (e.status === 409 || e.code === 'CONFLICT');
}

/** A failed request: its message, each detail with its path, and the request id; a 409 with `onReload` asks to reload. */
export function ErrorAlert({ error, details: only, style, onClose, onReload }: { error: unknown; details?: Detail[]; style?: CSSProperties; onClose?: () => void; onReload?: () => void }) {
  const { t, lang } = useI18n();
  if (onReload && isConflict(error))
    return (
      <Alert
        type="warning"
        showIcon
        data-testid="conflict-alert"
        style={style}
        title={errorText(error)}
        action={
          <Button size="small" icon={<ReloadOutlined />} onClick={onReload} data-testid="conflict-reload">
            {t('common.refresh')}
          </Button>
        }
      />
    );
  // `details` narrows the list (e.g. to those not already shown next to a form field).
  const details = only ?? errorDetails(error);
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <Alert
      type="error"
      showIcon
      data-testid="error-alert"
      style={style}
      closable={onClose ? { onClose } : undefined}
      title={errorText(error)}
      description={
        details.length > 0 || requestId ? (
          <>
            {details.length > 0 && (
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {details.map((d, i) => (
                  <li key={i}>
                    {d.path && <Typography.Text code>{d.path}</Typography.Text>} {lang === 'en' ? d.messageEn || d.message : d.message}
                  </li>
                ))}
              </ul>
            )}
            {requestId && <div style={{ fontSize: 12 }}>{t('errors.requestId', { id: requestId })}</div>}
          </>
        ) : undefined
      }
    />
  );
}

/** A page title with actions on the right (below it on phones) and a hint underneath. */
export function PageHeader({ title, extra, hint, testId }: { title: ReactNode; extra?: ReactNode; hint?: ReactNode; testId?: string }) {
  return (
    <>
      <Row justify="space-between" align="middle" gutter={[12, 12]} style={{ marginBottom: 8 }} data-testid={testId}>
        <Col flex="auto">
          <Typography.Title level={3} className="hm-page-title" style={{ marginBottom: 0 }}>
            {title}
          </Typography.Title>
        </Col>
        {extra && <Col>{extra}</Col>}
      </Row>
      {hint && <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>}
    </>
  );
}

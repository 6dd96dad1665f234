// A failed request as an alert: its message, each field-level detail with its path, and the request
// id to quote to support. Shared by the staff modules.
import { Alert, Typography } from 'antd';
import type { CSSProperties } from 'react';
import { ApiError, errorText } from './api';
import { useI18n } from './i18n';

type Detail = { path?: string; line?: number; message: string; messageEn: string };

/** The field-level details of a VALIDATION error (or none). */
export function errorDetails(e: unknown): Detail[] {
  return e instanceof ApiError && Array.isArray(e.details) ? e.details : [];
}

/** A failed request: its message, each detail with its path, and the request id. */
export function ErrorAlert({ error, details: only, style, onClose }: { error: unknown; details?: Detail[]; style?: CSSProperties; onClose?: () => void }) {
  const { t, lang } = useI18n();
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

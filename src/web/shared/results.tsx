// Full-page results: not found / refused (one test id, `not-found`, for both), and load errors.
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError, errorText } from './api';

export function NotFoundResult({ message }: { message?: string }) {
  const { t } = useTranslation();
  return (
    <Result
      data-testid="not-found"
      status="404"
      title={t('errors.notFoundTitle')}
      subTitle={message ?? t('errors.notFound')}
      extra={
        <Link to="/">
          <Button type="primary">{t('errors.backHome')}</Button>
        </Link>
      }
    />
  );
}

export function ForbiddenResult({ message }: { message?: string }) {
  const { t } = useTranslation();
  return (
    <Result
      data-testid="not-found"
      status="403"
      title={t('errors.forbiddenTitle')}
      subTitle={message ?? t('errors.forbidden')}
      extra={
        <Link to="/">
          <Button type="primary">{t('errors.backHome')}</Button>
        </Link>
      }
    />
  );
}

/** What to show when a page's main request failed: 404 and 403 get their own results. */
export function LoadError({ error, onRetry, notFoundMessage }: { error: unknown; onRetry?: () => void; notFoundMessage?: string }) {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.code === 'NOT_FOUND') return <NotFoundResult message={notFoundMessage ?? error.localized()} />;
  if (error instanceof ApiError && error.code === 'FORBIDDEN') return <ForbiddenResult message={error.localized()} />;
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <Result
      status="error"
      title={t('errors.loadFailed')}
      subTitle={
        <>
          <div>{errorText(error)}</div>
          {requestId && <div style={{ fontSize: 12 }}>{t('errors.requestId', { id: requestId })}</div>}
        </>
      }
      extra={onRetry && <Button onClick={onRetry}>{t('common.retry')}</Button>}
    />
  );
}

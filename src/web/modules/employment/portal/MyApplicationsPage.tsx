// 我的申请 at /me/applications: the jobs a resident applied for (or was referred to by staff), where
// each stands, and withdrawing one the employer has not acted on yet.
import { EnvironmentOutlined, RightOutlined, SearchOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Popconfirm, Tag, theme, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../../shared/api';
import { ErrorAlert, isConflict } from '../../../shared/ErrorAlert';
import { CardList } from '../../../shared/portal';
import { useApi } from '../../../shared/useApi';
import { ApplicationStatusTag, PageTitle, placeOf, useJobFormat } from './common';
import { usePortalT } from './messages';
import type { Application, MyApplication, MyApplicationList } from './types';

export default function MyApplicationsPage() {
  const { t } = usePortalT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const list = useApi<MyApplicationList>('/api/me/applications');
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);

  const withdraw = async (a: MyApplication) => {
    setBusy(a.id);
    setError(null);
    try {
      const r = await api.post<{ application: Application }>(`/api/me/applications/${a.id}/withdraw`);
      if (list.data) list.setData({ items: list.data.items.map((x) => (x.id === a.id ? { ...x, ...r.application, job: x.job } : x)) });
      void message.success(t('applications.withdrawn'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div data-testid="my-applications">
      <PageTitle title={t('applications.title')} intro={t('applications.intro')} />
      {error !== null && <ErrorAlert error={error} style={{ marginBottom: 12 }} onClose={() => setError(null)} onReload={isConflict(error) ? list.reload : undefined} />}
      <CardList
        list={list}
        testId="my-applications-list"
        empty={
          <Empty description={t('applications.empty')}>
            <Button type="primary" icon={<SearchOutlined />} onClick={() => navigate('/me/jobs')} data-testid="find-jobs">
              {t('applications.findJobs')}
            </Button>
          </Empty>
        }
      >
        {(a) => <ApplicationRow key={a.id} a={a} busy={busy === a.id} onWithdraw={() => withdraw(a)} />}
      </CardList>
    </div>
  );
}

function ApplicationRow({ a, busy, onWithdraw }: { a: MyApplication; busy: boolean; onWithdraw: () => Promise<void> }) {
  const { t } = usePortalT();
  const fmt = useJobFormat();
  const { token } = theme.useToken();
  // The server sends the job with every application; a posting removed since may leave it empty.
  const job = a.job as MyApplication['job'] | null;
  const body = (
    <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
      <div style={{ flex: 1, minWidth: 0 }}>
        <div style={{ display: 'flex', alignItems: 'center', gap: 6, flexWrap: 'wrap' }}>
          <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
            {job?.title ?? t('applications.jobGone')}
          </Typography.Text>
          <ApplicationStatusTag status={a.status} />
          {a.kind === 'referral' && (
            <Tag color="cyan" style={{ marginInlineEnd: 0 }}>
              {t('common.referral')}
            </Tag>
          )}
        </div>
        {job && (
          <>
            <div style={{ fontSize: 13, color: token.colorTextSecondary, overflowWrap: 'anywhere' }}>{job.enterpriseName}</div>
            <div style={{ fontSize: 13, color: token.colorTextSecondary }}>
              <EnvironmentOutlined /> {placeOf(job)} · <span className="hm-num">{fmt.wage(job.wageMinYuan, job.wageMaxYuan)}</span>
            </div>
          </>
        )}
        <div className="hm-num" style={{ fontSize: 12, color: token.colorTextSecondary }}>
          {t('common.appliedOn', { date: fmt.day(a.createdAt) })}
          {a.updatedAt && fmt.day(a.updatedAt) !== fmt.day(a.createdAt) ? ` · ${t('applications.updatedOn', { date: fmt.day(a.updatedAt) })}` : ''}
        </div>
      </div>
      {job && <RightOutlined style={{ color: token.colorTextQuaternary }} />}
    </div>
  );
  return (
    <Card size="small" styles={{ body: { padding: 12 } }} data-testid="application" data-application-id={a.id} data-status={a.status}>
      {job ? (
        <Link to={`/me/jobs/${a.jobId}`} style={{ color: 'inherit', display: 'block' }}>
          {body}
        </Link>
      ) : (
        body
      )}
      {a.status === 'submitted' && (
        <div style={{ textAlign: 'right', marginTop: 6 }}>
          <Popconfirm title={t('applications.withdrawConfirm')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={onWithdraw}>
            <Button size="small" danger loading={busy} data-testid="withdraw-application">
              {t('applications.withdraw')}
            </Button>
          </Popconfirm>
        </div>
      )}
    </Card>
  );
}

// One open job at /me/jobs/:id for a resident: what it pays and asks, the description and skills,
// and the apply button, which reads 已申请 once the resident has an application for it (made here,
// or found in their applications after the server answers 409).
import { CheckOutlined, EnvironmentOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Skeleton, Space, Tag, theme, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, errorText } from '../../../shared/api';
import { ErrorAlert, isConflict } from '../../../shared/ErrorAlert';
import { formatDateTime } from '../../../shared/format';
import { useI18n } from '../../../shared/i18n';
import { LoadError, NotFoundResult } from '../../../shared/results';
import { useApi } from '../../../shared/useApi';
import { ApplicationStatusTag, BackButton, placeOf, todayText, useJobFormat } from './common';
import { usePortalT } from './messages';
import type { Application, MyApplicationList, PublicJob } from './types';

export default function JobDetailPage() {
  const { t } = usePortalT();
  const { id } = useParams();
  const valid = !!id && /^\d+$/.test(id);
  const res = useApi<{ job: PublicJob }>(valid ? `/api/public/jobs/${id}` : null);
  const job = res.data && String(res.data.job.id) === id ? res.data.job : undefined;
  if (!valid) return <NotFoundResult message={t('job.notFound')} />;
  if (res.error && !job) return <LoadError error={res.error} onRetry={res.reload} notFoundMessage={t('job.notFound')} />;
  if (!job)
    return (
      <Card size="small">
        <Skeleton active paragraph={{ rows: 10 }} />
      </Card>
    );
  return <JobView key={job.id} job={job} />;
}

function JobView({ job }: { job: PublicJob }) {
  const { t, code } = usePortalT();
  const { bi } = useI18n();
  const { message } = App.useApp();
  const fmt = useJobFormat();
  const { token } = theme.useToken();
  const mine = useApi<MyApplicationList>('/api/me/applications');
  const [made, setMade] = useState<Application | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  // A withdrawn application does not count: the resident may apply again.
  const existing = made ?? mine.data?.items.find((a) => a.jobId === job.id && a.status !== 'withdrawn') ?? null;
  const today = todayText();
  const notOpen = job.validUntil < today || job.validFrom > today;

  const apply = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<{ application: Application }>('/api/me/applications', { jobId: job.id });
      setMade(r.application);
      void message.success(t('job.applyDone'));
    } catch (e) {
      setError(e);
      // 409: already applied, or the job closed meanwhile. The list of applications tells which.
      if (isConflict(e)) mine.reload();
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="job-detail" data-job-id={job.id}>
      <BackButton to="/me/jobs" label={t('job.back')} />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0, overflowWrap: 'anywhere' }} data-testid="job-title">
          {job.title}
        </Typography.Title>
        <div className="hm-num" style={{ color: token.colorError, fontSize: 18, fontWeight: 500, margin: '4px 0' }} data-testid="job-wage">
          {fmt.wage(job.wageMinYuan, job.wageMaxYuan)}
        </div>
        <div style={{ overflowWrap: 'anywhere' }} data-testid="job-enterprise">
          {job.enterpriseName}
        </div>
        <div style={{ fontSize: 13, color: token.colorTextSecondary }}>
          <EnvironmentOutlined /> {placeOf(job)}
        </div>
        <Space size={[4, 4]} wrap style={{ marginTop: 8 }}>
          <Tag style={{ marginInlineEnd: 0 }}>{bi(job.occupationName)}</Tag>
          <Tag style={{ marginInlineEnd: 0 }}>{code('education', job.education)}</Tag>
          <Tag style={{ marginInlineEnd: 0 }}>{job.experienceYears > 0 ? t('common.experienceN', { n: job.experienceYears }) : t('common.experienceNone')}</Tag>
          {job.forGraduates && (
            <Tag color="blue" style={{ marginInlineEnd: 0 }}>
              {t('common.forGraduates')}
            </Tag>
          )}
          {notOpen && (
            <Tag color="default" style={{ marginInlineEnd: 0 }}>
              {job.validUntil < today ? t('common.expired') : t('common.notStarted')}
            </Tag>
          )}
        </Space>
      </Card>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions
          className="hm-stack"
          size="small"
          column={1}
          items={[
            { key: 'head', label: t('field.headcount'), children: <span className="hm-num">{fmt.int(job.headcount)}</span> },
            { key: 'sched', label: t('field.schedule'), children: code('schedule', job.schedule) },
            { key: 'hours', label: t('field.weeklyHours'), children: t('common.hoursN', { n: job.weeklyHours }) },
            { key: 'valid', label: t('field.validity'), children: <span className="hm-num">{t('common.validRange', { from: job.validFrom, until: job.validUntil })}</span> },
            { key: 'pub', label: t('field.publishedAt'), children: <span className="hm-num">{job.publishedAt ? formatDateTime(job.publishedAt).slice(0, 10) : t('common.none')}</span> },
          ]}
        />
      </Card>
      <Card size="small" title={t('field.description')} style={{ marginBottom: 12 }}>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', marginBottom: 0 }} data-testid="job-description">
          {job.description}
        </Typography.Paragraph>
      </Card>
      <Card size="small" title={t('field.skills')} style={{ marginBottom: 12 }}>
        {job.skills.length === 0 ? (
          <Typography.Text type="secondary">{t('job.skillsNone')}</Typography.Text>
        ) : (
          <Space size={[4, 4]} wrap data-testid="job-skills">
            {job.skills.map((s) => (
              <Tag key={s} color="geekblue" style={{ marginInlineEnd: 0 }}>
                {s}
              </Tag>
            ))}
          </Space>
        )}
      </Card>
      {/* The action stays in reach of the thumb while reading. */}
      <div style={{ position: 'sticky', bottom: 0, background: token.colorBgLayout, borderTop: `1px solid ${token.colorBorderSecondary}`, padding: '8px 0', zIndex: 2 }}>
        {error !== null &&
          (isConflict(error) ? (
            <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={errorText(error)} data-testid="apply-conflict" />
          ) : (
            <ErrorAlert error={error} style={{ marginBottom: 8 }} onClose={() => setError(null)} />
          ))}
        {existing ? (
          <>
            <Button size="large" block disabled icon={<CheckOutlined />} data-testid="apply-button" data-state="applied">
              {existing.status === 'submitted' ? t('job.applied') : t('job.appliedStatus', { status: code('applicationStatus', existing.status) })}
            </Button>
            <div style={{ display: 'flex', justifyContent: 'center', alignItems: 'center', gap: 8, marginTop: 6, fontSize: 13 }}>
              <ApplicationStatusTag status={existing.status} />
              <Link to="/me/applications">{t('job.myApplications')}</Link>
            </div>
          </>
        ) : (
          <>
            <Button type="primary" size="large" block icon={<SendOutlined />} loading={busy} disabled={notOpen || (mine.loading && !mine.data)} onClick={() => void apply()} data-testid="apply-button" data-state="open">
              {t('job.apply')}
            </Button>
            <Typography.Text type="secondary" style={{ display: 'block', textAlign: 'center', fontSize: 12, marginTop: 4 }}>
              {t('job.applyHint')}
            </Typography.Text>
          </>
        )}
      </div>
    </div>
  );
}

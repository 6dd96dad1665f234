// 招聘岗位 at /me/enterprise/jobs: the signed-in enterprise's postings, one card each (status, what
// screening found, applicants, validity), filtered by status, and the way to post a new one.
import { PlusOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Segmented, Skeleton, Space, Tag, theme, Typography } from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useI18n } from '../../../shared/i18n';
import { LoadError } from '../../../shared/results';
import { useApi } from '../../../shared/useApi';
import { JobStatusTag, PageTitle, placeOf, todayText, useJobFormat } from './common';
import { usePortalT } from './messages';
import type { EnterpriseJobList, JobDetail, JobStatus } from './types';

const STATUSES: readonly JobStatus[] = ['published', 'blocked', 'closed'];

export default function EnterpriseJobsPage() {
  const { t } = usePortalT();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status = STATUSES.find((s) => s === raw);
  const list = useApi<EnterpriseJobList>('/api/me/enterprise/jobs', { status });

  return (
    <div data-testid="enterprise-jobs">
      <PageTitle title={t('entJobs.title')} intro={t('entJobs.intro')} />
      <Button type="primary" size="large" block icon={<PlusOutlined />} onClick={() => navigate('/me/enterprise/jobs/new')} style={{ marginBottom: 12 }} data-testid="post-job">
        {t('entJobs.post')}
      </Button>
      <Segmented<JobStatus | 'all'>
        block
        value={status ?? 'all'}
        onChange={(v) => setParams(v === 'all' ? {} : { status: v }, { replace: true })}
        options={[{ value: 'all', label: t('entJobs.all') }, ...STATUSES.map((s) => ({ value: s, label: t(`entJobs.filter.${s}`) }))]}
        style={{ marginBottom: 12 }}
        data-testid="enterprise-jobs-status"
      />
      {list.error ? (
        <LoadError error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Card size="small">
          <Skeleton active paragraph={{ rows: 4 }} />
        </Card>
      ) : list.data.items.length === 0 ? (
        <Card size="small">
          <Empty description={status ? t('entJobs.emptyStatus') : t('entJobs.empty')} />
        </Card>
      ) : (
        <Space orientation="vertical" size={8} style={{ width: '100%', opacity: list.loading ? 0.6 : 1 }} data-testid="enterprise-jobs-list">
          {list.data.items.map((j) => (
            <PostingRow key={j.id} job={j} />
          ))}
        </Space>
      )}
    </div>
  );
}

function PostingRow({ job }: { job: JobDetail }) {
  const { t } = usePortalT();
  const { bi } = useI18n();
  const fmt = useJobFormat();
  const { token } = theme.useToken();
  const blocking = job.findings.filter((f) => f.severity === 'block').length;
  const warnings = job.findings.length - blocking;
  const today = todayText();
  const expired = job.status === 'published' && job.validUntil < today;
  return (
    <Link to={`/me/enterprise/jobs/${job.id}`} style={{ color: 'inherit', display: 'block' }} data-testid="enterprise-job" data-job-id={job.id} data-status={job.status}>
      <Card size="small" hoverable styles={{ body: { padding: 12 } }}>
        <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
          <div style={{ flex: 1, minWidth: 0 }}>
            <div style={{ display: 'flex', alignItems: 'center', gap: 6, flexWrap: 'wrap' }}>
              <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
                {job.title}
              </Typography.Text>
              <JobStatusTag status={job.status} />
              {expired && (
                <Tag style={{ marginInlineEnd: 0 }} data-testid="job-expired">
                  {t('common.expired')}
                </Tag>
              )}
            </div>
            <div style={{ fontSize: 13, color: token.colorTextSecondary, overflowWrap: 'anywhere' }}>
              {bi(job.occupationName)} · {placeOf(job)}
            </div>
            <div className="hm-num" style={{ fontSize: 14 }}>
              {fmt.wage(job.wageMinYuan, job.wageMaxYuan)} · {t('common.headcountN', { n: fmt.int(job.headcount) })}
            </div>
            <Space size={[4, 4]} wrap style={{ marginTop: 4 }}>
              {blocking > 0 && (
                <Tag color="error" style={{ marginInlineEnd: 0 }} data-testid="job-findings-count">
                  {t('entJobs.findingsN', { n: blocking })}
                </Tag>
              )}
              {warnings > 0 && (
                <Tag color="warning" style={{ marginInlineEnd: 0 }} data-testid={blocking > 0 ? undefined : 'job-findings-count'}>
                  {t('entJobs.warningsN', { n: warnings })}
                </Tag>
              )}
              <Tag style={{ marginInlineEnd: 0 }} data-testid="job-applications-count">
                {t('entJobs.applicationsN', { n: fmt.int(job.applications) })}
              </Tag>
              {job.hires > 0 && (
                <Tag color="success" style={{ marginInlineEnd: 0 }}>
                  {t('entJobs.hiresN', { n: fmt.int(job.hires) })}
                </Tag>
              )}
            </Space>
            <div className="hm-num" style={{ fontSize: 12, color: token.colorTextSecondary, marginTop: 4 }}>
              {t('field.validity')}
              {t('common.colon')}
              {t('common.validRange', { from: job.validFrom, until: job.validUntil })}
            </div>
          </div>
          <RightOutlined style={{ color: token.colorTextQuaternary }} />
        </div>
      </Card>
    </Link>
  );
}

// One of my applications at /me/bundles/:id: its one status and the steps, each with the department,
// when it was done and its note; the applicant sees where it stands without the staff's workings.
import { Card, Skeleton, Space, Steps, Tag, Typography } from 'antd';
import { useParams } from 'react-router-dom';
import { useRecord } from '../../../shared/detail';
import { useI18n } from '../../../shared/i18n';
import { LoadError, NotFoundResult } from '../../../shared/results';
import { TASK_STEP_STATUS, useCode, useInsFormat } from '../common';
import type { MyBundle } from '../types';
import { BackButton, BundleStatusTag, PageTitle } from './common';

export default function MyBundleDetailPage() {
  const { t, bi } = useI18n();
  const code = useCode();
  const fmt = useInsFormat();
  const { id } = useParams();
  const rec = useRecord<MyBundle>(id, (x) => `/api/me/bundles/${x}`, (d) => d.id);
  const b = rec.data;

  if (!rec.valid) return <NotFoundResult message={t('insurance.portal.detailNotFound')} />;
  if (rec.error && !b) return <LoadError error={rec.error} onRetry={rec.reload} notFoundMessage={t('insurance.portal.detailNotFound')} />;

  const stepText = (s: MyBundle['tasks'][number]) =>
    s.status === 'done' ? t('insurance.portal.stepDone', { date: fmt.day(s.doneAt) }) : s.status === 'pending' ? t('insurance.portal.stepPending') : s.status === 'rejected' ? t('insurance.portal.stepRejected') : t('insurance.portal.stepWaiting');

  return (
    <div data-testid="my-bundle-detail" data-status={b?.status}>
      <BackButton to="/me/bundles" label={t('insurance.portal.backToList')} />
      {!b ? (
        <Card size="small">
          <Skeleton active paragraph={{ rows: 6 }} />
        </Card>
      ) : (
        <>
          <PageTitle title={code('bundleKind', b.kind) || bi(b.label)} extra={<BundleStatusTag b={b} />} />
          <Card size="small" style={{ marginBottom: 12 }}>
            <Space orientation="vertical" size={2}>
              <span>
                {t('insurance.common.trackingCode')}
                {t('insurance.common.colon')}
                <Typography.Text className="hm-mono" copyable data-testid="bundle-tracking-code">
                  {b.trackingCode}
                </Typography.Text>
              </span>
              <span>{t('insurance.portal.subject', { name: b.subjectName })}</span>
              <Typography.Text type="secondary" className="hm-num" style={{ fontSize: 13 }}>
                {t('insurance.portal.appliedOn', { date: fmt.day(b.createdAt) })}
                {b.completedAt ? ` · ${t('insurance.portal.completedOn', { date: fmt.day(b.completedAt) })}` : ''}
              </Typography.Text>
            </Space>
          </Card>
          <Card size="small" title={t('insurance.portal.steps')} data-testid="my-bundle-steps">
            <Steps
              orientation="vertical"
              size="small"
              items={b.tasks.map((s) => ({
                key: s.code,
                status: TASK_STEP_STATUS[s.status],
                title: bi(s.label),
                content: (
                  <div data-testid="my-bundle-step" data-status={s.status}>
                    <Space size={4} wrap>
                      <Tag style={{ marginInlineEnd: 0 }}>{code('department', s.department)}</Tag>
                      <Typography.Text type={s.status === 'rejected' ? 'danger' : 'secondary'} className="hm-num" style={{ fontSize: 13 }}>
                        {stepText(s)}
                      </Typography.Text>
                    </Space>
                    {s.note && <div style={{ fontSize: 13, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{s.note}</div>}
                  </div>
                ),
              }))}
            />
          </Card>
        </>
      )}
    </div>
  );
}

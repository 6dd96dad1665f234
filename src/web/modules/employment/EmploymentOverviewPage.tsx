// 就业服务 · 概览: the headline figures of employment services in the reader's area — postings,
// seekers, applications, events, graduates, persons in difficulty, zero-employment households and
// this year's registrations — each card opening the page behind it.
import { Card, Col, Row, Skeleton, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { useAuth } from '../../shared/auth';
import { useI18n } from '../../shared/i18n';
import { LoadError } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { PageHeader, StatCard, useFormat } from './common';
import { EVENT_KINDS, GRADUATE_RATE_GOAL, type EmploymentOverview } from './types';

export default function EmploymentOverviewPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const fmt = useFormat();
  const navigate = useNavigate();
  const overview = useApi<EmploymentOverview>('/api/employment/overview');
  const o = overview.data;

  const section = (title: string, children: ReactNode, testId: string) => (
    <Card size="small" title={title} style={{ marginBottom: 16 }} data-testid={testId}>
      <Row gutter={[12, 12]}>{children}</Row>
    </Card>
  );
  const cell = (children: ReactNode, key: string) => (
    <Col xs={12} md={8} xl={6} key={key}>
      {children}
    </Col>
  );

  return (
    <div data-testid="employment-overview">
      <PageHeader title={t('employment.overview.title')} hint={user ? t('employment.overview.scope', { org: user.orgName }) : undefined} />
      {overview.error && !o ? (
        <LoadError error={overview.error} onRetry={overview.reload} />
      ) : !o ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : (
        <>
          {section(
            t('employment.overview.jobs'),
            <>
              {cell(<StatCard testId="ov-published" title={t('employment.overview.published')} value={fmt.int(o.jobs.published)} onClick={() => navigate('/employment/jobs?status=published')} />, 'published')}
              {cell(<StatCard testId="ov-vacancies" title={t('employment.overview.vacancies')} value={fmt.int(o.jobs.vacancies)} onClick={() => navigate('/employment/jobs?status=published')} />, 'vacancies')}
              {cell(
                <StatCard
                  testId="ov-blocked"
                  title={t('employment.overview.blocked')}
                  value={fmt.int(o.jobs.blocked)}
                  highlight={o.jobs.blocked > 0 ? 'bad' : undefined}
                  extra={<Typography.Text type="secondary">{t('employment.overview.blockedHint')}</Typography.Text>}
                  onClick={() => navigate('/employment/jobs?status=blocked')}
                />,
                'blocked',
              )}
              {cell(<StatCard testId="ov-seekers" title={t('employment.overview.seekers')} value={fmt.int(o.seekers.active)} />, 'seekers')}
              {cell(<StatCard testId="ov-applications" title={t('employment.overview.applications')} value={fmt.int(o.applications.total)} onClick={() => navigate('/employment/jobs')} />, 'apps')}
              {cell(<StatCard testId="ov-hired" title={t('employment.overview.hired')} value={fmt.int(o.applications.hired)} onClick={() => navigate('/employment/jobs')} />, 'hired')}
            </>,
            'ov-jobs',
          )}
          {section(
            t('employment.overview.events', { year: o.events.year }),
            <>
              {cell(<StatCard testId="ov-events" title={t('employment.overview.eventCount')} value={fmt.int(o.events.count)} onClick={() => navigate('/employment/events')} />, 'events')}
              {EVENT_KINDS.map((k) =>
                cell(<StatCard testId={`ov-event-${k}`} title={t(`employment.eventKind.${k}`)} value={fmt.int(o.events.byKind[k] ?? 0)} onClick={() => navigate(`/employment/events?kind=${k}`)} />, k),
              )}
            </>,
            'ov-events',
          )}
          {section(
            t('employment.overview.people'),
            <>
              {cell(
                <StatCard
                  testId="ov-graduates"
                  title={t('employment.overview.graduates', { year: o.graduates.year })}
                  value={fmt.int(o.graduates.total)}
                  onClick={() => navigate('/employment/graduates')}
                />,
                'grads',
              )}
              {cell(
                <StatCard
                  testId="ov-graduate-rate"
                  title={t('employment.overview.graduateRate')}
                  value={fmt.pct(o.graduates.rate)}
                  highlight={o.graduates.rate === null ? undefined : o.graduates.rate > GRADUATE_RATE_GOAL ? 'good' : 'bad'}
                  extra={<Typography.Text type="secondary">{t('employment.graduates.goal', { goal: GRADUATE_RATE_GOAL })}</Typography.Text>}
                  onClick={() => navigate('/employment/graduates')}
                />,
                'rate',
              )}
              {cell(<StatCard testId="ov-assistance" title={t('employment.overview.assistanceOpen')} value={fmt.int(o.assistance.open)} onClick={() => navigate('/employment/assistance')} />, 'assist')}
              {cell(
                <StatCard
                  testId="ov-households"
                  title={t('employment.overview.householdsOpen')}
                  value={fmt.int(o.households.open)}
                  highlight={o.households.open > 0 ? 'bad' : 'good'}
                  extra={<Typography.Text type="secondary">{t('employment.overview.householdsCleared', { n: fmt.int(o.households.clearedThisYear) })}</Typography.Text>}
                  onClick={() => navigate('/employment/households')}
                />,
                'households',
              )}
            </>,
            'ov-people',
          )}
          {section(
            t('employment.overview.registrations', { year: o.registrations.year }),
            <>
              {cell(<StatCard testId="ov-new-jobs" title={t('employment.overview.newJobs')} value={fmt.int(o.registrations.newJobs)} />, 'new')}
              {cell(<StatCard testId="ov-reemployment" title={t('employment.overview.reemployment')} value={fmt.int(o.registrations.reemployment)} />, 're')}
              {cell(<StatCard testId="ov-difficulty" title={t('employment.overview.difficultyEmployed')} value={fmt.int(o.registrations.difficulty)} />, 'diff')}
            </>,
            'ov-registrations',
          )}
          <Row gutter={[12, 12]}>
            <Col xs={24} md={12}>
              <StatCard testId="ov-warnings-link" title={t('nav.employmentWarnings')} value={<Typography.Link>{t('employment.overview.open')}</Typography.Link>} onClick={() => navigate('/employment/warnings')} />
            </Col>
            <Col xs={24} md={12}>
              <StatCard testId="ov-points-link" title={t('nav.employmentServicePoints')} value={<Typography.Link>{t('employment.overview.open')}</Typography.Link>} onClick={() => navigate('/employment/service-points')} />
            </Col>
          </Row>
        </>
      )}
    </div>
  );
}

// 找工作 at /me/jobs for a signed-in resident, on a phone first: jobs recommended from their job
// profile (with the points each factor gave), and all open jobs with filters. The tab, the filters
// and the page are kept in the address, so going back from a job returns to the same list.
import { FilterOutlined, IdcardOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Input, Pagination, Select, Skeleton, Space, Switch, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { LoadError } from '../../../shared/results';
import type { Paged } from '../../../shared/types';
import { useApi } from '../../../shared/useApi';
import { JobCardItem, PageTitle, ScoreReasons, useJobFormat, useJobReference } from './common';
import { usePortalT } from './messages';
import { EDUCATIONS, type Education, type JobCard, type RecommendationList } from './types';

type Tab = 'recommended' | 'all';
const PAGE_SIZE = 20;
/** Wage floors to filter by, in yuan a month: a short list is easier on a phone than typing. */
const WAGE_FLOORS = [2000, 3000, 4000, 5000, 6000, 8000, 10000, 15000] as const;

export default function JobsPage() {
  const { t } = usePortalT();
  const [params, setParams] = useSearchParams();
  const tab: Tab = params.get('tab') === 'all' ? 'all' : 'recommended';
  return (
    <div data-testid="jobs-page">
      <PageTitle title={t('jobs.title')} />
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'all' ? { tab: 'all' } : {}, { replace: true })}
        items={[
          { key: 'recommended', label: t('jobs.recommended'), children: <Recommended /> },
          { key: 'all', label: t('jobs.all'), children: <AllJobs /> },
        ]}
        data-testid="jobs-tabs"
      />
    </div>
  );
}

function Recommended() {
  const { t } = usePortalT();
  const navigate = useNavigate();
  const list = useApi<RecommendationList>('/api/me/job-recommendations');

  if (list.error) return <LoadError error={list.error} onRetry={list.reload} />;
  if (!list.data)
    return (
      <Card size="small">
        <Skeleton active paragraph={{ rows: 5 }} />
      </Card>
    );
  if (!list.data.hasProfile)
    return (
      <Card size="small" data-testid="job-profile-prompt" styles={{ body: { padding: 16, textAlign: 'center' } }}>
        <IdcardOutlined style={{ fontSize: 36, color: '#1f5fbf' }} />
        <Typography.Title level={5} style={{ margin: '8px 0 4px' }}>
          {t('jobs.noProfileTitle')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
          {t('jobs.noProfileText')}
        </Typography.Paragraph>
        <Button type="primary" size="large" block onClick={() => navigate('/me/job-profile')} data-testid="job-profile-link">
          {t('jobs.fillProfile')}
        </Button>
      </Card>
    );
  return (
    <div data-testid="recommended-jobs">
      <div style={{ textAlign: 'right', marginBottom: 4 }}>
        <Button type="link" size="small" icon={<IdcardOutlined />} onClick={() => navigate('/me/job-profile')} style={{ paddingInline: 0 }}>
          {t('jobs.editProfile')}
        </Button>
      </div>
      {list.data.items.length === 0 ? (
        <Card size="small">
          <Empty description={t('jobs.noRecommendations')} />
        </Card>
      ) : (
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          {list.data.items.map((j) => (
            <JobCardItem
              key={j.id}
              job={j}
              to={`/me/jobs/${j.id}`}
              testId="recommended-job"
              score={j.score}
              aside={
                j.reasons.length > 0 && (
                  <div style={{ marginTop: 8, paddingTop: 8, borderTop: '1px dashed rgba(5, 5, 5, 0.12)' }}>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('jobs.reasons')}
                    </Typography.Text>
                    <ScoreReasons reasons={j.reasons} testId="recommendation-reasons" />
                  </div>
                )
              }
            />
          ))}
        </Space>
      )}
    </div>
  );
}

const FILTER_KEYS = ['occupation', 'district', 'wageMin', 'education', 'forGraduates'] as const;

function AllJobs() {
  const { t, code } = usePortalT();
  const fmt = useJobFormat();
  const ref = useJobReference();
  const [params, setParams] = useSearchParams();
  const get = (k: string) => params.get(k) ?? undefined;
  const q = get('q');
  const page = Math.max(1, Number(params.get('page')) || 1);
  const filters = {
    occupation: get('occupation'),
    district: get('district'),
    wageMin: get('wageMin'),
    education: EDUCATIONS.find((e) => e === get('education')),
    forGraduates: params.get('forGraduates') === 'true' ? 'true' : undefined,
  };
  const active = FILTER_KEYS.filter((k) => filters[k] !== undefined).length;
  const [open, setOpen] = useState(active > 0);
  const list = useApi<Paged<JobCard>>('/api/public/jobs', { ...filters, q, page, pageSize: PAGE_SIZE });

  /** Changes some filters and starts from the first page again. */
  const set = (next: Record<string, string | undefined>) =>
    setParams(
      (prev) => {
        const p = new URLSearchParams(prev);
        p.delete('page');
        for (const [k, v] of Object.entries(next)) {
          if (v === undefined || v === '') p.delete(k);
          else p.set(k, v);
        }
        return p;
      },
      { replace: true },
    );
  const toPage = (n: number) => {
    setParams(
      (prev) => {
        const p = new URLSearchParams(prev);
        if (n > 1) p.set('page', String(n));
        else p.delete('page');
        return p;
      },
      { replace: true },
    );
    window.scrollTo({ top: 0 });
  };

  return (
    <div data-testid="all-jobs">
      <div style={{ display: 'flex', gap: 8, marginBottom: 8 }}>
        <Input.Search
          key={q ?? ''}
          defaultValue={q}
          allowClear
          maxLength={40}
          placeholder={t('jobs.keyword')}
          aria-label={t('jobs.keyword')}
          onSearch={(v) => set({ q: v.trim() || undefined })}
          style={{ flex: 1, minWidth: 0 }}
          data-testid="jobs-keyword"
        />
        <Button icon={<FilterOutlined />} type={active > 0 ? 'primary' : 'default'} ghost={active > 0} onClick={() => setOpen((o) => !o)} aria-expanded={open} data-testid="jobs-filters-toggle">
          {active > 0 ? t('jobs.filtersN', { n: active }) : t('jobs.filters')}
        </Button>
      </div>
      {open && (
        <Card size="small" style={{ marginBottom: 8 }} data-testid="jobs-filters">
          <Space orientation="vertical" size={8} style={{ width: '100%' }}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              value={filters.occupation}
              onChange={(v?: string) => set({ occupation: v })}
              options={ref.occupationFilterOptions}
              placeholder={t('jobs.occupation')}
              aria-label={t('jobs.occupation')}
              style={{ width: '100%' }}
              data-testid="jobs-occupation"
            />
            <div style={{ display: 'flex', gap: 8 }}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                value={filters.district}
                onChange={(v?: string) => set({ district: v })}
                options={ref.districtOptions}
                placeholder={t('jobs.district')}
                aria-label={t('jobs.district')}
                style={{ flex: 1, minWidth: 0 }}
                data-testid="jobs-district"
              />
              <Select
                allowClear
                value={filters.wageMin}
                onChange={(v?: string) => set({ wageMin: v })}
                options={WAGE_FLOORS.map((w) => ({ value: String(w), label: `≥ ${t('common.wageOne', { v: fmt.int(w) })}` }))}
                placeholder={t('jobs.wageMin')}
                aria-label={t('jobs.wageMin')}
                style={{ flex: 1, minWidth: 0 }}
                data-testid="jobs-wage-min"
              />
            </div>
            <Select<Education>
              allowClear
              value={filters.education}
              onChange={(v?: Education) => set({ education: v })}
              options={EDUCATIONS.map((e) => ({ value: e, label: code('education', e) }))}
              placeholder={t('jobs.education')}
              aria-label={t('jobs.education')}
              style={{ width: '100%' }}
              data-testid="jobs-education"
            />
            <label style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 8 }}>
              <span>{t('jobs.forGraduates')}</span>
              <Switch checked={filters.forGraduates === 'true'} onChange={(on) => set({ forGraduates: on ? 'true' : undefined })} data-testid="jobs-for-graduates" />
            </label>
            {active > 0 && (
              <Button block onClick={() => set(Object.fromEntries(FILTER_KEYS.map((k) => [k, undefined])))} data-testid="jobs-filters-clear">
                {t('jobs.clear')}
              </Button>
            )}
          </Space>
        </Card>
      )}
      {list.error && !list.data ? (
        <LoadError error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Card size="small">
          <Skeleton active paragraph={{ rows: 5 }} />
        </Card>
      ) : list.data.items.length === 0 ? (
        <Card size="small">
          <Empty description={t('jobs.empty')} />
        </Card>
      ) : (
        <>
          <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginBottom: 6 }} data-testid="jobs-total">
            {t('common.total', { total: fmt.int(list.data.total) })}
          </Typography.Text>
          <Space orientation="vertical" size={8} style={{ width: '100%', opacity: list.loading ? 0.6 : 1 }} data-testid="jobs-list">
            {list.data.items.map((j) => (
              <JobCardItem key={j.id} job={j} to={`/me/jobs/${j.id}`} />
            ))}
          </Space>
          {list.data.total > PAGE_SIZE && <Pagination simple current={list.data.page} pageSize={PAGE_SIZE} total={list.data.total} onChange={toPage} align="center" style={{ marginTop: 12 }} />}
        </>
      )}
    </div>
  );
}

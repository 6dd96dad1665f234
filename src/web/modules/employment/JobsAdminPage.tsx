// 岗位管理: the postings of the reader's area, filtered by status, district, occupation, screening
// findings and title; staff can post on an enterprise's behalf (代企业发布) and import many postings
// from a CSV file (批量导入). A row opens the posting.
import { CloudUploadOutlined, PlusOutlined, WarningOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Input, Row, Space, Switch, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useI18n } from '../../shared/i18n';
import { PagedTable } from '../../shared/PagedTable';
import { LoadError } from '../../shared/results';
import type { Paged } from '../../shared/types';
import { useApi } from '../../shared/useApi';
import { CodeTag, FilterSelect, PageHeader, useEmploymentAccess, useFormat, useReference, useUrlFilters } from './common';
import { JobFormModal } from './JobFormModal';
import { JobImportModal } from './JobImportModal';
import { JOB_STATUSES, type JobDetail, type JobStatus } from './types';

export default function JobsAdminPage() {
  const { t, bi } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const access = useEmploymentAccess();
  const ref = useReference();
  const fmt = useFormat();
  const f = useUrlFilters();
  const status = f.get('status') as JobStatus | undefined;
  const district = f.get('district');
  const occupation = f.get('occupation');
  const flagged = f.get('flagged') === 'true';
  const q = f.get('q');
  const list = useApi<Paged<JobDetail>>('/api/employment/jobs', { status, district, occupation, flagged: flagged || undefined, q, page: f.page, pageSize: f.pageSize });
  const [text, setText] = useState(q ?? '');
  useEffect(() => setText(q ?? ''), [q]);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);

  const columns: ColumnsType<JobDetail> = [
    {
      title: t('employment.jobs.title'),
      dataIndex: 'title',
      render: (v: string, j) => (
        <Space size={4} wrap>
          <Link to={`/employment/jobs/${j.id}`} data-testid="job-row">
            {v}
          </Link>
          {j.forGraduates && <Tag color="geekblue">{t('employment.jobs.forGraduatesTag')}</Tag>}
        </Space>
      ),
    },
    { title: t('employment.jobs.enterprise'), dataIndex: 'enterpriseName', responsive: ['md'] },
    { title: t('employment.jobs.occupation'), key: 'occ', responsive: ['lg'], render: (_, j) => bi(j.occupationName) },
    { title: t('employment.common.district'), key: 'place', responsive: ['md'], render: (_, j) => [j.districtName, j.townshipName].filter(Boolean).join(' ') },
    { title: t('employment.jobs.wage'), key: 'wage', className: 'hm-num', render: (_, j) => fmt.wage(j.wageMinYuan, j.wageMaxYuan) },
    { title: t('employment.jobs.headcount'), dataIndex: 'headcount', align: 'right', className: 'hm-num', responsive: ['sm'] },
    {
      title: t('employment.common.status'),
      key: 'status',
      render: (_, j) => (
        <Space size={2}>
          <CodeTag group="jobStatus" code={j.status} testId="job-status" />
          {j.findings.length > 0 && (
            <Tooltip title={j.findings.map((x) => `「${x.phrase}」${bi(x.reason)}`).join('；')}>
              <Typography.Text type={j.findings.some((x) => x.severity === 'block') ? 'danger' : 'warning'} data-testid="job-findings">
                <WarningOutlined /> {j.findings.length}
              </Typography.Text>
            </Tooltip>
          )}
        </Space>
      ),
    },
    { title: t('employment.jobs.validUntil'), dataIndex: 'validUntil', className: 'hm-num', responsive: ['lg'] },
    { title: t('employment.jobs.appsHires'), key: 'apps', align: 'right', className: 'hm-num', responsive: ['xl'], render: (_, j) => `${fmt.int(j.applications)} / ${fmt.int(j.hires)}` },
    { title: t('employment.jobs.source'), dataIndex: 'source', responsive: ['xl'], render: (v: string) => t(`employment.jobSource.${v as JobDetail['source']}`) },
  ];

  const filtered = !!(status || district || occupation || flagged || q);

  return (
    <div data-testid="jobs-admin">
      <PageHeader
        title={t('employment.jobs.pageTitle')}
        hint={t('employment.jobs.hint')}
        extra={
          access.canHandle && (
            <Space wrap>
              <Button icon={<CloudUploadOutlined />} onClick={() => setImporting(true)} data-testid="jobs-import">
                {t('employment.jobs.import')}
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="jobs-create">
                {t('employment.jobs.postOnBehalf')}
              </Button>
            </Space>
          )
        }
      />
      <Card size="small">
        <Row gutter={[8, 8]} style={{ marginBottom: 12 }} align="middle">
          <Col xs={12} md={{ flex: 'none' }}>
            <FilterSelect<JobStatus>
              testId="jobs-status"
              placeholder={t('employment.common.allStatuses')}
              value={status}
              onChange={(v) => f.set({ status: v })}
              options={JOB_STATUSES.map((s) => ({ value: s, label: t(`employment.jobStatus.${s}`) }))}
            />
          </Col>
          {!access.ownDistrict && (
            <Col xs={12} md={{ flex: 'none' }}>
              <FilterSelect testId="jobs-district" placeholder={t('employment.common.allDistricts')} value={district} onChange={(v) => f.set({ district: v })} options={ref.districtOptions} showSearch />
            </Col>
          )}
          <Col xs={24} md={{ flex: 'none' }}>
            <FilterSelect testId="jobs-occupation" width={240} placeholder={t('employment.jobs.allOccupations')} value={occupation} onChange={(v) => f.set({ occupation: v })} options={ref.filterOptions} showSearch />
          </Col>
          <Col xs={12} md={{ flex: 'none' }}>
            <Space>
              <Switch size="small" checked={flagged} onChange={(v) => f.set({ flagged: v ? 'true' : undefined })} data-testid="jobs-flagged" aria-label={t('employment.jobs.flagged')} />
              <Typography.Text>{t('employment.jobs.flagged')}</Typography.Text>
            </Space>
          </Col>
          <Col xs={24} md={{ flex: 'none' }}>
            <Input.Search
              data-testid="jobs-search"
              allowClear
              style={{ width: '100%', minWidth: 220 }}
              placeholder={t('employment.jobs.search')}
              aria-label={t('employment.jobs.search')}
              value={text}
              maxLength={40}
              onChange={(e) => setText(e.target.value)}
              onSearch={(v) => f.set({ q: v.trim() || undefined })}
            />
          </Col>
          {filtered && (
            <Col xs={24} md={{ flex: 'none' }}>
              <Button type="link" style={{ paddingInline: 0 }} onClick={() => f.set({ status: undefined, district: undefined, occupation: undefined, flagged: undefined, q: undefined })}>
                {t('employment.common.clearFilters')}
              </Button>
            </Col>
          )}
        </Row>
        {list.error && !list.data ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <PagedTable<JobDetail> testId="jobs-table" columns={columns} data={list.data} loading={list.loading} page={f.page} pageSize={f.pageSize} onPage={f.onPage} />
        )}
      </Card>
      {creating && (
        <JobFormModal
          onClose={() => setCreating(false)}
          onCreated={(job) => {
            setCreating(false);
            if (job.status === 'blocked') void message.warning(t('employment.jobForm.createdBlocked', { n: job.findings.filter((x) => x.severity === 'block').length }));
            else void message.success(t('employment.jobForm.created'));
            navigate(`/employment/jobs/${job.id}`);
          }}
        />
      )}
      {importing && (
        <JobImportModal
          onClose={() => setImporting(false)}
          onImported={() => {
            list.reload();
          }}
        />
      )}
    </div>
  );
}

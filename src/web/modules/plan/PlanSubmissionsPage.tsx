// 数据填报: the monthly submissions in the user's scope — who reports, its status, due date, whether
// it is late and what the checks found — and the way into the form for units that report.
import { FormOutlined } from '@ant-design/icons';
import { Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useNavigate } from 'react-router-dom';
import { formatDateTime } from '../../shared/format';
import { useI18n } from '../../shared/i18n';
import { LoadError } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { FindingCounts, PageHeader, PlanPeriodBar, SUBMISSION_STATUSES, SubmissionStatusTag, planLink, usePeriodLabel, usePlanAccess, usePlanContext } from './common';
import type { SubmissionStatus, SubmissionSummary } from './types';

/** The server answers at most this many submissions; a month filter narrows the list. */
const LIST_CAP = 2000;

export default function PlanSubmissionsPage() {
  const { t, bi } = useI18n();
  const navigate = useNavigate();
  const access = usePlanAccess();
  const periods = usePeriodLabel();
  const ctx = usePlanContext();
  const { year, period, params } = ctx;
  const statusParam = params.get('status');
  const status = statusParam && (SUBMISSION_STATUSES as readonly string[]).includes(statusParam) ? (statusParam as SubmissionStatus) : undefined;
  const list = useApi<SubmissionSummary[]>(year ? `/api/plans/${year}/submissions` : null, { period, status });

  if (ctx.plans.error && !ctx.plans.data) return <LoadError error={ctx.plans.error} onRetry={ctx.plans.reload} />;

  const detailLink = (s: SubmissionSummary) => planLink(`/plan/submissions/${s.id}`, year, period);

  const columns: ColumnsType<SubmissionSummary> = [
    {
      title: t('plan.submissions.unit'),
      key: 'unit',
      render: (_, s) => (
        <div style={{ minWidth: 160, maxWidth: 280, whiteSpace: 'normal' }}>
          <Link to={detailLink(s)} onClick={(e) => e.stopPropagation()} data-testid={`submission-link-${s.id}`}>
            {s.orgName} · {bi(s.departmentName)}
          </Link>
          <div className="hm-mono" style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
            #{s.id}
          </div>
        </div>
      ),
    },
    { title: t('plan.fields.period'), dataIndex: 'period', render: (p: string) => <span className="hm-num">{periods.long(p)}</span> },
    { title: t('plan.fields.status'), dataIndex: 'status', render: (st: SubmissionStatus) => <SubmissionStatusTag status={st} /> },
    {
      title: t('plan.submissions.dueOn'),
      key: 'due',
      render: (_, s) => (
        <Space size={4}>
          <span className="hm-num">{s.dueOn}</span>
          {s.late && (
            <Tag color="red" data-testid="submission-late">
              {t('plan.submissions.late')}
            </Tag>
          )}
        </Space>
      ),
    },
    { title: t('plan.submissions.findings'), key: 'findings', render: (_, s) => <FindingCounts findings={s.findings} /> },
    {
      title: t('plan.submissions.submitted'),
      key: 'submitted',
      render: (_, s) =>
        s.submittedAt ? (
          <div>
            <div>{s.submittedBy ?? t('common.none')}</div>
            <div className="hm-num" style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
              {formatDateTime(s.submittedAt)}
            </div>
          </div>
        ) : (
          t('common.none')
        ),
    },
    {
      title: t('plan.submissions.reviewed'),
      key: 'reviewed',
      render: (_, s) =>
        s.reviewedAt ? (
          <div style={{ maxWidth: 220, whiteSpace: 'normal' }}>
            <div>{s.reviewedBy ?? t('common.none')}</div>
            <div className="hm-num" style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
              {formatDateTime(s.reviewedAt)}
            </div>
            {s.reviewComment && <div style={{ fontSize: 12 }}>「{s.reviewComment}」</div>}
          </div>
        ) : (
          t('common.none')
        ),
    },
  ];

  const fill = access.report && year && (
    <Link to={planLink('/plan/submissions/new', year, period)}>
      <Button type="primary" icon={<FormOutlined />} data-testid="submission-new">
        {t('plan.submissions.fill')}
      </Button>
    </Link>
  );

  const items = list.data ?? [];
  const late = items.filter((s) => s.late).length;
  return (
    <div data-testid="plan-submissions">
      <PageHeader title={t('plan.submissions.title')} hint={t('plan.submissions.hint')} extra={fill} />
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <PlanPeriodBar ctx={ctx} allowClear />
          <Select
            data-testid="submissions-filter-status"
            style={{ minWidth: 130 }}
            allowClear
            placeholder={t('plan.submissions.allStatuses')}
            value={status}
            onChange={(v?: string) => ctx.set({ status: v })}
            options={SUBMISSION_STATUSES.map((s) => ({ value: s, label: t(`plan.submissionStatus.${s}`) }))}
          />
          {list.data && (
            <Typography.Text type="secondary" data-testid="submissions-count">
              {t('common.total', { total: items.length })}
              {late > 0 && ` · ${t('plan.submissions.lateCount', { n: late })}`}
            </Typography.Text>
          )}
          {items.length >= LIST_CAP && (
            <Typography.Text type="warning" data-testid="submissions-capped">
              {t('plan.submissions.capped', { n: LIST_CAP })}
            </Typography.Text>
          )}
        </Space>
        {list.error && !list.data ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <Table<SubmissionSummary>
            data-testid="submissions-table"
            rowKey="id"
            size="small"
            loading={list.loading}
            columns={columns}
            dataSource={items}
            pagination={{ defaultPageSize: 50, showSizeChanger: true, showTotal: (total) => t('common.total', { total }) }}
            scroll={{ x: 'max-content' }}
            onRow={(s) => ({ onClick: () => navigate(detailLink(s)), style: { cursor: 'pointer' } })}
            locale={{ emptyText: t('plan.submissions.empty') }}
          />
        )}
      </Card>
    </div>
  );
}

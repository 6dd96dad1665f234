// One posting for staff: its fields, the screening findings (phrase, why, legal basis) marked in the
// text, its history, the applications and referrals with their outcomes, and the recommended
// seekers with a referral button (推荐). A blocked posting can be released with a reason (district
// staff and above); any open posting can be closed.
import { ArrowLeftOutlined, CheckOutlined, StopOutlined, UserAddOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Popconfirm, Row, Skeleton, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useEffect, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../shared/api';
import { formatDateTime } from '../../shared/format';
import { useI18n } from '../../shared/i18n';
import { LoadError, NotFoundResult } from '../../shared/results';
import type { Paged } from '../../shared/types';
import { useApi } from '../../shared/useApi';
import { CodeTag, dayText, ErrorAlert, HistoryTimeline, isConflict, PageHeader, placeFieldErrors, useEmploymentAccess, useFormat, useLabel } from './common';
import type { Finding, HistoryEntry, JobDetail, JobResponse, ScoreReason, SeekerMatch, StaffApplication } from './types';

export default function JobAdminDetailPage() {
  const { t } = useI18n();
  const { id } = useParams();
  const valid = !!id && /^\d+$/.test(id);
  const res = useApi<JobResponse>(valid ? `/api/employment/jobs/${id}` : null);
  const r = res.data && String(res.data.job.id) === id ? res.data : undefined;
  if (!valid) return <NotFoundResult message={t('employment.jobDetail.notFound')} />;
  if (res.error && !r) return <LoadError error={res.error} onRetry={res.reload} notFoundMessage={t('employment.jobDetail.notFound')} />;
  if (!r) return <Skeleton active paragraph={{ rows: 12 }} />;
  return <JobView job={r.job} history={r.history} reload={res.reload} />;
}

/** The text with each finding's phrase marked (red when it blocks, orange when it warns). */
function Marked({ text, findings }: { text: string; findings: Finding[] }) {
  const { bi } = useI18n();
  const spans = [...findings].filter((f) => f.start >= 0 && f.end > f.start && f.end <= text.length).sort((a, b) => a.start - b.start);
  const out: ReactNode[] = [];
  let at = 0;
  for (const f of spans) {
    if (f.start < at) continue;
    out.push(text.slice(at, f.start));
    out.push(
      <Tooltip key={`${f.start}-${f.rule}`} title={bi(f.reason)}>
        <mark data-testid="finding-mark" style={{ background: f.severity === 'block' ? '#ffccc7' : '#ffe7ba', padding: '0 2px', borderRadius: 2 }}>
          {text.slice(f.start, f.end)}
        </mark>
      </Tooltip>,
    );
    at = f.end;
  }
  out.push(text.slice(at));
  return <span style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{out}</span>;
}

/** Each finding: the wording, how serious, where, why, and the provisions it offends. */
function FindingList({ findings }: { findings: Finding[] }) {
  const { t, bi } = useI18n();
  const label = useLabel();
  return (
    <div data-testid="job-findings-list">
      {findings.map((f, i) => (
        <div key={i} style={{ padding: '8px 0', borderTop: i > 0 ? '1px solid rgba(5, 5, 5, 0.06)' : undefined }}>
          <Space size={6} wrap>
            <Typography.Text mark strong>
              {f.phrase}
            </Typography.Text>
            <CodeTag group="severity" code={f.severity} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('employment.jobDetail.field')}
              {t('employment.common.colon')}
              {label('findingField', f.field)}
            </Typography.Text>
          </Space>
          <div style={{ marginTop: 4 }}>{bi(f.reason)}</div>
          {f.basis.length > 0 && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('employment.jobDetail.basis')}
              {t('employment.common.colon')}
              {f.basis.map((b) => `${b.title}${b.article ? ` ${b.article}` : ''}`).join('；')}
            </Typography.Text>
          )}
        </div>
      ))}
    </div>
  );
}

function JobView({ job, history, reload }: { job: JobDetail; history: HistoryEntry[]; reload: () => void }) {
  const { t, bi } = useI18n();
  const { message } = App.useApp();
  const access = useEmploymentAccess();
  const fmt = useFormat();
  const [overriding, setOverriding] = useState(false);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const [tab, setTab] = useState('applications');
  const [appsNonce, setAppsNonce] = useState(0);

  const close = async () => {
    setBusy(true);
    setActionError(null);
    try {
      await api.post(`/api/employment/jobs/${job.id}/close`);
      void message.success(t('employment.jobDetail.closed'));
      reload();
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(false);
    }
  };

  const blocking = job.findings.filter((f) => f.severity === 'block');
  const titleFindings = job.findings.filter((f) => f.field === 'title');
  const descFindings = job.findings.filter((f) => f.field === 'description');

  const describeHistory = (e: HistoryEntry): ReactNode => {
    const d = e.details ?? {};
    const parts: ReactNode[] = [];
    if (typeof d.reason === 'string') parts.push(<div key="reason">{t('employment.jobDetail.overrideReason')}{t('employment.common.colon')}{d.reason}</div>);
    if (Array.isArray(d.findings) && d.findings.length > 0)
      parts.push(
        <div key="findings">
          {(d.findings as { phrase?: string; severity?: string }[]).map((f, i) => (
            <Tag key={i} color={f.severity === 'block' ? 'red' : 'orange'}>
              {f.phrase}
            </Tag>
          ))}
        </div>,
      );
    return parts.length ? <div style={{ fontSize: 13 }}>{parts}</div> : null;
  };

  const canClose = access.canHandle && job.status !== 'closed';
  const canOverride = access.canHandle && access.aboveTownship && job.status === 'blocked';

  return (
    <div data-testid="job-admin-detail">
      <PageHeader
        title={
          <Space wrap size={8}>
            {job.title}
            <CodeTag group="jobStatus" code={job.status} testId="job-status" />
          </Space>
        }
        extra={
          <Space wrap>
            <Link to="/employment/jobs">
              <Button icon={<ArrowLeftOutlined />}>{t('employment.jobDetail.back')}</Button>
            </Link>
            {canOverride && (
              <Button type="primary" icon={<CheckOutlined />} onClick={() => setOverriding(true)} data-testid="job-override">
                {t('employment.jobDetail.override')}
              </Button>
            )}
            {canClose && (
              <Popconfirm title={t('employment.jobDetail.closeConfirm')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => close()}>
                <Button danger icon={<StopOutlined />} loading={busy} data-testid="job-close">
                  {t('employment.jobDetail.close')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        }
      />
      {actionError !== null && <ErrorAlert error={actionError} style={{ marginBottom: 12 }} onReload={isConflict(actionError) ? reload : undefined} />}
      {job.status === 'blocked' && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} data-testid="job-blocked-alert" title={t('employment.jobDetail.blocked', { n: blocking.length })} description={t('employment.jobDetail.blockedHint')} />
      )}
      {job.overrideReason && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={`${t('employment.jobDetail.overridden')}${t('employment.common.colon')}${job.overrideReason}`} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('employment.jobDetail.posting')} style={{ marginBottom: 16 }}>
            <Descriptions
              className="hm-stack"
              size="small"
              bordered
              column={{ xs: 1, md: 2 }}
              styles={{ label: { whiteSpace: 'nowrap' } }}
              items={[
                { key: 'title', label: t('employment.jobs.title'), children: <Marked text={job.title} findings={titleFindings} />, span: 'filled' },
                { key: 'ent', label: t('employment.jobs.enterprise'), children: job.enterpriseName, span: 'filled' },
                { key: 'occ', label: t('employment.jobs.occupation'), children: `${job.occupationCode} ${bi(job.occupationName)}` },
                { key: 'place', label: t('employment.jobs.place'), children: [job.districtName, job.townshipName].filter(Boolean).join(' ') },
                { key: 'wage', label: t('employment.jobs.wage'), children: <span className="hm-num">{fmt.wage(job.wageMinYuan, job.wageMaxYuan)}</span> },
                { key: 'edu', label: t('employment.jobs.education'), children: t(`employment.education.${job.education}`) },
                { key: 'exp', label: t('employment.jobs.experience'), children: t('employment.common.yearsN', { n: job.experienceYears }) },
                { key: 'head', label: t('employment.jobs.headcount'), children: <span className="hm-num">{fmt.int(job.headcount)}</span> },
                { key: 'hours', label: t('employment.jobs.weeklyHours'), children: <span className="hm-num">{job.weeklyHours}</span> },
                { key: 'sched', label: t('employment.jobs.schedule'), children: t(`employment.schedule.${job.schedule}`) },
                { key: 'grad', label: t('employment.jobs.forGraduates'), children: job.forGraduates ? t('common.yes') : t('common.no') },
                { key: 'valid', label: t('employment.jobs.valid'), children: <span className="hm-num">{`${job.validFrom} ~ ${job.validUntil}`}</span> },
                { key: 'source', label: t('employment.jobs.source'), children: t(`employment.jobSource.${job.source}`) },
                { key: 'created', label: t('employment.jobDetail.createdAt'), children: <span className="hm-num">{formatDateTime(job.createdAt)}</span> },
                { key: 'published', label: t('employment.jobDetail.publishedAt'), children: <span className="hm-num">{formatDateTime(job.publishedAt)}</span> },
                { key: 'apps', label: t('employment.jobs.appsHires'), children: <span className="hm-num">{`${fmt.int(job.applications)} / ${fmt.int(job.hires)}`}</span> },
                {
                  key: 'skills',
                  label: t('employment.jobs.skills'),
                  span: 'filled',
                  children: job.skills.length ? job.skills.map((s) => <Tag key={s}>{s}</Tag>) : t('common.none'),
                },
                { key: 'desc', label: t('employment.jobs.description'), span: 'filled', children: <Marked text={job.description} findings={descFindings} /> },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('employment.jobDetail.findings', { n: job.findings.length })} style={{ marginBottom: 16 }} data-testid="job-findings-card">
            {job.findings.length === 0 ? (
              <Typography.Text type="secondary">{t('employment.jobDetail.noFindings')}</Typography.Text>
            ) : (
              <FindingList findings={job.findings} />
            )}
          </Card>
          <Card size="small" title={t('employment.jobDetail.history')} style={{ marginBottom: 16 }}>
            <HistoryTimeline items={history} describe={describeHistory} testId="job-history" />
          </Card>
        </Col>
      </Row>
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'applications', label: t('employment.jobDetail.applications'), children: <ApplicationsTable job={job} nonce={appsNonce} onChanged={reload} /> },
            {
              key: 'seekers',
              label: t('employment.jobDetail.seekers'),
              children: (
                <SeekersTable
                  job={job}
                  onReferred={() => {
                    setAppsNonce((n) => n + 1);
                    reload();
                  }}
                />
              ),
            },
          ]}
        />
      </Card>
      {overriding && (
        <OverrideModal
          jobId={job.id}
          onClose={() => setOverriding(false)}
          onDone={() => {
            setOverriding(false);
            void message.success(t('employment.jobDetail.overrideDone'));
            reload();
          }}
        />
      )}
    </div>
  );
}

function OverrideModal({ jobId, onClose, onDone }: { jobId: number; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async () => {
    let v: { reason: string };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/employment/jobs/${jobId}/override`, { reason: v.reason.trim() });
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('employment.jobDetail.override')} onCancel={onClose} onOk={() => void submit()} okText={t('employment.jobDetail.overrideOk')} cancelText={t('common.cancel')} confirmLoading={busy} destroyOnHidden okButtonProps={{ 'data-testid': 'override-submit' } as never}>
      <Typography.Paragraph type="secondary">{t('employment.jobDetail.overrideHint')}</Typography.Paragraph>
      {error !== null && <ErrorAlert error={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={t('employment.jobDetail.overrideReason')} rules={[{ required: true, whitespace: true, min: 5, max: 1000, message: t('employment.jobDetail.overrideReasonRule') }]}>
          <Input.TextArea rows={4} maxLength={1000} showCount data-testid="override-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A match score with its reasons (points by factor) in a tooltip. */
export function ScoreCell({ score, reasons }: { score: number | null; reasons?: ScoreReason[] }) {
  const { bi, t } = useI18n();
  if (score === null) return <>{t('common.none')}</>;
  const color = score >= 75 ? 'green' : score >= 50 ? 'blue' : 'default';
  const tag = (
    <Tag color={color} className="hm-num" style={{ marginInlineEnd: 0 }}>
      {score}
    </Tag>
  );
  if (!reasons || reasons.length === 0) return tag;
  return (
    <Tooltip
      title={
        <div>
          {reasons.map((r, i) => (
            <div key={i}>
              {t(`employment.factor.${r.factor}`)} {r.points}/{r.max}
              {t('employment.common.colon')}
              {bi({ zh: r.zh, en: r.en })}
            </div>
          ))}
        </div>
      }
    >
      {tag}
    </Tooltip>
  );
}

function SeekersTable({ job, onReferred }: { job: JobDetail; onReferred: () => void }) {
  const { t, dyn } = useI18n();
  const { message } = App.useApp();
  const access = useEmploymentAccess();
  const fmt = useFormat();
  const label = useLabel();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(10);
  const list = useApi<Paged<SeekerMatch>>(`/api/employment/jobs/${job.id}/seekers`, { page, pageSize });
  const [referring, setReferring] = useState<number | null>(null);
  const [referred, setReferred] = useState<Set<number>>(new Set());
  const [error, setError] = useState<unknown>(null);

  const refer = async (s: SeekerMatch) => {
    setReferring(s.personId);
    setError(null);
    try {
      await api.post('/api/employment/referrals', { jobId: job.id, personId: s.personId });
      setReferred((prev) => new Set(prev).add(s.personId));
      void message.success(t('employment.jobDetail.referred', { name: s.name }));
      onReferred();
    } catch (e) {
      setError(e);
    } finally {
      setReferring(null);
    }
  };

  const columns: ColumnsType<SeekerMatch> = [
    { title: t('employment.common.name'), dataIndex: 'name' },
    { title: t('employment.jobDetail.score'), dataIndex: 'score', render: (_, s) => <ScoreCell score={s.score} reasons={s.reasons} /> },
    { title: t('employment.common.age'), dataIndex: 'age', className: 'hm-num', responsive: ['sm'] },
    { title: t('employment.common.sex'), dataIndex: 'sex', responsive: ['md'], render: (v: 'M' | 'F') => t(`person.sexes.${v}`) },
    { title: t('person.education'), dataIndex: 'education', responsive: ['md'], render: (v: string) => dyn(`person.educations.${v}`, v) },
    { title: t('employment.jobs.experience'), dataIndex: 'experienceYears', className: 'hm-num', responsive: ['lg'] },
    { title: t('employment.common.district'), key: 'place', responsive: ['lg'], render: (_, s) => [s.districtName, s.townshipName].filter(Boolean).join(' ') },
    { title: t('employment.jobDetail.expectedWage'), dataIndex: 'expectedWageYuan', className: 'hm-num', responsive: ['lg'], render: (v: number) => fmt.int(v) },
    { title: t('employment.jobDetail.categories'), dataIndex: 'categories', responsive: ['xl'], render: (v: string[]) => v.map((c) => <Tag key={c}>{label('seekerCategory', c)}</Tag>) },
    {
      title: t('employment.common.actions'),
      key: 'act',
      render: (_, s) => {
        const done = s.applied || referred.has(s.personId);
        if (done) return <Typography.Text type="secondary">{t('employment.jobDetail.alreadyApplied')}</Typography.Text>;
        if (!access.canHandle) return null;
        return (
          <Button size="small" icon={<UserAddOutlined />} disabled={job.status !== 'published'} loading={referring === s.personId} onClick={() => void refer(s)} data-testid="refer-seeker">
            {t('employment.jobDetail.refer')}
          </Button>
        );
      },
    },
  ];

  return (
    <div data-testid="job-seekers">
      {job.status !== 'published' && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('employment.jobDetail.referOnlyPublished')} />}
      {error !== null && <ErrorAlert error={error} style={{ marginBottom: 12 }} onClose={() => setError(null)} />}
      {list.error && !list.data ? (
        <LoadError error={list.error} onRetry={list.reload} />
      ) : (
        <Table<SeekerMatch>
          rowKey="personId"
          size="small"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.loading}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('employment.jobDetail.noSeekers') }}
          pagination={{
            current: list.data?.page ?? page,
            pageSize: list.data?.pageSize ?? pageSize,
            total: list.data?.total ?? 0,
            showTotal: (n) => t('common.total', { total: n }),
            onChange: (p, s) => {
              setPage(s !== pageSize ? 1 : p);
              setPageSize(s);
            },
          }}
        />
      )}
    </div>
  );
}

type OutcomeStatus = 'interview' | 'hired' | 'refused';

function ApplicationsTable({ job, nonce, onChanged }: { job: JobDetail; nonce: number; onChanged: () => void }) {
  const { t, dyn } = useI18n();
  const { message } = App.useApp();
  const access = useEmploymentAccess();
  const label = useLabel();
  const list = useApi<{ items: StaffApplication[] }>(`/api/employment/jobs/${job.id}/applications`);
  // A referral made in the seekers tab adds a row here.
  const { reload } = list;
  useEffect(() => {
    if (nonce) reload();
  }, [nonce, reload]);
  const [outcome, setOutcome] = useState<{ app: StaffApplication; status: OutcomeStatus } | null>(null);

  const columns: ColumnsType<StaffApplication> = [
    { title: t('employment.common.name'), dataIndex: 'name' },
    { title: t('employment.jobDetail.kind'), dataIndex: 'kind', render: (v: string) => label('applicationKind', v) },
    { title: t('employment.common.status'), dataIndex: 'status', render: (v: string) => <CodeTag group="applicationStatus" code={v} testId="application-status" /> },
    { title: t('employment.jobDetail.score'), dataIndex: 'score', render: (v: number | null) => <ScoreCell score={v} /> },
    { title: t('employment.common.age'), dataIndex: 'age', className: 'hm-num', responsive: ['sm'] },
    { title: t('person.education'), dataIndex: 'education', responsive: ['md'], render: (v: string) => dyn(`person.educations.${v}`, v) },
    { title: t('employment.jobDetail.appliedAt'), dataIndex: 'createdAt', className: 'hm-num', responsive: ['lg'], render: (v: string) => formatDateTime(v) },
    {
      title: t('employment.common.actions'),
      key: 'act',
      render: (_, a) =>
        access.canHandle && (a.status === 'submitted' || a.status === 'interview') ? (
          <Space size={4} wrap>
            {a.status === 'submitted' && (
              <Button size="small" onClick={() => setOutcome({ app: a, status: 'interview' })}>
                {t('employment.applicationStatus.interview')}
              </Button>
            )}
            <Button size="small" type="primary" onClick={() => setOutcome({ app: a, status: 'hired' })} data-testid="application-hire">
              {t('employment.jobDetail.hire')}
            </Button>
            <Button size="small" danger onClick={() => setOutcome({ app: a, status: 'refused' })}>
              {t('employment.jobDetail.refuse')}
            </Button>
          </Space>
        ) : null,
    },
  ];

  return (
    <div data-testid="job-applications">
      {list.error && !list.data ? (
        <LoadError error={list.error} onRetry={list.reload} />
      ) : (
        <Table<StaffApplication>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.loading}
          scroll={{ x: 'max-content' }}
          pagination={(list.data?.items.length ?? 0) > 20 ? { pageSize: 20 } : false}
          locale={{ emptyText: t('employment.jobDetail.noApplications') }}
        />
      )}
      {outcome && (
        <OutcomeModal
          app={outcome.app}
          status={outcome.status}
          onClose={() => setOutcome(null)}
          onDone={() => {
            setOutcome(null);
            void message.success(t('employment.jobDetail.outcomeDone'));
            list.reload();
            onChanged();
          }}
        />
      )}
    </div>
  );
}

/** Records an application's outcome; a hire also registers the employment, so it needs a start date and a wage. */
function OutcomeModal({ app, status, onClose, onDone }: { app: StaffApplication; status: OutcomeStatus; onClose: () => void; onDone: () => void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<{ startDate?: Dayjs; wageYuan?: number }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [unplaced, setUnplaced] = useState<ReturnType<typeof placeFieldErrors>>([]);
  const submit = async () => {
    let v: { startDate?: Dayjs; wageYuan?: number };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/employment/applications/${app.id}/outcome`, status === 'hired' ? { status, startDate: dayText(v.startDate), wageYuan: v.wageYuan } : { status });
      onDone();
    } catch (e) {
      setError(e);
      setUnplaced(placeFieldErrors(form, e, lang, ['startDate', 'wageYuan']));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('employment.jobDetail.outcomeTitle', { name: app.name, status: t(`employment.applicationStatus.${status}`) })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'outcome-submit' } as never}
    >
      {error !== null && <ErrorAlert error={error} details={unplaced} style={{ marginBottom: 12 }} />}
      {status === 'hired' ? (
        <Form form={form} layout="vertical">
          <Typography.Paragraph type="secondary">{t('employment.jobDetail.hireHint')}</Typography.Paragraph>
          <Form.Item name="startDate" label={t('employment.common.startDate')} rules={[{ required: true, message: t('employment.jobForm.required') }]}>
            <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="wageYuan" label={t('employment.common.monthlyWage')} rules={[{ required: true, message: t('employment.jobForm.required') }]}>
            <InputNumber min={1} max={1_000_000} precision={0} style={{ width: '100%' }} suffix={t('employment.common.yuan')} />
          </Form.Item>
        </Form>
      ) : (
        <Typography.Paragraph>{t('employment.jobDetail.outcomeConfirm')}</Typography.Paragraph>
      )}
    </Modal>
  );
}

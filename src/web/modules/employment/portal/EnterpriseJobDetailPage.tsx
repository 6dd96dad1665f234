// One of the enterprise's postings at /me/enterprise/jobs/:id: the posting, what screening found, its
// history, and two tabs: the people who applied or were referred (name and phone, with the outcome to
// record: interview, hire, decline) and the recommended seekers (masked, with the match and why).
// Cards rather than tables: enterprises use this on phones too.
import { EditOutlined, PhoneOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Descriptions, Empty, Form, InputNumber, Modal, Pagination, Popconfirm, Progress, Skeleton, Space, Tabs, Tag, theme, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api } from '../../../shared/api';
import { ErrorAlert, isConflict } from '../../../shared/ErrorAlert';
import { formatDateTime } from '../../../shared/format';
import { useI18n } from '../../../shared/i18n';
import { LoadError, NotFoundResult } from '../../../shared/results';
import type { Paged } from '../../../shared/types';
import { useApi } from '../../../shared/useApi';
import { ApplicationStatusTag, BackButton, dayText, FindingList, JobHistory, JobStatusTag, PageTitle, placeFieldErrors, placeOf, ScoreReasons, todayText, useJobFormat } from './common';
import { usePortalT } from './messages';
import type { EnterpriseApplication, EnterpriseJobResponse, JobDetail, JobSaved, OutcomeBody, OutcomeStatus, SeekerMatch } from './types';

export default function EnterpriseJobDetailPage() {
  const { t } = usePortalT();
  const { id } = useParams();
  const valid = !!id && /^\d+$/.test(id);
  const res = useApi<EnterpriseJobResponse>(valid ? `/api/me/enterprise/jobs/${id}` : null);
  // After moving to another posting, the previous one is not shown while the next loads.
  const r = res.data && String(res.data.job.id) === id ? res.data : undefined;
  if (!valid) return <NotFoundResult message={t('entJob.notFound')} />;
  if (res.error && !r) return <LoadError error={res.error} onRetry={res.reload} notFoundMessage={t('entJob.notFound')} />;
  if (!r)
    return (
      <Card size="small">
        <Skeleton active paragraph={{ rows: 10 }} />
      </Card>
    );
  return <PostingView data={r} reload={res.reload} onChange={(job) => res.setData({ ...r, job })} />;
}

function PostingView({ data, reload, onChange }: { data: EnterpriseJobResponse; reload: () => void; onChange: (job: JobDetail) => void }) {
  const { t, code } = usePortalT();
  const { bi } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const fmt = useJobFormat();
  const { job, history } = data;
  const [closing, setClosing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const open = job.status !== 'closed';

  const close = async () => {
    setClosing(true);
    setError(null);
    try {
      const r = await api.post<JobSaved>(`/api/me/enterprise/jobs/${job.id}/close`);
      void message.success(t('entJob.closed'));
      onChange(r.job);
      // The history gains the closing.
      reload();
    } catch (e) {
      setError(e);
    } finally {
      setClosing(false);
    }
  };

  const texts = { title: job.title, description: job.description };
  // Blocking findings first: they are what keeps the posting unpublished.
  const findings = [...job.findings].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'block' ? -1 : 1));

  return (
    <div data-testid="enterprise-job-detail" data-status={job.status}>
      <BackButton to="/me/enterprise/jobs" label={t('entJob.back')} />
      <PageTitle
        title={
          <Space wrap size={8}>
            <span data-testid="job-title">{job.title}</span>
            <JobStatusTag status={job.status} />
          </Space>
        }
      />
      {open && (
        <div style={{ display: 'flex', gap: 8, marginBottom: 12 }}>
          <Button icon={<EditOutlined />} size="large" style={{ flex: 1 }} type={job.status === 'blocked' ? 'primary' : 'default'} onClick={() => navigate(`/me/enterprise/jobs/${job.id}/edit`)} data-testid="job-edit">
            {t('entJob.edit')}
          </Button>
          <Popconfirm title={t('entJob.closeConfirm')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => close()}>
            <Button danger icon={<StopOutlined />} size="large" style={{ flex: 1 }} loading={closing} data-testid="job-close">
              {t('entJob.close')}
            </Button>
          </Popconfirm>
        </div>
      )}
      {error !== null && <ErrorAlert error={error} style={{ marginBottom: 12 }} onReload={isConflict(error) ? reload : undefined} />}
      {job.status === 'blocked' && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="screening-blocked"
          title={t('entJob.blocked')}
          description={
            <>
              <div style={{ marginBottom: 8 }}>{t('entJob.blockedHint')}</div>
              <FindingList findings={findings} texts={texts} />
            </>
          }
        />
      )}
      {job.overrideReason && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('entJob.overridden')} />}
      <Card size="small" title={t('entJob.posting')} style={{ marginBottom: 12 }}>
        <Descriptions
          className="hm-stack"
          size="small"
          column={1}
          items={[
            { key: 'occ', label: t('field.occupation'), children: bi(job.occupationName) },
            { key: 'place', label: t('field.place'), children: placeOf(job) },
            { key: 'wage', label: t('field.wage'), children: <span className="hm-num">{fmt.wage(job.wageMinYuan, job.wageMaxYuan)}</span> },
            { key: 'edu', label: t('field.education'), children: code('education', job.education) },
            { key: 'exp', label: t('field.experience'), children: job.experienceYears > 0 ? t('common.yearsN', { n: job.experienceYears }) : t('common.experienceNone') },
            { key: 'head', label: t('field.headcount'), children: <span className="hm-num">{fmt.int(job.headcount)}</span> },
            { key: 'hours', label: t('field.weeklyHours'), children: t('common.hoursN', { n: job.weeklyHours }) },
            { key: 'sched', label: t('field.schedule'), children: code('schedule', job.schedule) },
            { key: 'grad', label: t('field.forGraduates'), children: job.forGraduates ? t('common.yes') : t('common.no') },
            { key: 'valid', label: t('field.validity'), children: <span className="hm-num">{t('common.validRange', { from: job.validFrom, until: job.validUntil })}</span> },
            { key: 'pub', label: t('field.publishedAt'), children: <span className="hm-num">{job.publishedAt ? formatDateTime(job.publishedAt) : t('common.none')}</span> },
            {
              key: 'skills',
              label: t('field.skills'),
              children: job.skills.length ? (
                <Space size={[4, 4]} wrap>
                  {job.skills.map((s) => (
                    <Tag key={s} style={{ marginInlineEnd: 0 }}>
                      {s}
                    </Tag>
                  ))}
                </Space>
              ) : (
                t('common.none')
              ),
            },
          ]}
        />
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 12, fontSize: 13 }}>
          {t('field.description')}
        </Typography.Text>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', marginBottom: 0 }} data-testid="job-description">
          {job.description}
        </Typography.Paragraph>
      </Card>
      {job.status !== 'blocked' && (
        <Card size="small" title={t('entJob.findings')} style={{ marginBottom: 12 }} data-testid="job-findings">
          {job.findings.length === 0 ? <Typography.Text type="secondary">{t('entJob.noFindings')}</Typography.Text> : <FindingList findings={findings} texts={texts} />}
        </Card>
      )}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Tabs
          items={[
            { key: 'applications', label: `${t('entJob.applications')} ${fmt.int(job.applications)}`, children: <Applications job={job} onChanged={reload} /> },
            { key: 'seekers', label: t('entJob.seekers'), children: <Seekers job={job} /> },
          ]}
        />
      </Card>
      <Card size="small" title={t('common.history')}>
        <JobHistory items={history} />
      </Card>
    </div>
  );
}

// --- Applicants -----------------------------------------------------------------------------------

function Applications({ job, onChanged }: { job: JobDetail; onChanged: () => void }) {
  const { t, code } = usePortalT();
  const { message } = App.useApp();
  const fmt = useJobFormat();
  const { token } = theme.useToken();
  const list = useApi<{ items: EnterpriseApplication[] }>(`/api/me/enterprise/jobs/${job.id}/applications`);
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [hiring, setHiring] = useState<EnterpriseApplication | null>(null);

  const done = () => {
    void message.success(t('entJob.outcomeDone'));
    list.reload();
    onChanged();
  };
  const record = async (a: EnterpriseApplication, status: Exclude<OutcomeStatus, 'hired'>) => {
    setBusy(a.id);
    setError(null);
    try {
      await api.post('/api/me/enterprise/applications/' + a.id + '/outcome', { status } satisfies OutcomeBody);
      done();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  if (list.error && !list.data) return <LoadError error={list.error} onRetry={list.reload} />;
  if (!list.data) return <Skeleton active paragraph={{ rows: 4 }} />;
  if (list.data.items.length === 0) return <Empty description={t('entJob.noApplications')} />;
  return (
    <div data-testid="job-applications">
      {error !== null && <ErrorAlert error={error} style={{ marginBottom: 12 }} onClose={() => setError(null)} onReload={isConflict(error) ? list.reload : undefined} />}
      <Space orientation="vertical" size={8} style={{ width: '100%', opacity: list.loading ? 0.6 : 1 }}>
        {list.data.items.map((a) => {
          const pending = a.status === 'submitted' || a.status === 'interview';
          return (
            <div key={a.id} style={{ border: `1px solid ${token.colorBorderSecondary}`, borderRadius: 8, padding: 12 }} data-testid="application" data-application-id={a.id} data-status={a.status}>
              <div style={{ display: 'flex', alignItems: 'center', gap: 6, flexWrap: 'wrap' }}>
                <Typography.Text strong data-testid="applicant-name">
                  {a.name}
                </Typography.Text>
                <ApplicationStatusTag status={a.status} />
                {a.kind === 'referral' && (
                  <Tag color="cyan" style={{ marginInlineEnd: 0 }}>
                    {t('common.referral')}
                  </Tag>
                )}
                {a.score !== null && (
                  <Tag style={{ marginInlineEnd: 0 }} className="hm-num">
                    {t('common.scoreN', { n: a.score })}
                  </Tag>
                )}
              </div>
              <div style={{ fontSize: 13, color: token.colorTextSecondary }}>
                {t('common.ageN', { n: a.age })} · {code('education', a.education)} · {t('common.appliedOn', { date: fmt.day(a.createdAt) })}
              </div>
              {a.phone && (
                <div style={{ fontSize: 14 }}>
                  <a href={`tel:${a.phone}`} className="hm-mono" data-testid="applicant-phone" aria-label={`${t('entJob.phone')} ${a.phone}`}>
                    <PhoneOutlined /> {a.phone}
                  </a>
                </div>
              )}
              {pending && (
                <div style={{ display: 'flex', gap: 6, marginTop: 8, flexWrap: 'wrap' }}>
                  {a.status === 'submitted' && (
                    <Popconfirm title={t('entJob.interviewConfirm', { name: a.name })} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => record(a, 'interview')}>
                      <Button size="small" loading={busy === a.id} data-testid="application-interview">
                        {t('entJob.interview')}
                      </Button>
                    </Popconfirm>
                  )}
                  <Button size="small" type="primary" disabled={busy === a.id} onClick={() => setHiring(a)} data-testid="application-hire">
                    {t('entJob.hire')}
                  </Button>
                  <Popconfirm title={t('entJob.refuseConfirm', { name: a.name })} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => record(a, 'refused')}>
                    <Button size="small" danger disabled={busy === a.id} data-testid="application-refuse">
                      {t('entJob.refuse')}
                    </Button>
                  </Popconfirm>
                </div>
              )}
            </div>
          );
        })}
      </Space>
      {hiring && (
        <HireModal
          app={hiring}
          job={job}
          onClose={() => setHiring(null)}
          onDone={() => {
            setHiring(null);
            done();
          }}
        />
      )}
    </div>
  );
}

/** A hire registers the employment: it needs the start date, and a wage within the posting's range. */
function HireModal({ app, job, onClose, onDone }: { app: EnterpriseApplication; job: JobDetail; onClose: () => void; onDone: () => void }) {
  const { t } = usePortalT();
  const { lang } = useI18n();
  const fmt = useJobFormat();
  const [form] = Form.useForm<{ startDate: Dayjs; wageYuan: number }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [unplaced, setUnplaced] = useState<ReturnType<typeof placeFieldErrors>>([]);
  const submit = async () => {
    let v: { startDate: Dayjs; wageYuan: number };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/me/enterprise/applications/${app.id}/outcome`, { status: 'hired', startDate: dayText(v.startDate), wageYuan: v.wageYuan } satisfies OutcomeBody);
      onDone();
    } catch (e) {
      setError(e);
      setUnplaced(placeFieldErrors(form, e, lang, ['startDate', 'wageYuan']));
    } finally {
      setBusy(false);
    }
  };
  const range = fmt.wage(job.wageMinYuan, job.wageMaxYuan);
  return (
    <Modal
      open
      title={t('entJob.hireTitle', { name: app.name })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('entJob.hire')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'hire-submit' } as never}
    >
      <Typography.Paragraph type="secondary">{t('entJob.hireHint')}</Typography.Paragraph>
      {error !== null && <ErrorAlert error={error} details={unplaced} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ startDate: dayjs(todayText()), wageYuan: job.wageMinYuan }} data-testid="hire-form">
        <Form.Item name="startDate" label={t('entJob.startDate')} rules={[{ required: true, message: t('common.required') }]}>
          <DatePicker format="YYYY-MM-DD" inputReadOnly style={{ width: '100%' }} data-testid="hire-start-date" />
        </Form.Item>
        <Form.Item
          name="wageYuan"
          label={t('entJob.wage')}
          extra={t('entJob.wageRange', { range })}
          rules={[
            { required: true, message: t('common.required') },
            {
              validator: async (_, v: number | undefined) => {
                if (typeof v === 'number' && (v < job.wageMinYuan || v > job.wageMaxYuan)) throw new Error(t('entJob.wageRange', { range }));
              },
            },
          ]}
        >
          <InputNumber min={1} max={1_000_000} precision={0} inputMode="numeric" style={{ width: '100%' }} suffix={t('common.yuanMonth')} data-testid="hire-wage" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

// --- Recommended seekers --------------------------------------------------------------------------

const SEEKERS_PAGE = 10;

function Seekers({ job }: { job: JobDetail }) {
  const { t, code } = usePortalT();
  const fmt = useJobFormat();
  const { token } = theme.useToken();
  const [page, setPage] = useState(1);
  const list = useApi<Paged<SeekerMatch>>(`/api/me/enterprise/jobs/${job.id}/seekers`, { page, pageSize: SEEKERS_PAGE });

  return (
    <div data-testid="job-seekers">
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('entJob.seekersHint')}
      </Typography.Paragraph>
      {list.error && !list.data ? (
        <LoadError error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Skeleton active paragraph={{ rows: 4 }} />
      ) : list.data.items.length === 0 ? (
        <Empty description={t('entJob.noSeekers')} />
      ) : (
        <>
          <Space orientation="vertical" size={8} style={{ width: '100%', opacity: list.loading ? 0.6 : 1 }}>
            {list.data.items.map((s) => (
              <div key={s.personId} style={{ border: `1px solid ${token.colorBorderSecondary}`, borderRadius: 8, padding: 12 }} data-testid="seeker" data-person-id={s.personId}>
                <div style={{ display: 'flex', alignItems: 'center', gap: 6, flexWrap: 'wrap' }}>
                  <Typography.Text strong data-testid="seeker-name">
                    {s.name}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                    {t('common.ageN', { n: s.age })} · {code('education', s.education)} · {s.experienceYears > 0 ? t('common.experienceN', { n: s.experienceYears }) : t('common.experienceNone')}
                  </Typography.Text>
                  {s.applied && (
                    <Tag color="blue" style={{ marginInlineEnd: 0 }} data-testid="seeker-applied">
                      {t('entJob.applied')}
                    </Tag>
                  )}
                </div>
                <div style={{ fontSize: 13, color: token.colorTextSecondary }}>
                  {[s.districtName, s.townshipName].filter(Boolean).join(' ')} · {t('entJob.expectedWage', { wage: t('common.wageOne', { v: fmt.int(s.expectedWageYuan) }) })}
                </div>
                <div style={{ display: 'flex', alignItems: 'center', gap: 8, margin: '6px 0' }}>
                  <Typography.Text type="secondary" style={{ fontSize: 13, flex: 'none' }}>
                    {t('common.score')}
                  </Typography.Text>
                  <Progress percent={Math.max(0, Math.min(100, s.score))} size="small" style={{ flex: 1, margin: 0 }} format={(p) => <span className="hm-num">{p}</span>} data-testid="seeker-score" />
                </div>
                <ScoreReasons reasons={s.reasons} testId="seeker-reasons" />
                {(s.categories.length > 0 || s.skills.length > 0) && (
                  <Space size={[4, 4]} wrap style={{ marginTop: 6 }}>
                    {s.categories.map((c) => (
                      <Tag key={c} color="gold" style={{ marginInlineEnd: 0 }}>
                        {code('seekerCategory', c)}
                      </Tag>
                    ))}
                    {s.skills.map((k) => (
                      <Tag key={k} style={{ marginInlineEnd: 0 }}>
                        {k}
                      </Tag>
                    ))}
                  </Space>
                )}
              </div>
            ))}
          </Space>
          {list.data.total > SEEKERS_PAGE && (
            <Pagination simple current={list.data.page} pageSize={SEEKERS_PAGE} total={list.data.total} onChange={setPage} align="center" style={{ marginTop: 12 }} />
          )}
        </>
      )}
    </div>
  );
}

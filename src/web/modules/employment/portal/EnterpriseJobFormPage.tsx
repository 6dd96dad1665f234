// 发布岗位 at /me/enterprise/jobs/new and 修改岗位 at /me/enterprise/jobs/:id/edit: a posting's fields
// (JobInput), checked here as the server checks them, though the server decides: its field errors are
// put on the fields. The server screens the title and description; a blocking finding saves the
// posting unpublished, and this page then shows each finding and the way back to fix it.
import { CheckCircleFilled, EditOutlined, EyeOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Row, Select, Skeleton, Space, Switch, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import { api, request } from '../../../shared/api';
import { ErrorAlert, errorDetails } from '../../../shared/ErrorAlert';
import { useI18n } from '../../../shared/i18n';
import { LoadError, NotFoundResult } from '../../../shared/results';
import type { EnterpriseRecord } from '../../../shared/types';
import { useApi } from '../../../shared/useApi';
import { BackButton, dayText, FindingList, PageTitle, placeFieldErrors, todayText, useJobReference, useTownships } from './common';
import { usePortalT } from './messages';
import { EDUCATIONS, MAX_VALIDITY_DAYS, MINIMUM_MONTHLY_WAGE_YUAN, SCHEDULES, type EnterpriseJobResponse, type JobBody, type JobDetail, type JobSaved } from './types';

type Values = Omit<JobBody, 'validFrom' | 'validUntil' | 'townshipCode'> & { townshipCode?: string; validFrom: Dayjs; validUntil: Dayjs };

const FIELDS = [
  'title',
  'occupationCode',
  'districtCode',
  'townshipCode',
  'wageMinYuan',
  'wageMaxYuan',
  'education',
  'experienceYears',
  'headcount',
  'weeklyHours',
  'schedule',
  'description',
  'skills',
  'forGraduates',
  'validFrom',
  'validUntil',
] as const;

/** Standard working time is at most 44 hours a week (劳动法 art. 36); part-time work is exempt. */
const MAX_STANDARD_WEEKLY_HOURS = 44;
/** A posting may not start more than this many days ago. */
const MAX_BACKDATE_DAYS = 30;

export default function EnterpriseJobFormPage() {
  const { id } = useParams();
  // Every visit starts afresh, including "fix it" after a blocked submission, which replaces the
  // address with the edit page of the posting just saved.
  const { key } = useLocation();
  return <JobFormView key={`${id ?? 'new'}-${key}`} id={id} />;
}

function JobFormView({ id }: { id: string | undefined }) {
  const { t } = usePortalT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const editing = id !== undefined;
  const validId = !editing || /^\d+$/.test(id);
  const existing = useApi<EnterpriseJobResponse>(editing && validId ? `/api/me/enterprise/jobs/${id}` : null);
  const [result, setResult] = useState<JobDetail | null>(null);

  const fix = (job: JobDetail) => navigate(`/me/enterprise/jobs/${job.id}/edit`, { replace: true });
  const saved = (job: JobDetail) => {
    if (job.status === 'blocked' || job.findings.length > 0) {
      setResult(job);
      window.scrollTo({ top: 0 });
      return;
    }
    void message.success(editing ? t('form.saved') : t('form.published'));
    navigate(`/me/enterprise/jobs/${job.id}`, { replace: true });
  };

  const header = (
    <>
      <BackButton to={editing ? `/me/enterprise/jobs/${id}` : '/me/enterprise/jobs'} label={t('form.back')} />
      <PageTitle title={editing ? t('form.editTitle') : t('form.newTitle')} />
    </>
  );

  if (!validId) return <NotFoundResult message={t('entJob.notFound')} />;
  if (result)
    return (
      <div data-testid="job-form-result">
        {header}
        <ScreeningResult job={result} onFix={() => fix(result)} onView={() => navigate(`/me/enterprise/jobs/${result.id}`, { replace: true })} />
      </div>
    );
  if (editing && existing.error) return <LoadError error={existing.error} onRetry={existing.reload} notFoundMessage={t('entJob.notFound')} />;
  if (editing && !existing.data)
    return (
      <>
        {header}
        <Card size="small">
          <Skeleton active paragraph={{ rows: 10 }} />
        </Card>
      </>
    );
  return (
    <div data-testid="job-form-page">
      {header}
      <JobForm job={existing.data?.job} onSaved={saved} />
    </div>
  );
}

/** What screening said of a saved posting: stopped (blocking findings) or published with warnings. */
function ScreeningResult({ job, onFix, onView }: { job: JobDetail; onFix: () => void; onView: () => void }) {
  const { t } = usePortalT();
  const navigate = useNavigate();
  const blocked = job.status === 'blocked';
  // Blocking findings first: they are what stops publication.
  const findings = [...job.findings].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'block' ? -1 : 1));
  return (
    <Card size="small" data-testid={blocked ? 'screening-blocked' : 'screening-warned'} data-job-id={job.id}>
      <div style={{ display: 'flex', gap: 10, alignItems: 'flex-start', marginBottom: 12 }}>
        {blocked ? <StopOutlined style={{ fontSize: 28, color: '#cf1322' }} /> : <CheckCircleFilled style={{ fontSize: 28, color: '#389e0d' }} />}
        <div style={{ flex: 1, minWidth: 0 }}>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {blocked ? t('screening.blockedTitle') : t('screening.warnedTitle')}
          </Typography.Title>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {blocked ? t('screening.blockedHint', { n: job.findings.filter((f) => f.severity === 'block').length }) : t('screening.warnedHint', { n: job.findings.length })}
          </Typography.Text>
        </div>
      </div>
      <FindingList findings={findings} texts={{ title: job.title, description: job.description }} />
      <Space orientation="vertical" size={8} style={{ width: '100%', marginTop: 16 }}>
        <Button type={blocked ? 'primary' : 'default'} size="large" block icon={<EditOutlined />} onClick={onFix} data-testid="screening-fix">
          {t('screening.fix')}
        </Button>
        <Button type={blocked ? 'default' : 'primary'} size="large" block icon={<EyeOutlined />} onClick={onView} data-testid="screening-view">
          {t('screening.view')}
        </Button>
        {blocked && (
          <Button type="link" block onClick={() => navigate('/me/enterprise/jobs')}>
            {t('screening.toList')}
          </Button>
        )}
      </Space>
    </Card>
  );
}

function initialValues(job: JobDetail | undefined): Partial<Values> {
  if (job)
    return {
      title: job.title,
      occupationCode: job.occupationCode,
      districtCode: job.districtCode,
      townshipCode: job.townshipCode ?? undefined,
      wageMinYuan: job.wageMinYuan,
      wageMaxYuan: job.wageMaxYuan,
      education: job.education,
      experienceYears: job.experienceYears,
      headcount: job.headcount,
      weeklyHours: job.weeklyHours,
      schedule: job.schedule,
      description: job.description,
      skills: job.skills,
      forGraduates: job.forGraduates,
      validFrom: dayjs(job.validFrom),
      validUntil: dayjs(job.validUntil),
    };
  const today = dayjs(todayText());
  return { education: 'none', schedule: 'standard', experienceYears: 0, headcount: 1, weeklyHours: 40, forGraduates: false, skills: [], validFrom: today, validUntil: today.add(90, 'day') };
}

const trimmedLength = (v: unknown) => (typeof v === 'string' ? v.trim().length : 0);

function JobForm({ job, onSaved }: { job: JobDetail | undefined; onSaved: (job: JobDetail) => void }) {
  const { t, code } = usePortalT();
  const { lang } = useI18n();
  const ref = useJobReference();
  const [form] = Form.useForm<Values>();
  const district = Form.useWatch('districtCode', form);
  const townships = useTownships(district);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [unplaced, setUnplaced] = useState<ReturnType<typeof placeFieldErrors>>([]);
  const closed = job?.status === 'closed';

  // A new posting is placed where the enterprise is registered, unless the user chose already.
  const enterprise = useApi<EnterpriseRecord>(job ? null : '/api/me/enterprise');
  useEffect(() => {
    const d = enterprise.data?.districtCode;
    if (d && !form.isFieldTouched('districtCode') && !form.getFieldValue('districtCode')) form.setFieldsValue({ districtCode: d });
  }, [enterprise.data, form]);

  const submit = async (v: Values) => {
    const body: JobBody = {
      title: v.title.trim(),
      occupationCode: v.occupationCode,
      districtCode: v.districtCode,
      townshipCode: v.townshipCode ?? null,
      wageMinYuan: v.wageMinYuan,
      wageMaxYuan: v.wageMaxYuan,
      education: v.education,
      experienceYears: v.experienceYears,
      headcount: v.headcount,
      weeklyHours: v.weeklyHours,
      schedule: v.schedule,
      description: v.description.trim(),
      skills: (v.skills ?? []).map((s) => s.trim()).filter(Boolean),
      forGraduates: !!v.forGraduates,
      validFrom: dayText(v.validFrom)!,
      validUntil: dayText(v.validUntil)!,
    };
    setBusy(true);
    setError(null);
    setUnplaced([]);
    try {
      const r = job ? await request<JobSaved>(`/api/me/enterprise/jobs/${job.id}`, { method: 'PUT', json: body }) : await api.post<JobSaved>('/api/me/enterprise/jobs', body);
      onSaved(r.job);
    } catch (e) {
      setError(e);
      const left = placeFieldErrors(form, e, lang, FIELDS);
      setUnplaced(left);
      // Take the eye to the first field the server objected to, or to the message.
      const first = form.getFieldsError().find((f) => f.errors.length > 0);
      if (first && errorDetails(e).length > left.length) form.scrollToField(first.name, { block: 'center' });
      else window.scrollTo({ top: 0, behavior: 'smooth' });
    } finally {
      setBusy(false);
    }
  };

  const required = { required: true, message: t('common.required') };
  // What screening said of the saved version, shown while it is being fixed.
  const lastFindings = job && !closed ? job.findings : [];

  return (
    <>
      {closed && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('form.closedNotice')} data-testid="job-form-closed" />}
      {job && lastFindings.length > 0 && (
        <Alert
          type={job.status === 'blocked' ? 'error' : 'warning'}
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="job-form-last-findings"
          title={job.status === 'blocked' ? t('form.lastBlocked') : t('form.lastWarned')}
          description={<FindingList findings={lastFindings} texts={{ title: job.title, description: job.description }} />}
        />
      )}
      {!job && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('form.notice')} />}
      {error !== null && <ErrorAlert error={error} details={unplaced} style={{ marginBottom: 12 }} />}
      <Card size="small">
        <Form<Values> form={form} layout="vertical" requiredMark initialValues={initialValues(job)} onFinish={(v) => void submit(v)} scrollToFirstError={{ block: 'center' }} disabled={closed} data-testid="job-form">
          <Form.Item
            name="title"
            label={t('field.title')}
            rules={[
              required,
              {
                validator: async (_, v: unknown) => {
                  const n = trimmedLength(v);
                  if (n > 0 && (n < 2 || n > 60)) throw new Error(t('form.titleRule'));
                },
              },
            ]}
          >
            <Input maxLength={60} showCount data-testid="job-title" />
          </Form.Item>
          <Form.Item name="occupationCode" label={t('field.occupation')} rules={[required]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={ref.occupationOptions} loading={!ref.loaded} placeholder={t('form.occupationPlaceholder')} data-testid="job-occupation" />
          </Form.Item>
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item name="districtCode" label={t('field.district')} rules={[required]}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  options={ref.districtOptions}
                  placeholder={t('form.districtPlaceholder')}
                  onChange={() => form.setFieldValue('townshipCode', undefined)}
                  data-testid="job-district"
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="townshipCode" label={t('field.township')}>
                <Select
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  options={townships.map((x) => ({ value: x.code, label: x.name }))}
                  disabled={closed || !district}
                  placeholder={t('form.townshipPlaceholder')}
                  data-testid="job-township"
                />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                name="wageMinYuan"
                label={t('field.wageMin')}
                dependencies={['schedule']}
                rules={[
                  required,
                  ({ getFieldValue }) => ({
                    validator: async (_, v: number | undefined) => {
                      if (v !== undefined && v !== null && getFieldValue('schedule') !== 'part_time' && v < MINIMUM_MONTHLY_WAGE_YUAN) throw new Error(t('form.minimumWage', { min: MINIMUM_MONTHLY_WAGE_YUAN }));
                    },
                  }),
                ]}
              >
                <InputNumber min={1} max={1_000_000} precision={0} inputMode="numeric" style={{ width: '100%' }} suffix={t('common.yuanMonth')} data-testid="job-wage-min" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                name="wageMaxYuan"
                label={t('field.wageMax')}
                dependencies={['wageMinYuan']}
                rules={[
                  required,
                  ({ getFieldValue }) => ({
                    validator: async (_, v: number | undefined) => {
                      const min = getFieldValue('wageMinYuan') as number | undefined;
                      if (v !== undefined && v !== null && typeof min === 'number' && v < min) throw new Error(t('form.wageOrder'));
                    },
                  }),
                ]}
              >
                <InputNumber min={1} max={1_000_000} precision={0} inputMode="numeric" style={{ width: '100%' }} suffix={t('common.yuanMonth')} data-testid="job-wage-max" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="education" label={t('field.education')} rules={[required]}>
                <Select options={EDUCATIONS.map((e) => ({ value: e, label: code('education', e) }))} data-testid="job-education" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="experienceYears" label={t('field.experience')} rules={[required]}>
                <InputNumber min={0} max={40} precision={0} inputMode="numeric" style={{ width: '100%' }} suffix={t('common.years')} data-testid="job-experience" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="headcount" label={t('field.headcount')} rules={[required]}>
                <InputNumber min={1} max={10_000} precision={0} inputMode="numeric" style={{ width: '100%' }} data-testid="job-headcount" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="schedule" label={t('field.schedule')} rules={[required]}>
                <Select options={SCHEDULES.map((s) => ({ value: s, label: code('schedule', s) }))} data-testid="job-schedule" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                name="weeklyHours"
                label={t('field.weeklyHours')}
                dependencies={['schedule']}
                rules={[
                  required,
                  ({ getFieldValue }) => ({
                    validator: async (_, v: number | undefined) => {
                      if (v !== undefined && v !== null && getFieldValue('schedule') !== 'part_time' && v > MAX_STANDARD_WEEKLY_HOURS) throw new Error(t('form.weeklyHoursRule'));
                    },
                  }),
                ]}
              >
                <InputNumber min={1} max={60} precision={0} inputMode="numeric" style={{ width: '100%' }} suffix={t('common.hours')} data-testid="job-weekly-hours" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="forGraduates" label={t('field.forGraduates')} valuePropName="checked">
                <Switch data-testid="job-for-graduates" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                name="validFrom"
                label={t('field.validFrom')}
                rules={[
                  required,
                  {
                    validator: async (_, v: Dayjs | undefined) => {
                      if (v && v.isBefore(dayjs(todayText()).subtract(MAX_BACKDATE_DAYS, 'day'), 'day')) throw new Error(t('form.validFromPast'));
                    },
                  },
                ]}
              >
                <DatePicker format="YYYY-MM-DD" inputReadOnly style={{ width: '100%' }} data-testid="job-valid-from" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                name="validUntil"
                label={t('field.validUntil')}
                dependencies={['validFrom']}
                rules={[
                  required,
                  ({ getFieldValue }) => ({
                    validator: async (_, v: Dayjs | undefined) => {
                      const from = getFieldValue('validFrom') as Dayjs | undefined;
                      if (!v) return;
                      if (v.isBefore(dayjs(todayText()), 'day')) throw new Error(t('form.validPast'));
                      if (!from) return;
                      if (v.isBefore(from, 'day')) throw new Error(t('form.validOrder'));
                      if (v.diff(from, 'day') > MAX_VALIDITY_DAYS) throw new Error(t('form.validMax', { days: MAX_VALIDITY_DAYS }));
                    },
                  }),
                ]}
              >
                <DatePicker format="YYYY-MM-DD" inputReadOnly style={{ width: '100%' }} data-testid="job-valid-until" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="description"
            label={t('field.description')}
            rules={[
              required,
              {
                validator: async (_, v: unknown) => {
                  const n = trimmedLength(v);
                  if (n > 0 && (n < 10 || n > 4000)) throw new Error(t('form.descriptionRule'));
                },
              },
            ]}
          >
            <Input.TextArea autoSize={{ minRows: 5, maxRows: 14 }} maxLength={4000} showCount placeholder={t('form.descriptionPlaceholder')} data-testid="job-description" />
          </Form.Item>
          <Form.Item
            name="skills"
            label={t('field.skills')}
            extra={t('form.skillsHint')}
            rules={[
              {
                validator: async (_, v: string[] | undefined) => {
                  const skills = (v ?? []).map((s) => s.trim());
                  if (skills.length > 10 || skills.some((s) => s.length < 1 || s.length > 20)) throw new Error(t('form.skillsRule'));
                },
              },
            ]}
          >
            <Select mode="tags" maxCount={10} tokenSeparators={[',', '，', '、', ';', '；']} open={false} suffixIcon={null} data-testid="job-skills" />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" block loading={busy} disabled={closed} data-testid="job-form-submit">
            {job ? t('form.submitEdit') : t('form.submitNew')}
          </Button>
        </Form>
      </Card>
    </>
  );
}

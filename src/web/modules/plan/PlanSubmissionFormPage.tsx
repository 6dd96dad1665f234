// 填报: one unit's figures for one month. Choose the month, the unit and the department; enter each
// row (a value, or numerator and denominator for a rate) against last month's; save a draft to run
// the checks (errors red, warnings orange); submit once no error remains.
import { ArrowLeftOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Empty, Form, Row, Select, Skeleton, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, request } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import { LoadError } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import {
  CITY_CODE,
  ErrorAlert,
  FindingCounts,
  FindingsList,
  PageHeader,
  SubmissionStatusTag,
  defaultReportPeriod,
  planLink,
  usePeriodLabel,
  usePlanAccess,
  usePlanContext,
  useDepartmentNames,
  useDistrictList,
  type PlanContext,
} from './common';
import { SubmissionValuesTable, valuesBody, valuesOf, type RowValue } from './SubmissionValues';
import type { Finding, SubmissionDetail, SubmissionForm, SubmissionRow, SubmissionSummary, TargetInfo } from './types';

export default function PlanSubmissionFormPage() {
  const { t } = useI18n();
  const access = usePlanAccess();
  const ctx = usePlanContext();
  const { year, period, params } = ctx;
  const org = params.get('org') ?? undefined;
  const department = params.get('department') ?? undefined;
  const ready = !!(year && period && org && department);
  const form = useApi<SubmissionForm>(ready ? `/api/plans/${year}/submissions/form` : null, { period, org, department });
  const f = form.data && form.data.period === period && form.data.orgCode === org && form.data.departmentCode === department ? form.data : undefined;

  if (ctx.plans.error && !ctx.plans.data) return <LoadError error={ctx.plans.error} onRetry={ctx.plans.reload} />;
  if (!access.report)
    return (
      <div>
        <PageHeader title={t('plan.form.title')} />
        <Alert type="info" showIcon title={t('plan.form.cannotReport')} />
      </div>
    );

  return (
    <div data-testid="plan-submission-form">
      <Link to={planLink('/plan/submissions', year, period)} style={{ display: 'inline-block', marginBottom: 12 }}>
        <ArrowLeftOutlined /> {t('plan.form.back')}
      </Link>
      <PageHeader title={t('plan.form.title')} hint={t('plan.form.hint')} />
      <UnitChooser ctx={ctx} org={org} department={department} />
      {!ready ? (
        <Card>
          <Empty description={t('plan.form.choosePrompt')} />
        </Card>
      ) : form.error && !f ? (
        <LoadError error={form.error} onRetry={form.reload} />
      ) : !f || !year ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : (
        <FormBody key={`${f.period}|${f.orgCode}|${f.departmentCode}`} year={year} form={f} reload={form.reload} />
      )}
    </div>
  );
}

/** Month, reporting unit and department; the form opens once all three are chosen. */
function UnitChooser({ ctx, org, department }: { ctx: PlanContext; org: string | undefined; department: string | undefined }) {
  const { t } = useI18n();
  const access = usePlanAccess();
  const districts = useDistrictList();
  const departments = useDepartmentNames();
  const targets = useApi<TargetInfo[]>(ctx.year ? `/api/plans/${ctx.year}/targets` : null);
  const user = access.user;
  // Department officers report their own department's city-level figures; district officers any
  // department's figures for their own district; the city administrator any unit.
  const deptOfficer = user?.role === 'department_officer';
  const ownDepartment = deptOfficer ? user.departmentCode : null;
  const orgFixed = deptOfficer ? CITY_CODE : !access.cityWide ? user?.orgCode : undefined;
  const [chosen, setChosen] = useState<{ period?: string; org?: string; department?: string }>({});

  const period = chosen.period ?? ctx.period ?? (ctx.year ? defaultReportPeriod(ctx.year) : undefined);
  const orgValue = orgFixed ?? chosen.org ?? org;
  const deptValue = ownDepartment ?? chosen.department ?? department ?? user?.departmentCode ?? undefined;

  const orgOptions = useMemo(() => {
    if (!user) return [];
    const city = { value: CITY_CODE, label: districts.name(CITY_CODE) === CITY_CODE ? t('plan.form.city') : districts.name(CITY_CODE) };
    if (orgFixed === CITY_CODE) return [city];
    if (orgFixed) return [{ value: orgFixed, label: user.orgName }];
    return [city, ...districts.list.map((d) => ({ value: d.code, label: d.name }))];
  }, [user, orgFixed, districts, t]);

  // The departments that report figures (named by the reported indicators), or all when unknown.
  const deptOptions = useMemo(() => {
    const reporting = new Set((targets.data ?? []).flatMap((x) => (x.indicator?.source === 'reported' && x.indicator.reportedBy ? [x.indicator.reportedBy] : [])));
    const codes = reporting.size > 0 ? [...reporting] : departments.list.map((d) => d.code);
    if (ownDepartment && !codes.includes(ownDepartment)) codes.push(ownDepartment);
    return codes.map((c) => ({ value: c, label: departments.name(c) }));
  }, [targets.data, departments, ownDepartment]);

  const open = () => {
    if (!period || !orgValue || !deptValue) return;
    ctx.set({ period, org: orgValue, department: deptValue });
    setChosen({});
  };

  return (
    <Card size="small" style={{ marginBottom: 16 }} data-testid="submission-chooser">
      <Form layout="inline" style={{ rowGap: 8 }} onFinish={open}>
        <Form.Item label={t('plan.fields.period')} required>
          <DatePicker
            data-testid="chooser-period"
            picker="month"
            format="YYYY-MM"
            allowClear={false}
            value={period ? dayjs(`${period}-01`) : null}
            disabledDate={(d: Dayjs) => !!ctx.year && d.year() !== ctx.year}
            onChange={(d: Dayjs | null) => setChosen({ ...chosen, period: d ? d.format('YYYY-MM') : undefined })}
            style={{ width: 130 }}
          />
        </Form.Item>
        <Form.Item label={t('plan.form.org')} required>
          <Select
            data-testid="chooser-org"
            showSearch={{ optionFilterProp: 'label' }}
            style={{ minWidth: 160 }}
            placeholder={t('plan.form.pickOrg')}
            loading={districts.loading}
            disabled={!!orgFixed}
            value={orgValue}
            onChange={(v: string) => setChosen({ ...chosen, org: v })}
            options={orgOptions}
          />
        </Form.Item>
        <Form.Item label={t('plan.form.department')} required>
          <Select
            data-testid="chooser-department"
            showSearch={{ optionFilterProp: 'label' }}
            style={{ minWidth: 180 }}
            placeholder={t('plan.form.pickDepartment')}
            loading={targets.loading || departments.loading}
            disabled={!!ownDepartment}
            value={deptValue}
            onChange={(v: string) => setChosen({ ...chosen, department: v })}
            options={deptOptions}
          />
        </Form.Item>
        <Form.Item>
          <Button htmlType="submit" type="primary" ghost disabled={!period || !orgValue || !deptValue} data-testid="chooser-open">
            {t('plan.form.open')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}

function FormBody({ year, form, reload }: { year: number; form: SubmissionForm; reload: () => void }) {
  const { t, bi } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const periods = usePeriodLabel();
  const [rows, setRows] = useState<SubmissionRow[]>(form.rows);
  const [values, setValues] = useState<Record<string, RowValue>>(() => valuesOf(form.rows));
  const [submission, setSubmission] = useState<SubmissionSummary | null>(form.submission);
  const [editable, setEditable] = useState(form.editable);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState<'save' | 'submit' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const findingsRef = useRef<HTMLDivElement>(null);

  // A reload (after a conflict) brings a new form: start again from it.
  useEffect(() => {
    setRows(form.rows);
    setValues(valuesOf(form.rows));
    setSubmission(form.submission);
    setEditable(form.editable);
    setDirty(false);
    setSaved(false);
  }, [form]);

  // Leaving with unsaved changes asks first.
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const findings: Finding[] = submission?.findings ?? [];
  const errors = findings.filter((x) => x.severity === 'error').length;

  const accept = (d: SubmissionDetail) => {
    setSubmission(d);
    setRows(d.rows);
    setValues(valuesOf(d.rows));
    setEditable(d.canEdit);
    setDirty(false);
  };

  const save = async () => {
    setBusy('save');
    setError(null);
    try {
      const d = await request<SubmissionDetail>(`/api/plans/${year}/submissions`, {
        method: 'PUT',
        json: {
          period: form.period,
          org: form.orgCode,
          department: form.departmentCode,
          // The version this page saw: if someone else saved meanwhile, the server answers 409.
          ...(submission ? { version: submission.version } : {}),
          values: valuesBody(rows, values),
        },
      });
      accept(d);
      setSaved(true);
      // The checks' results are shown above the rows: bring them into view.
      setTimeout(() => findingsRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' }), 0);
      const errs = d.findings.filter((x) => x.severity === 'error').length;
      if (errs > 0) void message.warning(t('plan.form.savedWithErrors', { n: errs }));
      else void message.success(t('plan.form.saved'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const submit = async () => {
    if (!submission) return;
    setBusy('submit');
    setError(null);
    try {
      const d = await api.post<SubmissionDetail>(`/api/submissions/${submission.id}/submit`, { version: submission.version });
      void message.success(t('plan.form.submitted'));
      navigate(planLink(`/plan/submissions/${d?.id ?? submission.id}`, year, form.period));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const canSubmit = editable && !!submission && !dirty && errors === 0 && (submission.status === 'draft' || submission.status === 'returned');
  const submitHint = !submission ? t('plan.form.saveFirst') : dirty ? t('plan.form.unsaved') : errors > 0 ? t('plan.form.fixErrors', { n: errors }) : null;

  return (
    <>
      <Card size="small" style={{ marginBottom: 16 }} data-testid="submission-unit">
        <Descriptions
          className="hm-stack"
          size="small"
          column={{ xs: 1, sm: 2, lg: 4 }}
          items={[
            { key: 'unit', label: t('plan.form.org'), children: form.orgName },
            { key: 'dept', label: t('plan.form.department'), children: bi(form.departmentName) },
            { key: 'period', label: t('plan.fields.period'), children: <span className="hm-num">{periods.long(form.period)}</span> },
            { key: 'due', label: t('plan.submissions.dueOn'), children: <span className="hm-num">{form.dueOn}</span> },
            {
              key: 'status',
              label: t('plan.fields.status'),
              children: submission ? (
                <Space size={4} wrap>
                  <SubmissionStatusTag status={submission.status} />
                  <Link to={planLink(`/plan/submissions/${submission.id}`, year, form.period)}>#{submission.id}</Link>
                </Space>
              ) : (
                t('plan.form.notStarted')
              ),
            },
          ]}
        />
        {submission?.status === 'returned' && submission.reviewComment && (
          <Alert type="warning" showIcon style={{ marginTop: 8 }} title={t('plan.form.returnedWith')} description={submission.reviewComment} />
        )}
      </Card>
      {!editable && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="submission-locked"
          title={t('plan.form.locked')}
          description={submission ? <Link to={planLink(`/plan/submissions/${submission.id}`, year, form.period)}>{t('plan.form.toDetail')}</Link> : undefined}
        />
      )}
      {error !== null && <ErrorAlert error={error} onReload={reload} style={{ marginBottom: 16 }} />}
      <div ref={findingsRef} style={{ scrollMarginTop: 72 }}>
        {(saved || findings.length > 0) && (
          <Card size="small" title={t('plan.findings.title')} extra={<FindingCounts findings={findings} />} style={{ marginBottom: 16 }}>
            <FindingsList findings={findings} rows={rows} />
          </Card>
        )}
      </div>
      <Card size="small" title={t('plan.form.rows', { n: rows.length })}>
        <SubmissionValuesTable
          rows={rows}
          values={values}
          findings={findings}
          onChange={
            editable
              ? (key, v) => {
                  setValues((prev) => ({ ...prev, [key]: v }));
                  setDirty(true);
                }
              : undefined
          }
        />
        {editable && (
          <Row justify="end" gutter={[8, 8]} style={{ marginTop: 16 }} align="middle">
            {submitHint && (
              <Col>
                <Typography.Text type={errors > 0 && !dirty ? 'danger' : 'secondary'} data-testid="submit-hint">
                  {submitHint}
                </Typography.Text>
              </Col>
            )}
            <Col>
              <Space wrap>
                <Button icon={<SaveOutlined />} loading={busy === 'save'} disabled={busy !== null || rows.length === 0} onClick={() => void save()} data-testid="submission-save">
                  {t('plan.form.save')}
                </Button>
                <Button type="primary" icon={<SendOutlined />} loading={busy === 'submit'} disabled={!canSubmit || busy !== null} onClick={() => void submit()} data-testid="submission-submit">
                  {t('plan.form.submit')}
                </Button>
              </Space>
            </Col>
          </Row>
        )}
      </Card>
    </>
  );
}

// 代企业发布: staff post a job on an enterprise's behalf. The enterprise is found with the registry's
// enterprise search; the rest are the fields of a posting (JobInput), in a compact form. The server
// screens the text: a blocking finding saves the posting unpublished, which the detail page shows.
import { Alert, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { api } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import type { EnterpriseListItem, Paged } from '../../shared/types';
import { dayText, ErrorAlert, placeFieldErrors, todayText, useEmploymentAccess, useReference, useTownships } from './common';
import { EDUCATIONS, MAX_VALIDITY_DAYS, MINIMUM_MONTHLY_WAGE_YUAN, SCHEDULES, type JobDetail, type JobInput, type Schedule } from './types';

type Values = Omit<JobInput, 'validFrom' | 'validUntil' | 'townshipCode'> & { enterpriseId: number; townshipCode?: string; validFrom: Dayjs; validUntil: Dayjs };

const FIELDS = [
  'enterpriseId',
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

/** A select that searches enterprises by name or credit code as the user types. */
export function EnterprisePicker({ id, value, onChange, testId = 'enterprise-picker' }: { id?: string; value?: number; onChange?: (id: number | undefined) => void; testId?: string }) {
  const { t } = useI18n();
  const [term, setTerm] = useState('');
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    const q = term.trim();
    if (q.length < 2) return;
    let live = true;
    setLoading(true);
    // Wait for a pause in typing before asking.
    const timer = setTimeout(() => {
      api
        .get<Paged<EnterpriseListItem>>('/api/enterprises', { q, pageSize: 20 })
        .then((r) => live && setOptions(r.items.map((e) => ({ value: e.id, label: `${e.name}（${e.creditCode}）` }))))
        .catch(() => live && setOptions([]))
        .finally(() => live && setLoading(false));
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [term]);
  return (
    <Select<number>
      id={id}
      data-testid={testId}
      showSearch={{ filterOption: false, onSearch: setTerm }}
      value={value}
      onChange={(v) => onChange?.(v)}
      options={options}
      loading={loading}
      placeholder={t('employment.jobForm.enterpriseSearch')}
      notFoundContent={term.trim().length < 2 ? t('employment.jobForm.enterpriseTypeMore') : undefined}
      allowClear
    />
  );
}

export function JobFormModal({ onClose, onCreated }: { onClose: () => void; onCreated: (job: JobDetail) => void }) {
  const { t, lang } = useI18n();
  const ref = useReference();
  const access = useEmploymentAccess();
  const [form] = Form.useForm<Values>();
  const district = Form.useWatch('districtCode', form);
  const schedule = Form.useWatch('schedule', form) as Schedule | undefined;
  const townships = useTownships(district);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [unplaced, setUnplaced] = useState<ReturnType<typeof placeFieldErrors>>([]);

  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const body = {
      enterpriseId: v.enterpriseId,
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
      const r = await api.post<{ job: JobDetail }>('/api/employment/jobs', body);
      onCreated(r.job);
    } catch (e) {
      setError(e);
      setUnplaced(placeFieldErrors(form, e, lang, FIELDS));
    } finally {
      setBusy(false);
    }
  };

  const today = todayText();
  return (
    <Modal
      open
      title={t('employment.jobForm.title')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('employment.jobForm.submit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'job-form-submit' } as never}
      confirmLoading={busy}
      destroyOnHidden
      width={760}
    >
      <div data-testid="job-form">
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('employment.jobForm.screeningNotice')} />
        {error !== null && <ErrorAlert error={error} details={unplaced} style={{ marginBottom: 12 }} />}
        <Form
          form={form}
          layout="vertical"
          requiredMark
          initialValues={{
            districtCode: access.ownDistrict,
            education: 'none',
            schedule: 'standard',
            experienceYears: 0,
            headcount: 1,
            weeklyHours: 40,
            forGraduates: false,
            skills: [],
            validFrom: dayjs(today),
            validUntil: dayjs(today).add(90, 'day'),
          }}
        >
          <Form.Item name="enterpriseId" label={t('employment.jobForm.enterprise')} rules={[{ required: true, message: t('employment.jobForm.enterpriseRequired') }]}>
            <EnterprisePicker />
          </Form.Item>
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item name="title" label={t('employment.jobs.title')} rules={[{ required: true, whitespace: true, min: 2, max: 60, message: t('employment.jobForm.titleRule') }]}>
                <Input maxLength={60} data-testid="job-title" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="occupationCode" label={t('employment.jobs.occupation')} rules={[{ required: true, message: t('employment.jobForm.required') }]}>
                <Select showSearch={{ optionFilterProp: 'label' }} options={ref.middleOptions} data-testid="job-occupation" />
              </Form.Item>
            </Col>
            <Col xs={12} md={12}>
              <Form.Item name="districtCode" label={t('employment.common.district')} rules={[{ required: true, message: t('employment.jobForm.required') }]}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  options={ref.districtOptions}
                  disabled={!!access.ownDistrict}
                  onChange={() => form.setFieldValue('townshipCode', undefined)}
                  data-testid="job-district"
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={12}>
              <Form.Item name="townshipCode" label={t('employment.common.township')}>
                <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={townships.map((x) => ({ value: x.code, label: x.name }))} disabled={!district} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item
                name="wageMinYuan"
                label={t('employment.jobForm.wageMin')}
                rules={[
                  { required: true, message: t('employment.jobForm.required') },
                  {
                    validator: async (_, v: number | undefined) => {
                      if (v !== undefined && schedule !== 'part_time' && v < MINIMUM_MONTHLY_WAGE_YUAN) throw new Error(t('employment.jobForm.minimumWage', { min: MINIMUM_MONTHLY_WAGE_YUAN }));
                    },
                  },
                ]}
              >
                <InputNumber min={1} max={1_000_000} precision={0} style={{ width: '100%' }} suffix={t('employment.common.yuan')} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item
                name="wageMaxYuan"
                label={t('employment.jobForm.wageMax')}
                dependencies={['wageMinYuan']}
                rules={[
                  { required: true, message: t('employment.jobForm.required') },
                  ({ getFieldValue }) => ({
                    validator: async (_, v: number | undefined) => {
                      const min = getFieldValue('wageMinYuan') as number | undefined;
                      if (v !== undefined && min !== undefined && v < min) throw new Error(t('employment.jobForm.wageOrder'));
                    },
                  }),
                ]}
              >
                <InputNumber min={1} max={1_000_000} precision={0} style={{ width: '100%' }} suffix={t('employment.common.yuan')} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="education" label={t('employment.jobs.education')} rules={[{ required: true }]}>
                <Select options={EDUCATIONS.map((e) => ({ value: e, label: t(`employment.education.${e}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="experienceYears" label={t('employment.jobs.experience')} rules={[{ required: true }]}>
                <InputNumber min={0} max={40} precision={0} style={{ width: '100%' }} suffix={t('employment.common.years')} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="headcount" label={t('employment.jobs.headcount')} rules={[{ required: true }]}>
                <InputNumber min={1} max={10_000} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="schedule" label={t('employment.jobs.schedule')} rules={[{ required: true }]}>
                <Select options={SCHEDULES.map((s) => ({ value: s, label: t(`employment.schedule.${s}`) }))} onChange={() => void form.validateFields(['wageMinYuan', 'weeklyHours']).catch(() => undefined)} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item
                name="weeklyHours"
                label={t('employment.jobs.weeklyHours')}
                rules={[
                  { required: true },
                  {
                    validator: async (_, v: number | undefined) => {
                      if (v !== undefined && schedule !== 'part_time' && v > 44) throw new Error(t('employment.jobForm.weeklyHoursRule'));
                    },
                  },
                ]}
              >
                <InputNumber min={1} max={60} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="forGraduates" label={t('employment.jobs.forGraduates')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
            <Col xs={12} md={12}>
              <Form.Item name="validFrom" label={t('employment.jobForm.validFrom')} rules={[{ required: true, message: t('employment.jobForm.required') }]}>
                <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={12}>
              <Form.Item
                name="validUntil"
                label={t('employment.jobForm.validUntil')}
                dependencies={['validFrom']}
                rules={[
                  { required: true, message: t('employment.jobForm.required') },
                  ({ getFieldValue }) => ({
                    validator: async (_, v: Dayjs | undefined) => {
                      const from = getFieldValue('validFrom') as Dayjs | undefined;
                      if (!v || !from) return;
                      if (v.isBefore(from, 'day')) throw new Error(t('employment.jobForm.validOrder'));
                      if (v.diff(from, 'day') > MAX_VALIDITY_DAYS) throw new Error(t('employment.jobForm.validMax', { days: MAX_VALIDITY_DAYS }));
                    },
                  }),
                ]}
              >
                <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="description" label={t('employment.jobs.description')} rules={[{ required: true, whitespace: true, min: 10, max: 4000, message: t('employment.jobForm.descriptionRule') }]}>
            <Input.TextArea rows={4} maxLength={4000} showCount data-testid="job-description" />
          </Form.Item>
          <Form.Item name="skills" label={t('employment.jobs.skills')} extra={t('employment.jobForm.skillsHint')}>
            <Select mode="tags" maxCount={10} tokenSeparators={[',', '，', '、', ';', '；']} open={false} suffixIcon={null} />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}

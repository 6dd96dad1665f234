// 求职意向 at /me/job-profile: the work a resident is looking for (occupations, districts, wage,
// experience, when they can start, skills), from which jobs are recommended to them and they to
// employers. Their categories and education come from department records and are shown, not chosen.
import { InfoCircleOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, InputNumber, Select, Skeleton, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { request } from '../../../shared/api';
import { ErrorAlert } from '../../../shared/ErrorAlert';
import { useI18n } from '../../../shared/i18n';
import { LoadError } from '../../../shared/results';
import { useApi } from '../../../shared/useApi';
import { dayText, PageTitle, placeFieldErrors, todayText, useJobReference } from './common';
import { usePortalT } from './messages';
import type { JobProfileResponse, SeekerProfile, SeekerProfileBody } from './types';

type Values = Omit<SeekerProfileBody, 'availableFrom'> & { availableFrom: Dayjs };
const FIELDS = ['preferredOccupations', 'preferredDistricts', 'expectedWageYuan', 'experienceYears', 'availableFrom', 'skills'] as const;
const MAX_OCCUPATIONS = 5;
const MAX_DISTRICTS = 5;
const MAX_SKILLS = 20;

export default function JobProfilePage() {
  const { t } = usePortalT();
  const res = useApi<JobProfileResponse>('/api/me/job-profile');
  return (
    <div data-testid="job-profile-page">
      <PageTitle title={t('profile.title')} intro={t('profile.intro')} />
      {res.error && !res.data ? (
        <LoadError error={res.error} onRetry={res.reload} />
      ) : !res.data ? (
        <Card size="small">
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : (
        <ProfileForm data={res.data} onSaved={(profile) => res.setData({ ...res.data!, profile })} />
      )}
    </div>
  );
}

function ProfileForm({ data, onSaved }: { data: JobProfileResponse; onSaved: (p: SeekerProfile) => void }) {
  const { t, code } = usePortalT();
  const { lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const ref = useJobReference();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [unplaced, setUnplaced] = useState<ReturnType<typeof placeFieldErrors>>([]);
  const [saved, setSaved] = useState(false);
  const { profile, defaults } = data;
  const categories = profile?.categories ?? defaults.categories;
  const education = profile?.education ?? defaults.education;
  // Shown once the reference has loaded, so the code does not flash up first.
  const home = ref.loaded ? ref.districtName(profile?.districtCode ?? defaults.districtCode) : '';

  const submit = async (v: Values) => {
    const body: SeekerProfileBody = {
      preferredOccupations: v.preferredOccupations,
      preferredDistricts: v.preferredDistricts ?? [],
      expectedWageYuan: v.expectedWageYuan,
      experienceYears: v.experienceYears,
      availableFrom: dayText(v.availableFrom)!,
      skills: (v.skills ?? []).map((s) => s.trim()).filter(Boolean),
    };
    setBusy(true);
    setError(null);
    setUnplaced([]);
    setSaved(false);
    try {
      const r = await request<{ profile: SeekerProfile }>('/api/me/job-profile', { method: 'PUT', json: body });
      onSaved(r.profile);
      setSaved(true);
      void message.success(t('profile.saved'));
    } catch (e) {
      setError(e);
      setUnplaced(placeFieldErrors(form, e, lang, FIELDS));
    } finally {
      setBusy(false);
    }
  };

  const required = { required: true, message: t('common.required') };

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {profile?.status === 'employed' && <Alert type="info" showIcon title={t('profile.employed')} data-testid="job-profile-employed" />}
      <Card size="small" data-testid="job-profile-records">
        <Descriptions
          className="hm-stack"
          size="small"
          column={1}
          items={[
            {
              key: 'cat',
              label: t('profile.categories'),
              children:
                categories.length === 0 ? (
                  t('profile.noCategories')
                ) : (
                  <Space size={[4, 4]} wrap data-testid="job-profile-categories">
                    {categories.map((c) => (
                      <Tag key={c} color="gold" style={{ marginInlineEnd: 0 }}>
                        {code('seekerCategory', c)}
                      </Tag>
                    ))}
                  </Space>
                ),
            },
            { key: 'edu', label: t('profile.education'), children: code('education', education) },
            { key: 'home', label: t('profile.residence'), children: home || t('common.none') },
          ]}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 6 }}>
          <InfoCircleOutlined /> {t('profile.fromRecords')}
        </Typography.Text>
      </Card>
      <Card size="small">
        <Form<Values>
          form={form}
          layout="vertical"
          requiredMark
          scrollToFirstError={{ block: 'center' }}
          onFinish={(v) => void submit(v)}
          onValuesChange={() => setSaved(false)}
          data-testid="job-profile-form"
          initialValues={{
            preferredOccupations: profile?.preferredOccupations ?? [],
            preferredDistricts: profile?.preferredDistricts ?? [],
            expectedWageYuan: profile?.expectedWageYuan,
            experienceYears: profile?.experienceYears ?? 0,
            availableFrom: dayjs(profile?.availableFrom ?? todayText()),
            skills: profile?.skills ?? [],
          }}
        >
          <Form.Item
            name="preferredOccupations"
            label={t('profile.occupations')}
            rules={[{ required: true, type: 'array', min: 1, max: MAX_OCCUPATIONS, message: t('profile.occupationsRule') }]}
          >
            <Select
              mode="multiple"
              maxCount={MAX_OCCUPATIONS}
              showSearch={{ optionFilterProp: 'label' }}
              options={ref.occupationOptions}
              loading={!ref.loaded}
              placeholder={t('form.occupationPlaceholder')}
              data-testid="profile-occupations"
            />
          </Form.Item>
          <Form.Item
            name="preferredDistricts"
            label={t('profile.districts')}
            extra={home ? t('profile.districtsHint', { district: home }) : t('profile.districtsHintNone')}
            rules={[{ type: 'array', max: MAX_DISTRICTS }]}
          >
            <Select mode="multiple" maxCount={MAX_DISTRICTS} allowClear showSearch={{ optionFilterProp: 'label' }} options={ref.districtOptions} data-testid="profile-districts" />
          </Form.Item>
          <div style={{ display: 'flex', gap: 12 }}>
            <Form.Item name="expectedWageYuan" label={t('profile.expectedWage')} rules={[required]} style={{ flex: 1, minWidth: 0 }}>
              <InputNumber min={1} max={1_000_000} precision={0} inputMode="numeric" style={{ width: '100%' }} suffix={t('common.yuanMonth')} data-testid="profile-wage" />
            </Form.Item>
            <Form.Item name="experienceYears" label={t('profile.experience')} rules={[required]} style={{ flex: 1, minWidth: 0 }}>
              <InputNumber min={0} max={50} precision={0} inputMode="numeric" style={{ width: '100%' }} suffix={t('common.years')} data-testid="profile-experience" />
            </Form.Item>
          </div>
          <Form.Item name="availableFrom" label={t('profile.availableFrom')} rules={[required]}>
            <DatePicker format="YYYY-MM-DD" inputReadOnly style={{ width: '100%' }} data-testid="profile-available-from" />
          </Form.Item>
          <Form.Item
            name="skills"
            label={t('profile.skills')}
            extra={t('profile.skillsHint')}
            rules={[
              {
                validator: async (_, v: string[] | undefined) => {
                  const skills = (v ?? []).map((s) => s.trim());
                  if (skills.length > MAX_SKILLS || skills.some((s) => s.length < 1 || s.length > 20)) throw new Error(t('profile.skillsRule'));
                },
              },
            ]}
          >
            <Select mode="tags" maxCount={MAX_SKILLS} tokenSeparators={[',', '，', '、', ';', '；']} open={false} suffixIcon={null} data-testid="profile-skills" />
          </Form.Item>
          {/* Next to the button, where the eye is after pressing it. */}
          {error !== null && <ErrorAlert error={error} details={unplaced} style={{ marginBottom: 12 }} />}
          <Button type="primary" htmlType="submit" size="large" block icon={<SaveOutlined />} loading={busy} data-testid="job-profile-save">
            {t('profile.save')}
          </Button>
          {saved && (
            <Alert
              type="success"
              showIcon
              style={{ marginTop: 12 }}
              title={t('profile.saved')}
              data-testid="job-profile-saved"
              action={
                <Button size="small" type="primary" onClick={() => navigate('/me/jobs')}>
                  {t('profile.seeJobs')}
                </Button>
              }
            />
          )}
        </Form>
      </Card>
    </Space>
  );
}

// One zero-employment household: its members (who is of working age, in work, registered
// unemployed, looking for work), who follows it, and its history. A worker assigns it, and clears it
// (清零) by registering a working-age member's job: the employer's credit code, the start date and the
// wage — which is what clears the household in the data.
import { ArrowLeftOutlined, CheckCircleOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Form, Input, InputNumber, Row, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import { LoadError, NotFoundResult } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { CodeTag, dayText, ErrorAlert, HistoryTimeline, isConflict, PageHeader, placeFieldErrors, todayText, useEmploymentAccess, useLabel } from './common';
import type { HistoryEntry, HouseholdMember, HouseholdResponse, StaffMember } from './types';

export default function HouseholdDetailPage() {
  const { t } = useI18n();
  const { id } = useParams();
  const valid = !!id && /^\d+$/.test(id);
  const res = useApi<HouseholdResponse>(valid ? `/api/employment/households/${id}` : null);
  const d = res.data && String(res.data.household.id) === id ? res.data : undefined;
  if (!valid) return <NotFoundResult message={t('employment.households.notFound')} />;
  if (res.error && !d) return <LoadError error={res.error} onRetry={res.reload} notFoundMessage={t('employment.households.notFound')} />;
  if (!d) return <Skeleton active paragraph={{ rows: 10 }} />;
  return <HouseholdView d={d} reload={res.reload} />;
}

function HouseholdView({ d, reload }: { d: HouseholdResponse; reload: () => void }) {
  const { t, dyn } = useI18n();
  const access = useEmploymentAccess();
  const label = useLabel();
  const h = d.household;
  // The answer to 清零, shown at once while the record reloads.
  const [cleared, setCleared] = useState<{ clearedOn: string | null; personId: number | null } | null>(null);
  const isCleared = h.status === 'cleared' || cleared !== null;
  const clearedOn = h.clearedOn ?? cleared?.clearedOn ?? null;
  const clearedPersonId = h.clearedPersonId ?? cleared?.personId ?? null;
  const memberName = (personId: unknown) => d.members.find((m) => m.personId === Number(personId))?.name;

  const yesNo = (v: boolean, good?: boolean) => (v ? <Tag color={good ? 'green' : 'orange'}>{t('common.yes')}</Tag> : <Typography.Text type="secondary">{t('common.no')}</Typography.Text>);
  const columns: ColumnsType<HouseholdMember> = [
    { title: t('employment.common.name'), dataIndex: 'name' },
    { title: t('employment.households.relation'), dataIndex: 'relation', render: (v: string | null) => (v ? dyn(`person.relations.${v}`, v) : t('common.none')) },
    { title: t('employment.common.age'), dataIndex: 'age', className: 'hm-num' },
    { title: t('employment.common.sex'), dataIndex: 'sex', responsive: ['sm'], render: (v: 'M' | 'F') => t(`person.sexes.${v}`) },
    { title: t('person.education'), dataIndex: 'education', responsive: ['md'], render: (v: string) => dyn(`person.educations.${v}`, v) },
    { title: t('employment.households.workingAge'), dataIndex: 'workingAge', render: (v: boolean) => (v ? <Tag color="blue">{t('employment.households.workingAgeYes')}</Tag> : <Typography.Text type="secondary">{t('common.no')}</Typography.Text>) },
    { title: t('employment.households.employed'), dataIndex: 'employed', render: (v: boolean) => yesNo(v, true) },
    { title: t('employment.households.registeredUnemployed'), dataIndex: 'registeredUnemployed', responsive: ['md'], render: (v: boolean) => yesNo(v) },
    { title: t('employment.households.seeker'), dataIndex: 'seeker', responsive: ['lg'], render: (v: boolean) => yesNo(v) },
  ];

  const describe = (e: HistoryEntry): ReactNode => {
    const x = e.details ?? {};
    const parts: string[] = [];
    if (x.personId !== undefined) parts.push(`${t('employment.households.member')}${t('employment.common.colon')}${memberName(x.personId) ?? String(x.personId)}`);
    for (const [k, v] of Object.entries(x)) {
      if (k === 'personId' || k === 'userId' || v === null || typeof v === 'object') continue;
      parts.push(`${label('detailKey', k)}${t('employment.common.colon')}${String(v)}`);
    }
    return parts.length ? <div style={{ fontSize: 13 }}>{parts.join('；')}</div> : null;
  };

  return (
    <div data-testid="household-detail">
      <PageHeader
        title={
          <Space wrap size={8}>
            {t('employment.households.householdN', { id: h.householdId })}
            {isCleared ? (
              <Tag color="green" icon={<CheckCircleOutlined />} data-testid="household-cleared">
                {t('employment.householdStatus.cleared')}
                {clearedOn ? ` · ${clearedOn}` : ''}
              </Tag>
            ) : (
              <CodeTag group="householdStatus" code="open" testId="household-status" />
            )}
          </Space>
        }
        extra={
          <Link to="/employment/households">
            <Button icon={<ArrowLeftOutlined />}>{t('employment.households.back')}</Button>
          </Link>
        }
      />
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('employment.common.audited')} />
      {isCleared && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('employment.households.clearedBanner', { date: clearedOn ?? '' })}
          description={clearedPersonId ? t('employment.households.clearedBy', { name: memberName(clearedPersonId) ?? `#${clearedPersonId}` }) : undefined}
        />
      )}
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3 }}
          items={[
            { key: 'village', label: t('employment.common.village'), children: h.villageName ?? t('common.none') },
            { key: 'detected', label: t('employment.households.detectedOn'), children: <span className="hm-num">{h.detectedOn}</span> },
            { key: 'assigned', label: t('employment.common.assignedTo'), children: h.assignedTo?.name ?? t('employment.common.unassigned') },
            ...(h.clearNote ? [{ key: 'note', label: t('employment.common.note'), children: h.clearNote }] : []),
          ]}
        />
      </Card>
      <Card size="small" title={t('employment.households.membersTitle')} style={{ marginBottom: 16 }}>
        <Table<HouseholdMember> data-testid="household-members" rowKey="personId" size="small" columns={columns} dataSource={d.members} pagination={false} scroll={{ x: 'max-content' }} />
      </Card>
      <Row gutter={[16, 16]}>
        {access.canHandle && !isCleared && (
          <Col xs={24} lg={14}>
            <ClearForm
              householdId={h.id}
              members={d.members}
              onCleared={(r) => {
                setCleared(r);
                reload();
              }}
              reload={reload}
            />
          </Col>
        )}
        <Col xs={24} lg={access.canHandle && !isCleared ? 10 : 24}>
          {access.canHandle && !isCleared && <AssignCard householdId={h.id} current={h.assignedTo} onAssigned={reload} />}
          <Card size="small" title={t('employment.households.history')}>
            <HistoryTimeline items={d.history} describe={describe} testId="household-history" />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

function AssignCard({ householdId, current, onAssigned }: { householdId: number; current: HouseholdResponse['household']['assignedTo']; onAssigned: () => void }) {
  const { t, dyn } = useI18n();
  const { message } = App.useApp();
  const staff = useApi<{ items: StaffMember[] }>('/api/employment/staff');
  const [userId, setUserId] = useState<number | undefined>(current?.id);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const assign = async () => {
    if (!userId) return;
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/employment/households/${householdId}/assign`, { userId });
      void message.success(t('employment.households.assigned'));
      onAssigned();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t('employment.households.assign')} style={{ marginBottom: 16 }} data-testid="household-assign">
      {error !== null && <ErrorAlert error={error} style={{ marginBottom: 8 }} />}
      <Space.Compact style={{ width: '100%' }}>
        <Select<number>
          style={{ width: '100%' }}
          showSearch={{ optionFilterProp: 'label' }}
          loading={staff.loading}
          value={userId}
          onChange={setUserId}
          placeholder={t('employment.households.pickWorker')}
          options={(staff.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.name}（${dyn(`roles.${s.role}`, s.role)}）` }))}
          data-testid="assign-user"
        />
        <Button type="primary" icon={<UserSwitchOutlined />} loading={busy} disabled={!userId || userId === current?.id} onClick={() => void assign()} data-testid="assign-submit">
          {t('employment.households.assignOk')}
        </Button>
      </Space.Compact>
    </Card>
  );
}

type ClearValues = { personId: number; creditCode: string; startDate: Dayjs; wageYuan: number; note?: string };

function ClearForm({ householdId, members, onCleared, reload }: { householdId: number; members: HouseholdMember[]; onCleared: (r: { clearedOn: string | null; personId: number | null }) => void; reload: () => void }) {
  const { t, lang, dyn } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ClearValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [unplaced, setUnplaced] = useState<ReturnType<typeof placeFieldErrors>>([]);
  // Only a working-age member's job clears the household (the server answers 409 otherwise).
  const candidates = members.filter((m) => m.workingAge);
  const today = dayjs(todayText());

  const submit = async () => {
    let v: ClearValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    setUnplaced([]);
    try {
      const r = await api.post<{ household: { status: string; clearedOn: string | null; clearedPersonId: number | null } }>(`/api/employment/households/${householdId}/clear`, {
        personId: v.personId,
        creditCode: v.creditCode.trim().toUpperCase(),
        startDate: dayText(v.startDate),
        wageYuan: v.wageYuan,
        note: v.note?.trim() || undefined,
      });
      void message.success(t('employment.households.clearedDone'));
      onCleared({ clearedOn: r.household?.clearedOn ?? null, personId: r.household?.clearedPersonId ?? v.personId });
    } catch (e) {
      setError(e);
      setUnplaced(placeFieldErrors(form, e, lang, ['personId', 'creditCode', 'startDate', 'wageYuan', 'note']));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('employment.households.clearTitle')} data-testid="household-clear-form">
      <Typography.Paragraph type="secondary">{t('employment.households.clearHint')}</Typography.Paragraph>
      {candidates.length === 0 && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('employment.households.noWorkingAge')} />}
      {error !== null && <ErrorAlert error={error} details={unplaced} style={{ marginBottom: 12 }} onReload={isConflict(error) ? reload : undefined} />}
      {/* No form name: the fields' ids are their names (personId, creditCode, startDate, wageYuan). */}
      <Form form={form} layout="vertical" requiredMark initialValues={{ startDate: today, personId: candidates.length === 1 ? candidates[0]!.personId : undefined }}>
        <Form.Item name="personId" label={t('employment.households.member')} rules={[{ required: true, message: t('employment.households.memberRequired') }]}>
          <Select
            placeholder={t('employment.households.pickMember')}
            options={candidates.map((m) => ({
              value: m.personId,
              label: `${m.name} · ${m.relation ? `${dyn(`person.relations.${m.relation}`, m.relation)} · ` : ''}${t('employment.common.ageN', { n: m.age })}`,
            }))}
          />
        </Form.Item>
        <Form.Item
          name="creditCode"
          label={t('employment.common.creditCode')}
          normalize={(v: string | undefined) => v?.toUpperCase()}
          rules={[
            { required: true, message: t('employment.households.creditCodeRequired') },
            { pattern: /^[0-9A-Z]{18}$/, message: t('employment.households.creditCodeRule') },
          ]}
        >
          <Input maxLength={18} className="hm-mono" placeholder="91500000XXXXXXXXXX" />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={12}>
            <Form.Item name="startDate" label={t('employment.common.startDate')} rules={[{ required: true, message: t('employment.jobForm.required') }]}>
              <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} disabledDate={(dd) => dd.isAfter(today, 'day')} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="wageYuan" label={t('employment.common.monthlyWage')} rules={[{ required: true, message: t('employment.jobForm.required') }]}>
              <InputNumber min={1} max={1_000_000} precision={0} style={{ width: '100%' }} suffix={t('employment.common.yuan')} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="note" label={t('employment.households.clearNote')}>
          <Input.TextArea rows={2} maxLength={1000} showCount />
        </Form.Item>
        <Button type="primary" icon={<CheckCircleOutlined />} loading={busy} disabled={candidates.length === 0} onClick={() => void submit()} data-testid="clear-household">
          {t('employment.households.clear')}
        </Button>
      </Form>
    </Card>
  );
}

// 招聘活动: the year's recruitment events with their counts (visits, enterprises, postings,
// vacancies, applications, hires), the totals by kind against the plan's figures for the year
// (50 live-streamed fairs, 5,000 online sessions, 3,000 events for graduates), and a new event.
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, DatePicker, Form, Input, Modal, Progress, Row, Select, Space, Switch, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import { PagedTable } from '../../shared/PagedTable';
import { LoadError } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { CodeTag, dayText, ErrorAlert, FilterSelect, PageHeader, placeFieldErrors, StatCard, todayText, useEmploymentAccess, useFormat, useReference, useUrlFilters } from './common';
import { JobsPicker } from './JobPicker';
import { EVENT_KINDS, EVENT_TARGETS, type EventKind, type EventPage, type EventRow } from './types';

export default function EventsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const access = useEmploymentAccess();
  const ref = useReference();
  const fmt = useFormat();
  const f = useUrlFilters();
  const thisYear = Number(todayText().slice(0, 4));
  const year = Number(f.get('year')) || thisYear;
  const kind = f.get('kind') as EventKind | undefined;
  const district = f.get('district');
  const list = useApi<EventPage>('/api/employment/events', { year, kind, district, page: f.page, pageSize: f.pageSize });
  const totals = list.data?.totals;
  const [creating, setCreating] = useState(false);

  const columns: ColumnsType<EventRow> = [
    {
      title: t('employment.events.eventTitle'),
      dataIndex: 'title',
      render: (v: string, e) => (
        <Space size={4} wrap>
          <Link to={`/employment/events/${e.id}`} data-testid="event-row">
            {v}
          </Link>
          {e.forGraduates && <Tag color="geekblue">{t('employment.events.forGraduates')}</Tag>}
        </Space>
      ),
    },
    { title: t('employment.events.kind'), dataIndex: 'kind', render: (v: string) => <CodeTag group="eventKind" code={v} /> },
    { title: t('employment.common.district'), dataIndex: 'districtName', responsive: ['md'] },
    { title: t('employment.events.dates'), key: 'dates', className: 'hm-num', responsive: ['sm'], render: (_, e) => (e.startsOn === e.endsOn ? e.startsOn : `${e.startsOn} ~ ${e.endsOn}`) },
    { title: t('employment.events.visits'), dataIndex: 'visits', align: 'right', className: 'hm-num', responsive: ['lg'], render: (v: number) => fmt.int(v) },
    { title: t('employment.events.enterprises'), dataIndex: 'enterprises', align: 'right', className: 'hm-num', responsive: ['lg'], render: (v: number) => fmt.int(v) },
    { title: t('employment.events.jobs'), dataIndex: 'jobs', align: 'right', className: 'hm-num', responsive: ['md'], render: (v: number) => fmt.int(v) },
    { title: t('employment.events.vacancies'), dataIndex: 'vacancies', align: 'right', className: 'hm-num', render: (v: number) => fmt.int(v) },
    { title: t('employment.events.applications'), dataIndex: 'applications', align: 'right', className: 'hm-num', responsive: ['xl'], render: (v: number) => fmt.int(v) },
    { title: t('employment.events.hires'), dataIndex: 'hires', align: 'right', className: 'hm-num', render: (v: number) => fmt.int(v) },
  ];

  return (
    <div data-testid="events-page">
      <PageHeader
        title={t('employment.events.title')}
        hint={t('employment.events.hint')}
        extra={
          access.canHandle && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="event-create">
              {t('employment.events.create')}
            </Button>
          )
        }
      />
      <Card size="small" title={t('employment.events.targets', { year })} style={{ marginBottom: 16 }} data-testid="event-targets">
        <Row gutter={[16, 16]}>
          {EVENT_TARGETS.map((g) => {
            const n = totals ? g.count(totals) : 0;
            const pct = Math.min(100, (n * 100) / g.target);
            return (
              <Col xs={24} md={8} key={g.key}>
                <Typography.Text>{t(`employment.events.target.${g.key}`)}</Typography.Text>
                <div className="hm-num" style={{ fontSize: 20, fontWeight: 500 }} data-testid={`event-target-${g.key}`}>
                  {totals ? fmt.int(n) : '…'} <Typography.Text type="secondary">/ {fmt.int(g.target)}</Typography.Text>
                </div>
                <Progress percent={Math.round(pct * 10) / 10} status={n >= g.target ? 'success' : 'active'} />
              </Col>
            );
          })}
        </Row>
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0', fontSize: 12 }}>
          {t('employment.events.targetsNote')}
        </Typography.Paragraph>
      </Card>
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {EVENT_KINDS.map((k) => (
          <Col xs={12} md={8} xl={4} key={k}>
            <StatCard title={t(`employment.eventKind.${k}`)} value={totals ? fmt.int(totals.byKind[k] ?? 0) : '…'} onClick={() => f.set({ kind: kind === k ? undefined : k })} testId={`event-kind-${k}`} selected={kind === k} />
          </Col>
        ))}
        <Col xs={12} md={8} xl={4}>
          <StatCard title={t('employment.events.vacancies')} value={totals ? fmt.int(totals.vacancies) : '…'} />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <StatCard title={t('employment.events.hires')} value={totals ? fmt.int(totals.hires) : '…'} />
        </Col>
      </Row>
      <Card size="small">
        <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
          <Col xs={12} md={{ flex: 'none' }}>
            <Select
              data-testid="events-year"
              style={{ width: '100%', minWidth: 110 }}
              value={year}
              aria-label={t('employment.common.year')}
              onChange={(y: number) => f.set({ year: y === thisYear ? undefined : y })}
              options={Array.from({ length: 5 }, (_, i) => thisYear - i).map((y) => ({ value: y, label: t('employment.common.yearOption', { year: y }) }))}
            />
          </Col>
          <Col xs={12} md={{ flex: 'none' }}>
            <FilterSelect<EventKind> testId="events-kind" placeholder={t('employment.events.allKinds')} value={kind} onChange={(v) => f.set({ kind: v })} options={EVENT_KINDS.map((k) => ({ value: k, label: t(`employment.eventKind.${k}`) }))} />
          </Col>
          {!access.ownDistrict && (
            <Col xs={24} md={{ flex: 'none' }}>
              <FilterSelect testId="events-district" placeholder={t('employment.common.allDistricts')} value={district} onChange={(v) => f.set({ district: v })} options={ref.districtOptions} showSearch />
            </Col>
          )}
        </Row>
        {list.error && !list.data ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <PagedTable<EventRow> testId="events-table" columns={columns} data={list.data} loading={list.loading} page={f.page} pageSize={f.pageSize} onPage={f.onPage} />
        )}
      </Card>
      {creating && (
        <EventFormModal
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            void message.success(t('employment.events.created'));
            navigate(`/employment/events/${id}`);
          }}
        />
      )}
    </div>
  );
}

type EventValues = { kind: EventKind; title: string; districtCode: string; forGraduates: boolean; startsOn: Dayjs; endsOn: Dayjs; venue?: string; jobIds: number[] };

function EventFormModal({ onClose, onCreated }: { onClose: () => void; onCreated: (id: number) => void }) {
  const { t, lang } = useI18n();
  const ref = useReference();
  const access = useEmploymentAccess();
  const [form] = Form.useForm<EventValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [unplaced, setUnplaced] = useState<ReturnType<typeof placeFieldErrors>>([]);

  const submit = async () => {
    let v: EventValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<{ id: number }>('/api/employment/events', {
        kind: v.kind,
        title: v.title.trim(),
        districtCode: v.districtCode,
        forGraduates: !!v.forGraduates,
        startsOn: dayText(v.startsOn),
        endsOn: dayText(v.endsOn),
        venue: v.venue?.trim() || undefined,
        jobIds: v.jobIds ?? [],
      });
      onCreated(r.id);
    } catch (e) {
      setError(e);
      setUnplaced(placeFieldErrors(form, e, lang, ['kind', 'title', 'districtCode', 'startsOn', 'endsOn', 'venue', 'jobIds']));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title={t('employment.events.create')} onCancel={onClose} onOk={() => void submit()} okText={t('common.submit')} cancelText={t('common.cancel')} confirmLoading={busy} destroyOnHidden width={640} okButtonProps={{ 'data-testid': 'event-submit' } as never}>
      {error !== null && <ErrorAlert error={error} details={unplaced} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" requiredMark initialValues={{ districtCode: access.ownDistrict, forGraduates: false, jobIds: [], startsOn: dayjs(todayText()), endsOn: dayjs(todayText()) }}>
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="kind" label={t('employment.events.kind')} rules={[{ required: true, message: t('employment.jobForm.required') }]}>
              <Select data-testid="event-kind" options={EVENT_KINDS.map((k) => ({ value: k, label: t(`employment.eventKind.${k}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="districtCode" label={t('employment.common.district')} rules={[{ required: true, message: t('employment.jobForm.required') }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={ref.districtOptions} disabled={!!access.ownDistrict} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="title" label={t('employment.events.eventTitle')} rules={[{ required: true, whitespace: true, min: 2, max: 100, message: t('employment.events.titleRule') }]}>
          <Input maxLength={100} data-testid="event-title" />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={12}>
            <Form.Item name="startsOn" label={t('employment.events.startsOn')} rules={[{ required: true, message: t('employment.jobForm.required') }]}>
              <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item
              name="endsOn"
              label={t('employment.events.endsOn')}
              dependencies={['startsOn']}
              rules={[
                { required: true, message: t('employment.jobForm.required') },
                ({ getFieldValue }) => ({
                  validator: async (_, v: Dayjs | undefined) => {
                    const from = getFieldValue('startsOn') as Dayjs | undefined;
                    if (v && from && v.isBefore(from, 'day')) throw new Error(t('employment.events.dateOrder'));
                  },
                }),
              ]}
            >
              <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="venue" label={t('employment.events.venue')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="forGraduates" label={t('employment.events.forGraduates')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="jobIds" label={t('employment.events.pickJobs')} extra={t('employment.events.pickJobsHint')}>
          <JobsPicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}

// One recruitment event: what, where and when, its counts, the attending enterprises (those of its
// postings) and its postings with the applications and hires made through the event; staff add
// postings and record visits (访问人次, e.g. a live-stream's viewers).
import { ArrowLeftOutlined, EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Form, InputNumber, Modal, Row, Skeleton, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import { LoadError, NotFoundResult } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { CodeTag, ErrorAlert, PageHeader, StatCard, useEmploymentAccess, useFormat } from './common';
import { JobsPicker } from './JobPicker';
import type { EventDetail } from './types';

type EventJob = EventDetail['jobs'][number];
type EventEnterprise = EventDetail['enterprises'][number];

export default function EventDetailPage() {
  const { t, bi } = useI18n();
  const { message } = App.useApp();
  const { id } = useParams();
  const valid = !!id && /^\d+$/.test(id);
  const res = useApi<EventDetail>(valid ? `/api/employment/events/${id}` : null);
  const d = res.data && String(res.data.event.id) === id ? res.data : undefined;
  const access = useEmploymentAccess();
  const fmt = useFormat();
  const [dialog, setDialog] = useState<'visits' | 'jobs' | null>(null);

  if (!valid) return <NotFoundResult message={t('employment.events.notFound')} />;
  if (res.error && !d) return <LoadError error={res.error} onRetry={res.reload} notFoundMessage={t('employment.events.notFound')} />;
  if (!d) return <Skeleton active paragraph={{ rows: 10 }} />;
  const e = d.event;

  const jobColumns: ColumnsType<EventJob> = [
    { title: t('employment.jobs.title'), dataIndex: 'title', render: (v: string, j) => <Link to={`/employment/jobs/${j.id}`}>{v}</Link> },
    { title: t('employment.jobs.enterprise'), dataIndex: 'enterpriseName', responsive: ['md'] },
    { title: t('employment.jobs.occupation'), key: 'occ', responsive: ['lg'], render: (_, j) => bi(j.occupationName) },
    { title: t('employment.jobs.wage'), key: 'wage', className: 'hm-num', render: (_, j) => fmt.wage(j.wageMinYuan, j.wageMaxYuan) },
    { title: t('employment.jobs.headcount'), dataIndex: 'headcount', align: 'right', className: 'hm-num' },
    { title: t('employment.events.applications'), dataIndex: 'applications', align: 'right', className: 'hm-num' },
    { title: t('employment.events.hires'), dataIndex: 'hires', align: 'right', className: 'hm-num' },
  ];
  const entColumns: ColumnsType<EventEnterprise> = [
    { title: t('employment.jobs.enterprise'), dataIndex: 'name' },
    { title: t('employment.common.creditCode'), dataIndex: 'creditCode', className: 'hm-mono', responsive: ['md'] },
    { title: t('employment.events.jobs'), dataIndex: 'jobs', align: 'right', className: 'hm-num' },
  ];

  const counts: [string, number][] = [
    [t('employment.events.visits'), e.visits],
    [t('employment.events.enterprises'), e.enterprises],
    [t('employment.events.jobs'), e.jobs],
    [t('employment.events.vacancies'), e.vacancies],
    [t('employment.events.applications'), e.applications],
    [t('employment.events.hires'), e.hires],
  ];

  return (
    <div data-testid="event-detail">
      <PageHeader
        title={
          <Space wrap size={8}>
            {e.title}
            <CodeTag group="eventKind" code={e.kind} />
            {e.forGraduates && <Tag color="geekblue">{t('employment.events.forGraduates')}</Tag>}
          </Space>
        }
        extra={
          <Space wrap>
            <Link to="/employment/events">
              <Button icon={<ArrowLeftOutlined />}>{t('employment.events.back')}</Button>
            </Link>
            {access.canHandle && (
              <>
                <Button icon={<EyeOutlined />} onClick={() => setDialog('visits')} data-testid="event-add-visits">
                  {t('employment.events.addVisits')}
                </Button>
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('jobs')} data-testid="event-add-jobs">
                  {t('employment.events.addJobs')}
                </Button>
              </>
            )}
          </Space>
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3 }}
          items={[
            { key: 'district', label: t('employment.common.district'), children: e.districtName },
            { key: 'dates', label: t('employment.events.dates'), children: <span className="hm-num">{e.startsOn === e.endsOn ? e.startsOn : `${e.startsOn} ~ ${e.endsOn}`}</span> },
            { key: 'venue', label: t('employment.events.venue'), children: e.venue || t('common.none') },
          ]}
        />
      </Card>
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {counts.map(([label, n]) => (
          <Col xs={12} md={8} xl={4} key={label}>
            <StatCard title={label} value={fmt.int(n)} />
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card size="small" title={t('employment.events.jobs')}>
            <Table<EventJob> data-testid="event-jobs" rowKey="id" size="small" columns={jobColumns} dataSource={d.jobs} scroll={{ x: 'max-content' }} pagination={d.jobs.length > 20 ? { pageSize: 20 } : false} />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('employment.events.enterprises')}>
            <Table<EventEnterprise> data-testid="event-enterprises" rowKey="id" size="small" columns={entColumns} dataSource={d.enterprises} scroll={{ x: 'max-content' }} pagination={d.enterprises.length > 20 ? { pageSize: 20 } : false} />
          </Card>
        </Col>
      </Row>
      {dialog && (
        <EventActionModal
          eventId={e.id}
          action={dialog}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            void message.success(t('employment.common.saved'));
            res.reload();
          }}
        />
      )}
    </div>
  );
}

function EventActionModal({ eventId, action, onClose, onDone }: { eventId: number; action: 'visits' | 'jobs'; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ count?: number; jobIds?: number[] }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async () => {
    let v: { count?: number; jobIds?: number[] };
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (action === 'visits') await api.post(`/api/employment/events/${eventId}/visits`, { count: v.count });
      else await api.post(`/api/employment/events/${eventId}/jobs`, { jobIds: v.jobIds });
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={action === 'visits' ? t('employment.events.addVisits') : t('employment.events.addJobs')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
      width={action === 'jobs' ? 640 : 420}
      okButtonProps={{ 'data-testid': 'event-action-submit' } as never}
    >
      {error !== null && <ErrorAlert error={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical">
        {action === 'visits' ? (
          <Form.Item name="count" label={t('employment.events.visitsToAdd')} extra={t('employment.events.visitsHint')} rules={[{ required: true, message: t('employment.jobForm.required') }]}>
            <InputNumber min={1} max={10_000_000} precision={0} style={{ width: '100%' }} data-testid="event-visits" />
          </Form.Item>
        ) : (
          <Form.Item name="jobIds" label={t('employment.events.pickJobs')} extra={t('employment.events.pickJobsHint')} rules={[{ required: true, type: 'array', min: 1, message: t('employment.events.pickJobsRequired') }]}>
            <JobsPicker />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

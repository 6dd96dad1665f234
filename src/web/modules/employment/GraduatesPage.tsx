// 离校未就业高校毕业生实名台账: the year's graduates with a Chongqing hukou — the employment rate
// against the plan's goal (> 90%), the graduates in difficulty and the 100% rule (every one who wants
// work is employed or in a preparation activity: the outstanding count must reach 0), by district and
// by school; the ledger with filters, and a drawer per graduate to record a follow-up contact.
import { SyncOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Drawer, Form, Grid, Input, Popconfirm, Row, Select, Skeleton, Space, Switch, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../shared/api';
import { formatDateTime } from '../../shared/format';
import { useI18n } from '../../shared/i18n';
import { PagedTable } from '../../shared/PagedTable';
import { LoadError } from '../../shared/results';
import type { Paged } from '../../shared/types';
import { useApi } from '../../shared/useApi';
import { GraduateRateChart } from './charts';
import { CodeTag, dayText, ErrorAlert, FilterSelect, PageHeader, placeFieldErrors, StatCard, todayText, useEmploymentAccess, useFormat, useLabel, useReference, useUrlFilters } from './common';
import { CONTACT_CHANNELS, GRADUATE_RATE_GOAL, GRADUATE_STATUSES, type ContactChannel, type GraduateResponse, type GraduateRow, type GraduateStatus, type GraduateSummary } from './types';

export default function GraduatesPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const access = useEmploymentAccess();
  const ref = useReference();
  const fmt = useFormat();
  const label = useLabel();
  const f = useUrlFilters();
  const thisYear = Number(todayText().slice(0, 4));
  const year = Number(f.get('year')) || thisYear;
  const status = f.get('status') as GraduateStatus | undefined;
  const district = f.get('district');
  const difficulty = f.get('difficulty') as 'true' | 'false' | undefined;
  const outstanding = f.get('outstanding') === 'true';
  const school = f.get('school');
  const open = f.get('person');
  const summary = useApi<GraduateSummary>('/api/employment/graduates/summary', { year });
  const list = useApi<Paged<GraduateRow>>('/api/employment/graduates', { year, status, district, difficulty, outstanding: outstanding || undefined, school, page: f.page, pageSize: f.pageSize });
  const s = summary.data && summary.data.year === year ? summary.data : undefined;
  const [syncing, setSyncing] = useState(false);
  const [syncError, setSyncError] = useState<unknown>(null);

  const sync = async () => {
    setSyncing(true);
    setSyncError(null);
    try {
      const r = await api.post<{ added: number; updated: number }>('/api/employment/graduates/sync', { year });
      void message.success(t('employment.graduates.synced', { added: fmt.int(r.added), updated: fmt.int(r.updated) }));
      summary.reload();
      list.reload();
    } catch (e) {
      setSyncError(e);
    } finally {
      setSyncing(false);
    }
  };

  const columns: ColumnsType<GraduateRow> = [
    {
      title: t('employment.common.name'),
      dataIndex: 'name',
      render: (v: string, g) => (
        <Typography.Link onClick={() => f.set({ person: g.personId, page: f.page > 1 ? f.page : undefined })} data-testid="graduate-row">
          {v}
        </Typography.Link>
      ),
    },
    { title: t('employment.common.idNumber'), dataIndex: 'idNumber', className: 'hm-mono', responsive: ['xl'] },
    { title: t('employment.graduates.school'), dataIndex: 'school', responsive: ['md'] },
    { title: t('employment.graduates.level'), dataIndex: 'level', responsive: ['lg'], render: (v: string) => label('level', v) },
    { title: t('employment.common.district'), dataIndex: 'districtName', responsive: ['md'] },
    { title: t('employment.common.status'), dataIndex: 'status', render: (v: string, g) => <Space size={2}><CodeTag group="gradStatus" code={v} />{g.statusSource === 'data' && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('employment.graduates.fromData')}</Typography.Text>}</Space> },
    { title: t('employment.graduates.wantsWork'), dataIndex: 'wantsWork', responsive: ['sm'], render: (v: boolean) => (v ? t('common.yes') : t('common.no')) },
    {
      title: t('employment.graduates.difficulty'),
      key: 'difficulty',
      render: (_, g) => (g.difficulty ? g.difficultyReasons.map((r) => <Tag key={r} color="orange">{label('gradReason', r)}</Tag>) : t('common.none')),
    },
    { title: t('employment.graduates.lastContact'), dataIndex: 'lastContactOn', className: 'hm-num', responsive: ['lg'], render: (v: string | null) => v ?? t('common.none') },
  ];

  const filtered = !!(status || district || difficulty || outstanding || school);
  const outstandingN = s?.difficulty.outstanding ?? 0;

  return (
    <div data-testid="graduates-page">
      <PageHeader
        title={t('employment.graduates.title')}
        hint={t('employment.graduates.hint')}
        extra={
          <Space wrap>
            <Select
              data-testid="graduates-year"
              style={{ width: 110 }}
              value={year}
              aria-label={t('employment.common.year')}
              onChange={(y: number) => f.set({ year: y === thisYear ? undefined : y })}
              options={Array.from({ length: 5 }, (_, i) => thisYear - i).map((y) => ({ value: y, label: t('employment.graduates.yearOption', { year: y }) }))}
            />
            {access.canHandle && access.city && (
              <Popconfirm title={t('employment.graduates.syncConfirm', { year })} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => sync()}>
                <Button icon={<SyncOutlined />} loading={syncing} data-testid="graduates-sync">
                  {t('employment.graduates.sync')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        }
      />
      {syncError !== null && <ErrorAlert error={syncError} style={{ marginBottom: 12 }} onClose={() => setSyncError(null)} />}
      {summary.error && !s ? (
        <LoadError error={summary.error} onRetry={summary.reload} />
      ) : !s ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : (
        <>
          <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
            <Col xs={24} lg={12}>
              <Card size="small" style={{ height: '100%', borderColor: outstandingN > 0 ? '#ffa39e' : '#b7eb8f', background: outstandingN > 0 ? '#fff1f0' : '#f6ffed' }} data-testid="graduates-rule">
                <Typography.Text strong>{t('employment.graduates.ruleTitle')}</Typography.Text>
                <div style={{ display: 'flex', alignItems: 'baseline', gap: 12, flexWrap: 'wrap', margin: '4px 0' }}>
                  <span className="hm-num" style={{ fontSize: 40, fontWeight: 600, color: outstandingN > 0 ? '#cf1322' : '#389e0d' }} data-testid="graduates-outstanding">
                    {fmt.int(outstandingN)}
                  </span>
                  <Typography.Text>{t('employment.graduates.outstanding')}</Typography.Text>
                  {outstandingN > 0 && (
                    <Button size="small" onClick={() => f.set({ outstanding: 'true', status: undefined, difficulty: undefined })} data-testid="graduates-show-outstanding">
                      {t('employment.graduates.showOutstanding')}
                    </Button>
                  )}
                </div>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {t('employment.graduates.ruleText', { total: fmt.int(s.difficulty.total), wants: fmt.int(s.difficulty.wantsWork), placed: fmt.int(s.difficulty.placed) })}
                </Typography.Text>
              </Card>
            </Col>
            <Col xs={12} lg={6}>
              <StatCard
                testId="graduates-rate"
                title={t('employment.graduates.rate')}
                value={fmt.pct(s.rate)}
                highlight={s.rate === null ? undefined : s.rate > GRADUATE_RATE_GOAL ? 'good' : 'bad'}
                extra={<Typography.Text type="secondary">{t('employment.graduates.goal', { goal: GRADUATE_RATE_GOAL })}</Typography.Text>}
              />
            </Col>
            <Col xs={12} lg={6}>
              <StatCard testId="graduates-total" title={t('employment.graduates.total')} value={fmt.int(s.total)} extra={<Typography.Text type="secondary">{t('employment.graduates.employedN', { n: fmt.int(s.employed) })}</Typography.Text>} />
            </Col>
          </Row>
          <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
            {GRADUATE_STATUSES.map((st) => (
              <Col xs={12} md={8} xl={4} key={st}>
                <StatCard title={t(`employment.gradStatus.${st}`)} value={fmt.int(s.byStatus[st] ?? 0)} onClick={() => f.set({ status: status === st ? undefined : st, outstanding: undefined })} selected={status === st} />
              </Col>
            ))}
            <Col xs={12} md={8} xl={4}>
              <StatCard title={t('employment.graduates.difficultyTotal')} value={fmt.int(s.difficulty.total)} onClick={() => f.set({ difficulty: difficulty === 'true' ? undefined : 'true' })} selected={difficulty === 'true'} />
            </Col>
          </Row>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Tabs
              items={[
                { key: 'district', label: t('employment.graduates.byDistrict'), children: <ByDistrict rows={s.byDistrict} onPick={(code) => f.set({ district: code })} /> },
                { key: 'chart', label: t('employment.graduates.chart'), children: <GraduateRateChart rows={s.byDistrict} /> },
                { key: 'school', label: t('employment.graduates.bySchool'), children: <BySchool rows={s.bySchool} onPick={(name) => f.set({ school: name })} /> },
              ]}
            />
          </Card>
        </>
      )}
      <Card size="small" title={t('employment.graduates.ledger')}>
        <Row gutter={[8, 8]} style={{ marginBottom: 12 }} align="middle">
          <Col xs={12} md={{ flex: 'none' }}>
            <FilterSelect<GraduateStatus> testId="graduates-status" placeholder={t('employment.common.allStatuses')} value={status} onChange={(v) => f.set({ status: v })} options={GRADUATE_STATUSES.map((x) => ({ value: x, label: t(`employment.gradStatus.${x}`) }))} />
          </Col>
          {!access.ownDistrict && (
            <Col xs={12} md={{ flex: 'none' }}>
              <FilterSelect testId="graduates-district" placeholder={t('employment.common.allDistricts')} value={district} onChange={(v) => f.set({ district: v })} options={ref.districtOptions} showSearch />
            </Col>
          )}
          <Col xs={12} md={{ flex: 'none' }}>
            <FilterSelect<'true' | 'false'>
              testId="graduates-difficulty"
              placeholder={t('employment.graduates.difficultyAll')}
              value={difficulty}
              onChange={(v) => f.set({ difficulty: v })}
              options={[
                { value: 'true', label: t('employment.graduates.difficultyYes') },
                { value: 'false', label: t('employment.graduates.difficultyNo') },
              ]}
            />
          </Col>
          <Col xs={24} md={{ flex: 'none' }}>
            <FilterSelect testId="graduates-school" width={220} placeholder={t('employment.graduates.allSchools')} value={school} onChange={(v) => f.set({ school: v })} options={(s?.bySchool ?? []).map((x) => ({ value: x.school, label: x.school }))} showSearch />
          </Col>
          <Col xs={12} md={{ flex: 'none' }}>
            <Space>
              <Switch size="small" checked={outstanding} onChange={(v) => f.set({ outstanding: v ? 'true' : undefined })} data-testid="graduates-outstanding-only" aria-label={t('employment.graduates.outstandingOnly')} />
              <Typography.Text>{t('employment.graduates.outstandingOnly')}</Typography.Text>
            </Space>
          </Col>
          {filtered && (
            <Col xs={12} md={{ flex: 'none' }}>
              <Button type="link" style={{ paddingInline: 0 }} onClick={() => f.set({ status: undefined, district: undefined, difficulty: undefined, outstanding: undefined, school: undefined })}>
                {t('employment.common.clearFilters')}
              </Button>
            </Col>
          )}
        </Row>
        {list.error && !list.data ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <PagedTable<GraduateRow> testId="graduates-table" columns={columns} data={list.data} loading={list.loading} page={f.page} pageSize={f.pageSize} onPage={f.onPage} />
        )}
      </Card>
      <GraduateDrawer
        personId={open}
        year={year}
        onClose={() => f.set({ person: undefined, page: f.page > 1 ? f.page : undefined })}
        onRecorded={() => {
          summary.reload();
          list.reload();
        }}
      />
    </div>
  );
}

function ByDistrict({ rows, onPick }: { rows: GraduateSummary['byDistrict']; onPick: (code: string) => void }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const columns: ColumnsType<GraduateSummary['byDistrict'][number]> = [
    { title: t('employment.common.district'), dataIndex: 'name', render: (v: string, r) => <Typography.Link onClick={() => onPick(r.districtCode)}>{v}</Typography.Link> },
    { title: t('employment.graduates.total'), dataIndex: 'total', align: 'right', className: 'hm-num', sorter: (a, b) => a.total - b.total, render: (v: number) => fmt.int(v) },
    { title: t('employment.gradStatus.employed'), dataIndex: 'employed', align: 'right', className: 'hm-num', render: (v: number) => fmt.int(v) },
    {
      title: t('employment.graduates.rate'),
      dataIndex: 'rate',
      align: 'right',
      className: 'hm-num',
      sorter: (a, b) => (a.rate ?? -1) - (b.rate ?? -1),
      render: (v: number | null) => <Typography.Text type={v !== null && v <= GRADUATE_RATE_GOAL ? 'danger' : undefined}>{fmt.pct(v)}</Typography.Text>,
    },
    {
      title: t('employment.graduates.outstandingCol'),
      dataIndex: 'outstanding',
      align: 'right',
      className: 'hm-num',
      defaultSortOrder: 'descend',
      sorter: (a, b) => a.outstanding - b.outstanding,
      render: (v: number) => <Typography.Text type={v > 0 ? 'danger' : 'success'} strong={v > 0}>{fmt.int(v)}</Typography.Text>,
    },
  ];
  return <Table rowKey="districtCode" size="small" columns={columns} dataSource={rows} scroll={{ x: 'max-content' }} pagination={rows.length > 40 ? { pageSize: 40 } : false} data-testid="graduates-by-district" />;
}

function BySchool({ rows, onPick }: { rows: GraduateSummary['bySchool']; onPick: (name: string) => void }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const columns: ColumnsType<GraduateSummary['bySchool'][number]> = [
    { title: t('employment.graduates.school'), dataIndex: 'school', render: (v: string) => <Typography.Link onClick={() => onPick(v)}>{v}</Typography.Link> },
    { title: t('employment.graduates.total'), dataIndex: 'total', align: 'right', className: 'hm-num', sorter: (a, b) => a.total - b.total, render: (v: number) => fmt.int(v) },
    { title: t('employment.gradStatus.employed'), dataIndex: 'employed', align: 'right', className: 'hm-num', render: (v: number) => fmt.int(v) },
    { title: t('employment.graduates.rate'), dataIndex: 'rate', align: 'right', className: 'hm-num', sorter: (a, b) => (a.rate ?? -1) - (b.rate ?? -1), render: (v: number | null) => fmt.pct(v) },
  ];
  return <Table rowKey="school" size="small" columns={columns} dataSource={rows} scroll={{ x: 'max-content' }} pagination={rows.length > 20 ? { pageSize: 20 } : false} data-testid="graduates-by-school" />;
}

type ContactValues = { status: GraduateStatus; wantsWork: boolean; channel: ContactChannel; note: string; effectiveOn: Dayjs };

function GraduateDrawer({ personId, year, onClose, onRecorded }: { personId: string | undefined; year: number; onClose: () => void; onRecorded: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const access = useEmploymentAccess();
  const label = useLabel();
  const valid = !!personId && /^\d+$/.test(personId);
  const res = useApi<GraduateResponse>(valid ? `/api/employment/graduates/${personId}` : null, { year });
  const d = res.data && String(res.data.record.personId) === personId ? res.data : undefined;
  const [form] = Form.useForm<ContactValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [unplaced, setUnplaced] = useState<ReturnType<typeof placeFieldErrors>>([]);

  const submit = async () => {
    let v: ContactValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/employment/graduates/${personId}/contacts`, { year, status: v.status, wantsWork: !!v.wantsWork, channel: v.channel, note: v.note.trim(), effectiveOn: dayText(v.effectiveOn) });
      void message.success(t('employment.graduates.recorded'));
      form.resetFields(['note']);
      res.reload();
      onRecorded();
    } catch (e) {
      setError(e);
      setUnplaced(placeFieldErrors(form, e, lang, ['status', 'wantsWork', 'channel', 'note', 'effectiveOn']));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer open={!!personId} onClose={onClose} title={d?.record.name ?? t('employment.graduates.drawerTitle')} size={screens.md ? 600 : '100%'} destroyOnHidden data-testid="graduate-drawer">
      {res.error && !d ? (
        <LoadError error={res.error} onRetry={res.reload} />
      ) : !d ? (
        <Skeleton active />
      ) : (
        <>
          <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('employment.common.audited')} />
          <Descriptions
            className="hm-stack"
            bordered
            size="small"
            column={1}
            style={{ marginBottom: 16 }}
            items={[
              { key: 'name', label: t('employment.common.name'), children: d.record.name },
              { key: 'id', label: t('employment.common.idNumber'), children: <span className="hm-mono">{d.record.idNumber}</span> },
              ...(d.record.phone !== undefined ? [{ key: 'phone', label: t('employment.common.phone'), children: <span className="hm-mono">{d.record.phone ?? t('common.none')}</span> }] : []),
              { key: 'school', label: t('employment.graduates.school'), children: `${d.record.school}（${label('level', d.record.level)}）` },
              { key: 'status', label: t('employment.common.status'), children: <CodeTag group="gradStatus" code={d.record.status} testId="graduate-status" /> },
              { key: 'wants', label: t('employment.graduates.wantsWork'), children: d.record.wantsWork ? t('common.yes') : t('common.no') },
              {
                key: 'difficulty',
                label: t('employment.graduates.difficulty'),
                children: d.record.difficulty ? d.record.difficultyReasons.map((r) => <Tag key={r} color="orange">{label('gradReason', r)}</Tag>) : t('common.no'),
              },
              { key: 'last', label: t('employment.graduates.lastContact'), children: d.record.lastContactOn ?? t('common.none') },
            ]}
          />
          <Typography.Title level={5}>{t('employment.graduates.history')}</Typography.Title>
          <Timeline
            data-testid="graduate-history"
            items={d.history.map((h, i) => ({
              key: i,
              color: h.status === 'employed' ? 'green' : h.status === 'not_employed' ? 'red' : 'blue',
              content: (
                <div>
                  <Space size={4} wrap>
                    <span className="hm-num">{h.effectiveOn}</span>
                    <CodeTag group="gradStatus" code={h.status} />
                    {!h.wantsWork && <Tag>{t('employment.graduates.noWish')}</Tag>}
                    {h.channel && <Tag>{label('channel', h.channel)}</Tag>}
                  </Space>
                  {h.note && <div style={{ whiteSpace: 'pre-wrap' }}>{h.note}</div>}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {h.source === 'data' ? t('employment.graduates.fromData') : (h.recordedBy ?? t('employment.common.system'))} · <span className="hm-num">{formatDateTime(h.recordedAt)}</span>
                  </Typography.Text>
                </div>
              ),
            }))}
          />
          {access.canHandle && (
            <Card size="small" title={t('employment.graduates.contact')} style={{ marginTop: 8 }} data-testid="graduate-contact">
              {error !== null && <ErrorAlert error={error} details={unplaced} style={{ marginBottom: 12 }} />}
              <Form form={form} layout="vertical" initialValues={{ status: d.record.status, wantsWork: d.record.wantsWork, channel: 'phone', effectiveOn: dayjs(todayText()) }}>
                <Row gutter={12}>
                  <Col xs={24} sm={12}>
                    <Form.Item name="status" label={t('employment.common.status')} rules={[{ required: true }]}>
                      <Select options={GRADUATE_STATUSES.map((x) => ({ value: x, label: t(`employment.gradStatus.${x}`) }))} data-testid="contact-status" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={12}>
                    <Form.Item name="channel" label={t('employment.graduates.channel')} rules={[{ required: true }]}>
                      <Select options={CONTACT_CHANNELS.map((x) => ({ value: x, label: t(`employment.channel.${x}`) }))} />
                    </Form.Item>
                  </Col>
                  <Col xs={12}>
                    <Form.Item name="effectiveOn" label={t('employment.graduates.effectiveOn')} rules={[{ required: true, message: t('employment.jobForm.required') }]}>
                      <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} disabledDate={(dd) => dd.isAfter(dayjs(todayText()), 'day')} />
                    </Form.Item>
                  </Col>
                  <Col xs={12}>
                    <Form.Item name="wantsWork" label={t('employment.graduates.wantsWork')} valuePropName="checked">
                      <Switch />
                    </Form.Item>
                  </Col>
                </Row>
                <Form.Item name="note" label={t('employment.common.note')} rules={[{ required: true, whitespace: true, message: t('employment.graduates.noteRequired') }]}>
                  <Input.TextArea rows={3} maxLength={1000} showCount data-testid="contact-note" />
                </Form.Item>
                <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="contact-submit">
                  {t('employment.graduates.record')}
                </Button>
              </Form>
            </Card>
          )}
        </>
      )}
    </Drawer>
  );
}

// 就业服务网点: gig-work markets, employment stations, labour brokers and assistance workshops. The
// district map is coloured by the share of villages and communities with a labour broker (the plan
// asks for at least one in each); a district, picked on the map or in the table, lists its villages
// still without one. Below, the service points themselves: open a new one, close one.
import { PlusOutlined, StopOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, DatePicker, Form, Input, Modal, Progress, Row, Select, Skeleton, Space, Table, Tabs, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { api } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import { PagedTable } from '../../shared/PagedTable';
import { LoadError } from '../../shared/results';
import type { Paged, PersonListItem } from '../../shared/types';
import { useApi } from '../../shared/useApi';
import { DivisionPicker } from '../registry/DivisionPicker';
import { CoverageMap } from './charts';
import { CodeTag, dayText, ErrorAlert, FilterSelect, PageHeader, placeFieldErrors, StatCard, todayText, useEmploymentAccess, useFormat, useReference, useTownships, useUrlFilters } from './common';
import { coveragePercent, readCoverage, SERVICE_POINT_KINDS, SERVICE_POINTS_API, type CoverageRow, type RawCoverage, type ServicePoint, type ServicePointKind } from './types';

export default function ServicePointsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const access = useEmploymentAccess();
  const ref = useReference();
  const fmt = useFormat();
  const f = useUrlFilters();
  const kind = f.get('kind') as ServicePointKind | undefined;
  const district = f.get('district');
  const township = f.get('township');
  const status = f.get('status') as 'open' | 'closed' | undefined;
  const townships = useTownships(district ?? access.ownDistrict);
  // The villages without a broker come a page at a time with the coverage of the chosen district.
  const [uncoveredPage, setUncoveredPage] = useState(1);
  useEffect(() => setUncoveredPage(1), [district]);
  // Staff of one district see its villages without a broker at once.
  const uncoveredDistrict = district ?? access.ownDistrict;
  const coverage = useApi<RawCoverage>(SERVICE_POINTS_API.coverage, { district: uncoveredDistrict, page: uncoveredDistrict ? uncoveredPage : undefined, pageSize: uncoveredDistrict ? 10 : undefined });
  const c = useMemo(() => (coverage.data ? readCoverage(coverage.data) : undefined), [coverage.data]);
  const list = useApi<Paged<ServicePoint>>(SERVICE_POINTS_API.list, { kind, district, township, status, page: f.page, pageSize: f.pageSize });
  const [adding, setAdding] = useState(false);
  const [closing, setClosing] = useState<ServicePoint | null>(null);
  const districtName = (code: string | undefined) => (code ? (c?.byDistrict.find((r) => r.districtCode === code)?.name ?? ref.districtName(code)) : '');
  const pick = (code: string | undefined) => f.set({ district: code, township: undefined });

  const share = (r: { villages: number; villagesWithBroker: number; share: number | null }) => {
    const p = coveragePercent(r);
    return p === null ? t('common.none') : <Progress percent={Math.round(p * 10) / 10} size="small" status={p >= 100 ? 'success' : 'normal'} style={{ minWidth: 120, margin: 0 }} />;
  };

  const districtColumns: ColumnsType<CoverageRow> = [
    { title: t('employment.common.district'), dataIndex: 'name', render: (v: string, r) => <Typography.Link onClick={() => pick(r.districtCode)} strong={r.districtCode === district}>{v}</Typography.Link> },
    { title: t('employment.points.villages'), dataIndex: 'villages', align: 'right', className: 'hm-num', render: (v: number) => fmt.int(v) },
    { title: t('employment.points.withBroker'), dataIndex: 'villagesWithBroker', align: 'right', className: 'hm-num', render: (v: number) => fmt.int(v) },
    { title: t('employment.points.share'), key: 'share', sorter: (a, b) => (coveragePercent(a) ?? -1) - (coveragePercent(b) ?? -1), defaultSortOrder: 'ascend', render: (_, r) => share(r) },
    ...SERVICE_POINT_KINDS.map((k) => ({ title: t(`employment.pointKind.${k}`), dataIndex: k, align: 'right' as const, className: 'hm-num', responsive: ['lg' as const], render: (v: number) => fmt.int(v) })),
  ];

  const columns: ColumnsType<ServicePoint> = [
    { title: t('employment.points.kind'), dataIndex: 'kind', render: (v: string) => <CodeTag group="pointKind" code={v} /> },
    { title: t('employment.points.name'), dataIndex: 'name' },
    { title: t('employment.common.place'), key: 'place', responsive: ['md'], render: (_, p) => [p.districtName, p.townshipName, p.villageName].filter(Boolean).join(' ') },
    { title: t('employment.points.address'), dataIndex: 'address', responsive: ['lg'] },
    { title: t('employment.points.contact'), key: 'contact', responsive: ['xl'], render: (_, p) => [p.contactName, p.contactPhone].filter(Boolean).join(' ') || t('common.none') },
    { title: t('employment.points.openedOn'), dataIndex: 'openedOn', className: 'hm-num', responsive: ['sm'] },
    {
      title: t('employment.common.status'),
      key: 'status',
      render: (_, p) =>
        p.closedOn ? (
          <Typography.Text type="secondary">{t('employment.points.closedOn', { date: p.closedOn })}</Typography.Text>
        ) : access.canHandle ? (
          <Space size={4}>
            <Typography.Text type="success">{t('employment.points.open')}</Typography.Text>
            <Button size="small" icon={<StopOutlined />} onClick={() => setClosing(p)} data-testid="point-close">
              {t('employment.points.close')}
            </Button>
          </Space>
        ) : (
          <Typography.Text type="success">{t('employment.points.open')}</Typography.Text>
        ),
    },
  ];

  return (
    <div data-testid="service-points-page">
      <PageHeader
        title={t('employment.points.title')}
        hint={t('employment.points.hint')}
        extra={
          access.canHandle && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="point-add">
              {t('employment.points.add')}
            </Button>
          )
        }
      />
      {coverage.error && !c ? (
        <LoadError error={coverage.error} onRetry={coverage.reload} />
      ) : !c ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <>
          <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
            <Col xs={24} md={8}>
              <StatCard
                testId="points-city-share"
                title={t('employment.points.cityShare')}
                value={fmt.pct(coveragePercent(c.city))}
                highlight={(coveragePercent(c.city) ?? 0) >= 100 ? 'good' : 'bad'}
                extra={<Typography.Text type="secondary">{t('employment.points.cityShareOf', { with: fmt.int(c.city.villagesWithBroker), all: fmt.int(c.city.villages) })}</Typography.Text>}
              />
            </Col>
            {SERVICE_POINT_KINDS.map((k) => (
              <Col xs={12} md={4} key={k}>
                <StatCard title={t(`employment.pointKind.${k}`)} value={fmt.int(c.city.byKind[k] ?? 0)} onClick={() => f.set({ kind: kind === k ? undefined : k })} selected={kind === k} />
              </Col>
            ))}
          </Row>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('employment.points.map')} extra={<Typography.Text type="secondary">{t('employment.points.mapHint')}</Typography.Text>}>
                <CoverageMap rows={c.byDistrict} onDistrict={(code) => pick(code)} />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card
                size="small"
                title={uncoveredDistrict ? t('employment.points.uncoveredIn', { name: districtName(uncoveredDistrict) }) : t('employment.points.uncovered')}
                extra={
                  district &&
                  !access.ownDistrict && (
                    <Button size="small" type="link" onClick={() => pick(undefined)}>
                      {t('employment.points.allDistricts')}
                    </Button>
                  )
                }
                style={{ height: '100%' }}
                data-testid="points-uncovered"
              >
                {!uncoveredDistrict ? (
                  <Typography.Text type="secondary">{t('employment.points.pickDistrict')}</Typography.Text>
                ) : !c.uncovered ? (
                  <Typography.Text type="secondary">{coverage.loading ? t('common.loading') : t('employment.points.noData')}</Typography.Text>
                ) : (
                  <>
                    <Typography.Paragraph>
                      {c.uncovered.total === 0 ? <Typography.Text type="success">{t('employment.points.allCovered')}</Typography.Text> : t('employment.points.uncoveredTotal', { n: fmt.int(c.uncovered.total) })}
                    </Typography.Paragraph>
                    {c.uncovered.items.length > 0 && (
                      <Table
                        size="small"
                        rowKey="code"
                        loading={coverage.loading}
                        dataSource={c.uncovered.items}
                        pagination={c.uncovered.total > c.uncovered.pageSize ? { current: c.uncovered.page, pageSize: c.uncovered.pageSize, total: c.uncovered.total, showSizeChanger: false, onChange: setUncoveredPage } : false}
                        scroll={{ x: 'max-content' }}
                        columns={[
                          { title: t('employment.common.village'), dataIndex: 'name' },
                          { title: t('employment.common.township'), dataIndex: 'townshipName' },
                          { title: t('employment.points.code'), dataIndex: 'code', className: 'hm-mono', responsive: ['md'] },
                        ]}
                      />
                    )}
                  </>
                )}
              </Card>
            </Col>
          </Row>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Tabs items={[{ key: 'district', label: t('employment.points.byDistrict'), children: <Table<CoverageRow> data-testid="points-by-district" rowKey="districtCode" size="small" columns={districtColumns} dataSource={c.byDistrict} pagination={false} scroll={{ x: 'max-content', y: 420 }} /> }]} />
          </Card>
        </>
      )}
      <Card size="small" title={t('employment.points.list')}>
        <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
          <Col xs={12} md={{ flex: 'none' }}>
            <FilterSelect<ServicePointKind> testId="points-kind" width={170} placeholder={t('employment.points.allKinds')} value={kind} onChange={(v) => f.set({ kind: v })} options={SERVICE_POINT_KINDS.map((k) => ({ value: k, label: t(`employment.pointKind.${k}`) }))} />
          </Col>
          {!access.ownDistrict && (
            <Col xs={12} md={{ flex: 'none' }}>
              <FilterSelect testId="points-district" placeholder={t('employment.common.allDistricts')} value={district} onChange={(v) => pick(v)} options={ref.districtOptions} showSearch />
            </Col>
          )}
          <Col xs={12} md={{ flex: 'none' }}>
            <FilterSelect testId="points-township" placeholder={t('employment.common.allTownships')} value={township} onChange={(v) => f.set({ township: v })} options={townships.map((x) => ({ value: x.code, label: x.name }))} showSearch />
          </Col>
          <Col xs={12} md={{ flex: 'none' }}>
            <FilterSelect<'open' | 'closed'>
              testId="points-status"
              placeholder={t('employment.common.allStatuses')}
              value={status}
              onChange={(v) => f.set({ status: v })}
              options={[
                { value: 'open', label: t('employment.points.open') },
                { value: 'closed', label: t('employment.points.closedStatus') },
              ]}
            />
          </Col>
        </Row>
        {list.error && !list.data ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <PagedTable<ServicePoint> testId="points-table" columns={columns} data={list.data} loading={list.loading} page={f.page} pageSize={f.pageSize} onPage={f.onPage} />
        )}
      </Card>
      {adding && (
        <AddPointModal
          onClose={() => setAdding(false)}
          onDone={() => {
            setAdding(false);
            void message.success(t('employment.points.added'));
            list.reload();
            coverage.reload();
          }}
        />
      )}
      {closing && (
        <ClosePointModal
          point={closing}
          onClose={() => setClosing(null)}
          onDone={() => {
            setClosing(null);
            void message.success(t('employment.points.closed'));
            list.reload();
            coverage.reload();
          }}
        />
      )}
    </div>
  );
}

/** Residents of a village, searched by name as the user types (a labour broker is one of them). */
function VillagePersonPicker({ id, village, value, onChange }: { id?: string; village: string | undefined; value?: number; onChange?: (id: number | undefined) => void }) {
  const { t } = useI18n();
  const [term, setTerm] = useState('');
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  useEffect(() => {
    if (!village) {
      setOptions([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      api
        .get<Paged<PersonListItem>>('/api/persons', { q: term.trim() || undefined, divisionCode: village, pageSize: 30 })
        .then((r) => live && setOptions(r.items.map((p) => ({ value: p.id, label: `${p.name}（${p.age}）${p.idNumber}` }))))
        .catch(() => live && setOptions([]));
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [village, term]);
  return (
    <Select<number>
      id={id}
      data-testid="point-person"
      disabled={!village}
      value={value}
      onChange={(v) => onChange?.(v)}
      options={options}
      showSearch={{ filterOption: false, onSearch: setTerm }}
      placeholder={village ? t('employment.points.personSearch') : t('employment.points.pickVillageFirst')}
      allowClear
    />
  );
}

type PointValues = { kind: ServicePointKind; name?: string; villageCode: string; address: string; contactName?: string; contactPhone?: string; personId?: number; openedOn: Dayjs };

function AddPointModal({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<PointValues>();
  const kind = Form.useWatch('kind', form);
  const village = Form.useWatch('villageCode', form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [unplaced, setUnplaced] = useState<ReturnType<typeof placeFieldErrors>>([]);

  const submit = async () => {
    let v: PointValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.post(SERVICE_POINTS_API.list, {
        kind: v.kind,
        // A broker is named after the person.
        name: v.kind === 'labour_broker' ? undefined : v.name?.trim(),
        villageCode: v.villageCode,
        address: v.address.trim(),
        contactName: v.contactName?.trim() || undefined,
        contactPhone: v.contactPhone?.trim() || undefined,
        personId: v.personId,
        openedOn: dayText(v.openedOn),
      });
      onDone();
    } catch (e) {
      setError(e);
      setUnplaced(placeFieldErrors(form, e, lang, ['kind', 'name', 'villageCode', 'address', 'contactName', 'contactPhone', 'personId', 'openedOn']));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title={t('employment.points.add')} onCancel={onClose} onOk={() => void submit()} okText={t('common.submit')} cancelText={t('common.cancel')} confirmLoading={busy} destroyOnHidden width={600} okButtonProps={{ 'data-testid': 'point-submit' } as never}>
      {error !== null && <ErrorAlert error={error} details={unplaced} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" requiredMark initialValues={{ openedOn: dayjs(todayText()) }}>
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="kind" label={t('employment.points.kind')} rules={[{ required: true, message: t('employment.jobForm.required') }]}>
              <Select data-testid="point-kind" options={SERVICE_POINT_KINDS.map((k) => ({ value: k, label: t(`employment.pointKind.${k}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="openedOn" label={t('employment.points.openedOn')} rules={[{ required: true, message: t('employment.jobForm.required') }]}>
              <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        {kind !== 'labour_broker' && (
          <Form.Item name="name" label={t('employment.points.name')} rules={[{ required: true, whitespace: true, min: 2, max: 100, message: t('employment.points.nameRule') }]}>
            <Input maxLength={100} data-testid="point-name" />
          </Form.Item>
        )}
        <Form.Item
          name="villageCode"
          label={t('employment.points.village')}
          rules={[
            { required: true, message: t('employment.jobForm.required') },
            { pattern: /^\d{12}$/, message: t('employment.points.villageRule') },
          ]}
        >
          <VillageField onChanged={() => form.setFieldValue('personId', undefined)} />
        </Form.Item>
        <Form.Item name="address" label={t('employment.points.address')} rules={[{ required: true, whitespace: true, min: 2, max: 200, message: t('employment.points.addressRule') }]}>
          <Input maxLength={200} />
        </Form.Item>
        {kind === 'labour_broker' && (
          <Form.Item name="personId" label={t('employment.points.broker')} extra={t('employment.points.brokerHint')} rules={[{ required: true, message: t('employment.points.brokerRequired') }]}>
            <VillagePersonPicker village={village} />
          </Form.Item>
        )}
        <Row gutter={12}>
          <Col xs={12}>
            <Form.Item name="contactName" label={t('employment.points.contactName')}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="contactPhone" label={t('employment.points.contactPhone')} rules={[{ pattern: /^1[3-9]\d{9}$/, message: t('employment.points.phoneRule') }]}>
              <Input maxLength={11} inputMode="tel" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

/** The division picker as a form control, down to villages. */
function VillageField({ value, onChange, onChanged }: { value?: string; onChange?: (v: string | undefined) => void; onChanged?: () => void }) {
  const { t } = useI18n();
  return (
    <DivisionPicker
      value={value}
      maxLevel={4}
      placeholder={t('employment.points.villagePlaceholder')}
      style={{ width: '100%' }}
      onChange={(v) => {
        onChange?.(v);
        onChanged?.();
      }}
    />
  );
}

function ClosePointModal({ point, onClose, onDone }: { point: ServicePoint; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const [closedOn, setClosedOn] = useState<Dayjs | null>(dayjs(todayText()));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async () => {
    if (!closedOn) return;
    setBusy(true);
    setError(null);
    try {
      await api.post(SERVICE_POINTS_API.close(point.id), { closedOn: dayText(closedOn) });
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('employment.points.closeTitle', { name: point.name })} onCancel={onClose} onOk={() => void submit()} okText={t('employment.points.close')} okButtonProps={{ danger: true, disabled: !closedOn, 'data-testid': 'point-close-confirm' } as never} cancelText={t('common.cancel')} confirmLoading={busy} destroyOnHidden>
      {error !== null && <ErrorAlert error={error} style={{ marginBottom: 12 }} />}
      <Typography.Paragraph type="secondary">{t('employment.points.closeHint')}</Typography.Paragraph>
      <DatePicker format="YYYY-MM-DD" value={closedOn} onChange={setClosedOn} style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(point.openedOn), 'day')} />
    </Modal>
  );
}

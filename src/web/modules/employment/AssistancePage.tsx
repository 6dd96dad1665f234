// 困难人员就业援助 (一人一策): persons in difficulty, each with one assistance plan — how many are open,
// in work or closed, why they are in difficulty, by district; the list with filters; and, for city
// staff, taking the rules engine's latest recognitions into the ledger.
import { ThunderboltOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Popconfirm, Row, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import { PagedTable } from '../../shared/PagedTable';
import { LoadError } from '../../shared/results';
import type { Paged } from '../../shared/types';
import { useApi } from '../../shared/useApi';
import { CodeTag, ErrorAlert, FilterSelect, PageHeader, StatCard, useEmploymentAccess, useFormat, useReference, useTownships, useUrlFilters } from './common';
import { DIFFICULTY_REASONS, PLAN_STATUSES, type AssistanceRow, type AssistanceSummary, type DifficultyReason, type PlanStatus } from './types';

export default function AssistancePage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const access = useEmploymentAccess();
  const ref = useReference();
  const fmt = useFormat();
  const f = useUrlFilters();
  const status = f.get('status') as PlanStatus | undefined;
  const district = f.get('district') ?? access.ownDistrict;
  const township = f.get('township');
  const reason = f.get('reason') as DifficultyReason | undefined;
  const townships = useTownships(district);
  const summary = useApi<AssistanceSummary>('/api/employment/assistance/summary');
  const list = useApi<Paged<AssistanceRow>>('/api/employment/assistance', { status, district: f.get('district'), township, reason, page: f.page, pageSize: f.pageSize });
  const s = summary.data;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const identify = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<{ opened: number; alreadyOpen: number }>('/api/employment/assistance/identify');
      void message.success(t('employment.assistance.identified', { opened: fmt.int(r.opened), already: fmt.int(r.alreadyOpen) }));
      summary.reload();
      list.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const columns: ColumnsType<AssistanceRow> = [
    {
      title: t('employment.common.name'),
      dataIndex: 'name',
      render: (v: string, a) => (
        <Link to={`/employment/assistance/${a.id}`} data-testid="assistance-row">
          {v}
        </Link>
      ),
    },
    { title: t('employment.common.idNumber'), dataIndex: 'idNumber', className: 'hm-mono', responsive: ['xl'] },
    { title: t('employment.assistance.reasons'), dataIndex: 'reasons', render: (v: DifficultyReason[]) => v.map((r) => <Tag key={r}>{t(`employment.reason.${r}`)}</Tag>) },
    { title: t('employment.common.place'), key: 'place', responsive: ['md'], render: (_, a) => `${a.districtName} ${a.townshipName}` },
    { title: t('employment.common.status'), dataIndex: 'status', render: (v: string) => <CodeTag group="planStatus" code={v} /> },
    { title: t('employment.common.assignedTo'), dataIndex: 'assignedTo', responsive: ['lg'], render: (v: AssistanceRow['assignedTo']) => v?.name ?? <Typography.Text type="secondary">{t('employment.common.unassigned')}</Typography.Text> },
    { title: t('employment.assistance.identifiedOn'), dataIndex: 'identifiedOn', className: 'hm-num', responsive: ['lg'] },
    { title: t('employment.assistance.services'), key: 'services', align: 'right', className: 'hm-num', render: (_, a) => `${a.servicesDone} / ${a.services}` },
    {
      title: t('employment.assistance.nextPlanned'),
      dataIndex: 'nextPlannedOn',
      className: 'hm-num',
      responsive: ['sm'],
      render: (v: string | null, a) => v ?? (a.status === 'open' ? <Typography.Text type="warning">{t('employment.assistance.noneScheduled')}</Typography.Text> : t('common.none')),
    },
  ];

  const filtered = !!(status || f.get('district') || township || reason);

  return (
    <div data-testid="assistance-page">
      <PageHeader
        title={t('employment.assistance.title')}
        hint={t('employment.assistance.hint')}
        extra={
          access.canHandle &&
          access.city && (
            <Popconfirm title={t('employment.assistance.identifyConfirm')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => identify()}>
              <Button icon={<ThunderboltOutlined />} loading={busy} data-testid="assistance-identify">
                {t('employment.assistance.identify')}
              </Button>
            </Popconfirm>
          )
        }
      />
      {error !== null && <ErrorAlert error={error} style={{ marginBottom: 12 }} onClose={() => setError(null)} />}
      {summary.error && !s ? (
        <LoadError error={summary.error} onRetry={summary.reload} />
      ) : !s ? (
        <Skeleton active paragraph={{ rows: 4 }} />
      ) : (
        <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
          {PLAN_STATUSES.map((st) => (
            <Col xs={8} md={4} key={st}>
              <StatCard testId={`assistance-${st}`} title={t(`employment.planStatus.${st}`)} value={fmt.int(s[st])} onClick={() => f.set({ status: status === st ? undefined : st })} selected={status === st} />
            </Col>
          ))}
          <Col xs={24} md={12}>
            <Card size="small" title={t('employment.assistance.byReason')} style={{ height: '100%' }}>
              <Space size={[6, 6]} wrap>
                {DIFFICULTY_REASONS.map((r) => (
                  <Tag.CheckableTag key={r} checked={reason === r} onChange={(on) => f.set({ reason: on ? r : undefined })}>
                    {t(`employment.reason.${r}`)} <span className="hm-num">{fmt.int(s.byReason[r] ?? 0)}</span>
                  </Tag.CheckableTag>
                ))}
              </Space>
            </Card>
          </Col>
          {s.byDistrict.length > 1 && (
            <Col xs={24}>
              <Card size="small" title={t('employment.assistance.byDistrict')}>
                <Table
                  size="small"
                  rowKey="districtCode"
                  dataSource={s.byDistrict}
                  pagination={false}
                  scroll={{ x: 'max-content', y: 240 }}
                  columns={[
                    { title: t('employment.common.district'), dataIndex: 'name', render: (v: string, r) => <Typography.Link onClick={() => f.set({ district: r.districtCode, township: undefined })}>{v}</Typography.Link> },
                    { title: t('employment.planStatus.open'), dataIndex: 'open', align: 'right', className: 'hm-num', sorter: (a, b) => a.open - b.open, defaultSortOrder: 'descend' },
                    { title: t('employment.planStatus.employed'), dataIndex: 'employed', align: 'right', className: 'hm-num', sorter: (a, b) => a.employed - b.employed },
                  ]}
                />
              </Card>
            </Col>
          )}
        </Row>
      )}
      <Card size="small">
        <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
          <Col xs={12} md={{ flex: 'none' }}>
            <FilterSelect<PlanStatus> testId="assistance-status" placeholder={t('employment.common.allStatuses')} value={status} onChange={(v) => f.set({ status: v })} options={PLAN_STATUSES.map((x) => ({ value: x, label: t(`employment.planStatus.${x}`) }))} />
          </Col>
          {!access.ownDistrict && (
            <Col xs={12} md={{ flex: 'none' }}>
              <FilterSelect testId="assistance-district" placeholder={t('employment.common.allDistricts')} value={f.get('district')} onChange={(v) => f.set({ district: v, township: undefined })} options={ref.districtOptions} showSearch />
            </Col>
          )}
          <Col xs={12} md={{ flex: 'none' }}>
            <FilterSelect testId="assistance-township" placeholder={t('employment.common.allTownships')} value={township} onChange={(v) => f.set({ township: v })} options={townships.map((x) => ({ value: x.code, label: x.name }))} showSearch />
          </Col>
          <Col xs={12} md={{ flex: 'none' }}>
            <FilterSelect<DifficultyReason> testId="assistance-reason" width={180} placeholder={t('employment.assistance.allReasons')} value={reason} onChange={(v) => f.set({ reason: v })} options={DIFFICULTY_REASONS.map((x) => ({ value: x, label: t(`employment.reason.${x}`) }))} />
          </Col>
          {filtered && (
            <Col xs={24} md={{ flex: 'none' }}>
              <Button type="link" style={{ paddingInline: 0 }} onClick={() => f.set({ status: undefined, district: undefined, township: undefined, reason: undefined })}>
                {t('employment.common.clearFilters')}
              </Button>
            </Col>
          )}
        </Row>
        {list.error && !list.data ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <PagedTable<AssistanceRow> testId="assistance-table" columns={columns} data={list.data} loading={list.loading} page={f.page} pageSize={f.pageSize} onPage={f.onPage} />
        )}
      </Card>
    </div>
  );
}

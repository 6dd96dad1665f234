// 零就业家庭 (动态清零): households of working age where nobody is in work, found by the rules engine
// and followed until a member has a job. The outstanding count is the figure that matters (the goal
// is 0); the list opens a household; district and city staff re-run the detection.
import { ThunderboltOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Popconfirm, Row, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../shared/api';
import { useI18n } from '../../shared/i18n';
import { PagedTable } from '../../shared/PagedTable';
import { LoadError } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { CodeTag, ErrorAlert, FilterSelect, PageHeader, StatCard, useEmploymentAccess, useFormat, useReference, useTownships, useUrlFilters } from './common';
import type { HouseholdPage, HouseholdRow, HouseholdStatus, HouseholdSummary } from './types';

export default function HouseholdsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const access = useEmploymentAccess();
  const ref = useReference();
  const fmt = useFormat();
  const f = useUrlFilters();
  const status = (f.get('status') ?? 'open') as HouseholdStatus | 'all';
  const district = f.get('district');
  const township = f.get('township');
  const townships = useTownships(district ?? access.ownDistrict);
  const list = useApi<HouseholdPage>('/api/employment/households', { status: status === 'all' ? undefined : status, district, township, page: f.page, pageSize: f.pageSize });
  const summary = useApi<HouseholdSummary>('/api/employment/households/summary');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const outstanding = list.data?.outstanding ?? summary.data?.open;

  const detect = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<{ opened: number; cleared: number }>('/api/employment/households/detect');
      void message.success(t('employment.households.detected', { opened: fmt.int(r.opened), cleared: fmt.int(r.cleared) }));
      list.reload();
      summary.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const columns: ColumnsType<HouseholdRow> = [
    {
      title: t('employment.households.head'),
      dataIndex: 'headName',
      render: (v: string | null, h) => (
        <Link to={`/employment/households/${h.id}`} data-testid="household-row">
          {v ?? t('employment.households.householdN', { id: h.householdId })}
        </Link>
      ),
    },
    { title: t('employment.common.place'), key: 'place', render: (_, h) => [h.districtName, h.townshipName, h.villageName].filter(Boolean).join(' ') },
    { title: t('employment.households.members'), key: 'members', align: 'right', className: 'hm-num', responsive: ['sm'], render: (_, h) => t('employment.households.membersOf', { all: h.members, working: h.workingAge }) },
    { title: t('employment.households.detectedOn'), dataIndex: 'detectedOn', className: 'hm-num', responsive: ['md'] },
    { title: t('employment.common.assignedTo'), dataIndex: 'assignedTo', responsive: ['lg'], render: (v: HouseholdRow['assignedTo']) => v?.name ?? <Typography.Text type="warning">{t('employment.common.unassigned')}</Typography.Text> },
    { title: t('employment.common.status'), dataIndex: 'status', render: (v: string, h) => (h.clearedOn ? <><CodeTag group="householdStatus" code={v} /><span className="hm-num">{h.clearedOn}</span></> : <CodeTag group="householdStatus" code={v} />) },
  ];

  return (
    <div data-testid="households-page">
      <PageHeader
        title={t('employment.households.title')}
        hint={t('employment.households.hint')}
        extra={
          access.canHandle &&
          access.aboveTownship && (
            <Popconfirm title={t('employment.households.detectConfirm')} okText={t('common.confirm')} cancelText={t('common.cancel')} onConfirm={() => detect()}>
              <Button icon={<ThunderboltOutlined />} loading={busy} data-testid="households-detect">
                {t('employment.households.detect')}
              </Button>
            </Popconfirm>
          )
        }
      />
      {error !== null && <ErrorAlert error={error} style={{ marginBottom: 12 }} onClose={() => setError(null)} />}
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        <Col xs={24} md={16}>
          <Card size="small" style={{ height: '100%', borderColor: outstanding ? '#ffa39e' : '#b7eb8f', background: outstanding ? '#fff1f0' : '#f6ffed' }} data-testid="households-outstanding-card">
            <Typography.Text strong>{t('employment.households.outstanding')}</Typography.Text>
            <div className="hm-num" style={{ fontSize: 44, fontWeight: 600, lineHeight: 1.2, color: outstanding ? '#cf1322' : '#389e0d' }} data-testid="households-outstanding">
              {outstanding === undefined ? '…' : fmt.int(outstanding)}
            </div>
            <Typography.Text type="secondary">{t('employment.households.goal')}</Typography.Text>
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <StatCard title={t('employment.households.clearedThisYear')} value={summary.data ? fmt.int(summary.data.clearedThisYear) : '…'} highlight="good" onClick={() => f.set({ status: 'cleared' })} selected={status === 'cleared'} />
        </Col>
      </Row>
      {summary.data && summary.data.byDistrict.length > 1 && (
        <Card size="small" title={t('employment.households.byDistrict')} style={{ marginBottom: 16 }}>
          <Table
            size="small"
            rowKey="districtCode"
            dataSource={summary.data.byDistrict}
            pagination={false}
            scroll={{ x: 'max-content', y: 240 }}
            columns={[
              { title: t('employment.common.district'), dataIndex: 'name', render: (v: string, r) => <Typography.Link onClick={() => f.set({ district: r.districtCode, township: undefined })}>{v}</Typography.Link> },
              { title: t('employment.households.open'), dataIndex: 'open', align: 'right', className: 'hm-num', defaultSortOrder: 'descend', sorter: (a, b) => a.open - b.open, render: (v: number) => <Typography.Text type={v > 0 ? 'danger' : 'success'}>{fmt.int(v)}</Typography.Text> },
              { title: t('employment.households.clearedThisYear'), dataIndex: 'cleared', align: 'right', className: 'hm-num', sorter: (a, b) => a.cleared - b.cleared },
            ]}
          />
        </Card>
      )}
      <Card size="small">
        <Row gutter={[8, 8]} style={{ marginBottom: 12 }}>
          <Col xs={12} md={{ flex: 'none' }}>
            <FilterSelect<HouseholdStatus | 'all'>
              testId="households-status"
              placeholder={t('employment.common.allStatuses')}
              value={status}
              onChange={(v) => f.set({ status: v === 'open' ? undefined : (v ?? 'all') })}
              options={[
                { value: 'open', label: t('employment.householdStatus.open') },
                { value: 'cleared', label: t('employment.householdStatus.cleared') },
                { value: 'all', label: t('employment.common.all') },
              ]}
            />
          </Col>
          {!access.ownDistrict && (
            <Col xs={12} md={{ flex: 'none' }}>
              <FilterSelect testId="households-district" placeholder={t('employment.common.allDistricts')} value={district} onChange={(v) => f.set({ district: v, township: undefined })} options={ref.districtOptions} showSearch />
            </Col>
          )}
          <Col xs={12} md={{ flex: 'none' }}>
            <FilterSelect testId="households-township" placeholder={t('employment.common.allTownships')} value={township} onChange={(v) => f.set({ township: v })} options={townships.map((x) => ({ value: x.code, label: x.name }))} showSearch />
          </Col>
        </Row>
        {list.error && !list.data ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <PagedTable<HouseholdRow> testId="households-table" columns={columns} data={list.data} loading={list.loading} page={f.page} pageSize={f.pageSize} onPage={f.onPage} />
        )}
      </Card>
    </div>
  );
}

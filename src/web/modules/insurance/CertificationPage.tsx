// 社保 · 认证看板: this year's certification of benefit recipients in the reader's area — how many are
// in each status, the share certified by data with its denominator, by district — and the task list
// (open tasks first, by due date) with filters, each opening the recipient's signals and task form.
import { Card, Col, Row, Select, Skeleton, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router-dom';
import { useI18n } from '../../shared/i18n';
import { LoadError } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { AreaFilters, CaseLink, CodeTag, DistrictSummaryTable, FilterBar, FilterCol, FilterSelect, PageHeader, StatCard, todayText, useCode, useInsFormat, useReference, useUrlFilters } from './common';
import { CERT_OPEN, CERT_STATUSES, type CertBoard, type CertRow, type CertStatus } from './types';

export default function CertificationPage() {
  const { t, bi } = useI18n();
  const fmt = useInsFormat();
  const code = useCode();
  const ref = useReference();
  const f = useUrlFilters();
  const status = f.get('status') as CertStatus | undefined;
  const district = f.get('district');
  const township = f.get('township');
  const year = Number(f.get('year')) || undefined;
  const board = useApi<CertBoard>('/api/insurance/certification', { year, status, district, township, page: f.page, pageSize: f.pageSize });
  const b = board.data;
  const today = todayText();
  const thisYear = Number(today.slice(0, 4));
  const shownYear = b?.year ?? year ?? thisYear;

  const columns: ColumnsType<CertRow> = [
    {
      title: t('insurance.common.name'),
      dataIndex: 'name',
      render: (v: string, c) => (
        <Link to={`/insurance/certification/${c.personId}?year=${shownYear}`} data-testid="cert-row" data-status={c.status}>
          {v}
        </Link>
      ),
    },
    { title: t('insurance.common.idNumber'), dataIndex: 'idNumber', className: 'hm-mono', responsive: ['lg'] },
    { title: t('insurance.common.age'), dataIndex: 'age', className: 'hm-num', responsive: ['md'], render: (v: number) => t('insurance.common.ageN', { n: v }) },
    { title: t('insurance.common.township'), dataIndex: 'townshipName', responsive: ['md'], render: (v: string | null, c) => v ?? c.townshipCode },
    { title: t('insurance.common.status'), dataIndex: 'status', render: (v: string) => <CodeTag group="certStatus" code={v} /> },
    {
      title: t('insurance.cert.taskDue'),
      dataIndex: 'taskDue',
      className: 'hm-num',
      render: (v: string | null, c) =>
        !v ? (
          t('insurance.common.none')
        ) : CERT_OPEN.includes(c.status) && c.status !== 'not_certified' && v < today ? (
          <Typography.Text type="danger">
            {v} · {t('insurance.common.overdue')}
          </Typography.Text>
        ) : (
          v
        ),
    },
    { title: t('insurance.cert.score'), dataIndex: 'score', className: 'hm-num', align: 'right', responsive: ['lg'], render: (v: number) => (b ? t('insurance.cert.scoreOf', { score: v, threshold: b.config.threshold }) : v) },
    { title: t('insurance.cert.awards'), dataIndex: 'awards', className: 'hm-num', align: 'right', responsive: ['xl'] },
    { title: t('insurance.cert.certifiedOn'), dataIndex: 'certifiedOn', className: 'hm-num', responsive: ['sm'], render: (v: string | null) => v ?? t('insurance.common.none') },
    { title: t('insurance.cert.overpaid'), dataIndex: 'overpaidFen', className: 'hm-num', align: 'right', responsive: ['lg'], render: (v: number) => (v > 0 ? <Typography.Text type="danger">{fmt.yuan(v)}</Typography.Text> : t('insurance.common.none')) },
    { title: t('insurance.cert.recovery'), dataIndex: 'recoveryCaseId', responsive: ['lg'], render: (v: number | null) => (v ? <CaseLink id={v} code={null} /> : t('insurance.common.none')) },
  ];

  const districtName = (c: string) => ref.districtName(c) || c;

  return (
    <div data-testid="certification-page">
      <PageHeader
        title={t('insurance.cert.title')}
        hint={t('insurance.cert.hint')}
        extra={
          <Select<number>
            aria-label={t('insurance.common.year')}
            data-testid="cert-year"
            style={{ width: 120 }}
            value={shownYear}
            onChange={(v) => f.set({ year: v === thisYear ? undefined : v })}
            options={[thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: y, label: t('insurance.common.yearOption', { year: y }) }))}
          />
        }
      />
      {!b ? (
        !board.error && <Skeleton active paragraph={{ rows: 6 }} />
      ) : (
        <>
          <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
            <Col xs={24} md={8} xl={6}>
              <StatCard
                testId="cert-data-rate"
                title={t('insurance.cert.dataRate')}
                value={fmt.pct(b.summary.dataRate)}
                extra={
                  <>
                    <div className="hm-num">{t('insurance.cert.dataRateLine', { n: fmt.int(b.summary.dataCertified), d: fmt.int(b.summary.living) })}</div>
                    <Typography.Text type="secondary">{bi(b.summary.denominator)}</Typography.Text>
                  </>
                }
              />
            </Col>
            <Col xs={24} md={16} xl={18}>
              <Row gutter={[8, 8]}>
                {CERT_STATUSES.map((s) => (
                  <Col xs={12} sm={8} xl={6} key={s}>
                    <StatCard
                      testId={`cert-status-${s}`}
                      title={code('certStatus', s)}
                      value={fmt.int(b.summary.byStatus[s] ?? 0)}
                      highlight={(s === 'pending_visit' || s === 'pending_self' || s === 'not_certified') && (b.summary.byStatus[s] ?? 0) > 0 ? 'bad' : undefined}
                      onClick={() => f.set({ status: status === s ? undefined : s })}
                      selected={status === s}
                    />
                  </Col>
                ))}
              </Row>
            </Col>
            {b.byDistrict.length > 1 && (
              <Col xs={24}>
                <Card size="small" title={t('insurance.cert.byDistrict')}>
                  <DistrictSummaryTable
                    f={f}
                    rows={b.byDistrict}
                    districtName={districtName}
                    columns={[
                      { title: t('insurance.cert.living'), dataIndex: 'living', align: 'right', className: 'hm-num', sorter: (x, y) => x.living - y.living, render: (v: number) => fmt.int(v) },
                      { title: code('certStatus', 'data_certified'), dataIndex: 'dataCertified', align: 'right', className: 'hm-num', render: (v: number) => fmt.int(v) },
                      { title: t('insurance.cert.dataRate'), dataIndex: 'dataRate', align: 'right', className: 'hm-num', sorter: (x, y) => (x.dataRate ?? -1) - (y.dataRate ?? -1), render: (v: number | null) => fmt.pct(v) },
                      { title: t('insurance.cert.pending'), dataIndex: 'pending', align: 'right', className: 'hm-num', sorter: (x, y) => x.pending - y.pending, defaultSortOrder: 'descend', render: (v: number) => fmt.int(v) },
                    ]}
                  />
                </Card>
              </Col>
            )}
          </Row>
        </>
      )}
      <Card size="small" title={t('insurance.cert.tasks')}>
        <FilterBar f={f} keys={['status', 'district', 'township']}>
          <FilterCol>
            <FilterSelect<CertStatus> testId="cert-status" width={170} placeholder={t('insurance.common.allStatuses')} value={status} onChange={(v) => f.set({ status: v })} options={CERT_STATUSES.map((x) => ({ value: x, label: code('certStatus', x) }))} />
          </FilterCol>
          <AreaFilters f={f} testId="cert" townships />
        </FilterBar>
        {board.error ? (
          <LoadError error={board.error} onRetry={board.reload} />
        ) : (
          <Table<CertRow>
            rowKey="personId"
            size="middle"
            data-testid="cert-table"
            columns={columns}
            dataSource={b?.items ?? []}
            loading={board.loading}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('insurance.common.noData') }}
            pagination={{ current: b?.page ?? f.page, pageSize: b?.pageSize ?? f.pageSize, total: b?.total ?? 0, showSizeChanger: true, showTotal: (total) => t('common.total', { total }), onChange: f.onPage }}
          />
        )}
      </Card>
    </div>
  );
}

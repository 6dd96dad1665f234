// 督办看板: open cases that a higher level flagged for supervision or that escalated when overdue,
// within the user's jurisdiction: counts by district (supervised, escalated, red), then the cases.
import { Card, Col, Grid, Row, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useSearchParams } from 'react-router-dom';
import { useI18n } from '../../shared/i18n';
import { LoadError } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { KindSelect, LIGHT_COLOR, PageHeader, useCaseColumns, useCaseKinds, useDistricts } from './common';
import type { Board, BoardDistrict, CaseListItem } from './types';

const BOARD_LIMIT = 500;

export default function CaseBoardPage() {
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  const narrow = screens.md === false;
  const [params, setParams] = useSearchParams();
  const kind = params.get('kind') ?? undefined;
  const district = params.get('district') ?? undefined;
  const set = (next: Record<string, string | undefined>) =>
    setParams(
      (prev) => {
        const p = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(next)) {
          if (v) p.set(k, v);
          else p.delete(k);
        }
        return p;
      },
      { replace: true },
    );
  const kinds = useCaseKinds();
  const districts = useDistricts();
  const board = useApi<Board>('/api/cases/board', { kind });
  const items = board.data?.items ?? [];
  const shown = district ? items.filter((c) => c.districtCode === district) : items;
  const totals = {
    total: items.length,
    supervised: items.filter((c) => c.supervised).length,
    escalated: items.filter((c) => c.escalated).length,
    red: items.filter((c) => c.light === 'red').length,
  };
  const districtName = (code: string) => districts.name(code) ?? items.find((c) => c.districtCode === code)?.orgName ?? code;

  const districtColumns: ColumnsType<BoardDistrict> = [
    { title: t('cases.common.district'), key: 'district', render: (_, d) => <Typography.Link onClick={() => set({ district: district === d.districtCode ? undefined : d.districtCode })}>{districtName(d.districtCode)}</Typography.Link> },
    { title: t('cases.board.supervised'), dataIndex: 'supervised', align: 'right', className: 'hm-num' },
    { title: t('cases.board.escalated'), dataIndex: 'escalated', align: 'right', className: 'hm-num' },
    {
      title: t('cases.board.red'),
      dataIndex: 'red',
      align: 'right',
      className: 'hm-num',
      render: (n: number) => <span style={{ color: n > 0 ? LIGHT_COLOR.red : undefined, fontWeight: n > 0 ? 600 : undefined }}>{n}</span>,
    },
  ];

  // The list shares the width with the district table: the compact two columns fit it below 1600 px.
  const caseColumns = useCaseColumns(!screens.xxl, items);

  const figure = (label: string, n: number, color?: string, testId?: string) => (
    <Col xs={12} md={6}>
      <Card size="small" data-testid={testId}>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {label}
        </Typography.Text>
        <div className="hm-num" style={{ fontSize: 24, fontWeight: 500, color }}>
          {board.data ? n : '…'}
        </div>
      </Card>
    </Col>
  );

  return (
    <div data-testid="case-board">
      <PageHeader title={t('cases.board.title')} hint={t('cases.board.hint')} extra={<KindSelect kinds={kinds.list} value={kind} onChange={(k) => set({ kind: k })} />} />
      {board.error && !board.data ? (
        <LoadError error={board.error} onRetry={board.reload} />
      ) : (
        <>
          <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
            {figure(t('cases.board.total'), totals.total, undefined, 'board-total')}
            {figure(t('cases.board.supervised'), totals.supervised, '#d4380d', 'board-supervised')}
            {figure(t('cases.board.escalated'), totals.escalated, LIGHT_COLOR.red, 'board-escalated')}
            {figure(t('cases.board.red'), totals.red, LIGHT_COLOR.red, 'board-red')}
          </Row>
          <Row gutter={16}>
            <Col xs={24} lg={9}>
              <Card size="small" title={t('cases.board.byDistrict')} style={{ marginBottom: 16 }}>
                <Table<BoardDistrict>
                  data-testid="board-districts"
                  rowKey="districtCode"
                  size="small"
                  loading={board.loading}
                  columns={districtColumns}
                  dataSource={board.data?.byDistrict ?? []}
                  pagination={false}
                  scroll={{ x: 'max-content' }}
                  rowClassName={(d) => (d.districtCode === district ? 'ant-table-row-selected' : '')}
                  locale={{ emptyText: t('cases.board.empty') }}
                />
              </Card>
            </Col>
            <Col xs={24} lg={15}>
              <Card
                size="small"
                title={t('cases.board.cases')}
                extra={
                  district && (
                    <Tag closable onClose={() => set({ district: undefined })} color="blue" data-testid="board-district-filter">
                      {t('cases.board.filterDistrict', { name: districtName(district) })}
                    </Tag>
                  )
                }
              >
                <Table<CaseListItem>
                  data-testid="board-cases"
                  rowKey="id"
                  size="small"
                  loading={board.loading}
                  columns={caseColumns}
                  dataSource={shown}
                  scroll={{ x: 'max-content' }}
                  pagination={{ defaultPageSize: 20, showSizeChanger: true, size: narrow ? 'small' : undefined, showTotal: (total) => t('common.total', { total }) }}
                  locale={{ emptyText: t('cases.board.empty') }}
                />
                {items.length >= BOARD_LIMIT && (
                  <Space style={{ marginTop: 8 }}>
                    <Typography.Text type="secondary">{t('cases.board.limitNote')}</Typography.Text>
                  </Space>
                )}
              </Card>
            </Col>
          </Row>
        </>
      )}
    </div>
  );
}

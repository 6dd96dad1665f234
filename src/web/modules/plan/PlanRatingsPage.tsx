// 群众口碑: what residents and enterprises said of the services they rated, by district and by
// department. A group with fewer ratings than the minimum sample shows no score, so a handful of
// ratings cannot single anyone out.
import { Card, Col, Row, Skeleton, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useI18n } from '../../shared/i18n';
import { LoadError } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { PageHeader, usePlanFormat } from './common';
import type { RatingSummary } from './types';

type RatingRow = RatingSummary['rows'][number];

function RatingTable({ by }: { by: RatingSummary['by'] }) {
  const { t, bi } = useI18n();
  const fmt = usePlanFormat();
  const summary = useApi<RatingSummary>('/api/ratings/summary', { by });
  const s = summary.data && summary.data.by === by ? summary.data : undefined;

  const insufficient = (
    <Tag data-testid="rating-insufficient" style={{ marginInlineEnd: 0 }}>
      {t('plan.ratings.insufficient', { min: s?.minSample ?? 0 })}
    </Tag>
  );
  const columns: ColumnsType<RatingRow> = [
    { title: by === 'district' ? t('plan.league.district') : t('plan.form.department'), key: 'name', render: (_, r) => <span style={{ whiteSpace: 'nowrap' }}>{bi(r.name)}</span> },
    { title: t('plan.ratings.n'), dataIndex: 'n', align: 'right', className: 'hm-num', render: (n: number) => fmt.num.format(n), sorter: (a, b) => a.n - b.n },
    {
      title: t('plan.ratings.mean'),
      key: 'mean',
      align: 'right',
      sorter: (a, b) => (a.shown && a.mean !== null ? a.mean : -Infinity) - (b.shown && b.mean !== null ? b.mean : -Infinity),
      defaultSortOrder: 'descend',
      onCell: (r) => (r.shown ? {} : { colSpan: 2 }),
      render: (_, r) => (r.shown ? <span className="hm-num">{fmt.mean(r.mean)}</span> : insufficient),
    },
    {
      title: t('plan.ratings.satisfied'),
      key: 'satisfied',
      align: 'right',
      onCell: (r) => (r.shown ? {} : { colSpan: 0 }),
      render: (_, r) => <span className="hm-num">{fmt.pct(r.satisfiedShare)}</span>,
    },
  ];

  return (
    <Card size="small" title={by === 'district' ? t('plan.ratings.byDistrict') : t('plan.ratings.byDepartment')} style={{ height: '100%' }}>
      {summary.error && !s ? (
        <LoadError error={summary.error} onRetry={summary.reload} />
      ) : !s ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <>
          <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
            {t('plan.ratings.minSampleHint', { min: s.minSample })}
          </Typography.Paragraph>
          <Table<RatingRow>
            data-testid={`ratings-${by}`}
            rowKey="code"
            size="small"
            columns={columns}
            dataSource={s.rows}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('plan.ratings.empty') }}
          />
        </>
      )}
    </Card>
  );
}

export default function PlanRatingsPage() {
  const { t } = useI18n();
  return (
    <div data-testid="plan-ratings">
      <PageHeader title={t('plan.ratings.title')} hint={t('plan.ratings.hint')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <RatingTable by="district" />
        </Col>
        <Col xs={24} xl={12}>
          <RatingTable by="department" />
        </Col>
      </Row>
    </div>
  );
}

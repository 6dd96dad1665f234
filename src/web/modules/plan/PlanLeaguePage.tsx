// 赛马比拼: the 38 区县 ranked by a weighted score over the decomposed targets and the public
// rating, with each district's movement since the month before, its score's components, the
// method in words, and a map of the city coloured by score.
import { Card, Col, Empty, Row, Skeleton, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useNavigate } from 'react-router-dom';
import { useI18n } from '../../shared/i18n';
import { LoadError } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import { LeagueMap } from './charts';
import { Movement, PageHeader, PlanPeriodBar, planLink, usePeriodLabel, usePlanContext, usePlanFormat } from './common';
import type { LeagueResponse } from './types';

type LeagueRow = LeagueResponse['rows'][number];

export default function PlanLeaguePage() {
  const { t, bi } = useI18n();
  const navigate = useNavigate();
  const fmt = usePlanFormat();
  const periods = usePeriodLabel();
  const ctx = usePlanContext();
  const { year, period } = ctx;
  const league = useApi<LeagueResponse>(year ? `/api/plans/${year}/league` : null, { period });
  const l = league.data && league.data.year === year ? league.data : undefined;

  if (ctx.plans.error && !ctx.plans.data) return <LoadError error={ctx.plans.error} onRetry={ctx.plans.reload} />;

  const weightTitle = (code: string) => {
    const w = l?.weights.find((x) => x.targetCode === code);
    return w ? bi(w.title) : code;
  };

  const columns: ColumnsType<LeagueRow> = [
    { title: t('plan.league.rank'), dataIndex: 'rank', fixed: 'left', width: 64, align: 'center', className: 'hm-num', render: (n: number) => <strong>{n}</strong> },
    {
      title: t('plan.league.movement'),
      key: 'movement',
      width: 80,
      align: 'center',
      render: (_, r) => <Movement movement={r.movement} testId={`movement-${r.districtCode}`} />,
    },
    {
      title: t('plan.league.district'),
      key: 'district',
      render: (_, r) => (
        <Link to={planLink(`/plan/districts/${r.districtCode}`, year, period)} style={{ whiteSpace: 'nowrap' }}>
          {r.districtName}
        </Link>
      ),
    },
    { title: t('plan.league.score'), dataIndex: 'score', align: 'right', className: 'hm-num', render: (n: number) => <strong>{fmt.score(n)}</strong> },
    ...(l?.weights ?? []).map((w) => ({
      title: (
        <Tooltip title={`${bi(w.title)} · ${t('plan.league.weight', { w: fmt.num.format(w.weight) })}`}>
          <span className="hm-mono" style={{ borderBottom: '1px dotted rgba(0,0,0,0.45)' }}>
            {w.targetCode}
          </span>
        </Tooltip>
      ),
      key: `c:${w.targetCode}`,
      align: 'right' as const,
      render: (_: unknown, r: LeagueRow) => {
        const c = r.components.find((x) => x.targetCode === w.targetCode);
        if (!c) return t('common.none');
        return (
          <Tooltip title={t('plan.league.componentTip', { ratio: fmt.pct(c.ratio), capped: fmt.pct(c.capped), weight: fmt.num.format(c.weight), points: fmt.score(c.points) })}>
            <span className="hm-num">{fmt.score(c.points)}</span>
          </Tooltip>
        );
      },
    })),
    {
      title: t('plan.league.rating'),
      key: 'rating',
      align: 'right',
      render: (_, r) => (
        <span className="hm-num">
          {r.rating.score !== null ? fmt.mean(r.rating.score) : t('common.none')}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {' '}
            {t('plan.league.ratingN', { n: fmt.num.format(r.rating.n) })}
          </Typography.Text>
        </span>
      ),
    },
  ];

  const method = l && (
    <Card size="small" title={t('plan.league.method')} data-testid="league-method">
      <Typography.Paragraph style={{ whiteSpace: 'pre-line' }}>{bi(l.method)}</Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginBottom: 8 }}>
        {t('plan.league.capText', { cap: fmt.pct(l.cap) })}
        <br />
        {t('plan.league.ratingWeightText', { w: fmt.num.format(l.ratingWeight) })}
      </Typography.Paragraph>
      {l.weights.length > 0 && (
        <Table
          size="small"
          rowKey="targetCode"
          pagination={false}
          scroll={l.weights.length > 12 ? { y: 420 } : undefined}
          dataSource={l.weights}
          columns={[
            {
              title: t('plan.fields.target'),
              key: 'title',
              render: (_, w) => (
                <div style={{ whiteSpace: 'normal' }}>
                  <span className="hm-mono" style={{ marginInlineEnd: 6 }}>
                    {w.targetCode}
                  </span>
                  {weightTitle(w.targetCode)}
                </div>
              ),
            },
            { title: t('plan.league.weightCol'), dataIndex: 'weight', align: 'right', className: 'hm-num', render: (n: number) => fmt.num.format(n) },
          ]}
        />
      )}
    </Card>
  );

  const table = l && (
    <Table<LeagueRow>
      data-testid="league-table"
      rowKey="districtCode"
      size="small"
      columns={columns}
      dataSource={l.rows}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('plan.league.empty') }}
    />
  );

  return (
    <div data-testid="plan-league">
      <PageHeader title={t('plan.league.title')} hint={t('plan.league.hint')} />
      <div style={{ marginBottom: 16 }}>
        <PlanPeriodBar ctx={ctx} shown={l?.period} />
        {l?.previousPeriod && (
          <Typography.Text type="secondary" style={{ display: 'block', marginTop: 6, fontSize: 13 }}>
            {t('plan.league.comparedWith', { period: periods.long(l.previousPeriod) })}
          </Typography.Text>
        )}
      </div>
      {league.error && !l ? (
        <LoadError error={league.error} onRetry={league.reload} />
      ) : !l ? (
        <Skeleton active paragraph={{ rows: 12 }} />
      ) : l.rows.length === 0 ? (
        <Card>
          <Empty description={t('plan.league.empty')} />
        </Card>
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={16}>
            <Card size="small" title={t('plan.league.tableTitle', { period: periods.long(l.period) })}>
              {table}
            </Card>
          </Col>
          <Col xs={24} xl={8}>
            {method}
          </Col>
          <Col xs={24}>
            <Card size="small" title={t('plan.league.mapTitle')}>
              <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
                {t('plan.league.mapHint')}
              </Typography.Paragraph>
              <LeagueMap rows={l.rows} onDistrict={(code) => navigate(planLink(`/plan/districts/${code}`, year, period))} />
            </Card>
          </Col>
        </Row>
      )}
    </div>
  );
}

// 民生报表 公开: the plan's progress for everyone, without signing in, phones first. Aggregates only:
// each target against its time share, the districts' league with a map, and the open data behind it.
// Only /api/public/… is called here; the page is mounted outside the sign-in guard.
import { DownloadOutlined, LoginOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Collapse, Empty, Grid, Layout, Progress, Result, Select, Skeleton, Space, Spin, Table, Tag, theme, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { MapChart } from 'echarts/charts';
import { VisualMapContinuousComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { useMemo, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../shared/api';
import { EChart } from '../../shared/EChart';
import { formatShare } from '../../shared/format';
import { useI18n } from '../../shared/i18n';
import { LangSwitch } from '../../shared/layout/LangSwitch';
import { LoadError } from '../../shared/results';
import { useApi } from '../../shared/useApi';
import type { Light, PublicProgress, Text } from './types';
import { AppBar } from '../../shared/layout/AppBar';

// EChart.tsx bundles the bar chart, tooltip and canvas renderer; the map needs these two as well.
echarts.use([MapChart, VisualMapContinuousComponent]);

/** GET /api/public/plans: the published plans (newest first). */
type PublicPlan = { year: number; name: Text };
type PublicTarget = PublicProgress['targets'][number];
type LeagueRow = PublicProgress['league'][number];
/** GET /api/public/geo/chongqing: the 38 区县. */
type DistrictGeo = {
  type: 'FeatureCollection';
  features: { type: 'Feature'; properties: { code: string | number; name: string }; geometry: unknown }[];
  UTF8Encoding?: boolean;
};

const MAP_NAME = 'huimin-chongqing-districts';
/** How many districts the league shows before "show all". */
const TOP = 10;
/** The summary's order: done, on track, behind, well behind, no data. */
const LIGHT_ORDER: readonly Light[] = ['blue', 'green', 'yellow', 'red', 'grey'];
const LIGHT_COLOR: Record<Light, string> = { blue: '#1677ff', green: '#52c41a', yellow: '#faad14', red: '#ff4d4f', grey: '#bfbfbf' };
const LIGHT_TAG: Record<Light, string> = { blue: 'blue', green: 'green', yellow: 'gold', red: 'red', grey: 'default' };

const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The current year and month in Beijing time. */
function beijingMonth(): { year: number; month: number } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).formatToParts(new Date());
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month') };
}

/** The months of a plan year that can be asked about: all of a past year, up to now in the running one. */
function monthsOf(year: number, latest: string | undefined): string[] {
  const now = beijingMonth();
  let last = year < now.year ? 12 : year === now.year ? now.month : 0;
  if (latest && latest.startsWith(`${year}-`)) last = Math.max(last, Number(latest.slice(5)));
  return Array.from({ length: last }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
}

/** "G1.2" → "G1"; goals (G1…G7) first, then measures (M1…M42), each in numeric order. */
function groupTargets(targets: PublicTarget[]): { code: string; goal: boolean; targets: PublicTarget[] }[] {
  const groups = new Map<string, PublicTarget[]>();
  for (const t of targets) {
    const code = t.code.split('.')[0] ?? t.code;
    const list = groups.get(code);
    if (list) list.push(t);
    else groups.set(code, [t]);
  }
  const order = (code: string) => [code.startsWith('G') ? 0 : code.startsWith('M') ? 1 : 2, Number(code.slice(1)) || 0] as const;
  return [...groups.entries()]
    .map(([code, list]) => ({ code, goal: code.startsWith('G'), targets: list }))
    .sort((a, b) => {
      const [ka, na] = order(a.code);
      const [kb, nb] = order(b.code);
      return ka - kb || na - nb || a.code.localeCompare(b.code);
    });
}

function usePublicFormat() {
  const { t, dyn, locale, lang } = useI18n();
  return useMemo(() => {
    const num = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    const one = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    const monthName = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' });
    /** A value in its unit: "12,345 人", "96.2%", "12.5 亿元". */
    const quantity = (v: number | null, unit: string | null): string => {
      if (v === null || !Number.isFinite(v)) return t('planPublic.noActual');
      if (unit === 'percent') return `${one.format(v)}%`;
      const label = unit ? dyn(`planPublic.units.${unit}`, unit) : '';
      if (!label) return num.format(v);
      return lang === 'en' ? `${num.format(v)} ${label}` : `${num.format(v)}${label}`;
    };
    /** The target in the plan's terms: "≥ 95.0%", "5.5% 左右", "动态清零". */
    const target = (r: PublicTarget): string => {
      if (r.comparator === 'milestone' || r.comparator === 'zero_outstanding') return t(`planPublic.comparator.${r.comparator}`, { value: '' });
      if (r.target === null) return t('common.none');
      return t(`planPublic.comparator.${r.comparator}`, { value: quantity(r.target, r.unit) });
    };
    /** A 0…1 share as a one-decimal percentage. */
    const share = (x: number | null): string => (x === null || !Number.isFinite(x) ? t('common.none') : formatShare(x, 1));
    /** "2023-05" → "2023年5月" / "May 2023". */
    const month = (p: string): string => {
      if (!MONTH_RE.test(p)) return p;
      return monthName.format(Date.UTC(Number(p.slice(0, 4)), Number(p.slice(5, 7)) - 1, 1));
    };
    return { num, quantity, target, share, month, score: (s: number) => one.format(s) };
  }, [t, dyn, locale, lang]);
}

type Format = ReturnType<typeof usePublicFormat>;

function isNotFound(e: unknown): boolean {
  return e instanceof ApiError && (e.code === 'NOT_FOUND' || e.status === 404);
}

// --- Page ------------------------------------------------------------------------------------------

export default function PublicProgressPage() {
  const { t } = useI18n();
  const { year: yearParam } = useParams();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const plans = useApi<PublicPlan[]>('/api/public/plans');
  const years = useMemo(() => [...(plans.data ?? [])].sort((a, b) => b.year - a.year), [plans.data]);

  const badYear = yearParam !== undefined && !/^\d{4}$/.test(yearParam);
  // With a year in the address the progress is asked for at once; without, the newest published plan.
  const year = yearParam !== undefined ? (badYear ? null : Number(yearParam)) : (years[0]?.year ?? null);
  const rawPeriod = params.get('period');
  const period = rawPeriod && MONTH_RE.test(rawPeriod) && year !== null && rawPeriod.startsWith(`${year}-`) ? rawPeriod : undefined;
  const progress = useApi<PublicProgress>(year !== null ? `/api/public/plans/${year}/progress` : null, { period });

  let body: ReactNode;
  if (badYear) {
    body = <PlanNotFound year={yearParam ?? ''} />;
  } else if (year === null) {
    if (plans.error) body = <LoadError error={plans.error} onRetry={plans.reload} />;
    else if (!plans.data) body = <PageSkeleton />;
    else
      body = (
        <Card data-testid="public-no-plans">
          <Empty description={t('planPublic.noPlans')} />
        </Card>
      );
  } else if (progress.error) {
    body = isNotFound(progress.error) ? <PlanNotFound year={String(year)} /> : <LoadError error={progress.error} onRetry={progress.reload} />;
  } else if (!progress.data) {
    body = <PageSkeleton />;
  } else {
    body = (
      <ProgressView
        data={progress.data}
        loading={progress.loading}
        year={year}
        period={period ?? (progress.data.year === year ? progress.data.period : undefined)}
        years={years}
        onYear={(y) => navigate(`/public/${y}`)}
        onPeriod={(p) => setParams({ period: p }, { replace: true })}
      />
    );
  }

  return <PublicShell>{body}</PublicShell>;
}

/** The slim top bar of the public pages: name, language, sign-in. */
function PublicShell({ children }: { children: ReactNode }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <AppBar title={t('planPublic.brand')}>
        <LangSwitch />
        <Button
          icon={<LoginOutlined />}
          href="/login"
          data-testid="public-login"
          aria-label={t('planPublic.login')}
          onClick={(e) => {
            e.preventDefault();
            navigate('/login');
          }}
        >
          {/* On a narrow phone the English bar keeps only the icon; the footer repeats the link. */}
          {screens.sm || lang === 'zh-CN' ? t('planPublic.login') : null}
        </Button>
      </AppBar>
      <Layout.Content style={{ width: '100%', maxWidth: 720, margin: '0 auto', padding: 12, boxSizing: 'border-box' }} data-testid="public-progress">
        {children}
      </Layout.Content>
    </Layout>
  );
}

function PageSkeleton() {
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card size="small">
        <Skeleton active paragraph={{ rows: 3 }} />
      </Card>
      <Card size="small">
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    </Space>
  );
}

function PlanNotFound({ year }: { year: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      data-testid="public-plan-not-found"
      title={t('planPublic.planNotFound', { year })}
      extra={
        <Button
          type="primary"
          href="/public"
          onClick={(e) => {
            e.preventDefault();
            navigate('/public');
          }}
        >
          {t('planPublic.backToLatest')}
        </Button>
      }
    />
  );
}

// --- The progress ----------------------------------------------------------------------------------

function ProgressView({
  data,
  loading,
  year,
  period,
  years,
  onYear,
  onPeriod,
}: {
  data: PublicProgress;
  loading: boolean;
  /** The year and month asked for (the data on screen may still be the previous answer). */
  year: number;
  period: string | undefined;
  years: PublicPlan[];
  onYear: (year: number) => void;
  onPeriod: (period: string) => void;
}) {
  const { t, bi } = useI18n();
  const fmt = usePublicFormat();
  const [filter, setFilter] = useState<Light | null>(null);
  const months = monthsOf(year, data.year === year ? data.period : undefined);
  const yearOptions = (years.some((p) => p.year === year) ? years.map((p) => p.year) : [year, ...years.map((p) => p.year)]).map((y) => ({
    value: y,
    label: t('planPublic.yearValue', { year: y }),
  }));

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%', opacity: loading ? 0.6 : 1, transition: 'opacity .2s' }} aria-busy={loading}>
      <Card size="small" styles={{ body: { padding: 14 } }}>
        <Typography.Title level={4} style={{ margin: 0, overflowWrap: 'anywhere' }} data-testid="public-plan-name">
          {bi(data.name)}
        </Typography.Title>
        <Typography.Text type="secondary" data-testid="public-period">
          {t('planPublic.asOf', { month: fmt.month(data.period) })}
        </Typography.Text>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginTop: 12 }}>
          <Select<number>
            aria-label={t('planPublic.year')}
            data-testid="public-year"
            value={year}
            options={yearOptions}
            onChange={onYear}
            style={{ flex: '1 1 120px', minWidth: 0 }}
          />
          {months.length > 0 && (
            <Select<string>
              aria-label={t('planPublic.month')}
              data-testid="public-month"
              value={period && months.includes(period) ? period : undefined}
              placeholder={t('planPublic.month')}
              options={[...months].reverse().map((m) => ({ value: m, label: fmt.month(m) }))}
              onChange={onPeriod}
              style={{ flex: '1 1 140px', minWidth: 0 }}
            />
          )}
        </div>
        <div style={{ marginTop: 14 }} data-testid="public-time-share">
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
            <Typography.Text strong>{t('planPublic.timeShare')}</Typography.Text>
            <Typography.Text strong className="hm-num">
              {fmt.share(data.timeShare)}
            </Typography.Text>
          </div>
          <Progress percent={Math.max(0, Math.min(100, data.timeShare * 100))} showInfo={false} aria-label={t('planPublic.timeShare')} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('planPublic.timeShareHelp', { month: fmt.month(data.period), share: fmt.share(data.timeShare) })}
          </Typography.Text>
        </div>
        <Typography.Paragraph type="secondary" style={{ fontSize: 13, margin: '12px 0 0' }}>
          {t('planPublic.intro')}
        </Typography.Paragraph>
      </Card>

      <LightSummary data={data} filter={filter} onFilter={setFilter} fmt={fmt} />
      <Targets targets={data.targets} filter={filter} onClearFilter={() => setFilter(null)} fmt={fmt} />
      <League league={data.league} fmt={fmt} />

      <Card size="small" title={t('planPublic.openData')} data-testid="public-open-data">
        <Typography.Paragraph style={{ fontSize: 13 }}>{t('planPublic.openDataHelp')}</Typography.Paragraph>
        <Space wrap>
          <Button icon={<DownloadOutlined />} href={`/api/public/plans/${data.year}/observations.csv`} download={`huimin-plan-${data.year}-observations.csv`} data-testid="download-csv">
            {t('planPublic.downloadCsv')}
          </Button>
          <Button icon={<DownloadOutlined />} href={`/api/public/plans/${data.year}/observations.json`} download={`huimin-plan-${data.year}-observations.json`} data-testid="download-json">
            {t('planPublic.downloadJson')}
          </Button>
        </Space>
      </Card>

      <div style={{ textAlign: 'center', padding: '4px 0 16px' }}>
        <Link to="/login" data-testid="public-login-footer">
          <LoginOutlined /> {t('planPublic.loginFull')}
        </Link>
        <div style={{ marginTop: 8 }}>
          <Link to="/report/wage-arrears" data-testid="public-report-link">
            {t('casesPublic.footerReport')}
          </Link>
        </div>
        <div style={{ marginTop: 4 }}>
          <Link to="/track" data-testid="public-track-link">
            {t('casesPublic.footerTrack')}
          </Link>
        </div>
      </div>
    </Space>
  );
}

/** The count of targets under each light; a tap shows only those targets. */
function LightSummary({ data, filter, onFilter, fmt }: { data: PublicProgress; filter: Light | null; onFilter: (l: Light | null) => void; fmt: Format }) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  return (
    <Card size="small" title={t('planPublic.summary')} extra={<Typography.Text type="secondary">{t('planPublic.targetCount', { count: data.targets.length })}</Typography.Text>}>
      <div role="group" aria-label={t('planPublic.summary')} style={{ display: 'grid', gridTemplateColumns: 'repeat(5, minmax(0, 1fr))', gap: 6 }} data-testid="public-summary">
        {LIGHT_ORDER.map((l) => {
          const n = data.summary[l] ?? 0;
          const active = filter === l;
          return (
            <button
              key={l}
              type="button"
              aria-pressed={active}
              disabled={n === 0}
              title={t(`planPublic.lightHelp.${l}`)}
              data-testid={`summary-${l}`}
              onClick={() => onFilter(active ? null : l)}
              style={{
                minWidth: 0,
                minHeight: 64,
                padding: '6px 2px',
                borderStyle: 'solid',
                borderWidth: '4px 1px 1px',
                borderColor: `${LIGHT_COLOR[l]} ${active ? LIGHT_COLOR[l] : token.colorBorderSecondary} ${active ? LIGHT_COLOR[l] : token.colorBorderSecondary}`,
                borderRadius: token.borderRadius,
                background: active ? token.colorFillSecondary : token.colorBgContainer,
                cursor: n === 0 ? 'default' : 'pointer',
                opacity: n === 0 ? 0.55 : 1,
                font: 'inherit',
                color: token.colorText,
              }}
            >
              <div className="hm-num" style={{ fontSize: 20, fontWeight: 600, lineHeight: 1.2 }}>
                {fmt.num.format(n)}
              </div>
              <div style={{ fontSize: 12, lineHeight: 1.3, overflowWrap: 'anywhere' }}>{t(`planPublic.light.${l}`)}</div>
            </button>
          );
        })}
      </div>
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginTop: 8 }}>
        {t('planPublic.summaryHelp')}
      </Typography.Text>
    </Card>
  );
}

function LightTag({ light }: { light: Light }) {
  const { t } = useI18n();
  return (
    <Tag color={LIGHT_TAG[light]} style={{ marginInlineEnd: 0, flex: 'none' }} data-testid="target-light" data-light={light}>
      <span aria-hidden style={{ display: 'inline-block', width: 8, height: 8, borderRadius: '50%', background: LIGHT_COLOR[light], marginInlineEnd: 4 }} />
      {t(`planPublic.light.${light}`)}
    </Tag>
  );
}

function Targets({ targets, filter, onClearFilter, fmt }: { targets: PublicTarget[]; filter: Light | null; onClearFilter: () => void; fmt: Format }) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  const groups = useMemo(() => groupTargets(targets), [targets]);
  const shown = filter ? groups.map((g) => ({ ...g, targets: g.targets.filter((r) => r.light === filter) })).filter((g) => g.targets.length > 0) : groups;
  const goals = shown.filter((g) => g.goal);
  const measures = shown.filter((g) => !g.goal);

  const banner = filter && (
    <Alert
      type="info"
      showIcon
      title={t('planPublic.filtered', { light: t(`planPublic.light.${filter}`) })}
      action={
        <Button size="small" type="link" onClick={onClearFilter} data-testid="clear-filter">
          {t('planPublic.showAll')}
        </Button>
      }
    />
  );

  if (targets.length === 0)
    return (
      <Card size="small">
        <Empty description={t('planPublic.noTargets')} />
      </Card>
    );
  if (shown.length === 0)
    return (
      <Card size="small">
        {banner}
        <Empty description={t('planPublic.noMatch')} />
      </Card>
    );

  const rows = (list: PublicTarget[]) => (
    <div role="list">
      {list.map((r, i) => (
        <TargetRow key={r.code} row={r} fmt={fmt} last={i === list.length - 1} />
      ))}
    </div>
  );

  return (
    <>
      {banner}
      {goals.length > 0 && (
        <Card size="small" title={t('planPublic.goals')} data-testid="public-goals">
          {goals.map((g, gi) => (
            <section key={g.code} aria-label={g.code} style={{ marginTop: gi === 0 ? 0 : 12, paddingTop: gi === 0 ? 0 : 12, borderTop: gi === 0 ? undefined : `1px solid ${token.colorSplit}` }}>
              <GroupLabel code={g.code} targets={g.targets} />
              {rows(g.targets)}
            </section>
          ))}
        </Card>
      )}
      {measures.length > 0 && (
        <Card size="small" title={t('planPublic.measures')} data-testid="public-measures" styles={{ body: { padding: '4px 0' } }}>
          <Collapse
            // A filter opens every group it leaves, so the matching targets are seen at once.
            key={filter ?? 'all'}
            ghost
            defaultActiveKey={filter ? measures.map((g) => g.code) : []}
            items={measures.map((g) => ({ key: g.code, label: <GroupLabel code={g.code} targets={g.targets} />, children: rows(g.targets) }))}
          />
        </Card>
      )}
    </>
  );
}

/** "G1 · 4 项" and one dot per target in its light. */
function GroupLabel({ code, targets }: { code: string; targets: PublicTarget[] }) {
  const { t } = useI18n();
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
      <Tag style={{ marginInlineEnd: 0 }} className="hm-mono">
        {code}
      </Tag>
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {t('planPublic.groupCount', { count: targets.length })}
      </Typography.Text>
      <span aria-hidden style={{ display: 'inline-flex', gap: 3, flexWrap: 'wrap' }}>
        {targets.map((r) => (
          <span key={r.code} style={{ width: 8, height: 8, borderRadius: '50%', background: LIGHT_COLOR[r.light] }} />
        ))}
      </span>
    </div>
  );
}

function TargetRow({ row, fmt, last }: { row: PublicTarget; fmt: Format; last: boolean }) {
  const { t, bi } = useI18n();
  const { token } = theme.useToken();
  const completion = row.completion !== null && Number.isFinite(row.completion) ? row.completion : null;
  return (
    <div role="listitem" data-testid="public-target" data-code={row.code} data-light={row.light} style={{ padding: '10px 0', borderBottom: last ? undefined : `1px solid ${token.colorSplit}` }}>
      <div style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
        <div style={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere' }}>
          <Typography.Text strong>{bi(row.title)}</Typography.Text>{' '}
          <Typography.Text type="secondary" className="hm-mono" style={{ fontSize: 12 }}>
            {row.code}
          </Typography.Text>
        </div>
        <LightTag light={row.light} />
      </div>
      <div style={{ display: 'flex', flexWrap: 'wrap', columnGap: 16, rowGap: 2, fontSize: 13, marginTop: 4 }}>
        <span>
          <Typography.Text type="secondary">{t('planPublic.target')}</Typography.Text> <span className="hm-num">{fmt.target(row)}</span>
        </span>
        <span>
          <Typography.Text type="secondary">{t('planPublic.actual')}</Typography.Text> <span className="hm-num">{fmt.quantity(row.actual, row.unit)}</span>
        </span>
      </div>
      {completion !== null ? (
        <Progress
          size="small"
          percent={Math.max(0, Math.min(100, completion * 100))}
          strokeColor={LIGHT_COLOR[row.light]}
          // The light, not the bar's length, says whether a target is met.
          status="normal"
          format={() => <span className="hm-num">{fmt.share(completion)}</span>}
          aria-label={`${t('planPublic.completion')} ${fmt.share(completion)}`}
          style={{ margin: '4px 0 0' }}
        />
      ) : (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('planPublic.noCompletion')}
        </Typography.Text>
      )}
    </div>
  );
}

// --- The league ------------------------------------------------------------------------------------

function League({ league, fmt }: { league: LeagueRow[]; fmt: Format }) {
  const { t } = useI18n();
  const [all, setAll] = useState(false);
  const rows = useMemo(() => [...league].sort((a, b) => a.rank - b.rank || b.score - a.score), [league]);
  const columns: ColumnsType<LeagueRow> = [
    {
      title: t('planPublic.rank'),
      dataIndex: 'rank',
      width: 64,
      align: 'center',
      className: 'hm-num',
      render: (r: number) => (r <= 3 ? <Typography.Text strong>{r}</Typography.Text> : r),
    },
    { title: t('planPublic.district'), dataIndex: 'districtName', render: (n: string) => <span style={{ overflowWrap: 'anywhere' }}>{n}</span> },
    { title: t('planPublic.score'), dataIndex: 'score', align: 'right', width: 96, className: 'hm-num', render: (s: number) => fmt.score(s) },
  ];
  return (
    <Card size="small" title={t('planPublic.league')} data-testid="public-league">
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('planPublic.leagueHelp')}
      </Typography.Paragraph>
      {rows.length === 0 ? (
        <Empty description={t('planPublic.noLeague')} />
      ) : (
        <>
          <DistrictMap league={rows} fmt={fmt} />
          <Table<LeagueRow>
            size="small"
            rowKey="districtCode"
            columns={columns}
            dataSource={all ? rows : rows.slice(0, TOP)}
            pagination={false}
            data-testid="league-table"
            style={{ marginTop: 8 }}
          />
          {rows.length > TOP && (
            <Button type="link" block onClick={() => setAll((v) => !v)} data-testid="league-toggle" style={{ marginTop: 4 }}>
              {all ? t('planPublic.showTopDistricts', { count: TOP }) : t('planPublic.showAllDistricts', { count: rows.length })}
            </Button>
          )}
        </>
      )}
    </Card>
  );
}

/** The 38 区县 shaded by score; a tap shows the district's rank and score. */
function DistrictMap({ league, fmt }: { league: LeagueRow[]; fmt: Format }) {
  const { t } = useI18n();
  const geo = useApi<DistrictGeo>('/api/public/geo/chongqing');

  // Regions are registered under their codes, so the league (by code) and the map meet exactly
  // whatever the spelling of the names; the names are kept for the tooltip.
  const names = useMemo(() => {
    const features = Array.isArray(geo.data?.features) ? geo.data.features : [];
    if (features.length === 0) return null;
    const byCode = new Map<string, string>();
    const renamed = features.map((f) => {
      const code = String(f.properties?.code ?? f.properties?.name ?? '');
      byCode.set(code, f.properties?.name ?? code);
      return { ...f, properties: { ...f.properties, name: code } };
    });
    // Everything else is kept as sent (an ECharts-compressed file carries `UTF8Encoding` at the top).
    echarts.registerMap(MAP_NAME, { ...geo.data, features: renamed } as unknown as Parameters<typeof echarts.registerMap>[1]);
    return byCode;
  }, [geo.data]);

  const option = useMemo<EChartsCoreOption | null>(() => {
    if (!names) return null;
    const byCode = new Map(league.map((r) => [r.districtCode, r]));
    const scores = league.map((r) => r.score);
    const min = Math.min(...scores);
    const max = Math.max(...scores);
    const enc = echarts.format.encodeHTML;
    const nameOf = (code: string) => byCode.get(code)?.districtName ?? names.get(code) ?? code;
    return {
      tooltip: {
        trigger: 'item',
        confine: true,
        formatter: (p: unknown) => {
          const code = String((p as { name?: unknown }).name ?? '');
          const r = byCode.get(code);
          const head = `<strong>${enc(nameOf(code))}</strong>`;
          if (!r) return `${head}<br/>${enc(t('planPublic.mapNoScore'))}`;
          return `${head}<br/>${enc(t('planPublic.rankValue', { rank: r.rank }))} · ${enc(t('planPublic.score'))} ${enc(fmt.score(r.score))}`;
        },
      },
      visualMap: {
        type: 'continuous',
        min,
        max: max > min ? max : min + 1,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        itemWidth: 10,
        itemHeight: 140,
        calculable: false,
        text: [t('planPublic.mapHigh'), t('planPublic.mapLow')],
        textStyle: { fontSize: 12 },
        inRange: { color: ['#dbe8fb', '#1f5fbf'] },
      },
      series: [
        {
          type: 'map',
          map: MAP_NAME,
          roam: false,
          top: 4,
          bottom: 36,
          left: 4,
          right: 4,
          selectedMode: false,
          label: { show: false },
          itemStyle: { areaColor: '#f0f0f0', borderColor: '#ffffff', borderWidth: 0.8 },
          emphasis: {
            label: { show: true, fontSize: 11, formatter: (p: unknown) => nameOf(String((p as { name?: unknown }).name ?? '')) },
            itemStyle: { areaColor: LIGHT_COLOR.yellow },
          },
          data: league.map((r) => ({ name: r.districtCode, value: r.score })),
        },
      ],
    };
  }, [names, league, t, fmt]);

  if (geo.error || (geo.data && !names)) return <Alert type="info" showIcon title={t('planPublic.mapUnavailable')} data-testid="map-unavailable" />;
  if (!option)
    return (
      <div style={{ height: 300, display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
        <Spin />
      </div>
    );
  return (
    <figure style={{ margin: 0 }} aria-label={t('planPublic.map')}>
      <EChart option={option} style={{ height: 320 }} testId="district-map" />
    </figure>
  );
}

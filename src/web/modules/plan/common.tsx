// Pieces the plan-tracker (民生报表) pages share: who may do what, the plan year and month kept in
// the address, status lights with their legend, numbers and targets in words, the progress table,
// department and district names, submission tags and findings, and error alerts (409 included).
import { Alert, Card, DatePicker, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useMemo, type ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ApiError } from '../../shared/api';
import { useAuth } from '../../shared/auth';
import { formatShare } from '../../shared/format';
import { useI18n } from '../../shared/i18n';
import type { DivisionView } from '../../shared/types';
import { useApi } from '../../shared/useApi';
import type { Finding, Light, LightCounts, PlanSummary, ProgressResponse, SubmissionRow, SubmissionStatus, TargetInfo, TargetProgress } from './types';

export const CITY_CODE = '500000';
const PERIOD_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

// --- Access ----------------------------------------------------------------------------------------

/** What the signed-in user may do in the plan tracker (the server enforces it; the UI only hides). */
export function usePlanAccess() {
  const { user } = useAuth();
  return useMemo(
    () => ({
      user,
      read: !!user?.permissions.includes('plan.read'),
      admin: !!user?.permissions.includes('plan.admin'),
      report: !!user?.permissions.includes('plan.report'),
      approve: !!user?.permissions.includes('plan.approve'),
      /** City-level users see the whole city and may pick any district. */
      cityWide: user?.orgCode === CITY_CODE,
      /** The district of a district or township user (the first six digits of their org code). */
      ownDistrict: user && user.orgCode !== CITY_CODE && user.orgCode.length >= 6 ? user.orgCode.slice(0, 6) : null,
    }),
    [user],
  );
}

// --- Plan year and month ---------------------------------------------------------------------------

/** The plan year and month, kept in the address (`?year=&period=`), so links and reloads keep them. */
export function usePlanContext() {
  const [params, setParams] = useSearchParams();
  const plans = useApi<PlanSummary[]>('/api/plans');
  const askedYear = Number(params.get('year'));
  const known = plans.data?.some((p) => p.year === askedYear);
  const year = askedYear && (known || !plans.data) ? askedYear : plans.data?.[0]?.year;
  const rawPeriod = params.get('period');
  const period = rawPeriod && PERIOD_RE.test(rawPeriod) && (!year || rawPeriod.startsWith(String(year))) ? rawPeriod : undefined;

  const set = useCallback(
    (next: Record<string, string | undefined>) => {
      setParams(
        (prev) => {
          const q = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(next)) {
            if (v) q.set(k, v);
            else q.delete(k);
          }
          return q;
        },
        { replace: true },
      );
    },
    [setParams],
  );

  return {
    plans,
    year,
    period,
    params,
    set,
    setYear: (y: number) => set({ year: String(y), period: undefined }),
    setPeriod: (p: string | undefined) => set({ period: p }),
  };
}

export type PlanContext = ReturnType<typeof usePlanContext>;

/** `path?year=&period=` for links between the plan pages. */
export function planLink(path: string, year: number | undefined, period?: string | null, extra?: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  if (year) q.set('year', String(year));
  if (period) q.set('period', period);
  for (const [k, v] of Object.entries(extra ?? {})) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** The month a unit normally reports for: the last month that has ended, inside the plan year. */
export function defaultReportPeriod(year: number): string {
  const now = new Date();
  const y = now.getFullYear();
  if (year < y) return `${year}-12`;
  if (year > y) return `${year}-01`;
  const m = Math.max(1, now.getMonth()); // getMonth() is the current month − 1: the month before
  return `${year}-${String(m).padStart(2, '0')}`;
}

/** Plan year and month pickers; `shown` is the month the server answered for when none was asked. */
export function PlanPeriodBar({
  ctx,
  shown,
  allowClear = false,
  month = true,
  extra,
}: {
  ctx: PlanContext;
  shown?: string | undefined;
  allowClear?: boolean;
  /** false: the year only (pages whose data does not depend on the month). */
  month?: boolean;
  extra?: ReactNode;
}) {
  const { t, bi } = useI18n();
  const value = ctx.period ?? shown;
  return (
    <Space wrap size={[8, 8]}>
      <Select
        data-testid="plan-year"
        style={{ minWidth: 120, maxWidth: '100%' }}
        loading={ctx.plans.loading}
        value={ctx.year}
        onChange={(y: number) => ctx.setYear(y)}
        aria-label={t('plan.common.year')}
        options={(ctx.plans.data ?? []).map((p) => ({ value: p.year, label: t('plan.common.yearOption', { year: p.year }), title: bi(p.name) }))}
      />
      {month && (
        <DatePicker
        data-testid="plan-period"
        picker="month"
        format="YYYY-MM"
        allowClear={allowClear}
        placeholder={t('plan.common.period')}
        aria-label={t('plan.common.period')}
        value={value ? dayjs(`${value}-01`) : null}
        disabledDate={(d: Dayjs) => !!ctx.year && d.year() !== ctx.year}
        onChange={(d: Dayjs | null) => ctx.setPeriod(d ? d.format('YYYY-MM') : undefined)}
        style={{ width: 140 }}
        />
      )}
      {extra}
    </Space>
  );
}

// --- Lights ----------------------------------------------------------------------------------------

export const LIGHTS: readonly Light[] = ['green', 'yellow', 'red', 'blue', 'grey'];
export const LIGHT_COLOR: Record<Light, string> = { green: '#389e0d', yellow: '#faad14', red: '#cf1322', blue: '#1f5fbf', grey: '#bfbfbf' };

export function LightDot({ light, size = 12 }: { light: Light; size?: number }) {
  return <span aria-hidden style={{ display: 'inline-block', width: size, height: size, borderRadius: '50%', background: LIGHT_COLOR[light], flex: 'none', verticalAlign: 'middle' }} />;
}

/** A status light with its meaning in words (colour is never the only signal). */
export function LightTag({ light }: { light: Light }) {
  const { t } = useI18n();
  return (
    <span data-testid={`light-${light}`} data-light={light} style={{ display: 'inline-flex', alignItems: 'center', gap: 6, whiteSpace: 'nowrap' }}>
      <LightDot light={light} />
      {t(`plan.light.${light}`)}
    </span>
  );
}

/** How many targets show each light. */
export function LightSummary({ counts, testId }: { counts: LightCounts; testId?: string }) {
  const { t } = useI18n();
  const num = usePlanFormat().num;
  return (
    <Space wrap size={[12, 6]} data-testid={testId}>
      {LIGHTS.map((l) => (
        <span key={l} data-testid={testId ? `${testId}-${l}` : undefined} style={{ display: 'inline-flex', alignItems: 'center', gap: 6, whiteSpace: 'nowrap' }}>
          <LightDot light={l} />
          {t(`plan.light.${l}`)}
          <strong className="hm-num">{num.format(counts[l] ?? 0)}</strong>
        </span>
      ))}
    </Space>
  );
}

/** What each light means, with the thresholds the server used. */
export function LightLegend({ thresholds, timeShare }: { thresholds: ProgressResponse['thresholds']; timeShare?: number }) {
  const { t } = useI18n();
  const fmt = usePlanFormat();
  const vars = { yellow: fmt.num.format(thresholds.yellow), red: fmt.num.format(thresholds.red) };
  return (
    <div data-testid="light-legend" style={{ fontSize: 13 }}>
      {timeShare !== undefined && (
        <Typography.Paragraph style={{ marginBottom: 6 }}>
          {t('plan.legend.timeShare')}
          <strong className="hm-num">{fmt.pct(timeShare)}</strong>
          <Typography.Text type="secondary"> · {t('plan.legend.timeShareHint')}</Typography.Text>
        </Typography.Paragraph>
      )}
      <Space wrap size={[16, 4]}>
        {LIGHTS.map((l) => (
          <span key={l} style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
            <LightDot light={l} size={10} />
            <span>
              <strong>{t(`plan.light.${l}`)}</strong> {t(`plan.legend.${l}`, vars)}
            </span>
          </span>
        ))}
      </Space>
    </div>
  );
}

// --- Numbers in words ------------------------------------------------------------------------------

/** Numbers with thousands separators, shares as percents with one decimal, targets in words. */
export function usePlanFormat() {
  const { t, dyn, locale } = useI18n();
  return useMemo(() => {
    const num = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    const one = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    const two = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const none = t('common.none');
    /** A share (0…1, may exceed 1) as a percent with one decimal. */
    const pct = (ratio: number | null | undefined) => (ratio === null || ratio === undefined || !Number.isFinite(ratio) ? none : formatShare(ratio, 1));
    const unitLabel = (unit: string | null | undefined) => (unit ? dyn(`plan.units.${unit}`, unit) : '');
    /** A value in the target's unit: percent-unit values hold 95 for 95%. */
    const amount = (v: number | null | undefined, unit: string | null | undefined): string => {
      if (v === null || v === undefined || !Number.isFinite(v)) return none;
      if (unit === 'percent') return `${one.format(v)}%`;
      const u = unitLabel(unit);
      return u ? t('plan.common.withUnit', { n: num.format(v), unit: u }) : num.format(v);
    };
    /** An estimate (expected by now, forecast): whole numbers from 100 up, one decimal below. */
    const estimate = (v: number | null | undefined, unit: string | null | undefined): string => {
      if (v === null || v === undefined || !Number.isFinite(v) || unit === 'percent') return amount(v, unit);
      const rounded = Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 10) / 10;
      return amount(rounded, unit);
    };
    /** Points behind (positive) or ahead of (negative) the time line. */
    const gap = (points: number | null | undefined): string => {
      if (points === null || points === undefined || !Number.isFinite(points)) return none;
      if (Math.abs(points) < 0.05) return t('plan.common.onPace');
      return points > 0 ? t('plan.common.behind', { n: one.format(points) }) : t('plan.common.ahead', { n: one.format(-points) });
    };
    /** The target in the plan's own terms: "60,000 人以上", "5.5% 左右(±0.5)", "动态清零". */
    const targetText = (info: Pick<TargetInfo, 'comparator' | 'tolerance' | 'unit' | 'indicator'>, value: number | null | undefined): string => {
      const v = amount(value, info.unit);
      const level = info.indicator ? t(`plan.unitLevel.${info.indicator.unitLevel}`) : t('plan.unitLevel.district');
      if (info.comparator === 'milestone' || info.comparator === 'zero_outstanding') return t(`plan.comparatorText.${info.comparator}`);
      if ((value === null || value === undefined) && info.comparator !== 'every_unit') return t(`plan.comparator.${info.comparator}`);
      const base = t(`plan.comparatorText.${info.comparator}`, { v, level });
      if (info.comparator === 'about' && info.tolerance) return `${base}${t('plan.common.tolerance', { tol: info.unit === 'percent' ? one.format(info.tolerance) : num.format(info.tolerance) })}`;
      return base;
    };
    const score = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? none : one.format(v));
    const mean = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? none : two.format(v));
    return { num, one, pct, amount, estimate, gap, targetText, unitLabel, score, mean };
  }, [t, dyn, locale]);
}

/** "2023-06" as "2023年6月" / "June 2023". */
export function usePeriodLabel() {
  const { locale } = useI18n();
  return useMemo(() => {
    const long = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' });
    const short = new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' });
    const date = (p: string) => new Date(Date.UTC(Number(p.slice(0, 4)), Number(p.slice(5, 7)) - 1, 1));
    return {
      long: (p: string | null | undefined) => (p && PERIOD_RE.test(p) ? long.format(date(p)) : (p ?? '—')),
      month: (p: string) => (PERIOD_RE.test(p) ? short.format(date(p)) : p),
    };
  }, [locale]);
}

/** Completion against time: the bar is the share reached, the mark is the share of the year gone. */
export function CompletionBar({ completion, timeShare, light, testId }: { completion: number | null; timeShare: number; light: Light; testId?: string }) {
  const { t } = useI18n();
  const fmt = usePlanFormat();
  const width = completion === null ? 0 : Math.max(0, Math.min(1, completion)) * 100;
  const mark = Math.max(0, Math.min(1, timeShare)) * 100;
  return (
    <div data-testid={testId} style={{ minWidth: 130 }}>
      <div className="hm-num" style={{ fontSize: 13 }}>
        {fmt.pct(completion)}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {' '}
          / {t('plan.common.timeShort')} {fmt.pct(timeShare)}
        </Typography.Text>
      </div>
      <div
        role="img"
        aria-label={t('plan.common.completionVsTime', { completion: fmt.pct(completion), time: fmt.pct(timeShare) })}
        style={{ position: 'relative', height: 6, borderRadius: 3, background: 'rgba(0,0,0,0.06)', marginTop: 4 }}
      >
        <div style={{ position: 'absolute', left: 0, top: 0, bottom: 0, width: `${width}%`, borderRadius: 3, background: LIGHT_COLOR[light] }} />
        <div style={{ position: 'absolute', left: `calc(${mark}% - 1px)`, top: -3, bottom: -3, width: 2, background: 'rgba(0,0,0,0.65)' }} />
      </div>
    </div>
  );
}

/** Places gained (▲) or lost (▼) since the month before. */
export function Movement({ movement, testId }: { movement: number | null | undefined; testId?: string }) {
  const { t } = useI18n();
  if (movement === null || movement === undefined)
    return (
      <Typography.Text type="secondary" data-testid={testId}>
        {t('plan.common.newEntry')}
      </Typography.Text>
    );
  if (movement === 0)
    return (
      <Typography.Text type="secondary" data-testid={testId} aria-label={t('plan.common.unchanged')}>
        —
      </Typography.Text>
    );
  const up = movement > 0;
  return (
    <span
      className="hm-num"
      data-testid={testId}
      aria-label={up ? t('plan.common.up', { n: movement }) : t('plan.common.down', { n: -movement })}
      style={{ color: up ? LIGHT_COLOR.green : LIGHT_COLOR.red, fontWeight: 500 }}
    >
      {up ? '▲' : '▼'}
      {Math.abs(movement)}
    </span>
  );
}

// --- Names -----------------------------------------------------------------------------------------

type DepartmentRef = { code: string; nameZh: string; nameEn: string; shortZh: string; issuer: boolean };

/** Department names (short Chinese form, or the English name). */
export function useDepartmentNames() {
  const { data, loading } = useApi<DepartmentRef[]>('/api/departments');
  const { lang } = useI18n();
  return useMemo(() => {
    const list = data ?? [];
    const byCode = new Map(list.map((d) => [d.code, d]));
    const name = (code: string) => {
      const d = byCode.get(code);
      if (!d) return code;
      return lang === 'en' ? d.nameEn : d.shortZh || d.nameZh;
    };
    return { list, name, loading };
  }, [data, lang, loading]);
}

/** The districts (区县) the user can see: all 38 for city users, their own for district users. */
export function useDistrictList() {
  const { data, loading, error } = useApi<DivisionView>(`/api/divisions/${CITY_CODE}`);
  return useMemo(() => {
    const list = (data?.children ?? []).map((c) => ({ code: c.code, name: c.name }));
    return { list, loading, error, name: (code: string) => (code === CITY_CODE ? (data?.division.name ?? code) : (list.find((d) => d.code === code)?.name ?? code)) };
  }, [data, loading, error]);
}

/** Department codes as names, lead first and in bold. */
export function DepartmentList({ codes, name }: { codes: string[]; name: (code: string) => string }) {
  const { t } = useI18n();
  if (codes.length === 0) return <>{t('common.none')}</>;
  return (
    <div style={{ minWidth: 120, maxWidth: 260, whiteSpace: 'normal' }}>
      {codes.map((c, i) => (
        <span key={c}>
          {i > 0 && '、'}
          {i === 0 ? (
            <Tooltip title={t('plan.common.lead')}>
              <strong>{name(c)}</strong>
            </Tooltip>
          ) : (
            name(c)
          )}
        </span>
      ))}
    </div>
  );
}

/** 重点举措 sections are numbered (一) … (十) in the plan. */
export function useSectionLabel() {
  const { t } = useI18n();
  return (section: number) => t('plan.common.section', { n: section, cn: '一二三四五六七八九十'[section - 1] ?? String(section) });
}

// --- Progress table --------------------------------------------------------------------------------

/** Targets with their light, target, actual, expected-by-now, completion against time and forecast. */
export function TargetProgressTable({
  rows,
  onSelect,
  testId,
  period,
  showDepartments,
  departmentName,
}: {
  rows: TargetProgress[];
  onSelect: (t: TargetProgress) => void;
  testId?: string;
  /** The month asked about: an actual from an earlier month says which. */
  period?: string | undefined;
  showDepartments?: boolean;
  departmentName?: (code: string) => string;
}) {
  const { t, bi } = useI18n();
  const fmt = usePlanFormat();
  const periodLabel = usePeriodLabel();
  const columns: ColumnsType<TargetProgress> = [
    { title: t('plan.fields.light'), key: 'light', width: 96, render: (_, r) => <LightTag light={r.light} /> },
    {
      title: t('plan.fields.target'),
      key: 'title',
      render: (_, r) => (
        <div style={{ minWidth: 220, maxWidth: 380, whiteSpace: 'normal' }}>
          <Typography.Link
            onClick={(e) => {
              e.stopPropagation();
              onSelect(r);
            }}
            data-testid={`target-open-${r.code}`}
          >
            <span className="hm-mono" style={{ marginInlineEnd: 6 }}>
              {r.code}
            </span>
            {bi(r.title)}
          </Typography.Link>
          <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.5)', marginTop: 2 }}>「{r.quote}」</div>
        </div>
      ),
    },
    { title: t('plan.fields.goal'), key: 'target', render: (_, r) => <div style={{ minWidth: 110, maxWidth: 200, whiteSpace: 'normal' }}>{fmt.targetText(r, r.target)}</div> },
    {
      title: t('plan.fields.actual'),
      key: 'actual',
      align: 'right',
      render: (_, r) => (
        <div className="hm-num">
          {fmt.amount(r.actual, r.unit)}
          {r.units && <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.5)' }}>{t('plan.common.unitsMet', { met: fmt.num.format(r.units.met), total: fmt.num.format(r.units.total) })}</div>}
          {r.dataPeriod && period && r.dataPeriod !== period && <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.5)' }}>{t('plan.common.asOf', { period: periodLabel.long(r.dataPeriod) })}</div>}
        </div>
      ),
    },
    { title: t('plan.fields.expected'), key: 'expected', align: 'right', className: 'hm-num', render: (_, r) => fmt.estimate(r.expected, r.unit) },
    {
      title: t('plan.fields.completion'),
      key: 'completion',
      render: (_, r) => (
        <>
          <CompletionBar completion={r.completion} timeShare={r.timeShare} light={r.light} />
          {r.gapPoints !== null && (
            <div style={{ fontSize: 12, color: r.light === 'red' ? LIGHT_COLOR.red : r.light === 'yellow' ? '#d46b08' : 'rgba(0,0,0,0.5)' }} className="hm-num">
              {fmt.gap(r.gapPoints)}
            </div>
          )}
        </>
      ),
    },
    { title: t('plan.fields.forecast'), key: 'forecast', align: 'right', className: 'hm-num', render: (_, r) => fmt.estimate(r.forecast, r.unit) },
    ...(showDepartments && departmentName
      ? [{ title: t('plan.fields.departments'), key: 'departments', render: (_: unknown, r: TargetProgress) => <DepartmentList codes={r.departments} name={departmentName} /> }]
      : []),
  ];
  return (
    <Table<TargetProgress>
      data-testid={testId}
      rowKey={(r) => `${r.code}:${r.orgCode}`}
      size="small"
      columns={columns}
      dataSource={rows}
      pagination={false}
      scroll={{ x: 'max-content' }}
      onRow={(r) => ({ onClick: () => onSelect(r), style: { cursor: 'pointer' } })}
      locale={{ emptyText: t('plan.common.noTargets') }}
    />
  );
}

/** Counts of lights over a list of targets. */
export function countLights(rows: { light: Light }[]): LightCounts {
  const c: LightCounts = { green: 0, yellow: 0, red: 0, blue: 0, grey: 0 };
  for (const r of rows) c[r.light] += 1;
  return c;
}

// --- Submissions -----------------------------------------------------------------------------------

export const SUBMISSION_STATUSES: readonly SubmissionStatus[] = ['draft', 'submitted', 'approved', 'returned'];
const SUBMISSION_COLOR: Record<SubmissionStatus, string> = { draft: 'default', submitted: 'processing', approved: 'success', returned: 'warning' };

export function SubmissionStatusTag({ status }: { status: SubmissionStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={SUBMISSION_COLOR[status]} data-testid={`submission-status-${status}`}>
      {t(`plan.submissionStatus.${status}`)}
    </Tag>
  );
}

/** Error and warning counts of a submission's findings. */
export function FindingCounts({ findings }: { findings: Finding[] }) {
  const { t } = useI18n();
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  if (findings.length === 0) return <Typography.Text type="secondary">{t('plan.findings.none')}</Typography.Text>;
  return (
    <Space size={4} wrap>
      {errors > 0 && <Tag color="red">{t('plan.findings.errors', { n: errors })}</Tag>}
      {warnings > 0 && <Tag color="orange">{t('plan.findings.warnings', { n: warnings })}</Tag>}
    </Space>
  );
}

/** Each finding with the indicator, the unit and the rule it broke; errors red, warnings orange. */
export function FindingsList({ findings, rows, testId = 'findings' }: { findings: Finding[]; rows: SubmissionRow[]; testId?: string }) {
  const { t, bi, dyn } = useI18n();
  if (findings.length === 0) return <Alert type="success" showIcon data-testid={`${testId}-none`} title={t('plan.findings.allClear')} />;
  const indicatorName = (code: string) => {
    const r = rows.find((x) => x.indicator === code);
    return r ? bi(r.name) : code;
  };
  const unitName = (code: string) => rows.find((x) => x.unitCode === code)?.unitName ?? code;
  const sorted = [...findings].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return (
    <ul data-testid={testId} style={{ listStyle: 'none', margin: 0, padding: 0, maxHeight: findings.length > 8 ? 420 : undefined, overflowY: 'auto' }}>
      {sorted.map((f, i) => {
        const color = f.severity === 'error' ? LIGHT_COLOR.red : '#d46b08';
        return (
          <li
            key={`${f.indicator}:${f.unitCode}:${f.rule}:${i}`}
            data-testid={`finding-${f.severity}`}
            style={{ borderInlineStart: `3px solid ${color}`, padding: '4px 10px', marginBottom: 6, background: f.severity === 'error' ? '#fff1f0' : '#fff7e6' }}
          >
            <Space size={[6, 2]} wrap>
              <Tag color={f.severity === 'error' ? 'red' : 'orange'} style={{ marginInlineEnd: 0 }}>
                {t(`plan.findings.severity.${f.severity}`)}
              </Tag>
              <strong>{indicatorName(f.indicator)}</strong>
              <span>· {unitName(f.unitCode)}</span>
              <Typography.Text type="secondary">· {dyn(`plan.findings.rule.${f.rule}`, f.rule)}</Typography.Text>
            </Space>
            <div style={{ color }}>{bi(f.message)}</div>
          </li>
        );
      })}
    </ul>
  );
}

// --- Errors ----------------------------------------------------------------------------------------

export { ErrorAlert, isConflict, PageHeader } from '../../shared/ErrorAlert';

/** Downloads a file with the session cookie; a refusal is thrown as an ApiError. */
export async function downloadFile(url: string, fileName: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, undefined, { zh: '无法连接服务器,请检查网络后重试', en: 'Cannot reach the server; check the network and try again' });
  }
  if (!res.ok) {
    let body: { error?: ConstructorParameters<typeof ApiError>[1] } | undefined;
    try {
      body = (await res.json()) as typeof body;
    } catch {
      body = undefined;
    }
    throw new ApiError(res.status, body?.error, { zh: `下载失败(HTTP ${res.status})`, en: `Download failed (HTTP ${res.status})` });
  }
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

// --- Layout ----------------------------------------------------------------------------------------


/** A headline figure in a small card. */
export function StatCard({ title, value, testId, extra }: { title: ReactNode; value: ReactNode; testId?: string; extra?: ReactNode }) {
  return (
    <Card size="small" style={{ height: '100%' }} data-testid={testId}>
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {title}
      </Typography.Text>
      <div className="hm-num" style={{ fontSize: 22, fontWeight: 500, marginTop: 4, whiteSpace: 'normal', overflowWrap: 'anywhere' }}>
        {value}
      </div>
      {extra}
    </Card>
  );
}

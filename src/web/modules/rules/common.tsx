// Pieces the rules pages share: tags for the closed vocabularies (delivery, outcome, statuses),
// fact values and margins in words, the fact catalogue and district names, and error details.
import { CheckCircleFilled, CloseCircleFilled, QuestionCircleFilled } from '@ant-design/icons';
import { Card, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ReactNode } from 'react';
import { useEffect, useMemo, useRef } from 'react';
import { useAuth } from '../../shared/auth';
import { formatFen } from '../../shared/format';
import { useI18n } from '../../shared/i18n';
import { PagedTable } from '../../shared/PagedTable';
import type { DivisionView, Paged } from '../../shared/types';
import { useApi } from '../../shared/useApi';
import type { Delivery, Department, Entity, Fact, FactUnit, FactValue, Outcome, RunStatus, Snapshot } from './types';

export const CITY_CODE = '500000';

const DELIVERY_COLOR: Record<Delivery, string> = { direct: 'green', confirm: 'blue', apply: 'orange' };
export function DeliveryTag({ delivery }: { delivery: Delivery | null | undefined }) {
  const { t } = useI18n();
  if (!delivery) return <>{t('common.none')}</>;
  return <Tag color={DELIVERY_COLOR[delivery]}>{t(`rules.delivery.${delivery}`)}</Tag>;
}

const OUTCOME_COLOR: Record<Outcome, string> = { eligible: 'success', near_miss: 'warning', missing_data: 'processing', ineligible: 'default' };
export function OutcomeTag({ outcome }: { outcome: Outcome }) {
  const { t } = useI18n();
  return (
    <Tag color={OUTCOME_COLOR[outcome]} data-testid={`outcome-${outcome}`}>
      {t(`rules.outcome.${outcome}`)}
    </Tag>
  );
}

const RUN_COLOR: Record<string, string> = { running: 'processing', completed: 'success', failed: 'error', building: 'processing', ready: 'success', dropped: 'default' };
export function RunStatusTag({ status }: { status: RunStatus | Snapshot['status'] }) {
  const { dyn } = useI18n();
  return <Tag color={RUN_COLOR[status] ?? 'default'}>{dyn(`rules.status.${status}`, status)}</Tag>;
}

const ENTITLEMENT_COLOR: Record<string, string> = {
  awaiting_confirmation: 'blue',
  awaiting_application: 'orange',
  ready: 'cyan',
  in_batch: 'geekblue',
  paid: 'green',
  payment_failed: 'red',
  declined: 'default',
  excluded: 'default',
};
export function EntitlementStatusTag({ status }: { status: string }) {
  const { dyn } = useI18n();
  return <Tag color={ENTITLEMENT_COLOR[status] ?? 'default'}>{dyn(`rules.entitlementStatus.${status}`, status)}</Tag>;
}

/** ✓ / ✗ / ? for a criterion's value (true, false, undetermined). */
export function CriterionIcon({ value }: { value: boolean | null }) {
  const { t } = useI18n();
  if (value === true) return <CheckCircleFilled style={{ color: '#389e0d' }} aria-label={t('rules.explain.passed')} />;
  if (value === false) return <CloseCircleFilled style={{ color: '#cf1322' }} aria-label={t('rules.explain.failed')} />;
  return <QuestionCircleFilled style={{ color: '#d48806' }} aria-label={t('rules.explain.undetermined')} />;
}

/** Money and units in words, in the reader's language. */
export function useRulesFormat() {
  const { t, dyn, locale } = useI18n();
  return useMemo(() => {
    const num = new Intl.NumberFormat(locale);
    const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? t('common.none') : t('common.yuan', { amount: formatFen(fen) }));
    const quantity = (n: number, unit: FactUnit | null | undefined): string => {
      if (unit === 'fen') return t('rules.units.yuanAmount', { amount: formatFen(n) });
      if (!unit) return num.format(n);
      return t(Math.abs(n) === 1 ? `rules.units.${unit}.one` : `rules.units.${unit}.other`, { n: num.format(n) });
    };
    /** A failed comparison's margin (left side minus right side) in words: "差 2 个月", "超出 120.00 元". */
    const margin = (m: number | null | undefined, unit: FactUnit | null | undefined): string | null => {
      if (m === null || m === undefined) return null;
      if (m === 0) return t('rules.margin.atLimit');
      return m < 0 ? t('rules.margin.short', { q: quantity(-m, unit) }) : t('rules.margin.over', { q: quantity(m, unit) });
    };
    /** A fact's value: booleans as yes/no, fen as yuan, nothing as "no data". */
    const factValue = (v: FactValue | undefined, unit?: FactUnit | null): string => {
      if (v === null || v === undefined) return t('rules.noData');
      if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
      if (typeof v === 'number') return quantity(v, unit);
      return dyn(`rules.factValues.${v}`, v);
    };
    return { yuan, quantity, margin, factValue, num };
  }, [t, dyn, locale]);
}

/** Fact paths (`namespace.fact`) an expression names; strings are skipped. */
export function factPathsOf(expr: string): string[] {
  const out = new Set<string>();
  const code = expr.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, '""');
  for (const m of code.matchAll(/\b(person|household|enterprise|employment)\.([a-z][a-z0-9_]*)\b/g)) out.add(`${m[1]}.${m[2]}`);
  return [...out];
}

/** The unit of a comparison's margin: the unit its integer facts share, when they share one. */
export function marginUnit(expr: string, catalogue: Map<string, Fact>): FactUnit | null {
  const units = new Set(
    factPathsOf(expr)
      .map((p) => catalogue.get(p))
      .filter((f): f is Fact => !!f && f.type === 'int')
      .map((f) => f.unit),
  );
  return units.size === 1 ? ([...units][0] ?? null) : null;
}

/** The fact catalogue visible to policies over `entity`, by path. */
export function useFacts(entity: Entity | null | undefined) {
  const loaded = useApi<Fact[]>(entity ? '/api/facts' : null, entity ? { entity } : undefined);
  const byPath = useMemo(() => new Map((loaded.data ?? []).map((f) => [f.path, f])), [loaded.data]);
  return { ...loaded, byPath };
}

/** District names (the user's scope: a district officer gets their own district only). */
export function useDistricts() {
  const { can } = useAuth();
  const { data } = useApi<DivisionView>(can('division.read') ? `/api/divisions/${CITY_CODE}` : null);
  return useMemo(() => {
    const list = (data?.children ?? []).map((c) => ({ code: c.code, name: c.name }));
    return { list, name: (code: string) => list.find((d) => d.code === code)?.name ?? code };
  }, [data]);
}

export function useDepartments() {
  const { can } = useAuth();
  const { data } = useApi<Department[]>(can('division.read') ? '/api/departments' : null);
  const { lang } = useI18n();
  return useMemo(() => {
    const list = data ?? [];
    const name = (code: string) => {
      const d = list.find((x) => x.code === code);
      if (!d) return code;
      return lang === 'en' ? d.nameEn : d.shortZh;
    };
    return { list, name };
  }, [data, lang]);
}

export { ErrorAlert, errorDetails } from '../../shared/ErrorAlert';

/** Whether the user may change a policy of `departmentCode` (department officers: their own only). */
export function useOwnsPolicy() {
  const { user, can } = useAuth();
  return (departmentCode: string) => can('policy.write') && (user?.role !== 'department_officer' || user.departmentCode === departmentCode);
}

/** Monospaced rule text that wraps instead of widening the page. */
export function ExprText({ expr, testId }: { expr: string; testId?: string }) {
  return (
    <code
      data-testid={testId}
      className="hm-mono"
      style={{ display: 'block', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', background: 'rgba(0,0,0,0.04)', borderRadius: 4, padding: '4px 8px', fontSize: 13 }}
    >
      {expr}
    </code>
  );
}

/** A headline number in a small card (Statistic without its number-only formatting). */
export function StatCard({ title, value, testId }: { title: ReactNode; value: ReactNode; testId?: string | undefined }) {
  return (
    <Card size="small" style={{ height: '100%' }} data-testid={testId}>
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {title}
      </Typography.Text>
      <div className="hm-num" style={{ fontSize: 22, fontWeight: 500, marginTop: 4, whiteSpace: 'normal', overflowWrap: 'anywhere' }}>
        {value}
      </div>
    </Card>
  );
}

/** Calls `tick` every `ms` while `active` (e.g. reloading a run while it is running). */
export function usePoll(active: boolean, tick: () => Promise<unknown> | void, ms = 1500) {
  const ref = useRef(tick);
  ref.current = tick;
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const loop = async () => {
      try {
        await ref.current();
      } catch {
        // A failed poll is retried on the next tick; the page keeps what it has.
      }
      if (!stopped) timer = setTimeout(() => void loop(), ms);
    };
    timer = setTimeout(() => void loop(), ms);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [active, ms]);
}

/**
 * A server-paged table; on phones (`narrow`) its one stacked column fits the screen instead of
 * scrolling sideways, which the shared PagedTable always allows.
 */
export function FittedPagedTable<T extends { id: number | string }>(props: {
  narrow: boolean;
  data: Paged<T> | undefined;
  columns: ColumnsType<T>;
  loading: boolean;
  page: number;
  pageSize: number;
  onPage: (page: number, pageSize: number) => void;
  testId?: string;
}) {
  const { t } = useI18n();
  const { narrow, data, columns, loading, page, pageSize, onPage, testId } = props;
  if (!narrow) return <PagedTable testId={testId} data={data} columns={columns} loading={loading} page={page} pageSize={pageSize} onPage={onPage} />;
  return (
    <div data-testid={testId}>
      <Table<T>
        rowKey="id"
        size="small"
        tableLayout="fixed"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading}
        pagination={{
          current: data?.page ?? page,
          pageSize: data?.pageSize ?? pageSize,
          total: data?.total ?? 0,
          size: 'small',
          showSizeChanger: false,
          showTotal: (total) => t('common.total', { total }),
          onChange: onPage,
        }}
      />
    </div>
  );
}

// Pieces the benefits pages share: status tags, money with its frequency, facts and criteria in
// words, server errors with their details, districts and policies for filters, and the payee's
// section links.
import { CheckCircleFilled, CloseCircleFilled, QuestionCircleFilled } from '@ant-design/icons';
import { Alert, Tag, Typography } from 'antd';
import { useMemo, type CSSProperties } from 'react';
import { ApiError, errorText, type ErrorDetail } from '../../shared/api';
import { useAuth } from '../../shared/auth';
import { formatFen } from '../../shared/format';
import { useI18n } from '../../shared/i18n';
import type { DivisionView } from '../../shared/types';
import { useApi } from '../../shared/useApi';
import type { BatchStatus, Criterion, Delivery, EntitlementStatus, FactUsed, LineStatus, PolicyOption } from './types';

export const CITY_CODE = '500000';

// --- Tags ------------------------------------------------------------------------------------------

const STATUS_COLOR: Record<EntitlementStatus, string> = {
  awaiting_confirmation: 'blue',
  awaiting_application: 'orange',
  ready: 'cyan',
  in_batch: 'geekblue',
  paid: 'green',
  payment_failed: 'red',
  declined: 'default',
  excluded: 'default',
};

/** Staff wording of an entitlement status. */
export function EntitlementStatusTag({ status }: { status: EntitlementStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLOR[status] ?? 'default'} data-testid={`status-${status}`}>
      {t(`benefits.status.${status}`)}
    </Tag>
  );
}

/** The payee's wording of the same status ("等待您确认领取"). */
export function MyStatusTag({ status, style }: { status: EntitlementStatus; style?: CSSProperties }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLOR[status] ?? 'default'} style={{ marginInlineEnd: 0, whiteSpace: 'normal', ...style }} data-testid="my-status">
      {t(`benefits.myStatus.${status}`)}
    </Tag>
  );
}

const BATCH_COLOR: Record<BatchStatus, string> = { draft: 'orange', approved: 'blue', exported: 'geekblue', reconciled: 'green' };
export function BatchStatusTag({ status }: { status: BatchStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={BATCH_COLOR[status] ?? 'default'} data-testid="batch-status">
      {t(`benefits.batchStatus.${status}`)}
    </Tag>
  );
}

const LINE_COLOR: Record<LineStatus, string> = { pending: 'processing', paid: 'success', failed: 'error' };
export function LineStatusTag({ status }: { status: LineStatus }) {
  const { t } = useI18n();
  return <Tag color={LINE_COLOR[status] ?? 'default'}>{t(`benefits.lineStatus.${status}`)}</Tag>;
}

const DELIVERY_COLOR: Record<Delivery, string> = { direct: 'green', confirm: 'blue', apply: 'orange' };
export function DeliveryTag({ delivery }: { delivery: Delivery }) {
  const { t } = useI18n();
  return <Tag color={DELIVERY_COLOR[delivery] ?? 'default'}>{t(`benefits.delivery.${delivery}`)}</Tag>;
}

/** ✓ / ✗ / ? for a criterion's result. */
export function CriterionIcon({ result }: { result: Criterion['result'] }) {
  const { t } = useI18n();
  const label = t(`benefits.criterion.${result}`);
  if (result === 'pass') return <CheckCircleFilled style={{ color: '#389e0d', fontSize: 18 }} aria-label={label} role="img" />;
  if (result === 'fail') return <CloseCircleFilled style={{ color: '#cf1322', fontSize: 18 }} aria-label={label} role="img" />;
  return <QuestionCircleFilled style={{ color: '#d48806', fontSize: 18 }} aria-label={label} role="img" />;
}

// --- Words for numbers ---------------------------------------------------------------------------

type Unit = 'fen' | 'month' | 'year' | 'person' | 'sqm' | 'times';

// The unit of each numeric fact of the catalogue (src/server/modules/rules/catalogue.ts); `*_fen` is money.
const FACT_UNITS: Record<string, Unit> = {
  'employment.contribution_months': 'month',
  'employment.months_employed': 'month',
  'enterprise.hires_last_12_months': 'person',
  'enterprise.insured_headcount': 'person',
  'enterprise.years_established': 'year',
  'household.disabled_members': 'person',
  'household.disabled_members_over_60': 'person',
  'household.employed_members': 'person',
  'household.members': 'person',
  'household.members_over_60': 'person',
  'household.members_over_80': 'person',
  'household.registered_unemployed_members': 'person',
  'household.working_age_members': 'person',
  'person.age': 'year',
  'person.guaranteed_loan_months': 'month',
  'person.housing_floor_area_sqm': 'sqm',
  'person.trained_last_12_months': 'times',
  'person.unemployed_months': 'month',
  'person.unemployment_insured_months': 'month',
  'person.years_since_graduation': 'year',
};

/** Which of the facts an enterprise may see about a hire: the employment's and its own, never the employee's. */
export const enterpriseSafeFact = (f: FactUsed) => f.name.startsWith('employment.') || f.name.startsWith('enterprise.');

/** How often an amount is paid, read from the period the run gave it (once, YYYY, YYYY-MM). */
export function frequencyOf(period: string): 'once' | 'yearly' | 'monthly' {
  if (period === 'once') return 'once';
  if (/^\d{4}$/.test(period)) return 'yearly';
  return 'monthly';
}

export function useBenefitFormat() {
  const { t, dyn, bi, locale } = useI18n();
  return useMemo(() => {
    const num = new Intl.NumberFormat(locale);
    const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? t('common.none') : t('common.yuan', { amount: formatFen(fen) }));
    /** "每月 ¥1,890.00", "一次性 ¥1,000.00", "每年 ¥600.00". */
    const amount = (fen: number, period: string) => t(`benefits.amountPer.${frequencyOf(period)}`, { amount: formatFen(fen) });
    const period = (p: string) => {
      if (p === 'once') return t('benefits.period.once');
      const m = /^(\d{4})(?:-(\d{2}))?$/.exec(p);
      if (!m) return p;
      return m[2] ? t('benefits.period.month', { year: m[1], month: Number(m[2]) }) : t('benefits.period.year', { year: m[1] });
    };
    const quantity = (n: number, unit: Unit | undefined) => {
      if (unit === 'fen') return yuan(n);
      if (!unit) return num.format(n);
      return t(`benefits.units.${unit}`, { n: num.format(n) });
    };
    const factLabel = (f: FactUsed) => (f.label ? bi(f.label) : dyn(`benefits.facts.${f.name}`, f.name));
    /** Booleans as yes / no, money in yuan, nothing as "no data". */
    const factValue = (f: FactUsed) => {
      const v = f.value;
      if (v === null || v === undefined) return t('benefits.noData');
      if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
      if (typeof v === 'number') return quantity(v, f.name.endsWith('_fen') || f.unit === 'fen' ? 'fen' : FACT_UNITS[f.name]);
      return dyn(`benefits.factValues.${v}`, v);
    };
    /** The margin of a comparison (left side minus the limit) in words; unitless, as the server sends it. */
    const margin = (c: Criterion): string | null => {
      if (c.result === 'undetermined') return t('benefits.criterion.undeterminedHelp');
      if (c.margin === null || c.margin === undefined) return null;
      if (c.margin === 0) return t('benefits.criterion.atLimit');
      const n = num.format(Math.abs(c.margin));
      return c.result === 'fail' ? t('benefits.criterion.short', { n }) : t('benefits.criterion.room', { n });
    };
    return { yuan, amount, period, factLabel, factValue, margin, num };
  }, [t, dyn, bi, locale]);
}

// --- Errors --------------------------------------------------------------------------------------

/** The row- or field-level details of an error (or none). */
export function errorDetails(e: unknown): ErrorDetail[] {
  return e instanceof ApiError && Array.isArray(e.details) ? e.details : [];
}

/** A failed request: its message, each detail with its row number and field, and the request id. */
export function ErrorAlert({ error, style, testId = 'error-alert' }: { error: unknown; style?: CSSProperties; testId?: string }) {
  const { t, lang } = useI18n();
  const details = errorDetails(error);
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <Alert
      type="error"
      showIcon
      data-testid={testId}
      style={style}
      title={errorText(error)}
      description={
        details.length > 0 || requestId ? (
          <>
            {details.length > 0 && (
              <ul data-testid="error-details" style={{ margin: 0, paddingInlineStart: 18, maxHeight: 280, overflowY: 'auto' }}>
                {details.map((d, i) => {
                  const text = lang === 'en' ? d.messageEn || d.message : d.message;
                  // Some messages already start with their row ("第 3 行:…"); the row is not repeated then.
                  const named = d.line !== undefined && (text.startsWith(`第 ${d.line} 行`) || text.startsWith(`Line ${d.line}`));
                  return (
                    <li key={i} style={{ overflowWrap: 'anywhere' }}>
                      {d.line !== undefined && !named && <Typography.Text strong>{t('benefits.errors.line', { line: d.line })} </Typography.Text>}
                      {d.path && <Typography.Text code>{d.path}</Typography.Text>} {text}
                    </li>
                  );
                })}
              </ul>
            )}
            {requestId && <div style={{ fontSize: 12 }}>{t('errors.requestId', { id: requestId })}</div>}
          </>
        ) : undefined
      }
    />
  );
}

// --- Reference data for filters ------------------------------------------------------------------

/** The districts in the user's scope (a district officer gets their own only). */
export function useDistricts() {
  const { can } = useAuth();
  const { data, loading } = useApi<DivisionView>(can('division.read') ? `/api/divisions/${CITY_CODE}` : null);
  return useMemo(() => {
    const list = (data?.children ?? []).filter((c) => c.level === 2).map((c) => ({ code: c.code, name: c.name }));
    return { list, loading, name: (code: string) => list.find((d) => d.code === code)?.name ?? code };
  }, [data, loading]);
}

/** The policies whose entitlements and payments the user handles (a department officer: their department's). */
export function usePolicies() {
  const { can, user } = useAuth();
  const { data, loading } = useApi<PolicyOption[]>(can('policy.read') ? '/api/policies' : null);
  const department = user?.role === 'department_officer' ? user.departmentCode : null;
  return useMemo(() => ({ list: (data ?? []).filter((p) => !department || p.department.code === department), loading }), [data, loading, department]);
}


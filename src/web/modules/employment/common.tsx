// Pieces the staff employment pages share: the reference lists (occupations, districts), who may act,
// status tags, filters kept in the address, numbers and wages, a history timeline, and turning a 400's
// field details into form errors.
import { Card, Select, Tag, Timeline, Typography, type FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useState, type CSSProperties, type ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, ApiError } from '../../shared/api';
import { useAuth } from '../../shared/auth';
import { errorDetails } from '../../shared/ErrorAlert';
import { formatDateTime } from '../../shared/format';
import { useI18n } from '../../shared/i18n';
import type { EmploymentReference, HistoryEntry, Occupation } from './types';

export { ErrorAlert, isConflict, PageHeader } from '../../shared/ErrorAlert';

export const CITY_CODE = '500000';

// --- Reference data, fetched once per visit -------------------------------------------------------

let referencePromise: Promise<EmploymentReference> | null = null;
function fetchReference(): Promise<EmploymentReference> {
  if (!referencePromise) {
    referencePromise = api.get<EmploymentReference>('/api/public/employment/reference');
    // A failure is not kept: the next page asks again.
    referencePromise.catch(() => {
      referencePromise = null;
    });
  }
  return referencePromise;
}

/** Occupations, educations and the city's districts, with lookups and the options for selects. */
export function useReference() {
  const { lang } = useI18n();
  const [data, setData] = useState<EmploymentReference | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  useEffect(() => {
    let live = true;
    fetchReference().then(
      (d) => live && setData(d),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, []);
  return useMemo(() => {
    const occupations = data?.occupations ?? [];
    const byCode = new Map(occupations.map((o) => [o.code, o]));
    const districts = data?.districts ?? [];
    const districtNames = new Map(districts.map((d) => [d.code, d.name]));
    const label = (o: Occupation) => `${o.code} ${lang === 'en' ? o.en : o.zh}`;
    // Postings record middle groups; a filter may also take a whole major group.
    const majors = occupations.filter((o) => o.level === 'major');
    const middleOptions = majors.map((m) => ({ label: label(m), options: occupations.filter((o) => o.level === 'middle' && o.majorCode === m.code).map((o) => ({ value: o.code, label: label(o) })) }));
    const filterOptions = majors.map((m) => ({
      label: label(m),
      options: [{ value: m.code, label: label(m) }, ...occupations.filter((o) => o.level === 'middle' && o.majorCode === m.code).map((o) => ({ value: o.code, label: `\u3000${label(o)}` }))],
    }));
    return {
      loaded: !!data,
      error,
      occupations,
      occupationName: (code: string | null | undefined) => {
        const o = code ? byCode.get(code) : undefined;
        return o ? (lang === 'en' ? o.en : o.zh) : (code ?? '');
      },
      middleOptions,
      filterOptions,
      districts,
      districtName: (code: string | null | undefined) => (code ? (districtNames.get(code) ?? code) : ''),
      districtOptions: districts.map((d) => ({ value: d.code, label: d.name })),
    };
  }, [data, error, lang]);
}

/** The townships of a district, for a select. */
export function useTownships(district: string | undefined) {
  const [items, setItems] = useState<{ code: string; name: string }[]>([]);
  useEffect(() => {
    if (!district) {
      setItems([]);
      return;
    }
    let live = true;
    api.get<{ items: { code: string; name: string }[] }>('/api/public/employment/townships', { district }).then(
      (r) => live && setItems(r.items),
      () => live && setItems([]),
    );
    return () => {
      live = false;
    };
  }, [district]);
  return items;
}

// --- Who may do what ------------------------------------------------------------------------------

/** Reading needs employment.read; acting employment.handle. Some acts are for city or district staff only. */
export function useEmploymentAccess() {
  const { user, can } = useAuth();
  const city = user?.orgCode === CITY_CODE;
  return {
    user,
    canHandle: can('employment.handle'),
    city,
    /** District or city staff (a township worker may not release a blocked posting, or run detection). */
    aboveTownship: !!user && user.role !== 'township_worker',
    /** The district the user is limited to, or undefined at city level. */
    ownDistrict: user && !city && user.orgCode.length >= 6 ? user.orgCode.slice(0, 6) : undefined,
  };
}

// --- Filters in the address ---------------------------------------------------------------------

/** Filters kept in the query string: any change starts again from page 1. */
export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  const get = useCallback((k: string) => params.get(k) ?? undefined, [params]);
  const set = useCallback(
    (next: Record<string, string | number | undefined | null>) =>
      setParams(
        (prev) => {
          const p = new URLSearchParams(prev);
          if (!('page' in next)) p.delete('page');
          for (const [k, v] of Object.entries(next)) {
            if (v === undefined || v === null || v === '') p.delete(k);
            else p.set(k, String(v));
          }
          return p;
        },
        { replace: true },
      ),
    [setParams],
  );
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(100, Math.max(1, Number(params.get('size')) || 20));
  const onPage = useCallback((p: number, size: number) => set({ page: p > 1 ? p : undefined, size: size !== 20 ? size : undefined }), [set]);
  return { params, get, set, page, pageSize, onPage };
}

/** A filter select: a fixed width on wide screens, a full column on phones. */
export function FilterSelect<T extends string>({
  value,
  onChange,
  options,
  placeholder,
  testId,
  width = 150,
  showSearch,
}: {
  value: T | undefined;
  onChange: (v: T | undefined) => void;
  options: { value: T; label: ReactNode }[] | { label: ReactNode; options: { value: T; label: ReactNode }[] }[];
  placeholder: string;
  testId?: string;
  width?: number;
  showSearch?: boolean;
}) {
  return (
    <Select<T>
      data-testid={testId}
      allowClear
      style={{ minWidth: width, width: '100%' }}
      placeholder={placeholder}
      aria-label={placeholder}
      value={value}
      onChange={(v?: T) => onChange(v || undefined)}
      options={options as never}
      showSearch={showSearch ? { optionFilterProp: 'label' } : undefined}
    />
  );
}

// --- Numbers, dates, wages ------------------------------------------------------------------------

export function useFormat() {
  const { locale, t } = useI18n();
  return useMemo(() => {
    const int = new Intl.NumberFormat(locale);
    const one = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    return {
      int: (n: number | null | undefined) => (n === null || n === undefined ? t('common.none') : int.format(n)),
      pct: (n: number | null | undefined) => (n === null || n === undefined || !Number.isFinite(n) ? t('common.none') : `${one.format(n)}%`),
      signed: (n: number) => (n > 0 ? `+${int.format(n)}` : int.format(n)),
      wage: (min: number, max: number) => (min === max ? t('employment.common.wageOne', { v: int.format(min) }) : t('employment.common.wageRange', { min: int.format(min), max: int.format(max) })),
    };
  }, [locale, t]);
}

/** Today in Beijing, YYYY-MM-DD. */
export function todayText(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

export const dayText = (v: Dayjs | null | undefined): string | undefined => (v && dayjs.isDayjs(v) ? v.format('YYYY-MM-DD') : undefined);

// --- Tags -----------------------------------------------------------------------------------------

const TAG_COLORS: Record<string, string> = {
  // postings
  published: 'green',
  blocked: 'red',
  closed: 'default',
  // findings
  block: 'red',
  warn: 'orange',
  // applications
  submitted: 'blue',
  interview: 'purple',
  hired: 'green',
  refused: 'default',
  withdrawn: 'default',
  // graduates
  employed: 'green',
  further_study: 'cyan',
  internship: 'geekblue',
  preparing: 'gold',
  not_employed: 'red',
  // plans and households
  open: 'orange',
  cleared: 'green',
  // warnings
  layoff_threshold: 'red',
  sustained_decline: 'orange',
  unpaid_contributions: 'volcano',
  // service points
  gig_market: 'blue',
  employment_station: 'cyan',
  labour_broker: 'green',
  assistance_workshop: 'purple',
  // events
  online: 'blue',
  livestream: 'magenta',
  campus: 'geekblue',
  onsite: 'cyan',
  veterans_month: 'green',
  spring_breeze: 'lime',
};

/** A coded value as a coloured tag, its label from `employment.<group>.<code>`. */
export function CodeTag({ group, code, testId, style }: { group: string; code: string; testId?: string; style?: CSSProperties }) {
  const { dyn } = useI18n();
  return (
    <Tag color={TAG_COLORS[code] ?? 'default'} data-testid={testId} style={{ marginInlineEnd: 4, ...style }}>
      {dyn(`employment.${group}.${code}`, code)}
    </Tag>
  );
}

/** A coded value's label (`employment.<group>.<code>`), falling back to the code. */
export function useLabel() {
  const { dyn } = useI18n();
  return useCallback((group: string, code: string | null | undefined) => (code ? dyn(`employment.${group}.${code}`, code) : ''), [dyn]);
}

// --- Cards and history ------------------------------------------------------------------------------

/** A figure with its title; `highlight` colours the figure (good or bad news), `selected` marks a card that filters the list. */
export function StatCard({
  title,
  value,
  extra,
  testId,
  onClick,
  highlight,
  selected,
}: {
  title: ReactNode;
  value: ReactNode;
  extra?: ReactNode;
  testId?: string;
  onClick?: () => void;
  highlight?: 'good' | 'bad';
  selected?: boolean;
}) {
  const color = highlight === 'bad' ? '#cf1322' : highlight === 'good' ? '#389e0d' : undefined;
  return (
    <Card
      size="small"
      hoverable={!!onClick}
      onClick={onClick}
      aria-pressed={onClick && selected !== undefined ? selected : undefined}
      style={{ height: '100%', cursor: onClick ? 'pointer' : undefined, borderColor: selected ? '#1f5fbf' : undefined, boxShadow: selected ? '0 0 0 1px #1f5fbf' : undefined }}
      data-testid={testId}
    >
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {title}
      </Typography.Text>
      <div className="hm-num" style={{ fontSize: 24, fontWeight: 500, marginTop: 4, color, overflowWrap: 'anywhere' }}>
        {value}
      </div>
      {extra && <div style={{ fontSize: 12, marginTop: 2 }}>{extra}</div>}
    </Card>
  );
}

/** A stored history (who did what, when), newest last, with the details the server kept. */
export function HistoryTimeline({ items, testId, describe }: { items: HistoryEntry[]; testId?: string; describe?: (e: HistoryEntry) => ReactNode }) {
  const { t, dyn } = useI18n();
  if (items.length === 0) return <Typography.Text type="secondary">{t('employment.common.noHistory')}</Typography.Text>;
  return (
    <Timeline
      data-testid={testId}
      items={items.map((e, i) => ({
        key: i,
        content: (
          <div>
            <strong>{dyn(`employment.historyAction.${e.action}`, e.action)}</strong>
            <div style={{ fontSize: 12 }}>
              <Typography.Text type="secondary">
                {e.actorName ?? t('employment.common.system')} · <span className="hm-num">{formatDateTime(e.at)}</span>
              </Typography.Text>
            </div>
            {describe?.(e)}
          </div>
        ),
      }))}
    />
  );
}

// --- Errors on forms --------------------------------------------------------------------------------

/**
 * Puts each field-level detail of a 400 on the form field it names (when the form has it) and
 * returns the details left over, to show in an alert.
 */
export function placeFieldErrors(form: FormInstance, error: unknown, lang: string, fields: readonly string[]) {
  const details = errorDetails(error);
  if (!(error instanceof ApiError) || details.length === 0) return details;
  // Schema errors name the body (`body.title`); the services' own checks name the field (`title`).
  const field = (path: string | undefined) => (path ?? '').replace(/^body\./, '').split('.')[0]!;
  const placed = details.filter((d) => d.path && fields.includes(field(d.path)));
  form.setFields(placed.map((d) => ({ name: field(d.path) as never, errors: [lang === 'en' ? d.messageEn || d.message : d.message] })));
  return details.filter((d) => !placed.includes(d));
}

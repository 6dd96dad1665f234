// Pieces the social-insurance pages share: who may do what, numbers, yuan and rates, the rule names,
// coded values as tags, a rule's basis and criteria, the facts a check compared, a history timeline,
// the person a record is about, the filter bar and the counts by rule or district above a list, and a
// form's submission with a 400's field details put on the form. Filters in the address, the district
// and township lists, the page header and the figure cards are the employment pages' own, re-exported
// here; the record frame and field cards are shared/detail's.
import { CheckCircleFilled, CloseCircleFilled, QuestionCircleFilled } from '@ant-design/icons';
import { Button, Col, InputNumber, Row, Table, Tag, Timeline, Typography, type FormInstance } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useMemo, useState, type CSSProperties, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { api, ApiError } from '../../shared/api';
import { useAuth } from '../../shared/auth';
import { Fields, FieldsCard, type Field } from '../../shared/detail';
import { ErrorAlert, errorDetails, isConflict } from '../../shared/ErrorAlert';
import { formatDateTime, formatFen } from '../../shared/format';
import { useI18n, type Bilingual } from '../../shared/i18n';
import { FilterSelect, useReference, useTownships, type useUrlFilters } from '../employment/common';
import type { Basis, InsurancePermission, PersonBasics, RulesResponse, TaskStatus } from './types';

export { ErrorAlert, FilterSelect, isConflict, PageHeader, StatCard, todayText, useReference, useTownships, useUrlFilters } from '../employment/common';

export const CITY_CODE = '500000';

// --- Who may do what ------------------------------------------------------------------------------

/**
 * Reading needs insurance.read; outreach and certification tasks insurance.handle; running the packs
 * and acknowledging alerts insurance.run; deciding risk hits insurance.audit; the query insurance.query.
 * Risk hits are for district level and above.
 */
export function useInsuranceAccess() {
  const { user } = useAuth();
  const has = useCallback((p: InsurancePermission) => !!user && user.permissions.includes(p), [user]);
  const city = user?.orgCode === CITY_CODE;
  return {
    user,
    canHandle: has('insurance.handle'),
    canRun: has('insurance.run'),
    canAudit: has('insurance.audit'),
    canQuery: has('insurance.query'),
    city,
    districtLevel: !!user && user.role !== 'township_worker',
    /** The district the user is limited to, or undefined at city level. */
    ownDistrict: user && !city && user.orgCode.length >= 6 ? user.orgCode.slice(0, 6) : undefined,
  };
}

// --- Numbers, money, dates ------------------------------------------------------------------------

export function useInsFormat() {
  const { locale, t, lang } = useI18n();
  return useMemo(() => {
    const int = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    const one = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    const two = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    return {
      int: (n: number | null | undefined) => (n === null || n === undefined || !Number.isFinite(n) ? t('insurance.common.none') : int.format(n)),
      /** A share 0–1 as a percentage with one decimal. */
      pct: (r: number | null | undefined) => (r === null || r === undefined || !Number.isFinite(r) ? t('insurance.common.none') : `${one.format(r * 100)}%`),
      /** Integer fen as ¥ yuan with two decimals. */
      yuan: (fen: number | null | undefined) => (fen === null || fen === undefined ? t('insurance.common.none') : t('common.yuan', { amount: formatFen(fen) })),
      /** Large head counts: 25,800,000 → 2,580万 / 25.8M. */
      big: (n: number) => (lang === 'en' ? (n >= 1_000_000 ? `${two.format(n / 1_000_000)}M` : int.format(n)) : n >= 10_000 ? `${two.format(n / 10_000)}万` : int.format(n)),
      /** A timestamp's day in Beijing, or a date as it came. */
      day: (v: string | null | undefined) => (!v ? t('insurance.common.none') : /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : formatDateTime(v).slice(0, 10)),
      dateTime: (v: string | null | undefined) => formatDateTime(v),
      /** A month stored as its first day: 2024-05-01 → 2024-05. */
      month: (v: string | null | undefined) => (v ? v.slice(0, 7) : t('insurance.common.none')),
    };
  }, [locale, t, lang]);
}

/** "8600", "8,600.5" → integer fen, exactly; null when it is not yuan with at most two decimals. */
export function yuanToFen(input: string | number | null | undefined): number | null {
  if (input === null || input === undefined) return null;
  const s = String(input).replace(/[,，\s]/g, '');
  const m = /^(\d{1,11})(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}

/** Integer fen as a plain yuan string for an input: 123456 → "1234.56". */
export function fenToYuanInput(fen: number): string {
  const abs = Math.abs(Math.trunc(fen));
  return `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** An amount of yuan, kept as a string so that it stays exact until it becomes fen. */
export function YuanInput({ value, onChange, testId, max }: { value?: string; onChange?: (v: string | null) => void; testId?: string; max?: string }) {
  const { t } = useI18n();
  return <InputNumber<string> stringMode min="0" max={max} precision={2} style={{ width: '100%' }} suffix={t('insurance.common.yuanSuffix')} value={value} onChange={(v) => onChange?.(v)} data-testid={testId} />;
}

/** A form rule for YuanInput: present (when required) and an exact amount. */
export function useYuanRule(required: boolean, requiredMessage?: string) {
  const { t } = useI18n();
  return useMemo(
    () => ({
      validator: async (_: unknown, v: string | null | undefined) => {
        if (v === undefined || v === null || v === '') {
          if (required) throw new Error(requiredMessage ?? t('insurance.common.required'));
          return;
        }
        if (yuanToFen(v) === null) throw new Error(t('insurance.common.amountInvalid'));
      },
    }),
    [required, requiredMessage, t],
  );
}

// --- The rules, fetched once per visit --------------------------------------------------------------

let rulesPromise: Promise<RulesResponse> | null = null;
function fetchRules(): Promise<RulesResponse> {
  if (!rulesPromise) {
    rulesPromise = api.get<RulesResponse>('/api/insurance/rules');
    // A failure is not kept: the next page asks again.
    rulesPromise.catch(() => {
      rulesPromise = null;
    });
  }
  return rulesPromise;
}
/** After a run the hit counts change: the next page fetches the rules again. */
export function forgetRules() {
  rulesPromise = null;
}

/** The rules (coverage and risk) by id, with their names in the reader's language and select options. */
export function useRules() {
  const { bi } = useI18n();
  const [data, setData] = useState<RulesResponse | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  useEffect(() => {
    let live = true;
    fetchRules().then(
      (d) => live && setData(d),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, []);
  return useMemo(() => {
    const items = data?.items ?? [];
    const byId = new Map(items.map((r) => [r.id, r]));
    return {
      data,
      error,
      byId,
      name: (id: string) => {
        const r = byId.get(id);
        return r ? bi(r.name) : id;
      },
      options: (pack: 'coverage' | 'risk') => items.filter((r) => r.pack === pack).map((r) => ({ value: r.id, label: bi(r.name) })),
    };
  }, [data, error, bi]);
}

// --- Coded values -----------------------------------------------------------------------------------

export type CodeGroup =
  | 'scheme'
  | 'enrolmentStatus'
  | 'gapStatus'
  | 'gapOutcome'
  | 'gapAction'
  | 'closedBy'
  | 'certStatus'
  | 'certResult'
  | 'certAction'
  | 'hitStatus'
  | 'severity'
  | 'awardStatus'
  | 'awardReason'
  | 'benefitKind'
  | 'bundleStatus'
  | 'bundleKind'
  | 'taskStatus'
  | 'bundleAction'
  | 'department'
  | 'pack'
  | 'runStatus'
  | 'alertReason'
  | 'entity'
  | 'caseState'
  | 'recoveryState';

/** A coded value's label (`insurance.<group>.<code>`), falling back to the code. */
export function useCode() {
  const { dyn } = useI18n();
  return useCallback((group: CodeGroup, code: string | null | undefined) => (code ? dyn(`insurance.${group}.${code}`, code) : ''), [dyn]);
}

const TAG_COLORS: Partial<Record<CodeGroup, Record<string, string>>> = {
  gapStatus: { open: 'orange', enrolled: 'green', not_applicable: 'default', refused: 'red' },
  certStatus: { data_certified: 'green', self_certified: 'cyan', visited: 'blue', pending_self: 'gold', pending_visit: 'orange', not_certified: 'red', suspended_death: 'default', suspended_custody: 'purple' },
  hitStatus: { open: 'orange', confirmed: 'red', cleared: 'green' },
  severity: { high: 'red', medium: 'orange', low: 'gold' },
  awardStatus: { active: 'green', suspended: 'orange', terminated: 'default' },
  bundleStatus: { in_progress: 'processing', completed: 'success', rejected: 'error' },
  taskStatus: { waiting: 'default', pending: 'processing', done: 'success', rejected: 'error' },
  runStatus: { running: 'processing', completed: 'success', failed: 'error' },
  enrolmentStatus: { active: 'green', suspended: 'orange', terminated: 'default' },
  pack: { coverage: 'blue', risk: 'volcano', certification: 'cyan' },
};

/** A coded value as a coloured tag; `data-status` carries the code for tests. */
export function CodeTag({ group, code, testId, style }: { group: CodeGroup; code: string; testId?: string; style?: CSSProperties }) {
  const label = useCode();
  return (
    <Tag color={TAG_COLORS[group]?.[code] ?? 'default'} data-testid={testId} data-status={code} style={{ marginInlineEnd: 4, ...style }}>
      {label(group, code)}
    </Tag>
  );
}

// --- Rules: basis, criteria, facts ----------------------------------------------------------------------

/** The legal basis of a rule: title, document number, article. */
export function BasisList({ basis }: { basis: Basis[] }) {
  return (
    <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="rule-basis">
      {basis.map((b, i) => (
        <li key={i} style={{ overflowWrap: 'anywhere' }}>
          《{b.title}》{b.number ? `(${b.number})` : ''}
          {b.article ? ` ${b.article}` : ''}
        </li>
      ))}
    </ul>
  );
}

/** A rule's criteria: the label, the CEL expression and, for a hit, what it evaluated to. */
export function CriteriaList({ criteria, testId }: { criteria: { label: Bilingual; expr: string; value?: boolean | null; target?: boolean }[]; testId?: string }) {
  const { t, bi } = useI18n();
  return (
    <ol style={{ margin: 0, paddingInlineStart: 20 }} data-testid={testId}>
      {criteria.map((c, i) => (
        <li key={i} style={{ marginBottom: 6 }} data-testid="criterion" data-value={c.value === undefined ? undefined : String(c.value)}>
          <div style={{ display: 'flex', gap: 6, alignItems: 'baseline', flexWrap: 'wrap' }}>
            {c.value !== undefined &&
              (c.value === true ? (
                <CheckCircleFilled style={{ color: '#389e0d' }} aria-label={t('insurance.common.yes')} />
              ) : c.value === false ? (
                <CloseCircleFilled style={{ color: '#8c8c8c' }} aria-label={t('insurance.common.no')} />
              ) : (
                <QuestionCircleFilled style={{ color: '#faad14' }} aria-label={t('insurance.common.unknown')} />
              ))}
            <span style={{ overflowWrap: 'anywhere' }}>{bi(c.label)}</span>
            {c.value !== undefined && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                ({c.value === true ? t('insurance.common.yes') : c.value === false ? t('insurance.common.no') : t('insurance.common.unknown')})
              </Typography.Text>
            )}
          </div>
          <Typography.Text code style={{ fontSize: 12, overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
            {c.expr}
          </Typography.Text>
        </li>
      ))}
    </ol>
  );
}

/** The facts a rule was evaluated on, one row each; amounts (`*_fen`) in yuan. */
export function FactsTable({ facts, testId = 'facts' }: { facts: Record<string, unknown> | null | undefined; testId?: string }) {
  const { t } = useI18n();
  const fmt = useInsFormat();
  const entries = Object.entries(facts ?? {});
  if (entries.length === 0) return <Typography.Text type="secondary">{t('insurance.common.noData')}</Typography.Text>;
  const show = (k: string, v: unknown): ReactNode => {
    if (v === null || v === undefined || v === '') return t('insurance.common.none');
    if (typeof v === 'boolean') return v ? t('insurance.common.yes') : t('insurance.common.no');
    if (typeof v === 'number') return k.endsWith('_fen') ? fmt.yuan(v) : fmt.int(v);
    if (typeof v === 'string') return v;
    if (Array.isArray(v)) return v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join('、') || t('insurance.common.none');
    return <Typography.Text code>{JSON.stringify(v)}</Typography.Text>;
  };
  return <Fields testId={testId} items={entries.map(([k, v]) => ({ key: k, label: <Typography.Text code>{k}</Typography.Text>, children: <span style={{ overflowWrap: 'anywhere' }}>{show(k, v)}</span> }))} />;
}

// --- The person a record is about -------------------------------------------------------------------

/** Who a gap, a certification or a risk hit is about (masked): name, ID number, sex, birth year, then the page's own rows. */
export function PersonCard({ title, person, items }: { title: ReactNode; person: PersonBasics; items: Field[] }) {
  const { t } = useI18n();
  return (
    <FieldsCard
      title={title}
      items={[
        { key: 'name', label: t('insurance.common.name'), children: person.name },
        { key: 'id', label: t('insurance.common.idNumber'), children: <span className="hm-mono">{person.idNumber}</span> },
        { key: 'sex', label: t('insurance.common.sex'), children: t(`person.sexes.${person.sex}`) },
        { key: 'birth', label: t('insurance.common.birthYear'), children: <span className="hm-num">{person.birthYear}</span> },
        ...items,
      ]}
    />
  );
}

/** A bundle step's state as the Steps component shows it. */
export const TASK_STEP_STATUS: Record<TaskStatus, 'wait' | 'process' | 'finish' | 'error'> = { waiting: 'wait', pending: 'process', done: 'finish', rejected: 'error' };

// --- History --------------------------------------------------------------------------------------------

export type HistoryItem = { key: string | number; title: ReactNode; at: string; by?: string | null; note?: string | null; color?: string };

/** What happened, oldest first: the action, who and when, and the note. */
export function History({ items, testId }: { items: HistoryItem[]; testId?: string }) {
  const { t } = useI18n();
  if (items.length === 0) return <Typography.Text type="secondary">{t('insurance.common.noEvents')}</Typography.Text>;
  return (
    <Timeline
      data-testid={testId}
      items={items.map((e) => ({
        key: e.key,
        color: e.color,
        content: (
          <div>
            <strong>{e.title}</strong>
            <div style={{ fontSize: 12 }}>
              <Typography.Text type="secondary">
                {e.by ?? t('insurance.common.system')} · <span className="hm-num">{formatDateTime(e.at)}</span>
              </Typography.Text>
            </div>
            {e.note && <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{e.note}</div>}
          </div>
        ),
      }))}
    />
  );
}

/** A link to a case's page, showing its tracking code. */
export function CaseLink({ id, code, testId }: { id: number; code: string | null | undefined; testId?: string }) {
  return (
    <Link to={`/cases/${id}`} data-testid={testId} className="hm-mono">
      {code ?? `#${id}`}
    </Link>
  );
}

// --- Lists: filters and counts by rule ---------------------------------------------------------------

type UrlFilters = ReturnType<typeof useUrlFilters>;

/** One filter of a FilterBar: half a phone's width (all of it when `wide`), its own width on larger screens. */
export function FilterCol({ wide, children }: { wide?: boolean; children: ReactNode }) {
  return (
    <Col xs={wide ? 24 : 12} md={{ flex: 'none' }}>
      {children}
    </Col>
  );
}

/**
 * The filters above a list (FilterCols), then, while any of `keys` is set in the address (or `active`
 * says so), the link that clears them all.
 */
export function FilterBar({ f, keys, active, align, children }: { f: UrlFilters; keys: readonly string[]; active?: boolean; align?: 'middle'; children: ReactNode }) {
  const { t } = useI18n();
  const filtered = active ?? keys.some((k) => !!f.get(k));
  return (
    <Row gutter={[8, 8]} align={align} style={{ marginBottom: 12 }}>
      {children}
      {filtered && (
        <FilterCol wide>
          <Button type="link" style={{ paddingInline: 0 }} onClick={() => f.set(Object.fromEntries(keys.map((k) => [k, undefined])))}>
            {t('insurance.common.clearFilters')}
          </Button>
        </FilterCol>
      )}
    </Row>
  );
}

/**
 * The district filter (for city-level staff; `district` in the address) and, with `townships`, the
 * township filter of the district chosen or the reader's own (`township`, cleared with the district).
 */
export function AreaFilters({ f, testId, townships }: { f: UrlFilters; testId: string; townships?: boolean }) {
  const { t } = useI18n();
  const access = useInsuranceAccess();
  const ref = useReference();
  const district = f.get('district');
  const items = useTownships(townships ? (district ?? access.ownDistrict) : undefined);
  return (
    <>
      {!access.ownDistrict && (
        <FilterCol>
          <FilterSelect
            testId={`${testId}-district`}
            placeholder={t('insurance.common.allDistricts')}
            value={district}
            onChange={(v) => f.set(townships ? { district: v, township: undefined } : { district: v })}
            options={ref.districtOptions}
            showSearch
          />
        </FilterCol>
      )}
      {townships && (
        <FilterCol>
          <FilterSelect testId={`${testId}-township`} placeholder={t('insurance.common.allTownships')} value={f.get('township')} onChange={(v) => f.set({ township: v })} options={items.map((x) => ({ value: x.code, label: x.name }))} showSearch />
        </FilterCol>
      )}
    </>
  );
}

/**
 * A list's counts by rule, one row a rule: the rule's name (`ruleName`) picks it as the list's filter,
 * or drops it when it is the one picked (its row is marked), and `columns` follow.
 */
export function RuleSummaryTable<T extends { ruleId: string }>({ f, rows, ruleName, columns, testId }: { f: UrlFilters; rows: T[]; ruleName: (id: string) => string; columns: ColumnsType<T>; testId: string }) {
  const { t } = useI18n();
  const rule = f.get('rule');
  return (
    <Table<T>
      size="small"
      rowKey="ruleId"
      data-testid={testId}
      dataSource={rows}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('insurance.common.noData') }}
      rowClassName={(r) => (r.ruleId === rule ? 'ant-table-row-selected' : '')}
      columns={[{ title: t('insurance.common.rule'), dataIndex: 'ruleId', render: (v: string) => <Typography.Link onClick={() => f.set({ rule: rule === v ? undefined : v })}>{ruleName(v)}</Typography.Link> }, ...columns]}
    />
  );
}

/** A list's counts by district, one row a district: the district's name (`districtName`) picks it as the list's filter; `columns` follow. */
export function DistrictSummaryTable<T extends { districtCode: string }>({ f, rows, districtName, columns }: { f: UrlFilters; rows: T[]; districtName: (code: string) => string; columns: ColumnsType<T> }) {
  const { t } = useI18n();
  return (
    <Table<T>
      size="small"
      rowKey="districtCode"
      dataSource={rows}
      pagination={false}
      scroll={{ x: 'max-content', y: 260 }}
      columns={[{ title: t('insurance.common.district'), dataIndex: 'districtCode', render: (v: string) => <Typography.Link onClick={() => f.set({ district: v, township: undefined })}>{districtName(v)}</Typography.Link> }, ...columns]}
    />
  );
}

// --- Forms: submitting, and errors on fields ------------------------------------------------------------

/**
 * A form's submission: `busy` while `run` sends; a failure is kept for SubmitError, its field-level
 * details put on the form's `fields` (the API's names `rename`d) and the rest left for the alert.
 */
export function useSubmit(form: FormInstance, fields: readonly string[], rename?: Record<string, string>) {
  const { lang } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [unplaced, setUnplaced] = useState<ReturnType<typeof placeFieldErrors>>([]);
  const run = async (send: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await send();
    } catch (e) {
      setError(e);
      setUnplaced(placeFieldErrors(form, e, lang, fields, rename));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, unplaced, clear: () => setError(null), run };
}

/** The alert for a failed submission (closable unless `closable` is false); on a conflict it offers `onReload`. */
export function SubmitError({ submit, onReload, closable = true }: { submit: ReturnType<typeof useSubmit>; onReload: () => void; closable?: boolean }) {
  if (submit.error === null) return null;
  return <ErrorAlert error={submit.error} details={submit.unplaced} style={{ marginBottom: 12 }} onClose={closable ? submit.clear : undefined} onReload={isConflict(submit.error) ? onReload : undefined} />;
}

/**
 * Puts each field-level detail of a 400 on the form field it names (several on one field are all
 * shown) and returns the details left over, to show in an alert.
 */
export function placeFieldErrors(form: FormInstance, error: unknown, lang: string, fields: readonly string[], rename: Record<string, string> = {}) {
  const details = errorDetails(error);
  if (!(error instanceof ApiError) || details.length === 0) return details;
  // Schema errors name the body (`body.note`); the services' own checks name the field (`note`, `idNumbers.3`).
  const field = (path: string | undefined) => {
    const f = (path ?? '').replace(/^body\./, '').split('.')[0]!;
    return rename[f] ?? f;
  };
  const placed = details.filter((d) => d.path && fields.includes(field(d.path)));
  const byField = new Map<string, string[]>();
  for (const d of placed) byField.set(field(d.path), [...(byField.get(field(d.path)) ?? []), lang === 'en' ? d.messageEn || d.message : d.message]);
  form.setFields([...byField].map(([name, errors]) => ({ name: name as never, errors })));
  return details.filter((d) => !placed.includes(d));
}

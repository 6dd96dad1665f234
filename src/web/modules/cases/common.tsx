// Pieces the staff case pages share: deadline lights, state and flag tags, the kind selector, money
// in yuan, names of districts, townships and departments, a field value in the kind's terms, and
// the error alert that offers a reload when someone else acted first (409).
import { Select, Space, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, useState, type CSSProperties, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../shared/api';
import { formatFen } from '../../shared/format';
import { useI18n } from '../../shared/i18n';
import type { DivisionView } from '../../shared/types';
import type { CaseField, CaseKind, CaseLight, CaseListItem } from './types';

export const CITY_CODE = '500000';

/** What the server accepts as an attachment (src/server/modules/cases/attachments.ts). */
export const ATTACHMENT_TYPES = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'text/plain',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'audio/mpeg',
] as const;
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const ATTACHMENT_ACCEPT = '.pdf,.jpg,.jpeg,.png,.txt,.xlsx,.docx,.mp3,' + ATTACHMENT_TYPES.join(',');

// --- Reference data, fetched once per visit ---------------------------------------------------------

const cache = new Map<string, Promise<unknown>>();

/** A GET whose answer does not change while the page is open (kinds, districts, departments). */
function fetchOnce<T>(path: string): Promise<T> {
  let p = cache.get(path) as Promise<T> | undefined;
  if (!p) {
    p = api.get<T>(path);
    cache.set(path, p);
    // A failure is not kept: the next page asks again.
    p.catch(() => cache.delete(path));
  }
  return p;
}

function useOnce<T>(path: string | null): { data: T | undefined; error: unknown; loading: boolean } {
  const [state, setState] = useState<{ path: string | null; data?: T; error?: unknown }>({ path: null });
  useEffect(() => {
    if (!path) return;
    let live = true;
    fetchOnce<T>(path).then(
      (data) => live && setState({ path, data }),
      (error: unknown) => live && setState({ path, error }),
    );
    return () => {
      live = false;
    };
  }, [path]);
  const current = state.path === path;
  return { data: current ? state.data : undefined, error: current ? state.error : undefined, loading: !!path && !current };
}

/** The case kinds (latest versions), with their states, transitions, conclusions and fields; and the city's 38 districts. */
export function useCaseKinds() {
  const { data, error, loading } = useOnce<{ items: CaseKind[]; districts: { code: string; name: string }[] }>('/api/case-kinds');
  return useMemo(() => {
    const list = data?.items ?? [];
    const byCode = new Map(list.map((k) => [k.code, k]));
    return { list, byCode, districts: data?.districts ?? [], error, loading };
  }, [data, error, loading]);
}

/**
 * The city's 38 districts: a hotline case or a transfer may name any of them, though staff below
 * city level see only their own district through /api/divisions.
 */
export function useDistricts() {
  const kinds = useCaseKinds();
  return useMemo(() => {
    const byCode = new Map(kinds.districts.map((d) => [d.code, d.name]));
    return { list: kinds.districts, loading: kinds.loading, name: (code: string) => byCode.get(code) };
  }, [kinds.districts, kinds.loading]);
}

/** Names of divisions by code: the city, the districts, and townships looked up as needed (when visible to the user). */
export function useDivisionNames(codes: readonly string[]) {
  const districts = useDistricts();
  const { t } = useI18n();
  const [townships, setTownships] = useState<Record<string, string>>({});
  const wanted = codes.filter((c) => c.length === 9).sort().join(',');
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    for (const code of wanted.split(',')) {
      fetchOnce<DivisionView>(`/api/divisions/${code}`).then(
        (v) => live && setTownships((m) => (m[code] ? m : { ...m, [code]: v.division.name })),
        // Outside the user's area: the code stays, with its district's name.
        () => undefined,
      );
    }
    return () => {
      live = false;
    };
  }, [wanted]);
  return (code: string | null | undefined): string => {
    if (!code) return t('common.none');
    if (code === CITY_CODE) return t('cases.common.city');
    if (code.length === 6) return districts.name(code) ?? code;
    const township = townships[code];
    if (township) return `${districts.name(code.slice(0, 6)) ?? ''}${township}`;
    const district = districts.name(code.slice(0, 6));
    return district ? `${district} ${code}` : code;
  };
}

type DepartmentRef = { code: string; nameZh: string; nameEn: string; shortZh: string };

/** Department names: the short Chinese form, or the English name. */
export function useDepartments() {
  const { data } = useOnce<DepartmentRef[]>('/api/departments');
  const { lang } = useI18n();
  return useMemo(() => {
    const list = data ?? [];
    const byCode = new Map(list.map((d) => [d.code, d]));
    const name = (code: string | null | undefined) => {
      if (!code) return '';
      const d = byCode.get(code);
      if (!d) return code;
      return lang === 'en' ? d.nameEn : d.shortZh || d.nameZh;
    };
    return { list, name };
  }, [data, lang]);
}

// --- Lights, states and flags -----------------------------------------------------------------------

const LIGHT_TAG: Record<CaseLight, string> = { red: 'red', yellow: 'gold', blue: 'blue', green: 'green' };
export const LIGHT_COLOR: Record<CaseLight, string> = { red: '#cf1322', yellow: '#d48806', blue: '#1f5fbf', green: '#389e0d' };

/** A deadline light with its meaning in words (colour is never the only signal). */
export function LightTag({ light }: { light: CaseLight | null }) {
  const { t } = useI18n();
  if (!light) return <Typography.Text type="secondary">{t('cases.light.none')}</Typography.Text>;
  return (
    <Tooltip title={t(`cases.lightHint.${light}`)}>
      <Tag color={LIGHT_TAG[light]} data-testid={`case-light-${light}`} data-light={light} style={{ marginInlineEnd: 0 }}>
        {t(`cases.light.${light}`)}
      </Tag>
    </Tooltip>
  );
}

/** The deadline date and its light; a closed case shows when it closed instead. */
export function DueCell({ c, stacked = false }: { c: Pick<CaseListItem, 'dueOn' | 'light' | 'final' | 'closedAt'>; stacked?: boolean }) {
  const { t } = useI18n();
  if (c.final) return <Typography.Text type="secondary">{c.closedAt ? t('cases.inbox.closedOn', { date: shanghaiDay(c.closedAt) }) : t('common.none')}</Typography.Text>;
  return (
    <Space size={stacked ? 2 : 6} wrap={false} orientation={stacked ? 'vertical' : 'horizontal'}>
      <span className="hm-num">{c.dueOn ?? t('common.none')}</span>
      <LightTag light={c.light} />
    </Space>
  );
}

export function StateTag({ label, final }: { label: { zh: string; en: string }; final: boolean }) {
  const { bi } = useI18n();
  return (
    <Tag color={final ? 'success' : 'processing'} style={{ marginInlineEnd: 0 }} data-testid="case-state">
      {bi(label)}
    </Tag>
  );
}

/** Supervised, escalated, reopened, waiting for review, being transferred. */
export function CaseFlags({ c, style }: { c: Pick<CaseListItem, 'supervised' | 'escalated' | 'reopenCount' | 'pendingReview' | 'pendingTransfer' | 'final'>; style?: CSSProperties }) {
  const { t } = useI18n();
  const tags: ReactNode[] = [];
  if (c.supervised && !c.final)
    tags.push(
      <Tag key="s" color="volcano" data-testid="flag-supervised">
        {t('cases.flags.supervised')}
      </Tag>,
    );
  if (c.escalated)
    tags.push(
      <Tag key="e" color="red" data-testid="flag-escalated">
        {t('cases.flags.escalated')}
      </Tag>,
    );
  if (c.reopenCount > 0)
    tags.push(
      <Tag key="r" color="purple" data-testid="flag-reopened">
        {t('cases.flags.reopened', { n: c.reopenCount })}
      </Tag>,
    );
  if (c.pendingReview)
    tags.push(
      <Tag key="pr" color="gold" data-testid="flag-review">
        {t('cases.flags.pendingReview')}
      </Tag>,
    );
  if (c.pendingTransfer)
    tags.push(
      <Tag key="pt" color="cyan" data-testid="flag-transfer">
        {t('cases.flags.pendingTransfer')}
      </Tag>,
    );
  if (tags.length === 0) return null;
  return (
    <Space size={[0, 4]} wrap style={style}>
      {tags}
    </Space>
  );
}

// --- Case lists -------------------------------------------------------------------------------------

/**
 * Columns of a list of cases (inbox, board). On a phone, two: the case (code, title, kind, unit,
 * flags) and its status (state, deadline, light), so nothing needs a sideways scroll.
 */
export function useCaseColumns(narrow: boolean, items: readonly CaseListItem[]): ColumnsType<CaseListItem> {
  const { t, bi } = useI18n();
  const transferTargets = useDivisionNames(items.flatMap((c) => (c.pendingTransfer ? [c.pendingTransfer.toOrg] : [])));
  const caseCell: ColumnsType<CaseListItem>[number] = {
    title: t('cases.common.title'),
    key: 'case',
    render: (_, c) => (
      <div style={{ minWidth: narrow ? 140 : 200, maxWidth: 340, whiteSpace: 'normal' }}>
        <Link to={`/cases/${c.id}`} className="hm-mono" style={{ fontSize: 12 }} data-testid={`case-link-${c.id}`}>
          {c.trackingCode}
        </Link>
        <div style={{ overflowWrap: 'anywhere' }}>
          <Link to={`/cases/${c.id}`} style={{ color: 'inherit', fontWeight: 500 }}>
            {c.title}
          </Link>
        </div>
        {narrow && (
          <>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {bi(c.kindLabel)} · {c.orgName ?? c.orgCode}
            </Typography.Text>
            <CaseFlags c={c} style={{ display: 'flex', marginTop: 4 }} />
          </>
        )}
      </div>
    ),
  };
  const stateCell = (c: CaseListItem) => (
    <div>
      <StateTag label={c.stateLabel} final={c.final} />
      {c.final && c.conclusionLabel && (
        <div style={{ fontSize: 12, maxWidth: 160, whiteSpace: 'normal', marginTop: 2 }}>
          <Typography.Text type="secondary">{bi(c.conclusionLabel)}</Typography.Text>
        </div>
      )}
    </div>
  );
  if (narrow)
    return [
      caseCell,
      {
        title: t('cases.common.state'),
        key: 'status',
        render: (_, c) => (
          <Space orientation="vertical" size={4} style={{ minWidth: 92 }}>
            {stateCell(c)}
            <DueCell c={c} stacked />
          </Space>
        ),
      },
    ];
  return [
    caseCell,
    { title: t('cases.common.kind'), key: 'kind', render: (_, c) => <div style={{ maxWidth: 140, whiteSpace: 'normal' }}>{bi(c.kindLabel)}</div> },
    { title: t('cases.common.state'), key: 'state', render: (_, c) => stateCell(c) },
    {
      title: t('cases.common.org'),
      key: 'org',
      render: (_, c) => (
        <div style={{ maxWidth: 180, whiteSpace: 'normal' }}>
          {c.orgName ?? c.orgCode}
          {c.pendingTransfer && (
            <div style={{ fontSize: 12 }}>
              <Typography.Text type="secondary">{t('cases.inbox.transferTo', { org: transferTargets(c.pendingTransfer.toOrg) })}</Typography.Text>
            </div>
          )}
        </div>
      ),
    },
    { title: t('cases.common.dueOn'), key: 'due', render: (_, c) => <DueCell c={c} /> },
    { title: t('cases.common.flags'), key: 'flags', render: (_, c) => <CaseFlags c={c} style={{ maxWidth: 200 }} /> },
  ];
}

// --- Kind selector ----------------------------------------------------------------------------------

export function KindSelect({
  kinds,
  value,
  onChange,
  allowClear = true,
  placeholder,
  style,
  testId = 'case-kind-select',
}: {
  kinds: CaseKind[];
  value: string | undefined;
  onChange: (kind: string | undefined) => void;
  allowClear?: boolean;
  placeholder?: string;
  style?: CSSProperties;
  testId?: string;
}) {
  const { t, bi } = useI18n();
  return (
    <Select
      data-testid={testId}
      style={{ minWidth: 180, ...style }}
      allowClear={allowClear}
      placeholder={placeholder ?? t('cases.common.allKinds')}
      aria-label={t('cases.common.kind')}
      value={value}
      onChange={(v?: string) => onChange(v || undefined)}
      options={kinds.map((k) => ({ value: k.code, label: bi(k.label) }))}
    />
  );
}

// --- Money and dates --------------------------------------------------------------------------------

/** Integer fen as "¥1,234.56". */
export function useYuan() {
  const { t } = useI18n();
  return (fen: number | null | undefined) => (fen === null || fen === undefined ? t('common.none') : t('common.yuan', { amount: formatFen(fen) }));
}

/** "1234.5" yuan → 123450 fen, without floating point; null when it is not an amount. */
export function yuanToFen(yuan: string | number | null | undefined): number | null {
  if (yuan === null || yuan === undefined) return null;
  const s = String(yuan).trim().replace(/,/g, '');
  const m = /^(\d+)(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Integer fen → "1234.56" for an input box in yuan. */
export function fenToYuanText(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/** The Shanghai calendar date of an ISO instant. */
export function shanghaiDay(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

// --- Field values -----------------------------------------------------------------------------------

/** A case field's value in the kind's terms: yuan, district names, option labels, yes/no. */
export function useFieldText() {
  const { t, bi, locale } = useI18n();
  const yuan = useYuan();
  const districts = useDistricts();
  return (f: CaseField, v: unknown): ReactNode => {
    if (v === undefined || v === null || v === '') return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
    switch (f.type) {
      case 'money':
        return <span className="hm-num">{typeof v === 'number' ? yuan(v) : String(v)}</span>;
      case 'integer':
        return <span className="hm-num">{typeof v === 'number' ? new Intl.NumberFormat(locale).format(v) : String(v)}</span>;
      case 'boolean':
        return v === true ? t('common.yes') : v === false ? t('common.no') : String(v);
      case 'district':
        return districts.name(String(v)) ?? String(v);
      case 'enum':
        return bi(f.options?.find((o) => o.code === v)?.label, String(v));
      case 'creditCode':
        return <span className="hm-mono">{String(v)}</span>;
      case 'date':
      case 'month':
        return <span className="hm-num">{String(v)}</span>;
      case 'longtext':
        return <span style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{String(v)}</span>;
      case 'text':
        return <span style={{ overflowWrap: 'anywhere' }}>{String(v)}</span>;
    }
  };
}

// --- Errors and layout ------------------------------------------------------------------------------

export { ErrorAlert as CaseErrorAlert, isConflict, PageHeader } from '../../shared/ErrorAlert';


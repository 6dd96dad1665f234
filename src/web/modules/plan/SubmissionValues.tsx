// The rows a unit reports in one month — a value, or a numerator and denominator for a rate — next
// to last month's approved figure and what the checks found on each row. Editable in the form,
// read-only on the submission's own page.
import { InputNumber, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useI18n } from '../../shared/i18n';
import { LIGHT_COLOR, usePeriodLabel, usePlanFormat } from './common';
import type { Finding, SubmissionRow } from './types';

export type RowValue = { value: number | null; numerator: number | null; denominator: number | null };

export const rowKey = (r: { indicator: string; unitCode: string }) => `${r.indicator}|${r.unitCode}`;

export function valuesOf(rows: SubmissionRow[]): Record<string, RowValue> {
  return Object.fromEntries(rows.map((r) => [rowKey(r), { value: r.value, numerator: r.numerator, denominator: r.denominator }]));
}

/** A rate's value in percent (numerator ÷ denominator × 100), or null when it cannot be computed. */
export function rateOf(numerator: number | null | undefined, denominator: number | null | undefined): number | null {
  if (numerator === null || numerator === undefined || !denominator) return null;
  return (numerator * 100) / denominator;
}

/** The body of a save: each row with what was entered (nothing entered: the row alone). */
export function valuesBody(rows: SubmissionRow[], values: Record<string, RowValue>) {
  return rows.map((r) => {
    const v = values[rowKey(r)];
    const out: { indicator: string; unit: string; value?: number; numerator?: number; denominator?: number } = { indicator: r.indicator, unit: r.unitCode };
    if (r.aggregation === 'rate') {
      if (v?.numerator !== null && v?.numerator !== undefined) out.numerator = v.numerator;
      if (v?.denominator !== null && v?.denominator !== undefined) out.denominator = v.denominator;
    } else if (v?.value !== null && v?.value !== undefined) {
      out.value = v.value;
    }
    return out;
  });
}

export function SubmissionValuesTable({
  rows,
  values,
  findings,
  onChange,
  testId = 'submission-values',
}: {
  rows: SubmissionRow[];
  values: Record<string, RowValue>;
  findings: Finding[];
  /** Present: the values are editable. */
  onChange?: (key: string, v: RowValue) => void;
  testId?: string;
}) {
  const { t, bi } = useI18n();
  const fmt = usePlanFormat();
  const periods = usePeriodLabel();
  const findingsOf = (r: SubmissionRow) => findings.filter((f) => f.indicator === r.indicator && f.unitCode === r.unitCode);
  const isRate = (r: SubmissionRow) => r.aggregation === 'rate';

  const current = (r: SubmissionRow): number | null => {
    const v = values[rowKey(r)];
    if (!v) return null;
    return isRate(r) ? rateOf(v.numerator, v.denominator) : v.value;
  };
  const previous = (r: SubmissionRow): number | null => (r.previous ? (isRate(r) ? (rateOf(r.previous.numerator, r.previous.denominator) ?? r.previous.value) : r.previous.value) : null);
  const shown = (r: SubmissionRow, n: number | null) => fmt.amount(n, isRate(r) ? 'percent' : r.unit);

  const numberInput = (r: SubmissionRow, field: keyof RowValue, label: string) => {
    const v = values[rowKey(r)] ?? { value: null, numerator: null, denominator: null };
    const bad = findingsOf(r).some((f) => f.severity === 'error');
    return (
      <InputNumber<number>
        data-testid={`value-${field}-${r.indicator}-${r.unitCode}`}
        aria-label={`${bi(r.name)} · ${r.unitName} · ${label}`}
        placeholder={label}
        value={v[field]}
        status={bad ? 'error' : undefined}
        onChange={(n) => onChange?.(rowKey(r), { ...v, [field]: n })}
        style={{ width: 130 }}
      />
    );
  };

  const columns: ColumnsType<SubmissionRow> = [
    {
      title: t('plan.form.indicator'),
      key: 'indicator',
      render: (_, r) => (
        <div style={{ minWidth: 180, maxWidth: 300, whiteSpace: 'normal' }}>
          <div>{bi(r.name)}</div>
          <Space size={4} wrap style={{ marginTop: 2 }}>
            <span className="hm-mono" style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
              {r.indicator}
            </span>
            <Tag style={{ marginInlineEnd: 0 }}>{t(`plan.aggregation.${r.aggregation}`)}</Tag>
          </Space>
        </div>
      ),
    },
    {
      title: t('plan.form.unit'),
      key: 'unit',
      render: (_, r) => (
        <div style={{ whiteSpace: 'nowrap' }}>
          <div>{r.unitName}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`plan.unitLevel.${r.unitLevel}`)}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('plan.form.value'),
      key: 'value',
      render: (_, r) => {
        const rowFindings = findingsOf(r);
        const rate = isRate(r) ? rateOf(values[rowKey(r)]?.numerator, values[rowKey(r)]?.denominator) : null;
        return (
          <div style={{ minWidth: 150 }}>
            {onChange ? (
              isRate(r) ? (
                <Space orientation="vertical" size={4}>
                  {numberInput(r, 'numerator', t('plan.form.numerator'))}
                  {numberInput(r, 'denominator', t('plan.form.denominator'))}
                  <Typography.Text type="secondary" className="hm-num" style={{ fontSize: 12 }}>
                    = {fmt.amount(rate, 'percent')}
                  </Typography.Text>
                </Space>
              ) : (
                <Space size={6}>
                  {numberInput(r, 'value', t('plan.form.value'))}
                  <Typography.Text type="secondary">{fmt.unitLabel(r.unit)}</Typography.Text>
                </Space>
              )
            ) : (
              <span className="hm-num">
                {shown(r, current(r))}
                {isRate(r) && values[rowKey(r)]?.denominator ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                    {fmt.num.format(values[rowKey(r)]?.numerator ?? 0)} / {fmt.num.format(values[rowKey(r)]?.denominator ?? 0)}
                  </Typography.Text>
                ) : null}
              </span>
            )}
            {rowFindings.map((f, i) => (
              <div
                key={i}
                data-testid={`row-finding-${f.severity}`}
                style={{ fontSize: 12, marginTop: 4, maxWidth: 260, whiteSpace: 'normal', color: f.severity === 'error' ? LIGHT_COLOR.red : '#d46b08' }}
              >
                {t(`plan.findings.severity.${f.severity}`)}
                {t('plan.colon')}
                {bi(f.message)}
              </div>
            ))}
          </div>
        );
      },
    },
    {
      title: t('plan.form.previous'),
      key: 'previous',
      render: (_, r) =>
        r.previous ? (
          <div className="hm-num">
            {shown(r, previous(r))}
            <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
              {periods.long(r.previous.period)}
            </Typography.Text>
          </div>
        ) : (
          <Typography.Text type="secondary">{t('plan.form.noPrevious')}</Typography.Text>
        ),
    },
    {
      title: t('plan.form.change'),
      key: 'change',
      align: 'right',
      render: (_, r) => {
        const a = current(r);
        const b = previous(r);
        if (a === null || b === null) return t('common.none');
        const d = a - b;
        const text = isRate(r) ? t('plan.form.changePoints', { n: `${d > 0 ? '+' : ''}${fmt.one.format(d)}` }) : `${d > 0 ? '+' : ''}${fmt.num.format(d)}`;
        return (
          <span className="hm-num" style={{ color: d < 0 ? LIGHT_COLOR.red : undefined }}>
            {text}
          </span>
        );
      },
    },
  ];

  return (
    <Table<SubmissionRow>
      data-testid={testId}
      rowKey={rowKey}
      size="small"
      columns={columns}
      dataSource={rows}
      pagination={rows.length > 100 ? { defaultPageSize: 100, showSizeChanger: true } : false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('plan.form.noRows') }}
    />
  );
}

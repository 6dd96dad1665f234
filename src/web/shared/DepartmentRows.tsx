// Rows of a department's table about one person (assistance, certificates, enrolments…).
// Columns come from the server; known column names and enum values get labels, money columns
// (`*_fen`) are shown in yuan, booleans as yes / no.
import { Descriptions, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { formatFen } from './format';
import { useI18n } from './i18n';

type Row = Record<string, unknown>;

export function useCellFormatter() {
  const { t, dyn } = useI18n();
  const label = (key: string) => dyn(`fields.${key}`, key);
  const value = (key: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return t('common.none');
    if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
    if (key.endsWith('_fen') && typeof v === 'number') return t('common.yuan', { amount: formatFen(v) });
    if (typeof v === 'string') return dyn(`values.${key}.${v}`, v);
    return String(v);
  };
  return { label, value };
}

const columnsOf = (rows: Row[]) => [...new Set(rows.flatMap((r) => Object.keys(r)))];

export function DepartmentRowsTable({ rows }: { rows: Row[] }) {
  const { label, value } = useCellFormatter();
  const columns: ColumnsType<Row> = columnsOf(rows).map((key) => ({
    key,
    title: label(key),
    dataIndex: key,
    className: key.endsWith('_fen') ? 'hm-num' : undefined,
    align: key.endsWith('_fen') ? 'right' : undefined,
    render: (v: unknown) => value(key, v),
  }));
  return (
    <Table<Row>
      size="small"
      rowKey="__key"
      columns={columns}
      dataSource={rows.map((r, i) => ({ ...r, __key: i }))}
      pagination={false}
      scroll={{ x: 'max-content' }}
    />
  );
}

/** The same rows as stacked label/value lists, for narrow screens. */
export function DepartmentRowsList({ rows }: { rows: Row[] }) {
  const { label, value } = useCellFormatter();
  return (
    <>
      {rows.map((r, i) => (
        <Descriptions
          key={i}
          className="hm-stack"
          size="small"
          column={1}
          bordered
          style={{ marginBottom: i < rows.length - 1 ? 8 : 0 }}
          items={Object.entries(r).map(([k, v]) => ({ key: k, label: label(k), children: value(k, v) }))}
        />
      ))}
    </>
  );
}

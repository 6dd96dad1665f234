// 批量导入岗位: a CSV file (or pasted text) with one posting per row, parsed here in the browser into
// the import body. The server takes all rows or none: any bad row answers 400 with each problem's
// row and field, shown as a table to fix the file by.
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Modal, Result, Space, Table, Typography, Upload } from 'antd';
import { useMemo, useState } from 'react';
import { api, ApiError } from '../../shared/api';
import { errorDetails, ErrorAlert } from '../../shared/ErrorAlert';
import { useI18n } from '../../shared/i18n';
import { todayText, useFormat } from './common';
import { employmentZh } from './messages';
import { EDUCATIONS, SCHEDULES, type ImportResult } from './types';

/** The import's columns in file order; a header may use the key or its Chinese label. */
const COLUMNS = [
  { key: 'creditCode', zh: '统一社会信用代码', required: true },
  { key: 'title', zh: '岗位名称', required: true },
  { key: 'occupationCode', zh: '职业代码', required: true },
  { key: 'districtCode', zh: '区县代码', required: true },
  { key: 'townshipCode', zh: '乡镇街道代码', required: false },
  { key: 'wageMinYuan', zh: '最低月工资', required: true },
  { key: 'wageMaxYuan', zh: '最高月工资', required: true },
  { key: 'education', zh: '学历要求', required: true },
  { key: 'experienceYears', zh: '工作经验年限', required: true },
  { key: 'headcount', zh: '招聘人数', required: true },
  { key: 'weeklyHours', zh: '每周工时', required: true },
  { key: 'schedule', zh: '工时制度', required: true },
  { key: 'description', zh: '岗位描述', required: true },
  { key: 'skills', zh: '技能要求', required: false },
  { key: 'forGraduates', zh: '适合高校毕业生', required: false },
  { key: 'validFrom', zh: '有效期开始', required: true },
  { key: 'validUntil', zh: '有效期截止', required: true },
] as const;
type ColumnKey = (typeof COLUMNS)[number]['key'];
const NUMERIC: readonly ColumnKey[] = ['wageMinYuan', 'wageMaxYuan', 'experienceYears', 'headcount', 'weeklyHours'];
export const MAX_IMPORT_ROWS = 2000;

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. A leading BOM is dropped. */
export function parseCsv(text: string): string[][] {
  const s = text.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  // Blank lines carry nothing.
  return rows.filter((r) => r.some((v) => v.trim() !== ''));
}

// Chinese labels of coded values are accepted as well as the codes.
const EDUCATION_BY_LABEL = new Map<string, string>(EDUCATIONS.map((e) => [employmentZh.education[e], e]));
const SCHEDULE_BY_LABEL = new Map<string, string>(SCHEDULES.map((s) => [employmentZh.schedule[s], s]));

function cell(key: ColumnKey, raw: string): unknown {
  const v = raw.trim();
  if (NUMERIC.includes(key)) return v !== '' && /^-?\d+(\.\d+)?$/.test(v.replace(/,/g, '')) ? Number(v.replace(/,/g, '')) : v;
  switch (key) {
    case 'townshipCode':
      return v === '' ? null : v;
    case 'skills':
      return v === '' ? [] : v.split(/[;；、|]/).map((x) => x.trim()).filter(Boolean);
    case 'forGraduates':
      if (/^(true|1|是|yes|y)$/i.test(v)) return true;
      if (/^(false|0|否|no|n|)$/i.test(v)) return false;
      return v;
    case 'education':
      return EDUCATION_BY_LABEL.get(v) ?? v;
    case 'schedule':
      return SCHEDULE_BY_LABEL.get(v) ?? v;
    default:
      return v;
  }
}

type Problem =
  | { code: 'noRows' }
  | { code: 'missingColumns'; columns: string }
  | { code: 'unknownColumns'; columns: string }
  | { code: 'tooMany'; max: number }
  | { code: 'rowWidth'; line: number; n: number; expected: number };
type Parsed = { rows: Record<string, unknown>[]; problems: Problem[] };

/** The CSV as import rows, or the problems that stop it being sent (a missing column, a short row). */
function toRows(text: string): Parsed {
  const table = parseCsv(text);
  const [header, ...body] = table;
  if (!header || body.length === 0) return { rows: [], problems: [{ code: 'noRows' }] };
  const keys = header.map((h) => {
    const name = h.trim();
    return COLUMNS.find((c) => c.key.toLowerCase() === name.toLowerCase() || c.zh === name)?.key;
  });
  const problems: Problem[] = [];
  const missing = COLUMNS.filter((c) => c.required && !keys.includes(c.key)).map((c) => `${c.key}（${c.zh}）`);
  if (missing.length) problems.push({ code: 'missingColumns', columns: missing.join('、') });
  const unknown = header.filter((_, i) => !keys[i]).map((h) => h.trim()).filter(Boolean);
  if (unknown.length) problems.push({ code: 'unknownColumns', columns: unknown.join('、') });
  if (body.length > MAX_IMPORT_ROWS) problems.push({ code: 'tooMany', max: MAX_IMPORT_ROWS });
  const rows = body.map((r, i) => {
    if (r.length !== header.length) problems.push({ code: 'rowWidth', line: i + 1, n: r.length, expected: header.length });
    const out: Record<string, unknown> = {};
    keys.forEach((k, j) => {
      if (k) out[k] = cell(k, r[j] ?? '');
    });
    return out;
  });
  return { rows, problems };
}

function templateCsv(): string {
  // Chinese labels as the header (the keys work as well), and one example row to replace.
  const header = COLUMNS.map((c) => c.zh).join(',');
  const example = [
    '91500000MA5U000000',
    '仓储管理员',
    '4-02',
    '500112',
    '',
    '4500',
    '6000',
    'senior',
    '1',
    '3',
    '40',
    'standard',
    '"负责货物出入库登记、盘点和仓库日常管理，熟悉仓储管理软件者优先。"',
    '叉车;仓储管理',
    'false',
    todayText(),
    new Date(Date.parse(`${todayText()}T00:00:00Z`) + 90 * 86_400_000).toISOString().slice(0, 10),
  ].join(',');
  return `${header}\n${example}\n`;
}

type RowError = { line: number; path: string; message: string };

export function JobImportModal({ onClose, onImported }: { onClose: () => void; onImported: (r: ImportResult) => void }) {
  const { t, lang } = useI18n();
  const fmt = useFormat();
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const parsed = useMemo(() => (text.trim() ? toRows(text) : null), [text]);
  const problemText = (p: Problem) => {
    switch (p.code) {
      case 'noRows':
        return t('employment.import.noRows');
      case 'missingColumns':
        return t('employment.import.missingColumns', { columns: p.columns });
      case 'unknownColumns':
        return t('employment.import.unknownColumns', { columns: p.columns });
      case 'tooMany':
        return t('employment.import.tooMany', { max: p.max });
      case 'rowWidth':
        return t('employment.import.rowWidth', { line: p.line, n: p.n, expected: p.expected });
    }
  };

  const rowErrors: RowError[] = useMemo(
    () =>
      errorDetails(error)
        .filter((d) => d.line !== undefined || d.path)
        .map((d) => ({ line: d.line ?? 0, path: d.path ?? '', message: lang === 'en' ? d.messageEn || d.message : d.message })),
    [error, lang],
  );

  const send = async () => {
    if (!parsed || parsed.problems.length) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<ImportResult>('/api/employment/jobs/import', { rows: parsed.rows });
      setResult(r);
      onImported(r);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const download = () => {
    const blob = new Blob([`\uFEFF${templateCsv()}`], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = 'job-import-template.csv';
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const columnLabel = (path: string) => {
    const key = path.split('.')[0] ?? '';
    const c = COLUMNS.find((x) => x.key === key);
    return c ? (lang === 'en' ? c.key : `${c.zh}（${c.key}）`) : path;
  };

  return (
    <Modal
      open
      title={t('employment.import.title')}
      onCancel={onClose}
      width={820}
      destroyOnHidden
      footer={
        result ? (
          <Button type="primary" onClick={onClose}>
            {t('common.close')}
          </Button>
        ) : (
          <Space>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" loading={busy} disabled={!parsed || parsed.problems.length > 0 || parsed.rows.length === 0} onClick={() => void send()} data-testid="import-submit">
              {parsed && parsed.problems.length === 0 ? t('employment.import.submitN', { n: parsed.rows.length }) : t('employment.import.submit')}
            </Button>
          </Space>
        )
      }
    >
      <div data-testid="job-import">
        {result ? (
          <Result
            status={result.blocked > 0 ? 'warning' : 'success'}
            title={t('employment.import.done', { n: fmt.int(result.created) })}
            subTitle={t('employment.import.doneDetail', { published: fmt.int(result.published), blocked: fmt.int(result.blocked) })}
            data-testid="import-result"
          />
        ) : (
          <>
            <Typography.Paragraph type="secondary">{t('employment.import.hint', { max: MAX_IMPORT_ROWS })}</Typography.Paragraph>
            <Space wrap style={{ marginBottom: 12 }}>
              <Button icon={<DownloadOutlined />} onClick={download}>
                {t('employment.import.template')}
              </Button>
              <Typography.Text type="secondary">{t('employment.import.columnsHint')}</Typography.Text>
            </Space>
            <Upload.Dragger
              accept=".csv,text/csv,text/plain"
              maxCount={1}
              showUploadList={false}
              beforeUpload={(file) => {
                void file.text().then((s) => {
                  setText(s);
                  setFileName(file.name);
                  setError(null);
                });
                return false;
              }}
              data-testid="import-file"
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p>{fileName ? t('employment.import.chosen', { name: fileName }) : t('employment.import.choose')}</p>
            </Upload.Dragger>
            <Typography.Paragraph style={{ margin: '12px 0 4px' }}>{t('employment.import.orPaste')}</Typography.Paragraph>
            <Input.TextArea
              rows={5}
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                setFileName(null);
                setError(null);
              }}
              className="hm-mono"
              data-testid="import-text"
              placeholder={COLUMNS.map((c) => c.key).join(',')}
            />
            {parsed && parsed.problems.length > 0 && (
              <Alert type="error" showIcon style={{ marginTop: 12 }} title={t('employment.import.cannotSend')} description={<ul style={{ margin: 0, paddingInlineStart: 18 }}>{parsed.problems.slice(0, 20).map((p, i) => <li key={i}>{problemText(p)}</li>)}</ul>} />
            )}
            {parsed && parsed.problems.length === 0 && !error && <Alert type="info" showIcon style={{ marginTop: 12 }} title={t('employment.import.ready', { n: parsed.rows.length })} />}
            {error !== null && (
              <div style={{ marginTop: 12 }}>
                <ErrorAlert error={error} details={error instanceof ApiError && rowErrors.length > 0 ? [] : undefined} style={{ marginBottom: 8 }} />
                {rowErrors.length > 0 && (
                  <Table<RowError & { key: number }>
                    data-testid="import-errors"
                    size="small"
                    rowKey="key"
                    dataSource={rowErrors.map((r, i) => ({ ...r, key: i }))}
                    pagination={rowErrors.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
                    scroll={{ x: 'max-content' }}
                    columns={[
                      { title: t('employment.import.line'), dataIndex: 'line', className: 'hm-num', width: 80 },
                      { title: t('employment.import.field'), dataIndex: 'path', render: (p: string) => columnLabel(p) },
                      { title: t('employment.import.message'), dataIndex: 'message' },
                    ]}
                  />
                )}
                {rowErrors.length > 0 && <Typography.Text type="secondary">{t('employment.import.lineHint')}</Typography.Text>}
              </div>
            )}
          </>
        )}
      </div>
    </Modal>
  );
}

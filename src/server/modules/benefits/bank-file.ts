// The two files exchanged with the paying bank: the bank file we send (one header record, one detail
// record per payment line, one trailer) and the result file the bank returns (one row per line paid
// or failed). Both are CSV in UTF-8; docs/payments.md describes them for the bank.
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import type { ErrorDetail } from '../../platform/errors.js';

/** The reference of a payment line, unique across all batches: HM<batch id>-<line no>. */
export const lineReference = (batchId: number, lineNo: number) => `HM${batchId}-${lineNo}`;

export function parseLineReference(ref: string): { batchId: number; lineNo: number } | null {
  const m = /^HM([1-9]\d{0,15})-([1-9]\d{0,8})$/.exec(ref);
  return m ? { batchId: Number(m[1]), lineNo: Number(m[2]) } : null;
}

const csvField = (v: string | number) => {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const csvRecord = (fields: (string | number)[]) => fields.map(csvField).join(',') + '\r\n';

export type BankFileBatch = { id: number; policyId: string; createdOn: string; lineCount: number; totalFen: number };
export type BankFileLine = { lineNo: number; accountKind: string; accountBank: string | null; accountNo: string; accountName: string; amountFen: number };

/** Builds the bank file; the same batch and lines always give the same bytes. */
export function buildBankFile(batch: BankFileBatch, lines: readonly BankFileLine[]): { fileName: string; content: string; sha256: string } {
  const count = lines.length;
  const total = lines.reduce((s, l) => s + l.amountFen, 0);
  if (count !== batch.lineCount || total !== batch.totalFen) {
    throw new Error(`batch ${batch.id}: lines (${count}, ${total} fen) disagree with the batch (${batch.lineCount}, ${batch.totalFen} fen)`);
  }
  let content = csvRecord(['H', `HM${batch.id}`, batch.policyId, count, total, batch.createdOn]);
  for (const l of [...lines].sort((a, b) => a.lineNo - b.lineNo)) {
    content += csvRecord(['D', lineReference(batch.id, l.lineNo), l.accountKind, l.accountBank ?? '', l.accountNo, l.accountName, l.amountFen]);
  }
  content += csvRecord(['T', count, total]);
  return { fileName: `HM${batch.id}.csv`, content, sha256: createHash('sha256').update(content, 'utf8').digest('hex') };
}

export const RESULT_COLUMNS = ['reference', 'status', 'amount_fen', 'reason'] as const;

export type ResultRow = { line: number; reference: string; status: 'PAID' | 'FAILED'; amountFen: number; reason: string | null };

const problem = (line: number, path: string, zh: string, en: string): ErrorDetail => ({ line, path, message: zh, messageEn: en });

/**
 * Reads the bank's result file: a header `reference,status,amount_fen,reason`, then one row per line.
 * Returns every row that reads cleanly and every problem with its file line (the header is line 1);
 * whether a reference belongs to the batch is checked by the caller.
 */
export function parseResultFile(text: string): { rows: ResultRow[]; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    const line = (e as { lines?: number }).lines ?? 1;
    return { rows: [], errors: [problem(line, 'file', `文件不是有效的CSV:${(e as Error).message}`, `The file is not valid CSV: ${(e as Error).message}`)] };
  }
  const [header, ...body] = records;
  const names = header?.record.map((h) => h.toLowerCase()) ?? [];
  if (names.length < 3 || RESULT_COLUMNS.slice(0, 3).some((c, i) => names[i] !== c) || (names.length > 3 && names[3] !== 'reason') || names.length > 4) {
    return { rows: [], errors: [problem(1, 'header', `表头应为 ${RESULT_COLUMNS.join(',')}`, `The header must be ${RESULT_COLUMNS.join(',')}`)] };
  }
  if (body.length === 0) errors.push(problem(1, 'file', '文件中没有结果行', 'The file has no result rows'));
  const rows: ResultRow[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of body) {
    const line = info.lines;
    const [reference = '', status = '', amount = '', reason = ''] = record;
    let ok = true;
    if (record.length > 4) {
      errors.push(problem(line, 'file', `第 ${line} 行多出 ${record.length - 4} 列`, `Line ${line} has ${record.length - 4} extra column(s)`));
      ok = false;
    }
    if (!parseLineReference(reference)) {
      errors.push(problem(line, 'reference', `流水号“${reference.slice(0, 40)}”格式不对,应为 HM批次号-行号`, `Reference "${reference.slice(0, 40)}" is malformed; it is HM<batch>-<line>`));
      ok = false;
    } else if (seen.has(reference)) {
      errors.push(problem(line, 'reference', `流水号 ${reference} 与第 ${seen.get(reference)} 行重复`, `Reference ${reference} repeats line ${seen.get(reference)}`));
      ok = false;
    } else {
      seen.set(reference, line);
    }
    if (status !== 'PAID' && status !== 'FAILED') {
      errors.push(problem(line, 'status', `状态“${status.slice(0, 20)}”无效,应为 PAID 或 FAILED`, `Status "${status.slice(0, 20)}" is invalid; it is PAID or FAILED`));
      ok = false;
    }
    if (!/^\d{1,15}$/.test(amount)) {
      errors.push(problem(line, 'amount_fen', `金额“${amount.slice(0, 20)}”应为以分为单位的整数`, `Amount "${amount.slice(0, 20)}" must be a whole number of fen`));
      ok = false;
    }
    if (ok) rows.push({ line, reference, status: status as 'PAID' | 'FAILED', amountFen: Number(amount), reason: reason ? reason.slice(0, 200) : null });
  }
  return { rows, errors };
}

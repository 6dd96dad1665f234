// Reads a feed file as records: CSV with a header row (RFC 4180 quoting), a JSON array of objects, or
// NDJSON (one object per line). It works line by line over the decoded text, so a large file is never
// held as parsed objects, and every record keeps the file line it starts on (the header is line 1).
// A malformed record is reported and skipped, and reading resumes on the next line.
import type { FileProblem } from './decode.js';

export type RecordProblem = { field: string | null; code: string; zh: string; en: string };

export type SourceRecord = {
  /** 1-based line of the file where the record starts. */
  line: number;
  /** The source text of the record (cut to RAW_LIMIT characters), kept for the error report. */
  raw: string;
  /** Trimmed values by column name; a column the record does not carry is absent. Null when unreadable. */
  values: Record<string, string> | null;
  problems: RecordProblem[];
};

export type FileFormat = 'csv' | 'json' | 'ndjson';

export type RecordSource = {
  format: FileFormat;
  /** Columns the file carries: the CSV header, or every key met so far in JSON. */
  present: Set<string>;
  /** Problems that make the whole file unreadable (a bad header, a broken JSON array). */
  fileProblems: FileProblem[];
  records: Generator<SourceRecord>;
};

export type HeaderSpec = {
  /** Maps a header name or JSON key (as written) to a column name, or undefined when unknown. */
  resolve(name: string): string | undefined;
  required: readonly string[];
  /** Every column name, for messages. */
  all: readonly string[];
};

const RAW_LIMIT = 1000;
/** A quoted CSV field may run over this many extra lines before its quote counts as never closed. */
const MAX_CONTINUATION_LINES = 20;

type Line = { no: number; text: string };

/** Lines with their numbers, and the ability to put lines back after a failed look-ahead. */
class LineReader {
  #no = 0;
  #back: Line[] = [];
  constructor(private readonly it: Iterator<string>) {}
  next(): Line | undefined {
    const b = this.#back.pop();
    if (b) return b;
    const r = this.it.next();
    if (r.done) return undefined;
    return { no: ++this.#no, text: r.value };
  }
  unread(lines: Line[]): void {
    for (let i = lines.length - 1; i >= 0; i--) this.#back.push(lines[i]!);
  }
}

const cut = (s: string) => (s.length > RAW_LIMIT ? s.slice(0, RAW_LIMIT) + '…' : s);

export function openRecords(lines: Iterable<string>, header: HeaderSpec): RecordSource {
  const reader = new LineReader(lines[Symbol.iterator]());
  let first = reader.next();
  while (first && first.text.trim() === '') first = reader.next();
  const present = new Set<string>();
  const fileProblems: FileProblem[] = [];
  if (!first) {
    fileProblems.push({ code: 'file_empty', line: 1, zh: '文件没有内容', en: 'The file has no content' });
    return { format: 'csv', present, fileProblems, records: (function* () {})() };
  }
  const lead = first.text.trimStart()[0];
  if (lead === '[') {
    reader.unread([first]);
    return { format: 'json', present, fileProblems, records: jsonArrayRecords(reader, header, present, fileProblems) };
  }
  if (lead === '{') {
    reader.unread([first]);
    return { format: 'ndjson', present, fileProblems, records: ndjsonRecords(reader, header, present) };
  }
  return { format: 'csv', present, fileProblems, records: csvRecords(reader, first, header, present, fileProblems) };
}

// ---- CSV ------------------------------------------------------------------------------------------

type CsvSplit = { fields: string[]; lines: Line[] } | { problem: RecordProblem };

/** Splits one record that contains quotes, reading more lines while a quoted field is open. */
function splitQuoted(first: Line, reader: LineReader): CsvSplit {
  const fields: string[] = [];
  const extra: Line[] = [];
  const fail = (code: string, zh: string, en: string): CsvSplit => {
    reader.unread(extra);
    return { problem: { field: null, code, zh, en } };
  };
  let text = first.text;
  let i = 0;
  let cur = '';
  let inQuotes = false;
  let atFieldStart = true;
  for (;;) {
    while (i < text.length) {
      const ch = text[i]!;
      if (inQuotes) {
        const q = text.indexOf('"', i);
        if (q < 0) {
          cur += text.slice(i);
          break;
        }
        cur += text.slice(i, q);
        if (text[q + 1] === '"') {
          cur += '"';
          i = q + 2;
          continue;
        }
        inQuotes = false;
        i = q + 1;
        while (text[i] === ' ' || text[i] === '\t') i++;
        if (i < text.length && text[i] !== ',') {
          return fail('csv_quote', `第 ${fields.length + 1} 列的右引号后面还有字符;字段内的引号应写成两个引号("")`, `column ${fields.length + 1} has characters after its closing quote; a quote inside a field is written as two quotes ("")`);
        }
        continue;
      }
      if (ch === ',') {
        fields.push(cur);
        cur = '';
        atFieldStart = true;
        i++;
      } else if (ch === '"') {
        if (!atFieldStart || cur.trim() !== '') {
          return fail('csv_quote', `第 ${fields.length + 1} 列中间出现引号;含引号、逗号或换行的字段应整体用引号括起,内部引号写成两个引号("")`, `column ${fields.length + 1} has a quote in the middle; a field with quotes, commas or line breaks must be quoted as a whole, with inner quotes doubled ("")`);
        }
        inQuotes = true;
        atFieldStart = false;
        cur = '';
        i++;
      } else {
        cur += ch;
        if (ch !== ' ' && ch !== '\t') atFieldStart = false;
        i++;
      }
    }
    if (!inQuotes) break;
    const next = extra.length < MAX_CONTINUATION_LINES ? reader.next() : undefined;
    if (!next) {
      return fail('csv_quote', `第 ${first.no} 行第 ${fields.length + 1} 列的引号没有闭合`, `the quote opened in column ${fields.length + 1} on line ${first.no} is never closed`);
    }
    extra.push(next);
    cur += '\n';
    text = next.text;
    i = 0;
  }
  fields.push(cur);
  return { fields, lines: extra };
}

function* csvRecords(reader: LineReader, headerLine: Line, spec: HeaderSpec, present: Set<string>, fileProblems: FileProblem[]): Generator<SourceRecord> {
  const h = headerLine.text.includes('"') ? splitQuoted(headerLine, reader) : { fields: headerLine.text.split(','), lines: [] };
  if ('problem' in h) {
    fileProblems.push({ code: 'header', line: headerLine.no, zh: `表头无法读取:${h.problem.zh}`, en: `The header cannot be read: ${h.problem.en}` });
    return;
  }
  const names = h.fields.map((f) => f.trim());
  // Excel often leaves empty columns at the right; they carry nothing.
  while (names.length > 0 && names[names.length - 1] === '') names.pop();
  const columns: string[] = [];
  const unknown: string[] = [];
  for (const [i, n] of names.entries()) {
    const c = n === '' ? undefined : spec.resolve(n);
    if (!c) {
      unknown.push(n === '' ? `(第 ${i + 1} 列为空)` : n);
      columns.push('');
      continue;
    }
    if (present.has(c)) {
      fileProblems.push({ code: 'header', line: headerLine.no, zh: `表头中的列“${c}”出现了两次`, en: `The header has column "${c}" twice` });
    }
    present.add(c);
    columns.push(c);
  }
  if (unknown.length) {
    fileProblems.push({
      code: 'header',
      line: headerLine.no,
      zh: `表头含有未知的列:${unknown.join('、')};可用的列为:${spec.all.join(', ')}`,
      en: `The header has unknown columns: ${unknown.join(', ')}; the columns are: ${spec.all.join(', ')}`,
    });
  }
  const missing = spec.required.filter((c) => !present.has(c));
  if (missing.length) {
    fileProblems.push({ code: 'header', line: headerLine.no, zh: `表头缺少必填列:${missing.join(', ')}`, en: `The header lacks required columns: ${missing.join(', ')}` });
  }
  if (fileProblems.length) return;
  const width = columns.length;

  for (;;) {
    const first = reader.next();
    if (!first) return;
    if (first.text.trim() === '') continue;
    const split = first.text.includes('"') ? splitQuoted(first, reader) : { fields: first.text.split(','), lines: [] as Line[] };
    if ('problem' in split) {
      yield { line: first.no, raw: cut(first.text), values: null, problems: [split.problem] };
      continue;
    }
    const { fields, lines } = split;
    const raw = cut(lines.length ? [first.text, ...lines.map((l) => l.text)].join('\n') : first.text);
    if (fields.every((f) => f.trim() === '')) continue; // a blank row, e.g. ",,,," left by a spreadsheet
    while (fields.length > width && fields[fields.length - 1]!.trim() === '') fields.pop();
    if (fields.length !== width) {
      const span = lines.length ? `(该记录跨第 ${first.no}–${first.no + lines.length} 行,请检查第 ${first.no} 行是否有未闭合的引号)` : '';
      const spanEn = lines.length ? ` (the record spans lines ${first.no}–${first.no + lines.length}; check line ${first.no} for an unclosed quote)` : '';
      // A record that swallowed later lines is most likely an unclosed quote: read those lines again on their own.
      reader.unread(lines);
      yield {
        line: first.no,
        raw: cut(first.text),
        values: null,
        problems: [{ field: null, code: 'csv_width', zh: `有 ${fields.length} 列,表头有 ${width} 列${span}`, en: `has ${fields.length} columns; the header has ${width}${spanEn}` }],
      };
      continue;
    }
    const values: Record<string, string> = {};
    for (let i = 0; i < width; i++) values[columns[i]!] = fields[i]!.trim();
    yield { line: first.no, raw, values, problems: [] };
  }
}

// ---- JSON -----------------------------------------------------------------------------------------

function objectRecord(line: number, raw: string, parsed: unknown, spec: HeaderSpec, present: Set<string>): SourceRecord {
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { line, raw: cut(raw), values: null, problems: [{ field: null, code: 'json_not_object', zh: '每条记录应为一个 JSON 对象', en: 'each record must be a JSON object' }] };
  }
  const values: Record<string, string> = {};
  const problems: RecordProblem[] = [];
  for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
    const c = spec.resolve(k.trim());
    if (!c) {
      problems.push({ field: k, code: 'unknown_field', zh: `未知字段;可用的字段为:${spec.all.join(', ')}`, en: `unknown field; the fields are: ${spec.all.join(', ')}` });
      continue;
    }
    present.add(c);
    if (v === null || v === undefined) values[c] = '';
    else if (typeof v === 'string') values[c] = v.trim();
    else if (typeof v === 'number' || typeof v === 'boolean') values[c] = String(v);
    else problems.push({ field: c, code: 'invalid_value', zh: '应为单个值(文本、数字或是/否),不能是对象或数组', en: 'must be a single value (text, number or boolean), not an object or array' });
  }
  return { line, raw: cut(raw), values: problems.length ? null : values, problems };
}

function* ndjsonRecords(reader: LineReader, spec: HeaderSpec, present: Set<string>): Generator<SourceRecord> {
  for (let l = reader.next(); l; l = reader.next()) {
    if (l.text.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(l.text);
    } catch (e) {
      yield { line: l.no, raw: cut(l.text), values: null, problems: [{ field: null, code: 'json_syntax', zh: `不是有效的 JSON:${(e as Error).message}`, en: `is not valid JSON: ${(e as Error).message}` }] };
      continue;
    }
    yield objectRecord(l.no, l.text, parsed, spec, present);
  }
}

/**
 * A top-level JSON array, scanned element by element: each element is cut out by tracking strings and
 * brackets, then parsed on its own, so a broken element is one bad record and not a broken file.
 */
function* jsonArrayRecords(reader: LineReader, spec: HeaderSpec, present: Set<string>, fileProblems: FileProblem[]): Generator<SourceRecord> {
  type State = 'open' | 'element' | 'after' | 'closed';
  let state = 'open' as State;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let parts: string[] = [];
  let startLine = 0;
  let lastLine = 1;
  const fileFail = (line: number, zh: string, en: string) => fileProblems.push({ code: 'json_syntax', line, zh, en });

  for (let l = reader.next(); l; l = reader.next()) {
    lastLine = l.no;
    const t = l.text;
    let segStart = -1; // where the current element's text starts on this line
    if (state === 'element' && depth > 0) segStart = 0;
    for (let i = 0; i < t.length; i++) {
      const ch = t[i]!;
      if (state === 'element' && depth > 0) {
        if (inString) {
          if (escaped) escaped = false;
          else if (ch === '\\') escaped = true;
          else if (ch === '"') inString = false;
          continue;
        }
        if (ch === '"') inString = true;
        else if (ch === '{' || ch === '[') depth++;
        else if (ch === '}' || ch === ']') {
          depth--;
          if (depth === 0) {
            parts.push(t.slice(segStart, i + 1));
            const text = parts.join('\n');
            parts = [];
            let parsed: unknown;
            try {
              parsed = JSON.parse(text);
            } catch (e) {
              yield { line: startLine, raw: cut(text), values: null, problems: [{ field: null, code: 'json_syntax', zh: `不是有效的 JSON:${(e as Error).message}`, en: `is not valid JSON: ${(e as Error).message}` }] };
              state = 'after';
              continue;
            }
            yield objectRecord(startLine, text, parsed, spec, present);
            state = 'after';
          }
        }
        continue;
      }
      if (ch === ' ' || ch === '\t' || ch === '\r') continue;
      if (state === 'open') {
        if (ch !== '[') {
          fileFail(l.no, `第 ${l.no} 行:JSON 文件应以 [ 开始`, `line ${l.no}: a JSON file must start with [`);
          return;
        }
        state = 'element';
      } else if (state === 'element') {
        if (ch === ']') {
          state = 'closed';
        } else if (ch === '{' || ch === '[') {
          depth = 1;
          startLine = l.no;
          segStart = i;
        } else {
          // A bare value (number, string, literal) where an object belongs: read to the next comma.
          const end = t.slice(i).search(/[,\]]/);
          const text = end < 0 ? t.slice(i) : t.slice(i, i + end);
          yield { line: l.no, raw: cut(text), values: null, problems: [{ field: null, code: 'json_not_object', zh: '每条记录应为一个 JSON 对象', en: 'each record must be a JSON object' }] };
          i = end < 0 ? t.length : i + end - 1;
          state = 'after';
        }
      } else if (state === 'after') {
        if (ch === ',') state = 'element';
        else if (ch === ']') state = 'closed';
        else {
          fileFail(l.no, `第 ${l.no} 行:两条记录之间缺少逗号`, `line ${l.no}: a comma is missing between two records`);
          return;
        }
      } else {
        fileFail(l.no, `第 ${l.no} 行:JSON 数组结束(])之后还有内容`, `line ${l.no}: there is content after the end of the JSON array (])`);
        return;
      }
    }
    if (state === 'element' && depth > 0) parts.push(segStart >= 0 ? t.slice(segStart) : '');
  }
  if (state !== 'closed') {
    const where = state === 'element' && depth > 0 ? startLine : lastLine;
    fileFail(where, `JSON 数组没有正常结束(第 ${where} 行起的记录不完整,或缺少 ])`, `The JSON array does not end properly (the record from line ${where} is incomplete, or ] is missing)`);
  }
}

// Turns uploaded bytes into text lines. Feeds are UTF-8 (a BOM is stripped) or, as government
// spreadsheets often are, GBK/GB18030; anything else is refused with a message that says what it is.
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

export type Encoding = 'utf-8' | 'gbk';

/** A problem with the file as a whole; `line` is where it was found (1 when it concerns the whole file). */
export type FileProblem = { code: string; line: number; zh: string; en: string };

export type Detected = { ok: true; encoding: Encoding; start: number } | { ok: false; problem: FileProblem };

const SEGMENT_BYTES = 4 * 1024 * 1024;
// Characters a clean text file never holds: C0 controls other than tab, CR and LF, DEL, the
// replacement character of a lossy conversion, and private-use code points (GBK's user-defined areas).
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NOT_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD\uE000-\uF8FF]/;

export function detectEncoding(buf: Buffer): Detected {
  const fail = (code: string, line: number, zh: string, en: string): Detected => ({ ok: false, problem: { code, line, zh, en } });
  if (buf.length === 0) return fail('file_empty', 1, '文件为空', 'The file is empty');
  if (buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04) {
    return fail('file_format', 1, '这是 Excel 工作簿(.xlsx)或压缩包,不是 CSV/JSON 文本;请在 Excel 中“另存为 CSV UTF-8”后再导入', 'This is an Excel workbook (.xlsx) or a ZIP archive, not CSV or JSON text; save it as "CSV UTF-8" and import that');
  }
  if (buf[0] === 0xd0 && buf[1] === 0xcf && buf[2] === 0x11 && buf[3] === 0xe0) {
    return fail('file_format', 1, '这是旧版 Excel 文件(.xls),不是 CSV/JSON 文本;请另存为 CSV UTF-8 后再导入', 'This is a legacy Excel file (.xls), not CSV or JSON text; save it as "CSV UTF-8" and import that');
  }
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) {
    return fail('file_encoding', 1, '文件是 UTF-16 编码(Excel“Unicode 文本”);请另存为 CSV UTF-8 后再导入', 'The file is UTF-16 (Excel "Unicode text"); save it as "CSV UTF-8" and import that');
  }
  const start = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  const nul = buf.indexOf(0, start);
  if (nul >= 0) {
    return fail('file_format', lineAt(buf, nul), `文件含有空字节(第 ${lineAt(buf, nul)} 行),不是文本文件`, `The file contains a NUL byte (line ${lineAt(buf, nul)}); it is not a text file`);
  }
  if (isUtf8(buf.subarray(start))) return { ok: true, encoding: 'utf-8', start };
  const bad = firstInvalidUtf8(buf, start);
  const line = lineAt(buf, bad);
  if (start === 3) {
    return fail('file_encoding', line, `文件以 UTF-8 标记开头,但第 ${line} 行不是有效的 UTF-8`, `The file starts with a UTF-8 byte-order mark, but line ${line} is not valid UTF-8`);
  }
  if (decodesCleanlyAsGbk(buf)) return { ok: true, encoding: 'gbk', start: 0 };
  return fail(
    'file_encoding',
    line,
    `文件编码无法识别:既不是 UTF-8,也不是 GBK/GB18030(第 ${line} 行起出现无效字节)。请用 UTF-8 或 GBK 编码另存后再导入`,
    `Unrecognised encoding: the file is neither UTF-8 nor GBK/GB18030 (invalid bytes from line ${line}). Save it as UTF-8 or GBK and import again`,
  );
}

/** The decoded lines of the file, without line terminators; the last line may be empty only if the file does not end in a newline. */
export function* textLines(buf: Buffer, encoding: Encoding, start: number): Generator<string> {
  // 0x0A never occurs inside a multi-byte UTF-8 or GBK/GB18030 character, so cutting at it is safe.
  let pos = start;
  while (pos < buf.length) {
    const end = segmentEnd(buf, pos);
    const text = decode(buf.subarray(pos, end), encoding);
    const lines = text.split('\n');
    // A segment that ends in a newline yields a trailing empty piece that is not a line.
    if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    for (const l of lines) yield l.endsWith('\r') ? l.slice(0, -1) : l;
    pos = end;
  }
}

/** How many lines the file has (for progress), counting a last line without a newline. */
export function countLines(buf: Buffer, start: number): number {
  let n = 0;
  let i = buf.indexOf(0x0a, start);
  while (i >= 0) {
    n++;
    i = buf.indexOf(0x0a, i + 1);
  }
  return buf.length > start && buf[buf.length - 1] !== 0x0a ? n + 1 : n;
}

/** End of the segment that starts at `pos`: about SEGMENT_BYTES long, cut just after a newline. */
function segmentEnd(buf: Buffer, pos: number): number {
  const end = pos + SEGMENT_BYTES;
  if (end >= buf.length) return buf.length;
  const nl = buf.lastIndexOf(0x0a, end - 1);
  if (nl >= pos) return nl + 1;
  const next = buf.indexOf(0x0a, end);
  return next < 0 ? buf.length : next + 1;
}

function decode(bytes: Buffer, encoding: Encoding): string {
  return encoding === 'utf-8' ? bytes.toString('utf8') : iconv.decode(bytes, 'gb18030');
}

function decodesCleanlyAsGbk(buf: Buffer): boolean {
  let pos = 0;
  while (pos < buf.length) {
    const end = segmentEnd(buf, pos);
    // A GB18030 decoder maps every malformed sequence to U+FFFD; so do iconv-lite's.
    if (NOT_TEXT.test(iconv.decode(buf.subarray(pos, end), 'gb18030'))) return false;
    pos = end;
  }
  return true;
}

function lineAt(buf: Buffer, offset: number): number {
  let n = 1;
  let i = buf.indexOf(0x0a);
  while (i >= 0 && i < offset) {
    n++;
    i = buf.indexOf(0x0a, i + 1);
  }
  return n;
}

/** Offset of the first byte that breaks UTF-8 (only called once the fast check has failed). */
function firstInvalidUtf8(buf: Buffer, start: number): number {
  let i = start;
  while (i < buf.length) {
    const b = buf[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return buf.length;
}

// Reading feed files: encodings, CSV quoting and line numbers, JSON arrays and NDJSON (pure functions).
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { detectEncoding, textLines } from './decode.js';
import { openRecords, type HeaderSpec } from './parse.js';

const spec: HeaderSpec = {
  resolve: (n) => ({ a: 'a', b: 'b', c: 'c', 甲: 'a', 乙: 'b' } as Record<string, string>)[n.toLowerCase()] ?? ({ 甲: 'a', 乙: 'b' } as Record<string, string>)[n],
  required: ['a', 'b'],
  all: ['a', 'b', 'c'],
};

function read(text: string) {
  const src = openRecords(text.split('\n'), spec);
  const records = [...src.records];
  return { ...src, records };
}

describe('encodings', () => {
  it('reads UTF-8 and strips a byte-order mark', () => {
    const buf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a,b\n张三,1\n')]);
    const d = detectEncoding(buf);
    expect(d).toEqual({ ok: true, encoding: 'utf-8', start: 3 });
    if (d.ok) expect([...textLines(buf, d.encoding, d.start)]).toEqual(['a,b', '张三,1']);
  });

  it('recognises GBK, which government spreadsheets often are', () => {
    const buf = iconv.encode('身份证号,救助类别\n500101198506150011,低保\n', 'gbk');
    const d = detectEncoding(buf);
    expect(d).toEqual({ ok: true, encoding: 'gbk', start: 0 });
    if (d.ok) expect([...textLines(buf, d.encoding, d.start)]).toEqual(['身份证号,救助类别', '500101198506150011,低保']);
  });

  it('decodes large files in segments without splitting a character or a line', () => {
    const line = '重庆市渝北区双龙湖街道,五星路社区,12345';
    const text = Array.from({ length: 200_000 }, (_, i) => `${i},${line}`).join('\r\n');
    for (const enc of ['utf-8', 'gbk'] as const) {
      const buf = enc === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.from(text);
      expect(buf.length).toBeGreaterThan(4 * 1024 * 1024 * 2);
      const lines = [...textLines(buf, enc, 0)];
      expect(lines.length).toBe(200_000);
      expect(lines[123_456]).toBe(`123456,${line}`);
      expect(lines.at(-1)).toBe(`199999,${line}`);
    }
  });

  it('refuses bytes that are neither UTF-8 nor GBK, and says where they start', () => {
    const latin1 = Buffer.from('a,b\nJosé,Müller\n', 'latin1');
    const d = detectEncoding(latin1);
    expect(d.ok).toBe(false);
    if (!d.ok) {
      expect(d.problem).toMatchObject({ code: 'file_encoding', line: 2 });
      expect(d.problem.zh).toContain('既不是 UTF-8,也不是 GBK');
      expect(d.problem.en).toContain('neither UTF-8 nor GBK');
    }
    let seed = 7;
    const random = Buffer.from(Array.from({ length: 4096 }, () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 256));
    const r = detectEncoding(random);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(['file_encoding', 'file_format']).toContain(r.problem.code);
  });

  it('names the formats people upload by mistake', () => {
    const xlsx = detectEncoding(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]));
    expect(!xlsx.ok && xlsx.problem.en).toContain('Excel workbook');
    const utf16 = detectEncoding(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b', 'utf16le')]));
    expect(!utf16.ok && utf16.problem.en).toContain('UTF-16');
    const empty = detectEncoding(Buffer.alloc(0));
    expect(!empty.ok && empty.problem.code).toBe('file_empty');
    const badBom = detectEncoding(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a,b\n'), Buffer.from([0xc4, 0xe3])]));
    expect(!badBom.ok && badBom.problem).toMatchObject({ code: 'file_encoding', line: 2 });
  });
});

describe('CSV', () => {
  it('reads quoted fields, doubled quotes and line breaks inside quotes, keeping file line numbers', () => {
    const { records, fileProblems, format } = read('a,b,c\n"x, y","say ""hi""",1\n"two\nlines",2,3\n4,5,6\r');
    expect(format).toBe('csv');
    expect(fileProblems).toEqual([]);
    expect(records.map((r) => [r.line, r.values])).toEqual([
      [2, { a: 'x, y', b: 'say "hi"', c: '1' }],
      [3, { a: 'two\nlines', b: '2', c: '3' }],
      [5, { a: '4', b: '5', c: '6' }],
    ]);
  });

  it('accepts Chinese header labels in any order, and skips blank rows and empty trailing columns', () => {
    const { records, present } = read('乙,甲,,\n1,2,,\n,,,\n\n3,4,,');
    expect([...present].sort()).toEqual(['a', 'b']);
    expect(records.map((r) => [r.line, r.values])).toEqual([
      [2, { b: '1', a: '2' }],
      [5, { b: '3', a: '4' }],
    ]);
  });

  it('reports an unclosed quote on its own line and reads the following lines again', () => {
    const { records } = read('a,b\n1,"open\n2,3\n4,5');
    expect(records[0]).toMatchObject({ line: 2, values: null, problems: [{ code: 'csv_quote' }] });
    expect(records[0]!.problems[0]!.en).toContain('line 2 is never closed');
    expect(records.slice(1).map((r) => [r.line, r.values])).toEqual([
      [3, { a: '2', b: '3' }],
      [4, { a: '4', b: '5' }],
    ]);
  });

  it('reports a quote in the middle of a field, text after a closing quote, and a wrong number of columns', () => {
    const { records } = read('a,b\nab"c,1\n"x"y,2\n1,2,3\n1\n5,6');
    expect(records.map((r) => [r.line, r.problems[0]?.code ?? 'ok'])).toEqual([
      [2, 'csv_quote'],
      [3, 'csv_quote'],
      [4, 'csv_width'],
      [5, 'csv_width'],
      [6, 'ok'],
    ]);
    expect(records[2]!.problems[0]!.en).toBe('has 3 columns; the header has 2');
  });

  it('refuses a header with unknown, duplicate or missing columns, naming them', () => {
    const unknown = read('a,b,remarks\n1,2,3');
    expect(unknown.records).toEqual([]);
    expect(unknown.fileProblems[0]).toMatchObject({ code: 'header', line: 1 });
    expect(unknown.fileProblems[0]!.en).toContain('unknown columns: remarks');
    expect(read('a,A,b\n').fileProblems[0]!.en).toContain('column "a" twice');
    expect(read('a,c\n1,2').fileProblems[0]!.en).toBe('The header lacks required columns: b');
  });
});

describe('JSON', () => {
  it('reads a pretty-printed array element by element, each at the line it starts on', () => {
    const text = '[\n  {\n    "a": "1",\n    "b": 2\n  },\n  { "a": "x", "b": true, "c": null },\n  { "a": [1] },\n  { "a": "y" "b": 1 },\n  { "b": "}{" }\n]\n';
    const { records, fileProblems, format } = read(text);
    expect(format).toBe('json');
    expect(fileProblems).toEqual([]);
    expect(records.map((r) => [r.line, r.values, r.problems.map((p) => p.code)])).toEqual([
      [2, { a: '1', b: '2' }, []],
      [6, { a: 'x', b: 'true', c: '' }, []],
      [7, null, ['invalid_value']],
      [8, null, ['json_syntax']],
      [9, { b: '}{' }, []],
    ]);
  });

  it('refuses a broken array as a whole, with the line', () => {
    expect(read('[{"a":1}\n{"a":2}]').fileProblems[0]).toMatchObject({ code: 'json_syntax', line: 2 });
    expect(read('[{"a":1},\n{"a":2').fileProblems[0]).toMatchObject({ code: 'json_syntax', line: 2 });
    expect(read('[1, {"a":2}]').records.map((r) => r.problems[0]?.code ?? 'ok')).toEqual(['json_not_object', 'ok']);
  });

  it('reads NDJSON one object per line, reporting unknown keys and bad lines', () => {
    const { records, format } = read('{"a":"1","b":"2"}\n\n{"a":"1","zzz":"2"}\n{"a":\n[1]');
    expect(format).toBe('ndjson');
    expect(records.map((r) => [r.line, r.problems.map((p) => `${p.field}:${p.code}`)])).toEqual([
      [1, []],
      [3, ['zzz:unknown_field']],
      [4, ['null:json_syntax']],
      [5, ['null:json_not_object']],
    ]);
  });
});

// The bank file and the bank's result file as pure functions: the same input gives the same bytes,
// count and total agree in header and trailer, and every problem of a result file has its line.
import { describe, expect, it } from 'vitest';
import { buildBankFile, lineReference, parseLineReference, parseResultFile } from './bank-file.js';

const batch = { id: 7, policyId: 'employment-subsidy', createdOn: '2026-11-20', lineCount: 3, totalFen: 350000 };
const lines = [
  { lineNo: 2, accountKind: 'bank', accountBank: '中国银行', accountNo: '6216610200012345678', accountName: '重庆"惠民",有限公司', amountFen: 200000 },
  { lineNo: 1, accountKind: 'social_security_card', accountBank: null, accountNo: '500112198506150011', accountName: '孙一', amountFen: 100000 },
  { lineNo: 3, accountKind: 'bank', accountBank: '建设银行', accountNo: '436742010203040506', accountName: '孙三', amountFen: 50000 },
];

describe('bank file', () => {
  it('has a header, one detail record per line in line order, and a trailer repeating count and total', () => {
    const f = buildBankFile(batch, lines);
    const records = f.content.split('\r\n');
    expect(records.at(-1)).toBe('');
    expect(records[0]).toBe('H,HM7,employment-subsidy,3,350000,2026-11-20');
    expect(records[1]).toBe('D,HM7-1,social_security_card,,500112198506150011,孙一,100000');
    expect(records[2]).toBe('D,HM7-2,bank,中国银行,6216610200012345678,"重庆""惠民"",有限公司",200000');
    expect(records[4]).toBe('T,3,350000');
    expect(f.fileName).toBe('HM7.csv');
    expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the same bytes for the same batch, whatever order the lines come in', () => {
    expect(buildBankFile(batch, [...lines].reverse())).toEqual(buildBankFile(batch, lines));
  });

  it('refuses lines that disagree with the batch totals', () => {
    expect(() => buildBankFile({ ...batch, totalFen: 350001 }, lines)).toThrow(/disagree/);
    expect(() => buildBankFile(batch, lines.slice(1))).toThrow(/disagree/);
  });

  it('has references that read back', () => {
    expect(parseLineReference(lineReference(12, 345))).toEqual({ batchId: 12, lineNo: 345 });
    for (const bad of ['HM0-1', 'HM1-0', 'HM1', 'hm1-1', 'HM1-1 ', 'HM-1-1', 'XHM1-1']) expect(parseLineReference(bad)).toBeNull();
  });
});

describe('result file', () => {
  it('reads a clean file, with a BOM, blank lines and an optional reason column', () => {
    const r = parseResultFile('\uFEFFreference,status,amount_fen,reason\r\nHM7-1,PAID,100000,\r\n\r\nHM7-2,FAILED,200000,"账户已销户, 请更换"\r\n');
    expect(r.errors).toEqual([]);
    expect(r.rows).toEqual([
      { line: 2, reference: 'HM7-1', status: 'PAID', amountFen: 100000, reason: null },
      { line: 4, reference: 'HM7-2', status: 'FAILED', amountFen: 200000, reason: '账户已销户, 请更换' },
    ]);
    expect(parseResultFile('reference,status,amount_fen\nHM7-1,PAID,100000\n').rows).toHaveLength(1);
  });

  it('names the line and field of every problem', () => {
    const r = parseResultFile(['reference,status,amount_fen,reason', 'HM7-1,paid,100000,', 'HM7-2,PAID,12.5,', 'HM7-1,FAILED,100000,x', 'bad,PAID,1,', 'HM7-3,PAID,50000,x,extra'].join('\n'));
    expect(r.errors.map((e) => [e.line, e.path])).toEqual([
      [2, 'status'],
      [3, 'amount_fen'],
      [4, 'reference'],
      [5, 'reference'],
      [6, 'file'],
    ]);
    expect(r.errors[2]!.messageEn).toMatch(/repeats line 2/);
  });

  it('refuses a wrong header, an empty file and broken CSV as a whole', () => {
    expect(parseResultFile('ref,status,amount\nHM7-1,PAID,1\n').errors).toEqual([expect.objectContaining({ line: 1, path: 'header' })]);
    expect(parseResultFile('reference,status,amount_fen,reason\n').errors).toEqual([expect.objectContaining({ line: 1, path: 'file' })]);
    expect(parseResultFile('reference,status,amount_fen,reason\nHM7-1,"PAID,1\n').errors[0]).toMatchObject({ path: 'file' });
  });
});

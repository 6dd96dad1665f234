// GB 11643 and GB 32100 validators against the standards' own published examples.
import { describe, expect, it } from 'vitest';
import { checkCreditCode, checkIdNumber, makeCreditCode, makeIdNumber, parseIdNumber } from './standards.js';

describe('GB 11643 citizen id numbers', () => {
  it('accepts the examples published in the standard', () => {
    // GB 11643-1999 appendix examples.
    expect(checkIdNumber('11010519491231002X')).toEqual({ ok: true });
    expect(checkIdNumber('440524188001010014')).toEqual({ ok: true });
  });

  it('rejects a wrong check character, an impossible date, a future date, bad length and letters', () => {
    const reason = (v: string) => {
      const r = checkIdNumber(v, '2026-11-20');
      return r.ok ? 'ok' : r.reason.en;
    };
    expect(reason('110105194912310021')).toMatch(/check character/);
    expect(reason('11010519490231002X'.slice(0, 17) + 'X')).toMatch(/not a real date|check/);
    expect(reason('110105194902300028')).toMatch(/not a real date/); // 30 February
    expect(reason('11010520991231002X')).toMatch(/out of range/);
    expect(reason('11010519491231002')).toMatch(/18 characters/);
    expect(reason('11010519491231002x')).toMatch(/capital X/);
    expect(reason('01010519491231002X')).toMatch(/region code/);
  });

  it('builds numbers that validate and carry region, birth date and sex', () => {
    for (const [sex, seq] of [['M', 0], ['F', 7], ['M', 499]] as const) {
      const v = makeIdNumber('500112', '1992-02-29', sex, seq);
      expect(checkIdNumber(v)).toEqual({ ok: true });
      expect(parseIdNumber(v)).toEqual({ regionCode: '500112', birthDate: '1992-02-29', sex });
    }
  });
});

describe('GB 32100 unified social credit codes', () => {
  it('accepts the example published in the standard and a real registered code', () => {
    expect(checkCreditCode('91350100M000100Y43')).toEqual({ ok: true }); // GB 32100-2015 example
    expect(checkCreditCode('91110000100010433L')).toEqual({ ok: true });
  });

  it('rejects a wrong check character, forbidden letters, a bad org-code check and bad authority codes', () => {
    const reason = (v: string) => {
      const r = checkCreditCode(v);
      return r.ok ? 'ok' : r.reason.en;
    };
    expect(reason('91350100M000100Y44')).toMatch(/check character of the credit code/);
    expect(reason('91350100M000100Y4I')).toMatch(/does not use/);
    expect(reason('91350100M000100Z43')).toMatch(/does not use/);
    expect(reason('911101087921126920')).toMatch(/organisation code/);
    expect(reason('Z1350100M000100Y43')).toMatch(/does not use/);
    expect(reason('94350100M000100Y43')).toMatch(/registration authority/);
    expect(reason('91350100M000100Y4')).toMatch(/18 characters/);
  });

  it('builds codes that validate and embed the division code', () => {
    for (const body of [0, 1, 12345678, 99999999]) {
      const v = makeCreditCode('500112', body);
      expect(checkCreditCode(v)).toEqual({ ok: true });
      expect(v.slice(2, 8)).toBe('500112');
    }
  });
});

// Validators and builders for the code standards the registry relies on:
// GB 11643-1999 citizen id numbers and GB 32100-2015 unified social credit codes (with GB 11714 org codes).

export type CodeCheck = { ok: true } | { ok: false; reason: { zh: string; en: string } };

const fail = (zh: string, en: string): CodeCheck => ({ ok: false, reason: { zh, en } });

// --- GB 11643: 6-digit region, 8-digit birth date, 3-digit sequence (odd = male), check character ---
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

export function isValidDate(yyyymmdd: string): boolean {
  if (!/^\d{8}$/.test(yyyymmdd)) return false;
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function checkIdNumber(value: string, today: string = new Date().toISOString().slice(0, 10)): CodeCheck {
  if (value.length !== 18) return fail('身份证号应为18位', 'an id number has 18 characters');
  if (!/^\d{17}[\dX]$/.test(value)) return fail('身份证号前17位应为数字,末位为数字或大写X', 'an id number is 17 digits and a digit or capital X');
  if (!/^[1-9]\d{5}$/.test(value.slice(0, 6))) return fail('身份证号地址码无效', 'the region code of the id number is invalid');
  const birth = value.slice(6, 14);
  if (!isValidDate(birth)) return fail('身份证号出生日期无效', 'the birth date in the id number is not a real date');
  const iso = `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`;
  if (iso > today || birth.slice(0, 4) < '1850') return fail('身份证号出生日期超出范围', 'the birth date in the id number is out of range');
  if (idNumberCheckChar(value.slice(0, 17)) !== value[17]) return fail('身份证号校验码错误', 'the check character of the id number is wrong');
  return { ok: true };
}

export type IdNumberParts = { regionCode: string; birthDate: string; sex: 'M' | 'F' };

export function parseIdNumber(value: string): IdNumberParts {
  const b = value.slice(6, 14);
  return {
    regionCode: value.slice(0, 6),
    birthDate: `${b.slice(0, 4)}-${b.slice(4, 6)}-${b.slice(6, 8)}`,
    sex: Number(value[16]) % 2 === 1 ? 'M' : 'F',
  };
}

/** Build a valid id number; `sequence` is 0..499 and is made odd for men and even for women. */
export function makeIdNumber(regionCode: string, birthDate: string, sex: 'M' | 'F', sequence: number): string {
  const seq = sequence * 2 + (sex === 'M' ? 1 : 0);
  const first17 = `${regionCode}${birthDate.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

// --- GB 32100: authority (1), type (1), division (6), GB 11714 org code (9), check (1) -------------
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
// Registration authority codes and the type codes each allows (GB 32100-2015 table 1).
const AUTHORITY_TYPES: Record<string, string> = { '1': '1239', '2': '19', '3': '12349', '4': '19', '5': '1239', '6': '129', '7': '129', '8': '19', '9': '123', A: '19', N: '1239', Y: '1' };

export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(first17[i]!) * USCC_WEIGHTS[i]!;
  return USCC_CHARS[(31 - (sum % 31)) % 31]!;
}

export function orgCodeCheckChar(first8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(first8[i]!, 36) * ORG_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

export function checkCreditCode(value: string): CodeCheck {
  if (value.length !== 18) return fail('统一社会信用代码应为18位', 'a credit code has 18 characters');
  for (const ch of value) {
    if (!USCC_CHARS.includes(ch)) return fail(`统一社会信用代码含非法字符「${ch}」(不使用 I、O、S、V、Z)`, `the credit code contains '${ch}', which the standard does not use (no I, O, S, V, Z)`);
  }
  const types = AUTHORITY_TYPES[value[0]!];
  if (!types || !types.includes(value[1]!)) return fail('统一社会信用代码登记管理部门或机构类别代码无效', 'the registration authority or entity type of the credit code is invalid');
  if (!/^\d{6}$/.test(value.slice(2, 8))) return fail('统一社会信用代码行政区划码应为6位数字', 'the division code inside the credit code must be 6 digits');
  const org = value.slice(8, 17);
  if (!/^[0-9A-Z]{8}[0-9X]$/.test(org) || orgCodeCheckChar(org.slice(0, 8)) !== org[8]) {
    return fail('统一社会信用代码中的组织机构代码校验位错误', 'the organisation code inside the credit code has a wrong check character');
  }
  if (creditCodeCheckChar(value.slice(0, 17)) !== value[17]) return fail('统一社会信用代码校验码错误', 'the check character of the credit code is wrong');
  return { ok: true };
}

/** Build a valid enterprise credit code (authority 9, type 1) from a division code and an 8-digit body. */
export function makeCreditCode(divisionCode: string, orgBody: number): string {
  const body = String(orgBody).padStart(8, '0');
  const first17 = `91${divisionCode}${body}${orgCodeCheckChar(body)}`;
  return first17 + creditCodeCheckChar(first17);
}

// Masking of personal identifiers for display (PIPL): first 6 and last 4 of an id number, 3+4 of a
// phone, the family name of a name, the last 4 of an account.
export function maskIdNumber(v: string): string {
  return v.length === 18 ? `${v.slice(0, 6)}********${v.slice(14)}` : '*'.repeat(v.length);
}
export function maskPhone(v: string | null): string | null {
  if (v === null) return null;
  return v.length === 11 ? `${v.slice(0, 3)}****${v.slice(7)}` : '*'.repeat(v.length);
}

/** 张三丰 → 张**: the family name stays so an officer can talk to the person, the rest is hidden. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(chars.length - 1);
}

/** Only the last 4 characters of an account number are shown. */
export function maskAccount(accountNo: string | null): string | null {
  if (accountNo === null) return null;
  return accountNo.length <= 4 ? '*'.repeat(accountNo.length) : '*'.repeat(accountNo.length - 4) + accountNo.slice(-4);
}

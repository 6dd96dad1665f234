// Masking for the benefits screens: payee names for staff lists, and payee accounts everywhere but
// the bank file. (platform/mask.ts covers id numbers and phones.)

/** 张三丰 → 张**: the family name stays so an officer can talk to the payee, the rest is hidden. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(chars.length - 1);
}

/** Only the last 4 characters of an account number are shown. */
export function maskAccount(accountNo: string | null): string | null {
  if (accountNo === null) return null;
  return accountNo.length <= 4 ? '*'.repeat(accountNo.length) : '*'.repeat(accountNo.length - 4) + accountNo.slice(-4);
}

// Masking of personal identifiers for display (PIPL): first 6 and last 4 of an id number, 3+4 of a phone.
export function maskIdNumber(v: string): string {
  return v.length === 18 ? `${v.slice(0, 6)}********${v.slice(14)}` : '*'.repeat(v.length);
}
export function maskPhone(v: string | null): string | null {
  if (v === null) return null;
  return v.length === 11 ? `${v.slice(0, 3)}****${v.slice(7)}` : '*'.repeat(v.length);
}

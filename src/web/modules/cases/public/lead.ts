// What the public case pages exchange with the server (src/server/modules/cases/public.routes.ts),
// and the small pure helpers they share: yuan to fen, the credit-code check character, tracking codes.
type Label = { zh: string; en: string };

/** One public field of a case kind (data/cases/*.yaml). Money is integer fen. */
export type FormField = {
  name: string;
  label: Label;
  type: 'text' | 'longtext' | 'integer' | 'money' | 'boolean' | 'date' | 'month' | 'district' | 'enum' | 'creditCode';
  required: boolean;
  max?: number;
  options?: { code: string; label: Label }[];
  help?: Label;
};

/** GET /api/public/case-forms/:kind */
export type CaseForm = {
  kind: string;
  label: Label;
  fields: FormField[];
  districts: { code: string; name: string }[];
  demoMode: boolean;
};

/** POST /api/public/phone-codes */
export type PhoneCodeSent = { sent: boolean; expiresInMinutes: number; demoCode?: string };

/** GET /api/public/cases/:code, and each item of GET /api/me/cases. */
export type TrackingView = {
  trackingCode: string;
  kindLabel: Label;
  state: string;
  stateLabel: Label;
  final: boolean;
  conclusionLabel: Label | null;
  openedOn: string;
  closedOn: string | null;
  rating: number | null;
  reopened: boolean;
  canRate: boolean;
  canReopen: boolean;
  reopenUntilDays: number | null;
};

/** One of a signed-in citizen's own reports: the tracking view and the employer they named. */
export type MyCase = TrackingView & { title: string };

export const WAGE_ARREARS = 'wage_arrears';

/**
 * "8600", "8,600.5", "0.07" → integer fen, exactly (no floating point); null when it is not an amount
 * of yuan with at most two decimals.
 */
export function yuanToFen(input: string): number | null {
  const s = input.replace(/[,，\s]/g, '');
  const m = /^(\d{1,13})(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}

// GB 32100: the characters a credit code may use, and the weights of its check character.
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/**
 * The obvious mistakes in a credit code, caught before sending: its length, a letter the standard does
 * not use, a wrong check character. The server checks the rest (authority, type, organisation code).
 */
export function creditCodeProblem(value: string): 'format' | 'check' | null {
  const v = value.trim().toUpperCase();
  if (v.length !== 18 || [...v].some((c) => !USCC_CHARS.includes(c))) return 'format';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(v[i]!) * USCC_WEIGHTS[i]!;
  return USCC_CHARS[(31 - (sum % 31)) % 31] === v[17] ? null : 'check';
}

export const TRACKING_RE = /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/;

/** What someone types ("7k3m q9ta2xwb") as a tracking code in its groups of four ("7K3M-Q9TA-2XWB"). */
export function formatTrackingCode(input: string): string {
  const chars = input
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, '')
    .slice(0, 12);
  return (chars.match(/.{1,4}/g) ?? []).join('-');
}

// The codes this browser reported or looked up, newest first, so that a lost code can be found again.
const RECENT_KEY = 'huimin.trackingCodes';
const RECENT_MAX = 5;

export function recentTrackingCodes(): string[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((c): c is string => typeof c === 'string' && TRACKING_RE.test(c)).slice(0, RECENT_MAX) : [];
  } catch {
    return [];
  }
}

function storeRecent(codes: string[]) {
  try {
    localStorage.setItem(RECENT_KEY, JSON.stringify(codes.slice(0, RECENT_MAX)));
  } catch {
    // Private mode: nothing is remembered.
  }
}

export function rememberTrackingCode(code: string): void {
  storeRecent([code, ...recentTrackingCodes().filter((c) => c !== code)]);
}

export function forgetTrackingCode(code: string): void {
  storeRecent(recentTrackingCodes().filter((c) => c !== code));
}

/** "13800138000" → "138****8000", as the page repeats a number back. */
export const maskPhone = (p: string) => (p.length === 11 ? `${p.slice(0, 3)}****${p.slice(7)}` : p);

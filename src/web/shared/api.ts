// The one way the UI talks to the server: same-origin cookies, the CSRF token on every write,
// and the server's bilingual error body turned into an ApiError in the reader's language.
import { currentLanguage } from './i18n';

export type ErrorCode =
  | 'VALIDATION'
  | 'UNAUTHENTICATED'
  | 'CSRF'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'IMPORT_REJECTED'
  | 'RATE_LIMITED'
  | 'INTERNAL'
  | 'NETWORK';

export type ErrorDetail = { path?: string; line?: number; message: string; messageEn: string };

type ErrorBody = {
  error?: {
    code?: ErrorCode;
    message?: string;
    messageEn?: string;
    requestId?: string;
    details?: ErrorDetail[] | Record<string, unknown>;
  };
};

export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly messageZh: string;
  readonly messageEn: string;
  readonly requestId: string | undefined;
  readonly details: ErrorDetail[] | Record<string, unknown> | undefined;

  constructor(status: number, body: ErrorBody['error'] | undefined, fallback: { zh: string; en: string }) {
    const zh = body?.message ?? fallback.zh;
    const en = body?.messageEn ?? body?.message ?? fallback.en;
    super(currentLanguage() === 'en' ? en : zh);
    this.name = 'ApiError';
    this.status = status;
    this.code = body?.code ?? (status === 0 ? 'NETWORK' : 'INTERNAL');
    this.messageZh = zh;
    this.messageEn = en;
    this.requestId = body?.requestId;
    this.details = body?.details;
  }

  /** The message in the language the user reads now (it may have changed since the error). */
  localized(): string {
    return currentLanguage() === 'en' ? this.messageEn : this.messageZh;
  }
}

/** A message for any thrown value, in the current language. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.localized();
  if (e instanceof Error) return e.message;
  return String(e);
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const unauthenticatedListeners = new Set<() => void>();
/** Called when any request finds the session gone, so the app can return to the sign-in page. */
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

export type Query = Record<string, string | number | boolean | null | undefined>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

export type RequestOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  /** A JSON body. */
  json?: unknown;
  /** A raw body (an uploaded file) sent with `contentType`. */
  raw?: BodyInit;
  contentType?: string;
  signal?: AbortSignal;
};

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? (opts.json !== undefined || opts.raw !== undefined ? 'POST' : 'GET');
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.raw !== undefined) {
    headers['content-type'] = opts.contentType ?? 'application/octet-stream';
    body = opts.raw;
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), { method, headers, body, credentials: 'same-origin', signal: opts.signal });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, undefined, { zh: '无法连接服务器,请检查网络后重试', en: 'Cannot reach the server; check the network and try again' });
  }

  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!res.ok) {
    const err = new ApiError(res.status, (data as ErrorBody | undefined)?.error, {
      zh: `请求失败(HTTP ${res.status})`,
      en: `Request failed (HTTP ${res.status})`,
    });
    if (err.code === 'UNAUTHENTICATED' && !path.startsWith('/api/auth/')) unauthenticatedListeners.forEach((l) => l());
    throw err;
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>(path, { query, signal }),
  post: <T>(path: string, json?: unknown) => request<T>(path, { method: 'POST', json: json ?? {} }),
};

// One error type with a closed set of codes, mapped to HTTP in one handler (see app.ts).
export const ERROR_STATUS = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  CSRF: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  IMPORT_REJECTED: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type Bilingual = { zh: string; en: string };

export type ErrorDetail = { path?: string; line?: number; message: string; messageEn: string };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly messageZh: string;
  readonly messageEn: string;
  readonly details: ErrorDetail[] | Record<string, unknown> | undefined;
  constructor(code: ErrorCode, message: Bilingual, details?: ErrorDetail[] | Record<string, unknown>) {
    super(message.en);
    this.code = code;
    this.messageZh = message.zh;
    this.messageEn = message.en;
    this.details = details;
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what: Bilingual = { zh: '未找到该记录,或不在您的管辖范围内', en: 'Not found, or outside your jurisdiction' }) =>
  new AppError('NOT_FOUND', what);

export const forbidden = () =>
  new AppError('FORBIDDEN', { zh: '您的角色无权执行此操作', en: 'Your role is not allowed to do this' });

export const unauthenticated = () =>
  new AppError('UNAUTHENTICATED', { zh: '请先登录', en: 'Please sign in first' });

// Turns zod issues into bilingual messages. Custom refinements write their message as "中文 :: English".
import { z } from 'zod';
import type { ErrorDetail } from './errors.js';

const zhLocale = z.locales.zhCN().localeError;
const enLocale = z.locales.en().localeError;

type IssueLike = { code: string; path: PropertyKey[]; message: string; [k: string]: unknown };

export function bilingual(message: string): { zh: string; en: string } {
  const i = message.indexOf(' :: ');
  return i >= 0 ? { zh: message.slice(0, i), en: message.slice(i + 4) } : { zh: message, en: message };
}

function localeMessage(fn: typeof zhLocale, issue: IssueLike): string | undefined {
  const r = fn(issue as unknown as Parameters<typeof zhLocale>[0]);
  return typeof r === 'string' ? r : r?.message;
}

export function issueToDetail(issue: IssueLike, pathPrefix = ''): ErrorDetail {
  const path = [pathPrefix, ...issue.path.map(String)].filter(Boolean).join('.');
  if (issue.code === 'custom' || issue.message.includes(' :: ')) {
    const m = bilingual(issue.message);
    return { path, message: m.zh, messageEn: m.en };
  }
  return {
    path,
    message: localeMessage(zhLocale, issue) ?? issue.message,
    messageEn: localeMessage(enLocale, issue) ?? issue.message,
  };
}

/** A refinement message in both languages. */
export const msg = (zh: string, en: string) => `${zh} :: ${en}`;

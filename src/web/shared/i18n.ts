// Language: zh-CN by default, English on request; the choice is kept in localStorage.
// Text the server sends in both languages ({ zh, en } or nameZh/nameEn) is picked with `bi`.
import i18n from 'i18next';
import { useCallback } from 'react';
import { initReactI18next, useTranslation } from 'react-i18next';
import { en } from './locales/en';
import { zhCN, type Messages } from './locales/zh-CN';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}

export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
const STORAGE_KEY = 'huimin.lang';

function storedLanguage(): Lang {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: 'zh-CN',
  supportedLngs: LANGS as Lang[],
  interpolation: { escapeValue: false }, // React escapes
  initAsync: false,
  returnNull: false,
});
document.documentElement.lang = i18n.language;

export function currentLanguage(): Lang {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

export function setLanguage(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

/** Text from the server: a bilingual pair, or a plain string (shown as is). */
export type Bilingual = { zh: string; en: string } | string | null | undefined;

/** Translation helpers bound to the current language; components re-render when it changes. */
export function useI18n() {
  const { t, i18n: inst } = useTranslation();
  const lang: Lang = inst.language === 'en' ? 'en' : 'zh-CN';

  const bi = useCallback(
    (v: Bilingual, fallback = ''): string => {
      if (v === null || v === undefined) return fallback;
      if (typeof v === 'string') return v;
      return lang === 'en' ? v.en || v.zh : v.zh || v.en;
    },
    [lang],
  );

  /** A key built at run time (an enum value from the server), falling back to the raw value. */
  const dyn = useCallback(
    (key: string, fallback: string): string => {
      const tr = inst.t as unknown as (k: string, o: { defaultValue: string }) => string;
      return tr(key, { defaultValue: fallback });
    },
    // inst.t is stable; the language is what changes the result.
    [inst, lang],
  );

  return { t, lang, bi, dyn, locale: lang === 'en' ? 'en-GB' : 'zh-CN' };
}

export default i18n;

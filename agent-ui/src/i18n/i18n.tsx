// UI strings live in locales/*.json. English ships in the main bundle; the
// others are fetched on demand so a locale costs nothing until someone picks it.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import en from './locales/en.json';

export type Locale = 'en' | 'th' | 'zh-CN' | 'fa';
export const LOCALES: { id: Locale; label: string; dir: 'ltr' | 'rtl' }[] = [
  { id: 'en', label: 'English', dir: 'ltr' },
  { id: 'th', label: 'ไทย', dir: 'ltr' },
  { id: 'zh-CN', label: '简体中文', dir: 'ltr' },
  { id: 'fa', label: 'فارسی', dir: 'rtl' },
];

type Dict = Record<string, string>;
export type MessageKey = keyof typeof en;

const loaders: Record<Exclude<Locale, 'en'>, () => Promise<{ default: Dict }>> = {
  th: () => import('./locales/th.json'),
  'zh-CN': () => import('./locales/zh-CN.json'),
  fa: () => import('./locales/fa.json'),
};

const STORAGE_KEY = 'sb.locale';

function initialLocale(): Locale {
  const stored = safeGet(STORAGE_KEY);
  if (stored && LOCALES.some((l) => l.id === stored)) return stored as Locale;
  const nav = typeof navigator !== 'undefined' ? navigator.language : 'en';
  if (nav.startsWith('th')) return 'th';
  if (nav.startsWith('zh')) return 'zh-CN';
  if (nav.startsWith('fa')) return 'fa';
  return 'en';
}

function safeGet(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function format(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

interface I18nValue {
  locale: Locale;
  dir: 'ltr' | 'rtl';
  t: Translate;
  setLocale: (l: Locale) => void;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const [dict, setDict] = useState<Dict>(en);

  useEffect(() => {
    let cancelled = false;
    if (locale === 'en') setDict(en);
    else
      loaders[locale]()
        .then((m) => !cancelled && setDict({ ...en, ...m.default }))
        .catch(() => !cancelled && setDict(en));
    const dir = LOCALES.find((l) => l.id === locale)?.dir ?? 'ltr';
    document.documentElement.lang = locale;
    document.documentElement.dir = dir;
    return () => {
      cancelled = true;
    };
  }, [locale]);

  const setLocale = useCallback((l: Locale) => {
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      /* not persisted; still switches */
    }
    setLocaleState(l);
  }, []);

  const t = useCallback<Translate>((key, vars) => format(dict[key] ?? en[key] ?? key, vars), [dict]);
  const value = useMemo<I18nValue>(
    () => ({ locale, dir: LOCALES.find((l) => l.id === locale)?.dir ?? 'ltr', t, setLocale }),
    [locale, t, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** A value the server names (a status, a kind) as the reader's words: its translation when the locale files
 * have one under prefix, else the value itself, so a new server value never shows up as a raw key. */
export function labelFor(t: Translate, prefix: string, value: string): string {
  const key = `${prefix}.${value}`;
  return key in en ? t(key as MessageKey) : value;
}

export function useI18n(): I18nValue {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}

/** Relative "waiting" time, short form, using the browser's Intl for the current locale. */
export function shortAgo(iso: string | null | undefined, locale: Locale, now = Date.now()): string {
  if (!iso) return '';
  const s = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'always', style: 'narrow' });
  if (s < 60) return rtf.format(-s, 'second');
  if (s < 3600) return rtf.format(-Math.floor(s / 60), 'minute');
  if (s < 86400) return rtf.format(-Math.floor(s / 3600), 'hour');
  return rtf.format(-Math.floor(s / 86400), 'day');
}

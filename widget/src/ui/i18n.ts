// Strings live in locale files; English ships inside the bundle so the UI never renders raw keys.
import en from '../locales/en.json' with { type: 'json' };

export type Strings = Record<string, string>;
export const SUPPORTED = ['en', 'th', 'zh-CN', 'fa'];
const RTL = ['fa', 'ar', 'he', 'ur'];

/** Maps `th-TH` → `th`, `zh`/`zh-Hans` → `zh-CN`, unknown → null. */
export function matchLocale(wanted: string | null | undefined): string | null {
  if (!wanted) return null;
  const lower = wanted.toLowerCase();
  const exact = SUPPORTED.find((l) => l.toLowerCase() === lower);
  if (exact) return exact;
  const lang = lower.split(/[-_]/)[0];
  return SUPPORTED.find((l) => l.toLowerCase().split('-')[0] === lang) || null;
}

export function pickLocale(candidates: Array<string | null | undefined>): string {
  for (const c of candidates) {
    const m = matchLocale(c);
    if (m) return m;
  }
  return 'en';
}

export const isRtl = (locale: string) => RTL.includes(locale.split('-')[0]);

const cache: Record<string, Strings> = { en };

const waiting: Record<string, (strings: Strings) => void> = {};
(window as unknown as { __SwitchboardLocale: unknown }).__SwitchboardLocale = (locale: string, strings: Strings) => {
  cache[locale] = { ...en, ...strings };
  waiting[locale]?.(cache[locale]);
};

/** Locale files are scripts that call back into the UI: no CORS needed when the host site is elsewhere. */
export function loadStrings(base: string, locale: string): Promise<Strings> {
  if (cache[locale]) return Promise.resolve(cache[locale]);
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = base + 'widget/locales/' + locale + '.js';
    s.async = true;
    waiting[locale] = resolve;
    s.onerror = () => reject(new Error('locale ' + locale + ' failed to load'));
    s.onload = () => {
      s.remove();
      if (!cache[locale]) reject(new Error('locale ' + locale + ' did not register'));
    };
    document.head.append(s);
  });
}

export function translate(strings: Strings, key: string, vars?: Record<string, string | number>): string {
  const template = strings[key] ?? (en as Strings)[key] ?? key;
  return vars ? template.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? '')) : template;
}

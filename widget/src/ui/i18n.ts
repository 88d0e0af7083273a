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

export async function loadStrings(base: string, locale: string): Promise<Strings> {
  if (cache[locale]) return cache[locale];
  const res = await fetch(base + 'widget/locales/' + locale + '.json');
  if (!res.ok) throw new Error('locale ' + locale + ' ' + res.status);
  return (cache[locale] = { ...en, ...(await res.json()) });
}

export function translate(strings: Strings, key: string, vars?: Record<string, string | number>): string {
  const template = strings[key] ?? (en as Strings)[key] ?? key;
  return vars ? template.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? '')) : template;
}

// What the visitor may attach, checked before a byte is uploaded and said in the visitor's language
// ("Images and PDF only, up to 2 MB"), the same words whether the widget or the server refused the file.
// Kept small: every byte here is downloaded by each visitor who opens the messenger.
import type { WidgetSettings } from '../types.js';

type Limits = NonNullable<WidgetSettings['attachments']>;

// Locale key per kind of file type (`file.kind.images`); rarer types are named by their subtype ("ZIP").
const KINDS: Array<[RegExp, string]> = [
  [/^image\//, 'images'], [/^application\/pdf$/, 'pdf'], [/^text\//, 'text'],
  [/msword|ms-excel|ms-powerpoint|officedocument|opendocument/, 'office'], [/^audio\//, 'audio'], [/^video\//, 'video'],
];

/** `image/*` style patterns, matched like the server's typeAllowed (server/webchat/settings.ts). */
const allowed = (types: string[], ct: string) =>
  types.some((t) => (t = t.toLowerCase(), t.endsWith('/*') ? ct.startsWith(t.slice(0, -1)) : ct === t));

/** "Images and PDF only, up to 2 MB" in the visitor's language. */
export function describeLimits(limits: Limits, locale: string, t: (key: string, vars?: Record<string, string>) => string): string {
  const mb = limits.maxBytes / 1048576;
  const size = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(mb < 1 ? limits.maxBytes / 1024 : mb) + (mb < 1 ? ' KB' : ' MB');
  const names = [...new Set(limits.types.map((type) => {
    const kind = KINDS.find(([re]) => re.test(type.toLowerCase()));
    return kind ? t('file.kind.' + kind[1]) : type.split('/')[1].toUpperCase();
  }))];
  const text = t(names.length ? 'file.limits' : 'file.limitsSize', { kinds: new Intl.ListFormat(locale).format(names), size });
  return text[0].toLocaleUpperCase(locale) + text.slice(1);
}

/** Why the widget will not send this file, or null when it may. */
export const refusal = (file: { size: number; type: string }, limits: Limits): 'size' | 'type' | null =>
  !allowed(limits.types, (file.type || 'application/octet-stream').toLowerCase()) ? 'type' : file.size > limits.maxBytes ? 'size' : null;

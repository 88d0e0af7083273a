export type BotLocale = 'en' | 'th' | 'zh' | 'fa';

/** The language a visitor writes in, by script; null when the text says nothing (digits, emoji, "ok"). */
export function detectLocale(text: string): BotLocale | null {
  if (/\p{Script=Thai}/u.test(text)) return 'th';
  if (/\p{Script=Han}/u.test(text)) return 'zh';
  if (/\p{Script=Arabic}/u.test(text)) return 'fa';
  if (/[a-z]{3,}/i.test(text)) return 'en';
  return null;
}

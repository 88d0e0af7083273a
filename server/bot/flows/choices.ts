import { normaliseText } from '../../shared/search.js';
import type { BotOption } from '../runtime/client.js';
import type { SwitchboardContext } from '../runtime/context.js';
import { allTranslations } from '../strings.js';

// Recognising which offered option a reply means: the button's payload, its number ("2" on SMS), its label
// as the widget echoes it, or a yes/no word in any supported language.

const same = (a: string, b: string) => normaliseText(a).trim() === normaliseText(b).trim();

const YES = ['y', 'yes', 'yeah', 'yep', 'ใช่', 'ใช่ค่ะ', 'ใช่ครับ', '是', '是的', '有', 'بله', 'آره', ...allTranslations('yes')];
const NO = ['n', 'no', 'nope', 'ไม่', 'ไม่ใช่', '否', '不是', '没有', 'نه', 'خیر', ...allTranslations('no')];

export function pickOption(context: SwitchboardContext, options: BotOption[]): BotOption | null {
  const payload = context.event.payload as string | null;
  const byPayload = payload ? options.find((o) => o.value === payload) : undefined;
  if (byPayload) return byPayload;
  const text = context.text.replace(/[.!。！]+$/u, '');
  const n = /^\d{1,2}$/.test(text) ? Number(text) : 0;
  if (n >= 1 && n <= options.length) return options[n - 1];
  const byLabel = options.find((o) => same(o.label, text) || same(o.value, text));
  if (byLabel) return byLabel;
  if (options.some((o) => o.value === 'yes') && YES.some((w) => same(w, text))) return options.find((o) => o.value === 'yes')!;
  if (options.some((o) => o.value === 'no') && NO.some((w) => same(w, text))) return options.find((o) => o.value === 'no')!;
  return null;
}

export const isTalkToHumanButton = (text: string) => allTranslations('talkToHuman').some((label) => same(label, text));

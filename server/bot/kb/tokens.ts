import { segmentWords } from '../../domain/search.js';

// Matching tokens for the knowledge base. Words come from the same segmentation as conversation search
// (Intl.Segmenter + Arabic/Persian letter folding, ZWNJ removal), then a light per-script normalisation so a
// question and an article that say the same thing in different inflections still share tokens.

const HAN = /\p{Script=Han}/u;
const ARABIC_SCRIPT = /\p{Script=Arabic}/u;
const LATIN_WORD = /^[a-z]+$/;

// Words that carry no topic in a support question. IDF alone cannot discount them when the KB is small.
const STOPWORDS = new Set([
  // Small talk in every language: a greeting is not a question
  'hi', 'hey', 'hello', 'thanks', 'thank', 'สวัสดี', 'ขอบคุณ', '你好', '您好', '谢谢', 'سلام', 'ممنون', 'مرسی',
  // English
  'a', 'an', 'the', 'is', 'are', 'am', 'be', 'do', 'doe', 'does', 'did', 'i', 'me', 'my', 'you', 'your', 'we', 'our',
  'it', 'to', 'of', 'in', 'on', 'for', 'and', 'or', 'can', 'could', 'how', 'what', 'when', 'where', 'which', 'who', 'why',
  'there', 'this', 'that', 'with', 'please', 'want', 'need', 'would', 'like', 'get', 'any', 'have', 'ha',
  // Thai particles and function words
  'ไหม', 'มั้ย', 'ครับ', 'ค่ะ', 'คะ', 'จ้า', 'นะ', 'ได้', 'มี', 'คือ', 'ของ', 'ที่', 'และ', 'หรือ', 'อยาก', 'ผม', 'ฉัน', 'ดิฉัน', 'คุณ', 'หน่อย', 'อย่างไร', 'ยังไง', 'บ้าง',
  'ว่า', 'อะไร', 'ทราบ', 'รู้', 'ขอ', 'ช่วย', 'เรา',
  // Chinese function words
  '的', '了', '吗', '呢', '吧', '是', '我', '你', '您', '我们', '你们', '在', '有', '和', '要', '我要', '想', '请问', '请', '怎么', '如何', '什么', '可以', '能',
  '我想', '怎么办', '办', '哪些', '吗',
  // Persian (after letter folding)
  'در', 'از', 'به', 'با', 'که', 'را', 'این', 'آن', 'است', 'و', 'یا', 'چه', 'آیا', 'من', 'شما', 'ما', 'چگونه', 'چطور', 'میخواهم', 'برای', 'هست', 'کنم', 'دهم', 'چیست', 'چیه', 'کدام', 'کدامند',
]);

/** A deliberately small suffix folding ("shipping"/"ships"/"shipped" -> "ship"); both sides get the same. */
function foldEnglish(w: string): string {
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  let stem = w;
  if (w.length > 5 && w.endsWith('ing')) stem = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) stem = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) stem = w.slice(0, -1);
  if (stem !== w && /([b-df-hj-np-tv-z])\1$/.test(stem) && !w.endsWith('s')) return stem.slice(0, -1);
  // "price", "prices" and "pricing" meet at "pric".
  return stem.length > 4 && stem.endsWith('e') ? stem.slice(0, -1) : stem;
}

/**
 * Persian: alef madda is often typed as plain alef ("فرآیند" / "فرایند"), and plural and ezafe endings
 * attach to the word once ZWNJ is gone: "هزینه‌ی" and "هزینه‌ها" both become "هزینه".
 */
function foldPersian(word: string): string {
  const w = word.replace(/\u0622/g, '\u0627');
  if (w.length > 4 && w.endsWith('های')) return w.slice(0, -3);
  if (w.length > 3 && w.endsWith('ها')) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('هی')) return w.slice(0, -1);
  return w;
}

/**
 * Tokens of a text for BM25. Han words of three or more characters also contribute their character bigrams:
 * the dictionary segmenter may cut "退款流程" in a question differently from the same phrase in an article.
 */
export function kbTokens(text: string): string[] {
  const out: string[] = [];
  for (const raw of segmentWords(text).flatMap(splitScripts)) {
    const w = LATIN_WORD.test(raw) ? foldEnglish(raw) : ARABIC_SCRIPT.test(raw) ? foldPersian(raw) : raw;
    if (STOPWORDS.has(w) || STOPWORDS.has(raw)) continue;
    out.push(w);
    if (HAN.test(w) && w.length >= 3) for (let i = 0; i + 2 <= w.length; i++) out.push(w.slice(i, i + 2));
  }
  return out;
}

/** "กระบวนการCRMคือ" comes out of the segmenter as one word; its Thai and Latin parts are separate words. */
function splitScripts(word: string): string[] {
  return word.match(/\p{Script=Thai}+|\p{Script=Han}+|\p{Script=Arabic}+|[^\p{Script=Thai}\p{Script=Han}\p{Script=Arabic}]+/gu) ?? [];
}

export type BotLocale = 'en' | 'th' | 'zh' | 'fa';

/** The language a visitor writes in, by script; null when the text says nothing (digits, emoji, "ok"). */
export function detectLocale(text: string): BotLocale | null {
  if (/\p{Script=Thai}/u.test(text)) return 'th';
  if (/\p{Script=Han}/u.test(text)) return 'zh';
  if (ARABIC_SCRIPT.test(text)) return 'fa';
  if (/[a-z]{3,}/i.test(text)) return 'en';
  return null;
}

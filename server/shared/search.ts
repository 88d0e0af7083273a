import { sql, type SQL } from 'drizzle-orm';

// Thai and Chinese are written without spaces and Postgres' text-search parsers cannot split them, so text is
// cut into words with ICU's dictionary-based segmenter (Intl.Segmenter) before it is indexed or queried; the
// 'simple' configuration then indexes those words as they are, for every language alike.
const segmenter = new Intl.Segmenter('en', { granularity: 'word' });

/** Folds spelling variants that readers consider the same word (Arabic vs Persian letters, ZWNJ, case). */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u064A\u0649]/g, '\u06CC') // Arabic yeh / alef maksura -> Persian yeh
    .replace(/\u0643/g, '\u06A9') // Arabic kaf -> Persian keheh
    .replace(/[\u0629]/g, '\u0647') // teh marbuta -> heh
    .replace(/[\u064B-\u065F\u0670]/g, '') // Arabic diacritics
    .replace(/[\u200C\u200D\u200B\uFEFF]/g, '') // ZWNJ and friends: half-spaces inside Persian words
    .toLowerCase();
}

export function segmentWords(text: string): string[] {
  const words: string[] = [];
  for (const part of segmenter.segment(normaliseText(text))) {
    if (part.isWordLike) words.push(part.segment);
  }
  return words;
}

/** The text stored in tsvector columns: words separated by spaces. */
export function searchDocument(...texts: (string | null | undefined)[]): string {
  return segmentWords(texts.filter(Boolean).join(' ')).join(' ').slice(0, 100_000);
}

export function toSearchVector(...texts: (string | null | undefined)[]): SQL {
  return sql`to_tsvector('simple', ${searchDocument(...texts)})`;
}

/** All words must match; the last one may be a prefix (search-as-you-type). Null when nothing searchable. */
export function toSearchQuery(query: string): SQL | null {
  const words = segmentWords(query).map((w) => w.replace(/[':&|!()<>*\\]/g, '')).filter(Boolean);
  if (!words.length) return null;
  const text = words.map((w, i) => `'${w}'${i === words.length - 1 ? ':*' : ''}`).join(' & ');
  return sql`to_tsquery('simple', ${text})`;
}

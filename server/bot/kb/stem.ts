import { createRequire } from 'node:module';

// One stem per written word, chosen by script. Snowball has English and Russian; it has no Persian, so Persian
// gets a light suffix folding of its own; Thai and Chinese do not inflect and are kept as written.

// snowball-stemmers is one 0.8 MB file of every language's stemmer: it is read at the first word stemmed (the
// first knowledge-base article or question), not at start. stemWord is synchronous, so it is required.
type Stemmer = ReturnType<typeof import('snowball-stemmers').newStemmer>;
let stemmers: { english: Stemmer; russian: Stemmer } | undefined;
function snowballStemmers() {
  if (stemmers) return stemmers;
  const snowball = createRequire(import.meta.url)('snowball-stemmers') as typeof import('snowball-stemmers');
  return (stemmers = { english: snowball.newStemmer('english'), russian: snowball.newStemmer('russian') });
}
const LATIN = /^\p{Script=Latin}+$/u;
const CYRILLIC = /^\p{Script=Cyrillic}+$/u;
const ARABIC_SCRIPT = /\p{Script=Arabic}/u;

/**
 * Persian: alef madda is often typed as plain alef ("فرآیند" / "فرایند"), and plural, comparative and ezafe
 * endings attach to the word once ZWNJ is gone: "هزینه‌ی" and "هزینه‌ها" both become "هزینه".
 */
function stemPersian(word: string): string {
  const w = word.replace(/\u0622/g, '\u0627');
  for (const suffix of ['هایی', 'های', 'ترین', 'ها']) {
    if (w.length > suffix.length + 2 && w.endsWith(suffix)) return w.slice(0, -suffix.length);
  }
  if (w.length > 3 && w.endsWith('هی')) return w.slice(0, -1);
  return w;
}

// Stemming is pure; the same words come back in every question.
const cache = new Map<string, string>();
const CACHE_LIMIT = 50_000;

export function stemWord(word: string): string {
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  const stem = LATIN.test(word) ? snowballStemmers().english.stem(word)
    : CYRILLIC.test(word) ? snowballStemmers().russian.stem(word)
      : ARABIC_SCRIPT.test(word) ? stemPersian(word)
        : word;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(word, stem);
  return stem;
}

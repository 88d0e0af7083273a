import damerauLevenshtein from 'damerau-levenshtein';
import { normaliseText } from '../../shared/search.js';
import { BUILT_IN_SYNONYMS, STOP_WORDS } from './lexicon.js';
import { stemWord } from './stem.js';

// Turns text into matching terms: words from the same segmentation as conversation search (Intl.Segmenter,
// Arabic/Persian letter folding, ZWNJ removal), split where scripts meet, typos corrected against the words
// the KB knows, stemmed, synonym phrases mapped to one term, question and stop words dropped.

const HAN = /\p{Script=Han}/u;
const SPACED_SCRIPT = /^[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Arabic}]+$/u;
const MAX_PHRASE = 4;

/** "กระบวนการCRMคือ" comes out of the segmenter as one word; its Thai and Latin parts are separate words. */
function splitScripts(word: string): string[] {
  return word.match(/\p{Script=Thai}+|\p{Script=Han}+|\p{Script=Arabic}+|[^\p{Script=Thai}\p{Script=Han}\p{Script=Arabic}]+/gu) ?? [];
}

const segmenter = new Intl.Segmenter('en', { granularity: 'word' });

/**
 * Words as the conversation search folds them, except that Thai SARA AM, which NFKC splits into NIKHAHIT +
 * SARA AA, is put back together: the split form makes the dictionary segmenter cut "การทำ" into nonsense.
 */
export function words(text: string): string[] {
  const folded = normaliseText(text).replace(/\u0E4D\u0E32/g, '\u0E33');
  const out: string[] = [];
  for (const part of segmenter.segment(folded)) if (part.isWordLike) out.push(...splitScripts(part.segment));
  return out;
}

const stemsOf = (text: string) => words(text).map(stemWord);

// Made with the first analyser rather than at load, so that the stemmers load with the first article or question.
let stop: Set<string> | undefined;
const stopWords = () => (stop ??= new Set(Object.values(STOP_WORDS).flat().flatMap((w) => [w, ...stemsOf(w)])));

/** A typo allowance that grows with the word: one edit (a swap of neighbours counts as one) up to 7 letters, two beyond. */
const allowedEdits = (word: string) => (word.length >= 8 ? 2 : 1);
const edits = (a: string, b: string) => damerauLevenshtein(a, b).steps;
const isHan = (term: string) => HAN.test(term);

export class Analyser {
  /** Stem sequence ("how long") -> the group's term ("~time"). */
  private phrases = new Map<string, string>();
  /** Known written words per first letter, for typo correction (words of scripts written with spaces). */
  private known = new Map<string, Set<string>>();
  private knownStems = new Set<string>();

  constructor(groups: string[][] = []) {
    // Misspelt question words ("wat", "lnog") are corrected too, and then dropped like their correct form.
    for (const w of stopWords()) this.learn(w);
    for (const group of [...BUILT_IN_SYNONYMS, ...groups]) {
      const stems = group.map(stemsOf).filter((s) => s.length > 0 && s.length <= MAX_PHRASE);
      if (stems.length < 2) continue;
      const term = `~${stems[0].join('_')}`;
      for (const s of stems) this.phrases.set(s.join(' '), term);
      for (const phrase of group) this.learn(phrase);
    }
  }

  /** Remembers a text's words as correct spellings (article text and synonyms). */
  learn(text: string): void {
    for (const w of words(text)) {
      this.knownStems.add(stemWord(w));
      if (w.length < 4 || !SPACED_SCRIPT.test(w)) continue;
      const bucket = this.known.get(w[0]);
      if (bucket) bucket.add(w); else this.known.set(w[0], new Set([w]));
    }
  }

  /** The closest known spelling of an unknown word, when one is within the allowance; else the word itself. */
  private correct(word: string): string {
    if (word.length < 4 || !SPACED_SCRIPT.test(word) || stopWords().has(word) || this.knownStems.has(stemWord(word))) return word;
    const bucket = this.known.get(word[0]);
    if (!bucket || bucket.has(word)) return word;
    let best = word;
    let bestDistance = allowedEdits(word) + 1;
    for (const candidate of bucket) {
      if (Math.abs(candidate.length - word.length) >= bestDistance) continue;
      const d = edits(word, candidate);
      if (d < bestDistance) { best = candidate; bestDistance = d; }
    }
    return best;
  }

  /**
   * The text's terms in order. Questions pass `correct` so misspelt words meet their article; articles do
   * not, since their spelling is the reference.
   */
  terms(text: string, opts: { correct?: boolean; characters?: boolean } = {}): string[] {
    const written = words(text).map((w) => (opts.correct ? this.correct(w) : w));
    const stems = written.map(stemWord);
    const isStop = (i: number) => stopWords().has(stems[i]) || stopWords().has(written[i]);
    const out: string[] = [];
    for (let i = 0; i < stems.length;) {
      const phrase = this.phraseAt(stems, i, isStop);
      if (phrase) { out.push(phrase.term); i = phrase.next; continue; }
      const stem = stems[i];
      if (!isStop(i)) {
        out.push(stem);
        // The dictionary segmenter may cut "退款流程" in a question differently from the same phrase in an article.
        if (isHan(stem) && stem.length >= 3) for (let k = 0; k + 2 <= stem.length; k++) out.push(stem.slice(k, k + 2));
        // A question may use one character of an article's word ("退" for "退货").
        if (opts.characters && isHan(stem) && stem.length >= 2) out.push(...stem);
      }
      i += 1;
    }
    return out;
  }

  /**
   * The longest synonym phrase starting at word i: either consecutive words ("how long") or the words that
   * remain once stop words are skipped ("change my password" -> "change password").
   */
  private phraseAt(stems: string[], i: number, isStop: (i: number) => boolean): { term: string; next: number } | null {
    const content = [i];
    for (let k = i + 1; k < stems.length && content.length < MAX_PHRASE; k++) if (!isStop(k)) content.push(k);
    for (let n = Math.min(MAX_PHRASE, stems.length - i); n >= 1; n--) {
      const consecutive = this.phrases.get(stems.slice(i, i + n).join(' '));
      if (consecutive) return { term: consecutive, next: i + n };
      if (n <= content.length && n > 1) {
        const skipping = this.phrases.get(content.slice(0, n).map((k) => stems[k]).join(' '));
        if (skipping) return { term: skipping, next: content[n - 1] + 1 };
      }
    }
    return null;
  }
}

/** Whether a text asks anything at all ("hi", "thanks" and emoji do not). */
let builtIn: Analyser | undefined;
export function hasContent(text: string): boolean {
  builtIn ??= new Analyser();
  return builtIn.terms(text).length > 0;
}

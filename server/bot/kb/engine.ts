import { Analyser } from './analyse.js';

// Ranking articles for a question. Every article has strong fields (its title and each "other way to ask")
// and a weaker one (its answer). A question term found in a strong field counts fully, one found only in the
// answer counts BODY_WEIGHT. Terms are weighted by how specific they are across the KB: a term found in one
// article (or in none) weighs 1, a term found in many weighs less, so "order" in every article decides
// nothing while "refund" decides a lot.
//
// Confidence is the weighted share of the question that the article covers. It does not depend on the size
// of the KB (a term the KB never mentions always weighs 1, one article is enough to be sure), and a question
// about something the KB does not mention stays low because its own words are not covered.

const BODY_WEIGHT = 0.75;

export interface IndexedArticle { id: string; title: string; questions: string[]; body: string }

export interface KbMatch {
  articleId: string;
  /** Ranking score: confidence, then how closely the best strong field fits the question. */
  score: number;
  /** 0..1: the weighted share of the question's terms this article covers. */
  confidence: number;
}

/** The script most of a text's letters are in; a question is matched against articles in its own script. */
function dominantScript(text: string): string {
  const counts = new Map<string, number>();
  for (const [script, re] of SCRIPTS) counts.set(script, (text.match(re) ?? []).length);
  const [script, n] = [...counts].sort((a, b) => b[1] - a[1])[0];
  return n ? script : 'none';
}
const SCRIPTS: [string, RegExp][] = [
  ['latin', /\p{Script=Latin}/gu], ['thai', /\p{Script=Thai}/gu], ['han', /\p{Script=Han}/gu],
  ['arabic', /\p{Script=Arabic}/gu], ['cyrillic', /\p{Script=Cyrillic}/gu],
];

interface Entry { id: string; script: string; strong: Set<string>[]; strongAll: Set<string>; body: Set<string> }

export class KbIndex {
  private entries: Entry[] = [];
  private articleFrequency = new Map<string, number>();
  readonly analyser: Analyser;

  constructor(articles: IndexedArticle[], synonyms: string[][] = []) {
    this.analyser = new Analyser(synonyms);
    for (const a of articles) for (const text of [a.title, ...a.questions, a.body]) this.analyser.learn(text);
    for (const a of articles) {
      const strong = [a.title, ...a.questions].map((t) => new Set(this.analyser.terms(t))).filter((s) => s.size);
      const strongAll = new Set(strong.flatMap((s) => [...s]));
      const body = new Set(this.analyser.terms(a.body, { characters: true }));
      this.entries.push({ id: a.id, script: dominantScript(`${a.title} ${a.body}`), strong, strongAll, body });
      for (const t of new Set([...strongAll, ...body])) this.articleFrequency.set(t, (this.articleFrequency.get(t) ?? 0) + 1);
    }
  }

  get size(): number {
    return this.entries.length;
  }

  /** The question's terms, as the index sees them (typos corrected). */
  queryTerms(query: string): string[] {
    return [...new Set(this.analyser.terms(query, { correct: true }))];
  }

  private weight(term: string): number {
    return 1 / (1 + Math.log(Math.max(this.articleFrequency.get(term) ?? 1, 1)));
  }

  search(query: string, limit = 5): KbMatch[] {
    const terms = this.queryTerms(query);
    if (!terms.length) return [];
    const weights = terms.map((t) => this.weight(t));
    const mass = weights.reduce((a, b) => a + b, 0);
    const matches: KbMatch[] = [];
    // "CRM มีกี่ขั้นตอน" is a Thai question with a Latin word in it: Thai articles answer it. A KB with no
    // article in the question's script is searched whole.
    const script = dominantScript(query);
    const sameScript = this.entries.filter((e) => e.script === script);
    for (const e of sameScript.length ? sameScript : this.entries) {
      let covered = 0;
      terms.forEach((t, i) => {
        if (e.strongAll.has(t)) covered += weights[i];
        else if (e.body.has(t)) covered += weights[i] * BODY_WEIGHT;
      });
      if (!covered) continue;
      // Among equally covering articles, prefer the one with a title or phrasing that says little else.
      const fit = Math.max(0, ...e.strong.map((s) => terms.filter((t) => s.has(t)).length / s.size));
      const confidence = covered / mass;
      matches.push({ articleId: e.id, confidence, score: confidence + 0.05 * fit });
    }
    return matches.sort((a, b) => b.score - a.score).slice(0, limit);
  }
}

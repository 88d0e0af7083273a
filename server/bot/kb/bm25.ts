import { kbTokens } from './tokens.js';

// Okapi BM25 over segmented tokens, held in memory. Each article contributes several documents (its title,
// every question variant, and its answer at a lower weight); an article scores as its best document, so one
// well-phrased variant is not diluted by the others.

const K1 = 1.2;
const B = 0.75;
// An answer's body mentions many things in passing: alone it may suggest an article but never clear the
// default answer threshold (0.6).
const BODY_WEIGHT = 0.5;

export interface IndexedArticle { id: string; title: string; questions: string[]; body: string }

interface Doc { articleId: string; weight: number; tf: Map<string, number>; length: number }

export interface KbMatch {
  articleId: string;
  score: number;
  /** 0..1: the share of the question's information (IDF mass) that the best document covers. */
  confidence: number;
}

export class Bm25Index {
  private docs: Doc[] = [];
  private postings = new Map<string, number[]>();
  private avgLength = 1;

  constructor(articles: IndexedArticle[]) {
    for (const a of articles) {
      for (const text of [a.title, ...a.questions]) this.addDoc(a.id, text, 1);
      this.addDoc(a.id, a.body, BODY_WEIGHT);
    }
    const total = this.docs.reduce((n, d) => n + d.length, 0);
    this.avgLength = this.docs.length ? total / this.docs.length : 1;
  }

  get size(): number {
    return this.docs.length;
  }

  private addDoc(articleId: string, text: string, weight: number) {
    const tokens = kbTokens(text);
    if (!tokens.length) return;
    const tf = new Map<string, number>();
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    const index = this.docs.push({ articleId, weight, tf, length: tokens.length }) - 1;
    for (const t of tf.keys()) {
      const list = this.postings.get(t);
      if (list) list.push(index); else this.postings.set(t, [index]);
    }
  }

  /** Unseen words get the highest IDF: a question full of words the KB never uses is not a confident match. */
  private idf(token: string): number {
    const n = this.docs.length;
    const df = this.postings.get(token)?.length ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  search(query: string, limit = 5): KbMatch[] {
    const terms = [...new Set(kbTokens(query))];
    if (!terms.length || !this.docs.length) return [];
    const idf = new Map(terms.map((t) => [t, this.idf(t)]));
    const queryMass = terms.reduce((n, t) => n + idf.get(t)!, 0);
    const perDoc = new Map<number, { score: number; covered: number }>();
    for (const t of terms) {
      for (const i of this.postings.get(t) ?? []) {
        const d = this.docs[i];
        const f = d.tf.get(t)!;
        const part = idf.get(t)! * (f * (K1 + 1)) / (f + K1 * (1 - B + B * (d.length / this.avgLength)));
        const acc = perDoc.get(i) ?? { score: 0, covered: 0 };
        acc.score += part;
        acc.covered += idf.get(t)!;
        perDoc.set(i, acc);
      }
    }
    const best = new Map<string, KbMatch>();
    for (const [i, acc] of perDoc) {
      const d = this.docs[i];
      const match = { articleId: d.articleId, score: acc.score * d.weight, confidence: (acc.covered / queryMass) * d.weight };
      const prev = best.get(d.articleId);
      if (!prev) best.set(d.articleId, match);
      else best.set(d.articleId, {
        articleId: d.articleId, score: Math.max(prev.score, match.score), confidence: Math.max(prev.confidence, match.confidence),
      });
    }
    return [...best.values()].sort((a, b) => b.score - a.score || b.confidence - a.confidence).slice(0, limit);
  }
}

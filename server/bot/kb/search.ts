import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { schema, type Db } from '../../db/client.js';
import type { ArticleRow } from './articles.js';
import { Bm25Index } from './bm25.js';

// The BM25 index lives in each process's memory (a KB is thousands of short texts, not millions) and is rebuilt
// when the articles change. Every search first asks the database for a cheap revision stamp (count + newest
// update of the enabled articles), so an edit made through any node is seen by all nodes on their next search.

interface Loaded { revision: string; index: Bm25Index; articles: Map<string, ArticleRow> }
const loaded = new WeakMap<Db, Loaded>();
const building = new WeakMap<Db, Promise<Loaded>>();

async function revisionOf(db: Db): Promise<string> {
  const [row] = await db.select({
    n: sql<number>`count(*)::int`, at: sql<string>`coalesce(max(${schema.kbArticles.updatedAt})::text, '')`,
  }).from(schema.kbArticles).where(eq(schema.kbArticles.enabled, true));
  return `${row.n}:${row.at}`;
}

async function build(db: Db, revision: string): Promise<Loaded> {
  const rows = await db.select().from(schema.kbArticles).where(eq(schema.kbArticles.enabled, true));
  return { revision, index: new Bm25Index(rows), articles: new Map(rows.map((r) => [r.id, r])) };
}

async function currentIndex(db: Db): Promise<Loaded> {
  const revision = await revisionOf(db);
  const hit = loaded.get(db);
  if (hit?.revision === revision) return hit;
  // Concurrent searches after a change share one rebuild.
  let pending = building.get(db);
  if (!pending) {
    pending = build(db, revision).then((l) => { loaded.set(db, l); return l; }).finally(() => building.delete(db));
    building.set(db, pending);
  }
  return pending;
}

export interface RankedArticle { article: ArticleRow; score: number; confidence: number }

export async function searchArticles(ctx: AppContext, query: string, limit = 5): Promise<RankedArticle[]> {
  const { index, articles } = await currentIndex(ctx.db);
  return index.search(query, limit).flatMap((m) => {
    const article = articles.get(m.articleId);
    return article ? [{ article, score: m.score, confidence: m.confidence }] : [];
  });
}

export interface Thresholds { answer: number; suggest: number; maxOptions: number }

export type KbDecision =
  | { kind: 'answer'; best: RankedArticle }
  | { kind: 'suggest'; options: RankedArticle[] }
  | { kind: 'none'; best?: RankedArticle };

/**
 * Answer only when the best article covers enough of the question and clearly beats the runner-up; offer the
 * top few as choices when something matched but not convincingly; otherwise admit there is no answer.
 */
export function decide(ranked: RankedArticle[], t: Thresholds): KbDecision {
  const [best, second] = ranked;
  if (!best) return { kind: 'none' };
  const clearWinner = !second || second.score < best.score * 0.85 || second.confidence < t.answer;
  if (best.confidence >= t.answer && clearWinner) return { kind: 'answer', best };
  const options = ranked.filter((r) => r.confidence >= t.suggest).slice(0, t.maxOptions);
  if (options.length) return { kind: 'suggest', options };
  return { kind: 'none', best };
}

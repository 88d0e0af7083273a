import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { schema, type Db } from '../../db/client.js';
import type { ArticleRow } from './articles.js';
import { KbIndex } from './engine.js';
import { synonymGroups } from './synonyms.js';

// The index lives in each process's memory (a KB is thousands of short texts, not millions) and is rebuilt
// when the articles or synonyms change. Every search first asks the database for a cheap revision stamp (count +
// newest update of the enabled articles and of the synonyms), so an edit made through any node is seen by all
// nodes on their next search.

interface Loaded { revision: string; index: KbIndex; articles: Map<string, ArticleRow> }
const loaded = new WeakMap<Db, Loaded>();
const building = new WeakMap<Db, Promise<Loaded>>();

async function revisionOf(db: Db): Promise<string> {
  const [row] = await db.select({
    n: sql<number>`count(*)::int`, at: sql<string>`coalesce(max(${schema.kbArticles.updatedAt})::text, '')`,
  }).from(schema.kbArticles).where(eq(schema.kbArticles.enabled, true));
  const [syn] = await db.select({
    n: sql<number>`count(*)::int`, at: sql<string>`coalesce(max(${schema.kbSynonyms.updatedAt})::text, '')`,
  }).from(schema.kbSynonyms);
  return `${row.n}:${row.at}:${syn.n}:${syn.at}`;
}

async function build(db: Db, revision: string): Promise<Loaded> {
  const rows = await db.select().from(schema.kbArticles).where(eq(schema.kbArticles.enabled, true));
  return { revision, index: new KbIndex(rows, await synonymGroups(db)), articles: new Map(rows.map((r) => [r.id, r])) };
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

import { eq, sql } from 'drizzle-orm';
import { slot } from '../../app-memory.js';
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
const INDEX = slot<{ loaded?: Loaded; building?: Promise<Loaded> }>('knowledge base index', () => ({}));

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

async function currentIndex(ctx: AppContext): Promise<Loaded> {
  const revision = await revisionOf(ctx.db);
  const held = ctx.memory.get(INDEX);
  if (held.loaded?.revision === revision) return held.loaded;
  // Concurrent searches after a change share one rebuild.
  if (!held.building) {
    const pending = build(ctx.db, revision).then((l) => { held.loaded = l; return l; })
      .finally(() => { if (held.building === pending) held.building = undefined; });
    held.building = pending;
  }
  return held.building;
}

export interface RankedArticle { article: ArticleRow; score: number; confidence: number }

export async function searchArticles(ctx: AppContext, query: string, limit = 5): Promise<RankedArticle[]> {
  const { index, articles } = await currentIndex(ctx);
  return index.search(query, limit).flatMap((m) => {
    const article = articles.get(m.articleId);
    return article ? [{ article, score: m.score, confidence: m.confidence }] : [];
  });
}

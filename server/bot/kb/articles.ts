import { and, desc, eq, lt, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { schema } from '../../db/client.js';
import { notFound } from '../../errors.js';
import { isUuid } from '../../shared/ids.js';

export type ArticleRow = typeof schema.kbArticles.$inferSelect;

const text = (max: number) => z.string().trim().min(1).max(max);
const list = (maxItems: number, maxLength: number) => z.array(text(maxLength)).max(maxItems);

export const articleInputSchema = z.object({
  title: text(300),
  body: text(20_000),
  locale: z.string().trim().regex(/^[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})*$/, 'a language tag like en, th, zh-CN, fa'),
  questions: list(100, 500).default([]),
  tags: list(30, 60).default([]),
  enabled: z.boolean().default(true),
});
export type ArticleInput = z.infer<typeof articleInputSchema>;
export const articlePatchSchema = articleInputSchema.partial();

const tidy = (values: string[]) => [...new Set(values.map((v) => v.trim()).filter(Boolean))];

export function serializeArticle(a: ArticleRow) {
  return {
    id: a.id, title: a.title, body: a.body, locale: a.locale, questions: a.questions, tags: a.tags, enabled: a.enabled,
    createdAt: a.createdAt.toISOString(), updatedAt: a.updatedAt.toISOString(),
  };
}

export async function createArticles(ctx: AppContext, inputs: ArticleInput[]): Promise<ArticleRow[]> {
  if (!inputs.length) return [];
  return ctx.db.insert(schema.kbArticles).values(inputs.map((a) => ({
    ...a, locale: a.locale.toLowerCase(), questions: tidy(a.questions), tags: tidy(a.tags.map((t) => t.toLowerCase())),
  }))).returning();
}

export async function getArticle(ctx: AppContext, id: string): Promise<ArticleRow | null> {
  if (!isUuid(id)) return null;
  const [row] = await ctx.db.select().from(schema.kbArticles).where(eq(schema.kbArticles.id, id));
  return row ?? null;
}

export async function updateArticle(ctx: AppContext, id: string, patch: Partial<ArticleInput>): Promise<ArticleRow> {
  if (!(await getArticle(ctx, id))) throw notFound('Article');
  const [row] = await ctx.db.update(schema.kbArticles).set({
    ...patch,
    ...(patch.locale ? { locale: patch.locale.toLowerCase() } : {}),
    ...(patch.questions ? { questions: tidy(patch.questions) } : {}),
    ...(patch.tags ? { tags: tidy(patch.tags.map((t) => t.toLowerCase())) } : {}),
    updatedAt: ctx.clock.now(),
  }).where(eq(schema.kbArticles.id, id)).returning();
  return row;
}

export async function deleteArticle(ctx: AppContext, id: string): Promise<void> {
  const rows = isUuid(id)
    ? await ctx.db.delete(schema.kbArticles).where(eq(schema.kbArticles.id, id)).returning({ id: schema.kbArticles.id })
    : [];
  if (!rows.length) throw notFound('Article');
}

/** Newest first with keyset paging on id order within equal timestamps. */
export async function listArticles(ctx: AppContext, f: { locale?: string; tag?: string; q?: string; cursor?: string; limit?: number }) {
  const limit = Math.min(Math.max(f.limit ?? 50, 1), 200);
  const where: SQL[] = [];
  if (f.locale) where.push(eq(schema.kbArticles.locale, f.locale.toLowerCase()));
  if (f.tag) where.push(sql`${schema.kbArticles.tags} ? ${f.tag.toLowerCase()}`);
  if (f.q?.trim()) {
    const like = `%${f.q.trim().replace(/[%_\\]/g, (m) => `\\${m}`)}%`;
    where.push(sql`(${schema.kbArticles.title} ilike ${like} or ${schema.kbArticles.body} ilike ${like} or ${schema.kbArticles.questions}::text ilike ${like})`);
  }
  if (f.cursor) {
    const ref = await getArticle(ctx, f.cursor);
    if (ref) where.push(or(lt(schema.kbArticles.createdAt, ref.createdAt), and(eq(schema.kbArticles.createdAt, ref.createdAt), lt(schema.kbArticles.id, ref.id)))!);
  }
  const rows = await ctx.db.select().from(schema.kbArticles).where(where.length ? and(...where) : undefined)
    .orderBy(desc(schema.kbArticles.createdAt), desc(schema.kbArticles.id)).limit(limit + 1);
  const page = rows.slice(0, limit);
  return { items: page.map(serializeArticle), nextCursor: rows.length > limit ? page[page.length - 1].id : null };
}

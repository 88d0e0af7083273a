import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { badRequest, notFound } from '../errors.js';
import { createArticles, getArticle, serializeArticle, updateArticle } from './kb/articles.js';
import { searchArticles } from './kb/search.js';
import { detectLocale } from './locale.js';
import { recordBotEvent } from './record.js';

// Learning from agents: the questions the bot could not answer in a conversation, each with the reply a person
// gave afterwards and the articles closest to it, so one click turns them into a new article or into one more
// way to ask an existing one.

const CANDIDATES = 2;

export interface BotMiss {
  question: string;
  askedAt: string;
  learned: boolean;
  reply: { messageId: string; body: string; createdAt: string } | null;
  candidates: { id: string; title: string; confidence: number }[];
}

export async function botMisses(ctx: AppContext, conversation: { id: string }) {
  const misses = await ctx.db.select().from(schema.botEvents)
    .where(and(eq(schema.botEvents.conversationId, conversation.id), eq(schema.botEvents.kind, 'unanswered')))
    .orderBy(asc(schema.botEvents.createdAt));
  if (!misses.length) return { items: [] };
  const learned = new Set((await ctx.db.select({ query: schema.botEvents.query }).from(schema.botEvents)
    .where(and(eq(schema.botEvents.conversationId, conversation.id), eq(schema.botEvents.kind, 'learned')))).map((r) => r.query));
  const items: BotMiss[] = [];
  for (const miss of misses) {
    if (!miss.query || items.some((i) => i.question === miss.query)) continue;
    const [reply] = await ctx.db.select({ id: schema.messages.id, body: schema.messages.body, createdAt: schema.messages.createdAt })
      .from(schema.messages)
      .where(and(
        eq(schema.messages.conversationId, conversation.id), eq(schema.messages.senderType, 'agent'),
        eq(schema.messages.direction, 'outgoing'), eq(schema.messages.private, false), gt(schema.messages.createdAt, miss.createdAt),
      ))
      .orderBy(asc(schema.messages.createdAt)).limit(1);
    const candidates = (await searchArticles(ctx, miss.query, CANDIDATES)).map((r) => ({
      id: r.article.id, title: r.article.title, confidence: Number(r.confidence.toFixed(3)),
    }));
    items.push({
      question: miss.query, askedAt: miss.createdAt.toISOString(), learned: learned.has(miss.query),
      reply: reply ? { messageId: reply.id, body: reply.body, createdAt: reply.createdAt.toISOString() } : null,
      candidates,
    });
  }
  return { items };
}

export const learnSchema = z.object({
  conversationId: z.string().uuid(),
  question: z.string().trim().min(1).max(500),
  /** Add the question as another way to ask this article … */
  articleId: z.string().uuid().optional(),
  /** … or create a new article answering it with this text (usually the agent's reply). */
  answer: z.string().trim().min(1).max(20_000).optional(),
  title: z.string().trim().min(1).max(300).optional(),
  locale: z.string().trim().regex(/^[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})*$/).optional(),
}).refine((v) => Boolean(v.articleId) !== Boolean(v.answer), { message: 'send either articleId or answer', path: ['answer'] });

export async function learnFromAgent(ctx: AppContext, input: z.infer<typeof learnSchema>, inboxIds: string[]) {
  if (!inboxIds.length) throw notFound('Conversation');
  const [conversation] = await ctx.db.select({ id: schema.conversations.id, inboxId: schema.conversations.inboxId }).from(schema.conversations)
    .where(and(eq(schema.conversations.id, input.conversationId), inArray(schema.conversations.inboxId, inboxIds)));
  if (!conversation) throw notFound('Conversation');
  let article;
  if (input.articleId) {
    const existing = await getArticle(ctx, input.articleId);
    if (!existing) throw notFound('Article');
    if (existing.questions.includes(input.question)) throw badRequest('The article already has this way to ask', { question: 'already there' });
    article = await updateArticle(ctx, existing.id, { questions: [...existing.questions, input.question] });
  } else {
    [article] = await createArticles(ctx, [{
      title: input.title ?? input.question.slice(0, 300), body: input.answer!, locale: input.locale ?? detectLocale(input.question) ?? 'en',
      questions: [input.question], tags: [], enabled: true,
    }]);
  }
  await recordBotEvent(ctx, { kind: 'learned', inboxId: conversation.inboxId, conversationId: conversation.id, articleId: article.id, query: input.question, reason: input.articleId ? 'phrasing' : 'article' });
  return { mode: input.articleId ? 'phrasing' as const : 'article' as const, article: serializeArticle(article) };
}

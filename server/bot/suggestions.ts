import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { getArticle } from './kb/articles.js';
import { words } from './kb/analyse.js';
import { KbIndex } from './kb/engine.js';
import { searchArticles } from './kb/search.js';
import { recordBotEvent } from './record.js';
import { botSettingsSchema } from './settings.js';

// Suggested replies for the agent composer: for what the customer asked last, the best knowledge-base passages
// and what agents answered to similar questions in other conversations. Candidates for past answers come
// from the messages' full-text index (any of the question's words, prefix-matched), then are ranked with the
// KB engine so synonyms, stems and typos count the same way as for the bot.

const LIMIT = 3;
const CANDIDATES = 60;
const MIN_CONFIDENCE = botSettingsSchema.shape.kb.parse(undefined).suggestThreshold;
const rows = (r: unknown) => (r as { rows: Record<string, unknown>[] }).rows;

/** The customer's messages since the last agent or bot reply: what is waiting for an answer. */
async function openQuestion(ctx: AppContext, conversationId: string): Promise<string> {
  const recent = rows(await ctx.db.execute(sql`
    select direction, sender_type as "senderType", body from messages
    where conversation_id = ${conversationId} and not private and direction <> 'activity'
    order by created_at desc, id desc limit 20`));
  const waiting: string[] = [];
  for (const m of recent) {
    if (m.direction === 'outgoing') break;
    if (m.senderType === 'contact') waiting.unshift(String(m.body));
  }
  return waiting.join('\n').slice(0, 2000);
}

/** The passage of an article that says most about the question: the paragraph sharing most of its terms. */
function bestPassage(index: KbIndex, body: string, question: string): string {
  const paragraphs = body.split(/\n{2,}/).map((p) => p.trim()).filter(Boolean);
  if (paragraphs.length < 2) return body;
  const asked = new Set(index.queryTerms(question));
  const score = (p: string) => index.analyser.terms(p).filter((t) => asked.has(t)).length;
  return paragraphs.reduce((best, p) => (score(p) > score(best) ? p : best), paragraphs[0]);
}

async function pastAnswers(ctx: AppContext, conversationId: string, inboxIds: string[], question: string) {
  const terms = [...new Set(words(question).map((w) => w.replace(/[':&|!()<>*\\]/g, '')).filter((w) => w.length > 1))].slice(0, 30);
  if (!terms.length || !inboxIds.length) return [];
  const tsquery = terms.map((w) => `'${w}':*`).join(' | ');
  const found = rows(await ctx.db.execute(sql`
    select q.id as "questionId", q.body as question, r.id as "replyId", r.body as reply, r.conversation_id as "conversationId"
    from messages q
    join lateral (
      select id, body, conversation_id from messages r
      where r.conversation_id = q.conversation_id and r.direction = 'outgoing' and r.sender_type = 'agent' and not r.private
        and r.created_at > q.created_at and r.body <> ''
      order by r.created_at limit 1
    ) r on true
    where q.inbox_id in (${sql.join(inboxIds.map((id) => sql`${id}::uuid`), sql`, `)})
      and q.conversation_id <> ${conversationId}::uuid and q.direction = 'incoming' and q.sender_type = 'contact'
      and q.search_vector @@ to_tsquery('simple', ${tsquery})
    order by ts_rank(q.search_vector, to_tsquery('simple', ${tsquery})) desc, q.created_at desc
    limit ${CANDIDATES}`));
  if (!found.length) return [];
  const byReply = new Map(found.map((f) => [String(f.replyId), f]));
  const index = new KbIndex(found.map((f) => ({ id: String(f.replyId), title: String(f.question), questions: [], body: '' })));
  const seen = new Set<string>();
  return index.search(question, CANDIDATES).filter((m) => m.confidence >= MIN_CONFIDENCE).flatMap((m) => {
    const f = byReply.get(m.articleId)!;
    if (seen.has(String(f.reply))) return [];
    seen.add(String(f.reply));
    return [{ messageId: String(f.replyId), conversationId: String(f.conversationId), question: String(f.question), body: String(f.reply), confidence: Number(m.confidence.toFixed(3)) }];
  }).slice(0, LIMIT);
}

export async function replySuggestions(ctx: AppContext, conversationId: string, inboxIds: string[]) {
  const question = await openQuestion(ctx, conversationId);
  if (!question.trim()) return { question: '', kb: [], replies: [] };
  const ranked = (await searchArticles(ctx, question, LIMIT)).filter((r) => r.confidence >= MIN_CONFIDENCE);
  const passageIndex = new KbIndex([]);
  const kb = ranked.map((r) => ({
    articleId: r.article.id, title: r.article.title, body: bestPassage(passageIndex, r.article.body, question), confidence: Number(r.confidence.toFixed(3)),
  }));
  return { question, kb, replies: await pastAnswers(ctx, conversationId, inboxIds, question) };
}

export const suggestionEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('shown'), count: z.number().int().min(1).max(20) }),
  z.object({ kind: z.literal('used'), source: z.enum(['kb', 'reply']), articleId: z.string().uuid().optional() }),
]);

/** Usage of suggestions, for the bot metrics: shown (once per set the agent saw) and used (inserted). */
export async function recordSuggestionEvent(ctx: AppContext, conversation: { id: string; inboxId: string }, event: z.infer<typeof suggestionEventSchema>) {
  const articleId = event.kind === 'used' && event.articleId && (await getArticle(ctx, event.articleId)) ? event.articleId : null;
  await recordBotEvent(ctx, event.kind === 'shown'
    ? { kind: 'suggestions_shown', inboxId: conversation.inboxId, conversationId: conversation.id, reason: String(event.count) }
    : { kind: 'suggestion_used', inboxId: conversation.inboxId, conversationId: conversation.id, reason: event.source, articleId });
}

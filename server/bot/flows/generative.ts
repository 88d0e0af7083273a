import type { ArticleRow } from '../kb/articles.js';
import type { RankedArticle } from '../kb/search.js';
import { LlmError } from '../llm/chat.js';
import type { LlmEndpoint } from '../llm/endpoint.js';
import { groundedAnswer, type Passage } from '../llm/grounded.js';
import type { SwitchboardContext } from '../runtime/context.js';

// Retrieval first, then the model: the passages are the articles the KB search found with at least the
// suggestion confidence (at most three). No passage means no call: the built-in "no answer" is the truth.

const MAX_PASSAGES = 3;

export type ModelOutcome =
  | { kind: 'answer'; article: ArticleRow; text: string }
  | { kind: 'refuse' }
  /** Timeout, provider error, or a reply that failed the grounding checks: answer the built-in way. */
  | { kind: 'fallback' };

/** The passages the model may answer from, named P1, P2 … in ranking order. */
export function pickPassages<T extends { confidence: number; article: { title: string; body: string } }>(ranked: T[], suggestThreshold: number) {
  const found = ranked.filter((r) => r.confidence >= suggestThreshold).slice(0, MAX_PASSAGES);
  const passages: Passage[] = found.map((r, i) => ({ id: `P${i + 1}`, title: r.article.title, text: r.article.body }));
  return { found, passages };
}

export async function modelAnswer(context: SwitchboardContext, endpoint: LlmEndpoint, question: string, ranked: RankedArticle[]): Promise<ModelOutcome> {
  const { found, passages } = pickPassages(ranked, context.settings.kb.suggestThreshold);
  if (!found.length) return { kind: 'refuse' };
  try {
    const reply = await groundedAnswer(endpoint, question, context.locale, passages);
    if (reply.kind === 'refuse') return reply;
    return { kind: 'answer', article: found[passages.indexOf(reply.passage)].article, text: reply.text };
  } catch (err) {
    if (!(err instanceof LlmError)) throw err;
    context.app.log.warn({ err: err.message, conversationId: context.raw.conversationId, model: endpoint.model }, 'generative answer failed; answering from the knowledge base');
    return { kind: 'fallback' };
  }
}

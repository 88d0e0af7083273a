import { z } from 'zod';
import type { BotLocale } from '../locale.js';
import { completeChat, LlmError, type ChatMessage } from './chat.js';
import type { LlmEndpoint } from './endpoint.js';

// Generative answers grounded in retrieval: the model sees only the passages the KB search found and must
// either answer from one of them (naming it) or decline. The reply is checked before a visitor sees it: the
// cited passage must be one we sent, and every figure in the answer must appear in that passage, so the model
// cannot invent a price, a deadline or a policy.

export interface Passage { id: string; title: string; text: string }
export type GroundedReply = { kind: 'answer'; text: string; passage: Passage } | { kind: 'refuse' };

const LANGUAGE: Record<BotLocale, string> = { en: 'English', th: 'Thai', zh: 'Simplified Chinese', fa: 'Persian' };

export function groundedPrompt(question: string, locale: BotLocale, passages: Passage[]): ChatMessage[] {
  const system = [
    'You answer customer questions for a support team, using ONLY the passages you are given.',
    `If the passages contain the answer, write a short, friendly answer in ${LANGUAGE[locale]}, using only facts the passages state.`,
    'Never add policies, prices, times, conditions or promises that are not in the passages.',
    'If the passages do not answer the question, do not answer it.',
    'Reply with one JSON object and nothing else:',
    '{"answer": "<your answer>", "source": "<id of the passage you used>"} or {"answer": null, "source": null}.',
  ].join('\n');
  const user = JSON.stringify({ question, passages: passages.map((p) => ({ id: p.id, title: p.title, text: p.text })) });
  return [{ role: 'system', content: system }, { role: 'user', content: user }];
}

const replySchema = z.object({ answer: z.string().nullable(), source: z.string().nullable().optional() });

/** Figures as digits in any script (Persian ۵, Arabic-Indic ٥, Thai ๕ all become 5). */
function figures(text: string): string[] {
  const ascii = text.replace(/[\u06F0-\u06F9\u0660-\u0669\u0E50-\u0E59]/g, (d) => {
    const c = d.charCodeAt(0);
    return String(c >= 0x0E50 ? c - 0x0E50 : c >= 0x06F0 ? c - 0x06F0 : c - 0x0660);
  });
  return ascii.match(/\d+/g) ?? [];
}

export function parseGroundedReply(content: string, passages: Passage[]): GroundedReply {
  const start = content.indexOf('{');
  const end = content.lastIndexOf('}');
  let json: unknown;
  try { json = JSON.parse(content.slice(start, end + 1)); } catch { throw new LlmError('the model did not reply with JSON'); }
  const parsed = replySchema.safeParse(json);
  if (!parsed.success) throw new LlmError('the model replied with JSON of the wrong shape');
  const { answer, source } = parsed.data;
  if (!answer?.trim()) return { kind: 'refuse' };
  const passage = passages.find((p) => p.id === source);
  if (!passage) throw new LlmError('the answer does not cite one of the passages');
  const known = new Set(figures(`${passage.title} ${passage.text}`));
  const invented = figures(answer).filter((f) => !known.has(f));
  if (invented.length) throw new LlmError(`the answer states figures its source does not: ${invented.join(', ')}`);
  return { kind: 'answer', text: answer.trim(), passage };
}

export async function groundedAnswer(endpoint: LlmEndpoint, question: string, locale: BotLocale, passages: Passage[]): Promise<GroundedReply> {
  if (!passages.length) return { kind: 'refuse' };
  return parseGroundedReply(await completeChat(endpoint, groundedPrompt(question, locale, passages)), passages);
}

import type { BotOption } from './runtime/client.js';
import type { BotLocale } from './locale.js';

// The bot's memory of one conversation, kept in its bottender session (PostgreSQL): where the visitor is in a
// flow, which language they write, how many questions went unanswered in a row.

export type LeadField = 'name' | 'email' | 'phone';
export type HandoffReason = 'requested' | 'unanswered' | 'negative_feedback' | 'agent_replied';

export type Step =
  /** Asking for contact details; `then` says what happens once they are in. */
  | { kind: 'lead'; field: LeadField; queue: LeadField[]; attempts: number; then: 'qualify' | 'handoff'; question?: string; reason?: HandoffReason }
  | { kind: 'qualify'; index: number; attempts: number; question?: string }
  /** Low-confidence suggestions are on screen. */
  | { kind: 'choose'; options: BotOption[]; question: string }
  /** "Did this help?" is on screen for this article. */
  | { kind: 'feedback'; articleId: string; options: BotOption[] };

export type BotState = {
  greeted: boolean;
  counted: boolean;
  locale: BotLocale | null;
  unanswered: number;
  offlineEmailAsked: boolean;
  step: Step | null;
};

export const initialBotState: BotState = {
  greeted: false, counted: false, locale: null, unanswered: 0, offlineEmailAsked: false, step: null,
};

import type { schema } from '../db/client.js';

export type ContactRow = typeof schema.contacts.$inferSelect;
export type ConversationRow = typeof schema.conversations.$inferSelect;
export type MessageRow = typeof schema.messages.$inferSelect;
export type Actor = { type: 'agent' | 'contact' | 'bot' | 'system'; id?: string | null };
/** Who held a conversation before a change of assignee or team. */
export interface AssignmentBefore { assigneeId: string | null; teamId: string | null }
export type SlaTarget = 'first_response' | 'next_response' | 'resolution';
/** A merge (or its undo): both conversations as they are now. */
export interface ConversationMergeEvent { mergeId: string; primary: ConversationRow; secondary: ConversationRow; contactMerged: boolean; actor: Actor }

/**
 * The one event catalogue: every domain event the log carries, with its payload. Listeners, consumers, the
 * webhook subscription list and the API documentation all read their names from here.
 */
export interface EventPayloads {
  'contact.created': { contact: ContactRow };
  'contact.updated': { contact: ContactRow };
  'conversation.created': { conversation: ConversationRow };
  /**
   * `reason` names a change the system made on its own schedule (a snooze reaching its time); `previous` holds
   * the assignee and team as they were, when the change moved either.
   */
  'conversation.updated': { conversation: ConversationRow; changed: string[]; actor?: Actor; reason?: 'snooze_ended'; previous?: AssignmentBefore };
  'conversation.resolved': { conversation: ConversationRow; actor?: Actor };
  'conversation.merged': ConversationMergeEvent;
  'conversation.unmerged': ConversationMergeEvent;
  'message.created': { message: MessageRow; conversation: ConversationRow };
  'message.updated': { message: MessageRow };
  'sla.breached': { conversation: ConversationRow; target: SlaTarget; dueAt: Date };
  'csat.received': { conversation: ConversationRow; rating: number; comment: string | null; responseId: string };
  /** An agent was invited; the e-mail is sent by the `invitations` consumer (the link is rebuilt there, never logged). */
  'agent.invited': { invite: { id: string; email: string; role: string }; inviterName: string };
  /** A reset link was made for this account; the `password-resets` consumer mails it (the link is rebuilt there, never logged). */
  'agent.password_reset_requested': { reset: { id: string; agentId: string; email: string; expiresAt: Date } };
  /** Someone asked for the conversation by e-mail; the transcripts consumer sends it to `to`. */
  'transcript.requested': { conversation: ConversationRow; to: string; actor: Actor };
}
export type EventName = keyof EventPayloads;

// Event names are constants so listeners and emitters cannot drift apart.
export const Events = {
  contactCreated: 'contact.created',
  contactUpdated: 'contact.updated',
  conversationCreated: 'conversation.created',
  conversationUpdated: 'conversation.updated',
  conversationResolved: 'conversation.resolved',
  conversationMerged: 'conversation.merged',
  conversationUnmerged: 'conversation.unmerged',
  messageCreated: 'message.created',
  messageUpdated: 'message.updated',
  slaBreached: 'sla.breached',
  csatReceived: 'csat.received',
  agentInvited: 'agent.invited',
  passwordResetRequested: 'agent.password_reset_requested',
  transcriptRequested: 'transcript.requested',
} as const satisfies Record<string, EventName>;

export const EVENT_NAMES = Object.values(Events) as EventName[];

/** Concern only the account holder: never offered to webhook subscribers. */
export const ACCOUNT_ONLY_EVENTS: readonly EventName[] = [Events.passwordResetRequested];

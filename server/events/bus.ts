import type { schema } from '../db/client.js';

export type ContactRow = typeof schema.contacts.$inferSelect;
export type ConversationRow = typeof schema.conversations.$inferSelect;
export type MessageRow = typeof schema.messages.$inferSelect;

// Event names are constants so listeners and emitters cannot drift apart.
export const Events = {
  contactCreated: 'contact.created',
  contactUpdated: 'contact.updated',
  conversationCreated: 'conversation.created',
  conversationUpdated: 'conversation.updated',
  conversationMerged: 'conversation.merged',
  conversationUnmerged: 'conversation.unmerged',
  messageCreated: 'message.created',
  messageUpdated: 'message.updated',
} as const;

export interface EventPayloads {
  'contact.created': { contact: ContactRow };
  'contact.updated': { contact: ContactRow };
  'conversation.created': { conversation: ConversationRow };
  'conversation.updated': { conversation: ConversationRow; changed: string[]; actor?: Actor };
  'conversation.merged': ConversationMergeEvent;
  'conversation.unmerged': ConversationMergeEvent;
  'message.created': { message: MessageRow; conversation: ConversationRow };
  'message.updated': { message: MessageRow };
}
export type EventName = keyof EventPayloads;
/** A merge (or its undo): both conversations as they are now. */
export interface ConversationMergeEvent { mergeId: string; primary: ConversationRow; secondary: ConversationRow; contactMerged: boolean; actor: Actor }
export type Actor = { type: 'agent' | 'contact' | 'bot' | 'system'; id?: string | null };

type Listener<E extends EventName> = (payload: EventPayloads[E]) => unknown;

/**
 * In-process dispatcher. Domain services publish only after their transaction commits, so a listener never
 * sees a row that could still roll back. A failing listener is logged and never breaks the publisher.
 */
export class EventBus {
  private listeners = new Map<EventName, Listener<any>[]>();
  private pending = new Set<Promise<unknown>>();

  constructor(private onError: (err: unknown, event: EventName) => void) {}

  on<E extends EventName>(event: E, fn: Listener<E>): () => void {
    const list = this.listeners.get(event) ?? [];
    list.push(fn);
    this.listeners.set(event, list);
    return () => this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== fn));
  }

  publish<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    for (const fn of this.listeners.get(event) ?? []) {
      try {
        const result = fn(payload);
        if (result instanceof Promise) {
          const p = result.catch((err) => this.onError(err, event)).finally(() => this.pending.delete(p));
          this.pending.add(p);
        }
      } catch (err) {
        this.onError(err, event);
      }
    }
  }

  /** Waits for asynchronous listeners still running (graceful shutdown, tests). */
  async drain(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }
}

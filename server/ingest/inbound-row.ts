import type { InboundMessage } from '../../channels/types.js';
import type { ContactRow, ConversationRow, Emit, MessageRow } from '../events/bus.js';
import type { InboundMessageRow } from './store-message.js';

/** Hints of the form `conversation:<id>` name a conversation directly (the widget's own thread id). */
export const CONVERSATION_HINT = /^conversation:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** What one stored inbound message changed, for its events and its caller. */
export interface Ingested {
  contact: ContactRow;
  createdContact: boolean;
  conversation: ConversationRow;
  createdConversation: boolean;
  previousStatus: string;
  message: MessageRow;
}

/** The conversations a message names directly (`conversation:<id>` hints). */
export function namedConversations(input: InboundMessage): string[] {
  return (input.threadHint ?? []).map((h) => CONVERSATION_HINT.exec(h)?.[1]).filter((v): v is string => Boolean(v));
}

/** The message row ingest stores for an inbound message, on one path or the other. */
export function inboundRow(input: InboundMessage, conversationId: string, contactId: string, now: Date): InboundMessageRow {
  return {
    conversationId,
    inboxId: input.inboxId,
    direction: input.activityOnly ? 'activity' : 'incoming',
    senderType: input.activityOnly ? 'system' : 'contact',
    senderId: input.activityOnly ? null : contactId,
    body: input.body,
    html: input.html ?? null,
    contentType: input.contentType ?? (input.html ? 'email' : 'text'),
    content: (input.content as Record<string, unknown>) ?? null,
    attachments: [],
    externalId: input.externalId,
    clientId: typeof input.meta?.clientId === 'string' ? input.meta.clientId : null,
    status: 'received',
    meta: { ...(input.meta ?? {}), ...(input.subject ? { subject: input.subject } : {}), ...(input.threadHint?.length ? { threadHint: input.threadHint } : {}) },
    subject: input.subject,
    createdAt: input.sentAt && input.sentAt.getTime() < now.getTime() ? input.sentAt : undefined,
  };
}

/** A contact learns its name/e-mail/phone from the first channel that tells; later channels never overwrite. */
export function missingContactFields(contact: ContactRow, input: InboundMessage): Partial<ContactRow> {
  const patch: Partial<ContactRow> = {};
  if (!contact.name && input.sender.name) patch.name = input.sender.name;
  if (!contact.email && input.sender.email) patch.email = input.sender.email;
  if (!contact.phone && input.sender.phone) patch.phone = input.sender.phone;
  return patch;
}

/** last_seen_at is for humans ("seen 5 minutes ago"): a write per message would be wasted on a chatty visitor. */
export function lastSeenStale(contact: ContactRow, now: Date): boolean {
  return !contact.lastSeenAt || now.getTime() - new Date(contact.lastSeenAt).getTime() > 60_000;
}

export function emitIngested(emit: Emit, o: Ingested): void {
  if (o.createdContact) emit('contact.created', { contact: o.contact });
  if (o.createdConversation) emit('conversation.created', { conversation: o.conversation });
  else {
    const changed = o.previousStatus !== o.conversation.status ? ['status', 'lastMessageAt'] : ['lastMessageAt'];
    emit('conversation.updated', { conversation: o.conversation, changed, actor: { type: 'contact', id: o.contact.id } });
  }
  emit('message.created', { message: o.message, conversation: o.conversation });
}

import type { WireAttachment, WireContact, WireConversation, WireMessage, WireMessagePreview } from '../contract/wire.js';
import type { AttachmentMeta } from '../messages/schema.js';
import { attachmentUrl } from '../messages/attachments.js';
import type { ContactRow, ConversationRow, MessageRow } from '../events/bus.js';

// The agent audience: everything about a message or conversation, secrets excepted. The return types are the wire
// contract (`server/contract/wire.ts`): a field here and not there, or the other way round, fails the type check.

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

export interface SenderInfo { id: string; name: string | null; avatarUrl: string | null }

export function serializeAttachments(appSecret: string, list: AttachmentMeta[]): WireAttachment[] {
  return list.map((a) => ({ id: a.id, name: a.name, contentType: a.contentType, size: a.size, url: a.url ?? attachmentUrl(appSecret, a) }));
}

export function serializeMessage(appSecret: string, m: MessageRow, sender?: SenderInfo | null): WireMessage {
  return {
    id: m.id,
    conversationId: m.conversationId,
    inboxId: m.inboxId,
    direction: m.direction,
    senderType: m.senderType,
    senderId: m.senderId,
    sender: sender ?? null,
    body: m.body,
    html: m.html,
    contentType: m.contentType,
    content: m.content,
    private: m.private,
    status: m.status,
    error: m.error,
    attempts: m.attempts,
    attachments: serializeAttachments(appSecret, m.attachments ?? []),
    externalId: m.externalId,
    clientId: m.clientId,
    meta: m.meta,
    createdAt: new Date(m.createdAt).toISOString(),
    updatedAt: iso(m.updatedAt),
  };
}

export type ConversationExtras = {
  channel?: string;
  contact?: Pick<ContactRow, 'id' | 'name' | 'email' | 'phone' | 'avatarUrl'> | null;
  lastMessage?: MessagePreview | null;
};

type MessagePreview = ReturnType<typeof messagePreview>;

/** What a list row shows of the latest message; attachment names stand in for an empty body. */
export function messagePreview(m: Pick<MessageRow, 'id' | 'body' | 'direction' | 'senderType' | 'private' | 'createdAt'> & { attachments?: { name: string }[] | null }) {
  return {
    id: m.id, body: m.body.slice(0, 200), direction: m.direction, senderType: m.senderType, private: m.private, createdAt: m.createdAt,
    attachmentNames: (m.attachments ?? []).map((a) => a.name).slice(0, 5),
  };
}

export function serializeConversation(c: ConversationRow, extras: ConversationExtras = {}): WireConversation {
  return {
    id: c.id,
    inboxId: c.inboxId,
    contactId: c.contactId,
    channel: extras.channel ?? null,
    status: c.status,
    priority: c.priority,
    assigneeId: c.assigneeId,
    teamId: c.teamId,
    labels: c.labels ?? [],
    subject: c.subject,
    attributes: c.attributes,
    unreadCount: c.unreadCount,
    lastMessageAt: iso(c.lastMessageAt),
    waitingSince: iso(c.waitingSince),
    firstReplyAt: iso(c.firstReplyAt),
    snoozedUntil: iso(c.snoozedUntil),
    resolvedAt: iso(c.resolvedAt),
    createdAt: iso(c.createdAt),
    updatedAt: iso(c.updatedAt),
    mergedIntoId: c.mergedIntoId ?? null,
    externalId: c.externalId ?? null,
    contact: extras.contact ? { id: extras.contact.id, name: extras.contact.name, email: extras.contact.email, phone: extras.contact.phone, avatarUrl: extras.contact.avatarUrl } : null,
    lastMessage: extras.lastMessage ? { ...extras.lastMessage, createdAt: iso(extras.lastMessage.createdAt) } : null,
  };
}

export function serializeContact(c: ContactRow): WireContact {
  return {
    id: c.id, name: c.name, email: c.email, phone: c.phone, avatarUrl: c.avatarUrl, attributes: c.attributes,
    createdAt: iso(c.createdAt), updatedAt: iso(c.updatedAt), lastSeenAt: iso(c.lastSeenAt),
  };
}

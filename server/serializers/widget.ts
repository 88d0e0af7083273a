import type { WireVisitorMessage } from '../contract/wire.js';
import type { MessageRow } from '../events/bus.js';
import { serializeAttachments } from './rest.js';

// The visitor audience: their conversation's public messages only. Never private notes, internal metadata,
// delivery errors or agent e-mail addresses.

export function isVisibleToVisitor(m: MessageRow): boolean {
  return !m.private && (m.direction !== 'activity' || m.meta?.visitorVisible === true);
}

export function serializeVisitorMessage(appSecret: string, m: MessageRow, sender?: { name: string | null; avatarUrl: string | null } | null): WireVisitorMessage {
  return {
    id: m.id,
    conversationId: m.conversationId,
    direction: m.direction,
    senderType: m.senderType,
    sender: m.senderType === 'contact' ? null : { name: sender?.name ?? null, avatarUrl: sender?.avatarUrl ?? null },
    body: m.body,
    contentType: m.contentType,
    content: m.content,
    private: false as const,
    status: m.status === 'failed' ? 'failed' : m.status,
    attachments: serializeAttachments(appSecret, m.attachments ?? []),
    clientId: m.clientId,
    createdAt: new Date(m.createdAt).toISOString(),
  };
}

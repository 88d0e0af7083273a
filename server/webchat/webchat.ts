import type { AppContext } from '../context.js';
import { DomainError } from '../errors.js';
import { visitorTargetConversation } from './visitor-conversations.js';
import { ingestMessage } from '../ingest/ingest.js';
import { inboxArchived } from '../inboxes/archive.js';
import { findInboxRow } from '../inboxes/inboxes.js';
import type { Visitor } from './visitors.js';

export interface VisitorMessageInput {
  body: string;
  clientId: string;
  conversationId?: string;
  contentType?: string;
  content?: Record<string, unknown>;
  attachments?: { name: string; contentType: string; data: Buffer }[];
  meta?: Record<string, unknown>;
}

/**
 * A visitor's message, from the HTTP route or the socket alike. The clientId (made by the widget) is the
 * idempotency key, scoped to the visitor so one visitor can never collide with another.
 */
export async function sendVisitorMessage(ctx: AppContext, visitor: Visitor, input: VisitorMessageInput) {
  const inbox = await findInboxRow(ctx, visitor.inboxId);
  if (inbox?.archivedAt) throw inboxArchived();
  const widget = (inbox?.config.widget ?? {}) as { identity?: { requireVerified?: boolean } };
  // Inboxes for signed-in customers only: an anonymous or merely claimed identity may not chat at all.
  if (widget.identity?.requireVerified && !visitor.verified) {
    throw new DomainError('forbidden', 'identity_required', 'This chat is for signed-in customers; sign in on the site first');
  }
  const conversationId = input.conversationId ? await visitorTargetConversation(ctx, visitor, input.conversationId) : undefined;
  const result = await ingestMessage(ctx, {
    inboxId: visitor.inboxId,
    externalId: `web:${visitor.visitorId}:${input.clientId}`,
    sender: { address: visitor.visitorId },
    threadHint: conversationId ? [`conversation:${conversationId}`] : undefined,
    body: input.body,
    contentType: input.contentType,
    content: input.content,
    attachments: input.attachments,
    meta: { ...(input.meta ?? {}), clientId: input.clientId },
  });
  return { message: result.message!, conversationId: result.conversationId, created: result.created };
}

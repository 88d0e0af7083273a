import type { AppContext } from '../context.js';
import { ingestMessage } from '../ingest/ingest.js';
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
  const result = await ingestMessage(ctx, {
    inboxId: visitor.inboxId,
    externalId: `web:${visitor.visitorId}:${input.clientId}`,
    sender: { address: visitor.visitorId },
    threadHint: input.conversationId ? [`conversation:${input.conversationId}`] : undefined,
    body: input.body,
    contentType: input.contentType,
    content: input.content,
    attachments: input.attachments,
    meta: { ...(input.meta ?? {}), clientId: input.clientId },
  });
  return { message: result.message!, conversationId: result.conversationId, created: result.created };
}

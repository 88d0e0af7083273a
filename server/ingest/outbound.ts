import { and, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import type { AttachmentMeta } from '../messages/schema.js';
import { toSearchVector } from '../shared/search.js';
import type { Actor, MessageRow } from '../events/bus.js';
import { notFound, unprocessable } from '../errors.js';
import { withoutNul } from './nul.js';

export const DELIVERY_QUEUE = 'deliver-message';

export interface OutgoingInput {
  conversationId: string;
  body: string;
  private?: boolean;
  senderType: 'agent' | 'bot' | 'system';
  senderId?: string | null;
  contentType?: string;
  content?: Record<string, unknown> | null;
  html?: string | null;
  attachments?: AttachmentMeta[];
  meta?: Record<string, unknown>;
  /** Activity lines ("Assigned to Ana", "Handed over to a human") are stored but never delivered. */
  activity?: boolean;
  /**
   * The effect that writes this message and its place in it (`bot:<message id>:<n>`): written again after a crash
   * part-way through the effect, the message is found rather than sent twice.
   */
  originKey?: string;
  /**
   * The sender's own id for this message (the agent UI makes one per send): echoed on the stored message so the
   * sender's screen matches its optimistic copy, and a resend of the same id finds the first instead of a second.
   */
  clientId?: string;
}

/**
 * Agent, bot and system messages: stored `queued` together with their delivery job in one transaction, so an
 * accepted reply is never lost; private notes and activity lines are stored only.
 */
export async function createOutgoingMessage(ctx: AppContext, raw: OutgoingInput): Promise<MessageRow> {
  const input = withoutNul(raw);
  const deliver = !input.private && !input.activity;
  const actor: Actor = { type: input.senderType, id: input.senderId ?? null };
  const originKey = input.originKey ?? (input.clientId ? `client:${input.senderType}:${input.senderId ?? ''}:${input.clientId}` : undefined);
  const { message, replayed } = await ctx.bus.transaction(async (tx, emit): Promise<{ message: MessageRow; replayed: boolean }> => {
    if (originKey) {
      const [written] = await tx.select().from(schema.messages).where(eq(schema.messages.originKey, originKey));
      if (written) return { message: written, replayed: true };
    }
    const [conv] = await tx.select().from(schema.conversations).where(eq(schema.conversations.id, input.conversationId));
    if (!conv) throw notFound('Conversation');
    if (deliver && conv.contactIdentityId) {
      const [identity] = await tx.select().from(schema.contactIdentities).where(eq(schema.contactIdentities.id, conv.contactIdentityId));
      if (identity?.optedOutAt) {
        throw unprocessable('recipient_opted_out', 'The customer opted out of messages on this channel (they can opt back in by replying START)');
      }
    }
    const [message] = await tx.insert(schema.messages).values({
      conversationId: conv.id,
      inboxId: conv.inboxId,
      direction: input.activity ? 'activity' : 'outgoing',
      senderType: input.senderType,
      senderId: input.senderId ?? null,
      body: input.body,
      html: input.html ?? null,
      contentType: input.contentType ?? (input.activity ? 'activity' : 'text'),
      content: input.content ?? null,
      private: Boolean(input.private),
      attachments: input.attachments ?? [],
      status: deliver ? 'queued' : 'sent',
      meta: input.meta ?? {},
      originKey: originKey ?? null,
      clientId: input.clientId ?? null,
      searchVector: toSearchVector(input.body) as any,
    }).returning();
    if (deliver) await ctx.jobs.enqueue(DELIVERY_QUEUE, { messageId: message.id, attempt: 1 }, { tx });
    const now = ctx.clock.now();
    const changed: string[] = [];
    const set: Record<string, unknown> = { updatedAt: now };
    if (!input.activity) { set.lastMessageAt = now; changed.push('lastMessageAt'); }
    // A human (or bot) answer ends the customer's wait; notes do not.
    if (deliver && input.senderType !== 'system') {
      set.waitingSince = null;
      set.unreadCount = 0;
      if (input.senderType === 'agent' && !conv.firstReplyAt) { set.firstReplyAt = now; changed.push('firstReplyAt'); }
    }
    const [conversation] = await tx.update(schema.conversations).set(set).where(eq(schema.conversations.id, conv.id)).returning();
    emit('message.created', { message, conversation });
    if (changed.length) emit('conversation.updated', { conversation, changed, actor });
    return { message, replayed: false };
  }).catch(async (err: unknown) => {
    // The same key sent twice at once (a double click, a retry racing the first try): the loser finds the winner's.
    const code = (err as { code?: string; cause?: { code?: string } })?.code ?? (err as { cause?: { code?: string } })?.cause?.code;
    if (code !== '23505' || !originKey) throw err;
    const [written] = await ctx.db.select().from(schema.messages).where(eq(schema.messages.originKey, originKey));
    if (!written) throw err;
    return { message: written, replayed: true };
  });
  if (deliver && !replayed) ctx.jobs.wake(DELIVERY_QUEUE);
  return message;
}

// Receipts may arrive out of order (delivered before sent): a status only ever moves forward.
const RANK: Record<string, number> = { queued: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

export async function updateDeliveryStatus(
  ctx: AppContext, inboxId: string, externalId: string, status: 'sent' | 'delivered' | 'read' | 'failed', error?: string,
): Promise<void> {
  const lower = Object.entries(RANK).filter(([, r]) => r < RANK[status]).map(([s]) => s);
  await ctx.bus.transaction(async (tx, emit) => {
    const [message] = await tx.update(schema.messages)
      .set({ status, error: status === 'failed' ? (error ?? 'delivery failed') : null, updatedAt: ctx.clock.now() })
      .where(and(
        eq(schema.messages.inboxId, inboxId), eq(schema.messages.externalId, externalId),
        sql`${schema.messages.status} in (${sql.join(lower.map((s) => sql`${s}`), sql`, `)})`,
      ))
      .returning();
    if (message) emit('message.updated', { message });
  });
}

/** Puts a failed message back in the queue (an agent pressed "retry"). */
export async function retryMessage(ctx: AppContext, messageId: string): Promise<MessageRow> {
  const message = await ctx.bus.transaction(async (tx, emit) => {
    const [row] = await tx.update(schema.messages).set({ status: 'queued', error: null, updatedAt: ctx.clock.now() })
      .where(and(eq(schema.messages.id, messageId), eq(schema.messages.status, 'failed'))).returning();
    if (!row) throw unprocessable('not_failed', 'Only a failed message can be retried');
    await ctx.jobs.enqueue(DELIVERY_QUEUE, { messageId: row.id, attempt: 1 }, { tx });
    emit('message.updated', { message: row });
    return row;
  });
  ctx.jobs.wake(DELIVERY_QUEUE);
  return message;
}

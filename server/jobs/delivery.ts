import { and, asc, eq, isNotNull, max } from 'drizzle-orm';
import type { ChannelContext, Delivery, OutboundMessage } from '../../channels/types.js';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { attachmentUrl } from '../messages/attachments.js';
import { toInboxRecord } from '../inboxes/inboxes.js';
import { DELIVERY_QUEUE } from '../ingest/outbound.js';
import { publicLink } from '../config.js';

export const MAX_ATTEMPTS = 6;

/** 2 s, 4 s, 8 s ... capped at 10 minutes. */
export const backoffMs = (attempt: number) => Math.min(600_000, 1000 * 2 ** attempt);

interface DeliveryJob { messageId: string; attempt: number }

export async function startDeliveryWorker(ctx: AppContext, channel: ChannelContext, concurrency = 4): Promise<void> {
  await ctx.jobs.work<DeliveryJob>(DELIVERY_QUEUE, concurrency, (job) => deliverOnce(ctx, channel, job));
}

async function deliverOnce(ctx: AppContext, channel: ChannelContext, job: DeliveryJob): Promise<void> {
  const [row] = await ctx.db.select({ message: schema.messages, conversation: schema.conversations, inbox: schema.inboxes, contact: schema.contacts, identity: schema.contactIdentities })
    .from(schema.messages)
    .innerJoin(schema.conversations, eq(schema.conversations.id, schema.messages.conversationId))
    .innerJoin(schema.inboxes, eq(schema.inboxes.id, schema.messages.inboxId))
    .innerJoin(schema.contacts, eq(schema.contacts.id, schema.conversations.contactId))
    .leftJoin(schema.contactIdentities, eq(schema.contactIdentities.id, schema.conversations.contactIdentityId))
    .where(eq(schema.messages.id, job.messageId));
  // Already delivered (a job re-run after a crash) or deleted: nothing to do.
  if (!row || row.message.status !== 'queued') return;
  const adapter = ctx.adapters.get(row.inbox.channel as any);
  let result: Delivery;
  if (!adapter) result = { kind: 'fail', reason: `no adapter for channel ${row.inbox.channel}` };
  else if (row.identity?.optedOutAt) result = { kind: 'fail', reason: 'recipient opted out' };
  else {
    const thread = await ctx.db.select({ externalId: schema.messages.externalId }).from(schema.messages)
      .where(and(eq(schema.messages.conversationId, row.conversation.id), isNotNull(schema.messages.externalId)))
      .orderBy(asc(schema.messages.createdAt)).limit(50);
    const [lastInbound] = await ctx.db.select({ at: max(schema.messages.createdAt) }).from(schema.messages)
      .where(and(eq(schema.messages.conversationId, row.conversation.id), eq(schema.messages.direction, 'incoming')));
    const sender = row.message.senderId
      ? (await ctx.db.select({ name: schema.agents.name }).from(schema.agents).where(eq(schema.agents.id, row.message.senderId)))[0]?.name ?? null
      : null;
    const outbound: OutboundMessage = {
      id: row.message.id,
      conversationId: row.conversation.id,
      body: row.message.body,
      html: row.message.html,
      contentType: row.message.contentType,
      content: row.message.content ?? null,
      attachments: row.message.attachments.map((a) => ({ ...a, url: a.url ?? publicLink(ctx.config, attachmentUrl(ctx.appSecret, a)) })),
      attempt: job.attempt,
      recipient: { address: row.identity?.address ?? '', name: row.contact.name, email: row.contact.email, phone: row.contact.phone },
      sender: { name: sender, type: row.message.senderType as 'agent' | 'bot' | 'system' },
      conversation: { subject: row.conversation.subject, attributes: row.conversation.attributes },
      threadExternalIds: thread.map((t) => t.externalId!).filter((id) => id !== row.message.externalId),
      lastInboundAt: lastInbound?.at ?? null,
      meta: row.message.meta,
    };
    try {
      result = await adapter.deliver(outbound, toInboxRecord(ctx, row.inbox), channel);
    } catch (err) {
      // An adapter that throws has hit something unexpected (network down, bug): treat it as transient.
      result = { kind: 'retry', reason: err instanceof Error ? err.message : String(err) };
    }
  }
  await recordResult(ctx, job, result, row.inbox.channel);
}

async function recordResult(ctx: AppContext, job: DeliveryJob, result: Delivery, channel: string): Promise<void> {
  const now = ctx.clock.now();
  let set: Partial<typeof schema.messages.$inferInsert>;
  if (result.kind === 'ok') {
    ctx.metrics.deliveryAttempted(channel, 'sent');
    set = { status: result.status ?? 'sent', externalId: result.externalId ?? undefined, error: null, attempts: job.attempt, updatedAt: now };
    if (result.meta) set.meta = result.meta;
  } else if (result.kind === 'retry' && job.attempt < MAX_ATTEMPTS) {
    // Still queued, with the reason visible to agents while it waits.
    ctx.metrics.deliveryAttempted(channel, 'retry');
    await ctx.jobs.enqueue(DELIVERY_QUEUE, { messageId: job.messageId, attempt: job.attempt + 1 }, { startAfterMs: result.afterMs ?? backoffMs(job.attempt) });
    set = { error: `retrying: ${result.reason}`, attempts: job.attempt, updatedAt: now };
  } else {
    // Permanent failures and exhausted retries are dead letters: status failed, the reason shown to agents.
    ctx.metrics.deliveryAttempted(channel, 'failed');
    const reason = result.kind === 'retry' ? `gave up after ${job.attempt} attempts: ${result.reason}` : result.reason;
    set = { status: 'failed', error: reason.slice(0, 1000), attempts: job.attempt, updatedAt: now };
  }
  if (result.kind === 'ok' && result.meta) {
    const [current] = await ctx.db.select({ meta: schema.messages.meta }).from(schema.messages).where(eq(schema.messages.id, job.messageId));
    set.meta = { ...(current?.meta ?? {}), ...result.meta };
  }
  await ctx.bus.transaction(async (tx, emit) => {
    const [message] = await tx.update(schema.messages).set(set)
      .where(and(eq(schema.messages.id, job.messageId), eq(schema.messages.status, 'queued'))).returning();
    if (message) emit('message.updated', { message });
  });
}

import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema, type Tx } from '../db/client.js';
import type { Actor, ConversationRow } from '../events/bus.js';

export const SNOOZE_QUEUE = 'snooze-wake';
const SYSTEM: Actor = { type: 'system' };

interface WakeJob { conversationId: string; until: string }

/**
 * Schedules the wake-up of a conversation snoozed until `until`, in the transaction that stores the snooze, so the
 * timer exists exactly when the snooze does. One key per conversation and due time; a later re-snooze adds its own
 * job and leaves the old one to find the snooze changed.
 */
export async function scheduleSnoozeWake(ctx: AppContext, tx: Tx, conversation: ConversationRow): Promise<void> {
  if (conversation.status !== 'snoozed' || !conversation.snoozedUntil) return;
  const until = conversation.snoozedUntil.toISOString();
  await ctx.jobs.enqueue<WakeJob>(SNOOZE_QUEUE, { conversationId: conversation.id, until }, {
    tx, startAfterMs: Math.max(0, conversation.snoozedUntil.getTime() - Date.now()), singletonKey: `${conversation.id}:${until}`,
  });
}

/**
 * The snooze's due time came: the conversation goes back to open with one activity line, but only if it is still
 * snoozed until exactly that time. The check and the change are one conditional update, so a job fetched twice
 * (a retry after a node died) or a conversation reopened, resolved or re-snoozed meanwhile changes nothing.
 */
export async function wakeSnoozed(ctx: AppContext, job: WakeJob): Promise<boolean> {
  const until = new Date(job.until);
  if (Number.isNaN(until.getTime())) return false;
  return ctx.bus.transaction(async (tx, emit) => {
    const now = ctx.clock.now();
    const [conversation] = await tx.update(schema.conversations)
      .set({ status: 'open', snoozedUntil: null, updatedAt: now })
      .where(and(eq(schema.conversations.id, job.conversationId), eq(schema.conversations.status, 'snoozed'), eq(schema.conversations.snoozedUntil, until)))
      .returning();
    if (!conversation) return false;
    const [message] = await tx.insert(schema.messages).values({
      conversationId: conversation.id, inboxId: conversation.inboxId, direction: 'activity', senderType: 'system',
      body: 'Snooze ended', contentType: 'activity', status: 'sent', meta: { event: 'conversation.snooze_ended', params: { snoozedUntil: job.until }, snoozedUntil: job.until },
    }).returning();
    emit('message.created', { message, conversation });
    emit('conversation.updated', { conversation, changed: ['status', 'snoozedUntil'], actor: SYSTEM, reason: 'snooze_ended' });
    return true;
  });
}

export async function startSnoozeWorker(ctx: AppContext): Promise<void> {
  await ctx.jobs.work<WakeJob>(SNOOZE_QUEUE, 1, async (job) => { await wakeSnoozed(ctx, job); });
}

import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import type { Actor, ConversationRow } from '../events/bus.js';
import { now } from '../clock.js';
import { createTask } from './tasks.js';

/**
 * "Snooze until the customer replies or <date>": at the date the conversation reopens (`conversations/snooze-wake.ts`)
 * and a follow-up reminder goes to the assignee; a reply (the conversation reopens on the customer's message)
 * completes it, any other wake-up before the date (reopened, resolved, re-snoozed) cancels it.
 */
export async function followSnooze(ctx: AppContext, conversation: ConversationRow, actor?: Actor): Promise<void> {
  const open = and(eq(schema.crmTasks.conversationId, conversation.id), eq(schema.crmTasks.kind, 'snooze'), eq(schema.crmTasks.status, 'open'));
  if (conversation.status === 'snoozed' && conversation.snoozedUntil) {
    await ctx.db.update(schema.crmTasks).set({ status: 'cancelled', completedAt: now(ctx) }).where(open);
    const until = conversation.snoozedUntil;
    await createTask(ctx, {
      conversationId: conversation.id, kind: 'snooze', dueAt: until,
      title: 'Follow up: no reply to a snoozed conversation',
      note: `Snoozed until the customer replies or ${until.toISOString()}`,
      assigneeId: conversation.assigneeId ?? (actor?.type === 'agent' ? actor.id ?? null : null),
    }, actor?.type === 'agent' ? { type: 'agent', id: actor.id } : { type: 'system' });
    return;
  }
  await ctx.db.update(schema.crmTasks).set({ status: actor?.type === 'contact' ? 'done' : 'cancelled', completedAt: now(ctx) }).where(open);
}

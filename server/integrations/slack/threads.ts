import { and, eq, lt } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { schema } from '../../db/client.js';

export async function threadOf(ctx: AppContext, conversationId: string) {
  const [row] = await ctx.db.select().from(schema.slackThreads).where(eq(schema.slackThreads.conversationId, conversationId));
  return row ?? null;
}

export async function conversationOfThread(ctx: AppContext, channelId: string, threadTs: string): Promise<string | null> {
  const [row] = await ctx.db.select({ id: schema.slackThreads.conversationId }).from(schema.slackThreads)
    .where(and(eq(schema.slackThreads.channelId, channelId), eq(schema.slackThreads.threadTs, threadTs)));
  return row?.id ?? null;
}

export async function saveThread(ctx: AppContext, conversationId: string, channelId: string, threadTs: string) {
  await ctx.db.insert(schema.slackThreads).values({ conversationId, channelId, threadTs }).onConflictDoNothing();
}

const EVENT_MEMORY_MS = 24 * 3_600_000;

/**
 * True the first time an event id is seen. Slack retries (X-Slack-Retry-Num) reuse the event id; the table makes
 * that hold across nodes. Ids older than a day are forgotten, long after Slack's last retry.
 */
export async function claimEvent(ctx: AppContext, eventId: string): Promise<boolean> {
  const [row] = await ctx.db.insert(schema.slackEvents).values({ eventId }).onConflictDoNothing().returning();
  if (row && Math.random() < 0.01) {
    await ctx.db.delete(schema.slackEvents).where(lt(schema.slackEvents.receivedAt, new Date(ctx.clock.now().getTime() - EVENT_MEMORY_MS)));
  }
  return Boolean(row);
}

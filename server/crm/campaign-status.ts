import { and, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import type { ConversationRow, MessageRow } from '../events/bus.js';
import { now } from '../clock.js';

export type CampaignRow = typeof schema.crmCampaigns.$inferSelect;
type RecipientStatus = typeof schema.crmCampaignRecipients.$inferSelect['status'];

// A recipient's status only moves forward; a reply outranks any delivery receipt.
const RANK: Record<RecipientStatus, number> = { pending: 0, skipped: 0, queued: 1, sent: 2, delivered: 3, failed: 4, replied: 5 };
const FROM_MESSAGE: Record<string, RecipientStatus | undefined> = { sent: 'sent', delivered: 'delivered', read: 'delivered', failed: 'failed' };

async function advance(ctx: AppContext, where: ReturnType<typeof eq>, status: RecipientStatus, reason: string | null): Promise<void> {
  const lower = Object.entries(RANK).filter(([k, r]) => r < RANK[status] && k !== 'pending' && k !== 'skipped').map(([k]) => k);
  await ctx.db.update(schema.crmCampaignRecipients).set({ status, reason, updatedAt: now(ctx) })
    .where(and(where, sql`${schema.crmCampaignRecipients.status} in (${sql.join(lower.map((s) => sql`${s}`), sql`, `)})`));
}

/** A campaign message's delivery result (sent, delivered, failed with the channel's error) shown on its recipient. */
export async function trackDelivery(ctx: AppContext, message: MessageRow): Promise<void> {
  const status = FROM_MESSAGE[message.status];
  if (status && message.direction === 'outgoing') await advance(ctx, eq(schema.crmCampaignRecipients.messageId, message.id), status, status === 'failed' ? message.error : null);
}

export async function trackReply(ctx: AppContext, message: MessageRow, conversation: ConversationRow): Promise<void> {
  if (message.direction !== 'incoming' || !conversation.attributes.campaignId) return;
  await advance(ctx, eq(schema.crmCampaignRecipients.conversationId, conversation.id), 'replied', null);
}

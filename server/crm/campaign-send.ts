import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { toE164 } from '../../channels/kit/phone.js';
import type { AppContext } from '../context.js';
import { schema, type Tx } from '../db/client.js';
import { crashPoint } from '../events/crash-points.js';
import { badRequest, DomainError } from '../errors.js';
import { createOutgoingMessage } from '../ingest/outbound.js';
import { now } from '../clock.js';
import { trackDelivery, type CampaignRow } from './campaign-status.js';
import { renderTemplate } from './template.js';
import { recordTimeline } from './timeline.js';

export const CAMPAIGN_SEND_QUEUE = 'crm-campaign-send';
export interface CampaignSendJob { recipientId: string }

/**
 * A send is two short transactions; a node that dies in one leaves its job active until pg-boss counts it as
 * lost after this long and hands it to any node (maintenance runs every 15 s, then the 5 s retry delay).
 */
const SEND_EXPIRES_IN_SECONDS = 15;

type Recipient = typeof schema.crmCampaignRecipients.$inferSelect;
type Contact = typeof schema.contacts.$inferSelect & { company: string | null; country: string | null };

/**
 * Claims recipients (pending -> queued) and commits one send job for each in the same transaction: a claimed
 * recipient always has a job that will send it, on whichever node is alive, and a recipient is claimed once.
 */
export async function claimRecipients(ctx: AppContext, tx: Tx, recipientIds: string[]): Promise<number> {
  if (!recipientIds.length) return 0;
  const claimed = await tx.update(schema.crmCampaignRecipients).set({ status: 'queued', updatedAt: now(ctx) })
    .where(and(inArray(schema.crmCampaignRecipients.id, recipientIds), eq(schema.crmCampaignRecipients.status, 'pending')))
    .returning({ id: schema.crmCampaignRecipients.id });
  for (const { id } of claimed) {
    await ctx.jobs.enqueue<CampaignSendJob>(CAMPAIGN_SEND_QUEUE, { recipientId: id }, { tx, expireInSeconds: SEND_EXPIRES_IN_SECONDS });
  }
  return claimed.length;
}

/**
 * Writes one claimed recipient's conversation and message; safe to run again after a crash at any point (the
 * job is retried on another node): the conversation is opened once under the recipient's row lock and the
 * message is keyed by the recipient (`campaign:<recipient id>`), so a second run finds both instead of writing
 * them again. The mail itself goes out through the normal delivery worker, once per message.
 */
export async function sendRecipient(ctx: AppContext, recipientId: string): Promise<void> {
  const [row] = await ctx.db.select({ r: schema.crmCampaignRecipients, campaign: schema.crmCampaigns, contact: schema.contacts, country: schema.crmContactState.country, company: schema.crmCompanies.name, channel: schema.inboxes.channel })
    .from(schema.crmCampaignRecipients)
    .innerJoin(schema.crmCampaigns, eq(schema.crmCampaigns.id, schema.crmCampaignRecipients.campaignId))
    .innerJoin(schema.inboxes, eq(schema.inboxes.id, schema.crmCampaigns.inboxId))
    .innerJoin(schema.contacts, eq(schema.contacts.id, schema.crmCampaignRecipients.contactId))
    .leftJoin(schema.crmContactState, eq(schema.crmContactState.contactId, schema.contacts.id))
    .leftJoin(schema.crmCompanies, eq(schema.crmCompanies.id, schema.crmContactState.companyId))
    .where(eq(schema.crmCampaignRecipients.id, recipientId));
  // Gone with its campaign, already attached to its message, or settled (failed, skipped) by an earlier run.
  if (!row || row.r.status !== 'queued' || row.r.messageId) return;
  const { r, campaign, channel } = row;
  if (campaign.status === 'cancelled') {
    await settle(ctx, r.id, 'skipped', 'campaign cancelled');
    return;
  }
  await crashPoint('before-effect', 'campaign-send');
  const originKey = `campaign:${r.id}`;
  try {
    const contact: Contact = { ...row.contact, company: row.company, country: row.country };
    const conversationId = r.conversationId ?? await openConversation(ctx, campaign, r, contact, channel);
    const message = await createOutgoingMessage(ctx, {
      conversationId, body: renderTemplate(campaign.template, contact), senderType: 'agent', senderId: campaign.createdById, originKey,
    });
    await crashPoint('after-effect', 'campaign-send');
    await attach(ctx, campaign, r, message.id, conversationId, channel);
  } catch (err) {
    // Two runs of one job at once (an expired job retried while the first still ran): the other wrote the message.
    const [written] = await ctx.db.select().from(schema.messages).where(eq(schema.messages.originKey, originKey));
    if (written) {
      await attach(ctx, campaign, r, written.id, written.conversationId, channel);
      return;
    }
    const reason = err instanceof DomainError ? err.message : 'could not queue the message';
    if (!(err instanceof DomainError)) ctx.log.error({ err, campaignId: campaign.id }, 'campaign message failed');
    await settle(ctx, r.id, err instanceof DomainError && err.code === 'recipient_opted_out' ? 'skipped' : 'failed', reason);
  }
}

async function settle(ctx: AppContext, recipientId: string, status: 'skipped' | 'failed', reason: string): Promise<void> {
  await ctx.db.update(schema.crmCampaignRecipients).set({ status, reason, updatedAt: now(ctx) })
    .where(and(eq(schema.crmCampaignRecipients.id, recipientId), eq(schema.crmCampaignRecipients.status, 'queued')));
}

/** The recipient's own conversation, marked as the campaign's (a reply is attributed to it), opened once. */
async function openConversation(ctx: AppContext, campaign: CampaignRow, r: Recipient, contact: Contact, channel: string): Promise<string> {
  const ownAddress = channel !== 'email' && channel !== 'sms' && channel !== 'whatsapp';
  const [identity] = ownAddress ? await ctx.db.select({ address: schema.contactIdentities.address }).from(schema.contactIdentities)
    .where(and(eq(schema.contactIdentities.contactId, contact.id), eq(schema.contactIdentities.channel, channel))).limit(1) : [];
  const address = addressOn(channel, identity?.address ?? (channel === 'email' ? contact.email : contact.phone));
  if (!address) throw badRequest(`The contact has no ${channel === 'email' ? 'e-mail address' : 'phone number'} for this inbox`, { address: 'required' });
  return ctx.bus.transaction(async (tx, emit) => {
    const [locked] = await tx.select({ conversationId: schema.crmCampaignRecipients.conversationId }).from(schema.crmCampaignRecipients)
      .where(eq(schema.crmCampaignRecipients.id, r.id)).for('update');
    // A second run of the job (waiting here for the first one's commit) takes the conversation the first opened.
    if (locked?.conversationId) return locked.conversationId;
    let [found] = await tx.select().from(schema.contactIdentities)
      .where(and(eq(schema.contactIdentities.channel, channel), eq(schema.contactIdentities.address, address)));
    if (found && found.contactId !== contact.id) throw badRequest('That address belongs to another contact; merge the two contacts first', { address: 'taken' });
    if (!found) [found] = await tx.insert(schema.contactIdentities).values({ contactId: contact.id, channel, address }).returning();
    const [inbox] = await tx.select({ teamId: schema.inboxes.teamId }).from(schema.inboxes).where(eq(schema.inboxes.id, campaign.inboxId));
    const [conversation] = await tx.insert(schema.conversations).values({
      inboxId: campaign.inboxId, contactId: contact.id, contactIdentityId: found.id, teamId: inbox.teamId, status: 'open',
      assigneeId: campaign.createdById, subject: campaign.subject ? renderTemplate(campaign.subject, contact) : null,
      attributes: { campaignId: campaign.id, campaignName: campaign.name },
    }).returning();
    await tx.update(schema.crmCampaignRecipients).set({ conversationId: conversation.id, updatedAt: now(ctx) })
      .where(eq(schema.crmCampaignRecipients.id, r.id));
    emit('conversation.created', { conversation });
    return conversation.id;
  });
}

function addressOn(channel: string, address: string | null | undefined): string | null {
  const a = address?.trim();
  if (!a) return null;
  if (channel === 'email') return a.toLowerCase();
  if (channel !== 'sms' && channel !== 'whatsapp') return a;
  const e164 = toE164(a);
  if (!e164) throw badRequest('Phone numbers must be in international format, e.g. +14155550100', { address: 'E.164' });
  return e164;
}

/** Links the message to its recipient once (the run that links it writes the timeline entry). */
async function attach(ctx: AppContext, campaign: CampaignRow, r: Recipient, messageId: string, conversationId: string, channel: string): Promise<void> {
  const [linked] = await ctx.db.update(schema.crmCampaignRecipients).set({ conversationId, messageId, updatedAt: now(ctx) })
    .where(and(eq(schema.crmCampaignRecipients.id, r.id), isNull(schema.crmCampaignRecipients.messageId), sql`${schema.crmCampaignRecipients.status} = 'queued'`))
    .returning({ id: schema.crmCampaignRecipients.id });
  if (!linked) return;
  // Delivery may have finished before the message id was stored here: catch up from the message itself.
  const [current] = await ctx.db.select().from(schema.messages).where(eq(schema.messages.id, messageId));
  if (current) await trackDelivery(ctx, current);
  await recordTimeline(ctx, r.contactId, 'campaign', `Campaign "${campaign.name}" sent`,
    { key: 'campaign.sent', params: { name: campaign.name, channel } }, { campaignId: campaign.id, conversationId, channel }, { type: 'agent', id: campaign.createdById });
}

import { and, asc, count, desc, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { isUuid } from '../shared/ids.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { CAMPAIGN_SEND_QUEUE, claimRecipients } from './campaign-send.js';
import type { CampaignRow } from './campaign-status.js';
import { now } from '../clock.js';
import { contactInScope, type Scope } from './scope.js';
import { isValidTimeZone } from './enrichment.js';
import { segmentFrom } from './segments/compile.js';
import { getSegment, whereFor } from './segments/service.js';
import { templateErrors } from './template.js';
import { quietUntil } from './zoned-time.js';

export const CAMPAIGN_QUEUE = 'crm-campaign';
/**
 * A start or batch step only claims recipients and queues their sends (seconds of work). When its node dies the step
 * is handed on after this, not after the queue's default five minutes; a step run twice claims nothing twice.
 */
const STEP_EXPIRES_IN_SECONDS = 60;
export type { CampaignRow };
interface CampaignJob { campaignId: string; step: 'start' | 'batch' }

export interface CampaignInput {
  name: string; segmentId: string; inboxId: string; subject?: string | null; template: string;
  scheduledAt?: string | null; quietHours?: { start: string; end: string } | null; timeZone?: string; throttlePerMinute?: number;
}

async function checkInput(ctx: AppContext, input: CampaignInput): Promise<void> {
  await getSegment(ctx, input.segmentId);
  const [inbox] = await ctx.db.select().from(schema.inboxes).where(eq(schema.inboxes.id, input.inboxId));
  if (!inbox) throw badRequest('Unknown inbox', { inboxId: 'no such inbox' });
  if (inbox.channel === 'email' && !input.subject?.trim()) throw badRequest('E-mail campaigns need a subject', { subject: 'required for e-mail' });
  const errors = templateErrors(input.template) ;
  if (errors.length) throw badRequest(errors.join('; '), { template: errors[0] });
  if (input.timeZone && !isValidTimeZone(input.timeZone)) throw badRequest('Unknown time zone', { timeZone: 'an IANA zone like Europe/Paris' });
}

export async function createCampaign(ctx: AppContext, input: CampaignInput, agentId: string): Promise<CampaignRow> {
  await checkInput(ctx, input);
  const [row] = await ctx.db.insert(schema.crmCampaigns).values({
    name: input.name, segmentId: input.segmentId, inboxId: input.inboxId, subject: input.subject ?? null, template: input.template,
    scheduledAt: input.scheduledAt ? new Date(input.scheduledAt) : null, quietHours: input.quietHours ?? null,
    timeZone: input.timeZone ?? 'UTC', throttlePerMinute: input.throttlePerMinute ?? 60, createdById: agentId,
  }).returning();
  return row;
}

export async function getCampaign(ctx: AppContext, id: string): Promise<CampaignRow> {
  const [row] = isUuid(id) ? await ctx.db.select().from(schema.crmCampaigns).where(eq(schema.crmCampaigns.id, id)) : [];
  if (!row) throw notFound('Campaign');
  return row;
}

/** Sends now, or at scheduledAt; the audience is taken from the segment when sending starts. */
export async function launchCampaign(ctx: AppContext, id: string): Promise<CampaignRow> {
  const campaign = await getCampaign(ctx, id);
  if (campaign.status !== 'draft') throw conflict(`The campaign is already ${campaign.status}`);
  const delay = campaign.scheduledAt ? Math.max(0, campaign.scheduledAt.getTime() - now(ctx).getTime()) : 0;
  // Only the launch that moves the draft on schedules the start (two clicks, or two nodes, give one start job),
  // and the job is committed with that status change.
  const row = await ctx.db.transaction(async (tx) => {
    const [launched] = await tx.update(schema.crmCampaigns).set({ status: 'scheduled' })
      .where(and(eq(schema.crmCampaigns.id, id), eq(schema.crmCampaigns.status, 'draft'))).returning();
    if (launched) await ctx.jobs.enqueue<CampaignJob>(CAMPAIGN_QUEUE, { campaignId: id, step: 'start' }, { tx, startAfterMs: delay, expireInSeconds: STEP_EXPIRES_IN_SECONDS });
    return launched;
  });
  if (!row) throw conflict('The campaign is already launched');
  ctx.jobs.wake(CAMPAIGN_QUEUE);
  return row;
}

export async function cancelCampaign(ctx: AppContext, id: string): Promise<CampaignRow> {
  await getCampaign(ctx, id); // an unknown campaign is a 404, not a "cannot be cancelled"
  const [row] = await ctx.db.update(schema.crmCampaigns).set({ status: 'cancelled', finishedAt: now(ctx) })
    .where(and(eq(schema.crmCampaigns.id, id), sql`${schema.crmCampaigns.status} in ('draft', 'scheduled', 'sending')`)).returning();
  if (!row) throw conflict('Only a draft, scheduled or sending campaign can be cancelled');
  return row;
}

export async function runCampaignJob(ctx: AppContext, job: CampaignJob): Promise<void> {
  const campaign = await getCampaign(ctx, job.campaignId).catch(() => null);
  if (!campaign) return;
  if (job.step === 'start' && campaign.status === 'scheduled') await materialiseAudience(ctx, campaign);
  else if (job.step === 'batch' && campaign.status === 'sending') await sendBatch(ctx, campaign);
}

/** One statement: every segment member becomes a recipient, pending or skipped with the reason (no address, opted out). */
async function materialiseAudience(ctx: AppContext, campaign: CampaignRow): Promise<void> {
  const [inbox] = await ctx.db.select({ channel: schema.inboxes.channel }).from(schema.inboxes).where(eq(schema.inboxes.id, campaign.inboxId));
  const segment = await getSegment(ctx, campaign.segmentId);
  const channel = inbox.channel;
  const address = channel === 'email' ? sql`nullif(c.email, '')`
    : channel === 'sms' || channel === 'whatsapp' ? sql`nullif(c.phone, '')`
      : sql`(select ci.address from contact_identities ci where ci.contact_id = c.id and ci.channel = ${channel} limit 1)`;
  // The address may have opted out under another contact record (a STOP from a number before it was imported).
  const optedOut = sql`exists (select 1 from contact_identities ci where ci.channel = ${channel} and ci.opted_out_at is not null
    and (ci.contact_id = c.id or ci.address = ${channel === 'email' ? sql`lower(c.email)` : sql`c.phone`}))`;
  const members = await whereFor(ctx, segment.parsed, 'all');
  // The start claims the campaign (scheduled -> sending) in the transaction that writes its audience and first
  // batch job: a start job run twice (a retry after a node died mid-run) finds it claimed and does nothing.
  const started = await ctx.db.transaction(async (tx) => {
    const [claimed] = await tx.update(schema.crmCampaigns).set({ status: 'sending', startedAt: now(ctx) })
      .where(and(eq(schema.crmCampaigns.id, campaign.id), eq(schema.crmCampaigns.status, 'scheduled'))).returning({ id: schema.crmCampaigns.id });
    if (!claimed) return false;
    await tx.execute(sql`
    insert into crm_campaign_recipients (campaign_id, contact_id, status, reason)
    select ${campaign.id}::uuid, c.id,
      case when ${address} is null or ${optedOut} then 'skipped' else 'pending' end,
      case when ${address} is null then ${`no ${channel === 'email' ? 'e-mail address' : channel === 'sms' ? 'phone number' : `${channel} identity`}`}
           when ${optedOut} then 'opted out' end
    from ${segmentFrom} where ${members}
    on conflict do nothing`);
    await ctx.jobs.enqueue<CampaignJob>(CAMPAIGN_QUEUE, { campaignId: campaign.id, step: 'batch' }, { tx, expireInSeconds: STEP_EXPIRES_IN_SECONDS });
    return true;
  });
  if (started) ctx.jobs.wake(CAMPAIGN_QUEUE);
}

/** Up to throttlePerMinute recipients per run, each sent by its own job through the normal outbound path; quiet hours defer one. */
async function sendBatch(ctx: AppContext, campaign: CampaignRow): Promise<void> {
  const at = now(ctx);
  const batch = await ctx.db.select({ r: schema.crmCampaignRecipients, s: schema.crmContactState })
    .from(schema.crmCampaignRecipients)
    .leftJoin(schema.crmContactState, eq(schema.crmContactState.contactId, schema.crmCampaignRecipients.contactId))
    .where(and(eq(schema.crmCampaignRecipients.campaignId, campaign.id), eq(schema.crmCampaignRecipients.status, 'pending'),
      or(isNull(schema.crmCampaignRecipients.notBefore), lte(schema.crmCampaignRecipients.notBefore, at))))
    .orderBy(asc(schema.crmCampaignRecipients.id)).limit(campaign.throttlePerMinute);
  const claim: string[] = [];
  for (const { r, s } of batch) {
    const quiet = campaign.quietHours ? quietUntil(at, s?.timeZone ?? campaign.timeZone, campaign.quietHours) : null;
    if (quiet) await ctx.db.update(schema.crmCampaignRecipients).set({ notBefore: quiet, updatedAt: at }).where(eq(schema.crmCampaignRecipients.id, r.id));
    else claim.push(r.id);
  }
  // Claims and send jobs are committed together; the sends run on the send workers of every node.
  if (await ctx.db.transaction((tx) => claimRecipients(ctx, tx, claim))) ctx.jobs.wake(CAMPAIGN_SEND_QUEUE);
  const [next] = await ctx.db.select({ n: count(), soonest: sql<string | null>`min(${schema.crmCampaignRecipients.notBefore})` }).from(schema.crmCampaignRecipients)
    .where(and(eq(schema.crmCampaignRecipients.campaignId, campaign.id), eq(schema.crmCampaignRecipients.status, 'pending')));
  if (!next.n) {
    await ctx.db.update(schema.crmCampaigns).set({ status: 'sent', finishedAt: now(ctx) }).where(and(eq(schema.crmCampaigns.id, campaign.id), eq(schema.crmCampaigns.status, 'sending')));
    return;
  }
  const full = batch.length >= campaign.throttlePerMinute;
  const wait = full ? 60_000 : next.soonest ? Math.max(1_000, new Date(next.soonest).getTime() - now(ctx).getTime()) : 1_000;
  await ctx.jobs.enqueue<CampaignJob>(CAMPAIGN_QUEUE, { campaignId: campaign.id, step: 'batch' }, { startAfterMs: wait, expireInSeconds: STEP_EXPIRES_IN_SECONDS });
}

/**
 * A campaign's report for a viewer: only campaigns sent from an inbox in scope exist for them, and only the
 * recipients they could look up anyway (contacts of their inboxes) are listed by name.
 */
export async function campaignReport(ctx: AppContext, id: string, scope: Scope) {
  const campaign = await getCampaign(ctx, id);
  if (scope !== 'all' && !scope.includes(campaign.inboxId)) throw notFound('Campaign');
  const counts = await ctx.db.select({ status: schema.crmCampaignRecipients.status, n: count() }).from(schema.crmCampaignRecipients)
    .where(eq(schema.crmCampaignRecipients.campaignId, id)).groupBy(schema.crmCampaignRecipients.status);
  const recipients = await ctx.db.select({ r: schema.crmCampaignRecipients, name: schema.contacts.name, email: schema.contacts.email, phone: schema.contacts.phone })
    .from(schema.crmCampaignRecipients).innerJoin(schema.contacts, eq(schema.contacts.id, schema.crmCampaignRecipients.contactId))
    .where(and(eq(schema.crmCampaignRecipients.campaignId, id), contactInScope(sql`${schema.crmCampaignRecipients.contactId}`, scope)))
    .orderBy(desc(schema.crmCampaignRecipients.updatedAt)).limit(1000);
  return {
    campaign: serializeCampaign(campaign),
    counts: Object.fromEntries(counts.map((c) => [c.status, c.n])),
    recipients: recipients.map(({ r, name, email, phone }) => ({
      contactId: r.contactId, name, email, phone, status: r.status, reason: r.reason, conversationId: r.conversationId,
      notBefore: r.notBefore?.toISOString() ?? null, updatedAt: r.updatedAt.toISOString(),
    })),
  };
}

export const serializeCampaign = (c: CampaignRow) => ({
  id: c.id, name: c.name, segmentId: c.segmentId, inboxId: c.inboxId, subject: c.subject, template: c.template, status: c.status,
  scheduledAt: c.scheduledAt?.toISOString() ?? null, quietHours: c.quietHours, timeZone: c.timeZone, throttlePerMinute: c.throttlePerMinute,
  createdById: c.createdById, startedAt: c.startedAt?.toISOString() ?? null, finishedAt: c.finishedAt?.toISOString() ?? null, createdAt: c.createdAt.toISOString(),
});

import { desc, eq, sql } from 'drizzle-orm';
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { campaignReport, cancelCampaign, createCampaign, launchCampaign, serializeCampaign } from './campaigns.js';
import { inboxInScope } from './scope.js';
import { renderTemplate } from './template.js';
import { schema } from '../db/client.js';
import { requireAdmin } from '../http/auth.js';
import { notFound } from '../errors.js';
import { parseBody } from '../http/validate.js';
import { crmScope, idParam, visibleContact } from './route-helpers.js';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const campaignSchema = z.object({
  name: z.string().trim().min(1).max(150), segmentId: z.uuid(), inboxId: z.uuid(),
  subject: z.string().max(300).nullable().optional(), template: z.string().trim().min(1).max(10_000),
  scheduledAt: z.iso.datetime({ offset: true }).nullable().optional(),
  quietHours: z.object({ start: hhmm, end: hhmm }).nullable().optional(),
  timeZone: z.string().max(64).optional(), throttlePerMinute: z.number().int().min(1).max(10_000).optional(),
  launch: z.boolean().optional(),
}).strict();

/** Outbound campaigns to a segment (admins send; everyone sees the reports). */
export function crmCampaignRoutes(ctx: AppContext): Router {
  const r = Router();
  // Agents see the campaigns sent from their inboxes; admins all of them.
  r.get('/campaigns', async (req, res) => {
    const scope = await crmScope(ctx, req);
    res.json((await ctx.db.select().from(schema.crmCampaigns).where(inboxInScope(sql`${schema.crmCampaigns.inboxId}`, scope))
      .orderBy(desc(schema.crmCampaigns.createdAt)).limit(200)).map(serializeCampaign));
  });
  r.post('/campaigns', requireAdmin, async (req, res) => {
    const { launch, ...input } = parseBody(campaignSchema, req);
    let campaign = await createCampaign(ctx, input, req.agent!.id);
    if (launch) campaign = await launchCampaign(ctx, campaign.id);
    res.status(201).json(serializeCampaign(campaign));
  });
  r.get('/campaigns/:id', async (req, res) => { res.json(await campaignReport(ctx, idParam(req, 'campaign'), await crmScope(ctx, req))); });
  r.post('/campaigns/:id/launch', requireAdmin, async (req, res) => { res.json(serializeCampaign(await launchCampaign(ctx, idParam(req, 'campaign')))); });
  r.post('/campaigns/:id/cancel', requireAdmin, async (req, res) => { res.json(serializeCampaign(await cancelCampaign(ctx, idParam(req, 'campaign')))); });

  // What one contact would receive: the template rendered with their data and the fallbacks.
  r.post('/campaigns/preview', async (req, res) => {
    const body = parseBody(z.object({ template: z.string().max(10_000), contactId: z.uuid() }), req);
    await visibleContact(ctx, req, body.contactId);
    const [row] = await ctx.db.select({ c: schema.contacts, company: schema.crmCompanies.name, country: schema.crmContactState.country }).from(schema.contacts)
      .leftJoin(schema.crmContactState, eq(schema.crmContactState.contactId, schema.contacts.id))
      .leftJoin(schema.crmCompanies, eq(schema.crmCompanies.id, schema.crmContactState.companyId))
      .where(eq(schema.contacts.id, body.contactId));
    if (!row) throw notFound('Contact');
    res.json({ body: renderTemplate(body.template, { ...row.c, company: row.company, country: row.country }) });
  });
  return r;
}

import { randomBytes } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { refuseTarget } from '../../channels/kit/ssrf.js';
import { enabledSubscriptions, WEBHOOK_EVENTS } from './webhooks.js';
import { requireAdmin, requireAgent } from '../http/auth.js';
import { badRequest, notFound } from '../errors.js';
import { parseBody, uuidParam } from '../http/validate.js';

export const webhookInputSchema = z.object({
  url: z.url().max(2000),
  events: z.array(z.enum([...WEBHOOK_EVENTS, '*'])).min(1),
  /** Reach a private or loopback address (an on-premise receiver); admins only, off by default. */
  allowPrivate: z.boolean().default(false),
  enabled: z.boolean().optional(),
});

type Sub = typeof schema.webhookSubscriptions.$inferSelect;
const serialize = (s: Sub, revealSecret = false) => ({
  id: s.id, url: s.url, events: s.events, allowPrivate: s.allowPrivate, enabled: s.enabled,
  consecutiveFailures: s.consecutiveFailures, disabledReason: s.disabledReason, disabledAt: s.disabledAt?.toISOString() ?? null,
  createdAt: s.createdAt.toISOString(), ...(revealSecret ? { secret: s.secret } : {}),
});

/** Outbound webhook subscriptions (admin): the secret is shown once, at creation. */
export function webhookRoutes(ctx: AppContext): Router {
  const r = Router();
  const admin = [requireAgent(ctx), requireAdmin];
  const id = (v: unknown) => { const s = String(v); if (!uuidParam.test(s)) throw notFound('Webhook'); return s; };
  r.use('/webhooks', (req, res, next) => { if (req.method !== 'GET') res.on('finish', () => enabledSubscriptions.invalidate(ctx)); next(); });
  const checkTarget = async (url: string, allowPrivate: boolean) => {
    const refused = await refuseTarget(url, allowPrivate);
    if (refused) throw badRequest(`Webhook target refused: ${refused}`, { url: refused });
  };

  r.get('/webhooks', ...admin, async (_req, res) => {
    res.json({ items: (await ctx.db.select().from(schema.webhookSubscriptions).orderBy(schema.webhookSubscriptions.createdAt)).map((s) => serialize(s)) });
  });
  r.post('/webhooks', ...admin, async (req, res) => {
    const body = parseBody(webhookInputSchema, req);
    await checkTarget(body.url, body.allowPrivate);
    const [row] = await ctx.db.insert(schema.webhookSubscriptions).values({
      url: body.url, events: body.events, allowPrivate: body.allowPrivate, secret: `whsec_${randomBytes(24).toString('base64url')}`,
    }).returning();
    res.status(201).json(serialize(row, true));
  });
  r.patch('/webhooks/:id', ...admin, async (req, res) => {
    const body = parseBody(webhookInputSchema.partial(), req);
    const [current] = await ctx.db.select().from(schema.webhookSubscriptions).where(eq(schema.webhookSubscriptions.id, id(req.params.id)));
    if (!current) throw notFound('Webhook');
    await checkTarget(body.url ?? current.url, body.allowPrivate ?? current.allowPrivate);
    // Re-enabling clears the failure streak and the notice.
    const reenable = body.enabled === true && !current.enabled ? { consecutiveFailures: 0, disabledReason: null, disabledAt: null } : {};
    const [row] = await ctx.db.update(schema.webhookSubscriptions).set({ ...body, ...reenable }).where(eq(schema.webhookSubscriptions.id, current.id)).returning();
    res.json(serialize(row));
  });
  r.delete('/webhooks/:id', ...admin, async (req, res) => {
    const [row] = await ctx.db.delete(schema.webhookSubscriptions).where(eq(schema.webhookSubscriptions.id, id(req.params.id))).returning();
    if (!row) throw notFound('Webhook');
    res.status(204).end();
  });
  r.get('/webhooks/:id/deliveries', ...admin, async (req, res) => {
    const rows = await ctx.db.select().from(schema.webhookDeliveries).where(eq(schema.webhookDeliveries.subscriptionId, id(req.params.id)))
      .orderBy(desc(schema.webhookDeliveries.createdAt)).limit(200);
    res.json({ items: rows.map((d) => ({ ...d, createdAt: d.createdAt.toISOString(), deliveredAt: d.deliveredAt?.toISOString() ?? null })) });
  });
  return r;
}

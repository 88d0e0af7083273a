import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { botMetrics } from './metrics.js';
import { BOT_SECRET_FIELDS, botSettingsSchema, readBotSettings } from './settings.js';
import { MASK } from '../shared/secrets.js';
import { visibleInboxIds } from '../agents/agents.js';
import { findInboxRow, updateInbox } from '../inboxes/inboxes.js';
import { requireAdmin, requireAgent } from '../http/auth.js';
import { badRequest, notFound } from '../errors.js';
import { parseBody, parseQuery, uuidParam } from '../http/validate.js';

const DAY = 24 * 60 * 60 * 1000;
const metricsQuery = z.object({
  inboxId: z.string().uuid().optional(),
  since: z.coerce.date().optional(),
  until: z.coerce.date().optional(),
});

const maskedConfigOf = (ctx: AppContext) => (config: Record<string, unknown>) => ctx.secrets.mapFields(config, BOT_SECRET_FIELDS, () => MASK);

/** Bot metrics (any agent, over the inboxes they see) and validated per-inbox bot settings (admins). */
export function botMetricsRoutes(ctx: AppContext): Router {
  const r = Router();
  const maskedConfig = maskedConfigOf(ctx);
  r.use(requireAgent(ctx));

  r.get('/metrics', async (req, res) => {
    const q = parseQuery(metricsQuery, req);
    const visible = await visibleInboxIds(ctx.db, req.agent!);
    if (q.inboxId && !visible.includes(q.inboxId)) throw notFound('Inbox');
    const until = q.until ?? ctx.clock.now();
    const since = q.since ?? new Date(until.getTime() - 30 * DAY);
    if (since >= until) throw badRequest('since must be before until', { since: 'before until' });
    res.json(await botMetrics(ctx, { inboxIds: q.inboxId ? [q.inboxId] : visible, since, until }));
  });

  r.get('/settings/:inboxId', requireAdmin, async (req, res) => {
    const id = String(req.params.inboxId);
    const inbox = uuidParam.test(id) ? await findInboxRow(ctx, id) : null;
    if (!inbox) throw notFound('Inbox');
    res.json({ enabled: inbox.botEnabled, settings: readBotSettings(maskedConfig(inbox.config)) });
  });

  r.put('/settings/:inboxId', requireAdmin, async (req, res) => {
    const id = String(req.params.inboxId);
    if (!uuidParam.test(id)) throw notFound('Inbox');
    const body = parseBody(botSettingsSchema.extend({ enabled: z.boolean().optional() }), req);
    const { enabled, ...settings } = body;
    const inbox = await updateInbox(ctx, id, { config: { bot: settings }, botEnabled: enabled });
    res.json({ enabled: inbox.botEnabled, settings: readBotSettings(maskedConfig(inbox.config)) });
  });
  return r;
}

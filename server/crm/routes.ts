import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { salesDashboard } from './dashboard.js';
import { isValidTimeZone } from './enrichment.js';
import { requireAgent } from '../http/auth.js';
import { parseQuery } from '../http/validate.js';
import { crmCampaignRoutes } from './campaign-routes.js';
import { crmContactRoutes } from './contact-routes.js';
import { crmSegmentRoutes } from './segment-routes.js';
import { crmSettingsRoutes } from './settings-routes.js';
import { crmScope } from './route-helpers.js';
import { crmTaskRoutes } from './task-routes.js';

/** Everything under /api/crm: one router per noun, all for signed-in agents. */
export function crmRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use(requireAgent(ctx));
  r.use(crmSettingsRoutes(ctx));
  r.use(crmContactRoutes(ctx));
  r.use(crmTaskRoutes(ctx));
  r.use(crmSegmentRoutes(ctx));
  r.use(crmCampaignRoutes(ctx));
  r.get('/dashboard', async (req, res) => {
    const q = parseQuery(z.object({ days: z.coerce.number().int().min(7).max(180).optional(), tz: z.string().max(64).refine(isValidTimeZone).optional() }), req);
    res.json(await salesDashboard(ctx, { days: q.days, timeZone: q.tz, agentId: req.agent!.id, scope: await crmScope(ctx, req) }));
  });
  return r;
}

import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { salesDashboard } from '../../crm/dashboard.js';
import { isValidTimeZone } from '../../crm/enrichment.js';
import { requireAgent } from '../auth.js';
import { parseQuery } from '../validate.js';
import { crmCampaignRoutes } from './crm-campaigns.js';
import { crmContactRoutes } from './crm-contacts.js';
import { crmSegmentRoutes } from './crm-segments.js';
import { crmSettingsRoutes } from './crm-settings.js';
import { crmScope } from './crm-shared.js';
import { crmTaskRoutes } from './crm-tasks.js';

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

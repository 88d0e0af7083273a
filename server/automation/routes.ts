import { Router, type NextFunction, type Request, type Response } from 'express';
import type { AppContext } from '../context.js';
import { recordAudit } from './audit.js';
import { apiChannelRoutes } from './api-channel-routes.js';
import { auditRoutes } from './audit-routes.js';
import { csatRoutes } from './csat-routes.js';
import { eventLogRoutes } from '../events/routes.js';
import { openApiRoutes } from '../contract/openapi-routes.js';
import { reportRoutes } from './report-routes.js';
import { ruleRoutes } from './rule-routes.js';
import { slaRoutes } from './sla-routes.js';
import { tokenRoutes } from './token-routes.js';
import { webhookRoutes } from './webhook-routes.js';

// Admin areas whose changes go to the audit log, whichever router serves them. Express matches paths without
// regard to case, so this must too: POST /api/Labels is the same route as POST /api/labels.
const AUDITED = /^\/(inboxes|agents|teams|labels|canned|invites|integrations|kb|rules|sla|assignment|webhooks|tokens|csat\/settings|reports\/rebuild|inbox-schedules|events)(\/|$)/i;
const UUID_IN_PATH = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * Mounted ahead of the other API routers: admin changes anywhere in the API are written to the audit log once
 * they succeed. (API-token scopes are part of the one authorisation decision, in every route's guard.)
 */
export function opsRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use((req: Request, res: Response, next: NextFunction) => {
    const path = req.path.toLowerCase();
    if (req.method === 'GET' || req.method === 'HEAD' || !AUDITED.test(path) || /\/api-messages$/.test(path)) return next();
    res.on('finish', () => {
      if (res.statusCode >= 400 || req.agent?.role !== 'admin') return;
      const targetId = path.match(UUID_IN_PATH)?.[0] ?? null;
      const fields = req.body && typeof req.body === 'object' ? Object.keys(req.body).slice(0, 30) : [];
      void recordAudit(ctx, { id: req.agent.id, email: req.agent.email }, `${req.method} ${path.replace(UUID_IN_PATH, ':id')}`,
        targetId ? { type: path.split('/')[1], id: targetId } : null, { fields, status: res.statusCode })
        .catch((err) => ctx.log.error({ err }, 'audit write failed'));
    });
    next();
  });
  r.use(openApiRoutes(ctx));
  r.use(ruleRoutes(ctx));
  r.use(slaRoutes(ctx));
  r.use(csatRoutes(ctx));
  r.use(reportRoutes(ctx));
  r.use(webhookRoutes(ctx));
  r.use(tokenRoutes(ctx));
  r.use(auditRoutes(ctx));
  r.use(eventLogRoutes(ctx));
  r.use(apiChannelRoutes(ctx));
  return r;
}

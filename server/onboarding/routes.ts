import { Router } from 'express';
import type { AppContext } from '../context.js';
import { requireAdmin, requireAgent } from '../http/auth.js';
import { checklistFor, dismissChecklist } from './checklist.js';

/**
 * GET /api/setup/checklist (admin): {steps:[{key, done, href}], dismissed}, computed from real data.
 * POST /api/setup/checklist/dismiss (admin): puts it away for the signed-in admin; 200 with the checklist.
 */
export function onboardingRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/checklist', requireAgent(ctx), requireAdmin, async (req, res) => {
    res.json(await checklistFor(ctx, req.agent!.id));
  });
  r.post('/checklist/dismiss', requireAgent(ctx), requireAdmin, async (req, res) => {
    await dismissChecklist(ctx, req.agent!.id);
    res.json(await checklistFor(ctx, req.agent!.id));
  });
  return r;
}

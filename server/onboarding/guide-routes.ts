import { Router } from 'express';
import type { AppContext } from '../context.js';
import { requireAdmin, requireAgent } from '../http/auth.js';
import { channelGuide } from './channel-guide.js';

/** GET /api/inboxes/:id/setup (admin): what to paste where to connect the inbox (./channel-guide.ts). */
export function channelGuideRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/:id/setup', requireAgent(ctx), requireAdmin, async (req, res) => {
    res.json(await channelGuide(ctx, String(req.params.id)));
  });
  return r;
}

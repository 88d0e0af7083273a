import { Router } from 'express';
import type { AppContext } from '../context.js';
import { requireAdmin, requireAgent } from '../http/auth.js';
import { lastInboxConnectionTest, testInboxConnection } from './test-connection.js';

/**
 * POST /api/inboxes/:id/test-connection (admin): 200 {ok, checks:[{name, ok, status, detail, fix?}], checkedAt};
 * GET the same path: {last: that report, or null before the first test}.
 */
export function testConnectionRoutes(ctx: AppContext): Router {
  const r = Router();
  r.post('/:id/test-connection', requireAgent(ctx), requireAdmin, async (req, res) => {
    res.json(await testInboxConnection(ctx, String(req.params.id)));
  });
  r.get('/:id/test-connection', requireAgent(ctx), requireAdmin, async (req, res) => {
    res.json({ last: await lastInboxConnectionTest(ctx, String(req.params.id)) });
  });
  return r;
}

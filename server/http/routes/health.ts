import { Router } from 'express';
import type { AppContext } from '../../context.js';

export function healthRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/healthz', (_req, res) => { res.json({ ok: true }); });
  // Ready only when the database answers: load balancers stop sending traffic to a node that lost it.
  r.get('/readyz', async (_req, res) => {
    try {
      await ctx.database.raw.query('select 1');
      res.json({ ok: true, database: ctx.database.kind });
    } catch {
      res.status(503).json({ ok: false, error: { code: 'database_unavailable', message: 'Database not reachable' } });
    }
  });
  return r;
}

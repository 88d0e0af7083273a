import { Router } from 'express';
import type { AppContext } from '../context.js';
import { consumerLag } from '../events/lag.js';

export function healthRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/healthz', (_req, res) => { res.json({ ok: true }); });
  // Ready only when the database answers: load balancers stop sending traffic to a node that lost it.
  r.get('/readyz', async (req, res) => {
    try {
      await ctx.database.raw.query('select 1');
      // ?detail=1 adds how far behind each consumer of the event log is (cluster-wide).
      const detail = req.query.detail ? { consumers: await consumerLag(ctx.db) } : {};
      res.json({ ok: true, database: ctx.database.kind, ...detail });
    } catch {
      res.status(503).json({ ok: false, error: { code: 'database_unavailable', message: 'Database not reachable' } });
    }
  });
  return r;
}

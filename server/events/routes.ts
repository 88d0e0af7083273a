import { Router } from 'express';
import type { AppContext } from '../context.js';
import { listDeadLetters, retryDeadLetter } from './dead-letters.js';
import { consumerLag } from './lag.js';
import { requireAdmin, requireAgent } from '../http/auth.js';
import { notFound, unprocessable } from '../errors.js';
import { uuidParam } from '../http/validate.js';

/** Operations view of the event log: each consumer's lag, the dead letters, and a retry per dead letter. */
export function eventLogRoutes(ctx: AppContext): Router {
  const r = Router();
  const admin = [requireAgent(ctx), requireAdmin];
  r.get('/events/consumers', ...admin, async (_req, res) => { res.json({ items: await consumerLag(ctx.db) }); });
  r.get('/events/dead-letters', ...admin, async (_req, res) => { res.json({ items: await listDeadLetters(ctx.db) }); });
  r.post('/events/dead-letters/:id/retry', ...admin, async (req, res) => {
    const id = String(req.params.id);
    if (!uuidParam.test(id)) throw notFound('Dead letter');
    const outcome = await retryDeadLetter(ctx.db, ctx.bus, id);
    if (outcome.status === 'not_found') throw notFound('Dead letter');
    if (outcome.status === 'failed') throw unprocessable('retry_failed', `The consumer failed again: ${outcome.error}`);
    res.json({ retried: true });
  });
  return r;
}

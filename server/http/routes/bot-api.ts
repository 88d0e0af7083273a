import { Router } from 'express';
import type { AppContext } from '../../context.js';
import { kbRoutes } from './bot-kb.js';
import { botMetricsRoutes } from './bot-metrics.js';

/** The chatbot's API: /kb (knowledge base) and /bot (metrics, settings). */
export function botApiRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/kb', kbRoutes(ctx));
  r.use('/bot', botMetricsRoutes(ctx));
  return r;
}

import { Router } from 'express';
import type { AppContext } from '../context.js';
import { kbRoutes } from './kb-routes.js';
import { botLearningRoutes } from './learning-routes.js';
import { botMetricsRoutes } from './metrics-routes.js';

/** The chatbot's API: /kb (knowledge base), /bot (metrics, settings), and learning and suggestions. */
export function botApiRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use(botLearningRoutes(ctx));
  r.use('/kb', kbRoutes(ctx));
  r.use('/bot', botMetricsRoutes(ctx));
  return r;
}

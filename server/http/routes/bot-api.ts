import { Router } from 'express';
import type { AppContext } from '../../context.js';
import { kbRoutes } from './bot-kb.js';
import { botLearningRoutes } from './bot-learning.js';
import { botMetricsRoutes } from './bot-metrics.js';

/** The chatbot's API: /kb (knowledge base), /bot (metrics, settings), and learning and suggestions. */
export function botApiRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use(botLearningRoutes(ctx));
  r.use('/kb', kbRoutes(ctx));
  r.use('/bot', botMetricsRoutes(ctx));
  return r;
}

// Everything the agent inbox adds to the API, mounted with one line in router.ts.
import { Router } from 'express';
import type { AppContext } from '../../context.js';
import { inboxCatalogRoutes } from './inbox-catalog.js';
import { inboxPeopleRoutes } from './inbox-people.js';
import { inboxUploadRoutes, inboxWorkflowRoutes } from './inbox-workflow.js';

export function inboxRoutesExtra(ctx: AppContext): Router {
  const r = Router();
  r.use(inboxCatalogRoutes(ctx));
  r.use(inboxPeopleRoutes(ctx));
  r.use(inboxWorkflowRoutes(ctx));
  r.use(inboxUploadRoutes(ctx));
  return r;
}

// Archiving and restoring an inbox (admin). GET says first what archiving would do; see inboxes/archive.ts.
import { Router } from 'express';
import type { AppContext } from '../context.js';
import { archiveInbox, archivePreview, restoreInbox } from './archive.js';
import { notFound } from '../errors.js';
import { requireAdmin, requireAgent } from '../http/auth.js';
import { uuidParam } from '../http/validate.js';

export function inboxArchiveRoutes(ctx: AppContext): Router {
  const r = Router();
  const agent = requireAgent(ctx);
  const inboxId = (raw: unknown) => {
    const id = String(raw);
    if (!uuidParam.test(id)) throw notFound('Inbox');
    return id;
  };

  r.get('/:id/archive', agent, requireAdmin, async (req, res) => {
    res.json(await archivePreview(ctx, inboxId(req.params.id)));
  });
  r.post('/:id/archive', agent, requireAdmin, async (req, res) => {
    const id = inboxId(req.params.id);
    const { resolved } = await archiveInbox(ctx, id, { type: 'agent', id: req.agent!.id });
    res.json({ ...(await archivePreview(ctx, id)), resolved });
  });
  r.post('/:id/restore', agent, requireAdmin, async (req, res) => {
    const id = inboxId(req.params.id);
    await restoreInbox(ctx, id);
    res.json(await archivePreview(ctx, id));
  });
  return r;
}

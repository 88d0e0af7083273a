import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { findMerge, mergeConversations, undoableMerges } from './merge.js';
import { undoMerge } from './undo.js';
import { getConversationView } from '../conversations.js';
import { agentInboxIds, requireAgent } from '../../http/auth.js';
import { notFound } from '../../errors.js';
import { parseBody } from '../../http/validate.js';

export const mergeBodySchema = z.object({ conversationId: z.string().uuid() }).strict();

/** Merge and undo. Allowed only to an agent who can see both conversations (otherwise one "does not exist"). */
export function conversationMergeRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use(requireAgent(ctx));
  const actor = (req: Request) => ({ type: 'agent' as const, id: req.agent!.id });

  async function visibleView(req: Request, id: string) {
    const found = await getConversationView(ctx, id, await agentInboxIds(ctx, req));
    if (!found) throw notFound('Conversation');
    return found.view;
  }

  r.post('/:id/merge', async (req, res) => {
    await visibleView(req, req.params.id as string);
    const { conversationId } = parseBody(mergeBodySchema, req);
    await visibleView(req, conversationId);
    const merged = await mergeConversations(ctx, req.params.id as string, conversationId, actor(req));
    res.status(201).json({
      ...(await visibleView(req, merged.primary.id)),
      merge: { id: merged.mergeId, secondaryId: merged.secondary.id, undoUntil: merged.undoUntil.toISOString(), contactMerged: merged.contactMerged },
    });
  });

  r.get('/:id/merges', async (req, res) => {
    await visibleView(req, req.params.id as string);
    const rows = await undoableMerges(ctx, req.params.id as string);
    res.json({ items: rows.map((m) => ({ id: m.id, secondaryId: m.secondaryId, undoUntil: m.undoUntil.toISOString(), createdAt: m.createdAt.toISOString() })) });
  });

  r.post('/:id/merges/:mergeId/undo', async (req, res) => {
    await visibleView(req, req.params.id as string);
    const merge = await findMerge(ctx, req.params.id as string, req.params.mergeId as string);
    if (!merge) throw notFound('Merge');
    // The secondary must be visible too: undo hands it back, and an agent may only touch what they can see.
    await visibleView(req, merge.secondaryId);
    const { primary, secondary } = await undoMerge(ctx, merge.primaryId, merge.id, actor(req));
    res.json({ primary: await visibleView(req, primary.id), secondary: await visibleView(req, secondary.id) });
  });
  return r;
}

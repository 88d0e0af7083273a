import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { listVisitorConversations, markVisitorRead, serializeVisitorConversation, startVisitorConversation } from '../../conversations/widget/visitor-conversations.js';
import { findInboxRow } from '../../domain/inboxes.js';
import { requireVisitor } from '../auth.js';
import { forbidden, notFound } from '../errors.js';
import { parseBody, uuidParam } from '../validate.js';
import { originAllowed } from './widget.js';

export const startVisitorConversationSchema = z.object({ topicId: z.string().max(40).optional() }).strict();

// A visitor's conversations: list, start, mark read. Mounted under /api/widget after the core router, whose
// rate limit and CORS handling already apply.
export function widgetConversationRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/conversations', requireVisitor(ctx), async (req: Request, _res, next) => {
    const inbox = await findInboxRow(ctx, req.visitor!.inboxId);
    if (!inbox) return next(notFound('Widget'));
    if (!originAllowed(ctx, inbox, req.headers.origin)) return next(forbidden('This site may not embed this widget'));
    next();
  });

  r.get('/conversations', async (req, res) => {
    res.json({ items: await listVisitorConversations(ctx, req.visitor!) });
  });

  r.post('/conversations', async (req, res) => {
    const body = parseBody(startVisitorConversationSchema, req);
    const conversation = await startVisitorConversation(ctx, req.visitor!, body);
    res.status(201).json(serializeVisitorConversation(conversation));
  });

  r.post('/conversations/:id/read', async (req, res) => {
    if (!uuidParam.test(req.params.id as string)) throw notFound('Conversation');
    await markVisitorRead(ctx, req.visitor!, req.params.id as string);
    res.status(204).end();
  });
  return r;
}

import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { listVisitorConversations, markVisitorRead, serializeVisitorConversation, startVisitorConversation } from './visitor-conversations.js';
import { requestTranscript } from '../conversations/transcripts/request.js';
import { schema } from '../db/client.js';
import { findInboxRow } from '../inboxes/inboxes.js';
import { and, eq } from 'drizzle-orm';
import { requireVisitor } from '../http/auth.js';
import { badRequest, forbidden, notFound } from '../errors.js';
import { consumeTranscriptLimit } from '../http/limits.js';
import { parseBody, uuidParam } from '../http/validate.js';
import { originAllowed } from './routes.js';

export const startVisitorConversationSchema = z.object({ topicId: z.string().max(40).optional() }).strict();
export const visitorTranscriptSchema = z.object({ email: z.email().max(320).optional() }).strict();

// A visitor's conversations: list, start, mark read, ask for a transcript by e-mail. Mounted under /api/widget after the core router, whose
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

  // Mailed only to the contact's own address: the one on file, or (when there is none) the one entered now,
  // which is then saved on the contact. A different address than the one on file is refused.
  r.post('/conversations/:id/transcript', async (req, res) => {
    const v = req.visitor!;
    const { email } = parseBody(visitorTranscriptSchema, req);
    if (!uuidParam.test(req.params.id as string)) throw notFound('Conversation');
    const [row] = await ctx.db.select({ c: schema.conversations, email: schema.contacts.email }).from(schema.conversations)
      .innerJoin(schema.contacts, eq(schema.contacts.id, schema.conversations.contactId))
      .where(and(eq(schema.conversations.id, req.params.id as string), eq(schema.conversations.contactId, v.contactId), eq(schema.conversations.inboxId, v.inboxId)));
    if (!row) throw notFound('Conversation');
    const onFile = row.email?.toLowerCase() ?? null;
    if (!onFile && !email) throw badRequest('Which address should we send it to?', { email: 'required: this contact has no e-mail address yet' });
    if (onFile && email && email.toLowerCase() !== onFile) throw badRequest('Transcripts go only to the address on file', { email: 'not the address on file' });
    await consumeTranscriptLimit(ctx, `visitor:${v.visitorId}`);
    await requestTranscript(ctx, { conversation: row.c, to: onFile ?? email!, actor: { type: 'contact', id: v.contactId }, saveContactEmail: !onFile });
    res.status(202).json({ queued: true, to: onFile ?? email!.toLowerCase() });
  });
  return r;
}

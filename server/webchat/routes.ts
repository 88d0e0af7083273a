import { DEFAULT_ATTACHMENTS } from './settings.js';
import { transcriptsAvailable } from '../conversations/transcripts/request.js';
import { and, desc, eq } from 'drizzle-orm';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { linkVisitorByPhone } from '../contacts/identity-merge.js';
import { findInboxByWidgetKey, findInboxRow, type InboxRow } from '../inboxes/inboxes.js';
import { listMessages, senderInfo } from '../messages/messages.js';
import { createVisitor, resolveVisitor } from './visitors.js';
import { sendVisitorMessage } from './webchat.js';
import { isVisibleToVisitor, serializeVisitorMessage } from '../serializers/widget.js';
import { requireVisitor } from '../http/auth.js';
import { publicLimit } from '../http/limits.js';
import { forbidden, notFound } from '../errors.js';
import { clientIdField, parseBody, parseQuery } from '../http/validate.js';

const sessionSchema = z.object({
  widgetKey: z.string().min(1).max(100),
  visitor: z.object({ name: z.string().trim().max(200).optional(), email: z.email().max(320).optional(), phone: z.string().trim().max(40).optional() }).optional(),
  visitorToken: z.string().max(500).optional(),
});
export const visitorMessageSchema = z.object({
  body: z.string().max(64 * 1024),
  clientId: clientIdField,
  conversationId: z.string().uuid().optional(),
  contentType: z.enum(['text', 'form_response', 'option_reply']).optional(),
  content: z.record(z.string(), z.unknown()).optional(),
}).refine((m) => m.body.trim().length > 0 || m.content, { message: 'body must not be empty', path: ['body'] });

/** Web inboxes may restrict which sites embed them; a browser request from elsewhere is refused. */
export function originAllowed(ctx: AppContext, inbox: InboxRow, origin: string | undefined): boolean {
  if (!origin) return true; // not a browser cross-origin call (server-to-server, curl)
  const allowed = (inbox.config.allowedOrigins as string[] | undefined) ?? [];
  return !allowed.length || allowed.includes(origin) || origin === new URL(ctx.config.publicUrl).origin;
}

export function widgetRoutes(ctx: AppContext): Router {
  const r = Router();
  // Visitors behind one office NAT share an address: the limit counts per verified visitor where there is one.
  r.use(publicLimit(ctx).middleware);

  // CORS for the widget API: reflect the origin when the inbox allows it.
  r.use(async (req: Request, res: Response, next: NextFunction) => {
    const origin = req.headers.origin;
    if (origin) {
      res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PATCH, OPTIONS');
      res.setHeader('Access-Control-Max-Age', '600');
    }
    if (req.method === 'OPTIONS') return void res.status(204).end();
    next();
  });

  r.get('/config', async (req, res) => {
    const { widgetKey } = parseQuery(z.object({ widgetKey: z.string().min(1).max(100) }), req);
    const inbox = await findInboxByWidgetKey(ctx, widgetKey);
    if (!inbox) throw notFound('Widget');
    if (!originAllowed(ctx, inbox, req.headers.origin)) throw forbidden('This site may not embed this widget');
    // The upload route accepts files by default, so the widget shows its attach button by default too.
    const settings = (inbox.config.widget ?? {}) as Record<string, unknown>;
    res.json({ inboxId: inbox.id, name: inbox.name, botEnabled: inbox.botEnabled, transcripts: transcriptsAvailable(ctx), settings: { ...settings, attachments: settings.attachments ?? DEFAULT_ATTACHMENTS } });
  });

  r.post('/sessions', async (req, res) => {
    const body = parseBody(sessionSchema, req);
    const inbox = await findInboxByWidgetKey(ctx, body.widgetKey);
    if (!inbox) throw notFound('Widget');
    if (!originAllowed(ctx, inbox, req.headers.origin)) throw forbidden('This site may not embed this widget');
    if (body.visitorToken) {
      const existing = await resolveVisitor(ctx, body.visitorToken);
      if (existing && existing.inboxId === inbox.id) {
        return void res.json({ visitorToken: body.visitorToken, contactId: existing.contactId });
      }
    }
    const visitor = await createVisitor(ctx, inbox, body.visitor);
    res.json({ visitorToken: visitor.token, contactId: await linkVisitorByPhone(ctx, visitor, body.visitor?.phone) });
  });

  const visitorOnly = requireVisitor(ctx);
  const checkOrigin = async (req: Request, _res: Response, next: NextFunction) => {
    const inbox = await findInboxRow(ctx, req.visitor!.inboxId);
    if (!inbox) return next(notFound('Widget'));
    if (!originAllowed(ctx, inbox, req.headers.origin)) return next(forbidden('This site may not embed this widget'));
    next();
  };

  r.post('/messages', visitorOnly, checkOrigin, async (req, res) => {
    const body = parseBody(visitorMessageSchema, req);
    const { message, conversationId } = await sendVisitorMessage(ctx, req.visitor!, body);
    res.json({ message: serializeVisitorMessage(ctx.appSecret, message), conversationId });
  });

  r.get('/messages', visitorOnly, checkOrigin, async (req, res) => {
    const q = parseQuery(z.object({ conversationId: z.string().uuid().optional() }), req);
    const v = req.visitor!;
    const convs = await ctx.db.select({ id: schema.conversations.id, status: schema.conversations.status }).from(schema.conversations)
      .where(and(eq(schema.conversations.contactId, v.contactId), eq(schema.conversations.inboxId, v.inboxId)))
      .orderBy(desc(schema.conversations.lastMessageAt)).limit(20);
    const wanted = q.conversationId ? convs.filter((c) => c.id === q.conversationId) : convs.slice(0, 1);
    if (q.conversationId && !wanted.length) throw notFound('Conversation');
    const rows = wanted.length ? (await listMessages(ctx, wanted[0].id, { publicOnly: true, limit: 200 })).filter(isVisibleToVisitor) : [];
    const senders = await senderInfo(ctx, rows);
    res.json({
      conversationId: wanted[0]?.id ?? null,
      status: wanted[0]?.status ?? null,
      conversations: convs,
      items: rows.map((m) => serializeVisitorMessage(ctx.appSecret, m, m.senderId ? senders.get(m.senderId) : null)),
    });
  });
  return r;
}


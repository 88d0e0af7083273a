import { linkVisitorByPhone } from '../contacts/identity-merge.js';
import { and, eq, inArray, or } from 'drizzle-orm';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { SYSTEM_ATTRIBUTE_KEYS } from '../contacts/attributes.js';
import { checkAttachment, MAX_ATTACHMENT_BYTES } from '../messages/attachments.js';
import { replaceGroup } from '../inboxes/config-merge.js';
import { findInboxByWidgetKey, findInboxRow, updateInbox, type InboxRow } from '../inboxes/inboxes.js';
import { resolveVisitor } from './visitors.js';
import { sendVisitorMessage } from './webchat.js';
import { identifyVisitor } from './identity.js';
import { availability, DEFAULT_ATTACHMENTS, readWidgetSettings, typeAllowed, widgetSettingsSchema } from './settings.js';
import { recordCsat, recordVisitorContext, visitorState } from './visitor.js';
import type { Presence } from '../realtime/presence.js';
import { serializeVisitorMessage } from '../serializers/widget.js';
import { bearer, requireAdmin, requireAgent, requireVisitor } from '../http/auth.js';
import { badRequest, DomainError, forbidden, notFound } from '../errors.js';
import { multipartFiles } from '../http/multipart.js';
import { clientIdField, parseBody, parseQuery, uuidParam } from '../http/validate.js';
import { originAllowed } from './routes.js';

// The widget's own endpoints beyond the core chat routes: availability, identity, visitor context,
// contact fields from forms, CSAT, attachments, and the admin's validated settings editor.
// Mounted under /api/widget after the core router, whose rate limit and CORS handling already apply.

const formatBytes = (n: number) => (n >= 1024 * 1024 ? `${+(n / 1048576).toFixed(1)} MB` : `${Math.round(n / 1024)} KB`);
const str = (max: number) => z.string().trim().max(max);
const attributeValue = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);
const attributesSchema = z.record(z.string().regex(/^[a-zA-Z][\w.-]{0,49}$/), attributeValue)
  .refine((o) => Object.keys(o).length <= 50, 'at most 50 attributes')
  .refine((o) => !SYSTEM_ATTRIBUTE_KEYS.some((k) => k in o), 'reserved attribute name');

const contextSchema = z.object({
  context: z.object({
    pageUrl: str(2000).optional(), pageTitle: str(500).optional(), referrer: str(2000).nullable().optional(),
    utm: z.record(z.string().max(20), str(200)).optional(), language: str(35).optional(), timeZone: str(64).optional(),
    device: z.record(z.string().max(20), str(200)).optional(),
    pageViews: z.array(z.object({ url: str(2000), title: str(500), at: str(40) })).max(50).optional(),
    visits: z.number().int().min(1).max(1_000_000).optional(),
  }).optional(),
  attributes: attributesSchema.optional(),
  proactiveRuleId: z.string().max(40).optional(),
});

const contactSchema = z.object({
  name: str(200).min(1).optional(),
  email: z.email().max(320).optional(),
  phone: z.string().trim().regex(/^\+?[\d\s().-]{6,20}$/, 'a phone number').optional(),
  attributes: attributesSchema.optional(),
});

const identifySchema = z.object({
  widgetKey: z.string().min(1).max(100),
  identifier: z.string().trim().min(1).max(200),
  identifierHash: z.string().max(128).optional(),
  attributes: z.object({ name: str(200).optional(), email: z.email().max(320).optional(), phone: str(40).optional() })
    .catchall(attributeValue).default({}),
});

const csatSchema = z.object({
  conversationId: z.string().regex(uuidParam, 'a conversation id'),
  rating: z.number().int().min(1).max(5),
  comment: str(2000).optional(),
});

export function widgetVisitorRoutes(ctx: AppContext, deps: { presence: Presence }): Router {
  const r = Router();
  const visitorOnly = requireVisitor(ctx);
  const inboxOf = async (req: Request): Promise<InboxRow> => {
    const inbox = await findInboxRow(ctx, req.visitor!.inboxId);
    if (!inbox) throw notFound('Widget');
    if (!originAllowed(ctx, inbox, req.headers.origin)) throw forbidden('This site may not embed this widget');
    return inbox;
  };
  const withInbox = (fn: (req: Request, res: Response, inbox: InboxRow) => Promise<void>) =>
    async (req: Request, res: Response) => fn(req, res, await inboxOf(req));

  r.get('/availability', async (req, res) => {
    const { widgetKey } = parseQuery(z.object({ widgetKey: z.string().min(1).max(100) }), req);
    const inbox = await findInboxByWidgetKey(ctx, widgetKey);
    if (!inbox) throw notFound('Widget');
    const online = [...(await deps.presence.onlineAgentIds())];
    let count = 0;
    if (online.length) {
      const members = ctx.db.select({ id: schema.inboxMembers.agentId }).from(schema.inboxMembers).where(eq(schema.inboxMembers.inboxId, inbox.id));
      count = (await ctx.db.select({ id: schema.agents.id }).from(schema.agents).where(and(
        inArray(schema.agents.id, online), eq(schema.agents.disabled, false),
        or(eq(schema.agents.role, 'admin'), inArray(schema.agents.id, members))))).length;
    }
    res.setHeader('Cache-Control', 'no-store');
    res.json(availability(readWidgetSettings(inbox.config), count, ctx.clock.now()));
  });

  r.post('/identify', async (req, res) => {
    const body = parseBody(identifySchema, req);
    const inbox = await findInboxByWidgetKey(ctx, body.widgetKey);
    if (!inbox) throw notFound('Widget');
    if (!originAllowed(ctx, inbox, req.headers.origin)) throw forbidden('This site may not embed this widget');
    const token = bearer(req);
    const current = token ? await resolveVisitor(ctx, token) : null;
    res.json(await identifyVisitor(ctx, inbox, current && current.inboxId === inbox.id ? current : null, body));
  });

  r.get('/state', visitorOnly, withInbox(async (req, res) => {
    res.json(await visitorState(ctx, req.visitor!));
  }));

  r.post('/context', visitorOnly, withInbox(async (req, res, inbox) => {
    const body = parseBody(contextSchema, req);
    const rule = body.proactiveRuleId ? readWidgetSettings(inbox.config).proactive?.find((p) => p.id === body.proactiveRuleId) : null;
    if (body.proactiveRuleId && !rule) throw badRequest('Unknown proactive rule', { proactiveRuleId: 'not configured on this inbox' });
    res.json(await recordVisitorContext(ctx, req.visitor!, { context: body.context, attributes: body.attributes, proactiveRule: rule }));
  }));

  r.patch('/contact', visitorOnly, withInbox(async (req, res) => {
    const body = parseBody(contactSchema, req);
    const v = req.visitor!;
    // A phone we already know from SMS joins this browser to that customer (see identity-merge.ts for the rules).
    const contactId = body.phone ? await linkVisitorByPhone(ctx, v, body.phone) : v.contactId;
    const updated = await ctx.bus.transaction(async (tx, emit) => {
      // Under the row lock, so a page view recorded at the same moment keeps these attributes and they keep it.
      const [contact] = await tx.select().from(schema.contacts).where(eq(schema.contacts.id, contactId)).for('update');
      if (!contact) throw notFound('Contact');
      // A verified user's profile belongs to the site's account system; the widget may only fill gaps there.
      const locked = contact.attributes.identityVerified === true;
      const set: Record<string, unknown> = { updatedAt: ctx.clock.now() };
      if (body.name && (!locked || !contact.name)) set.name = body.name;
      if (body.email && (!locked || !contact.email)) set.email = body.email.toLowerCase();
      if (body.phone && (!locked || !contact.phone)) set.phone = body.phone;
      if (body.attributes) set.attributes = { ...contact.attributes, ...body.attributes };
      const [row] = await tx.update(schema.contacts).set(set).where(eq(schema.contacts.id, contact.id)).returning();
      emit('contact.updated', { contact: row });
      return row;
    });
    res.json({ contactId: updated.id, hasEmail: Boolean(updated.email) });
  }));

  r.post('/csat', visitorOnly, withInbox(async (req, res, inbox) => {
    if (readWidgetSettings(inbox.config).csat === false) throw forbidden('Ratings are turned off for this inbox');
    res.json({ csat: await recordCsat(ctx, req.visitor!, parseBody(csatSchema, req)) });
  }));

  r.post('/attachments', visitorOnly, async (req: Request, res: Response, next: NextFunction) => {
    try {
      const inbox = await inboxOf(req);
      const limits = readWidgetSettings(inbox.config).attachments ?? DEFAULT_ATTACHMENTS;
      if (!limits.enabled) throw forbidden('Attachments are turned off for this inbox');
      const maxBytes = Math.min(limits.maxBytes, MAX_ATTACHMENT_BYTES);
      // Said in full, so a client that did not check first still learns what this inbox takes.
      const rule = `accepted here: ${limits.types.join(', ') || 'no file types'}, up to ${formatBytes(maxBytes)}`;
      const upload = multipartFiles({ field: 'file', maxFiles: 1, maxBytes, tooLarge: `File is larger than ${formatBytes(maxBytes)}; ${rule}` });
      await new Promise<void>((resolve, reject) => upload(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
      const file = (req.files as Express.Multer.File[] | undefined)?.[0];
      if (!file) throw badRequest('Attach one file in the "file" field', { file: 'required' });
      const contentType = file.mimetype.toLowerCase();
      const problem = checkAttachment({ contentType, size: file.size });
      if (!typeAllowed(limits.types, contentType) || problem) {
        throw new DomainError('unsupported_type', 'unsupported_type', `${problem ?? `File type ${contentType} is not accepted`}; ${rule}`);
      }
      const clientId = clientIdField.safeParse(req.body?.clientId);
      if (!clientId.success) throw badRequest('clientId required', { clientId: 'letters, digits, . _ : - only' });
      const caption = typeof req.body?.body === 'string' ? req.body.body.slice(0, 4000) : '';
      // The thread on screen when the visitor holds several; checked to be theirs like a text message's.
      const target = z.string().uuid().optional().safeParse(req.body?.conversationId || undefined);
      if (!target.success) throw badRequest('conversationId must be one of your conversations', { conversationId: 'a conversation id' });
      const { message, conversationId } = await sendVisitorMessage(ctx, req.visitor!, {
        body: caption, clientId: clientId.data, conversationId: target.data, attachments: [{ name: Buffer.from(file.originalname, 'latin1').toString('utf8'), contentType, data: file.buffer }],
      });
      res.json({ message: serializeVisitorMessage(ctx.appSecret, message), conversationId });
    } catch (err) {
      next(err);
    }
  });

  // Replaces the widget's settings as a whole; PATCH /api/inboxes/:id {config:{widget}} changes only those sent.
  r.put('/settings/:inboxId', requireAgent(ctx), requireAdmin, async (req, res) => {
    const inbox = await findInboxRow(ctx, String(req.params.inboxId));
    if (!inbox || inbox.channel !== 'web') throw notFound('Inbox');
    const settings = parseBody(widgetSettingsSchema, req);
    const updated = await updateInbox(ctx, inbox.id, { config: replaceGroup(inbox.config, 'widget', settings) });
    res.json({ inboxId: updated.id, settings: readWidgetSettings(updated.config) });
  });

  return r;
}

import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { validateCustomAttributes } from '../crm/fields.js';
import { contactVisible } from '../contacts/contacts.js';
import { assertInboxActive } from '../inboxes/archive.js';
import { schema } from '../db/client.js';
import { renderCanned } from '../catalog/canned-render.js';
import { listQuery } from './list-query.js';
import { countConversationsByStatus, getConversationView, listConversations, updateConversation } from './conversations.js';
import { getMessage, listMessages, senderInfo } from '../messages/messages.js';
import { createOutgoingMessage, retryMessage } from '../ingest/outbound.js';
import { startConversation } from '../ingest/start-conversation.js';
import { serializeMessage } from '../serializers/rest.js';
import { agentInboxIds, requireAgent } from '../http/auth.js';
import { notFound } from '../errors.js';
import { clientIdField, parseBody, parseQuery, uuidParam } from '../http/validate.js';
import { and, desc, eq, inArray } from 'drizzle-orm';

const patchSchema = z.object({
  status: z.enum(['open', 'pending', 'snoozed', 'resolved']).optional(),
  assigneeId: z.string().uuid().nullable().optional(),
  teamId: z.string().uuid().nullable().optional(),
  priority: z.enum(['none', 'low', 'medium', 'high', 'urgent']).optional(),
  labels: z.array(z.string().max(60)).max(50).optional(),
  snoozedUntil: z.iso.datetime({ offset: true }).nullable().optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
}).strict();
const messageSchema = z.object({
  body: z.string().max(64 * 1024).default(''),
  private: z.boolean().optional(),
  contentType: z.enum(['text', 'options', 'form']).optional(),
  content: z.record(z.string(), z.unknown()).nullable().optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
  clientId: clientIdField.optional(),
}).refine((m) => m.body.trim().length > 0 || m.content, { message: 'body must not be empty', path: ['body'] });
const startSchema = z.object({
  inboxId: z.string().uuid(),
  contactId: z.string().uuid().optional(),
  address: z.string().max(320).optional(),
  name: z.string().max(200).optional(),
  subject: z.string().max(500).optional(),
  body: z.string().trim().min(1).max(64 * 1024),
}).refine((b) => b.contactId || b.address?.trim(), { message: 'choose a contact or enter an address', path: ['address'] });
const messagesQuery = z.object({ before: z.string().uuid().optional(), limit: z.coerce.number().int().min(1).max(500).optional() });

export function conversationRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use(requireAgent(ctx));

  /** Loads the conversation only when the agent may see its inbox; otherwise it does not exist for them. */
  async function visible(req: any) {
    const found = await getConversationView(ctx, req.params.id, await agentInboxIds(ctx, req));
    if (!found) throw notFound('Conversation');
    return found;
  }

  r.get('/', async (req, res) => {
    const q = parseQuery(listQuery, req);
    res.json(await listConversations(ctx, await agentInboxIds(ctx, req), q, req.agent!.id));
  });

  // The number behind each status tab for the same filters, so a search shows where its matches are.
  r.get('/counts', async (req, res) => {
    const q = parseQuery(listQuery, req);
    res.json(await countConversationsByStatus(ctx, await agentInboxIds(ctx, req), q, req.agent!.id));
  });

  r.get('/:id', async (req, res) => { res.json((await visible(req)).view); });

  // The agent writes first, on the inbox's channel (SMS, e-mail ...).
  r.post('/', async (req, res) => {
    const body = parseBody(startSchema, req);
    if (!(await agentInboxIds(ctx, req)).includes(body.inboxId)) throw notFound('Inbox');
    // A contact named by id must be one this agent can see, like everywhere else.
    if (body.contactId && req.agent!.role !== 'admin' && !(await contactVisible(ctx, body.contactId, await agentInboxIds(ctx, req)))) throw notFound('Contact');
    const { conversation, message } = await startConversation(ctx, { ...body, agentId: req.agent!.id });
    res.status(201).json({ conversation: (await getConversationView(ctx, conversation.id, [conversation.inboxId]))!.view, message: serializeMessage(ctx.appSecret, message) });
  });

  r.patch('/:id', async (req, res) => {
    await visible(req);
    const patch = parseBody(patchSchema, req);
    patch.attributes = await validateCustomAttributes(ctx, 'conversation', patch.attributes);
    await updateConversation(ctx, req.params.id, patch, { type: 'agent', id: req.agent!.id });
    res.json((await visible(req)).view);
  });

  r.post('/:id/read', async (req, res) => {
    await visible(req);
    await ctx.bus.transaction(async (tx, emit) => {
      const [conversation] = await tx.update(schema.conversations).set({ unreadCount: 0 })
        .where(eq(schema.conversations.id, req.params.id)).returning();
      emit('conversation.updated', { conversation, changed: ['unreadCount'], actor: { type: 'agent', id: req.agent!.id } });
      // The customer's latest messages become "read" (the widget shows ✓✓). Only rows still 'received' change,
      // so reading again publishes nothing; older unread rows beyond the bound stay as they are.
      const recent = tx.select({ id: schema.messages.id }).from(schema.messages)
        .where(and(eq(schema.messages.conversationId, conversation.id), eq(schema.messages.direction, 'incoming'), eq(schema.messages.status, 'received')))
        .orderBy(desc(schema.messages.createdAt)).limit(50);
      const read = await tx.update(schema.messages).set({ status: 'read', updatedAt: ctx.clock.now() })
        .where(inArray(schema.messages.id, recent)).returning();
      for (const message of read) emit('message.updated', { message });
    });
    res.status(204).end();
  });

  r.get('/:id/messages', async (req, res) => {
    await visible(req);
    const q = parseQuery(messagesQuery, req);
    const rows = await listMessages(ctx, req.params.id, q);
    const senders = await senderInfo(ctx, rows);
    res.json({ items: rows.map((m) => serializeMessage(ctx.appSecret, m, m.senderId ? senders.get(m.senderId) : null)) });
  });

  r.post('/:id/messages', async (req, res) => {
    const { conversation } = await visible(req);
    const body = parseBody(messageSchema, req);
    // An archived inbox is read-only: nothing goes out from it until it is restored.
    await assertInboxActive(ctx, conversation.inboxId);
    const message = await createOutgoingMessage(ctx, {
      conversationId: req.params.id, body: body.body, private: body.private, senderType: 'agent', senderId: req.agent!.id,
      contentType: body.contentType, content: body.content ?? null, meta: body.meta, clientId: body.clientId,
    });
    res.status(201).json({ message: serializeMessage(ctx.appSecret, message, { id: req.agent!.id, name: req.agent!.name, avatarUrl: req.agent!.avatarUrl }) });
  });

  // A canned response as this conversation's customer will read it: the composer's preview before sending.
  r.get('/:id/canned-responses/:cannedId', async (req, res) => {
    const { conversation } = await visible(req);
    if (!uuidParam.test(req.params.cannedId)) throw notFound('Canned response');
    res.json(await renderCanned(ctx, req.params.cannedId, conversation.contactId));
  });

  r.post('/:id/messages/:messageId/retry', async (req, res) => {
    await visible(req);
    const m = await getMessage(ctx, req.params.messageId);
    if (!m || m.conversationId !== req.params.id) throw notFound('Message');
    res.json({ message: serializeMessage(ctx.appSecret, await retryMessage(ctx, m.id)) });
  });
  return r;
}

/** Dead letters: outgoing messages that failed for good, across the agent's inboxes. */
export function deliveryRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use(requireAgent(ctx));
  r.get('/failed', async (req, res) => {
    const ids = await agentInboxIds(ctx, req);
    // Newest first, only the agent's inboxes (filtered in the query, so other inboxes' failures never crowd them out).
    const rows = ids.length ? await ctx.db.select().from(schema.messages)
      .where(and(eq(schema.messages.status, 'failed'), inArray(schema.messages.inboxId, ids)))
      .orderBy(desc(schema.messages.updatedAt)).limit(500) : [];
    res.json({ items: rows.map((m) => serializeMessage(ctx.appSecret, m)) });
  });
  return r;
}

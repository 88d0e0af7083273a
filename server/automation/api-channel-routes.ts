import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { findInboxRow } from '../inboxes/inboxes.js';
import { getMessage } from '../messages/messages.js';
import { ingest } from '../ingest/ingest.js';
import { serializeMessage } from '../serializers/rest.js';
import { agentInboxIds, requireAgent } from '../http/auth.js';
import { notFound } from '../errors.js';
import { parseBody, uuidParam } from '../http/validate.js';

export const apiMessageSchema = z.object({
  /** Your system's id for the customer: one contact per identifier in this inbox's channel. */
  contact: z.object({
    identifier: z.string().min(1).max(320),
    name: z.string().max(200).optional(),
    email: z.email().max(320).optional(),
    phone: z.string().max(40).optional(),
    attributes: z.record(z.string(), z.unknown()).optional(),
  }),
  body: z.string().trim().min(1).max(64 * 1024),
  /** Idempotency key: the same id twice stores one message. */
  externalId: z.string().min(1).max(200),
  conversationId: z.string().uuid().optional(),
  subject: z.string().max(500).optional(),
});

/** The API channel's inbound side: a custom integration posts customer messages into an inbox of kind "api". */
export function apiChannelRoutes(ctx: AppContext): Router {
  const r = Router();
  r.post('/inboxes/:id/api-messages', requireAgent(ctx), async (req, res) => {
    const id = String(req.params.id);
    const inbox = uuidParam.test(id) ? await findInboxRow(ctx, id) : null;
    if (!inbox || inbox.channel !== 'api' || !(await agentInboxIds(ctx, req)).includes(inbox.id)) throw notFound('Inbox');
    const body = parseBody(apiMessageSchema, req);
    const result = await ingest(ctx, {
      inboxId: inbox.id,
      externalId: `api:${body.externalId}`,
      sender: { address: body.contact.identifier, name: body.contact.name, email: body.contact.email, phone: body.contact.phone, attributes: body.contact.attributes },
      threadHint: body.conversationId ? [`conversation:${body.conversationId}`] : undefined,
      body: body.body,
      subject: body.subject,
    });
    const message = await getMessage(ctx, result.messageId);
    res.status(result.created ? 201 : 200).json({ conversationId: result.conversationId, contactId: result.contactId, message: message ? serializeMessage(ctx.appSecret, message) : null });
  });
  return r;
}

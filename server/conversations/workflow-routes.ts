// Day-to-day inbox endpoints beyond the core: bulk actions, per-view counts,
// and the agent's @mention notifications.
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { assertInboxActive } from '../inboxes/archive.js';
import { checkAttachment, MAX_ATTACHMENT_BYTES, storeAttachments } from '../messages/attachments.js';
import { getConversationView } from './conversations.js';
import { createOutgoingMessage } from '../ingest/outbound.js';
import { serializeMessage } from '../serializers/rest.js';
import { bulkUpdate, viewCounts } from './bulk.js';
import { listNotifications, markNotificationsRead } from '../messages/mentions.js';
import { agentInboxIds, requireAgent } from '../http/auth.js';
import { badRequest, notFound } from '../errors.js';
import { multipartFiles } from '../http/multipart.js';
import { clientIdField, parseBody } from '../http/validate.js';

const bulkSchema = z.object({
  ids: z.array(z.string().uuid()).min(1).max(500),
  status: z.enum(['open', 'pending', 'snoozed', 'resolved']).optional(),
  assigneeId: z.string().uuid().nullable().optional(),
  teamId: z.string().uuid().nullable().optional(),
  priority: z.enum(['none', 'low', 'medium', 'high', 'urgent']).optional(),
  snoozedUntil: z.iso.datetime({ offset: true }).nullable().optional(),
  addLabels: z.array(z.string().trim().min(1).max(60)).max(20).optional(),
}).strict();
const readSchema = z.object({ ids: z.array(z.string().uuid()).max(500).optional() });

export function workflowRoutes(ctx: AppContext): Router {
  const r = Router();
  const agent = requireAgent(ctx);

  r.post('/conversations/bulk', agent, async (req, res) => {
    const { ids, ...patch } = parseBody(bulkSchema, req);
    res.json(await bulkUpdate(ctx, ids, await agentInboxIds(ctx, req), patch, req.agent!.id));
  });

  r.get('/views/counts', agent, async (req, res) => {
    res.json(await viewCounts(ctx, await agentInboxIds(ctx, req), req.agent!.id));
  });

  r.get('/notifications', agent, async (req, res) => { res.json(await listNotifications(ctx, req.agent!.id)); });
  r.post('/notifications/read', agent, async (req, res) => {
    await markNotificationsRead(ctx, req.agent!.id, parseBody(readSchema, req).ids);
    res.status(204).end();
  });
  return r;
}

/**
 * Agent replies with files: multipart (fields body, private, meta as JSON; files "attachments"). The core
 * message route is JSON-only; this stores the blobs, then goes through the same outgoing pipeline.
 */
export function uploadRoutes(ctx: AppContext): Router {
  const r = Router();
  const upload = multipartFiles({ field: 'attachments', maxFiles: 10, maxBytes: MAX_ATTACHMENT_BYTES, tooLarge: `A file is larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB` });
  r.post('/conversations/:id/messages/upload', requireAgent(ctx), upload, async (req, res) => {
    const found = await getConversationView(ctx, String(req.params.id), await agentInboxIds(ctx, req));
    if (!found) throw notFound('Conversation');
    await assertInboxActive(ctx, found.conversation.inboxId);
    const files = (req.files as Express.Multer.File[] | undefined) ?? [];
    if (!files.length) throw badRequest('No files attached', { attachments: 'attach at least one file' });
    for (const f of files) {
      const problem = checkAttachment({ contentType: f.mimetype, size: f.size });
      if (problem) throw badRequest(problem, { attachments: problem });
    }
    let meta: Record<string, unknown> | undefined;
    try {
      meta = req.body?.meta ? z.record(z.string(), z.unknown()).parse(JSON.parse(String(req.body.meta))) : undefined;
    } catch {
      throw badRequest('meta must be a JSON object', { meta: 'JSON object expected' });
    }
    const clientId = req.body?.clientId === undefined ? undefined : clientIdField.safeParse(req.body.clientId);
    if (clientId && !clientId.success) throw badRequest('clientId is not valid', { clientId: 'letters, digits, . _ : - only' });
    const attachments = await storeAttachments(ctx.db, files.map((f) => ({ name: Buffer.from(f.originalname, 'latin1').toString('utf8'), contentType: f.mimetype, data: f.buffer })));
    const message = await createOutgoingMessage(ctx, {
      conversationId: found.conversation.id, body: String(req.body?.body ?? '').slice(0, 64 * 1024),
      private: req.body?.private === 'true', senderType: 'agent', senderId: req.agent!.id, attachments, meta, clientId: clientId?.data,
    });
    res.status(201).json({ message: serializeMessage(ctx.appSecret, message, { id: req.agent!.id, name: req.agent!.name, avatarUrl: req.agent!.avatarUrl }) });
  });
  return r;
}

import { eq } from 'drizzle-orm';
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { publicLink } from '../config.js';
import { accessChanged } from '../auth/access-changes.js';
import { schema } from '../db/client.js';
import { visibleInboxIds } from '../agents/agents.js';
import { createInbox, findInboxRow, inboxSecretFields, updateInbox, type InboxRow } from './inboxes.js';
import { MASK } from '../shared/secrets.js';
import { requireAdmin, requireAgent } from '../http/auth.js';
import { notFound } from '../errors.js';
import { parseBody, uuidParam } from '../http/validate.js';
import type { WireInbox } from '../contract/admin.js';

const createSchema = z.object({
  name: z.string().trim().min(1).max(120),
  channel: z.string().min(1).max(40),
  config: z.record(z.string(), z.unknown()).default({}),
  teamId: z.string().uuid().nullable().optional(),
});
const patchSchema = z.object({
  name: z.string().trim().min(1).max(120).optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  bot: z.object({ enabled: z.boolean() }).optional(),
  teamId: z.string().uuid().nullable().optional(),
  memberIds: z.array(z.string().uuid()).optional(),
});

/** Inbox for the agent UI: secrets masked, webhook URLs spelled out for the admin to paste. */
export function serializeInbox(ctx: AppContext, row: InboxRow, memberIds?: string[]): WireInbox {
  const config = ctx.secrets.mapFields(row.config, inboxSecretFields(ctx, row.channel), () => MASK);
  const link = (path: string) => publicLink(ctx.config, path);
  const webhooks: Record<string, string> = {};
  if (row.channel === 'sms') Object.assign(webhooks, { sms: link(`/webhooks/twilio/${row.id}/sms`), status: link(`/webhooks/twilio/${row.id}/status`) });
  if (['telegram', 'messenger', 'whatsapp', 'line'].includes(row.channel)) webhooks.events = link(`/webhooks/${row.channel}/${row.id}`);
  // The snippet comes from the same PUBLIC_URL as every other link, not from whatever host the admin browses.
  const widgetSnippet = row.widgetKey ? `<script async src="${link('/widget.js')}" data-widget-key="${row.widgetKey}"></script>` : undefined;
  return {
    id: row.id, name: row.name, channel: row.channel, config, widgetKey: row.widgetKey ?? undefined, widgetSnippet,
    botEnabled: row.botEnabled, teamId: row.teamId, webhooks, createdAt: row.createdAt.toISOString(),
    archivedAt: row.archivedAt?.toISOString() ?? null,
    ...(memberIds ? { memberIds } : {}),
  };
}

export function inboxRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use(requireAgent(ctx));

  r.get('/', async (req, res) => {
    const ids = new Set(await visibleInboxIds(ctx.db, req.agent!));
    const rows = await ctx.db.select().from(schema.inboxes).orderBy(schema.inboxes.createdAt);
    res.json(rows.filter((row) => ids.has(row.id)).map((row) => serializeInbox(ctx, row)));
  });

  r.get('/:id', async (req, res) => {
    const id = String(req.params.id);
    const row = uuidParam.test(id) ? await findInboxRow(ctx, id) : null;
    if (!row || !(await visibleInboxIds(ctx.db, req.agent!)).includes(row.id)) throw notFound('Inbox');
    const members = await ctx.db.select({ id: schema.inboxMembers.agentId }).from(schema.inboxMembers).where(eq(schema.inboxMembers.inboxId, row.id));
    res.json(serializeInbox(ctx, row, members.map((m) => m.id)));
  });

  r.post('/', requireAdmin, async (req, res) => {
    const body = parseBody(createSchema, req);
    const row = await createInbox(ctx, body);
    res.status(201).json(serializeInbox(ctx, row));
  });

  r.patch('/:id', requireAdmin, async (req, res) => {
    const id = String(req.params.id);
    if (!uuidParam.test(id)) throw notFound('Inbox');
    const body = parseBody(patchSchema, req);
    const row = await updateInbox(ctx, id, { name: body.name, config: body.config, botEnabled: body.bot?.enabled, teamId: body.teamId });
    if (body.memberIds) {
      const before = await ctx.db.transaction(async (tx) => {
        const removed = await tx.delete(schema.inboxMembers).where(eq(schema.inboxMembers.inboxId, row.id)).returning({ agentId: schema.inboxMembers.agentId });
        if (body.memberIds!.length) await tx.insert(schema.inboxMembers).values(body.memberIds!.map((agentId) => ({ inboxId: row.id, agentId }))).onConflictDoNothing();
        return removed.map((m) => m.agentId);
      });
      // Whoever left or joined hears (or stops hearing) this inbox on their open sockets at once.
      const after = new Set(body.memberIds);
      const was = new Set(before);
      await accessChanged(ctx, [...before.filter((a) => !after.has(a)), ...body.memberIds.filter((a) => !was.has(a))]);
    }
    res.json(serializeInbox(ctx, row));
  });
  return r;
}

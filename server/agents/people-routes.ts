// Agents and invitations (admin), and accepting an invitation (public, by token).
import { eq } from 'drizzle-orm';
import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { acceptInvite, createInvite, inviteUrl, listInvites, lookupInvite, revokeInvite, serializeInvite } from './invites.js';
import { accessChanged } from '../auth/access-changes.js';
import { agentInboxIds, requireAdmin, requireAgent } from '../http/auth.js';
import { badRequest, notFound } from '../errors.js';
import { parseBody, uuidParam } from '../http/validate.js';

const inviteSchema = z.object({
  email: z.email().max(320),
  role: z.enum(['admin', 'agent']).default('agent'),
  inboxIds: z.array(z.string().uuid()).max(200).default([]),
});
const acceptSchema = z.object({ name: z.string().trim().min(1).max(120), password: z.string().min(8, 'at least 8 characters').max(200) });
const agentPatch = z.object({ role: z.enum(['admin', 'agent']).optional(), name: z.string().trim().min(1).max(120).optional() }).strict();

export function peopleRoutes(ctx: AppContext): Router {
  const r = Router();
  const agent = requireAgent(ctx);
  // Invitation tokens are long and random; the limit only keeps a scanner from hammering the endpoint.
  const tokenLimit = rateLimit({ windowMs: 60_000, limit: 30, standardHeaders: 'draft-7', legacyHeaders: false,
    handler: (_req, res) => { res.status(429).json({ error: { code: 'rate_limited', message: 'Too many attempts; wait a minute' } }); } });

  r.patch('/agents/:id', agent, requireAdmin, async (req, res) => {
    const id = String(req.params.id);
    if (!uuidParam.test(id)) throw notFound('Agent');
    const body = parseBody(agentPatch, req);
    if (id === req.agent!.id && body.role && body.role !== req.agent!.role) throw badRequest('You cannot change your own role', { role: 'ask another admin' });
    // An empty patch changes nothing, and an empty UPDATE is an error in SQL: just read the row.
    const [row] = Object.keys(body).length
      ? await ctx.db.update(schema.agents).set(body).where(eq(schema.agents.id, id)).returning()
      : await ctx.db.select().from(schema.agents).where(eq(schema.agents.id, id));
    if (!row) throw notFound('Agent');
    if (body.role) await accessChanged(ctx, [row.id]);
    res.json({ id: row.id, name: row.name, email: row.email, role: row.role, avatarUrl: row.avatarUrl });
  });

  r.get('/invites', agent, requireAdmin, async (_req, res) => {
    // Each pending link again, so an admin can copy it instead of inviting the address a second time.
    res.json((await listInvites(ctx)).map((i) => serializeInvite(i, inviteUrl(ctx, i.id))));
  });
  r.post('/invites', agent, requireAdmin, async (req, res) => {
    const body = parseBody(inviteSchema, req);
    const { invite, url, emailed } = await createInvite(ctx, body, req.agent!);
    // The link goes back to the admin too: without SMTP it is the only way to deliver it.
    res.status(201).json({ ...serializeInvite(invite, url), emailed });
  });
  r.delete('/invites/:id', agent, requireAdmin, async (req, res) => {
    const id = String(req.params.id);
    if (!uuidParam.test(id)) throw notFound('Invitation');
    await revokeInvite(ctx, id);
    res.status(204).end();
  });
  r.get('/invites/accept/:token', tokenLimit, async (req, res) => { res.json(await lookupInvite(ctx, String(req.params.token))); });
  r.post('/invites/accept/:token', tokenLimit, async (req, res) => {
    res.status(201).json(await acceptInvite(ctx, String(req.params.token), parseBody(acceptSchema, req)));
  });

  return r;
}

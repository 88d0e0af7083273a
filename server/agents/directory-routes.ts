import { asc, eq } from 'drizzle-orm';
import { Router } from 'express';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import type { Presence } from '../realtime/presence.js';
import { requireAgent } from '../http/auth.js';

/** Who is who: agents (connected or not, and the availability they chose) and teams, for assignment pickers and avatars. */
export function directoryRoutes(ctx: AppContext, presence: Presence): Router {
  const r = Router();
  const agentOnly = requireAgent(ctx);
  r.get('/agents', agentOnly, async (req, res) => {
    const rows = await ctx.db.select().from(schema.agents).where(eq(schema.agents.disabled, false)).orderBy(asc(schema.agents.name));
    const online = await presence.onlineAgentIds();
    // Colleagues' names and faces are for everyone; their e-mail addresses are for admins, who manage accounts.
    const admin = req.agent!.role === 'admin';
    res.json(rows.map((a) => ({ id: a.id, name: a.name, ...(admin ? { email: a.email } : {}), role: a.role, avatarUrl: a.avatarUrl, online: online.has(a.id), availability: a.availability })));
  });
  r.get('/teams', agentOnly, async (_req, res) => {
    res.json(await ctx.db.select({ id: schema.teams.id, name: schema.teams.name, description: schema.teams.description }).from(schema.teams).orderBy(asc(schema.teams.name)));
  });
  // The demo page needs the first web inbox's key; it is public anyway (it is in every embed snippet).
  r.get('/demo/widget-key', async (_req, res) => {
    const [inbox] = await ctx.db.select({ widgetKey: schema.inboxes.widgetKey }).from(schema.inboxes)
      .where(eq(schema.inboxes.channel, 'web')).orderBy(asc(schema.inboxes.createdAt)).limit(1);
    res.json({ widgetKey: inbox?.widgetKey ?? null });
  });
  return r;
}

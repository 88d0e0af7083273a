import { eq } from 'drizzle-orm';
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { isValidTimeZone } from './business-hours.js';
import { applySla, conversationsBySlaState, schedules, slaViews } from './sla-service.js';
import { getConversationView } from '../conversations/conversations.js';
import { agentInboxIds, requireAdmin, requireAgent } from '../http/auth.js';
import { notFound } from '../errors.js';
import { nonEmptyPatch, parseBody, parseQuery, uuidParam } from '../http/validate.js';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM');
export const scheduleSchema = z.object({
  timeZone: z.string().refine(isValidTimeZone, 'unknown IANA time zone'),
  weekly: z.array(z.object({ day: z.number().int().min(0).max(6), open: hhmm, close: hhmm })).max(50),
  holidays: z.array(z.iso.date()).max(366).default([]),
});
export const slaPolicySchema = z.object({
  name: z.string().trim().min(1).max(200),
  firstResponseMinutes: z.number().int().positive().nullable().optional(),
  nextResponseMinutes: z.number().int().positive().nullable().optional(),
  resolutionMinutes: z.number().int().positive().nullable().optional(),
  businessHours: z.boolean().default(false),
});
// The same fields without the default: a patch that leaves businessHours out keeps the stored value.
export const slaPolicyPatchSchema = nonEmptyPatch(slaPolicySchema.extend({ businessHours: z.boolean() }).partial());
export const slaStateQuery = z.object({ state: z.enum(['ok', 'at_risk', 'breached']) });

/** Business hours per inbox, SLA policies, live SLA state per conversation and the at-risk/breached views. */
export function slaRoutes(ctx: AppContext): Router {
  const r = Router();
  const agent = requireAgent(ctx);
  const uuid = (v: unknown, what: string) => { const s = String(v); if (!uuidParam.test(s)) throw notFound(what); return s; };

  r.get('/inbox-schedules/:inboxId', agent, async (req, res) => {
    const inboxId = uuid(req.params.inboxId, 'Inbox');
    // Like every inbox-scoped object: unknown and not-a-member look the same.
    if (!(await agentInboxIds(ctx, req)).includes(inboxId)) throw notFound('Inbox');
    const [row] = await ctx.db.select().from(schema.inboxSchedules).where(eq(schema.inboxSchedules.inboxId, inboxId));
    res.json(row ?? { inboxId, timeZone: 'UTC', weekly: [], holidays: [] });
  });
  r.put('/inbox-schedules/:inboxId', agent, requireAdmin, async (req, res) => {
    const inboxId = uuid(req.params.inboxId, 'Inbox');
    const [inbox] = await ctx.db.select({ id: schema.inboxes.id }).from(schema.inboxes).where(eq(schema.inboxes.id, inboxId));
    if (!inbox) throw notFound('Inbox');
    const body = parseBody(scheduleSchema, req);
    const [row] = await ctx.db.insert(schema.inboxSchedules).values({ inboxId, ...body })
      .onConflictDoUpdate({ target: schema.inboxSchedules.inboxId, set: body }).returning();
    schedules.invalidate(ctx);
    res.json(row);
  });

  r.get('/sla/policies', agent, async (_req, res) => {
    res.json({ items: await ctx.db.select().from(schema.slaPolicies).orderBy(schema.slaPolicies.name) });
  });
  r.post('/sla/policies', agent, requireAdmin, async (req, res) => {
    const [row] = await ctx.db.insert(schema.slaPolicies).values(parseBody(slaPolicySchema, req)).returning();
    res.status(201).json(row);
  });
  r.patch('/sla/policies/:id', agent, requireAdmin, async (req, res) => {
    const [row] = await ctx.db.update(schema.slaPolicies).set(parseBody(slaPolicyPatchSchema, req))
      .where(eq(schema.slaPolicies.id, uuid(req.params.id, 'Policy'))).returning();
    if (!row) throw notFound('Policy');
    res.json(row);
  });
  r.delete('/sla/policies/:id', agent, requireAdmin, async (req, res) => {
    const [row] = await ctx.db.delete(schema.slaPolicies).where(eq(schema.slaPolicies.id, uuid(req.params.id, 'Policy'))).returning();
    if (!row) throw notFound('Policy');
    res.status(204).end();
  });

  // At-risk and breached views over the conversations the agent can see.
  r.get('/sla/conversations', agent, async (req, res) => {
    const { state } = parseQuery(slaStateQuery, req);
    res.json({ items: await conversationsBySlaState(ctx, await agentInboxIds(ctx, req), state) });
  });
  r.get('/sla/conversations/:id', agent, async (req, res) => {
    const id = uuid(req.params.id, 'Conversation');
    if (!(await getConversationView(ctx, id, await agentInboxIds(ctx, req)))) throw notFound('Conversation');
    res.json({ conversationId: id, sla: (await slaViews(ctx, [id])).get(id) ?? null });
  });
  r.put('/sla/conversations/:id', agent, async (req, res) => {
    const id = uuid(req.params.id, 'Conversation');
    if (!(await getConversationView(ctx, id, await agentInboxIds(ctx, req)))) throw notFound('Conversation');
    const { policyId } = parseBody(z.object({ policyId: z.string().uuid() }), req);
    const [policy] = await ctx.db.select({ id: schema.slaPolicies.id }).from(schema.slaPolicies).where(eq(schema.slaPolicies.id, policyId));
    if (!policy) throw notFound('Policy');
    await applySla(ctx, id, policyId);
    res.json({ conversationId: id, sla: (await slaViews(ctx, [id])).get(id) ?? null });
  });
  return r;
}

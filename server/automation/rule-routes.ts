import { and, asc, desc, eq } from 'drizzle-orm';
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { activePolicies, drainUnassigned } from './assignment.js';
import { dryRunRule } from './rules-dry-run.js';
import { enabledRules } from './rules-engine.js';
import { conditionGroupSchema, ruleInputSchema } from './rules-schema.js';
import { getConversationView } from '../conversations/conversations.js';
import { agentInboxIds, requireAdmin, requireAgent } from '../http/auth.js';
import { notFound } from '../errors.js';
import { nonEmptyPatch, parseBody, parseQuery, uuidParam } from '../http/validate.js';
import type { WireRule } from '../contract/admin.js';

// Without the conditions default: a patch that leaves conditions out keeps the stored ones.
export const rulePatchSchema = nonEmptyPatch(ruleInputSchema.extend({ conditions: conditionGroupSchema }).partial());
export const assignmentPolicySchema = z.object({
  mode: z.enum(['off', 'round_robin', 'balanced']),
  capacity: z.number().int().min(1).max(1000).nullable().optional(),
  agentCapacities: z.record(z.string().uuid(), z.number().int().min(0).max(1000)).optional(),
  teamRouting: z.boolean().optional(),
});

const serializeRule = (r: typeof schema.automationRules.$inferSelect): WireRule => ({ ...r, createdAt: r.createdAt.toISOString() });

/** Automation rules, their run log, and per-inbox assignment policies. */
export function ruleRoutes(ctx: AppContext): Router {
  const r = Router();
  const agent = requireAgent(ctx);
  const id = (v: unknown) => { const s = String(v); if (!uuidParam.test(s)) throw notFound('Rule'); return s; };
  // Any change to the rules is visible to the engine at once.
  r.use('/rules', (req, res, next) => { if (req.method !== 'GET') res.on('finish', () => enabledRules.invalidate(ctx)); next(); });

  r.get('/rules', agent, requireAdmin, async (_req, res) => {
    const rows = await ctx.db.select().from(schema.automationRules).orderBy(asc(schema.automationRules.position), asc(schema.automationRules.createdAt));
    res.json({ items: rows.map(serializeRule) });
  });
  r.post('/rules', agent, requireAdmin, async (req, res) => {
    const body = parseBody(ruleInputSchema, req);
    const [row] = await ctx.db.insert(schema.automationRules).values({ ...body, conditions: body.conditions, actions: body.actions }).returning();
    res.status(201).json(serializeRule(row));
  });
  // A rule as drafted in the builder, tried on a past conversation without changing anything.
  r.post('/rules/dry-run', agent, requireAdmin, async (req, res) => {
    const body = parseBody(z.object({ rule: ruleInputSchema, conversationId: z.string().uuid() }), req);
    const result = await dryRunRule(ctx, body.rule, body.conversationId);
    if (!result) throw notFound('Conversation');
    res.json(result);
  });
  r.patch('/rules/:id', agent, requireAdmin, async (req, res) => {
    const body = parseBody(rulePatchSchema, req);
    const [row] = await ctx.db.update(schema.automationRules).set(body).where(eq(schema.automationRules.id, id(req.params.id))).returning();
    if (!row) throw notFound('Rule');
    res.json(serializeRule(row));
  });
  r.delete('/rules/:id', agent, requireAdmin, async (req, res) => {
    const [row] = await ctx.db.delete(schema.automationRules).where(eq(schema.automationRules.id, id(req.params.id))).returning();
    if (!row) throw notFound('Rule');
    res.status(204).end();
  });

  // The run log of one conversation, for agents who can see it.
  r.get('/automation/runs', agent, async (req, res) => {
    const { conversationId } = parseQuery(z.object({ conversationId: z.string().uuid() }), req);
    if (!(await getConversationView(ctx, conversationId, await agentInboxIds(ctx, req)))) throw notFound('Conversation');
    const rows = await ctx.db.select().from(schema.automationRuns).where(eq(schema.automationRuns.conversationId, conversationId))
      .orderBy(desc(schema.automationRuns.createdAt)).limit(200);
    res.json({ items: rows.map((x) => ({ ...x, createdAt: x.createdAt.toISOString() })) });
  });

  r.get('/assignment/policies/:inboxId', agent, requireAdmin, async (req, res) => {
    const inboxId = id(req.params.inboxId);
    const [row] = await ctx.db.select().from(schema.assignmentPolicies).where(eq(schema.assignmentPolicies.inboxId, inboxId));
    res.json(row ?? { inboxId, mode: 'off', capacity: null, agentCapacities: {}, teamRouting: true });
  });
  r.put('/assignment/policies/:inboxId', agent, requireAdmin, async (req, res) => {
    const inboxId = id(req.params.inboxId);
    const [inbox] = await ctx.db.select({ id: schema.inboxes.id }).from(schema.inboxes).where(and(eq(schema.inboxes.id, inboxId)));
    if (!inbox) throw notFound('Inbox');
    const body = parseBody(assignmentPolicySchema, req);
    const values = { mode: body.mode, capacity: body.capacity ?? null, agentCapacities: body.agentCapacities ?? {}, teamRouting: body.teamRouting ?? true };
    const [row] = await ctx.db.insert(schema.assignmentPolicies).values({ inboxId, ...values })
      .onConflictDoUpdate({ target: schema.assignmentPolicies.inboxId, set: values }).returning();
    activePolicies.invalidate(ctx);
    await drainUnassigned(ctx, [inboxId]);
    res.json(row);
  });
  return r;
}

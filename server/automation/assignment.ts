import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { updateConversation } from '../conversations/conversations.js';
import type { ConversationRow } from '../events/bus.js';
import { pickAssignee, type Candidate } from './assignment-picker.js';
import { perAppCache } from './ops-cache.js';
import { opsFor } from './ops.js';

type Policy = typeof schema.assignmentPolicies.$inferSelect;
const ASSIGNER = { type: 'system' as const, id: 'assignment' };

// Two conversations arriving together, on any nodes, must not both see the same agent as free (or take the
// same turn): decisions run one at a time across the cluster.
const ASSIGNMENT_LOCK = 724_110;
function serial<T>(ctx: AppContext, fn: () => Promise<T>): Promise<T> {
  return ctx.database.exclusive(ASSIGNMENT_LOCK, fn);
}

/** Active assignment policies by inbox (read for every new conversation; changed rarely). */
export const activePolicies = perAppCache('assignment-policies', async (ctx) => new Map((await ctx.db.select().from(schema.assignmentPolicies)
  .where(sql`${schema.assignmentPolicies.mode} <> 'off'`)).map((p) => [p.inboxId, p])));

export async function policyFor(ctx: AppContext, inboxId: string): Promise<Policy | null> {
  return (await activePolicies.get(ctx)).get(inboxId) ?? null;
}

async function candidatesFor(ctx: AppContext, conversation: ConversationRow, policy: Policy): Promise<Candidate[]> {
  const online = await opsFor(ctx).presence.onlineAgentIds();
  let members = (await ctx.db.select({ id: schema.inboxMembers.agentId }).from(schema.inboxMembers)
    .innerJoin(schema.agents, eq(schema.agents.id, schema.inboxMembers.agentId))
    // Connected is not enough: an agent who set themselves away or busy keeps what they hold and gets nothing new.
    .where(and(eq(schema.inboxMembers.inboxId, conversation.inboxId), eq(schema.agents.disabled, false), eq(schema.agents.availability, 'online'))))
    .map((r) => r.id);
  if (policy.teamRouting && conversation.teamId) {
    const team = new Set((await ctx.db.select({ id: schema.teamMembers.agentId }).from(schema.teamMembers)
      .where(eq(schema.teamMembers.teamId, conversation.teamId))).map((r) => r.id));
    members = members.filter((id) => team.has(id));
  }
  members = members.filter((id) => online.has(id));
  if (!members.length) return [];
  const loads = await ctx.db.select({ id: schema.conversations.assigneeId, n: sql<number>`count(*)::int` }).from(schema.conversations)
    .where(and(inArray(schema.conversations.assigneeId, members), eq(schema.conversations.status, 'open')))
    .groupBy(schema.conversations.assigneeId);
  const turns = await ctx.db.select().from(schema.assignmentTurns).where(eq(schema.assignmentTurns.inboxId, conversation.inboxId));
  return members.map((agentId) => ({
    agentId,
    openCount: loads.find((l) => l.id === agentId)?.n ?? 0,
    capacity: policy.agentCapacities[agentId] ?? policy.capacity ?? null,
    turn: turns.find((t) => t.agentId === agentId)?.turn ?? -1,
  }));
}

async function assignNow(ctx: AppContext, conversationId: string): Promise<string | null> {
  if (!(await activePolicies.get(ctx)).size) return null;
  const [conversation] = await ctx.db.select().from(schema.conversations).where(eq(schema.conversations.id, conversationId));
  if (!conversation || conversation.assigneeId || conversation.status !== 'open') return null;
  const policy = await policyFor(ctx, conversation.inboxId);
  if (!policy) return null;
  const agentId = pickAssignee(await candidatesFor(ctx, conversation, policy), policy.mode as 'round_robin' | 'balanced');
  if (!agentId) return null;
  const [{ next }] = await ctx.db.select({ next: sql<number>`coalesce(max(${schema.assignmentTurns.turn}), -1)::int + 1` })
    .from(schema.assignmentTurns).where(eq(schema.assignmentTurns.inboxId, conversation.inboxId));
  await ctx.db.insert(schema.assignmentTurns).values({ inboxId: conversation.inboxId, agentId, turn: next })
    .onConflictDoUpdate({ target: [schema.assignmentTurns.inboxId, schema.assignmentTurns.agentId], set: { turn: next } });
  await updateConversation(ctx, conversation.id, { assigneeId: agentId }, ASSIGNER);
  return agentId;
}

/** Gives an open, unassigned conversation to an online member by the inbox's policy; null when nobody fits. */
export function autoAssign(ctx: AppContext, conversationId: string): Promise<string | null> {
  return serial(ctx, () => assignNow(ctx, conversationId));
}

/** Someone freed up (came online, resolved, reached below capacity): the oldest waiting conversations go first. */
export function drainUnassigned(ctx: AppContext, inboxIds?: string[]): Promise<number> {
  return serial(ctx, async () => {
    const inboxes = [...(await activePolicies.get(ctx)).keys()].filter((id) => !inboxIds || inboxIds.includes(id));
    if (!inboxes.length) return 0;
    const waiting = await ctx.db.select({ id: schema.conversations.id }).from(schema.conversations)
      .where(and(inArray(schema.conversations.inboxId, inboxes), isNull(schema.conversations.assigneeId), eq(schema.conversations.status, 'open')))
      .orderBy(asc(schema.conversations.createdAt), asc(schema.conversations.id)).limit(200);
    let assigned = 0;
    for (const w of waiting) if (await assignNow(ctx, w.id)) assigned++;
    return assigned;
  });
}

/**
 * An agent changed their availability. Back to online is like connecting: the waiting conversations may go
 * to them now. Away or busy takes nothing back (they finish what they have); new ones go to others.
 */
export function availabilityChanged(ctx: AppContext, availability: 'online' | 'away' | 'busy'): void {
  if (availability === 'online') void drainUnassigned(ctx).catch((err) => ctx.log.error({ err }, 'assignment failed'));
}

/** An agent went offline: conversations nobody has answered yet go back to the pool and on to someone online. */
export async function handBack(ctx: AppContext, agentId: string): Promise<number> {
  const unanswered = await ctx.db.select({ id: schema.conversations.id, inboxId: schema.conversations.inboxId }).from(schema.conversations)
    .where(and(eq(schema.conversations.assigneeId, agentId), eq(schema.conversations.status, 'open'), isNull(schema.conversations.firstReplyAt)));
  const managed = await activePolicies.get(ctx);
  const returned = unanswered.filter((c) => managed.has(c.inboxId));
  for (const c of returned) await updateConversation(ctx, c.id, { assigneeId: null }, ASSIGNER);
  if (returned.length) await drainUnassigned(ctx, [...new Set(returned.map((c) => c.inboxId))]);
  return returned.length;
}

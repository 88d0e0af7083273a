import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema, type Executor } from '../db/client.js';
import { now } from '../clock.js';

export type TimelineKind = typeof schema.crmTimeline.$inferInsert['kind'];
export interface CrmActor { type: 'agent' | 'contact' | 'bot' | 'system' | 'rule' | 'import'; id?: string | null }

/**
 * What an entry says, as a stable key with its values: the agent UI words it in the agent's language; the English
 * `summary` beside it is for exports and the API (and is what entries written before keys existed show).
 */
export type TimelineLine =
  | { key: 'stage.moved'; params: { from: string; to: string; reason: StageReason | null } }
  | { key: 'stage.imported'; params: { to: string } }
  | { key: 'score.changed'; params: { from: number; to: number } }
  | { key: 'task.created'; params: { title: string; dueAt: string } }
  | { key: 'task.done' | 'task.cancelled'; params: { title: string } }
  | { key: 'note.added'; params: Record<string, never> }
  | { key: 'campaign.sent'; params: { name: string; channel: string } }
  | { key: 'page.visited'; params: { url: string; title: string | null } };
export type StageReason = { key: 'score'; score: number; min: number } | { key: 'email' };

/** The entry's data: its own fields, with the line's key and values beside them. */
export const timelineData = (line: TimelineLine, data: Record<string, unknown> = {}) => ({ ...data, key: line.key, params: line.params });

export async function recordTimeline(
  ctx: AppContext, contactId: string, kind: TimelineKind, summary: string, line: TimelineLine, data: Record<string, unknown>, actor: CrmActor, db: Executor = ctx.db,
): Promise<void> {
  await db.insert(schema.crmTimeline).values({ contactId, kind, summary, data: timelineData(line, data), actorType: actor.type, actorId: actor.id ?? null, at: now(ctx) });
}

export interface TimelineItem { id: string; kind: string; summary: string; data: Record<string, unknown>; actor: { type: string; id: string | null; name?: string | null }; at: string }

/**
 * One chronological view of a contact: CRM entries (stages, scores, tasks, notes, campaign messages, page
 * visits) merged with the contact's conversations on every channel, newest first.
 */
export async function contactTimeline(ctx: AppContext, contactId: string, opts: { before?: string; limit?: number } = {}): Promise<TimelineItem[]> {
  const limit = Math.min(opts.limit ?? 50, 200);
  const before = opts.before ? new Date(opts.before) : null;
  const entries = await ctx.db.select({ t: schema.crmTimeline, agentName: schema.agents.name }).from(schema.crmTimeline)
    .leftJoin(schema.agents, and(eq(schema.crmTimeline.actorType, 'agent'), eq(schema.agents.id, schema.crmTimeline.actorId)))
    .where(and(eq(schema.crmTimeline.contactId, contactId), before ? lt(schema.crmTimeline.at, before) : undefined))
    .orderBy(desc(schema.crmTimeline.at)).limit(limit);
  const convs = await ctx.db.select({ c: schema.conversations, channel: schema.inboxes.channel, inbox: schema.inboxes.name,
    messageCount: sql<number>`(select count(*)::int from messages m where m.conversation_id = ${schema.conversations.id} and m.direction <> 'activity')` })
    .from(schema.conversations).innerJoin(schema.inboxes, eq(schema.inboxes.id, schema.conversations.inboxId))
    .where(and(eq(schema.conversations.contactId, contactId), before ? lt(schema.conversations.createdAt, before) : undefined))
    .orderBy(desc(schema.conversations.createdAt)).limit(limit);
  const items: TimelineItem[] = [
    ...entries.map(({ t, agentName }) => ({
      id: t.id, kind: t.kind, summary: t.summary, data: t.data, actor: { type: t.actorType, id: t.actorId, name: agentName }, at: t.at.toISOString(),
    })),
    ...convs.map(({ c, channel, inbox, messageCount }) => ({
      id: c.id, kind: 'conversation', summary: c.subject ?? `Conversation on ${inbox}`,
      data: { conversationId: c.id, channel, inbox, status: c.status, labels: c.labels, messageCount, campaignId: c.attributes.campaignId ?? null },
      actor: { type: 'contact', id: contactId }, at: c.createdAt.toISOString(),
    })),
  ];
  return items.sort((a, b) => b.at.localeCompare(a.at)).slice(0, limit);
}

// @mentions in private notes become notifications for the mentioned agents,
// but only for agents who can see the conversation's inbox.
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { mentionNotifications } from './schema.js';
import type { MessageRow } from '../events/bus.js';
import { canSeeInbox, toAuthedAgent } from '../agents/agents.js';
import { isUuid } from '../shared/ids.js';

export function mentionedIds(message: MessageRow): string[] {
  const raw = message.meta?.mentions;
  if (!Array.isArray(raw)) return [];
  return [...new Set(raw.filter((v): v is string => isUuid(v)))].slice(0, 50);
}

export async function createMentionNotifications(ctx: AppContext, message: MessageRow) {
  const ids = mentionedIds(message).filter((id) => id !== message.senderId);
  if (!ids.length || !message.private) return [];
  const agents = await ctx.db.select().from(schema.agents).where(and(inArray(schema.agents.id, ids), eq(schema.agents.disabled, false)));
  const allowed = [];
  for (const a of agents) if (await canSeeInbox(ctx.db, toAuthedAgent(a), message.inboxId)) allowed.push(a.id);
  if (!allowed.length) return [];
  return ctx.db.insert(mentionNotifications).values(allowed.map((agentId) => ({
    agentId, conversationId: message.conversationId, messageId: message.id, authorId: message.senderId,
  }))).onConflictDoNothing().returning();
}

type NotificationRow = typeof mentionNotifications.$inferSelect;

export function serializeNotification(n: NotificationRow, authorName: string, body: string) {
  return {
    id: n.id, conversationId: n.conversationId, messageId: n.messageId, authorName, body: body.slice(0, 280),
    createdAt: n.createdAt.toISOString(), readAt: n.readAt?.toISOString() ?? null,
  };
}

export async function listNotifications(ctx: AppContext, agentId: string) {
  const rows = await ctx.db.select({ n: mentionNotifications, body: schema.messages.body, author: schema.agents.name })
    .from(mentionNotifications)
    .innerJoin(schema.messages, eq(schema.messages.id, mentionNotifications.messageId))
    .leftJoin(schema.agents, eq(schema.agents.id, mentionNotifications.authorId))
    .where(eq(mentionNotifications.agentId, agentId))
    .orderBy(desc(mentionNotifications.createdAt)).limit(100);
  const items = rows.map((r) => serializeNotification(r.n, r.author ?? '', r.body));
  return { items, unread: items.filter((i) => !i.readAt).length };
}

export async function markNotificationsRead(ctx: AppContext, agentId: string, ids?: string[]) {
  await ctx.db.update(mentionNotifications).set({ readAt: ctx.clock.now() }).where(and(
    eq(mentionNotifications.agentId, agentId),
    isNull(mentionNotifications.readAt),
    ...(ids?.length ? [inArray(mentionNotifications.id, ids)] : []),
  ));
}

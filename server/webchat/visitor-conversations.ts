// A website visitor's several conversations in one inbox: listed open first with the last message they may
// see and their own unread count, started on demand (optionally on a topic the admin defined, which may route
// to a team), and read per conversation.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { findInboxRow } from '../inboxes/inboxes.js';
import type { Visitor } from './visitors.js';
import { readWidgetSettings } from './settings.js';
import type { ConversationRow } from '../events/bus.js';
import { badRequest, notFound } from '../errors.js';

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
/** What a visitor may see of a message: never private notes, activity lines only when marked for them. */
const VISIBLE = sql`not m.private and (m.direction <> 'activity' or (m.meta->>'visitorVisible') = 'true')`;

export function serializeVisitorConversation(c: ConversationRow, extra: { lastMessage?: unknown; unreadCount?: number } = {}) {
  const topic = c.attributes.topic as { id: string; label: string } | undefined;
  return {
    id: c.id, status: c.status, subject: c.subject, topic: topic ? { id: topic.id, label: topic.label } : null,
    csatRating: (c.attributes.csat as { rating?: number } | undefined)?.rating ?? null,
    lastMessage: extra.lastMessage ?? null, unreadCount: extra.unreadCount ?? 0,
    lastMessageAt: iso(c.lastMessageAt), createdAt: iso(c.createdAt),
  };
}

export async function listVisitorConversations(ctx: AppContext, v: Visitor) {
  const result = await ctx.db.execute(sql`
    select c.id,
      (select json_build_object('id', m.id, 'body', left(m.body, 200), 'direction', m.direction, 'senderType', m.sender_type, 'createdAt', m.created_at)
         from messages m where m.conversation_id = c.id and ${VISIBLE} order by m.created_at desc, m.id desc limit 1) as last_message,
      (select count(*)::int from messages m where m.conversation_id = c.id and m.direction = 'outgoing' and ${VISIBLE}
         and m.created_at > coalesce(c.contact_last_read_at, '-infinity'::timestamptz)) as unread
    from conversations c
    where c.contact_id = ${v.contactId}::uuid and c.inbox_id = ${v.inboxId}::uuid and c.merged_into_id is null
    order by (c.status = 'resolved'), c.last_message_at desc
    limit 50`);
  const meta = new Map(((result as any).rows as any[]).map((r) => [r.id as string, r]));
  if (!meta.size) return [];
  const rows = await ctx.db.select().from(schema.conversations).where(inArray(schema.conversations.id, [...meta.keys()]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return [...meta.keys()].map((id) => {
    const m = meta.get(id);
    const last = m.last_message ? { ...m.last_message, createdAt: iso(m.last_message.createdAt) } : null;
    return serializeVisitorConversation(byId.get(id)!, { lastMessage: last, unreadCount: m.unread });
  });
}

export async function startVisitorConversation(ctx: AppContext, v: Visitor, input: { topicId?: string }): Promise<ConversationRow> {
  const inbox = await findInboxRow(ctx, v.inboxId);
  if (!inbox) throw notFound('Widget');
  const topics = readWidgetSettings(inbox.config).topics ?? [];
  const topic = input.topicId ? topics.find((t) => t.id === input.topicId) : undefined;
  if (input.topicId && !topic) throw badRequest('Unknown topic', { topicId: 'not one of the topics this inbox offers' });
  const [identity] = await ctx.db.select({ id: schema.contactIdentities.id }).from(schema.contactIdentities)
    .where(and(eq(schema.contactIdentities.channel, 'web'), eq(schema.contactIdentities.address, v.visitorId)));
  return ctx.bus.transaction(async (tx, emit) => {
    const [conversation] = await tx.insert(schema.conversations).values({
      inboxId: inbox.id, contactId: v.contactId, contactIdentityId: identity?.id ?? null,
      teamId: topic?.teamId ?? inbox.teamId,
      status: inbox.botEnabled ? 'pending' : 'open',
      subject: topic?.label ?? null,
      attributes: topic ? { topic: { id: topic.id, label: topic.label } } : {},
      contactLastReadAt: ctx.clock.now(),
    }).returning();
    emit('conversation.created', { conversation });
    return conversation;
  });
}

/** The visitor has seen everything in this conversation so far (its unread count drops to zero). */
export async function markVisitorRead(ctx: AppContext, v: Visitor, id: string): Promise<void> {
  const updated = await ctx.db.update(schema.conversations).set({ contactLastReadAt: ctx.clock.now() })
    .where(and(eq(schema.conversations.id, id), eq(schema.conversations.contactId, v.contactId), eq(schema.conversations.inboxId, v.inboxId)))
    .returning({ id: schema.conversations.id });
  if (!updated.length) throw notFound('Conversation');
}

/**
 * Where a visitor's message for `conversationId` goes: that conversation when it is theirs, or the one it was
 * merged into. Unknown or someone else's conversation is a 404, never a silent new thread.
 */
export async function visitorTargetConversation(ctx: AppContext, v: Visitor, conversationId: string): Promise<string> {
  let id = conversationId;
  for (let hop = 0; hop < 10; hop++) {
    const [row] = await ctx.db.select({ id: schema.conversations.id, mergedIntoId: schema.conversations.mergedIntoId }).from(schema.conversations)
      .where(and(eq(schema.conversations.id, id), eq(schema.conversations.contactId, v.contactId), eq(schema.conversations.inboxId, v.inboxId)));
    if (!row) break;
    if (!row.mergedIntoId) return row.id;
    id = row.mergedIntoId;
  }
  throw notFound('Conversation');
}

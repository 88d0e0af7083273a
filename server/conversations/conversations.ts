import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import type { Actor, ConversationRow } from '../events/bus.js';
import { badRequest, notFound } from '../errors.js';
import { messagePreview, serializeConversation } from '../serializers/rest.js';
import { searchCondition } from './search.js';
import { isUuid } from '../shared/ids.js';
import { scheduleSnoozeWake } from './snooze-wake.js';

export interface ConversationFilter {
  status?: 'open' | 'pending' | 'snoozed' | 'resolved' | 'all';
  inboxId?: string;
  assigneeId?: string; // an id, 'me' or 'none'
  teamId?: string;
  label?: string;
  contactId?: string;
  q?: string;
  sort?: 'newest' | 'oldest' | 'priority';
  cursor?: string;
  limit?: number;
  /** How many matches a search gathers before it walks the list instead (see conversation-search.ts). */
  searchGatherLimit?: number;
}

const PRIORITY_RANK = sql`(case c.priority when 'urgent' then 4 when 'high' then 3 when 'medium' then 2 when 'low' then 1 else 0 end)`;

function decodeCursor(cursor: string): { k: number; id: string } {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof v.k === 'number' && typeof v.id === 'string' && isUuid(v.id)) return v;
  } catch { /* fall through */ }
  throw badRequest('Invalid cursor', { cursor: 'use the nextCursor value of a previous page' });
}
const encodeCursor = (k: number, id: string) => Buffer.from(JSON.stringify({ k, id })).toString('base64url');

/** Every filter but status, sort and cursor: shared by the list and by the per-status counts beside it. */
async function conversationWhere(db: Pick<AppContext, 'db'>['db'], inboxIds: string[], f: ConversationFilter, agentId: string, use: 'page' | 'count'): Promise<SQL[]> {
  const where: SQL[] = [sql`c.inbox_id in (${sql.join(inboxIds.map((id) => sql`${id}::uuid`), sql`, `)})`];
  if (f.inboxId) where.push(sql`c.inbox_id = ${f.inboxId}::uuid`);
  if (f.assigneeId === 'none') where.push(sql`c.assignee_id is null`);
  else if (f.assigneeId) where.push(sql`c.assignee_id = ${f.assigneeId === 'me' ? agentId : f.assigneeId}::uuid`);
  if (f.teamId) where.push(sql`c.team_id = ${f.teamId}::uuid`);
  if (f.label) where.push(sql`${f.label} = any(c.labels)`);
  if (f.contactId) where.push(sql`c.contact_id = ${f.contactId}::uuid`);
  if (f.q?.trim()) where.push(await searchCondition(db, f.inboxId ? [f.inboxId] : inboxIds, f.q, use, f.searchGatherLimit));
  return where;
}

export type StatusCounts = Record<'open' | 'pending' | 'snoozed' | 'resolved' | 'all', number>;

/** How many conversations each status tab holds for the same filters (search included). */
export async function countConversationsByStatus(ctx: AppContext, inboxIds: string[], f: ConversationFilter, agentId: string): Promise<StatusCounts> {
  const counts: StatusCounts = { open: 0, pending: 0, snoozed: 0, resolved: 0, all: 0 };
  if (!inboxIds.length) return counts;
  const result = await ctx.db.execute(sql`
    select c.status, count(*)::int as n from conversations c join contacts ct on ct.id = c.contact_id
    where ${sql.join(await conversationWhere(ctx.db, inboxIds, f, agentId, 'count'), sql` and `)} group by c.status`);
  for (const r of (result as any).rows as { status: keyof StatusCounts; n: number }[]) {
    counts[r.status] = Number(r.n);
    counts.all += Number(r.n);
  }
  return counts;
}

/** How many conversations the list would show for these filters (an export's total, for its progress). */
export async function countConversations(ctx: AppContext, inboxIds: string[], f: ConversationFilter, agentId: string): Promise<number> {
  return (await countConversationsByStatus(ctx, inboxIds, f, agentId))[f.status ?? 'open'];
}

/**
 * The finder behind every conversation list: filters become one query with keyset pagination, so page 500
 * costs what page 1 does. `inboxIds` is the caller's visibility (already authorised).
 */
export async function listConversations(ctx: Pick<AppContext, 'db'>, inboxIds: string[], f: ConversationFilter, agentId: string) {
  const limit = Math.min(Math.max(f.limit ?? 25, 1), 100);
  if (!inboxIds.length) return { items: [], nextCursor: null };
  const where = await conversationWhere(ctx.db, inboxIds, f, agentId, 'page');
  const status = f.status ?? 'open';
  if (status !== 'all') where.push(sql`c.status = ${status}`);
  const sort = f.sort ?? 'newest';
  // Each sort is a single numeric key (descending) plus id, which makes the keyset cursor simple and exact.
  // Newest first orders by the column itself, so the list walks an index and stops at its page; its cursor
  // key is the time in whole microseconds, compared exactly.
  const key = sort === 'newest' ? sql`((extract(epoch from c.last_message_at) * 1000000)::bigint)`
    : sort === 'oldest' ? sql`-extract(epoch from coalesce(c.waiting_since, c.last_message_at))`
      : sql`(${PRIORITY_RANK} * 1e11 + extract(epoch from c.last_message_at))`;
  const order = sort === 'newest' ? sql`c.last_message_at desc, c.id desc` : sql`${key} desc, c.id desc`;
  if (f.cursor) {
    const cur = decodeCursor(f.cursor);
    where.push(sort === 'newest'
      ? sql`(c.last_message_at, c.id) < (timestamptz 'epoch' + ${cur.k}::bigint * interval '1 microsecond', ${cur.id}::uuid)`
      : sql`(${key}, c.id) < (${cur.k}, ${cur.id}::uuid)`);
  }
  const result = await ctx.db.execute(sql`
    select c.*, ${key}::float8 as sort_key, i.channel as channel,
           ct.name as contact_name, ct.email as contact_email, ct.phone as contact_phone, ct.avatar_url as contact_avatar,
           lm.id as lm_id, lm.body as lm_body, lm.direction as lm_direction, lm.sender_type as lm_sender_type,
           lm.private as lm_private, lm.created_at as lm_created_at, lm.attachments as lm_attachments
    from conversations c
    join contacts ct on ct.id = c.contact_id
    join inboxes i on i.id = c.inbox_id
    left join lateral (
      select m.id, m.body, m.direction, m.sender_type, m.private, m.created_at, m.attachments from messages m
      where m.conversation_id = c.id order by m.created_at desc, m.id desc limit 1
    ) lm on true
    where ${sql.join(where, sql` and `)}
    order by ${order}
    limit ${limit + 1}`);
  const rows = (result as any).rows as any[];
  const page = rows.slice(0, limit);
  const items = page.map((r) => serializeConversation(rowToConversation(r), {
    channel: r.channel,
    contact: { id: r.contact_id, name: r.contact_name, email: r.contact_email, phone: r.contact_phone, avatarUrl: r.contact_avatar },
    lastMessage: r.lm_id ? messagePreview({ id: r.lm_id, body: String(r.lm_body), direction: r.lm_direction, senderType: r.lm_sender_type, private: r.lm_private, createdAt: r.lm_created_at, attachments: r.lm_attachments }) : null,
  }));
  const last = page[page.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(Number(last.sort_key), last.id) : null };
}

function rowToConversation(r: any): ConversationRow {
  return {
    id: r.id, inboxId: r.inbox_id, contactId: r.contact_id, contactIdentityId: r.contact_identity_id, status: r.status,
    priority: r.priority, assigneeId: r.assignee_id, teamId: r.team_id, labels: r.labels ?? [], subject: r.subject,
    attributes: r.attributes ?? {}, unreadCount: r.unread_count, lastMessageAt: r.last_message_at, waitingSince: r.waiting_since,
    firstReplyAt: r.first_reply_at, snoozedUntil: r.snoozed_until, resolvedAt: r.resolved_at, createdAt: r.created_at, updatedAt: r.updated_at,
    mergedIntoId: r.merged_into_id, externalId: r.external_id, contactLastReadAt: r.contact_last_read_at,
  };
}

/** One conversation with what the agent views need beside it, or null when unknown or outside `inboxIds`. */
export async function getConversationView(ctx: AppContext, id: string, inboxIds: string[]) {
  if (!isUuid(id) || !inboxIds.length) return null;
  const [row] = await ctx.db.select({ c: schema.conversations, contact: schema.contacts, channel: schema.inboxes.channel })
    .from(schema.conversations)
    .innerJoin(schema.contacts, eq(schema.contacts.id, schema.conversations.contactId))
    .innerJoin(schema.inboxes, eq(schema.inboxes.id, schema.conversations.inboxId))
    .where(and(eq(schema.conversations.id, id), inArray(schema.conversations.inboxId, inboxIds)));
  if (!row) return null;
  return { conversation: row.c, view: serializeConversation(row.c, { channel: row.channel, contact: row.contact }) };
}

export interface ConversationPatch {
  status?: 'open' | 'pending' | 'snoozed' | 'resolved';
  assigneeId?: string | null;
  teamId?: string | null;
  priority?: 'none' | 'low' | 'medium' | 'high' | 'urgent';
  labels?: string[];
  snoozedUntil?: string | null;
  attributes?: Record<string, unknown>;
}

export async function updateConversation(ctx: AppContext, id: string, patch: ConversationPatch, actor: Actor): Promise<ConversationRow> {
  const [current] = await ctx.db.select().from(schema.conversations).where(eq(schema.conversations.id, id));
  if (!current) throw notFound('Conversation');
  const set: Partial<ConversationRow> = { updatedAt: ctx.clock.now() };
  const changed: string[] = [];
  if (patch.status && patch.status !== current.status) {
    set.status = patch.status;
    changed.push('status');
    if (patch.status === 'resolved') set.resolvedAt = ctx.clock.now();
    if (patch.status !== 'snoozed') set.snoozedUntil = null;
  }
  if (patch.status === 'snoozed') {
    if (!patch.snoozedUntil) throw badRequest('Snoozing needs snoozedUntil', { snoozedUntil: 'required when status is snoozed' });
    set.snoozedUntil = new Date(patch.snoozedUntil);
    changed.push('snoozedUntil');
  }
  if (patch.assigneeId !== undefined && patch.assigneeId !== current.assigneeId) {
    if (patch.assigneeId) {
      const [agent] = await ctx.db.select({ id: schema.agents.id }).from(schema.agents).where(eq(schema.agents.id, patch.assigneeId));
      if (!agent) throw badRequest('Unknown assignee', { assigneeId: 'no such agent' });
    }
    set.assigneeId = patch.assigneeId;
    changed.push('assigneeId');
  }
  if (patch.teamId !== undefined && patch.teamId !== current.teamId) {
    if (patch.teamId) {
      const [team] = await ctx.db.select({ id: schema.teams.id }).from(schema.teams).where(eq(schema.teams.id, patch.teamId));
      if (!team) throw badRequest('Unknown team', { teamId: 'no such team' });
    }
    set.teamId = patch.teamId;
    changed.push('teamId');
  }
  if (patch.priority && patch.priority !== current.priority) { set.priority = patch.priority; changed.push('priority'); }
  if (patch.labels) {
    set.labels = [...new Set(patch.labels.map((l) => l.trim().toLowerCase()).filter(Boolean))];
    changed.push('labels');
  }
  if (patch.attributes) { set.attributes = { ...current.attributes, ...patch.attributes }; changed.push('attributes'); }
  return ctx.bus.transaction(async (tx, emit) => {
    const [conversation] = await tx.update(schema.conversations).set(set).where(eq(schema.conversations.id, id)).returning();
    if (changed.includes('snoozedUntil')) await scheduleSnoozeWake(ctx, tx, conversation);
    const moved = changed.includes('assigneeId') || changed.includes('teamId');
    const previous = moved ? { assigneeId: current.assigneeId, teamId: current.teamId } : undefined;
    if (changed.length) emit('conversation.updated', { conversation, changed, actor, ...(previous ? { previous } : {}) });
    if (changed.includes('status') && conversation.status === 'resolved') emit('conversation.resolved', { conversation, actor });
    return conversation;
  });
}

// Inbox-wide conversation operations: bulk actions over a selection and the
// open/unread counts shown beside every view in the sidebar.
import { and, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { updateConversation, type ConversationPatch } from './conversations.js';

export interface BulkPatch extends Omit<ConversationPatch, 'labels' | 'attributes'> {
  addLabels?: string[];
}

/** Applies the patch to each conversation the agent may see; ids outside their inboxes are skipped silently. */
export async function bulkUpdate(ctx: AppContext, ids: string[], inboxIds: string[], patch: BulkPatch, agentId: string) {
  if (!ids.length || !inboxIds.length) return { updated: 0, ids: [] as string[] };
  const rows = await ctx.db.select({ id: schema.conversations.id, labels: schema.conversations.labels }).from(schema.conversations)
    .where(and(inArray(schema.conversations.id, ids), inArray(schema.conversations.inboxId, inboxIds)));
  const { addLabels, ...rest } = patch;
  const updated: string[] = [];
  // One conversation at a time through the core service so every change emits its own event (realtime,
  // webhooks, reporting) exactly as a single PATCH would.
  for (const row of rows) {
    const labels = addLabels?.length ? [...new Set([...(row.labels ?? []), ...addLabels])] : undefined;
    await updateConversation(ctx, row.id, { ...rest, ...(labels ? { labels } : {}) }, { type: 'agent', id: agentId });
    updated.push(row.id);
  }
  return { updated: updated.length, ids: updated };
}

interface Count { open: number; unread: number }

export async function viewCounts(ctx: AppContext, inboxIds: string[], agentId: string) {
  const empty = { views: { mine: zero(), unassigned: zero(), all: zero() }, inboxes: {}, teams: {}, labels: {} };
  if (!inboxIds.length) return empty;
  const scope = sql`status = 'open' and inbox_id in (${sql.join(inboxIds.map((id) => sql`${id}::uuid`), sql`, `)})`;
  const res = await ctx.db.execute(sql`
    select 'view' as kind, 'all' as key, count(*)::int as open, count(*) filter (where unread_count > 0)::int as unread from conversations where ${scope}
    union all
    select 'view', 'mine', count(*)::int, count(*) filter (where unread_count > 0)::int from conversations where ${scope} and assignee_id = ${agentId}::uuid
    union all
    select 'view', 'unassigned', count(*)::int, count(*) filter (where unread_count > 0)::int from conversations where ${scope} and assignee_id is null
    union all
    select 'inbox', inbox_id::text, count(*)::int, count(*) filter (where unread_count > 0)::int from conversations where ${scope} group by inbox_id
    union all
    select 'team', team_id::text, count(*)::int, count(*) filter (where unread_count > 0)::int from conversations where ${scope} and team_id is not null group by team_id
    union all
    select 'label', l, count(*)::int, count(*) filter (where unread_count > 0)::int from conversations, unnest(labels) as l where ${scope} group by l`);
  const out = empty as { views: Record<string, Count>; inboxes: Record<string, Count>; teams: Record<string, Count>; labels: Record<string, Count> };
  const bucket = { view: out.views, inbox: out.inboxes, team: out.teams, label: out.labels } as Record<string, Record<string, Count>>;
  for (const r of (res as unknown as { rows: { kind: string; key: string; open: number; unread: number }[] }).rows) {
    bucket[r.kind][r.key] = { open: Number(r.open), unread: Number(r.unread) };
  }
  return out;
}

function zero(): Count {
  return { open: 0, unread: 0 };
}

import { getTableColumns } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { schema, type Tx } from '../db/client.js';
import type { ConversationRow, MessageRow } from '../events/bus.js';
import { searchDocument } from '../shared/search.js';
import { runFixed, type FixedStatement } from '../db/fixed-statement.js';

type NewMessage = typeof schema.messages.$inferInsert;

/** What ingest stores of an inbound message; every other column takes its default. */
export type InboundMessageRow = Pick<NewMessage,
  'conversationId' | 'inboxId' | 'direction' | 'senderType' | 'senderId' | 'body' | 'html' | 'contentType' | 'content'
  | 'attachments' | 'externalId' | 'clientId' | 'status' | 'meta' | 'createdAt'> & { subject?: string | null };

/** The conversation's side of a new message: its time, and whether it reopens a snoozed or resolved thread. */
export interface Touch { at: Date; reopen: boolean }

// Every message as one JSON parameter, one statement for one message or a whole group commit: the insert, then
// the update of the conversations whose message was stored and that are touched (a duplicate external id changes
// nothing; an auto-reply's activity line leaves its conversation alone). Each conversation appears once. A
// parameter per column was an array literal the driver escaped value by value; JSON is one native stringify.
const INSERT_TOUCHING: FixedStatement = {
  name: 'ingest_messages_touching',
  text: `with v as (
    select * from json_to_recordset($1::json) as v(conversation_id uuid, inbox_id uuid, direction text, sender_type text,
      sender_id uuid, body text, html text, content_type text, content jsonb, attachments jsonb, external_id text, client_id text,
      status text, meta jsonb, search_text text, created_at timestamptz, reopen boolean, touched_at timestamptz)),
  ins as (
    insert into messages (conversation_id, inbox_id, direction, sender_type, sender_id, body, html, content_type, content,
      attachments, external_id, client_id, status, meta, search_vector, created_at)
    select conversation_id, inbox_id, direction, sender_type, sender_id, body, html, content_type, content, attachments,
      external_id, client_id, status, meta, to_tsvector('simple', search_text), coalesce(created_at, now()) from v
    on conflict do nothing
    returning *),
  upd as (
    update conversations c set last_message_at = v.touched_at, updated_at = v.touched_at, unread_count = c.unread_count + 1,
      waiting_since = coalesce(c.waiting_since, v.touched_at),
      status = case when v.reopen then 'open' else c.status end,
      snoozed_until = case when v.reopen then null else c.snoozed_until end,
      resolved_at = case when v.reopen then null else c.resolved_at end
    from v where c.id = v.conversation_id and v.touched_at is not null and v.conversation_id in (select conversation_id from ins)
    returning c.*)
  select (select json_agg(ins) from ins) as messages, (select json_agg(upd) from upd) as conversations`,
};

/**
 * The message insert and its conversation's update (last message, unread count, reopening) in one round trip: a
 * data-modifying CTE whose update runs only when the insert stored a row, so a duplicate (same external id)
 * changes nothing. Both rows come back as JSON and are mapped to the same shape Drizzle's `returning()` gives.
 * Without a touch (an auto-reply's activity line) the conversation is left as it is.
 */
export async function insertMessageTouching(
  tx: Tx, server: boolean, m: InboundMessageRow, touch: Touch | null,
): Promise<{ message: MessageRow | null; conversation: ConversationRow | null }> {
  const [stored] = await insertMessagesTouching(tx, server, [{ row: m, touch }]);
  return stored;
}

/**
 * insertMessageTouching() for many messages at once (a group commit), each on a conversation of its own.
 * Answers, per message, its stored row and its conversation's, or nulls for a duplicate.
 */
export async function insertMessagesTouching(
  tx: Tx, server: boolean, items: { row: InboundMessageRow; touch: Touch | null }[],
): Promise<{ message: MessageRow | null; conversation: ConversationRow | null }[]> {
  const rows = items.map(({ row: m, touch }) => ({
    conversation_id: m.conversationId, inbox_id: m.inboxId, direction: m.direction, sender_type: m.senderType,
    sender_id: m.senderId ?? null, body: m.body ?? '', html: m.html ?? null, content_type: m.contentType ?? 'text',
    content: m.content ?? null, attachments: m.attachments ?? [], external_id: m.externalId ?? null, client_id: m.clientId ?? null,
    status: m.status, meta: m.meta ?? {}, search_text: searchDocument(m.subject, m.body),
    created_at: m.createdAt ? m.createdAt.toISOString() : null, reopen: touch?.reopen ?? false, touched_at: touch ? touch.at.toISOString() : null,
  }));
  const [result] = await runFixed(tx, server, INSERT_TOUCHING, [JSON.stringify(rows)]) as { messages: Record<string, unknown>[] | string | null; conversations: Record<string, unknown>[] | string | null }[];
  const list = (v: Record<string, unknown>[] | string | null) => (typeof v === 'string' ? JSON.parse(v) as Record<string, unknown>[] : v ?? []);
  const messages = new Map(list(result.messages).map((r) => [r.conversation_id as string, rowFromJson(schema.messages, r) as MessageRow]));
  const conversations = new Map(list(result.conversations).map((r) => [r.id as string, rowFromJson(schema.conversations, r) as ConversationRow]));
  return items.map(({ row }) => ({
    message: messages.get(row.conversationId) ?? null,
    conversation: conversations.get(row.conversationId) ?? null,
  }));
}

const shapes = new Map<PgTable, [key: string, column: string, timestamp: boolean][]>();

/** A row as row_to_json gives it (column names, timestamps as text) in Drizzle's shape (field names, Dates). */
export function rowFromJson(table: PgTable, json: Record<string, unknown> | string): Record<string, unknown> {
  const value = typeof json === 'string' ? JSON.parse(json) as Record<string, unknown> : json;
  let shape = shapes.get(table);
  if (!shape) {
    shape = Object.entries(getTableColumns(table)).map(([key, c]) => [key, c.name, c.columnType === 'PgTimestamp']);
    shapes.set(table, shape);
  }
  const out: Record<string, unknown> = {};
  for (const [key, column, timestamp] of shape) {
    const v = value[column] ?? null;
    out[key] = timestamp && typeof v === 'string' ? new Date(v) : v;
  }
  return out;
}

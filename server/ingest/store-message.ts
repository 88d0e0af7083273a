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

// Every message as array parameters, one statement for one message or a whole group commit: the insert, then the
// update of the conversations whose message was stored and that are touched (a duplicate external id changes
// nothing; an auto-reply's activity line leaves its conversation alone). Each conversation appears once.
// $1-$16 one array per column, $17 reopen, $18 the touch time (null: no touch).
const INSERT_TOUCHING: FixedStatement = {
  name: 'ingest_message_touching',
  text: `with v as (
    select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::jsonb[],
      $10::jsonb[], $11::text[], $12::text[], $13::text[], $14::jsonb[], $15::text[], $16::timestamptz[], $17::boolean[], $18::timestamptz[])
      as v(conversation_id, inbox_id, direction, sender_type, sender_id, body, html, content_type, content, attachments,
        external_id, client_id, status, meta, search_text, created_at, reopen, touched_at)),
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
  const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
  const column = <T>(pick: (m: InboundMessageRow, touch: Touch | null) => T) => items.map((i) => pick(i.row, i.touch));
  const [result] = await runFixed(tx, server, INSERT_TOUCHING, [
    column((m) => m.conversationId), column((m) => m.inboxId), column((m) => m.direction), column((m) => m.senderType),
    column((m) => m.senderId ?? null), column((m) => m.body ?? ''), column((m) => m.html ?? null), column((m) => m.contentType ?? 'text'),
    column((m) => json(m.content)), column((m) => json(m.attachments ?? [])), column((m) => m.externalId ?? null),
    column((m) => m.clientId ?? null), column((m) => m.status), column((m) => json(m.meta ?? {})),
    column((m) => searchDocument(m.subject, m.body)), column((m) => (m.createdAt ? m.createdAt.toISOString() : null)),
    column((_m, touch) => touch?.reopen ?? false), column((_m, touch) => (touch ? touch.at.toISOString() : null)),
  ]) as { messages: Record<string, unknown>[] | string | null; conversations: Record<string, unknown>[] | string | null }[];
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

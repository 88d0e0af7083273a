import { getTableColumns } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { schema, type Tx } from '../db/client.js';
import type { ConversationRow, MessageRow } from '../events/bus.js';
import { searchDocument } from '../shared/search.js';
import { runFixed, type FixedStatement } from './fixed-statement.js';

type NewMessage = typeof schema.messages.$inferInsert;

/** What ingest stores of an inbound message; every other column takes its default. */
export type InboundMessageRow = Pick<NewMessage,
  'conversationId' | 'inboxId' | 'direction' | 'senderType' | 'senderId' | 'body' | 'html' | 'contentType' | 'content'
  | 'attachments' | 'externalId' | 'clientId' | 'status' | 'meta' | 'createdAt'> & { subject?: string | null };

/** The conversation's side of a new message: its time, and whether it reopens a snoozed or resolved thread. */
export interface Touch { at: Date; reopen: boolean }

// $1-$15 the message, $16 touch the conversation at all, $17 the time, $18 reopen it.
const INSERT_TOUCHING: FixedStatement = {
  name: 'ingest_message_touching',
  text: `with m as (
    insert into messages (conversation_id, inbox_id, direction, sender_type, sender_id, body, html, content_type, content,
      attachments, external_id, client_id, status, meta, search_vector, created_at)
    values ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11, $12, $13, $14::jsonb, to_tsvector('simple', $15::text),
      coalesce($19::timestamptz, now()))
    on conflict do nothing
    returning *),
  c as (
    update conversations set last_message_at = $17::timestamptz, updated_at = $17::timestamptz, unread_count = unread_count + 1,
      waiting_since = coalesce(waiting_since, $17::timestamptz),
      status = case when $18::boolean then 'open' else status end,
      snoozed_until = case when $18::boolean then null else snoozed_until end,
      resolved_at = case when $18::boolean then null else resolved_at end
    where id = $1 and $16::boolean and exists (select 1 from m)
    returning *)
  select (select row_to_json(m) from m) as message, (select row_to_json(c) from c) as conversation`,
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
  const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
  const [row] = await runFixed(tx, server, INSERT_TOUCHING, [
    m.conversationId, m.inboxId, m.direction, m.senderType, m.senderId ?? null, m.body ?? '', m.html ?? null, m.contentType ?? 'text',
    json(m.content), json(m.attachments ?? []), m.externalId ?? null, m.clientId ?? null, m.status, json(m.meta ?? {}),
    searchDocument(m.subject, m.body), Boolean(touch), touch ? touch.at.toISOString() : null, touch?.reopen ?? false,
    m.createdAt ? m.createdAt.toISOString() : null,
  ]) as { message: Record<string, unknown> | string | null; conversation: Record<string, unknown> | string | null }[];
  return {
    message: row.message ? rowFromJson(schema.messages, row.message) as MessageRow : null,
    conversation: row.conversation ? rowFromJson(schema.conversations, row.conversation) as ConversationRow : null,
  };
}

// One statement for a whole group commit: every message as array parameters, inserted in one go; the update
// touches only the conversations whose message was stored (a duplicate external id changes nothing). Each
// conversation appears once per batch. $1-$17 one array per column, $18 the time.
const INSERT_MANY_TOUCHING: FixedStatement = {
  name: 'ingest_messages_touching',
  text: `with v as (
    select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::jsonb[],
      $10::jsonb[], $11::text[], $12::text[], $13::text[], $14::jsonb[], $15::text[], $16::timestamptz[], $17::boolean[])
      as v(conversation_id, inbox_id, direction, sender_type, sender_id, body, html, content_type, content, attachments,
        external_id, client_id, status, meta, search_text, created_at, reopen)),
  ins as (
    insert into messages (conversation_id, inbox_id, direction, sender_type, sender_id, body, html, content_type, content,
      attachments, external_id, client_id, status, meta, search_vector, created_at)
    select conversation_id, inbox_id, direction, sender_type, sender_id, body, html, content_type, content, attachments,
      external_id, client_id, status, meta, to_tsvector('simple', search_text), coalesce(created_at, clock_timestamp()) from v
    on conflict do nothing
    returning *),
  upd as (
    update conversations c set last_message_at = $18::timestamptz, updated_at = $18::timestamptz, unread_count = c.unread_count + 1,
      waiting_since = coalesce(c.waiting_since, $18::timestamptz),
      status = case when v.reopen then 'open' else c.status end,
      snoozed_until = case when v.reopen then null else c.snoozed_until end,
      resolved_at = case when v.reopen then null else c.resolved_at end
    from v where c.id = v.conversation_id and v.conversation_id in (select conversation_id from ins)
    returning c.*)
  select (select json_agg(ins) from ins) as messages, (select json_agg(upd) from upd) as conversations`,
};

/**
 * insertMessageTouching() for many messages at once, each on a conversation of its own, all touched at `at`.
 * Answers, per message, its stored row and its conversation's, or nulls for a duplicate.
 */
export async function insertMessagesTouching(
  tx: Tx, server: boolean, items: { row: InboundMessageRow; reopen: boolean }[], at: Date,
): Promise<{ message: MessageRow | null; conversation: ConversationRow | null }[]> {
  const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
  const column = <T>(pick: (m: InboundMessageRow, reopen: boolean) => T) => items.map((i) => pick(i.row, i.reopen));
  const [result] = await runFixed(tx, server, INSERT_MANY_TOUCHING, [
    column((m) => m.conversationId), column((m) => m.inboxId), column((m) => m.direction), column((m) => m.senderType),
    column((m) => m.senderId ?? null), column((m) => m.body ?? ''), column((m) => m.html ?? null), column((m) => m.contentType ?? 'text'),
    column((m) => json(m.content)), column((m) => json(m.attachments ?? [])), column((m) => m.externalId ?? null),
    column((m) => m.clientId ?? null), column((m) => m.status), column((m) => json(m.meta ?? {})),
    column((m) => searchDocument(m.subject, m.body)), column((m) => (m.createdAt ? m.createdAt.toISOString() : null)),
    column((_m, reopen) => reopen), at.toISOString(),
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

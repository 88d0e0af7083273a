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

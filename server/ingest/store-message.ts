import { eq, getTableColumns, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { schema, type Tx } from '../db/client.js';
import type { ConversationRow, MessageRow } from '../events/bus.js';

type NewMessage = typeof schema.messages.$inferInsert;

/**
 * The message insert and its conversation's update (last message, unread count, reopening) in one round trip: a
 * data-modifying CTE whose update runs only when the insert stored a row, so a duplicate (same external id)
 * changes nothing. Both rows come back as JSON and are mapped to the same shape Drizzle's `returning()` gives.
 */
export async function insertMessageTouching(
  tx: Tx, values: NewMessage, conversationId: string, touch: Record<string, unknown> | null,
): Promise<{ message: MessageRow | null; conversation: ConversationRow | null }> {
  const insert = tx.insert(schema.messages).values(values).onConflictDoNothing().returning();
  if (!touch) {
    const [message] = await insert;
    return { message: message ?? null, conversation: null };
  }
  const update = tx.update(schema.conversations).set(touch)
    .where(sql`${eq(schema.conversations.id, conversationId)} and exists (select 1 from m)`).returning();
  const { rows: [row] } = await tx.execute(sql`with m as (${insert.getSQL()}), c as (${update.getSQL()})
    select (select row_to_json(m) from m) as message, (select row_to_json(c) from c) as conversation`) as unknown as
    { rows: { message: Record<string, unknown> | string | null; conversation: Record<string, unknown> | string | null }[] };
  return {
    message: row.message ? fromJson(schema.messages, row.message) as MessageRow : null,
    conversation: row.conversation ? fromJson(schema.conversations, row.conversation) as ConversationRow : null,
  };
}

const shapes = new Map<PgTable, [key: string, column: string, timestamp: boolean][]>();

/** A row as row_to_json gives it (column names, timestamps as text) in Drizzle's shape (field names, Dates). */
function fromJson(table: PgTable, json: Record<string, unknown> | string): Record<string, unknown> {
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

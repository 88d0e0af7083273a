import { getTableColumns } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { schema } from '../db/client.js';
import type { EventName, EventPayloads } from './catalogue.js';

/** Payload keys that carry a table row: their timestamp columns come back as Date when read from the log. */
const ROW_TABLES: Record<string, PgTable> = {
  contact: schema.contacts, conversation: schema.conversations, message: schema.messages,
  primary: schema.conversations, secondary: schema.conversations,
};
const DATE_KEYS = new Set(['dueAt']);

const timestampColumns = new Map<PgTable, string[]>();
function datesOf(table: PgTable): string[] {
  let names = timestampColumns.get(table);
  if (!names) {
    names = Object.entries(getTableColumns(table)).filter(([, c]) => c.columnType === 'PgTimestamp').map(([k]) => k);
    timestampColumns.set(table, names);
  }
  return names;
}

/** What is stored: the payload as JSON text, without a message's search vector (an index input, not event data). */
export function encodePayload(payload: object): string {
  const out: Record<string, unknown> = { ...payload };
  const message = out.message as Record<string, unknown> | undefined;
  if (message && 'searchVector' in message) out.message = { ...message, searchVector: null };
  return JSON.stringify(out);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

const decodedOnce = new WeakMap<object, unknown>();

/**
 * A logged event's payload, decoded once however many consumers of this node handle it (a message's events go to a
 * dozen), and frozen, since they all share it: a consumer that wants to change a row makes its own copy.
 */
export function sharedPayload<E extends EventName>(type: E, stored: Record<string, unknown>): EventPayloads[E] {
  let decoded = decodedOnce.get(stored) as EventPayloads[E] | undefined;
  if (!decoded) {
    decoded = deepFreeze(decodePayload(type, stored));
    decodedOnce.set(stored, decoded);
  }
  return decoded;
}

export function decodePayload<E extends EventName>(_type: E, stored: Record<string, unknown>): EventPayloads[E] {
  const out: Record<string, unknown> = { ...stored };
  for (const [key, value] of Object.entries(out)) {
    const table = ROW_TABLES[key];
    if (table && value && typeof value === 'object') {
      const row = { ...(value as Record<string, unknown>) };
      for (const col of datesOf(table)) if (typeof row[col] === 'string') row[col] = new Date(row[col] as string);
      out[key] = row;
    } else if (DATE_KEYS.has(key) && typeof value === 'string') {
      out[key] = new Date(value);
    }
  }
  return out as unknown as EventPayloads[E];
}

/** The keys an event is filed under: its partition follows the contact (see partitions.ts). */
export function eventKeys(payload: object): { conversationId: string | null; contactId: string | null; inboxId: string | null } {
  type ConversationKeys = { id: string; contactId: string; inboxId: string };
  const p = payload as { conversation?: ConversationKeys; primary?: ConversationKeys; message?: { conversationId: string; inboxId: string }; contact?: { id: string } };
  // A merge is filed under the conversation that stays (its secondary now redirects there).
  const conversation = p.conversation ?? p.primary;
  return {
    conversationId: conversation?.id ?? p.message?.conversationId ?? null,
    contactId: p.contact?.id ?? conversation?.contactId ?? null,
    inboxId: conversation?.inboxId ?? p.message?.inboxId ?? null,
  };
}

import { inArray, sql } from 'drizzle-orm';
import { schema, type Executor } from '../db/client.js';
import type { EventName, EventPayloads } from './catalogue.js';
import { encodePayload, eventKeys } from './codec.js';
import { partitionOf } from './partitions.js';

export interface PendingEvent<E extends EventName = EventName> { type: E; payload: EventPayloads[E] }
export interface RecordedEvent<E extends EventName = EventName> extends PendingEvent<E> { id: string; position: number; partition: number }

/** Advisory-lock namespace of the log's partitions (pg_advisory_xact_lock(ns, partition)). */
export const APPEND_LOCK_NS = 724_101;
export const EVENTS_CHANNEL = 'switchboard_events';

/**
 * Appends events inside the caller's transaction, which should be about to commit. On a server, each touched
 * partition is locked until commit, so a later writer of that partition draws its positions after this one is
 * visible: a reader never skips a position that commits late. PGlite runs one transaction at a time anyway.
 */
export async function appendEvents(tx: Executor, server: boolean, pending: PendingEvent[]): Promise<RecordedEvent[]> {
  if (!pending.length) return [];
  const keyed = await withContacts(tx, pending.map((e) => eventKeys(e.payload)));
  const rows = pending.map((e, i) => ({
    type: e.type, partition: partitionOf(keyed[i].contactId ?? keyed[i].conversationId ?? e.type), ...keyed[i], payload: encodePayload(e.payload),
  }));
  const partitions = [...new Set(rows.map((r) => r.partition))].sort((a, b) => a - b);
  if (server) {
    // Sorted, so two writers of the same partitions never wait on each other in a cycle.
    await tx.execute(sql.raw(`select pg_advisory_xact_lock(${APPEND_LOCK_NS}, p) from unnest(array[${partitions.join(',')}]::int[]) p`));
  }
  const stored = await tx.insert(schema.events).values(rows).returning({ id: schema.events.id, position: schema.events.position });
  // Delivered at commit to every node listening (nothing is sent if the transaction rolls back).
  // Each entry carries the highest position of its partition and type, so a reader that has already read it
  // (this node's, woken at commit before its own NOTIFY comes back) skips the query.
  if (server) {
    const heads = new Map<string, number>();
    rows.forEach((r, i) => heads.set(`${r.partition}:${r.type}`, Math.max(heads.get(`${r.partition}:${r.type}`) ?? 0, stored[i].position)));
    await tx.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${[...heads].map(([k, p]) => `${k}:${p}`).join(',')})`);
  }
  return pending.map((e, i) => ({ ...e, id: stored[i].id, position: stored[i].position, partition: rows[i].partition }));
}

type Keys = ReturnType<typeof eventKeys>;

/**
 * Events are partitioned by contact, so an event that names only a conversation (a message update carries just
 * the message) gets the conversation's contact here: one query, and only for such events.
 */
async function withContacts(tx: Executor, keys: Keys[]): Promise<Keys[]> {
  const missing = [...new Set(keys.filter((k) => !k.contactId && k.conversationId).map((k) => k.conversationId!))];
  if (!missing.length) return keys;
  const found = await tx.select({ id: schema.conversations.id, contactId: schema.conversations.contactId }).from(schema.conversations)
    .where(inArray(schema.conversations.id, missing));
  const contactOf = new Map(found.map((c) => [c.id, c.contactId]));
  return keys.map((k) => (k.contactId || !k.conversationId ? k : { ...k, contactId: contactOf.get(k.conversationId) ?? null }));
}

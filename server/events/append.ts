import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
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
 *
 * This runs once per message, so it is one hand-written statement (insert and, on a server, the NOTIFY in the
 * same round trip) rather than the query builder: building the insert and its JSON twice was a visible share of
 * the message path's CPU.
 */
export async function appendEvents(tx: Executor, server: boolean, pending: PendingEvent[]): Promise<RecordedEvent[]> {
  if (!pending.length) return [];
  const rows = pending.map((e) => {
    const keys = eventKeys(e.payload);
    // The id is made here so the stored positions are matched back by id, not by the order rows come back in.
    return { id: randomUUID(), type: e.type, partition: partitionOf(keys.conversationId ?? keys.contactId ?? e.type), ...keys, payload: encodePayload(e.payload) };
  });
  const partitions = [...new Set(rows.map((r) => r.partition))].sort((a, b) => a - b);
  if (server) {
    // Sorted, so two writers of the same partitions never wait on each other in a cycle.
    await tx.execute(sql.raw(`select pg_advisory_xact_lock(${APPEND_LOCK_NS}, p) from unnest(array[${partitions.join(',')}]::int[]) p`));
  }
  const column = <T>(pick: (r: (typeof rows)[number]) => T) => sql.param(rows.map(pick)); // one array parameter, not a list
  const insert = sql`insert into events (id, type, partition, conversation_id, contact_id, inbox_id, payload)
    select * from unnest(${column((r) => r.id)}::uuid[], ${column((r) => r.type)}::text[], ${column((r) => r.partition)}::smallint[],
      ${column((r) => r.conversationId)}::uuid[], ${column((r) => r.contactId)}::uuid[], ${column((r) => r.inboxId)}::uuid[], ${column((r) => r.payload)}::jsonb[])
    returning id, position, partition, type`;
  // Delivered at commit to every node listening (nothing is sent if the transaction rolls back). Each entry
  // carries the highest position, so a lane that has already read it (this node's, woken at commit) skips it.
  const statement = server
    ? sql`with ins as (${insert}), heads as (select partition, type, max(position) as head from ins group by partition, type)
        select id, position, (select pg_notify(${EVENTS_CHANNEL}, string_agg(partition || ':' || type || ':' || head, ',')) from heads) as notified from ins`
    : insert;
  const { rows: stored } = await tx.execute(statement) as unknown as { rows: { id: string; position: string | number }[] };
  const positions = new Map(stored.map((s) => [s.id, Number(s.position)]));
  return pending.map((e, i) => ({ ...e, id: rows[i].id, position: positions.get(rows[i].id)!, partition: rows[i].partition }));
}

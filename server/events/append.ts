import { randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import { runFixed, type FixedStatement } from '../db/fixed-statement.js';
import { schema, type Executor } from '../db/client.js';
import type { EventName, EventPayloads } from './catalogue.js';
import { encodePayload, eventKeys } from './codec.js';
import { partitionOf } from './partitions.js';

export interface PendingEvent<E extends EventName = EventName> { type: E; payload: EventPayloads[E] }
export interface RecordedEvent<E extends EventName = EventName> extends PendingEvent<E> { id: string; position: number; partition: number }

/** Advisory-lock namespace of the log's partitions (pg_advisory_xact_lock(ns, partition)). */
export const APPEND_LOCK_NS = 724_101;
export const EVENTS_CHANNEL = 'switchboard_events';

const INSERT_ROWS = `insert into events (id, type, partition, conversation_id, contact_id, inbox_id, payload)
    select u.* from json_to_recordset($1::json) as u(id uuid, type text, partition smallint, conversation_id uuid, contact_id uuid, inbox_id uuid, payload jsonb)`;
const APPEND: FixedStatement = { name: 'events_append', text: `${INSERT_ROWS} returning id, position` };
/**
 * On a server: the insert joins the lock's one-row aggregate, so no position is drawn before every lock is held.
 * The NOTIFY is delivered at commit to every node listening (nothing is sent on rollback); each entry carries the
 * highest position of its partition and type, so a reader that has already read it (this node's, woken at commit
 * before its own NOTIFY comes back) skips the query.
 */
const APPEND_LOCKED: FixedStatement = {
  name: 'events_append_locked',
  text: `with locked as (select count(pg_advisory_xact_lock(${APPEND_LOCK_NS}, p)) as n from unnest($2::int[]) as l(p)),
      ins as (${INSERT_ROWS}, locked returning id, position, partition, type),
      heads as (select partition, type, max(position) as head from ins group by partition, type)
    select id, position, (select pg_notify('${EVENTS_CHANNEL}', string_agg(partition || ':' || type || ':' || head, ',')) from heads) as notified from ins`,
};

/**
 * Appends events inside the caller's transaction, which should be about to commit. On a server, each touched
 * partition is locked until commit, so a later writer of that partition draws its positions after this one is
 * visible: a reader never skips a position that commits late. PGlite runs one transaction at a time anyway.
 *
 * This runs for every message, so it is one hand-written statement: on a server the locks, the insert and the
 * NOTIFY in one round trip, each payload encoded to JSON once.
 */
export async function appendEvents(tx: Executor, server: boolean, pending: PendingEvent[]): Promise<RecordedEvent[]> {
  if (!pending.length) return [];
  const keyed = await withContacts(tx, pending.map((e) => eventKeys(e.payload)));
  const rows = pending.map((e, i) => ({
    // Made here, so the positions that come back are matched by id, not by the order of the returned rows.
    id: randomUUID(),
    type: e.type, partition: partitionOf(keyed[i].contactId ?? keyed[i].conversationId ?? e.type), ...keyed[i], payload: encodePayload(e.payload),
  }));
  // One JSON parameter holding every row, each payload spliced in as the JSON it already is: an array parameter
  // per column had the driver escape every payload again into an array literal.
  const json = `[${rows.map((r) => `{"id":"${r.id}","type":${JSON.stringify(r.type)},"partition":${r.partition},"conversation_id":${JSON.stringify(r.conversationId)},"contact_id":${JSON.stringify(r.contactId)},"inbox_id":${JSON.stringify(r.inboxId)},"payload":${r.payload}}`).join(',')}]`;
  let statement = APPEND;
  const values: unknown[] = [json];
  if (server) {
    // Sorted, so two writers of the same partitions never wait on each other in a cycle.
    statement = APPEND_LOCKED;
    values.push([...new Set(rows.map((r) => r.partition))].sort((a, b) => a - b));
  }
  const stored = await runFixed(tx, server, statement, values) as { id: string; position: string | number }[];
  const positions = new Map(stored.map((s) => [s.id, Number(s.position)]));
  return pending.map((e, i) => ({ ...e, id: rows[i].id, position: positions.get(rows[i].id)!, partition: rows[i].partition }));
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

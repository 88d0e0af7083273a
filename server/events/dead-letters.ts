import { desc, eq } from 'drizzle-orm';
import { schema, type Db } from '../db/client.js';
import type { EventBus } from './bus.js';
import type { EventName } from './catalogue.js';
import { decodePayload } from './codec.js';

export interface DeadLetterView {
  id: string; consumer: string; error: string; attempts: number; createdAt: string;
  event: { id: string; position: number; type: string; conversationId: string | null; contactId: string | null; createdAt: string };
}

export async function listDeadLetters(db: Db, limit = 100): Promise<DeadLetterView[]> {
  const rows = await db.select({ d: schema.eventDeadLetters, e: schema.events }).from(schema.eventDeadLetters)
    .innerJoin(schema.events, eq(schema.events.position, schema.eventDeadLetters.eventPosition))
    .orderBy(desc(schema.eventDeadLetters.createdAt)).limit(limit);
  return rows.map(({ d, e }) => ({
    id: d.id, consumer: d.consumer, error: d.error, attempts: d.attempts, createdAt: d.createdAt.toISOString(),
    event: { id: e.id, position: e.position, type: e.type, conversationId: e.conversationId, contactId: e.contactId, createdAt: e.createdAt.toISOString() },
  }));
}

export type RetryOutcome = { status: 'not_found' } | { status: 'done' } | { status: 'failed'; error: string };

/**
 * An operator's retry: the consumer handles the parked event once more, on this node; on success the dead
 * letter is gone, on failure it stays with the new error. Effects are idempotent on the event id, so a retry
 * of something that half-succeeded before does not double it.
 */
export async function retryDeadLetter(db: Db, bus: EventBus, id: string): Promise<RetryOutcome> {
  const [row] = await db.select({ d: schema.eventDeadLetters, e: schema.events }).from(schema.eventDeadLetters)
    .innerJoin(schema.events, eq(schema.events.position, schema.eventDeadLetters.eventPosition))
    .where(eq(schema.eventDeadLetters.id, id));
  const consumer = row && bus.consumers.get(row.d.consumer);
  if (!row || !consumer) return { status: 'not_found' };
  const type = row.e.type as EventName;
  try {
    await consumer.handle(type, decodePayload(type, row.e.payload), { id: row.e.id, position: row.e.position, type, createdAt: row.e.createdAt });
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    await db.update(schema.eventDeadLetters).set({ error, attempts: row.d.attempts + 1 }).where(eq(schema.eventDeadLetters.id, id));
    return { status: 'failed', error };
  }
  await db.delete(schema.eventDeadLetters).where(eq(schema.eventDeadLetters.id, id));
  return { status: 'done' };
}

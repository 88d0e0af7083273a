import { and, eq } from 'drizzle-orm';
import { schema, type Db } from '../db/client.js';
import type { EventMeta } from './consumer.js';

/**
 * Runs an effect at most once per consumer and event, for effects that have no natural key of their own (a
 * notification, a Slack post): done effects are remembered in event_effects, so an event delivered again after
 * a crash finds its mark and is skipped. Effects with a key of their own (a webhook delivery id derived from
 * the event id, a bot reply to one message) dedupe on that key instead.
 */
export async function onceFor(db: Db, consumer: string, meta: EventMeta, effect: () => Promise<unknown>): Promise<void> {
  const [done] = await db.select({ id: schema.eventEffects.eventId }).from(schema.eventEffects)
    .where(and(eq(schema.eventEffects.consumer, consumer), eq(schema.eventEffects.eventId, meta.id)));
  if (done) return;
  await effect();
  await db.insert(schema.eventEffects).values({ consumer, eventId: meta.id }).onConflictDoNothing();
}

import { bigint, bigserial, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * The event log (transactional outbox): every domain event, appended in the transaction of the change it
 * describes. Append-only; `position` orders the events of one partition (a conversation, else a contact).
 */
export const events = pgTable('events', {
  position: bigserial('position', { mode: 'number' }).primaryKey(),
  id: uuid('id').notNull().defaultRandom(),
  type: text('type').notNull(),
  partition: smallint('partition').notNull(),
  conversationId: uuid('conversation_id'),
  contactId: uuid('contact_id'),
  inboxId: uuid('inbox_id'),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('events_id_uq').on(t.id), index('events_partition_position_idx').on(t.partition, t.position)]);

/** How far each named consumer has read each partition of the log (the position of the last event it handled). */
export const eventOffsets = pgTable('event_offsets', {
  consumer: text('consumer').notNull(),
  partition: smallint('partition').notNull(),
  position: bigint('position', { mode: 'number' }).notNull().default(0),
  /** The event types this consumer reads: the others are never fetched, and do not count as lag. */
  types: text('types').array().notNull().default([]),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ name: 'event_offsets_pk', columns: [t.consumer, t.partition] })]);

/** Events a consumer gave up on after its retries: shown in Operations with the error, retried from there. */
export const eventDeadLetters = pgTable('event_dead_letters', {
  id: uuid('id').primaryKey().defaultRandom(),
  consumer: text('consumer').notNull(),
  eventPosition: bigint('event_position', { mode: 'number' }).notNull().references(() => events.position, { onDelete: 'cascade' }),
  error: text('error').notNull(),
  attempts: integer('attempts').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('event_dead_letters_consumer_event_uq').on(t.consumer, t.eventPosition)]);

/** Effects already done, by consumer and event id: a redelivered event finds its effect here and skips it. */
export const eventEffects = pgTable('event_effects', {
  consumer: text('consumer').notNull(),
  eventId: uuid('event_id').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ name: 'event_effects_pk', columns: [t.consumer, t.eventId] })]);

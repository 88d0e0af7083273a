import { pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { conversations } from '../../conversations/schema.js';

/** The Slack thread that mirrors a conversation; looked up both ways (event → conversation, message → thread). */
export const slackThreads = pgTable('slack_threads', {
  conversationId: uuid('conversation_id').primaryKey().references(() => conversations.id, { onDelete: 'cascade' }),
  channelId: text('channel_id').notNull(),
  threadTs: text('thread_ts').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('slack_threads_channel_ts_uq').on(t.channelId, t.threadTs)]);

/** Slack event ids already handled: Slack retries an event it thinks we missed, with the same event_id. */
export const slackEvents = pgTable('slack_events', {
  eventId: text('event_id').primaryKey(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
});

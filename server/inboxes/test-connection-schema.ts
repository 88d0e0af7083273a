// The latest connection test of each inbox, with the provider's answer: the onboarding checklist counts a channel
// as connected once it passed, and every admin sees the last answer on the inbox.
import { boolean, jsonb, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { ConnectionCheck } from '../../channels/types.js';
import { inboxes } from './schema.js';

export const inboxConnectionTests = pgTable('inbox_connection_tests', {
  inboxId: uuid('inbox_id').primaryKey().references(() => inboxes.id, { onDelete: 'cascade' }),
  ok: boolean('ok').notNull(),
  checkedAt: timestamp('checked_at', { withTimezone: true }).notNull(),
  checks: jsonb('checks').$type<(ConnectionCheck & { ok: boolean })[]>().notNull().default([]),
});

// The latest connection test of each inbox: the onboarding checklist counts a channel as connected once it passed.
import { boolean, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import { inboxes } from './schema.js';

export const inboxConnectionTests = pgTable('inbox_connection_tests', {
  inboxId: uuid('inbox_id').primaryKey().references(() => inboxes.id, { onDelete: 'cascade' }),
  ok: boolean('ok').notNull(),
  checkedAt: timestamp('checked_at', { withTimezone: true }).notNull(),
});

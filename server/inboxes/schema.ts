// Inboxes (one per channel connection, its config with secrets sealed) and who may work in each.
import { boolean, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { id, createdAt } from '../db/columns.js';
import { agents, teams } from '../agents/schema.js';

export const inboxes = pgTable('inboxes', {
  id: id(),
  name: text('name').notNull(),
  channel: text('channel').notNull(),
  // Channel settings; secret fields are encrypted at rest when SECRET_KEY is set (shared/secrets.ts).
  config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
  widgetKey: text('widget_key').unique(),
  botEnabled: boolean('bot_enabled').notNull().default(false),
  teamId: uuid('team_id').references(() => teams.id, { onDelete: 'set null' }),
  // Set while the inbox is archived: its conversations stay readable, no channel may add to them.
  archivedAt: timestamp('archived_at', { withTimezone: true }),
  createdAt: createdAt(),
});

export const inboxMembers = pgTable('inbox_members', {
  inboxId: uuid('inbox_id').notNull().references(() => inboxes.id, { onDelete: 'cascade' }),
  agentId: uuid('agent_id').notNull().references(() => agents.id, { onDelete: 'cascade' }),
}, (t) => [primaryKey({ columns: [t.inboxId, t.agentId] }), index('inbox_members_agent_idx').on(t.agentId)]);

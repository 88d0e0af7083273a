// Conversations: one thread with one contact in one inbox, its status, assignment and timers.
import { sql } from 'drizzle-orm';
import { type AnyPgColumn, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, createdAt, updatedAt } from '../db/columns.js';
import { agents, teams } from '../agents/schema.js';
import { contactIdentities, contacts } from '../contacts/schema.js';
import { inboxes } from '../inboxes/schema.js';

export const conversations = pgTable('conversations', {
  id: id(),
  inboxId: uuid('inbox_id').notNull().references(() => inboxes.id, { onDelete: 'cascade' }),
  contactId: uuid('contact_id').notNull().references(() => contacts.id, { onDelete: 'cascade' }),
  // The identity (phone number, e-mail address, visitor ...) this conversation talks to.
  contactIdentityId: uuid('contact_identity_id').references(() => contactIdentities.id, { onDelete: 'set null' }),
  status: text('status', { enum: ['open', 'pending', 'snoozed', 'resolved'] }).notNull().default('open'),
  priority: text('priority', { enum: ['none', 'low', 'medium', 'high', 'urgent'] }).notNull().default('none'),
  assigneeId: uuid('assignee_id').references(() => agents.id, { onDelete: 'set null' }),
  teamId: uuid('team_id').references(() => teams.id, { onDelete: 'set null' }),
  labels: text('labels').array().notNull().default(sql`'{}'::text[]`),
  subject: text('subject'),
  attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
  unreadCount: integer('unread_count').notNull().default(0),
  lastMessageAt: timestamp('last_message_at', { withTimezone: true }).notNull().defaultNow(),
  waitingSince: timestamp('waiting_since', { withTimezone: true }),
  firstReplyAt: timestamp('first_reply_at', { withTimezone: true }),
  snoozedUntil: timestamp('snoozed_until', { withTimezone: true }),
  resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  // Set on the secondary of a merge: the conversation its messages now live in.
  mergedIntoId: uuid('merged_into_id').references((): AnyPgColumn => conversations.id, { onDelete: 'set null' }),
  // The id a conversation had in the tool it was imported from (import is idempotent on it, per inbox).
  externalId: text('external_id'),
  // The visitor's own read marker, so each of a visitor's conversations keeps its unread count.
  contactLastReadAt: timestamp('contact_last_read_at', { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  uniqueIndex('conversations_inbox_external_uq').on(t.inboxId, t.externalId),
  index('conversations_inbox_status_idx').on(t.inboxId, t.status, t.lastMessageAt, t.id),
  index('conversations_assignee_idx').on(t.assigneeId, t.status, t.lastMessageAt),
  index('conversations_status_last_idx').on(t.status, t.lastMessageAt, t.id),
  index('conversations_last_idx').on(t.lastMessageAt, t.id),
  index('conversations_contact_idx').on(t.contactId, t.inboxId, t.lastMessageAt),
  index('conversations_labels_idx').using('gin', t.labels),
]);

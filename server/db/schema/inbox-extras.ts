// Tables the agent inbox adds on top of the core: label catalogue, canned
// responses, e-mail invitations and @mention notifications.
// Conversations keep labels as a text[] of names (core column); this table
// only gives names a colour and a description for pickers and filters.
import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { agents, conversations, messages } from './core.js';

const id = () => uuid('id').primaryKey().default(sql`gen_random_uuid()`);
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const inboxLabels = pgTable('inbox_labels', {
  id: id(),
  name: text('name').notNull(),
  color: text('color').notNull().default('#4f46e5'),
  description: text('description'),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('inbox_labels_name_uq').on(t.name)]);

export const cannedResponses = pgTable('canned_responses', {
  id: id(),
  shortCode: text('short_code').notNull(),
  content: text('content').notNull(),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('canned_responses_short_code_uq').on(sql`lower(${t.shortCode})`)]);

export const agentInvites = pgTable('agent_invites', {
  id: id(),
  email: text('email').notNull(),
  role: text('role', { enum: ['admin', 'agent'] }).notNull().default('agent'),
  inboxIds: uuid('inbox_ids').array().notNull().default(sql`'{}'::uuid[]`),
  // Only the hash is stored: the link in the e-mail is the sole copy of the token.
  tokenHash: text('token_hash').notNull().unique(),
  invitedById: uuid('invited_by_id').references(() => agents.id, { onDelete: 'set null' }),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  acceptedAt: timestamp('accepted_at', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [index('agent_invites_email_idx').on(sql`lower(${t.email})`)]);

export const mentionNotifications = pgTable('mention_notifications', {
  id: id(),
  agentId: uuid('agent_id').notNull().references(() => agents.id, { onDelete: 'cascade' }),
  conversationId: uuid('conversation_id').notNull().references(() => conversations.id, { onDelete: 'cascade' }),
  messageId: uuid('message_id').notNull().references(() => messages.id, { onDelete: 'cascade' }),
  authorId: uuid('author_id').references(() => agents.id, { onDelete: 'set null' }),
  readAt: timestamp('read_at', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('mention_notifications_agent_message_uq').on(t.agentId, t.messageId),
  index('mention_notifications_agent_idx').on(t.agentId, t.createdAt),
]);

// A password reset link: only the token's hash is stored (the e-mail holds the sole copy); used once, short-lived.
export const passwordResets = pgTable('password_resets', {
  id: id(),
  agentId: uuid('agent_id').notNull().references(() => agents.id, { onDelete: 'cascade' }),
  tokenHash: text('token_hash').notNull().unique(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [index('password_resets_agent_idx').on(t.agentId)]);

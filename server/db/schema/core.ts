import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn, boolean, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';

// Full-text search vectors are written as SQL expressions over pre-segmented text (see domain/search.ts):
// Thai and Chinese have no spaces, so Postgres' parsers alone cannot split them into words.
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

const id = () => uuid('id').primaryKey().default(sql`gen_random_uuid()`);
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export const agents = pgTable('agents', {
  id: id(),
  email: text('email').notNull(),
  name: text('name').notNull(),
  passwordHash: text('password_hash'),
  role: text('role', { enum: ['admin', 'agent'] }).notNull().default('agent'),
  avatarUrl: text('avatar_url'),
  locale: text('locale'),
  availability: text('availability', { enum: ['online', 'away', 'busy'] }).notNull().default('online'),
  disabled: boolean('disabled').notNull().default(false),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('agents_email_uq').on(sql`lower(${t.email})`)]);

export const agentTokens = pgTable('agent_tokens', {
  id: id(),
  agentId: uuid('agent_id').notNull().references(() => agents.id, { onDelete: 'cascade' }),
  tokenHash: text('token_hash').notNull().unique(),
  kind: text('kind', { enum: ['session', 'api'] }).notNull().default('session'),
  expiresAt: timestamp('expires_at', { withTimezone: true }),
  createdAt: createdAt(),
});

export const teams = pgTable('teams', {
  id: id(),
  name: text('name').notNull().unique(),
  description: text('description'),
  createdAt: createdAt(),
});

export const teamMembers = pgTable('team_members', {
  teamId: uuid('team_id').notNull().references(() => teams.id, { onDelete: 'cascade' }),
  agentId: uuid('agent_id').notNull().references(() => agents.id, { onDelete: 'cascade' }),
}, (t) => [primaryKey({ columns: [t.teamId, t.agentId] })]);

export const inboxes = pgTable('inboxes', {
  id: id(),
  name: text('name').notNull(),
  channel: text('channel').notNull(),
  // Channel settings; secret fields are encrypted at rest when SECRET_KEY is set (domain/secrets.ts).
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

export const contacts = pgTable('contacts', {
  id: id(),
  name: text('name'),
  email: text('email'),
  phone: text('phone'),
  avatarUrl: text('avatar_url'),
  attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
}, (t) => [
  index('contacts_email_idx').on(sql`lower(${t.email})`),
  index('contacts_phone_idx').on(t.phone),
]);

export const contactIdentities = pgTable('contact_identities', {
  id: id(),
  contactId: uuid('contact_id').notNull().references(() => contacts.id, { onDelete: 'cascade' }),
  channel: text('channel').notNull(),
  address: text('address').notNull(),
  verified: boolean('verified').notNull().default(false),
  optedOutAt: timestamp('opted_out_at', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('contact_identities_channel_address_uq').on(t.channel, t.address),
  index('contact_identities_contact_idx').on(t.contactId),
]);

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
  index('conversations_contact_idx').on(t.contactId, t.inboxId, t.status),
  index('conversations_labels_idx').using('gin', t.labels),
]);

export const messages = pgTable('messages', {
  id: id(),
  conversationId: uuid('conversation_id').notNull().references(() => conversations.id, { onDelete: 'cascade' }),
  inboxId: uuid('inbox_id').notNull().references(() => inboxes.id, { onDelete: 'cascade' }),
  direction: text('direction', { enum: ['incoming', 'outgoing', 'activity'] }).notNull(),
  senderType: text('sender_type', { enum: ['contact', 'agent', 'bot', 'system'] }).notNull(),
  senderId: uuid('sender_id'),
  body: text('body').notNull().default(''),
  html: text('html'),
  contentType: text('content_type').notNull().default('text'),
  content: jsonb('content').$type<Record<string, unknown>>(),
  private: boolean('private').notNull().default(false),
  attachments: jsonb('attachments').$type<AttachmentMeta[]>().notNull().default([]),
  // The provider's id for inbound messages (idempotency key) or for sent outbound ones.
  externalId: text('external_id'),
  clientId: text('client_id'),
  status: text('status', { enum: ['received', 'queued', 'sent', 'delivered', 'read', 'failed'] }).notNull(),
  error: text('error'),
  attempts: integer('attempts').notNull().default(0),
  meta: jsonb('meta').$type<Record<string, unknown>>().notNull().default({}),
  // The conversation a message came from when it was merged into another one (undo moves it back).
  mergedFromId: uuid('merged_from_id'),
  // Set on messages written by a consumer's effect (a bot turn): the same effect replayed after a crash writes
  // the same key, and the second insert is a no-op instead of a second reply.
  originKey: text('origin_key'),
  searchVector: tsvector('search_vector'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  uniqueIndex('messages_inbox_external_uq').on(t.inboxId, t.externalId),
  index('messages_conversation_idx').on(t.conversationId, t.createdAt, t.id),
  index('messages_search_idx').using('gin', t.searchVector),
  index('messages_failed_idx').on(t.status).where(sql`status = 'failed'`),
  index('messages_merged_from_idx').on(t.mergedFromId).where(sql`merged_from_id IS NOT NULL`),
  uniqueIndex('messages_origin_key_uq').on(t.originKey).where(sql`origin_key IS NOT NULL`),
]);

export interface AttachmentMeta {
  id: string;
  name: string;
  contentType: string;
  size: number;
  url?: string;
  storageKey?: string;
}

// Attachment bytes live in PostgreSQL so every node (and a PGlite restart) sees the same files.
const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });
export const attachmentBlobs = pgTable('attachment_blobs', {
  id: id(),
  name: text('name').notNull(),
  contentType: text('content_type').notNull(),
  size: integer('size').notNull(),
  data: bytea('data').notNull(),
  createdAt: createdAt(),
});

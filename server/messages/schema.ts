// Messages of a conversation, their attachments (bytes in PostgreSQL) and the @mentions in notes.
import { sql } from 'drizzle-orm';
import { boolean, customType, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, createdAt, updatedAt, tsvector } from '../db/columns.js';
import { agents } from '../agents/schema.js';
import { conversations } from '../conversations/schema.js';
import { inboxes } from '../inboxes/schema.js';

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
  index('messages_public_outgoing_idx').on(t.conversationId, t.createdAt).where(sql`direction = 'outgoing' AND private = false`),
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

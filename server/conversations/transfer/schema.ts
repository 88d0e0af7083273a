// Merging conversations (with its undo record) and background exports of conversations.
import { sql } from 'drizzle-orm';
import { bigint, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { agents } from '../../agents/schema.js';
import { conversations } from '../schema.js';

const id = () => uuid('id').primaryKey().default(sql`gen_random_uuid()`);
const ts = (name: string) => timestamp(name, { withTimezone: true });
const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/** One merge of `secondary` into `primary`; `snapshot` holds what undo needs to put everything back. */
export const conversationMerges = pgTable('conversation_merges', {
  id: id(),
  primaryId: uuid('primary_id').notNull().references(() => conversations.id, { onDelete: 'cascade' }),
  secondaryId: uuid('secondary_id').notNull().references(() => conversations.id, { onDelete: 'cascade' }),
  mergedById: uuid('merged_by_id').references(() => agents.id, { onDelete: 'set null' }),
  snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
  undoUntil: ts('undo_until').notNull(),
  undoneAt: ts('undone_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  index('conversation_merges_primary_idx').on(t.primaryId, t.createdAt),
  index('conversation_merges_secondary_idx').on(t.secondaryId),
]);

export const conversationExports = pgTable('conversation_exports', {
  id: id(),
  agentId: uuid('agent_id').notNull().references(() => agents.id, { onDelete: 'cascade' }),
  format: text('format', { enum: ['csv', 'jsonl'] }).notNull(),
  filters: jsonb('filters').$type<Record<string, unknown>>().notNull(),
  status: text('status', { enum: ['queued', 'running', 'done', 'failed'] }).notNull().default('queued'),
  total: integer('total'),
  processed: integer('processed').notNull().default(0),
  bytes: bigint('bytes', { mode: 'number' }).notNull().default(0),
  error: text('error'),
  createdAt: ts('created_at').notNull().defaultNow(),
  finishedAt: ts('finished_at'),
});

/** The export file in pieces, so neither writing nor downloading ever holds the whole file. */
export const conversationExportChunks = pgTable('conversation_export_chunks', {
  exportId: uuid('export_id').notNull().references(() => conversationExports.id, { onDelete: 'cascade' }),
  seq: integer('seq').notNull(),
  data: bytea('data').notNull(),
}, (t) => [primaryKey({ name: 'conversation_export_chunks_pk', columns: [t.exportId, t.seq] })]);

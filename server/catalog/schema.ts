// The shared catalogue agents pick from: labels and canned responses.
import { sql } from 'drizzle-orm';
import { pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { id, createdAt } from '../db/columns.js';

// Conversations keep labels as a text[] of names (a conversations column); this table
// only gives names a colour and a description for pickers and filters.
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

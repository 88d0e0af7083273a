import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { conversations } from '../conversations/schema.js';
import { inboxes } from '../inboxes/schema.js';

// Knowledge-base articles the bot answers from. `questions` are the ways customers ask for this article;
// matching runs over title + questions (see server/bot/kb), the body is the answer sent back.
export const kbArticles = pgTable('kb_articles', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  title: text('title').notNull(),
  body: text('body').notNull(),
  locale: text('locale').notNull(),
  questions: jsonb('questions').$type<string[]>().notNull().default([]),
  tags: jsonb('tags').$type<string[]>().notNull().default([]),
  enabled: boolean('enabled').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('kb_articles_locale_idx').on(t.locale)]);

// Admin-edited synonym groups: words and phrases customers use for the same thing ("arrive", "delivery").
// Added to the built-in groups of server/bot/kb/lexicon.ts when articles are matched.
export const kbSynonyms = pgTable('kb_synonyms', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  terms: jsonb('terms').$type<string[]>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

// bottender sessions (one per conversation), so a bot mid-flow survives restarts and is shared by every node.
export const botSessions = pgTable('bot_sessions', {
  key: text('key').primaryKey(),
  data: jsonb('data').$type<Record<string, unknown>>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const BOT_EVENT_KINDS = [
  'handled', 'answered', 'suggested', 'unanswered', 'feedback', 'handoff', 'lead',
  /** An agent turned a question the bot missed into an article or a phrasing (articleId says which). */
  'learned',
  /** Reply suggestions shown to an agent in the composer, and the ones inserted (reason: kb | reply). */
  'suggestions_shown', 'suggestion_used',
] as const;

// What the bot did, for metrics: answered / unanswered questions, feedback, handoffs and their reasons.
export const botEvents = pgTable('bot_events', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  inboxId: uuid('inbox_id').notNull().references(() => inboxes.id, { onDelete: 'cascade' }),
  conversationId: uuid('conversation_id').notNull().references(() => conversations.id, { onDelete: 'cascade' }),
  kind: text('kind', { enum: BOT_EVENT_KINDS }).notNull(),
  articleId: uuid('article_id').references(() => kbArticles.id, { onDelete: 'set null' }),
  helpful: boolean('helpful'),
  reason: text('reason'),
  query: text('query'),
  // Which turn wrote this fact and its place in the turn: a turn replayed after a crash counts nothing twice.
  originKey: text('origin_key'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('bot_events_kind_idx').on(t.kind, t.createdAt),
  uniqueIndex('bot_events_origin_key_uq').on(t.originKey).where(sql`origin_key IS NOT NULL`),
  index('bot_events_conversation_idx').on(t.conversationId),
]);

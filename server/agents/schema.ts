// Agents, their sign-in tokens, teams, invitations and password resets.
import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, createdAt } from '../db/columns.js';

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

// A password reset link: only the token's hash is stored (the e-mail holds the sole copy); used once, short-lived.
export const passwordResets = pgTable('password_resets', {
  id: id(),
  agentId: uuid('agent_id').notNull().references(() => agents.id, { onDelete: 'cascade' }),
  tokenHash: text('token_hash').notNull().unique(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [index('password_resets_agent_idx').on(t.agentId)]);

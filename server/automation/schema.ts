// Operations: routing, automation, business hours and SLAs, CSAT, report facts, outbound webhooks, API token
// scopes and the audit log. Everything here hangs off the core tables; deleting a conversation or contact
// cascades into these rows (GDPR erasure relies on it).
import { sql } from 'drizzle-orm';
import {
  boolean, date, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import { agents, agentTokens } from '../agents/schema.js';
import { contacts } from '../contacts/schema.js';
import { conversations } from '../conversations/schema.js';
import { inboxes } from '../inboxes/schema.js';

const id = () => uuid('id').primaryKey().default(sql`gen_random_uuid()`);
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const ts = (name: string) => timestamp(name, { withTimezone: true });

/** How new conversations of an inbox find an agent. */
export const assignmentPolicies = pgTable('assignment_policies', {
  inboxId: uuid('inbox_id').primaryKey().references(() => inboxes.id, { onDelete: 'cascade' }),
  mode: text('mode', { enum: ['off', 'round_robin', 'balanced'] }).notNull().default('round_robin'),
  /** Open conversations an agent may hold at once; null = unlimited. */
  capacity: integer('capacity'),
  /** Per-agent overrides of capacity: {agentId: n}. */
  agentCapacities: jsonb('agent_capacities').$type<Record<string, number>>().notNull().default({}),
  /** Only members of the conversation's team take it (when it has a team). */
  teamRouting: boolean('team_routing').notNull().default(true),
});

/** Round-robin turn order: the member assigned longest ago goes next. */
export const assignmentTurns = pgTable('assignment_turns', {
  inboxId: uuid('inbox_id').notNull().references(() => inboxes.id, { onDelete: 'cascade' }),
  agentId: uuid('agent_id').notNull().references(() => agents.id, { onDelete: 'cascade' }),
  turn: integer('turn').notNull(),
}, (t) => [primaryKey({ columns: [t.inboxId, t.agentId] })]);

export interface WeeklyHours { day: number; open: string; close: string }

export const inboxSchedules = pgTable('inbox_schedules', {
  inboxId: uuid('inbox_id').primaryKey().references(() => inboxes.id, { onDelete: 'cascade' }),
  timeZone: text('time_zone').notNull().default('UTC'),
  /** day 0 = Sunday; times are local "HH:MM"; several intervals per day allowed. */
  weekly: jsonb('weekly').$type<WeeklyHours[]>().notNull().default([]),
  /** Local dates "YYYY-MM-DD" on which the inbox is closed all day. */
  holidays: text('holidays').array().notNull().default(sql`'{}'::text[]`),
});

export const slaPolicies = pgTable('sla_policies', {
  id: id(),
  name: text('name').notNull(),
  firstResponseMinutes: integer('first_response_minutes'),
  nextResponseMinutes: integer('next_response_minutes'),
  resolutionMinutes: integer('resolution_minutes'),
  businessHours: boolean('business_hours').notNull().default(false),
  createdAt: createdAt(),
});

/** The SLA applied to one conversation and its current deadlines. */
export const conversationSlas = pgTable('conversation_slas', {
  conversationId: uuid('conversation_id').primaryKey().references(() => conversations.id, { onDelete: 'cascade' }),
  policyId: uuid('policy_id').notNull().references(() => slaPolicies.id, { onDelete: 'cascade' }),
  firstResponseDue: ts('first_response_due'),
  nextResponseDue: ts('next_response_due'),
  resolutionDue: ts('resolution_due'),
  /** Targets missed so far: 'first_response' | 'next_response' | 'resolution'. */
  breached: text('breached').array().notNull().default(sql`'{}'::text[]`),
  appliedAt: createdAt(),
}, (t) => [
  index('conversation_slas_policy_idx').on(t.policyId),
]);

export const automationRules = pgTable('automation_rules', {
  id: id(),
  name: text('name').notNull(),
  event: text('event').notNull(),
  conditions: jsonb('conditions').$type<unknown>().notNull(),
  actions: jsonb('actions').$type<unknown[]>().notNull(),
  position: integer('position').notNull().default(0),
  enabled: boolean('enabled').notNull().default(true),
  createdAt: createdAt(),
}, (t) => [index('automation_rules_event_idx').on(t.event, t.position)]);

/** Every rule run that matched (or was skipped by the loop guard), shown with the conversation. */
export const automationRuns = pgTable('automation_runs', {
  id: id(),
  ruleId: uuid('rule_id').references(() => automationRules.id, { onDelete: 'set null' }),
  ruleName: text('rule_name').notNull(),
  conversationId: uuid('conversation_id').references(() => conversations.id, { onDelete: 'cascade' }),
  event: text('event').notNull(),
  outcome: text('outcome', { enum: ['applied', 'skipped_loop', 'failed'] }).notNull(),
  actions: jsonb('actions').$type<unknown[]>().notNull().default([]),
  error: text('error'),
  createdAt: createdAt(),
}, (t) => [index('automation_runs_conversation_idx').on(t.conversationId, t.createdAt)]);

export const csatResponses = pgTable('csat_responses', {
  id: id(),
  conversationId: uuid('conversation_id').notNull().references(() => conversations.id, { onDelete: 'cascade' }),
  contactId: uuid('contact_id').notNull().references(() => contacts.id, { onDelete: 'cascade' }),
  inboxId: uuid('inbox_id').notNull().references(() => inboxes.id, { onDelete: 'cascade' }),
  agentId: uuid('agent_id').references(() => agents.id, { onDelete: 'set null' }),
  channel: text('channel').notNull(),
  rating: integer('rating'),
  comment: text('comment'),
  sentAt: createdAt(),
  answeredAt: ts('answered_at'),
}, (t) => [
  index('csat_responses_answered_idx').on(t.answeredAt),
  index('csat_responses_conversation_idx').on(t.conversationId),
]);

/**
 * One row per conversation with the figures reports need, kept current by the reporting listener and
 * rebuildable from conversations + messages. Reports aggregate this instead of scanning messages.
 */
export const reportConversationFacts = pgTable('report_conversation_facts', {
  conversationId: uuid('conversation_id').primaryKey().references(() => conversations.id, { onDelete: 'cascade' }),
  inboxId: uuid('inbox_id').notNull(),
  channel: text('channel').notNull(),
  teamId: uuid('team_id'),
  assigneeId: uuid('assignee_id'),
  labels: text('labels').array().notNull().default(sql`'{}'::text[]`),
  createdAt: ts('created_at').notNull(),
  firstResponseAt: ts('first_response_at'),
  firstResponseSeconds: real('first_response_seconds'),
  firstResponseBhSeconds: real('first_response_bh_seconds'),
  resolvedAt: ts('resolved_at'),
  resolutionSeconds: real('resolution_seconds'),
  resolutionBhSeconds: real('resolution_bh_seconds'),
  botResolved: boolean('bot_resolved').notNull().default(false),
  handedOff: boolean('handed_off').notNull().default(false),
  slaMet: boolean('sla_met'),
}, (t) => [
  index('report_facts_created_idx').on(t.createdAt),
  index('report_facts_first_response_idx').on(t.firstResponseAt),
  index('report_facts_resolved_idx').on(t.resolvedAt),
]);

/** Messages and replies per day and dimension; reply seconds are summed so means combine exactly. */
export const reportMessageDaily = pgTable('report_message_daily', {
  day: date('day').notNull(),
  inboxId: uuid('inbox_id').notNull(),
  channel: text('channel').notNull(),
  /** The replying agent for outgoing messages, the conversation's assignee for incoming ones. */
  agentId: uuid('agent_id').notNull().default(sql`'00000000-0000-0000-0000-000000000000'::uuid`),
  teamId: uuid('team_id').notNull().default(sql`'00000000-0000-0000-0000-000000000000'::uuid`),
  received: integer('received').notNull().default(0),
  sent: integer('sent').notNull().default(0),
  replies: integer('replies').notNull().default(0),
  replySeconds: real('reply_seconds').notNull().default(0),
  replyBhSeconds: real('reply_bh_seconds').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.day, t.inboxId, t.agentId, t.teamId] })]);

export const webhookSubscriptions = pgTable('webhook_subscriptions', {
  id: id(),
  url: text('url').notNull(),
  events: text('events').array().notNull(),
  secret: text('secret').notNull(),
  /** Admin opt-in to reach private or loopback addresses (on-premise receivers). */
  allowPrivate: boolean('allow_private').notNull().default(false),
  enabled: boolean('enabled').notNull().default(true),
  consecutiveFailures: integer('consecutive_failures').notNull().default(0),
  disabledReason: text('disabled_reason'),
  disabledAt: ts('disabled_at'),
  createdAt: createdAt(),
});

export const webhookDeliveries = pgTable('webhook_deliveries', {
  id: id(),
  subscriptionId: uuid('subscription_id').notNull().references(() => webhookSubscriptions.id, { onDelete: 'cascade' }),
  event: text('event').notNull(),
  body: text('body').notNull(),
  status: text('status', { enum: ['pending', 'delivered', 'failed'] }).notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  responseStatus: integer('response_status'),
  error: text('error'),
  createdAt: createdAt(),
  deliveredAt: ts('delivered_at'),
}, (t) => [index('webhook_deliveries_subscription_idx').on(t.subscriptionId, t.createdAt)]);

/** Scopes and names of API tokens (the token itself is an agent_tokens row of kind 'api'). */
export const apiTokens = pgTable('api_tokens', {
  id: id(),
  agentTokenId: uuid('agent_token_id').notNull().references(() => agentTokens.id, { onDelete: 'cascade' }),
  tokenHash: text('token_hash').notNull(),
  agentId: uuid('agent_id').notNull().references(() => agents.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['personal', 'bot'] }).notNull(),
  scopes: text('scopes').array().notNull(),
  createdById: uuid('created_by_id').references(() => agents.id, { onDelete: 'set null' }),
  lastUsedAt: ts('last_used_at'),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('api_tokens_hash_uq').on(t.tokenHash)]);

export const auditLog = pgTable('audit_log', {
  id: id(),
  actorId: uuid('actor_id'),
  actorEmail: text('actor_email'),
  action: text('action').notNull(),
  targetType: text('target_type'),
  targetId: text('target_id'),
  details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: createdAt(),
}, (t) => [index('audit_log_created_idx').on(t.createdAt)]);

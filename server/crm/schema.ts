// The light CRM on top of the customer record: lifecycle stages, custom field definitions, companies,
// lead-scoring rules and the facts they score, tasks, timeline, segments and campaigns.
// Custom field values themselves live in the core jsonb columns (contacts.attributes, conversations.attributes).
import { sql } from 'drizzle-orm';
import {
  boolean, index, integer, jsonb, pgTable, real, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import { agents } from '../agents/schema.js';
import { contacts } from '../contacts/schema.js';
import { conversations } from '../conversations/schema.js';
import { inboxes } from '../inboxes/schema.js';
import { messages } from '../messages/schema.js';

const id = () => uuid('id').primaryKey().default(sql`gen_random_uuid()`);
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const ts = (name: string) => timestamp(name, { withTimezone: true });

export const crmStages = pgTable('crm_stages', {
  // The key is stable (segments, rules and history refer to it); admins rename the label.
  key: text('key').primaryKey(),
  label: text('label').notNull(),
  position: integer('position').notNull(),
  // Reaching this lead score moves a contact up to this stage (never down).
  minScore: integer('min_score'),
  createdAt: createdAt(),
});

export const crmCompanies = pgTable('crm_companies', {
  id: id(),
  domain: text('domain').notNull().unique(),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

/** One row per contact: what the CRM knows beyond the core record (kept out of attributes to index it). */
export const crmContactState = pgTable('crm_contact_state', {
  contactId: uuid('contact_id').primaryKey().references(() => contacts.id, { onDelete: 'cascade' }),
  stage: text('stage').notNull(),
  stageChangedAt: ts('stage_changed_at').notNull().defaultNow(),
  score: integer('score').notNull().default(0),
  scoreReasons: jsonb('score_reasons').$type<ScoreReason[]>().notNull().default([]),
  companyId: uuid('company_id').references(() => crmCompanies.id, { onDelete: 'set null' }),
  timeZone: text('time_zone'),
  locale: text('locale'),
  country: text('country'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  index('crm_contact_state_stage_idx').on(t.stage, t.score),
  index('crm_contact_state_score_idx').on(t.score),
  index('crm_contact_state_company_idx').on(t.companyId),
]);

export interface ScoreReason { ruleId: string; name: string; points: number; basePoints: number; at?: string }

export const crmCustomFields = pgTable('crm_custom_fields', {
  id: id(),
  entity: text('entity', { enum: ['contact', 'conversation'] }).notNull(),
  key: text('key').notNull(),
  label: text('label').notNull(),
  type: text('type', { enum: ['text', 'number', 'date', 'select', 'boolean', 'url'] }).notNull(),
  options: text('options').array().notNull().default(sql`'{}'::text[]`),
  required: boolean('required').notNull().default(false),
  position: integer('position').notNull().default(0),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('crm_custom_fields_entity_key_uq').on(t.entity, t.key)]);

export const crmScoringRules = pgTable('crm_scoring_rules', {
  id: id(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['attribute', 'page_visit', 'message_keyword', 'replied_within', 'message_count'] }).notNull(),
  config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
  points: integer('points').notNull(),
  // Half-life of the points in days, counted from the fact that fired the rule; null = no decay.
  decayHalfLifeDays: real('decay_half_life_days'),
  enabled: boolean('enabled').notNull().default(true),
  createdAt: createdAt(),
});

/** What a contact did that scoring rules look at: page visits and messages (with reply delay). */
export const crmContactFacts = pgTable('crm_contact_facts', {
  id: id(),
  contactId: uuid('contact_id').notNull().references(() => contacts.id, { onDelete: 'cascade' }),
  kind: text('kind', { enum: ['page_visit', 'message'] }).notNull(),
  // Idempotency: a message id, or url@time for a page view.
  ref: text('ref').notNull(),
  data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  at: ts('at').notNull(),
}, (t) => [
  uniqueIndex('crm_contact_facts_ref_uq').on(t.contactId, t.kind, t.ref),
  index('crm_contact_facts_contact_idx').on(t.contactId, t.at),
]);

export const crmTimeline = pgTable('crm_timeline', {
  id: id(),
  contactId: uuid('contact_id').notNull().references(() => contacts.id, { onDelete: 'cascade' }),
  kind: text('kind', { enum: ['stage', 'score', 'task', 'note', 'campaign', 'page_visit', 'field'] }).notNull(),
  summary: text('summary').notNull(),
  data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  actorType: text('actor_type', { enum: ['agent', 'contact', 'bot', 'system', 'rule', 'import'] }).notNull(),
  actorId: uuid('actor_id'),
  at: ts('at').notNull().defaultNow(),
}, (t) => [index('crm_timeline_contact_idx').on(t.contactId, t.at), index('crm_timeline_kind_idx').on(t.kind, t.at)]);

export const crmTasks = pgTable('crm_tasks', {
  id: id(),
  contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'cascade' }),
  conversationId: uuid('conversation_id').references(() => conversations.id, { onDelete: 'cascade' }),
  kind: text('kind', { enum: ['task', 'snooze'] }).notNull().default('task'),
  title: text('title').notNull(),
  note: text('note'),
  dueAt: ts('due_at').notNull(),
  assigneeId: uuid('assignee_id').references(() => agents.id, { onDelete: 'set null' }),
  createdById: uuid('created_by_id').references(() => agents.id, { onDelete: 'set null' }),
  status: text('status', { enum: ['open', 'done', 'cancelled'] }).notNull().default('open'),
  remindedAt: ts('reminded_at'),
  completedAt: ts('completed_at'),
  createdAt: createdAt(),
}, (t) => [
  index('crm_tasks_assignee_idx').on(t.assigneeId, t.status, t.dueAt),
  index('crm_tasks_due_idx').on(t.status, t.dueAt).where(sql`reminded_at is null`),
  index('crm_tasks_contact_idx').on(t.contactId),
  index('crm_tasks_conversation_idx').on(t.conversationId),
]);

export const crmSegments = pgTable('crm_segments', {
  id: id(),
  name: text('name').notNull(),
  filter: jsonb('filter').$type<Record<string, unknown>>().notNull(),
  createdById: uuid('created_by_id').references(() => agents.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
});

export const crmCampaigns = pgTable('crm_campaigns', {
  id: id(),
  name: text('name').notNull(),
  segmentId: uuid('segment_id').notNull().references(() => crmSegments.id, { onDelete: 'restrict' }),
  inboxId: uuid('inbox_id').notNull().references(() => inboxes.id, { onDelete: 'restrict' }),
  subject: text('subject'),
  template: text('template').notNull(),
  status: text('status', { enum: ['draft', 'scheduled', 'sending', 'sent', 'cancelled'] }).notNull().default('draft'),
  scheduledAt: ts('scheduled_at'),
  // {start:"21:00", end:"08:00"} in the recipient's time zone (falling back to timeZone).
  quietHours: jsonb('quiet_hours').$type<{ start: string; end: string } | null>(),
  timeZone: text('time_zone').notNull().default('UTC'),
  throttlePerMinute: integer('throttle_per_minute').notNull().default(60),
  createdById: uuid('created_by_id').notNull().references(() => agents.id, { onDelete: 'restrict' }),
  startedAt: ts('started_at'),
  finishedAt: ts('finished_at'),
  createdAt: createdAt(),
});

export const crmCampaignRecipients = pgTable('crm_campaign_recipients', {
  id: id(),
  campaignId: uuid('campaign_id').notNull().references(() => crmCampaigns.id, { onDelete: 'cascade' }),
  contactId: uuid('contact_id').notNull().references(() => contacts.id, { onDelete: 'cascade' }),
  status: text('status', { enum: ['pending', 'skipped', 'queued', 'sent', 'delivered', 'failed', 'replied'] }).notNull().default('pending'),
  reason: text('reason'),
  notBefore: ts('not_before'),
  conversationId: uuid('conversation_id').references(() => conversations.id, { onDelete: 'set null' }),
  messageId: uuid('message_id').references(() => messages.id, { onDelete: 'set null' }),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('crm_campaign_recipients_uq').on(t.campaignId, t.contactId),
  index('crm_campaign_recipients_pending_idx').on(t.campaignId, t.status),
  index('crm_campaign_recipients_message_idx').on(t.messageId),
  index('crm_campaign_recipients_conversation_idx').on(t.conversationId),
]);

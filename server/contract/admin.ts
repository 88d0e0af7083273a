import { z } from 'zod';

// The wire contract of the admin and sales screens: inboxes, teams, the directory, the catalogue, automation
// rules, SLA policies and the CRM records, as the API sends them. Like wire.ts it imports nothing from the
// server: the serializers are typed by these shapes, the OpenAPI document uses them, the agent UI imports the
// inferred types (type-only), and tests/core/wire-contract.test.ts reads each one back strictly.

const iso = z.string().describe('ISO 8601 timestamp');
const id = z.string().uuid();

export const agentRole = z.enum(['admin', 'agent']);
export const availability = z.enum(['online', 'away', 'busy']);

export const inboxSchema = z.object({
  id, name: z.string(), channel: z.string(), config: z.record(z.string(), z.unknown()).describe('channel settings, secrets masked'),
  widgetKey: z.string().optional(), widgetSnippet: z.string().optional().describe('the embed code, from PUBLIC_URL'),
  botEnabled: z.boolean(), teamId: id.nullable(), webhooks: z.record(z.string(), z.string()).describe('URLs to paste at the provider'),
  createdAt: iso, archivedAt: iso.nullable(), memberIds: z.array(id).optional().describe('on GET /api/inboxes/{id} only'),
});

/** An agent as sign-in and the admin list show them. */
export const agentSchema = z.object({ id, name: z.string(), email: z.string(), role: agentRole });

/** An agent in the directory: pickers, avatars, who is online. */
export const directoryAgentSchema = agentSchema.extend({ avatarUrl: z.string().nullable(), online: z.boolean(), availability });

export const teamSchema = z.object({ id, name: z.string(), description: z.string().nullable(), memberIds: z.array(id).optional() });

export const labelSchema = z.object({ id, name: z.string(), color: z.string(), description: z.string().nullable(), createdAt: iso });

export const cannedResponseSchema = z.object({ id, shortCode: z.string(), content: z.string(), createdAt: iso });

export const ruleSchema = z.object({
  id, name: z.string(), event: z.string(), conditions: z.unknown().describe('all/any groups of field, op, value'),
  actions: z.array(z.unknown()), position: z.number().int(), enabled: z.boolean(), createdAt: iso,
});

export const slaPolicySchema = z.object({
  id, name: z.string(), firstResponseMinutes: z.number().int().nullable(), nextResponseMinutes: z.number().int().nullable(),
  resolutionMinutes: z.number().int().nullable(), businessHours: z.boolean(), createdAt: iso,
});

export const crmStageSchema = z.object({ key: z.string(), label: z.string(), position: z.number().int(), minScore: z.number().nullable(), createdAt: iso });

export const crmFieldSchema = z.object({
  id, entity: z.enum(['contact', 'conversation']), key: z.string(), label: z.string(),
  type: z.enum(['text', 'number', 'date', 'select', 'boolean', 'url']), options: z.array(z.string()), required: z.boolean(),
  position: z.number().int(), createdAt: iso,
});

export const crmScoringRuleSchema = z.object({
  id, name: z.string(), kind: z.string(), config: z.record(z.string(), z.unknown()), points: z.number(),
  decayHalfLifeDays: z.number().nullable(), enabled: z.boolean(), createdAt: iso,
});

export const crmTaskSchema = z.object({
  id, contactId: id.nullable(), conversationId: id.nullable(), kind: z.enum(['task', 'snooze']), title: z.string(), note: z.string().nullable(),
  dueAt: iso, assigneeId: id.nullable(), createdById: id.nullable(), status: z.enum(['open', 'done', 'cancelled']),
  remindedAt: iso.nullable(), completedAt: iso.nullable(), createdAt: iso,
  contact: z.object({ id, name: z.string().nullable(), email: z.string().nullable() }).nullable(),
});

export const segmentFilterSchema = z.object({
  match: z.enum(['all', 'any']), conditions: z.array(z.object({ field: z.string(), op: z.string(), value: z.unknown().optional() })),
});

export const crmSegmentSchema = z.object({
  id, name: z.string(), filter: segmentFilterSchema, createdById: id.nullable(), createdAt: iso,
  count: z.number().int().optional().describe('contacts in the segment now, on lists and writes'),
});

export const crmCampaignSchema = z.object({
  id, name: z.string(), segmentId: id, inboxId: id, subject: z.string().nullable(), template: z.string(), status: z.string(),
  scheduledAt: iso.nullable(), quietHours: z.unknown().nullable(), timeZone: z.string(), throttlePerMinute: z.number().int(),
  createdById: id.nullable(), startedAt: iso.nullable(), finishedAt: iso.nullable(), createdAt: iso,
});

export type WireInbox = z.infer<typeof inboxSchema>;
export type WireAgent = z.infer<typeof agentSchema>;
export type WireDirectoryAgent = z.infer<typeof directoryAgentSchema>;
export type WireTeam = z.infer<typeof teamSchema>;
export type WireLabel = z.infer<typeof labelSchema>;
export type WireCannedResponse = z.infer<typeof cannedResponseSchema>;
export type WireRule = z.infer<typeof ruleSchema>;
export type WireSlaPolicy = z.infer<typeof slaPolicySchema>;
export type WireCrmStage = z.infer<typeof crmStageSchema>;
export type WireCrmField = z.infer<typeof crmFieldSchema>;
export type WireCrmScoringRule = z.infer<typeof crmScoringRuleSchema>;
export type WireCrmTask = z.infer<typeof crmTaskSchema>;
export type WireCrmSegment = z.infer<typeof crmSegmentSchema>;
export type WireCrmCampaign = z.infer<typeof crmCampaignSchema>;

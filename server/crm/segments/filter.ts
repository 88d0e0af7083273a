import { z } from 'zod';

// A segment is a saved filter: conditions joined by all/any. The same shape drives the contact list filters.
export const textOps = ['eq', 'neq', 'contains', 'exists', 'not_exists'] as const;
export const numberOps = ['eq', 'gt', 'gte', 'lt', 'lte', 'exists', 'not_exists'] as const;

const text = z.object({ field: z.enum(['name', 'email', 'phone', 'company', 'country', 'locale', 'timeZone']), op: z.enum(textOps), value: z.string().max(500).optional() });
const stage = z.object({ field: z.literal('stage'), op: z.enum(['in', 'not_in']), value: z.array(z.string().max(50)).min(1).max(20) });
const score = z.object({ field: z.literal('score'), op: z.enum(['eq', 'gt', 'gte', 'lt', 'lte']), value: z.number() });
const attr = z.object({
  field: z.string().regex(/^attr\.[a-z][a-z0-9_]{0,49}$/, 'attr.<custom field key>'),
  op: z.enum(['eq', 'neq', 'contains', 'gt', 'gte', 'lt', 'lte', 'in', 'exists', 'not_exists']),
  value: z.union([z.string().max(500), z.number(), z.boolean(), z.array(z.string().max(200)).max(50)]).optional(),
});
const has = z.object({ field: z.enum(['label', 'channel']), op: z.enum(['has', 'has_not']), value: z.string().min(1).max(100) });
const recency = z.object({ field: z.enum(['lastSeen', 'createdAt']), op: z.enum(['within_days', 'before_days']), value: z.number().int().min(0).max(36_500) });
const history = z.object({
  field: z.literal('conversation'),
  op: z.enum(['exists', 'not_exists']),
  value: z.object({
    status: z.enum(['open', 'pending', 'snoozed', 'resolved']).optional(),
    label: z.string().max(100).optional(),
    channel: z.string().max(30).optional(),
    withinDays: z.number().int().min(1).max(36_500).optional(),
  }).strict(),
});
const campaign = z.object({ field: z.literal('campaign'), op: z.enum(['received', 'replied', 'not_received']), value: z.string().uuid() });

export const conditionSchema = z.union([stage, score, has, recency, history, campaign, text, attr]);
export const filterSchema = z.object({
  match: z.enum(['all', 'any']).default('all'),
  conditions: z.array(conditionSchema).max(30).default([]),
});
export type Condition = z.infer<typeof conditionSchema>;
export type AttributeCondition = z.infer<typeof attr>;
export type BuiltInCondition = z.infer<typeof stage> | z.infer<typeof score> | z.infer<typeof has> | z.infer<typeof recency>
  | z.infer<typeof history> | z.infer<typeof campaign> | z.infer<typeof text>;
export type SegmentFilter = z.infer<typeof filterSchema>;

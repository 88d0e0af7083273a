import { z } from 'zod';

// The shape of an automation rule, shared by the API (validation, OpenAPI) and the engine.

export const RULE_EVENTS = [
  'conversation.created', 'conversation.updated', 'conversation.resolved', 'message.created', 'contact.updated',
  'sla.breached', 'csat.received',
] as const;
export type RuleEvent = (typeof RULE_EVENTS)[number];

export const CONDITION_FIELDS = [
  'channel', 'inboxId', 'text', 'language', 'labels', 'priority', 'status', 'assigneeId', 'teamId', 'messageDirection',
  'contact.stage', 'contact.score', 'businessHours', 'csat.rating', 'sla.target',
] as const;

export const conditionSchema = z.object({
  /** One of CONDITION_FIELDS, or `contact.attributes.<key>` for any custom contact attribute. */
  field: z.string().refine((f) => (CONDITION_FIELDS as readonly string[]).includes(f) || /^contact\.attributes\.[\w.-]{1,60}$/.test(f), 'unknown field'),
  op: z.enum(['eq', 'neq', 'contains', 'not_contains', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'present', 'absent']),
  value: z.unknown().optional(),
});
export type Condition = z.infer<typeof conditionSchema>;

export type ConditionGroup = { all: (Condition | ConditionGroup)[] } | { any: (Condition | ConditionGroup)[] };
export const conditionGroupSchema: z.ZodType<ConditionGroup> = z.lazy(() => z.union([
  z.object({ all: z.array(z.union([conditionSchema, conditionGroupSchema])).max(50) }),
  z.object({ any: z.array(z.union([conditionSchema, conditionGroupSchema])).max(50) }),
]));

export const actionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('assign_agent'), agentId: z.string().uuid() }),
  z.object({ type: z.literal('assign_auto') }),
  z.object({ type: z.literal('assign_team'), teamId: z.string().uuid() }),
  z.object({ type: z.literal('add_label'), label: z.string().min(1).max(60) }),
  z.object({ type: z.literal('remove_label'), label: z.string().min(1).max(60) }),
  z.object({ type: z.literal('set_priority'), priority: z.enum(['none', 'low', 'medium', 'high', 'urgent']) }),
  z.object({ type: z.literal('set_status'), status: z.enum(['open', 'pending', 'resolved']) }),
  z.object({ type: z.literal('send_message'), body: z.string().min(1).max(4000) }),
  z.object({ type: z.literal('send_template'), shortCode: z.string().min(1).max(100) }),
  z.object({ type: z.literal('add_note'), body: z.string().min(1).max(4000) }),
  z.object({ type: z.literal('create_task'), title: z.string().min(1).max(300), dueInMinutes: z.number().int().positive().optional() }),
  z.object({ type: z.literal('send_webhook'), subscriptionId: z.string().uuid() }),
  z.object({ type: z.literal('apply_sla'), policyId: z.string().uuid() }),
  z.object({ type: z.literal('mute') }),
]);
export type RuleAction = z.infer<typeof actionSchema>;

export const ruleInputSchema = z.object({
  name: z.string().trim().min(1).max(200),
  event: z.enum(RULE_EVENTS),
  conditions: conditionGroupSchema.default({ all: [] }),
  actions: z.array(actionSchema).min(1).max(20),
  position: z.number().int().min(0).max(100_000).optional(),
  enabled: z.boolean().optional(),
});
export type RuleInput = z.infer<typeof ruleInputSchema>;

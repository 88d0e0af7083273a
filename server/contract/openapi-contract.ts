import { z } from 'zod';

// Request shapes of the core API (conversations, contacts, inboxes, widget, auth) for the OpenAPI document; the
// response shapes are the wire contract (`server/contract/wire.ts`). The core validates requests with its own
// schemas; these describe the same fields for API users.
import { contactSchema as wireContact, conversationSchema, conversationStatus as status, mergeInfoSchema, priority, visitSummarySchema } from './wire.js';

const iso = z.string().describe('ISO 8601 timestamp');

export { conversationSchema, errorSchema, messageSchema, visitorConversationSchema, visitorMessageSchema } from './wire.js';
export {
  agentSchema, cannedResponseSchema, crmCampaignSchema, crmFieldSchema, crmScoringRuleSchema, crmSegmentSchema, crmStageSchema, crmTaskSchema,
  directoryAgentSchema, inboxSchema, labelSchema, ruleSchema, slaPolicySchema, teamSchema,
} from './admin.js';
/** One contact as GET /api/contacts/:id returns it: the wire shape with identities, conversations and the visit. */
export const contactSchema = wireContact.extend({
  identities: z.array(z.object({ channel: z.string(), address: z.string() })).optional(),
  conversations: z.array(conversationSchema).optional(),
  visit: visitSummarySchema.nullable().optional(),
});

export const loginBody = z.object({ email: z.email(), password: z.string() });
export const inboxCreateBody = z.object({ name: z.string(), channel: z.string().describe('web | email | sms | telegram | messenger | whatsapp | line | api'), config: z.record(z.string(), z.unknown()).optional(), teamId: z.string().uuid().nullable().optional() });
export const inboxPatchBody = z.object({ name: z.string().optional(), config: z.record(z.string(), z.unknown()).optional(), bot: z.object({ enabled: z.boolean() }).optional(), teamId: z.string().uuid().nullable().optional(), memberIds: z.array(z.string().uuid()).optional() });
export const conversationListQuery = z.object({
  status: z.enum(['open', 'pending', 'snoozed', 'resolved', 'all']).optional(), inboxId: z.string().uuid().optional(),
  assigneeId: z.string().optional().describe('an agent id, "me" or "none"'), teamId: z.string().uuid().optional(), label: z.string().optional(),
  contactId: z.string().uuid().optional(), q: z.string().optional(), sort: z.enum(['newest', 'oldest', 'priority']).optional(),
  cursor: z.string().optional(), limit: z.string().optional(),
});
export const conversationPatchBody = z.object({
  status: status.optional(), assigneeId: z.string().uuid().nullable().optional(), teamId: z.string().uuid().nullable().optional(),
  priority: priority.optional(), labels: z.array(z.string()).optional(), snoozedUntil: iso.nullable().optional(), attributes: z.record(z.string(), z.unknown()).optional(),
});
export const startConversationBody = z.object({ inboxId: z.string().uuid(), contactId: z.string().uuid().optional(), address: z.string().optional(), name: z.string().optional(), subject: z.string().optional(), body: z.string() });
export const agentMessageBody = z.object({ body: z.string(), private: z.boolean().optional(), contentType: z.enum(['text', 'options', 'form']).optional(), content: z.record(z.string(), z.unknown()).nullable().optional(), meta: z.record(z.string(), z.unknown()).optional().describe('channel hints: e-mail subject and cc, note mentions'), clientId: z.string().optional().describe('the sender\'s own id for this message, echoed on it; sending the same id again returns the first message') });
export const contactPatchBody = z.object({ name: z.string().nullable().optional(), email: z.email().nullable().optional(), phone: z.string().nullable().optional(), attributes: z.record(z.string(), z.unknown()).optional() });
export const widgetSessionBody = z.object({ widgetKey: z.string(), visitor: z.object({ name: z.string().optional(), email: z.email().optional() }).optional(), visitorToken: z.string().optional() });
export const widgetMessageBody = z.object({ body: z.string(), clientId: z.string(), conversationId: z.string().uuid().optional().describe('the message goes to this conversation of the visitor (or the one it was merged into); 404 when it is not theirs') });
export const slackBody = z.object({ botToken: z.string(), signingSecret: z.string(), channelId: z.string(), slackApiUrl: z.url().optional(), allowPrivate: z.boolean().optional() });
export const kbArticleBody = z.object({ title: z.string(), body: z.string(), locale: z.string(), questions: z.array(z.string()).optional() });

export const mergeBody = z.object({ conversationId: z.string().uuid().describe('the conversation merged into :id (the secondary)') });
export const mergeInfo = mergeInfoSchema;

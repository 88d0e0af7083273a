import { z } from 'zod';

// Shapes of the core API (conversations, contacts, inboxes, widget, auth) for the OpenAPI document. The core
// validates requests with its own schemas; these describe the same fields for API users.

export const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string(), fields: z.record(z.string(), z.string()).optional() }) });
const iso = z.string().describe('ISO 8601 timestamp');
const status = z.enum(['open', 'pending', 'snoozed', 'resolved']);
const priority = z.enum(['none', 'low', 'medium', 'high', 'urgent']);

export const messageSchema = z.object({
  id: z.string().uuid(), conversationId: z.string().uuid(), direction: z.enum(['incoming', 'outgoing', 'activity']),
  senderType: z.enum(['contact', 'agent', 'bot', 'system']), senderId: z.string().nullable(), body: z.string(), html: z.string().nullable(),
  contentType: z.string(), content: z.record(z.string(), z.unknown()).nullable(), private: z.boolean(),
  status: z.enum(['received', 'queued', 'sent', 'delivered', 'read', 'failed']), error: z.string().nullable(),
  attachments: z.array(z.object({ id: z.string(), name: z.string(), contentType: z.string(), size: z.number(), url: z.string() })),
  createdAt: iso,
});
export const conversationSchema = z.object({
  id: z.string().uuid(), inboxId: z.string().uuid(), contactId: z.string().uuid(), channel: z.string().nullable(), status, priority,
  assigneeId: z.string().uuid().nullable(), teamId: z.string().uuid().nullable(), labels: z.array(z.string()), subject: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()), unreadCount: z.number().int(), lastMessageAt: iso, waitingSince: iso.nullable(),
  firstReplyAt: iso.nullable(), snoozedUntil: iso.nullable(), resolvedAt: iso.nullable(), createdAt: iso, updatedAt: iso,
  mergedIntoId: z.string().uuid().nullable().describe('set when this conversation was merged into another one'),
  externalId: z.string().nullable().describe('its id in the tool it was imported from'),
});
export const contactSchema = z.object({
  id: z.string().uuid(), name: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()), identities: z.array(z.object({ channel: z.string(), address: z.string() })).optional(),
  conversations: z.array(conversationSchema).optional(),
});
export const inboxSchema = z.object({
  id: z.string().uuid(), name: z.string(), channel: z.string(), config: z.record(z.string(), z.unknown()), widgetKey: z.string().optional(),
  botEnabled: z.boolean(), teamId: z.string().uuid().nullable(), webhooks: z.record(z.string(), z.string()),
});
export const agentSchema = z.object({ id: z.string().uuid(), name: z.string(), email: z.string(), role: z.enum(['admin', 'agent']) });

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
export const agentMessageBody = z.object({ body: z.string(), private: z.boolean().optional(), contentType: z.enum(['text', 'options', 'form']).optional(), content: z.record(z.string(), z.unknown()).nullable().optional() });
export const contactPatchBody = z.object({ name: z.string().nullable().optional(), email: z.email().nullable().optional(), phone: z.string().nullable().optional(), attributes: z.record(z.string(), z.unknown()).optional() });
export const widgetSessionBody = z.object({ widgetKey: z.string(), visitor: z.object({ name: z.string().optional(), email: z.email().optional() }).optional(), visitorToken: z.string().optional() });
export const widgetMessageBody = z.object({ body: z.string(), clientId: z.string(), conversationId: z.string().uuid().optional().describe('the message goes to this conversation of the visitor (or the one it was merged into); 404 when it is not theirs') });
export const slackBody = z.object({ botToken: z.string(), signingSecret: z.string(), channelId: z.string(), slackApiUrl: z.url().optional(), allowPrivate: z.boolean().optional() });
export const kbArticleBody = z.object({ title: z.string(), body: z.string(), locale: z.string(), questions: z.array(z.string()).optional() });

export const mergeBody = z.object({ conversationId: z.string().uuid().describe('the conversation merged into :id (the secondary)') });
export const mergeInfo = z.object({ id: z.string().uuid(), secondaryId: z.string().uuid(), undoUntil: iso, contactMerged: z.boolean() });
export const visitorConversationSchema = z.object({
  id: z.string().uuid(), status, subject: z.string().nullable(), topic: z.object({ id: z.string(), label: z.string() }).nullable(),
  csatRating: z.number().int().nullable(), unreadCount: z.number().int(), lastMessageAt: iso, createdAt: iso,
  lastMessage: z.object({ id: z.string(), body: z.string(), direction: z.string(), senderType: z.string(), createdAt: iso }).nullable(),
});

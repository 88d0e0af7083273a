import { z } from 'zod';

// The wire contract: what the API sends, per audience, written once. The serializers are typed by these shapes
// (so a field added to one and not the other fails the type check), the OpenAPI document is generated from them,
// and both UIs import the inferred types (type-only: no zod reaches a browser bundle).
// This file imports nothing from the server, so any client can read it.

const iso = z.string().describe('ISO 8601 timestamp');

export const conversationStatus = z.enum(['open', 'pending', 'snoozed', 'resolved']);
export const priority = z.enum(['none', 'low', 'medium', 'high', 'urgent']);
export const messageDirection = z.enum(['incoming', 'outgoing', 'activity']);
export const senderType = z.enum(['contact', 'agent', 'bot', 'system']);
export const messageStatus = z.enum(['received', 'queued', 'sent', 'delivered', 'read', 'failed']);

export const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string(), fields: z.record(z.string(), z.string()).optional() }) });

export const attachmentSchema = z.object({ id: z.string(), name: z.string(), contentType: z.string(), size: z.number(), url: z.string() });

/** A message as agents (REST, the /agent socket, webhooks) see it. */
export const messageSchema = z.object({
  id: z.string().uuid(), conversationId: z.string().uuid(), inboxId: z.string().uuid(),
  direction: messageDirection, senderType, senderId: z.string().nullable(),
  sender: z.object({ id: z.string(), name: z.string().nullable(), avatarUrl: z.string().nullable() }).nullable(),
  body: z.string(), html: z.string().nullable(), contentType: z.string(), content: z.record(z.string(), z.unknown()).nullable(),
  private: z.boolean(), status: messageStatus, error: z.string().nullable(), attempts: z.number().int(),
  attachments: z.array(attachmentSchema), externalId: z.string().nullable(), clientId: z.string().nullable(),
  meta: z.record(z.string(), z.unknown()).nullable(), createdAt: iso, updatedAt: iso.nullable(),
});

/** What a list row shows of the latest message; attachment names stand in for an empty body. */
export const messagePreviewSchema = z.object({
  id: z.string(), body: z.string(), direction: messageDirection, senderType, private: z.boolean(), createdAt: iso.nullable(),
  attachmentNames: z.array(z.string()).describe('names of the message\'s files, for a message that is only an attachment'),
});

export const contactSummarySchema = z.object({
  id: z.string().uuid(), name: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable(), avatarUrl: z.string().nullable(),
});

export const conversationSchema = z.object({
  id: z.string().uuid(), inboxId: z.string().uuid(), contactId: z.string().uuid(), channel: z.string().nullable(), status: conversationStatus, priority,
  assigneeId: z.string().uuid().nullable(), teamId: z.string().uuid().nullable(), labels: z.array(z.string()), subject: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()), unreadCount: z.number().int(), lastMessageAt: iso.nullable(), waitingSince: iso.nullable(),
  firstReplyAt: iso.nullable(), snoozedUntil: iso.nullable(), resolvedAt: iso.nullable(), createdAt: iso.nullable(), updatedAt: iso.nullable(),
  mergedIntoId: z.string().uuid().nullable().describe('set when this conversation was merged into another one'),
  externalId: z.string().nullable().describe('its id in the tool it was imported from'),
  contact: contactSummarySchema.nullable(),
  lastMessage: messagePreviewSchema.nullable(),
});

/** The widget's visit record summarised for the agent (null when the contact never used the widget). */
export const visitSummarySchema = z.object({
  browser: z.string().nullable(), os: z.string().nullable(), deviceType: z.string().nullable(),
  pageUrl: z.string().nullable(), pageTitle: z.string().nullable(), referrer: z.string().nullable(),
  timeZone: z.string().nullable(),
  country: z.string().nullable().describe('ISO country code from the browser\'s language region or its time zone'),
  language: z.string().nullable(), visits: z.number().nullable(), pageViews: z.number(), lastSeenAt: iso.nullable(),
});

export const contactSchema = contactSummarySchema.extend({
  attributes: z.record(z.string(), z.unknown()), createdAt: iso.nullable(), updatedAt: iso.nullable(), lastSeenAt: iso.nullable(),
});

export const mergeInfoSchema = z.object({ id: z.string().uuid(), secondaryId: z.string().uuid(), undoUntil: iso, contactMerged: z.boolean() });

/** A message as the visitor sees it: public messages only, no internal fields, agents by name and avatar only. */
export const visitorMessageSchema = z.object({
  id: z.string().uuid(), conversationId: z.string().uuid(), direction: messageDirection, senderType,
  sender: z.object({ name: z.string().nullable(), avatarUrl: z.string().nullable() }).nullable(),
  body: z.string(), contentType: z.string(), content: z.record(z.string(), z.unknown()).nullable(),
  private: z.literal(false), status: messageStatus, attachments: z.array(attachmentSchema), clientId: z.string().nullable(), createdAt: iso,
});

export const visitorConversationSchema = z.object({
  id: z.string().uuid(), status: conversationStatus, subject: z.string().nullable(), topic: z.object({ id: z.string(), label: z.string() }).nullable(),
  csatRating: z.number().int().nullable(), unreadCount: z.number().int(), lastMessageAt: iso, createdAt: iso,
  lastMessage: z.object({ id: z.string(), body: z.string(), direction: z.string(), senderType: z.string(), createdAt: iso }).nullable(),
});

export type WireAttachment = z.infer<typeof attachmentSchema>;
export type WireMessage = z.infer<typeof messageSchema>;
export type WireMessagePreview = z.infer<typeof messagePreviewSchema>;
export type WireContactSummary = z.infer<typeof contactSummarySchema>;
export type WireConversation = z.infer<typeof conversationSchema>;
export type WireContact = z.infer<typeof contactSchema>;
export type WireVisitSummary = z.infer<typeof visitSummarySchema>;
export type WireVisitorMessage = z.infer<typeof visitorMessageSchema>;
export type WireVisitorConversation = z.infer<typeof visitorConversationSchema>;
export type WireMergeInfo = z.infer<typeof mergeInfoSchema>;
export type ConversationStatus = z.infer<typeof conversationStatus>;
export type Priority = z.infer<typeof priority>;
export type MessageDirection = z.infer<typeof messageDirection>;
export type SenderType = z.infer<typeof senderType>;
export type MessageStatus = z.infer<typeof messageStatus>;

// The conversation transfer format: one JSON object per line (JSON Lines), written by the export and read by the
// import, by the HTTP API and by any command-line tool alike. `transferLineSchema` is the schema documented in the
// README; unknown fields are accepted and ignored so files from newer versions or other tools still import.
import { z } from 'zod';
import { MAX_ATTACHMENT_BYTES } from '../../messages/attachments.js';

export const TRANSFER_VERSION = 1;

const iso = z.iso.datetime({ offset: true });
// A base64 data: URL of the largest attachment accepted, with room for its header.
const DATA_URL_MAX = Math.ceil(MAX_ATTACHMENT_BYTES / 3) * 4 + 300;
const person = z.object({ email: z.email().max(320).nullable().optional(), name: z.string().max(200).nullable().optional() });

export const transferAttachmentSchema = z.object({
  name: z.string().min(1).max(200),
  contentType: z.string().min(1).max(200),
  size: z.number().int().min(0).optional(),
  /**
   * Where the importer gets the file: a link it downloads (the API's export writes signed, unguessable links), or
   * the bytes themselves as a base64 `data:` URL (the command-line export, so its file stands alone).
   */
  url: z.union([z.url({ protocol: /^https?$/ }).max(4000), z.string().regex(/^data:[\w.+-]+\/[\w.+-]+;base64,[A-Za-z0-9+/]*={0,2}$/, 'a base64 data: URL').max(DATA_URL_MAX)]),
});

export const transferMessageSchema = z.object({
  externalId: z.string().min(1).max(500),
  direction: z.enum(['incoming', 'outgoing', 'activity']),
  senderType: z.enum(['contact', 'agent', 'bot', 'system']),
  sender: person.nullable().optional(),
  body: z.string().max(64 * 1024).default(''),
  html: z.string().max(1024 * 1024).nullable().optional(),
  contentType: z.string().max(40).default('text'),
  content: z.record(z.string(), z.unknown()).nullable().optional(),
  /** Private activity lines and bot notes; agents' private notes go in `notes`. */
  private: z.boolean().default(false),
  status: z.enum(['received', 'queued', 'sent', 'delivered', 'read', 'failed']).optional(),
  createdAt: iso,
  attachments: z.array(transferAttachmentSchema).max(20).default([]),
});

export const transferNoteSchema = z.object({
  externalId: z.string().min(1).max(500),
  author: person.nullable().optional(),
  body: z.string().min(1).max(64 * 1024),
  createdAt: iso,
});

export const transferLineSchema = z.object({
  version: z.literal(TRANSFER_VERSION).default(TRANSFER_VERSION),
  /** The conversation's id in the source; importing the same id into the same inbox again changes nothing. */
  externalId: z.string().min(1).max(500),
  inbox: z.object({ id: z.string().optional(), name: z.string().max(200).optional(), channel: z.string().max(40).optional() }).default({}),
  status: z.enum(['open', 'pending', 'snoozed', 'resolved']).default('resolved'),
  priority: z.enum(['none', 'low', 'medium', 'high', 'urgent']).default('none'),
  subject: z.string().max(500).nullable().optional(),
  labels: z.array(z.string().max(60)).max(50).default([]),
  assignee: person.nullable().optional(),
  team: z.object({ name: z.string().max(200) }).nullable().optional(),
  attributes: z.record(z.string(), z.unknown()).default({}),
  createdAt: iso,
  lastMessageAt: iso.nullable().optional(),
  firstReplyAt: iso.nullable().optional(),
  resolvedAt: iso.nullable().optional(),
  contact: z.object({
    name: z.string().max(200).nullable().optional(),
    email: z.email().max(320).nullable().optional(),
    phone: z.string().max(40).nullable().optional(),
    identities: z.array(z.object({ channel: z.string().min(1).max(40), address: z.string().min(1).max(320) })).max(20).default([]),
    attributes: z.record(z.string(), z.unknown()).default({}),
  }),
  messages: z.array(transferMessageSchema).default([]),
  notes: z.array(transferNoteSchema).default([]),
}).refine((l) => l.contact.identities.length > 0 || l.contact.email || l.contact.phone, {
  message: 'a contact needs an identity, an e-mail address or a phone number', path: ['contact'],
});
export type TransferLine = z.infer<typeof transferLineSchema>;

/** The CSV export: one row per conversation, the columns people put into spreadsheets. */
export const CSV_COLUMNS = [
  'id', 'external_id', 'inbox', 'channel', 'status', 'priority', 'subject', 'contact_name', 'contact_email', 'contact_phone',
  'assignee', 'team', 'labels', 'created_at', 'first_reply_at', 'last_message_at', 'resolved_at', 'messages', 'csat_rating',
] as const;

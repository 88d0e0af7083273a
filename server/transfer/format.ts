import { z } from 'zod';

/**
 * The conversation transfer format: JSON Lines, one conversation per line with its contact and every message
 * (notes included). `id`s are those of the exporting system; an import keys messages on `externalId`
 * (or `import:<id>` when a message had none), so importing the same file twice changes nothing.
 */
export const FORMAT_VERSION = 1;

const iso = z.iso.datetime({ offset: true });

export const transferMessage = z.object({
  id: z.string().min(1).max(200),
  externalId: z.string().max(1000).nullable().optional(),
  direction: z.enum(['incoming', 'outgoing', 'activity']),
  senderType: z.enum(['contact', 'agent', 'bot', 'system']),
  senderEmail: z.string().nullable().optional(),
  body: z.string().max(256 * 1024),
  html: z.string().nullable().optional(),
  private: z.boolean().default(false),
  status: z.enum(['received', 'queued', 'sent', 'delivered', 'read', 'failed']).default('received'),
  createdAt: iso,
});

export const transferLine = z.object({
  version: z.literal(FORMAT_VERSION),
  conversation: z.object({
    id: z.string().min(1).max(200),
    inbox: z.object({ name: z.string().min(1), channel: z.string().min(1) }),
    status: z.enum(['open', 'pending', 'snoozed', 'resolved']),
    priority: z.enum(['none', 'low', 'medium', 'high', 'urgent']).default('none'),
    labels: z.array(z.string().max(100)).max(100).default([]),
    subject: z.string().nullable().optional(),
    createdAt: iso,
    resolvedAt: iso.nullable().optional(),
  }),
  contact: z.object({
    name: z.string().nullable().optional(),
    email: z.string().nullable().optional(),
    phone: z.string().nullable().optional(),
    identities: z.array(z.object({ channel: z.string().min(1), address: z.string().min(1).max(1000) })).min(1),
  }),
  messages: z.array(transferMessage).max(100_000),
});

export type TransferLine = z.infer<typeof transferLine>;
export type TransferMessage = z.infer<typeof transferMessage>;

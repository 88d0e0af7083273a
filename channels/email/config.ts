import { z } from 'zod';
import type { InboxRecord } from '../types.js';

const server = {
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  secure: z.boolean().default(false),
  /** A private or loopback host (a mail server on the local network) is refused unless the admin allows it here. */
  allowPrivate: z.boolean().optional(),
};

export const emailConfigSchema = z.looseObject({
  /** The support address customers write to; replies go out from it. */
  address: z.email().transform((a) => a.toLowerCase()),
  imap: z.object({ ...server, user: z.string().min(1), password: z.string().min(1), mailbox: z.string().min(1).default('INBOX') }).optional(),
  /** Without it, outbound mail goes through the server-wide SMTP_URL. */
  smtp: z.object({ ...server, user: z.string().optional(), password: z.string().optional() }).optional(),
  /** Reply-To support+<token>@domain; switch off for mail hosts that do not deliver plus-addressed mail. */
  replyTokens: z.boolean().default(true),
});

export type EmailConfig = z.infer<typeof emailConfigSchema>;
export type EmailInbox = InboxRecord<EmailConfig>;

export const EMAIL_SECRET_FIELDS = ['imap.password', 'smtp.password'];

/** Larger than any attachment the core stores (20 MB) after base64, the common limit of big mail providers. */
export const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

/** Inline images become data: URLs in the stored HTML up to this total; larger ones stay attachments only. */
export const MAX_INLINED_IMAGES = 2 * 1024 * 1024;

export function splitAddress(address: string): { local: string; domain: string } {
  const at = address.lastIndexOf('@');
  return { local: address.slice(0, at).toLowerCase(), domain: address.slice(at + 1).toLowerCase() };
}

/** `support+anything@example.com` is delivered to `support@example.com` (sub-addressing, RFC 5233). */
export function baseAddress(address: string): string {
  const { local, domain } = splitAddress(address);
  return `${local.split('+')[0]}@${domain}`;
}

import { z } from 'zod';
import type { InboundAttachment, InboundMessage } from '../types.js';
import { fetchTwilioMedia, type MediaSource } from './media.js';
import { toE164 } from '../kit/phone.js';

const MAX_MEDIA_PARTS = 10;

/** The fields of Twilio's incoming-message webhook we rely on; everything else Twilio sends is accepted. */
export const incomingSmsSchema = z.looseObject({
  MessageSid: z.string().regex(/^[A-Z]{2}[0-9a-fA-F]{32}$/, 'a Twilio message SID'),
  From: z.string().trim().min(1).max(100),
  To: z.string().max(100).optional(),
  Body: z.string().max(64 * 1024).default(''),
  NumMedia: z.coerce.number().int().min(0).max(MAX_MEDIA_PARTS).default(0),
  FromCountry: z.string().max(10).optional(),
});
export type IncomingSms = z.infer<typeof incomingSmsSchema>;

export type Keyword = 'opt-out' | 'opt-in' | 'help';

// Carrier-standard keywords: the whole message, in any letter case, is the keyword.
const KEYWORDS: Record<string, Keyword> = {
  STOP: 'opt-out', STOPALL: 'opt-out', UNSUBSCRIBE: 'opt-out', CANCEL: 'opt-out', END: 'opt-out', QUIT: 'opt-out',
  START: 'opt-in', UNSTOP: 'opt-in',
  HELP: 'help',
};

export function keywordOf(body: string): Keyword | null {
  return KEYWORDS[body.trim().replace(/[.!]+$/, '').toUpperCase()] ?? null;
}

/**
 * Turns Twilio's webhook into the pipeline's InboundMessage. MMS parts that cannot be fetched safely are left
 * out and listed in meta.mediaErrors, so the customer's text still reaches the inbox.
 */
export async function toInboundMessage(inboxId: string, sms: IncomingSms, media: MediaSource): Promise<InboundMessage> {
  const phone = toE164(sms.From);
  const { attachments, mediaErrors } = await fetchMedia(sms, media);
  return {
    inboxId,
    externalId: sms.MessageSid,
    sender: {
      address: phone ?? sms.From.trim(),
      ...(phone ? { phone } : {}),
      ...(sms.FromCountry ? { attributes: { country: sms.FromCountry } } : {}),
    },
    body: sms.Body,
    attachments,
    meta: { twilio: { to: sms.To ?? null }, ...(mediaErrors.length ? { mediaErrors } : {}) },
  };
}

async function fetchMedia(sms: IncomingSms, source: MediaSource) {
  const attachments: InboundAttachment[] = [];
  const mediaErrors: { media: string; reason: string }[] = [];
  const parts = Array.from({ length: sms.NumMedia }, (_, i) => ({
    url: typeof sms[`MediaUrl${i}`] === 'string' ? (sms[`MediaUrl${i}`] as string) : '',
    contentType: typeof sms[`MediaContentType${i}`] === 'string' ? (sms[`MediaContentType${i}`] as string) : undefined,
  }));
  const results = await Promise.allSettled(parts.map((p, i) => fetchTwilioMedia(p.url, p.contentType, `${sms.MessageSid}-${i + 1}`, source)));
  results.forEach((r, i) => {
    if (r.status === 'fulfilled') attachments.push(r.value);
    else mediaErrors.push({ media: parts[i].url.slice(0, 500), reason: r.reason instanceof Error ? r.reason.message : String(r.reason) });
  });
  return { attachments, mediaErrors };
}

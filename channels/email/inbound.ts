import { createHash } from 'node:crypto';
import type { AddressObject, Attachment, EmailAddress, ParsedMail } from 'mailparser';
import type { ChannelContext, InboundAttachment, InboundMessage, IngestResult } from '../types.js';
import type { EmailInbox } from './config.js';
import { foldReply } from './fold.js';
import { sanitizeEmailHtml } from './html.js';
import { automatedReason, SenderRateCap } from './loop-guard.js';
import { mailText } from './parse.js';
import type { EmailTokens } from './tokens.js';

/** How a mail reached us: the SMTP envelope says more than the headers (Bcc, bounces, plus-addresses). */
export interface MailOrigin {
  via: 'smtp' | 'imap';
  envelopeFrom?: string | null;
  envelopeTo?: string[];
}

const MAX_BODY_CHARS = 60_000; // the core accepts 64k characters; the full text stays in the HTML part
const MAX_HINTS = 100;
const MESSAGE_ID = /<[^<>\s]+>/g;

function addresses(field: AddressObject | AddressObject[] | undefined): EmailAddress[] {
  const flat = (list: EmailAddress[]): EmailAddress[] => list.flatMap((a) => (a.group ? flat(a.group) : [a]));
  return (Array.isArray(field) ? field : field ? [field] : []).flatMap((o) => flat(o.value));
}

function headerAddresses(mail: ParsedMail, name: string): string[] {
  const v = mail.headers.get(name);
  const list = Array.isArray(v) ? v : v ? [v] : [];
  return list.flatMap((x) => (typeof x === 'string' ? x.match(/[^\s<>,;]+@[^\s<>,;]+/g) ?? [] : addresses(x as AddressObject).map((a) => a.address ?? '')));
}

/** Message-IDs from In-Reply-To and References, newest first, capped: the core matches them against stored ids. */
function referencedIds(mail: ParsedMail): string[] {
  const refs = Array.isArray(mail.references) ? mail.references.join(' ') : mail.references ?? '';
  const ids = [...(mail.inReplyTo ?? '').matchAll(MESSAGE_ID), ...[...refs.matchAll(MESSAGE_ID)].reverse()].map((m) => m[0]);
  return [...new Set(ids)].slice(0, MAX_HINTS - 1);
}

/** Mail without a Message-ID still needs a stable idempotency key: the same mail must hash the same. */
function fallbackId(mail: ParsedMail, sender: string): string {
  const h = createHash('sha256').update([sender, mail.date?.toISOString() ?? '', mail.subject ?? '', mailText(mail)].join('\n'));
  return `hash:${h.digest('hex')}`;
}

/** Every file goes to the pipeline, which applies the one attachment policy (refused files become a note). */
const toAttachments = (list: Attachment[]): InboundAttachment[] =>
  list.map((a) => ({ name: a.filename ?? (a.cid ? `inline-${a.cid}` : 'attachment'), contentType: a.contentType, data: a.content }));

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}\n[…]` : text);

/** A parsed mail as the core's InboundMessage for one inbox, or null when it names no sender at all. */
export function toInboundMessage(mail: ParsedMail, inbox: EmailInbox, tokens: EmailTokens, origin: MailOrigin): InboundMessage | null {
  const from = addresses(mail.from).find((a) => a.address);
  const address = (from?.address ?? origin.envelopeFrom ?? '').trim().toLowerCase();
  if (!address.includes('@')) return null;

  const recipients = [
    ...(origin.envelopeTo ?? []), ...addresses(mail.to).map((a) => a.address ?? ''), ...addresses(mail.cc).map((a) => a.address ?? ''),
    ...headerAddresses(mail, 'delivered-to'), ...headerAddresses(mail, 'x-original-to'),
  ];
  const conversations = [...new Set(recipients.map((r) => tokens.conversationFromAddress(r, inbox.config.address)).filter((c): c is string => Boolean(c)))];
  const threadHint = [...conversations.map((id) => `conversation:${id}`), ...referencedIds(mail)].slice(0, MAX_HINTS);

  const automated = tokens.isOwnMessageId(mail.messageId) ? 'our own outgoing mail'
    : address === inbox.config.address ? 'sent from this inbox'
    : automatedReason(mail, address, origin.envelopeFrom);
  const subject = (mail.subject ?? '').trim();
  const { fresh, folded } = foldReply(mailText(mail), subject);
  const body = automated
    ? truncate(`Automatic e-mail (${automated}) from ${address}: ${subject}\n\n${fresh}`, 2_000)
    : truncate(fresh, MAX_BODY_CHARS);
  const html = mail.html ? sanitizeEmailHtml(mail.html) : '';

  return {
    inboxId: inbox.id,
    externalId: mail.messageId?.trim() || fallbackId(mail, address),
    sender: { address, email: address, ...(from?.name ? { name: from.name } : {}) },
    threadHint,
    subject: subject || undefined,
    body,
    html: html || undefined,
    contentType: 'email',
    content: { type: 'email', subject, from: address, to: addresses(mail.to).map((a) => a.address), cc: addresses(mail.cc).map((a) => a.address) },
    attachments: toAttachments(mail.attachments),
    sentAt: mail.date,
    activityOnly: Boolean(automated),
    meta: {
      email: { messageId: mail.messageId ?? null, inReplyTo: mail.inReplyTo ?? null, via: origin.via },
      ...(folded ? { quotedText: truncate(folded, MAX_BODY_CHARS) } : {}),
      ...(automated ? { automated } : {}),
    },
  };
}

// A person writes a few mails an hour; a loop or a flood writes hundreds.
const PER_SENDER_LIMIT = 30;
const PER_SENDER_WINDOW_MS = 10 * 60_000;

/** The one path from a parsed mail into the core, shared by the SMTP receiver and the IMAP pollers. */
export class EmailIntake {
  readonly rate = new SenderRateCap(PER_SENDER_LIMIT, PER_SENDER_WINDOW_MS);

  constructor(private readonly ctx: ChannelContext, readonly tokens: EmailTokens) {}

  async accept(mail: ParsedMail, inbox: EmailInbox, origin: MailOrigin): Promise<IngestResult | null> {
    const message = toInboundMessage(mail, inbox, this.tokens, origin);
    if (!message) {
      this.ctx.log.warn({ inboxId: inbox.id, messageId: mail.messageId }, 'e-mail without a sender address ignored');
      return null;
    }
    if (!message.activityOnly && !this.rate.take(message.sender.address)) {
      // Over the cap: kept as activity on an existing thread, never a new conversation, never answered.
      message.activityOnly = true;
      message.meta = { ...message.meta, automated: 'sender rate limit' };
    }
    return this.ctx.ingest(message);
  }
}

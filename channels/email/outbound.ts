import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { delivered, failed, retryLater, type ChannelContext, type Delivery, type OutboundMessage } from '../types.js';
import { splitAddress, type EmailInbox } from './config.js';
import { textToHtml } from './html.js';
import { loadNodemailer } from '../kit/mailer.js';
import { pinnedHost, TargetRefused } from '../kit/ssrf.js';
import type { EmailTokens } from './tokens.js';

const MAIL_ID = /^<[^<>\s]+>$/;
// Long threads: the first id (the root) and the latest ones are what clients use to place a reply (RFC 5322).
const MAX_REFERENCES = 20;

async function transportOptions(inbox: EmailInbox, smtpUrl: string | undefined): Promise<SMTPTransport.Options | string | null> {
  const timeouts = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 };
  const smtp = inbox.config.smtp;
  if (smtp) {
    // The inbox's own server is admin-set: connect to the address the SSRF guard checked, the name kept for TLS.
    const { address, servername } = await pinnedHost(smtp.host, smtp.allowPrivate === true);
    return {
      host: address, ...(servername ? { tls: { servername } } : {}), port: smtp.port, secure: smtp.secure, ...timeouts,
      ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
    };
  }
  return smtpUrl ? `${smtpUrl}${smtpUrl.includes('?') ? '&' : '?'}connectionTimeout=15000&greetingTimeout=15000&socketTimeout=60000` : null;
}

function subjectFor(message: OutboundMessage, inbox: EmailInbox): string {
  // The composer may set the subject of this one mail (meta.subject); otherwise the thread's subject.
  const chosen = typeof message.meta.subject === 'string' ? message.meta.subject.trim() : '';
  const subject = chosen || message.conversation.subject?.trim() || `Message from ${inbox.name}`;
  // The agent writing first starts the thread; every later mail is a reply in it.
  if (!message.threadExternalIds.length || /^re\s*[:：]/i.test(subject)) return subject;
  return `Re: ${subject}`;
}

/** CC addresses from the composer (meta.cc: "a@x.com, b@y.org" or a list); anything not an address is dropped. */
function ccFor(message: OutboundMessage): string[] {
  const raw = message.meta.cc;
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[,;]/) : [];
  return list.map((a) => String(a).trim()).filter((a) => /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(a)).slice(0, 20);
}

function references(ids: string[]): string[] {
  const mailIds = ids.filter((id) => MAIL_ID.test(id));
  return mailIds.length <= MAX_REFERENCES ? mailIds : [mailIds[0], ...mailIds.slice(-(MAX_REFERENCES - 1))];
}

/** 4xx replies and network trouble are worth retrying; a 5xx reply is the server's final word. */
function classify(err: unknown): Delivery {
  const e = err as { responseCode?: number; response?: string; message?: string; code?: string };
  const reason = (e.response || e.message || String(err)).trim();
  if (e.responseCode && e.responseCode >= 500) return failed(`SMTP ${e.responseCode}: ${reason}`);
  return retryLater(e.responseCode ? `SMTP ${e.responseCode}: ${reason}` : `${e.code ?? 'SMTP'}: ${reason}`);
}

/** One agent/bot reply as a proper e-mail in the customer's thread. */
export async function deliverEmail(message: OutboundMessage, inbox: EmailInbox, ctx: ChannelContext, tokens: EmailTokens): Promise<Delivery> {
  let options;
  try {
    options = await transportOptions(inbox, ctx.config.SMTP_URL);
  } catch (err) {
    // A refused address stays refused; a name that does not resolve now may resolve later.
    return err instanceof TargetRefused ? failed(err.message) : classify(err);
  }
  if (!options) return failed('No outbound mail server: set SMTP_URL or the inbox\'s SMTP settings');
  if (!message.recipient.address) return failed('The contact has no e-mail address on this inbox');

  const attachments = [];
  for (const a of message.attachments) {
    const file = await ctx.loadAttachment(a.id);
    if (!file) return failed(`Attachment "${a.name}" no longer exists`);
    attachments.push({ filename: file.name, content: file.data, contentType: file.contentType });
  }

  const address = inbox.config.address;
  const messageId = tokens.newMessageId(splitAddress(address).domain);
  const refs = references(message.threadExternalIds);
  const replyTo = inbox.config.replyTokens ? tokens.replyAddress(address, message.conversationId) : null;
  const transport = (await loadNodemailer()).createTransport(options);
  try {
    await transport.sendMail({
      messageId,
      from: { name: message.sender.name ?? inbox.name, address },
      to: { name: message.recipient.name ?? '', address: message.recipient.address },
      ...(replyTo ? { replyTo } : {}),
      ...(ccFor(message).length ? { cc: ccFor(message) } : {}),
      subject: subjectFor(message, inbox),
      ...(refs.length ? { inReplyTo: refs[refs.length - 1], references: refs } : {}),
      text: message.body,
      html: textToHtml(message.body),
      attachments,
      headers: {
        // Out-of-office replies to support mail only add noise (and loops); ask Exchange not to send them.
        'X-Auto-Response-Suppress': 'OOF, AutoReply',
        ...(message.sender.type === 'agent' ? {} : { 'Auto-Submitted': 'auto-replied' }),
      },
    });
    return delivered(messageId, { email: { messageId, replyTo } });
  } catch (err) {
    return classify(err);
  } finally {
    transport.close();
  }
}

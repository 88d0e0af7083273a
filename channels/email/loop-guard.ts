import type { ParsedMail } from 'mailparser';

function headerText(mail: ParsedMail, name: string): string {
  const value = mail.headers.get(name);
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && 'value' in value && typeof value.value === 'string') return value.value;
  return String(value);
}

const DAEMON_SENDER = /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)@/i;

/**
 * Why a mail was written by a machine (auto-reply, bounce, list traffic), or null for a person's mail.
 * Such mail is kept as activity on an existing thread: answering it or opening a conversation for it is how
 * mail loops start.
 */
export function automatedReason(mail: ParsedMail, senderAddress: string, envelopeFrom?: string | null): string | null {
  const autoSubmitted = headerText(mail, 'auto-submitted').trim().toLowerCase();
  if (autoSubmitted && !autoSubmitted.startsWith('no')) return `Auto-Submitted: ${autoSubmitted}`;
  const precedence = headerText(mail, 'precedence').trim().toLowerCase();
  if (/^(bulk|junk|list|auto_reply)\b/.test(precedence)) return `Precedence: ${precedence}`;
  if (mail.headers.has('x-autoreply') || mail.headers.has('x-autorespond') || mail.headers.has('x-autoresponder')) return 'auto-reply header';
  if (DAEMON_SENDER.test(senderAddress)) return 'bounce';
  // An empty envelope sender (MAIL FROM:<>) is what delivery notifications use (RFC 5321 4.5.5).
  if (envelopeFrom === '') return 'bounce';
  if (headerText(mail, 'content-type').toLowerCase().startsWith('multipart/report')) return 'bounce';
  return null;
}

/** A sliding window of mails per sender: a flood from one address (a loop, abuse) cannot open conversations. */
export class SenderRateCap {
  private seen = new Map<string, number[]>();

  constructor(private readonly limit: number, private readonly windowMs: number) {}

  private recent(sender: string, now: number): number[] {
    const list = (this.seen.get(sender) ?? []).filter((t) => t > now - this.windowMs);
    if (list.length) this.seen.set(sender, list);
    else this.seen.delete(sender);
    return list;
  }

  isOver(sender: string, now = Date.now()): boolean {
    return this.recent(sender.toLowerCase(), now).length >= this.limit;
  }

  /** Counts one mail; false when the sender was already at the limit. */
  take(sender: string, now = Date.now()): boolean {
    const key = sender.toLowerCase();
    if (this.seen.size > 10_000) for (const k of [...this.seen.keys()]) this.recent(k, now); // forget quiet senders
    const list = this.recent(key, now);
    if (list.length >= this.limit) return false;
    list.push(now);
    this.seen.set(key, list);
    return true;
  }
}

import type { ChannelContext } from '../types.js';
import { baseAddress, type EmailInbox } from './config.js';

const TTL_MS = 5_000;

/**
 * The e-mail inboxes this server serves, re-read every few seconds so an inbox created or edited through the
 * API is picked up by the SMTP receiver and the IMAP supervisor without a restart.
 */
export class InboxDirectory {
  private cached: { inboxes: EmailInbox[]; until: number } | null = null;

  constructor(private readonly ctx: ChannelContext) {}

  async all(fresh = false): Promise<EmailInbox[]> {
    if (!fresh && this.cached && this.cached.until > Date.now()) return this.cached.inboxes;
    const inboxes = (await this.ctx.listInboxes('email')) as EmailInbox[];
    this.cached = { inboxes, until: Date.now() + TTL_MS };
    return inboxes;
  }

  /** The inbox a recipient address belongs to, plus-addressed reply tokens included. */
  async byRecipient(address: string): Promise<EmailInbox | null> {
    const target = baseAddress(address);
    const match = (list: EmailInbox[]) => list.find((i) => i.config.address === target) ?? null;
    // A miss re-reads at once: the inbox may have been created a moment ago.
    return match(await this.all()) ?? match(await this.all(true));
  }
}

import type { ChannelContext } from '../types.js';
import { InboxDirectory } from './directory.js';
import { startImapSupervisor } from './imap-supervisor.js';
import { EmailIntake } from './inbound.js';
import { startSmtpReceiver } from './smtp-receiver.js';
import type { EmailTokens } from './tokens.js';

/**
 * Everything inbound for all e-mail inboxes of one server: the SMTP receiver (when INBOUND_SMTP_PORT is set)
 * and the IMAP pollers, sharing one intake so loop and rate protection see all mail.
 */
export async function startEmailService(ctx: ChannelContext, tokens: EmailTokens): Promise<() => Promise<void>> {
  const directory = new InboxDirectory(ctx);
  const intake = new EmailIntake(ctx, tokens);
  const port = ctx.config.INBOUND_SMTP_PORT;
  const receiver = port !== undefined ? await startSmtpReceiver({ port, ctx, directory, intake }) : null;
  const imap = startImapSupervisor(ctx, directory, intake);
  return async () => {
    await Promise.all([receiver?.stop(), imap.stop()]);
  };
}

// Sends each invitation's e-mail: a durable consumer of `agent.invited`, sent once per event (effects ledger).
// A send that fails (relay down, 4xx) throws, so the lane retries it and finally parks it as a dead letter that
// Operations can retry, instead of the invite being lost.
import { lazyTransport } from '../../channels/kit/mailer.js';
import type { AppContext } from '../context.js';
import { INVITE_DAYS, inviteUrl } from './invites.js';
import { onceFor } from '../events/effects.js';

export const INVITATIONS_CONSUMER = 'invitations';

export function inviteMailListener(ctx: AppContext): void {
  const smtpUrl = ctx.config.SMTP_URL;
  const transport = smtpUrl ? lazyTransport(smtpUrl) : undefined;
  const from = `Switchboard <no-reply@${new URL(ctx.config.publicUrl).hostname}>`;
  ctx.bus.consumer(INVITATIONS_CONSUMER).on('agent.invited', ({ invite, inviterName }, event) => {
    if (!transport) return; // without outbound mail admins copy the link instead
    return onceFor(ctx.db, INVITATIONS_CONSUMER, event, async () => {
      try {
        await transport.sendMail({
          to: invite.email, from,
          subject: `${inviterName} invited you to Switchboard`,
          text: `${inviterName} invited you to answer customers in Switchboard.\n\nSet your password here (valid ${INVITE_DAYS} days):\n${inviteUrl(ctx, invite.id)}\n`,
        });
      } catch (err) {
        ctx.log.warn({ err, to: invite.email }, 'invitation e-mail not sent; will retry');
        throw err;
      }
    });
  });
}

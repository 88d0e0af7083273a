// Sends each password reset e-mail: a durable consumer of `agent.password_reset_requested`, sent once per event
// (effects ledger). A send that fails (relay down, 4xx) throws, so the lane retries it and finally parks it as
// a dead letter that Operations can retry; the link stays valid RESET_MINUTES from the request either way.
import { lazyTransport } from '../../channels/kit/mailer.js';
import type { AppContext } from '../context.js';
import { RESET_MINUTES, resetUrl } from './password-reset.js';
import { onceFor } from '../events/effects.js';

export const PASSWORD_RESETS_CONSUMER = 'password-resets';

export function passwordResetMailListener(ctx: AppContext): void {
  const smtpUrl = ctx.config.SMTP_URL;
  const transport = smtpUrl ? lazyTransport(smtpUrl) : undefined;
  const from = `Switchboard <no-reply@${new URL(ctx.config.publicUrl).hostname}>`;
  ctx.bus.consumer(PASSWORD_RESETS_CONSUMER).on('agent.password_reset_requested', ({ reset }, event) => {
    if (!transport) return; // requests are only logged without SMTP_URL (server/agents/password-reset.ts)
    // A link already expired when its turn comes (a long outage) is not worth a mail: it could not be used.
    if (new Date(reset.expiresAt).getTime() <= ctx.clock.now().getTime()) return;
    return onceFor(ctx.db, PASSWORD_RESETS_CONSUMER, event, async () => {
      try {
        await transport.sendMail({
          to: reset.email, from,
          subject: 'Reset your Switchboard password',
          text: `Someone asked to reset the password of this Switchboard account.\n\nSet a new password here (valid ${RESET_MINUTES} minutes, once):\n${resetUrl(ctx, reset.id)}\n\nIf it was not you, ignore this e-mail: your password stays as it is.\n`,
        });
      } catch (err) {
        ctx.log.warn({ err, resetId: reset.id }, 'password reset e-mail not sent; will retry');
        throw err;
      }
    });
  });
}

// Sends the invitation e-mails queued with each invitation (server/domain/inbox-invites.ts). A send that
// fails (relay down, 4xx) throws, so the job queue retries it with backoff instead of the invite being lost.
import nodemailer from 'nodemailer';
import type { AppContext } from '../../context.js';
import { INVITE_DAYS, INVITE_MAIL_QUEUE, type InviteMailJob } from '../../domain/inbox-invites.js';

export function inviteMailListener(ctx: AppContext): void {
  const smtpUrl = ctx.config.SMTP_URL;
  if (!smtpUrl) return; // nothing is queued without outbound mail: admins copy the link instead
  const transport = nodemailer.createTransport(smtpUrl);
  const from = `Switchboard <no-reply@${new URL(ctx.config.publicUrl).hostname}>`;
  ctx.jobs.work<InviteMailJob>(INVITE_MAIL_QUEUE, 1, async ({ to, url, inviterName }) => {
    try {
      await transport.sendMail({
        to, from,
        subject: `${inviterName} invited you to Switchboard`,
        text: `${inviterName} invited you to answer customers in Switchboard.\n\nSet your password here (valid ${INVITE_DAYS} days):\n${url}\n`,
      });
    } catch (err) {
      ctx.log.warn({ err, to }, 'invitation e-mail not sent; will retry');
      throw err;
    }
  }).catch((err) => ctx.log.error({ err }, 'invitation mail worker failed to start'));
}

// Sends the invitation e-mails queued with each invitation (server/domain/inbox-invites.ts); admins copy the
// link instead when there is no outbound mail.
import type { AppContext } from '../../context.js';
import { INVITE_DAYS, INVITE_MAIL_QUEUE, type InviteMailJob } from '../../domain/inbox-invites.js';
import { mailJobListener } from './mail-job.js';

export function inviteMailListener(ctx: AppContext): void {
  mailJobListener<InviteMailJob>(ctx, INVITE_MAIL_QUEUE, ({ url, inviterName }) => ({
    subject: `${inviterName} invited you to Switchboard`,
    text: `${inviterName} invited you to answer customers in Switchboard.\n\nSet your password here (valid ${INVITE_DAYS} days):\n${url}\n`,
  }));
}

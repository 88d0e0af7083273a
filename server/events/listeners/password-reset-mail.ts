// Sends the password reset e-mails queued by server/domain/password-reset.ts.
import type { AppContext } from '../../context.js';
import { RESET_MAIL_QUEUE, RESET_MINUTES, type ResetMailJob } from '../../domain/password-reset.js';
import { mailJobListener } from './mail-job.js';

export function passwordResetMailListener(ctx: AppContext): void {
  mailJobListener<ResetMailJob>(ctx, RESET_MAIL_QUEUE, ({ url }) => ({
    subject: 'Reset your Switchboard password',
    text: `Someone asked to reset the password of this Switchboard account.\n\nSet a new password here (valid ${RESET_MINUTES} minutes, once):\n${url}\n\nIf it was not you, ignore this e-mail: your password stays as it is.\n`,
  }));
}

import nodemailer from 'nodemailer';
import type { AppContext } from '../../context.js';

/**
 * Sends the e-mails queued under `queue` through SMTP_URL. A send that fails (relay down, 4xx) throws, so the
 * job queue retries it with backoff instead of the mail being lost. Without SMTP_URL nothing is queued.
 */
export function mailJobListener<T extends { to: string }>(ctx: AppContext, queue: string, compose: (job: T) => { subject: string; text: string }): void {
  const smtpUrl = ctx.config.SMTP_URL;
  if (!smtpUrl) return;
  const transport = nodemailer.createTransport(smtpUrl);
  const from = `Switchboard <no-reply@${new URL(ctx.config.publicUrl).hostname}>`;
  ctx.jobs.work<T>(queue, 1, async (job) => {
    try {
      await transport.sendMail({ to: job.to, from, ...compose(job) });
    } catch (err) {
      ctx.log.warn({ err, queue, to: job.to }, 'e-mail not sent; will retry');
      throw err;
    }
  }).catch((err) => ctx.log.error({ err, queue }, 'mail worker failed to start'));
}

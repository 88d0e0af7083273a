import type { SendMailOptions, Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';

// nodemailer and the MIME, DKIM and SMTP code it pulls in are needed only when a mail goes out or a mail server
// is checked, so a node loads them at the first of those rather than at start.
export type Nodemailer = typeof import('nodemailer');

let sdk: Promise<Nodemailer> | undefined;

export const loadNodemailer = (): Promise<Nodemailer> => (sdk ??= import('nodemailer').then((m) => m.default));

export interface MailSender { sendMail(mail: SendMailOptions): Promise<unknown> }

/** A transport set up at start (the relay in SMTP_URL) but made, and nodemailer loaded, at its first mail. */
export function lazyTransport(options: string | SMTPTransport.Options): MailSender {
  let transport: Promise<Transporter> | undefined;
  return {
    sendMail: async (mail) => (await (transport ??= loadNodemailer().then((n) => n.createTransport(options)))).sendMail(mail),
  };
}

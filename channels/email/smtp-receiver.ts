import type { AddressInfo } from 'node:net';
import type { SMTPServerDataStream } from 'smtp-server';
import { ChannelRefusal, type ChannelContext } from '../types.js';
import { MAX_MESSAGE_BYTES, type EmailInbox } from './config.js';
import type { InboxDirectory } from './directory.js';
import type { EmailIntake } from './inbound.js';
import { parseMail } from './parse.js';

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

const megabytes = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

function readLimited(stream: SMTPServerDataStream): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    // Past the limit the rest is read and thrown away: the client must finish DATA to hear our answer.
    stream.on('data', (chunk: Buffer) => { if (!stream.sizeExceeded) chunks.push(chunk); });
    stream.once('end', () => resolve(stream.sizeExceeded ? null : Buffer.concat(chunks)));
    stream.once('error', reject);
  });
}

/**
 * Receives mail for the e-mail inboxes (MX or forwarding): only their addresses (plus-addressed reply tokens
 * included) are accepted at RCPT, oversized mail is refused with 552, and a mail is acknowledged only after
 * it is stored, so a database hiccup makes the sending server retry instead of losing the mail.
 */
export async function startSmtpReceiver(opts: {
  port: number; ctx: ChannelContext; directory: InboxDirectory; intake: EmailIntake;
}): Promise<{ port: number; stop(): Promise<void> }> {
  const { ctx, directory, intake } = opts;
  // Loaded here, not at the top: only a node with INBOUND_SMTP_PORT set receives mail itself.
  const { SMTPServer } = await import('smtp-server');

  const server = new SMTPServer({
    name: 'switchboard',
    banner: 'Switchboard mail receiver',
    size: MAX_MESSAGE_BYTES,
    authOptional: true,
    disabledCommands: ['AUTH'],
    // No certificate is configured for the receiver; offering STARTTLS with a stock one would only pretend.
    hideSTARTTLS: true,
    disableReverseLookup: true,
    maxRecipients: 50,
    closeTimeout: 5_000, // shutdown must not wait on a sender that keeps its connection open
    logger: false,
    onMailFrom(address, _session, callback) {
      if (address.address && intake.rate.isOver(address.address)) {
        return callback(smtpError(451, `4.7.1 Too many messages from ${address.address}, try again later`));
      }
      callback();
    },
    onRcptTo(address, _session, callback) {
      directory.byRecipient(address.address).then((inbox) => {
        callback(inbox ? undefined : smtpError(550, `5.1.1 <${address.address}>: no such mailbox here`));
      }, (err) => {
        ctx.log.error({ err }, 'inbound SMTP: inbox lookup failed');
        callback(smtpError(451, '4.3.0 Temporary failure, try again later'));
      });
    },
    onData(stream, session, callback) {
      readLimited(stream).then(async (raw) => {
        if (!raw) {
          return callback(smtpError(552, `5.3.4 Message too big: ${megabytes(stream.byteLength)} is over this server's limit of ${megabytes(MAX_MESSAGE_BYTES)}`));
        }
        const mail = await parseMail(raw);
        const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
        const inboxes = new Map<string, EmailInbox>();
        for (const rcpt of envelopeTo) {
          const inbox = await directory.byRecipient(rcpt);
          if (inbox) inboxes.set(inbox.id, inbox); // one copy per inbox, however many of its addresses were used
        }
        const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : null;
        for (const inbox of inboxes.values()) await intake.accept(mail, inbox, { via: 'smtp', envelopeFrom, envelopeTo });
        callback(null, 'Message accepted');
      }).catch((err) => {
        // Input the core refuses will not get better on a retry; anything else (database down) may.
        if (err instanceof ChannelRefusal) return callback(smtpError(554, `5.6.0 Message refused: ${err.message}`));
        ctx.log.error({ err }, 'inbound SMTP: storing a mail failed');
        callback(smtpError(451, '4.3.0 Temporary failure storing the message, try again later'));
      });
    },
  });
  server.on('error', (err) => ctx.log.warn({ err }, 'inbound SMTP connection error'));

  await new Promise<void>((resolve, reject) => {
    const fail = (err: Error) => reject(new Error(`INBOUND_SMTP_PORT ${opts.port}: ${err.message}`));
    server.server.once('error', fail);
    server.listen(opts.port, () => { server.server.off('error', fail); resolve(); });
  });
  const port = (server.server.address() as AddressInfo).port;
  ctx.log.info({ port }, 'inbound SMTP receiver listening');
  return { port, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

import { simpleParser, type ParsedMail } from 'mailparser';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { SMTPServer } from 'smtp-server';
import { freePort } from '../support/dovecot.js';
import { api, eventually, loginAdmin, startServer, type TestServer } from '../support/server.js';

export const SUPPORT = 'support@shop.test';

/** The real server with its SMTP receiver on a free loopback port and outbound mail to `smtpUrl`. */
export async function startMailServer(env: Record<string, string> = {}, dataDir?: string) {
  const inboundPort = Number(env.INBOUND_SMTP_PORT ?? await freePort());
  const server = await startServer({ INBOUND_SMTP_PORT: String(inboundPort), ...env }, dataDir);
  const token = await loginAdmin(server.url);
  return { server, token, inboundPort };
}

export async function createEmailInbox(server: TestServer, token: string, config: Record<string, unknown> = { address: SUPPORT }) {
  const r = await api(server.url, 'POST', '/api/inboxes', { token, body: { name: 'Support', channel: 'email', config } });
  if (r.status !== 201) throw new Error(`inbox: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { id: string };
}

/** What a customer's mail server does: one SMTP transaction to our receiver. */
export async function sendMail(port: number, mail: Mail.Options) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    return await transport.sendMail(mail);
  } finally {
    transport.close();
  }
}

export async function listConversations(server: TestServer, token: string, inboxId: string): Promise<any[]> {
  return (await api(server.url, 'GET', `/api/conversations?inboxId=${inboxId}&status=all`, { token })).body.items;
}

export async function listMessages(server: TestServer, token: string, conversationId: string): Promise<any[]> {
  return (await api(server.url, 'GET', `/api/conversations/${conversationId}/messages`, { token })).body.items;
}

export async function conversationOf(server: TestServer, token: string, inboxId: string, messageId: string) {
  return eventually(async () => {
    for (const c of await listConversations(server, token, inboxId)) {
      const found = (await listMessages(server, token, c.id)).find((m) => m.externalId === messageId);
      if (found) return { conversation: c, message: found };
    }
    return null;
  }, 10_000, `message ${messageId} stored`);
}

/**
 * A local SMTP server standing in for the outbound relay: keeps every mail it accepts, parsed. Recipients
 * starting with `reject-permanent` get a 550, `reject-temporary` a 451.
 */
export async function startSink() {
  const mails: { raw: Buffer; parsed: ParsedMail; rcptTo: string[] }[] = [];
  const server = new SMTPServer({
    authOptional: true, hideSTARTTLS: true, disableReverseLookup: true, logger: false,
    onRcptTo(address, _s, cb) {
      if (address.address.startsWith('reject-permanent')) return cb(Object.assign(new Error('5.1.1 Mailbox does not exist'), { responseCode: 550 }));
      if (address.address.startsWith('reject-temporary')) return cb(Object.assign(new Error('4.2.1 Mailbox busy, try later'), { responseCode: 451 }));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks);
        mails.push({ raw, parsed: await simpleParser(raw), rcptTo: session.envelope.rcptTo.map((r) => r.address) });
        cb();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    mails,
    next: (pred: (m: ParsedMail) => boolean) => eventually(async () => mails.find((m) => pred(m.parsed)), 15_000, 'mail at the sink'),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// The invitation e-mail is sent by the `invitations` consumer of the event log: it reaches the outbound relay
// with the set-password link, and a relay that refuses the first attempt (451) gets the mail on a retry instead
// of the invitation being lost.
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../support/process.js';
import { api, eventually, loginAdmin, startServer, type TestServer } from '../support/server.js';

vi.setConfig({ testTimeout: 90_000 });

/** A local relay that answers the first message with a temporary failure and keeps the ones after it. */
async function flakyRelay() {
  const received: ParsedMail[] = [];
  let attempts = 0;
  const relay = new SMTPServer({
    authOptional: true, hideSTARTTLS: true, disableReverseLookup: true, logger: false,
    onData(stream, _session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        attempts += 1;
        if (attempts === 1) return cb(Object.assign(new Error('4.3.0 Try again later'), { responseCode: 451 }));
        received.push(await simpleParser(Buffer.concat(chunks)));
        cb();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => relay.listen(port, '127.0.0.1', () => resolve()));
  return { url: `smtp://127.0.0.1:${port}`, received, attempts: () => attempts, stop: () => new Promise<void>((r) => relay.close(() => r())) };
}

describe('invitation e-mail', () => {
  let relay: Awaited<ReturnType<typeof flakyRelay>>;
  let server: TestServer;
  beforeAll(async () => {
    relay = await flakyRelay();
    server = await startServer({ SMTP_URL: relay.url });
  });
  afterAll(async () => {
    await server?.close();
    await relay?.stop();
  });

  it('reaches the relay with the set-password link after a refused first attempt', async () => {
    const token = await loginAdmin(server.url);
    const r = await api(server.url, 'POST', '/api/invites', { token, body: { email: 'New.Agent@example.com', role: 'agent', inboxIds: [] } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ email: 'new.agent@example.com', role: 'agent', emailed: true });
    expect(r.body.url).toMatch(new RegExp(`^${server.url}/invite/[\\w-]+$`));

    // The consumer retries the event after a short pause.
    const mail = await eventually(async () => relay.received[0], 60_000, 'invitation at the relay');
    expect(relay.attempts()).toBe(2);
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe('new.agent@example.com');
    expect(mail.subject).toBe('Admin invited you to Switchboard');
    expect(mail.text).toContain(r.body.url);

    // The mailed link is the live one: it opens the set-password page for this address.
    const invitePath = new URL(mail.text!.match(/https?:\/\/\S+\/invite\/\S+/)![0]).pathname;
    const lookup = await api(server.url, 'GET', `/api${invitePath.replace('/invite/', '/invites/accept/')}`);
    expect(lookup.status).toBe(200);
    expect(lookup.body.email).toBe('new.agent@example.com');
  });
});

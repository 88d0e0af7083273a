import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDovecot, dovecotAvailable, type Dovecot } from '../support/dovecot.js';
import { freePort } from '../support/process.js';
import { api, createAgent, loginAdmin, startServer, type TestServer } from '../support/server.js';
import { StatusAnswer, standIn } from '../messaging/stand-in.js';
import { ACCOUNT_SID, AUTH_TOKEN, TwilioStandIn } from '../sms/twilio-stand-in.js';

const BOT_TOKEN = '123456:good-bot-token';

/** An SMTP relay on loopback that accepts one login. */
async function smtpRelay(): Promise<{ port: number; server: SMTPServer }> {
  const server = new SMTPServer({
    hideSTARTTLS: true, allowInsecureAuth: true, disableReverseLookup: true, logger: false, authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, cb) {
      if (auth.username === 'relay' && auth.password === 'relay-pass') cb(null, { user: 'relay' });
      else cb(Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 }));
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return { port, server };
}

describe.runIf(dovecotAvailable())('test connection of an inbox', () => {
  let server: TestServer;
  let admin: string;
  let telegram: Awaited<ReturnType<typeof standIn>>;
  let twilio: TwilioStandIn;
  let dovecot: Dovecot;
  let relay: { port: number; server: SMTPServer };

  beforeAll(async () => {
    telegram = await standIn((r) => (r.path === `/bot${BOT_TOKEN}/getMe`
      ? { ok: true, result: { id: 1, is_bot: true, first_name: 'Acme', username: 'acme_help_bot' } }
      : r.path.endsWith('/getMe') ? new StatusAnswer(401, { ok: false, error_code: 401, description: 'Unauthorized' }) : { ok: true, result: true }));
    [twilio, dovecot, relay] = await Promise.all([new TwilioStandIn().start(), createDovecot(), smtpRelay()]);
    server = await startServer();
    admin = await loginAdmin(server.url);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await telegram?.close();
    await twilio?.close();
    await dovecot?.dispose();
    relay?.server.close();
  });

  const create = async (name: string, channel: string, config: Record<string, unknown>) => {
    const r = await api(server.url, 'POST', '/api/inboxes', { token: admin, body: { name, channel, config } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };
  const edit = async (id: string, config: Record<string, unknown>) => {
    const r = await api(server.url, 'PATCH', `/api/inboxes/${id}`, { token: admin, body: { config } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  };
  const test = async (id: string) => {
    const r = await api(server.url, 'POST', `/api/inboxes/${id}/test-connection`, { token: admin });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    // The whole answer is kept on the server: read back, it is the same report with the same time.
    const kept = await api(server.url, 'GET', `/api/inboxes/${id}/test-connection`, { token: admin });
    expect(kept.body).toEqual({ last: r.body });
    const { checkedAt, ...report } = r.body as { checkedAt: string; ok: boolean; checks: { name: string; ok: boolean; status: string; detail: string; fix?: string }[] };
    expect(Date.parse(checkedAt)).toBeGreaterThan(Date.now() - 60_000);
    return report;
  };

  it('Telegram: a good token names the bot, a bad one reports what Telegram said', async () => {
    const telegramConfig = (botToken: string) => ({ botToken, secretToken: 'tg-secret-token-123456', apiOrigin: telegram.url, allowPrivate: true });
    const id = await create('Telegram', 'telegram', telegramConfig(BOT_TOKEN));
    expect(await test(id)).toEqual({ ok: true, checks: [{ name: 'Telegram', ok: true, status: 'ok', detail: 'bot @acme_help_bot' }] });
    await edit(id, telegramConfig('999:revoked-token'));
    const bad = await test(id);
    expect(bad.ok).toBe(false);
    expect(bad.checks).toEqual([{ name: 'Telegram', ok: false, status: 'fail', detail: 'Telegram refused the bot token: Telegram answered 401: Unauthorized', fix: 'replace it in Settings → Inboxes → Telegram' }]);
    // The stand-in was called with the stored token, read-only.
    expect(telegram.requests.filter((r) => r.path.endsWith('/getMe')).map((r) => [r.method, r.path])).toEqual([['GET', `/bot${BOT_TOKEN}/getMe`], ['GET', '/bot999:revoked-token/getMe']]);
  });

  it('Twilio: good credentials pass, wrong ones say Twilio refused them', async () => {
    const smsConfig = (authToken: string) => ({ accountSid: ACCOUNT_SID, authToken, fromNumber: '+14155550000', apiBaseUrl: twilio.url, allowPrivate: true });
    const id = await create('SMS', 'sms', smsConfig(AUTH_TOKEN));
    expect(await test(id)).toEqual({ ok: true, checks: [{ name: 'Twilio', ok: true, status: 'ok', detail: 'Twilio account active' }] });
    await edit(id, smsConfig('e5'.repeat(16)));
    const bad = await test(id);
    expect(bad.ok).toBe(false);
    expect(bad.checks[0]).toMatchObject({ name: 'Twilio', ok: false, status: 'fail', detail: 'Twilio refused the Account SID / Auth Token (Twilio answered 401: Authenticate)' });
  });

  it('e-mail: logs in to IMAP and SMTP, and names a refused login and an unreachable server', async () => {
    const mail = (imapPassword: string, smtpPort: number) => ({
      address: 'help@acme.test',
      imap: { host: '127.0.0.1', port: dovecot.port, secure: false, user: dovecot.user, password: imapPassword, mailbox: 'INBOX', allowPrivate: true },
      smtp: { host: '127.0.0.1', port: smtpPort, secure: false, user: 'relay', password: 'relay-pass', allowPrivate: true },
    });
    const id = await create('Mail', 'email', mail(dovecot.password, relay.port));
    const good = await test(id);
    expect(good).toEqual({
      ok: true,
      checks: [
        { name: 'IMAP', part: true, ok: true, status: 'ok', detail: `127.0.0.1:${dovecot.port} accepts support; INBOX holds 0 message(s)` },
        { name: 'SMTP', part: true, ok: true, status: 'ok', detail: `127.0.0.1:${relay.port} accepts a connection and the login of relay` },
      ],
    });
    const closedPort = await freePort();
    await edit(id, mail('wrong-imap-password', closedPort));
    const bad = await test(id);
    expect(bad.ok).toBe(false);
    const [imap, smtp] = bad.checks;
    expect(imap).toMatchObject({ name: 'IMAP', ok: false, status: 'fail', fix: 'correct the IMAP user and password in Settings → Inboxes → Mail' });
    expect(imap.detail).toMatch(new RegExp(`^the IMAP server 127\\.0\\.0\\.1:${dovecot.port} refused the login for support`));
    expect(smtp).toMatchObject({ name: 'SMTP', ok: false, status: 'fail' });
    expect(smtp.detail).toMatch(new RegExp(`^cannot reach SMTP 127\\.0\\.0\\.1:${closedPort}: .*ECONNREFUSED`));
  });

  it('the web inbox reports its widget key and allowed sites', async () => {
    const inboxes = await api(server.url, 'GET', '/api/inboxes', { token: admin });
    const web = inboxes.body.find((i: any) => i.channel === 'web');
    expect(await test(web.id)).toEqual({ ok: true, checks: [{ name: 'widget', ok: true, status: 'ok', detail: `widget key ${web.widgetKey}; any site may embed it` }] });
  });

  it('is for admins only, and 404 for an inbox that does not exist', async () => {
    const inboxes = await api(server.url, 'GET', '/api/inboxes', { token: admin });
    const agent = await createAgent(server, 'agent@acme.test', [inboxes.body[0].id]);
    const forbidden = await api(server.url, 'POST', `/api/inboxes/${inboxes.body[0].id}/test-connection`, { token: agent.token });
    expect(forbidden.status).toBe(403);
    expect((await api(server.url, 'POST', '/api/inboxes/00000000-0000-4000-8000-000000000000/test-connection', { token: admin })).status).toBe(404);
    expect((await api(server.url, 'POST', '/api/inboxes/not-an-id/test-connection', { token: admin })).status).toBe(404);
    expect((await api(server.url, 'POST', `/api/inboxes/${inboxes.body[0].id}/test-connection`)).status).toBe(401);
    expect((await api(server.url, 'GET', `/api/inboxes/${inboxes.body[0].id}/test-connection`, { token: agent.token })).status).toBe(403);
    expect((await api(server.url, 'GET', '/api/inboxes/00000000-0000-4000-8000-000000000000/test-connection', { token: admin })).status).toBe(404);
    // Before the first test there is nothing to show.
    const fresh = await api(server.url, 'POST', '/api/inboxes', { token: admin, body: { name: 'Untested', channel: 'web', config: {} } });
    expect((await api(server.url, 'GET', `/api/inboxes/${fresh.body.id}/test-connection`, { token: admin })).body).toEqual({ last: null });
  });
});

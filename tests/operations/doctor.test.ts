import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../server/db/client.js';
import { createDovecot, dovecotAvailable, type Dovecot } from '../support/dovecot.js';
import { freePort } from '../support/process.js';
import { serviceAvailable } from '../support/requirements.js';
import { createServerDatabase, startServer, type TestServer } from '../support/server.js';
import { cli, ensureServerBuilt } from './cli-kit.js';

const SID = `AC${'c3'.repeat(16)}`;
const TWILIO_TOKEN = 'd4'.repeat(16);
const BOT_TOKEN = '123456:telegram-bot-token';
const PAGE_ID = '104729384756';
const PAGE_TOKEN = 'EAAGpage-token-good';
const APP_SECRET = 'meta-app-secret-1';
const PHONE_ID = '109876543210';
const WA_TOKEN = 'EAAGwhatsapp-token-good';
const LINE_TOKEN = 'line-channel-access-token-good';
const providerHits: string[] = [];
const proof = (token: string) => createHmac('sha256', APP_SECRET).update(token).digest('hex');
const graphRefusal = { error: { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190 } };

/**
 * Local stand-ins for Twilio's account endpoint, Telegram's getMe, Graph API's /me (Messenger page token) and
 * /{phone-number-id} (WhatsApp), LINE's /v2/bot/info, and a host whose clock is an hour ahead.
 */
function providerStandIn(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    providerHits.push(req.url ?? '');
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => { res.writeHead(status, { 'content-type': 'application/json', ...headers }); res.end(JSON.stringify(body)); };
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (url.pathname === '/v19.0/me') {
      const token = url.searchParams.get('access_token') ?? '';
      return token === PAGE_TOKEN && url.searchParams.get('appsecret_proof') === proof(token) ? json(200, { name: 'Acme Support', id: PAGE_ID }) : json(400, graphRefusal);
    }
    if (url.pathname === `/v19.0/${PHONE_ID}`) {
      const good = req.headers.authorization === `Bearer ${WA_TOKEN}` && url.searchParams.get('appsecret_proof') === proof(WA_TOKEN);
      return good ? json(200, { verified_name: 'Acme Support', display_phone_number: '+1 555-010-0000', id: PHONE_ID, quality_rating: 'GREEN' })
        : json(401, { error: { message: 'Error validating access token: Session has expired', type: 'OAuthException', code: 190 } });
    }
    if (url.pathname === '/v2/bot/info') {
      return req.headers.authorization === `Bearer ${LINE_TOKEN}` ? json(200, { userId: 'U4af4980629', basicId: '@acme', displayName: 'Acme Support', chatMode: 'chat' })
        : json(401, { message: 'Authentication failed. Confirm that the access token in the authorization header is valid.' });
    }
    if (req.url === `/2010-04-01/Accounts/${SID}.json`) {
      const good = req.headers.authorization === `Basic ${Buffer.from(`${SID}:${TWILIO_TOKEN}`).toString('base64')}`;
      return good ? json(200, { sid: SID, status: 'active' }) : json(401, { code: 20003, message: 'Authenticate', status: 401 });
    }
    if (req.url === `/bot${BOT_TOKEN}/getMe`) return json(200, { ok: true, result: { id: 1, is_bot: true, username: 'acme_support_bot' } });
    if (req.url?.endsWith('/getMe')) return json(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    if (req.url === '/healthz') return json(200, { ok: true }, { date: new Date(Date.now() + 3_600_000).toUTCString() });
    json(404, {});
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server })));
}

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

const lineOf = (out: string, name: string) => out.split('\n').find((l) => l.includes(` ${name}:`)) ?? '';
const fixAfter = (out: string, name: string) => {
  const lines = out.split('\n');
  return lines[lines.findIndex((l) => l.includes(` ${name}:`)) + 1] ?? '';
};

const ready = serviceAvailable('TEST_DATABASE_URL', 'doctor checks a PostgreSQL deployment') && serviceAvailable('REDIS_URL', 'doctor checks Redis') && dovecotAvailable();
describe.runIf(ready)('switchboard doctor', () => {
  let db: { url: string; drop(): Promise<void> };
  let server: TestServer;
  let providers: { url: string; server: Server };
  let relay: { port: number; server: SMTPServer };
  let dovecot: Dovecot;
  const messaging = (apiOrigin: string, tokens: { page?: string; wa?: string; line?: string } = {}, local = true) => {
    const allowPrivate = local || undefined;
    return {
      Messenger: { pageId: PAGE_ID, accessToken: tokens.page ?? PAGE_TOKEN, appSecret: APP_SECRET, verifyToken: 'verify-token-1', apiOrigin, allowPrivate },
      WhatsApp: { phoneNumberId: PHONE_ID, accessToken: tokens.wa ?? WA_TOKEN, appSecret: APP_SECRET, verifyToken: 'verify-token-1', apiOrigin, allowPrivate },
      LINE: { channelSecret: 'line-channel-secret-1', accessToken: tokens.line ?? LINE_TOKEN, apiOrigin, allowPrivate },
    };
  };
  const mailConfig = (passwords: { imap?: string; smtp?: string } = {}, local = true) => {
    const allowPrivate = local || undefined;
    return {
      address: 'help@acme.test',
      imap: { host: '127.0.0.1', port: dovecot.port, secure: false, user: dovecot.user, password: passwords.imap ?? dovecot.password, mailbox: 'INBOX', allowPrivate },
      smtp: { host: '127.0.0.1', port: relay.port, secure: false, user: 'relay', password: passwords.smtp ?? 'relay-pass', allowPrivate },
      replyTokens: true,
    };
  };
  const setConfig = (name: string, config: Record<string, unknown>) => server.app.ctx.db.update(schema.inboxes).set({ config }).where(eq(schema.inboxes.name, name));

  beforeAll(async () => {
    await ensureServerBuilt();
    [providers, relay, db, dovecot] = await Promise.all([providerStandIn(), smtpRelay(), createServerDatabase().then((d) => d!), createDovecot()]);
    server = await startServer({ DATABASE_URL: db.url });
    await server.app.ctx.db.insert(schema.inboxes).values([
      { name: 'SMS', channel: 'sms', config: { accountSid: SID, authToken: TWILIO_TOKEN, fromNumber: '+14155550000', apiBaseUrl: providers.url, allowPrivate: true } },
      { name: 'Telegram', channel: 'telegram', config: { botToken: BOT_TOKEN, secretToken: 'telegram-secret-1', apiOrigin: providers.url, allowPrivate: true } },
      ...Object.entries(messaging(providers.url)).map(([name, config]) => ({ name, channel: name.toLowerCase(), config })),
      { name: 'Mail', channel: 'email', config: mailConfig() },
    ]);
  }, 400_000);
  afterAll(async () => {
    await server?.close();
    await db?.drop();
    providers?.server.close();
    relay?.server.close();
    await dovecot?.dispose();
  });

  it('passes a healthy deployment, check by check', async () => {
    const r = await cli(['doctor'], { DATABASE_URL: db.url, REDIS_URL: process.env.REDIS_URL!, SMTP_URL: `smtp://relay:relay-pass@127.0.0.1:${relay.port}`, PUBLIC_URL: server.url });
    expect(r.stdout).toContain('All checks passed');
    expect(r.code).toBe(0);
    for (const name of ['PUBLIC_URL', 'database', 'clock (database)', 'Redis', 'clock (Redis)', 'SMTP', 'clock (PUBLIC_URL)', 'inbox "SMS" (sms)', 'inbox "Telegram" (telegram)', 'inbox "Website" (web)',
      'inbox "Messenger" (messenger)', 'inbox "WhatsApp" (whatsapp)', 'inbox "LINE" (line)', 'inbox "Mail" (email) IMAP', 'inbox "Mail" (email) SMTP']) {
      expect(lineOf(r.stdout, name), name).toMatch(/^ok /);
    }
    expect(lineOf(r.stdout, 'inbox "SMS" (sms)')).toContain('Twilio account active');
    expect(lineOf(r.stdout, 'inbox "Telegram" (telegram)')).toContain('@acme_support_bot');
    expect(lineOf(r.stdout, 'inbox "Messenger" (messenger)')).toContain(`Facebook Page "Acme Support" (${PAGE_ID})`);
    expect(lineOf(r.stdout, 'inbox "WhatsApp" (whatsapp)')).toContain('WhatsApp number +1 555-010-0000 ("Acme Support")');
    expect(lineOf(r.stdout, 'inbox "LINE" (line)')).toContain('LINE bot "Acme Support" (@acme)');
    expect(lineOf(r.stdout, 'inbox "Mail" (email) IMAP')).toContain(`127.0.0.1:${dovecot.port} accepts support; INBOX holds 0 message(s)`);
    expect(lineOf(r.stdout, 'inbox "Mail" (email) SMTP')).toContain(`127.0.0.1:${relay.port} accepts a connection and the login of relay`);
  });

  it('names every broken part and says what to fix', async () => {
    const inboxes = server.app.ctx.db;
    await inboxes.update(schema.inboxes).set({ config: { accountSid: SID, authToken: 'e5'.repeat(16), fromNumber: '+14155550000', apiBaseUrl: providers.url, allowPrivate: true } }).where(eq(schema.inboxes.name, 'SMS'));
    await inboxes.update(schema.inboxes).set({ config: { botToken: '999:revoked', secretToken: 'telegram-secret-1', apiOrigin: providers.url, allowPrivate: true } }).where(eq(schema.inboxes.name, 'Telegram'));
    for (const [name, config] of Object.entries(messaging(providers.url, { page: 'EAAGpage-token-revoked', wa: 'EAAGwhatsapp-token-expired', line: 'line-token-revoked-0000' }))) await setConfig(name, config);
    await setConfig('Mail', mailConfig({ imap: 'wrong-imap-password', smtp: 'wrong-smtp-password' }));
    const r = await cli(['doctor'], {
      DATABASE_URL: db.url, REDIS_URL: `redis://127.0.0.1:${await freePort()}`, SMTP_URL: `smtp://relay:wrong-pass@127.0.0.1:${relay.port}`, PUBLIC_URL: providers.url,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('10 problem(s) to fix');
    expect(lineOf(r.stdout, 'Redis')).toMatch(/^FAIL .*cannot reach REDIS_URL/);
    expect(fixAfter(r.stdout, 'Redis')).toContain('fix: start Redis or fix REDIS_URL');
    expect(lineOf(r.stdout, 'SMTP')).toMatch(/^FAIL .*535/);
    expect(fixAfter(r.stdout, 'SMTP')).toContain('user and password in SMTP_URL');
    expect(lineOf(r.stdout, 'clock (PUBLIC_URL)')).toMatch(/^FAIL .*clock is -?3\d{3}\.\d s off/);
    expect(fixAfter(r.stdout, 'clock (PUBLIC_URL)')).toContain('NTP');
    expect(lineOf(r.stdout, 'inbox "SMS" (sms)')).toMatch(/^FAIL .*Twilio answered 401: Authenticate/);
    expect(lineOf(r.stdout, 'inbox "Telegram" (telegram)')).toMatch(/^FAIL .*Telegram answered 401: Unauthorized/);
    expect(fixAfter(r.stdout, 'inbox "SMS" (sms)')).toContain('Settings → Inboxes → SMS');
    expect(lineOf(r.stdout, 'inbox "Messenger" (messenger)')).toMatch(/^FAIL .*token refused: Graph API answered 400: Invalid OAuth access token/);
    expect(fixAfter(r.stdout, 'inbox "Messenger" (messenger)')).toContain('fix: replace it in Settings → Inboxes → Messenger');
    expect(lineOf(r.stdout, 'inbox "WhatsApp" (whatsapp)')).toMatch(/^FAIL .*token refused: Graph API answered 401: Error validating access token/);
    expect(fixAfter(r.stdout, 'inbox "WhatsApp" (whatsapp)')).toContain('fix: replace it in Settings → Inboxes → WhatsApp');
    expect(lineOf(r.stdout, 'inbox "LINE" (line)')).toMatch(/^FAIL .*token refused: LINE answered 401: Authentication failed/);
    expect(fixAfter(r.stdout, 'inbox "LINE" (line)')).toContain('fix: replace it in Settings → Inboxes → LINE');
    expect(lineOf(r.stdout, 'inbox "Mail" (email) IMAP')).toMatch(new RegExp(`^FAIL .*the IMAP server 127\\.0\\.0\\.1:${dovecot.port} refused the login for support`));
    expect(fixAfter(r.stdout, 'inbox "Mail" (email) IMAP')).toContain('IMAP user and password in Settings → Inboxes → Mail');
    expect(lineOf(r.stdout, 'inbox "Mail" (email) SMTP')).toMatch(/^FAIL .*the SMTP server 127\.0\.0\.1:\d+ refused the login for relay: 535/);
    expect(fixAfter(r.stdout, 'inbox "Mail" (email) SMTP')).toContain('SMTP user and password in Settings → Inboxes → Mail');
  });

  it('does not call a stored provider URL on a private address without allowPrivate', async () => {
    const inboxes = server.app.ctx.db;
    const local = providers.url.replace('127.0.0.1', 'localhost');
    await inboxes.update(schema.inboxes).set({ config: { accountSid: SID, authToken: TWILIO_TOKEN, fromNumber: '+14155550000', apiBaseUrl: providers.url } }).where(eq(schema.inboxes.name, 'SMS'));
    await inboxes.update(schema.inboxes).set({ config: { botToken: BOT_TOKEN, secretToken: 'telegram-secret-1', apiOrigin: local } }).where(eq(schema.inboxes.name, 'Telegram'));
    for (const [name, config] of Object.entries(messaging(providers.url, {}, false))) await setConfig(name, config);
    await setConfig('Mail', mailConfig({}, false));
    providerHits.length = 0;
    const r = await cli(['doctor'], { DATABASE_URL: db.url });
    for (const name of ['inbox "Messenger" (messenger)', 'inbox "WhatsApp" (whatsapp)', 'inbox "LINE" (line)', 'inbox "Mail" (email) IMAP', 'inbox "Mail" (email) SMTP']) {
      expect(lineOf(r.stdout, name), name).toMatch(/^WARN .*127\.0\.0\.1 is not a public address/);
    }
    expect(lineOf(r.stdout, 'inbox "SMS" (sms)')).toMatch(/^WARN .*127\.0\.0\.1 is not a public address/);
    expect(lineOf(r.stdout, 'inbox "Telegram" (telegram)')).toMatch(/^WARN .*localhost is not a public address/);
    expect(providerHits.filter((u) => u !== '/healthz')).toEqual([]);
    // WEBHOOK_ALLOW_PRIVATE=1 allows them for the whole node: the same stored URLs are called and pass.
    const allowed = await cli(['doctor'], { DATABASE_URL: db.url, WEBHOOK_ALLOW_PRIVATE: '1' });
    expect(lineOf(allowed.stdout, 'inbox "SMS" (sms)')).toMatch(/^ok .*Twilio account active/);
    expect(lineOf(allowed.stdout, 'inbox "Telegram" (telegram)')).toMatch(/^ok .*@acme_support_bot/);
    expect(lineOf(allowed.stdout, 'inbox "LINE" (line)')).toMatch(/^ok .*LINE bot "Acme Support"/);
    expect(lineOf(allowed.stdout, 'inbox "Mail" (email) IMAP')).toMatch(/^ok /);
  });

  it('names the address of a provider or mail server it cannot reach', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    for (const [name, config] of Object.entries(messaging(closed))) await setConfig(name, config);
    const imapPort = await freePort();
    await setConfig('Mail', { ...mailConfig(), imap: { ...mailConfig().imap, port: imapPort } });
    const r = await cli(['doctor'], { DATABASE_URL: db.url });
    expect(r.code).toBe(1);
    for (const name of ['inbox "Messenger" (messenger)', 'inbox "WhatsApp" (whatsapp)', 'inbox "LINE" (line)']) {
      expect(lineOf(r.stdout, name), name).toMatch(new RegExp(`^FAIL .*cannot reach ${closed.replace(/\./g, '\\.')}: ECONNREFUSED`));
    }
    // The address is named, the token never: it is in the query (Messenger) and must not reach the terminal.
    expect(r.stdout).not.toContain(PAGE_TOKEN);
    expect(lineOf(r.stdout, 'inbox "Mail" (email) IMAP')).toMatch(new RegExp(`^FAIL .*cannot reach IMAP 127\\.0\\.0\\.1:${imapPort}: ECONNREFUSED`));
  });

  it('fails when PUBLIC_URL reaches nothing, and warns when it is unset', async () => {
    const down = await cli(['doctor'], { DATABASE_URL: db.url, PUBLIC_URL: `http://127.0.0.1:${await freePort()}` });
    expect(down.code).toBe(1);
    expect(lineOf(down.stdout, 'PUBLIC_URL')).toMatch(/^FAIL .*did not answer/);
    const unset = await cli(['doctor'], { DATABASE_URL: db.url });
    expect(lineOf(unset.stdout, 'PUBLIC_URL')).toMatch(/^WARN .*not set/);
    expect(lineOf(unset.stdout, 'SMTP')).toMatch(/^WARN .*SMTP_URL not set/);
  });
});

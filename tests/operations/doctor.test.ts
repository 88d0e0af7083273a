import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../server/db/client.js';
import { freePort } from '../support/process.js';
import { serviceAvailable } from '../support/requirements.js';
import { createServerDatabase, startServer, type TestServer } from '../support/server.js';
import { cli, ensureServerBuilt } from './cli-kit.js';

const SID = `AC${'c3'.repeat(16)}`;
const TWILIO_TOKEN = 'd4'.repeat(16);
const BOT_TOKEN = '123456:telegram-bot-token';
const providerHits: string[] = [];

/** Local stand-ins for Twilio's account endpoint and Telegram's getMe, and a host whose clock is an hour ahead. */
function providerStandIn(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    providerHits.push(req.url ?? '');
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => { res.writeHead(status, { 'content-type': 'application/json', ...headers }); res.end(JSON.stringify(body)); };
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

const ready = serviceAvailable('TEST_DATABASE_URL', 'doctor checks a PostgreSQL deployment') && serviceAvailable('REDIS_URL', 'doctor checks Redis');
describe.runIf(ready)('switchboard doctor', () => {
  let db: { url: string; drop(): Promise<void> };
  let server: TestServer;
  let providers: { url: string; server: Server };
  let relay: { port: number; server: SMTPServer };

  beforeAll(async () => {
    await ensureServerBuilt();
    [providers, relay, db] = await Promise.all([providerStandIn(), smtpRelay(), createServerDatabase().then((d) => d!)]);
    server = await startServer({ DATABASE_URL: db.url });
    await server.app.ctx.db.insert(schema.inboxes).values([
      { name: 'SMS', channel: 'sms', config: { accountSid: SID, authToken: TWILIO_TOKEN, fromNumber: '+14155550000', apiBaseUrl: providers.url, allowPrivate: true } },
      { name: 'Telegram', channel: 'telegram', config: { botToken: BOT_TOKEN, secretToken: 'telegram-secret-1', apiOrigin: providers.url, allowPrivate: true } },
    ]);
  }, 400_000);
  afterAll(async () => {
    await server?.close();
    await db?.drop();
    providers?.server.close();
    relay?.server.close();
  });

  it('passes a healthy deployment, check by check', async () => {
    const r = await cli(['doctor'], { DATABASE_URL: db.url, REDIS_URL: process.env.REDIS_URL!, SMTP_URL: `smtp://relay:relay-pass@127.0.0.1:${relay.port}`, PUBLIC_URL: server.url });
    expect(r.stdout).toContain('All checks passed');
    expect(r.code).toBe(0);
    for (const name of ['PUBLIC_URL', 'database', 'clock (database)', 'Redis', 'clock (Redis)', 'SMTP', 'clock (PUBLIC_URL)', 'inbox "SMS" (sms)', 'inbox "Telegram" (telegram)', 'inbox "Website" (web)']) {
      expect(lineOf(r.stdout, name), name).toMatch(/^ok /);
    }
    expect(lineOf(r.stdout, 'inbox "SMS" (sms)')).toContain('Twilio account active');
    expect(lineOf(r.stdout, 'inbox "Telegram" (telegram)')).toContain('@acme_support_bot');
  });

  it('names every broken part and says what to fix', async () => {
    const inboxes = server.app.ctx.db;
    await inboxes.update(schema.inboxes).set({ config: { accountSid: SID, authToken: 'e5'.repeat(16), fromNumber: '+14155550000', apiBaseUrl: providers.url, allowPrivate: true } }).where(eq(schema.inboxes.name, 'SMS'));
    await inboxes.update(schema.inboxes).set({ config: { botToken: '999:revoked', secretToken: 'telegram-secret-1', apiOrigin: providers.url, allowPrivate: true } }).where(eq(schema.inboxes.name, 'Telegram'));
    const r = await cli(['doctor'], {
      DATABASE_URL: db.url, REDIS_URL: `redis://127.0.0.1:${await freePort()}`, SMTP_URL: `smtp://relay:wrong-pass@127.0.0.1:${relay.port}`, PUBLIC_URL: providers.url,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('5 problem(s) to fix');
    expect(lineOf(r.stdout, 'Redis')).toMatch(/^FAIL .*cannot reach REDIS_URL/);
    expect(fixAfter(r.stdout, 'Redis')).toContain('fix: start Redis or fix REDIS_URL');
    expect(lineOf(r.stdout, 'SMTP')).toMatch(/^FAIL .*535/);
    expect(fixAfter(r.stdout, 'SMTP')).toContain('user and password in SMTP_URL');
    expect(lineOf(r.stdout, 'clock (PUBLIC_URL)')).toMatch(/^FAIL .*clock is -?3\d{3}\.\d s off/);
    expect(fixAfter(r.stdout, 'clock (PUBLIC_URL)')).toContain('NTP');
    expect(lineOf(r.stdout, 'inbox "SMS" (sms)')).toMatch(/^FAIL .*Twilio answered 401: Authenticate/);
    expect(lineOf(r.stdout, 'inbox "Telegram" (telegram)')).toMatch(/^FAIL .*Telegram answered 401: Unauthorized/);
    expect(fixAfter(r.stdout, 'inbox "SMS" (sms)')).toContain('Settings → Inboxes → SMS');
  });

  it('does not call a stored provider URL on a private address without allowPrivate', async () => {
    const inboxes = server.app.ctx.db;
    const local = providers.url.replace('127.0.0.1', 'localhost');
    await inboxes.update(schema.inboxes).set({ config: { accountSid: SID, authToken: TWILIO_TOKEN, fromNumber: '+14155550000', apiBaseUrl: providers.url } }).where(eq(schema.inboxes.name, 'SMS'));
    await inboxes.update(schema.inboxes).set({ config: { botToken: BOT_TOKEN, secretToken: 'telegram-secret-1', apiOrigin: local } }).where(eq(schema.inboxes.name, 'Telegram'));
    providerHits.length = 0;
    const r = await cli(['doctor'], { DATABASE_URL: db.url });
    expect(lineOf(r.stdout, 'inbox "SMS" (sms)')).toMatch(/^WARN .*127\.0\.0\.1 is not a public address/);
    expect(lineOf(r.stdout, 'inbox "Telegram" (telegram)')).toMatch(/^WARN .*localhost is not a public address/);
    expect(providerHits.filter((u) => u !== '/healthz')).toEqual([]);
    // WEBHOOK_ALLOW_PRIVATE=1 allows them for the whole node: the same stored URLs are called and pass.
    const allowed = await cli(['doctor'], { DATABASE_URL: db.url, WEBHOOK_ALLOW_PRIVATE: '1' });
    expect(lineOf(allowed.stdout, 'inbox "SMS" (sms)')).toMatch(/^ok .*Twilio account active/);
    expect(lineOf(allowed.stdout, 'inbox "Telegram" (telegram)')).toMatch(/^ok .*@acme_support_bot/);
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

// Channel secrets stay secret: masked in every API answer, and absent from the log of a real server
// process run at debug level, together with the admin's password and the session token.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, eventually } from '../support/server.js';

const PASSWORD = 'admin-Pa55word-in-the-log?';
const AUTH_TOKEN = 'twilio-auth-token-0123456789abcdef';
const IMAP_PASSWORD = 'imap-password-never-logged';
const VERIFY_TOKEN = 'meta-verify-token-never-logged';
const TELEGRAM_SECRET = 'telegram-secret-never-logged';

describe('secrets in responses and logs', () => {
  let child: ChildProcess;
  let dir: string;
  let log = '';
  let url = '';

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sb-secrets-'));
    child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, LOG_LEVEL: 'debug', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: PASSWORD, SECRET_KEY: 'k'.repeat(32), RATE_LIMIT_PUBLIC: '100000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => { log += d; });
    child.stderr!.on('data', (d) => { log += d; });
    const port = await eventually(async () => /"port":(\d+)/.exec(log)?.[1], 90_000, 'server start');
    url = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('never answers with a channel secret, and never logs one, a password or a session token', async () => {
    const login = await api(url, 'POST', '/api/auth/login', { body: { email: 'admin@example.com', password: PASSWORD } });
    expect(login.status).toBe(200);
    const token: string = login.body.token;
    const secrets: string[] = [];
    await api(url, 'POST', '/api/auth/login', { body: { email: 'admin@example.com', password: `${PASSWORD}-wrong` } });

    const sms = await api(url, 'POST', '/api/inboxes', { token, body: { name: 'SMS', channel: 'sms', config: { accountSid: `AC${'a'.repeat(32)}`, authToken: AUTH_TOKEN, fromNumber: '+14155550100', apiBaseUrl: 'http://127.0.0.1:9', allowPrivate: true } } });
    expect(sms.status).toBe(201);
    const email = await api(url, 'POST', '/api/inboxes', { token, body: { name: 'Mail', channel: 'email', config: { address: 'help@example.com', imap: { host: '127.0.0.1', port: 9, secure: false, user: 'help', password: IMAP_PASSWORD, allowPrivate: true } } } });
    expect(email.status).toBe(201);
    // A rejected update echoes nothing back either.
    const bad = await api(url, 'PATCH', `/api/inboxes/${sms.body.id}`, { token, body: { config: { authToken: `${AUTH_TOKEN}-new`, accountSid: 'nope' } } });
    expect(bad.status).toBe(400);

    const answers = [
      sms.body, email.body, bad.body,
      (await api(url, 'GET', '/api/inboxes', { token })).body,
      (await api(url, 'GET', `/api/inboxes/${sms.body.id}`, { token })).body,
      (await api(url, 'GET', `/api/inboxes/${email.body.id}`, { token })).body,
      (await api(url, 'PATCH', `/api/inboxes/${sms.body.id}`, { token, body: { name: 'SMS 2' } })).body,
    ].map((b) => JSON.stringify(b));
    for (const text of answers) {
      expect(text).not.toContain(AUTH_TOKEN);
      expect(text).not.toContain(IMAP_PASSWORD);
    }
    expect(answers[4]).toContain('"authToken":"');

    await api(url, 'GET', '/api/auth/me', { token, headers: { cookie: `sb_token=${token}` } });
    // Credentials that travel in URLs and provider headers: an invitation link, a Meta verify token, a Telegram secret.
    const invite = await api(url, 'POST', '/api/invites', { token, body: { email: 'new@example.com' } });
    expect(invite.status).toBe(201);
    const inviteToken = new URL(invite.body.url).pathname.split('/').pop()!;
    await api(url, 'GET', `/api/invites/accept/${inviteToken}`);
    await api(url, 'GET', `/webhooks/messenger/${sms.body.id}?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`);
    await api(url, 'POST', `/webhooks/telegram/${sms.body.id}`, { body: {}, headers: { 'x-telegram-bot-api-secret-token': TELEGRAM_SECRET } });
    secrets.push(inviteToken);
    await api(url, 'POST', `/webhooks/twilio/${sms.body.id}/sms`, { raw: 'From=%2B14155550111&Body=hi', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'forged' } });
    // Give the IMAP poller a moment to fail against the closed port and log why.
    await eventually(async () => log.includes(email.body.id), 15_000, 'e-mail inbox activity in the log').catch(() => null);

    expect(log).toContain('"level":20'); // debug lines were written: the log under test is the verbose one
    expect(log).toContain('/api/auth/login');
    for (const secret of [PASSWORD, AUTH_TOKEN, `${AUTH_TOKEN}-new`, IMAP_PASSWORD, token, token.slice(3), VERIFY_TOKEN, TELEGRAM_SECRET, ...secrets]) {
      expect(log.includes(secret), `log contains ${secret.slice(0, 6)}…`).toBe(false);
    }
  });
});

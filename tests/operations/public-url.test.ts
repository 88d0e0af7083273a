// One PUBLIC_URL derives every public link: the widget snippet, provider webhook URLs, invitation and reset
// links. Unset or loopback, the start-up log warns in one line and GET /api/setup/public-url says why.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig, publicUrlProblem } from '../../server/config.js';
import { startSink } from '../email/mail-kit.js';
import { spawnServer, stopProcess } from '../support/process.js';
import { api, eventually, loginAdmin, startServer, type TestServer } from '../support/server.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const PUBLIC = 'https://support.example.test';

async function publicUrlOf(env: Record<string, string>) {
  const server = await startServer(env);
  try {
    const token = await loginAdmin(server.url);
    return (await api(server.url, 'GET', '/api/setup/public-url', { token })).body;
  } finally {
    await server.close();
  }
}

describe('GET /api/setup/public-url', () => {
  it('names the problem when PUBLIC_URL is unset, loopback, or none for a real host', async () => {
    const unset = await publicUrlOf({});
    expect(unset.problem).toBe('unset');
    expect(unset.message).toMatch(/^PUBLIC_URL is not set: .*Set PUBLIC_URL/);

    const loopback = await publicUrlOf({ PUBLIC_URL: 'http://localhost:4000' });
    expect(loopback).toMatchObject({ url: 'http://localhost:4000', problem: 'loopback' });
    expect(loopback.message).toContain('PUBLIC_URL http://localhost:4000 is a loopback address');
    for (const other of ['http://127.0.0.1:4000', 'http://127.8.0.1', 'http://[::1]:4000', 'http://app.localhost', 'http://0.0.0.0:3000']) {
      expect(publicUrlProblem(loadConfig({ PUBLIC_URL: other }))).toBe('loopback');
    }
    expect(publicUrlProblem(loadConfig({ PUBLIC_URL: 'http://10.0.0.5:3000' }))).toBeNull();

    expect(await publicUrlOf({ PUBLIC_URL: `${PUBLIC}/` })).toEqual({ url: PUBLIC, problem: null, message: null });
  });

  it('asks for a signed-in agent', async () => {
    const server = await startServer();
    try {
      expect((await api(server.url, 'GET', '/api/setup/public-url')).status).toBe(401);
    } finally {
      await server.close();
    }
  });
});

describe('every public link starts with PUBLIC_URL', () => {
  let mail: Awaited<ReturnType<typeof startSink>>;
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    mail = await startSink();
    server = await startServer({ PUBLIC_URL: PUBLIC, SMTP_URL: mail.url, SECRET_KEY: 'public-url-test-key-0123456789' });
    token = await loginAdmin(server.url);
  });
  afterAll(async () => {
    await server?.close();
    await mail?.stop();
  });

  it('widget snippet, webhook URLs, invitation and reset links', async () => {
    const inboxes = (await api(server.url, 'GET', '/api/inboxes', { token })).body;
    const website = inboxes.find((i: { channel: string }) => i.channel === 'web');
    expect(website.widgetSnippet).toBe(`<script async src="${PUBLIC}/widget.js" data-widget-key="${website.widgetKey}"></script>`);

    const sms = await api(server.url, 'POST', '/api/inboxes', {
      token, body: { name: 'SMS', channel: 'sms', config: { accountSid: 'AC' + '0'.repeat(32), authToken: 'secret-auth-token', fromNumber: '+15550001111' } },
    });
    expect(sms.status).toBe(201);
    expect(sms.body.webhooks).toEqual({ sms: `${PUBLIC}/webhooks/twilio/${sms.body.id}/sms`, status: `${PUBLIC}/webhooks/twilio/${sms.body.id}/status` });

    const telegram = await api(server.url, 'POST', '/api/inboxes', {
      token, body: { name: 'Telegram', channel: 'telegram', config: { botToken: '123:abc', secretToken: 'telegram-secret-1' } },
    });
    expect(telegram.status).toBe(201);
    expect(telegram.body.webhooks).toEqual({ events: `${PUBLIC}/webhooks/telegram/${telegram.body.id}` });

    const invite = await api(server.url, 'POST', '/api/invites', { token, body: { email: 'link.check@example.com', role: 'agent', inboxIds: [] } });
    expect(invite.status).toBe(201);
    expect(invite.body.url).toMatch(new RegExp(`^${PUBLIC}/invite/[\\w-]+$`));

    expect((await api(server.url, 'POST', '/api/auth/password-reset', { body: { email: 'admin@example.com' } })).status).toBeLessThan(300);
    const reset = await eventually(async () => mail.mails.map((m) => m.parsed).find((m) => /reset/i.test(m.text ?? '') && m.text?.includes('/reset?token=')), 60_000, 'reset mail');
    const invited = await eventually(async () => mail.mails.map((m) => m.parsed).find((m) => m.text?.includes('/invite/')), 60_000, 'invitation mail');
    for (const m of [reset, invited]) {
      const links = m.text!.match(/https?:\/\/\S+/g)!;
      expect(links.length).toBeGreaterThan(0);
      for (const link of links) expect(link.startsWith(`${PUBLIC}/`)).toBe(true);
    }
  });
});

describe('start-up warning', () => {
  it('prints one clear line when PUBLIC_URL is unset or loopback, and none for a real host', async () => {
    const base = { ADMIN_PASSWORD: 'admin-password-1', LOG_LEVEL: 'warn' };
    // Three processes at once: each boot is the slow part, and they share nothing.
    const cases = [['unset', {}], ['loopback', { PUBLIC_URL: 'http://127.0.0.1:8080' }], ['real', { PUBLIC_URL: PUBLIC }]] as const;
    const outputs: Record<string, string> = Object.fromEntries(await Promise.all(cases.map(async ([name, extra]) => {
      const proc = await spawnServer({ ...base, ...extra, DATA_DIR: mkdtempSync(`${tmpdir()}/sb-public-url-`) }, { startTimeoutMs: 150_000 });
      const output = proc.output();
      await stopProcess(proc);
      return [name, output] as const;
    })));
    const warnings = (out: string) => out.split('\n').filter((l) => l.includes('PUBLIC_URL'));
    expect(warnings(outputs.unset)).toHaveLength(1);
    expect(warnings(outputs.unset)[0]).toContain('PUBLIC_URL is not set');
    expect(warnings(outputs.loopback)).toHaveLength(1);
    expect(warnings(outputs.loopback)[0]).toContain('PUBLIC_URL http://127.0.0.1:8080 is a loopback address');
    expect(warnings(outputs.real)).toEqual([]);
  }, 200_000);
});

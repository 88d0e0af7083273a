import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';
import { ADMIN, api, startServer, type TestServer } from '../support/server.js';
import { spawnServer, stopProcess } from '../support/process.js';

describe('configuration', () => {
  it('defaults work for a fresh machine', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 3000, DATA_DIR: './data', publicUrl: 'http://localhost:3000' });
    expect(c.DATABASE_URL).toBeUndefined();
  });
  it('an invalid value fails with one line naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/^Invalid configuration: PORT /);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL must start with postgres/);
    expect(() => loadConfig({ ADMIN_PASSWORD: 'short' })).toThrow(/ADMIN_PASSWORD must be at least 8/);
  });
  it('the real entry point prints that one line and exits non-zero', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env: { PATH: process.env.PATH, PORT: 'eighty' }, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual(['Invalid configuration: PORT must be a number']);
  });
});

describe('rate limits', () => {
  let s: TestServer;
  beforeAll(async () => { s = await startServer({ RATE_LIMIT_LOGIN: '3', RATE_LIMIT_PUBLIC: '5' }); });
  afterAll(() => s?.close());

  it('sign-in attempts are limited per address and account', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await api(s.url, 'POST', '/api/auth/login', { body: { ...ADMIN, password: 'wrong-password' } })).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const limited = await api(s.url, 'POST', '/api/auth/login', { body: ADMIN });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
  });

  it('public widget routes are limited', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await api(s.url, 'GET', '/api/widget/config?widgetKey=nope')).status);
    expect(statuses.slice(0, 5)).toEqual([404, 404, 404, 404, 404]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });
});

describe('graceful shutdown', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sb-term-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('SIGTERM drains and exits 0; the data is intact on the next start', async () => {
    const env = { DATA_DIR: dataDir, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: 'info' };
    const first = await spawnServer(env);
    expect(await stopProcess(first, 'SIGTERM')).toBe(0);
    expect(first.output()).toContain('shutting down');
    const second = await spawnServer(env);
    expect((await api(second.url, 'POST', '/api/auth/login', { body: ADMIN })).status).toBe(200);
    expect(await stopProcess(second, 'SIGTERM')).toBe(0);
  }, 180_000);
});

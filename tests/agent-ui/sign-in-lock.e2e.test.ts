// After too many wrong passwords the sign-in page says how long the lock really lasts (the limiter's window),
// not a fixed "wait a minute".
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { chromiumLaunchOptions } from '../support/requirements.js';
import { api, startServer, type TestServer } from '../support/server.js';
import { browserAvailable, ensureUiBuilt } from './harness.js';

vi.setConfig({ testTimeout: 120_000 });

describe.skipIf(!browserAvailable())('sign-in lock in the browser', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ensureUiBuilt();
    server = await startServer({ RATE_LIMIT_LOGIN: '2' });
    browser = await chromium.launch(chromiumLaunchOptions);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('names the real lock time in the API and on the page', async () => {
    const email = `lock-${Date.now()}@example.com`;
    for (let i = 0; i < 2; i++) await api(server.url, 'POST', '/api/auth/login', { body: { email, password: 'wrong-password' } });
    const locked = await api(server.url, 'POST', '/api/auth/login', { body: { email, password: 'wrong-password' } });
    expect(locked.status).toBe(429);
    const seconds = Number(locked.headers.get('retry-after'));
    expect(seconds).toBeGreaterThan(14 * 60);
    expect(seconds).toBeLessThanOrEqual(15 * 60);
    expect(locked.body.error.message).toBe('Too many sign-in attempts; try again in 15 minutes');

    const page = await browser.newPage({ locale: 'en-US' });
    await page.goto(server.url + '/');
    await page.getByLabel('Work e-mail').fill(email);
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Sign-in is locked for 15 min').waitFor();
    expect(await page.getByText('Wait a minute').count()).toBe(0);
    await page.close();
  });
});

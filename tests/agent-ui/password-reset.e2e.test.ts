// "Forgot password?" end to end in the browser: ask for a link on the sign-in page, read the mail at the
// local SMTP relay, open the link, choose a password, sign in with it. Persian shows the page right to left.
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSink } from '../email/mail-kit.js';
import { chromiumLaunchOptions } from '../support/requirements.js';
import { createAgent, startServer, type TestServer } from '../support/server.js';
import { axeSerious, browserAvailable, ensureUiBuilt, signIn } from './harness.js';

vi.setConfig({ testTimeout: 120_000 });

describe.skipIf(!browserAvailable())('password reset in the browser', () => {
  let server: TestServer;
  let sink: Awaited<ReturnType<typeof startSink>>;
  let browser: Browser;

  beforeAll(async () => {
    ensureUiBuilt();
    sink = await startSink();
    server = await startServer({ SMTP_URL: sink.url });
    browser = await chromium.launch(chromiumLaunchOptions);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await sink?.stop();
  });

  it('request, mail, link, new password, sign in', async () => {
    await createAgent(server, 'reset.me@example.com', []);
    const context = await browser.newContext({ bypassCSP: true, locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(server.url + '/');
    await page.getByRole('button', { name: 'Forgot password?' }).click();
    await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
    expect(await axeSerious(page)).toEqual([]);
    await page.getByLabel('Work e-mail').fill('reset.me@example.com');
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByText('If reset.me@example.com belongs to an account, a reset link is on its way.').waitFor();

    const mail = (await sink.next((m) => m.subject === 'Reset your Switchboard password')).parsed;
    const link = mail.text!.match(/https?:\/\/\S+\/reset\?token=\S+/)![0];
    await page.goto(link);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await page.getByLabel('New password', { exact: true }).fill('fresh-password-42');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByText('Your password was changed').waitFor();

    // The same link a second time says it is used up.
    await page.goto(link);
    await page.getByLabel('New password', { exact: true }).fill('another-password-43');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByText('This reset link is invalid, used or expired. Ask for a new one.').waitFor();

    await page.getByRole('button', { name: 'Back to sign-in' }).click();
    await signIn(page, server.url, 'reset.me@example.com', 'fresh-password-42');
    await context.close();
  });

  it('the Persian page reads right to left in its own words', async () => {
    const context = await browser.newContext({ locale: 'fa-IR' });
    const page = await context.newPage();
    await page.goto(server.url + '/reset');
    await page.getByRole('heading', { name: 'بازنشانی رمز عبور' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.getByRole('button', { name: 'ارسال پیوند بازنشانی' }).waitFor();
    await context.close();
  });
});

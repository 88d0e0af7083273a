// Guided setup in the browser, against the real server: the admin's Get started checklist ticks steps off as the
// real things happen (an invitation, an article, a connection test that passes), links to the screen of each
// step, stays away once dismissed, and never shows to an agent; an inbox's guide shows exactly the values the
// server's channel guide gives (and copies them), with the PUBLIC_URL warning; Test connection against the Twilio
// stand-in shows Twilio's own refusal, then success, and the last result with its time after a reload.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAgent } from '../support/server.js';
import { ACCOUNT_SID, AUTH_TOKEN, TwilioStandIn } from '../sms/twilio-stand-in.js';
import { api, ARTIFACTS, axeSerious, browserAvailable, newPage, setup, signIn, type Env } from './harness.js';

vi.setConfig({ testTimeout: 180_000 });

/** The classic misconfiguration: the address the server says it lives at is this machine's. */
const LOOPBACK_PUBLIC_URL = 'http://localhost:3000';
const STEPS = [
  ['install_widget', 'Install the widget'],
  ['invite_teammate', 'Invite a teammate'],
  ['connect_channel', 'Connect a channel'],
  ['add_kb_articles', 'Add knowledge-base articles'],
  ['switch_on_bot', 'Switch on the bot'],
] as const;

type Checklist = { steps: { key: string; done: boolean }[]; dismissed: boolean };

describe.skipIf(!browserAvailable())('guided setup', () => {
  let env: Env;
  let twilio: TwilioStandIn;
  let smsInboxId: string;
  const smsConfig = (authToken: string) => ({ accountSid: ACCOUNT_SID, authToken, fromNumber: '+14155550000', apiBaseUrl: twilio.url, allowPrivate: true });

  beforeAll(async () => {
    twilio = await new TwilioStandIn().start();
    env = await setup({ PUBLIC_URL: LOOPBACK_PUBLIC_URL });
    // Credentials Twilio refuses: the first test in the UI must say so in Twilio's words.
    const created = await api(env.url, 'POST', '/api/inboxes', { token: env.token, body: { name: 'Text messages', channel: 'sms', config: smsConfig('e5'.repeat(16)) } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    smsInboxId = created.body.id;
  }, 120_000);
  afterAll(async () => {
    await env?.close();
    await twilio?.close();
  });

  const checklist = async (): Promise<Checklist> => {
    const r = await api(env.url, 'GET', '/api/setup/checklist', { token: env.token });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };
  const card = (page: Page) => page.getByRole('region', { name: /^(Get started|You are all set)$/ });
  /** What the card shows for each step: "Done" or "To do", read from the page. */
  const shownSteps = async (page: Page) => {
    const out: Record<string, string> = {};
    for (const [key, title] of STEPS) {
      const item = card(page).getByRole('listitem').filter({ has: page.getByRole('link', { name: title, exact: true }) });
      out[key] = (await item.locator('.pill').innerText()).trim();
    }
    return out;
  };
  const asShown = (c: Checklist) => Object.fromEntries(c.steps.map((s) => [s.key, s.done ? 'Done' : 'To do']));
  const progress = (page: Page) => card(page).getByRole('progressbar');

  it('ticks steps off from real data, links to each screen, and is for admins only', async () => {
    const before = await checklist();
    expect(before.dismissed).toBe(false);
    expect(before.steps.filter((s) => s.done).map((s) => s.key)).toEqual([]);

    const { page, context } = await newPage(env);
    try {
      await signIn(page, env.url);
      await card(page).waitFor();
      expect(await shownSteps(page)).toEqual(asShown(before));
      await card(page).getByText('0 of 5 done').waitFor();
      expect(await progress(page).getAttribute('aria-valuenow')).toBe('0');
      // The inbox's own empty state is still there beside it.
      await page.getByText('Pick a conversation').waitFor();

      // An invitation and an article, made through the API as any other screen would.
      const invite = await api(env.url, 'POST', '/api/invites', { token: env.token, body: { email: 'teammate@acme.test' } });
      expect(invite.status, JSON.stringify(invite.body)).toBe(201);
      const article = await api(env.url, 'POST', '/api/kb/articles', { token: env.token, body: { title: 'Opening hours', body: 'We are open 9 to 5.', locale: 'en' } });
      expect(article.status, JSON.stringify(article.body)).toBe(201);
      await page.reload();
      await card(page).getByText('2 of 5 done').waitFor();
      const after = await checklist();
      expect(after.steps.filter((s) => s.done).map((s) => s.key)).toEqual(['invite_teammate', 'add_kb_articles']);
      expect(await shownSteps(page)).toEqual(asShown(after));
      expect(await progress(page).getAttribute('aria-valuenow')).toBe('2');
      expect(await axeSerious(page)).toEqual([]);
      await page.screenshot({ path: path.join(ARTIFACTS, 'setup-checklist-en.png') });

      // Each step opens the screen that does it.
      await card(page).getByRole('link', { name: 'Invite a teammate' }).click();
      await expect.poll(() => new URL(page.url()).pathname).toBe('/admin/agents');
      await page.goto(env.url + '/');
      await card(page).getByRole('link', { name: 'Add knowledge-base articles' }).click();
      await expect.poll(() => new URL(page.url()).pathname).toBe('/admin/kb');
      await page.goto(env.url + '/');
      await card(page).getByRole('link', { name: 'Install the widget' }).click();
      await expect.poll(() => new URL(page.url()).pathname + new URL(page.url()).search).toBe(`/admin/inboxes?inbox=${env.inbox.id}`);
      // It opens the website inbox itself, where the snippet is.
      await page.getByRole('form', { name: 'Website' }).getByText(/^Widget snippet/).waitFor();

      // In Persian: translated, right to left.
      await page.evaluate(() => localStorage.setItem('sb.locale', 'fa'));
      await page.goto(env.url + '/');
      await page.getByRole('region', { name: 'شروع کار' }).getByText('2 از 5 انجام شد').waitFor();
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
      expect(await axeSerious(page)).toEqual([]);
      await page.screenshot({ path: path.join(ARTIFACTS, 'setup-checklist-fa.png') });
      await page.evaluate(() => localStorage.setItem('sb.locale', 'en'));
    } finally {
      await context.close();
    }

    // An agent signs in to the same inbox and sees no checklist (and never asks for it).
    await createAgent(env.server, 'agent.setup@acme.test', [env.inbox.id]);
    const { page: agentPage, context: agentContext } = await newPage(env);
    try {
      const asked: string[] = [];
      agentPage.on('request', (r) => { if (r.url().includes('/api/setup/checklist')) asked.push(r.url()); });
      await signIn(agentPage, env.url, 'agent.setup@acme.test', 'agent-password-1');
      await agentPage.getByText('Pick a conversation').waitFor();
      await agentPage.waitForLoadState('networkidle');
      expect(await card(agentPage).count()).toBe(0);
      expect(asked).toEqual([]);
    } finally {
      await agentContext.close();
    }
  });

  it('shows what to paste where, exactly as the server says, copies it, and warns about a loopback PUBLIC_URL', async () => {
    const { page, context } = await newPage(env);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.url });
    try {
      await signIn(page, env.url);
      for (const inboxId of [smsInboxId, env.inbox.id]) {
        const guide = (await api(env.url, 'GET', `/api/inboxes/${inboxId}/setup`, { token: env.token })).body as { items: { key: string; value: string | null }[]; publicUrl: { url: string; problem: string | null } };
        expect(guide.publicUrl).toMatchObject({ url: LOOPBACK_PUBLIC_URL, problem: 'loopback' });
        expect(guide.items.length).toBeGreaterThan(1);
        await page.goto(`${env.url}/admin/inboxes?inbox=${inboxId}`);
        const section = page.getByRole('region', { name: 'Connect this inbox: what to paste where' });
        await section.locator('[data-guide-item]').first().waitFor();
        // Every item the server gives, in its order, with its value (and nothing else).
        expect(await section.locator('[data-guide-item]').evaluateAll((els) => els.map((el) => el.getAttribute('data-guide-item')))).toEqual(guide.items.map((i) => i.key));
        for (const item of guide.items) {
          const row = section.locator(`[data-guide-item="${item.key}"]`);
          if (item.value === null) expect(await row.locator('code').count()).toBe(0);
          else expect(await row.locator('code').innerText()).toBe(item.value);
        }
        await section.getByText(`These values use ${LOOPBACK_PUBLIC_URL}, a loopback address nobody outside can reach.`, { exact: false }).waitFor();
        // The copy button puts the exact value on the clipboard.
        const last = guide.items.filter((i) => i.value !== null).at(-1)!;
        const label = (await section.locator(`[data-guide-item="${last.key}"] .copy-label`).innerText()).trim();
        await section.getByRole('button', { name: `Copy ${label}` }).click();
        await page.getByText('Copied to clipboard').first().waitFor();
        expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(last.value);
      }
      // The SMS inbox's values are the Twilio webhooks of this inbox on PUBLIC_URL.
      const sms = (await api(env.url, 'GET', `/api/inboxes/${smsInboxId}/setup`, { token: env.token })).body;
      expect(sms.items).toEqual([
        { key: 'twilioIncoming', value: `${LOOPBACK_PUBLIC_URL}/webhooks/twilio/${smsInboxId}/sms` },
        { key: 'twilioStatus', value: `${LOOPBACK_PUBLIC_URL}/webhooks/twilio/${smsInboxId}/status` },
      ]);
    } finally {
      await context.close();
    }
  });

  it('tests the connection: Twilio\'s refusal word for word, then success, kept with its time; the checklist follows', async () => {
    const { page, context } = await newPage(env);
    try {
      await signIn(page, env.url);
      await page.goto(`${env.url}/admin/inboxes?inbox=${smsInboxId}`);
      const box = page.getByRole('region', { name: 'Connection check' });
      const run = async () => {
        const answered = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/api/inboxes/${smsInboxId}/test-connection`));
        await box.getByRole('button', { name: 'Test connection' }).click();
        const response = await answered;
        expect(response.status()).toBe(200);
        return (await response.json()) as { ok: boolean; checks: { name: string; detail: string; fix?: string }[] };
      };

      const refused = await run();
      expect(refused.ok).toBe(false);
      expect(refused.checks[0].detail).toBe('Twilio refused the Account SID / Auth Token (Twilio answered 401: Authenticate)');
      await box.getByText('Connection failed').waitFor();
      const checks = box.locator('.connection-checks li');
      await expect.poll(() => checks.count()).toBe(refused.checks.length);
      expect((await checks.first().locator('.check-detail').innerText()).trim()).toBe(refused.checks[0].detail);
      if (refused.checks[0].fix) expect((await checks.first().locator('.check-fix').innerText()).trim()).toBe(`To fix: ${refused.checks[0].fix}`);
      const failedAt = (await box.getByText(/^Last test: /).innerText()).trim();
      expect(failedAt).toMatch(/^Last test: \S.+/);
      expect(await axeSerious(page)).toEqual([]);
      await page.screenshot({ path: path.join(ARTIFACTS, 'setup-inbox-guide-en.png'), fullPage: true });

      // The last result is still there after a reload, with the same time, and in another browser: the server keeps it.
      await page.reload();
      await box.getByText('Connection failed').waitFor();
      expect((await box.getByText(/^Last test: /).innerText()).trim()).toBe(failedAt);
      expect((await box.locator('.check-detail').first().innerText()).trim()).toBe(refused.checks[0].detail);
      const other = await newPage(env);
      try {
        await signIn(other.page, env.url);
        await other.page.goto(`${env.url}/admin/inboxes?inbox=${smsInboxId}`);
        const otherBox = other.page.getByRole('region', { name: 'Connection check' });
        await otherBox.getByText('Connection failed').waitFor();
        expect((await otherBox.getByText(/^Last test: /).innerText()).trim()).toBe(failedAt);
        expect((await otherBox.locator('.check-detail').first().innerText()).trim()).toBe(refused.checks[0].detail);
      } finally {
        await other.context.close();
      }

      // Nothing is ticked by a failed test.
      expect((await checklist()).steps.find((s) => s.key === 'connect_channel')?.done).toBe(false);

      // The right token, saved through the API; the next test passes and the checklist's channel step ticks.
      const fixed = await api(env.url, 'PATCH', `/api/inboxes/${smsInboxId}`, { token: env.token, body: { config: smsConfig(AUTH_TOKEN) } });
      expect(fixed.status, JSON.stringify(fixed.body)).toBe(200);
      const passed = await run();
      expect(passed).toEqual({ ok: true, checks: [{ name: 'Twilio', ok: true, status: 'ok', detail: 'Twilio account active' }], checkedAt: expect.any(String) });
      await box.getByText('Connection works').waitFor();
      expect((await box.locator('.check-detail').first().innerText()).trim()).toBe('Twilio account active');
      expect(await box.getByText('Connection failed').count()).toBe(0);

      await page.goto(env.url + '/');
      await card(page).getByText('3 of 5 done').waitFor();
      expect(await shownSteps(page)).toEqual(asShown(await checklist()));
      expect((await shownSteps(page)).connect_channel).toBe('Done');

      // The same screen in Persian, right to left, with a failed test on show.
      await api(env.url, 'PATCH', `/api/inboxes/${smsInboxId}`, { token: env.token, body: { config: smsConfig('e5'.repeat(16)) } });
      await page.evaluate(() => localStorage.setItem('sb.locale', 'fa'));
      await page.goto(`${env.url}/admin/inboxes?inbox=${smsInboxId}`);
      const boxFa = page.getByRole('region', { name: 'بررسی اتصال' });
      await boxFa.getByRole('button', { name: 'آزمون اتصال' }).click();
      await boxFa.getByText('اتصال ناموفق بود').waitFor();
      await boxFa.getByText(refused.checks[0].detail).waitFor();
      await page.getByRole('region', { name: 'اتصال این صندوق: چه چیزی را کجا بگذارید' }).locator('[data-guide-item] code').first().waitFor();
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
      expect(await axeSerious(page)).toEqual([]);
      await page.screenshot({ path: path.join(ARTIFACTS, 'setup-inbox-guide-fa.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('Dismiss puts the checklist away for good, on the server', async () => {
    const { page, context } = await newPage(env);
    try {
      await signIn(page, env.url);
      await card(page).waitFor();
      await card(page).getByRole('button', { name: /^Dismiss/ }).click();
      await page.getByText('Checklist dismissed').waitFor();
      await expect.poll(() => card(page).count()).toBe(0);
      expect((await checklist()).dismissed).toBe(true);
      await page.reload();
      await page.getByText('Pick a conversation').waitFor();
      await page.waitForLoadState('networkidle');
      expect(await card(page).count()).toBe(0);
    } finally {
      await context.close();
    }
    // A fresh browser is no different: it is the server that remembers.
    const { page: other, context: otherContext } = await newPage(env);
    try {
      await signIn(other, env.url);
      await other.waitForLoadState('networkidle');
      expect(await card(other).count()).toBe(0);
    } finally {
      await otherContext.close();
    }
  });
});

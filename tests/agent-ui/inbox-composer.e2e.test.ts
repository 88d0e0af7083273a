// Admin screens feeding the composer (canned responses), @mentions that notify, invitations accepted in the
// browser, and the Persian (right-to-left) shell.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAgent } from '../support/server.js';
import { api, ARTIFACTS, axeSerious, browserAvailable, newPage, setup, signIn, visitorWrites, type Env } from './harness.js';

// A real server and browser on a shared CI machine: allow for slow steps rather than flake.
vi.setConfig({ testTimeout: 180_000 });

describe.skipIf(!browserAvailable())('composer, invitations and locales in the browser', () => {
  let env: Env;
  beforeAll(async () => { env = await setup(); });
  afterAll(async () => env?.close());

  // Each attempt makes its own colleague, shortcut and reply, so a retry after a slow step starts clean instead of
  // tripping over what the first attempt already stored.
  let attempt = 0;
  it('inserts a canned response created in settings with /shortcut, and an @mention notifies the colleague', async () => {
    const run = ++attempt;
    const ana = await createAgent(env.server, `ana${run}@example.com`, [env.inbox.id]);
    const reply = `Yes, we ship to Norway within ${run + 2} days.`;
    const c = await visitorWrites(env.url, env.inbox.widgetKey, 'Do you ship to Norway?', { name: 'Nora' });
    const { page, context } = await newPage(env);
    await signIn(page, env.url);

    await page.goto(`${env.url}/admin/canned`);
    await page.getByLabel('Short code').fill(`norway${run}`);
    await page.getByLabel('Reply text').fill(reply);
    await page.getByRole('button', { name: 'Add' }).click();
    await page.getByText(`/norway${run}`).waitFor();

    await page.getByRole('link', { name: 'Inbox', exact: true }).click();
    await page.locator(`[data-conversation-id="${c.conversationId}"] a`).click();
    await page.locator('#composer-text').fill(`/norway${run}`);
    await page.locator('#composer-suggestions').getByRole('option', { name: new RegExp(`norway${run}`) }).waitFor();
    await page.keyboard.press('Enter');
    // The suggestion replaces the text on the next render: sending before it lands would send the shortcut itself.
    await expect.poll(() => page.locator('#composer-text').inputValue()).toBe(reply);
    await page.keyboard.press('Enter');
    await page.locator('.msg-out .msg-body', { hasText: reply }).waitFor();

    await page.getByRole('tab', { name: 'Private note' }).click();
    await page.locator('#composer-text').pressSequentially(`Can @ana${run}`);
    await page.locator('#composer-suggestions').getByRole('option', { name: new RegExp(`ana${run}`) }).waitFor();
    await page.keyboard.press('Enter');
    // The mention is inserted on the next render; typing before it lands would put the caret in the wrong place.
    await expect.poll(() => page.locator('#composer-text').inputValue()).toBe(`Can @ana${run} `);
    await page.locator('#composer-text').pressSequentially('check the carrier?');
    expect(await page.locator('#composer-text').inputValue()).toBe(`Can @ana${run} check the carrier?`);
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.locator('.msg-note .msg-body', { hasText: 'check the carrier' }).waitFor();
    await expect.poll(async () => (await api(env.url, 'GET', '/api/notifications', { token: ana.token })).body.unread).toBe(1);
    await context.close();
  });

  it('invites an agent who sets a password from the link and lands in the inbox', async () => {
    const { page, context } = await newPage(env);
    await signIn(page, env.url);
    await page.goto(`${env.url}/admin/agents`);
    await page.getByRole('form', { name: 'Invite an agent' }).getByLabel('E-mail').fill('newbie@example.com');
    await page.getByRole('checkbox', { name: 'Website' }).check();
    await page.getByRole('button', { name: 'Send invitation' }).click();
    const link = (await page.locator('.notice code').textContent())!.trim();
    expect(link).toMatch(/\/invite\//);
    await context.close();

    const fresh = await newPage(env);
    await fresh.page.goto(link.replace(/^https?:\/\/[^/]+/, env.url));
    await fresh.page.getByText('newbie@example.com').waitFor();
    await fresh.page.getByLabel('Your name').fill('Nico Newbie');
    await fresh.page.getByLabel('Password').fill('a-good-password');
    await fresh.page.getByRole('button', { name: 'Create account' }).click();
    await fresh.page.getByRole('navigation', { name: 'Conversation views' }).waitFor();
    await fresh.page.getByRole('navigation', { name: 'Conversation views' }).getByText('Website').waitFor();
    await fresh.context.close();
  });

  it('switches to Persian: right-to-left layout, translated shell, still accessible', async () => {
    await visitorWrites(env.url, env.inbox.widgetKey, 'سلام، سفارش من کجاست؟', { name: 'مریم' });
    const { page, context } = await newPage(env);
    await signIn(page, env.url);
    await page.getByRole('button', { name: /Account:/ }).click();
    await page.getByLabel('Language').selectOption('fa');
    await page.getByRole('heading', { name: 'گفتگوها' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fa');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /حساب:/ }).click();
    await page.locator('[data-conversation-id] a').first().click();
    await page.locator('#composer-text').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'inbox-rtl-fa.png') });
    const serious = await axeSerious(page);
    expect(serious.map((v) => `${v.id}: ${v.targets.join(', ')}`)).toEqual([]);
    await context.close();
  });
});

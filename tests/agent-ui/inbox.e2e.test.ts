// The agent's day in the real UI against the real server: sign in, a widget message arrives live, reply,
// private note, assign / resolve / snooze, Thai search, accessibility of the main screens.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { api, ARTIFACTS, axeSerious, browserAvailable, newPage, setup, signIn, visitorWrites, type Env } from './harness.js';

// A real server and browser on a shared CI machine: allow for slow steps rather than flake.
vi.setConfig({ testTimeout: 180_000 });

describe.skipIf(!browserAvailable())('agent inbox in the browser', () => {
  let env: Env;
  let page: Page;
  let visitorToken = '';
  let conversationId = '';

  beforeAll(async () => {
    env = await setup();
    ({ page } = await newPage(env));
  });
  afterAll(async () => env?.close());

  it('signs in and shows the empty inbox', async () => {
    await signIn(page, env.url);
    await expect(page.getByRole('heading', { name: 'All' })).toBeTruthy();
    await page.getByText('No conversations here').waitFor();
  });

  it('shows a widget message live, without reload', async () => {
    const sent = await visitorWrites(env.url, env.inbox.widgetKey, 'Hi, where is my order #1234?', { name: 'Dana Visitor', email: 'dana@example.com' });
    visitorToken = sent.visitorToken;
    conversationId = sent.conversationId;
    const row = page.locator(`[data-conversation-id="${conversationId}"]`);
    await row.waitFor({ timeout: 10_000 });
    expect(await row.textContent()).toContain('Dana Visitor');
    expect(await row.textContent()).toContain('where is my order');
  });

  it('opens the conversation and replies; the visitor receives the reply', async () => {
    await page.locator(`[data-conversation-id="${conversationId}"] a`).click();
    await page.getByRole('region', { name: 'Conversation with Dana Visitor' }).waitFor();
    await page.locator('#composer-text').fill('Your order ships today.');
    await page.keyboard.press('Enter');
    await page.locator('.msg-out .msg-body', { hasText: 'Your order ships today.' }).waitFor();
    const r = await api(env.url, 'GET', '/api/widget/messages', { token: visitorToken });
    expect(r.body.items.map((m: { body: string }) => m.body)).toContain('Your order ships today.');
  });

  it('adds a private note that the visitor never sees', async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('n');
    // A text of its own per attempt: the suite shares one page, so a retried attempt must not see the first's note.
    const note = `Customer is a VIP, handle with care (${Date.now()})`;
    await page.locator('#composer-text').fill(note);
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.locator('.msg-note .msg-body', { hasText: note }).waitFor();
    const r = await api(env.url, 'GET', '/api/widget/messages', { token: visitorToken });
    const bodies = r.body.items.map((m: { body: string }) => m.body);
    expect(bodies).toContain('Your order ships today.');
    expect(bodies.join('\n')).not.toContain('VIP');
    await page.screenshot({ path: path.join(ARTIFACTS, 'inbox-conversation.png') });
  });

  it('assigns, resolves with the keyboard, reopens and snoozes', async () => {
    const me = (await api(env.url, 'GET', '/api/auth/me', { token: env.token })).body.agent;
    await page.getByTestId('assignee-select').selectOption(me.id);
    await expect.poll(async () => (await api(env.url, 'GET', `/api/conversations/${conversationId}`, { token: env.token })).body.assigneeId).toBe(me.id);

    await page.locator('#composer-text').blur();
    await page.keyboard.press('e');
    await expect.poll(async () => (await api(env.url, 'GET', `/api/conversations/${conversationId}`, { token: env.token })).body.status).toBe('resolved');

    await page.getByRole('button', { name: 'Reopen' }).click();
    await expect.poll(async () => (await api(env.url, 'GET', `/api/conversations/${conversationId}`, { token: env.token })).body.status).toBe('open');

    await page.getByRole('button', { name: 'Snooze' }).click();
    await page.getByRole('button', { name: /In one hour/ }).click();
    const snoozed = await expect.poll(async () => (await api(env.url, 'GET', `/api/conversations/${conversationId}`, { token: env.token })).body.status).toBe('snoozed');
    void snoozed;
    const c = (await api(env.url, 'GET', `/api/conversations/${conversationId}`, { token: env.token })).body;
    const inMinutes = (new Date(c.snoozedUntil).getTime() - Date.now()) / 60_000;
    expect(inMinutes).toBeGreaterThan(50);
    expect(inMinutes).toBeLessThan(70);
    // Snoozed conversations leave the Open tab.
    await page.locator(`[data-conversation-id="${conversationId}"]`).waitFor({ state: 'detached' });
    await page.getByRole('tab', { name: 'Snoozed' }).click();
    await page.locator(`[data-conversation-id="${conversationId}"]`).waitFor();
  });

  it('finds a Thai word inside a Thai sentence', async () => {
    const thai = await visitorWrites(env.url, env.inbox.widgetKey, 'สวัสดีครับ ผมต้องการสอบถามเรื่องการจัดส่งสินค้าไปต่างประเทศ', { name: 'สมชาย' });
    await visitorWrites(env.url, env.inbox.widgetKey, 'ขอบคุณมากครับ', { name: 'Other Thai' });
    await page.getByRole('tab', { name: 'Open' }).click();
    await page.locator(`[data-conversation-id="${thai.conversationId}"]`).waitFor();
    await page.getByRole('searchbox', { name: 'Search conversations' }).fill('จัดส่ง');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain('q=');
    await page.locator(`[data-conversation-id="${thai.conversationId}"]`).waitFor();
    await expect.poll(async () => page.locator('[data-conversation-id]').count()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'inbox-search-thai.png') });
    await page.getByRole('searchbox', { name: 'Search conversations' }).fill('');
    await page.keyboard.press('Enter');
  });

  it('passes axe with no serious or critical violations on the main screens', async () => {
    const screens: [string, string][] = [
      ['inbox list', '/'],
      ['conversation', `/c/${conversationId}?status=all`],
      ['admin inboxes', '/admin/inboxes'],
      ['admin agents', '/admin/agents'],
      ['admin labels', '/admin/labels'],
    ];
    const report: string[] = [];
    for (const [name, p] of screens) {
      await page.goto(env.url + p);
      await page.locator('.rail').waitFor();
      await page.waitForLoadState('networkidle');
      for (const v of await axeSerious(page)) report.push(`${name}: ${v.id} (${v.impact}) ${v.help} @ ${v.targets.join(', ')}`);
    }
    await page.goto(env.url + '/admin/inboxes');
    await page.getByRole('button', { name: /^Web chat Website/ }).click();
    await page.getByText(/^Widget snippet/).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'inbox-admin.png') });
    expect(report).toEqual([]);
  });

  it('signs out and back to the sign-in screen; an expired session says so', async () => {
    await page.goto(env.url + '/');
    await page.getByRole('button', { name: /Account:/ }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to your inbox' }).waitFor();
    for (const v of await axeSerious(page)) throw new Error(`sign-in: ${v.id} ${v.help}`);

    // Revoked server-side while the socket is up: the server ends the socket's session and the page says why it
    // is back at sign-in, without the agent doing anything.
    await signIn(page, env.url);
    await page.waitForFunction(() => (window as unknown as { __sbRealtime: { state: string } }).__sbRealtime.state === 'online');
    let token = await page.evaluate(() => localStorage.getItem('sb.token'));
    await api(env.url, 'POST', '/api/auth/logout', { token: token! });
    await page.getByText('Your session expired').waitFor();
    expect(await page.evaluate(() => localStorage.getItem('sb.token'))).toBeNull();

    // Revoked while the socket is down: the next request gets 401 and the page says the same.
    await signIn(page, env.url);
    await page.getByRole('tab', { name: 'Pending' }).waitFor();
    await page.evaluate(() => (window as unknown as { __sbRealtime: { pause(): void } }).__sbRealtime.pause());
    token = await page.evaluate(() => localStorage.getItem('sb.token'));
    await api(env.url, 'POST', '/api/auth/logout', { token: token! });
    await page.getByRole('tab', { name: 'Pending' }).click();
    await page.getByText('Your session expired').waitFor();
  });
});

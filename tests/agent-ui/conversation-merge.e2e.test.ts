// Merging conversations in the real agent UI, with a second signed-in browser watching: the keyboard shortcut and
// the dialog (same contact first, search for another contact's conversation), the primary/secondary preview and
// swap, the combined thread in the order the API gives, the banner on the secondary, and Undo (from the toast and
// from the banner) putting messages, status, labels, priority, assignee and contacts back exactly.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAgent } from '../support/server.js';
import { api, axeSerious, browserAvailable, newPage, setup, signIn, type Env } from './harness.js';

vi.setConfig({ testTimeout: 300_000 });

describe.skipIf(!browserAvailable())('merging conversations in the agent UI', () => {
  let env: Env;
  let page: Page;
  let watcher: Page;
  let agentId: string;
  let seq = 0;

  beforeAll(async () => {
    env = await setup();
    ({ page } = await newPage(env));
    ({ page: watcher } = await newPage(env));
    await Promise.all([signIn(page, env.url), signIn(watcher, env.url)]);
    agentId = (await createAgent(env.server, `assignee-${Date.now()}@example.com`, [env.inbox.id])).id;
  });
  afterAll(async () => env?.close());

  const ref = (id: string) => `#${id.slice(0, 8)}`;
  const visitor = async (name: string) => (await api(env.url, 'POST', '/api/widget/sessions', { body: { widgetKey: env.inbox.widgetKey, visitor: { name } } })).body as { visitorToken: string; contactId: string };
  const say = async (token: string, body: string, conversationId?: string) => {
    const r = await api(env.url, 'POST', '/api/widget/messages', { token, body: { body, clientId: `e2e-${Date.now()}-${++seq}`, conversationId } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.conversationId as string;
  };
  const reply = (id: string, body: string, priv = false) => api(env.url, 'POST', `/api/conversations/${id}/messages`, { token: env.token, body: { body, private: priv } });
  const patch = (id: string, body: object) => api(env.url, 'PATCH', `/api/conversations/${id}`, { token: env.token, body });
  const apiMessages = async (id: string) => (await api(env.url, 'GET', `/api/conversations/${id}/messages?limit=500`, { token: env.token })).body.items as any[];
  /** What a merge and its undo may touch, read back over the API. */
  const state = async (id: string) => {
    const c = (await api(env.url, 'GET', `/api/conversations/${id}`, { token: env.token })).body;
    const messages = (await apiMessages(id)).map((m) => ({ id: m.id, body: m.body, private: m.private, direction: m.direction, createdAt: m.createdAt }));
    return { status: c.status, labels: [...c.labels].sort(), priority: c.priority, assigneeId: c.assigneeId, contactId: c.contactId, mergedIntoId: c.mergedIntoId, messages };
  };
  /** The message ids a page's open thread shows, top to bottom. */
  const shown = (p: Page) => p.locator('ol.thread li[data-message-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-message-id')));
  const openThread = async (p: Page, id: string) => {
    await p.goto(`${env.url}/c/${id}`);
    await p.locator('ol.thread li[data-message-id]').first().waitFor();
  };

  it('merges two conversations of one contact from the keyboard, live on a second browser, and undoes it from the toast', async () => {
    const v = await visitor('Mira Merge');
    const first = await say(v.visitorToken, 'first thread, message 1');
    const second = (await api(env.url, 'POST', '/api/widget/conversations', { token: v.visitorToken, body: {} })).body.id as string;
    await say(v.visitorToken, 'second thread, message 1', second);
    await reply(first, 'agent answer in first');
    await reply(second, 'a note in the second', true);
    await say(v.visitorToken, 'second thread, message 2', second);
    await say(v.visitorToken, 'first thread, message 2', first);
    expect((await patch(second, { labels: ['billing'], priority: 'high', assigneeId: agentId })).status).toBe(200);
    expect((await patch(first, { labels: ['vip'] })).status).toBe(200);
    const before = { first: await state(first), second: await state(second) };

    await openThread(watcher, second);
    await openThread(page, second);
    await page.locator('ol.thread').click();
    await page.keyboard.press('m');
    const dialog = page.getByRole('dialog', { name: `Merge ${ref(second)} with another conversation` });
    await dialog.waitFor();
    await dialog.getByRole('list', { name: "This contact's other conversations" }).locator(`[data-conversation-id="${first}"]`).click();
    // The older conversation stays by default; swapping and swapping back shows the other way round.
    await expect.poll(() => dialog.getByTestId('merge-primary').textContent()).toContain(ref(first));
    await dialog.getByRole('button', { name: 'Keep the other one instead' }).click();
    await expect.poll(() => dialog.getByTestId('merge-primary').textContent()).toContain(ref(second));
    await dialog.getByRole('button', { name: 'Keep the other one instead' }).click();
    expect(await dialog.getByTestId('merge-secondary').textContent()).toContain(ref(second));
    expect(await dialog.getByText('will be merged into one contact too').count()).toBe(0);
    await dialog.getByRole('button', { name: `Merge ${ref(second)} into ${ref(first)}` }).click();

    // The merging agent lands on the primary, whose thread is the API's thread, with the system line.
    await page.waitForURL(`**/c/${first}*`);
    const merged = await apiMessages(first);
    expect(merged.filter((m) => m.direction !== 'activity').map((m) => m.body)).toEqual([
      'first thread, message 1', 'second thread, message 1', 'agent answer in first', 'a note in the second', 'second thread, message 2', 'first thread, message 2',
    ]);
    await expect.poll(() => shown(page)).toEqual(merged.map((m) => m.id));
    await page.locator('ol.thread').getByText(`Merged ${ref(second)} into this conversation`).waitFor();
    // The second browser, looking at the secondary, sees it closed with a pointer to the primary.
    const banner = watcher.getByTestId('merged-banner');
    await banner.getByText(`This conversation was merged into ${ref(first)}`).waitFor();
    const secondNow = await apiMessages(second);
    expect(secondNow.map((m) => m.meta?.event)).toEqual(['conversation.merged_into']);
    await expect.poll(() => shown(watcher)).toEqual(secondNow.map((m) => m.id));
    await watcher.locator('ol.thread').getByText(`Merged into ${ref(first)}`).waitFor();
    const after = await state(second);
    expect(after.status).toBe('resolved');
    expect(after.mergedIntoId).toBe(first);

    await page.locator('.toasts').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => shown(page)).toEqual(before.first.messages.map((m) => m.id));
    await banner.waitFor({ state: 'detached' });
    await expect.poll(() => shown(watcher)).toEqual(before.second.messages.map((m) => m.id));
    expect(await state(first)).toEqual(before.first);
    expect(await state(second)).toEqual(before.second);
  });

  it('merges conversations of two contacts found by search, merging the contacts, and undoes it from the banner', async () => {
    const word = `kettle${Date.now().toString(36)}`;
    const older = await visitor('Olga Older');
    const newer = await visitor('Nina Newer');
    const a = await say(older.visitorToken, 'my order never came');
    await reply(a, 'looking into it');
    const b = await say(newer.visitorToken, `the ${word} arrived broken`);
    await say(older.visitorToken, 'any news?', a);
    expect((await patch(b, { labels: ['damaged'], status: 'pending' })).status).toBe(200);
    expect((await patch(a, { assigneeId: agentId, priority: 'low' })).status).toBe(200);
    const before = { a: await state(a), b: await state(b) };
    expect(before.a.contactId).not.toBe(before.b.contactId);

    await openThread(watcher, a);
    await openThread(page, a);
    await page.getByRole('button', { name: 'Merge into…' }).click();
    const dialog = page.getByRole('dialog', { name: `Merge ${ref(a)} with another conversation` });
    await dialog.getByText('This contact has no other open or past conversation you can see.').waitFor();
    await dialog.getByLabel('Search all conversations you can see').fill(word);
    await dialog.getByRole('list', { name: "Other contacts' conversations" }).locator(`[data-conversation-id="${b}"]`).click();
    await dialog.getByText('Olga Older and Nina Newer will be merged into one contact too').waitFor();
    expect(await dialog.getByTestId('merge-primary').textContent()).toContain(ref(a));
    await dialog.getByRole('button', { name: `Merge ${ref(b)} into ${ref(a)}` }).click();
    await dialog.waitFor({ state: 'detached' });

    const merged = await apiMessages(a);
    expect(merged.filter((m) => m.direction !== 'activity').map((m) => m.body)).toEqual(['my order never came', 'looking into it', `the ${word} arrived broken`, 'any news?']);
    await expect.poll(() => shown(page)).toEqual(merged.map((m) => m.id));
    // The watcher on the primary sees the combined thread and the merge with its Undo, without reloading.
    await expect.poll(() => shown(watcher)).toEqual(merged.map((m) => m.id));
    const undoLine = watcher.getByRole('list', { name: 'Recent merges' }).getByRole('listitem').filter({ hasText: `${ref(b)} was merged into this conversation` });
    await undoLine.waitFor();
    expect((await state(b)).contactId).toBe(before.a.contactId);
    expect((await api(env.url, 'GET', `/api/contacts/${before.b.contactId}`, { token: env.token })).status).toBe(404);

    await undoLine.getByRole('button', { name: /^Undo/ }).click();
    await undoLine.waitFor({ state: 'detached' });
    await expect.poll(() => shown(watcher)).toEqual(before.a.messages.map((m) => m.id));
    await expect.poll(() => shown(page)).toEqual(before.a.messages.map((m) => m.id));
    expect(await state(a)).toEqual(before.a);
    expect(await state(b)).toEqual(before.b);
    const restored = (await api(env.url, 'GET', `/api/contacts/${before.b.contactId}`, { token: env.token })).body;
    expect(restored.name).toBe('Nina Newer');
  });

  it('reads in Persian, right to left, with nothing serious for axe', async () => {
    const c = await say((await visitor('Parisa')).visitorToken, 'سلام، سفارشم نرسیده');
    await page.evaluate(() => localStorage.setItem('sb.locale', 'fa'));
    try {
      await openThread(page, c);
      await page.keyboard.press('m');
      const dialog = page.getByRole('dialog', { name: `ادغام ${ref(c)} با گفتگوی دیگر` });
      await dialog.waitFor();
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
      expect(await dialog.innerText()).not.toMatch(/\b(?:Merge|Search|Cancel|conversation)\b/);
      expect(await axeSerious(page)).toEqual([]);
    } finally {
      await page.evaluate(() => localStorage.setItem('sb.locale', 'en'));
    }
  });
});

// Visibility by inbox membership, contact merge and catching up after a dropped connection — in the browser.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAgent } from '../support/server.js';
import { api, ARTIFACTS, browserAvailable, newPage, setup, signIn, visitorWrites, type Env } from './harness.js';

// A real server and browser on a shared CI machine: allow for slow steps rather than flake.
vi.setConfig({ testTimeout: 180_000 });

describe.skipIf(!browserAvailable())('inbox access, merge and resync in the browser', () => {
  let env: Env;
  beforeAll(async () => { env = await setup(); });
  afterAll(async () => env?.close());

  it('an agent who is not a member of an inbox sees none of its conversations', async () => {
    const secret = (await api(env.url, 'POST', '/api/inboxes', { token: env.token, body: { name: 'VIP desk', channel: 'web', config: {} } })).body;
    const visible = await visitorWrites(env.url, env.inbox.widgetKey, 'Question on the public site', { name: 'Public Pat' });
    const hidden = await visitorWrites(env.url, secret.widgetKey, 'Confidential question', { name: 'Hidden Hana' });
    await createAgent(env.server, 'member@example.com', [env.inbox.id]);

    const { page, context } = await newPage(env);
    await signIn(page, env.url, 'member@example.com', 'agent-password-1');
    await page.locator(`[data-conversation-id="${visible.conversationId}"]`).waitFor();
    expect(await page.locator(`[data-conversation-id="${hidden.conversationId}"]`).count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Conversation views' }).textContent()).not.toContain('VIP desk');

    // Neither live events nor search nor a direct link reveal it.
    await visitorWrites(env.url, secret.widgetKey, 'Another confidential one', { name: 'Hidden Hugo' });
    await page.getByRole('searchbox', { name: 'Search conversations' }).fill('Confidential');
    await page.keyboard.press('Enter');
    await page.getByText('Nothing matches').waitFor();
    await page.goto(`${env.url}/c/${hidden.conversationId}`);
    await page.getByText('This conversation does not exist or is not in one of your inboxes.').waitFor();
    expect(await page.locator('body').textContent()).not.toContain('Confidential question');
    await context.close();
  });

  it('merges two contacts from the sidebar: identities and conversations move over', async () => {
    const widget = await visitorWrites(env.url, env.inbox.widgetKey, 'Hello from the website', { name: 'Mia Merge', email: 'mia@example.com' });
    const other = await visitorWrites(env.url, env.inbox.widgetKey, 'Hello again from my phone', { name: 'Mia on phone' });
    const { page, context } = await newPage(env);
    await signIn(page, env.url);
    await page.goto(`${env.url}/c/${widget.conversationId}`);
    await page.getByRole('complementary', { name: 'Customer' }).getByRole('heading', { name: 'Mia Merge' }).waitFor();
    await page.getByRole('complementary', { name: 'Customer' }).getByRole('button', { name: 'Merge', exact: true }).click();
    await page.getByLabel('Search by name, e-mail or phone').fill('Mia on');
    await page.getByRole('button', { name: /Mia on phone/ }).click();
    await page.getByRole('button', { name: /Merge Mia on phone into this contact/ }).click();
    await page.getByText('Contacts merged').waitFor();

    const contact = (await api(env.url, 'GET', `/api/contacts/${widget.contactId}`, { token: env.token })).body;
    expect(contact.conversations.map((c: { id: string }) => c.id).sort()).toEqual([widget.conversationId, other.conversationId].sort());
    expect(contact.identities.length).toBe(2);
    expect((await api(env.url, 'GET', `/api/contacts/${other.contactId}`, { token: env.token })).status).toBe(404);
    await page.getByText('Other conversations (1)').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'inbox-merged-contact.png') });
    await context.close();
  });

  it('catches up on messages and conversations that arrived while the connection was down', async () => {
    const first = await visitorWrites(env.url, env.inbox.widgetKey, 'Before the drop', { name: 'Rae Reconnect' });
    const { page, context } = await newPage(env);
    await signIn(page, env.url);
    await page.goto(`${env.url}/c/${first.conversationId}`);
    await page.locator('.msg-in .msg-body', { hasText: 'Before the drop' }).waitFor();

    await page.evaluate(() => (window as unknown as { __sbRealtime: { pause(): void } }).__sbRealtime.pause());
    await page.getByText('Offline — reconnecting').waitFor();
    await visitorWrites(env.url, env.inbox.widgetKey, 'Sent while you were away', undefined, first.visitorToken);
    const fresh = await visitorWrites(env.url, env.inbox.widgetKey, 'Brand new while offline', { name: 'Nia New' });
    // Nothing can arrive while the socket is down.
    await page.waitForTimeout(500);
    expect(await page.locator('.msg-in .msg-body', { hasText: 'Sent while you were away' }).count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'inbox-offline.png') });

    await page.evaluate(() => (window as unknown as { __sbRealtime: { resume(): void } }).__sbRealtime.resume());
    await page.locator('.msg-in .msg-body', { hasText: 'Sent while you were away' }).waitFor({ timeout: 10_000 });
    await page.locator(`[data-conversation-id="${fresh.conversationId}"]`).waitFor({ timeout: 10_000 });
    expect(await page.getByText('Offline — reconnecting').count()).toBe(0);
    await context.close();
  });
});

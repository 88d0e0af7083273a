// Archiving an inbox in Settings: the dialog says what will happen (with the real count) before the button,
// the inbox moves to the archived list and its widget refuses messages; restoring brings it back.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newVisitor } from '../support/server.js';
import { api, ARTIFACTS, axeSerious, browserAvailable, newPage, setup, signIn, type Env } from './harness.js';

vi.setConfig({ testTimeout: 120_000 });

describe.skipIf(!browserAvailable())('archiving an inbox in the browser', () => {
  let env: Env;
  beforeAll(async () => { env = await setup(); });
  afterAll(async () => { await env?.close(); });

  it('says first, archives, lists it apart, refuses the widget, restores', async () => {
    const run = Math.random().toString(36).slice(2, 8);
    const name = `Spring sale ${run}`;
    const created = await api(env.url, 'POST', '/api/inboxes', { token: env.token, body: { name, channel: 'web', config: {} } });
    const visitor = await newVisitor(env.url, created.body.widgetKey);
    const say = (body: string) => api(env.url, 'POST', '/api/widget/messages', { token: visitor.visitorToken, body: { body, clientId: `c-${Math.random()}` } });
    const first = await say('Is the sale still on?');
    expect(first.status).toBe(200);

    const { context, page } = await newPage(env);
    try {
      await signIn(page, env.url);
      await page.goto(env.url + '/admin/inboxes');
      await page.getByRole('button', { name: `Archive ${name}` }).click();
      const dialog = page.getByRole('dialog', { name: `Archive ${name}?` });
      await dialog.getByText('Its 1 open, pending or snoozed conversations are resolved. They stay readable.').waitFor();
      await dialog.getByText('The chat widget on your site stops accepting new conversations and messages.').waitFor();
      expect(await axeSerious(page)).toEqual([]);
      await page.screenshot({ path: `${ARTIFACTS}/inbox-archive.png` });
      await dialog.getByRole('button', { name: 'Archive inbox' }).click();

      const archivedList = page.getByRole('list', { name: 'Archived inboxes' });
      await archivedList.getByText(name).waitFor();
      await expect.poll(() => page.getByRole('list', { name: 'Inboxes', exact: true }).getByText(name).count()).toBe(0);
      const conversation = (await api(env.url, 'GET', `/api/conversations/${first.body.conversationId}`, { token: env.token })).body;
      expect(conversation.status).toBe('resolved');
      const refused = await say('Hello?');
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('inbox_archived');

      await archivedList.getByRole('button', { name: `Restore ${name}` }).click();
      await page.getByRole('list', { name: 'Inboxes', exact: true }).getByText(name).waitFor();
      await expect.poll(() => page.getByRole('list', { name: 'Archived inboxes' }).count()).toBe(0);
      expect((await say('Back again')).status).toBe(200);
    } finally {
      await context.close();
    }
  });
});

// The Operations builders in the real UI against the real server: an automation rule is put together from
// controls (no JSON), tried on past conversations, saved, read back through the API exactly as built, run by
// the engine on a new message, edited, switched off and deleted after a dialog that says what deleting does.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eventually } from '../support/server.js';
import { api, ARTIFACTS, axeSerious, browserAvailable, newPage, setup, signIn, visitorWrites, type Env } from './harness.js';

vi.setConfig({ testTimeout: 180_000 });

describe.skipIf(!browserAvailable())('operations builders in the browser', () => {
  let env: Env;
  let page: Page;
  const call = (method: string, p: string, body?: unknown) => api(env.url, method, p, { token: env.token, body });
  const rules = async () => (await call('GET', '/api/rules')).body.items as { id: string; name: string; event: string; enabled: boolean; conditions: unknown; actions: unknown }[];

  beforeAll(async () => {
    env = await setup();
    expect((await call('POST', '/api/labels', { name: 'billing' })).status).toBe(201);
    ({ page } = await newPage(env));
    await signIn(page, env.url);
  });
  afterAll(async () => env?.close());

  const built = {
    name: 'Refunds to billing', event: 'message.created',
    conditions: { all: [{ field: 'text', op: 'contains', value: 'refund' }, { any: [{ field: 'channel', op: 'eq', value: 'email' }, { field: 'priority', op: 'eq', value: 'none' }] }] },
    actions: [{ type: 'add_label', label: 'billing' }, { type: 'set_priority', priority: 'high' }],
  };

  it('builds a rule from controls, tries it on past conversations and saves exactly what was built', async () => {
    const hello = await visitorWrites(env.url, env.inbox.widgetKey, 'Hello there', { name: 'Hal Greeting' });
    const refund = await visitorWrites(env.url, env.inbox.widgetKey, 'I would like a refund for order 7', { name: 'Rita Refund' });
    await page.goto(`${env.url}/ops/rules`);
    await page.getByRole('heading', { name: 'Automation', level: 1 }).waitFor();
    await page.getByText('No rules yet.').waitFor();
    await page.getByRole('button', { name: 'New rule' }).click();

    await page.getByLabel('Name', { exact: true }).fill(built.name);
    await page.getByLabel('When', { exact: true }).selectOption({ label: 'A message arrives or is sent' });
    const top = page.getByRole('group', { name: 'Conditions' });
    await top.getByRole('button', { name: 'Add condition' }).last().click();
    await top.getByLabel('Value of Message text').fill('refund');
    await top.getByRole('button', { name: 'Add group' }).last().click();
    const sub = page.getByRole('group', { name: 'Condition group' });
    expect(await sub.getByRole('combobox').first().inputValue()).toBe('any');
    await sub.getByLabel('Field').selectOption({ label: 'Channel' });
    await sub.getByLabel('Value of Channel').selectOption({ label: 'E-mail' });
    await sub.getByRole('button', { name: 'Add condition' }).click();
    await sub.getByLabel('Field').nth(1).selectOption({ label: 'Priority' });
    await sub.getByLabel('Value of Priority').selectOption({ label: 'No priority' });

    expect(await page.getByLabel('Label', { exact: true }).inputValue()).toBe('billing');
    await page.getByRole('button', { name: 'Add action' }).click();
    await page.getByRole('group', { name: 'Action 2' }).getByLabel('Action', { exact: true }).selectOption({ label: 'Set priority' });
    await page.getByRole('group', { name: 'Action 2' }).getByLabel('Priority').selectOption({ label: 'High' });

    const conversation = page.getByLabel('Conversation', { exact: true });
    const result = page.getByRole('status', { name: 'Test result' });
    await conversation.selectOption(refund.conversationId);
    await page.getByRole('button', { name: 'Run test' }).click();
    await result.getByText('The rule would run on this conversation.').waitFor();
    expect(await result.innerText()).toContain('Message tested: “I would like a refund for order 7”');
    expect(await result.getByRole('listitem').allInnerTexts()).toEqual(expect.arrayContaining(['Add label: billing', 'Set priority: High']));
    expect(await result.innerText()).toContain('Channel is E-mail · was Web chat');
    await page.screenshot({ path: path.join(ARTIFACTS, 'ops-rule-builder.png'), fullPage: true });
    expect(await axeSerious(page)).toEqual([]);

    await conversation.selectOption(hello.conversationId);
    await page.getByRole('button', { name: 'Run test' }).click();
    await result.getByText('The rule would not run: a condition does not hold.').waitFor();
    expect(await result.innerText()).toContain('Message text contains refund · was Hello there');
    // Dry runs changed nothing on either conversation.
    for (const id of [hello.conversationId, refund.conversationId]) expect((await call('GET', `/api/conversations/${id}`)).body.labels).toEqual([]);

    await page.getByRole('button', { name: 'Create rule' }).click();
    await page.getByRole('rowheader', { name: built.name }).waitFor();
    const [saved] = await rules();
    expect({ name: saved.name, event: saved.event, conditions: saved.conditions, actions: saved.actions, enabled: saved.enabled }).toEqual({ ...built, enabled: true });
  });

  it('the saved rule runs on the next matching message', async () => {
    const next = await visitorWrites(env.url, env.inbox.widgetKey, 'Refund please, it arrived broken', { name: 'Nora Next' });
    const c = await eventually(async () => {
      const row = (await call('GET', `/api/conversations/${next.conversationId}`)).body;
      return row.labels.includes('billing') && row.priority === 'high' && row;
    });
    expect(c.labels).toEqual(['billing']);
  });

  it('edits a rule keeping what was not touched, switches it off, and deletes it after saying what that does', async () => {
    await page.getByRole('button', { name: `Edit “${built.name}”` }).click();
    expect(await page.getByLabel('Value of Message text').inputValue()).toBe('refund');
    await page.getByLabel('Name', { exact: true }).fill('Refund requests');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('rowheader', { name: 'Refund requests' }).waitFor();
    const [edited] = await rules();
    expect({ name: edited.name, conditions: edited.conditions, actions: edited.actions }).toEqual({ name: 'Refund requests', conditions: built.conditions, actions: built.actions });

    await page.getByRole('switch', { name: 'Rule “Refund requests” switched on' }).click();
    await eventually(async () => (await rules())[0].enabled === false);

    await page.getByRole('button', { name: 'Delete “Refund requests”' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete “Refund requests”' });
    await dialog.getByText('Conversations keep the labels, notes and assignments it already made').waitFor();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No rules yet.').waitFor();
    expect(await rules()).toEqual([]);
  });

  it('shows the rule builder in Persian, right to left, with every label translated', async () => {
    await page.evaluate(() => localStorage.setItem('sb.locale', 'fa'));
    await page.goto(`${env.url}/ops/rules`);
    await page.getByRole('heading', { name: 'خودکارسازی', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'قاعدهٔ جدید' }).click();
    await page.getByRole('group', { name: 'شرط‌ها' }).getByRole('button', { name: 'افزودن شرط' }).click();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    const text = await page.locator('#main').innerText();
    expect(text).not.toMatch(/\b(?:Add condition|Message text|Conditions|Add label|When|Then)\b/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'ops-rule-builder-fa.png'), fullPage: true });
    await page.evaluate(() => localStorage.setItem('sb.locale', 'en'));
  });
});

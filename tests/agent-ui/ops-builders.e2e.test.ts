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

  it('adds an SLA policy from labelled fields and keeps a business-hour calendar per inbox', async () => {
    await page.goto(`${env.url}/ops/sla`);
    await page.getByText('No SLA policies yet').waitFor();
    const form = page.getByRole('form', { name: 'Add policy' });
    await form.getByLabel('Name', { exact: true }).fill('Gold');
    await form.getByLabel('First response within').fill('30');
    await form.getByLabel('Every next response within').fill('120');
    await form.getByLabel('Resolved within').fill('');
    await form.getByRole('button', { name: 'Add policy' }).click();
    await page.getByRole('rowheader', { name: 'Gold' }).waitFor();
    const [gold] = (await call('GET', '/api/sla/policies')).body.items;
    expect(gold).toMatchObject({ name: 'Gold', firstResponseMinutes: 30, nextResponseMinutes: 120, resolutionMinutes: null, businessHours: true });

    await page.getByLabel('Time zone').selectOption('Asia/Bangkok');
    await page.getByRole('switch', { name: 'Open on Monday' }).check();
    await page.getByLabel('Closes on Monday').fill('18:30');
    await page.getByRole('switch', { name: 'Open on Saturday' }).check();
    await page.getByLabel('Add a holiday').fill('2026-12-31');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('button', { name: 'Remove holiday 2026-12-31' }).waitFor();
    await page.getByRole('button', { name: 'Save business hours' }).click();
    await page.getByText('Business hours saved').waitFor();
    const schedule = (await call('GET', `/api/inbox-schedules/${env.inbox.id}`)).body;
    expect({ timeZone: schedule.timeZone, weekly: schedule.weekly, holidays: schedule.holidays }).toEqual({
      timeZone: 'Asia/Bangkok', weekly: [{ day: 1, open: '09:00', close: '18:30' }, { day: 6, open: '09:00', close: '17:00' }], holidays: ['2026-12-31'],
    });
    await page.screenshot({ path: path.join(ARTIFACTS, 'ops-sla.png') });
    expect(await axeSerious(page)).toEqual([]);

    // Editing one target leaves the others as they were.
    await page.getByRole('button', { name: 'Edit “Gold”' }).click();
    const edit = page.getByRole('form', { name: 'Edit “Gold”' });
    await edit.getByLabel('Resolved within').fill('2880');
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: '2880 min' }).waitFor();
    expect((await call('GET', '/api/sla/policies')).body.items[0]).toMatchObject({ firstResponseMinutes: 30, nextResponseMinutes: 120, resolutionMinutes: 2880, businessHours: true });
  });

  it('subscribes a webhook to events picked by name', async () => {
    await page.goto(`${env.url}/ops/webhooks`);
    await page.getByText('No webhooks yet').waitFor();
    const target = `${env.url}/hook-receiver`;
    await page.getByLabel('URL').fill(target);
    await page.getByRole('group', { name: 'Events' }).getByLabel('A customer rates the conversation').check();
    await page.getByRole('group', { name: 'Events' }).getByLabel('A conversation starts').uncheck();
    // A loopback receiver is refused until the admin says it is on purpose; the server's reason is shown as is.
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.getByText(/Webhook target refused: /).waitFor();
    await page.getByRole('switch', { name: 'Allow a private or local address' }).check();
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.getByText('Signing secret (shown once):').waitFor();
    const [hook] = (await call('GET', '/api/webhooks')).body.items;
    expect({ url: hook.url, allowPrivate: hook.allowPrivate, events: [...hook.events].sort() }).toEqual({ url: target, allowPrivate: true, events: ['csat.received', 'message.created'] });
    await page.getByRole('button', { name: `Delete webhook ${target}` }).click();
    await page.getByRole('dialog').getByText('No more events are sent to this address').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No webhooks yet').waitFor();
    expect((await call('GET', '/api/webhooks')).body.items).toEqual([]);
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

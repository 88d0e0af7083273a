// The sales screens in the real UI against the real server: build a segment with a live count, then send a
// campaign to it from the composer and read its per-recipient report.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { api, ARTIFACTS, browserAvailable, newPage, setup, signIn, type Env } from '../agent-ui/harness.js';
import { newVisitor } from '../support/server.js';

vi.setConfig({ testTimeout: 180_000 });

describe.skipIf(!browserAvailable())('sales screens in the browser', () => {
  let env: Env;
  let page: Page;
  const call = (method: string, p: string, body?: unknown) => api(env.url, method, p, { token: env.token, body });

  beforeAll(async () => {
    env = await setup();
    ({ page } = await newPage(env));
    await call('POST', '/api/crm/fields', { entity: 'contact', key: 'plan', label: 'Plan', type: 'select', options: ['free', 'pro'] });
    for (const [name, plan] of [['Ana Pro', 'pro'], ['Bo Pro', 'pro'], ['Cy Free', 'free']]) {
      const v = await newVisitor(env.url, env.inbox.widgetKey, { name, email: `${name.split(' ')[0].toLowerCase()}@shop.test` });
      await call('PATCH', `/api/contacts/${v.contactId}`, { attributes: { plan } });
    }
  });
  afterAll(async () => env?.close());

  it('creates a segment from the builder with a live count', async () => {
    await signIn(page, env.url);
    await page.getByRole('link', { name: /^Sales/ }).click();
    await page.getByRole('heading', { name: 'Sales' }).waitFor();
    await page.getByRole('link', { name: 'Segments' }).click();
    await page.getByLabel('Field').selectOption('attr.plan');
    await page.getByLabel('Value').selectOption('pro');
    await page.getByTestId('segment-count').filter({ hasText: '2 contacts' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Pro customers');
    await page.getByRole('button', { name: 'Save segment' }).click();
    await page.locator('.crm-list li', { hasText: 'Pro customers' }).filter({ hasText: '2 contacts' }).waitFor();
    const saved = (await call('GET', '/api/crm/segments')).body;
    expect(saved.map((s: any) => [s.name, s.count])).toEqual([['Pro customers', 2]]);
  });

  it('sends a campaign to the segment from the composer and shows each recipient\'s status', async () => {
    await page.getByRole('link', { name: 'Campaigns' }).click();
    const form = page.getByRole('region', { name: 'New campaign' });
    await form.getByLabel('Name', { exact: true }).fill('Pro welcome');
    await form.getByLabel('Segment').selectOption({ label: 'Pro customers (2)' });
    await form.getByLabel('Send from').selectOption({ label: 'Website (web)' });
    await form.getByLabel('Message').fill('Hi {{contact.first_name | "there"}}, thanks for going Pro!');
    await form.getByRole('button', { name: 'Send now' }).click();
    await page.getByRole('heading', { name: 'Report: Pro welcome' }).waitFor();
    for (let i = 0; i < 40 && !(await page.getByTestId('campaign-status').textContent())?.includes('sent 2'); i++) {
      await page.waitForTimeout(500);
      await page.getByRole('button', { name: 'Refresh' }).click();
    }
    expect(await page.getByTestId('campaign-status').textContent()).toContain('sent 2');
    const rows = await page.locator('.crm-table tbody tr').allTextContents();
    expect(rows.map((r) => r.replace(/conversation$/, '').trim()).sort()).toEqual(['Ana Prosent', 'Bo Prosent']);
    await page.screenshot({ path: path.join(ARTIFACTS, 'crm-campaign.png'), fullPage: true });

    const [campaign] = (await call('GET', '/api/crm/campaigns')).body;
    const report = (await call('GET', `/api/crm/campaigns/${campaign.id}`)).body;
    expect(report.recipients.map((r: any) => [r.name, r.status]).sort()).toEqual([['Ana Pro', 'sent'], ['Bo Pro', 'sent']]);
    const messages = (await call('GET', `/api/conversations/${report.recipients.find((r: any) => r.name === 'Ana Pro').conversationId}/messages`)).body.items;
    expect(messages[0].body).toBe('Hi Ana, thanks for going Pro!');
  });
});

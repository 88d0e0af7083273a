// The sales screens in the real UI against the real server: a scoring rule and a segment are put together in the
// shared condition builder (no JSON), saved, read back through the API exactly as built and evaluated by the
// server; then a campaign goes to the segment from the composer and its per-recipient report is read.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { api, ARTIFACTS, axeSerious, browserAvailable, newPage, setup, signIn, type Env } from '../agent-ui/harness.js';
import { eventually, newVisitor } from '../support/server.js';

vi.setConfig({ testTimeout: 180_000 });

describe.skipIf(!browserAvailable())('sales screens in the browser', () => {
  let env: Env;
  let page: Page;
  const call = (method: string, p: string, body?: unknown) => api(env.url, method, p, { token: env.token, body });
  const scores = async () => Object.fromEntries(((await call('POST', '/api/crm/contacts/query', { filter: { match: 'all', conditions: [] }, limit: 50 })).body.items as { name: string; score: number }[]).map((c) => [c.name, c.score]));
  const built = {
    name: 'Pro customers',
    filter: { match: 'all', conditions: [{ field: 'attr.plan', op: 'eq', value: 'pro' }, { field: 'score', op: 'gte', value: 25 }] },
  };

  beforeAll(async () => {
    env = await setup();
    ({ page } = await newPage(env));
    await call('POST', '/api/crm/fields', { entity: 'contact', key: 'plan', label: 'Plan', type: 'select', options: ['free', 'pro'] });
    for (const [name, plan] of [['Ana Pro', 'pro'], ['Bo Pro', 'pro'], ['Cy Free', 'free']]) {
      const v = await newVisitor(env.url, env.inbox.widgetKey, { name, email: `${name.split(' ')[0].toLowerCase()}@shop.test` });
      await call('PATCH', `/api/contacts/${v.contactId}`, { attributes: { plan } });
    }
    await signIn(page, env.url);
  });
  afterAll(async () => env?.close());

  it('builds scoring rules from controls, saves them and reads them back as built', async () => {
    await page.getByRole('link', { name: /^Sales/ }).click();
    await page.getByRole('heading', { name: 'Sales', level: 1 }).waitFor();
    await page.getByRole('navigation', { name: 'Sales sections' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByText('No scoring rules yet').waitFor();
    const form = page.getByRole('form', { name: 'Add rule' });

    await form.getByLabel('Rule name').fill('Pro plan');
    await form.getByLabel('Field', { exact: true }).selectOption({ label: 'Plan' });
    await form.getByLabel('Value of Plan').selectOption('pro');
    await form.getByLabel('Points').fill('25');
    await form.getByRole('button', { name: 'Add rule' }).click();
    await page.getByRole('rowheader', { name: 'Pro plan' }).waitFor();

    await form.getByLabel('Rule name').fill('Asked the bot about prices');
    await form.getByLabel('Field', { exact: true }).selectOption({ label: 'Asked about…' });
    await form.getByLabel('Comparison').selectOption('any_to_bot');
    await form.getByLabel('Value of Asked about…').fill('price, cost , quote');
    await form.getByLabel('Points').fill('10');
    await form.getByLabel('Half-life in days').fill('7');
    await form.getByRole('button', { name: 'Add rule' }).click();
    await page.getByRole('rowheader', { name: 'Asked the bot about prices' }).waitFor();
    expect(await page.getByRole('textbox', { name: /JSON/ }).count()).toBe(0);

    await page.reload();
    await page.getByRole('rowheader', { name: 'Pro plan' }).waitFor();
    expect(await page.getByTestId('rule-condition').allInnerTexts()).toEqual(expect.arrayContaining(['Plan is pro', 'Asked about… asking the bot any of the words price, cost, quote']));
    const rules = (await call('GET', '/api/crm/scoring/rules')).body as Record<string, unknown>[];
    expect(rules.map(({ name, kind, config, points, decayHalfLifeDays }) => ({ name, kind, config, points, decayHalfLifeDays }))).toEqual(expect.arrayContaining([
      { name: 'Pro plan', kind: 'attribute', config: { field: 'attr.plan', op: 'eq', value: 'pro' }, points: 25, decayHalfLifeDays: null },
      { name: 'Asked the bot about prices', kind: 'message_keyword', config: { keywords: ['price', 'cost', 'quote'], toBot: true }, points: 10, decayHalfLifeDays: 7 },
    ]));
    expect(rules).toHaveLength(2);
    // The server scores with the rule as saved: the two pro contacts earn its points, the free one none.
    expect(await eventually(async () => { const s = await scores(); return s['Ana Pro'] === 25 && s; })).toEqual({ 'Ana Pro': 25, 'Bo Pro': 25, 'Cy Free': 0 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'crm-scoring-rules.png'), fullPage: true });
    expect(await axeSerious(page)).toEqual([]);
  });

  it('builds a segment with a live count; the saved filter and its members are what the server evaluates', async () => {
    await page.getByRole('navigation', { name: 'Sales sections' }).getByRole('link', { name: 'Segments' }).click();
    await page.getByText('No saved segments yet').waitFor();
    const builder = page.getByRole('group', { name: 'Conditions' });
    await builder.getByLabel('Field').selectOption({ label: 'Plan' });
    await builder.getByLabel('Value of Plan').selectOption('pro');
    await builder.getByRole('button', { name: 'Add condition' }).click();
    await builder.getByLabel('Field').nth(1).selectOption({ label: 'Score' });
    await builder.getByLabel('Comparison').nth(1).selectOption('gte');
    await builder.getByLabel('Value of Score').fill('25');
    await page.getByTestId('segment-count').filter({ hasText: '2 contacts' }).waitFor();
    const preview = (await call('POST', '/api/crm/segments/preview', { filter: built.filter })).body;
    expect(preview.total).toBe(2);
    expect((await page.getByTestId('segment-preview').innerText()).split(', ').sort()).toEqual(preview.items.map((c: { name: string }) => c.name).sort());

    await page.getByLabel('Name', { exact: true }).fill(built.name);
    await page.getByRole('button', { name: 'Save segment' }).click();
    await page.getByRole('rowheader', { name: built.name }).waitFor();
    await page.reload();
    await page.getByRole('row', { name: new RegExp(`${built.name}.*2 contacts`) }).waitFor();
    const [saved] = (await call('GET', '/api/crm/segments')).body;
    expect({ name: saved.name, filter: saved.filter, count: saved.count }).toEqual({ ...built, count: 2 });
    const members = (await call('GET', `/api/crm/segments/${saved.id}/contacts`)).body.items.map((c: { name: string }) => c.name).sort();
    expect(members).toEqual(['Ana Pro', 'Bo Pro']);
    await page.screenshot({ path: path.join(ARTIFACTS, 'crm-segments.png'), fullPage: true });
    expect(await axeSerious(page)).toEqual([]);
  });

  it('sends a campaign to the segment from the composer and shows each recipient\'s status', async () => {
    await page.getByRole('navigation', { name: 'Sales sections' }).getByRole('link', { name: 'Campaigns' }).click();
    await page.getByText('No campaigns yet').waitFor();
    const form = page.getByRole('region', { name: 'New campaign' });
    await form.getByLabel('Name', { exact: true }).fill('Pro welcome');
    await form.getByLabel('Segment').selectOption({ label: 'Pro customers (2)' });
    await form.getByLabel('Send from').selectOption({ label: 'Website (web)' });
    await form.getByLabel('Message').fill('Hi {{contact.first_name | "there"}}, thanks for going Pro!');
    await form.getByRole('button', { name: 'Send now' }).click();
    const report = page.getByRole('region', { name: 'Report: Pro welcome' });
    await report.waitFor();
    await eventually(async () => {
      await report.getByRole('button', { name: 'Refresh' }).click();
      return (await page.getByTestId('campaign-status').textContent())?.includes('sent 2');
    }, 30_000);
    const rows = await report.getByRole('region', { name: 'Recipients' }).locator('tbody tr').allInnerTexts();
    expect(rows.map((r) => r.split('\t').slice(0, 2).join(' ').trim()).sort()).toEqual(['Ana Pro sent', 'Bo Pro sent']);
    await page.screenshot({ path: path.join(ARTIFACTS, 'crm-campaign.png'), fullPage: true });

    const [campaign] = (await call('GET', '/api/crm/campaigns')).body;
    const sent = (await call('GET', `/api/crm/campaigns/${campaign.id}`)).body;
    expect(sent.recipients.map((r: any) => [r.name, r.status]).sort()).toEqual([['Ana Pro', 'sent'], ['Bo Pro', 'sent']]);
    const messages = (await call('GET', `/api/conversations/${sent.recipients.find((r: any) => r.name === 'Ana Pro').conversationId}/messages`)).body.items;
    expect(messages[0].body).toBe('Hi Ana, thanks for going Pro!');
  });

  it('shows the builders in Persian, right to left, with no serious accessibility problem', async () => {
    await page.evaluate(() => localStorage.setItem('sb.locale', 'fa'));
    await page.goto(`${env.url}/crm/segments`);
    await page.getByRole('heading', { name: 'فروش', level: 1 }).waitFor();
    await page.getByRole('rowheader', { name: built.name }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.screenshot({ path: path.join(ARTIFACTS, 'crm-segments-fa.png'), fullPage: true });
    expect(await axeSerious(page)).toEqual([]);
    await page.goto(`${env.url}/crm/settings`);
    await page.getByRole('rowheader', { name: 'Pro plan' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'crm-settings-fa.png'), fullPage: true });
    expect(await axeSerious(page)).toEqual([]);
    await page.evaluate(() => localStorage.setItem('sb.locale', 'en'));
  });
});

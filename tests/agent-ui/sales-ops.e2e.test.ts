// The Sales and Operations screens, the rail, team members and older messages in the real UI against the real
// server: rail entries navigate and highlight, both areas render in Persian right to left with every string
// translated, axe finds nothing serious, a task reminder arrives on the one shared socket, a team is created with
// a member, and "load earlier" brings back the oldest messages of a long conversation without moving the view.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAgent, newVisitor } from '../support/server.js';
import { api, ARTIFACTS, axeSerious, browserAvailable, newPage, setup, signIn, visitorWrites, type Env } from './harness.js';

vi.setConfig({ testTimeout: 180_000 });

const CRM_SECTIONS = ['dashboard', 'contacts', 'segments', 'campaigns', 'tasks', 'settings'];
const OPS_TABS = ['reports', 'feedback', 'sla', 'tokens', 'rules', 'webhooks', 'audit', 'events'];

/** Every piece of text a reader or a screen reader meets: visible text, accessible names, placeholders, titles. */
function readableText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const attrs = [...document.querySelectorAll('[aria-label], [placeholder], [title]')].flatMap((el) =>
      ['aria-label', 'placeholder', 'title'].map((a) => el.getAttribute(a) ?? ''));
    return [document.body.innerText, ...attrs].join('\n');
  });
}

/** A key shown instead of its translation looks like "crm.dashboard.byStage". */
const RAW_KEY = /\b(?:crm|ops|nav|common|admin|thread)\.[a-z][a-zA-Z]*(?:\.[a-zA-Z]+)*\b/g;

async function box(page: Page, selector: string) {
  const b = await page.locator(selector).first().boundingBox();
  if (!b) throw new Error(`${selector} is not visible`);
  return b;
}

describe.skipIf(!browserAvailable())('sales and operations screens in the browser', () => {
  let env: Env;
  let page: Page;
  const sockets: string[] = [];
  const call = (method: string, p: string, body?: unknown) => api(env.url, method, p, { token: env.token, body });
  // The rail by its class: its accessible name changes with the language.
  const rail = () => page.locator('nav.rail');

  beforeAll(async () => {
    env = await setup();
    await createAgent(env.server, 'mia@example.com', [env.inbox.id]);
    ({ page } = await newPage(env));
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await signIn(page, env.url);
  });
  afterAll(async () => env?.close());

  it('rail entries open Sales and Operations and highlight the current section', async () => {
    const inbox = rail().getByRole('link', { name: 'Inbox' });
    expect(await inbox.getAttribute('aria-current')).toBe('page');

    await rail().getByRole('link', { name: 'Sales' }).click();
    await page.getByRole('heading', { name: 'Sales', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/crm/dashboard');
    expect(await rail().getByRole('link', { name: 'Sales' }).getAttribute('aria-current')).toBe('page');
    expect(await inbox.getAttribute('aria-current')).toBeNull();

    await rail().getByRole('link', { name: 'Operations' }).click();
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/ops/reports');
    expect(await rail().getByRole('link', { name: 'Operations' }).getAttribute('aria-current')).toBe('page');
    expect(await rail().getByRole('link', { name: 'Sales' }).getAttribute('aria-current')).toBeNull();

    await inbox.click();
    await page.getByRole('navigation', { name: 'Conversation views' }).waitFor();
    expect(await inbox.getAttribute('aria-current')).toBe('page');
    expect(await rail().getByRole('link', { name: 'Operations' }).getAttribute('aria-current')).toBeNull();
  });

  it('has no serious or critical accessibility violations on the Sales dashboard and Operations reports', async () => {
    await rail().getByRole('link', { name: 'Sales' }).click();
    await page.getByRole('heading', { name: 'Contacts by stage' }).waitFor();
    expect(await axeSerious(page)).toEqual([]);
    await rail().getByRole('link', { name: 'Operations' }).click();
    await page.getByRole('heading', { name: 'Conversations created' }).waitFor();
    expect(await axeSerious(page)).toEqual([]);
  });

  it('shows a task reminder that arrives on the shared connection, with no second socket', async () => {
    const ana = await newVisitor(env.url, env.inbox.widgetKey, { name: 'Ana Renewal' });
    const task = await call('POST', '/api/crm/tasks', { contactId: ana.contactId, title: 'Call Ana about the renewal', dueAt: new Date(Date.now() - 60_000).toISOString() });
    expect(task.status, JSON.stringify(task.body)).toBe(201);
    // The scheduled reminder job may get there first on a busy machine; either way exactly one reminder is sent.
    await call('POST', '/api/crm/tasks/run-due');
    await page.getByText('Follow-up due: Call Ana about the renewal').waitFor();
    const tasks = (await call('GET', '/api/crm/tasks')).body.items as { id: string; remindedAt: string | null }[];
    expect(tasks.find((x) => x.id === task.body.id)?.remindedAt).toBeTruthy();
    await rail().getByRole('link', { name: 'Sales (1 reminders)' }).waitFor();
    expect(sockets.filter((u) => u.includes('/socket.io/'))).toHaveLength(1);
  });

  it('renders every Sales section and Operations tab in Persian, right to left, with no untranslated key', async () => {
    await page.evaluate(() => localStorage.setItem('sb.locale', 'fa'));
    await page.goto(`${env.url}/crm/dashboard`);
    await page.getByRole('heading', { name: 'فروش', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'مخاطبان بر اساس مرحله' }).waitFor();
    expect(await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual(['rtl', 'fa']);

    // Right to left: the rail sits on the right of the content, and the first tab is the right-most one.
    expect((await box(page, 'nav.rail')).x).toBeGreaterThan((await box(page, '#main')).x);
    const tabs = page.getByRole('navigation', { name: 'بخش‌های فروش' }).getByRole('link');
    expect((await tabs.nth(0).boundingBox())!.x).toBeGreaterThan((await tabs.nth(1).boundingBox())!.x);
    await page.screenshot({ path: path.join(ARTIFACTS, 'crm-rtl-fa.png') });

    const untranslated: string[] = [];
    for (const [i, section] of CRM_SECTIONS.entries()) {
      await tabs.nth(i).click();
      await page.waitForURL(`**/crm/${section}`);
      await page.locator('.ds-card, .state').first().waitFor();
      for (const key of (await readableText(page)).match(RAW_KEY) ?? []) untranslated.push(`/crm/${section}: ${key}`);
    }

    await rail().getByRole('link', { name: 'عملیات' }).click();
    await page.getByRole('heading', { name: 'گزارش‌ها', level: 1 }).waitFor();
    const opsTabs = page.locator('.ops-layout .tab-nav a');
    expect(await opsTabs.count()).toBe(OPS_TABS.length);
    expect((await opsTabs.nth(0).boundingBox())!.x).toBeGreaterThan((await opsTabs.nth(1).boundingBox())!.x);
    await page.screenshot({ path: path.join(ARTIFACTS, 'ops-rtl-fa.png') });
    for (const [i, tab] of OPS_TABS.entries()) {
      await opsTabs.nth(i).click();
      await page.waitForURL(`**/ops/${tab}`);
      await page.locator('.ops-layout > section').waitFor();
      for (const key of (await readableText(page)).match(RAW_KEY) ?? []) untranslated.push(`/ops/${tab}: ${key}`);
    }
    expect(untranslated).toEqual([]);
  });

  it('creates a team with a member picked in the admin screen', async () => {
    await page.evaluate(() => localStorage.setItem('sb.locale', 'en'));
    const mia = (await call('GET', '/api/agents')).body.find((a: { email: string }) => a.email === 'mia@example.com');
    await page.goto(`${env.url}/admin/teams`);
    await page.getByRole('heading', { name: 'Teams' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Renewals');
    await page.getByRole('group', { name: 'Members' }).getByLabel('mia').check();
    await page.getByRole('button', { name: 'Add' }).click();
    await page.locator('.admin-list li', { hasText: 'Renewals' }).getByTestId('team-members').filter({ hasText: 'mia' }).waitFor();
    const team = (await call('GET', '/api/teams/detailed')).body.find((t: { name: string }) => t.name === 'Renewals');
    expect(team.memberIds).toEqual([mia.id]);
  });

  it('loads earlier messages of a 120-message conversation and keeps the reading position', async () => {
    const first = await visitorWrites(env.url, env.inbox.widgetKey, 'Newest message', { name: 'Long Thread' });
    const { schema } = await import('../../server/db/client.js');
    const start = Date.now() - 86_400_000;
    await env.server.app.ctx.db.insert(schema.messages).values(Array.from({ length: 119 }, (_, i) => ({
      conversationId: first.conversationId, inboxId: env.inbox.id, direction: 'incoming' as const, senderType: 'contact' as const,
      senderId: first.contactId, body: `Message ${String(i + 1).padStart(3, '0')}`, status: 'received' as const,
      createdAt: new Date(start + i * 60_000),
    })));

    await page.goto(`${env.url}/c/${first.conversationId}`);
    const thread = page.locator('ol.thread');
    await thread.locator('.msg-body', { hasText: 'Newest message' }).waitFor();
    expect(await thread.locator('.msg-body').count()).toBe(100);
    expect(await thread.locator('.msg-body', { hasText: 'Message 020' }).count()).toBe(0);

    await thread.evaluate((el) => { el.scrollTop = 0; });
    const anchor = thread.locator('.msg-body', { hasText: 'Message 021' });
    const before = (await anchor.boundingBox())!.y;
    await page.getByRole('button', { name: 'Load earlier messages' }).click();
    await thread.locator('.msg-body', { hasText: 'Message 001' }).waitFor({ state: 'attached' });
    expect(await thread.locator('.msg-body').count()).toBe(120);
    // Twenty messages came back, fewer than a page: there is nothing older to offer.
    expect(await page.getByRole('button', { name: 'Load earlier messages' }).count()).toBe(0);
    expect(Math.abs((await anchor.boundingBox())!.y - before)).toBeLessThan(40);
  });

  it('reports read: a value axis, the value of a column on hover, a table header that is not clipped, and CSV', async () => {
    for (const name of ['Rea One', 'Rea Two']) await visitorWrites(env.url, env.inbox.widgetKey, 'Hello about my order', { name });
    await page.goto(`${env.url}/ops/reports`);
    await page.getByRole('button', { name: '7 days', exact: true }).click();
    const today = new Date().toISOString().slice(0, 10);
    const api7 = (await call('GET', `/api/reports?groupBy=day&from=${new Date(Date.now() - 6 * 86_400_000).toISOString().slice(0, 10)}T00:00:00Z&to=${new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)}T00:00:00Z`)).body.rows as { key: string; conversationsCreated: number }[];
    const created = api7.find((r) => r.key === today)!.conversationsCreated;
    expect(created).toBeGreaterThanOrEqual(2);
    const chart = page.getByRole('group', { name: 'Conversations created' });
    const column = chart.getByRole('img', { name: `${today}: Conversations created ${created}` });
    await column.hover();
    await page.getByRole('tooltip').filter({ hasText: `Conversations created: ${created}` }).waitFor();
    // The value axis ends on a whole number at or above the largest column.
    const ticks = (await chart.locator('.chart-tick').allTextContents()).slice(0, 5).map(Number);
    expect(ticks[0]).toBe(0);
    expect(Math.max(...ticks)).toBeGreaterThanOrEqual(created);
    expect(ticks.every(Number.isInteger)).toBe(true);

    const table = page.getByRole('region', { name: 'Report table' });
    const header = table.getByRole('columnheader', { name: /SLA attainment/ });
    expect(await header.evaluate((th) => th.scrollWidth <= th.clientWidth)).toBe(true);
    expect(await table.getByRole('rowheader', { name: today }).count()).toBe(1);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const csv = await (await download).createReadStream().then(async (stream) => { let s = ''; for await (const chunk of stream) s += chunk; return s; });
    expect(csv.split(/\r?\n/)[0].split(',').slice(0, 2)).toEqual(['key', 'conversations_created']);
    expect(csv).toContain(`\n${today},${created},`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'ops-reports.png'), fullPage: true });
  });
});

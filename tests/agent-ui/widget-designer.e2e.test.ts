// The widget designer in the browser: an admin changes the colour and greeting and turns files on (2 MB,
// images only), the live preview (the real widget) shows it before saving, a reload shows the saved values,
// the public widget config returns them with every other setting unchanged, and a visitor's widget then
// wears the new look, refuses a 3 MB file with a specific message and sends a small PNG that reaches the agent.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FrameLocator, Locator } from 'playwright-core';
import { png } from '../support/png.js';
import { hostPage, startHostSite, type HostSite } from '../widget/harness.js';
import { api, ARTIFACTS, axeSerious, browserAvailable, newPage, setup, signIn, type Env } from './harness.js';

vi.setConfig({ testTimeout: 240_000 });

const MB = 1024 * 1024;
const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];
const PNG = png(48, 32);

/** Settings the designer must leave exactly as they are. */
const INITIAL_WIDGET = {
  color: '#4f46e5',
  greeting: 'Hello there',
  teamName: 'Fernleaf crew',
  replyTime: 'hours',
  csat: true,
  attachments: { enabled: false, maxBytes: 10 * MB, types: ['application/pdf', 'text/csv'] },
  topics: [{ id: 'billing', label: 'Billing' }],
  proactive: [{ id: 'pricing', message: 'Questions about plans?', urlPattern: '/pricing*', delaySeconds: 5, audience: 'all' }],
};

/** The header's gradient, which starts from the accent colour ('' while the preview frame reloads). */
const accentOf = (header: Locator) => header.evaluate((el) => getComputedStyle(el).backgroundImage, undefined, { timeout: 5000 }).catch(() => '');

describe.skipIf(!browserAvailable())('widget designer', () => {
  let env: Env;
  // The shop's own site, on another origin: the one site the designer will allow.
  let shop: HostSite;
  let SHOP: string;
  beforeAll(async () => { env = await setup(); shop = await startHostSite(); SHOP = shop.url; });
  afterAll(async () => { await shop?.stop(); await env?.close(); });

  it('designs the widget with a live preview, saves only what changed, and the visitor gets it', async () => {
    // A fresh inbox per attempt, so a retry starts from the same stored settings.
    const name = `Roastery ${randomUUID().slice(0, 6)}`;
    const created = await api(env.url, 'POST', '/api/inboxes', { token: env.token, body: { name, channel: 'web', config: { widget: INITIAL_WIDGET } } });
    expect(created.status).toBe(201);
    const inbox = created.body as { id: string; widgetKey: string; config: Record<string, unknown> };

    const { page, context } = await newPage(env);
    await signIn(page, env.url);
    await page.goto(`${env.url}/admin/inboxes`);
    await page.getByRole('button', { name: `Web chat ${name} Web` }).click();
    await page.getByRole('link', { name: 'Design the widget' }).click();
    await page.getByRole('heading', { name: `Widget for ${name}` }).waitFor();
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(`/admin/widget?inbox=${inbox.id}`);

    const form = page.getByRole('form', { name: 'Widget settings' });
    const preview: FrameLocator = page.frameLocator('iframe[title="Preview of the widget with your changes"]');
    const previewHeader = preview.locator('switchboard-widget .sb-header');
    await preview.locator('switchboard-widget .sb-intro').getByText('Hello there').waitFor();
    await expect.poll(() => accentOf(previewHeader)).toContain('rgb(79, 70, 229)');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Unsaved changes' }).count()).toBe(0);

    // A value the server refuses comes back under its own field, and nothing is stored.
    await form.getByLabel('Colour (hex)').fill('#be12');
    const refused = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().endsWith(`/api/inboxes/${inbox.id}`));
    await form.getByRole('button', { name: 'Save' }).click();
    expect((await refused).status()).toBe(400);
    await form.locator('.field-error').getByText('a colour like #4f46e5').waitFor();
    expect(await form.getByLabel('Colour (hex)').getAttribute('aria-invalid')).toBe('true');
    expect((await api(env.url, 'GET', `/api/inboxes/${inbox.id}`, { token: env.token })).body.config.widget).toEqual(INITIAL_WIDGET);

    await form.getByLabel('Colour (hex)').fill('#be123c');
    await expect.poll(() => form.locator('.field-error').getByText('a colour like #4f46e5').count()).toBe(0);
    await form.getByLabel('Greeting').fill('Welcome to the roastery! Ask us about beans.');
    await form.getByRole('switch', { name: 'Let visitors attach files' }).check();
    await form.getByLabel('Largest file (MB)').fill('2');
    await form.getByRole('checkbox', { name: 'PDF' }).uncheck();
    await form.getByRole('checkbox', { name: 'Text and CSV' }).uncheck();
    await form.getByRole('checkbox', { name: /^Images/ }).check();
    await form.getByLabel('Sites that may show this widget').fill(SHOP);

    // The preview is the real widget with the draft: new greeting, new colour, an attach button, before saving.
    await preview.locator('switchboard-widget .sb-intro').getByText('Welcome to the roastery! Ask us about beans.').waitFor();
    await expect.poll(() => accentOf(previewHeader)).toContain('rgb(190, 18, 60)');
    await preview.locator('switchboard-widget button[aria-label="Attach a file"]').waitFor();
    await page.getByRole('status').filter({ hasText: 'Unsaved changes' }).waitFor();

    const violations = await axeSerious(page);
    await page.locator('.admin-main').evaluate((el) => el.scrollTo(0, 0));
    await page.screenshot({ path: path.join(ARTIFACTS, 'widget-designer.png') });
    expect(violations.map((v) => `${v.id} (${v.impact}) ${v.help} @ ${v.targets.join(', ')}`)).toEqual([]);

    // Only the changed settings go to the server.
    const sent = page.waitForRequest((r) => r.method() === 'PATCH' && r.url().endsWith(`/api/inboxes/${inbox.id}`));
    await form.getByRole('button', { name: 'Save' }).click();
    expect((await sent).postDataJSON()).toEqual({
      config: {
        widget: { color: '#be123c', greeting: 'Welcome to the roastery! Ask us about beans.', attachments: { enabled: true, maxBytes: 2 * MB, types: IMAGE_TYPES } },
        allowedOrigins: [SHOP],
      },
    });
    await page.getByText('Widget saved').waitFor();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Unsaved changes' }).count()).toBe(0);

    // A reload shows what was saved.
    await page.reload();
    await page.getByRole('heading', { name: `Widget for ${name}` }).waitFor();
    expect(await form.getByLabel('Colour (hex)').inputValue()).toBe('#be123c');
    expect(await form.getByLabel('Greeting').inputValue()).toBe('Welcome to the roastery! Ask us about beans.');
    expect(await form.getByLabel('Team name').inputValue()).toBe('Fernleaf crew');
    expect(await form.getByRole('switch', { name: 'Let visitors attach files' }).isChecked()).toBe(true);
    expect(await form.getByLabel('Largest file (MB)').inputValue()).toBe('2');
    expect(await form.getByRole('checkbox', { name: /^Images/ }).isChecked()).toBe(true);
    expect(await form.getByRole('checkbox', { name: 'PDF' }).isChecked()).toBe(false);
    expect(await form.getByLabel('Sites that may show this widget').inputValue()).toBe(SHOP);

    // The public config carries the new values and every other setting as it was.
    const expected = { ...INITIAL_WIDGET, color: '#be123c', greeting: 'Welcome to the roastery! Ask us about beans.', attachments: { enabled: true, maxBytes: 2 * MB, types: IMAGE_TYPES } };
    const pub = await api(env.url, 'GET', `/api/widget/config?widgetKey=${inbox.widgetKey}`);
    expect(pub.status).toBe(200);
    expect(pub.body.settings).toEqual(expected);
    const stored = (await api(env.url, 'GET', `/api/inboxes/${inbox.id}`, { token: env.token })).body;
    const { widget: _before, allowedOrigins: _originsBefore, ...restBefore } = inbox.config;
    const { widget: _after, allowedOrigins, ...restAfter } = stored.config;
    expect(allowedOrigins).toEqual([SHOP]);
    expect(restAfter).toEqual(restBefore);
    expect([stored.name, stored.botEnabled]).toEqual([name, false]);

    // The same screen in Persian, right to left.
    await page.evaluate(() => localStorage.setItem('sb.locale', 'fa'));
    await page.reload();
    await page.getByRole('heading', { name: `ویجت ${name}` }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    // The frame's title is in Persian now.
    const faPreview = page.frameLocator('iframe.wd-preview-frame');
    await faPreview.locator('switchboard-widget .sb-intro').getByText('Welcome to the roastery! Ask us about beans.').waitFor();
    const faViolations = await axeSerious(page);
    await page.locator('.admin-main').evaluate((el) => el.scrollTo(0, 0));
    await page.screenshot({ path: path.join(ARTIFACTS, 'widget-designer-fa.png') });
    expect(faViolations.map((v) => `${v.id} (${v.impact}) ${v.help} @ ${v.targets.join(', ')}`)).toEqual([]);
    await context.close();

    await visitorUsesTheWidget(env, shop, inbox);
  });
});

/** A visitor on the shop's own site (an allowed origin) sees the designed widget and sends files. */
async function visitorUsesTheWidget(env: Env, shop: HostSite, inbox: { id: string; widgetKey: string }) {
  const { page, context } = await newPage(env);
  await hostPage(page, shop, '/beans', `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head><body><h1>Shop</h1>
<script async src="${env.url}/widget.js" data-widget-key="${inbox.widgetKey}"></script></body></html>`);
  const w = (selector: string) => page.locator('switchboard-widget').locator(selector);
  await w('.sb-bubble').click();
  await w('.sb-intro').getByText('Welcome to the roastery! Ask us about beans.').waitFor();
  expect(await accentOf(w('.sb-header'))).toContain('rgb(190, 18, 60)');
  await w('button[aria-label="Attach a file"]').waitFor();

  const picker = w('input[type=file]');
  await picker.setInputFiles({ name: 'beans-3mb.png', mimeType: 'image/png', buffer: Buffer.alloc(3 * MB, 7) });
  await w('.sb-notice[role=alert]').getByText('“beans-3mb.png” is too large. Images only, up to 2 MB.').waitFor();
  await page.screenshot({ path: path.join(ARTIFACTS, 'widget-designer-visitor.png') });

  const uploaded = page.waitForResponse((r) => r.url().endsWith('/api/widget/attachments') && r.request().method() === 'POST');
  await picker.setInputFiles({ name: 'grind.png', mimeType: 'image/png', buffer: PNG });
  expect((await uploaded).status()).toBe(200);
  await w('.sb-mine .sb-image img[alt="grind.png"]').waitFor();

  // It reaches the agent: the inbox's one conversation holds exactly the small file, byte for byte.
  const open = async () => (await api(env.url, 'GET', `/api/conversations?inboxId=${inbox.id}&status=open`, { token: env.token })).body.items as Array<{ id: string }>;
  await expect.poll(async () => (await open()).length).toBe(1);
  const conversations = await open();
  const messages = (await api(env.url, 'GET', `/api/conversations/${conversations[0].id}/messages`, { token: env.token })).body.items as Array<{ attachments: Array<{ name: string; contentType: string; size: number; url: string }> }>;
  const files = messages.flatMap((m) => m.attachments ?? []);
  expect(files.map((f) => [f.name, f.contentType, f.size])).toEqual([['grind.png', 'image/png', PNG.length]]);
  const download = await fetch(new URL(files[0].url, env.url), { headers: { authorization: `Bearer ${env.token}` } });
  expect(Buffer.from(await download.arrayBuffer()).equals(PNG)).toBe(true);
  await context.close();
}

// What an agent reads and sends in the real UI: search across statuses with counts, canned responses
// filled in before sending, labelled visit facts and distinct visitor names, markdown as the visitor sees
// it, attachment previews, the merge dialog for an unnamed contact, English text inside the Persian UI, and
// invitations and the PUBLIC_URL banner in Settings.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { api, ARTIFACTS, browserAvailable, newPage, setup, signIn, visitorWrites, type Env } from './harness.js';

vi.setConfig({ testTimeout: 180_000 });

const LOCALE_KEY = 'sb.locale';

describe.skipIf(!browserAvailable())('inbox reading and replying in the browser', () => {
  let env: Env;
  let page: Page;

  beforeAll(async () => {
    env = await setup();
    ({ page } = await newPage(env));
    await signIn(page, env.url);
  });
  afterAll(async () => env?.close());

  it('finds a resolved conversation from the Open tab and counts matches per tab', async () => {
    // A word of its own per attempt, so a retried attempt counts only its own conversations.
    const word = `teapot${Date.now().toString(36)}`;
    const resolved = await visitorWrites(env.url, env.inbox.widgetKey, `My ${word} lid is cracked`, { name: 'Tess Teapot' });
    const open = await visitorWrites(env.url, env.inbox.widgetKey, `Do you sell ${word} warmers?`, { name: 'Olga Open' });
    await api(env.url, 'PATCH', `/api/conversations/${resolved.conversationId}`, { token: env.token, body: { status: 'resolved' } });
    await page.goto(`${env.url}/`);
    await page.locator('#conversation-search').fill(word);
    await page.keyboard.press('Enter');
    await page.locator(`[data-conversation-id="${resolved.conversationId}"]`).waitFor();
    await page.locator(`[data-conversation-id="${open.conversationId}"]`).waitFor();
    const tabs = page.getByRole('tablist', { name: 'Status' });
    await expect.poll(() => tabs.getByRole('tab', { name: /All/ }).textContent()).toBe('All2');
    expect(await tabs.getByRole('tab', { name: /All/ }).getAttribute('aria-selected')).toBe('true');
    expect(await tabs.getByRole('tab', { name: /Resolved/ }).textContent()).toBe('Resolved1');
    expect(await tabs.getByRole('tab', { name: /Open/ }).textContent()).toBe('Open1');
    await page.screenshot({ path: path.join(ARTIFACTS, 'inbox-search-all-statuses.png') });
    await tabs.getByRole('tab', { name: /Resolved/ }).click();
    await expect.poll(() => page.locator('[data-conversation-id]').count()).toBe(1);
    expect(await page.locator('[data-conversation-id]').getAttribute('data-conversation-id')).toBe(resolved.conversationId);
  });

  it('refuses an unknown placeholder in the form and shows the filled-in canned response before sending', async () => {
    const c = await visitorWrites(env.url, env.inbox.widgetKey, 'Has my parcel left?', { name: 'Paula Parcel' });
    await page.goto(`${env.url}/admin/canned`);
    await page.getByLabel('Short code').fill('ship');
    await page.getByLabel('Reply text').fill('Hi {{contact.frist_name}}, it ships today.');
    await page.getByRole('button', { name: 'Add' }).click();
    await page.getByText('{{contact.frist_name}} is not a known placeholder').waitFor();
    await page.getByLabel('Reply text').fill('Hi {{contact.first_name | "there"}}, it ships today to {{contact.company}}.');
    await page.getByRole('button', { name: 'Add' }).click();
    await page.getByText('/ship').waitFor();

    await page.goto(`${env.url}/c/${c.conversationId}`);
    await page.locator('#composer-text').fill('/sh');
    await page.locator('#composer-suggestions').getByRole('option', { name: /ship/ }).waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#composer-text').inputValue()).toBe('Hi Paula, it ships today to .');
    await page.getByText('No value for {{contact.company}}').waitFor();
    await page.locator('#composer-text').fill('Hi Paula, it ships today.');
    await page.keyboard.press('Enter');
    await page.locator('.msg-out .msg-body', { hasText: 'Hi Paula, it ships today.' }).waitFor();
    const sent = await api(env.url, 'GET', '/api/widget/messages', { token: c.visitorToken });
    expect(sent.body.items.map((m: { body: string }) => m.body)).toContain('Hi Paula, it ships today.');
    expect(JSON.stringify(sent.body.items)).not.toContain('{{');
  });

  it('shows the visit as labelled facts and anonymous visitors under distinct names', async () => {
    const a = await visitorWrites(env.url, env.inbox.widgetKey, 'First anonymous question');
    const b = await visitorWrites(env.url, env.inbox.widgetKey, 'Second anonymous question');
    await api(env.url, 'POST', '/api/widget/context', {
      token: a.visitorToken,
      body: { context: { pageUrl: 'https://shop.example/kettles', pageTitle: 'Kettles', referrer: 'https://search.example/', language: 'en', timeZone: 'Asia/Bangkok', device: { type: 'desktop', browser: 'Chrome/126.0', os: 'Linux' }, visits: 4, pageViews: [{ url: 'https://shop.example/kettles', title: 'Kettles', at: '2026-03-01T10:00:00.000Z' }] } },
    });
    await page.goto(`${env.url}/?status=all`);
    const nameA = (await page.locator(`[data-conversation-id="${a.conversationId}"] .conv-name`).textContent())!;
    const nameB = (await page.locator(`[data-conversation-id="${b.conversationId}"] .conv-name`).textContent())!;
    expect(nameA).toMatch(/^Visitor [A-Z2-9]{4}$/);
    expect(nameB).toMatch(/^Visitor [A-Z2-9]{4}$/);
    expect(nameA).not.toBe(nameB);

    await page.goto(`${env.url}/c/${a.conversationId}`);
    const sidebar = page.getByRole('complementary', { name: 'Customer' });
    await sidebar.getByRole('heading', { name: nameA }).waitFor();
    const facts = await sidebar.locator('.visit-facts').innerText();
    expect(facts).toContain('Browser\nChrome 126.0');
    expect(facts).toContain('OS\nLinux');
    expect(facts).toContain('Page\nKettles');
    expect(facts).toContain('Location\nBangkok, Thailand');
    expect(facts).toMatch(/Local time\n\w{3} \d{2}:\d{2}/);
    expect(facts).toContain('Visits\n4 visits · 1 pages');
    expect(await sidebar.innerText()).not.toContain('{"');

    await sidebar.getByRole('button', { name: 'Merge' }).click();
    const dialog = page.getByRole('dialog', { name: 'Merge contacts' });
    await dialog.getByText('Find the duplicate of this visitor.').waitFor();
    expect(await dialog.innerText()).not.toContain('duplicate of .');
    await page.keyboard.press('Escape');
  });

  it('renders markdown for the agent as the widget does, with unsafe links reduced to their label', async () => {
    const c = await visitorWrites(env.url, env.inbox.widgetKey, 'One **espresso** please, see [link](javascript:alert(1))');
    await page.goto(`${env.url}/c/${c.conversationId}`);
    const body = page.locator('.msg-in .msg-body').last();
    await body.locator('strong', { hasText: 'espresso' }).waitFor();
    expect(await body.innerText()).toBe('One espresso please, see link');
    expect(await body.locator('a').count()).toBe(0);
  });

  it('previews an attachment-only conversation by its file name', async () => {
    const c = await visitorWrites(env.url, env.inbox.widgetKey, 'Photo follows');
    const form = new FormData();
    form.append('clientId', 'p-1');
    form.append('file', new Blob([Buffer.from('89504e470d0a1a0a', 'hex')], { type: 'image/png' }), 'dent.png');
    expect((await fetch(`${env.url}/api/widget/attachments`, { method: 'POST', headers: { authorization: `Bearer ${c.visitorToken}` }, body: form })).status).toBe(200);
    await page.goto(`${env.url}/?status=all`);
    const preview = page.locator(`[data-conversation-id="${c.conversationId}"] .conv-preview`);
    await expect.poll(() => preview.textContent()).toBe('📎 dent.png');
  });

  it('gives English names and messages their own direction inside the Persian inbox', async () => {
    const c = await visitorWrites(env.url, env.inbox.widgetKey, 'Order #1042 please?', { name: 'Sam English' });
    const { page: fa, context } = await newPage(env);
    await signIn(fa, env.url);
    await fa.evaluate((key) => localStorage.setItem(key, 'fa'), LOCALE_KEY);
    await fa.goto(`${env.url}/c/${c.conversationId}`);
    await fa.locator(`[data-conversation-id="${c.conversationId}"]`).waitFor();
    expect(await fa.evaluate(() => document.documentElement.dir)).toBe('rtl');
    const direction = (sel: string) => fa.locator(sel).first().evaluate((el) => getComputedStyle(el).direction);
    expect(await direction(`[data-conversation-id="${c.conversationId}"] .conv-name`)).toBe('ltr');
    expect(await direction(`[data-conversation-id="${c.conversationId}"] .conv-preview [dir="auto"]`)).toBe('ltr');
    expect(await direction('.msg-in .msg-body')).toBe('ltr');
    expect(await direction('.thread-title h2')).toBe('ltr');
    await context.close();
  });

  it('says an invitation was not mailed without SMTP, shows its link, warns when no inbox is chosen, refuses a duplicate; Settings warns about PUBLIC_URL', async () => {
    await page.goto(`${env.url}/admin/agents`);
    const form = page.getByRole('form', { name: 'Invite an agent' });
    const email = `nomail-${Date.now()}@example.com`;
    // No PUBLIC_URL in this run: Settings says the links it hands out point nowhere useful.
    await page.getByRole('alert').filter({ hasText: 'PUBLIC_URL is not set' }).waitFor();
    await form.getByLabel('E-mail').fill(email);
    await form.getByText('No inbox selected').waitFor();
    await form.getByRole('checkbox', { name: 'Website' }).check();
    expect(await form.getByText('No inbox selected').count()).toBe(0);
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText('no e-mail was sent: SMTP_URL is not set').waitFor();
    expect(await page.getByText(/^Invitation sent/).count()).toBe(0);
    const link = (await page.locator('.notice code').textContent())!.trim();
    expect(link).toMatch(/\/invite\//);

    // The same address again is refused with the reason; the pending list holds it once, with its link to copy.
    await form.getByLabel('E-mail').fill(email);
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText(`${email} already has a pending invitation`).waitFor();
    await page.getByRole('button', { name: `Copy link (${email})` }).waitFor();
    expect(await page.getByRole('button', { name: `Copy link (${email})` }).count()).toBe(1);
  });

  it('marks the parts of IMAP required once IMAP is being filled in, and says in plain words what is wrong', async () => {
    await page.goto(`${env.url}/admin/inboxes`);
    await page.getByRole('button', { name: 'New inbox' }).click();
    const form = page.getByRole('form', { name: 'New inbox' });
    await form.getByLabel('Name').fill(`Mail ${Date.now()}`);
    await form.getByLabel('Channel').selectOption('email');
    const user = form.getByLabel(/^IMAP user/);
    expect(await user.getAttribute('required')).toBeNull(); // IMAP is optional as a whole
    await form.getByLabel(/^IMAP host/).fill('imap.example.com');
    await expect.poll(() => user.getAttribute('required')).not.toBeNull();
    expect(await form.getByText('IMAP user *').count()).toBe(1);
    expect(await form.getByText('IMAP password *').count()).toBe(1);
    expect(await form.getByText('SMTP host *').count()).toBe(0); // SMTP untouched stays optional
    // The browser's own check would stop at the first empty required field; the server's answer is what is shown.
    await form.evaluate((f) => f.setAttribute('novalidate', ''));
    await form.getByLabel(/^E-mail address/).fill('not-an-address');
    await form.getByRole('button', { name: 'Create inbox' }).click();
    await form.locator('.field-error', { hasText: 'a valid e-mail address' }).waitFor();
    const errors = await form.locator('.field-error').allTextContents();
    expect(errors).toEqual(expect.arrayContaining(['a valid e-mail address', 'required']));
    expect(errors.join(' ')).not.toMatch(/Invalid input|expected \w+, received|Too small/);
  });
});

// In the agent's thread an e-mail shows what the customer wrote; the folded earlier mail and signature are
// collapsed behind one button and come back with one click. Real server, real SMTP, real browser.
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ARTIFACTS, ensureUiBuilt, signIn } from '../agent-ui/harness.js';
import { browserAvailable, chromiumLaunchOptions } from '../support/requirements.js';
import { SUPPORT, conversationOf, createEmailInbox, sendMail, startMailServer } from './mail-kit.js';

vi.setConfig({ testTimeout: 180_000 });

describe.skipIf(!browserAvailable())('folded e-mail in the agent thread', () => {
  let env: Awaited<ReturnType<typeof startMailServer>>;
  let inbox: { id: string };
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureUiBuilt();
    env = await startMailServer();
    inbox = await createEmailInbox(env.server, env.token);
    browser = await chromium.launch(chromiumLaunchOptions);
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' })).newPage();
    await signIn(page, env.server.url);
  });
  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await env?.server.close();
  });

  async function openConversationOf(messageId: string) {
    const { conversation } = await conversationOf(env.server, env.token, inbox.id, messageId);
    await page.locator(`[data-conversation-id="${conversation.id}"] a`).click();
    return conversation.id as string;
  }

  it('shows a bottom-posted plain-text reply without its quote and signature, and expands them on click', async () => {
    const text = 'On Mon, Mar 3, 2025 at 10:00 AM Support <support@shop.test> wrote:\n> Could you send us your order number?\n\n'
      + 'It is 4711, thank you.\n\n-- \nAna Smith\nCustomer Ltd';
    await sendMail(env.inboundPort, { from: 'Ana Smith <ana@customer.test>', to: SUPPORT, subject: 'Order', text, messageId: '<plain-fold@customer.test>' });
    await openConversationOf('<plain-fold@customer.test>');
    const message = page.locator('.msg-in').filter({ hasText: 'It is 4711, thank you.' });
    await message.waitFor();
    expect((await message.locator('.msg-body').first().textContent())?.trim()).toBe('It is 4711, thank you.');
    expect(await page.getByText('Could you send us your order number?').count()).toBe(0);

    const toggle = message.getByRole('button', { name: 'Show quoted text' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    const folded = message.locator('.msg-quoted');
    await folded.waitFor();
    expect(await folded.textContent()).toContain('> Could you send us your order number?');
    expect(await folded.textContent()).toContain('Ana Smith');
    expect(await message.getByRole('button', { name: 'Hide quoted text' }).getAttribute('aria-expanded')).toBe('true');
    await page.screenshot({ path: path.join(ARTIFACTS, 'inbox-email-folded.png') });

    // The keyboard works as well as the mouse.
    await message.getByRole('button', { name: 'Hide quoted text' }).focus();
    await page.keyboard.press('Enter');
    await folded.waitFor({ state: 'detached' });
  });

  it('shows the new text of an HTML reply and the whole sanitised mail, quote included, on click', async () => {
    await sendMail(env.inboundPort, {
      from: 'Jana Müller <jana@customer.test>', to: SUPPORT, subject: 'Lieferung', messageId: '<html-fold@customer.test>',
      text: 'Danke, passt.\n\nAm Mo., 3. März 2025 um 10:00 Uhr schrieb Support <support@shop.test>:\n\n> Passt Dienstag?\n',
      html: '<div dir="ltr">Danke, passt.</div><br><div class="gmail_quote"><div class="gmail_attr">Am Mo., 3. März 2025 um 10:00 Uhr schrieb '
        + 'Support &lt;support@shop.test&gt;:<br></div><blockquote class="gmail_quote">Passt Dienstag?</blockquote></div>',
    });
    await openConversationOf('<html-fold@customer.test>');
    const message = page.locator('.msg-in').filter({ hasText: 'Danke, passt.' });
    await message.waitFor();
    expect(await message.locator('iframe.email-frame').count()).toBe(0);
    await message.getByRole('button', { name: 'Show quoted text' }).click();
    const frame = message.locator('iframe.email-frame');
    await frame.waitFor();
    expect(await frame.getAttribute('sandbox')).toBe('');
    expect(await frame.contentFrame().locator('blockquote').textContent()).toContain('Passt Dienstag?');
  });
});

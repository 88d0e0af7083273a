import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { artifact, browserAvailable, embedHtml, hostPage, launchBrowser, startHostSite, startServer, w, type TestServer } from './harness.js';

describe.runIf(browserAvailable())('widget embed (browser)', () => {
  let server: TestServer;
  let browser: Browser;
  let site: Awaited<ReturnType<typeof startHostSite>>;
  beforeAll(async () => {
    [server, browser, site] = await Promise.all([startServer(), launchBrowser(), startHostSite()]);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
    await server?.stop();
  });

  it('embeds, sends a first message, shows the agent reply, and keeps the conversation after reload', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await hostPage(page, site, '/test-host/shop', embedHtml(server));

    // Only the loader is fetched until the visitor opens the messenger.
    await w(page, '.sb-bubble').waitFor();
    const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    expect(loaded.some((n) => /\/widget\/ui-/.test(n))).toBe(false);

    await w(page, '.sb-bubble').click();
    const input = w(page, '#sb-input');
    await input.fill('Hello, do you ship to Chiang Mai? **fast**');
    await input.press('Enter');
    await w(page, '.sb-mine .sb-ticks.sb-received').waitFor();
    await expect(w(page, '.sb-mine strong').textContent()).resolves.toBe('fast');

    const list = await server.api('GET', `/api/conversations?inboxId=${server.inboxId}&status=all`);
    const conversation = list.body.items[0];
    expect(conversation.lastMessage.body).toContain('Chiang Mai');

    const reply = await server.api('POST', `/api/conversations/${conversation.id}/messages`, { body: 'Yes! Orders ship in 2 days: https://fernleaf.test/shipping' });
    expect(reply.status).toBe(201);
    await server.api('POST', `/api/conversations/${conversation.id}/messages`, { body: 'internal: VIP', private: true });
    await w(page, '.sb-theirs a[href="https://fernleaf.test/shipping"]').waitFor();
    await page.screenshot({ path: artifact('widget-conversation.png') });

    await page.reload();
    await w(page, '.sb-bubble').click();
    await w(page, '.sb-theirs a[href="https://fernleaf.test/shipping"]').waitFor();
    const texts = await w(page, '.sb-messages').innerText();
    expect(texts).toContain('Chiang Mai');
    expect(texts).not.toContain('internal: VIP');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('the demo site embeds the widget under the server\'s own Content-Security-Policy, in Thai when asked', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(server.url + '/demo?locale=th');
    await w(page, '.sb-bubble').click();
    await expect.poll(() => w(page, '#sb-input').getAttribute('placeholder')).toBe('พิมพ์ข้อความ…');
    await w(page, '#sb-input').fill('สวัสดีค่ะ มีเมล็ดกาแฟคั่วอ่อนไหมคะ');
    await w(page, '#sb-input').press('Enter');
    await w(page, '.sb-mine .sb-ticks.sb-received').waitFor();
    await page.screenshot({ path: artifact('widget-demo-th.png') });
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});

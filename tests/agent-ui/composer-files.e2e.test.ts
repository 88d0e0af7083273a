// Files in the agent composer: a file over the limit or of a refused type is turned down before any upload,
// with the limit named; an upload shows its progress; a reply the server refuses keeps its sender and offers
// no Retry that could not succeed.
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { browserAvailable, newPage, setup, signIn, visitorWrites, type Env } from './harness.js';

vi.setConfig({ testTimeout: 180_000 });

describe.skipIf(!browserAvailable())('composer files in the browser', () => {
  let env: Env;
  let page: Page;
  const uploads: Request[] = [];

  beforeAll(async () => {
    env = await setup();
    ({ page } = await newPage(env));
    page.on('request', (r) => { if (r.url().includes('/messages/upload')) uploads.push(r); });
    await signIn(page, env.url);
  });
  afterAll(async () => env?.close());

  const openConversation = async (text: string) => {
    const c = await visitorWrites(env.url, env.inbox.widgetKey, text, { name: 'Fiona Files' });
    await page.goto(`${env.url}/c/${c.conversationId}`);
    await page.locator('.msg-in .msg-body', { hasText: text }).waitFor();
    return c;
  };
  const attach = (files: { name: string; mimeType: string; buffer: Buffer }[]) => page.locator('.composer-foot input[type=file]').setInputFiles(files);

  it('turns down a file over the limit and a refused type before sending anything, naming the limit', async () => {
    await openConversation('Can you send the manual?');
    await attach([{ name: 'huge.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(21 * 1024 * 1024, 1) }]);
    await page.getByText('huge.pdf was not attached: it is larger than 20 MB, the most a file may be.').waitFor();
    await attach([{ name: 'page.html', mimeType: 'text/html', buffer: Buffer.from('<b>hi</b>') }]);
    await page.getByText('page.html was not attached: this type of file cannot be sent').waitFor();
    expect(await page.locator('.composer-files li').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Send', exact: true }).isDisabled()).toBe(true);
    expect(uploads).toHaveLength(0);
  });

  it('shows upload progress and then the sent file', async () => {
    await openConversation('The manual, please');
    // A slow uplink (about 256 KB/s), so the 1.5 MB upload is in flight long enough to be seen.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 256 * 1024 });
    try {
      await attach([{ name: 'manual.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(1536 * 1024, 7) }]);
      await page.locator('.composer-files li', { hasText: 'manual.pdf' }).waitFor();
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      await page.getByRole('progressbar', { name: 'Upload progress' }).waitFor();
      expect(await page.locator('.msg-upload').textContent()).toMatch(/^Uploading… \d{1,3}%$/);
    } finally {
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    }
    const sent = page.locator('.msg-out', { has: page.locator('.attachments', { hasText: 'manual.pdf' }) });
    await sent.waitFor();
    expect(await page.locator('.msg-upload').count()).toBe(0);
    expect(uploads).toHaveLength(1);
  });

  it('a reply the server refuses keeps its sender and offers no Retry', async () => {
    await openConversation('Send all the photos');
    // Eleven files of an allowed type and size: only the server's per-message count refuses them.
    await attach(Array.from({ length: 11 }, (_, i) => ({ name: `photo-${i}.png`, mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a', 'hex') })));
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const failed = page.locator('.msg-failed').last();
    await failed.locator('.msg-error', { hasText: 'At most 10 files per message' }).waitFor();
    expect(await failed.locator('.msg-author').textContent()).toBe('Admin');
    expect(await failed.getByRole('button', { name: 'Retry' }).count()).toBe(0);
  });
});

// The agent composer's SMS counter in the browser counts parts the way carriers cut them: a grapheme cluster
// (here an emoji with a skin tone) that straddles a part boundary moves whole into the next part.
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { countSegments } from '../../channels/sms/segments.js';
import { ensureUiBuilt, signIn } from '../agent-ui/harness.js';
import { eventually } from '../support/server.js';
import { browserAvailable, chromiumLaunchOptions } from '../support/requirements.js';
import { startSmsWorld, type SmsWorld } from './setup.js';

vi.setConfig({ testTimeout: 180_000 });

describe.skipIf(!browserAvailable())('SMS segment counter in the agent composer', () => {
  let world: SmsWorld;
  let browser: Browser;
  let page: Page;
  let conversationId = '';

  beforeAll(async () => {
    ensureUiBuilt();
    world = await startSmsWorld();
    const { sid } = await world.inbound('+14155550123', 'Hello, is my order on its way?');
    conversationId = (await eventually(() => world.stored(sid), 10_000, 'inbound SMS stored')).message.conversationId;
    browser = await chromium.launch(chromiumLaunchOptions);
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' })).newPage();
    await signIn(page, world.server.url);
  });
  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await world?.close();
  });

  it('shows the carriers\' count for text with a grapheme cluster on a part boundary', async () => {
    await page.locator(`[data-conversation-id="${conversationId}"] a`).click();
    const text = `${'ก'.repeat(64)}👍🏽${'ก'.repeat(66)}`; // 134 UTF-16 units: two parts if the emoji were split
    const expected = countSegments(text);
    expect(expected).toMatchObject({ encoding: 'UCS-2', segments: 3 });
    await page.locator('#composer-text').fill(text);
    const counter = page.locator('.sms-counter');
    await counter.waitFor();
    expect((await counter.textContent())?.trim()).toBe(`${expected.segments} SMS · ${expected.remaining} left · UCS-2`);

    await page.locator('#composer-text').fill('a'.repeat(160));
    await eventually(async () => (await counter.textContent())?.trim() === '1 SMS · 0 left · GSM-7', 5_000, 'GSM-7 count');
  });
});

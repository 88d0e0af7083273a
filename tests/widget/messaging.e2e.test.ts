import { describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  agentSocket, artifact, browserAvailable, embedHtml, hostPage, nextEvent, startHostSite, useWidgetEnv, visitorWrites, w,
  type TestServer,
} from './harness.js';
import { png } from '../support/png.js';

const PNG = png(160, 100);

interface ApiMessage { id: string; body: string; direction: string; status: string; clientId: string | null; contentType: string; content: Record<string, unknown> | null; attachments: Array<{ name: string; contentType: string; size: number; url: string }> }

describe.runIf(browserAvailable())('widget messaging (browser)', () => {
  let server: TestServer;
  let browser: Browser;
  let site: Awaited<ReturnType<typeof startHostSite>>;
  const { newContext } = useWidgetEnv((e) => ({ server, browser, site } = e));
  const open = async (pathname: string): Promise<{ page: Page; context: BrowserContext }> => {
    const context = await newContext();
    const page = await context.newPage();
    await hostPage(page, site, pathname, embedHtml(server));
    return { page, context };
  };
  const messages = async (conversationId: string): Promise<ApiMessage[]> =>
    (await server.api('GET', `/api/conversations/${conversationId}/messages`)).body.items;


  it('uploads an image with a preview, refuses a type the inbox does not accept, and the agent sees the file', async () => {
    const put = await server.api('PUT', `/api/widget/settings/${server.inboxId}`, { attachments: { enabled: true, maxBytes: 1024 * 1024, types: ['image/*', 'application/pdf'] } });
    expect(put.status).toBe(200);
    const { page } = await open('/attach');
    const conversation = await visitorWrites(server, page, 'Here is a photo of the damaged parcel');
    const picker = w(page, 'input[type=file]');
    await picker.setInputFiles({ name: 'parcel.png', mimeType: 'image/png', buffer: PNG });
    const preview = w(page, '.sb-mine .sb-image img[alt="parcel.png"]');
    await preview.waitFor();
    await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(160);

    // The picker's accept list is only a hint: the server decides, and the visitor is told why.
    await picker.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('tracking 123') });
    await w(page, '.sb-notice[role=alert] >> text="“notes.txt” can\'t be sent here. Images and PDF only, up to 1 MB."').waitFor();
    await page.screenshot({ path: artifact('widget-attachment.png') });

    const items = await messages(conversation.id);
    const files = items.flatMap((m) => m.attachments);
    expect(files.map((f) => [f.name, f.contentType, f.size])).toEqual([['parcel.png', 'image/png', PNG.length]]);
    const download = await fetch(new URL(files[0].url, server.url));
    expect(Buffer.from(await download.arrayBuffer()).equals(PNG)).toBe(true);
    expect(items.some((m) => m.body.includes('tracking'))).toBe(false);
    await server.api('PUT', `/api/widget/settings/${server.inboxId}`, {});
  });

  it('relays typing both ways: the agent\'s to the widget, the visitor\'s to the agent with the conversation', async () => {
    const { page } = await open('/typing');
    const conversation = await visitorWrites(server, page, 'Which grind for a moka pot?');
    const agent = await agentSocket(server);
    try {
      expect(await agent.emitWithAck('typing', { conversationId: conversation.id, on: true })).toEqual({ ok: true });
      await w(page, '.sb-typing[aria-label="Admin is typing"]').waitFor();
      await agent.emitWithAck('typing', { conversationId: conversation.id, on: false });
      await w(page, '.sb-typing').waitFor({ state: 'detached' });

      const seen = nextEvent(agent, 'typing', (t: { visitor?: boolean; on: boolean }) => t.visitor === true && t.on);
      await w(page, '#sb-input').pressSequentially('Fine, I', { delay: 30 });
      expect(await seen).toMatchObject({ contactId: conversation.contactId, conversationId: conversation.id, on: true });
      const stopped = nextEvent(agent, 'typing', (t: { visitor?: boolean; on: boolean }) => t.visitor === true && !t.on);
      await w(page, '#sb-input').press('Enter');
      expect(await stopped).toMatchObject({ conversationId: conversation.id, on: false });
    } finally {
      agent.close();
    }
  });

  it('raises the unread badge and blinks the page title while closed, and clears both on open', async () => {
    const { page } = await open('/unread');
    const conversation = await visitorWrites(server, page, 'Do you have decaf?');
    await w(page, '.sb-close').click();
    await w(page, '.sb-panel').waitFor({ state: 'hidden' });
    const badge = w(page, '.sb-badge');
    expect(await badge.isHidden()).toBe(true);

    await server.api('POST', `/api/conversations/${conversation.id}/messages`, { body: 'Yes, a Swiss-water decaf.' });
    await expect.poll(() => badge.textContent()).toBe('1');
    await server.api('POST', `/api/conversations/${conversation.id}/messages`, { body: 'Want a sample?' });
    await expect.poll(() => badge.textContent()).toBe('2');
    expect(await badge.isVisible()).toBe(true);
    await expect.poll(() => page.title(), { timeout: 10_000 }).toBe('(2) New message'); // the title shows the current count
    await expect.poll(() => page.title(), { timeout: 10_000 }).toBe('Host page'); // and blinks back
    await page.screenshot({ path: artifact('widget-unread.png') });

    await w(page, '.sb-bubble').click();
    await w(page, '.sb-theirs >> text=Want a sample?').waitFor();
    expect(await badge.isHidden()).toBe(true);
    await page.waitForTimeout(2_500); // two blink periods: the title stays put once the messenger is open
    expect(await page.title()).toBe('Host page');
  });

  it('queues messages typed offline and sends each exactly once after reconnecting', async () => {
    const { page, context } = await open('/offline-queue');
    const conversation = await visitorWrites(server, page, 'Starting online');
    await context.setOffline(true);
    for (const text of ['Written offline 1', 'Written offline 2']) {
      await w(page, '#sb-input').fill(text);
      await w(page, '#sb-input').press('Enter');
    }
    await expect.poll(() => w(page, '.sb-mine .sb-ticks.sb-sending').count()).toBe(1); // ticks show on a group's last bubble
    expect(await w(page, '.sb-mine >> text=Written offline').count()).toBe(2);
    expect((await messages(conversation.id)).filter((m) => m.body.startsWith('Written offline'))).toHaveLength(0);

    await context.setOffline(false);
    await expect.poll(async () => (await messages(conversation.id)).filter((m) => m.body.startsWith('Written offline')).length, { timeout: 20_000 }).toBe(2);
    await w(page, '.sb-mine .sb-ticks.sb-received').waitFor();
    expect(await w(page, '.sb-ticks.sb-sending').count()).toBe(0);
    // Reconnecting replays the outbox from several triggers (online event, socket reconnect, next send):
    // none of them may double a message.
    await visitorWrites(server, page, 'Back online');
    const items = (await messages(conversation.id)).filter((m) => m.direction === 'incoming');
    expect(items.map((m) => m.body)).toEqual(['Starting online', 'Written offline 1', 'Written offline 2', 'Back online']);
    expect(new Set(items.map((m) => m.clientId)).size).toBe(4);
    expect(await w(page, '.sb-mine').count()).toBe(4);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.endsWith(':outbox')).length)).toBe(0);
  });

  it('renders quick-reply options as buttons; a click sends the choice with its value', async () => {
    const { page } = await open('/options');
    const conversation = await visitorWrites(server, page, 'I need help');
    const posted = await server.api('POST', `/api/conversations/${conversation.id}/messages`, {
      body: 'What is it about?', contentType: 'options',
      content: { options: [{ label: 'Track my order', value: 'track' }, { label: 'Talk to sales', value: 'sales' }] },
    });
    expect(posted.status).toBe(201);
    const buttons = w(page, '.sb-theirs .sb-options button');
    await expect.poll(() => buttons.allTextContents()).toEqual(['Track my order', 'Talk to sales']);
    await w(page, '.sb-options[aria-label="What is it about?"] >> text=Talk to sales').click();
    await w(page, '.sb-mine >> text=Talk to sales').waitFor();
    await expect.poll(() => w(page, '.sb-options button:disabled').count()).toBe(2); // answered once only
    expect(await w(page, '.sb-options button.sb-chosen').textContent()).toBe('Talk to sales');

    await expect.poll(async () => (await messages(conversation.id)).filter((m) => m.body === 'Talk to sales').length).toBe(1);
    const reply = (await messages(conversation.id)).find((m) => m.body === 'Talk to sales')!;
    expect(reply.direction).toBe('incoming');
    expect(reply.contentType).toBe('option_reply');
    expect(reply.content).toMatchObject({ value: 'sales', label: 'Talk to sales' });
    await page.screenshot({ path: artifact('widget-options.png') });
  });

  it('renders a structured form as fields, validates them, and sends the answers as a form response', async () => {
    const { page } = await open('/form');
    const conversation = await visitorWrites(server, page, 'Can someone call me back?');
    const posted = await server.api('POST', `/api/conversations/${conversation.id}/messages`, {
      body: 'When should we call?', contentType: 'form',
      content: { fields: [{ name: 'phone', label: 'Phone', type: 'tel', required: true }, { name: 'time', label: 'Best time', type: 'text' }] },
    });
    expect(posted.status).toBe(201);
    const form = w(page, '.sb-bot-form');
    await form.locator('input[name="phone"]').waitFor();
    await form.locator('button[type="submit"]').click();
    await expect.poll(() => form.locator('input[name="phone"][aria-invalid="true"]').count()).toBe(1); // required
    await form.locator('input[name="phone"]').fill('+66 81 234 5678');
    await form.locator('input[name="time"]').fill('after 5pm');
    await form.locator('button[type="submit"]').click();
    await expect.poll(async () => (await messages(conversation.id)).filter((m) => m.contentType === 'form_response').length).toBe(1);
    const reply = (await messages(conversation.id)).find((m) => m.contentType === 'form_response')!;
    expect(reply.direction).toBe('incoming');
    expect(reply.content).toMatchObject({ phone: '+66 81 234 5678', time: 'after 5pm' });
    await w(page, '.sb-bot-form').waitFor({ state: 'detached' });
  });

  it('shows ✓✓ once an agent reads the conversation, and ✓ for what came after', async () => {
    const { page } = await open('/ticks');
    await visitorWrites(server, page, 'First question');
    const conversation = await visitorWrites(server, page, 'Second question');
    const single = await w(page, '.sb-mine .sb-ticks').last().textContent();
    expect(single).toBe('✓');

    const agent = await agentSocket(server);
    try {
      const updated = nextEvent(agent, 'message.updated', (p: { message: ApiMessage }) => p.message.body === 'Second question' && p.message.status === 'read');
      expect((await server.api('POST', `/api/conversations/${conversation.id}/read`)).status).toBe(204);
      await updated;
    } finally {
      agent.close();
    }
    const read = w(page, '.sb-mine .sb-ticks.sb-read');
    await read.waitFor();
    expect(await read.textContent()).toBe('✓✓');
    expect(await read.getAttribute('aria-label')).toBe('Seen');
    expect((await messages(conversation.id)).filter((m) => m.direction === 'incoming').map((m) => m.status)).toEqual(['read', 'read']);

    await visitorWrites(server, page, 'Third question');
    expect(await w(page, '.sb-mine .sb-ticks').last().textContent()).toBe('✓');
    await page.screenshot({ path: artifact('widget-read-ticks.png') });

    // The read state survives a reload (it is stored, not only pushed).
    await page.reload();
    await w(page, '.sb-bubble').click();
    await w(page, '.sb-mine >> text=Third question').waitFor();
    const statuses = (await messages(conversation.id)).filter((m) => m.direction === 'incoming').map((m) => m.status);
    expect(statuses).toEqual(['read', 'read', 'received']);
  });
});

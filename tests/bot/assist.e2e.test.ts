// The bot and agents teaching each other, in the browser: a question the bot missed and a person answered
// becomes a knowledge-base article in one click (and the bot then answers it); suggested replies appear above
// the composer, Alt+1 inserts one, and the bot metrics count what was shown, used and learned.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { api, ARTIFACTS, browserAvailable, newPage, setup, signIn, visitorWrites, type Env } from '../agent-ui/harness.js';
import { enableBot } from './harness.js';

vi.setConfig({ testTimeout: 180_000 });

const REPLY = 'Yes, gift cards from 500 baht are sold at the counter and online.';

describe.skipIf(!browserAvailable())('learning from agents and suggested replies', () => {
  let env: Env;
  beforeAll(async () => {
    env = await setup();
    await enableBot(env.server, env.token, env.inbox.id, { kb: { askFeedback: false }, handoff: { maxUnanswered: 5 } });
    await api(env.url, 'POST', '/api/kb/articles', { token: env.token, body: { title: 'Shipping times', body: 'Orders ship within 2 business days; delivery takes 3 to 5 days.', locale: 'en' } });
  });
  afterAll(async () => env?.close());

  it('turns the reply to a missed question into an article in one click, then suggests it with one key', async () => {
    const missed = await visitorWrites(env.url, env.inbox.widgetKey, 'Do you sell gift cards?');
    await env.server.app.ctx.bus.drain();
    const before = (await api(env.url, 'GET', `/api/kb/search?q=${encodeURIComponent('do you sell gift cards')}`, { token: env.token })).body;
    expect(before.decision).not.toBe('answer');

    const { page, context } = await newPage(env);
    await signIn(page, env.url);
    await page.goto(`${env.url}/c/${missed.conversationId}?status=all`);
    await page.locator('#composer-text').fill(REPLY);
    await page.keyboard.press('Enter');
    await page.locator('.msg-out .msg-body', { hasText: 'gift cards from 500 baht' }).waitFor();

    const banner = page.getByRole('complementary', { name: 'Teach the bot:' });
    await banner.getByText('the bot could not answer “Do you sell gift cards?”').waitFor();
    await banner.getByRole('button', { name: 'Add to knowledge base' }).click();
    await page.getByText('New article “Do you sell gift cards?” added to the knowledge base').waitFor();
    await banner.waitFor({ state: 'detached' });

    const learned = (await api(env.url, 'GET', `/api/kb/articles?q=${encodeURIComponent('gift cards')}`, { token: env.token })).body.items;
    expect(learned).toHaveLength(1);
    expect(learned[0]).toMatchObject({ title: 'Do you sell gift cards?', body: REPLY, locale: 'en', questions: ['Do you sell gift cards?'] });
    const after = (await api(env.url, 'GET', `/api/kb/search?q=${encodeURIComponent('are gift cards sold here')}`, { token: env.token })).body;
    expect(after.decision).toBe('answer');
    expect(after.items[0].article.id).toBe(learned[0].id);

    // A new customer asks the same thing while the bot is off: the composer offers the new article and the
    // earlier answer; Alt+1 puts the first into the reply.
    await enableBot(env.server, env.token, env.inbox.id, { enabled: false });
    const asking = await visitorWrites(env.url, env.inbox.widgetKey, 'hello, can I buy a gift card?');
    await env.server.app.ctx.bus.drain();
    await page.goto(`${env.url}/c/${asking.conversationId}?status=all`);
    const strip = page.getByRole('region', { name: 'Suggested replies' });
    await strip.getByRole('button', { name: /Insert “Do you sell gift cards\?” \(Alt\+1\)/ }).waitFor();
    expect(await strip.getByText('Earlier answer').count()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'inbox-reply-suggestions.png') });
    await page.locator('#composer-text').focus();
    await page.keyboard.press('Alt+1');
    expect(await page.locator('#composer-text').inputValue()).toBe(REPLY);
    await page.keyboard.press('Enter');
    await page.locator('.msg-out .msg-body', { hasText: 'gift cards from 500 baht' }).waitFor();

    // The composer reports the use beside the send, not before it: wait for it to be counted.
    const metricsNow = async () => (await api(env.url, 'GET', `/api/bot/metrics?inboxId=${env.inbox.id}`, { token: env.token })).body;
    await expect.poll(async () => (await metricsNow()).suggestions.used).toBe(1);
    const metrics = await metricsNow();
    expect(metrics.suggestions.shown).toBeGreaterThanOrEqual(1);
    expect(metrics.suggestions.learned).toBe(1);

    await page.goto(`${env.url}/admin/kb`);
    const panel = page.getByRole('region', { name: 'Bot, last 30 days' });
    await panel.getByText('Resolution rate').waitFor();
    await panel.getByText('Handover rate').waitFor();
    await panel.getByText('Deflection rate').waitFor();
    await context.close();
  });
});

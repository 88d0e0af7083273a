// Operations → Event log in the real UI against the real server: the Slack mirror fails on every attempt (the
// Slack stand-in answers channel_not_found), the events become dead letters shown with their type,
// conversation, error and attempts; once Slack works again, Retry mirrors each one exactly once and the list
// is empty. Then the same screen in Persian, right to left.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { standIn } from '../messaging/stand-in.js';
import { eventually } from '../support/server.js';
import { api, ARTIFACTS, axeSerious, browserAvailable, newPage, setup, signIn, visitorWrites, type Env } from './harness.js';

vi.setConfig({ testTimeout: 180_000 });

describe.skipIf(!browserAvailable())('the event log in Operations', () => {
  let env: Env;
  let page: Page;
  let slack: Awaited<ReturnType<typeof standIn>>;
  let slackDown = true;
  let ts = 1;
  const call = (method: string, p: string, body?: unknown) => api(env.url, method, p, { token: env.token, body });
  const posts = () => slack.requests.filter((r) => r.path === '/api/chat.postMessage' && r.answer && (r.answer as { ok: boolean }).ok).map((r) => r.body);

  beforeAll(async () => {
    slack = await standIn((r) => {
      if (r.path !== '/api/chat.postMessage') return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' };
      return slackDown ? { ok: false, error: 'channel_not_found' } : { ok: true, channel: r.body.channel, ts: `${ts++}.000100` };
    });
    env = await setup();
    const put = await call('PUT', '/api/integrations/slack', { botToken: 'xoxb-test-1', signingSecret: 'slack-signing-secret-1', channelId: 'C0SUPPORT', slackApiUrl: `${slack.url}/api/`, allowPrivate: true });
    expect(put.status).toBe(200);
    ({ page } = await newPage(env));
    await signIn(page, env.url);
  });
  afterAll(async () => {
    await env?.close();
    await slack?.close();
  });

  it('shows a failing consumer\'s dead letters and retries them once the target works again', async () => {
    const { conversationId } = await visitorWrites(env.url, env.inbox.widgetKey, 'Is anyone reading Slack?', { name: 'Dora Dead' });
    // Five attempts each for the conversation and its message, then both are parked.
    const parked = await eventually(async () => {
      const items = (await call('GET', '/api/events/dead-letters')).body.items as { consumer: string; event: { type: string } }[];
      return items.filter((d) => d.consumer === 'slack').length === 2 ? items : null;
    }, 60_000, 'two dead letters');
    expect(parked.map((d) => d.event.type).sort()).toEqual(['conversation.created', 'message.created']);

    await page.goto(`${env.url}/ops/events`);
    await page.getByRole('heading', { name: 'Event log', level: 1 }).waitFor();
    const consumers = page.getByRole('region', { name: 'Consumers' }).first();
    await consumers.getByRole('row', { name: /slack/ }).getByText('Needs attention').waitFor();
    const letters = page.getByRole('region', { name: 'Dead letters' }).first();
    for (const event of ['A conversation starts', 'A message arrives or is sent']) {
      const row = letters.getByRole('row').filter({ hasText: event });
      await row.waitFor();
      expect(await row.innerText()).toMatch(/slack[\s\S]*channel_not_found[\s\S]*5/);
      expect(await row.getByRole('link', { name: 'Open' }).getAttribute('href')).toBe(`/c/${conversationId}`);
    }
    expect(await axeSerious(page)).toEqual([]);
    expect(posts()).toEqual([]);

    slackDown = false;
    await page.getByRole('button', { name: 'Retry A message arrives or is sent for slack' }).click();
    await page.getByRole('status').getByText('slack handled the event.').first().waitFor();
    await page.getByRole('button', { name: 'Retry A conversation starts for slack' }).click();
    await page.getByText('No dead letters: every event was handled.').waitFor();
    await consumers.getByRole('row', { name: /slack/ }).getByText('Caught up').waitFor();

    // One thread root for the conversation and the message in it, each once.
    const sent = posts();
    expect(sent.filter((p) => !p.thread_ts && String(p.text).includes(`/conversations/${conversationId}`))).toHaveLength(1);
    expect(sent.filter((p) => p.thread_ts && String(p.text).includes('Is anyone reading Slack?'))).toHaveLength(1);
    expect(sent).toHaveLength(2);
    expect((await call('GET', '/api/events/dead-letters')).body.items).toEqual([]);
  });

  it('reads in Persian, right to left', async () => {
    await page.evaluate(() => localStorage.setItem('sb.locale', 'fa'));
    await page.goto(`${env.url}/ops/events`);
    await page.getByRole('heading', { name: 'لاگ رویدادها', level: 1 }).waitFor();
    await page.getByText('نامه مرده‌ای نیست: همه رویدادها پردازش شدند.').waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    const text = await page.locator('#main').innerText();
    expect(text).not.toMatch(/\b(?:Consumers|Dead letters|Events behind|Caught up|Retry)\b/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'ops-event-log-fa.png'), fullPage: true });
    await page.evaluate(() => localStorage.setItem('sb.locale', 'en'));
  });
});

// The customer sidebar in the real UI: editing a contact sends back only what the agent changed, so the
// widget's visit record survives the edit and the visitor's next page view.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { api, browserAvailable, newPage, setup, signIn, visitorWrites, type Env } from './harness.js';

vi.setConfig({ testTimeout: 180_000 });

const context = (n: number) => ({
  context: {
    pageUrl: `https://shop.example/p/${n}`, pageTitle: `Product ${n}`, referrer: 'https://search.example/', language: 'en-GB',
    timeZone: 'Europe/London', device: { browser: 'Firefox 128', os: 'Linux' },
    pageViews: [{ url: `https://shop.example/p/${n}`, title: `Product ${n}`, at: `2026-02-0${n}T09:00:00.000Z` }],
  },
});

describe.skipIf(!browserAvailable())('contact sidebar in the browser', () => {
  let env: Env;
  let page: Page;

  beforeAll(async () => {
    env = await setup();
    ({ page } = await newPage(env));
    await signIn(page, env.url);
  });
  afterAll(async () => env?.close());

  it('Edit → Save keeps the visit record an object through the next page view', async () => {
    const sent = await visitorWrites(env.url, env.inbox.widgetKey, 'Is the blue mug in stock?');
    await api(env.url, 'POST', '/api/widget/context', { token: sent.visitorToken, body: { ...context(1), attributes: { plan: 'pro', seats: 4 } } });
    const contactUrl = `/api/contacts/${sent.contactId}`;
    const before = (await api(env.url, 'GET', contactUrl, { token: env.token })).body;

    await page.goto(`${env.url}/c/${sent.conversationId}`);
    const sidebar = page.getByRole('complementary', { name: 'Customer' });
    await sidebar.getByRole('button', { name: 'Edit' }).click();
    await sidebar.getByLabel('Name').fill('Bea Blue');
    await sidebar.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Contact saved').waitFor();

    const after = (await api(env.url, 'GET', contactUrl, { token: env.token })).body;
    expect(after.name).toBe('Bea Blue');
    expect(JSON.stringify(after.attributes)).toBe(JSON.stringify(before.attributes));

    await api(env.url, 'POST', '/api/widget/context', { token: sent.visitorToken, body: context(2) });
    const visitor = (await api(env.url, 'GET', contactUrl, { token: env.token })).body.attributes.visitor;
    expect(typeof visitor).toBe('object');
    expect(Object.keys(visitor).filter((k) => /^\d+$/.test(k))).toEqual([]);
    expect(visitor.pageViews.map((v: { url: string }) => v.url)).toEqual(['https://shop.example/p/1', 'https://shop.example/p/2']);
  });
});

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startServer, type TestServer } from '../support/server.js';
import { browserAvailable, chromiumLaunchOptions } from '../support/requirements.js';

const artifacts = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../artifacts');

// The whole product in one story: a visitor on the demo site writes, an agent signed in to the inbox sees it
// arrive live, replies, and the visitor sees the reply — two browsers, the real server, nothing stubbed.
describe.runIf(browserAvailable())('web chat in the browser: demo site ↔ agent inbox', () => {
  let s: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    [s, browser] = await Promise.all([startServer(), chromium.launch(chromiumLaunchOptions)]);
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('visitor writes on /demo, agent sees it live on / and replies, visitor sees the reply', async () => {
    const agentContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const agent = await agentContext.newPage();
    await agent.goto(`${s.url}/`);
    await agent.getByLabel('Work e-mail').fill(ADMIN.email);
    await agent.getByLabel('Password').fill(ADMIN.password);
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.getByRole('navigation', { name: 'Conversation views' }).waitFor();

    const visitorContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const visitor = await visitorContext.newPage();
    const pageErrors: string[] = [];
    visitor.on('pageerror', (e) => pageErrors.push(e.message));
    await visitor.goto(`${s.url}/demo`);
    const widget = (selector: string) => visitor.locator('switchboard-widget').locator(selector);
    await widget('.sb-bubble').click();
    await widget('#sb-input').fill('Do you have decaf beans in stock?');
    await widget('#sb-input').press('Enter');

    // Live: the conversation appears in the agent's list without a reload.
    const row = agent.locator('[data-conversation-id]', { hasText: 'Do you have decaf beans in stock?' });
    await row.waitFor({ timeout: 15_000 });
    await row.locator('a').first().click();
    await agent.locator('#composer-text').fill('Yes — our Swiss-water decaf ships tomorrow.');
    await agent.keyboard.press('Enter');
    await agent.locator('.msg-out .msg-body', { hasText: 'Swiss-water decaf' }).waitFor();

    await widget('.sb-theirs').filter({ hasText: 'Swiss-water decaf ships tomorrow' }).waitFor({ timeout: 15_000 });
    const transcript = await widget('.sb-messages').innerText();
    expect(transcript).toContain('Do you have decaf beans in stock?');
    expect(transcript).toContain('Swiss-water decaf ships tomorrow');
    expect(pageErrors).toEqual([]);
    await agent.screenshot({ path: path.join(artifacts, 'core-agent-reply.png') });
    await visitor.screenshot({ path: path.join(artifacts, 'core-demo-visitor.png') });
    await agentContext.close();
    await visitorContext.close();
  });
});

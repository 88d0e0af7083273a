// "Send transcript" in the real agent UI: the dialog offers the contact's address, the agent types another one,
// the mail reaches the loopback relay with the customer's messages and without the private note, and the audit
// log records who sent it (not to whom).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSink } from '../email/mail-kit.js';
import { api, axeSerious, browserAvailable, newPage, setup, signIn, visitorWrites, type Env } from './harness.js';

vi.setConfig({ testTimeout: 180_000 });

describe.skipIf(!browserAvailable())('sending a transcript from the conversation', () => {
  let env: Env;
  let page: Page;
  let sink: Awaited<ReturnType<typeof startSink>>;
  beforeAll(async () => {
    sink = await startSink();
    env = await setup({ SMTP_URL: sink.url });
    ({ page } = await newPage(env));
    await signIn(page, env.url);
  });
  afterAll(async () => {
    await env?.close();
    await sink?.stop();
  });

  it('mails it to a typed address, customer-visible messages only, and audits it', async () => {
    const { conversationId } = await visitorWrites(env.url, env.inbox.widgetKey, 'Please copy my accountant on this', { name: 'Lena', email: 'lena@example.test' });
    const note = await api(env.url, 'POST', `/api/conversations/${conversationId}/messages`, { token: env.token, body: { body: 'note: pays late', private: true } });
    expect(note.status).toBe(201);

    await page.goto(`${env.url}/c/${conversationId}`);
    await page.getByRole('button', { name: 'Send transcript' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send the transcript by e-mail' });
    const to = dialog.getByLabel('Send to');
    expect(await to.inputValue()).toBe('lena@example.test');
    expect(await axeSerious(page)).toEqual([]);
    await to.fill('books@accountant.test');
    await dialog.getByRole('button', { name: 'Send', exact: true }).click();
    await page.getByText('Transcript sent to books@accountant.test').waitFor();
    await dialog.waitFor({ state: 'detached' });

    const mail = await sink.next((m) => (m.to && 'text' in m.to ? m.to.text : '') === 'books@accountant.test');
    expect(mail.parsed.text).toContain('You:\nPlease copy my accountant on this');
    expect(`${mail.parsed.text}${mail.parsed.html}`).not.toContain('pays late');
    const audit = await api(env.url, 'GET', '/api/audit?action=conversation.transcript_sent', { token: env.token });
    expect(audit.body.items.map((e: { targetId: string; details: unknown; actorEmail: string }) => [e.targetId, e.details, e.actorEmail]))
      .toEqual([[conversationId, { recipient: 'other' }, 'admin@example.com']]);
  });
});

// Several conversations per visitor in a real browser: two threads started from the widget (the second on a
// topic), an agent's reply raising the unread badge on the row not on screen, switching with each thread's own
// history, the SDK's newConversation() and `conversation` event, Persian right to left, and a transcript asked
// for from the widget menu arriving over SMTP with the right messages and without the note.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startSink } from '../email/mail-kit.js';
import { artifact, browserAvailable, embedHtml, hostPage, startHostSite, useWidgetEnv, visitorWrites, w, type TestServer } from './harness.js';

describe.runIf(browserAvailable())('widget: several conversations (browser)', () => {
  let server: TestServer;
  let site: Awaited<ReturnType<typeof startHostSite>>;
  let sink: Awaited<ReturnType<typeof startSink>>;
  beforeAll(async () => { sink = await startSink(); });
  afterAll(async () => sink?.stop());
  const { newPage, settings } = useWidgetEnv((e) => ({ server, site } = e), () => ({ SMTP_URL: sink.url }));

  // Records the SDK's `conversation` events through the documented pre-load stub queue.
  const RECORDER = `<script>window.seen=[];window.Switchboard={q:[['on',['conversation',function(c){window.seen.push(c)}]]]};</script>`;
  const seen = (page: Page) => page.evaluate(() => (window as unknown as { seen: Array<{ id: string }> }).seen.map((c) => c.id));
  const menu = async (page: Page, item: string) => {
    await w(page, 'button[aria-haspopup=menu]').click();
    await w(page, `.sb-menu [role=menuitem]:text-is("${item}")`).click();
  };
  // Waits on a condition, generously: a shared machine may take seconds to boot the messenger after a reload.
  const poll = <T>(fn: () => Promise<T>) => expect.poll(fn, { timeout: 20_000 });
  const thread = async (page: Page) => (await w(page, '.sb-messages .sb-bubble-text').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());

  it('keeps each thread apart, badges the one not on screen, and switches', async () => {
    await settings({ topics: [{ id: 'billing', label: 'Billing' }, { id: 'other', label: 'Something else' }] });
    const page = await newPage();
    await hostPage(page, site, '/threads', embedHtml(server, { head: RECORDER }));
    const first = await visitorWrites(server, page, 'Where is my parcel?');
    await poll(() => seen(page)).toEqual([first.id]);

    // A new conversation from the menu, with the keyboard: the menu opens on its first item, arrows move.
    await w(page, 'button[aria-haspopup=menu]').focus();
    await page.keyboard.press('Enter');
    await poll(() => w(page, '.sb-menu [role=menuitem]:focus').innerText()).toBe('Your conversations');
    await page.keyboard.press('ArrowDown');
    await poll(() => w(page, '.sb-menu [role=menuitem]:focus').innerText()).toBe('New conversation');
    await page.keyboard.press('Enter');
    await w(page, '.sb-threads button:text-is("Billing")').click();
    await poll(async () => (await seen(page)).length).toBe(2);
    const second = (await seen(page))[1];
    expect(second).not.toBe(first.id);
    expect(await thread(page)).toEqual([]);
    await w(page, '#sb-input').fill('My invoice is wrong');
    await w(page, '#sb-input').press('Enter');
    await w(page, '.sb-mine').filter({ hasText: 'My invoice is wrong' }).locator('.sb-ticks.sb-received').waitFor();
    const billing = await server.api('GET', `/api/conversations/${second}`);
    expect([billing.body.contactId, billing.body.subject]).toEqual([first.contactId, 'Billing']);

    // The agent answers the first thread (and leaves a note) while the second is on screen.
    expect((await server.api('POST', `/api/conversations/${first.id}/messages`, { body: 'It ships tomorrow.' })).status).toBe(201);
    expect((await server.api('POST', `/api/conversations/${first.id}/messages`, { body: 'note: courier delay', private: true })).status).toBe(201);
    await menu(page, 'Your conversations');
    const row = (id: string) => w(page, `.sb-thread[data-id="${id}"]`);
    await poll(() => row(first.id).locator('.sb-thread-unread').innerText()).toBe('1');
    expect(await row(second).locator('.sb-thread-unread').count()).toBe(0);
    expect(await row(first.id).locator('.sb-thread-preview').innerText()).toBe('It ships tomorrow.');
    expect(await row(second).locator('.sb-thread-title').innerText()).toBe('Billing');
    await page.screenshot({ path: artifact('widget-conversation-list.png') });

    await row(first.id).click();
    await poll(() => thread(page)).toEqual(['You: Where is my parcel?', 'Admin: It ships tomorrow.']);
    // Read here, read on the server too.
    await poll(async () => {
      const token = await page.evaluate((k) => JSON.parse(localStorage.getItem(`switchboard:${k}:token`) || 'null'), server.widgetKey);
      const list = await fetch(`${server.url}/api/widget/conversations`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json());
      return list.items.map((c: { id: string; unreadCount: number }) => [c.id, c.unreadCount]).sort();
    }).toEqual([[first.id, 0], [second, 0]].sort());
    await menu(page, 'Your conversations');
    await row(second).click();
    await poll(() => thread(page)).toEqual(['You: My invoice is wrong']);
    expect(await seen(page)).toEqual([first.id, second, first.id, second]);

    // A reload comes back to the thread that was on screen.
    await page.reload();
    await w(page, '.sb-bubble').click();
    await poll(() => thread(page)).toEqual(['You: My invoice is wrong']);

    // The host page starts one through the SDK; the event carries the new conversation.
    await page.evaluate(() => (window as unknown as { Switchboard: { newConversation(o?: unknown): void } }).Switchboard.newConversation({ topicId: 'other' }));
    // (The reload started a fresh page, so this is the first event it hears: resuming a thread is not a switch.)
    await poll(async () => (await seen(page)).length).toBe(1);
    const third = (await seen(page))[0];
    expect([first.id, second]).not.toContain(third);
    expect((await server.api('GET', `/api/conversations/${third}`)).body).toMatchObject({ contactId: first.contactId, subject: 'Something else' });
    expect(await thread(page)).toEqual([]);

    // Persian: the list reads right to left in its own words.
    await page.evaluate(() => (window as unknown as { Switchboard: { setLocale(l: string): void } }).Switchboard.setLocale('fa'));
    await w(page, '.sb-app[dir=rtl]').waitFor({ state: 'attached' });
    await menu(page, 'گفتگوهای شما');
    expect(await w(page, '#sb-threads-title').innerText()).toBe('گفتگوهای شما');
    expect(await w(page, '.sb-thread').count()).toBe(3);
  });

  it('follows a merge into the conversation that stays, and an undo back out', async () => {
    const page = await newPage();
    await hostPage(page, site, '/merge', embedHtml(server, { head: RECORDER }));
    // Every message here is the visitor's own, read out with the "You:" label screen readers get.
    const mine = async () => (await thread(page)).map((t) => t.replace(/^You: /, ''));
    const older = await visitorWrites(server, page, 'My card was charged twice');
    await page.evaluate(() => (window as unknown as { Switchboard: { newConversation(): void } }).Switchboard.newConversation());
    await poll(async () => (await seen(page)).length).toBe(2);
    const newer = (await seen(page))[1];
    await w(page, '#sb-input').fill('Also, the refund has not arrived');
    await w(page, '#sb-input').press('Enter');
    await w(page, '.sb-mine').filter({ hasText: 'the refund has not arrived' }).locator('.sb-ticks.sb-received').waitFor();
    expect(await mine()).toEqual(['Also, the refund has not arrived']);

    // The agent merges the thread on screen into the older one: the widget moves there and shows both.
    const merged = await server.api('POST', `/api/conversations/${older.id}/merge`, { conversationId: newer });
    expect(merged.status, JSON.stringify(merged.body)).toBe(201);
    await poll(() => seen(page)).toEqual([older.id, newer, older.id]);
    await poll(() => mine()).toEqual(['My card was charged twice', 'Also, the refund has not arrived']);

    // Undo hands the message back: the thread on screen shows only its own again, the other holds the rest.
    expect((await server.api('POST', `/api/conversations/${older.id}/merges/${merged.body.merge.id}/undo`, {})).status).toBe(200);
    await poll(() => mine()).toEqual(['My card was charged twice']);
    await menu(page, 'Your conversations');
    await w(page, `.sb-thread[data-id="${newer}"]`).click();
    await poll(() => mine()).toEqual(['Also, the refund has not arrived']);
  });

  it('mails the transcript asked for from the widget menu, message by message, without notes', async () => {
    const page = await newPage();
    await hostPage(page, site, '/transcript', embedHtml(server));
    const c = await visitorWrites(server, page, 'Please send me this chat');
    expect((await server.api('POST', `/api/conversations/${c.id}/messages`, { body: 'Of course, here it comes.' })).status).toBe(201);
    expect((await server.api('POST', `/api/conversations/${c.id}/messages`, { body: 'private: regular customer', private: true })).status).toBe(201);
    await w(page, '.sb-theirs').filter({ hasText: 'Of course, here it comes.' }).waitFor();

    await menu(page, 'E-mail me this conversation');
    await w(page, '.sb-card input[type=email]').fill('visitor@example.test');
    await w(page, '.sb-card button[type=submit]').click();
    await w(page, '.sb-card [role=status]:text-is("Sent to visitor@example.test. Check your inbox.")').waitFor();

    const mail = await sink.next((m) => (m.to && 'text' in m.to ? m.to.text : '') === 'visitor@example.test');
    const items = (await server.api('GET', `/api/conversations/${c.id}/messages`)).body.items as Array<{ body: string; private: boolean; createdAt: string; senderType: string }>;
    const visible = items.filter((m) => !m.private);
    const blocks = mail.parsed.text!.trim().split(/\n\n/).slice(1);
    expect(blocks).toEqual(visible.map((m) => `[${m.createdAt.replace('T', ' ').slice(0, 16)} UTC] ${m.senderType === 'contact' ? 'You' : 'Admin'}:\n${m.body}`));
    expect(visible.map((m) => m.body)).toEqual(['Please send me this chat', 'Of course, here it comes.']);
    expect(`${mail.parsed.text}${mail.parsed.html}`).not.toContain('regular customer');
  });
});

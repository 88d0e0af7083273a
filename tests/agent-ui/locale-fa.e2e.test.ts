// Stored system lines are English bodies with a key; in Persian the agent UI shows them in Persian. Real lines
// written by the server (a bot handoff, a merge, an assignment, a customer rating) and contact timeline entries
// (a stage move, a task), read in a real browser, compared with the Persian locale file filled with the line's own
// values; a date field says its date in Persian; an Operations screen names events in Persian.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { api, ARTIFACTS, axeSerious, browserAvailable, newPage, ROOT, setup, signIn, type Env } from './harness.js';

vi.setConfig({ testTimeout: 300_000 });

const locale = (l: string) => JSON.parse(readFileSync(path.join(ROOT, 'agent-ui/src/i18n/locales', `${l}.json`), 'utf8')) as Record<string, string>;
const fa = locale('fa');
const en = locale('en');
const fill = (s: string, vars: Record<string, string | number>) => s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k]));

describe.skipIf(!browserAvailable())('system lines and event names in Persian', () => {
  let env: Env;
  let page: Page;
  let seq = 0;
  let name = '';
  let contactId = '';

  beforeAll(async () => {
    env = await setup();
    ({ page } = await newPage(env));
    await signIn(page, env.url);
    await page.evaluate(() => localStorage.setItem('sb.locale', 'fa'));
    const bot = await api(env.url, 'PATCH', `/api/inboxes/${env.inbox.id}`, { token: env.token, body: { bot: { enabled: true } } });
    expect(bot.body.botEnabled).toBe(true);
    expect((await api(env.url, 'PUT', '/api/csat/settings', { token: env.token, body: { enabled: true } })).body.enabled).toBe(true);
  });
  afterAll(async () => env?.close());

  const say = async (token: string, body: string, conversationId?: string) => {
    const r = await api(env.url, 'POST', '/api/widget/messages', { token, body: { body, clientId: `fa-${Date.now()}-${++seq}`, conversationId } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.conversationId as string;
  };
  const lines = async (id: string) => ((await api(env.url, 'GET', `/api/conversations/${id}/messages?limit=500`, { token: env.token })).body.items as any[])
    .filter((m) => m.direction === 'activity');

  it('shows a bot handoff, a merge, an assignment and a rating line in Persian', async () => {
    name = `Parisa ${Date.now()}`;
    const session = (await api(env.url, 'POST', '/api/widget/sessions', { body: { widgetKey: env.inbox.widgetKey, visitor: { name } } })).body as { visitorToken: string; contactId: string };
    contactId = session.contactId;
    const first = await say(session.visitorToken, 'I would like to talk to a human please');
    await expect.poll(async () => (await lines(first)).some((m) => m.meta?.event === 'bot.handoff'), { timeout: 30_000 }).toBe(true);
    const second = (await api(env.url, 'POST', '/api/widget/conversations', { token: session.visitorToken, body: {} })).body.id as string;
    await say(session.visitorToken, 'a second question', second);
    const merged = await api(env.url, 'POST', `/api/conversations/${first}/merge`, { token: env.token, body: { conversationId: second } });
    expect(merged.status, JSON.stringify(merged.body)).toBe(201);
    const me = (await api(env.url, 'GET', '/api/auth/me', { token: env.token })).body.agent as { id: string; name: string };
    expect((await api(env.url, 'PATCH', `/api/conversations/${first}`, { token: env.token, body: { assigneeId: me.id } })).status).toBe(200);
    await expect.poll(async () => (await lines(first)).some((m) => m.meta?.event === 'conversation.assigned'), { timeout: 30_000 }).toBe(true);
    expect((await api(env.url, 'PATCH', `/api/conversations/${first}`, { token: env.token, body: { status: 'resolved' } })).status).toBe(200);
    const thread = async () => (await api(env.url, 'GET', `/api/conversations/${first}/messages?limit=500`, { token: env.token })).body.items as any[];
    let token = '';
    await expect.poll(async () => (token = (await thread()).find((m) => m.contentType === 'csat')?.content?.token ?? ''), { timeout: 30_000 }).not.toBe('');
    expect((await api(env.url, 'POST', `/api/csat/${token}`, { body: { rating: 5, comment: 'عالی بود' } })).status).toBe(200);
    await expect.poll(async () => (await lines(first)).some((m) => m.meta?.event === 'csat.received'), { timeout: 30_000 }).toBe(true);

    // What the server stored: English bodies with keys and values.
    const stored = await lines(first);
    const byEvent = (e: string) => stored.find((m) => m.meta?.event === e);
    expect(byEvent('bot.handoff').meta.params).toEqual({ reason: 'requested' });
    expect(byEvent('conversation.merged').meta.params).toEqual({ otherConversationId: second });
    expect(byEvent('csat.received').meta.params).toEqual({ rating: 5, comment: 'عالی بود' });
    expect(byEvent('conversation.assigned')).toMatchObject({ body: `Assigned to ${me.name} by ${me.name}`, meta: { event: 'conversation.assigned', params: {
      assigneeId: me.id, assigneeName: me.name, previousAssigneeId: null, previousAssigneeName: null, by: 'agent', byId: me.id, byName: me.name,
    } } });

    const expected = new Map<string, string>([
      [byEvent('bot.handoff').id, fill(fa['systemLine.botHandoff'], { reason: fa['systemLine.handoffReason.requested'] })],
      [byEvent('conversation.merged').id, fill(fa['convMerge.systemFrom'], { ref: `#${second.slice(0, 8)}` })],
      [byEvent('csat.received').id, fill(fa['systemLine.csatReceivedComment'], { rating: 5, comment: 'عالی بود' })],
      [byEvent('conversation.assigned').id, fill(fa['systemLine.by.agent'], { what: fill(fa['systemLine.assign.to'], { to: me.name }), name: me.name })],
    ]);
    for (const [id, text] of expected) expect(text).not.toBe(stored.find((m) => m.id === id).body);

    await page.goto(`${env.url}/c/${first}`);
    await page.locator('ol.thread li[data-message-id]').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    const shown = (id: string) => page.locator(`ol.thread li.msg-activity[data-message-id="${id}"] span`).textContent();
    for (const [id, text] of expected) await expect.poll(() => shown(id)).toBe(text);
    // Tall enough for the handoff, the merge and the rating lines in one picture.
    await page.setViewportSize({ width: 1440, height: 1400 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'thread-fa-system-lines.png') });
    const serious = await axeSerious(page);
    expect(serious.map((v) => `${v.id}: ${v.targets.join(', ')}`)).toEqual([]);
  });

  it('shows a built-in stage move and a task on the contact timeline in Persian, and a date field in Persian', async () => {
    expect(contactId).not.toBe('');
    expect((await api(env.url, 'PATCH', `/api/crm/contacts/${contactId}`, { token: env.token, body: { stage: 'customer' } })).status).toBe(200);
    const title = 'تماس با پریسا';
    const task = await api(env.url, 'POST', '/api/crm/tasks', { token: env.token, body: { contactId, title, dueAt: new Date(Date.now() + 86_400_000).toISOString() } });
    expect(task.status, JSON.stringify(task.body)).toBe(201);
    expect((await api(env.url, 'PATCH', `/api/crm/tasks/${task.body.id}`, { token: env.token, body: { status: 'done' } })).status).toBe(200);
    const entries = (await api(env.url, 'GET', `/api/crm/contacts/${contactId}/timeline`, { token: env.token })).body.items as any[];
    const move = entries.find((e) => e.kind === 'stage' && e.data.to === 'customer');
    expect(move.summary).toContain('Customer');
    expect(move.data).toMatchObject({ key: 'stage.moved', params: { from: move.data.from, to: 'customer', reason: null } });
    const done = entries.find((e) => e.kind === 'task' && e.data.key === 'task.done');
    expect(done).toMatchObject({ summary: `Task done: ${title}`, data: { params: { title } } });
    const texts = [
      fill(fa['crm.timeline.stage'], { from: fa[`crm.stage.${move.data.from}`], to: fa['crm.stage.customer'] }),
      fill(fa['crm.timeline.task.done'], { title }),
    ];
    await page.goto(`${env.url}/crm/contacts`);
    await page.getByRole('button', { name, exact: true }).click();
    const timeline = page.locator('ol.crm-timeline');
    for (const text of texts) await timeline.getByText(text, { exact: true }).waitFor();
    // The task's creation reads in Persian too (its due time in the Persian calendar), not as the stored English.
    await timeline.getByText(fill(fa['crm.timeline.task.created'], { title, due: '' }).split('(')[0].trim(), { exact: false }).first().waitFor();
    expect(await timeline.getByText(`Task: ${title}`).count()).toBe(0);

    // The due-date field says, beside the browser's own control, an example date in Persian words and digits.
    const due = page.getByLabel(fa['crm.contact.due'], { exact: true });
    const hintId = (await due.getAttribute('aria-describedby'))!.split(' ').pop()!;
    const hint = (await page.locator(`[id="${hintId}"]`).textContent()) ?? '';
    expect(hint.startsWith(fill(fa['ui.date.hint'], { date: '' }))).toBe(true);
    expect(hint).toMatch(/[۰-۹]/);
    expect(hint).not.toMatch(/[A-Za-z0-9]/);
    await due.fill('2026-06-01T09:30');
    await expect.poll(async () => page.locator(`[id="${hintId}"]`).textContent()).toMatch(/^[^A-Za-z0-9]*۱۴۰۵[^A-Za-z0-9]*$/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'crm-contact-fa-timeline.png') });
  });

  it('names events in Persian on the webhook screen', async () => {
    await page.goto(`${env.url}/ops/webhooks`);
    const events = ['conversation.created', 'csat.received', 'sla.breached'];
    for (const e of events) {
      expect(fa[`event.${e}`]).not.toBe(en[`event.${e}`]);
      await page.getByRole('checkbox', { name: fa[`event.${e}`], exact: true }).waitFor();
    }
    expect(await page.getByText(en['event.csat.received'], { exact: true }).count()).toBe(0);
  });
});

// Archiving an inbox over the API: the preview says what will happen, archiving resolves its conversations,
// every channel then refuses new messages where the provider sees it (nothing stored), agents cannot reply, and
// restoring takes messages again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmailInbox, sendMail, startMailServer } from '../email/mail-kit.js';
import { ACCOUNT_SID, AUTH_TOKEN, messageSid, postWebhook, PUBLIC_URL } from '../sms/twilio-stand-in.js';
import { api, createAgent, newVisitor, type TestServer } from '../support/server.js';

let server: TestServer;
let admin: string;
let inboundPort: number;

beforeAll(async () => {
  ({ server, token: admin, inboundPort } = await startMailServer({ PUBLIC_URL }));
});
afterAll(async () => { await server?.close(); });

const unique = () => Math.random().toString(36).slice(2, 8);
const text = (inboxId: string, from: string, body: string, sid = messageSid()) =>
  postWebhook(server.url, `/webhooks/twilio/${inboxId}/sms`, { AccountSid: ACCOUNT_SID, MessageSid: sid, SmsSid: sid, From: from, To: '+14155550000', Body: body, NumMedia: '0' });
const conversations = async (inboxId: string) =>
  (await api(server.url, 'GET', `/api/conversations?inboxId=${inboxId}&status=all`, { token: admin })).body.items as any[];

describe('archiving an inbox', () => {
  it('says first, resolves its conversations, refuses SMS, replies and new conversations; restore undoes it', async () => {
    const run = unique();
    // No apiBaseUrl: nothing here is sent out; replies are refused before any delivery.
    const created = await api(server.url, 'POST', '/api/inboxes', { token: admin, body: { name: `SMS ${run}`, channel: 'sms', config: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, fromNumber: '+14155550000' } } });
    expect(created.status).toBe(201);
    const inboxId = created.body.id as string;
    expect((await text(inboxId, '+14155550101', `first ${run}`)).status).toBe(200);
    expect((await text(inboxId, '+14155550102', `second ${run}`)).status).toBe(200);
    const open = await conversations(inboxId);
    expect(open.map((c) => c.status)).toEqual(['open', 'open']);

    const preview = await api(server.url, 'GET', `/api/inboxes/${inboxId}/archive`, { token: admin });
    expect(preview.body).toEqual({ unresolved: 2, archivedAt: null });
    const archived = await api(server.url, 'POST', `/api/inboxes/${inboxId}/archive`, { token: admin });
    expect(archived.status).toBe(200);
    expect(archived.body.resolved).toBe(2);
    expect(archived.body.unresolved).toBe(0);
    expect(Date.parse(archived.body.archivedAt)).toBeGreaterThan(0);
    expect((await conversations(inboxId)).map((c) => c.status)).toEqual(['resolved', 'resolved']);
    const listed = (await api(server.url, 'GET', '/api/inboxes', { token: admin })).body.find((i: any) => i.id === inboxId);
    expect(listed.archivedAt).toBe(archived.body.archivedAt);

    // Twilio hears a 409 for the webhook (it shows in its console) and nothing is stored.
    const refused = await text(inboxId, '+14155550101', `after ${run}`);
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('archived');
    const after = await conversations(inboxId);
    expect(after).toHaveLength(2);
    for (const c of after) {
      const bodies = (await api(server.url, 'GET', `/api/conversations/${c.id}/messages`, { token: admin })).body.items.map((m: any) => m.body);
      expect(bodies).not.toContain(`after ${run}`);
    }
    const reply = await api(server.url, 'POST', `/api/conversations/${open[0].id}/messages`, { token: admin, body: { body: 'Still there?' } });
    expect(reply.status).toBe(409);
    expect(reply.body.error.code).toBe('inbox_archived');
    const started = await api(server.url, 'POST', '/api/conversations', { token: admin, body: { inboxId, address: '+14155550103', body: 'Hello' } });
    expect(started.status).toBe(409);

    // Only admins archive or restore.
    const agent = await createAgent(server, `archive-agent-${run}@example.com`, [inboxId]);
    expect((await api(server.url, 'POST', `/api/inboxes/${inboxId}/restore`, { token: agent.token })).status).toBe(403);

    const restored = await api(server.url, 'POST', `/api/inboxes/${inboxId}/restore`, { token: admin });
    expect(restored.body).toEqual({ unresolved: 0, archivedAt: null });
    expect((await text(inboxId, '+14155550101', `back ${run}`)).status).toBe(200);
    expect((await conversations(inboxId)).filter((c) => c.status === 'open')).toHaveLength(1);
  });

  it('an archived e-mail inbox rejects mail at SMTP, so the sender gets a bounce; an archived web inbox refuses the widget', async () => {
    const run = unique();
    const address = `archive-${run}@shop.test`;
    const email = await createEmailInbox(server, admin, { address });
    expect((await api(server.url, 'POST', `/api/inboxes/${email.id}/archive`, { token: admin })).status).toBe(200);
    await expect(sendMail(inboundPort, { from: 'customer@example.test', to: address, subject: `Order ${run}`, text: 'Where is it?' })).rejects.toThrow(/554|archived/);
    expect(await conversations(email.id)).toHaveLength(0);

    // A visitor already chatting (the inbox is cached by then) is refused as well as a new one.
    const web = await api(server.url, 'POST', '/api/inboxes', { token: admin, body: { name: `Web ${run}`, channel: 'web', config: {} } });
    const before = await newVisitor(server.url, web.body.widgetKey);
    expect((await api(server.url, 'POST', '/api/widget/messages', { token: before.visitorToken, body: { body: 'Hi', clientId: `a-${run}` } })).status).toBe(200);
    expect((await api(server.url, 'POST', `/api/inboxes/${web.body.id}/archive`, { token: admin })).status).toBe(200);
    const visitor = await newVisitor(server.url, web.body.widgetKey);
    for (const token of [before.visitorToken, visitor.visitorToken]) {
      const sent = await api(server.url, 'POST', '/api/widget/messages', { token, body: { body: 'Hello?', clientId: `c-${run}` } });
      expect(sent.status).toBe(409);
      expect(sent.body.error).toMatchObject({ code: 'inbox_archived', message: 'This inbox is archived and accepts no new messages' });
    }
    expect(await conversations(web.body.id)).toHaveLength(1);
  });

  it('sends no satisfaction survey for conversations the archive resolved', async () => {
    const run = unique();
    expect((await api(server.url, 'PUT', '/api/csat/settings', { token: admin, body: { enabled: true } })).status).toBe(200);
    try {
      const web = await api(server.url, 'POST', '/api/inboxes', { token: admin, body: { name: `Survey ${run}`, channel: 'web', config: {} } });
      const visitor = await newVisitor(server.url, web.body.widgetKey);
      const sent = await api(server.url, 'POST', '/api/widget/messages', { token: visitor.visitorToken, body: { body: 'Hi', clientId: `s-${run}` } });
      // The survey does go out when an agent resolves (so the check below can fail) ...
      const other = await newVisitor(server.url, web.body.widgetKey);
      const resolvedByAgent = await api(server.url, 'POST', '/api/widget/messages', { token: other.visitorToken, body: { body: 'Hello', clientId: `o-${run}` } });
      await api(server.url, 'PATCH', `/api/conversations/${resolvedByAgent.body.conversationId}`, { token: admin, body: { status: 'resolved' } });
      const systemLines = async (id: string) => (await api(server.url, 'GET', `/api/conversations/${id}/messages`, { token: admin })).body.items.filter((m: any) => m.senderType === 'system').length;
      await expect.poll(() => systemLines(resolvedByAgent.body.conversationId)).toBeGreaterThan(0);
      // ... and not when the archive resolves.
      expect((await api(server.url, 'POST', `/api/inboxes/${web.body.id}/archive`, { token: admin })).body.resolved).toBe(1);
      await server.app.ctx.bus.drain();
      expect(await systemLines(sent.body.conversationId)).toBe(0);
    } finally {
      await api(server.url, 'PUT', '/api/csat/settings', { token: admin, body: { enabled: false } });
    }
  });

  it('answers 404 for an unknown inbox', async () => {
    expect((await api(server.url, 'POST', '/api/inboxes/00000000-0000-4000-8000-000000000000/archive', { token: admin })).status).toBe(404);
    expect((await api(server.url, 'POST', '/api/inboxes/not-an-id/archive', { token: admin })).status).toBe(404);
  });
});

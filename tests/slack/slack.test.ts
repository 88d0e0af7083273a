import { createHmac } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connectSocket, createAgent, eventually, loginAdmin, newVisitor, nextEvent, startServer, websiteInbox, type TestServer } from '../support/server.js';
import { standIn } from '../messaging/stand-in.js';

// Slack Web API stand-in + events signed exactly as Slack signs them; the customer is a web-chat visitor.
const SIGNING_SECRET = 'slack-signing-secret-1';
const EMAILS: Record<string, string> = { U_ANA: 'ana@example.com', U_STRANGER: 'stranger@example.com' };
let server: TestServer;
let token: string;
let slack: Awaited<ReturnType<typeof standIn>>;
let visitor: { visitorToken: string; contactId: string };
let socket: Socket;
let conversationId: string;
let rootTs: string;
let tsCounter = 100;

beforeAll(async () => {
  slack = await standIn((r) => {
    const method = r.path.replace(/^\/api\//, '');
    if (method === 'auth.test') return { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' };
    if (method === 'chat.postMessage') return { ok: true, channel: r.body.channel, ts: `${tsCounter++}.000100` };
    if (method === 'users.info') return { ok: true, user: { id: r.body.user, profile: { email: EMAILS[r.body.user] } } };
    if (method === 'chat.postEphemeral') return { ok: true, message_ts: '1.1' };
    return { ok: false, error: 'unknown_method' };
  });
  server = await startServer();
  token = await loginAdmin(server.url);
  const website = await websiteInbox(server.url, token);
  await createAgent(server, EMAILS.U_ANA, [website.id]);
  const put = await api(server.url, 'PUT', '/api/integrations/slack', { token, body: { botToken: 'xoxb-test-1', signingSecret: SIGNING_SECRET, channelId: 'C0SUPPORT', slackApiUrl: `${slack.url}/api/`, allowPrivate: true } });
  expect(put.status).toBe(200);
  expect(put.body.signingSecret).not.toBe(SIGNING_SECRET);
  visitor = await newVisitor(server.url, website.widgetKey, { name: 'Vera' });
  socket = await connectSocket(server.url, '/widget', visitor.visitorToken);
});
afterAll(async () => {
  socket?.close();
  await server?.close();
  await slack?.close();
});

const posts = () => slack.requests.filter((r) => r.path === '/api/chat.postMessage').map((r) => r.body);

function slackEvent(eventId: string, event: Record<string, unknown>, opts: { retry?: number; secret?: string } = {}) {
  const raw = JSON.stringify({ type: 'event_callback', team_id: 'T1', api_app_id: 'A1', event_id: eventId, event_time: 1, event: { type: 'message', channel: 'C0SUPPORT', channel_type: 'channel', ...event } });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', opts.secret ?? SIGNING_SECRET).update(`v0:${timestamp}:${raw}`).digest('hex')}`;
  return api(server.url, 'POST', '/webhooks/slack/events', {
    raw, headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp, ...(opts.retry ? { 'x-slack-retry-num': String(opts.retry), 'x-slack-retry-reason': 'http_timeout' } : {}) },
  });
}
const messages = async () => (await api(server.url, 'GET', `/api/conversations/${conversationId}/messages`, { token })).body.items as any[];

describe('Slack for agents', () => {
  it('posts a new conversation as a thread root and mirrors the customer message into it', async () => {
    const sent = await api(server.url, 'POST', '/api/widget/messages', { token: visitor.visitorToken, body: { body: 'Hi, my invoice is wrong', clientId: 'c-1' } });
    conversationId = sent.body.conversationId;
    const root = await eventually(async () => slack.requests.find((r) => r.path === '/api/chat.postMessage' && !r.body.thread_ts && r.body.text.includes(`/conversations/${conversationId}`)), 10_000, 'thread root');
    expect(root.body.channel).toBe('C0SUPPORT');
    expect(root.body.text).toContain('Vera');
    rootTs = (root.answer as { ts: string }).ts;
    const mirrored = await eventually(async () => posts().find((p) => p.thread_ts === rootTs && p.text.includes('Hi, my invoice is wrong')), 10_000, 'mirrored message');
    expect(mirrored.text).toContain('*Vera*');
  });

  it('turns a known agent\'s thread reply into an agent reply on the customer\'s channel, not mirrored back, once', async () => {
    const received = nextEvent(socket, 'message', (m: any) => m.body === 'Sorry Vera, fixing it now');
    const reply = { user: 'U_ANA', text: 'Sorry Vera, fixing it now', ts: '500.000001', thread_ts: rootTs };
    expect((await slackEvent('Ev-reply', reply)).status).toBe(200);
    expect((await slackEvent('Ev-reply', reply, { retry: 1 })).status).toBe(200); // Slack's retry of the same event
    const pushed = await received;
    expect(pushed.senderType).toBe('agent');
    // A later customer message is mirrored after the reply would have been (one queue per conversation).
    await api(server.url, 'POST', '/api/widget/messages', { token: visitor.visitorToken, body: { body: 'Thanks!', clientId: 'c-2' } });
    await eventually(async () => posts().find((p) => p.thread_ts === rootTs && p.text.includes('Thanks!')), 10_000, 'second mirror');
    expect(posts().filter((p) => p.text.includes('fixing it now'))).toHaveLength(0);
    const stored = (await messages()).filter((m) => m.body === 'Sorry Vera, fixing it now');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ direction: 'outgoing', senderType: 'agent', private: false });
  });

  it('stores a note: reply as a private note', async () => {
    expect((await slackEvent('Ev-note', { user: 'U_ANA', text: 'note: refund approved by finance', ts: '501.000001', thread_ts: rootTs })).status).toBe(200);
    const note = await eventually(async () => (await messages()).find((m) => m.body === 'refund approved by finance'), 10_000, 'note');
    expect(note.private).toBe(true);
  });

  it('answers an unknown Slack user with an ephemeral error and sends nothing', async () => {
    expect((await slackEvent('Ev-stranger', { user: 'U_STRANGER', text: 'I am not an agent', ts: '502.000001', thread_ts: rootTs })).status).toBe(200);
    const ephemeral = await eventually(async () => slack.requests.find((r) => r.path === '/api/chat.postEphemeral'), 10_000, 'ephemeral');
    expect(ephemeral.body).toMatchObject({ user: 'U_STRANGER', channel: 'C0SUPPORT' });
    expect((await messages()).some((m) => m.body === 'I am not an agent')).toBe(false);
  });

  it('rejects an event with a bad signature', async () => {
    const res = await slackEvent('Ev-forged', { user: 'U_ANA', text: 'forged', ts: '503.000001', thread_ts: rootTs }, { secret: 'not-the-secret' });
    expect([401, 403]).toContain(res.status);
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connectSocket, eventually, loginAdmin, nextEvent, startServer, websiteInbox, type TestServer } from '../support/server.js';
import { rawRows, visitorWrites } from '../automation/helpers.js';

/** One server on the embedded database: a snooze's end as agents, webhooks and the thread see it. */
describe('a snoozed conversation reopens at its time', () => {
  let server: TestServer;
  let admin: string;
  let inbox: { id: string; widgetKey: string };
  let socket: Socket;
  let receiver: Server;
  let receiverUrl = '';
  const hooks: any[] = [];

  beforeAll(async () => {
    server = await startServer();
    admin = await loginAdmin(server.url);
    inbox = await websiteInbox(server.url, admin);
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => { hooks.push(JSON.parse(body)); res.writeHead(200).end('ok'); });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    socket = await connectSocket(server.url, '/agent', admin);
  });
  afterAll(async () => {
    socket?.close();
    await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
    await server?.close();
  });

  const snooze = (id: string, until: string) => api(server.url, 'PATCH', `/api/conversations/${id}`, { token: admin, body: { status: 'snoozed', snoozedUntil: until } });
  const activityLines = async (id: string) => ((await api(server.url, 'GET', `/api/conversations/${id}/messages`, { token: admin })).body.items as any[])
    .filter((m) => m.direction === 'activity').map((m) => m.body);

  it('refuses a snooze without a valid time', async () => {
    const { conversationId } = await visitorWrites(server, inbox.widgetKey, 'No time given');
    const missing = await api(server.url, 'PATCH', `/api/conversations/${conversationId}`, { token: admin, body: { status: 'snoozed' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/snoozedUntil/);
    expect((await snooze(conversationId, 'tomorrow')).status).toBe(400);
  });

  it('reopens once with an activity line, pushed live and to webhooks; a reopened or resolved one is left alone', { timeout: 60_000 }, async () => {
    const sub = await api(server.url, 'POST', '/api/webhooks', { token: admin, body: { url: receiverUrl, events: ['conversation.updated'], allowPrivate: true } });
    expect(sub.status).toBe(201);
    const [woken, reopened, resolved] = await Promise.all(['Wake me', 'Reopen me', 'Resolve me'].map(async (b) => (await visitorWrites(server, inbox.widgetKey, b)).conversationId));
    const until = new Date(Date.now() + 4_000).toISOString();
    for (const id of [woken, reopened, resolved]) expect((await snooze(id, until)).status).toBe(200);
    expect((await api(server.url, 'PATCH', `/api/conversations/${reopened}`, { token: admin, body: { status: 'open' } })).status).toBe(200);
    expect((await api(server.url, 'PATCH', `/api/conversations/${resolved}`, { token: admin, body: { status: 'resolved' } })).status).toBe(200);
    const live = nextEvent(socket, 'conversation.updated', (p: any) => p.conversation.id === woken && p.conversation.status === 'open', 30_000);

    const pushed = await live;
    expect(pushed.changed).toEqual(expect.arrayContaining(['status', 'snoozedUntil']));
    const hook = await eventually(async () => hooks.find((h) => h.data?.conversation?.id === woken && h.data.conversation.status === 'open'), 20_000, 'webhook of the wake-up');
    expect(hook.data.changed).toContain('status');
    const view = await api(server.url, 'GET', `/api/conversations/${woken}`, { token: admin });
    expect([view.body.status, view.body.snoozedUntil]).toEqual(['open', null]);
    // Every wake-up job of that time has run before the others are looked at.
    await eventually(async () => (await rawRows(server, "select count(*)::int as n from pgboss.job where name = 'snooze-wake' and state in ('created', 'retry', 'active') and data->>'until' = $1", [until]))[0].n === 0, 20_000, 'no wake-up job left');
    expect(await activityLines(woken)).toEqual(['Snooze ended']);
    const wokenLine = ((await api(server.url, 'GET', `/api/conversations/${woken}/messages`, { token: admin })).body.items as any[]).find((m) => m.direction === 'activity');
    expect(wokenLine.meta).toMatchObject({ event: 'conversation.snooze_ended', params: { snoozedUntil: until } });
    expect(await activityLines(reopened)).toEqual([]);
    expect(await activityLines(resolved)).toEqual([]);
    const states = await rawRows(server, 'select id, status from conversations where id = any($1)', [[woken, reopened, resolved]]);
    expect(Object.fromEntries(states.map((r: any) => [r.id, r.status]))).toEqual({ [woken]: 'open', [reopened]: 'open', [resolved]: 'resolved' });
    // One status change of the woken conversation reached the receiver, not one per job attempt or node.
    expect(hooks.filter((h) => h.data?.conversation?.id === woken && h.data.changed.includes('status') && h.data.conversation.status === 'open')).toHaveLength(1);
  });
});

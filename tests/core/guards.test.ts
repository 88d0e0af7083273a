import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { api, connectSocket, createAgent, loginAdmin, newVisitor, nextEvent, startServer, websiteInbox, type TestServer } from '../support/server.js';

const count = async (s: TestServer, table: string) =>
  Number(((await s.app.ctx.db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as any).rows[0].n);

describe('bad input gets a clear 4xx and stores nothing', () => {
  let s: TestServer;
  let token: string;
  let visitorToken: string;
  let conversationId: string;

  beforeAll(async () => {
    s = await startServer();
    token = await loginAdmin(s.url);
    const inbox = await websiteInbox(s.url, token);
    visitorToken = (await newVisitor(s.url, inbox.widgetKey)).visitorToken;
    conversationId = (await api(s.url, 'POST', '/api/widget/messages', { token: visitorToken, body: { body: 'seed', clientId: 'seed' } })).body.conversationId;
  });
  afterAll(() => s?.close());

  it('malformed JSON → 400 malformed_json', async () => {
    const before = await count(s, 'messages');
    const r = await api(s.url, 'POST', '/api/widget/messages', { token: visitorToken, raw: '{"body": "x", ' });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'malformed_json', message: expect.any(String) });
    expect(await count(s, 'messages')).toBe(before);
  });

  it('wrong types → 400 naming the fields', async () => {
    const before = await count(s, 'messages');
    const r = await api(s.url, 'POST', '/api/widget/messages', { token: visitorToken, body: { body: 42, clientId: ['x'] } });
    expect(r.status).toBe(400);
    expect(Object.keys(r.body.error.fields).sort()).toEqual(['body', 'clientId']);
    const empty = await api(s.url, 'POST', `/api/conversations/${conversationId}/messages`, { token, body: { body: '   ' } });
    expect(empty.status).toBe(400);
    expect(await count(s, 'messages')).toBe(before);
  });

  it('oversized body → 413', async () => {
    const before = await count(s, 'messages');
    const r = await api(s.url, 'POST', '/api/widget/messages', { token: visitorToken, body: { body: 'x'.repeat(2 * 1024 * 1024), clientId: 'big' } });
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('too_large');
    expect(await count(s, 'messages')).toBe(before);
  });

  it('unknown ids → 404; invalid ids → 404 or 400, never 500', async () => {
    for (const p of ['/api/conversations/00000000-0000-4000-8000-000000000000', '/api/conversations/not-a-uuid', '/api/contacts/00000000-0000-4000-8000-000000000000', '/api/inboxes/whatever']) {
      const r = await api(s.url, 'GET', p, { token });
      expect(r.status, p).toBe(404);
      expect(r.body.error.message).toBeTruthy();
    }
    const r = await api(s.url, 'GET', '/api/conversations?cursor=garbage', { token });
    expect(r.status).toBe(400);
    const unknownRoute = await api(s.url, 'GET', '/api/nothing-here', { token });
    expect(unknownRoute.status).toBe(404);
  });

  it('no token → 401; bad visitor token → 401; agent token is not a visitor token', async () => {
    expect((await api(s.url, 'GET', '/api/conversations')).status).toBe(401);
    expect((await api(s.url, 'GET', '/api/widget/messages', { token: 'v1.x.y.z' })).status).toBe(401);
    expect((await api(s.url, 'GET', '/api/widget/messages', { token })).status).toBe(401);
    expect((await api(s.url, 'GET', '/api/conversations', { token: visitorToken })).status).toBe(401);
  });

  it('a non-admin cannot create inboxes (403)', async () => {
    const inbox = await websiteInbox(s.url, token);
    const agent = await createAgent(s, 'ana@example.com', [inbox.id]);
    const r = await api(s.url, 'POST', '/api/inboxes', { token: agent.token, body: { name: 'x', channel: 'web', config: {} } });
    expect(r.status).toBe(403);
  });
});

describe('authorisation: REST and sockets alike', () => {
  let s: TestServer;
  let admin: string;
  let website: { id: string; widgetKey: string };
  let other: { id: string; widgetKey: string };

  beforeAll(async () => {
    s = await startServer();
    admin = await loginAdmin(s.url);
    website = await websiteInbox(s.url, admin);
    const created = await api(s.url, 'POST', '/api/inboxes', { token: admin, body: { name: 'Other brand', channel: 'web', config: {} } });
    other = { id: created.body.id, widgetKey: created.body.widgetKey };
  });
  afterAll(() => s?.close());

  it('an agent outside an inbox gets 404 on REST and nothing on sockets', async () => {
    const outsider = await createAgent(s, 'outsider@example.com', [website.id]);
    const socket = await connectSocket(s.url, '/agent', outsider.token);
    const received: string[] = [];
    socket.onAny((event, payload) => received.push(`${event}:${payload?.conversation?.inboxId ?? payload?.message?.inboxId}`));
    const v = await newVisitor(s.url, other.widgetKey);
    const sent = await api(s.url, 'POST', '/api/widget/messages', { token: v.visitorToken, body: { body: 'secret brand message', clientId: '1' } });
    const id = sent.body.conversationId;

    // A conversation in the agent's own inbox arrives, which proves the socket works while the other stays silent.
    const own = await newVisitor(s.url, website.widgetKey);
    const ownArrived = nextEvent(socket, 'message.created', (p: any) => p.message.body === 'own inbox');
    await api(s.url, 'POST', '/api/widget/messages', { token: own.visitorToken, body: { body: 'own inbox', clientId: '1' } });
    await ownArrived;
    expect(received.some((r) => r.includes(other.id))).toBe(false);

    for (const [method, p] of [['GET', `/api/conversations/${id}`], ['GET', `/api/conversations/${id}/messages`], ['PATCH', `/api/conversations/${id}`], ['POST', `/api/conversations/${id}/messages`], ['GET', `/api/contacts/${v.contactId}`]] as const) {
      const r = await api(s.url, method, p, { token: outsider.token, body: method === 'GET' ? undefined : method === 'PATCH' ? { status: 'resolved' } : { body: 'hijack' } });
      expect(r.status, `${method} ${p}`).toBe(404);
    }
    const list = await api(s.url, 'GET', '/api/conversations?status=all', { token: outsider.token });
    expect(list.body.items.map((c: any) => c.inboxId)).not.toContain(other.id);
    const joined = await socket.emitWithAck('conversation.join', id);
    expect(joined.error.code).toBe('not_found');
    socket.close();
  });

  it('a visitor token cannot read or write another visitor\'s conversation', async () => {
    const alice = await newVisitor(s.url, website.widgetKey);
    const bob = await newVisitor(s.url, website.widgetKey);
    const a = await api(s.url, 'POST', '/api/widget/messages', { token: alice.visitorToken, body: { body: 'alice private', clientId: '1' } });
    const read = await api(s.url, 'GET', `/api/widget/messages?conversationId=${a.body.conversationId}`, { token: bob.visitorToken });
    expect(read.status).toBe(404);
    const write = await api(s.url, 'POST', '/api/widget/messages', { token: bob.visitorToken, body: { body: 'bob intrudes', clientId: '1', conversationId: a.body.conversationId } });
    expect(write.body.conversationId).not.toBe(a.body.conversationId);
    const aliceView = await api(s.url, 'GET', '/api/widget/messages', { token: alice.visitorToken });
    expect(aliceView.body.items.map((m: any) => m.body)).toEqual(['alice private']);

    // Bob's socket hears nothing of Alice's conversation.
    const bobSocket = await connectSocket(s.url, '/widget', bob.visitorToken);
    const heard: string[] = [];
    bobSocket.on('message', (m: any) => heard.push(m.body));
    await api(s.url, 'POST', `/api/conversations/${a.body.conversationId}/messages`, { token: admin, body: { body: 'to alice only' } });
    const bobOwn = nextEvent(bobSocket, 'message', (m: any) => m.body === 'bob own');
    await api(s.url, 'POST', '/api/widget/messages', { token: bob.visitorToken, body: { body: 'bob own', clientId: '2' } });
    await bobOwn;
    expect(heard).not.toContain('to alice only');
    bobSocket.close();
  });

  it('a widget restricted to an origin refuses other origins', async () => {
    const created = await api(s.url, 'POST', '/api/inboxes', { token: admin, body: { name: 'Locked', channel: 'web', config: { allowedOrigins: ['https://shop.example'] } } });
    const refused = await api(s.url, 'POST', '/api/widget/sessions', { body: { widgetKey: created.body.widgetKey }, headers: { origin: 'https://evil.example' } });
    expect(refused.status).toBe(403);
    const allowed = await api(s.url, 'POST', '/api/widget/sessions', { body: { widgetKey: created.body.widgetKey }, headers: { origin: 'https://shop.example' } });
    expect(allowed.status).toBe(200);
  });

  it('socket connections without a valid token are refused', async () => {
    await expect(connectSocket(s.url, '/agent', 'sb_invalid')).rejects.toThrow(/unauthorized/);
    await expect(connectSocket(s.url, '/widget', 'v1.a.b.c')).rejects.toThrow(/unauthorized/);
  });
});

describe('inboxes that require verified visitors', () => {
  let s: TestServer;
  beforeAll(async () => { s = await startServer(); });
  afterAll(() => s?.close());

  it('refuses messages from unverified visitors on REST and socket alike', async () => {
    const token = await loginAdmin(s.url);
    const inbox = await websiteInbox(s.url, token);
    const patched = await api(s.url, 'PATCH', `/api/inboxes/${inbox.id}`, { token, body: { config: { widget: { identity: { requireVerified: true } } } } });
    expect(patched.status).toBe(200);
    const v = await newVisitor(s.url, inbox.widgetKey);
    const rest = await api(s.url, 'POST', '/api/widget/messages', { token: v.visitorToken, body: { body: 'anonymous hello', clientId: '1' } });
    expect(rest.status).toBe(403);
    expect(rest.body.error.code).toBe('identity_required');
    const socket = await connectSocket(s.url, '/widget', v.visitorToken);
    const ack = await socket.emitWithAck('message.send', { body: 'anonymous hello', clientId: '2' });
    expect(ack.error.code).toBe('identity_required');
    socket.close();
    const stored = await api(s.url, 'GET', '/api/conversations?status=all', { token });
    expect(stored.body.items).toEqual([]);
  });
});

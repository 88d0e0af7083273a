import { describe, expect, it } from 'vitest';
import { ADMIN, api, newVisitor, type ServerFixture, type TestServer, useServer } from '../support/server.js';

// The fixed public contract, answered exactly as ARCHITECTURE.md specifies.
describe('public contract', () => {
  let s: TestServer;
  let token: string;
  let inbox: ServerFixture['inbox'];
  useServer((f) => ({ s, token, inbox } = f));

  it('health and readiness', async () => {
    expect((await api(s.url, 'GET', '/healthz')).body).toEqual({ ok: true });
    const ready = await api(s.url, 'GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.database).toBe('pglite');
  });

  it('login returns a token and the agent; wrong password is 401 with a message', async () => {
    const ok = await api(s.url, 'POST', '/api/auth/login', { body: ADMIN });
    expect(ok.status).toBe(200);
    expect(ok.body.agent).toMatchObject({ email: ADMIN.email, role: 'admin' });
    expect(Object.keys(ok.body.agent).sort()).toEqual(expect.arrayContaining(['id', 'name', 'email', 'role']));
    expect(ok.headers.get('set-cookie')).toMatch(/sb_token=.*HttpOnly/i);
    const bad = await api(s.url, 'POST', '/api/auth/login', { body: { ...ADMIN, password: 'nope-nope' } });
    expect(bad.status).toBe(401);
    expect(bad.body.error.message).toBeTruthy();
  });

  it('first start created the "Website" web inbox with a widget key', async () => {
    const r = await api(s.url, 'GET', '/api/inboxes', { token });
    expect(r.body).toEqual([expect.objectContaining({ name: 'Website', channel: 'web', widgetKey: expect.any(String) })]);
  });

  it('widget session, message dedup by clientId, visitor history', async () => {
    const v = await newVisitor(s.url, inbox.widgetKey, { name: 'Somchai' });
    expect(v.visitorToken.length).toBeGreaterThan(40);
    const first = await api(s.url, 'POST', '/api/widget/messages', { token: v.visitorToken, body: { body: 'Hello there', clientId: 'abc-1' } });
    const again = await api(s.url, 'POST', '/api/widget/messages', { token: v.visitorToken, body: { body: 'Hello there', clientId: 'abc-1' } });
    expect(first.status).toBe(200);
    expect(again.body.message.id).toBe(first.body.message.id);
    expect(first.body.message).toMatchObject({ direction: 'incoming', senderType: 'contact', body: 'Hello there', private: false });
    const history = await api(s.url, 'GET', '/api/widget/messages', { token: v.visitorToken });
    expect(history.body.items.map((m: any) => m.body)).toEqual(['Hello there']);

    const convId = first.body.conversationId;
    const conv = await api(s.url, 'GET', `/api/conversations/${convId}`, { token });
    expect(conv.body).toMatchObject({ id: convId, inboxId: inbox.id, contactId: v.contactId, status: 'open', assigneeId: null, priority: 'none', labels: [] });
    expect(conv.body.lastMessageAt).toBeTruthy();
  });

  it('agent lists, replies, notes privately, patches; the visitor never sees the note', async () => {
    const v = await newVisitor(s.url, inbox.widgetKey);
    const sent = await api(s.url, 'POST', '/api/widget/messages', { token: v.visitorToken, body: { body: 'Where is my order?', clientId: 'q1' } });
    const id = sent.body.conversationId;
    const list = await api(s.url, 'GET', `/api/conversations?status=open&inboxId=${inbox.id}`, { token });
    expect(list.body.items.map((c: any) => c.id)).toContain(id);
    expect(list.body).toHaveProperty('nextCursor');

    const reply = await api(s.url, 'POST', `/api/conversations/${id}/messages`, { token, body: { body: 'It ships today.' } });
    expect(reply.status).toBe(201);
    expect(reply.body.message).toMatchObject({ direction: 'outgoing', senderType: 'agent', private: false });
    const note = await api(s.url, 'POST', `/api/conversations/${id}/messages`, { token, body: { body: 'VIP customer', private: true } });
    expect(note.body.message.private).toBe(true);

    const agentView = await api(s.url, 'GET', `/api/conversations/${id}/messages`, { token });
    expect(agentView.body.items.map((m: any) => m.body)).toEqual(['Where is my order?', 'It ships today.', 'VIP customer']);
    const visitorView = await api(s.url, 'GET', '/api/widget/messages', { token: v.visitorToken });
    expect(visitorView.body.items.map((m: any) => m.body)).toEqual(['Where is my order?', 'It ships today.']);

    const me = (await api(s.url, 'GET', '/api/auth/me', { token })).body.agent;
    const patched = await api(s.url, 'PATCH', `/api/conversations/${id}`, { token, body: { status: 'pending', assigneeId: me.id, priority: 'high', labels: ['Billing', 'vip'] } });
    expect(patched.body).toMatchObject({ status: 'pending', assigneeId: me.id, priority: 'high', labels: ['billing', 'vip'] });
    const mine = await api(s.url, 'GET', '/api/conversations?status=pending&assigneeId=me', { token });
    expect(mine.body.items.map((c: any) => c.id)).toEqual([id]);
  });

  it('contact with identities and conversations', async () => {
    const v = await newVisitor(s.url, inbox.widgetKey, { name: 'Mina', email: 'mina@example.org' });
    const sent = await api(s.url, 'POST', '/api/widget/messages', { token: v.visitorToken, body: { body: 'hi', clientId: 'c1' } });
    const c = await api(s.url, 'GET', `/api/contacts/${v.contactId}`, { token });
    expect(c.body).toMatchObject({ id: v.contactId, name: 'Mina', email: 'mina@example.org', phone: null });
    expect(c.body.identities).toEqual([expect.objectContaining({ channel: 'web', address: expect.any(String) })]);
    expect(c.body.conversations.map((x: any) => x.id)).toEqual([sent.body.conversationId]);
  });

  it('admin creates an inbox; config is validated with field errors', async () => {
    const ok = await api(s.url, 'POST', '/api/inboxes', { token, body: { name: 'Shop', channel: 'web', config: { allowedOrigins: ['https://shop.example'] } } });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ name: 'Shop', channel: 'web' });
    const bad = await api(s.url, 'POST', '/api/inboxes', { token, body: { name: 'Shop', channel: 'web', config: { allowedOrigins: ['not a url'] } } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)[0]).toMatch(/^config\.allowedOrigins/);
    const unknown = await api(s.url, 'POST', '/api/inboxes', { token, body: { name: 'X', channel: 'pigeon', config: {} } });
    expect(unknown.status).toBe(400);
  });

  it('cursor pagination walks every conversation exactly once', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 7; i++) {
      const v = await newVisitor(s.url, inbox.widgetKey);
      ids.add((await api(s.url, 'POST', '/api/widget/messages', { token: v.visitorToken, body: { body: `page test ${i}`, clientId: 'p' } })).body.conversationId);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r: any = await api(s.url, 'GET', `/api/conversations?status=all&limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token });
      seen.push(...r.body.items.map((c: any) => c.id));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of ids) expect(seen).toContain(id);
  });
});

// The server pieces the inbox adds (routes and listeners named inbox-*), against the real app in-process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connectSocket, createAgent, loginAdmin, newVisitor, nextEvent, startServer, websiteInbox, type TestServer } from '../support/server.js';

async function visitorConversation(url: string, widgetKey: string, body: string, name: string) {
  const s = await newVisitor(url, widgetKey, { name });
  const r = await api(url, 'POST', '/api/widget/messages', { token: s.visitorToken, body: { body, clientId: `k-${Math.random()}` } });
  return { ...s, conversationId: r.body.conversationId as string };
}

describe('inbox API additions', () => {
  let server: TestServer;
  let url: string;
  let admin: string;
  let web: { id: string; widgetKey: string };
  let other: { id: string; widgetKey: string };
  let agent: { id: string; token: string };

  beforeAll(async () => {
    server = await startServer();
    url = server.url;
    admin = await loginAdmin(url);
    web = await websiteInbox(url, admin);
    other = (await api(url, 'POST', '/api/inboxes', { token: admin, body: { name: 'Other', channel: 'web', config: {} } })).body;
    agent = await createAgent(server, 'ana@example.com', [web.id]);
  });
  afterAll(async () => server?.close());

  it('labels: agents read, only admins write, names are unique, a rename follows into conversations', async () => {
    expect((await api(url, 'POST', '/api/labels', { token: agent.token, body: { name: 'vip' } })).status).toBe(403);
    const label = (await api(url, 'POST', '/api/labels', { token: admin, body: { name: 'VIP', color: '#be123c' } })).body;
    expect(label.name).toBe('vip');
    expect((await api(url, 'POST', '/api/labels', { token: admin, body: { name: 'vip' } })).status).toBe(409);
    expect((await api(url, 'POST', '/api/labels', { token: admin, body: { name: 'has space' } })).body.error.fields.name).toBeTruthy();
    const c = await visitorConversation(url, web.widgetKey, 'label me', 'Lou');
    await api(url, 'PATCH', `/api/conversations/${c.conversationId}`, { token: admin, body: { labels: ['vip'] } });
    await api(url, 'PATCH', `/api/labels/${label.id}`, { token: admin, body: { name: 'gold' } });
    expect((await api(url, 'GET', `/api/conversations/${c.conversationId}`, { token: agent.token })).body.labels).toEqual(['gold']);
    expect((await api(url, 'GET', '/api/labels', { token: agent.token })).body.map((l: { name: string }) => l.name)).toEqual(['gold']);
  });

  it('canned responses and teams: CRUD with validation', async () => {
    const canned = await api(url, 'POST', '/api/canned-responses', { token: admin, body: { shortCode: 'ship', content: 'It ships today.' } });
    expect(canned.status).toBe(201);
    expect((await api(url, 'POST', '/api/canned-responses', { token: admin, body: { shortCode: 'SHIP', content: 'dup' } })).status).toBe(409);
    expect((await api(url, 'GET', '/api/canned-responses', { token: agent.token })).body).toHaveLength(1);
    const team = await api(url, 'POST', '/api/teams', { token: admin, body: { name: 'Billing', memberIds: [agent.id] } });
    expect(team.body.memberIds).toEqual([agent.id]);
    expect((await api(url, 'DELETE', `/api/teams/${team.body.id}`, { token: agent.token })).status).toBe(403);
    expect((await api(url, 'DELETE', `/api/teams/${team.body.id}`, { token: admin })).status).toBe(204);
    expect((await api(url, 'DELETE', `/api/teams/${team.body.id}`, { token: admin })).status).toBe(404);
  });

  it('invitations: link, set password once, memberships applied, sign-in works', async () => {
    const inv = await api(url, 'POST', '/api/invites', { token: admin, body: { email: 'New.Agent@example.com', role: 'agent', inboxIds: [other.id] } });
    expect(inv.status).toBe(201);
    const token = new URL(inv.body.url).pathname.split('/').pop()!;
    expect((await api(url, 'GET', `/api/invites/accept/${token}`)).body.email).toBe('new.agent@example.com');
    expect((await api(url, 'POST', `/api/invites/accept/${token}`, { body: { name: 'New', password: 'short' } })).status).toBe(400);
    const accepted = await api(url, 'POST', `/api/invites/accept/${token}`, { body: { name: 'New Agent', password: 'long-enough-1' } });
    expect(accepted.status).toBe(201);
    expect((await api(url, 'POST', `/api/invites/accept/${token}`, { body: { name: 'Again', password: 'long-enough-1' } })).status).toBe(404);
    const login = await api(url, 'POST', '/api/auth/login', { body: { email: 'new.agent@example.com', password: 'long-enough-1' } });
    expect(login.status).toBe(200);
    const inboxes = (await api(url, 'GET', '/api/inboxes', { token: login.body.token })).body.map((i: { id: string }) => i.id);
    expect(inboxes).toEqual([other.id]);
    expect((await api(url, 'POST', '/api/invites', { token: admin, body: { email: 'ana@example.com' } })).status).toBe(409);
  });

  it('contact merge: moves conversations and identities; 404 across inboxes; 400 on self', async () => {
    const a = await visitorConversation(url, web.widgetKey, 'first', 'Merge A');
    const b = await visitorConversation(url, web.widgetKey, 'second', 'Merge B');
    const hidden = await visitorConversation(url, other.widgetKey, 'elsewhere', 'Hidden');
    expect((await api(url, 'POST', `/api/contacts/${a.contactId}/merge`, { token: agent.token, body: { otherContactId: hidden.contactId } })).status).toBe(404);
    expect((await api(url, 'POST', `/api/contacts/${a.contactId}/merge`, { token: agent.token, body: { otherContactId: a.contactId } })).status).toBe(400);
    const merged = await api(url, 'POST', `/api/contacts/${a.contactId}/merge`, { token: agent.token, body: { otherContactId: b.contactId } });
    expect(merged.status).toBe(200);
    expect(merged.body.conversations.map((c: { id: string }) => c.id).sort()).toEqual([a.conversationId, b.conversationId].sort());
    expect(merged.body.identities).toHaveLength(2);
    expect((await api(url, 'GET', `/api/conversations/${b.conversationId}`, { token: agent.token })).body.contactId).toBe(a.contactId);
  });

  it('bulk actions touch only conversations the agent may see; counts follow', async () => {
    const mine = await visitorConversation(url, web.widgetKey, 'bulk one', 'Bulk One');
    const theirs = await visitorConversation(url, other.widgetKey, 'bulk hidden', 'Bulk Hidden');
    const before = (await api(url, 'GET', '/api/views/counts', { token: agent.token })).body;
    const r = await api(url, 'POST', '/api/conversations/bulk', { token: agent.token, body: { ids: [mine.conversationId, theirs.conversationId], assigneeId: agent.id, addLabels: ['gold'] } });
    expect(r.body.updated).toBe(1);
    expect((await api(url, 'GET', `/api/conversations/${theirs.conversationId}`, { token: admin })).body.assigneeId).toBeNull();
    const after = (await api(url, 'GET', '/api/views/counts', { token: agent.token })).body;
    expect(after.views.mine.open).toBe(before.views.mine.open + 1);
    expect(after.labels.gold.open).toBeGreaterThanOrEqual(1);
    expect(after.inboxes[other.id]).toBeUndefined();
    await api(url, 'POST', '/api/conversations/bulk', { token: agent.token, body: { ids: [mine.conversationId], status: 'resolved' } });
    expect((await api(url, 'GET', `/api/conversations/${mine.conversationId}`, { token: agent.token })).body.status).toBe('resolved');
  });

  it('@mentions in a private note notify the mentioned member, live and in the list; non-members get nothing', async () => {
    const outsider = await createAgent(server, 'outsider@example.com', [other.id]);
    const c = await visitorConversation(url, web.widgetKey, 'mention me', 'Mo');
    const socket = await connectSocket(url, '/agent', agent.token);
    try {
      const live = nextEvent(socket, 'notification.created');
      await api(url, 'POST', `/api/conversations/${c.conversationId}/messages`, { token: admin, body: { body: 'Ana, can you take this?', private: true, meta: { mentions: [agent.id, outsider.id] } } });
      const n = (await live).notification;
      expect(n.conversationId).toBe(c.conversationId);
      expect(n.authorName).toBe('Admin');
    } finally {
      socket.close();
    }
    const list = (await api(url, 'GET', '/api/notifications', { token: agent.token })).body;
    expect(list.unread).toBe(1);
    expect((await api(url, 'GET', '/api/notifications', { token: outsider.token })).body.items).toHaveLength(0);
    await api(url, 'POST', '/api/notifications/read', { token: agent.token, body: {} });
    expect((await api(url, 'GET', '/api/notifications', { token: agent.token })).body.unread).toBe(0);
  });

  it('presence: agents see who else views or types; an invisible conversation cannot be watched', async () => {
    const c = await visitorConversation(url, web.widgetKey, 'presence', 'Pia');
    const hidden = await visitorConversation(url, other.widgetKey, 'no peeking', 'Nope');
    const a = await connectSocket(url, '/agent', admin);
    const b = await connectSocket(url, '/agent', agent.token);
    try {
      a.emit('presence.view', { conversationId: c.conversationId });
      await nextEvent(a, 'presence.state', (p: { agents: unknown[] }) => p.agents.length === 1);
      const both = nextEvent(a, 'presence.state', (p: { agents: { name: string }[] }) => p.agents.length === 2);
      b.emit('presence.view', { conversationId: c.conversationId });
      expect((await both).agents.map((x) => x.name).sort()).toEqual(['Admin', 'ana']);
      const typing = nextEvent(a, 'presence.state', (p: { agents: { name: string; typing: boolean }[] }) => p.agents.some((x) => x.typing));
      // The one typing event: the ack says it was taken, the colleague sees it in the collision line.
      expect(await b.emitWithAck('typing', { conversationId: c.conversationId, on: true })).toEqual({ ok: true });
      expect(Object.fromEntries((await typing).agents.map((x: { name: string; typing: boolean }) => [x.name, x.typing]))).toEqual({ Admin: false, ana: true });
      const gone = nextEvent(a, 'presence.state', (p: { agents: unknown[] }) => p.agents.length === 1);
      b.emit('presence.view', { conversationId: hidden.conversationId });
      await gone;
      let leaked = false;
      b.on('presence.state', (p: { conversationId: string }) => { if (p.conversationId === hidden.conversationId) leaked = true; });
      await new Promise((r) => setTimeout(r, 300));
      expect(leaked).toBe(false);
    } finally {
      a.close();
      b.close();
    }
  });

  it('replies with attachments through the upload route', async () => {
    const c = await visitorConversation(url, web.widgetKey, 'send me the invoice', 'Ivy');
    const form = new FormData();
    form.set('body', 'Here it is');
    form.append('attachments', new Blob(['%PDF-1.4 test'], { type: 'application/pdf' }), 'invoice.pdf');
    const res = await fetch(`${url}/api/conversations/${c.conversationId}/messages/upload`, { method: 'POST', headers: { authorization: `Bearer ${agent.token}` }, body: form });
    expect(res.status).toBe(201);
    const { message } = await res.json();
    expect(message.attachments[0]).toMatchObject({ name: 'invoice.pdf', contentType: 'application/pdf' });
    const file = await fetch(url + message.attachments[0].url);
    expect(await file.text()).toBe('%PDF-1.4 test');
    const bad = new FormData();
    bad.append('attachments', new Blob(['<script>'], { type: 'text/html' }), 'x.html');
    expect((await fetch(`${url}/api/conversations/${c.conversationId}/messages/upload`, { method: 'POST', headers: { authorization: `Bearer ${agent.token}` }, body: bad })).status).toBe(400);
  });
});

// CRM reads follow the inbox rule: an agent sees tasks, segment matches and campaign recipients only
// through the inboxes they are a member of; segments belong to whoever made them, admins aside.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createAgent, loginAdmin, newVisitor, startServer, websiteInbox, type TestServer } from '../support/server.js';

describe('CRM reads scoped to the agent\'s inboxes', () => {
  let s: TestServer;
  let admin: string;
  let outsider: { id: string; token: string };
  const hidden = { conversationId: '', contactId: '' };

  beforeAll(async () => {
    s = await startServer();
    admin = await loginAdmin(s.url);
    const website = await websiteInbox(s.url, admin);
    const priv = await api(s.url, 'POST', '/api/inboxes', { token: admin, body: { name: 'Private', channel: 'web', config: {} } });
    const visitor = await newVisitor(s.url, priv.body.widgetKey, { name: 'Hidden Buyer' });
    const sent = await api(s.url, 'POST', '/api/widget/messages', { token: visitor.visitorToken, body: { body: 'hi', clientId: 'h1' } });
    hidden.conversationId = sent.body.conversationId;
    hidden.contactId = visitor.contactId;
    expect((await api(s.url, 'PATCH', `/api/conversations/${hidden.conversationId}`, { token: admin, body: { labels: ['secret-deal'] } })).status).toBe(200);
    outsider = await createAgent(s, 'outside@example.com', [website.id]);
  });
  afterAll(() => s?.close());

  it('tasks of other inboxes are not listed, by view or by conversation, and cannot be edited', async () => {
    const task = await api(s.url, 'POST', '/api/crm/tasks', { token: admin, body: { conversationId: hidden.conversationId, title: 'Call back', dueAt: new Date(Date.now() + 3_600_000).toISOString() } });
    expect(task.status).toBe(201);
    const asAdmin = await api(s.url, 'GET', '/api/crm/tasks?view=all', { token: admin });
    expect(asAdmin.body.items.map((t: { id: string }) => t.id)).toEqual([task.body.id]);
    for (const q of ['?view=all', `?conversationId=${hidden.conversationId}`, '?view=open']) {
      const r = await api(s.url, 'GET', `/api/crm/tasks${q}`, { token: outsider.token });
      expect(r.status, q).toBe(200);
      expect(r.body.items, q).toEqual([]);
    }
    expect((await api(s.url, 'PATCH', `/api/crm/tasks/${task.body.id}`, { token: outsider.token, body: { status: 'done' } })).status).toBe(404);
    const dashboard = await api(s.url, 'GET', '/api/crm/dashboard', { token: outsider.token });
    expect(dashboard.body.tasks.open).toBe(0);
    expect((await api(s.url, 'GET', '/api/crm/dashboard', { token: admin })).body.tasks.open).toBe(1);
  });

  it('a label filter does not reveal contacts of other inboxes', async () => {
    const filter = { match: 'all', conditions: [{ field: 'label', op: 'has', value: 'secret-deal' }] };
    const mine = await api(s.url, 'POST', '/api/crm/segments/preview', { token: admin, body: { filter } });
    expect(mine.body.items.map((c: { id: string }) => c.id)).toEqual([hidden.contactId]);
    const theirs = await api(s.url, 'POST', '/api/crm/segments/preview', { token: outsider.token, body: { filter } });
    expect([theirs.body.total, theirs.body.items]).toEqual([0, []]);
  });

  it('segments are changed only by their creator or an admin', async () => {
    const made = await api(s.url, 'POST', '/api/crm/segments', { token: admin, body: { name: 'Admin list', filter: { match: 'all', conditions: [] } } });
    expect(made.status).toBe(201);
    expect((await api(s.url, 'PATCH', `/api/crm/segments/${made.body.id}`, { token: outsider.token, body: { name: 'Hijacked' } })).status).toBe(403);
    expect((await api(s.url, 'DELETE', `/api/crm/segments/${made.body.id}`, { token: outsider.token })).status).toBe(403);
    const own = await api(s.url, 'POST', '/api/crm/segments', { token: outsider.token, body: { name: 'Mine', filter: { match: 'all', conditions: [] } } });
    expect((await api(s.url, 'PATCH', `/api/crm/segments/${own.body.id}`, { token: outsider.token, body: { name: 'Still mine' } })).body.name).toBe('Still mine');
    expect((await api(s.url, 'PATCH', `/api/crm/segments/${own.body.id}`, { token: admin, body: { name: 'Admin override' } })).body.name).toBe('Admin override');
    const names = (await api(s.url, 'GET', '/api/crm/segments', { token: admin })).body.map((x: { name: string }) => x.name).sort();
    expect(names).toEqual(['Admin list', 'Admin override']);
  });
});

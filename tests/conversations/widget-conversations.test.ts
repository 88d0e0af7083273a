// Several conversations per website visitor over the real API: start (with a topic routed to a team), list
// (open first, last message, unread), per-conversation messages and read state, and someone else's thread.
import { describe, expect, it } from 'vitest';
import { api, connectSocket, newVisitor, nextEvent, useServer, type ServerFixture } from '../support/server.js';

describe('a visitor with several conversations', () => {
  let f!: ServerFixture;
  useServer((x) => { f = x; });
  let seq = 0;
  const say = (token: string, body: string, conversationId?: string) =>
    api(f.s.url, 'POST', '/api/widget/messages', { token, body: { body, clientId: `w-${++seq}`, conversationId } });

  it('starts, lists, switches and reads conversations separately', async () => {
    const team = await f.s.app.ctx.db.execute(`insert into teams (name) values ('Billing ${Date.now()}') returning id` as any);
    const teamId = (team as any).rows[0].id as string;
    const settings = await api(f.s.url, 'PUT', `/api/widget/settings/${f.inbox.id}`, { token: f.token, body: { topics: [{ id: 'billing', label: 'Billing question', teamId }, { id: 'other', label: 'Something else' }] } });
    expect(settings.status, JSON.stringify(settings.body)).toBe(200);
    const config = await api(f.s.url, 'GET', `/api/widget/config?widgetKey=${f.inbox.widgetKey}`);
    expect(config.body.settings.topics.map((t: any) => t.label)).toEqual(['Billing question', 'Something else']);

    const v = await newVisitor(f.s.url, f.inbox.widgetKey, { name: 'Noor' });
    expect((await api(f.s.url, 'GET', '/api/widget/conversations', { token: v.visitorToken })).body.items).toEqual([]);
    const first = await say(v.visitorToken, 'about my order');
    expect(first.status).toBe(200);
    const billing = await api(f.s.url, 'POST', '/api/widget/conversations', { token: v.visitorToken, body: { topicId: 'billing' } });
    expect(billing.status).toBe(201);
    expect(billing.body).toMatchObject({ status: 'open', topic: { id: 'billing', label: 'Billing question' }, unreadCount: 0, lastMessage: null });
    const agentView = await api(f.s.url, 'GET', `/api/conversations/${billing.body.id}`, { token: f.token });
    expect(agentView.body.teamId).toBe(teamId);
    expect(agentView.body.contactId).toBe(v.contactId);
    expect(agentView.body.subject).toBe('Billing question');

    expect((await say(v.visitorToken, 'invoice is wrong', billing.body.id)).body.conversationId).toBe(billing.body.id);
    expect((await say(v.visitorToken, 'still about the order', first.body.conversationId)).body.conversationId).toBe(first.body.conversationId);

    const widget = await connectSocket(f.s.url, '/widget', v.visitorToken);
    try {
      const pushed = nextEvent(widget, 'message', (m: any) => m.body === 'we fixed the invoice');
      await api(f.s.url, 'POST', `/api/conversations/${billing.body.id}/messages`, { token: f.token, body: { body: 'we fixed the invoice' } });
      await api(f.s.url, 'POST', `/api/conversations/${billing.body.id}/messages`, { token: f.token, body: { body: 'internal only', private: true } });
      expect((await pushed).conversationId).toBe(billing.body.id);
    } finally { widget.close(); }
    await api(f.s.url, 'PATCH', `/api/conversations/${first.body.conversationId}`, { token: f.token, body: { status: 'resolved' } });

    const list = (await api(f.s.url, 'GET', '/api/widget/conversations', { token: v.visitorToken })).body.items;
    expect(list.map((c: any) => [c.id, c.status, c.unreadCount, c.lastMessage?.body])).toEqual([
      [billing.body.id, 'open', 1, 'we fixed the invoice'],
      [first.body.conversationId, 'resolved', 0, 'still about the order'],
    ]);
    const history = await api(f.s.url, 'GET', `/api/widget/messages?conversationId=${billing.body.id}`, { token: v.visitorToken });
    expect(history.body.items.map((m: any) => m.body)).toEqual(['invoice is wrong', 'we fixed the invoice']);
    expect((await api(f.s.url, 'POST', `/api/widget/conversations/${billing.body.id}/read`, { token: v.visitorToken })).status).toBe(204);
    const after = (await api(f.s.url, 'GET', '/api/widget/conversations', { token: v.visitorToken })).body.items;
    expect(after.find((c: any) => c.id === billing.body.id).unreadCount).toBe(0);

    // Each keeps its own CSAT.
    expect((await api(f.s.url, 'POST', '/api/widget/csat', { token: v.visitorToken, body: { conversationId: first.body.conversationId, rating: 4 } })).status).toBe(200);
    const rated = (await api(f.s.url, 'GET', '/api/widget/conversations', { token: v.visitorToken })).body.items;
    expect(rated.map((c: any) => c.csatRating)).toEqual([null, 4]);

    // The agent sees two conversations of one contact.
    const contact = await api(f.s.url, 'GET', `/api/contacts/${v.contactId}`, { token: f.token });
    expect(contact.body.conversations.map((c: any) => c.id).sort()).toEqual([billing.body.id, first.body.conversationId].sort());
  });

  it("refuses unknown topics and other visitors' conversations", async () => {
    const a = await newVisitor(f.s.url, f.inbox.widgetKey);
    const b = await newVisitor(f.s.url, f.inbox.widgetKey);
    const bad = await api(f.s.url, 'POST', '/api/widget/conversations', { token: a.visitorToken, body: { topicId: 'nope' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.topicId).toBeTruthy();
    expect((await api(f.s.url, 'POST', '/api/widget/conversations', { token: a.visitorToken, body: { extra: 1 } })).status).toBe(400);
    expect((await api(f.s.url, 'POST', '/api/widget/conversations', { body: {} })).status).toBe(401);
    const mine = await api(f.s.url, 'POST', '/api/widget/conversations', { token: a.visitorToken, body: {} });
    const theirs = await say(b.visitorToken, 'trying to write into a stranger', mine.body.id);
    expect(theirs.status).toBe(404);
    expect((await api(f.s.url, 'POST', `/api/widget/conversations/${mine.body.id}/read`, { token: b.visitorToken })).status).toBe(404);
    expect((await api(f.s.url, 'GET', '/api/widget/conversations', { token: b.visitorToken })).body.items).toEqual([]);
  });

  it('puts a file into the conversation it was sent from, and only into one of the visitor\'s own', async () => {
    const v = await newVisitor(f.s.url, f.inbox.widgetKey);
    const older = await say(v.visitorToken, 'first thread');
    const newer = await api(f.s.url, 'POST', '/api/widget/conversations', { token: v.visitorToken, body: {} });
    const stranger = await newVisitor(f.s.url, f.inbox.widgetKey);
    const strangers = await say(stranger.visitorToken, 'not yours');
    const send = (conversationId: string, name: string) => {
      const form = new FormData();
      form.append('clientId', `file-${++seq}`);
      form.append('conversationId', conversationId);
      form.append('file', new Blob([Buffer.from(`bytes of ${name}`)], { type: 'text/plain' }), name);
      return fetch(`${f.s.url}/api/widget/attachments`, { method: 'POST', headers: { authorization: `Bearer ${v.visitorToken}` }, body: form });
    };
    const toOlder = await send(older.body.conversationId, 'older.txt');
    expect(toOlder.status).toBe(200);
    expect((await toOlder.json()).conversationId).toBe(older.body.conversationId);
    const toNewer = await send(newer.body.id, 'newer.txt');
    expect((await toNewer.json()).conversationId).toBe(newer.body.id);
    const names = async (id: string) => (await api(f.s.url, 'GET', `/api/widget/messages?conversationId=${id}`, { token: v.visitorToken }))
      .body.items.flatMap((m: any) => (m.attachments ?? []).map((a: any) => a.name));
    expect(await names(older.body.conversationId)).toEqual(['older.txt']);
    expect(await names(newer.body.id)).toEqual(['newer.txt']);
    const intoStrangers = await send(strangers.body.conversationId, 'sneaky.txt');
    expect(intoStrangers.status).toBe(404);
    await intoStrangers.arrayBuffer();
    expect((await send('not-an-id', 'bad.txt')).status).toBe(400);
  });
});

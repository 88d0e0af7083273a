// Server halves of the inbox's reading and replying: search across statuses with a count per tab, canned
// responses filled in like campaigns, the visit record as labelled facts, and attachment-only previews.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, loginAdmin, newVisitor, startServer, websiteInbox, type TestServer } from '../support/server.js';

describe('inbox reading and replying', () => {
  let server: TestServer;
  let url: string;
  let admin: string;
  let web: { id: string; widgetKey: string };

  const visitorSays = async (body: string, visitor?: { name?: string; email?: string }) => {
    const s = await newVisitor(url, web.widgetKey, visitor);
    const r = await api(url, 'POST', '/api/widget/messages', { token: s.visitorToken, body: { body, clientId: `c-${Math.random()}` } });
    expect(r.status).toBe(200);
    return { ...s, conversationId: r.body.conversationId as string };
  };

  beforeAll(async () => {
    server = await startServer();
    url = server.url;
    admin = await loginAdmin(url);
    web = await websiteInbox(url, admin);
  });
  afterAll(async () => server?.close());

  it('counts the matches of a search in every status tab', async () => {
    const open = await visitorSays('Where is my walnut desk?');
    const resolved = await visitorSays('The walnut desk arrived scratched');
    const pending = await visitorSays('Walnut or oak for the shelf?');
    await visitorSays('Unrelated question about mugs');
    await api(url, 'PATCH', `/api/conversations/${resolved.conversationId}`, { token: admin, body: { status: 'resolved' } });
    await api(url, 'PATCH', `/api/conversations/${pending.conversationId}`, { token: admin, body: { status: 'pending' } });

    const counts = await api(url, 'GET', '/api/conversations/counts?q=walnut', { token: admin });
    expect(counts.status).toBe(200);
    expect(counts.body).toEqual({ open: 1, pending: 1, snoozed: 0, resolved: 1, all: 3 });
    const all = await api(url, 'GET', '/api/conversations?q=walnut&status=all', { token: admin });
    expect(all.body.items.map((c: { id: string }) => c.id).sort()).toEqual([open.conversationId, resolved.conversationId, pending.conversationId].sort());
    const totals = (await api(url, 'GET', '/api/conversations/counts', { token: admin })).body;
    expect(totals.all).toBe(4);
    expect((await api(url, 'GET', '/api/conversations/counts?assigneeId=nobody', { token: admin })).status).toBe(400);
  });

  it('fills a canned response in for the conversation\'s contact, with fallbacks, and names empty placeholders', async () => {
    const c = await visitorSays('Has my order shipped?', { name: 'Ana Maria Souza', email: 'ana@example.com' });
    const anon = await visitorSays('Has mine shipped too?');
    const canned = await api(url, 'POST', '/api/canned-responses', { token: admin, body: { shortCode: 'ship', content: 'Hi {{contact.first_name | "there"}}, it ships today. We will write to {{contact.email}}.' } });
    expect(canned.status).toBe(201);
    const forAna = await api(url, 'GET', `/api/conversations/${c.conversationId}/canned-responses/${canned.body.id}`, { token: admin });
    expect(forAna.status).toBe(200);
    expect(forAna.body.rendered).toBe('Hi Ana, it ships today. We will write to ana@example.com.');
    expect(forAna.body.missing).toEqual([]);
    const forAnon = await api(url, 'GET', `/api/conversations/${anon.conversationId}/canned-responses/${canned.body.id}`, { token: admin });
    expect(forAnon.body.rendered).toBe('Hi there, it ships today. We will write to .');
    expect(forAnon.body.missing).toEqual(['{{contact.email}}']);
    expect((await api(url, 'GET', `/api/conversations/${c.conversationId}/canned-responses/${c.conversationId}`, { token: admin })).status).toBe(404);
  });

  it('refuses canned responses with placeholders no contact can fill, in plain words', async () => {
    const typo = await api(url, 'POST', '/api/canned-responses', { token: admin, body: { shortCode: 'typo', content: 'Hi {{contact.frist_name}}' } });
    expect(typo.status).toBe(400);
    expect(typo.body.error.fields.content).toContain('{{contact.frist_name}} is not a known placeholder');
    expect(typo.body.error.fields.content).toContain('{{contact.first_name}}');
    const agentScope = await api(url, 'POST', '/api/canned-responses', { token: admin, body: { shortCode: 'agent', content: 'I am {{agent.name}}' } });
    expect(agentScope.status).toBe(400);
    const field = await api(url, 'POST', '/api/crm/fields', { token: admin, body: { entity: 'contact', key: 'plan', label: 'Plan', type: 'text' } });
    expect(field.status).toBe(201);
    const custom = await api(url, 'POST', '/api/canned-responses', { token: admin, body: { shortCode: 'plan', content: 'Your {{contact.plan | "current"}} plan' } });
    expect(custom.status).toBe(201);
    const patched = await api(url, 'PATCH', `/api/canned-responses/${custom.body.id}`, { token: admin, body: { content: 'Your {{contact.plna}} plan' } });
    expect(patched.status).toBe(400);
    expect((await api(url, 'GET', '/api/canned-responses', { token: admin })).body.find((r: { id: string }) => r.id === custom.body.id).content).toBe('Your {{contact.plan | "current"}} plan');
  });

  it('summarises the visit record as labelled facts', async () => {
    const c = await visitorSays('Hello from London');
    await api(url, 'POST', '/api/widget/context', {
      token: c.visitorToken,
      body: { context: {
        pageUrl: 'https://shop.example/desks', pageTitle: 'Desks', referrer: 'https://search.example/', language: 'en', timeZone: 'Europe/London',
        device: { type: 'desktop', browser: 'Firefox/128.0', os: 'Mac OS X 10_15_7' }, visits: 3,
        pageViews: [{ url: 'https://shop.example/', title: 'Home', at: '2026-03-01T10:00:00.000Z' }, { url: 'https://shop.example/desks', title: 'Desks', at: '2026-03-01T10:01:00.000Z' }],
      } },
    });
    const visit = (await api(url, 'GET', `/api/contacts/${c.contactId}`, { token: admin })).body.visit;
    expect(visit).toMatchObject({
      browser: 'Firefox 128.0', os: 'Mac OS X 10.15.7', deviceType: 'desktop', pageUrl: 'https://shop.example/desks', pageTitle: 'Desks',
      referrer: 'https://search.example/', timeZone: 'Europe/London', country: 'GB', visits: 3, pageViews: 2,
    });
    const none = await visitorSays('No context from me');
    expect((await api(url, 'GET', `/api/contacts/${none.contactId}`, { token: admin })).body.visit).toBeNull();
  });

  it('previews a conversation whose last message is only an attachment by the file name', async () => {
    const c = await visitorSays('Here is the photo');
    const form = new FormData();
    form.append('clientId', 'photo-1');
    form.append('file', new Blob([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')], { type: 'image/png' }), 'scratch.png');
    const up = await fetch(`${url}/api/widget/attachments`, { method: 'POST', headers: { authorization: `Bearer ${c.visitorToken}` }, body: form });
    expect(up.status).toBe(200);
    const list = await api(url, 'GET', '/api/conversations?status=all', { token: admin });
    const row = list.body.items.find((x: { id: string }) => x.id === c.conversationId);
    expect(row.lastMessage.body).toBe('');
    expect(row.lastMessage.attachmentNames).toEqual(['scratch.png']);
  });
});

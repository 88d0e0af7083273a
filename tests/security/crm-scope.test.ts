// CRM reads follow the inbox rule: an agent sees tasks, segment matches and campaign recipients only
// through the inboxes they are a member of; segments belong to whoever made them, admins aside. Rules and
// segments read the CRM's own stage and score, never the attributes a visitor writes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createAgent, eventually, loginAdmin, newVisitor, startServer, websiteInbox, type TestServer } from '../support/server.js';

describe('CRM reads scoped to the agent\'s inboxes', () => {
  let s: TestServer;
  let admin: string;
  let outsider: { id: string; token: string };
  let website: { id: string; widgetKey: string };
  let privateInboxId = '';
  let privateWidgetKey = '';
  const hidden = { conversationId: '', contactId: '' };

  beforeAll(async () => {
    s = await startServer();
    admin = await loginAdmin(s.url);
    website = await websiteInbox(s.url, admin);
    const priv = await api(s.url, 'POST', '/api/inboxes', { token: admin, body: { name: 'Private', channel: 'web', config: {} } });
    const visitor = await newVisitor(s.url, priv.body.widgetKey, { name: 'Hidden Buyer' });
    const sent = await api(s.url, 'POST', '/api/widget/messages', { token: visitor.visitorToken, body: { body: 'hi', clientId: 'h1' } });
    privateInboxId = priv.body.id;
    privateWidgetKey = priv.body.widgetKey;
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

  it('a campaign report lists only the recipients the agent can see (hole 3)', async () => {
    const seen = await newVisitor(s.url, website.widgetKey, { name: 'Seen Buyer', email: 'seen@example.com' });
    expect((await api(s.url, 'POST', '/api/widget/messages', { token: seen.visitorToken, body: { body: 'hello', clientId: 's1' } })).status).toBe(200);
    // A CRM-only contact: imported, no conversation in any inbox.
    const imported = await api(s.url, 'POST', '/api/crm/import', { token: admin, body: { dryRun: false, mapping: { Name: 'name', Email: 'email', Mobile: 'phone' }, csv: 'Name,Email,Mobile\nImported Person,imported@example.com,+14155550399\n' } });
    expect(imported.body).toMatchObject({ created: 1 });
    const everyone = await api(s.url, 'POST', '/api/crm/segments', { token: admin, body: { name: 'Everyone', filter: { match: 'all', conditions: [] } } });
    const launched = await api(s.url, 'POST', '/api/crm/campaigns', { token: admin, body: { name: 'Hello all', segmentId: everyone.body.id, inboxId: website.id, template: 'Hi', launch: true } });
    expect(launched.status).toBe(201);
    // Through the real launcher: visitors are written to in the website inbox; the imported contact is skipped.
    // The campaign is "sent" once every recipient is handed to the send queue; each send then lands on its own.
    const full = await eventually(async () => {
      const r = await api(s.url, 'GET', `/api/crm/campaigns/${launched.body.id}`, { token: admin });
      const settled = r.body.recipients.every((x: { status: string }) => x.status !== 'pending' && x.status !== 'queued');
      return r.body.campaign.status === 'sent' && settled ? r.body : null;
    }, 30_000, 'campaign sent to every recipient');
    const byName = (list: { name: string; status: string; reason: string | null }[]) => list.map((x) => [x.name, x.status, x.reason]).sort();
    expect(byName(full.recipients)).toEqual([['Hidden Buyer', 'sent', null], ['Imported Person', 'skipped', 'no web identity'], ['Seen Buyer', 'sent', null]]);
    // The agent sees those with a conversation in their inbox (the campaign's own conversations count), not the imported one.
    const theirs = await api(s.url, 'GET', `/api/crm/campaigns/${launched.body.id}`, { token: outsider.token });
    expect(theirs.status).toBe(200);
    expect(byName(theirs.body.recipients)).toEqual([['Hidden Buyer', 'sent', null], ['Seen Buyer', 'sent', null]]);
    expect(JSON.stringify(theirs.body)).not.toMatch(/imported@example\.com|14155550399/);
    // A campaign of an inbox the agent is not in does not exist for them.
    const other = await api(s.url, 'POST', '/api/crm/campaigns', { token: admin, body: { name: 'Private news', segmentId: everyone.body.id, inboxId: privateInboxId, template: 'Hi' } });
    expect((await api(s.url, 'GET', `/api/crm/campaigns/${other.body.id}`, { token: outsider.token })).status).toBe(404);
    expect((await api(s.url, 'GET', '/api/crm/campaigns', { token: outsider.token })).body.map((c: { id: string }) => c.id)).toEqual([launched.body.id]);
  });

  it('visitor-written score and stage attributes steer neither rules nor segments (hole 5)', async () => {
    const rule = async (name: string, conditions: unknown, label: string) => {
      const r = await api(s.url, 'POST', '/api/rules', { token: admin, body: { name, event: 'message.created', conditions, actions: [{ type: 'add_label', label }] } });
      expect(r.status).toBe(201);
    };
    await rule('Hot leads', { any: [{ field: 'contact.score', op: 'gte', value: 500 }, { field: 'contact.stage', op: 'eq', value: 'customer' }] }, 'hot');
    await rule('Seen', { all: [{ field: 'text', op: 'contains', value: 'steer' }] }, 'seen');
    const visitor = await newVisitor(s.url, website.widgetKey, { name: 'Steering Visitor' });
    const claimed = await api(s.url, 'POST', '/api/widget/context', { token: visitor.visitorToken, body: { attributes: { score: 1000, stage: 'customer' } } });
    expect(claimed.status).toBeLessThan(300);
    const sent = await api(s.url, 'POST', '/api/widget/messages', { token: visitor.visitorToken, body: { body: 'let me steer', clientId: 'v1' } });
    // Both rules ran on this message: the control rule's label arrives, the score/stage rule's never does.
    const labels = await eventually(async () => {
      const c = await api(s.url, 'GET', `/api/conversations/${sent.body.conversationId}`, { token: admin });
      return c.body.labels.includes('seen') ? c.body.labels : null;
    }, 30_000, 'control rule applied');
    await s.app.ctx.bus.drain();
    expect(labels).toEqual(['seen']);
    expect((await api(s.url, 'GET', `/api/conversations/${sent.body.conversationId}`, { token: admin })).body.labels).toEqual(['seen']);
    // Segments read the CRM's score and stage too.
    for (const condition of [{ field: 'score', op: 'gte', value: 500 }, { field: 'stage', op: 'in', value: ['customer'] }]) {
      const preview = await api(s.url, 'POST', '/api/crm/segments/preview', { token: admin, body: { filter: { match: 'all', conditions: [condition] } } });
      expect(preview.body.items.map((c: { id: string }) => c.id), condition.field).not.toContain(visitor.contactId);
    }
    const low = await api(s.url, 'POST', '/api/crm/segments/preview', { token: admin, body: { filter: { match: 'all', conditions: [{ field: 'score', op: 'lt', value: 500 }, { field: 'stage', op: 'not_in', value: ['customer'] }] } } });
    expect(low.body.items.map((c: { id: string }) => c.id)).toContain(visitor.contactId);
  });

  it('companies list and count only the contacts the agent can see', async () => {
    // Last: the contacts it adds would change the recipients the campaign case counts.
    // Two people at one company, one writing to the inbox the agent is in and one to the private inbox; a second
    // company only the private inbox knows.
    const write = async (widgetKey: string, email: string, clientId: string) => {
      const v = await newVisitor(s.url, widgetKey, { name: email.split('@')[0], email });
      expect((await api(s.url, 'POST', '/api/widget/messages', { token: v.visitorToken, body: { body: 'hello', clientId } })).status).toBe(200);
    };
    await write(website.widgetKey, 'ana@fernleaf-roasters.test', 'co1');
    await write(privateWidgetKey, 'ben@fernleaf-roasters.test', 'co2');
    await write(privateWidgetKey, 'cy@hidden-holdings.test', 'co3');
    const counts = async (token: string) => {
      const r = await api(s.url, 'GET', '/api/crm/companies', { token });
      expect(r.status).toBe(200);
      return Object.fromEntries(r.body.map((c: { domain: string; contacts: number }) => [c.domain, c.contacts]));
    };
    await eventually(async () => (await counts(admin))['hidden-holdings.test'] === 1 && (await counts(admin))['fernleaf-roasters.test'] === 2, 20_000, 'companies filed');
    expect(await counts(admin)).toEqual({ 'fernleaf-roasters.test': 2, 'hidden-holdings.test': 1 });
    expect(await counts(outsider.token)).toEqual({ 'fernleaf-roasters.test': 1 });
  });
});

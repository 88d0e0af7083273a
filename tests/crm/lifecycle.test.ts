import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, eventually, loginAdmin, newVisitor, startServer, websiteInbox, type TestServer } from '../support/server.js';

let server: TestServer;
let admin: string;
let widgetKey: string;
beforeAll(async () => {
  server = await startServer();
  admin = await loginAdmin(server.url);
  ({ widgetKey } = await websiteInbox(server.url, admin));
});
afterAll(async () => { await server?.close(); });

const profile = async (id: string) => (await api(server.url, 'GET', `/api/crm/contacts/${id}`, { token: admin })).body;

describe('lifecycle and enrichment', () => {
  it('turns a widget visitor who leaves an e-mail into a lead, files them under their company and records who did it', async () => {
    const visitor = await newVisitor(server.url, widgetKey);
    expect((await profile(visitor.contactId)).stage).toBe('visitor');

    const left = await api(server.url, 'PATCH', '/api/widget/contact', { token: visitor.visitorToken, body: { name: 'Ana Souza', email: 'Ana@Acme-Widgets.co.uk' } });
    expect(left.status).toBe(200);
    const lead = await eventually(async () => { const p = await profile(visitor.contactId); return p.stage === 'lead' ? p : null; }, 10_000, 'stage lead');
    expect(lead.company).toMatchObject({ domain: 'acme-widgets.co.uk', name: 'Acme Widgets' });

    const timeline = (await api(server.url, 'GET', `/api/crm/contacts/${visitor.contactId}/timeline`, { token: admin })).body.items;
    const change = timeline.find((t: any) => t.kind === 'stage');
    expect(change).toMatchObject({ summary: 'Visitor → Lead (left an e-mail address)', actor: { type: 'system' } });
    // The English summary for exports, and the key with its values for the agent's own language.
    expect(change.data).toEqual({ from: 'visitor', to: 'lead', reason: 'left an e-mail address', key: 'stage.moved', params: { from: 'visitor', to: 'lead', reason: { key: 'email' } } });
  });

  it('keeps free-mail addresses out of companies and reads place from the visitor context', async () => {
    const visitor = await newVisitor(server.url, widgetKey, { email: 'somchai@gmail.com' });
    const ctxRes = await api(server.url, 'POST', '/api/widget/context', {
      token: visitor.visitorToken,
      body: { context: { pageUrl: 'https://shop.test/pricing', pageTitle: 'Pricing', language: 'th-TH', timeZone: 'Asia/Bangkok', pageViews: [{ url: 'https://shop.test/pricing', title: 'Pricing', at: new Date().toISOString() }] } },
    });
    expect(ctxRes.status).toBe(200);
    const p = await eventually(async () => { const x = await profile(visitor.contactId); return x.timeZone ? x : null; }, 10_000, 'enriched');
    expect(p).toMatchObject({ stage: 'lead', company: null, timeZone: 'Asia/Bangkok', locale: 'th-TH', country: 'TH' });
    const timeline = (await api(server.url, 'GET', `/api/crm/contacts/${visitor.contactId}/timeline`, { token: admin })).body.items;
    const visit = timeline.find((t: any) => t.kind === 'page_visit');
    expect(visit.summary).toBe('Pricing');
    expect(visit.data).toEqual({ url: 'https://shop.test/pricing', title: 'Pricing', key: 'page.visited', params: { url: 'https://shop.test/pricing', title: 'Pricing' } });
  });

  it('lets an admin rename and add stages, and an agent move a contact with the change on the timeline', async () => {
    expect((await api(server.url, 'PUT', '/api/crm/stages/customer', { token: admin, body: { label: 'Paying customer' } })).status).toBe(200);
    expect((await api(server.url, 'PUT', '/api/crm/stages/churned', { token: admin, body: { label: 'Churned' } })).status).toBe(200);
    const stages = (await api(server.url, 'GET', '/api/crm/stages', { token: admin })).body;
    expect(stages.map((s: any) => s.key)).toEqual(['visitor', 'lead', 'qualified', 'customer', 'loyal', 'churned']);
    const { contactId } = await newVisitor(server.url, widgetKey);
    expect((await api(server.url, 'PATCH', `/api/crm/contacts/${contactId}`, { token: admin, body: { stage: 'nope' } })).status).toBe(400);
    expect((await api(server.url, 'PATCH', `/api/crm/contacts/${contactId}`, { token: admin, body: { stage: 'customer' } })).status).toBe(200);
    const timeline = (await api(server.url, 'GET', `/api/crm/contacts/${contactId}/timeline`, { token: admin })).body.items;
    expect(timeline[0]).toMatchObject({ kind: 'stage', summary: 'Visitor → Paying customer', actor: { type: 'agent', name: 'Admin' } });
    expect(timeline[0].data).toEqual({ from: 'visitor', to: 'customer', reason: null, key: 'stage.moved', params: { from: 'visitor', to: 'customer', reason: null } });
  });

  it('validates typed custom fields on write, through the CRM route and the core contact route alike', async () => {
    const add = (body: object) => api(server.url, 'POST', '/api/crm/fields', { token: admin, body });
    expect((await add({ entity: 'contact', key: 'seats', label: 'Seats', type: 'number' })).status).toBe(201);
    expect((await add({ entity: 'contact', key: 'plan', label: 'Plan', type: 'select', options: ['free', 'pro'] })).status).toBe(201);
    expect((await add({ entity: 'contact', key: 'renewal', label: 'Renewal', type: 'date' })).status).toBe(201);
    expect((await add({ entity: 'contact', key: 'site', label: 'Site', type: 'url' })).status).toBe(201);
    expect((await add({ entity: 'contact', key: 'plan', label: 'Again', type: 'text' })).status).toBe(409);
    const { contactId } = await newVisitor(server.url, widgetKey);

    const bad = await api(server.url, 'PATCH', `/api/crm/contacts/${contactId}`, { token: admin, body: { fields: { seats: 'many', plan: 'gold', renewal: '31/12/2025', site: 'ftp://x' } } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['attributes.plan', 'attributes.renewal', 'attributes.seats', 'attributes.site']);
    const core = await api(server.url, 'PATCH', `/api/contacts/${contactId}`, { token: admin, body: { attributes: { seats: 'lots' } } });
    expect(core.status).toBe(400);

    const good = await api(server.url, 'PATCH', `/api/crm/contacts/${contactId}`, { token: admin, body: { fields: { seats: '12', plan: 'pro', renewal: '2025-12-31', site: 'https://acme.test' } } });
    expect(good.status).toBe(200);
    expect((await profile(contactId)).fields).toEqual({ seats: 12, plan: 'pro', renewal: '2025-12-31', site: 'https://acme.test/' });
  });
});

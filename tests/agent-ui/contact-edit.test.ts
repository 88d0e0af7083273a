// Editing a contact changes exactly the field edited: every other field and attribute, above all the
// widget's visit record, reads back byte for byte the same, and the next page view still finds an object.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../server/db/client.js';
import { api, loginAdmin, newVisitor, startServer, websiteInbox, type TestServer } from '../support/server.js';

const pageView = (n: number) => ({
  context: {
    pageUrl: `https://shop.example/p/${n}`, pageTitle: `Product ${n}`, referrer: 'https://search.example/?q=mugs',
    utm: { source: 'newsletter' }, language: 'en-GB', timeZone: 'Europe/London',
    device: { browser: 'Firefox 128', os: 'Linux' },
    pageViews: [{ url: `https://shop.example/p/${n}`, title: `Product ${n}`, at: `2026-01-0${n}T10:00:00.000Z` }],
  },
});

describe('contact edits', () => {
  let server: TestServer;
  let url: string;
  let admin: string;
  let visitorToken: string;
  let contactId: string;

  const getContact = async () => {
    const r = await api(url, 'GET', `/api/contacts/${contactId}`, { token: admin });
    expect(r.status).toBe(200);
    return r.body as Record<string, unknown> & { attributes: Record<string, unknown> };
  };
  /** Everything but the edited key and the edit time, each as its exact JSON text. */
  const snapshot = (c: Record<string, unknown> & { attributes: Record<string, unknown> }, skip: string) => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(c)) if (k !== 'updatedAt' && k !== 'attributes' && k !== skip) out[k] = JSON.stringify(v);
    for (const [k, v] of Object.entries(c.attributes)) if (`attributes.${k}` !== skip) out[`attributes.${k}`] = JSON.stringify(v);
    return out;
  };

  beforeAll(async () => {
    server = await startServer();
    url = server.url;
    admin = await loginAdmin(url);
    const web = await websiteInbox(url, admin);
    ({ visitorToken, contactId } = await newVisitor(url, web.widgetKey));
    expect((await api(url, 'POST', '/api/widget/messages', { token: visitorToken, body: { body: 'Do you ship mugs?', clientId: 'c-1' } })).status).toBe(200);
    expect((await api(url, 'POST', '/api/widget/context', { token: visitorToken, body: { ...pageView(1), attributes: { plan: 'pro', seats: 3, trial: true } } })).status).toBe(200);
    expect((await api(url, 'POST', '/api/widget/context', { token: visitorToken, body: pageView(2) })).status).toBe(200);
  });
  afterAll(async () => server?.close());

  const edits: { key: string; body: Record<string, unknown>; expected: unknown }[] = [
    { key: 'name', body: { name: 'Mia Mugs' }, expected: 'Mia Mugs' },
    { key: 'email', body: { email: 'Mia@Example.com' }, expected: 'mia@example.com' },
    { key: 'phone', body: { phone: '+44 20 7946 0000' }, expected: '+44 20 7946 0000' },
    { key: 'attributes.plan', body: { attributes: { plan: 'enterprise' } }, expected: 'enterprise' },
    { key: 'attributes.seats', body: { attributes: { seats: 12 } }, expected: 12 },
    { key: 'attributes.note', body: { attributes: { note: 'prefers e-mail' } }, expected: 'prefers e-mail' },
    { key: 'attributes.trial', body: { attributes: { trial: null } }, expected: undefined },
    { key: 'name', body: { name: null }, expected: null },
  ];

  for (const edit of edits) {
    it(`editing ${edit.key} leaves every other field byte for byte as it was`, async () => {
      const before = await getContact();
      const r = await api(url, 'PATCH', `/api/contacts/${contactId}`, { token: admin, body: edit.body });
      expect(r.status).toBe(200);
      const after = await getContact();
      expect(snapshot(after, edit.key)).toEqual(snapshot(before, edit.key));
      const value = edit.key.startsWith('attributes.') ? after.attributes[edit.key.slice('attributes.'.length)] : after[edit.key];
      expect(value).toEqual(edit.expected);
      if (edit.expected === undefined) expect(Object.keys(after.attributes)).not.toContain(edit.key.slice('attributes.'.length));
    });
  }

  it('refuses to rewrite the visit record, accepts it echoed back unchanged', async () => {
    const before = await getContact();
    const visitor = before.attributes.visitor as Record<string, unknown>;
    const asText = await api(url, 'PATCH', `/api/contacts/${contactId}`, { token: admin, body: { name: 'Mia', attributes: { visitor: JSON.stringify(visitor) } } });
    expect(asText.status).toBe(400);
    expect(asText.body.error.fields['attributes.visitor']).toMatch(/recorded automatically/);
    const refused = await getContact();
    expect(snapshot(refused, '')).toEqual(snapshot(before, ''));

    const echoed = await api(url, 'PATCH', `/api/contacts/${contactId}`, { token: admin, body: { attributes: { ...before.attributes } } });
    expect(echoed.status).toBe(200);
    expect(snapshot(await getContact(), '')).toEqual(snapshot(before, ''));
  });

  it('the next page view after the edits extends the same visit record', async () => {
    const before = (await getContact()).attributes.visitor as Record<string, unknown>;
    expect((await api(url, 'POST', '/api/widget/context', { token: visitorToken, body: pageView(3) })).status).toBe(200);
    const visitor = (await getContact()).attributes.visitor as Record<string, unknown>;
    expect(typeof visitor).toBe('object');
    expect(Object.keys(visitor).filter((k) => /^\d+$/.test(k))).toEqual([]);
    expect(visitor.lastPageUrl).toBe('https://shop.example/p/3');
    expect(visitor.referrer).toBe(before.referrer);
    expect((visitor.pageViews as { url: string }[]).map((v) => v.url)).toEqual(['https://shop.example/p/1', 'https://shop.example/p/2', 'https://shop.example/p/3']);
  });

  it('a visit record stored as text by an earlier release is replaced by an object on the next page view', async () => {
    const db = server.app.ctx.db;
    const [row] = await db.select().from(schema.contacts).where(eq(schema.contacts.id, contactId));
    const corrupted = { ...row.attributes, visitor: { 0: '{', 1: '"', lastPageUrl: 'https://shop.example/p/3' } };
    await db.update(schema.contacts).set({ attributes: corrupted }).where(eq(schema.contacts.id, contactId));
    expect((await api(url, 'POST', '/api/widget/context', { token: visitorToken, body: pageView(4) })).status).toBe(200);
    const visitor = (await getContact()).attributes.visitor as Record<string, unknown>;
    expect(Object.keys(visitor).filter((k) => /^\d+$/.test(k))).toEqual([]);
    expect(visitor.lastPageUrl).toBe('https://shop.example/p/4');
  });
});

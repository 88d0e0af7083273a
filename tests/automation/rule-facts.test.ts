import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../server/ingest/ingest.js';
import { api, eventually, loginAdmin, startServer, websiteInbox, type TestServer } from '../support/server.js';

// Rules read the contact's row only when one of them looks at it; these check that the rules that do look still
// see it, next to one that does not, on the same message.
describe('rule facts from the contact', () => {
  let s: TestServer;
  let admin: string;
  let inboxId: string;

  beforeAll(async () => {
    s = await startServer();
    admin = await loginAdmin(s.url);
    inboxId = (await websiteInbox(s.url, admin)).id;
    const rule = async (name: string, conditions: unknown, label: string) => {
      const r = await api(s.url, 'POST', '/api/rules', { token: admin, body: { name, event: 'message.created', conditions, actions: [{ type: 'add_label', label }] } });
      expect(r.status).toBe(201);
    };
    await rule('Gold plan', { all: [{ field: 'contact.attributes.plan', op: 'eq', value: 'gold' }] }, 'gold');
    await rule('Thai speakers', { all: [{ field: 'language', op: 'eq', value: 'th' }] }, 'thai');
    await rule('Greeting', { all: [{ field: 'text', op: 'contains', value: 'hello' }] }, 'greeting');
  });
  afterAll(async () => s?.close());

  const labelsOf = (conversationId: string) => eventually(async () => {
    const c = await api(s.url, 'GET', `/api/conversations/${conversationId}`, { token: admin });
    return c.body.labels.includes('greeting') ? c.body.labels as string[] : null;
  }, 30_000, 'the greeting rule applied');

  it('contact attributes and the language they carry steer the rules that ask for them', async () => {
    const sent = await ingest(s.app.ctx, {
      inboxId, externalId: 'facts-1', body: 'hello, สวัสดีครับ',
      sender: { address: 'facts-gold', attributes: { plan: 'gold', language: 'th' } },
    });
    const labels = await labelsOf(sent.conversationId);
    await s.app.ctx.bus.drain();
    expect([...labels].sort()).toEqual(['gold', 'greeting', 'thai']);
  });

  it('a contact without them gets only the rule on the text', async () => {
    const sent = await ingest(s.app.ctx, { inboxId, externalId: 'facts-2', body: 'hello there', sender: { address: 'facts-plain', attributes: { plan: 'free' } } });
    await labelsOf(sent.conversationId);
    await s.app.ctx.bus.drain();
    const c = await api(s.url, 'GET', `/api/conversations/${sent.conversationId}`, { token: admin });
    expect(c.body.labels).toEqual(['greeting']);
  });

});

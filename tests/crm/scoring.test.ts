import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, eventually, loginAdmin, newVisitor, startServer, websiteInbox, type TestServer } from '../support/server.js';

let server: TestServer;
let admin: string;
let widgetKey: string;
let fakeNow = Date.now();
const DAY = 86_400_000;

beforeAll(async () => {
  server = await startServer();
  admin = await loginAdmin(server.url);
  ({ widgetKey } = await websiteInbox(server.url, admin));
  server.app.ctx.clock = { now: () => new Date(fakeNow) };
});
afterAll(async () => { await server?.close(); });

const rule = async (body: object) => {
  const r = await api(server.url, 'POST', '/api/crm/scoring/rules', { token: admin, body });
  expect(r.status).toBe(201);
  return r.body;
};
const profile = async (id: string) => (await api(server.url, 'GET', `/api/crm/contacts/${id}`, { token: admin })).body;
const send = (token: string, body: string) => api(server.url, 'POST', '/api/widget/messages', { token, body: { body, clientId: `c${Math.random().toString(36).slice(2)}` } });

describe('lead scoring', () => {
  it('fires rules on the events that matter, shows the reasons, decays with time and lets a threshold move the stage', async () => {
    await rule({ name: 'Visited pricing', kind: 'page_visit', config: { pathContains: '/pricing' }, points: 20, decayHalfLifeDays: 7 });
    await rule({ name: 'Asked about price', kind: 'message_keyword', config: { keywords: ['price', 'cost'] }, points: 16, decayHalfLifeDays: 7 });
    await rule({ name: 'Chatty', kind: 'message_count', config: { min: 2 }, points: 10 });
    await rule({ name: 'Works at a company', kind: 'attribute', config: { field: 'company', op: 'exists' }, points: 10 });
    const bad = await api(server.url, 'POST', '/api/crm/scoring/rules', { token: admin, body: { name: 'x', kind: 'page_visit', config: {}, points: 5 } });
    expect(bad.status).toBe(400);

    const v = await newVisitor(server.url, widgetKey);
    await api(server.url, 'POST', '/api/widget/context', { token: v.visitorToken, body: { context: { pageUrl: 'https://shop.test/pricing?plan=pro', pageViews: [{ url: 'https://shop.test/pricing?plan=pro', title: 'Pricing', at: new Date(fakeNow).toISOString() }] } } });
    await eventually(async () => (await profile(v.contactId)).score === 20, 10_000, 'score 20 after /pricing');

    await send(v.visitorToken, 'What does the Pro plan cost per seat?');
    await eventually(async () => (await profile(v.contactId)).score === 36, 10_000, 'score 36 after asking about price');
    await send(v.visitorToken, 'And is there a yearly discount?');
    await eventually(async () => (await profile(v.contactId)).score === 46, 10_000, 'score 46 after the second message');
    expect((await profile(v.contactId)).stage).toBe('visitor');

    await api(server.url, 'PATCH', `/api/widget/contact`, { token: v.visitorToken, body: { email: 'buyer@bigcorp.test' } });
    const qualified = await eventually(async () => { const p = await profile(v.contactId); return p.score === 56 && p.stage === 'qualified' ? p : null; }, 10_000, 'qualified at 56');
    expect(qualified.scoreReasons.map((r: any) => [r.name, r.points])).toEqual([['Visited pricing', 20], ['Asked about price', 16], ['Chatty', 10], ['Works at a company', 10]]);
    const stageChanges = (await api(server.url, 'GET', `/api/crm/contacts/${v.contactId}/timeline`, { token: admin })).body.items.filter((t: any) => t.kind === 'stage');
    expect(stageChanges.map((t: any) => [t.data.to, t.actor.type])).toEqual([['qualified', 'rule'], ['lead', 'system']]);
    expect(stageChanges[0].data.params).toEqual({ from: 'lead', to: 'qualified', reason: { key: 'score', score: 56, min: (await api(server.url, 'GET', '/api/crm/stages', { token: admin })).body.find((s: any) => s.key === 'qualified').minScore } });

    // Two half-lives later the event points have quartered; timeless rules keep theirs; the stage never moves back.
    fakeNow += 14 * DAY;
    expect((await api(server.url, 'POST', '/api/crm/scoring/recompute', { token: admin })).status).toBe(200);
    const decayed = await profile(v.contactId);
    expect(decayed.scoreReasons.map((r: any) => [r.name, r.points])).toEqual([['Chatty', 10], ['Works at a company', 10], ['Visited pricing', 5], ['Asked about price', 4]]);
    expect(decayed.score).toBe(29);
    expect(decayed.stage).toBe('qualified');

    const sorted = (await api(server.url, 'POST', '/api/crm/contacts/query', { token: admin, body: { filter: { conditions: [{ field: 'score', op: 'gte', value: 25 }] }, sort: 'score' } })).body;
    expect(sorted.items.map((c: any) => c.id)).toEqual([v.contactId]);
  });
});

describe('message facts', () => {
  it('times a reply only for the first customer message after our last public one', async () => {
    const v = await newVisitor(server.url, widgetKey, { name: 'Timing' });
    const first = await send(v.visitorToken, 'hello');
    const conversationId = first.body.conversationId as string;
    const agent = (body: string, isPrivate = false) => api(server.url, 'POST', `/api/conversations/${conversationId}/messages`, { token: admin, body: { body, private: isPrivate } });
    await server.app.ctx.bus.drain();
    await agent('how can we help?');
    await send(v.visitorToken, 'answer one');
    await server.app.ctx.bus.drain();
    await send(v.visitorToken, 'answer two');
    await server.app.ctx.bus.drain();
    await agent('internal note', true);
    await send(v.visitorToken, 'answer three');
    await server.app.ctx.bus.drain();
    await agent('anything else?');
    await send(v.visitorToken, 'no thanks');
    await server.app.ctx.bus.drain();
    const facts = (await server.app.ctx.database.raw.query(
      `select data from crm_contact_facts where contact_id = $1 and kind = 'message' order by at`, [v.contactId])).rows as { data: { text: string; replyDelayHours: number | null } }[];
    const delays = facts.map((f) => [f.data.text, typeof f.data.replyDelayHours]);
    // A private note is not a message to the customer; a second message after one reply is not a reply again.
    expect(delays).toEqual([['hello', 'object'], ['answer one', 'number'], ['answer two', 'object'], ['answer three', 'object'], ['no thanks', 'number']]);
    expect(facts[1].data.replyDelayHours).toBeGreaterThanOrEqual(0);
    expect(facts[1].data.replyDelayHours).toBeLessThan(1);
  });
});

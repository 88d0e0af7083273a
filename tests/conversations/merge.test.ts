// Merging conversations over the real API: same contact and two contacts, the combined thread, the pointer on
// the secondary, reconciled fields, SLA, CSAT, report facts, webhooks-facing events, sockets, undo and access.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { eq } from 'drizzle-orm';
import { schema } from '../../server/db/client.js';
import { api, connectSocket, createAgent, eventually, loginAdmin, newVisitor, nextEvent, startServer, websiteInbox, type TestServer } from '../support/server.js';

let s: TestServer;
let admin: string;
let inbox: { id: string; widgetKey: string };
const sockets: Socket[] = [];

beforeAll(async () => {
  s = await startServer();
  admin = await loginAdmin(s.url);
  inbox = await websiteInbox(s.url, admin);
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await s?.close();
});

let clientSeq = 0;
async function say(token: string, body: string, conversationId?: string) {
  const r = await api(s.url, 'POST', '/api/widget/messages', { token, body: { body, clientId: `m-${++clientSeq}`, conversationId } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { conversationId: string; message: { id: string } };
}
const messages = async (id: string) => (await api(s.url, 'GET', `/api/conversations/${id}/messages?limit=500`, { token: admin })).body.items as any[];
const conversation = async (id: string) => (await api(s.url, 'GET', `/api/conversations/${id}`, { token: admin })).body;
const reply = (id: string, body: string, priv = false) => api(s.url, 'POST', `/api/conversations/${id}/messages`, { token: admin, body: { body, private: priv } });

describe('merging two conversations of one visitor', () => {
  it('interleaves by time, closes the secondary with a pointer, reconciles fields, and undo puts everything back', async () => {
    const v = await newVisitor(s.url, inbox.widgetKey, { name: 'Mira' });
    const first = await say(v.visitorToken, 'first thread, message 1');
    const created = await api(s.url, 'POST', '/api/widget/conversations', { token: v.visitorToken, body: {} });
    expect(created.status).toBe(201);
    const secondId = created.body.id as string;
    expect(secondId).not.toBe(first.conversationId);
    await say(v.visitorToken, 'second thread, message 1', secondId);
    await reply(first.conversationId, 'agent answer in first');
    await reply(secondId, 'a note in the second', true);
    await say(v.visitorToken, 'second thread, message 2', secondId);
    await say(v.visitorToken, 'first thread, message 2', first.conversationId);
    const agent = await createAgent(s, `merger-${Date.now()}@example.com`, [inbox.id]);
    expect((await api(s.url, 'PATCH', `/api/conversations/${secondId}`, { token: admin, body: { labels: ['billing'], priority: 'high', assigneeId: agent.id } })).status).toBe(200);
    expect((await api(s.url, 'PATCH', `/api/conversations/${first.conversationId}`, { token: admin, body: { labels: ['vip'] } })).status).toBe(200);

    const beforeFirst = await messages(first.conversationId);
    const beforeSecond = await messages(secondId);
    const socket = await connectSocket(s.url, '/agent', admin);
    sockets.push(socket);
    const mergedEvent = nextEvent(socket, 'conversation.merged', (p: any) => p.primary.id === first.conversationId);

    const r = await api(s.url, 'POST', `/api/conversations/${first.conversationId}/merge`, { token: admin, body: { conversationId: secondId } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.id).toBe(first.conversationId);
    expect(r.body.labels.sort()).toEqual(['billing', 'vip']);
    expect(r.body.priority).toBe('high');
    expect(r.body.assigneeId).toBe(agent.id);
    expect(r.body.merge.secondaryId).toBe(secondId);
    expect(r.body.merge.contactMerged).toBe(false);
    const event = await mergedEvent;
    expect(event.secondary.mergedIntoId).toBe(first.conversationId);

    const thread = await messages(first.conversationId);
    const original = [...beforeFirst, ...beforeSecond].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    const content = thread.filter((m) => m.direction !== 'activity');
    expect(content.map((m) => m.id)).toEqual(original.filter((m) => m.direction !== 'activity').map((m) => m.id));
    expect(content.map((m) => m.body)).toEqual(['first thread, message 1', 'second thread, message 1', 'agent answer in first', 'a note in the second', 'second thread, message 2', 'first thread, message 2']);
    expect(content.find((m) => m.body === 'a note in the second').private).toBe(true);
    const line = thread.find((m) => m.direction === 'activity' && m.meta.event === 'conversation.merged');
    expect(line.meta.params).toEqual({ otherConversationId: secondId });

    const secondary = await conversation(secondId);
    expect(secondary.status).toBe('resolved');
    expect(secondary.mergedIntoId).toBe(first.conversationId);
    expect((await messages(secondId)).map((m) => [m.meta.event, m.meta.params])).toEqual([['conversation.merged_into', { otherConversationId: first.conversationId }]]);

    // The visitor sees one thread; a message aimed at the secondary lands in the primary.
    const list = await api(s.url, 'GET', '/api/widget/conversations', { token: v.visitorToken });
    expect(list.body.items.map((c: any) => c.id)).toEqual([first.conversationId]);
    const late = await say(v.visitorToken, 'written in the old window', secondId);
    expect(late.conversationId).toBe(first.conversationId);
    // Replies continue on the primary's channel: the visitor's widget gets them.
    const widget = await connectSocket(s.url, '/widget', v.visitorToken);
    sockets.push(widget);
    const pushed = nextEvent(widget, 'message', (m: any) => m.body === 'answer after the merge');
    expect((await reply(first.conversationId, 'answer after the merge')).status).toBe(201);
    expect((await pushed).conversationId).toBe(first.conversationId);

    // Merging again, or merging a closed secondary, is a conflict.
    expect((await api(s.url, 'POST', `/api/conversations/${first.conversationId}/merge`, { token: admin, body: { conversationId: secondId } })).status).toBe(409);
    expect((await api(s.url, 'POST', `/api/conversations/${secondId}/merge`, { token: admin, body: { conversationId: first.conversationId } })).status).toBe(409);

    // Report facts: the merged thread counts once.
    await s.app.ctx.bus.drain();
    await eventually(async () => (await s.app.ctx.db.select().from(schema.reportConversationFacts).where(eq(schema.reportConversationFacts.conversationId, secondId))).length === 0, 5_000, 'secondary facts removed');

    // An agent changes the label set after the merge: undo keeps that edit.
    expect((await api(s.url, 'PATCH', `/api/conversations/${first.conversationId}`, { token: admin, body: { labels: ['vip', 'billing', 'later'] } })).status).toBe(200);
    const undoable = await api(s.url, 'GET', `/api/conversations/${first.conversationId}/merges`, { token: admin });
    expect(undoable.body.items.map((m: any) => m.id)).toEqual([r.body.merge.id]);
    const unmergedEvent = nextEvent(socket, 'conversation.unmerged', (p: any) => p.mergeId === r.body.merge.id);
    const undo = await api(s.url, 'POST', `/api/conversations/${first.conversationId}/merges/${r.body.merge.id}/undo`, { token: admin });
    expect(undo.status, JSON.stringify(undo.body)).toBe(200);
    await unmergedEvent;
    expect(undo.body.secondary.mergedIntoId).toBeNull();
    expect(undo.body.secondary.status).toBe('open');
    expect(undo.body.secondary.labels).toEqual(['billing']);
    expect(undo.body.primary.labels).toEqual(['vip', 'billing', 'later']);
    expect(undo.body.primary.priority).toBe('none');
    expect(undo.body.primary.assigneeId).toBeNull();
    const backSecond = (await messages(secondId)).map((m) => m.id);
    expect(backSecond).toEqual(beforeSecond.map((m) => m.id));
    const backFirst = (await messages(first.conversationId)).filter((m) => m.direction !== 'activity').map((m) => m.body);
    expect(backFirst).toEqual(['first thread, message 1', 'agent answer in first', 'first thread, message 2', 'written in the old window', 'answer after the merge']);
    expect((await api(s.url, 'POST', `/api/conversations/${first.conversationId}/merges/${r.body.merge.id}/undo`, { token: admin })).status).toBe(409);
    const [undone] = await s.app.ctx.db.select().from(schema.conversationMerges).where(eq(schema.conversationMerges.id, r.body.merge.id));
    expect(undone.undoneAt).not.toBeNull();
  });
});

describe('merging conversations of two contacts', () => {
  it('merges the contacts too, moves SLA and CSAT, and undo restores the second contact', async () => {
    const a = await newVisitor(s.url, inbox.widgetKey, { name: 'Ana', email: 'ana@example.com' });
    const b = await newVisitor(s.url, inbox.widgetKey, { name: 'Ana (phone)' });
    const ca = await say(a.visitorToken, 'from the laptop');
    const cb = await say(b.visitorToken, 'from the phone');
    const policy = await api(s.url, 'POST', '/api/sla/policies', { token: admin, body: { name: 'Fast', firstResponseMinutes: 30 } });
    expect(policy.status).toBe(201);
    expect((await api(s.url, 'PUT', `/api/sla/conversations/${cb.conversationId}`, { token: admin, body: { policyId: policy.body.id } })).status).toBe(200);
    expect((await api(s.url, 'POST', '/api/widget/csat', { token: b.visitorToken, body: { conversationId: cb.conversationId, rating: 5 } })).status).toBe(200);

    const r = await api(s.url, 'POST', `/api/conversations/${ca.conversationId}/merge`, { token: admin, body: { conversationId: cb.conversationId } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.merge.contactMerged).toBe(true);
    expect(r.body.contactId).toBe(a.contactId);
    expect(r.body.attributes.csat.rating).toBe(5);
    const gone = await api(s.url, 'GET', `/api/contacts/${b.contactId}`, { token: admin });
    expect(gone.status).toBe(404);
    const kept = await api(s.url, 'GET', `/api/contacts/${a.contactId}`, { token: admin });
    expect(kept.body.identities.length).toBe(2);
    const [sla] = await s.app.ctx.db.select().from(schema.conversationSlas).where(eq(schema.conversationSlas.conversationId, ca.conversationId));
    expect(sla?.policyId).toBe(policy.body.id);
    // The phone's visitor now belongs to the kept contact and sees the merged thread.
    const seen = await eventually(async () => {
      const l = await api(s.url, 'GET', '/api/widget/conversations', { token: b.visitorToken });
      return l.status === 200 && l.body.items.length === 1 && l.body.items;
    }, 10_000, 'phone visitor sees the merged thread');
    expect(seen[0].id).toBe(ca.conversationId);

    const undo = await api(s.url, 'POST', `/api/conversations/${ca.conversationId}/merges/${r.body.merge.id}/undo`, { token: admin });
    expect(undo.status, JSON.stringify(undo.body)).toBe(200);
    expect(undo.body.secondary.contactId).toBe(b.contactId);
    const back = await api(s.url, 'GET', `/api/contacts/${b.contactId}`, { token: admin });
    expect(back.status).toBe(200);
    expect(back.body.name).toBe('Ana (phone)');
    expect(back.body.identities.length).toBe(1);
    expect((await api(s.url, 'GET', `/api/contacts/${a.contactId}`, { token: admin })).body.identities.length).toBe(1);
    const [slaBack] = await s.app.ctx.db.select().from(schema.conversationSlas).where(eq(schema.conversationSlas.conversationId, cb.conversationId));
    expect(slaBack?.policyId).toBe(policy.body.id);
    expect(undo.body.primary.attributes.csat).toBeUndefined();
  });
});

describe('who may merge', () => {
  it('refuses an agent who cannot see both conversations, and bad input', async () => {
    const other = await api(s.url, 'POST', '/api/inboxes', { token: admin, body: { name: `Other ${Date.now()}`, channel: 'web', config: {} } });
    const hidden = await say((await newVisitor(s.url, other.body.widgetKey)).visitorToken, 'in a private inbox');
    const mine = await say((await newVisitor(s.url, inbox.widgetKey)).visitorToken, 'in the website inbox');
    const agent = await createAgent(s, `limited-${Date.now()}@example.com`, [inbox.id]);
    const refused = await api(s.url, 'POST', `/api/conversations/${mine.conversationId}/merge`, { token: agent.token, body: { conversationId: hidden.conversationId } });
    expect(refused.status).toBe(404);
    expect((await api(s.url, 'POST', `/api/conversations/${hidden.conversationId}/merge`, { token: agent.token, body: { conversationId: mine.conversationId } })).status).toBe(404);
    expect((await api(s.url, 'POST', `/api/conversations/${mine.conversationId}/merge`, { token: admin, body: { conversationId: mine.conversationId } })).status).toBe(400);
    const bad = await api(s.url, 'POST', `/api/conversations/${mine.conversationId}/merge`, { token: admin, body: { conversationId: 'nope' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.conversationId).toBeTruthy();
    expect((await conversation(mine.conversationId)).mergedIntoId).toBeNull();
    expect((await api(s.url, 'POST', `/api/conversations/${mine.conversationId}/merges/not-a-uuid/undo`, { token: admin })).status).toBe(404);
  });
});

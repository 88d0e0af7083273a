// Every change of hands is told in the thread: assigned, reassigned and unassigned by an agent, moved between
// teams, assigned by a rule and by auto-assignment. Each line is read back through the API and compared whole
// (English body, key, values); the visitor sees none of them; an event handed to the consumer again writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePayload } from '../../server/events/codec.js';
import { ASSIGNMENT_LINES_CONSUMER } from '../../server/automation/assignment-lines.js';
import { api, connectSocket, createAgent, eventually, loginAdmin, startServer, type TestServer } from '../support/server.js';
import { rawRows, visitorWrites } from './helpers.js';

let server: TestServer;
let admin: string;
let me: { id: string; name: string };

beforeAll(async () => {
  server = await startServer();
  admin = await loginAdmin(server.url);
  me = (await api(server.url, 'GET', '/api/auth/me', { token: admin })).body.agent;
});
afterAll(async () => { await server?.close(); });

const unique = () => Math.random().toString(36).slice(2, 8);
const newInbox = async (name: string) => {
  const r = await api(server.url, 'POST', '/api/inboxes', { token: admin, body: { name, channel: 'web', config: {} } });
  expect(r.status).toBe(201);
  return { id: r.body.id as string, widgetKey: r.body.widgetKey as string };
};
const patch = async (id: string, body: Record<string, unknown>) => {
  const r = await api(server.url, 'PATCH', `/api/conversations/${id}`, { token: admin, body });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
};
/** The conversation's activity lines about who holds it, oldest first, once the consumers have caught up. */
const handLines = async (id: string) => {
  await server.app.ctx.bus.drain();
  const items = (await api(server.url, 'GET', `/api/conversations/${id}/messages?limit=500`, { token: admin })).body.items as any[];
  return items.filter((m) => m.direction === 'activity' && String(m.meta?.event).match(/^conversation\.(assigned|team_assigned)$/))
    .map((m) => ({ body: m.body, meta: m.meta, senderType: m.senderType, private: m.private, status: m.status }));
};
const line = (body: string, event: string, params: Record<string, unknown>) => ({ body, meta: { event, params }, senderType: 'system', private: false, status: 'sent' });
const byMe = () => ({ by: 'agent', byId: me.id, byName: me.name });

describe('assignment lines', () => {
  it('tells an assignment, a reassignment and an unassignment by an agent, and team moves, in the thread only', async () => {
    const run = unique();
    const inbox = await newInbox(`Hands ${run}`);
    const ana = await createAgent(server, `ana-${run}@example.com`, [inbox.id]);
    const bo = await createAgent(server, `bo-${run}@example.com`, [inbox.id]);
    const billing = (await api(server.url, 'POST', '/api/teams', { token: admin, body: { name: `Billing ${run}` } })).body.id as string;
    const sales = (await api(server.url, 'POST', '/api/teams', { token: admin, body: { name: `Sales ${run}` } })).body.id as string;
    const { conversationId, visitorToken } = await visitorWrites(server, inbox.widgetKey, 'who will help me?');
    expect(await handLines(conversationId)).toEqual([]);

    await patch(conversationId, { assigneeId: ana.id });
    await patch(conversationId, { assigneeId: bo.id });
    await patch(conversationId, { assigneeId: null });
    await patch(conversationId, { teamId: billing });
    await patch(conversationId, { teamId: sales });
    await patch(conversationId, { teamId: null });
    // Saying the same again changes nothing and tells nothing.
    await patch(conversationId, { assigneeId: null, teamId: null });

    const agentParams = (to: { id: string; name: string } | null, from: { id: string; name: string } | null) => ({
      assigneeId: to?.id ?? null, assigneeName: to?.name ?? null, previousAssigneeId: from?.id ?? null, previousAssigneeName: from?.name ?? null, ...byMe(),
    });
    const teamParams = (to: [string, string] | null, from: [string, string] | null) => ({
      teamId: to?.[0] ?? null, teamName: to?.[1] ?? null, previousTeamId: from?.[0] ?? null, previousTeamName: from?.[1] ?? null, ...byMe(),
    });
    const A = { id: ana.id, name: `ana-${run}` };
    const B = { id: bo.id, name: `bo-${run}` };
    const T1: [string, string] = [billing, `Billing ${run}`];
    const T2: [string, string] = [sales, `Sales ${run}`];
    expect(await handLines(conversationId)).toEqual([
      line(`Assigned to ${A.name} by ${me.name}`, 'conversation.assigned', agentParams(A, null)),
      line(`Reassigned from ${A.name} to ${B.name} by ${me.name}`, 'conversation.assigned', agentParams(B, A)),
      line(`Unassigned from ${B.name} by ${me.name}`, 'conversation.assigned', agentParams(null, B)),
      line(`Moved to team ${T1[1]} by ${me.name}`, 'conversation.team_assigned', teamParams(T1, null)),
      line(`Moved from team ${T1[1]} to ${T2[1]} by ${me.name}`, 'conversation.team_assigned', teamParams(T2, T1)),
      line(`Removed from team ${T2[1]} by ${me.name}`, 'conversation.team_assigned', teamParams(null, T2)),
    ]);

    // Both at once: one line for each.
    await patch(conversationId, { assigneeId: ana.id, teamId: billing });
    expect((await handLines(conversationId)).slice(6).map((l) => l.meta.event).sort()).toEqual(['conversation.assigned', 'conversation.team_assigned']);

    // Activity lines are the agents' own: the visitor's thread has none of them, and none was queued for delivery.
    const visitorSees = (await api(server.url, 'GET', '/api/widget/messages', { token: visitorToken })).body.items as any[];
    expect(visitorSees.map((m) => m.body)).toEqual(['who will help me?']);
    expect(await rawRows(server, "select count(*)::int as n from messages where conversation_id = $1 and direction = 'activity' and status <> 'sent'", [conversationId])).toEqual([{ n: 0 }]);
  });

  it('writes nothing twice when the event is handed to the consumer again', async () => {
    const run = unique();
    const inbox = await newInbox(`Replay ${run}`);
    const ana = await createAgent(server, `replay-${run}@example.com`, [inbox.id]);
    const { conversationId } = await visitorWrites(server, inbox.widgetKey, 'replay me');
    await patch(conversationId, { assigneeId: ana.id });
    const before = await handLines(conversationId);
    expect(before).toHaveLength(1);
    const [event] = await rawRows(server, "select id, position, type, created_at, payload from events where conversation_id = $1 and type = 'conversation.updated' and payload->'changed' ? 'assigneeId'", [conversationId]);
    const consumer = server.app.ctx.bus.consumers.get(ASSIGNMENT_LINES_CONSUMER)!;
    const meta = { id: event.id, position: Number(event.position), type: event.type, createdAt: new Date(event.created_at) };
    await consumer.handle('conversation.updated', decodePayload('conversation.updated', event.payload), meta);
    await consumer.handle('conversation.updated', decodePayload('conversation.updated', event.payload), meta);
    expect(await handLines(conversationId)).toEqual(before);
  });

  it('names the rule that assigned, and says when auto-assignment did', async () => {
    const run = unique();
    const inbox = await newInbox(`Rules ${run}`);
    const ana = await createAgent(server, `rule-${run}@example.com`, [inbox.id]);
    const ruleName = `VIP to Ana ${run}`;
    const rule = await api(server.url, 'POST', '/api/rules', { token: admin, body: {
      name: ruleName, event: 'message.created', conditions: { all: [{ field: 'text', op: 'contains', value: `vip-${run}` }] },
      actions: [{ type: 'assign_agent', agentId: ana.id }],
    } });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    try {
      const { conversationId } = await visitorWrites(server, inbox.widgetKey, `I am vip-${run}`);
      await eventually(async () => (await handLines(conversationId)).length === 1, 10_000, 'the rule assigned');
      expect(await handLines(conversationId)).toEqual([line(`Assigned to rule-${run} by rule “${ruleName}”`, 'conversation.assigned', {
        assigneeId: ana.id, assigneeName: `rule-${run}`, previousAssigneeId: null, previousAssigneeName: null, by: 'rule', byId: rule.body.id, byName: ruleName,
      })]);
    } finally {
      await api(server.url, 'DELETE', `/api/rules/${rule.body.id}`, { token: admin });
    }

    // Auto-assignment: the one online member of the inbox gets the next conversation.
    const auto = await newInbox(`Auto ${run}`);
    const bo = await createAgent(server, `auto-${run}@example.com`, [auto.id]);
    expect((await api(server.url, 'PUT', `/api/assignment/policies/${auto.id}`, { token: admin, body: { mode: 'round_robin' } })).status).toBe(200);
    const socket = await connectSocket(server.url, '/agent', bo.token);
    try {
      const { conversationId } = await visitorWrites(server, auto.widgetKey, 'anyone there?');
      await eventually(async () => (await handLines(conversationId)).length === 1, 10_000, 'auto-assigned');
      expect(await handLines(conversationId)).toEqual([line(`Assigned to auto-${run} automatically`, 'conversation.assigned', {
        assigneeId: bo.id, assigneeName: `auto-${run}`, previousAssigneeId: null, previousAssigneeName: null, by: 'auto', byId: null, byName: null,
      })]);
    } finally {
      socket.close();
      await api(server.url, 'PUT', `/api/assignment/policies/${auto.id}`, { token: admin, body: { mode: 'off' } });
    }
  });
});

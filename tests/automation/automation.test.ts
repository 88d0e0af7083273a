import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../server/clock.js';
import { refreshSla } from '../../server/automation/sla-service.js';
import { api, connectSocket, createAgent, eventually, loginAdmin, startServer, websiteInbox, type TestServer } from '../support/server.js';
import { conversationRow, rawRows, visitorWrites } from './helpers.js';

let server: TestServer;
let admin: string;
let inbox: { id: string; widgetKey: string };

beforeAll(async () => {
  server = await startServer();
  admin = await loginAdmin(server.url);
  inbox = await websiteInbox(server.url, admin);
});
afterAll(async () => { await server?.close(); });

const runs = async (conversationId: string) => (await api(server.url, 'GET', `/api/automation/runs?conversationId=${conversationId}`, { token: admin })).body.items as any[];
const createRule = async (body: unknown) => {
  const r = await api(server.url, 'POST', '/api/rules', { token: admin, body });
  expect(r.status).toBe(201);
  return r.body.id as string;
};

describe('automation rules', () => {
  it('labels, prioritises and notes a matching message, and logs the run on the conversation', async () => {
    const ruleId = await createRule({
      name: 'Refunds to billing', event: 'message.created',
      conditions: { all: [{ field: 'text', op: 'contains', value: 'refund' }, { any: [{ field: 'channel', op: 'eq', value: 'web' }, { field: 'channel', op: 'eq', value: 'sms' }] }] },
      actions: [{ type: 'add_label', label: 'Refund' }, { type: 'set_priority', priority: 'high' }, { type: 'add_note', body: 'Check the order first' }],
    });
    const { conversationId } = await visitorWrites(server, inbox.widgetKey, 'I would like a REFUND for order 12');
    const other = await visitorWrites(server, inbox.widgetKey, 'Just saying hello');
    const c = await eventually(async () => { const row = await conversationRow(server, conversationId); return row.labels.includes('refund') && row.priority === 'high' && row; });
    expect(c.labels).toEqual(['refund']);
    const messages = (await api(server.url, 'GET', `/api/conversations/${conversationId}/messages`, { token: admin })).body.items;
    expect(messages.some((m: any) => m.private && m.body === 'Check the order first')).toBe(true);
    const log = await eventually(async () => (await runs(conversationId)).find((r) => r.ruleId === ruleId && r.outcome === 'applied'));
    expect(log.actions).toEqual(['label +Refund', 'priority high', 'note added']);
    expect((await conversationRow(server, other.conversationId)).labels).toEqual([]);
    await api(server.url, 'DELETE', `/api/rules/${ruleId}`, { token: admin });
  });

  it('a label the conversation already has is not written again when the rule matches the next message', async () => {
    const ruleId = await createRule({
      name: 'Tag espresso', event: 'message.created',
      conditions: { all: [{ field: 'text', op: 'contains', value: 'espresso' }] }, actions: [{ type: 'add_label', label: 'Coffee' }],
    });
    const labelWrites = async (conversationId: string) => (await rawRows(server,
      `select count(*)::int as n from events where type = 'conversation.updated' and conversation_id = $1 and payload->'changed' ? 'labels'`, [conversationId]))[0].n;
    const first = await visitorWrites(server, inbox.widgetKey, 'My espresso machine hums');
    await eventually(async () => (await conversationRow(server, first.conversationId)).labels.includes('coffee'));
    expect(await labelWrites(first.conversationId)).toBe(1);
    await api(server.url, 'POST', '/api/widget/messages', { token: first.visitorToken, body: { body: 'The espresso is cold too', clientId: `again-${Date.now()}` } });
    await eventually(async () => (await runs(first.conversationId)).filter((r) => r.ruleId === ruleId && r.outcome === 'applied').length === 2);
    await server.app.ctx.bus.drain();
    expect(await labelWrites(first.conversationId)).toBe(1);
    expect((await conversationRow(server, first.conversationId)).labels).toEqual(['coffee']);
    await api(server.url, 'DELETE', `/api/rules/${ruleId}`, { token: admin });
  });

  it('does not let a rule retrigger itself: "on every update, add a label" runs once per cascade', async () => {
    const { conversationId } = await visitorWrites(server, inbox.widgetKey, 'loop please');
    const ruleId = await createRule({ name: 'Tag on update', event: 'conversation.updated', actions: [{ type: 'add_label', label: 'touched' }] });
    await api(server.url, 'PATCH', `/api/conversations/${conversationId}`, { token: admin, body: { priority: 'low' } });
    await eventually(async () => (await runs(conversationId)).some((r) => r.ruleId === ruleId && r.outcome === 'skipped_loop'));
    await server.app.ctx.bus.drain();
    const mine = (await runs(conversationId)).filter((r) => r.ruleId === ruleId);
    expect(mine.filter((r) => r.outcome === 'applied')).toHaveLength(1);
    expect(mine.filter((r) => r.outcome === 'skipped_loop')).toHaveLength(1);
    expect((await conversationRow(server, conversationId)).labels).toEqual(['touched']);
    await api(server.url, 'DELETE', `/api/rules/${ruleId}`, { token: admin });
  });

  it('rejects a rule with an unknown condition field', async () => {
    const r = await api(server.url, 'POST', '/api/rules', { token: admin, body: { name: 'x', event: 'message.created', conditions: { all: [{ field: 'nope', op: 'eq', value: 1 }] }, actions: [{ type: 'mute' }] } });
    expect(r.status).toBe(400);
  });
});

describe('assignment', () => {
  it('round-robins among online members, hands unanswered work back on disconnect, gives the oldest waiting to whoever frees up', async () => {
    // An inbox of its own, so conversations left open by other tests do not queue ahead.
    const created = await api(server.url, 'POST', '/api/inboxes', { token: admin, body: { name: 'Sales', channel: 'web', config: {} } });
    const inbox = { id: created.body.id as string, widgetKey: created.body.widgetKey as string };
    const a = await createAgent(server, 'ana@example.com', [inbox.id]);
    const b = await createAgent(server, 'ben@example.com', [inbox.id]);
    await createAgent(server, 'offline@example.com', [inbox.id]); // member, never online: gets nothing
    const put = await api(server.url, 'PUT', `/api/assignment/policies/${inbox.id}`, { token: admin, body: { mode: 'round_robin', capacity: 1 } });
    expect(put.status).toBe(200);
    const sa = await connectSocket(server.url, '/agent', a.token);
    const sb = await connectSocket(server.url, '/agent', b.token);
    try {
      const assignee = (id: string) => eventually(async () => (await conversationRow(server, id)).assigneeId, 10_000, 'assigned');
      const c1 = (await visitorWrites(server, inbox.widgetKey, 'one')).conversationId;
      const first = await assignee(c1);
      const c2 = (await visitorWrites(server, inbox.widgetKey, 'two')).conversationId;
      const second = await assignee(c2);
      expect(new Set([first, second])).toEqual(new Set([a.id, b.id]));
      // Both are at capacity (1): these two wait, oldest first.
      const c3 = (await visitorWrites(server, inbox.widgetKey, 'three')).conversationId;
      const c4 = (await visitorWrites(server, inbox.widgetKey, 'four')).conversationId;
      await server.app.ctx.bus.drain();
      expect((await conversationRow(server, c3)).assigneeId).toBeNull();
      // Whoever held c1 resolves it: the oldest waiting conversation (c3) goes to them, not c4.
      await api(server.url, 'PATCH', `/api/conversations/${c1}`, { token: admin, body: { status: 'resolved' } });
      expect(await assignee(c3)).toBe(first);
      expect((await conversationRow(server, c4)).assigneeId).toBeNull();
      // That agent goes offline with c3 unanswered: it goes back; the other agent is full, so it waits.
      (first === a.id ? sa : sb).close();
      await eventually(async () => (await conversationRow(server, c3)).assigneeId === null || null, 10_000, 'handed back');
      // The other agent resolves c2 and takes c3 (older than c4).
      await api(server.url, 'PATCH', `/api/conversations/${c2}`, { token: admin, body: { status: 'resolved' } });
      expect(await assignee(c3)).toBe(second);
      expect((await conversationRow(server, c4)).assigneeId).toBeNull();
    } finally {
      sa.close();
      sb.close();
      await api(server.url, 'PUT', `/api/assignment/policies/${inbox.id}`, { token: admin, body: { mode: 'off' } });
    }
  });
});

describe('SLA with business hours and a fake clock', () => {
  it('applies a policy by rule, shows live time left across a weekend, breaches on Monday and lets a rule react', async () => {
    const clock = new ManualClock(new Date('2024-03-08T21:30:00Z')); // Friday 16:30 in New York
    server.app.ctx.clock = clock;
    const weekdays = [1, 2, 3, 4, 5].map((day) => ({ day, open: '09:00', close: '17:00' }));
    expect((await api(server.url, 'PUT', `/api/inbox-schedules/${inbox.id}`, { token: admin, body: { timeZone: 'America/New_York', weekly: weekdays } })).status).toBe(200);
    const policy = await api(server.url, 'POST', '/api/sla/policies', { token: admin, body: { name: 'Gold', firstResponseMinutes: 60, businessHours: true } });
    const applyRule = await createRule({ name: 'Gold SLA', event: 'conversation.created', conditions: { all: [{ field: 'text', op: 'absent' }] }, actions: [{ type: 'apply_sla', policyId: policy.body.id }] });
    const breachRule = await createRule({ name: 'Escalate breaches', event: 'sla.breached', conditions: { all: [{ field: 'sla.target', op: 'eq', value: 'first_response' }] }, actions: [{ type: 'set_priority', priority: 'urgent' }] });
    try {
      const { conversationId } = await visitorWrites(server, inbox.widgetKey, 'urgent-ish question');
      await eventually(async () => (await rawRows(server, 'select 1 from conversation_slas where conversation_id = $1', [conversationId])).length > 0);
      await server.app.ctx.bus.drain();
      // The conversation began at the fake "now".
      await rawRows(server, 'update conversations set created_at = $2 where id = $1', [conversationId, clock.now()]);
      await refreshSla(server.app.ctx, conversationId);
      const view = async () => (await api(server.url, 'GET', `/api/sla/conversations/${conversationId}`, { token: admin })).body.sla;
      expect((await view()).targets[0]).toMatchObject({ target: 'first_response', dueAt: '2024-03-11T13:30:00.000Z', secondsLeft: 3600, state: 'ok' });
      const jobs = await rawRows(server, "select count(*)::int as n from pgboss.job where name = 'sla-check' and data->>'conversationId' = $1", [conversationId]);
      expect(jobs[0].n).toBeGreaterThan(0);

      clock.set('2024-03-10T18:00:00Z'); // Sunday: only Monday's half hour is left
      expect((await view()).targets[0]).toMatchObject({ secondsLeft: 1800, state: 'ok' });
      clock.set('2024-03-11T13:20:00Z'); // Monday 09:20 EDT
      const atRisk = await api(server.url, 'GET', '/api/sla/conversations?state=at_risk', { token: admin });
      expect(atRisk.body.items.map((i: any) => i.conversationId)).toContain(conversationId);

      clock.set('2024-03-11T13:31:00Z');
      await refreshSla(server.app.ctx, conversationId); // what the timer job runs
      const breached = await api(server.url, 'GET', '/api/sla/conversations?state=breached', { token: admin });
      expect(breached.body.items.map((i: any) => i.conversationId)).toContain(conversationId);
      await eventually(async () => (await conversationRow(server, conversationId)).priority === 'urgent');
      // A second look does not breach again.
      await refreshSla(server.app.ctx, conversationId);
      await server.app.ctx.bus.drain();
      expect((await runs(conversationId)).filter((r) => r.ruleId === breachRule && r.outcome === 'applied')).toHaveLength(1);
    } finally {
      for (const id of [applyRule, breachRule]) await api(server.url, 'DELETE', `/api/rules/${id}`, { token: admin });
      await api(server.url, 'PUT', `/api/inbox-schedules/${inbox.id}`, { token: admin, body: { timeZone: 'UTC', weekly: [] } });
    }
  });
});

describe('contact rules', () => {
  it('a contact.updated rule acts on the contact\'s open conversation', async () => {
    const { conversationId, contactId } = await visitorWrites(server, inbox.widgetKey, 'hi, I changed my name');
    const ruleId = await createRule({ name: 'Renamed', event: 'contact.updated', actions: [{ type: 'add_label', label: 'renamed' }] });
    try {
      expect((await api(server.url, 'PATCH', `/api/contacts/${contactId}`, { token: admin, body: { name: 'New Name' } })).status).toBe(200);
      await eventually(async () => (await conversationRow(server, conversationId)).labels.includes('renamed'));
    } finally {
      await api(server.url, 'DELETE', `/api/rules/${ruleId}`, { token: admin });
    }
  });
});

describe('patches and schedules', () => {
  it('a patch changes only what it names, and an empty patch is refused', async () => {
    const policy = await api(server.url, 'POST', '/api/sla/policies', { token: admin, body: { name: 'Silver', firstResponseMinutes: 30, businessHours: true } });
    const renamed = await api(server.url, 'PATCH', `/api/sla/policies/${policy.body.id}`, { token: admin, body: { name: 'Silver+' } });
    expect(renamed.body).toMatchObject({ name: 'Silver+', firstResponseMinutes: 30, businessHours: true });
    expect((await api(server.url, 'PATCH', `/api/sla/policies/${policy.body.id}`, { token: admin, body: {} })).status).toBe(400);

    const conditions = { all: [{ field: 'text', op: 'contains', value: 'invoice' }] };
    const ruleId = await createRule({ name: 'Invoices', event: 'message.created', conditions, actions: [{ type: 'add_label', label: 'invoice' }] });
    try {
      const patched = await api(server.url, 'PATCH', `/api/rules/${ruleId}`, { token: admin, body: { name: 'Invoice questions' } });
      expect(patched.body).toMatchObject({ name: 'Invoice questions', conditions });
      expect((await api(server.url, 'PATCH', `/api/rules/${ruleId}`, { token: admin, body: {} })).status).toBe(400);
      const field = await api(server.url, 'POST', '/api/crm/fields', { token: admin, body: { entity: 'contact', key: 'tier', label: 'Tier', type: 'text' } });
      const empty = await api(server.url, 'PATCH', `/api/crm/fields/${field.body.id}`, { token: admin, body: {} });
      expect(empty.status).toBe(400);
      expect(empty.body.error.code).toBe('bad_request');
    } finally {
      await api(server.url, 'DELETE', `/api/rules/${ruleId}`, { token: admin });
    }
  });

  it('an inbox schedule is visible to the inbox members and admins only; an unknown inbox is 404', async () => {
    const week = [{ day: 1, open: '08:00', close: '16:00' }];
    expect((await api(server.url, 'PUT', `/api/inbox-schedules/${inbox.id}`, { token: admin, body: { timeZone: 'Europe/Berlin', weekly: week } })).status).toBe(200);
    try {
      const member = await createAgent(server, 'schedule-member@example.com', [inbox.id]);
      const outsider = await createAgent(server, 'schedule-outsider@example.com', []);
      const read = (token: string, id = inbox.id) => api(server.url, 'GET', `/api/inbox-schedules/${id}`, { token });
      expect((await read(member.token)).body).toMatchObject({ timeZone: 'Europe/Berlin', weekly: week });
      expect((await read(admin)).status).toBe(200);
      expect((await read(outsider.token)).status).toBe(404);
      expect((await read(admin, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    } finally {
      await api(server.url, 'PUT', `/api/inbox-schedules/${inbox.id}`, { token: admin, body: { timeZone: 'UTC', weekly: [] } });
    }
  });
});

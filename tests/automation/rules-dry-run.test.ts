// "Test on a past conversation": a drafted rule is evaluated against a stored conversation with the values each
// condition saw, nothing on the conversation changes, and bad drafts or unknown conversations get clear 4xx answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, loginAdmin, startServer, websiteInbox, type TestServer } from '../support/server.js';
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

const dryRun = (body: unknown) => api(server.url, 'POST', '/api/rules/dry-run', { token: admin, body });

describe('rule dry run', () => {
  const rule = {
    name: 'Refunds', event: 'message.created',
    conditions: { all: [{ field: 'text', op: 'contains', value: 'refund' }, { any: [{ field: 'channel', op: 'eq', value: 'email' }, { field: 'priority', op: 'eq', value: 'none' }] }] },
    actions: [{ type: 'add_label', label: 'billing' }, { type: 'set_priority', priority: 'high' }],
  };

  it('reports each condition with the value it saw and the actions that would run, changing nothing', async () => {
    const { conversationId } = await visitorWrites(server, inbox.widgetKey, 'Where is my REFUND?');
    const before = await conversationRow(server, conversationId);
    const r = await dryRun({ rule, conversationId });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.matched).toBe(true);
    expect(r.body.triggerMessage.body).toBe('Where is my REFUND?');
    expect(r.body.checks).toEqual({
      mode: 'all', holds: true, items: [
        { field: 'text', op: 'contains', value: 'refund', actual: 'Where is my REFUND?', holds: true },
        { mode: 'any', holds: true, items: [
          { field: 'channel', op: 'eq', value: 'email', actual: 'web', holds: false },
          { field: 'priority', op: 'eq', value: 'none', actual: before.priority, holds: before.priority === 'none' },
        ] },
      ],
    });
    expect(r.body.actions).toEqual(rule.actions);
    const after = await conversationRow(server, conversationId);
    expect({ labels: after.labels, priority: after.priority, status: after.status }).toEqual({ labels: before.labels, priority: before.priority, status: before.status });
    expect(await rawRows(server, 'select * from automation_runs where conversation_id = $1', [conversationId])).toEqual([]);
  });

  it('says when a rule would not match and lists no actions', async () => {
    const { conversationId } = await visitorWrites(server, inbox.widgetKey, 'Just saying hello');
    const r = await dryRun({ rule, conversationId });
    expect(r.status).toBe(200);
    expect(r.body.matched).toBe(false);
    expect(r.body.checks.items[0]).toEqual({ field: 'text', op: 'contains', value: 'refund', actual: 'Just saying hello', holds: false });
    expect(r.body.actions).toEqual([]);
  });

  it('answers 400 with the field for a bad draft and 404 for an unknown conversation', async () => {
    const { conversationId } = await visitorWrites(server, inbox.widgetKey, 'hi');
    const bad = await dryRun({ rule: { ...rule, actions: [] }, conversationId });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields ?? {}).join(' ')).toContain('actions');
    const missing = await dryRun({ rule, conversationId: '00000000-0000-4000-8000-000000000000' });
    expect(missing.status).toBe(404);
    const agentOnly = await api(server.url, 'POST', '/api/rules/dry-run', { body: { rule, conversationId } });
    expect(agentOnly.status).toBe(401);
  });
});

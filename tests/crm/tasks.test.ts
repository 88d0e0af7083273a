import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connectSocket, eventually, loginAdmin, newVisitor, nextEvent, startServer, websiteInbox, type TestServer } from '../support/server.js';

let server: TestServer;
let admin: string;
let adminId: string;
let widgetKey: string;
let fakeNow = Date.parse('2030-03-04T09:00:00Z');
const MIN = 60_000;

beforeAll(async () => {
  server = await startServer();
  admin = await loginAdmin(server.url);
  adminId = (await api(server.url, 'GET', '/api/auth/me', { token: admin })).body.agent.id;
  ({ widgetKey } = await websiteInbox(server.url, admin));
  server.app.ctx.clock = { now: () => new Date(fakeNow) };
});
afterAll(async () => { await server?.close(); });

describe('tasks and reminders', () => {
  it('fires a reminder at its due time, live on the assignee\'s agent socket, and lists it as due today then overdue', async () => {
    const { contactId } = await newVisitor(server.url, widgetKey, { name: 'Mina', email: 'mina@globex.test' });
    const socket = await connectSocket(server.url, '/agent', admin);
    try {
      const created = await api(server.url, 'POST', '/api/crm/tasks', { token: admin, body: { contactId, title: 'Call Mina about the quote', note: 'She asked for a call', dueAt: new Date(fakeNow + 30 * MIN).toISOString() } });
      expect(created.status).toBe(201);
      expect(created.body.assigneeId).toBe(adminId);
      const today = (await api(server.url, 'GET', '/api/crm/tasks?view=today&mine=1&tz=UTC', { token: admin })).body.items;
      expect(today.map((t: any) => t.id)).toEqual([created.body.id]);

      fakeNow += 20 * MIN; // not due yet
      expect((await api(server.url, 'POST', '/api/crm/tasks/run-due', { token: admin })).body.reminded).toEqual([]);

      fakeNow += 11 * MIN; // one minute past due
      const live = nextEvent(socket, 'task.reminder', (p: any) => p.task.id === created.body.id);
      expect((await api(server.url, 'POST', '/api/crm/tasks/run-due', { token: admin })).body.reminded).toEqual([created.body.id]);
      const { task } = await live;
      expect(task).toMatchObject({ title: 'Call Mina about the quote', note: 'She asked for a call', status: 'open' });

      const overdue = (await api(server.url, 'GET', '/api/crm/tasks?view=overdue&mine=1', { token: admin })).body.items;
      expect(overdue.map((t: any) => t.id)).toEqual([created.body.id]);
      // Reminded once only.
      expect((await api(server.url, 'POST', '/api/crm/tasks/run-due', { token: admin })).body.reminded).toEqual([]);
      const done = await api(server.url, 'PATCH', `/api/crm/tasks/${created.body.id}`, { token: admin, body: { status: 'done' } });
      expect(done.body.status).toBe('done');
      const timeline = (await api(server.url, 'GET', `/api/crm/contacts/${contactId}/timeline`, { token: admin })).body.items.filter((t: any) => t.kind === 'task');
      expect(timeline.map((t: any) => t.summary)).toEqual(['Task done: Call Mina about the quote', 'Task: Call Mina about the quote']);
      const dueAt = new Date(created.body.dueAt).toISOString();
      expect(timeline.map((t: any) => t.data)).toEqual([
        { taskId: created.body.id, event: 'done', key: 'task.done', params: { title: 'Call Mina about the quote' } },
        { taskId: created.body.id, event: 'created', dueAt, key: 'task.created', params: { title: 'Call Mina about the quote', dueAt } },
      ]);
    } finally {
      socket.close();
    }
  });

  it('turns "snooze until the customer replies or 3 days" into a reminder that the reply completes', async () => {
    const v = await newVisitor(server.url, widgetKey, { name: 'Olu' });
    const sent = await api(server.url, 'POST', '/api/widget/messages', { token: v.visitorToken, body: { body: 'I will check with my team', clientId: 'snooze-1' } });
    const conversationId = sent.body.conversationId;
    const until = new Date(fakeNow + 3 * 24 * 60 * MIN).toISOString();
    const snoozed = await api(server.url, 'PATCH', `/api/conversations/${conversationId}`, { token: admin, body: { status: 'snoozed', snoozedUntil: until } });
    expect(snoozed.status).toBe(200);
    const reminder = await eventually(async () => (await api(server.url, 'GET', `/api/crm/tasks?conversationId=${conversationId}`, { token: admin })).body.items[0], 10_000, 'snooze reminder');
    expect(reminder).toMatchObject({ kind: 'snooze', dueAt: until, status: 'open', contactId: v.contactId, assigneeId: adminId });

    await api(server.url, 'POST', '/api/widget/messages', { token: v.visitorToken, body: { body: 'Team says yes!', clientId: 'snooze-2' } });
    await eventually(async () => (await api(server.url, 'GET', `/api/crm/tasks?conversationId=${conversationId}&view=all`, { token: admin })).body.items[0].status === 'done', 10_000, 'reminder completed by the reply');
  });
});

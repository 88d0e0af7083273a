import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connectSocket, createAgent, eventually, loginAdmin, nextEvent, startServer, type TestServer } from '../support/server.js';
import { conversationRow, visitorWrites } from './helpers.js';

let server: TestServer;
let admin: string;

beforeAll(async () => {
  server = await startServer();
  admin = await loginAdmin(server.url);
});
afterAll(async () => { await server?.close(); });

const unique = () => Math.random().toString(36).slice(2, 8);

describe('agent availability', () => {
  it('is stored on the agent, read back by /me and the directory, and pushed to other agents', async () => {
    const run = unique();
    const a = await createAgent(server, `avail-a-${run}@example.com`, []);
    const b = await createAgent(server, `avail-b-${run}@example.com`, []);
    expect((await api(server.url, 'GET', '/api/agents/me', { token: a.token })).body.availability).toBe('online');
    const watcher = await connectSocket(server.url, '/agent', b.token);
    try {
      const pushed = nextEvent(watcher, 'agent.updated', (p: any) => p.agent.id === a.id);
      const r = await api(server.url, 'PATCH', '/api/agents/me', { token: a.token, body: { availability: 'busy' } });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ id: a.id, availability: 'busy', name: `avail-a-${run}`, email: `avail-a-${run}@example.com` });
      expect((await pushed).agent).toEqual({ id: a.id, name: `avail-a-${run}`, avatarUrl: null, availability: 'busy', online: false });
      expect((await api(server.url, 'GET', '/api/agents/me', { token: a.token })).body.availability).toBe('busy');
      expect((await api(server.url, 'GET', '/api/auth/me', { token: a.token })).body.agent.availability).toBe('busy');
      const listed = (await api(server.url, 'GET', '/api/agents', { token: b.token })).body.find((x: any) => x.id === a.id);
      expect(listed).toMatchObject({ availability: 'busy', online: false });
      // A change of availability leaves every other field as stored.
      expect(r.body.locale).toBeNull();
    } finally {
      watcher.close();
    }
  });

  it('refuses an unknown availability or field with a 400 naming it, and changes nothing', async () => {
    const a = await createAgent(server, `avail-bad-${unique()}@example.com`, []);
    const bad = await api(server.url, 'PATCH', '/api/agents/me', { token: a.token, body: { availability: 'sleeping' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toHaveProperty('availability');
    const extra = await api(server.url, 'PATCH', '/api/agents/me', { token: a.token, body: { role: 'admin' } });
    expect(extra.status).toBe(400);
    const me = (await api(server.url, 'GET', '/api/agents/me', { token: a.token })).body;
    expect(me).toMatchObject({ availability: 'online', role: 'agent' });
    expect((await api(server.url, 'PATCH', '/api/agents/me', { body: { availability: 'away' } })).status).toBe(401);
  });

  it('auto-assignment gives new conversations only to online agents; away keeps what it holds', async () => {
    const run = unique();
    const created = await api(server.url, 'POST', '/api/inboxes', { token: admin, body: { name: `Availability ${run}`, channel: 'web', config: {} } });
    const inbox = { id: created.body.id as string, widgetKey: created.body.widgetKey as string };
    const a = await createAgent(server, `rr-a-${run}@example.com`, [inbox.id]);
    const b = await createAgent(server, `rr-b-${run}@example.com`, [inbox.id]);
    const c = await createAgent(server, `rr-c-${run}@example.com`, [inbox.id]);
    expect((await api(server.url, 'PUT', `/api/assignment/policies/${inbox.id}`, { token: admin, body: { mode: 'round_robin' } })).status).toBe(200);
    const sockets = await Promise.all([a, b, c].map((x) => connectSocket(server.url, '/agent', x.token)));
    try {
      const assignee = (id: string) => eventually(async () => (await conversationRow(server, id)).assigneeId, 10_000, 'assigned');
      // The agent who will step away first holds one conversation.
      expect((await api(server.url, 'PATCH', '/api/agents/me', { token: a.token, body: { availability: 'away' } })).status).toBe(200);
      expect((await api(server.url, 'PATCH', '/api/agents/me', { token: b.token, body: { availability: 'away' } })).status).toBe(200);
      const held = (await visitorWrites(server, inbox.widgetKey, 'first')).conversationId;
      expect(await assignee(held)).toBe(c.id);
      expect((await api(server.url, 'PATCH', '/api/agents/me', { token: a.token, body: { availability: 'online' } })).status).toBe(200);
      expect((await api(server.url, 'PATCH', '/api/agents/me', { token: b.token, body: { availability: 'online' } })).status).toBe(200);
      expect((await api(server.url, 'PATCH', '/api/agents/me', { token: c.token, body: { availability: 'away' } })).status).toBe(200);

      const counts = new Map<string, number>();
      for (let i = 0; i < 6; i++) {
        const id = (await visitorWrites(server, inbox.widgetKey, `message ${i}`)).conversationId;
        const who = await assignee(id);
        counts.set(who, (counts.get(who) ?? 0) + 1);
      }
      expect(Object.fromEntries(counts)).toEqual({ [a.id]: 3, [b.id]: 3 });
      // Stepping away hands nothing back.
      expect((await conversationRow(server, held)).assigneeId).toBe(c.id);

      // Busy is the same as away for new work; back online, the agent is in the turn again.
      expect((await api(server.url, 'PATCH', '/api/agents/me', { token: a.token, body: { availability: 'busy' } })).status).toBe(200);
      expect((await api(server.url, 'PATCH', '/api/agents/me', { token: c.token, body: { availability: 'online' } })).status).toBe(200);
      const next = [];
      for (let i = 0; i < 2; i++) next.push(await assignee((await visitorWrites(server, inbox.widgetKey, `later ${i}`)).conversationId));
      expect(new Set(next)).toEqual(new Set([b.id, c.id]));
    } finally {
      for (const s of sockets) s.close();
      await api(server.url, 'PUT', `/api/assignment/policies/${inbox.id}`, { token: admin, body: { mode: 'off' } });
    }
  });
});

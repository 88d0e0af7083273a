// Every agent-facing route, found from the live router stack, refuses an agent who is not a member of
// the inbox the ids belong to: 404 (the thing "does not exist" for them) or 403 on admin-only routes.
// Never a 200, never a 500, and list routes never carry the other inbox's data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { api, connectSocket, createAgent, loginAdmin, newVisitor, nextEvent, startServer, websiteInbox, type TestServer } from '../support/server.js';
import { requiredScope } from '../../server/automation/api-tokens.js';
import { PUBLIC_ROUTES, SOCKET_EVENTS } from '../../server/auth/policy.js';
import { listRoutes, type RouteInfo } from './routes.js';

// Not for agents: the widget (visitor token, or its public key) and the routes public by design.
const PUBLIC = [/^\/api\/widget\//, ...PUBLIC_ROUTES.map((p) => p.pattern)];
const BUILT_IN_SOCKET_EVENTS = new Set(['disconnect', 'disconnecting', 'error']);
const SECRET_TEXT = 'only-members-may-read-this';

describe('inbox isolation on every agent route', () => {
  let s: TestServer;
  let routes: RouteInfo[];
  let outsider: { id: string; token: string };
  let member: { id: string; token: string };
  let narrowToken: string;
  let visitorToken: string;
  let allRoutes: RouteInfo[];
  let admin: string;
  let privateWidgetKey: string;
  const sockets: Socket[] = [];
  const foreign = { inboxId: '', conversationId: '', contactId: '', messageId: '' };

  beforeAll(async () => {
    s = await startServer();
    admin = await loginAdmin(s.url);
    const website = await websiteInbox(s.url, admin);
    const priv = await api(s.url, 'POST', '/api/inboxes', { token: admin, body: { name: 'Private', channel: 'web', config: {} } });
    expect(priv.status).toBe(201);
    foreign.inboxId = priv.body.id;
    privateWidgetKey = priv.body.widgetKey;
    const visitor = await newVisitor(s.url, priv.body.widgetKey, { name: 'Hidden Person' });
    const sent = await api(s.url, 'POST', '/api/widget/messages', { token: visitor.visitorToken, body: { body: SECRET_TEXT, clientId: 'c1' } });
    expect(sent.status).toBe(200);
    foreign.conversationId = sent.body.conversationId;
    foreign.contactId = visitor.contactId;
    foreign.messageId = sent.body.message.id;
    outsider = await createAgent(s, 'outsider@example.com', [website.id]);
    member = await createAgent(s, 'member@example.com', [website.id, foreign.inboxId]);
    visitorToken = visitor.visitorToken;
    narrowToken = (await api(s.url, 'POST', '/api/tokens', { token: admin, body: { name: 'reports', scopes: ['reports:read'] } })).body.token;
    allRoutes = listRoutes(s);
    routes = listRoutes(s).filter((r) => r.path.startsWith('/api/') && !PUBLIC.some((p) => p.test(r.path)));
    expect(routes.length).toBeGreaterThan(50);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await s?.close();
  });

  const socketFor = async (namespace: '/agent' | '/widget', token: string) => {
    const socket = await connectSocket(s.url, namespace, token);
    sockets.push(socket);
    return socket;
  };
  const ask = (socket: Socket, event: string, payload: unknown) => socket.timeout(10_000).emitWithAck(event, payload);

  /** Fills path parameters with ids from the inbox the outsider may not see (unknown ids where none fits). */
  function fill(path: string): string {
    const unknown = '00000000-0000-4000-8000-000000000000';
    return path.replace(/:(\w+)/g, (_m, name: string, offset: number) => {
      const before = path.slice(0, offset);
      if (name === 'inboxId') return foreign.inboxId;
      if (name === 'messageId') return foreign.messageId;
      if (name !== 'id') return unknown;
      if (/\/conversations\/$/.test(before)) return foreign.conversationId;
      if (/\/contacts\/$/.test(before)) return foreign.contactId;
      if (/\/inboxes\/$/.test(before)) return foreign.inboxId;
      return unknown;
    });
  }

  it('every route has a decision: a guard that asks it, or a stated reason to be public', () => {
    const undecided = allRoutes.filter((r) => !r.guard && !PUBLIC_ROUTES.some((p) => p.pattern.test(r.path))).map((r) => `${r.method} ${r.path}`);
    expect(undecided).toEqual([]);
    // And the public list names only routes that exist, so it cannot quietly cover a future one.
    for (const p of PUBLIC_ROUTES) expect(allRoutes.some((r) => p.pattern.test(r.path)), String(p.pattern)).toBe(true);
  });

  it('every socket event a handler listens to has a decision', async () => {
    for (const [namespace, token] of [['/agent', member.token], ['/widget', visitorToken]] as const) {
      const client = await socketFor(namespace, token);
      const server = [...s.app.io.of(namespace).sockets.values()].find((x) => x.id === client.id)!;
      const events = server.eventNames().map(String).filter((e) => !BUILT_IN_SOCKET_EVENTS.has(e));
      expect(events.length, namespace).toBeGreaterThan(0);
      expect(events.filter((e) => !Object.hasOwn(SOCKET_EVENTS[namespace], e)), namespace).toEqual([]);
    }
  });

  it('matrix: visitors, narrow API tokens and cross-site cookies on every agent route', async () => {
    const wrong: string[] = [];
    const otherOrigin = s.url.replace(/:(\d+)$/, (_m, p) => `:${Number(p) + 1}`);
    for (const r of routes.filter((x) => x.path !== '/api/auth/logout')) {
      const path = fill(r.path);
      const body = r.method === 'GET' ? {} : { body: {} };
      const asVisitor = await api(s.url, r.method, path, { token: visitorToken, ...body });
      if (asVisitor.status !== 401) wrong.push(`visitor ${r.method} ${r.path} -> ${asVisitor.status}`);
      const scope = requiredScope(r.method, r.path.replace(/^\/api/, ''));
      const asNarrow = await api(s.url, r.method, path, { token: narrowToken, ...body });
      const narrowMayPass = scope === null || scope === 'reports:read';
      if (!narrowMayPass && asNarrow.status !== 403) wrong.push(`reports:read token ${r.method} ${r.path} -> ${asNarrow.status}`);
      if (r.method !== 'GET') {
        const crossSite = await api(s.url, r.method, path, { ...body, headers: { cookie: `sb_token=${member.token}`, origin: otherOrigin } });
        if (crossSite.status !== 403) wrong.push(`cross-site cookie ${r.method} ${r.path} -> ${crossSite.status}`);
      }
      // A member of both inboxes is never refused for who they are on a route for agents.
      if (!r.adminOnly) {
        const asMember = await api(s.url, r.method, path, { token: member.token, ...body });
        if (asMember.status === 401 || asMember.status === 403 || asMember.status >= 500) wrong.push(`member ${r.method} ${r.path} -> ${asMember.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('matrix: socket events by principal kind and membership', async () => {
    // Who may connect at all.
    await expect(connectSocket(s.url, '/agent', narrowToken)).rejects.toThrow(/forbidden/);
    await expect(connectSocket(s.url, '/agent', visitorToken)).rejects.toThrow(/unauthorized/);
    await expect(connectSocket(s.url, '/widget', member.token)).rejects.toThrow(/unauthorized/);
    await expect(connectSocket(s.url, '/agent', 'sb_nobody')).rejects.toThrow(/unauthorized/);
    // Each agent event: a member is let through, a non-member finds nothing; unknown events are refused.
    const inside = await socketFor('/agent', member.token);
    const outside = await socketFor('/agent', outsider.token);
    const payloads: Record<string, unknown> = {
      'conversation.join': foreign.conversationId, 'conversation.leave': foreign.conversationId,
      typing: { conversationId: foreign.conversationId, on: false }, 'presence.view': { conversationId: foreign.conversationId },
    };
    for (const event of Object.keys(SOCKET_EVENTS['/agent']).filter((e) => e !== 'connect')) {
      expect(Object.hasOwn(payloads, event), `a payload for ${event}`).toBe(true);
    }
    expect(await ask(inside, 'conversation.join', foreign.conversationId)).toEqual({ ok: true });
    expect(await ask(outside, 'conversation.join', foreign.conversationId)).toMatchObject({ error: { code: 'not_found' } });
    expect(await ask(inside, 'typing', payloads.typing)).toEqual({ ok: true });
    expect(await ask(outside, 'typing', payloads.typing)).toMatchObject({ error: { code: 'not_found' } });
    expect(await ask(inside, 'made.up', {})).toMatchObject({ error: { code: 'unknown_event' } });
    expect(await ask(outside, 'made.up', {})).toMatchObject({ error: { code: 'unknown_event' } });
  });

  it('unauthenticated callers get 401 everywhere', async () => {
    const wrong: string[] = [];
    // Signing out without a session is a harmless no-op.
    for (const r of routes.filter((x) => x.path !== '/api/auth/logout')) {
      const res = await api(s.url, r.method, fill(r.path), r.method === 'GET' ? {} : { body: {} });
      if (res.status !== 401) wrong.push(`${r.method} ${r.path} -> ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('a non-member agent gets 404 (or 403 on admin-only routes) for the other inbox, and never sees its data', async () => {
    const wrong: string[] = [];
    // Signing out would end the session this loop runs on.
    for (const r of routes.filter((x) => x.path !== '/api/auth/logout')) {
      const res = await api(s.url, r.method, fill(r.path), { token: outsider.token, ...(r.method === 'GET' ? {} : { body: {} }) });
      const text = JSON.stringify(res.body);
      const label = `${r.method} ${r.path} -> ${res.status}`;
      if (res.status >= 500) wrong.push(`${label} (server error)`);
      else if (/:\w+/.test(r.path)) {
        const ok = res.status === 404 || (res.status === 403 && r.adminOnly);
        if (!ok) wrong.push(`${label} ${text.slice(0, 120)}`);
      } else if (r.adminOnly && res.status !== 403) wrong.push(`${label} (admin only)`);
      if ([foreign.conversationId, foreign.contactId, foreign.inboxId, SECRET_TEXT, 'Hidden Person'].some((v) => text.includes(v))) {
        wrong.push(`${label} leaks the other inbox's data`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('agent socket events follow the REST rule: the other inbox\'s conversations do not exist', async () => {
    const out = await socketFor('/agent', outsider.token);
    expect(await ask(out, 'conversation.join', foreign.conversationId)).toMatchObject({ error: { code: 'not_found' } });
    expect(await ask(out, 'typing', { conversationId: foreign.conversationId, on: true })).toMatchObject({ error: { code: 'not_found' } });

    // Admins watch the conversation; the outsider's leave, view and typing must not reach them.
    const watcher = await socketFor('/agent', admin);
    expect(await ask(watcher, 'conversation.join', foreign.conversationId)).toEqual({ ok: true });
    const seen: { agents: { id: string }[] }[] = [];
    watcher.on('presence.state', (p) => seen.push(p));
    expect(await ask(out, 'conversation.leave', foreign.conversationId)).toEqual({ ok: true });
    expect(await ask(out, 'typing', { conversationId: foreign.conversationId, on: true })).toMatchObject({ error: { code: 'not_found' } });
    out.emit('presence.view', { conversationId: foreign.conversationId });
    out.emit('presence.view', { conversationId: '-'.repeat(36) });
    const state = nextEvent(watcher, 'presence.state', (p: { agents: unknown[] }) => p.agents.length > 0);
    watcher.emit('presence.view', { conversationId: foreign.conversationId });
    expect((await state).agents.map((a: any) => a.id)).not.toContain(outsider.id);
    expect(seen.flatMap((p) => p.agents.map((a) => a.id))).not.toContain(outsider.id);
    expect((await api(s.url, 'GET', '/healthz')).status).toBe(200);
  });

  it('a visitor cannot announce typing in someone else\'s conversation', async () => {
    const watcher = await socketFor('/agent', admin);
    const other = await newVisitor(s.url, privateWidgetKey);
    const own = await api(s.url, 'POST', '/api/widget/messages', { token: other.visitorToken, body: { body: 'mine', clientId: 'o1' } });
    const visitorSocket = await socketFor('/widget', other.visitorToken);
    const spoofed = nextEvent(watcher, 'typing', (p: { contactId: string; conversationId: string | null }) => p.contactId === other.contactId);
    visitorSocket.emit('typing', { conversationId: foreign.conversationId, on: true });
    expect((await spoofed).conversationId).toBeNull();
    const honest = nextEvent(watcher, 'typing', (p: { contactId: string; on: boolean; conversationId: string | null }) => p.contactId === other.contactId && !p.on);
    visitorSocket.emit('typing', { conversationId: own.body.conversationId, on: false });
    expect((await honest).conversationId).toBe(own.body.conversationId);
  });
});

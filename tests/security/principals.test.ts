// The holes an outside test found in how credentials are judged: a scoped API token let through by the
// cookie, cookie-carried changes from another origin, sockets outliving sign-out and membership, rate limits
// keyed on unverified headers, and the audit log missing a path written in another case.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { io as ioClient } from 'socket.io-client';
import { api, connectSocket, createAgent, eventually, loginAdmin, newVisitor, nextEvent, startServer, websiteInbox, type TestServer } from '../support/server.js';

describe('one decision for every carrier and transport', () => {
  let s: TestServer;
  let admin: string;
  let website: { id: string; widgetKey: string };
  let second: { id: string; widgetKey: string };
  const sockets: Socket[] = [];
  const socketFor = async (ns: '/agent' | '/widget', token: string) => {
    const socket = await connectSocket(s.url, ns, token);
    sockets.push(socket);
    return socket;
  };
  const withCookie = (token: string, origin?: string) => ({ cookie: `sb_token=${encodeURIComponent(token)}`, ...(origin ? { origin } : {}) });

  beforeAll(async () => {
    s = await startServer();
    admin = await loginAdmin(s.url);
    website = await websiteInbox(s.url, admin);
    const inbox = await api(s.url, 'POST', '/api/inboxes', { token: admin, body: { name: 'Second', channel: 'web', config: {} } });
    second = { id: inbox.body.id, widgetKey: inbox.body.widgetKey };
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await s?.close();
  });

  it('an API token is held to its scopes as a cookie exactly as as a bearer header, and on the socket', async () => {
    const created = await api(s.url, 'POST', '/api/tokens', { token: admin, body: { name: 'reports only', scopes: ['reports:read'] } });
    expect(created.status).toBe(201);
    const narrow = created.body.token as string;
    const self = s.url;
    for (const [label, opts] of [['bearer', { token: narrow }], ['cookie', { headers: withCookie(narrow, self) }]] as const) {
      expect((await api(s.url, 'GET', '/api/webhooks', opts)).status, label).toBe(403);
      expect((await api(s.url, 'GET', '/api/audit', opts)).status, label).toBe(403);
      const minted = await api(s.url, 'POST', '/api/tokens', { ...opts, body: { name: 'escalate', scopes: ['admin'] } });
      expect(minted.status, label).toBe(403);
      expect((await api(s.url, 'GET', '/api/reports', opts)).status, label).not.toBe(403);
    }
    await expect(connectSocket(s.url, '/agent', narrow)).rejects.toThrow(/forbidden/);
    const tokens = await api(s.url, 'GET', '/api/tokens', { token: admin });
    expect(tokens.body.items.map((t: { name: string }) => t.name)).toEqual(['reports only']);
  });

  it('cookie-carried changes need our own Origin; same-site pages on another port are refused', async () => {
    const agent = await createAgent(s, 'csrf@example.com', [website.id]);
    const otherPort = s.url.replace(/:(\d+)$/, (_m, p) => `:${Number(p) + 1}`);
    const kb = { title: 'Planted', body: 'from elsewhere', locale: 'en' };
    const foreign = await api(s.url, 'POST', '/api/kb/articles', { body: kb, headers: withCookie(admin, otherPort) });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('cross_site');
    const noOrigin = await api(s.url, 'POST', '/api/kb/articles', { body: kb, headers: withCookie(admin) });
    expect(noOrigin.status).toBe(403);
    // Sign-out from another site leaves the session alone.
    expect((await api(s.url, 'POST', '/api/auth/logout', { headers: withCookie(agent.token, otherPort) })).status).toBe(403);
    expect((await api(s.url, 'GET', '/api/auth/me', { token: agent.token })).status).toBe(200);
    // Reading with the cookie is fine from anywhere the browser allows; our own page may change things.
    expect((await api(s.url, 'GET', '/api/auth/me', { headers: withCookie(agent.token, otherPort) })).status).toBe(200);
    const own = await api(s.url, 'POST', '/api/kb/articles', { body: { ...kb, title: 'Our own' }, headers: withCookie(admin, s.url) });
    expect(own.status).toBe(201);
    // A bearer header is never sent by a browser on its own: no Origin needed.
    expect((await api(s.url, 'POST', '/api/kb/articles', { token: admin, body: { ...kb, title: 'By API' } })).status).toBe(201);
    const titles = (await api(s.url, 'GET', '/api/kb/articles', { token: admin })).body.items.map((a: { title: string }) => a.title);
    expect(titles.sort()).toEqual(['By API', 'Our own']);
    // The agent socket carried by the cookie follows the same rule.
    const foreignSocket = ioClient(`${s.url}/agent`, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { cookie: `sb_token=${agent.token}`, origin: otherPort } });
    sockets.push(foreignSocket);
    const refused = await new Promise<Error>((resolve) => foreignSocket.once('connect_error', resolve));
    expect(refused.message).toBe('forbidden');
  });

  it('sign-out, token revocation, demotion and membership removal reach open sockets', async () => {
    const member = await createAgent(s, 'member@example.com', [website.id, second.id]);
    const socket = await socketFor('/agent', member.token);
    const visitorA = await newVisitor(s.url, website.widgetKey);
    const visitorB = await newVisitor(s.url, second.widgetKey);
    const heard: string[] = [];
    socket.on('message.created', (p: { message: { body: string } }) => heard.push(p.message.body));
    const first = await api(s.url, 'POST', '/api/widget/messages', { token: visitorB.visitorToken, body: { body: 'before removal', clientId: 'b1' } });
    await eventually(async () => heard.includes('before removal'));
    expect(await socket.timeout(10_000).emitWithAck('conversation.join', first.body.conversationId)).toEqual({ ok: true });

    // Removed from the second inbox: its rooms are left at once, and joining is refused.
    const changed = nextEvent(socket, 'access.changed');
    const started = Date.now();
    expect((await api(s.url, 'PATCH', `/api/inboxes/${second.id}`, { token: admin, body: { memberIds: [] } })).status).toBe(200);
    expect((await changed).inboxIds).toEqual([website.id]);
    const removalMs = Date.now() - started;
    await api(s.url, 'POST', '/api/widget/messages', { token: visitorB.visitorToken, body: { body: 'after removal', clientId: 'b2', conversationId: first.body.conversationId } });
    await api(s.url, 'POST', '/api/widget/messages', { token: visitorA.visitorToken, body: { body: 'still a member here', clientId: 'a1' } });
    await eventually(async () => heard.includes('still a member here'));
    expect(heard).not.toContain('after removal');
    expect(await socket.timeout(10_000).emitWithAck('conversation.join', first.body.conversationId)).toMatchObject({ error: { code: 'not_found' } });

    // Signed out: the socket is told and closed.
    const ended = nextEvent(socket, 'session.ended');
    const gone = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    const signOutStarted = Date.now();
    expect((await api(s.url, 'POST', '/api/auth/logout', { token: member.token })).status).toBe(204);
    await ended;
    await gone;
    const logoutMs = Date.now() - signOutStarted;
    await expect(connectSocket(s.url, '/agent', member.token)).rejects.toThrow(/unauthorized/);

    // A revoked API token's socket closes too.
    const apiToken = await api(s.url, 'POST', '/api/tokens', { token: admin, body: { name: 'reader', scopes: ['conversations:read'] } });
    const tokenSocket = await socketFor('/agent', apiToken.body.token);
    const tokenGone = new Promise<void>((resolve) => tokenSocket.once('disconnect', () => resolve()));
    expect((await api(s.url, 'DELETE', `/api/tokens/${apiToken.body.id}`, { token: admin })).status).toBe(204);
    await tokenGone;

    // Demotion bites on the next request and re-rooms the socket: no admin-wide inbox rooms any more.
    const boss = await createAgent(s, 'boss@example.com', [], 'admin');
    const bossSocket = await socketFor('/agent', boss.token);
    expect((await api(s.url, 'GET', '/api/audit', { token: boss.token })).status).toBe(200);
    const demoted = nextEvent(bossSocket, 'access.changed');
    expect((await api(s.url, 'PATCH', `/api/agents/${boss.id}`, { token: admin, body: { role: 'agent' } })).status).toBe(200);
    expect(await demoted).toMatchObject({ role: 'agent', inboxIds: [] });
    expect((await api(s.url, 'GET', '/api/audit', { token: boss.token })).status).toBe(403);
    console.log(`access change reached the socket: membership ${removalMs} ms, sign-out ${logoutMs} ms`);
  });

  it('the audit log records admin changes whatever the case of the path', async () => {
    expect((await api(s.url, 'POST', '/api/Labels', { token: admin, body: { name: 'vip-case' } })).status).toBe(201);
    const audit = await eventually(async () => {
      const r = await api(s.url, 'GET', '/api/audit', { token: admin });
      return r.body.items.find((e: { action: string }) => e.action === 'POST /labels');
    });
    expect(audit.details.fields).toEqual(['name']);
  });

  it('colleagues are listed without their e-mail addresses, except to admins', async () => {
    const plain = await createAgent(s, 'plain@example.com', [website.id]);
    const asAgent = await api(s.url, 'GET', '/api/agents', { token: plain.token });
    expect(asAgent.status).toBe(200);
    expect(asAgent.body.map((a: { name: string }) => a.name)).toContain('plain');
    expect(JSON.stringify(asAgent.body)).not.toContain('@example.com');
    const asAdmin = await api(s.url, 'GET', '/api/agents', { token: admin });
    expect(asAdmin.body.find((a: { name: string }) => a.name === 'plain').email).toBe('plain@example.com');
  });
});

describe('rate limits count verified principals, on REST and the widget socket alike', () => {
  let s: TestServer;
  let widgetKey: string;
  let inboxId: string;
  let admin: string;
  let session: { visitorToken: string; contactId: string };
  beforeAll(async () => {
    s = await startServer({ RATE_LIMIT_PUBLIC: '6' });
    admin = await loginAdmin(s.url);
    ({ widgetKey, id: inboxId } = await websiteInbox(s.url, admin));
    // Counted against this address: one of its six requests.
    session = await newVisitor(s.url, widgetKey);
  });
  afterAll(() => s?.close());

  it('a fresh junk bearer per request does not escape the widget limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      statuses.push((await api(s.url, 'GET', `/api/widget/config?widgetKey=${widgetKey}`, { headers: { authorization: `Bearer junk-${i}` } })).status);
    }
    // Five left after the session above; every junk header counts against the same address.
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
  });

  it('message.send on the socket shares the visitor\'s limit and the inbox\'s allowed origins', async () => {
    // The visitor is counted on its own, not with the address the junk requests used up.
    const socket = await connectSocket(s.url, '/widget', session.visitorToken);
    const acks: unknown[] = [];
    for (let i = 0; i < 8; i++) acks.push(await socket.timeout(10_000).emitWithAck('message.send', { body: `hello ${i}`, clientId: `s${i}` }));
    const codes = acks.map((a) => (a as { error?: { code: string } }).error?.code ?? 'sent');
    expect(codes).toEqual(['sent', 'sent', 'sent', 'sent', 'sent', 'sent', 'rate_limited', 'rate_limited']);
    expect((acks[0] as { message: { body: string } }).message.body).toBe('hello 0');
    socket.close();

    expect((await api(s.url, 'PATCH', `/api/inboxes/${inboxId}`, { token: admin, body: { config: { allowedOrigins: ['https://shop.example'] } } })).status).toBe(200);
    const elsewhere = ioClient(`${s.url}/widget`, { auth: { token: session.visitorToken }, transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: { origin: 'https://evil.example' } });
    const err = await new Promise<Error & { data?: { message: string } }>((resolve) => elsewhere.once('connect_error', resolve));
    elsewhere.close();
    expect(err.message).toBe('forbidden');
    expect(err.data?.message).toMatch(/may not embed/);
  });
});

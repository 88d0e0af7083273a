// Access changes reach sockets on other nodes: two server processes on one PostgreSQL (+ Redis for the
// Socket.IO adapter). An agent's socket on node B is re-roomed when node A removes them from an inbox and
// closed when they sign out on node A. The change travels by NOTIFY through the cluster session; without it
// node B would never re-check the socket, and the waits below would run out.
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../../server/db/schema/index.js';
import { hashPassword, issueToken } from '../../server/agents/agents.js';
import { spawnServer, stopProcess, type ServerProcess } from '../support/process.js';
import { serviceAvailable } from '../support/requirements.js';
import { ADMIN, api, connectSocket, createServerDatabase, eventually, loginAdmin, newVisitor, nextEvent, websiteInbox, testPool } from '../support/server.js';

const enabled = serviceAvailable('TEST_DATABASE_URL', 'a PostgreSQL server') && serviceAvailable('REDIS_URL', 'a Redis server, e.g. redis://127.0.0.1:6379');

describe.runIf(enabled)('access changes across two nodes', () => {
  const nodes: ServerProcess[] = [];
  let pool: pg.Pool;
  let drop: () => Promise<void>;
  let socket: Socket | undefined;

  beforeAll(async () => {
    const db = (await createServerDatabase())!;
    drop = db.drop;
    const env = { DATABASE_URL: db.url, REDIS_URL: process.env.REDIS_URL!, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SECRET_KEY: 'two-nodes-secret-shared-by-both', RATE_LIMIT_PUBLIC: '100000' };
    nodes.push(await spawnServer(env));
    nodes.push(await spawnServer(env));
    pool = testPool(db.url);
  }, 240_000);
  afterAll(async () => {
    socket?.close();
    await Promise.all(nodes.map((n) => stopProcess(n)));
    await pool?.end();
    await drop?.();
  });

  it('membership removal and sign-out on node A re-room and close the socket on node B', async () => {
    const [a, b] = nodes.map((n) => n.url);
    const admin = await loginAdmin(a);
    const website = await websiteInbox(a, admin);
    const second = await api(a, 'POST', '/api/inboxes', { token: admin, body: { name: 'Second', channel: 'web', config: {} } });
    expect(second.status).toBe(201);
    const orm = drizzle(pool, { schema });
    const [agent] = await orm.insert(schema.agents).values({ email: 'roaming@example.com', name: 'Roaming', role: 'agent', passwordHash: await hashPassword('agent-password-1') }).returning();
    await orm.insert(schema.inboxMembers).values([website.id, second.body.id].map((inboxId) => ({ inboxId, agentId: agent.id })));
    const token = await issueToken(orm as any, agent.id);

    socket = await connectSocket(b, '/agent', token);
    const heard: string[] = [];
    socket.on('message.created', (p: { message: { body: string } }) => heard.push(p.message.body));
    const visitor = await newVisitor(a, second.body.widgetKey);
    const first = await api(a, 'POST', '/api/widget/messages', { token: visitor.visitorToken, body: { body: 'while a member', clientId: 'm1' } });
    await eventually(async () => heard.includes('while a member'), 15_000, 'message heard on node B');
    expect(await socket.timeout(10_000).emitWithAck('conversation.join', first.body.conversationId)).toEqual({ ok: true });

    const changed = nextEvent(socket, 'access.changed', () => true, 5_000);
    let started = Date.now();
    expect((await api(a, 'PATCH', `/api/inboxes/${second.body.id}`, { token: admin, body: { memberIds: [] } })).status).toBe(200);
    expect(await changed).toEqual({ agentId: agent.id, role: 'agent', inboxIds: [website.id] });
    const removalMs = Date.now() - started;
    expect(await socket.timeout(10_000).emitWithAck('conversation.join', first.body.conversationId)).toMatchObject({ error: { code: 'not_found' } });
    // Written after the removal, through node A: node B's socket no longer hears the inbox.
    await api(a, 'POST', '/api/widget/messages', { token: visitor.visitorToken, body: { body: 'after removal', clientId: 'm2', conversationId: first.body.conversationId } });
    const other = await newVisitor(a, website.widgetKey);
    await api(a, 'POST', '/api/widget/messages', { token: other.visitorToken, body: { body: 'still a member here', clientId: 'm3' } });
    await eventually(async () => heard.includes('still a member here'), 15_000, 'message of the remaining inbox');
    expect(heard).not.toContain('after removal');

    const ended = nextEvent(socket, 'session.ended', () => true, 5_000);
    const gone = new Promise<void>((resolve) => socket!.once('disconnect', () => resolve()));
    started = Date.now();
    expect((await api(a, 'POST', '/api/auth/logout', { token })).status).toBe(204);
    await ended;
    await gone;
    const logoutMs = Date.now() - started;
    await expect(connectSocket(b, '/agent', token)).rejects.toThrow(/unauthorized/);
    console.log(`across nodes: membership removal reached node B's socket in ${removalMs} ms, sign-out in ${logoutMs} ms`);
  }, 120_000);
});

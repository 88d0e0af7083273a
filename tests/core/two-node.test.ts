import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN, api, connectSocket, createServerDatabase, loginAdmin, newVisitor, nextEvent, websiteInbox } from '../support/server.js';
import { spawnServer, stopProcess, type ServerProcess } from '../support/process.js';
import { serviceAvailable } from '../support/requirements.js';

const enabled = serviceAvailable('TEST_DATABASE_URL', 'a PostgreSQL server') && serviceAvailable('REDIS_URL', 'a Redis server, e.g. redis://127.0.0.1:6379');

describe.runIf(enabled)('two nodes share rooms through PostgreSQL + Redis', () => {
  const procs: ServerProcess[] = [];
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await Promise.all(procs.map((p) => stopProcess(p)));
    await drop?.();
  });

  it('visitor on node A, agent on node B, both directions', async () => {
    const db = (await createServerDatabase())!;
    drop = db.drop;
    const env = { DATABASE_URL: db.url, REDIS_URL: process.env.REDIS_URL!, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SECRET_KEY: 'shared-secret-for-both-nodes' };
    const a = await spawnServer(env);
    procs.push(a);
    const b = await spawnServer(env);
    procs.push(b);

    const token = await loginAdmin(b.url);
    const inbox = await websiteInbox(a.url, await loginAdmin(a.url));
    const agent = await connectSocket(b.url, '/agent', token);
    const v = await newVisitor(a.url, inbox.widgetKey, { name: 'Two-node visitor' });
    const visitor = await connectSocket(a.url, '/widget', v.visitorToken);

    const onB = nextEvent(agent, 'message.created', (p: any) => p.message.body === 'from node A');
    const ack = await visitor.emitWithAck('message.send', { body: 'from node A', clientId: 'x1' });
    expect((await onB).message.conversationId).toBe(ack.conversationId);

    const onA = nextEvent(visitor, 'message', (m: any) => m.body === 'from node B');
    const reply = await api(b.url, 'POST', `/api/conversations/${ack.conversationId}/messages`, { token, body: { body: 'from node B' } });
    expect(reply.status).toBe(201);
    expect((await onA).senderType).toBe('agent');

    // A token issued by node A is valid on node B (shared database and SECRET_KEY).
    expect((await api(b.url, 'GET', '/api/widget/messages', { token: v.visitorToken })).body.items.length).toBe(2);
    agent.close();
    visitor.close();
  });
});

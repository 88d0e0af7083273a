import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, api, connectSocket, createServerDatabase, eventually, loginAdmin, newVisitor, testPool } from '../support/server.js';
import { spawnServer, stopProcess, type ServerProcess } from '../support/process.js';
import { serviceAvailable } from '../support/requirements.js';
import { agentIn, consumerLagOf, webInbox } from '../support/nodes.js';

const enabled = serviceAvailable('TEST_DATABASE_URL', 'a PostgreSQL server') && serviceAvailable('REDIS_URL', 'a Redis server, e.g. redis://127.0.0.1:6379');
const kb = JSON.parse(readFileSync(new URL('../bot/fixtures/kb.json', import.meta.url), 'utf8')) as { title: string; body: string; questions: string[] }[];
const article = (title: string) => kb.find((a) => a.title === title)!;

/** Three server processes on one PostgreSQL + Redis: the log's partitions, settings and assignment shared by all. */
describe.runIf(enabled)('three nodes share the event log', () => {
  const nodes: ServerProcess[] = [];
  let pool: pg.Pool;
  let drop: () => Promise<void>;
  let env: Record<string, string>;
  let admin: string;
  let receiver: Server;
  const received: { id: string; event: string; body: any }[] = [];
  let receiverUrl = '';

  beforeAll(async () => {
    const db = (await createServerDatabase())!;
    drop = db.drop;
    env = { DATABASE_URL: db.url, REDIS_URL: process.env.REDIS_URL!, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SECRET_KEY: 'cluster-secret-shared-by-all-nodes', RATE_LIMIT_PUBLIC: '100000' };
    nodes.push(await spawnServer(env));
    nodes.push(...await Promise.all([spawnServer(env), spawnServer(env)]));
    pool = testPool(db.url);
    admin = await loginAdmin(nodes[0].url);
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => { body += d; });
      req.on('end', () => { received.push({ id: String(req.headers['x-switchboard-delivery']), event: String(req.headers['x-switchboard-event']), body: JSON.parse(body) }); res.end('ok'); });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  }, 240_000);

  afterAll(async () => {
    await Promise.all(nodes.map((n) => stopProcess(n)));
    receiver?.close();
    await pool?.end();
    await drop?.();
  });

  const newInbox = (name: string) => webInbox(nodes[0].url, admin, name);

  async function write(base: string, widgetKey: string, body: string) {
    const v = await newVisitor(base, widgetKey, { name: body });
    const r = await api(base, 'POST', '/api/widget/messages', { token: v.visitorToken, body: { body, clientId: `c-${body}` } });
    expect(r.status).toBe(200);
    return { conversationId: r.body.conversationId as string, token: v.visitorToken };
  }

  const assigneesOf = async (ids: string[]) => (await pool.query('select id, assignee_id from conversations where id = any($1)', [ids])).rows as { id: string; assignee_id: string | null }[];

  it('round-robin switched on through one node applies on all at once: 30 conversations arriving on three nodes are all assigned, evenly', async () => {
    const inbox = await newInbox('Round robin');
    const agents = await Promise.all(['ana', 'ben', 'cho'].map((n) => agentIn(pool, inbox.id, `${n}@example.com`)));
    // Each agent online on a different node (presence is shared through the Redis adapter).
    const sockets = await Promise.all(agents.map((a, i) => connectSocket(nodes[i].url, '/agent', a.token)));
    try {
      const put = await api(nodes[0].url, 'PUT', `/api/assignment/policies/${inbox.id}`, { token: admin, body: { mode: 'round_robin' } });
      expect(put.status).toBe(200);
      // No pause: nodes B and C must already know the policy.
      const written = await Promise.all(Array.from({ length: 30 }, (_, i) => write(nodes[i % 3].url, inbox.widgetKey, `rr-${i}`)));
      const ids = written.map((w) => w.conversationId);
      const rows = await eventually(async () => {
        const r = await assigneesOf(ids);
        return r.every((c) => c.assignee_id) ? r : null;
      }, 60_000, 'every conversation assigned');
      const counts = agents.map((a) => rows.filter((r) => r.assignee_id === a.id).length);
      expect(counts.reduce((s, n) => s + n, 0)).toBe(30);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    } finally {
      sockets.forEach((s) => s.close());
    }
  }, 180_000);

  it('a conversation whose messages arrive on two nodes gets its bot answers in order', async () => {
    const inbox = await newInbox('Bot');
    expect((await api(nodes[0].url, 'PATCH', `/api/inboxes/${inbox.id}`, { token: admin, body: { bot: { enabled: true } } })).body.botEnabled).toBe(true);
    expect((await api(nodes[0].url, 'POST', '/api/kb/import', { token: admin, body: kb })).status).toBe(201);
    const v = await newVisitor(nodes[1].url, inbox.widgetKey);
    // Written through node B and node C in turn, without waiting for the answers.
    const questions = ['What are your opening hours?', 'Do you ship internationally?', 'How do I reset my password?'];
    for (const [i, body] of questions.entries()) {
      const r = await api(nodes[1 + (i % 2)].url, 'POST', '/api/widget/messages', { token: v.visitorToken, body: { body, clientId: `q-${i}` } });
      expect(r.status).toBe(200);
    }
    const answers = [article('Opening hours').body, article('Shipping abroad').body, article('Reset your password').body];
    const transcript = await eventually(async () => {
      const items = (await api(nodes[2].url, 'GET', '/api/widget/messages', { token: v.visitorToken })).body.items as { body: string; senderType: string }[];
      return answers.every((a) => items.some((m) => m.body === a)) ? items : null;
    }, 60_000, 'three answers');
    // Each question is followed by its own answer before the next question's.
    const order = transcript.filter((m) => questions.includes(m.body) || answers.includes(m.body)).map((m) => m.body);
    expect(order.filter((b) => answers.includes(b))).toEqual(answers);
    for (const a of answers) expect(transcript.filter((m) => m.body === a)).toHaveLength(1);
  }, 180_000);

  it('a killed node loses its share of the log to the others: events written after kill -9 are all handled once', async () => {
    const sub = await api(nodes[0].url, 'POST', '/api/webhooks', { token: admin, body: { url: receiverUrl, events: ['message.created'], allowPrivate: true } });
    expect(sub.status).toBe(201);
    const inbox = await newInbox('Failover');
    const victim = nodes.pop()!;
    await stopProcess(victim, 'SIGKILL');
    const written = await Promise.all(Array.from({ length: 20 }, (_, i) => write(nodes[i % 2].url, inbox.widgetKey, `fo-${i}`)));
    const ids = new Set(written.map((w) => w.conversationId));
    const mine = () => received.filter((r) => r.event === 'message.created' && ids.has(r.body.data.conversationId));
    await eventually(async () => mine().length >= 20, 60_000, 'webhooks for every message');
    const lag = await eventually(async () => {
      const d = await consumerLagOf(nodes[0].url);
      return d.every((c) => c.behind === 0) ? d : null;
    }, 60_000, 'every consumer caught up');
    expect(lag.map((c) => c.consumer)).toEqual(expect.arrayContaining(['bot', 'webhooks', 'rules', 'assignment', 'crm', 'reports']));
    expect(mine()).toHaveLength(20);
    expect(new Set(mine().map((r) => r.id)).size).toBe(20);
  }, 180_000);
});

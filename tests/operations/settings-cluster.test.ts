// A rule and a webhook subscription created through one node apply at once to events handled by every node:
// both nodes have read (and cached) the empty settings first, and the messages follow the change with no pause.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumerLagOf, startCluster, type NodeCluster } from '../support/nodes.js';
import type { ServerProcess } from '../support/process.js';
import { serviceAvailable } from '../support/requirements.js';
import { api, eventually, newVisitor } from '../support/server.js';

const enabled = serviceAvailable('TEST_DATABASE_URL', 'a PostgreSQL server') && serviceAvailable('REDIS_URL', 'a Redis server, e.g. redis://127.0.0.1:6379');
const EACH = 8;

describe.runIf(enabled)('settings changed on one node apply on the other at once', () => {
  let cluster: NodeCluster;
  let nodes: ServerProcess[];
  let pool: pg.Pool;
  let admin: string;
  let inbox: { id: string; widgetKey: string };
  let receiver: Server;
  let receiverUrl: string;
  const hooks: string[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => { body += d; });
      req.on('end', () => { hooks.push(JSON.parse(body).data.message.id); res.end('ok'); });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    cluster = await startCluster(2, 'Settings');
    ({ nodes, pool, admin, inbox } = cluster);
  }, 240_000);

  afterAll(async () => {
    await cluster?.stop();
    await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
  });

  /** EACH visitors per node write one message through that node; returns conversation and message ids. */
  async function burst(tag: string, body: string) {
    return Promise.all(Array.from({ length: EACH * nodes.length }, async (_, i) => {
      const node = nodes[i % nodes.length].url;
      const v = await newVisitor(node, inbox.widgetKey);
      const r = await api(node, 'POST', '/api/widget/messages', { token: v.visitorToken, body: { body: `${body} ${i}`, clientId: `${tag}-${i}` } });
      expect(r.status).toBe(200);
      return { conversationId: r.body.conversationId as string, messageId: r.body.message.id as string };
    }));
  }
  const caughtUp = () => eventually(async () => (await consumerLagOf(nodes[0].url)).every((c) => c.behind === 0), 30_000, 'consumers caught up');

  it('a rule and a webhook made through node A act on the very next messages, whichever node handles them', { timeout: 120_000 }, async () => {
    const tag = `s${Date.now().toString(36)}`;
    // Every consumer on both nodes reads the (empty) rules and subscriptions once.
    await burst(`${tag}-warm`, 'I want a refund early');
    await caughtUp();
    const rule = await api(nodes[0].url, 'POST', '/api/rules', { token: admin, body: {
      name: `Refunds ${tag}`, event: 'message.created', conditions: { all: [{ field: 'text', op: 'contains', value: 'refund' }] },
      actions: [{ type: 'add_note', body: `Refund rule ${tag}` }],
    } });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    const hook = await api(nodes[0].url, 'POST', '/api/webhooks', { token: admin, body: { url: receiverUrl, events: ['message.created'], allowPrivate: true } });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);

    const written = await burst(tag, 'I want a refund now');
    // Both nodes are up, each with its own session on which it holds its share of the log's partitions.
    const owners = (await pool.query("select count(distinct application_name)::int as n from pg_stat_activity where datname = current_database() and application_name like 'switchboard-node:%'")).rows[0].n;
    expect(owners).toBe(2);
    await caughtUp();
    await eventually(async () => written.every((w) => hooks.includes(w.messageId)), 20_000, 'every webhook delivered');
    const notes = Object.fromEntries((await pool.query(
      'select c.id, (select count(*)::int from messages m where m.conversation_id = c.id and m.private and m.body = $2) as n from conversations c where c.id = any($1)',
      [written.map((w) => w.conversationId), `Refund rule ${tag}`],
    )).rows.map((r) => [r.id, r.n]));
    expect(notes).toEqual(Object.fromEntries(written.map((w) => [w.conversationId, 1])));
    expect(written.map((w) => hooks.filter((h) => h === w.messageId).length)).toEqual(written.map(() => 1));
  });
});

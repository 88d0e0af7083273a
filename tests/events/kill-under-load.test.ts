import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumerLagOf, webInbox } from '../support/nodes.js';
import { spawnServer, stopProcess, type ServerProcess } from '../support/process.js';
import { serviceAvailable } from '../support/requirements.js';
import { ADMIN, api, createServerDatabase, eventually, loginAdmin, newVisitor, testPool } from '../support/server.js';

const enabled = serviceAvailable('TEST_DATABASE_URL', 'a PostgreSQL server') && serviceAvailable('REDIS_URL', 'a Redis server, e.g. redis://127.0.0.1:6379');
const kb = JSON.parse(readFileSync(new URL('../bot/fixtures/kb.json', import.meta.url), 'utf8')) as { title: string; body: string; questions: string[] }[];
const answer = kb.find((a) => a.title === 'Opening hours')!.body;
const RULE_NOTE = 'Opening-hours rule ran';
const VISITORS = 40;

/**
 * kill -9 of the only node in the middle of a burst of web-chat questions to a bot inbox with one webhook
 * subscription and one rule, then a restart on the same PostgreSQL + Redis: every message that was stored
 * (every acknowledged one among them) has exactly one bot answer, one webhook delivery and one rule note.
 */
describe.runIf(enabled)('kill -9 under load', () => {
  let node: ServerProcess;
  let pool: pg.Pool;
  let drop: () => Promise<void>;
  let env: Record<string, string>;
  let receiver: Server;
  const hooks: { delivery: string; messageId: string }[] = [];
  const outputs: string[] = [];
  // Until the kill the receiver answers slowly, so deliveries are surely in flight when the node dies: their
  // attempts are lost with it and must still be made.
  let slowReceiver = true;

  beforeAll(async () => {
    const db = (await createServerDatabase())!;
    drop = db.drop;
    pool = testPool(db.url);
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => { body += d; });
      req.on('end', () => {
        hooks.push({ delivery: String(req.headers['x-switchboard-delivery']), messageId: JSON.parse(body).data.message.id });
        setTimeout(() => res.end('ok'), slowReceiver ? 1_000 : 0);
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    env = { DATABASE_URL: db.url, REDIS_URL: process.env.REDIS_URL!, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SECRET_KEY: 'kill-under-load-secret', RATE_LIMIT_PUBLIC: '100000' };
    node = await spawnServer(env, { startTimeoutMs: 120_000 });
  }, 180_000);

  afterAll(async () => {
    if (node) await stopProcess(node, 'SIGKILL');
    receiver?.close();
    await pool?.end();
    await drop?.();
  });

  /** For each visitor message: how many messages of this kind its conversation holds. */
  const perConversation = async (ids: string[], kind: string, body: string) => Object.fromEntries((await pool.query(
    `select m.id, (select count(*) from messages a where a.conversation_id = m.conversation_id and ${kind} and a.body = $2) as n from messages m where m.id = any($1)`,
    [ids, body])).rows.map((r) => [r.id as string, Number(r.n)]));

  it('nothing stored loses its bot answer, webhook or rule effect, and nothing happens twice', { retry: 0, timeout: 180_000 }, async () => {
    const admin = await loginAdmin(node.url);
    const inbox = await webInbox(node.url, admin, 'Bot under load');
    expect((await api(node.url, 'PATCH', `/api/inboxes/${inbox.id}`, { token: admin, body: { bot: { enabled: true } } })).status).toBe(200);
    expect((await api(node.url, 'POST', '/api/kb/import', { token: admin, body: kb })).status).toBe(201);
    const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    expect((await api(node.url, 'POST', '/api/webhooks', { token: admin, body: { url: hookUrl, events: ['message.created'], allowPrivate: true } })).status).toBe(201);
    expect((await api(node.url, 'POST', '/api/rules', { token: admin, body: {
      name: 'Opening hours', event: 'message.created',
      conditions: { all: [{ field: 'messageDirection', op: 'eq', value: 'incoming' }, { field: 'text', op: 'contains', value: 'opening hours' }] },
      actions: [{ type: 'add_note', body: RULE_NOTE }],
    } })).status).toBe(201);

    // Sessions first, so the burst is of messages only.
    const visitors = await Promise.all(Array.from({ length: VISITORS }, () => newVisitor(node.url, inbox.widgetKey)));
    const acknowledged: string[] = [];
    const burst = visitors.map(async (v, i) => {
      await new Promise((r) => setTimeout(r, i * 60)); // spread over a few seconds
      try {
        const r = await api(node.url, 'POST', '/api/widget/messages', { token: v.visitorToken, body: { body: 'What are your opening hours?', clientId: `load-${i}` } });
        if (r.status === 200) acknowledged.push(r.body.message.id as string);
      } catch { /* the node died under this request: not acknowledged */ }
    });
    // Mid-burst: some answered, some in flight, some not sent yet.
    await eventually(async () => acknowledged.length >= VISITORS / 4 && hooks.length > 0, 30_000, 'a quarter of the burst acknowledged, webhooks going out');
    await stopProcess(node, 'SIGKILL');
    await Promise.all(burst);
    slowReceiver = false;
    outputs.push(node.output());
    expect(acknowledged.length).toBeLessThan(VISITORS);

    // Deliveries stored but not answered when the node died: first attempts the webhooks consumer was still
    // waiting for (its events not yet acknowledged, or past the wait and covered by a job due later).
    const inFlight = (await pool.query("select count(*)::int as n from webhook_deliveries where status = 'pending'")).rows[0].n;
    expect(inFlight).toBeGreaterThan(0);
    node = await spawnServer(env, { startTimeoutMs: 120_000 });
    const stored = (await pool.query("select id from messages where inbox_id = $1 and direction = 'incoming'", [inbox.id])).rows.map((r) => r.id as string);
    expect(stored).toEqual(expect.arrayContaining(acknowledged));
    console.info(`kill -9 under load: ${acknowledged.length} of ${VISITORS} acknowledged, ${stored.length} stored before the restart, ${inFlight} webhook deliveries left unanswered by the dead node`);

    await eventually(async () => {
      const lag = await consumerLagOf(node.url);
      if (!lag.some((c) => c.consumer === 'webhooks') || lag.some((c) => c.behind > 0)) return false;
      const pending = (await pool.query("select count(*)::int as n from webhook_deliveries where status = 'pending'")).rows[0].n;
      return pending === 0 && stored.every((id) => hooks.some((h) => h.messageId === id));
    }, 90_000, 'every consumer caught up after the restart').catch((err) => { console.error([...outputs, node.output()].join('\n-----\n')); throw err; });

    // Each visitor wrote into a conversation of their own: one answer and one note per conversation.
    const once = Object.fromEntries(stored.map((id) => [id, 1]));
    expect(await perConversation(stored, "a.sender_type = 'bot'", answer)).toEqual(once);
    expect(await perConversation(stored, 'a.private', RULE_NOTE)).toEqual(once);
    // One delivery per message. A request the killed node had sent but not yet recorded is sent again under
    // the same delivery id (at-least-once, as the README says): the receiver sees one delivery either way.
    const deliveriesOf = (id: string) => new Set(hooks.filter((h) => h.messageId === id).map((h) => h.delivery)).size;
    expect(Object.fromEntries(stored.map((id) => [id, deliveriesOf(id)]))).toEqual(once);
    expect((await consumerLagOf(node.url)).filter((c) => c.deadLetters > 0)).toEqual([]);
  });
});

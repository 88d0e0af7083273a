// A crash between the commit and each consumer's side effect, and between the effect and the saved position:
// after the restart every effect has happened exactly once. Three processes on one PostgreSQL database:
//  1. every consumer stops before its first effect (SWITCHBOARD_CRASH_AT=before-effect:…); the events are
//     written, nothing has happened yet; kill -9;
//  2. every consumer replays, does one effect and stops before saving its position (after-effect:…); kill -9;
//  3. no crash point: everything catches up, and each effect is counted.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSink } from '../email/mail-kit.js';
import { standIn } from '../messaging/stand-in.js';
import { agentIn, consumerLagOf, webInbox } from '../support/nodes.js';
import { spawnServer, stopProcess, type ServerProcess } from '../support/process.js';
import { serviceAvailable } from '../support/requirements.js';
import { ADMIN, api, connectSocket, createServerDatabase, eventually, loginAdmin, newVisitor, testPool } from '../support/server.js';

const enabled = serviceAvailable('TEST_DATABASE_URL', 'a PostgreSQL server') && serviceAvailable('REDIS_URL', 'a Redis server, e.g. redis://127.0.0.1:6379');
const kb = JSON.parse(readFileSync(new URL('../bot/fixtures/kb.json', import.meta.url), 'utf8')) as { title: string; body: string; questions: string[] }[];
const openingHours = kb.find((a) => a.title === 'Opening hours')!;

/** What every kind of effect may use: the node that is up now, the admin, the database and the stand-ins. */
interface World {
  base: string;
  admin: string;
  pool: pg.Pool;
  state: Record<string, any>;
}
interface Kind {
  consumer: string;
  /** Settings, made through the API before any event is written. */
  setup?(w: World): Promise<void>;
  /** Writes the change whose effect is counted. */
  trigger(w: World): Promise<void>;
  /** How many times the effect happened. */
  count(w: World): Promise<number>;
}

const one = async (pool: pg.Pool, text: string, params: unknown[]) => Number((await pool.query(text, params)).rows[0].n);

async function visitorWrites(w: World, widgetKey: string, body: string, visitor?: { name?: string; email?: string }) {
  const v = await newVisitor(w.base, widgetKey, visitor);
  const r = await api(w.base, 'POST', '/api/widget/messages', { token: v.visitorToken, body: { body, clientId: `c-${body.replace(/\W/g, '-')}` } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return { conversationId: r.body.conversationId as string, contactId: v.contactId, token: v.visitorToken };
}

describe.runIf(enabled)('a crash between the commit and each side effect', () => {
  let dbUrl = '';
  let drop: () => Promise<void>;
  let pool: pg.Pool;
  let env: Record<string, string>;
  let node: ServerProcess | undefined;
  let agentSocket: Socket | undefined;
  const hooks: { id: string; messageId: string }[] = [];
  let receiver: Server;
  let slack: Awaited<ReturnType<typeof standIn>>;
  let relay: Awaited<ReturnType<typeof startSink>>;
  const mails = () => relay.mails.map((m) => m.parsed);
  const world: World = { base: '', admin: '', pool: undefined as unknown as pg.Pool, state: {} };

  const kinds: Kind[] = [
    {
      consumer: 'webhooks',
      async setup(w) {
        const r = await api(w.base, 'POST', '/api/webhooks', { token: w.admin, body: { url: w.state.receiverUrl, events: ['message.created'], allowPrivate: true } });
        expect(r.status).toBe(201);
      },
      async trigger(w) { w.state.hooked = await visitorWrites(w, w.state.main.widgetKey, 'webhook check'); },
      // Every message in the log reaches the receiver once; this one is counted.
      count: async (w) => hooks.filter((h) => h.messageId === w.state.hookedMessageId).length,
    },
    {
      consumer: 'bot',
      async setup(w) {
        w.state.bot = await webInbox(w.base, w.admin, 'Bot');
        expect((await api(w.base, 'PATCH', `/api/inboxes/${w.state.bot.id}`, { token: w.admin, body: { bot: { enabled: true } } })).status).toBe(200);
        expect((await api(w.base, 'POST', '/api/kb/import', { token: w.admin, body: kb })).status).toBe(201);
      },
      async trigger(w) { w.state.asked = await visitorWrites(w, w.state.bot.widgetKey, 'What are your opening hours?'); },
      count: (w) => one(w.pool, 'select count(*) as n from messages where conversation_id = $1 and body = $2', [w.state.asked.conversationId, openingHours.body]),
    },
    {
      consumer: 'rules',
      async setup(w) {
        const r = await api(w.base, 'POST', '/api/rules', { token: w.admin, body: {
          name: 'Refunds', event: 'message.created', conditions: { all: [{ field: 'text', op: 'contains', value: 'refund' }] },
          actions: [{ type: 'add_note', body: 'Refund rule ran' }],
        } });
        expect(r.status).toBe(201);
      },
      async trigger(w) { w.state.refund = await visitorWrites(w, w.state.main.widgetKey, 'I want a refund'); },
      count: (w) => one(w.pool, "select count(*) as n from messages where conversation_id = $1 and body = 'Refund rule ran'", [w.state.refund.conversationId]),
    },
    {
      consumer: 'assignment',
      async setup(w) {
        expect((await api(w.base, 'PUT', `/api/assignment/policies/${w.state.main.id}`, { token: w.admin, body: { mode: 'round_robin' } })).status).toBe(200);
      },
      async trigger(w) { w.state.assigned = await visitorWrites(w, w.state.main.widgetKey, 'please assign me'); },
      // Each assignment is a conversation.updated event that changed the assignee.
      count: (w) => one(w.pool, "select count(*) as n from events where conversation_id = $1 and type = 'conversation.updated' and payload->'changed' ? 'assigneeId'", [w.state.assigned.conversationId]),
    },
    {
      consumer: 'sla',
      async setup(w) {
        const r = await api(w.base, 'POST', '/api/sla/policies', { token: w.admin, body: { name: 'One hour', firstResponseMinutes: 60, businessHours: false } });
        expect(r.status).toBe(201);
        w.state.slaPolicy = r.body.id;
      },
      async trigger(w) {
        // The conversation started two hours ago under a one-hour policy: the SLA consumer's refresh finds the
        // first response late and records the breach, which must happen once.
        w.state.late = await visitorWrites(w, w.state.main.widgetKey, 'late answer');
        await w.pool.query("update conversations set created_at = now() - interval '2 hours' where id = $1", [w.state.late.conversationId]);
        await w.pool.query('insert into conversation_slas (conversation_id, policy_id) values ($1, $2)', [w.state.late.conversationId, w.state.slaPolicy]);
        const again = await api(w.base, 'POST', '/api/widget/messages', { token: w.state.late.token, body: { body: 'still waiting', clientId: 'c-still-waiting' } });
        expect(again.status).toBe(200);
      },
      count: (w) => one(w.pool, "select count(*) as n from events where conversation_id = $1 and type = 'sla.breached'", [w.state.late.conversationId]),
    },
    {
      consumer: 'csat',
      async setup(w) { expect((await api(w.base, 'PUT', '/api/csat/settings', { token: w.admin, body: { enabled: true } })).body.enabled).toBe(true); },
      async trigger(w) {
        w.state.resolved = await visitorWrites(w, w.state.main.widgetKey, 'thanks, that is all');
        expect((await api(w.base, 'PATCH', `/api/conversations/${w.state.resolved.conversationId}`, { token: w.admin, body: { status: 'resolved' } })).status).toBe(200);
      },
      count: (w) => one(w.pool, 'select count(*) as n from csat_responses where conversation_id = $1', [w.state.resolved.conversationId]),
    },
    {
      consumer: 'crm',
      // A contact at the first stage who leaves an e-mail address becomes a lead: one stage change on the timeline.
      async trigger(w) { w.state.lead = await visitorWrites(w, w.state.main.widgetKey, 'call me maybe', { name: 'Lena', email: 'lena@example.com' }); },
      count: (w) => one(w.pool, "select count(*) as n from crm_timeline where contact_id = $1 and kind = 'stage'", [w.state.lead.contactId]),
    },
    {
      consumer: 'reports',
      async trigger() { /* every visitor message of the main inbox is counted once in the daily rollup */ },
      count: async (w) => {
        const received = await one(w.pool, 'select coalesce(sum(received), 0) as n from report_message_daily where inbox_id = $1', [w.state.main.id]);
        const written = await one(w.pool, "select count(*) as n from messages where inbox_id = $1 and direction = 'incoming'", [w.state.main.id]);
        return received / written;
      },
    },
    {
      consumer: 'slack',
      async setup(w) {
        const put = await api(w.base, 'PUT', '/api/integrations/slack', { token: w.admin, body: { botToken: 'xoxb-test-1', signingSecret: 'slack-signing-secret-1', channelId: 'C0SUPPORT', slackApiUrl: `${slack.url}/api/`, allowPrivate: true } });
        expect(put.status).toBe(200);
      },
      async trigger(w) { w.state.mirrored = await visitorWrites(w, w.state.main.widgetKey, 'mirror me to slack'); },
      count: async () => slack.requests.filter((r) => r.path === '/api/chat.postMessage' && String(r.body.text).includes('mirror me to slack')).length,
    },
    {
      consumer: 'notifications',
      async trigger(w) {
        const { conversationId } = await visitorWrites(w, w.state.main.widgetKey, 'needs a colleague');
        const r = await api(w.base, 'POST', `/api/conversations/${conversationId}/messages`, { token: w.admin, body: { body: 'Ana, can you look?', private: true, meta: { mentions: [w.state.ana.id] } } });
        expect(r.status).toBe(201);
        w.state.noteId = r.body.message.id;
      },
      count: (w) => one(w.pool, 'select count(*) as n from mention_notifications where message_id = $1', [w.state.noteId]),
    },
    {
      consumer: 'invitations',
      async trigger(w) { expect((await api(w.base, 'POST', '/api/invites', { token: w.admin, body: { email: 'newcomer@example.com', role: 'agent', inboxIds: [] } })).status).toBe(201); },
      count: async () => mails().filter((m) => m.to && 'text' in m.to && m.to.text === 'newcomer@example.com').length,
    },
    {
      consumer: 'password-resets',
      async trigger(w) { expect((await api(w.base, 'POST', '/api/auth/password-reset', { body: { email: 'ana@example.com' } })).status).toBe(202); },
      count: async () => mails().filter((m) => m.subject === 'Reset your Switchboard password').length,
    },
  ];

  beforeAll(async () => {
    const db = (await createServerDatabase())!;
    dbUrl = db.url;
    drop = db.drop;
    pool = testPool(dbUrl);
    // pool.end() resolves before its clients' sockets have closed, and dropping the database then terminates them:
    // the pool re-emits that as an 'error', which without a listener fails the run after every test passed.
    pool.on('error', () => {});
    world.pool = pool;
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => { body += d; });
      req.on('end', () => { hooks.push({ id: String(req.headers['x-switchboard-delivery']), messageId: JSON.parse(body).data.message.id }); res.end('ok'); });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    world.state.receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    slack = await standIn((r) => (r.path === '/api/chat.postMessage' ? { ok: true, channel: r.body.channel, ts: `${Date.now()}.${Math.floor(Math.random() * 1e6)}` } : { ok: true }));
    relay = await startSink();
    env = {
      DATABASE_URL: dbUrl, REDIS_URL: process.env.REDIS_URL!, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password,
      SECRET_KEY: 'crash-test-secret-shared-by-every-run', RATE_LIMIT_PUBLIC: '100000', SMTP_URL: relay.url,
    };
  }, 120_000);

  afterAll(async () => {
    agentSocket?.close();
    if (node) await stopProcess(node, 'SIGKILL');
    receiver?.close();
    await slack?.close();
    await relay?.stop();
    await pool?.end();
    await drop?.();
  });

  const logs: string[] = [];
  /** Starts a node with these crash points, signs in, and puts Ana online on it (assignment needs her there). */
  async function start(crashAt: string[]): Promise<ServerProcess> {
    if (node) logs.push(node.output());
    node = await spawnServer({ ...env, ...(crashAt.length ? { SWITCHBOARD_CRASH_AT: crashAt.join(',') } : {}) }, { startTimeoutMs: 120_000 });
    world.base = node.url;
    world.admin = await loginAdmin(node.url);
    agentSocket?.close();
    if (world.state.ana) agentSocket = await connectSocket(node.url, '/agent', world.state.ana.token);
    return node;
  }

  /** Waits until every consumer stands at its crash point, then kills the process as a crash would. */
  async function crashWhenAllAt(p: ServerProcess, point: string): Promise<void> {
    await eventually(async () => kinds.every((k) => p.output().includes(`crash point reached: ${point}:${k.consumer}`)), 90_000, `every consumer at ${point}`);
    // An outbound webhook request in flight would be retried after the restart; let the queue settle first.
    await eventually(async () => (await one(pool, "select count(*) as n from webhook_deliveries where status = 'pending'", [])) === 0, 30_000, 'no webhook in flight');
    await stopProcess(p, 'SIGKILL');
    agentSocket?.close();
    agentSocket = undefined;
  }

  const counts = () => Promise.all(kinds.map(async (k) => [k.consumer, await k.count(world)] as const));

  // One run over one database: a retry would find the first run's rows.
  it('every kind of effect happens exactly once', { retry: 0, timeout: 600_000 }, async () => {
    const first = await start(kinds.map((k) => `before-effect:${k.consumer}`));
    world.state.main = await webInbox(world.base, world.admin, 'Main');
    world.state.ana = await agentIn(pool, world.state.main.id, 'ana@example.com');
    agentSocket = await connectSocket(world.base, '/agent', world.state.ana.token);
    for (const k of kinds) await k.setup?.(world);
    for (const k of kinds) await k.trigger(world);
    world.state.hookedMessageId = (await pool.query('select id from messages where conversation_id = $1 order by created_at limit 1', [world.state.hooked.conversationId])).rows[0].id;

    await crashWhenAllAt(first, 'before-effect');
    // Committed, acknowledged, and not one effect yet (reports: nothing counted of what was written).
    expect(Object.fromEntries(await counts())).toEqual(Object.fromEntries(kinds.map((k) => [k.consumer, 0])));

    // Each consumer handles one event, and dies before it can save that it did.
    await crashWhenAllAt(await start(kinds.map((k) => `after-effect:${k.consumer}`)), 'after-effect');

    await start([]);
    const settled = await eventually(async () => {
      const lag = await consumerLagOf(world.base);
      if (!kinds.every((k) => lag.some((l) => l.consumer === k.consumer && l.behind === 0))) return null;
      if (await one(pool, "select count(*) as n from webhook_deliveries where status = 'pending'", [])) return null;
      const now = await counts();
      return now.every(([, n]) => n >= 1) ? now : null;
    }, 120_000, 'every effect after the restart');
    if (!settled.every(([, n]) => n === 1)) console.error([...logs, node!.output()].join('\n----- next process -----\n'));
    expect(Object.fromEntries(settled)).toEqual(Object.fromEntries(kinds.map((k) => [k.consumer, 1])));
    expect((await consumerLagOf(world.base)).filter((l) => l.deadLetters > 0)).toEqual([]);
    // The bot's metric facts of the turn (handled, answered) are counted once too, however often it was replayed.
    const facts = (await pool.query('select kind, count(*)::int as n from bot_events where conversation_id = $1 group by kind order by kind', [world.state.asked.conversationId])).rows;
    expect(facts).toEqual([{ kind: 'answered', n: 1 }, { kind: 'handled', n: 1 }]);
    // Every message the log carries reached the webhook receiver once, under one delivery id.
    const logged = (await pool.query("select count(*)::int as n from events where type = 'message.created'")).rows[0].n;
    expect(hooks).toHaveLength(logged);
    expect(new Set(hooks.map((h) => h.id)).size).toBe(logged);
    expect(new Set(hooks.map((h) => h.messageId)).size).toBe(logged);
  });
});

import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../server/db/client.js';
import { api, connectSocket, createServerDatabase, eventually, loginAdmin, newVisitor, startServer, websiteInbox, type TestServer } from '../support/server.js';
import { serviceAvailable } from '../support/requirements.js';
import { ACCOUNT_SID, AUTH_TOKEN, messageSid, postWebhook, PUBLIC_URL, TwilioStandIn } from '../sms/twilio-stand-in.js';
import { sample } from './prometheus-text.js';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

async function scrape(url: string, token = METRICS_TOKEN) {
  const res = await fetch(`${url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

describe('/metrics is off without METRICS_TOKEN', () => {
  let server: TestServer;
  beforeAll(async () => { server = await startServer(); });
  afterAll(() => server?.close());

  it('answers 404 in the usual error shape', async () => {
    const r = await api(server.url, 'GET', '/metrics', { token: METRICS_TOKEN });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('not_found');
  });
});

describe('/metrics with METRICS_TOKEN (PGlite)', () => {
  let server: TestServer;
  let standIn: TwilioStandIn;
  let admin: string;
  let smsInbox: string;

  beforeAll(async () => {
    standIn = await new TwilioStandIn().start();
    server = await startServer({ PUBLIC_URL, METRICS_TOKEN, SECRET_KEY: 'metrics-test-secret-0123456789' });
    admin = await loginAdmin(server.url);
    const created = await api(server.url, 'POST', '/api/inboxes', {
      token: admin, body: { name: 'SMS', channel: 'sms', config: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, fromNumber: '+14155550000', apiBaseUrl: standIn.url, allowPrivate: true } },
    });
    smsInbox = created.body.id;
  });
  afterAll(async () => { await server?.close(); await standIn?.close(); });

  it('refuses a scraper without the token or with a wrong one', async () => {
    expect((await scrape(server.url, '')).status).toBe(401);
    expect((await scrape(server.url, 'metrics-token-wrong-wrong-wrong0')).status).toBe(401);
    const ok = await scrape(server.url);
    expect(ok.status).toBe(200);
    expect(ok.type).toContain('text/plain');
  });

  it('reports event-loop lag and process memory', async () => {
    const { text } = await scrape(server.url);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
    expect(sample(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(1_000_000);
    expect(sample(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('counts HTTP requests by route template and status, with durations', async () => {
    const before = sample((await scrape(server.url)).text, 'switchboard_http_requests_total', { route: '/api/inboxes/:id', status_code: '200' }) ?? 0;
    for (let i = 0; i < 3; i++) expect((await api(server.url, 'GET', `/api/inboxes/${smsInbox}`, { token: admin })).status).toBe(200);
    expect((await api(server.url, 'GET', '/api/inboxes/00000000-0000-4000-8000-000000000000', { token: admin })).status).toBe(404);
    const { text } = await scrape(server.url);
    expect(sample(text, 'switchboard_http_requests_total', { method: 'GET', route: '/api/inboxes/:id', status_code: '200' })).toBe(before + 3);
    expect(sample(text, 'switchboard_http_requests_total', { method: 'GET', route: '/api/inboxes/:id', status_code: '404' })).toBe(1);
    expect(sample(text, 'switchboard_http_request_duration_seconds_count', { route: '/api/inboxes/:id', status_code: '200' })).toBe(before + 3);
    // No time series per id: the raw path never appears as a label.
    expect(text).not.toContain(smsInbox);
  });

  it('counts messages ingested by channel and outcome, and deliveries with retries and dead letters', async () => {
    const sid = messageSid();
    const params = { AccountSid: ACCOUNT_SID, MessageSid: sid, SmsSid: sid, From: '+14155550101', To: '+14155550000', Body: 'Is my order on its way?', NumMedia: '0' };
    const path = `/webhooks/twilio/${smsInbox}/sms`;
    expect((await postWebhook(server.url, path, params)).status).toBe(200);
    expect((await postWebhook(server.url, path, params)).status).toBe(200); // Twilio's retry of the same MessageSid
    const db = server.app.ctx.db;
    const [stored] = await db.select().from(schema.messages).where(eq(schema.messages.externalId, sid));

    // First reply: one transient error (500 with Retry-After), then sent. Second reply: a permanent 400.
    standIn.answerNext({ status: 500, headers: { 'retry-after': '1' }, body: { code: 20500, message: 'Internal Server Error', status: 500 } });
    const first = await api(server.url, 'POST', `/api/conversations/${stored.conversationId}/messages`, { token: admin, body: { body: 'It left the warehouse today.' } });
    await eventually(async () => (await db.select().from(schema.messages).where(eq(schema.messages.id, first.body.message.id)))[0].status === 'sent', 20_000, 'first reply sent');
    standIn.answerNext({ status: 400, body: { code: 21211, message: "The 'To' number is not a valid phone number.", status: 400 } });
    const second = await api(server.url, 'POST', `/api/conversations/${stored.conversationId}/messages`, { token: admin, body: { body: 'And here is the tracking link.' } });
    await eventually(async () => (await db.select().from(schema.messages).where(eq(schema.messages.id, second.body.message.id)))[0].status === 'failed', 20_000, 'second reply failed');

    const { text } = await scrape(server.url);
    expect(sample(text, 'switchboard_messages_ingested_total', { channel: 'sms', outcome: 'created' })).toBe(1);
    expect(sample(text, 'switchboard_messages_ingested_total', { channel: 'sms', outcome: 'duplicate' })).toBe(1);
    expect(sample(text, 'switchboard_http_requests_total', { method: 'POST', route: '/webhooks/twilio/:inboxId/sms', status_code: '200' })).toBe(2);
    expect(sample(text, 'switchboard_message_deliveries_total', { channel: 'sms', outcome: 'retry' })).toBe(1);
    expect(sample(text, 'switchboard_message_deliveries_total', { channel: 'sms', outcome: 'sent' })).toBe(1);
    expect(sample(text, 'switchboard_message_deliveries_total', { channel: 'sms', outcome: 'failed' })).toBe(1);
    expect(sample(text, 'switchboard_delivery_retries_total', { channel: 'sms' })).toBe(1);
    expect(sample(text, 'switchboard_delivery_dead_letters_total', { channel: 'sms' })).toBe(1);
  });

  it('reports open sockets by namespace', async () => {
    const web = await websiteInbox(server.url, admin);
    const visitor = await newVisitor(server.url, web.widgetKey);
    const agentSocket = await connectSocket(server.url, '/agent', admin);
    const widgetSockets = [await connectSocket(server.url, '/widget', visitor.visitorToken), await connectSocket(server.url, '/widget', visitor.visitorToken)];
    try {
      const { text } = await scrape(server.url);
      expect(sample(text, 'switchboard_socket_connections', { namespace: '/agent' })).toBe(1);
      expect(sample(text, 'switchboard_socket_connections', { namespace: '/widget' })).toBe(2);
    } finally {
      agentSocket.close();
      for (const s of widgetSockets) s.close();
    }
    await eventually(async () => sample((await scrape(server.url)).text, 'switchboard_socket_connections', { namespace: '/widget' }) === 0, 5_000, 'sockets closed');
  });

  it('reports job queue depth and the age of the oldest waiting job', async () => {
    const jobs = server.app.ctx.jobs;
    await jobs.ensureQueue('metrics-probe');
    await jobs.enqueue('metrics-probe', { n: 1 });
    await jobs.enqueue('metrics-probe', { n: 2 });
    await jobs.enqueue('metrics-probe', { n: 3 }, { startAfterMs: 3_600_000 }); // not due: not waiting yet
    await new Promise((r) => setTimeout(r, 1100));
    const { text } = await scrape(server.url);
    expect(sample(text, 'switchboard_job_queue_depth', { queue: 'metrics-probe', state: 'created' })).toBe(2);
    expect(sample(text, 'switchboard_job_queue_oldest_age_seconds', { queue: 'metrics-probe' })).toBeGreaterThanOrEqual(1);
  });
});

const withServer = serviceAvailable('TEST_DATABASE_URL', 'a PostgreSQL server for the pool gauge');
describe.runIf(withServer)('/metrics on PostgreSQL', () => {
  let server: TestServer;
  let database: { url: string; drop(): Promise<void> } | null;
  beforeAll(async () => {
    database = await createServerDatabase();
    server = await startServer({ DATABASE_URL: database!.url, METRICS_TOKEN });
  });
  afterAll(async () => { await server?.close(); await database?.drop(); });

  it('reports each event-log consumer with the figures /api/events/consumers gives', async () => {
    const admin = await loginAdmin(server.url);
    const { widgetKey } = await websiteInbox(server.url, admin);
    const visitor = await newVisitor(server.url, widgetKey);
    await api(server.url, 'POST', '/api/widget/messages', { token: visitor.visitorToken, body: { body: 'lag probe', clientId: 'lag-probe-1' } });
    // Once every consumer has caught up, the scrape and the API must say the same thing.
    const consumers = await eventually(async () => {
      const items = (await api(server.url, 'GET', '/api/events/consumers', { token: admin })).body.items as { consumer: string; behind: number; deadLetters: number }[];
      return items.length && items.every((c) => c.behind === 0) ? items : null;
    });
    const { text } = await scrape(server.url);
    expect(consumers.map((c) => c.consumer)).toEqual(expect.arrayContaining(['bot', 'rules', 'webhooks']));
    for (const c of consumers) {
      expect(sample(text, 'switchboard_event_consumer_lag_events', { consumer: c.consumer })).toBe(0);
      expect(sample(text, 'switchboard_event_consumer_oldest_age_seconds', { consumer: c.consumer })).toBe(0);
      expect(sample(text, 'switchboard_event_consumer_dead_letters', { consumer: c.consumer })).toBe(c.deadLetters);
    }
  });

  it('reports database pool use', async () => {
    await api(server.url, 'GET', '/readyz');
    const { text } = await scrape(server.url);
    const total = sample(text, 'switchboard_db_pool_connections', { state: 'total' })!;
    expect(total).toBeGreaterThanOrEqual(1);
    expect(total).toBeLessThanOrEqual(10);
    expect(sample(text, 'switchboard_db_pool_connections', { state: 'idle' })! + sample(text, 'switchboard_db_pool_connections', { state: 'in_use' })!).toBe(total);
    expect(sample(text, 'switchboard_db_pool_connections', { state: 'waiting' })).toBeTypeOf('number');
  });

  it('serves every metric the Grafana dashboard in deploy/ charts', async () => {
    const dashboard = JSON.parse(readFileSync('deploy/grafana-dashboard.json', 'utf8'));
    const exprs: string[] = dashboard.panels.flatMap((p: any) => p.targets.map((t: any) => t.expr));
    const charted = new Set(exprs.flatMap((e) => [...e.matchAll(/\b((?:switchboard|nodejs|process)_\w+?)(?:_bucket)?\{/g)].map((m) => m[1])));
    expect(charted.size).toBeGreaterThanOrEqual(10);
    const { text } = await scrape(server.url);
    const served = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
    expect([...charted].filter((name) => !served.has(name))).toEqual([]);
  });
});

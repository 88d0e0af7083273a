import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, spawnServer, stopProcess, type ServerProcess } from '../support/process.js';
import { serviceAvailable } from '../support/requirements.js';
import { api, connectSocket, createServerDatabase, eventually, loginAdmin } from '../support/server.js';
import { ACCOUNT_SID, AUTH_TOKEN, messageSid, postWebhook } from '../sms/twilio-stand-in.js';

interface Span { traceId: string; spanId: string; parentSpanId?: string; name: string; attributes: { key: string; value: Record<string, unknown> }[] }

/** A local OTLP/HTTP receiver: keeps the spans of every JSON export posted to /v1/traces. */
function otlpReceiver(): Promise<{ url: string; spans: Span[]; services: Set<string>; server: Server }> {
  const spans: Span[] = [];
  const services = new Set<string>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/traces' && req.headers['content-type']?.includes('json')) {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        for (const rs of body.resourceSpans ?? []) {
          for (const a of rs.resource?.attributes ?? []) if (a.key === 'service.name') services.add(a.value.stringValue);
          for (const ss of rs.scopeSpans ?? []) spans.push(...ss.spans);
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, services, server })));
}

const attr = (s: Span, key: string) => { const v = s.attributes.find((a) => a.key === key)?.value; return v ? Object.values(v)[0] : undefined; };

/** The spans from `span` up to its trace's root, through parentSpanId. */
function ancestry(span: Span, inTrace: Span[]): Span[] {
  const byId = new Map(inTrace.map((s) => [s.spanId, s]));
  const chain: Span[] = [];
  for (let s: Span | undefined = span; s; s = s.parentSpanId ? byId.get(s.parentSpanId) : undefined) chain.push(s);
  return chain;
}

// The pg instrumentation patches node-postgres, which the server uses only against a PostgreSQL server.
const enabled = serviceAvailable('TEST_DATABASE_URL', 'a PostgreSQL server');

describe.runIf(enabled)('OpenTelemetry traces over OTLP/HTTP (on PostgreSQL)', () => {
  let receiver: Awaited<ReturnType<typeof otlpReceiver>>;
  let node: ServerProcess;
  let dataDir: string;
  let database: Awaited<ReturnType<typeof createServerDatabase>>;

  beforeAll(async () => {
    receiver = await otlpReceiver();
    database = await createServerDatabase();
    const port = await freePort();
    dataDir = (await import('node:fs')).mkdtempSync(`${(await import('node:os')).tmpdir()}/sb-trace-`);
    node = await spawnServer({
      PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, DATA_DIR: dataDir, DATABASE_URL: database!.url, ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-password-1',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'switchboard-trace-test', OTEL_BSP_SCHEDULE_DELAY: '200',
    }, { startTimeoutMs: 120_000 });
  }, 180_000);
  afterAll(async () => {
    if (node) await stopProcess(node);
    await database?.drop();
    receiver?.server.close();
  });

  it('one trace runs from the Twilio webhook through ingest to the agent socket', async () => {
    const admin = await loginAdmin(node.url);
    const inbox = await api(node.url, 'POST', '/api/inboxes', { token: admin, body: { name: 'SMS', channel: 'sms', config: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, fromNumber: '+14155550000' } } });
    expect(inbox.status).toBe(201);
    const agent = await connectSocket(node.url, '/agent', admin);
    try {
      const created = new Promise<any>((resolve) => agent.on('message.created', (p) => resolve(p)));
      const sid = messageSid();
      const path = `/webhooks/twilio/${inbox.body.id}/sms`;
      const res = await postWebhook(node.url, path, { AccountSid: ACCOUNT_SID, MessageSid: sid, SmsSid: sid, From: '+14155550123', To: '+14155550000', Body: 'traced hello', NumMedia: '0' }, { signedUrl: `${node.url}${path}` });
      expect(res.status).toBe(200);
      expect((await created).message.body).toBe('traced hello');

      const trace = await eventually(async () => {
        const webhook = receiver.spans.find((s) => !s.parentSpanId && s.name.startsWith('POST /webhooks/twilio'));
        if (!webhook) return null;
        const inTrace = receiver.spans.filter((s) => s.traceId === webhook.traceId);
        const emit = inTrace.find((s) => s.name === 'send /agent' && JSON.stringify(s.attributes).includes('message.created'));
        return emit ? { webhook, emit, inTrace } : null;
      }, 20_000, 'the webhook trace with its socket emit').catch((err) => { console.log(JSON.stringify(receiver.spans.map((s) => [s.traceId.slice(0, 6), s.name, attr(s, 'http.route'), s.parentSpanId ? 'child' : 'root']))); throw err; });
      expect(receiver.services).toContain('switchboard-trace-test');
      expect(trace.inTrace.some((s) => s.name.startsWith('request handler') || attr(s, 'express.type') !== undefined)).toBe(true);
      expect(trace.inTrace.some((s) => s.name === 'request handler' && String(attr(s, 'http.route')).startsWith('/webhooks/twilio'))).toBe(true);

      // The database work of ingest is in the same trace: node-postgres spans under the webhook's server span.
      const queries = trace.inTrace.filter((s) => attr(s, 'db.system') === 'postgresql' || attr(s, 'db.system.name') === 'postgresql');
      expect(queries.length).toBeGreaterThan(0);
      const insert = queries.find((s) => /insert into "?messages"?/i.test(String(attr(s, 'db.statement') ?? attr(s, 'db.query.text'))));
      expect(insert, 'the INSERT of the message as a pg span').toBeDefined();
      // The message is stored by one statement that inserts it and updates its conversation (a CTE: WITH … INSERT),
      // a prepared statement on a server, so the span is named after it.
      expect(insert!.name).toMatch(/^pg\.query:ingest_messages_touching /);
      expect(String(attr(insert!, 'db.name') ?? attr(insert!, 'db.namespace'))).toBe(new URL(database!.url).pathname.slice(1));
      const chain = ancestry(insert!, trace.inTrace);
      expect(chain.at(-1)!.spanId).toBe(trace.webhook.spanId);
    } finally {
      agent.close();
    }
  });
});

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

/** The span's chain of parents up to its trace's root; throws when a parent is missing from the export. */
function ancestry(span: Span, inTrace: Span[]): Span[] {
  const chain = [span];
  for (let s = span; s.parentSpanId;) {
    const parent = inTrace.find((p) => p.spanId === s.parentSpanId);
    if (!parent) throw new Error(`span "${s.name}" names parent ${s.parentSpanId}, which is not in its trace`);
    chain.push(parent);
    s = parent;
  }
  return chain;
}

const onPostgres = serviceAvailable('TEST_DATABASE_URL', 'the pg spans of a PostgreSQL deployment');
const stores = [
  { store: 'PGlite (no pg driver: HTTP, Express and Socket.IO spans)', postgres: false },
  ...(onPostgres ? [{ store: 'PostgreSQL (pg spans as well)', postgres: true }] : []),
];

describe.each(stores)('OpenTelemetry traces over OTLP/HTTP on $store', ({ postgres }) => {
  let receiver: Awaited<ReturnType<typeof otlpReceiver>>;
  let node: ServerProcess;
  let database: { url: string; drop(): Promise<void> } | null = null;

  beforeAll(async () => {
    receiver = await otlpReceiver();
    const port = await freePort();
    database = postgres ? await createServerDatabase() : null;
    const store: Record<string, string> = database ? { DATABASE_URL: database.url } : { DATA_DIR: (await import('node:fs')).mkdtempSync(`${(await import('node:os')).tmpdir()}/sb-trace-`) };
    node = await spawnServer({
      PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, ...store, ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-password-1',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: 'switchboard-trace-test', OTEL_BSP_SCHEDULE_DELAY: '200',
    }, { startTimeoutMs: 120_000 });
  }, 180_000);
  afterAll(async () => {
    if (node) await stopProcess(node);
    receiver?.server.close();
    await database?.drop();
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

      const isMessageInsert = (s: Span) => /^insert into "messages"/i.test(String(attr(s, 'db.query.text') ?? ''));
      const trace = await eventually(async () => {
        const webhook = receiver.spans.find((s) => !s.parentSpanId && s.name.startsWith('POST /webhooks/twilio'));
        if (!webhook) return null;
        const inTrace = receiver.spans.filter((s) => s.traceId === webhook.traceId);
        const emit = inTrace.find((s) => s.name === 'send /agent' && JSON.stringify(s.attributes).includes('message.created'));
        const insert = inTrace.find(isMessageInsert);
        // Parents end after their children, so wait until every parent named in the trace has been exported too.
        const linked = inTrace.every((sp) => !sp.parentSpanId || inTrace.some((p) => p.spanId === sp.parentSpanId));
        return emit && linked && (!postgres || insert) ? { webhook, emit, insert, inTrace } : null;
      }, 20_000, 'the webhook trace with its socket emit').catch((err) => { console.log(JSON.stringify(receiver.spans.map((s) => [s.traceId.slice(0, 6), s.name, attr(s, 'http.route'), s.parentSpanId ? 'child' : 'root']))); throw err; });
      expect(receiver.services).toContain('switchboard-trace-test');
      // Every span of the trace hangs off the webhook's server span, through parents that are all exported.
      for (const s of trace.inTrace) expect(ancestry(s, trace.inTrace).at(-1)).toBe(trace.webhook);
      const handler = trace.inTrace.find((s) => s.name === 'request handler' && String(attr(s, 'http.route')).startsWith('/webhooks/twilio'));
      expect(handler).toBeDefined();
      expect(ancestry(handler!, trace.inTrace)).toContain(trace.webhook);
      expect(ancestry(trace.emit, trace.inTrace)).toContain(trace.webhook);

      const pgSpans = receiver.spans.filter((s) => attr(s, 'db.system.name') === 'postgresql');
      if (!postgres) {
        expect(pgSpans).toEqual([]);
        return;
      }
      // The message's insert: a pg client span with its statement, operation and database, inside the webhook's request.
      const insert = trace.insert!;
      const dbName = new URL(database!.url).pathname.slice(1);
      expect(insert.name).toBe(`pg.query:INSERT ${dbName}`);
      expect(attr(insert, 'db.namespace')).toBe(dbName);
      expect(attr(insert, 'db.system.name')).toBe('postgresql');
      const chain = ancestry(insert, trace.inTrace);
      expect(chain.at(-1)).toBe(trace.webhook);
      expect(chain.some((s) => s === handler || s.name === 'request handler')).toBe(true);
      // Ingest reads and writes more than the one insert, all of them in this trace.
      const tracePg = trace.inTrace.filter((s) => attr(s, 'db.system.name') === 'postgresql');
      expect(tracePg.map((s) => s.name.split(' ')[0])).toEqual(expect.arrayContaining(['pg.query:SELECT', 'pg.query:INSERT']));
    } finally {
      agent.close();
    }
  });
});

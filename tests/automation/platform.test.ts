import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opsFor } from '../../server/automation/ops.js';
import { opsRoutes } from '../../server/automation/routes.js';
import { verifySwitchboardWebhook } from '../../server/automation/webhook-verify-snippet.js';
import { deliverWebhooks, FIRST_ATTEMPT_WAIT_MS } from '../../server/automation/webhooks.js';
import { ingest } from '../../server/ingest/ingest.js';
import { api, eventually, loginAdmin, startServer, websiteInbox, type TestServer } from '../support/server.js';
import { rawRows, visitorWrites } from './helpers.js';

/** A small receiver on 127.0.0.1 that records raw bodies and answers with a chosen status. */
class Receiver {
  hits: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];
  status = 200;
  delayMs = 0;
  private server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      this.hits.push({ path: req.url ?? '', headers: req.headers, body });
      setTimeout(() => res.writeHead(this.status).end('ok'), this.delayMs);
    });
  });
  url = '';
  async start() {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }
  close() { return new Promise<void>((r) => this.server.close(() => r())); }
}

let server: TestServer;
let admin: string;
let receiver: Receiver;

beforeAll(async () => {
  server = await startServer(process.env.DEBUG_OPS ? { LOG_LEVEL: 'error' } : {});
  admin = await loginAdmin(server.url);
  receiver = await new Receiver().start();
});
afterAll(async () => { await server?.close(); await receiver?.close(); });

describe('outbound webhooks', () => {
  it('refuses a loopback target unless private targets are allowed', async () => {
    const refused = await api(server.url, 'POST', '/api/webhooks', { token: admin, body: { url: `${receiver.url}/hook`, events: ['message.created'] } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/not a public address/);
    const metadata = await api(server.url, 'POST', '/api/webhooks', { token: admin, body: { url: 'http://169.254.169.254/latest/meta-data', events: ['*'] } });
    expect(metadata.status).toBe(400);
  });

  it('signs every delivery so the documented snippet verifies it, and logs the delivery', async () => {
    const sub = await api(server.url, 'POST', '/api/webhooks', { token: admin, body: { url: `${receiver.url}/hook`, events: ['message.created'], allowPrivate: true } });
    expect(sub.status).toBe(201);
    const inbox = await websiteInbox(server.url, admin);
    await visitorWrites(server, inbox.widgetKey, 'Webhook me: สวัสดี');
    const hit = await eventually(async () => receiver.hits.find((h) => h.body.includes('Webhook me')));
    expect(hit.headers['x-switchboard-event']).toBe('message.created');
    expect(verifySwitchboardWebhook(sub.body.secret, hit.headers as Record<string, string>, hit.body)).toBe(true);
    expect(verifySwitchboardWebhook('whsec_wrong', hit.headers as Record<string, string>, hit.body)).toBe(false);
    expect(JSON.parse(hit.body).data.message.body).toBe('Webhook me: สวัสดี');
    const log = await eventually(async () => (await api(server.url, 'GET', `/api/webhooks/${sub.body.id}/deliveries`, { token: admin })).body.items.find((d: any) => d.status === 'delivered'));
    expect(log.responseStatus).toBe(200);
    await api(server.url, 'DELETE', `/api/webhooks/${sub.body.id}`, { token: admin });
  });

  it('makes the first attempt at once: a prompt receiver costs no job, a slow one gets a job that finds the attempt made', async () => {
    const sub = await api(server.url, 'POST', '/api/webhooks', { token: admin, body: { url: `${receiver.url}/first`, events: ['message.created'], allowPrivate: true } });
    const inbox = await websiteInbox(server.url, admin);
    const deliveryOf = async (text: string) => (await rawRows(server, `select id, status, attempts, response_status from webhook_deliveries
      where subscription_id = $1 and body like $2`, [sub.body.id, `%${text}%`]))[0] as { id: string; status: string; attempts: number; response_status: number } | undefined;
    const jobsOf = async (id: string) => await rawRows(server, "select state, start_after > now() as later from pgboss.job where name = 'webhook-deliver' and data->>'deliveryId' = $1", [id]);
    const hitsOf = (text: string) => receiver.hits.filter((h) => h.path === '/first' && h.body.includes(text)).length;

    await visitorWrites(server, inbox.widgetKey, 'Prompt delivery');
    const prompt = await eventually(async () => { const d = await deliveryOf('Prompt delivery'); return d?.status === 'delivered' && d; });
    expect(prompt).toMatchObject({ attempts: 1, response_status: 200 });
    expect(await jobsOf(prompt.id)).toEqual([]);
    expect(hitsOf('Prompt delivery')).toBe(1);

    receiver.delayMs = FIRST_ATTEMPT_WAIT_MS + 500;
    await visitorWrites(server, inbox.widgetKey, 'Slow delivery');
    const slow = await eventually(async () => { const d = await deliveryOf('Slow delivery'); return d?.status === 'delivered' && d; }, 10_000);
    receiver.delayMs = 0;
    expect(slow).toMatchObject({ attempts: 1, response_status: 200 });
    // The job that stands in for the slow attempt is due later; run now, it sees the attempt made and sends nothing.
    expect(await jobsOf(slow.id)).toEqual([{ state: 'created', later: true }]);
    await deliverWebhooks(server.app.ctx, [{ deliveryId: slow.id, attempt: 1 }]);
    expect(hitsOf('Slow delivery')).toBe(1);
    expect(await deliveryOf('Slow delivery')).toEqual(slow);
    await api(server.url, 'DELETE', `/api/webhooks/${sub.body.id}`, { token: admin });
  });

  it('retries a failing receiver and switches the subscription off with a visible reason', async () => {
    const ops = opsFor(server.app.ctx);
    ops.webhookRetryDelayMs = () => 50;
    ops.webhookDisableAfter = 3;
    receiver.status = 500;
    const sub = await api(server.url, 'POST', '/api/webhooks', { token: admin, body: { url: `${receiver.url}/down`, events: ['conversation.created'], allowPrivate: true } });
    const inbox = await websiteInbox(server.url, admin);
    await visitorWrites(server, inbox.widgetKey, 'Nobody is listening');
    const off = await eventually(async () => (await api(server.url, 'GET', '/api/webhooks', { token: admin })).body.items.find((s: any) => s.id === sub.body.id && !s.enabled), 20_000);
    expect(off.disabledReason).toMatch(/3 failed attempts.*HTTP 500/);
    expect(receiver.hits.filter((h) => h.path === '/down').length).toBeGreaterThanOrEqual(3);
    const audit = await api(server.url, 'GET', '/api/audit?action=webhook.auto_disabled', { token: admin });
    expect(audit.body.items[0].targetId).toBe(sub.body.id);
    receiver.status = 200;
  });
});

describe('API tokens, the API channel and OpenAPI', () => {
  it('holds tokens to their scopes and feeds an API inbox whose replies reach the callback, signed', async () => {
    const inbox = await api(server.url, 'POST', '/api/inboxes', { token: admin, body: { name: 'Shop backend', channel: 'api', config: { callbackUrl: `${receiver.url}/callback`, callbackSecret: 'callback-secret-0123456789', allowPrivate: true } } });
    expect(inbox.status).toBe(201);
    const bot = await api(server.url, 'POST', '/api/tokens', { token: admin, body: { name: 'Shop bot', kind: 'bot', scopes: ['api_channel:write', 'conversations:read'] } });
    expect(bot.status).toBe(201);
    const membership = await api(server.url, 'PATCH', `/api/inboxes/${inbox.body.id}`, { token: admin, body: { name: 'Shop backend', memberIds: [bot.body.agentId] } });
    expect(membership.status, JSON.stringify(membership.body)).toBe(200);

    const post = (body: unknown) => api(server.url, 'POST', `/api/inboxes/${inbox.body.id}/api-messages`, { token: bot.body.token, body });
    const first = await post({ contact: { identifier: 'cust-42', name: 'Kim' }, body: 'Where is my parcel?', externalId: 'evt-1' });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect((await post({ contact: { identifier: 'cust-42' }, body: 'Where is my parcel?', externalId: 'evt-1' })).status).toBe(200); // idempotent
    expect((await api(server.url, 'GET', `/api/conversations/${first.body.conversationId}`, { token: bot.body.token })).status).toBe(200);
    // Read-only scope: no replies, no admin.
    expect((await api(server.url, 'POST', `/api/conversations/${first.body.conversationId}/messages`, { token: bot.body.token, body: { body: 'hi' } })).status).toBe(403);
    expect((await api(server.url, 'GET', '/api/webhooks', { token: bot.body.token })).status).toBe(403);

    await api(server.url, 'POST', `/api/conversations/${first.body.conversationId}/messages`, { token: admin, body: { body: 'On its way!' } });
    const hit = await eventually(async () => receiver.hits.find((h) => h.path === '/callback'));
    expect(verifySwitchboardWebhook('callback-secret-0123456789', hit.headers as Record<string, string>, hit.body)).toBe(true);
    expect(JSON.parse(hit.body)).toMatchObject({ recipient: 'cust-42', message: { body: 'On its way!' } });

    await api(server.url, 'DELETE', `/api/tokens/${bot.body.id}`, { token: admin });
    expect((await api(server.url, 'GET', '/api/conversations', { token: bot.body.token })).status).toBeGreaterThanOrEqual(401);
  });

  it('serves a valid OpenAPI 3 document covering every contract route and every ops route, and a docs page', async () => {
    const doc = (await api(server.url, 'GET', '/api/openapi.json')).body;
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBeTruthy();
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      const ops = Object.entries<any>(item).filter(([m]) => ['get', 'post', 'put', 'patch', 'delete'].includes(m));
      expect(ops.length, path).toBeGreaterThan(0);
      for (const [, op] of ops) expect(Object.keys(op.responses ?? {}).length, path).toBeGreaterThan(0);
      for (const name of path.match(/\{(\w+)\}/g) ?? []) {
        for (const [, op] of ops) expect(op.parameters?.some((p: any) => p.in === 'path' && `{${p.name}}` === name), `${path} ${name}`).toBe(true);
      }
    }
    const has = (method: string, path: string) => Boolean(doc.paths[path]?.[method]);
    const expected: [string, string][] = [
      ['get', '/healthz'], ['post', '/api/auth/login'], ['get', '/api/inboxes'], ['post', '/api/inboxes'], ['patch', '/api/inboxes/{id}'],
      ['post', '/api/widget/sessions'], ['post', '/api/widget/messages'], ['get', '/api/widget/messages'], ['get', '/api/conversations'],
      ['get', '/api/conversations/{id}'], ['get', '/api/conversations/{id}/messages'], ['post', '/api/conversations/{id}/messages'],
      ['patch', '/api/conversations/{id}'], ['get', '/api/contacts/{id}'], ['put', '/api/integrations/slack'], ['post', '/api/kb/articles'],
      ['get', '/widget.js'], ['post', '/webhooks/twilio/{inboxId}/sms'], ['post', '/webhooks/twilio/{inboxId}/status'], ['post', '/webhooks/telegram/{inboxId}'],
      ['post', '/webhooks/messenger/{inboxId}'], ['post', '/webhooks/whatsapp/{inboxId}'], ['post', '/webhooks/line/{inboxId}'], ['post', '/webhooks/slack/events'],
      ['get', '/api/rules'], ['post', '/api/rules'], ['get', '/api/reports'], ['post', '/api/webhooks'], ['get', '/api/webhooks/{id}/deliveries'],
      ['post', '/api/tokens'], ['post', '/api/inboxes/{id}/api-messages'], ['get', '/api/sla/conversations'], ['put', '/api/inbox-schedules/{inboxId}'],
      ['put', '/api/assignment/policies/{inboxId}'], ['get', '/api/csat/feedback'], ['get', '/csat/{token}'], ['get', '/api/audit'],
      ['get', '/api/gdpr/contacts/{id}/export'], ['delete', '/api/gdpr/contacts/{id}'],
    ];
    for (const [m, p] of expected) expect(has(m, p), `${m.toUpperCase()} ${p}`).toBe(true);
    // And every route the ops router really serves, read from its Express stack (so a new route cannot be missed).
    const served: [string, string][] = [];
    const walk = (stack: any[], prefix: string) => {
      for (const layer of stack) {
        if (layer.route) for (const m of Object.keys(layer.route.methods)) served.push([m, `/api${prefix}${layer.route.path}`.replace(/\/+/g, '/').replace(/:(\w+)/g, '{$1}')]);
        else if (layer.handle?.stack) walk(layer.handle.stack, prefix + (typeof layer.rawPath === 'string' ? layer.rawPath : ''));
      }
    };
    walk((opsRoutes(server.app.ctx) as any).stack, '');
    expect(served.length).toBeGreaterThan(30);
    for (const [m, p] of served) expect(has(m, p), `${m.toUpperCase()} ${p} is served but not documented`).toBe(true);
    const page = await fetch(`${server.url}/api/docs`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('/api/gdpr/contacts/{id}/export');
  });
});

describe('audit log and GDPR', () => {
  it('exports everything about a contact, then erases them leaving no row anywhere, with a record that it happened', async () => {
    const inbox = await websiteInbox(server.url, admin);
    const { conversationId, contactId } = await visitorWrites(server, inbox.widgetKey, 'My address is 12 Secret Lane');
    await api(server.url, 'PATCH', `/api/contacts/${contactId}`, { token: admin, body: { name: 'Erin Erasable', email: 'erin.erasable@example.com' } });
    await ingest(server.app.ctx, {
      inboxId: inbox.id, externalId: `file-${contactId}`, sender: { address: (await rawRows(server, 'select address from contact_identities where contact_id = $1', [contactId]))[0].address },
      threadHint: [`conversation:${conversationId}`], body: 'my passport', attachments: [{ name: 'passport.png', contentType: 'image/png', data: Buffer.from('PNGDATA-ERIN') }],
    });
    await api(server.url, 'POST', `/api/conversations/${conversationId}/messages`, { token: admin, body: { body: 'Thanks Erin' } });
    await server.app.ctx.bus.drain();

    const exported = await api(server.url, 'GET', `/api/gdpr/contacts/${contactId}/export`, { token: admin });
    expect(exported.status).toBe(200);
    expect(exported.body.contact.email).toBe('erin.erasable@example.com');
    expect(exported.body.conversations[0].messages.map((m: any) => m.body)).toEqual(expect.arrayContaining(['My address is 12 Secret Lane', 'my passport', 'Thanks Erin']));
    expect(Buffer.from(exported.body.attachments[0].base64, 'base64').toString()).toBe('PNGDATA-ERIN');
    const blobId = exported.body.attachments[0].id;

    const erased = await api(server.url, 'DELETE', `/api/gdpr/contacts/${contactId}`, { token: admin });
    expect(erased.body).toMatchObject({ erased: true, conversations: 1, attachments: 1 });
    await server.app.ctx.bus.drain();

    // Every table in the schema, every row as text: nothing may mention the contact, their data or their files
    // (the audit entry names the erased id and nothing else).
    const tables = await rawRows(server, "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'");
    const needles = [contactId, conversationId, blobId, 'Erin Erasable', 'erin.erasable@example.com', '12 Secret Lane', 'PNGDATA-ERIN'];
    for (const { table_name: t } of tables) {
      const where = t === 'audit_log' ? `and not (action = 'gdpr.contact_erased' and target_id = '${contactId}')` : '';
      for (const needle of needles) {
        const hex = Buffer.from(needle).toString('hex');
        const rows = await rawRows(server, `select count(*)::int as n from "${t}" x where (x::text ilike $1 or x::text ilike $2) ${where}`, [`%${needle}%`, `%${hex}%`]);
        expect(rows[0].n, `${t} still holds ${needle}`).toBe(0);
      }
    }
    const record = await api(server.url, 'GET', '/api/audit?action=gdpr.contact_erased', { token: admin });
    expect(record.body.items[0]).toMatchObject({ targetId: contactId, details: { conversations: 1, attachments: 1 } });
    // Admin changes elsewhere in the API are audited too.
    const changes = await api(server.url, 'GET', '/api/audit', { token: admin });
    expect(changes.body.items.some((i: any) => i.action === 'POST /inboxes')).toBe(true);
  });
});

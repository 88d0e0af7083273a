import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../server/db/client.js';
import { openDatabase, type Database } from '../../server/db/client.js';
import { api, createServerDatabase, loginAdmin, newVisitor, startServer, websiteInbox, type TestServer } from '../support/server.js';
import { serviceAvailable } from '../support/requirements.js';
import { cli, ensureServerBuilt, root } from './cli-kit.js';

type ServerDb = { url: string; drop(): Promise<void> };
const withServer = serviceAvailable('TEST_DATABASE_URL', 'the CLI runs beside a live server on PostgreSQL');

/** Everything an export carries, read back from a database, in a stable order, without this database's ids. */
async function conversationsOf(database: Database) {
  const rows = await database.db.select({ c: schema.conversations, contact: schema.contacts }).from(schema.conversations)
    .innerJoin(schema.contacts, eq(schema.contacts.id, schema.conversations.contactId));
  const out = [];
  for (const { c, contact } of rows) {
    const messages = await database.db.select().from(schema.messages).where(eq(schema.messages.conversationId, c.id)).orderBy(asc(schema.messages.createdAt), asc(schema.messages.body));
    const identities = await database.db.select().from(schema.contactIdentities).where(eq(schema.contactIdentities.contactId, contact.id));
    out.push({
      status: c.status, priority: c.priority, labels: c.labels, createdAt: c.createdAt.toISOString(),
      contact: { name: contact.name, email: contact.email, identities: identities.map((i) => `${i.channel}:${i.address}`).sort() },
      messages: messages.map((m) => ({ direction: m.direction, senderType: m.senderType, body: m.body, private: m.private, status: m.status, createdAt: m.createdAt.toISOString() })),
    });
  }
  return out.sort((a, b) => a.messages[0].body.localeCompare(b.messages[0].body));
}

describe.runIf(withServer)('operator CLI against a live server on PostgreSQL', () => {
  let db: ServerDb;
  let server: TestServer;
  let admin: string;
  const env = () => ({ DATABASE_URL: db.url });

  beforeAll(async () => {
    await ensureServerBuilt();
    db = (await createServerDatabase())!;
    server = await startServer({ DATABASE_URL: db.url });
    admin = await loginAdmin(server.url);
  }, 400_000);
  afterAll(async () => { await server?.close(); await db?.drop(); });

  it('migrate reports every migration applied', async () => {
    const journal = JSON.parse(readFileSync(path.join(root, 'server/db/migrations/meta/_journal.json'), 'utf8'));
    const r = await cli(['migrate'], env());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${journal.entries.length} of ${journal.entries.length} migrations applied`);
  });

  it('create-admin adds an admin who can sign in; a second time it refuses', async () => {
    const r = await cli(['create-admin', '--email', 'ops@example.com', '--name', 'Olga Ops', '--password', 'ops-password-1'], env());
    expect(r.code).toBe(0);
    const login = await api(server.url, 'POST', '/api/auth/login', { body: { email: 'ops@example.com', password: 'ops-password-1' } });
    expect(login.status).toBe(200);
    expect(login.body.agent).toMatchObject({ email: 'ops@example.com', name: 'Olga Ops', role: 'admin' });
    const again = await cli(['create-admin', '--email', 'OPS@example.com'], env());
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    const bad = await cli(['create-admin', '--email', 'not-an-address'], env());
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--email must be an e-mail address');
  });

  it('reset-password sets a generated password and ends the old sessions', async () => {
    const old = await api(server.url, 'POST', '/api/auth/login', { body: { email: 'ops@example.com', password: 'ops-password-1' } });
    const r = await cli(['reset-password', '--email', 'ops@example.com'], env());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2 session\(s\) signed out/);
    const generated = /Password: (\S+)/.exec(r.stdout)![1];
    expect((await api(server.url, 'POST', '/api/auth/login', { body: { email: 'ops@example.com', password: 'ops-password-1' } })).status).toBe(401);
    expect((await api(server.url, 'POST', '/api/auth/login', { body: { email: 'ops@example.com', password: generated } })).status).toBe(200);
    // The session from before the reset (never used, so no node has it cached) no longer works.
    expect((await api(server.url, 'GET', '/api/auth/me', { token: old.body.token })).status).toBe(401);
    expect((await cli(['reset-password', '--email', 'nobody@example.com'], env())).stderr).toContain('No agent with nobody@example.com');
  });

  it('seed-demo fills the Website inbox once, however often it runs', async () => {
    for (let run = 0; run < 2; run++) expect((await cli(['seed-demo'], env())).code).toBe(0);
    const login = await api(server.url, 'POST', '/api/auth/login', { body: { email: 'agent@demo.switchboard.test', password: 'demo-password-1' } });
    expect(login.status).toBe(200);
    const list = await api(server.url, 'GET', '/api/conversations?limit=50', { token: login.body.token });
    expect(list.body.items).toHaveLength(5);
    const ana = list.body.items.find((c: any) => c.contact?.name === 'Ana Souza' || c.contactName === 'Ana Souza') ?? list.body.items[0];
    const messages = await api(server.url, 'GET', `/api/conversations/${ana.id}/messages`, { token: login.body.token });
    expect(messages.body.items.length).toBeGreaterThanOrEqual(1);
  });

  it('export writes JSON Lines that import into a fresh database with the same content, idempotently', async () => {
    // Add a conversation with a private note and a resolved status to what seed-demo made.
    const web = await websiteInbox(server.url, admin);
    const visitor = await newVisitor(server.url, web.widgetKey, { name: 'Rita Export', email: 'rita@example.com' });
    const sent = await api(server.url, 'POST', '/api/widget/messages', { token: visitor.visitorToken, body: { body: 'Please cancel my order 1042', clientId: 'rita-1' } });
    await api(server.url, 'POST', `/api/conversations/${sent.body.conversationId}/messages`, { token: admin, body: { body: 'Refund approved by finance', private: true } });
    await api(server.url, 'PATCH', `/api/conversations/${sent.body.conversationId}`, { token: admin, body: { status: 'resolved', labels: ['billing'], priority: 'high' } });

    const dir = mkdtempSync(path.join(tmpdir(), 'sb-export-'));
    const file = path.join(dir, 'conversations.jsonl');
    const exported = await cli(['export', '--out', file], env());
    expect(exported.code).toBe(0);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(6);
    expect(exported.stderr).toContain('Exported 6 conversation(s)');
    const onStdout = await cli(['export', '--status', 'resolved'], env());
    expect(onStdout.stdout.trim().split('\n').map((l) => JSON.parse(l).contact.name)).toEqual(['Rita Export']);

    const target = (await createServerDatabase())!;
    const targetDb = await openDatabase({ databaseUrl: target.url, dataDir: dir });
    try {
      // The target needs its inbox: a first start creates "Website", as on any new installation.
      await targetDb.db.insert(schema.inboxes).values({ name: 'Website', channel: 'web', widgetKey: 'target-widget-key' });
      const dry = await cli(['import', '--in', file, '--dry-run'], { DATABASE_URL: target.url });
      expect(dry.code).toBe(0);
      expect(dry.stdout).toContain('Dry run: would import 6 conversation(s)');
      expect(await targetDb.db.select().from(schema.messages)).toHaveLength(0);

      const first = await cli(['import', '--in', file], { DATABASE_URL: target.url });
      expect(first.code).toBe(0);
      const source = await openDatabase({ databaseUrl: db.url, dataDir: dir });
      try {
        expect(await conversationsOf(targetDb)).toEqual(await conversationsOf(source));
      } finally {
        await source.close();
      }
      const again = await cli(['import', '--in', file], { DATABASE_URL: target.url });
      expect(again.stdout).toMatch(/Imported 6 conversation\(s\): 0 new message\(s\), \d+ already there; 0 line\(s\) with errors/);
      expect(await targetDb.db.select().from(schema.conversations)).toHaveLength(6);

      writeFileSync(file, `${lines[0]}\n{"version":1}\nnot json\n`);
      const broken = await cli(['import', '--in', file], { DATABASE_URL: target.url });
      expect(broken.code).toBe(1);
      expect(broken.stderr).toContain('line 2: conversation:');
      expect(broken.stderr).toContain('line 3: not valid JSON');
    } finally {
      await targetDb.close();
      await target.drop();
    }
  });
});

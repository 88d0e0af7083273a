import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createServerDatabase, startServer, type TestServer } from '../support/server.js';
import { serviceAvailable } from '../support/requirements.js';
import { cli, ensureServerBuilt, root } from './cli-kit.js';

type ServerDb = { url: string; drop(): Promise<void> };
const withServer = serviceAvailable('TEST_DATABASE_URL', 'the CLI runs beside a live server on PostgreSQL');

describe.runIf(withServer)('operator CLI against a live server on PostgreSQL', () => {
  let db: ServerDb;
  let server: TestServer;
  const env = () => ({ DATABASE_URL: db.url });

  beforeAll(async () => {
    await ensureServerBuilt();
    db = (await createServerDatabase())!;
    server = await startServer({ DATABASE_URL: db.url });
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
});

import { afterAll, beforeAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { io as ioClient, type Socket } from 'socket.io-client';
import { createApp, type App } from '../../server/app.js';
export { nextEvent } from './events.js';
import { loadConfig } from '../../server/config.js';
import { seedDataDir } from './pglite-template.js';

export const ADMIN = { email: 'admin@example.com', password: 'admin-password-1' };

export interface TestServer {
  app: App;
  url: string;
  dataDir: string;
  close(opts?: { keepData?: boolean }): Promise<void>;
}

/** The real server on an ephemeral port with a fresh embedded database (or the given DATABASE_URL). */
export async function startServer(env: Record<string, string> = {}, dataDir?: string): Promise<TestServer> {
  const dir = dataDir ?? mkdtempSync(path.join(tmpdir(), 'sb-test-'));
  if (!env.DATABASE_URL) seedDataDir(dir);
  const config = loadConfig({
    PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'silent', RATE_LIMIT_PUBLIC: '100000', ...env,
  });
  const app = await createApp(config);
  const url = `http://127.0.0.1:${app.port}`;
  // PUBLIC_URL defaults to localhost:<configured port>; tests bind port 0, so point it at the real one.
  if (!env.PUBLIC_URL) (app.ctx.config as { publicUrl: string }).publicUrl = url;
  return {
    app, url, dataDir: dir,
    async close(opts = {}) {
      await app.close();
      if (!opts.keepData && !dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A throwaway database on the PostgreSQL server named by TEST_DATABASE_URL (null when unset). */
/**
 * A pool on a test database. Dropping the database at teardown (WITH FORCE) ends every connection still open to
 * it, and an idle client that hears that first reports it as an error with nobody to catch it: that one code is
 * expected then; any other error still surfaces.
 */
export function testPool(connectionString: string): pg.Pool {
  const pool = new pg.Pool({ connectionString });
  pool.on('error', (err: Error & { code?: string }) => { if (err.code !== '57P01') throw err; });
  return pool;
}

export async function createServerDatabase(): Promise<{ url: string; drop(): Promise<void> } | null> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return null;
  const name = `sb_test_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function api(base: string, method: string, p: string, opts: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}) {
  const res = await fetch(base + p, {
    method,
    headers: {
      ...(opts.body !== undefined || opts.raw !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    },
    body: opts.raw ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined),
  });
  const text = await res.text();
  let json: any = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = text; }
  return { status: res.status, body: json, headers: res.headers };
}

export async function loginAdmin(base: string): Promise<string> {
  const r = await api(base, 'POST', '/api/auth/login', { body: ADMIN });
  if (r.status !== 200) throw new Error(`login failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token;
}

export async function createAgent(server: TestServer, email: string, inboxIds: string[], role: 'agent' | 'admin' = 'agent'): Promise<{ id: string; token: string }> {
  const { schema } = await import('../../server/db/client.js');
  const { hashPassword, issueToken } = await import('../../server/agents/agents.js');
  const db = server.app.ctx.db;
  const [agent] = await db.insert(schema.agents).values({ email, name: email.split('@')[0], role, passwordHash: await hashPassword('agent-password-1') }).returning();
  if (inboxIds.length) await db.insert(schema.inboxMembers).values(inboxIds.map((inboxId) => ({ inboxId, agentId: agent.id })));
  return { id: agent.id, token: await issueToken(db, agent.id) };
}

export async function websiteInbox(base: string, token: string): Promise<{ id: string; widgetKey: string }> {
  const r = await api(base, 'GET', '/api/inboxes', { token });
  const inbox = r.body.find((i: any) => i.channel === 'web');
  return { id: inbox.id, widgetKey: inbox.widgetKey };
}

export async function newVisitor(base: string, widgetKey: string, visitor?: { name?: string; email?: string }) {
  const r = await api(base, 'POST', '/api/widget/sessions', { body: { widgetKey, visitor } });
  if (r.status !== 200) throw new Error(`session failed: ${r.status}`);
  return r.body as { visitorToken: string; contactId: string };
}

export function connectSocket(base: string, namespace: '/agent' | '/widget', token: string): Promise<Socket> {
  const socket = ioClient(base + namespace, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => { socket.close(); reject(err); });
  });
}

/** Polls until `fn` returns a truthy value (for effects of background jobs), failing after `ms`. */
export async function eventually<T>(fn: () => Promise<T | null | undefined | false>, ms = 10_000, what = 'condition'): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`${what} not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface ServerFixture { s: TestServer; token: string; inbox: { id: string; widgetKey: string } }

/** A describe block's server: started before its tests with the admin signed in, closed after. */
export function useServer(assign: (f: ServerFixture) => void, env: Record<string, string> = {}): void {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startServer(env);
    const token = await loginAdmin(server.url);
    assign({ s: server, token, inbox: await websiteInbox(server.url, token) });
  });
  afterAll(() => server?.close());
}

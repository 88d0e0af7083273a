import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from '../../server/db/schema/index.js';
import { hashPassword, issueToken } from '../../server/agents/agents.js';
import { spawnServer, stopProcess, type ServerProcess } from './process.js';
import { ADMIN, api, createServerDatabase, loginAdmin, testPool } from './server.js';

// Set-up shared by the tests that run the server as separate processes on one PostgreSQL database.

/** An agent who is a member of `inboxId`, written straight to the shared database, with an API token. */
export async function agentIn(pool: pg.Pool, inboxId: string, email: string): Promise<{ id: string; token: string }> {
  const db = drizzle(pool, { schema });
  const [agent] = await db.insert(schema.agents).values({ email, name: email.split('@')[0], role: 'agent', passwordHash: await hashPassword('agent-password-1') }).returning();
  await db.insert(schema.inboxMembers).values({ inboxId, agentId: agent.id });
  return { id: agent.id, token: await issueToken(db as any, agent.id) };
}

/** A new web-chat inbox, created through the API. */
export async function webInbox(base: string, admin: string, name: string): Promise<{ id: string; widgetKey: string }> {
  const r = await api(base, 'POST', '/api/inboxes', { token: admin, body: { name, channel: 'web', config: {} } });
  if (r.status !== 201) throw new Error(`inbox: ${r.status} ${JSON.stringify(r.body)}`);
  return { id: r.body.id as string, widgetKey: r.body.widgetKey as string };
}

/** The per-consumer lag the node reports on /readyz?detail=1. */
export async function consumerLagOf(base: string): Promise<{ consumer: string; behind: number; deadLetters: number }[]> {
  return (await api(base, 'GET', '/readyz?detail=1')).body.consumers;
}

export interface NodeCluster {
  /** The shared database, and a pool on it for the test's own reads. */
  databaseUrl: string;
  pool: pg.Pool;
  nodes: ServerProcess[];
  /** The environment every node was started with (to start another one like them). */
  env: Record<string, string>;
  admin: string;
  inbox: { id: string; widgetKey: string };
  stop(): Promise<void>;
}

/**
 * A fresh PostgreSQL database and `count` server processes on it and on the shared Redis, the admin signed in
 * through the first node and a web-chat inbox named `inboxName` created there.
 */
export async function startCluster(count: number, inboxName: string, extraEnv: Record<string, string> = {}): Promise<NodeCluster> {
  const db = (await createServerDatabase())!;
  const pool = testPool(db.url);
  const env = {
    DATABASE_URL: db.url, REDIS_URL: process.env.REDIS_URL!, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password,
    SECRET_KEY: 'cluster-test-secret-shared-by-all-nodes', RATE_LIMIT_PUBLIC: '100000', ...extraEnv,
  };
  const nodes: ServerProcess[] = [];
  for (let i = 0; i < count; i++) nodes.push(await spawnServer(env));
  const admin = await loginAdmin(nodes[0].url);
  const inbox = await webInbox(nodes[0].url, admin, inboxName);
  return {
    databaseUrl: db.url, pool, nodes, env, admin, inbox,
    async stop() {
      await Promise.all(nodes.map((n) => stopProcess(n)));
      await pool.end();
      await db.drop();
    },
  };
}

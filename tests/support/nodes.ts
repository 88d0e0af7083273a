import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import * as schema from '../../server/db/schema/index.js';
import { hashPassword, issueToken } from '../../server/domain/agents.js';
import { api } from './server.js';

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

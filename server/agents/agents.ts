import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { ExpiringMap, slot } from '../app-memory.js';
import { schema, type Db } from '../db/client.js';

export type AgentRow = typeof schema.agents.$inferSelect;
export type Availability = 'online' | 'away' | 'busy';
export const AVAILABILITIES = ['online', 'away', 'busy'] as const;
export interface AuthedAgent {
  id: string; name: string; email: string; role: 'admin' | 'agent'; avatarUrl: string | null;
  locale: string | null; availability: Availability;
}

const SESSION_DAYS = 14;
const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');
export const hashPassword = (password: string) => hash(password);

export function toAuthedAgent(a: AgentRow): AuthedAgent {
  return { id: a.id, name: a.name, email: a.email, role: a.role, avatarUrl: a.avatarUrl, locale: a.locale, availability: a.availability };
}

export async function findAgentByEmail(db: Db, email: string): Promise<AgentRow | undefined> {
  const [row] = await db.select().from(schema.agents).where(sql`lower(${schema.agents.email}) = ${email.toLowerCase()}`);
  return row;
}

// A fixed hash to verify against when the e-mail is unknown, so response time does not reveal accounts.
let decoyHash: Promise<string> | undefined;

export async function checkCredentials(db: Db, email: string, password: string): Promise<AgentRow | null> {
  const agent = await findAgentByEmail(db, email);
  if (!agent || !agent.passwordHash || agent.disabled) {
    decoyHash ??= hash('decoy-password-for-timing');
    await verify(await decoyHash, password).catch(() => false);
    return null;
  }
  return (await verify(agent.passwordHash, password).catch(() => false)) ? agent : null;
}

export async function issueToken(db: Db, agentId: string, kind: 'session' | 'api' = 'session'): Promise<string> {
  const token = `sb_${randomBytes(32).toString('base64url')}`;
  await db.insert(schema.agentTokens).values({
    agentId,
    tokenHash: sha256(token),
    kind,
    // Session expiry is the database's time, set and checked there, so every node agrees on it.
    expiresAt: kind === 'session' ? sql`now() + make_interval(days => ${SESSION_DAYS})` : null,
  });
  return token;
}

/** Ends every session of an agent except the one given (after a password change, other devices sign in again). */
export async function revokeOtherSessions(ctx: AppContext, agentId: string, keepToken: string | null): Promise<void> {
  await ctx.db.delete(schema.agentTokens).where(and(
    eq(schema.agentTokens.agentId, agentId),
    eq(schema.agentTokens.kind, 'session'),
    ...(keepToken ? [sql`${schema.agentTokens.tokenHash} <> ${sha256(keepToken)}`] : []),
  ));
  forgetAgentSessions(ctx, agentId);
}

export async function revokeToken(ctx: AppContext, token: string): Promise<void> {
  await ctx.db.delete(schema.agentTokens).where(eq(schema.agentTokens.tokenHash, sha256(token)));
  ctx.memory.get(SESSIONS).delete(sha256(token));
}

// Every request and socket resolves its token; a short cache keeps that off the database on the hot path. A
// change of access empties it on every node (server/auth/access-changes.ts); the lifetime bounds a lost notice.
const SESSIONS = slot('agent sessions', () => new ExpiringMap<AuthedAgent>(10_000));

/** Drops every cached session of an agent, so the next request or socket event reads the database. */
export function forgetAgentSessions(ctx: AppContext, agentId: string): void {
  ctx.memory.get(SESSIONS).deleteWhere((agent) => agent.id === agentId);
}

export async function agentForToken(ctx: AppContext, token: string): Promise<AuthedAgent | null> {
  const key = sha256(token);
  const sessions = ctx.memory.get(SESSIONS);
  const cached = sessions.get(key);
  if (cached) return cached;
  const [row] = await ctx.db
    .select({ agent: schema.agents })
    .from(schema.agentTokens)
    .innerJoin(schema.agents, eq(schema.agents.id, schema.agentTokens.agentId))
    .where(and(
      eq(schema.agentTokens.tokenHash, key),
      or(isNull(schema.agentTokens.expiresAt), gt(schema.agentTokens.expiresAt, sql`now()`)),
      eq(schema.agents.disabled, false),
    ));
  if (!row) return null;
  const agent = toAuthedAgent(row.agent);
  sessions.set(key, agent);
  return agent;
}

/** Inbox ids an agent may see: all for admins, memberships for agents. */
export async function visibleInboxIds(db: Db, agent: AuthedAgent): Promise<string[]> {
  if (agent.role === 'admin') {
    return (await db.select({ id: schema.inboxes.id }).from(schema.inboxes)).map((r) => r.id);
  }
  return (await db.select({ id: schema.inboxMembers.inboxId }).from(schema.inboxMembers)
    .where(eq(schema.inboxMembers.agentId, agent.id))).map((r) => r.id);
}

export async function canSeeInbox(db: Db, agent: AuthedAgent, inboxId: string): Promise<boolean> {
  if (agent.role === 'admin') return true;
  const [row] = await db.select({ id: schema.inboxMembers.inboxId }).from(schema.inboxMembers)
    .where(and(eq(schema.inboxMembers.agentId, agent.id), eq(schema.inboxMembers.inboxId, inboxId)));
  return Boolean(row);
}

/** First start: the admin from ADMIN_EMAIL/ADMIN_PASSWORD, or with a generated password printed once. */
export async function ensureAdmin(ctx: AppContext): Promise<{ email: string; generatedPassword?: string } | null> {
  const [existing] = await ctx.db.select({ id: schema.agents.id }).from(schema.agents).where(eq(schema.agents.role, 'admin')).limit(1);
  if (existing) return null;
  const generatedPassword = ctx.config.ADMIN_PASSWORD ? undefined : randomBytes(12).toString('base64url');
  const password = ctx.config.ADMIN_PASSWORD ?? generatedPassword!;
  await ctx.db.insert(schema.agents).values({
    email: ctx.config.ADMIN_EMAIL,
    name: 'Admin',
    role: 'admin',
    passwordHash: await hashPassword(password),
  }).onConflictDoNothing();
  return { email: ctx.config.ADMIN_EMAIL, generatedPassword };
}

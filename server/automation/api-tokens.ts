import { createHash, randomBytes } from 'node:crypto';
import { and, eq, type SQL } from 'drizzle-orm';
import { ExpiringMap, slot } from '../app-memory.js';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { issueToken, type AuthedAgent } from '../agents/agents.js';
import { badRequest, notFound } from '../errors.js';

export const API_SCOPES = [
  'conversations:read', 'conversations:write', 'contacts:read', 'contacts:write', 'reports:read', 'api_channel:write', 'admin',
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');

// Scopes are checked on every request carrying an API token; a short cache keeps that off the database.
const SCOPES = slot('api token scopes', () => new ExpiringMap<ApiScope[] | null>(10_000));

/**
 * Personal tokens act as their agent within the chosen scopes; bot tokens act as a dedicated bot account (an
 * agent row that cannot sign in) so their work is attributed to the bot, not to whoever created it.
 */
export async function createApiToken(ctx: AppContext, creator: AuthedAgent, input: { name: string; kind: 'personal' | 'bot'; scopes: ApiScope[] }) {
  if (input.scopes.includes('admin') && creator.role !== 'admin') throw badRequest('Only admins may grant the admin scope', { scopes: 'admin not allowed' });
  let agentId = creator.id;
  if (input.kind === 'bot') {
    const [bot] = await ctx.db.insert(schema.agents).values({
      email: `bot-${randomBytes(6).toString('hex')}@bots.switchboard.invalid`, name: input.name, role: input.scopes.includes('admin') ? 'admin' : 'agent',
    }).returning();
    agentId = bot.id;
  }
  const token = await issueToken(ctx.db, agentId, 'api');
  const [agentToken] = await ctx.db.select().from(schema.agentTokens).where(eq(schema.agentTokens.tokenHash, sha256(token)));
  const [row] = await ctx.db.insert(schema.apiTokens).values({
    agentTokenId: agentToken.id, tokenHash: agentToken.tokenHash, agentId, name: input.name, kind: input.kind, scopes: input.scopes, createdById: creator.id,
  }).returning();
  return { token, record: serializeApiToken(row) };
}

export function serializeApiToken(r: typeof schema.apiTokens.$inferSelect) {
  return { id: r.id, name: r.name, kind: r.kind, scopes: r.scopes, agentId: r.agentId, createdById: r.createdById, lastUsedAt: r.lastUsedAt?.toISOString() ?? null, createdAt: r.createdAt.toISOString() };
}

export async function listApiTokens(ctx: AppContext, viewer: AuthedAgent) {
  const where: SQL | undefined = viewer.role === 'admin' ? undefined : eq(schema.apiTokens.createdById, viewer.id);
  return (await ctx.db.select().from(schema.apiTokens).where(where)).map(serializeApiToken);
}

export async function deleteApiToken(ctx: AppContext, viewer: AuthedAgent, id: string) {
  const conds = [eq(schema.apiTokens.id, id)];
  if (viewer.role !== 'admin') conds.push(eq(schema.apiTokens.createdById, viewer.id));
  const [row] = await ctx.db.select().from(schema.apiTokens).where(and(...conds));
  if (!row) throw notFound('Token');
  await ctx.db.delete(schema.agentTokens).where(eq(schema.agentTokens.id, row.agentTokenId));
  // The session cache may still know the token for a few seconds: no scopes means no route lets it through.
  ctx.memory.get(SCOPES).set(row.tokenHash, [], 60_000);
  // A bot account exists only for its token.
  if (row.kind === 'bot') await ctx.db.update(schema.agents).set({ disabled: true }).where(eq(schema.agents.id, row.agentId));
  return row;
}

/** The scopes of a bearer token, or null when it is not an API token (a session: no scope limits). */
export async function scopesForToken(ctx: AppContext, token: string): Promise<ApiScope[] | null> {
  const key = sha256(token);
  const cache = ctx.memory.get(SCOPES);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const [row] = await ctx.db.select({ id: schema.apiTokens.id, scopes: schema.apiTokens.scopes }).from(schema.apiTokens).where(eq(schema.apiTokens.tokenHash, key));
  if (row) await ctx.db.update(schema.apiTokens).set({ lastUsedAt: ctx.clock.now() }).where(eq(schema.apiTokens.id, row.id));
  const scopes = (row?.scopes as ApiScope[] | undefined) ?? null;
  cache.set(key, scopes);
  return scopes;
}

/** The scope a request needs, by path family and method; anything not listed needs admin. */
export function requiredScope(method: string, path: string): ApiScope | null {
  const read = method === 'GET' || method === 'HEAD';
  if (/^\/auth\/(me|logout)$/.test(path) || path === '/openapi.json' || path === '/docs') return null;
  if (/^\/inboxes\/[^/]+\/api-messages$/.test(path)) return 'api_channel:write';
  if (/^\/(conversations|deliveries|sla\/conversations|automation\/runs)(\/|$)/.test(path) || (read && /^\/(inboxes|agents|teams|labels|canned)(\/|$)/.test(path))) {
    return read ? 'conversations:read' : 'conversations:write';
  }
  if (/^\/contacts(\/|$)/.test(path)) return read ? 'contacts:read' : 'contacts:write';
  if (/^\/(reports|csat\/feedback)(\/|$)/.test(path)) return 'reports:read';
  return 'admin';
}

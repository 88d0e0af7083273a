import { and, asc, desc, eq, inArray, lt, or } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import type { MessageRow } from '../events/bus.js';
import type { SenderInfo } from '../serializers/rest.js';
import { isUuid } from '../shared/ids.js';

/** Newest `limit` messages before `before` (a message id), returned oldest first. */
export async function listMessages(ctx: AppContext, conversationId: string, opts: { before?: string; limit?: number; publicOnly?: boolean } = {}): Promise<MessageRow[]> {
  const limit = Math.min(Math.max(opts.limit ?? 100, 1), 500);
  const conds = [eq(schema.messages.conversationId, conversationId)];
  if (opts.publicOnly) conds.push(eq(schema.messages.private, false));
  if (isUuid(opts.before)) {
    const [ref] = await ctx.db.select({ createdAt: schema.messages.createdAt }).from(schema.messages).where(eq(schema.messages.id, opts.before));
    if (ref) conds.push(or(lt(schema.messages.createdAt, ref.createdAt), and(eq(schema.messages.createdAt, ref.createdAt), lt(schema.messages.id, opts.before)))!);
  }
  const rows = await ctx.db.select().from(schema.messages).where(and(...conds))
    .orderBy(desc(schema.messages.createdAt), desc(schema.messages.id)).limit(limit);
  return rows.reverse();
}

/** Names and avatars of the agents who wrote these messages (one query per page, not per message). */
export async function senderInfo(ctx: AppContext, messages: MessageRow[]): Promise<Map<string, SenderInfo>> {
  const ids = [...new Set(messages.filter((m) => m.senderType === 'agent' && m.senderId).map((m) => m.senderId!))];
  if (!ids.length) return new Map();
  const rows = await ctx.db.select({ id: schema.agents.id, name: schema.agents.name, avatarUrl: schema.agents.avatarUrl })
    .from(schema.agents).where(inArray(schema.agents.id, ids)).orderBy(asc(schema.agents.id));
  return new Map(rows.map((r) => [r.id, r]));
}

export async function getMessage(ctx: AppContext, id: string): Promise<MessageRow | null> {
  if (!isUuid(id)) return null;
  const [row] = await ctx.db.select().from(schema.messages).where(eq(schema.messages.id, id));
  return row ?? null;
}

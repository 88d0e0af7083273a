import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';

export type BotEventInput = Omit<typeof schema.botEvents.$inferInsert, 'id' | 'createdAt'>;

/**
 * One fact for the bot metrics; written outside the reply path's transactions, losing one is harmless. With an
 * origin key (the turn and the fact's place in it) a replayed turn writes the fact once.
 */
export async function recordBotEvent(ctx: AppContext, event: BotEventInput): Promise<void> {
  await ctx.db.insert(schema.botEvents).values({ ...event, query: event.query?.slice(0, 1000) ?? null }).onConflictDoNothing();
}

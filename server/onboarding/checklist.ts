import { and, eq, isNull, ne, sql, type SQL } from 'drizzle-orm';
import { now } from '../clock.js';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { agentInvites } from '../agents/schema.js';

export type ChecklistStepKey = 'install_widget' | 'invite_teammate' | 'connect_channel' | 'add_kb_articles' | 'switch_on_bot';

export interface Checklist {
  steps: { key: ChecklistStepKey; done: boolean; href: string }[];
  dismissed: boolean;
}

/** Whether any row matches: the checklist asks yes/no questions of real data, never counts. */
const any = async (query: { limit(n: number): PromiseLike<unknown[]> }) => (await query.limit(1)).length > 0;

/** A customer wrote in on an inbox that matches `inboxes`: the widget (or a channel) really works end to end. */
const incomingOn = (ctx: AppContext, inboxes: SQL) => ctx.db.select({ one: sql<number>`1`.as('one') }).from(schema.messages)
  .innerJoin(schema.conversations, eq(schema.conversations.id, schema.messages.conversationId))
  .innerJoin(schema.inboxes, eq(schema.inboxes.id, schema.conversations.inboxId))
  .where(and(eq(schema.messages.direction, 'incoming'), inboxes));

/**
 * The onboarding checklist of an admin, each step computed from what exists:
 * - install the widget: a visitor's first message arrived on a web inbox (a session alone may be the admin
 *   trying the demo page, a message means the snippet works where it was pasted);
 * - invite a teammate: an invitation was sent or a second agent exists;
 * - connect a channel: a non-web inbox passed its connection test or received a message;
 * - add KB articles: at least one article; switch on the bot: on for at least one inbox.
 */
export async function checklistFor(ctx: AppContext, agentId: string): Promise<Checklist> {
  const live = isNull(schema.inboxes.archivedAt);
  const [widget, invited, teammate, tested, channelMessage, article, bot, dismissal] = await Promise.all([
    any(incomingOn(ctx, and(eq(schema.inboxes.channel, 'web'), live)!)),
    any(ctx.db.select({ one: sql<number>`1`.as('one') }).from(agentInvites)),
    any(ctx.db.select({ one: sql<number>`1`.as('one') }).from(schema.agents).where(ne(schema.agents.id, agentId))),
    any(ctx.db.select({ one: sql<number>`1`.as('one') }).from(schema.inboxConnectionTests)
      .innerJoin(schema.inboxes, eq(schema.inboxes.id, schema.inboxConnectionTests.inboxId))
      .where(and(eq(schema.inboxConnectionTests.ok, true), ne(schema.inboxes.channel, 'web'), live))),
    any(incomingOn(ctx, and(ne(schema.inboxes.channel, 'web'), live)!)),
    any(ctx.db.select({ one: sql<number>`1`.as('one') }).from(schema.kbArticles)),
    any(ctx.db.select({ one: sql<number>`1`.as('one') }).from(schema.inboxes).where(and(eq(schema.inboxes.botEnabled, true), live))),
    any(ctx.db.select({ one: sql<number>`1`.as('one') }).from(schema.onboardingDismissals).where(eq(schema.onboardingDismissals.agentId, agentId))),
  ]);
  return {
    steps: [
      { key: 'install_widget', done: widget, href: '/admin/inboxes' },
      { key: 'invite_teammate', done: invited || teammate, href: '/admin/agents' },
      { key: 'connect_channel', done: tested || channelMessage, href: '/admin/inboxes' },
      { key: 'add_kb_articles', done: article, href: '/admin/kb' },
      { key: 'switch_on_bot', done: bot, href: '/admin/inboxes' },
    ],
    dismissed: dismissal,
  };
}

/** Puts the checklist away for this agent only; asking twice is the same as once. */
export async function dismissChecklist(ctx: AppContext, agentId: string): Promise<void> {
  await ctx.db.insert(schema.onboardingDismissals).values({ agentId, dismissedAt: now(ctx) }).onConflictDoNothing();
}

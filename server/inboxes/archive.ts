// Archiving an inbox: its conversations are resolved and stay readable, no channel adds anything to it (provider
// webhooks, mail, the widget), agents cannot reply in it, and restoring lifts all of that again.
import { and, count, eq, inArray, isNotNull } from 'drizzle-orm';
import { ChannelRefusal } from '../../channels/types.js';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { DomainError, notFound } from '../errors.js';
import type { Actor } from '../events/catalogue.js';
import { updateConversation } from '../conversations/conversations.js';
import { forgetInbox } from './inboxes.js';

const UNRESOLVED = ['open', 'pending', 'snoozed'] as const;
const ARCHIVED_MESSAGE = 'This inbox is archived and accepts no new messages';

// Inbox rows are memoised on every node under this key (inboxes/inboxes.ts); a change must drop them everywhere.

export const inboxArchived = () => new DomainError('conflict', 'inbox_archived', ARCHIVED_MESSAGE);

/** What archiving would do, said before it is done: how many conversations it resolves. */
export async function archivePreview(ctx: AppContext, inboxId: string): Promise<{ unresolved: number; archivedAt: string | null }> {
  const [inbox] = await ctx.db.select({ archivedAt: schema.inboxes.archivedAt }).from(schema.inboxes).where(eq(schema.inboxes.id, inboxId));
  if (!inbox) throw notFound('Inbox');
  const [{ n }] = await ctx.db.select({ n: count() }).from(schema.conversations)
    .where(and(eq(schema.conversations.inboxId, inboxId), inArray(schema.conversations.status, [...UNRESOLVED])));
  return { unresolved: n, archivedAt: inbox.archivedAt?.toISOString() ?? null };
}

/**
 * Marks the inbox archived first (so nothing new arrives while its conversations are being resolved), then
 * resolves each unresolved one through the normal update, so lists, reports and webhooks hear of it.
 */
export async function archiveInbox(ctx: AppContext, inboxId: string, actor: Actor): Promise<{ resolved: number }> {
  const [row] = await ctx.db.update(schema.inboxes).set({ archivedAt: ctx.clock.now() })
    .where(eq(schema.inboxes.id, inboxId)).returning({ id: schema.inboxes.id });
  if (!row) throw notFound('Inbox');
  forgetInbox(ctx, inboxId);
  const open = await ctx.db.select({ id: schema.conversations.id }).from(schema.conversations)
    .where(and(eq(schema.conversations.inboxId, inboxId), inArray(schema.conversations.status, [...UNRESOLVED])));
  for (const c of open) await updateConversation(ctx, c.id, { status: 'resolved' }, actor);
  return { resolved: open.length };
}

/** Takes messages again; resolved conversations stay resolved until the customer writes. */
export async function restoreInbox(ctx: AppContext, inboxId: string): Promise<void> {
  const [row] = await ctx.db.update(schema.inboxes).set({ archivedAt: null })
    .where(eq(schema.inboxes.id, inboxId)).returning({ id: schema.inboxes.id });
  if (!row) throw notFound('Inbox');
  forgetInbox(ctx, inboxId);
}

export async function isArchived(ctx: AppContext, inboxId: string): Promise<boolean> {
  const [row] = await ctx.db.select({ id: schema.inboxes.id }).from(schema.inboxes)
    .where(and(eq(schema.inboxes.id, inboxId), isNotNull(schema.inboxes.archivedAt)));
  return Boolean(row);
}

export async function assertInboxActive(ctx: AppContext, inboxId: string): Promise<void> {
  if (await isArchived(ctx, inboxId)) throw inboxArchived();
}

/**
 * Before the channels' way in: a message for an archived inbox is refused where the provider sees it (a 4xx to a
 * webhook, an SMTP rejection the sender's server bounces, an IMAP mail left on the mail server), never
 * stored and never silently dropped.
 */
export async function refuseIfArchived(ctx: AppContext, inboxId: string): Promise<void> {
  if (await isArchived(ctx, inboxId)) throw new ChannelRefusal(409, 'inbox_archived', ARCHIVED_MESSAGE);
}

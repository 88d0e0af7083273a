// Merging one conversation (the secondary) into another (the primary): one transaction moves the messages and
// notes (they interleave by time on their own), combines the fields, moves the SLA clock and CSAT answers,
// merges the two contacts when they differ, closes the secondary with a pointer, and keeps a snapshot so the
// merge can be undone for a while. Events are published after commit; listeners tell webhooks, sockets, reports.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { schema, type Tx } from '../../db/client.js';
import { absorbContact, type Absorbed } from '../../contacts/absorb.js';
import { mentionNotifications } from '../../messages/schema.js';
import { isUuid } from '../../shared/ids.js';
import { combinedContactFields } from '../../contacts/merge.js';
import type { Actor, ContactRow, ConversationRow, Emit, MessageRow } from '../../events/bus.js';
import { badRequest, DomainError, notFound } from '../../errors.js';
import { closedSecondaryFields, mergedPrimaryFields } from './reconcile.js';

/** How long a merge can be undone. */
export const MERGE_UNDO_MS = 15 * 60_000;

export interface MergeSnapshot {
  primaryBefore: Partial<ConversationRow>;
  primarySet: Partial<ConversationRow>;
  secondaryBefore: Partial<ConversationRow>;
  secondarySet: Partial<ConversationRow>;
  activityIds: string[];
  slaMoved: boolean;
  csatIds: string[];
  contact: null | {
    absorbed: ContactRow;
    identityIds: string[];
    conversationIds: string[];
    keptBefore: Partial<ContactRow>;
    keptSet: Partial<ContactRow>;
  };
}

const pick = <T extends object>(row: T, keys: (keyof T)[]): Partial<T> => Object.fromEntries(keys.map((k) => [k, row[k]])) as Partial<T>;

export const conflict = (message: string) => new DomainError('conflict', 'conflict', message);

async function lockPair(tx: Tx, primaryId: string, secondaryId: string) {
  // Rows are locked in id order so two merges of the same pair in opposite directions cannot deadlock.
  const rows = await tx.select().from(schema.conversations)
    .where(inArray(schema.conversations.id, [primaryId, secondaryId])).orderBy(schema.conversations.id).for('update');
  const primary = rows.find((r) => r.id === primaryId);
  const secondary = rows.find((r) => r.id === secondaryId);
  if (!primary || !secondary) throw notFound('Conversation');
  return { primary, secondary };
}

async function activity(tx: Tx, conversation: ConversationRow, body: string, meta: Record<string, unknown>): Promise<MessageRow> {
  const [row] = await tx.insert(schema.messages).values({
    conversationId: conversation.id, inboxId: conversation.inboxId, direction: 'activity', senderType: 'system', body, status: 'sent', meta,
  }).returning();
  return row;
}

/** Moves the absorbed contact's records onto the kept one, remembering exactly what moved. */
async function mergeContactsFor(tx: Tx, emit: Emit, actor: Actor, keptId: string, absorbedId: string, at: Date) {
  const [kept] = await tx.select().from(schema.contacts).where(eq(schema.contacts.id, keptId)).for('update');
  const [absorbed] = await tx.select().from(schema.contacts).where(eq(schema.contacts.id, absorbedId)).for('update');
  if (!kept || !absorbed) throw notFound('Contact');
  const identityIds = (await tx.select({ id: schema.contactIdentities.id }).from(schema.contactIdentities)
    .where(eq(schema.contactIdentities.contactId, absorbedId))).map((r) => r.id);
  // CSAT answers belong to the person: they follow the contact instead of being deleted with the duplicate.
  await tx.update(schema.csatResponses).set({ contactId: keptId }).where(eq(schema.csatResponses.contactId, absorbedId));
  const fields = combinedContactFields(kept, absorbed);
  const keys = Object.keys(fields) as (keyof ContactRow)[];
  const result: Absorbed = await absorbContact(tx, emit, actor, absorbedId, keptId, fields, at);
  return {
    result,
    snapshot: {
      absorbed, identityIds, conversationIds: result.moved.map((c) => c.id),
      keptBefore: pick(kept, keys), keptSet: pick(result.contact, keys),
    },
  };
}

export interface MergeOutcome { mergeId: string; primary: ConversationRow; secondary: ConversationRow; undoUntil: Date; contactMerged: boolean }

export async function mergeConversations(ctx: AppContext, primaryId: string, secondaryId: string, actor: Actor): Promise<MergeOutcome> {
  if (primaryId === secondaryId) throw badRequest('A conversation cannot be merged into itself', { conversationId: 'choose another conversation' });
  const now = ctx.clock.now();
  const done = await ctx.bus.transaction(async (tx, emit) => {
    const { primary, secondary } = await lockPair(tx, primaryId, secondaryId);
    if (primary.mergedIntoId) throw conflict('This conversation was merged into another one; merge into that one instead');
    if (secondary.mergedIntoId) throw conflict('That conversation is already merged into another one');

    const contact = primary.contactId !== secondary.contactId ? await mergeContactsFor(tx, emit, actor, primary.contactId, secondary.contactId, now) : null;

    // Messages keep a note of where they came from (the first origin wins), so undo can move them back.
    await tx.update(schema.messages)
      .set({ conversationId: primary.id, mergedFromId: sql`coalesce(${schema.messages.mergedFromId}, ${secondary.id}::uuid)` })
      .where(eq(schema.messages.conversationId, secondary.id));
    await tx.update(mentionNotifications).set({ conversationId: primary.id }).where(eq(mentionNotifications.conversationId, secondary.id));
    const csatIds = (await tx.update(schema.csatResponses).set({ conversationId: primary.id })
      .where(eq(schema.csatResponses.conversationId, secondary.id)).returning({ id: schema.csatResponses.id })).map((r) => r.id);
    // The SLA clock: the primary's policy stays; a secondary's policy comes along when the primary has none.
    const [primarySla] = await tx.select({ id: schema.conversationSlas.conversationId }).from(schema.conversationSlas).where(eq(schema.conversationSlas.conversationId, primary.id));
    const slaMoved = !primarySla && (await tx.update(schema.conversationSlas).set({ conversationId: primary.id })
      .where(eq(schema.conversationSlas.conversationId, secondary.id)).returning()).length > 0;

    const primarySet = mergedPrimaryFields(primary, secondary);
    const secondarySet = closedSecondaryFields(secondary, primary.id, now);
    const [primaryAfter] = await tx.update(schema.conversations).set({ ...primarySet, updatedAt: now }).where(eq(schema.conversations.id, primary.id)).returning();
    const [secondaryAfter] = await tx.update(schema.conversations).set({ ...secondarySet, updatedAt: now }).where(eq(schema.conversations.id, secondary.id)).returning();

    const [merge] = await tx.insert(schema.conversationMerges).values({
      primaryId: primary.id, secondaryId: secondary.id, mergedById: actor.type === 'agent' ? actor.id ?? null : null,
      undoUntil: new Date(now.getTime() + MERGE_UNDO_MS), snapshot: {},
    }).returning();
    const notes = [
      await activity(tx, primaryAfter, 'Another conversation was merged into this one', { event: 'conversation.merged', params: { otherConversationId: secondary.id }, mergeId: merge.id, otherConversationId: secondary.id, actor }),
      await activity(tx, secondaryAfter, 'Merged into another conversation', { event: 'conversation.merged_into', params: { otherConversationId: primary.id }, mergeId: merge.id, otherConversationId: primary.id, actor }),
    ];
    const snapshot: MergeSnapshot = {
      primaryBefore: pick(primary, Object.keys(primarySet) as (keyof ConversationRow)[]), primarySet,
      secondaryBefore: pick(secondary, Object.keys(secondarySet) as (keyof ConversationRow)[]), secondarySet,
      activityIds: notes.map((n) => n.id), slaMoved, csatIds, contact: contact?.snapshot ?? null,
    };
    await tx.update(schema.conversationMerges).set({ snapshot: snapshot as unknown as Record<string, unknown> }).where(eq(schema.conversationMerges.id, merge.id));
    emit('conversation.updated', { conversation: primaryAfter, changed: ['merged', ...Object.keys(primarySet)], actor });
    emit('conversation.updated', { conversation: secondaryAfter, changed: ['status', 'mergedIntoId'], actor });
    emit('message.created', { message: notes[0], conversation: primaryAfter });
    emit('message.created', { message: notes[1], conversation: secondaryAfter });
    emit('conversation.merged', { mergeId: merge.id, primary: primaryAfter, secondary: secondaryAfter, contactMerged: Boolean(contact), actor });
    return { merge, primary: primaryAfter, secondary: secondaryAfter, notes, primarySet, contact };
  });

  return { mergeId: done.merge.id, primary: done.primary, secondary: done.secondary, undoUntil: done.merge.undoUntil, contactMerged: Boolean(done.contact) };
}

/** The merges into a conversation that can still be undone, newest first. */
export async function undoableMerges(ctx: AppContext, primaryId: string) {
  return ctx.db.select({ id: schema.conversationMerges.id, secondaryId: schema.conversationMerges.secondaryId, undoUntil: schema.conversationMerges.undoUntil, createdAt: schema.conversationMerges.createdAt })
    .from(schema.conversationMerges)
    .where(and(eq(schema.conversationMerges.primaryId, primaryId), sql`${schema.conversationMerges.undoneAt} is null`, sql`${schema.conversationMerges.undoUntil} > now()`))
    .orderBy(sql`${schema.conversationMerges.createdAt} desc`);
}

export async function findMerge(ctx: AppContext, primaryId: string, mergeId: string) {
  if (!isUuid(mergeId)) return null;
  const [row] = await ctx.db.select().from(schema.conversationMerges)
    .where(and(eq(schema.conversationMerges.id, mergeId), eq(schema.conversationMerges.primaryId, primaryId)));
  return row ?? null;
}

// Undoing a merge within its window: the secondary's messages (and those merged into it earlier) move back,
// the fields the merge set return to their old values unless someone changed them since, the SLA clock and
// CSAT answers go home, and a merged contact is restored with its identities and conversations.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../../context.js';
import { schema, type Tx } from '../../db/client.js';
import type { Actor, ContactRow, ConversationRow } from '../../events/bus.js';
import { notFound } from '../../errors.js';
import { conflict, type MergeSnapshot } from './merge.js';
import { restoredFields, reviveDates } from './reconcile.js';

/** The secondary and every conversation merged into it (transitively) that has not been undone. */
const mergedClosure = (secondaryId: string) => sql`(
  with recursive closure(id) as (
    select ${secondaryId}::uuid
    union
    select m.secondary_id from conversation_merges m join closure on m.primary_id = closure.id where m.undone_at is null
  ) select id from closure)`;

async function restoreContact(tx: Tx, snap: NonNullable<MergeSnapshot['contact']>, keptId: string, at: Date): Promise<ContactRow[]> {
  const absorbed = reviveDates<ContactRow>(snap.absorbed) as ContactRow;
  const [again] = await tx.insert(schema.contacts).values(absorbed).onConflictDoNothing().returning();
  if (!again) throw conflict('The merged contact exists again; undo is no longer possible');
  if (snap.identityIds.length) await tx.update(schema.contactIdentities).set({ contactId: absorbed.id }).where(inArray(schema.contactIdentities.id, snap.identityIds));
  if (snap.conversationIds.length) {
    await tx.update(schema.conversations).set({ contactId: absorbed.id, updatedAt: at }).where(inArray(schema.conversations.id, snap.conversationIds));
  }
  if (snap.conversationIds.length) {
    await tx.update(schema.csatResponses).set({ contactId: absorbed.id }).where(inArray(schema.csatResponses.conversationId, snap.conversationIds));
  }
  const [kept] = await tx.select().from(schema.contacts).where(eq(schema.contacts.id, keptId)).for('update');
  const back = reviveDates(restoredFields(kept, reviveDates(snap.keptBefore), snap.keptSet));
  const [keptAfter] = Object.keys(back).length
    ? await tx.update(schema.contacts).set({ ...back, updatedAt: at }).where(eq(schema.contacts.id, keptId)).returning()
    : [kept];
  return [keptAfter, again];
}

export async function undoMerge(ctx: AppContext, primaryId: string, mergeId: string, actor: Actor) {
  const done = await ctx.bus.transaction(async (tx, emit) => {
    const [merge] = await tx.select().from(schema.conversationMerges)
      .where(and(eq(schema.conversationMerges.id, mergeId), eq(schema.conversationMerges.primaryId, primaryId))).for('update');
    if (!merge) throw notFound('Merge');
    if (merge.undoneAt) throw conflict('This merge was already undone');
    if (merge.undoUntil.getTime() < ctx.clock.now().getTime()) throw conflict('The time to undo this merge has passed');
    const snap = merge.snapshot as unknown as MergeSnapshot;
    const rows = await tx.select().from(schema.conversations)
      .where(inArray(schema.conversations.id, [merge.primaryId, merge.secondaryId])).orderBy(schema.conversations.id).for('update');
    const primary = rows.find((r) => r.id === merge.primaryId)!;
    const secondary = rows.find((r) => r.id === merge.secondaryId)!;
    if (primary.mergedIntoId) throw conflict('This conversation has since been merged into another one; undo that merge first');

    await tx.delete(schema.messages).where(inArray(schema.messages.id, snap.activityIds));
    // Everything that was in the secondary before (its own messages and those merged into it earlier) goes back.
    await tx.update(schema.messages)
      .set({ conversationId: secondary.id, mergedFromId: sql`nullif(${schema.messages.mergedFromId}, ${secondary.id}::uuid)` })
      .where(and(eq(schema.messages.conversationId, primary.id), sql`${schema.messages.mergedFromId} in ${mergedClosure(secondary.id)}`));
    await tx.execute(sql`update mention_notifications n set conversation_id = m.conversation_id from messages m
      where m.id = n.message_id and n.conversation_id = ${primary.id}::uuid and m.conversation_id <> n.conversation_id`);
    if (snap.csatIds.length) await tx.update(schema.csatResponses).set({ conversationId: secondary.id }).where(inArray(schema.csatResponses.id, snap.csatIds));
    if (snap.slaMoved) await tx.update(schema.conversationSlas).set({ conversationId: secondary.id }).where(eq(schema.conversationSlas.conversationId, primary.id));

    const now = ctx.clock.now();
    const primaryBack = reviveDates(restoredFields(primary, reviveDates(snap.primaryBefore), snap.primarySet));
    const secondaryBack = reviveDates<ConversationRow>({ ...restoredFields(secondary, reviveDates(snap.secondaryBefore), snap.secondarySet), mergedIntoId: null });
    const [primaryAfter] = await tx.update(schema.conversations).set({ ...primaryBack, updatedAt: now }).where(eq(schema.conversations.id, primary.id)).returning();
    const contacts = snap.contact ? await restoreContact(tx, snap.contact, primary.contactId, now) : [];
    const [secondaryAfter] = await tx.update(schema.conversations).set({ ...secondaryBack, updatedAt: now }).where(eq(schema.conversations.id, secondary.id)).returning();
    await tx.update(schema.conversationMerges).set({ undoneAt: now }).where(eq(schema.conversationMerges.id, merge.id));
    if (contacts[1]) emit('contact.created', { contact: contacts[1] });
    if (contacts[0]) emit('contact.updated', { contact: contacts[0] });
    emit('conversation.updated', { conversation: primaryAfter, changed: ['unmerged', ...Object.keys(primaryBack)], actor });
    emit('conversation.updated', { conversation: secondaryAfter, changed: ['unmerged', ...Object.keys(secondaryBack)], actor });
    emit('conversation.unmerged', { mergeId, primary: primaryAfter, secondary: secondaryAfter, contactMerged: contacts.length > 0, actor });
    return { primary: primaryAfter, secondary: secondaryAfter };
  });

  return { primary: done.primary, secondary: done.secondary };
}

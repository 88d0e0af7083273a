// One customer, two contact records: the duplicate's conversations and channel identities move to the record
// that stays, the merged fields are written on it, and the duplicate is deleted. Used by the agents' manual
// merge and by the widget's phone link, which differ only in which record stays and how fields combine.
import { eq } from 'drizzle-orm';
import { schema, type Tx } from '../db/client.js';
import type { Actor, ContactRow, ConversationRow, Emit } from '../events/bus.js';

export interface Absorbed { contact: ContactRow; moved: ConversationRow[] }

/** Runs inside the caller's transaction (opened with ctx.bus.transaction); its events go out with it. */
export async function absorbContact(tx: Tx, emit: Emit, actor: Actor, fromId: string, intoId: string, fields: Partial<typeof schema.contacts.$inferInsert>, at: Date): Promise<Absorbed> {
  const moved = await tx.update(schema.conversations).set({ contactId: intoId, updatedAt: at })
    .where(eq(schema.conversations.contactId, fromId)).returning();
  await tx.update(schema.contactIdentities).set({ contactId: intoId }).where(eq(schema.contactIdentities.contactId, fromId));
  const [contact] = await tx.update(schema.contacts).set({ ...fields, updatedAt: at }).where(eq(schema.contacts.id, intoId)).returning();
  await tx.delete(schema.contacts).where(eq(schema.contacts.id, fromId));
  // The kept contact changed, and every moved conversation now points at it.
  emit('contact.updated', { contact });
  for (const conversation of moved) emit('conversation.updated', { conversation, changed: ['contactId'], actor });
  return { contact, moved };
}

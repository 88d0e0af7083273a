// Merging two contacts (the customer who wrote by SMS and by widget is one
// person): identities and conversations move to the kept contact, empty fields
// are filled from the duplicate, then the duplicate is deleted — one transaction.
import { eq } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { badRequest, notFound } from '../http/errors.js';

export async function mergeContacts(ctx: AppContext, keepId: string, otherId: string, actorId: string) {
  if (keepId === otherId) throw badRequest('Cannot merge a contact into itself', { otherContactId: 'choose a different contact' });
  const { contact, moved } = await ctx.db.transaction(async (tx) => {
    const [keep] = await tx.select().from(schema.contacts).where(eq(schema.contacts.id, keepId)).for('update');
    const [other] = await tx.select().from(schema.contacts).where(eq(schema.contacts.id, otherId)).for('update');
    if (!keep || !other) throw notFound('Contact');
    const moved = await tx.update(schema.conversations).set({ contactId: keep.id, updatedAt: new Date() })
      .where(eq(schema.conversations.contactId, other.id)).returning();
    await tx.update(schema.contactIdentities).set({ contactId: keep.id }).where(eq(schema.contactIdentities.contactId, other.id));
    const [contact] = await tx.update(schema.contacts).set({
      name: keep.name ?? other.name,
      email: keep.email ?? other.email,
      phone: keep.phone ?? other.phone,
      avatarUrl: keep.avatarUrl ?? other.avatarUrl,
      // The kept record's values win; the duplicate only fills gaps.
      attributes: { ...other.attributes, ...keep.attributes },
      lastSeenAt: [keep.lastSeenAt, other.lastSeenAt].filter(Boolean).sort((a, b) => +b! - +a!)[0] ?? null,
      updatedAt: new Date(),
    }).where(eq(schema.contacts.id, keep.id)).returning();
    await tx.delete(schema.contacts).where(eq(schema.contacts.id, other.id));
    return { contact, moved };
  });
  ctx.bus.publish('contact.updated', { contact });
  for (const conversation of moved) ctx.bus.publish('conversation.updated', { conversation, changed: ['contactId'], actor: { type: 'agent', id: actorId } });
  return contact;
}

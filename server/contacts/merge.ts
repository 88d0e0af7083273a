// Merging two contacts (the customer who wrote by SMS and by widget is one
// person): identities and conversations move to the kept contact, empty fields
// are filled from the duplicate, then the duplicate is deleted — one transaction.
import { eq } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import type { ContactRow } from '../events/bus.js';
import { badRequest, notFound } from '../errors.js';
import { absorbContact } from './absorb.js';

/** The kept record's values win; the duplicate only fills gaps. */
export function combinedContactFields(keep: ContactRow, other: ContactRow) {
  return {
    name: keep.name ?? other.name,
    email: keep.email ?? other.email,
    phone: keep.phone ?? other.phone,
    avatarUrl: keep.avatarUrl ?? other.avatarUrl,
    attributes: { ...other.attributes, ...keep.attributes },
    lastSeenAt: [keep.lastSeenAt, other.lastSeenAt].filter(Boolean).sort((a, b) => +b! - +a!)[0] ?? null,
  };
}

export async function mergeContacts(ctx: AppContext, keepId: string, otherId: string, actorId: string) {
  if (keepId === otherId) throw badRequest('Cannot merge a contact into itself', { otherContactId: 'choose a different contact' });
  const merged = await ctx.bus.transaction(async (tx, emit) => {
    const [keep] = await tx.select().from(schema.contacts).where(eq(schema.contacts.id, keepId)).for('update');
    const [other] = await tx.select().from(schema.contacts).where(eq(schema.contacts.id, otherId)).for('update');
    if (!keep || !other) throw notFound('Contact');
    return absorbContact(tx, emit, { type: 'agent', id: actorId }, other.id, keep.id, combinedContactFields(keep, other), ctx.clock.now());
  });
  return merged.contact;
}

import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import { toE164 } from '../../channels/kit/phone.js';
import type { AppContext } from '../context.js';
import { schema, type Tx } from '../db/client.js';
import type { ContactRow, ConversationRow } from '../events/bus.js';
import { absorbContact } from './absorb.js';

/** Channels whose identity address is the phone number itself. */
const PHONE_CHANNELS = ['sms', 'whatsapp'];

/**
 * A web visitor who gives a phone number is usually a customer we already know from SMS: their browser's web
 * identity (and its conversations) joins that contact, so the customer has one record and one history.
 *
 * The phone is only claimed, not proven, so the claim never reaches into someone else's web history: a visitor
 * joins an existing contact only when that contact has no web identity yet and the visitor's own record is
 * nothing but this browser. Otherwise the phone is recorded on the visitor's record and agents merge by hand.
 * Returns the contact the visitor now belongs to.
 */
export async function linkVisitorByPhone(ctx: AppContext, visitor: { contactId: string; visitorId: string }, rawPhone: string | null | undefined): Promise<string> {
  if (!rawPhone?.trim()) return visitor.contactId;
  const phone = toE164(rawPhone) ?? rawPhone.trim();
  const outcome = await ctx.bus.transaction(async (tx, emit) => {
    const [own] = await tx.select().from(schema.contacts).where(eq(schema.contacts.id, visitor.contactId)).for('update');
    if (!own) return null;
    const ownIdentities = await tx.select().from(schema.contactIdentities).where(eq(schema.contactIdentities.contactId, own.id));
    const onlyThisBrowser = ownIdentities.length === 1 && ownIdentities[0].channel === 'web' && ownIdentities[0].address === visitor.visitorId;
    const target = onlyThisBrowser && toE164(phone) ? await findPhoneOwner(tx, phone, own.id) : null;
    if (!target) {
      if (own.phone) return null;
      const [updated] = await tx.update(schema.contacts).set({ phone, updatedAt: ctx.clock.now() }).where(eq(schema.contacts.id, own.id)).returning();
      emit('contact.updated', { contact: updated });
      return { contact: updated, moved: [] as ConversationRow[] };
    }
    return absorbContact(tx, emit, { type: 'contact', id: target.id }, own.id, target.id, {
      // What the customer told the widget fills gaps; it never overwrites what agents or other channels recorded.
      name: target.name ?? own.name,
      email: target.email ?? own.email,
      lastSeenAt: own.lastSeenAt ?? target.lastSeenAt,
    }, ctx.clock.now());
  });
  if (!outcome) return visitor.contactId;
  return outcome.contact.id;
}

/** The contact this phone already belongs to: by SMS/WhatsApp identity first, else by the phone on file. */
async function findPhoneOwner(tx: Tx, phone: string, excludeId: string): Promise<ContactRow | null> {
  const [byIdentity] = await tx.select({ contact: schema.contacts }).from(schema.contactIdentities)
    .innerJoin(schema.contacts, eq(schema.contacts.id, schema.contactIdentities.contactId))
    .where(and(inArray(schema.contactIdentities.channel, PHONE_CHANNELS), eq(schema.contactIdentities.address, phone), ne(schema.contacts.id, excludeId)))
    .orderBy(asc(schema.contacts.createdAt)).limit(1);
  const owner = byIdentity?.contact ?? (await tx.select().from(schema.contacts)
    .where(and(eq(schema.contacts.phone, phone), ne(schema.contacts.id, excludeId)))
    .orderBy(asc(schema.contacts.createdAt)).limit(1))[0];
  if (!owner) return null;
  const [web] = await tx.select({ id: schema.contactIdentities.id }).from(schema.contactIdentities)
    .where(and(eq(schema.contactIdentities.contactId, owner.id), eq(schema.contactIdentities.channel, 'web'))).limit(1);
  return web ? null : owner;
}

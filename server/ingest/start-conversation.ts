import { and, eq } from 'drizzle-orm';
import { toE164 } from '../../channels/kit/phone.js';
import type { AppContext } from '../context.js';
import { schema, type Executor } from '../db/client.js';
import type { ConversationRow, MessageRow } from '../events/bus.js';
import { badRequest, notFound } from '../errors.js';
import { inboxArchived } from '../inboxes/archive.js';
import { createOutgoingMessage } from './outbound.js';

export interface StartConversationInput {
  inboxId: string;
  /** A contact on file; without one, `address` names the person and a contact is found or made for it. */
  contactId?: string;
  /** Where to write on the inbox's channel (phone number, e-mail address); defaults to the contact's own. */
  address?: string;
  /** The name for a contact made from a new address. */
  name?: string;
  subject?: string;
  body: string;
  agentId: string;
}

type ContactRow = typeof schema.contacts.$inferSelect;
type IdentityRow = typeof schema.contactIdentities.$inferSelect;

/**
 * An agent writes first (SMS to a phone on file, e-mail to an address, or a new address): the identity is found
 * or added, a conversation opened and the first message queued through the normal outbound path.
 */
export async function startConversation(ctx: AppContext, input: StartConversationInput): Promise<{ conversation: ConversationRow; message: MessageRow }> {
  const [inbox] = await ctx.db.select().from(schema.inboxes).where(eq(schema.inboxes.id, input.inboxId));
  if (!inbox) throw notFound('Inbox');
  if (inbox.archivedAt) throw inboxArchived();
  const [known] = input.contactId ? await ctx.db.select().from(schema.contacts).where(eq(schema.contacts.id, input.contactId)) : [];
  if (input.contactId && !known) throw notFound('Contact');
  const fallback = known ? (inbox.channel === 'email' ? known.email : inbox.channel === 'sms' ? known.phone : null) : null;
  const address = normaliseAddress(inbox.channel, input.address ?? fallback);
  if (!address) {
    throw badRequest(known ? `The contact has no ${addressNoun(inbox.channel)} for this inbox` : `Enter the ${addressNoun(inbox.channel)} to write to`, { address: 'required' });
  }

  const conversation = await ctx.bus.transaction(async (tx, emit) => {
    let identity = await findIdentity(tx, inbox.channel, address);
    let contact = known;
    if (contact && identity && identity.contactId !== contact.id) throw badRequest('That address belongs to another contact; merge the two contacts first', { address: 'taken' });
    if (!contact && identity) [contact] = await tx.select().from(schema.contacts).where(eq(schema.contacts.id, identity.contactId));
    if (!contact) {
      contact = await newContact(tx, inbox.channel, address, input.name);
      emit('contact.created', { contact });
    }
    if (!identity) identity = await addIdentity(tx, contact.id, inbox.channel, address);
    const [row] = await tx.insert(schema.conversations).values({
      inboxId: inbox.id, contactId: contact.id, contactIdentityId: identity.id, teamId: inbox.teamId,
      status: 'open', assigneeId: input.agentId, subject: input.subject?.trim() || null,
    }).returning();
    emit('conversation.created', { conversation: row });
    return row;
  });
  const message = await createOutgoingMessage(ctx, { conversationId: conversation.id, body: input.body, senderType: 'agent', senderId: input.agentId });
  return { conversation, message };
}

const addressNoun = (channel: string) => (channel === 'email' ? 'e-mail address' : 'phone number');

async function findIdentity(tx: Executor, channel: string, address: string): Promise<IdentityRow | undefined> {
  const [row] = await tx.select().from(schema.contactIdentities)
    .where(and(eq(schema.contactIdentities.channel, channel), eq(schema.contactIdentities.address, address)));
  return row;
}

async function addIdentity(tx: Executor, contactId: string, channel: string, address: string): Promise<IdentityRow> {
  // Someone may have written from that address a moment ago: theirs wins, and it must be this contact's.
  const [row] = await tx.insert(schema.contactIdentities).values({ contactId, channel, address }).onConflictDoNothing().returning();
  if (row) return row;
  const existing = (await findIdentity(tx, channel, address))!;
  if (existing.contactId !== contactId) throw badRequest('That address belongs to another contact; merge the two contacts first', { address: 'taken' });
  return existing;
}

async function newContact(tx: Executor, channel: string, address: string, name: string | undefined): Promise<ContactRow> {
  const [row] = await tx.insert(schema.contacts).values({
    name: name?.trim() || null,
    email: channel === 'email' ? address : null,
    phone: channel === 'sms' || channel === 'whatsapp' ? address : null,
  }).returning();
  return row;
}

function normaliseAddress(channel: string, address: string | null | undefined): string | null {
  if (!address?.trim()) return null;
  const a = address.trim();
  if (channel === 'email') {
    if (!/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(a)) throw badRequest('That is not an e-mail address', { address: 'e-mail' });
    return a.toLowerCase();
  }
  if (channel === 'sms' || channel === 'whatsapp') {
    const e164 = toE164(a);
    if (!e164) throw badRequest('Phone numbers must be in international format, e.g. +14155550100', { address: 'E.164' });
    return e164;
  }
  return a;
}

import { and, eq } from 'drizzle-orm';
import { toE164 } from '../../channels/kit/phone.js';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import type { ConversationRow, MessageRow } from '../events/bus.js';
import { badRequest, notFound } from '../errors.js';
import { createOutgoingMessage } from './outbound.js';

export interface StartConversationInput {
  inboxId: string;
  contactId: string;
  /** Where to write on the inbox's channel (phone number, e-mail address); defaults to the contact's own. */
  address?: string;
  subject?: string;
  body: string;
  agentId: string;
}

/**
 * An agent writes first (SMS to a phone on file, e-mail to an address): the identity is found or added, a
 * conversation opened and the first message queued through the normal outbound path.
 */
export async function startConversation(ctx: AppContext, input: StartConversationInput): Promise<{ conversation: ConversationRow; message: MessageRow }> {
  const [inbox] = await ctx.db.select().from(schema.inboxes).where(eq(schema.inboxes.id, input.inboxId));
  if (!inbox) throw notFound('Inbox');
  const [contact] = await ctx.db.select().from(schema.contacts).where(eq(schema.contacts.id, input.contactId));
  if (!contact) throw notFound('Contact');
  const address = normaliseAddress(inbox.channel, input.address ?? (inbox.channel === 'email' ? contact.email : inbox.channel === 'sms' ? contact.phone : null));
  if (!address) throw badRequest(`The contact has no ${inbox.channel === 'email' ? 'e-mail address' : 'phone number'} for this inbox`, { address: 'required' });

  const conversation = await ctx.bus.transaction(async (tx, emit) => {
    let [identity] = await tx.select().from(schema.contactIdentities)
      .where(and(eq(schema.contactIdentities.channel, inbox.channel), eq(schema.contactIdentities.address, address)));
    if (identity && identity.contactId !== contact.id) throw badRequest('That address belongs to another contact; merge the two contacts first', { address: 'taken' });
    if (!identity) [identity] = await tx.insert(schema.contactIdentities).values({ contactId: contact.id, channel: inbox.channel, address }).returning();
    const [row] = await tx.insert(schema.conversations).values({
      inboxId: inbox.id, contactId: contact.id, contactIdentityId: identity.id, teamId: inbox.teamId,
      status: 'open', assigneeId: input.agentId, subject: input.subject ?? null,
    }).returning();
    emit('conversation.created', { conversation: row });
    return row;
  });
  const message = await createOutgoingMessage(ctx, { conversationId: conversation.id, body: input.body, senderType: 'agent', senderId: input.agentId });
  return { conversation, message };
}

function normaliseAddress(channel: string, address: string | null | undefined): string | null {
  if (!address) return null;
  const a = address.trim();
  if (channel === 'email') return a.toLowerCase();
  if (channel === 'sms' || channel === 'whatsapp') {
    const e164 = toE164(a);
    if (!e164) throw badRequest('Phone numbers must be in international format, e.g. +14155550100', { address: 'E.164' });
    return e164;
  }
  return a;
}

import { eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { notFound } from '../errors.js';
import { serializeContact, serializeConversation, serializeMessage } from '../serializers/rest.js';
import { recordAudit, type AuditActor } from './audit.js';

/** Everything stored about a contact, as one JSON document (attachments inline, base64). */
export async function exportContact(ctx: AppContext, contactId: string) {
  const [contact] = await ctx.db.select().from(schema.contacts).where(eq(schema.contacts.id, contactId));
  if (!contact) throw notFound('Contact');
  const identities = await ctx.db.select().from(schema.contactIdentities).where(eq(schema.contactIdentities.contactId, contactId));
  const conversations = await ctx.db.select().from(schema.conversations).where(eq(schema.conversations.contactId, contactId));
  const ids = conversations.map((c) => c.id);
  const messages = ids.length ? await ctx.db.select().from(schema.messages).where(inArray(schema.messages.conversationId, ids)).orderBy(schema.messages.createdAt) : [];
  const blobIds = messages.flatMap((m) => m.attachments.map((a) => a.id));
  const blobs = blobIds.length ? await ctx.db.select().from(schema.attachmentBlobs).where(inArray(schema.attachmentBlobs.id, blobIds)) : [];
  const csat = await ctx.db.select().from(schema.csatResponses).where(eq(schema.csatResponses.contactId, contactId));
  return {
    exportedAt: ctx.clock.now().toISOString(),
    contact: serializeContact(contact),
    identities: identities.map((i) => ({ channel: i.channel, address: i.address, verified: i.verified, optedOutAt: i.optedOutAt, createdAt: i.createdAt })),
    conversations: conversations.map((c) => ({
      ...serializeConversation(c),
      messages: messages.filter((m) => m.conversationId === c.id).map((m) => serializeMessage(ctx.appSecret, m)),
    })),
    attachments: blobs.map((b) => ({ id: b.id, name: b.name, contentType: b.contentType, size: b.size, base64: Buffer.from(b.data).toString('base64') })),
    satisfaction: csat.map((r) => ({ conversationId: r.conversationId, rating: r.rating, comment: r.comment, sentAt: r.sentAt, answeredAt: r.answeredAt })),
  };
}

/**
 * Erases a contact for good: attachment bytes, messages, conversations (and everything cascading from them),
 * identities, the contact row, and webhook payloads and logged events that mentioned them. What remains is an audit entry with
 * the contact's id and the counts, and no personal data.
 */
export async function eraseContact(ctx: AppContext, contactId: string, actor: AuditActor) {
  const counts = await ctx.db.transaction(async (tx) => {
    const [contact] = await tx.select({ id: schema.contacts.id }).from(schema.contacts).where(eq(schema.contacts.id, contactId));
    if (!contact) throw notFound('Contact');
    const conversations = await tx.select({ id: schema.conversations.id }).from(schema.conversations).where(eq(schema.conversations.contactId, contactId));
    const ids = conversations.map((c) => c.id);
    const messages = ids.length ? await tx.select({ id: schema.messages.id, attachments: schema.messages.attachments }).from(schema.messages).where(inArray(schema.messages.conversationId, ids)) : [];
    const blobIds = messages.flatMap((m) => m.attachments.map((a) => a.id));
    if (blobIds.length) await tx.delete(schema.attachmentBlobs).where(inArray(schema.attachmentBlobs.id, blobIds));
    // Payloads already sent still sit in the delivery log; they carry the contact's data.
    const needles = [contactId, ...ids];
    await tx.delete(schema.webhookDeliveries).where(sql`${schema.webhookDeliveries.body} ~ ${needles.join('|')}`);
    // So does the event log (events about them, and any that mention them, such as a merge).
    await tx.delete(schema.events).where(sql`${schema.events.contactId} = ${contactId} or ${schema.events.payload}::text ~ ${needles.join('|')}`);
    if (ids.length) await tx.delete(schema.messages).where(inArray(schema.messages.conversationId, ids));
    if (ids.length) await tx.delete(schema.conversations).where(inArray(schema.conversations.id, ids));
    await tx.delete(schema.contacts).where(eq(schema.contacts.id, contactId));
    return { conversations: ids.length, messages: messages.length, attachments: blobIds.length };
  });
  await recordAudit(ctx, actor, 'gdpr.contact_erased', { type: 'contact', id: contactId }, counts);
  return counts;
}

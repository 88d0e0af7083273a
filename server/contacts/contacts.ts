import { and, desc, eq, ilike, inArray, lt, or, sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import type { ContactRow } from '../events/bus.js';
import { serializeContact, serializeConversation } from '../serializers/rest.js';
import { mergeAttributeEdit } from './attributes.js';
import { UUID } from '../shared/ids.js';
import { visitSummary } from '../webchat/visit-summary.js';

/**
 * A contact is visible to an agent when any of its conversations is in an inbox they see (admins: always);
 * otherwise it is reported as not found.
 */
export async function contactVisible(ctx: AppContext, contactId: string, inboxIds: string[] | 'all'): Promise<boolean> {
  if (!UUID.test(contactId)) return false;
  if (inboxIds === 'all') {
    const [row] = await ctx.db.select({ id: schema.contacts.id }).from(schema.contacts).where(eq(schema.contacts.id, contactId));
    return Boolean(row);
  }
  if (!inboxIds.length) return false;
  const [row] = await ctx.db.select({ id: schema.conversations.id }).from(schema.conversations)
    .where(and(eq(schema.conversations.contactId, contactId), inArray(schema.conversations.inboxId, inboxIds))).limit(1);
  return Boolean(row);
}

export async function getContactView(ctx: AppContext, contactId: string, inboxIds: string[]) {
  const [contact] = await ctx.db.select().from(schema.contacts).where(eq(schema.contacts.id, contactId));
  if (!contact) return null;
  const identities = await ctx.db.select().from(schema.contactIdentities).where(eq(schema.contactIdentities.contactId, contactId));
  const conversations = inboxIds.length ? await ctx.db.select({ c: schema.conversations, channel: schema.inboxes.channel })
    .from(schema.conversations).innerJoin(schema.inboxes, eq(schema.inboxes.id, schema.conversations.inboxId))
    .where(and(eq(schema.conversations.contactId, contactId), inArray(schema.conversations.inboxId, inboxIds)))
    .orderBy(desc(schema.conversations.lastMessageAt)).limit(100) : [];
  return {
    ...serializeContact(contact),
    visit: visitSummary(contact.attributes),
    identities: identities.map((i) => ({ id: i.id, channel: i.channel, address: i.address, verified: i.verified, optedOut: Boolean(i.optedOutAt) })),
    conversations: conversations.map((r) => serializeConversation(r.c, { channel: r.channel })),
  };
}

export async function listContacts(ctx: AppContext, opts: { q?: string; cursor?: string; limit?: number }, inboxIds: string[] | 'all') {
  const limit = Math.min(Math.max(opts.limit ?? 25, 1), 100);
  const conds = [];
  if (opts.q?.trim()) {
    const like = `%${opts.q.trim().replace(/[%_\\]/g, (m) => `\\${m}`)}%`;
    conds.push(or(ilike(schema.contacts.name, like), ilike(schema.contacts.email, like), ilike(schema.contacts.phone, like)));
  }
  if (opts.cursor && UUID.test(opts.cursor)) conds.push(lt(schema.contacts.id, opts.cursor));
  if (inboxIds !== 'all') {
    if (!inboxIds.length) return { items: [], nextCursor: null };
    conds.push(sql`exists (select 1 from conversations c where c.contact_id = ${schema.contacts.id} and c.inbox_id in (${sql.join(inboxIds.map((i) => sql`${i}::uuid`), sql`, `)}))`);
  }
  const rows = await ctx.db.select().from(schema.contacts).where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(schema.contacts.id)).limit(limit + 1);
  return { items: rows.slice(0, limit).map(serializeContact), nextCursor: rows.length > limit ? rows[limit - 1].id : null };
}

export async function updateContact(
  ctx: AppContext, contactId: string, patch: { name?: string | null; email?: string | null; phone?: string | null; attributes?: Record<string, unknown> },
): Promise<ContactRow | null> {
  const [current] = await ctx.db.select().from(schema.contacts).where(eq(schema.contacts.id, contactId));
  if (!current) return null;
  const set: Partial<ContactRow> = { updatedAt: ctx.clock.now() };
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.email !== undefined) set.email = patch.email?.toLowerCase() ?? null;
  if (patch.phone !== undefined) set.phone = patch.phone;
  if (patch.attributes) set.attributes = mergeAttributeEdit(current.attributes, patch.attributes);
  return ctx.bus.transaction(async (tx, emit) => {
    const [contact] = await tx.update(schema.contacts).set(set).where(eq(schema.contacts.id, contactId)).returning();
    emit('contact.updated', { contact });
    return contact;
  });
}

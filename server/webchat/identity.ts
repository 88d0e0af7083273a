import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import type { ContactRow } from '../events/bus.js';
import { DomainError } from '../errors.js';
import { toInboxRecord, type InboxRow } from '../inboxes/inboxes.js';
import { createVisitor, visitorToken, type Visitor } from './visitors.js';

// setUser(identifier, attrs, identifierHash): identifierHash = hex HMAC-SHA256(inbox identitySecret, identifier).
// A verified identifier names one contact per inbox, so the visitor sees that contact's conversations on
// every device. Unverified claims are only attributes; with enforceIdentity they are refused outright.

const USER_CHANNEL = 'web_user';

export function identifierHash(secret: string, identifier: string): string {
  return createHmac('sha256', secret).update(identifier, 'utf8').digest('hex');
}

export function verifyIdentifier(secret: string | undefined, identifier: string, hash: string | undefined): boolean {
  if (!secret || !hash || !/^[0-9a-f]{64}$/i.test(hash)) return false;
  const expected = Buffer.from(identifierHash(secret, identifier), 'hex');
  return timingSafeEqual(expected, Buffer.from(hash, 'hex'));
}

export interface IdentifyInput {
  identifier: string;
  identifierHash?: string;
  attributes: { name?: string; email?: string; phone?: string; [k: string]: unknown };
}

export const unverifiedIdentity = () =>
  new DomainError('unauthenticated', 'identity_unverified', 'identifierHash does not match this identifier for this inbox');

function splitAttributes(attrs: IdentifyInput['attributes']) {
  const { name, email, phone, ...rest } = attrs;
  return { core: { name, email: email?.toLowerCase(), phone }, custom: rest };
}

async function applyAttributes(ctx: AppContext, contact: ContactRow, input: IdentifyInput, verified: boolean) {
  const { core, custom } = splitAttributes(input.attributes);
  const set: Partial<ContactRow> = { updatedAt: ctx.clock.now() };
  // A verified user's profile comes from the site's own account, so it may overwrite; a claim only fills gaps.
  for (const k of ['name', 'email', 'phone'] as const) if (core[k] && (verified || !contact[k])) set[k] = core[k];
  set.attributes = { ...contact.attributes, ...custom, identifier: input.identifier, identityVerified: verified };
  await ctx.bus.transaction(async (tx, emit) => {
    const [updated] = await tx.update(schema.contacts).set(set).where(eq(schema.contacts.id, contact.id)).returning();
    emit('contact.updated', { contact: updated });
  });
}

export async function identifyVisitor(ctx: AppContext, inbox: InboxRow, current: Visitor | null, input: IdentifyInput) {
  const config = toInboxRecord(ctx, inbox).config as { identitySecret?: string; enforceIdentity?: boolean };
  const verified = verifyIdentifier(config.identitySecret, input.identifier, input.identifierHash);
  // A hash that does not verify is a forged claim whether or not the inbox enforces identity.
  if (!verified && (config.enforceIdentity || input.identifierHash)) throw unverifiedIdentity();

  if (!verified) {
    const visitor = current ?? (await createVisitor(ctx, inbox));
    const [contact] = await ctx.db.select().from(schema.contacts).where(eq(schema.contacts.id, visitor.contactId));
    await applyAttributes(ctx, contact, input, false);
    const token = 'token' in visitor ? (visitor as { token: string }).token : visitorToken(ctx.appSecret, inbox.id, visitor.visitorId);
    return { visitorToken: token, contactId: visitor.contactId, verified: false };
  }

  const address = `${inbox.id}:${input.identifier}`;
  const visitorId = randomBytes(18).toString('base64url');
  const contact = await ctx.db.transaction(async (tx) => {
    const [known] = await tx.select({ contact: schema.contacts }).from(schema.contactIdentities)
      .innerJoin(schema.contacts, eq(schema.contacts.id, schema.contactIdentities.contactId))
      .where(and(eq(schema.contactIdentities.channel, USER_CHANNEL), eq(schema.contactIdentities.address, address)));
    let target = known?.contact;
    if (!target) {
      if (current) [target] = await tx.select().from(schema.contacts).where(eq(schema.contacts.id, current.contactId));
      else [target] = await tx.insert(schema.contacts).values({ lastSeenAt: ctx.clock.now() }).returning();
      await tx.insert(schema.contactIdentities).values({ contactId: target.id, channel: USER_CHANNEL, address, verified: true });
    } else if (current && current.contactId !== target.id) {
      // The anonymous visitor turned out to be a known user: their chat so far joins the user's history,
      // and the old browser identity follows so other open tabs land on the same contact.
      await tx.update(schema.conversations).set({ contactId: target.id, updatedAt: ctx.clock.now() })
        .where(and(eq(schema.conversations.contactId, current.contactId), eq(schema.conversations.inboxId, inbox.id)));
      await tx.update(schema.contactIdentities).set({ contactId: target.id })
        .where(and(eq(schema.contactIdentities.channel, 'web'), eq(schema.contactIdentities.address, current.visitorId)));
    }
    // A fresh visitor id for this browser: tokens resolve through identities, and a new id avoids any
    // cached mapping of the old one.
    await tx.insert(schema.contactIdentities).values({ contactId: target.id, channel: 'web', address: visitorId, verified: true });
    return target;
  });
  await applyAttributes(ctx, contact, input, true);
  return { visitorToken: visitorToken(ctx.appSecret, inbox.id, visitorId), contactId: contact.id, verified: true };
}

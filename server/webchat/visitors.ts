import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { ExpiringMap, slot } from '../app-memory.js';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import type { InboxRow } from '../inboxes/inboxes.js';

export interface Visitor { inboxId: string; visitorId: string; contactId: string; verified?: boolean }

const sign = (secret: string, payload: string) => createHmac('sha256', secret).update(`visitor:${payload}`).digest('base64url');

/** Visitor tokens are signed, not stored: `v1.<inboxId>.<visitorId>.<hmac>`; the visitor id is random. */
export function visitorToken(appSecret: string, inboxId: string, visitorId: string): string {
  return `v1.${inboxId}.${visitorId}.${sign(appSecret, `${inboxId}.${visitorId}`)}`;
}

export function parseVisitorToken(appSecret: string, token: string): { inboxId: string; visitorId: string } | null {
  const parts = token.split('.');
  if (parts.length !== 4 || parts[0] !== 'v1') return null;
  const [, inboxId, visitorId, sig] = parts;
  const expected = Buffer.from(sign(appSecret, `${inboxId}.${visitorId}`));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return { inboxId, visitorId };
}

// The identity (not the token) says which contact a visitor is, so contact merges follow the visitor.
const IDENTITIES = slot('visitor identities', () => new ExpiringMap<{ contactId: string; verified: boolean }>(5_000));

export async function resolveVisitor(ctx: AppContext, token: string): Promise<Visitor | null> {
  const parsed = parseVisitorToken(ctx.appSecret, token);
  if (!parsed) return null;
  const cache = ctx.memory.get(IDENTITIES);
  const hit = cache.get(parsed.visitorId);
  if (hit) return { ...parsed, contactId: hit.contactId, verified: hit.verified };
  const [identity] = await ctx.db.select({ contactId: schema.contactIdentities.contactId, verified: schema.contactIdentities.verified }).from(schema.contactIdentities)
    .where(and(eq(schema.contactIdentities.channel, 'web'), eq(schema.contactIdentities.address, parsed.visitorId)));
  if (!identity) return null;
  cache.set(parsed.visitorId, { contactId: identity.contactId, verified: identity.verified });
  return { ...parsed, contactId: identity.contactId, verified: identity.verified };
}

export async function createVisitor(ctx: AppContext, inbox: InboxRow, visitor: { name?: string; email?: string } = {}): Promise<Visitor & { token: string }> {
  const visitorId = randomBytes(18).toString('base64url');
  const contact = await ctx.bus.transaction(async (tx, emit) => {
    const [contact] = await tx.insert(schema.contacts).values({
      name: visitor.name ?? null, email: visitor.email?.toLowerCase() ?? null, lastSeenAt: ctx.clock.now(),
    }).returning();
    await tx.insert(schema.contactIdentities).values({ contactId: contact.id, channel: 'web', address: visitorId });
    emit('contact.created', { contact });
    return contact;
  });
  return { inboxId: inbox.id, visitorId, contactId: contact.id, token: visitorToken(ctx.appSecret, inbox.id, visitorId) };
}

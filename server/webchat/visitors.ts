import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { ExpiringMap, slot } from '../app-memory.js';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import type { InboxRow } from '../inboxes/inboxes.js';
import type { ContactRow } from '../events/bus.js';
import { GroupCommit } from '../shared/group-commit.js';

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

/**
 * A new visitor: a contact and its web identity, with its `contact.created` event. Sessions that start at once (a
 * campaign's landing page) share one transaction: one insert of their contacts, one of their identities, one
 * append of their events.
 */
export async function createVisitor(ctx: AppContext, inbox: InboxRow, visitor: { name?: string; email?: string } = {}): Promise<Visitor & { token: string }> {
  const visitorId = randomBytes(18).toString('base64url');
  const contact = await visitorCommit(ctx).submit(visitorId, {
    contactId: randomUUID(), visitorId, name: visitor.name ?? null, email: visitor.email?.toLowerCase() ?? null,
  });
  return { inboxId: inbox.id, visitorId, contactId: contact.id, token: visitorToken(ctx.appSecret, inbox.id, visitorId) };
}

interface NewVisitor { contactId: string; visitorId: string; name: string | null; email: string | null }

const VISITOR_COMMIT = slot('visitor group commit', () => ({ group: null as GroupCommit<NewVisitor, ContactRow> | null }));

function visitorCommit(ctx: AppContext): GroupCommit<NewVisitor, ContactRow> {
  const held = ctx.memory.get(VISITOR_COMMIT);
  // A batch that fails is stored again visitor by visitor, so only a bad one gets the error (a lone one, at once).
  held.group ??= new GroupCommit<NewVisitor, ContactRow>((items) => storeVisitors(ctx, items).catch((err) => {
    if (items.length === 1) throw err;
    return items.map((item) => storeVisitors(ctx, [item]).then(([contact]) => contact));
  }), { max: 100, inFlight: 2 });
  return held.group;
}

async function storeVisitors(ctx: AppContext, items: NewVisitor[]): Promise<ContactRow[]> {
  return ctx.bus.transaction(async (tx, emit) => {
    const now = ctx.clock.now();
    const stored = await tx.insert(schema.contacts)
      .values(items.map((i) => ({ id: i.contactId, name: i.name, email: i.email, lastSeenAt: now }))).returning();
    await tx.insert(schema.contactIdentities).values(items.map((i) => ({ contactId: i.contactId, channel: 'web', address: i.visitorId })));
    const byId = new Map(stored.map((c) => [c.id, c]));
    const contacts = items.map((i) => byId.get(i.contactId)!);
    for (const contact of contacts) emit('contact.created', { contact });
    return contacts;
  });
}

import { and, desc, eq, ne } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import type { ConversationRow } from '../events/bus.js';
import { notFound } from '../errors.js';
import { storedVisitRecord } from '../contacts/attributes.js';
import type { Visitor } from './visitors.js';

// What the widget learns about a visitor (page, source, device, custom attributes, CSAT), stored in the
// contact's and conversation's jsonb attributes so agents see it beside the conversation.

export interface VisitorContext {
  pageUrl?: string;
  pageTitle?: string;
  referrer?: string | null;
  utm?: Record<string, string>;
  language?: string;
  timeZone?: string;
  device?: Record<string, string>;
  pageViews?: { url: string; title: string; at: string }[];
  visits?: number;
}

async function latestOpenConversation(ctx: AppContext, v: Visitor): Promise<ConversationRow | null> {
  const [row] = await ctx.db.select().from(schema.conversations)
    .where(and(eq(schema.conversations.contactId, v.contactId), eq(schema.conversations.inboxId, v.inboxId), ne(schema.conversations.status, 'resolved')))
    .orderBy(desc(schema.conversations.lastMessageAt)).limit(1);
  return row ?? null;
}

async function patchConversation(ctx: AppContext, conversation: ConversationRow, attrs: Record<string, unknown>) {
  return ctx.bus.transaction(async (tx, emit) => {
    const [updated] = await tx.update(schema.conversations)
      .set({ attributes: { ...conversation.attributes, ...attrs }, updatedAt: ctx.clock.now() })
      .where(eq(schema.conversations.id, conversation.id)).returning();
    emit('conversation.updated', { conversation: updated, changed: ['attributes'], actor: { type: 'contact', id: conversation.contactId } });
    return updated;
  });
}

export async function recordVisitorContext(
  ctx: AppContext, v: Visitor,
  input: { context?: VisitorContext; attributes?: Record<string, unknown>; proactiveRule?: { id: string; message: string } | null },
) {
  // Read and written under the row lock: a page view and a pre-chat form arrive together, and each must keep
  // what the other wrote (a read outside the transaction lost one of the two attribute sets).
  const c = input.context;
  const contact = await ctx.bus.transaction(async (tx, emit) => {
    const [contact] = await tx.select().from(schema.contacts).where(eq(schema.contacts.id, v.contactId)).for('update');
    if (!contact) throw notFound('Contact');
    const prev = storedVisitRecord(contact.attributes.visitor);
    const visitor = c ? {
      ...prev,
      lastPageUrl: c.pageUrl, lastPageTitle: c.pageTitle, language: c.language, timeZone: c.timeZone, device: c.device,
      // First touch wins for attribution: the referrer and campaign that brought the visitor in.
      referrer: prev.referrer ?? c.referrer ?? null,
      utm: prev.utm && Object.keys(prev.utm as object).length ? prev.utm : c.utm ?? {},
      lastUtm: c.utm && Object.keys(c.utm).length ? c.utm : prev.lastUtm,
      visits: c.visits ?? prev.visits,
      pageViews: mergeViews((prev.pageViews as VisitorContext['pageViews']) ?? [], c.pageViews ?? []),
      lastSeenAt: ctx.clock.now().toISOString(),
    } : prev;
    const [row] = await tx.update(schema.contacts)
      .set({ attributes: { ...contact.attributes, ...(input.attributes ?? {}), visitor }, lastSeenAt: ctx.clock.now(), updatedAt: ctx.clock.now() })
      .where(eq(schema.contacts.id, contact.id)).returning();
    emit('contact.updated', { contact: row });
    return row;
  });

  const conversation = await latestOpenConversation(ctx, v);
  if (conversation) {
    const attrs: Record<string, unknown> = {};
    if (c && !conversation.attributes.startedOn) attrs.startedOn = { pageUrl: c.pageUrl, pageTitle: c.pageTitle, referrer: c.referrer ?? null, utm: c.utm ?? {} };
    if (input.proactiveRule && !conversation.attributes.proactiveRuleId) {
      attrs.proactiveRuleId = input.proactiveRule.id;
      attrs.proactiveMessage = input.proactiveRule.message;
    }
    if (Object.keys(attrs).length) await patchConversation(ctx, conversation, attrs);
  }
  return { contactId: contact.id, conversationId: conversation?.id ?? null };
}

function mergeViews(a: NonNullable<VisitorContext['pageViews']>, b: NonNullable<VisitorContext['pageViews']>) {
  const seen = new Set(a.map((x) => x.at + x.url));
  return a.concat(b.filter((x) => !seen.has(x.at + x.url))).slice(-50);
}

export async function visitorConversation(ctx: AppContext, v: Visitor, id: string): Promise<ConversationRow> {
  const [row] = await ctx.db.select().from(schema.conversations)
    .where(and(eq(schema.conversations.id, id), eq(schema.conversations.contactId, v.contactId), eq(schema.conversations.inboxId, v.inboxId)));
  if (!row) throw notFound('Conversation');
  return row;
}

export async function recordCsat(ctx: AppContext, v: Visitor, input: { conversationId: string; rating: number; comment?: string }) {
  const conversation = await visitorConversation(ctx, v, input.conversationId);
  const csat = { rating: input.rating, comment: input.comment ?? null, submittedAt: ctx.clock.now().toISOString() };
  await patchConversation(ctx, conversation, { csat });
  return csat;
}

export async function visitorState(ctx: AppContext, v: Visitor) {
  const convs = await ctx.db.select({ id: schema.conversations.id, status: schema.conversations.status, attributes: schema.conversations.attributes })
    .from(schema.conversations)
    .where(and(eq(schema.conversations.contactId, v.contactId), eq(schema.conversations.inboxId, v.inboxId)))
    .orderBy(desc(schema.conversations.lastMessageAt)).limit(20);
  const [contact] = await ctx.db.select().from(schema.contacts).where(eq(schema.contacts.id, v.contactId));
  return {
    conversations: convs.map((c) => ({ id: c.id, status: c.status, csatRating: (c.attributes.csat as { rating?: number } | undefined)?.rating ?? null })),
    // Only what the widget needs to decide on prompts; the visitor's own e-mail is not echoed back.
    contact: { hasEmail: Boolean(contact?.email), verified: contact?.attributes.identityVerified === true },
  };
}

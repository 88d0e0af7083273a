import { and, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { InboundMessage, IngestResult } from '../../channels/types.js';
import type { AppContext } from '../context.js';
import { schema, type Tx } from '../db/client.js';
import { checkAttachment, storeAttachments } from '../messages/attachments.js';
import { findInboxRow, type InboxRow } from '../inboxes/inboxes.js';
import type { ContactRow, ConversationRow, MessageRow } from '../events/bus.js';
import { GroupCommit } from '../shared/group-commit.js';
import { slot } from '../app-memory.js';
import { badRequest, notFound } from '../errors.js';
import { withoutNul } from './nul.js';
import { insertMessageTouching } from './store-message.js';
import { emitIngested, inboundRow, lastSeenStale, missingContactFields, namedConversations, CONVERSATION_HINT, type Ingested } from './inbound-row.js';
import { batchable, readSenders, storeBatch, DUPLICATE, SINGLE, type BatchAnswer, type BatchItem } from './ingest-batch.js';

const MAX_BODY = 64 * 1024;

/**
 * The one way a message from outside enters the system: contact by identity, conversation by the channel's
 * threading rule, message inserted idempotently on (inbox, externalId), all in one transaction with its events. Called by every channel adapter.
 */
export async function ingest(ctx: AppContext, input: InboundMessage): Promise<IngestResult> {
  const { message, ...result } = await ingestMessage(ctx, input);
  return result;
}

/** ingest() that also hands back the stored message row (null for an ignored auto-reply). */
export async function ingestMessage(ctx: AppContext, raw: InboundMessage): Promise<IngestResult & { message: MessageRow | null }> {
  const input = withoutNul(raw);
  const inbox = await findInboxRow(ctx, input.inboxId);
  if (!inbox) throw notFound('Inbox');
  const rejected = (reason: string) => {
    ctx.metrics.messageIngested(inbox.channel, 'rejected');
    return badRequest(reason);
  };
  if (input.body.length > MAX_BODY) throw rejected(`Message body longer than ${MAX_BODY} characters`);
  for (const a of input.attachments ?? []) {
    const problem = checkAttachment({ contentType: a.contentType, size: a.data.length });
    if (problem) throw rejected(problem);
  }
  const adapter = ctx.adapters.get(inbox.channel as any);
  const threading = adapter?.threading ?? 'contact';

  const outcome = batchable(input, threading)
    ? await groupCommitOf(ctx).submit(`${inbox.channel}\n${input.sender.address}`, { input, inbox })
    : await ingestOne(ctx, inbox, threading, input);

  ctx.metrics.messageIngested(inbox.channel, outcome === DUPLICATE ? 'duplicate' : outcome === null ? 'ignored' : 'created');
  if (outcome === DUPLICATE) {
    const existing = await findExisting(ctx, input);
    if (!existing) throw new Error('duplicate message vanished');
    const [message] = await ctx.db.select().from(schema.messages).where(eq(schema.messages.id, existing.messageId));
    return { ...existing, message };
  }
  if (outcome === null) {
    return { contactId: '', conversationId: '', messageId: '', created: false, message: null };
  }
  return { contactId: outcome.contact.id, conversationId: outcome.conversation.id, messageId: outcome.message.id, created: true, message: outcome.message };
}

type Outcome = Ingested | typeof DUPLICATE | null;

/**
 * Concurrent messages from different senders share one transaction (server/ingest/ingest-batch.ts); what the
 * batch cannot store in its few statements takes the one-message path, still holding its sender's turn.
 */
const GROUP_COMMIT = slot('ingest group commit', () => ({ group: null as GroupCommit<BatchItem, Outcome> | null }));
function groupCommitOf(ctx: AppContext): GroupCommit<BatchItem, Outcome> {
  const held = ctx.memory.get(GROUP_COMMIT);
  if (!held.group) {
    held.group = new GroupCommit<BatchItem, Outcome>(async (items) => {
      // A batch that fails (a deadlock with another node, one bad message) is stored again message by message,
      // so only the bad one gets the error.
      const answers = await storeBatch(ctx, items).catch((err) => {
        ctx.log.warn({ err, messages: items.length }, 'ingest batch failed; storing its messages one by one');
        return items.map((): BatchAnswer => SINGLE);
      });
      return answers.map((a, i) => (a === SINGLE ? ingestOne(ctx, items[i].inbox, 'contact', items[i].input) : a));
    }, { max: 64, inFlight: ctx.database.kind === 'postgres' ? 2 : 1 });
  }
  return held.group;
}

/** One message in a transaction of its own: every case (new sender, new conversation, mail threading, files). */
async function ingestOne(ctx: AppContext, inbox: InboxRow, threading: 'contact' | 'hints', input: InboundMessage): Promise<Outcome> {
  const server = ctx.database.kind === 'postgres';
  return withIdentityRetry(() => ctx.bus.transaction(async (tx, emit) => {
    const { contact, identityId, createdContact, latestOpen } = await resolveContact(tx, server, inbox.channel, input, ctx.clock.now());
    let conversation = await findConversation(tx, input, contact.id, threading, latestOpen);
    let createdConversation = false;
    if (!conversation && input.activityOnly) return null; // an auto-reply never opens a conversation
    if (!conversation) {
      [conversation] = await tx.insert(schema.conversations).values({
        inboxId: inbox.id,
        contactId: contact.id,
        contactIdentityId: identityId,
        teamId: inbox.teamId,
        // With the bot on, a new conversation is the bot's (pending) until it hands over.
        status: inbox.botEnabled ? 'pending' : 'open',
        subject: input.subject ?? null,
        attributes: input.meta?.conversationAttributes as Record<string, unknown> ?? {},
      }).returning();
      createdConversation = true;
    }
    const attachments = input.attachments?.length ? await storeAttachments(tx, input.attachments) : [];
    const now = ctx.clock.now();
    const reopen = conversation.status === 'snoozed' || conversation.status === 'resolved';
    const stored = await insertMessageTouching(tx, server, { ...inboundRow(input, conversation.id, contact.id, now), attachments },
      input.activityOnly ? null : { at: now, reopen });
    const message = stored.message;
    // Already stored (a provider retry, or a concurrent delivery of the same id): undo anything this attempt
    // created and answer with the stored message.
    if (!message) throw new DuplicateMessage();
    const updated = stored.conversation ?? conversation;
    if (lastSeenStale(contact, now)) {
      await tx.update(schema.contacts).set({ lastSeenAt: now }).where(eq(schema.contacts.id, contact.id));
    }
    const o = { contact, createdContact, conversation: updated, createdConversation, previousStatus: conversation.status, message };
    emitIngested(emit, o);
    return o;
  }));
}

// Reply/forward prefixes in the languages our customers write in (Re, Fwd, AW, SV, 回复, 答复, 转发, ตอบกลับ, پاسخ).
const SUBJECT_PREFIX_SQL = '^((re|fw|fwd|aw|wg|sv|vs|antw|回复|答复|转发|ตอบกลับ|پاسخ)\\s*(\\[\\d+\\])?\\s*[:：]\\s*)+';
const SUBJECT_PREFIX = new RegExp(SUBJECT_PREFIX_SQL, 'i');

export function normaliseSubject(subject: string | null | undefined): string {
  return (subject ?? '').toLowerCase().trim().replace(SUBJECT_PREFIX, '').trim();
}

class IdentityRace extends Error {}
class DuplicateMessage extends Error {}

/** Two first messages from one new sender race to create its identity; the loser retries and finds it. */
async function withIdentityRetry<T>(fn: () => Promise<T>): Promise<T | typeof DUPLICATE> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof DuplicateMessage || (err as { cause?: unknown })?.cause instanceof DuplicateMessage) return DUPLICATE;
      if (!(err instanceof IdentityRace) || attempt >= 2) throw err;
    }
  }
}

async function findExisting(ctx: AppContext, input: InboundMessage): Promise<IngestResult | null> {
  const [row] = await ctx.db
    .select({ id: schema.messages.id, conversationId: schema.messages.conversationId, contactId: schema.conversations.contactId })
    .from(schema.messages)
    .innerJoin(schema.conversations, eq(schema.conversations.id, schema.messages.conversationId))
    .where(and(eq(schema.messages.inboxId, input.inboxId), eq(schema.messages.externalId, input.externalId)));
  return row ? { contactId: row.contactId, conversationId: row.conversationId, messageId: row.id, created: false } : null;
}

async function resolveContact(tx: Tx, server: boolean, channel: string, input: InboundMessage, at: Date) {
  const address = input.sender.address;
  const identity = (await readSenders(tx, server, [{ channel, address, inboxId: input.inboxId }])).get(0);
  if (identity) {
    const contact = await fillMissingContactFields(tx, identity.contact, input, at);
    return { contact, identityId: identity.identityId, createdContact: false, latestOpen: identity.latestOpen };
  }
  const [contact] = await tx.insert(schema.contacts).values({
    name: input.sender.name ?? null,
    email: input.sender.email ?? null,
    phone: input.sender.phone ?? null,
    attributes: input.sender.attributes ?? {},
  }).returning();
  const [created] = await tx.insert(schema.contactIdentities)
    .values({ contactId: contact.id, channel, address })
    .onConflictDoNothing()
    .returning({ id: schema.contactIdentities.id });
  if (!created) throw new IdentityRace(); // rolls back the contact; withIdentityRetry runs the transaction again
  return { contact, identityId: created.id, createdContact: true, latestOpen: null };
}

async function fillMissingContactFields(tx: Tx, contact: ContactRow, input: InboundMessage, at: Date): Promise<ContactRow> {
  const patch = missingContactFields(contact, input);
  if (!Object.keys(patch).length) return contact;
  const [updated] = await tx.update(schema.contacts).set({ ...patch, updatedAt: at }).where(eq(schema.contacts.id, contact.id)).returning();
  return updated;
}

async function findConversation(
  tx: Tx, input: InboundMessage, contactId: string, threading: 'contact' | 'hints', latestOpen: ConversationRow | null,
): Promise<ConversationRow | null> {
  const hints = input.threadHint ?? [];
  const direct = namedConversations(input);
  if (direct.length) {
    // The widget names its thread on every message, and it is usually the one just read with the contact.
    if (latestOpen && direct.includes(latestOpen.id)) return latestOpen;
    const [row] = await tx.select().from(schema.conversations).where(and(
      inArray(schema.conversations.id, direct), eq(schema.conversations.inboxId, input.inboxId), eq(schema.conversations.contactId, contactId)));
    if (row) return row;
  }
  const external = hints.filter((h) => !CONVERSATION_HINT.test(h));
  if (external.length) {
    const [row] = await tx.select({ c: schema.conversations }).from(schema.messages)
      .innerJoin(schema.conversations, eq(schema.conversations.id, schema.messages.conversationId))
      .where(and(eq(schema.messages.inboxId, input.inboxId), inArray(schema.messages.externalId, external.slice(0, 100))))
      .orderBy(desc(schema.messages.createdAt)).limit(1);
    if (row) return row.c;
  }
  if (threading === 'hints' && !input.activityOnly) {
    // Last resort for mail clients that drop References: same contact, same subject, recent, in this inbox.
    const subject = normaliseSubject(input.subject);
    if (!subject) return null;
    const [sameSubject] = await tx.select().from(schema.conversations).where(and(
      eq(schema.conversations.contactId, contactId), eq(schema.conversations.inboxId, input.inboxId),
      sql`${schema.conversations.lastMessageAt} > now() - interval '30 days'`,
      sql`regexp_replace(lower(coalesce(${schema.conversations.subject}, '')), ${SUBJECT_PREFIX_SQL}, '', 'g') = ${subject}`,
    )).orderBy(desc(schema.conversations.lastMessageAt)).limit(1);
    return sameSubject ?? null;
  }
  return latestOpen;
}

import { inArray } from 'drizzle-orm';
import type { InboundMessage } from '../../channels/types.js';
import type { AppContext } from '../context.js';
import { schema, type Tx } from '../db/client.js';
import type { ContactRow, ConversationRow } from '../events/bus.js';
import type { InboxRow } from '../inboxes/inboxes.js';
import { emitIngested, inboundRow, lastSeenStale, missingContactFields, namedConversations, CONVERSATION_HINT, type Ingested } from './inbound-row.js';
import { insertMessagesTouching, rowFromJson } from './store-message.js';
import { runFixed, type FixedStatement } from '../db/fixed-statement.js';

/** Answer for a message the batch leaves to the one-message path (a new sender, a new conversation, ...). */
export const SINGLE = Symbol('single');
/** Answer for a message whose external id was already stored. */
export const DUPLICATE = Symbol('duplicate');
export type BatchAnswer = Ingested | typeof SINGLE | typeof DUPLICATE;

/**
 * Whether a message can go through the group commit at all, judged before any query: a plain message (no
 * attachments, not an auto-reply) on a channel that threads by contact, naming at most its own conversation.
 * Everything else (mail threading by References and subject, files) takes the one-message path.
 */
export function batchable(input: InboundMessage, threading: 'contact' | 'hints'): boolean {
  return threading === 'contact' && !input.activityOnly && !input.attachments?.length
    && (input.threadHint ?? []).every((h) => CONVERSATION_HINT.test(h));
}

// $1 channels, $2 addresses, $3 inboxes, matched back by ordinality.
const IDENTITIES_CONTACTS_LATEST_OPEN: FixedStatement = {
  name: 'ingest_identities_contacts_latest_open',
  text: `select v.n::int as n, i.id as identity_id, row_to_json(ct) as contact,
      (select row_to_json(c) from conversations c where c.contact_id = ct.id and c.inbox_id = v.inbox_id and c.status <> 'resolved'
        order by c.last_message_at desc limit 1) as latest_open
    from unnest($1::text[], $2::text[], $3::uuid[]) with ordinality as v(channel, address, inbox_id, n)
    join contact_identities i on i.channel = v.channel and i.address = v.address
    join contacts ct on ct.id = i.contact_id`,
};

export interface BatchItem { input: InboundMessage; inbox: InboxRow }

/**
 * Stores a batch of messages from different senders in one transaction: one read of all their contacts and
 * open conversations, one insert of all messages with their conversations' update, one append of all their
 * events. A message that needs more than that (its sender or conversation is new, its contact learns a field,
 * it names another conversation, a second message for a conversation already in the batch) is answered SINGLE
 * and left out of this transaction.
 */
export async function storeBatch(ctx: AppContext, items: BatchItem[]): Promise<BatchAnswer[]> {
  const server = ctx.database.kind === 'postgres';
  const answers = await ctx.bus.transaction(async (tx, emit) => {
    const answers: BatchAnswer[] = items.map(() => SINGLE);
    const found = await readSenders(tx, server, items.map(({ input, inbox }) => ({ channel: inbox.channel, address: input.sender.address, inboxId: inbox.id })));
    const now = ctx.clock.now();
    const taken = new Set<string>();
    const fast: { index: number; contact: ContactRow; conversation: ConversationRow }[] = [];
    items.forEach(({ input }, index) => {
      const sender = found.get(index);
      const conversation = sender?.latestOpen;
      if (!sender || !conversation || taken.has(conversation.id)) return;
      const named = namedConversations(input);
      if (named.length && !named.includes(conversation.id)) return;
      if (Object.keys(missingContactFields(sender.contact, input)).length) return;
      taken.add(conversation.id);
      fast.push({ index, contact: sender.contact, conversation });
    });
    if (!fast.length) return answers;

    const stored = await insertMessagesTouching(tx, server, fast.map(({ index, contact, conversation }) => ({
      row: inboundRow(items[index].input, conversation.id, contact.id, now),
      touch: { at: now, reopen: conversation.status === 'snoozed' || conversation.status === 'resolved' },
    })));
    const stale = fast.filter((f, i) => stored[i].message && lastSeenStale(f.contact, now)).map((f) => f.contact.id);
    if (stale.length) await tx.update(schema.contacts).set({ lastSeenAt: now }).where(inArray(schema.contacts.id, stale));
    fast.forEach(({ index, contact, conversation }, i) => {
      const { message, conversation: updated } = stored[i];
      if (!message) {
        answers[index] = DUPLICATE;
        return;
      }
      const o: Ingested = {
        contact, createdContact: false, conversation: updated ?? conversation, createdConversation: false,
        previousStatus: conversation.status, message,
      };
      emitIngested(emit, o);
      answers[index] = o;
    });
    return answers;
  });
  const stored = answers.filter((a) => a !== SINGLE).length;
  if (stored) ctx.metrics.ingestBatchSize.observe(stored);
  return answers;
}

/**
 * The identity, its contact and the contact's latest unresolved conversation in the inbox (the 'contact' threading
 * rule's answer) for each sender, in one round trip; by the sender's index, absent for a sender not yet known.
 */
export async function readSenders(tx: Tx, server: boolean, senders: { channel: string; address: string; inboxId: string }[]) {
  const rows = await runFixed(tx, server, IDENTITIES_CONTACTS_LATEST_OPEN, [
    senders.map((s) => s.channel), senders.map((s) => s.address), senders.map((s) => s.inboxId),
  ]) as { n: number; identity_id: string; contact: Record<string, unknown> | string; latest_open: Record<string, unknown> | string | null }[];
  const found = new Map<number, { identityId: string; contact: ContactRow; latestOpen: ConversationRow | null }>();
  for (const r of rows) {
    found.set(Number(r.n) - 1, {
      identityId: r.identity_id,
      contact: rowFromJson(schema.contacts, r.contact) as ContactRow,
      latestOpen: r.latest_open ? rowFromJson(schema.conversations, r.latest_open) as ConversationRow : null,
    });
  }
  return found;
}

import { eq } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { updateConversation } from '../conversations/conversations.js';
import { findInboxRow } from '../inboxes/inboxes.js';
import type { ConversationRow, MessageRow } from '../events/bus.js';
import { onceFor } from '../events/effects.js';
import { recordBotEvent } from './record.js';
import type { SwitchboardRawEvent } from './runtime/event.js';

/**
 * The chatbot concern, a durable consumer of the log: an incoming contact message in a `pending` conversation
 * of a bot-enabled inbox is run through the bot; an `open` conversation belongs to people and the bot stays
 * silent. An agent who replies to a pending conversation takes it over. The log hands one conversation's
 * messages to one node at a time, in order, so the session read-modify-write never interleaves, whichever
 * node each message arrived on; a message is answered once (marked in the effects ledger).
 */
export function botListener(ctx: AppContext): void {
  // The bot runs on bottender, whose index loads every platform it supports (seconds at start-up): it is built
  // at the first message a bot answers.
  let bot: Promise<(event: SwitchboardRawEvent) => Promise<void>> | undefined;
  const run = async (event: SwitchboardRawEvent) => (await (bot ??= import('./bot.js').then((m) => m.createBot(ctx))))(event);

  async function stillPending(conversationId: string): Promise<boolean> {
    const [row] = await ctx.db.select({ status: schema.conversations.status }).from(schema.conversations)
      .where(eq(schema.conversations.id, conversationId));
    return row?.status === 'pending';
  }

  async function answer(message: MessageRow, conversation: ConversationRow, channel: string): Promise<void> {
    // A handover may have happened since this message was written.
    if (!(await stillPending(conversation.id))) return;
    await run({
      conversationId: conversation.id, messageId: message.id, inboxId: conversation.inboxId, contactId: conversation.contactId,
      channel, text: message.body, contentType: message.contentType,
      content: (message.content as Record<string, string | number | boolean | null> | null) ?? null,
    });
  }

  async function takeOver(conversation: ConversationRow, message: MessageRow): Promise<void> {
    await updateConversation(ctx, conversation.id, { status: 'open' }, { type: 'agent', id: message.senderId });
    await recordBotEvent(ctx, { kind: 'handoff', reason: 'agent_replied', inboxId: conversation.inboxId, conversationId: conversation.id, originKey: `bot:${message.id}:handoff` });
  }

  ctx.bus.consumer('bot').on('message.created', async ({ message, conversation }, event) => {
    if (conversation.status !== 'pending' || message.private) return;
    const fromContact = message.direction === 'incoming' && message.senderType === 'contact';
    const fromAgent = message.direction === 'outgoing' && message.senderType === 'agent';
    if (!fromContact && !fromAgent) return;
    const inbox = await findInboxRow(ctx, conversation.inboxId);
    if (!inbox?.botEnabled) return;
    await onceFor(ctx.db, 'bot', event, () => (fromAgent ? takeOver(conversation, message) : answer(message, conversation, inbox.channel)));
  });
}

import { eq } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { updateConversation } from '../domain/conversations.js';
import { findInboxRow } from '../domain/inboxes.js';
import type { ConversationRow, MessageRow } from '../events/bus.js';
import { createBot } from './bot.js';
import { recordBotEvent } from './record.js';

/**
 * The chatbot concern: an incoming contact message in a `pending` conversation of a bot-enabled inbox is run
 * through the bot; an `open` conversation belongs to people and the bot stays silent. An agent who replies to
 * a pending conversation takes it over. Messages of one conversation are handled one after another, so the
 * session read-modify-write never interleaves (per node; a conversation's messages arrive on one node in
 * practice, since each channel ingests where its webhook or socket lands).
 */
export function botListener(ctx: AppContext): void {
  const run = createBot(ctx);
  const queues = new Map<string, Promise<void>>();

  function serially(key: string, task: () => Promise<void>): Promise<void> {
    const next = (queues.get(key) ?? Promise.resolve()).then(task, task);
    queues.set(key, next);
    const forget = () => { if (queues.get(key) === next) queues.delete(key); };
    next.then(forget, forget);
    return next;
  }

  async function stillPending(conversationId: string): Promise<boolean> {
    const [row] = await ctx.db.select({ status: schema.conversations.status }).from(schema.conversations)
      .where(eq(schema.conversations.id, conversationId));
    return row?.status === 'pending';
  }

  function answer(message: MessageRow, conversation: ConversationRow, channel: string): Promise<void> {
    return serially(conversation.id, async () => {
      // A handover may have happened while this message waited behind the previous one.
      if (!(await stillPending(conversation.id))) return;
      await run({
        conversationId: conversation.id, messageId: message.id, inboxId: conversation.inboxId, contactId: conversation.contactId,
        channel, text: message.body, contentType: message.contentType,
        content: (message.content as Record<string, string | number | boolean | null> | null) ?? null,
      });
    });
  }

  async function takeOver(conversation: ConversationRow, agentId: string | null): Promise<void> {
    await updateConversation(ctx, conversation.id, { status: 'open' }, { type: 'agent', id: agentId });
    await recordBotEvent(ctx, { kind: 'handoff', reason: 'agent_replied', inboxId: conversation.inboxId, conversationId: conversation.id });
  }

  ctx.bus.on('message.created', async ({ message, conversation }) => {
    if (conversation.status !== 'pending' || message.private) return;
    const fromContact = message.direction === 'incoming' && message.senderType === 'contact';
    const fromAgent = message.direction === 'outgoing' && message.senderType === 'agent';
    if (!fromContact && !fromAgent) return;
    const inbox = await findInboxRow(ctx, conversation.inboxId);
    if (!inbox?.botEnabled) return;
    if (fromAgent) return takeOver(conversation, message.senderId);
    return answer(message, conversation, inbox.channel);
  });
}

import { eq } from 'drizzle-orm';
import type { Server } from 'socket.io';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { rooms } from './rooms.js';
import { messagePreview, serializeConversation, serializeMessage, type SenderInfo } from '../serializers/rest.js';
import { isVisibleToVisitor, serializeVisitorMessage } from '../serializers/widget.js';
import type { ConversationRow, MessageRow } from '../events/bus.js';

/**
 * Realtime fan-out: agents in the inbox's room get the agent serialisation, the visitor gets the visitor one
 * (never private notes). With the Redis adapter these rooms span every node.
 */
export function realtimeListener(ctx: AppContext, io: Server): void {
  const agentsNs = io.of('/agent');
  const widgetNs = io.of('/widget');
  const senders = new Map<string, SenderInfo>();

  async function sender(m: MessageRow): Promise<SenderInfo | null> {
    if (m.senderType !== 'agent' || !m.senderId) return null;
    const hit = senders.get(m.senderId);
    if (hit) return hit;
    const [a] = await ctx.db.select({ id: schema.agents.id, name: schema.agents.name, avatarUrl: schema.agents.avatarUrl })
      .from(schema.agents).where(eq(schema.agents.id, m.senderId));
    if (a) senders.set(a.id, a);
    return a ?? null;
  }

  async function channelOf(inboxId: string): Promise<string | null> {
    const [i] = await ctx.db.select({ channel: schema.inboxes.channel }).from(schema.inboxes).where(eq(schema.inboxes.id, inboxId));
    return i?.channel ?? null;
  }

  const conv = (c: ConversationRow, lastMessage?: MessageRow) => serializeConversation(c, {
    lastMessage: lastMessage ? messagePreview(lastMessage) : undefined,
  });

  ctx.bus.on('message.created', async ({ message, conversation }) => {
    const s = await sender(message);
    agentsNs.to(rooms.inbox(message.inboxId)).emit('message.created', {
      message: serializeMessage(ctx.appSecret, message, s),
      conversation: conv(conversation, message),
    });
    if (isVisibleToVisitor(message)) {
      widgetNs.to(rooms.visitor(conversation.inboxId, conversation.contactId)).emit('message', serializeVisitorMessage(ctx.appSecret, message, s));
    }
  });

  ctx.bus.on('message.updated', async ({ message }) => {
    const s = await sender(message);
    agentsNs.to(rooms.inbox(message.inboxId)).emit('message.updated', { message: serializeMessage(ctx.appSecret, message, s) });
    if (isVisibleToVisitor(message)) {
      const [c] = await ctx.db.select({ contactId: schema.conversations.contactId }).from(schema.conversations).where(eq(schema.conversations.id, message.conversationId));
      if (c) widgetNs.to(rooms.visitor(message.inboxId, c.contactId)).emit('message.updated', serializeVisitorMessage(ctx.appSecret, message, s));
    }
  });

  ctx.bus.on('conversation.created', async ({ conversation }) => {
    const [contact] = await ctx.db.select().from(schema.contacts).where(eq(schema.contacts.id, conversation.contactId));
    agentsNs.to(rooms.inbox(conversation.inboxId)).emit('conversation.created', {
      conversation: serializeConversation(conversation, { channel: (await channelOf(conversation.inboxId)) ?? undefined, contact }),
    });
  });

  ctx.bus.on('conversation.updated', ({ conversation, changed }) => {
    agentsNs.to(rooms.inbox(conversation.inboxId)).emit('conversation.updated', { conversation: conv(conversation), changed });
    if (changed.includes('status')) {
      widgetNs.to(rooms.visitor(conversation.inboxId, conversation.contactId)).emit('conversation.updated', { id: conversation.id, status: conversation.status });
    }
  });
}

// Inbox concerns that react to domain events or agent sockets:
//  - @mentions in private notes -> stored notification + push to the mentioned agent;
//  - collision presence: who else is viewing / typing in a conversation.
import { eq } from 'drizzle-orm';
import type { Server, Socket } from 'socket.io';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { visibleInboxIds } from '../agents/agents.js';
import { getConversationView } from '../conversations/conversations.js';
import { createMentionNotifications, serializeNotification } from './mentions.js';
import { rooms } from '../realtime/rooms.js';
import { onceFor } from '../events/effects.js';

/** Socket handlers run outside Express: an error must be logged, never become an unhandled rejection. */
function guarded<A extends unknown[]>(ctx: AppContext, fn: (...args: A) => Promise<void>): (...args: A) => void {
  return (...args) => { fn(...args).catch((err) => ctx.log.error({ err }, 'presence handler failed')); };
}

export function inboxListeners(ctx: AppContext, io: Server): void {
  mentionListener(ctx, io);
  presenceHandlers(ctx, io);
}

/** A durable consumer: each note's mentions are notified once (marked in the effects ledger). */
function mentionListener(ctx: AppContext, io: Server) {
  ctx.bus.consumer('notifications').on('message.created', ({ message }, event) => message.private && onceFor(ctx.db, 'notifications', event, async () => {
    const created = await createMentionNotifications(ctx, message);
    if (!created.length) return;
    const [author] = message.senderId
      ? await ctx.db.select({ name: schema.agents.name }).from(schema.agents).where(eq(schema.agents.id, message.senderId))
      : [];
    for (const n of created) {
      io.of('/agent').to(rooms.agent(n.agentId)).emit('notification.created', { notification: serializeNotification(n, author?.name ?? '', message.body) });
    }
  }));
}

interface PresenceData { agentId: string; agent: { name: string }; viewing?: string | null; typing?: boolean }

/**
 * Presence lives on the sockets themselves (socket.data), so fetchSockets() gives the same answer on every
 * node when the Redis adapter is on; nothing to clean up when a socket dies.
 */
function presenceHandlers(ctx: AppContext, io: Server) {
  const ns = io.of('/agent');

  async function broadcast(conversationId: string) {
    const sockets = await ns.in(rooms.conversation(conversationId)).fetchSockets();
    const byAgent = new Map<string, { id: string; name: string; typing: boolean }>();
    for (const s of sockets) {
      const d = s.data as PresenceData;
      if (d.viewing !== conversationId) continue;
      const prev = byAgent.get(d.agentId);
      byAgent.set(d.agentId, { id: d.agentId, name: d.agent.name, typing: Boolean(prev?.typing || d.typing) });
    }
    ns.to(rooms.conversation(conversationId)).emit('presence.state', { conversationId, agents: [...byAgent.values()] });
  }

  // Same rule as GET /api/conversations/:id: only conversations in the agent's inboxes.
  async function mayView(socket: Socket, conversationId: unknown): Promise<string | null> {
    if (typeof conversationId !== 'string') return null;
    const inboxIds = await visibleInboxIds(ctx.db, socket.data.agent);
    return (await getConversationView(ctx, conversationId, inboxIds)) ? conversationId : null;
  }

  ns.on('connection', (socket: Socket) => {
    const data = socket.data as PresenceData;
    socket.on('presence.view', guarded(ctx, async (payload: { conversationId?: unknown }) => {
      const before = data.viewing ?? null;
      const next = payload?.conversationId === null ? null : await mayView(socket, payload?.conversationId);
      data.viewing = next;
      data.typing = false;
      if (next) {
        await socket.join(rooms.conversation(next));
        await broadcast(next);
      }
      if (before && before !== next) await broadcast(before);
    }));
    socket.on('presence.typing', guarded(ctx, async (payload: { conversationId?: unknown; on?: unknown }) => {
      if (!data.viewing || payload?.conversationId !== data.viewing) return;
      const on = Boolean(payload?.on);
      if (Boolean(data.typing) === on) return;
      data.typing = on;
      await broadcast(data.viewing);
    }));
    socket.on('disconnect', () => {
      const was = data.viewing;
      data.viewing = null;
      if (was) void broadcast(was).catch((err) => ctx.log.warn({ err }, 'presence broadcast failed'));
    });
  });
}

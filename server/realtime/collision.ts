// Collision presence: which colleagues are looking at a conversation and which of them are typing, so two agents
// do not answer the same customer at once. An agent's screen says what it shows (`presence.view`); typing
// arrives through the one `typing` event, which also tells the visitor (server/realtime/io.ts).
import type { Namespace, Socket } from 'socket.io';
import type { AppContext } from '../context.js';
import { visibleInboxIds } from '../agents/agents.js';
import { getConversationView } from '../conversations/conversations.js';
import { rooms } from './rooms.js';

interface PresenceData { agentId: string; agent: { name: string }; viewing?: string | null; typing?: boolean }

/**
 * Presence lives on the sockets themselves (socket.data), so fetchSockets() gives the same answer on every
 * node when the Redis adapter is on; nothing to clean up when a socket dies.
 */
export class Collision {
  constructor(private readonly ctx: AppContext, private readonly ns: Namespace) {}

  /** The conversation's viewers, each with whether they are typing, to everyone in its room. */
  private async broadcast(conversationId: string): Promise<void> {
    const sockets = await this.ns.in(rooms.conversation(conversationId)).fetchSockets();
    const byAgent = new Map<string, { id: string; name: string; typing: boolean }>();
    for (const s of sockets) {
      const d = s.data as PresenceData;
      if (d.viewing !== conversationId) continue;
      const prev = byAgent.get(d.agentId);
      byAgent.set(d.agentId, { id: d.agentId, name: d.agent.name, typing: Boolean(prev?.typing || d.typing) });
    }
    this.ns.to(rooms.conversation(conversationId)).emit('presence.state', { conversationId, agents: [...byAgent.values()] });
  }

  /** Same rule as GET /api/conversations/:id: only conversations in the agent's inboxes. */
  private async mayView(socket: Socket, conversationId: unknown): Promise<string | null> {
    if (typeof conversationId !== 'string') return null;
    const inboxIds = await visibleInboxIds(this.ctx.db, socket.data.agent);
    return (await getConversationView(this.ctx, conversationId, inboxIds)) ? conversationId : null;
  }

  /** Socket handlers run outside Express: an error is logged, never an unhandled rejection. */
  private guarded<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => void {
    return (...args) => { fn(...args).catch((err) => this.ctx.log.error({ err }, 'presence handler failed')); };
  }

  attach(socket: Socket): void {
    const data = socket.data as PresenceData;
    socket.on('presence.view', this.guarded(async (payload: { conversationId?: unknown }) => {
      const before = data.viewing ?? null;
      const next = payload?.conversationId === null ? null : await this.mayView(socket, payload?.conversationId);
      data.viewing = next;
      data.typing = false;
      if (next) {
        await socket.join(rooms.conversation(next));
        await this.broadcast(next);
      }
      if (before && before !== next) await this.broadcast(before);
    }));
    socket.on('disconnect', () => {
      const was = data.viewing;
      data.viewing = null;
      if (was) void this.broadcast(was).catch((err) => this.ctx.log.warn({ err }, 'presence broadcast failed'));
    });
  }

  /** The agent started or stopped typing in a conversation they may see (the caller checked); shown while viewing it. */
  async typing(socket: Socket, conversationId: string, on: boolean): Promise<void> {
    const data = socket.data as PresenceData;
    if (data.viewing !== conversationId || Boolean(data.typing) === on) return;
    data.typing = on;
    await this.broadcast(conversationId);
  }
}

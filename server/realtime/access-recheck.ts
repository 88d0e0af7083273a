import { inArray } from 'drizzle-orm';
import type { Namespace, Socket } from 'socket.io';
import type { AppContext } from '../context.js';
import { onAccessChanged } from '../auth/access-changes.js';
import { decide } from '../auth/decide.js';
import { principalAgent } from '../auth/principal.js';
import { schema } from '../db/client.js';
import { visibleInboxIds, type AuthedAgent } from '../agents/agents.js';
import { rooms } from './rooms.js';
import { endSession, refreshPrincipal, socketFacts } from './socket-guard.js';

/**
 * Puts an agent socket in exactly the rooms the agent may hear now: its inboxes, and only those
 * conversations that belong to them. Returns the inbox ids.
 */
export async function syncAgentRooms(ctx: AppContext, socket: Socket, agent: AuthedAgent): Promise<string[]> {
  const inboxIds = await visibleInboxIds(ctx.db, agent);
  const wanted = new Set(inboxIds.map(rooms.inbox));
  const conversationRooms = new Map<string, string>();
  for (const room of socket.rooms) {
    if (room.startsWith('inbox:') && !wanted.has(room)) socket.leave(room);
    const id = room.startsWith('conversation:') ? room.slice('conversation:'.length) : null;
    if (id) conversationRooms.set(id, room);
  }
  socket.join([rooms.agent(agent.id), ...wanted]);
  if (conversationRooms.size) {
    const rows = await ctx.db.select({ id: schema.conversations.id, inboxId: schema.conversations.inboxId }).from(schema.conversations)
      .where(inArray(schema.conversations.id, [...conversationRooms.keys()]));
    const allowed = new Set(rows.filter((r) => inboxIds.includes(r.inboxId)).map((r) => r.id));
    for (const [id, room] of conversationRooms) if (!allowed.has(id)) socket.leave(room);
  }
  return inboxIds;
}

/**
 * When an agent's access changes, each of their sockets on this node is decided again: gone (signed out,
 * revoked, disabled) → told and disconnected; still allowed → re-roomed to the inboxes they may see now.
 */
export function recheckOnAccessChange(ctx: AppContext, ns: Namespace): () => void {
  const recheck = async (socket: Socket) => {
    const principal = await refreshPrincipal(ctx, socket);
    const agent = principalAgent(principal);
    const decision = decide(principal, { transport: 'socket', namespace: '/agent', event: 'connect', ...socketFacts(ctx, socket) });
    if (!decision.allow || !agent) return endSession(socket);
    const inboxIds = await syncAgentRooms(ctx, socket, agent);
    socket.emit('access.changed', { agentId: agent.id, role: agent.role, inboxIds });
  };
  return onAccessChanged(ctx, (agentId) => {
    for (const socket of ns.sockets.values()) {
      if (socket.data.agentId !== agentId) continue;
      void recheck(socket).catch((err) => {
        ctx.log.error({ err, agentId }, 'socket re-check failed; disconnecting to be safe');
        socket.disconnect(true);
      });
    }
  });
}

import type { Server } from 'socket.io';

/** A colleague as every agent sees them: name, face and the availability they chose. */
export interface AgentCard { id: string; name: string; avatarUrl: string | null; availability: string; online?: boolean }

export const agentCard = (a: AgentCard): AgentCard => ({ id: a.id, name: a.name, avatarUrl: a.avatarUrl, availability: a.availability });

/** Online agents are those with an open /agent socket on any node (fetchSockets spans nodes via Redis). */
export class Presence {
  constructor(private io: Server) {}
  async onlineAgentIds(): Promise<Set<string>> {
    const sockets = await this.io.of('/agent').fetchSockets();
    return new Set(sockets.map((s) => s.data.agentId as string).filter(Boolean));
  }
  /** Tells every connected agent (on every node, through the adapter) that a colleague changed. */
  async announce(agent: AgentCard): Promise<void> {
    const online = (await this.onlineAgentIds()).has(agent.id);
    this.io.of('/agent').emit('agent.updated', { agent: { ...agent, online } });
  }
}

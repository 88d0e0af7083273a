import type { Server } from 'socket.io';

/** Online agents are those with an open /agent socket on any node (fetchSockets spans nodes via Redis). */
export class Presence {
  constructor(private io: Server) {}
  async onlineAgentIds(): Promise<Set<string>> {
    const sockets = await this.io.of('/agent').fetchSockets();
    return new Set(sockets.map((s) => s.data.agentId as string).filter(Boolean));
  }
}

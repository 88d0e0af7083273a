import { EventEmitter } from 'node:events';
import { slot } from '../app-memory.js';
import type { AppContext } from '../context.js';
import { forgetAgentSessions } from '../agents/agents.js';

/**
 * "What this agent may reach has changed" (signed out, token revoked, role or inbox membership changed).
 * Every node drops what it cached about the agent and re-checks the agent's open sockets. This node is told
 * directly; the others through the cluster (NOTIFY on PostgreSQL, like settings changes), so it needs no
 * Redis and works the same on one PGlite node and on several PostgreSQL nodes.
 */
const CHANGES = slot('access changes', () => new EventEmitter());

const emitter = (ctx: AppContext): EventEmitter => ctx.memory.get(CHANGES);

/** Handles a change announced here or by another node: forget cached sessions, re-check sockets. */
export function deliverAccessChange(ctx: AppContext, agentId: string): void {
  forgetAgentSessions(ctx, agentId);
  emitter(ctx).emit('changed', agentId);
}

/** Announces a change of access for these agents, to this node and every other. */
export async function accessChanged(ctx: AppContext, agentIds: Iterable<string>): Promise<void> {
  for (const agentId of new Set(agentIds)) {
    deliverAccessChange(ctx, agentId);
    // The change itself is committed; a lost broadcast leaves other nodes on their 10 s session cache.
    await ctx.cluster.accessChanged(agentId).catch((err) => ctx.log.error({ err, agentId }, 'access change not broadcast to other nodes'));
  }
}

export function onAccessChanged(ctx: AppContext, fn: (agentId: string) => void): () => void {
  const e = emitter(ctx);
  e.on('changed', fn);
  return () => e.off('changed', fn);
}

import { EventEmitter } from 'node:events';
import type { AppContext } from '../context.js';
import { forgetAgentSessions } from '../domain/agents.js';

/**
 * "What this agent may reach has changed" (signed out, token revoked, role or inbox membership changed).
 * Every node drops what it cached about the agent and re-checks the agent's open sockets. Within one node
 * this is a direct notification; with REDIS_URL set it travels over Redis pub/sub so all nodes hear it.
 * It is one small seam on purpose: it can move onto a durable event log without its callers changing.
 */
const CHANNEL = 'switchboard:access-changed';

interface Publisher { publish(channel: string, message: string): Promise<unknown> }
interface Hub { emitter: EventEmitter; publisher: Publisher | null }
const hubs = new WeakMap<AppContext, Hub>();

function hub(ctx: AppContext): Hub {
  let h = hubs.get(ctx);
  if (!h) hubs.set(ctx, (h = { emitter: new EventEmitter(), publisher: null }));
  return h;
}

function deliver(ctx: AppContext, agentId: string) {
  forgetAgentSessions(agentId);
  hub(ctx).emitter.emit('changed', agentId);
}

/** Announces a change of access for these agents, to this node and (through Redis) every other. */
export async function accessChanged(ctx: AppContext, agentIds: Iterable<string>): Promise<void> {
  const { publisher } = hub(ctx);
  for (const agentId of new Set(agentIds)) {
    if (!publisher) { deliver(ctx, agentId); continue; }
    // This node hears its own message through its subscription, like every other node.
    await publisher.publish(CHANNEL, agentId).catch((err) => {
      ctx.log.error({ err }, 'access change not published; handled on this node only');
      deliver(ctx, agentId);
    });
  }
}

export function onAccessChanged(ctx: AppContext, fn: (agentId: string) => void): () => void {
  const { emitter } = hub(ctx);
  emitter.on('changed', fn);
  return () => emitter.off('changed', fn);
}

/** Wires the cross-node path: publish through `publisher`, receive through a subscriber connection. */
export async function connectAccessChannel(ctx: AppContext, publisher: Publisher, subscriber: { subscribe(channel: string, fn: (message: string) => void): Promise<unknown> }) {
  await subscriber.subscribe(CHANNEL, (agentId) => deliver(ctx, agentId));
  hub(ctx).publisher = publisher;
}

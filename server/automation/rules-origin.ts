import type { Actor } from '../events/bus.js';

/**
 * Where a change came from when a rule made it: how deep in a cascade, and which rules already ran in it.
 * Carried on the actor of conversation events and in the meta of messages a rule writes, so the engine can
 * refuse to let a rule retrigger itself however the cascade goes round.
 */
export interface RuleOrigin { depth: number; chain: string[] }

export const MAX_RULE_DEPTH = 5;
const PREFIX = 'automation:';

export function originActor(origin: RuleOrigin): Actor {
  return { type: 'system', id: `${PREFIX}${origin.depth}:${origin.chain.join(',')}` };
}

export function originFromActor(actor: Actor | undefined): RuleOrigin | null {
  if (!actor?.id?.startsWith(PREFIX)) return null;
  const [depth, chain] = actor.id.slice(PREFIX.length).split(':');
  return { depth: Number(depth) || 0, chain: chain ? chain.split(',') : [] };
}

export function originFromMeta(meta: Record<string, unknown> | null | undefined): RuleOrigin | null {
  const o = meta?.automation as RuleOrigin | undefined;
  return o && typeof o.depth === 'number' && Array.isArray(o.chain) ? o : null;
}

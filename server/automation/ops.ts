import type { AppContext } from '../context.js';

export type { SlaTarget } from '../events/catalogue.js';

export interface OnlineAgents { onlineAgentIds(): Promise<Set<string>> }

/**
 * Per-app state of the ops services: who is online and retry pacing (their events,
 * conversation.resolved, sla.breached and csat.received, go through the event log like every other). One per
 * AppContext (tests run several apps in one process), reached through opsFor(ctx).
 */
export class Ops {
  presence: OnlineAgents = { onlineAgentIds: async () => new Set() };
  /** Outbound webhook retry delays: 10 s, 40 s, 160 s ... capped at one hour. */
  webhookRetryDelayMs = (attempt: number) => Math.min(3_600_000, 10_000 * 4 ** (attempt - 1));
  /** Failed attempts in a row after which a subscription is switched off. */
  webhookDisableAfter = 15;
}

const registry = new WeakMap<AppContext, Ops>();

export function opsFor(ctx: AppContext): Ops {
  let ops = registry.get(ctx);
  if (!ops) {
    ops = new Ops();
    registry.set(ctx, ops);
  }
  return ops;
}

import type { AppContext } from '../context.js';
import type { Actor, ConversationRow } from '../events/bus.js';
import { systemClock, type Clock } from './clock.js';

export type SlaTarget = 'first_response' | 'next_response' | 'resolution';

/** Events the ops services raise on top of the core bus: rules and outbound webhooks listen to both. */
export interface OpsEventPayloads {
  'conversation.resolved': { conversation: ConversationRow; actor?: Actor };
  'sla.breached': { conversation: ConversationRow; target: SlaTarget; dueAt: Date };
  'csat.received': { conversation: ConversationRow; rating: number; comment: string | null; responseId: string };
}
export type OpsEventName = keyof OpsEventPayloads;

export interface OnlineAgents { onlineAgentIds(): Promise<Set<string>> }

/**
 * Per-app state of the ops services: the clock they read, who is online, retry pacing and the ops event
 * dispatcher. One per AppContext (tests run several apps in one process), reached through opsFor(ctx).
 */
export class Ops {
  clock: Clock = systemClock;
  presence: OnlineAgents = { onlineAgentIds: async () => new Set() };
  /** Outbound webhook retry delays: 10 s, 40 s, 160 s ... capped at one hour. */
  webhookRetryDelayMs = (attempt: number) => Math.min(3_600_000, 10_000 * 4 ** (attempt - 1));
  /** Failed attempts in a row after which a subscription is switched off. */
  webhookDisableAfter = 15;
  private handlers = new Map<OpsEventName, ((p: any) => Promise<unknown> | unknown)[]>();
  private pending = new Set<Promise<unknown>>();

  constructor(private log: AppContext['log']) {}

  on<E extends OpsEventName>(event: E, fn: (payload: OpsEventPayloads[E]) => Promise<unknown> | unknown): void {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), fn]);
  }

  /** Runs every handler; resolves when all finished (failures are logged, never thrown at the emitter). */
  emit<E extends OpsEventName>(event: E, payload: OpsEventPayloads[E]): Promise<void> {
    const runs = (this.handlers.get(event) ?? []).map((fn) => Promise.resolve().then(() => fn(payload))
      .catch((err) => this.log.error({ err, event }, 'ops listener failed')));
    const all = Promise.all(runs).then(() => undefined);
    this.pending.add(all);
    void all.finally(() => this.pending.delete(all));
    return all;
  }

  async drain(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }
}

const registry = new WeakMap<AppContext, Ops>();

export function opsFor(ctx: AppContext): Ops {
  let ops = registry.get(ctx);
  if (!ops) {
    ops = new Ops(ctx.log);
    registry.set(ctx, ops);
  }
  return ops;
}

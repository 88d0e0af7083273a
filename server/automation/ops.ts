import { slot } from '../app-memory.js';
import type { AppContext } from '../context.js';

export type { SlaTarget } from '../events/catalogue.js';

export interface OnlineAgents { onlineAgentIds(): Promise<Set<string>> }

/**
 * Per-app state of the ops services: who is online and retry pacing (their events,
 * conversation.resolved, sla.breached and csat.received, go through the event log like every other). One per
 * app (tests run several apps in one process), kept in `ctx.memory` and reached through opsFor(ctx).
 */
export class Ops {
  presence: OnlineAgents = { onlineAgentIds: async () => new Set() };
  /** Outbound webhook retry delays: 10 s, 40 s, 160 s ... capped at one hour. */
  webhookRetryDelayMs = (attempt: number) => Math.min(3_600_000, 10_000 * 4 ** (attempt - 1));
  /** Failed attempts in a row after which a subscription is switched off. */
  webhookDisableAfter = 15;
}

const OPS = slot('ops', () => new Ops());

export const opsFor = (ctx: AppContext): Ops => ctx.memory.get(OPS);

import type { EventName, EventPayloads } from './catalogue.js';

/** What a durable consumer learns about the event besides its payload: the id its effects are keyed by. */
export interface EventMeta { id: string; position: number; type: EventName; createdAt: Date }
export type ConsumerHandler<E extends EventName> = (payload: EventPayloads[E], meta: EventMeta) => unknown;

/**
 * A named, durable reader of the event log (bot, rules, webhooks ...). It keeps its own position per partition,
 * so it resumes where it stopped after a crash and gets every event at least once; its effects must therefore
 * be idempotent on the event id (see effects.ts).
 */
export class Consumer {
  private handlers = new Map<EventName, ConsumerHandler<any>[]>();

  constructor(readonly name: string) {}

  on<E extends EventName>(event: E, fn: ConsumerHandler<E>): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), fn]);
    return this;
  }

  wants(type: string): boolean {
    return this.handlers.has(type as EventName);
  }

  get types(): EventName[] {
    return [...this.handlers.keys()].sort();
  }

  async handle(type: EventName, payload: unknown, meta: EventMeta): Promise<void> {
    for (const fn of this.handlers.get(type) ?? []) await fn(payload as never, meta);
  }
}

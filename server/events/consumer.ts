import type { EventName, EventPayloads } from './catalogue.js';

/** What a durable consumer learns about the event besides its payload: the id its effects are keyed by. */
export interface EventMeta { id: string; position: number; type: EventName; createdAt: Date }
export type ConsumerHandler<E extends EventName> = (payload: EventPayloads[E], meta: EventMeta) => unknown;

/** One event of a batch: which type it is, what it says, and its meta. */
export type BatchItem<E extends EventName = EventName> = { [K in E]: { type: K; payload: EventPayloads[K]; meta: EventMeta } }[E];
export type BatchHandler<E extends EventName> = (items: BatchItem<E>[]) => unknown;

/** A handler that takes consecutive events of its types together (one statement for many events). */
interface BatchGroup { types: Set<EventName>; fn: BatchHandler<any> }

/**
 * A named, durable reader of the event log (bot, rules, webhooks ...). It keeps its own position per partition,
 * so it resumes where it stopped after a crash and gets every event at least once; its effects must therefore
 * be idempotent on the event id (see effects.ts).
 */
export class Consumer {
  private handlers = new Map<EventName, ConsumerHandler<any>[]>();
  private groups = new Map<EventName, BatchGroup>();

  constructor(readonly name: string) {}

  on<E extends EventName>(event: E, fn: ConsumerHandler<E>): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), fn]);
    return this;
  }

  /**
   * Handles these types in batches: when a backlog holds several consecutive events of them (load), the lane hands
   * them over together, in log order; one at a time otherwise. A type has at most one batch handler.
   */
  batch<E extends EventName>(types: readonly E[], fn: BatchHandler<E>): this {
    const group: BatchGroup = { types: new Set(types), fn };
    for (const t of types) {
      if (this.groups.has(t)) throw new Error(`${this.name}: ${t} already has a batch handler`);
      this.groups.set(t, group);
    }
    return this;
  }

  wants(type: string): boolean {
    return this.handlers.has(type as EventName) || this.groups.has(type as EventName);
  }

  get types(): EventName[] {
    return [...new Set([...this.handlers.keys(), ...this.groups.keys()])].sort();
  }

  /** The batch this type joins, when it has nothing but a batch handler (so a run of them can go together). */
  batchOf(type: string): object | undefined {
    return this.handlers.has(type as EventName) ? undefined : this.groups.get(type as EventName);
  }

  async handle(type: EventName, payload: unknown, meta: EventMeta): Promise<void> {
    for (const fn of this.handlers.get(type) ?? []) await fn(payload as never, meta);
    const group = this.groups.get(type);
    if (group) await group.fn([{ type, payload, meta }]);
  }

  /** Several consecutive events of one batch group (see batchOf), in log order. */
  async handleBatch(items: BatchItem[]): Promise<void> {
    const group = this.groups.get(items[0].type)!;
    await group.fn(items);
  }
}

import type { Db, Tx } from '../db/client.js';
import { appendEvents, type PendingEvent, type RecordedEvent } from './append.js';
import type { EventName, EventPayloads } from './catalogue.js';
import { Consumer } from './consumer.js';

export type { Actor, ContactRow, ConversationMergeEvent, ConversationRow, EventName, EventPayloads, MessageRow } from './catalogue.js';
export type { EventMeta } from './consumer.js';

type Listener<E extends EventName> = (payload: EventPayloads[E]) => unknown;
/** Collects the events of a transaction; they are appended just before it commits. */
export type Emit = <E extends EventName>(event: E, payload: EventPayloads[E]) => void;

interface BusDeps {
  db: Db;
  server: boolean;
  onError: (err: unknown, event: EventName) => void;
  /** Called after commit with the partitions that got events (wakes this node's consumers at once). */
  onAppended?: (recorded: RecordedEvent[]) => void;
}

/**
 * The event bus over the durable log. `transaction()` writes a change and its events in one transaction
 * (transactional outbox); after commit the in-process listeners (`on`, the realtime fan-out of this node) run
 * at once, and every other concern is a named durable `consumer()` driven from the log by the consumer runner.
 */
export class EventBus {
  private listeners = new Map<EventName, Listener<any>[]>();
  private pending = new Set<Promise<unknown>>();
  readonly consumers = new Map<string, Consumer>();
  /** Waits until the consumers have caught up with the log (set by the runner). */
  catchUp: () => Promise<void> = async () => {};

  constructor(private deps: BusDeps) {}

  /** In-process listener, run right after commit on the node that made the change (realtime push only). */
  on<E extends EventName>(event: E, fn: Listener<E>): () => void {
    const list = this.listeners.get(event) ?? [];
    list.push(fn);
    this.listeners.set(event, list);
    return () => this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== fn));
  }

  /** The durable consumer of that name (created on first use). */
  consumer(name: string): Consumer {
    let c = this.consumers.get(name);
    if (!c) this.consumers.set(name, (c = new Consumer(name)));
    return c;
  }

  /** Runs `work` in a transaction; the events it emits are appended in that same transaction. */
  async transaction<T>(work: (tx: Tx, emit: Emit) => Promise<T>): Promise<T> {
    let recorded: RecordedEvent[] = [];
    const result = await this.deps.db.transaction(async (tx) => {
      const pending: PendingEvent[] = [];
      const value = await work(tx, (type, payload) => { pending.push({ type, payload } as PendingEvent); });
      recorded = await appendEvents(tx, this.deps.server, pending);
      return value;
    });
    this.announce(recorded);
    return result;
  }

  /** Appends events in a transaction of the caller's (who then calls announce() after commit). */
  append(tx: Tx, pending: PendingEvent[]): Promise<RecordedEvent[]> {
    return appendEvents(tx, this.deps.server, pending);
  }

  /** An event with no row change of its own (a timer fired): appended on its own. */
  async publish<E extends EventName>(event: E, payload: EventPayloads[E]): Promise<void> {
    await this.transaction(async (_tx, emit) => emit(event, payload));
  }

  /** After commit: in-process listeners, then a nudge to this node's consumers. */
  announce(recorded: RecordedEvent[]): void {
    if (!recorded.length) return;
    for (const e of recorded) this.runListeners(e.type, e.payload);
    this.deps.onAppended?.(recorded);
  }

  private runListeners(event: EventName, payload: unknown): void {
    for (const fn of this.listeners.get(event) ?? []) {
      try {
        const result = fn(payload);
        if (result instanceof Promise) {
          const p = result.catch((err) => this.deps.onError(err, event)).finally(() => this.pending.delete(p));
          this.pending.add(p);
        }
      } catch (err) {
        this.deps.onError(err, event);
      }
    }
  }

  /** Waits for in-process listeners and for the consumers to catch up with the log (shutdown, tests). */
  async drain(): Promise<void> {
    do {
      while (this.pending.size) await Promise.allSettled([...this.pending]);
      await this.catchUp();
    } while (this.pending.size);
  }
}

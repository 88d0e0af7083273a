import { sql } from 'drizzle-orm';
import { schema, type Db } from '../db/client.js';
import type { Logger } from '../log.js';
import type { EventName } from './catalogue.js';
import { sharedPayload } from './codec.js';
import type { BatchItem, Consumer } from './consumer.js';
import { crashPoint } from './crash-points.js';
import type { PositionWriter } from './positions.js';

export type StoredEvent = typeof schema.events.$inferSelect;

/** A lane saves its position at least this often while it works through a long queue. */
const SAVE_EVERY = 100;
/** The most events handed to a batch handler at once. */
const MAX_BATCH = 100;

export interface LaneOptions {
  db: Db;
  log: Logger;
  positions: PositionWriter;
  /** Attempts before an event becomes a dead letter, and the pause before attempt n + 1. */
  attempts: number;
  retryDelayMs: (attempt: number) => number;
}

/**
 * One consumer's work in one partition, in order: its partition's reader hands it the events of its types
 * (see reader.ts); it handles each (retrying, then parking a dead letter) and hands the position reached to the
 * node's position writer once its queue is empty (or every SAVE_EVERY events), not after each event. Only the
 * node owning the partition runs this lane.
 */
export class Lane {
  /** The last event handled. */
  position = 0;
  /** The highest position this lane has been handed events up to (everything before it is queued or handled). */
  fetchedUpTo = 0;
  /** Set by the reader when the queue was too long to take more: it rejoins, re-reading, once it has drained. */
  detached = false;
  private queue: StoredEvent[] = [];
  private wakeUp?: () => void;
  private stopped = false;
  private done: Promise<void> = Promise.resolve();
  private busy = false;

  constructor(readonly consumer: Consumer, readonly partition: number, private opts: LaneOptions, private onDrained: (lane: Lane) => void) {}

  start(position: number): void {
    this.position = this.fetchedUpTo = position;
    this.done = this.run().catch((err) => this.opts.log.error({ err, consumer: this.consumer.name, partition: this.partition }, 'consumer lane stopped'));
  }

  get queued(): number { return this.queue.length; }

  /** Events of this lane's types after `fetchedUpTo`, in position order, covering the log up to `upTo`. */
  push(events: StoredEvent[], upTo: number): void {
    for (const e of events) if (e.position > this.fetchedUpTo) this.queue.push(e);
    this.fetchedUpTo = Math.max(this.fetchedUpTo, upTo);
    this.wakeUp?.();
  }

  /** Nothing queued, nothing in hand: everything it was given is handled. */
  get idle(): boolean { return !this.busy && !this.queue.length; }

  /** Stops after the event in hand and hands over the position reached; resolves when nothing of it runs. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.done;
  }

  private async run(): Promise<void> {
    let unsaved = 0;
    while (!this.stopped) {
      const event = this.queue.shift();
      if (!event) {
        if (unsaved) { this.opts.positions.mark(this.consumer.name, this.partition, this.position); unsaved = 0; }
        if (this.detached) this.onDrained(this);
        await new Promise<void>((resolve) => { this.wakeUp = resolve; });
        this.wakeUp = undefined;
        continue;
      }
      const run = this.takeRun(event);
      this.busy = true;
      try {
        await (run.length > 1 ? this.deliverBatch(run) : this.deliver(event));
      } finally {
        this.busy = false;
      }
      this.position = run[run.length - 1].position;
      await crashPoint('after-effect', this.consumer.name);
      // After a crash the unsaved events are handed out again; every effect is idempotent on the event id, so
      // that costs only repeated no-ops, and saving per event would be one more write per event and consumer.
      unsaved += run.length;
      if (unsaved >= SAVE_EVERY) { this.opts.positions.mark(this.consumer.name, this.partition, this.position); unsaved = 0; }
    }
    if (unsaved) this.opts.positions.mark(this.consumer.name, this.partition, this.position);
  }

  /** The event, and the queued events right after it that go in the same batch (see Consumer.batch). */
  private takeRun(first: StoredEvent): StoredEvent[] {
    const group = this.consumer.batchOf(first.type);
    const run = [first];
    if (!group) return run;
    while (run.length < MAX_BATCH && this.queue.length && this.consumer.batchOf(this.queue[0].type) === group) run.push(this.queue.shift()!);
    return run;
  }

  /**
   * A batch is tried once as a whole; if it fails, each of its events is delivered on its own with the usual
   * retries, so one bad event is parked alone (effects are idempotent per event, so a part done twice is a no-op).
   */
  private async deliverBatch(run: StoredEvent[]): Promise<void> {
    await crashPoint('before-effect', this.consumer.name);
    try {
      await this.consumer.handleBatch(run.map((e) => {
        const meta = { id: e.id, position: e.position, type: e.type as EventName, createdAt: e.createdAt };
        return { type: meta.type, payload: sharedPayload(meta.type, e.payload), meta } as BatchItem;
      }));
      return;
    } catch (err) {
      this.opts.log.warn({ err, consumer: this.consumer.name, from: run[0].position, to: run[run.length - 1].position }, 'consumer failed on a batch; delivering its events one by one');
    }
    for (const e of run) await this.deliver(e);
  }

  private async deliver(event: StoredEvent): Promise<void> {
    const meta = { id: event.id, position: event.position, type: event.type as EventName, createdAt: event.createdAt };
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.opts.attempts; attempt++) {
      await crashPoint('before-effect', this.consumer.name);
      try {
        await this.consumer.handle(meta.type, sharedPayload(meta.type, event.payload), meta);
        return;
      } catch (err) {
        lastError = err;
        this.opts.log.warn({ err, consumer: this.consumer.name, event: event.type, position: event.position, attempt }, 'consumer failed on an event');
        if (attempt < this.opts.attempts) await new Promise((r) => setTimeout(r, this.opts.retryDelayMs(attempt)));
      }
    }
    // Parked where Operations shows it; the consumer goes on with the next event.
    await this.opts.db.insert(schema.eventDeadLetters).values({
      consumer: this.consumer.name, eventPosition: event.position, attempts: this.opts.attempts,
      error: lastError instanceof Error ? lastError.message : String(lastError),
    }).onConflictDoUpdate({ target: [schema.eventDeadLetters.consumer, schema.eventDeadLetters.eventPosition],
      set: { error: sql`excluded.error`, attempts: sql`${schema.eventDeadLetters.attempts} + excluded.attempts`, createdAt: sql`now()` } });
  }

  /** True when this lane has handled everything up to `head`. */
  caughtUp(head: number): boolean {
    return this.idle && this.position >= head;
  }
}

import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { schema, type Db } from '../db/client.js';
import type { Logger } from '../log.js';
import type { EventName } from './catalogue.js';
import { decodePayload } from './codec.js';
import type { Consumer } from './consumer.js';
import { crashPoint } from './crash-points.js';

const BATCH = 100;

export interface LaneOptions {
  db: Db;
  log: Logger;
  /** Attempts before an event becomes a dead letter, and the pause before attempt n + 1. */
  attempts: number;
  retryDelayMs: (attempt: number) => number;
}

/**
 * One consumer reading one partition, in order: fetch the events of its types after its position, handle each
 * (retrying, then parking a dead letter), and store the position reached once per batch. Only the node owning the partition runs this
 * lane, and it is woken only by events of a type it reads.
 */
export class Lane {
  private position = 0;
  private dirty = false;
  private wakeUp?: () => void;
  private stopped = false;
  private done: Promise<void> = Promise.resolve();
  idle = false;

  constructor(readonly consumer: Consumer, readonly partition: number, private opts: LaneOptions) {}

  /** `from`: where the stored position says this lane is, and whether events wait after it. */
  start(from: Promise<{ position: number; pending: boolean } | undefined>): void {
    this.done = this.run(from).catch((err) => this.opts.log.error({ err, consumer: this.consumer.name, partition: this.partition }, 'consumer lane stopped'));
  }

  wake(): void {
    this.dirty = true;
    this.wakeUp?.();
  }

  /** Stops after the event in hand; resolves when nothing of this lane runs any more. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.done;
  }

  private async run(from: Promise<{ position: number; pending: boolean } | undefined>): Promise<void> {
    const { db } = this.opts;
    const start = await from;
    this.position = start?.position ?? 0;
    // Nothing waiting: sleep until woken rather than ask the database (hundreds of lanes start at once).
    if (start && !start.pending && !this.dirty) await this.sleep();
    while (!this.stopped) {
      this.dirty = false;
      this.idle = false;
      const batch = await db.select().from(schema.events)
        .where(and(eq(schema.events.partition, this.partition), gt(schema.events.position, this.position), inArray(schema.events.type, this.consumer.types)))
        .orderBy(asc(schema.events.position)).limit(BATCH);
      const from = this.position;
      for (const event of batch) {
        if (this.stopped) break;
        await this.deliver(event);
        this.position = event.position;
        await crashPoint('after-effect', this.consumer.name);
      }
      // One position write per batch, not per event: after a crash the batch is handed out again, and every
      // effect is idempotent on the event id, so that costs only repeated no-ops.
      if (this.position !== from) await this.save();
      if (batch.length < BATCH && !this.dirty && !this.stopped) await this.sleep();
    }
  }

  private async sleep(): Promise<void> {
    this.idle = true;
    await new Promise<void>((resolve) => { this.wakeUp = resolve; });
    this.wakeUp = undefined;
  }

  private async deliver(event: typeof schema.events.$inferSelect): Promise<void> {
    const meta = { id: event.id, position: event.position, type: event.type as EventName, createdAt: event.createdAt };
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.opts.attempts; attempt++) {
      await crashPoint('before-effect', this.consumer.name);
      try {
        await this.consumer.handle(meta.type, decodePayload(meta.type, event.payload), meta);
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
      set: { error: sql`excluded.error`, attempts: sql`${schema.eventDeadLetters.attempts} + excluded.attempts`, createdAt: new Date() } });
  }

  private async save(): Promise<void> {
    await this.opts.db.insert(schema.eventOffsets).values({ consumer: this.consumer.name, partition: this.partition, position: this.position })
      .onConflictDoUpdate({ target: [schema.eventOffsets.consumer, schema.eventOffsets.partition], set: { position: this.position, updatedAt: new Date() } });
  }

  /** True when this lane has read everything up to `head`. */
  caughtUp(head: number): boolean {
    return this.idle && this.position >= head;
  }
}

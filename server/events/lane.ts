import { and, asc, eq, gt, sql } from 'drizzle-orm';
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
 * One consumer reading one partition, in order: fetch what is after its position, handle it (retrying, then
 * parking a dead letter), move its position on. Only the node owning the partition runs this lane.
 */
export class Lane {
  private position = 0;
  private dirty = true;
  private wakeUp?: () => void;
  private stopped = false;
  private done: Promise<void> = Promise.resolve();
  idle = false;

  constructor(readonly consumer: Consumer, readonly partition: number, private opts: LaneOptions) {}

  start(): void {
    this.done = this.run().catch((err) => this.opts.log.error({ err, consumer: this.consumer.name, partition: this.partition }, 'consumer lane stopped'));
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

  private async run(): Promise<void> {
    const { db } = this.opts;
    const [row] = await db.select({ position: schema.eventOffsets.position }).from(schema.eventOffsets)
      .where(and(eq(schema.eventOffsets.consumer, this.consumer.name), eq(schema.eventOffsets.partition, this.partition)));
    this.position = row?.position ?? 0;
    while (!this.stopped) {
      this.dirty = false;
      this.idle = false;
      const batch = await db.select().from(schema.events)
        .where(and(eq(schema.events.partition, this.partition), gt(schema.events.position, this.position)))
        .orderBy(asc(schema.events.position)).limit(BATCH);
      let saved = this.position;
      for (const event of batch) {
        if (this.stopped) break;
        if (this.consumer.wants(event.type)) {
          await this.deliver(event);
          this.position = event.position;
          crashPoint('after-effect', this.consumer.name);
          await this.save();
          saved = this.position;
        } else {
          this.position = event.position;
        }
      }
      if (saved !== this.position) await this.save(); // events this consumer does not read still count as read
      if (batch.length < BATCH && !this.dirty && !this.stopped) {
        this.idle = true;
        await new Promise<void>((resolve) => { this.wakeUp = resolve; });
        this.wakeUp = undefined;
      }
    }
  }

  private async deliver(event: typeof schema.events.$inferSelect): Promise<void> {
    const meta = { id: event.id, position: event.position, type: event.type as EventName, createdAt: event.createdAt };
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.opts.attempts; attempt++) {
      crashPoint('before-effect', this.consumer.name);
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

import type { Db } from '../db/client.js';
import type { Logger } from '../log.js';
import type { Lane, StoredEvent } from './lane.js';
import { LogReads, READ_BATCH } from './log-reads.js';

/** A lane with this many events waiting is not handed more: one slow consumer must not hold the others up. */
const MAX_QUEUED = 1_000;

/**
 * Reads one partition of the log for every consumer lane of this node in it: one read per wake-up, of all the
 * types those lanes read (combined with the other partitions' reads of the same moment, log-reads.ts), each lane
 * handed the events of its own types. `cursor` is how far the log has been
 * read; every attached lane has been handed everything up to it. A lane that joins later, or that was detached
 * because its queue was full, rejoins by moving the cursor back to where it stands: the next read covers it again
 * and the lanes already past those events skip them.
 */
export class PartitionReader {
  private cursor = 0;
  started = false;
  private lanes = new Set<Lane>();
  private dirty = false;
  private reading = false;
  /** The highest position a wake-up has announced as committed, and its value when the read in flight began. */
  private announced = 0;
  private coveredByRead = 0;
  private stopped = false;
  private wakeUp?: () => void;
  private done: Promise<void> = Promise.resolve();

  private reads: LogReads;

  /**
   * `maxQueued`: how many waiting events a lane may hold before it is detached (default MAX_QUEUED); `reads`: the
   * node's combined log reads (shared by its readers; one of its own if not given).
   */
  constructor(readonly partition: number, private opts: { db: Db; log: Logger; maxQueued?: number; reads?: LogReads }) {
    this.reads = opts.reads ?? new LogReads(opts.db);
  }

  /** Starts reading: `pending` says whether events wait after the lanes' positions (else sleep until woken). */
  start(pending: boolean): void {
    this.started = true;
    this.dirty = pending;
    this.done = this.run().catch((err) => this.opts.log.error({ err, partition: this.partition }, 'partition reader stopped'));
  }

  /** A lane started (at its stored position) or drained after being detached: the next read starts at it. */
  join(lane: Lane): void {
    if (!this.lanes.has(lane)) this.lanes.add(lane);
    lane.detached = false;
    this.cursor = Math.min(this.cursor, lane.fetchedUpTo);
    this.wake();
  }

  /** At lane start, before any read: the cursor starts at the lowest position of the lanes. */
  add(lane: Lane): void {
    this.cursor = this.lanes.size ? Math.min(this.cursor, lane.fetchedUpTo) : lane.fetchedUpTo;
    this.lanes.add(lane);
  }

  /**
   * Something of this type was appended at `position` (unknown: read anyway). An event already read (this
   * node's own commit wakes the reader before the NOTIFY of the same commit arrives) costs no query.
   */
  wake(type?: string, position?: number): void {
    if (type !== undefined && ![...this.lanes].some((l) => !l.detached && l.consumer.wants(type))) return;
    if (position !== undefined) {
      // Read already, or committed before the read in flight began (so that read sees it).
      if (position <= this.cursor || (this.reading && position <= this.coveredByRead)) return;
      this.announced = Math.max(this.announced, position);
    }
    this.dirty = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.done;
    await Promise.all([...this.lanes].map((l) => l.stop()));
  }

  get allLanes(): Lane[] { return [...this.lanes]; }

  private async run(): Promise<void> {
    while (!this.stopped) {
      if (!this.dirty) {
        await new Promise<void>((resolve) => { this.wakeUp = resolve; });
        this.wakeUp = undefined;
        continue;
      }
      this.dirty = false;
      const attached = [...this.lanes].filter((l) => !l.detached);
      if (!attached.length) continue;
      const types = [...new Set(attached.flatMap((l) => l.consumer.types))];
      const from = this.cursor;
      this.reading = true;
      this.coveredByRead = this.announced;
      let batch: StoredEvent[];
      try {
        batch = await this.read(from, types);
      } catch (err) {
        // A lost connection or a failover: every lane of the partition waits on this read, so try again shortly
        // rather than stop reading the partition until the next restart.
        this.opts.log.warn({ err, partition: this.partition }, 'event log read failed; retrying');
        this.dirty = true;
        await new Promise((r) => setTimeout(r, 1_000));
        continue;
      } finally {
        this.reading = false;
      }
      if (this.stopped) break;
      const upTo = batch.length ? batch[batch.length - 1].position : from;
      for (const lane of attached) {
        // Detached or rejoined (cursor moved back) meanwhile: the next read covers it.
        if (lane.detached || lane.fetchedUpTo < from) continue;
        if (lane.queued >= (this.opts.maxQueued ?? MAX_QUEUED)) { lane.detached = true; continue; }
        lane.push(batch.filter((e) => lane.consumer.wants(e.type)), upTo);
      }
      // Every attached lane has now been handed everything up to the cursor; a lane that joined during the read
      // (it was not handed this batch) keeps the cursor at its own position.
      this.cursor = Math.min(upTo, ...[...this.lanes].filter((l) => !l.detached).map((l) => l.fetchedUpTo));
      if (batch.length === READ_BATCH) this.dirty = true;
    }
  }

  private read(after: number, types: string[]): Promise<StoredEvent[]> {
    return this.reads.read(this.partition, after, types);
  }
}

import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { Logger } from '../log.js';
import type { EventBus } from './bus.js';
import type { Consumer } from './consumer.js';
import { Lane } from './lane.js';
import { ALL_PARTITIONS } from './partitions.js';

/**
 * Drives the bus's durable consumers from the log: one lane per consumer and partition this node owns (the
 * Cluster decides which), woken when events are appended here or, through NOTIFY, on another node.
 */
export class ConsumerRunner {
  private lanes = new Map<string, Lane>();
  private owned = new Set<number>();
  private known = new Set<string>();
  private started = false;

  constructor(private bus: EventBus, private opts: { db: Db; log: Logger; attempts?: number; retryDelayMs?: (attempt: number) => number }) {
    bus.catchUp = () => this.catchUp();
  }

  /** A consumer seen for the first time starts at the log's head: it is not handed the history before it. */
  async register(): Promise<void> {
    for (const consumer of this.bus.consumers.values()) {
      if (this.known.has(consumer.name)) continue;
      await this.opts.db.execute(sql`insert into event_offsets (consumer, partition, position)
        select ${consumer.name}, p, coalesce((select max(position) from events where partition = p), 0)
        from generate_series(0, ${ALL_PARTITIONS.length - 1}) p on conflict do nothing`);
      this.known.add(consumer.name);
      if (this.started) for (const p of this.owned) this.startLane(consumer, p);
    }
  }

  async start(): Promise<void> {
    await this.register();
    this.started = true;
    for (const p of this.owned) for (const c of this.bus.consumers.values()) this.startLane(c, p);
  }

  acquired(partition: number): void {
    this.owned.add(partition);
    if (!this.started) return;
    for (const c of this.bus.consumers.values()) if (this.known.has(c.name)) this.startLane(c, partition);
  }

  async releasing(partition: number): Promise<void> {
    this.owned.delete(partition);
    const lanes = [...this.lanes.entries()].filter(([, l]) => l.partition === partition);
    for (const [key] of lanes) this.lanes.delete(key);
    await Promise.all(lanes.map(([, l]) => l.stop()));
  }

  wake(partitions: Iterable<number>): void {
    const set = new Set(partitions);
    for (const lane of this.lanes.values()) if (set.has(lane.partition)) lane.wake();
  }

  async stop(): Promise<void> {
    for (const p of [...this.owned]) await this.releasing(p);
  }

  private startLane(consumer: Consumer, partition: number): void {
    const key = `${consumer.name}:${partition}`;
    if (this.lanes.has(key)) return;
    const lane = new Lane(consumer, partition, {
      db: this.opts.db, log: this.opts.log,
      attempts: this.opts.attempts ?? 5,
      retryDelayMs: this.opts.retryDelayMs ?? ((n) => 250 * 2 ** (n - 1)),
    });
    this.lanes.set(key, lane);
    lane.start();
  }

  /** Resolves once every lane of this node has handled everything in its partition (tests, shutdown). */
  private async catchUp(): Promise<void> {
    await this.register();
    for (;;) {
      const { rows } = await this.opts.db.execute(sql`select partition, max(position)::bigint as head from events group by partition`) as unknown as { rows: { partition: number; head: string }[] };
      const heads = new Map(rows.map((r) => [Number(r.partition), Number(r.head)]));
      const behind = [...this.lanes.values()].filter((l) => !l.caughtUp(heads.get(l.partition) ?? 0));
      if (!behind.length) return;
      for (const l of behind) l.wake();
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

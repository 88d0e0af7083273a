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
      const types = sql.raw(`array[${consumer.types.map((t) => `'${t.replace(/'/g, "''")}'`).join(',')}]::text[]`);
      await this.opts.db.execute(sql`insert into event_offsets (consumer, partition, position, types)
        select ${consumer.name}, p, coalesce((select max(position) from events where partition = p), 0), ${types}
        from generate_series(0, ${ALL_PARTITIONS.length - 1}) p
        on conflict (consumer, partition) do update set types = excluded.types`);
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

  /** New events: only the lanes of their partitions whose consumer reads their type have anything to do. */
  wake(appended: { partition: number; type: string }[]): void {
    for (const { partition, type } of appended) {
      for (const c of this.bus.consumers.values()) if (c.wants(type)) this.lanes.get(`${c.name}:${partition}`)?.wake();
    }
  }

  async stop(): Promise<void> {
    for (const p of [...this.owned]) await this.releasing(p);
  }

  private positions?: Promise<Map<string, { position: number; pending: boolean }>>;

  /** Every stored position and whether events wait after it, in one query for all lanes started together. */
  private startPositions(): Promise<Map<string, { position: number; pending: boolean }>> {
    this.positions ??= (async () => {
      const { rows } = await this.opts.db.execute(sql`select o.consumer, o.partition, o.position,
        exists (select 1 from events e where e.partition = o.partition and e.position > o.position and e.type = any(o.types)) as pending
        from event_offsets o`) as unknown as { rows: { consumer: string; partition: number; position: string; pending: boolean }[] };
      return new Map(rows.map((r) => [`${r.consumer}:${r.partition}`, { position: Number(r.position), pending: r.pending }]));
    })().finally(() => { this.positions = undefined; });
    return this.positions;
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
    lane.start(this.startPositions().then((all) => all.get(key)));
  }

  /** Resolves once every lane of this node has handled everything in its partition (tests, shutdown). */
  private async catchUp(): Promise<void> {
    await this.register();
    for (;;) {
      const { rows } = await this.opts.db.execute(sql`select partition, type, max(position)::bigint as head from events group by partition, type`) as unknown as { rows: { partition: number; type: string; head: string }[] };
      const heads = new Map<string, number>();
      for (const r of rows) for (const c of this.bus.consumers.values()) {
        if (!c.wants(r.type)) continue;
        const key = `${c.name}:${r.partition}`;
        heads.set(key, Math.max(heads.get(key) ?? 0, Number(r.head)));
      }
      const behind = [...this.lanes.entries()].filter(([key, l]) => !l.caughtUp(heads.get(key) ?? 0)).map(([, l]) => l);
      if (!behind.length) return;
      for (const l of behind) l.wake();
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { Logger } from '../log.js';
import type { EventBus } from './bus.js';
import type { Consumer } from './consumer.js';
import { Lane } from './lane.js';
import { ALL_PARTITIONS } from './partitions.js';
import { PositionWriter } from './positions.js';
import { PartitionReader } from './reader.js';
import { LogReads } from './log-reads.js';

/**
 * Drives the bus's durable consumers from the log: for each partition this node owns (the Cluster decides which)
 * one reader, feeding one lane per consumer, woken when events are appended here or, through NOTIFY, on another
 * node. The lanes' positions are stored by one writer for the whole node.
 */
export class ConsumerRunner {
  private readers = new Map<number, PartitionReader>();
  private logReads: LogReads;
  private owned = new Set<number>();
  private known = new Set<string>();
  private started = false;
  private positionWriter: PositionWriter;

  constructor(private bus: EventBus, private opts: { db: Db; log: Logger; attempts?: number; retryDelayMs?: (attempt: number) => number }) {
    bus.catchUp = () => this.catchUp();
    this.positionWriter = new PositionWriter({ db: opts.db, log: opts.log });
    this.logReads = new LogReads(opts.db);
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
      if (this.started) for (const p of this.owned) void this.addLate(consumer, p);
    }
  }

  async start(): Promise<void> {
    await this.register();
    this.started = true;
    for (const p of this.owned) this.startReader(p);
  }

  acquired(partition: number): void {
    this.owned.add(partition);
    if (this.started) this.startReader(partition);
  }

  async releasing(partition: number): Promise<void> {
    this.owned.delete(partition);
    const reader = this.readers.get(partition);
    this.readers.delete(partition);
    await reader?.stop();
    // The next owner starts from the stored positions: they must be written before the partition is let go.
    await this.positionWriter.flush();
  }

  /** New events: the reader of each partition, if a lane of it reads that type and has not read that far. */
  wake(appended: { partition: number; type: string; position?: number }[]): void {
    for (const { partition, type, position } of appended) this.readers.get(partition)?.wake(type, position);
  }

  async stop(): Promise<void> {
    for (const p of [...this.owned]) await this.releasing(p);
  }

  private positions?: Promise<Map<string, { position: number; pending: boolean }>>;

  /**
   * Every stored position and whether events wait after it, in one query for all readers started in the same
   * turn (at start-up, all of them). A query already running when a partition is acquired may predate the last
   * write of its previous owner, so it is shared only within the turn that started it.
   */
  private startPositions(): Promise<Map<string, { position: number; pending: boolean }>> {
    if (this.positions) return this.positions;
    const query = (async () => {
      const { rows } = await this.opts.db.execute(sql`select o.consumer, o.partition, o.position,
        exists (select 1 from events e where e.partition = o.partition and e.position > o.position and e.type = any(o.types)) as pending
        from event_offsets o`) as unknown as { rows: { consumer: string; partition: number; position: string; pending: boolean }[] };
      return new Map(rows.map((r) => [`${r.consumer}:${r.partition}`, { position: Number(r.position), pending: r.pending }]));
    })();
    this.positions = query;
    setImmediate(() => { if (this.positions === query) this.positions = undefined; });
    return query;
  }

  private newLane(consumer: Consumer, partition: number, reader: PartitionReader): Lane {
    return new Lane(consumer, partition, {
      db: this.opts.db, log: this.opts.log, positions: this.positionWriter,
      attempts: this.opts.attempts ?? 5,
      retryDelayMs: this.opts.retryDelayMs ?? ((n) => 250 * 2 ** (n - 1)),
    }, (lane) => reader.join(lane));
  }

  private startReader(partition: number): void {
    if (this.readers.has(partition)) return;
    const reader = new PartitionReader(partition, { db: this.opts.db, log: this.opts.log, reads: this.logReads });
    this.readers.set(partition, reader);
    const consumers = [...this.bus.consumers.values()].filter((c) => this.known.has(c.name));
    void this.startPositions().then((all) => {
      if (this.readers.get(partition) !== reader) return; // released meanwhile
      let pending = false;
      for (const c of consumers) {
        const from = all.get(`${c.name}:${partition}`);
        const lane = this.newLane(c, partition, reader);
        lane.start(from?.position ?? 0);
        reader.add(lane);
        pending ||= from?.pending ?? false;
      }
      reader.start(pending);
    }).catch((err) => this.opts.log.error({ err, partition }, 'partition reader not started'));
  }

  /** A consumer registered while the node runs: its lane joins the partition's reader at its stored position. */
  private async addLate(consumer: Consumer, partition: number): Promise<void> {
    const reader = this.readers.get(partition);
    if (!reader || reader.allLanes.some((l) => l.consumer === consumer)) return;
    const from = (await this.startPositions()).get(`${consumer.name}:${partition}`);
    if (this.readers.get(partition) !== reader) return;
    const lane = this.newLane(consumer, partition, reader);
    lane.start(from?.position ?? 0);
    reader.join(lane);
  }

  /** Resolves once every lane of this node has handled everything in its partition and stored it (tests, shutdown). */
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
      const head = (l: Lane) => heads.get(`${l.consumer.name}:${l.partition}`) ?? 0;
      const behind = [...this.readers.values()].filter((reader) => !reader.started || reader.allLanes.some((l) => !l.caughtUp(head(l))));
      if (!behind.length && !this.positionWriter.pending()) return;
      // Only a lane with nothing in hand and events it was not handed needs a read; busy ones are on their way.
      for (const r of behind) if (r.allLanes.some((l) => l.idle && l.fetchedUpTo < head(l))) r.wake();
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

import { Gauge } from 'prom-client';
import type { Server } from 'socket.io';
import type { Database } from '../db/client.js';
import { consumerLag } from '../events/lag.js';
import type { Metrics } from './metrics.js';

export interface StateSources {
  io: Server;
  database: Database;
}

const NAMESPACES = ['/agent', '/widget'];

/**
 * One read shared by the gauges a scrape collects together (the registry starts every collect() at once), and
 * done again at the next scrape.
 */
function perScrape<T>(read: () => Promise<T>): () => Promise<T> {
  let current: Promise<T> | undefined;
  return () => {
    current ??= read().finally(() => setTimeout(() => { current = undefined; }, 0));
    return current;
  };
}

/** Gauges read at scrape time from the live parts of one node: sockets, the job queue and the database pool. */
export function registerStateCollectors(metrics: Metrics, sources: StateSources): void {
  const registers = [metrics.registry];

  new Gauge({
    name: 'switchboard_socket_connections', help: 'Open Socket.IO connections on this node by namespace',
    labelNames: ['namespace'] as const, registers,
    collect() {
      for (const ns of NAMESPACES) this.set({ namespace: ns }, sources.io.of(ns).sockets.size);
    },
  });

  // pg-boss keeps every job in one table: ready jobs waiting for a worker, and the age of the oldest of them.
  // Both gauges come from one query per scrape, and each waits for it in its own collect(): a gauge filled by
  // another's collect() was written after the registry had already read it, so it showed the scrape before.
  const jobQueues = perScrape(async () => (await sources.database.raw.query(`
        select name, state, count(*)::int as depth,
               extract(epoch from now() - min(case when state <> 'active' then start_after end))::float8 as age
          from pgboss.job
         where state in ('created', 'retry', 'active') and start_after <= now()
         group by name, state`)).rows as { name: string; state: string; depth: number; age: number | null }[]);
  new Gauge({
    name: 'switchboard_job_queue_depth', help: 'Jobs by queue and state (created, retry, active); scheduled jobs not yet due are not counted',
    labelNames: ['queue', 'state'] as const, registers,
    async collect() {
      const rows = await jobQueues();
      this.reset();
      for (const row of rows) this.set({ queue: row.name, state: row.state }, row.depth);
    },
  });
  new Gauge({
    name: 'switchboard_job_queue_oldest_age_seconds', help: 'Age of the oldest job that is due and waiting for a worker, by queue',
    labelNames: ['queue'] as const, registers,
    async collect() {
      const rows = await jobQueues();
      this.reset();
      const oldest = new Map<string, number>();
      for (const row of rows) if (row.age != null) oldest.set(row.name, Math.max(oldest.get(row.name) ?? 0, Number(row.age)));
      for (const [queue, age] of oldest) this.set({ queue }, age);
    },
  });

  // The durable consumers of the event log, cluster-wide (read from the stored positions, so every node agrees).
  const lag = perScrape(() => consumerLag(sources.database.db));
  new Gauge({
    name: 'switchboard_event_consumer_lag_events', help: 'Events of the types a consumer reads that it has not handled yet, by consumer',
    labelNames: ['consumer'] as const, registers,
    async collect() {
      const consumers = await lag();
      this.reset();
      for (const c of consumers) this.set({ consumer: c.consumer }, c.behind);
    },
  });
  new Gauge({
    name: 'switchboard_event_consumer_dead_letters', help: 'Events a consumer gave up on (visible in Operations with a retry), by consumer',
    labelNames: ['consumer'] as const, registers,
    async collect() {
      const consumers = await lag();
      this.reset();
      for (const c of consumers) this.set({ consumer: c.consumer }, c.deadLetters);
    },
  });
  new Gauge({
    name: 'switchboard_event_consumer_oldest_age_seconds', help: 'Age of the oldest event a consumer has not handled yet (0 when caught up), by consumer',
    labelNames: ['consumer'] as const, registers,
    async collect() {
      const consumers = await lag();
      this.reset();
      for (const c of consumers) this.set({ consumer: c.consumer }, c.oldestAgeSeconds);
    },
  });

  const pool = sources.database.poolStats;
  if (pool) {
    new Gauge({
      name: 'switchboard_db_pool_connections', help: 'Database pool connections by state (total, idle, in_use) and clients waiting for one (waiting)',
      labelNames: ['state'] as const, registers,
      collect() {
        const stats = pool();
        this.set({ state: 'total' }, stats.total);
        this.set({ state: 'idle' }, stats.idle);
        this.set({ state: 'in_use' }, stats.total - stats.idle);
        this.set({ state: 'waiting' }, stats.waiting);
      },
    });
  }
}

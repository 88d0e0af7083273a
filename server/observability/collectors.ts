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
  const queueDepth = new Gauge({
    name: 'switchboard_job_queue_depth', help: 'Jobs by queue and state (created, retry, active); scheduled jobs not yet due are not counted',
    labelNames: ['queue', 'state'] as const, registers,
  });
  new Gauge({
    name: 'switchboard_job_queue_oldest_age_seconds', help: 'Age of the oldest job that is due and waiting for a worker, by queue',
    labelNames: ['queue'] as const, registers,
    async collect() {
      const { rows } = await sources.database.raw.query(`
        select name, state, count(*)::int as depth,
               extract(epoch from now() - min(case when state <> 'active' then start_after end))::float8 as age
          from pgboss.job
         where state in ('created', 'retry', 'active') and start_after <= now()
         group by name, state`);
      queueDepth.reset();
      this.reset();
      const oldest = new Map<string, number>();
      for (const row of rows) {
        queueDepth.set({ queue: row.name, state: row.state }, row.depth);
        if (row.age != null) oldest.set(row.name, Math.max(oldest.get(row.name) ?? 0, Number(row.age)));
      }
      for (const [queue, age] of oldest) this.set({ queue }, age);
    },
  });

  // The durable consumers of the event log, cluster-wide (read from the stored positions, so every node agrees).
  const lagEvents = new Gauge({
    name: 'switchboard_event_consumer_lag_events', help: 'Events of the types a consumer reads that it has not handled yet, by consumer',
    labelNames: ['consumer'] as const, registers,
  });
  const deadLetters = new Gauge({
    name: 'switchboard_event_consumer_dead_letters', help: 'Events a consumer gave up on (visible in Operations with a retry), by consumer',
    labelNames: ['consumer'] as const, registers,
  });
  new Gauge({
    name: 'switchboard_event_consumer_oldest_age_seconds', help: 'Age of the oldest event a consumer has not handled yet (0 when caught up), by consumer',
    labelNames: ['consumer'] as const, registers,
    async collect() {
      const lag = await consumerLag(sources.database.db);
      this.reset(); lagEvents.reset(); deadLetters.reset();
      for (const c of lag) {
        this.set({ consumer: c.consumer }, c.oldestAgeSeconds);
        lagEvents.set({ consumer: c.consumer }, c.behind);
        deadLetters.set({ consumer: c.consumer }, c.deadLetters);
      }
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

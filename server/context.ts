import type { ChannelAdapter, ChannelKind } from '../channels/types.js';
import type { AppMemory } from './app-memory.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Database, Db } from './db/client.js';
import type { SecretBox } from './shared/secrets.js';
import type { EventBus } from './events/bus.js';
import type { Cluster } from './events/cluster.js';
import type { JobQueue } from './jobs/queue.js';
import type { Logger } from './log.js';
import type { Metrics } from './observability/metrics.js';

/** Everything a service needs, passed explicitly (no module-level singletons, so tests can run many apps). */
export interface AppContext {
  config: Config;
  log: Logger;
  database: Database;
  db: Db;
  bus: EventBus;
  /** Which node does what: log partitions, singletons (pollers), cluster-wide settings invalidation. */
  cluster: Cluster;
  secrets: SecretBox;
  /** Signs visitor tokens and other server-issued values; shared by all nodes through the database. */
  appSecret: string;
  adapters: Map<ChannelKind, ChannelAdapter>;
  jobs: JobQueue;
  metrics: Metrics;
  /** What "now" is for the services (tests swap in a ManualClock). */
  clock: Clock;
  /** This app's caches and per-app parts (`server/app-memory.ts`): nothing of it is module-level. */
  memory: AppMemory;
}

import { sql, type SQL } from 'drizzle-orm';
import PgBoss from 'pg-boss';
import type { Database, Tx } from '../db/client.js';
import type { Logger } from '../log.js';

type SqlExecutor = { executeSql(text: string, values?: unknown[]): Promise<{ rows: any[] }> };

export interface EnqueueOptions {
  /** Insert the job inside this transaction, so the job exists exactly when the row that needs it does. */
  tx?: Tx;
  startAfterMs?: number;
  singletonKey?: string;
  retryLimit?: number;
  /** How long a running job may take before pg-boss counts it as lost (default 5 minutes). */
  expireInSeconds?: number;
}

export type JobHandler<T> = (data: T, job: { id: string }) => Promise<void>;

/** Runs pg-boss's parameterised SQL through a Drizzle transaction (renumbering $n into bound parameters). */
function txExecutor(tx: Tx): SqlExecutor {
  return {
    async executeSql(text, values = []) {
      const chunks: SQL[] = [];
      const parts = text.split(/\$(\d+)/g);
      parts.forEach((part, i) => chunks.push(i % 2 ? sql`${values[Number(part) - 1] ?? null}` : sql.raw(part)));
      const result = await tx.execute(sql.join(chunks, sql.raw('')));
      return { rows: (result as any).rows ?? [] };
    },
  };
}

/**
 * pg-boss retries only jobs whose worker died or threw unexpectedly; channel retries are decided by the delivery
 * worker itself (it knows Retry-After and permanent errors).
 */
function retryPolicy(opts: Pick<EnqueueOptions, 'retryLimit' | 'expireInSeconds'>) {
  return { retryLimit: opts.retryLimit ?? 5, retryDelay: 5, retryBackoff: true, expireInSeconds: opts.expireInSeconds ?? 300 };
}

/**
 * The durable job queue: pg-boss on the same PostgreSQL as the data (a server, or PGlite through pg-boss's
 * `db.executeSql` hook), so jobs survive crashes and can be created in the same transaction as their data.
 */
export class JobQueue {
  private boss: PgBoss;
  private workers = new Map<string, string[]>();
  private queues = new Set<string>();
  private started = false;

  constructor(database: Database, private log: Logger, databaseUrl?: string) {
    // Maintenance is what fails an expired job (one whose node died while running it) back into retry; at
    // pg-boss's default of two minutes such a job would wait that long again after its expiry. Nothing here uses
    // pg-boss's cron schedules, so its scheduler stays off: it would check the clock skew, create its queue and
    // start a polling worker on every start, and poll again every few seconds while idle.
    const common = { schema: 'pgboss', maintenanceIntervalSeconds: 15, schedule: false } as const;
    if (database.kind === 'postgres' && databaseUrl) {
      this.boss = new PgBoss({ ...common, connectionString: databaseUrl, max: 4 });
    } else {
      // PGlite runs one statement stream: multi-statement SQL without parameters must go through exec().
      const db: SqlExecutor = {
        async executeSql(text, values) {
          const multiStatement = text.trim().replace(/;\s*$/, '').includes(';');
          if ((!values || values.length === 0) && multiStatement) {
            await database.raw.exec(text);
            return { rows: [] };
          }
          return database.raw.query(text, values);
        },
      };
      this.boss = new PgBoss({ ...common, db } as any);
    }
    this.boss.on('error', (err) => this.log.error({ err }, 'job queue error'));
  }

  async start(queueNames: string[]): Promise<void> {
    await this.boss.start();
    this.started = true;
    for (const name of queueNames) await this.ensureQueue(name);
  }

  async ensureQueue(name: string): Promise<void> {
    if (this.queues.has(name)) return;
    // Several nodes starting on one fresh database create the same queues at once: pg-boss's createQueue then
    // loses a deadlock (40P01) or a unique race (23505) to the other node, which made the queue; ask again.
    for (let attempt = 1; ; attempt++) {
      try {
        if (!(await this.boss.getQueue(name))) await this.boss.createQueue(name);
        break;
      } catch (err) {
        const code = (err as { code?: string }).code;
        if ((code !== '40P01' && code !== '23505') || attempt >= 5) throw err;
        await new Promise((r) => setTimeout(r, 50 * attempt + Math.random() * 100));
      }
    }
    this.queues.add(name);
  }

  async enqueue<T extends object>(name: string, data: T, opts: EnqueueOptions = {}): Promise<string | null> {
    return this.boss.send(name, data, {
      ...(opts.tx ? { db: txExecutor(opts.tx) } : {}),
      ...(opts.startAfterMs ? { startAfter: new Date(Date.now() + opts.startAfterMs) } : {}),
      ...(opts.singletonKey ? { singletonKey: opts.singletonKey } : {}),
      ...retryPolicy(opts),
    } as any);
  }

  /** Many jobs of one queue in one statement (pg-boss's multi-row insert), with enqueue()'s retry policy. */
  async enqueueMany<T extends object>(name: string, jobs: { data: T; startAfterMs?: number; singletonKey?: string }[],
    opts: Pick<EnqueueOptions, 'tx' | 'expireInSeconds'> = {}): Promise<void> {
    if (!jobs.length) return;
    const rows = jobs.map((j) => ({
      name, data: j.data, ...retryPolicy(opts),
      ...(j.startAfterMs ? { startAfter: new Date(Date.now() + j.startAfterMs).toISOString() } : {}),
      ...(j.singletonKey ? { singletonKey: j.singletonKey } : {}),
    }));
    await this.boss.insert(rows as any, (opts.tx ? { db: txExecutor(opts.tx) } : {}) as any);
  }

  async work<T>(name: string, concurrency: number, handler: JobHandler<T>): Promise<void> {
    await this.workBatch<T>(name, concurrency, 1, ([job]) => handler(job.data, job));
  }

  /**
   * Like work(), but each worker takes up to `batchSize` jobs at once and handles them together (one read and
   * one write for many). The batch is completed together; a handler that throws fails (and retries) all of it,
   * so it should settle each job's own outcome itself and throw only when nothing could be done.
   * pg-boss waits out the polling interval even after a fetch that found jobs, which caps a worker at two
   * fetches a second; one that just did its jobs asks again at once, so a backlog drains at the handler's speed.
   */
  async workBatch<T>(name: string, concurrency: number, batchSize: number, handler: (jobs: { id: string; data: T }[]) => Promise<void>): Promise<void> {
    await this.ensureQueue(name);
    const ids: string[] = [];
    for (let i = 0; i < concurrency; i++) {
      let id: string | undefined;
      id = await this.boss.work<T>(name, { pollingIntervalSeconds: 0.5, batchSize }, async (jobs) => {
        await handler(jobs);
        if (id) (this.boss as any).notifyWorker(id);
      });
      ids.push(id);
    }
    this.workers.set(name, ids);
  }

  /** Wakes this node's workers at once (a job was just committed here) instead of waiting for the next poll. */
  wake(name: string): void {
    for (const id of this.workers.get(name) ?? []) (this.boss as any).notifyWorker(id);
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    // graceful: in-flight jobs finish; new ones are not fetched.
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000, close: true });
  }
}

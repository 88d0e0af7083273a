import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { projectRoot } from '../paths.js';
import * as schema from './schema/index.js';

export { schema };
// Both drivers expose the same query builder; the node-postgres type stands for both.
export type Db = NodePgDatabase<typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Executor = Db | Tx;

export interface RawSql {
  query(text: string, params?: unknown[]): Promise<{ rows: any[] }>;
  /** Runs parameterless, possibly multi-statement SQL. */
  exec(text: string): Promise<void>;
}

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  raw: RawSql;
  /** Connection pool use, for metrics; PGlite has one in-process connection and no pool. */
  poolStats?: () => { total: number; idle: number; waiting: number };
  /**
   * Runs `fn` while holding a cluster-wide mutex (a session advisory lock on a server; in-process on PGlite,
   * which has one process). For decisions that read then write shared state, such as assignment turns.
   */
  exclusive<T>(lockKey: number, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** One process, one PGlite: a promise chain per key is the whole mutex. */
function inProcessExclusive() {
  const chains = new Map<number, Promise<unknown>>();
  return <T>(key: number, fn: () => Promise<T>): Promise<T> => {
    const run = (chains.get(key) ?? Promise.resolve()).then(fn, fn);
    chains.set(key, run.catch(() => undefined));
    return run;
  };
}

// Read from the source tree by the compiled build too: SQL files are not compiled.
const migrationsFolder = path.join(projectRoot, 'server/db/migrations');

export async function openDatabase(opts: { databaseUrl?: string; dataDir: string; poolSize?: number }): Promise<Database> {
  if (opts.databaseUrl) return openServer(opts.databaseUrl, opts.poolSize ?? 10);
  return openEmbedded(opts.dataDir);
}

// Each driver loads only when its kind of database is opened: a node on a PostgreSQL server never loads PGlite's
// WebAssembly glue and in-memory file system, and an embedded one skips drizzle's node-postgres driver.
async function openEmbedded(dataDir: string): Promise<Database> {
  const dir = path.resolve(dataDir, 'pg');
  mkdirSync(dir, { recursive: true });
  const [{ PGlite }, { drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([
    import('@electric-sql/pglite'), import('drizzle-orm/pglite'), import('drizzle-orm/pglite/migrator'),
  ]);
  // PostgreSQL's default 128 MB of shared buffers live inside PGlite's WASM memory and are touched, so they count
  // as the service's resident memory whatever the data size; 16 MB halves idle RSS on a reopened data directory
  // (measured 297 → 179 MB for PGlite alone) while the OS page cache below still holds the files.
  const client = await PGlite.create(dir, { postgresqlconf: 'shared_buffers=16MB' });
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  await migratePglite(db as any, { migrationsFolder });
  return {
    kind: 'pglite',
    db,
    raw: {
      query: async (text, params) => client.query(text, params as any[]),
      exec: async (text) => { await client.exec(text); },
    },
    exclusive: inProcessExclusive(),
    close: () => client.close(),
  };
}

async function openServer(url: string, max: number): Promise<Database> {
  const [{ default: pg }, { drizzle: drizzlePg }, { migrate: migratePg }] = await Promise.all([
    import('pg'), import('drizzle-orm/node-postgres'), import('drizzle-orm/node-postgres/migrator'),
  ]);
  const pool = new pg.Pool({ connectionString: url, max });
  // A broken idle connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = drizzlePg({ client: pool, schema });
  const local = inProcessExclusive();
  // Several nodes may start at once against one server: serialise migrations with an advisory lock.
  const lockClient = await pool.connect();
  try {
    await lockClient.query('SELECT pg_advisory_lock(724100)');
    await migratePg(drizzlePg({ client: lockClient, schema }), { migrationsFolder });
  } finally {
    await lockClient.query('SELECT pg_advisory_unlock(724100)').catch(() => {});
    lockClient.release();
  }
  return {
    kind: 'postgres',
    db,
    raw: {
      query: (text, params) => pool.query(text, params),
      exec: async (text) => { await pool.query(text); },
    },
    // Queued in-process first, so a node holds at most one pool connection waiting on each lock (waiters must
    // not take the connections the holder needs for its own queries).
    exclusive: (lockKey, fn) => local(lockKey, async () => {
      const session = await pool.connect();
      try {
        await session.query('select pg_advisory_lock($1)', [lockKey]);
        return await fn();
      } finally {
        await session.query('select pg_advisory_unlock($1)', [lockKey]).catch(() => {});
        session.release();
      }
    }),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => pool.end(),
  };
}

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
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
  close(): Promise<void>;
}

// Read from the source tree by the compiled build too: SQL files are not compiled.
const migrationsFolder = path.join(projectRoot, 'server/db/migrations');

export async function openDatabase(opts: { databaseUrl?: string; dataDir: string; poolSize?: number }): Promise<Database> {
  if (opts.databaseUrl) return openServer(opts.databaseUrl, opts.poolSize ?? 10);
  return openEmbedded(opts.dataDir);
}

async function openEmbedded(dataDir: string): Promise<Database> {
  const dir = path.resolve(dataDir, 'pg');
  mkdirSync(dir, { recursive: true });
  const client = await PGlite.create(dir);
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  await migratePglite(db as any, { migrationsFolder });
  return {
    kind: 'pglite',
    db,
    raw: {
      query: async (text, params) => client.query(text, params as any[]),
      exec: async (text) => { await client.exec(text); },
    },
    close: () => client.close(),
  };
}

async function openServer(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max });
  // A broken idle connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = drizzlePg({ client: pool, schema });
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
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => pool.end(),
  };
}

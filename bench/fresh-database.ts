// A throwaway database on the PostgreSQL server named by a URL, so bench runs never see each other's rows.
import pg from 'pg';

export interface FreshDatabase { url: string; drop: () => Promise<void> }

async function admin<T>(serverUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try { return await fn(c); } finally { await c.end(); }
}

/** Creates sb_bench_<timestamp> on the server of `serverUrl`; `drop()` removes it even with open connections. */
export async function createFreshDatabase(serverUrl: string): Promise<FreshDatabase> {
  const name = `sb_bench_${Date.now()}`;
  await admin(serverUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => admin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined) };
}

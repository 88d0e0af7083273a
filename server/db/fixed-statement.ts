import type { Executor } from './client.js';

/** A statement whose text never changes; only its parameters do. */
export interface FixedStatement { name: string; text: string }

interface DriverConnection {
  query(textOrConfig: string | { name: string; text: string; values: unknown[] }, values?: unknown[]): Promise<{ rows: any[] }>;
}

/**
 * Runs a fixed statement on the connection of a Drizzle transaction (or on the pool), past the query builder:
 * every message runs the same few statements, and building their SQL again each time cost more of the process's
 * CPU than running them. On a server the statement is also named, so each pooled connection has PostgreSQL
 * parse it once.
 */
export async function runFixed(tx: Executor, server: boolean, statement: FixedStatement, values: unknown[]): Promise<any[]> {
  // Both drivers' sessions keep their connection as `client`: a transaction's (a pg PoolClient, a PGlite
  // transaction), or the database's own (a pg Pool, the PGlite instance).
  const connection = (tx as unknown as { session: { client: DriverConnection } }).session.client;
  const result = server
    ? await connection.query({ name: statement.name, text: statement.text, values })
    : await connection.query(statement.text, values);
  return result.rows;
}

import type { Tx } from '../db/client.js';

/** A statement whose text never changes; only its parameters do. */
export interface FixedStatement { name: string; text: string }

interface DriverConnection {
  query(textOrConfig: string | { name: string; text: string; values: unknown[] }, values?: unknown[]): Promise<{ rows: any[] }>;
}

/**
 * Runs a fixed statement on the connection of a Drizzle transaction, past the query builder: every message runs
 * the same few statements, and building their SQL again each time cost more of the process's CPU than running
 * them. On a server the statement is also named, so each pooled connection has PostgreSQL parse it once.
 */
export async function runFixed(tx: Tx, server: boolean, statement: FixedStatement, values: unknown[]): Promise<any[]> {
  // Both drivers' sessions keep the transaction's connection (a pg PoolClient, a PGlite transaction) as `client`.
  const connection = (tx as unknown as { session: { client: DriverConnection } }).session.client;
  const result = server
    ? await connection.query({ name: statement.name, text: statement.text, values })
    : await connection.query(statement.text, values);
  return result.rows;
}

import 'dotenv/config';
import { loadConfig, type Config } from '../config.js';
import { openDatabase, type Database } from '../db/client.js';

/** What most commands need: the configuration from the environment and the database (migrations applied). */
export interface ToolContext { config: Config; database: Database }

export async function withDatabase<T>(fn: (tool: ToolContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 2 });
  try {
    return await fn({ config, database });
  } finally {
    await database.close();
  }
}

/** A failure the operator can fix: printed as one line, exit code 1, no stack trace. */
export class CliError extends Error {}

/** Parsed command-line options. */
export type Flags = Record<string, string | boolean | undefined>;

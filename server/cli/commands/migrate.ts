import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../paths.js';
import { withDatabase } from '../tool-context.js';

/** Opening the database applies every pending migration (as the server does at start); this reports them. */
export async function migrate(): Promise<void> {
  await withDatabase(async ({ database }) => {
    const journal = JSON.parse(readFileSync(path.join(projectRoot, 'server/db/migrations/meta/_journal.json'), 'utf8'));
    const { rows } = await database.raw.query('select count(*)::int as n from drizzle.__drizzle_migrations');
    console.log(`Database (${database.kind}) is up to date: ${rows[0].n} of ${journal.entries.length} migrations applied.`);
  });
}

import { createHash, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { schema, type Database } from '../db/client.js';

/** The node-wide secret for signed visitor tokens: from SECRET_KEY, else generated once and kept in the DB. */
export async function loadAppSecret(database: Database, secretKey?: string): Promise<string> {
  if (secretKey) return createHash('sha256').update(`switchboard:app:${secretKey}`).digest('hex');
  await database.db.insert(schema.settings).values({ key: 'app_secret', value: randomBytes(32).toString('hex') }).onConflictDoNothing();
  const [row] = await database.db.select().from(schema.settings).where(eq(schema.settings.key, 'app_secret'));
  return row.value;
}

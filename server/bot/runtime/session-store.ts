import { eq } from 'drizzle-orm';
import type { Clock } from '../../clock.js';
import { schema, type Db } from '../../db/client.js';

type Session = Record<string, any>;

/**
 * bottender's SessionStore over PostgreSQL: a conversation's bot state (flow step, locale, counters) is one
 * jsonb row, so it survives restarts and every node reads the same state.
 */
export class PostgresSessionStore {
  constructor(private db: Db, private clock: Clock) {}

  async init(): Promise<this> {
    return this;
  }

  async read(key: string): Promise<Session | null> {
    const [row] = await this.db.select({ data: schema.botSessions.data }).from(schema.botSessions).where(eq(schema.botSessions.key, key));
    return row ? { ...row.data } : null;
  }

  async all(): Promise<Session[]> {
    const rows = await this.db.select({ data: schema.botSessions.data }).from(schema.botSessions).limit(10_000);
    return rows.map((r) => r.data);
  }

  async write(key: string, session: Session): Promise<void> {
    // The session carries non-writable properties bottender defines; a JSON round trip keeps plain data only.
    const data = JSON.parse(JSON.stringify(session)) as Record<string, unknown>;
    const updatedAt = this.clock.now();
    await this.db.insert(schema.botSessions).values({ key, data, updatedAt })
      .onConflictDoUpdate({ target: schema.botSessions.key, set: { data, updatedAt } });
  }

  async destroy(key: string): Promise<void> {
    await this.db.delete(schema.botSessions).where(eq(schema.botSessions.key, key));
  }
}

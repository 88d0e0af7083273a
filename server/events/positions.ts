import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { Logger } from '../log.js';

/**
 * Stores the positions the lanes of this node have reached, many lanes in one statement: lanes that finish
 * together (one message's events reach most consumers at once) share a write, and while one write is in flight
 * the next ones gather behind it. A position only ever moves forward (`greatest`), so a late write of a node that
 * has just handed a partition over cannot move the new owner back.
 */
const GATHER_MS = 25;

export class PositionWriter {
  private marked = new Map<string, { consumer: string; partition: number; position: number }>();
  private writing?: Promise<void>;
  private scheduled = false;

  constructor(private opts: { db: Db; log: Logger }) {}

  mark(consumer: string, partition: number, position: number): void {
    const key = `${consumer}:${partition}`;
    const prev = this.marked.get(key);
    if (!prev || prev.position < position) this.marked.set(key, { consumer, partition, position });
    if (this.scheduled) return;
    this.scheduled = true;
    // A little later, not at once: the lanes woken by the same events finish within a few milliseconds of each
    // other (each waits on its own queries), and a position is only read again after a restart or a handover.
    setTimeout(() => void this.flush(), GATHER_MS);
  }

  /** True while positions of this partition wait to be written (or are being written). */
  pending(partition?: number): boolean {
    if (this.writing) return true;
    return [...this.marked.values()].some((m) => partition === undefined || m.partition === partition);
  }

  /** Resolves once everything marked before the call is stored. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    this.scheduled = false;
    if (!this.marked.size) return;
    const rows = [...this.marked.values()];
    this.marked.clear();
    this.writing = this.write(rows).finally(() => { this.writing = undefined; });
    await this.writing;
  }

  private async write(rows: { consumer: string; partition: number; position: number }[]): Promise<void> {
    try {
      await this.opts.db.execute(sql`update event_offsets o set position = greatest(o.position, v.position), updated_at = now()
        from unnest(${sql.param(rows.map((r) => r.consumer))}::text[], ${sql.param(rows.map((r) => r.partition))}::smallint[],
          ${sql.param(rows.map((r) => r.position))}::bigint[]) as v(consumer, partition, position)
        where o.consumer = v.consumer and o.partition = v.partition`);
    } catch (err) {
      // Not stored: those lanes are handed the same events again after a restart (idempotent), and the next
      // mark writes a later position anyway.
      this.opts.log.warn({ err }, 'consumer positions not stored');
      for (const r of rows) {
        const prev = this.marked.get(`${r.consumer}:${r.partition}`);
        if (!prev || prev.position < r.position) this.marked.set(`${r.consumer}:${r.partition}`, r);
      }
      setTimeout(() => void this.flush(), 1_000).unref();
    }
  }
}

import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';

export interface ConsumerLag {
  consumer: string;
  /** Events of the types it reads that are after this consumer's position (all partitions). */
  behind: number;
  /** Age in seconds of the oldest event it has not handled yet; 0 when it is caught up. */
  oldestAgeSeconds: number;
  /** Events parked as dead letters for this consumer. */
  deadLetters: number;
}

/**
 * How far behind each durable consumer of the event log is, cluster-wide (it reads the stored positions, so
 * any node gives the same answer). Used by /readyz?detail=1 and Operations; cheap enough to poll for metrics.
 */
export async function consumerLag(db: Db): Promise<ConsumerLag[]> {
  const result = await db.execute(sql`
    select o.consumer,
      coalesce(sum(b.behind), 0)::int as behind,
      coalesce(extract(epoch from now() - min(b.oldest)), 0)::float as age,
      (select count(*) from event_dead_letters d where d.consumer = o.consumer)::int as dead
    from event_offsets o
    left join lateral (
      select count(*) as behind, min(e.created_at) as oldest from events e
      where e.partition = o.partition and e.position > o.position and e.type = any(o.types)
    ) b on true
    group by o.consumer order by o.consumer`);
  return ((result as unknown as { rows: { consumer: string; behind: number; age: number; dead: number }[] }).rows).map((r) => ({
    consumer: r.consumer, behind: Number(r.behind), oldestAgeSeconds: Math.max(0, Math.round(Number(r.age))), deadLetters: Number(r.dead),
  }));
}

import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { GroupCommit } from '../shared/group-commit.js';
import type { StoredEvent } from './lane.js';

/** Events per partition per read. */
export const READ_BATCH = 100;

interface ReadRequest { partition: number; after: number; types: string[] }

/**
 * The log reads of all partition readers of a node, combined: a commit that appended to many partitions (a group
 * commit of messages from many contacts touches most of them) wakes each partition's reader, and their reads,
 * asked for in the same turn of the event loop, are one query: each partition still gets its own events after its
 * own position, in order, at most READ_BATCH of them (a lateral join per partition).
 */
export class LogReads {
  private group: GroupCommit<ReadRequest, StoredEvent[]>;

  constructor(private db: Db) {
    this.group = new GroupCommit((items) => this.readMany(items), { max: 64, inFlight: 2 });
  }

  /** The events of `types` after `after` in one partition (one read per partition at a time). */
  read(partition: number, after: number, types: string[]): Promise<StoredEvent[]> {
    return this.group.submit(String(partition), { partition, after, types });
  }

  private async readMany(items: ReadRequest[]): Promise<StoredEvent[][]> {
    // The readers of one node read the same consumers' types; requests for other types go in a query of their own.
    const byTypes = new Map<string, ReadRequest[]>();
    for (const item of items) {
      const key = [...item.types].sort().join(',');
      byTypes.set(key, [...(byTypes.get(key) ?? []), item]);
    }
    const found = new Map<number, StoredEvent[]>();
    await Promise.all([...byTypes.values()].map(async (group) => {
      const { rows } = await this.db.execute(sql`select e.position, e.id, e.type, e.partition, e.conversation_id, e.contact_id, e.inbox_id, e.payload, e.created_at
        from unnest(${sql.param(group.map((g) => g.partition))}::int[], ${sql.param(group.map((g) => g.after))}::bigint[]) as p(partition, after)
        cross join lateral (select * from events where partition = p.partition and position > p.after and type = any(${sql.param(group[0].types)}::text[])
          order by position limit ${READ_BATCH}) e
        order by e.partition, e.position`) as unknown as { rows: Record<string, unknown>[] };
      for (const g of group) found.set(g.partition, []);
      for (const r of rows) found.get(Number(r.partition))!.push(storedEvent(r));
    }));
    return items.map((i) => found.get(i.partition) ?? []);
  }
}

function storedEvent(r: Record<string, unknown>): StoredEvent {
  return {
    position: Number(r.position), id: r.id as string, type: r.type as string, partition: Number(r.partition),
    conversationId: r.conversation_id as string | null, contactId: r.contact_id as string | null, inboxId: r.inbox_id as string | null,
    payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<string, unknown>,
    createdAt: r.created_at instanceof Date ? r.created_at : new Date(r.created_at as string),
  };
}

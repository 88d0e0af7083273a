// The partition readers' reads of one moment are one query: each partition still gets exactly its own events after
// its own position, in order, at most a read's worth. Real appends on both databases.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database, type Db } from '../../server/db/client.js';
import { appendEvents } from '../../server/events/append.js';
import { LogReads, READ_BATCH } from '../../server/events/log-reads.js';
import { partitionOf } from '../../server/events/partitions.js';
import { databaseDrivers } from '../support/databases.js';

describe.each(databaseDrivers())('combined log reads on $name', (driver) => {
  let dir: string;
  let database: Database;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const e = await driver.env();
    cleanup = e.cleanup;
    dir = mkdtempSync(path.join(tmpdir(), 'sb-log-reads-'));
    database = await openDatabase({ databaseUrl: e.env.DATABASE_URL, dataDir: dir });
  }, 120_000);
  afterAll(async () => {
    await database?.close();
    await cleanup?.();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Contacts in five different partitions. */
  function contactsInPartitions(n: number): { contactId: string; partition: number }[] {
    const found = new Map<number, string>();
    while (found.size < n) {
      const id = crypto.randomUUID();
      if (!found.has(partitionOf(id))) found.set(partitionOf(id), id);
    }
    return [...found].map(([partition, contactId]) => ({ partition, contactId }));
  }

  const head = async (db: Db, partition: number) =>
    Number(((await db.execute(sql`select coalesce(max(position), 0) as p from events where partition = ${partition}`)) as unknown as { rows: { p: string }[] }).rows[0].p);

  it('reads of several partitions at once are one query, each partition exactly its own events', async () => {
    const { db } = database;
    const server = database.kind === 'postgres';
    const parts = contactsInPartitions(5);
    const heads = await Promise.all(parts.map((p) => head(db, p.partition)));
    const counts = [READ_BATCH + 50, 3, 1, 2, 0];
    for (const [i, p] of parts.entries()) {
      if (!counts[i]) continue;
      await db.transaction((tx) => appendEvents(tx, server, Array.from({ length: counts[i] }, (_, n) => ({
        type: 'contact.updated' as const, payload: { contact: { id: p.contactId, name: `change ${n} ของ ${i}` } as never },
      }))));
    }
    // An event of another type in the second partition: not asked for, not handed out.
    await db.transaction((tx) => appendEvents(tx, server, [{ type: 'contact.created' as const, payload: { contact: { id: parts[1].contactId } as never } }]));

    let queries = 0;
    const counting = new Proxy(db, {
      get: (target, key) => (key === 'execute' ? (...args: unknown[]) => { queries++; return (target.execute as (...a: unknown[]) => unknown)(...args); } : Reflect.get(target, key)),
    }) as Db;
    const reads = new LogReads(counting);
    const results = await Promise.all(parts.map((p, i) => reads.read(p.partition, heads[i], ['contact.updated'])));
    expect(queries).toBe(1);

    for (const [i, p] of parts.entries()) {
      const { rows } = await db.execute(sql`select position, id, payload from events where partition = ${p.partition} and position > ${heads[i]}
        and type = 'contact.updated' order by position limit ${READ_BATCH}`) as unknown as { rows: { position: string; id: string; payload: unknown }[] };
      const expected = rows.map((r) => ({ position: Number(r.position), id: r.id, payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload }));
      expect(results[i].map((e) => ({ position: e.position, id: e.id, payload: e.payload }))).toEqual(expected);
      expect(results[i]).toHaveLength(Math.min(counts[i], READ_BATCH));
      expect(results[i].every((e) => e.partition === p.partition && e.contactId === p.contactId && e.type === 'contact.updated')).toBe(true);
    }
    // The full partition goes on from where its first read stopped.
    const rest = await reads.read(parts[0].partition, results[0][READ_BATCH - 1].position, ['contact.updated']);
    expect(rest.map((e) => (e.payload as { contact: { name: string } }).contact.name)).toEqual(
      Array.from({ length: 50 }, (_, n) => `change ${READ_BATCH + n} ของ 0`));
  });

  it('reads for other types at the same moment get their own query and their own events', async () => {
    const { db } = database;
    const server = database.kind === 'postgres';
    const [a, b] = contactsInPartitions(2);
    const heads = [await head(db, a.partition), await head(db, b.partition)];
    await db.transaction((tx) => appendEvents(tx, server, [
      { type: 'contact.updated' as const, payload: { contact: { id: a.contactId, name: 'updated' } as never } },
      { type: 'contact.created' as const, payload: { contact: { id: b.contactId, name: 'created' } as never } },
    ]));
    const reads = new LogReads(db);
    const [forA, forB] = await Promise.all([
      reads.read(a.partition, heads[0], ['contact.updated']),
      reads.read(b.partition, heads[1], ['contact.created']),
    ]);
    expect(forA.map((e) => [e.type, (e.payload as { contact: { name: string } }).contact.name])).toEqual([['contact.updated', 'updated']]);
    expect(forB.map((e) => [e.type, (e.payload as { contact: { name: string } }).contact.name])).toEqual([['contact.created', 'created']]);
  });
});

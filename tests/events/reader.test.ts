// The partition reader feeds every consumer lane of a partition from one read of the log. A lane whose consumer is
// stuck is detached once its queue is full, so the other lanes of the partition go on; when it has drained it
// rejoins and gets every event after its position exactly once, in order. Real PGlite, real appends.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/client.js';
import { appendEvents } from '../../server/events/append.js';
import { Consumer } from '../../server/events/consumer.js';
import { Lane } from '../../server/events/lane.js';
import { partitionOf } from '../../server/events/partitions.js';
import { PositionWriter } from '../../server/events/positions.js';
import { PartitionReader } from '../../server/events/reader.js';
import { createLogger } from '../../server/log.js';

describe('partition reader', () => {
  let dir: string;
  let database: Database;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sb-reader-'));
    database = await openDatabase({ dataDir: dir });
  }, 120_000);
  afterAll(async () => {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a stuck consumer from holding up the others, then hands it every event once, in order', async () => {
    const { db } = database;
    const log = createLogger('silent');
    const contactId = crypto.randomUUID(); // unique per attempt: the test may run twice
    const partition = partitionOf(contactId);
    const names = { fast: `fast-${contactId}`, slow: `slow-${contactId}` };
    const head = Number(((await db.execute(sql`select coalesce(max(position), 0) as p from events where partition = ${partition}`)) as unknown as { rows: { p: string }[] }).rows[0].p);
    for (const name of Object.values(names)) {
      await db.execute(sql`insert into event_offsets (consumer, partition, position, types) values (${name}, ${partition}, ${head}, array['contact.updated']::text[])`);
    }
    const append = (n: number) => db.transaction((tx) => appendEvents(tx, false, Array.from({ length: n }, (_, i) => ({
      type: 'contact.updated' as const, payload: { contact: { id: contactId, name: `change ${i}` } as never },
    }))));

    const seen = { fast: [] as number[], slow: [] as number[] };
    let release!: () => void;
    const stuck = new Promise<void>((r) => { release = r; });
    const fast = new Consumer(names.fast).on('contact.updated', (_p, e) => { seen.fast.push(e.position); });
    const slow = new Consumer(names.slow).on('contact.updated', async (_p, e) => { await stuck; seen.slow.push(e.position); });

    const positions = new PositionWriter({ db, log });
    const reader = new PartitionReader(partition, { db, log, maxQueued: 5 });
    const lanes = [fast, slow].map((c) => new Lane(c, partition, { db, log, positions, attempts: 1, retryDelayMs: () => 0 }, (l) => reader.join(l)));
    for (const l of lanes) { l.start(head); reader.add(l); }
    reader.start(false);

    // Three reads' worth, each woken as a commit would wake it: the stuck lane's queue fills and it is detached.
    const written: number[] = [];
    for (let round = 0; round < 3; round++) {
      const recorded = await append(4);
      written.push(...recorded.map((r) => r.position));
      reader.wake('contact.updated', Math.max(...recorded.map((r) => r.position)));
      await expect.poll(() => seen.fast.length, { timeout: 10_000 }).toBe(written.length);
    }
    expect(seen.fast).toEqual(written);
    expect(seen.slow).toEqual([]);
    expect(lanes[1].detached).toBe(true);

    release();
    await expect.poll(() => seen.slow.length, { timeout: 10_000 }).toBe(written.length);
    expect(seen.slow).toEqual(written);

    // Both positions are stored at the last event, and nothing more arrives.
    await reader.stop();
    await positions.flush();
    const stored = ((await db.execute(sql`select consumer, position from event_offsets where partition = ${partition} and consumer in (${names.fast}, ${names.slow}) order by consumer`)) as unknown as { rows: { consumer: string; position: string }[] }).rows;
    expect(stored.map((r) => [r.consumer, Number(r.position)])).toEqual([[names.fast, written.at(-1)], [names.slow, written.at(-1)]]);
    expect(seen.fast).toEqual(written);
    expect(seen.slow).toEqual(written);
  }, 60_000);
});

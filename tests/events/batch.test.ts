// A consumer's batch handler gets a lane's backlog of its types together, in log order, and a run stops at an
// event of another kind; a batch that fails is delivered again event by event, so only the bad event is parked.
// Real PGlite, real appends, the real reader and lane.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/client.js';
import { appendEvents, type PendingEvent } from '../../server/events/append.js';
import { Consumer } from '../../server/events/consumer.js';
import { Lane } from '../../server/events/lane.js';
import { partitionOf } from '../../server/events/partitions.js';
import { PositionWriter } from '../../server/events/positions.js';
import { PartitionReader } from '../../server/events/reader.js';
import { createLogger } from '../../server/log.js';

type Row<T> = { rows: T[] };

describe('batch handlers', () => {
  let dir: string;
  let database: Database;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sb-batch-'));
    database = await openDatabase({ dataDir: dir });
  }, 120_000);
  afterAll(async () => {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hands a backlog over in batches, in order, split at other kinds of event; a failed batch is retried one by one', async () => {
    const { db } = database;
    const log = createLogger('silent');
    const contactId = crypto.randomUUID();
    const partition = partitionOf(contactId);
    const name = `batched-${contactId}`;
    const head = Number(((await db.execute(sql`select coalesce(max(position), 0) as p from events where partition = ${partition}`)) as unknown as Row<{ p: string }>).rows[0].p);
    await db.execute(sql`insert into event_offsets (consumer, partition, position, types) values (${name}, ${partition}, ${head}, array['contact.created','contact.updated','message.created']::text[])`);

    // What the consumer saw, as [kind, the contact's name] in the order it saw it, and the size of each call.
    const seen: [string, string][] = [];
    const calls: number[] = [];
    let release!: () => void;
    const stuck = new Promise<void>((r) => { release = r; });
    let first = true;
    const consumer = new Consumer(name)
      .batch(['contact.updated', 'message.created'], async (items) => {
        if (first) { first = false; await stuck; } // holds the lane while the backlog builds up
        if (items.some((i) => i.type === 'contact.updated' && i.payload.contact.name === 'poison')) throw new Error('poisoned');
        calls.push(items.length);
        for (const i of items) seen.push([i.type, i.type === 'contact.updated' ? i.payload.contact.name! : i.payload.message.body]);
      })
      .on('contact.created', (p) => { calls.push(1); seen.push(['contact.created', p.contact.name!]); });

    const positions = new PositionWriter({ db, log });
    const reader = new PartitionReader(partition, { db, log, maxQueued: 1000 });
    const lane = new Lane(consumer, partition, { db, log, positions, attempts: 1, retryDelayMs: () => 0 }, (l) => reader.join(l));
    lane.start(head);
    reader.add(lane);
    reader.start(false);

    const updated = (n: string): PendingEvent => ({ type: 'contact.updated', payload: { contact: { id: contactId, name: n } as never } });
    const created = (n: string): PendingEvent => ({ type: 'contact.created', payload: { contact: { id: contactId, name: n } as never } });
    const message = (b: string): PendingEvent => ({ type: 'message.created', payload: { message: { body: b } as never, conversation: { contactId } as never } });
    const append = async (events: PendingEvent[]) => {
      const recorded = await db.transaction((tx) => appendEvents(tx, false, events));
      for (const r of recorded) reader.wake(r.type, r.position);
      return recorded;
    };

    // The first event is held; everything after it queues up behind it.
    await append([updated('u0')]);
    await expect.poll(() => lane.queued === 0 && !lane.idle, { timeout: 10_000 }).toBe(true);
    const backlog = [updated('u1'), message('m1'), updated('u2'), created('c1'), updated('u3'), updated('poison'), message('m2'), updated('u4')];
    const recorded = await append(backlog);
    await expect.poll(() => lane.queued, { timeout: 10_000 }).toBe(backlog.length);
    release();

    const expected: [string, string][] = [['contact.updated', 'u0'], ['contact.updated', 'u1'], ['message.created', 'm1'], ['contact.updated', 'u2'],
      ['contact.created', 'c1'], ['contact.updated', 'u3'], ['message.created', 'm2'], ['contact.updated', 'u4']];
    await expect.poll(() => seen.length, { timeout: 10_000 }).toBe(expected.length);
    // u0 alone; u1..u2 together; c1 on its own handler; u3..u4 failed as a batch, then one by one (poison parked).
    expect(seen).toEqual(expected);
    expect(calls).toEqual([1, 3, 1, 1, 1, 1]);

    await reader.stop();
    await positions.flush();
    const stored = ((await db.execute(sql`select position from event_offsets where consumer = ${name} and partition = ${partition}`)) as unknown as Row<{ position: string }>).rows;
    expect(Number(stored[0].position)).toBe(recorded.at(-1)!.position);
    const parked = ((await db.execute(sql`select event_position, error from event_dead_letters where consumer = ${name}`)) as unknown as Row<{ event_position: string; error: string }>).rows;
    expect(parked.map((p) => [Number(p.event_position), p.error])).toEqual([[recorded[5].position, 'poisoned']]);
  }, 60_000);
});

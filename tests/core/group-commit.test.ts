import { describe, expect, it } from 'vitest';
import { ingestMessage } from '../../server/ingest/ingest.js';
import { GroupCommit } from '../../server/shared/group-commit.js';
import { databaseDrivers, serverOn } from '../support/databases.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('GroupCommit', () => {
  /** A group whose batches finish when the test says so, recording what each batch held. */
  function controlled(limits = { max: 64, inFlight: 1 }) {
    const batches: string[][] = [];
    const finish: (() => void)[] = [];
    const group = new GroupCommit<string, string>(async (items) => {
      batches.push(items);
      await new Promise<void>((r) => finish.push(r));
      return items.map((i) => `stored ${i}`);
    }, limits);
    return { group, batches, finishNext: async () => { finish.shift()!(); await tick(); } };
  }

  it('a lone item starts in the same turn of the event loop; what arrives meanwhile goes into the next batch together', async () => {
    const { group, batches, finishNext } = controlled();
    const first = group.submit('a', 'a1');
    await tick();
    expect(batches).toEqual([['a1']]);
    const rest = ['b1', 'c1', 'd1'].map((i) => group.submit(i[0], i));
    await tick();
    expect(batches).toHaveLength(1);
    expect(group.waiting).toBe(3);
    await finishNext();
    expect(await first).toBe('stored a1');
    expect(batches).toEqual([['a1'], ['b1', 'c1', 'd1']]);
    await finishNext();
    expect(await Promise.all(rest)).toEqual(['stored b1', 'stored c1', 'stored d1']);
  });

  it('one key is never in a batch twice nor in two batches at once, and keeps its order', async () => {
    const { group, batches, finishNext } = controlled({ max: 64, inFlight: 2 });
    const all = ['a1', 'a2', 'b1', 'a3', 'b2', 'c1'].map((i) => group.submit(i[0], i));
    await tick();
    // Submitted in one turn: one of each key goes; the others wait for their key, not for a slot.
    expect(batches).toEqual([['a1', 'b1', 'c1']]);
    await finishNext();
    expect(batches[1]).toEqual(['a2', 'b2']);
    await finishNext();
    expect(batches[2]).toEqual(['a3']);
    await finishNext();
    expect(await Promise.all(all)).toEqual(['a1', 'a2', 'b1', 'a3', 'b2', 'c1'].map((i) => `stored ${i}`));
  });

  it('a second batch starts while the first runs, up to inFlight; then items wait for a slot', async () => {
    const { group, batches, finishNext } = controlled({ max: 64, inFlight: 2 });
    const x = group.submit('x', 'x1');
    await tick();
    const y = group.submit('y', 'y1');
    await tick();
    const z = [group.submit('z', 'z1'), group.submit('w', 'w1')];
    await tick();
    expect(batches).toEqual([['x1'], ['y1']]);
    await finishNext();
    expect(batches[2]).toEqual(['z1', 'w1']);
    await finishNext();
    await finishNext();
    expect(await Promise.all([x, y, ...z])).toEqual(['stored x1', 'stored y1', 'stored z1', 'stored w1']);
  });

  it('a batch holds at most max items', async () => {
    const { group, batches, finishNext } = controlled({ max: 3, inFlight: 1 });
    const all = Array.from({ length: 8 }, (_, i) => group.submit(`k${i}`, `i${i}`));
    await tick();
    for (let i = 0; i < 3; i++) await finishNext();
    await Promise.all(all);
    expect(batches.map((b) => b.length)).toEqual([3, 3, 2]);
  });

  it('an item handed on to slower work keeps its key until that work is done; the slot is free at once', async () => {
    const batches: string[][] = [];
    let finishSlow!: (v: string) => void;
    const group = new GroupCommit<string, string>(async (items) => {
      batches.push(items);
      return items.map((i) => (i === 'a1' ? new Promise<string>((r) => { finishSlow = r; }) : `stored ${i}`));
    }, { max: 64, inFlight: 1 });
    const a1 = group.submit('a', 'a1');
    await tick();
    const a2 = group.submit('a', 'a2');
    const b1 = group.submit('b', 'b1');
    expect(await b1).toBe('stored b1'); // the slot was free while a1 was still being stored
    expect(batches).toEqual([['a1'], ['b1']]);
    finishSlow('slow a1');
    expect(await a1).toBe('slow a1');
    expect(await a2).toBe('stored a2');
    expect(batches).toEqual([['a1'], ['b1'], ['a2']]);
  });

  it('a batch that throws fails all its items, and the group goes on', async () => {
    let fail = true;
    const group = new GroupCommit<string, string>(async (items) => {
      if (fail) throw new Error('database gone');
      return items.map((i) => `stored ${i}`);
    }, { max: 64, inFlight: 1 });
    await expect(group.submit('a', 'a1')).rejects.toThrow('database gone');
    fail = false;
    expect(await group.submit('a', 'a2')).toBe('stored a2');
  });
});

// The group commit of ingest itself, on the embedded database and on a PostgreSQL server.
const drivers = databaseDrivers();

describe.each(drivers)('ingest group commit on $name', (driver) => {
  const server = serverOn(driver);
  const rows = async (q: string, params: unknown[] = []) => ((await server.s.app.ctx.database.raw.query(q, params)) as { rows: any[] }).rows;
  const batchHistogram = async () => {
    const metric = await server.s.app.ctx.metrics.ingestBatchSize.get();
    const count = metric.values.find((v) => v.metricName === 'switchboard_ingest_batch_messages_count')?.value ?? 0;
    const sum = metric.values.find((v) => v.metricName === 'switchboard_ingest_batch_messages_sum')?.value ?? 0;
    return { count, sum };
  };
  const send = (sender: string, externalId: string, body: string, extra: Record<string, unknown> = {}) =>
    ingestMessage(server.s.app.ctx, { inboxId: server.inbox.id, externalId, sender: { address: sender }, body, ...extra });

  it('messages from many senders at once are stored in shared transactions, each exactly as it reads back', async () => {
    const senders = Array.from({ length: 30 }, (_, i) => `gc-sender-${i}`);
    const opened = await Promise.all(senders.map((a) => send(a, `${a}-0`, `first from ${a}`)));
    const before = new Map((await rows(`select id, unread_count, last_message_at from conversations where id = any($1::uuid[])`,
      [opened.map((o) => o.conversationId)])).map((r) => [r.id, r]));
    const histogramBefore = await batchHistogram();

    const bodies = senders.map((a, i) => `บทความ ${i}: 你好 — second from ${a}`);
    const results = await Promise.all(senders.map((a, i) => send(a, `${a}-1`, bodies[i], { meta: { clientId: `c-${i}` } })));

    const histogramAfter = await batchHistogram();
    expect(histogramAfter.sum - histogramBefore.sum).toBe(30);
    // Fewer transactions than messages: they were stored together.
    expect(histogramAfter.count - histogramBefore.count).toBeLessThan(30);

    for (const [i, r] of results.entries()) {
      expect(r.created).toBe(true);
      expect(r.conversationId).toBe(opened[i].conversationId);
      expect(r.contactId).toBe(opened[i].contactId);
      const [stored] = await rows(`select * from messages where id = $1`, [r.messageId]);
      expect(stored.body).toBe(bodies[i]);
      expect(stored.external_id).toBe(`${senders[i]}-1`);
      expect(stored.client_id).toBe(`c-${i}`);
      expect(stored.sender_id).toBe(opened[i].contactId);
      expect(stored.direction).toBe('incoming');
      expect(stored.meta).toEqual({ clientId: `c-${i}` });
      // What ingest answered is the stored row, field for field.
      const m = r.message!;
      expect(m.id).toBe(stored.id);
      expect(m.body).toBe(stored.body);
      expect(m.meta).toEqual(stored.meta);
      expect(m.conversationId).toBe(stored.conversation_id);
      expect(m.createdAt.getTime()).toBe(new Date(stored.created_at).getTime());
      const [conversation] = await rows(`select unread_count, last_message_at from conversations where id = $1`, [r.conversationId]);
      expect(conversation.unread_count).toBe(before.get(r.conversationId).unread_count + 1);
      expect(new Date(conversation.last_message_at).getTime()).toBeGreaterThan(new Date(before.get(r.conversationId).last_message_at).getTime());
    }
    // The search index has every message's words.
    const found = await rows(`select count(*)::int as n from messages where id = any($1::uuid[]) and search_vector @@ plainto_tsquery('simple', 'second')`,
      [results.map((r) => r.messageId)]);
    expect(found[0].n).toBe(30);
    // One message.created and one conversation.updated event per message, naming it.
    const events = await rows(`select type, payload from events where type in ('message.created', 'conversation.updated') and (payload->'message'->>'id' = any($1::text[]) or (type = 'conversation.updated' and payload->'conversation'->>'id' = any($2::text[]) and (payload->'conversation'->>'lastMessageAt')::timestamptz >= $3::timestamptz))`,
      [results.map((r) => r.messageId), results.map((r) => r.conversationId), results.map((r) => r.message!.createdAt).sort((a, b) => a.getTime() - b.getTime())[0].toISOString()]);
    expect(events.filter((e) => e.type === 'message.created')).toHaveLength(30);
    expect(new Set(events.filter((e) => e.type === 'message.created').map((e) => e.payload.message.id))).toEqual(new Set(results.map((r) => r.messageId)));
  });

  it('new senders, repeats of stored messages and messages on existing threads, all at once, are each stored once', async () => {
    const known = Array.from({ length: 10 }, (_, i) => `gc-known-${i}`);
    const first = await Promise.all(known.map((a) => send(a, `${a}-0`, `hello from ${a}`)));
    const burst = await Promise.all([
      ...known.map((a) => send(a, `${a}-1`, `again from ${a}`)),
      ...known.map((a) => send(a, `${a}-0`, `hello from ${a}`)), // provider retries of the stored first messages
      ...Array.from({ length: 10 }, (_, i) => send(`gc-new-${i}`, `gc-new-${i}-0`, `new sender ${i}`)),
    ]);
    const again = burst.slice(0, 10);
    const repeats = burst.slice(10, 20);
    const fresh = burst.slice(20);
    expect(again.every((r) => r.created)).toBe(true);
    expect(repeats.map((r) => [r.created, r.messageId])).toEqual(first.map((f) => [false, f.messageId]));
    expect(fresh.every((r) => r.created)).toBe(true);
    expect(new Set(fresh.map((r) => r.contactId)).size).toBe(10);
    const counts = await rows(`select external_id, count(*)::int as n from messages where external_id like 'gc-known-%' or external_id like 'gc-new-%' group by external_id`);
    expect(counts).toHaveLength(30);
    expect(counts.every((c) => c.n === 1)).toBe(true);
    // The repeats changed nothing: each known conversation has exactly its two messages.
    for (const f of first) {
      const [c] = await rows(`select count(*)::int as n from messages where conversation_id = $1`, [f.conversationId]);
      expect(c.n).toBe(2);
    }
  });

  it('a snoozed conversation is reopened by a message stored in a batch', async () => {
    const opened = await send('gc-snoozed', 'gc-snoozed-0', 'hi');
    await rows(`update conversations set status = 'snoozed', snoozed_until = now() + interval '1 day' where id = $1`, [opened.conversationId]);
    const [r] = await Promise.all([
      send('gc-snoozed', 'gc-snoozed-1', 'are you there?'),
      ...Array.from({ length: 5 }, (_, i) => send(`gc-sender-${i}`, `gc-snooze-burst-${i}`, 'burst')),
    ]);
    const [c] = await rows(`select status, snoozed_until from conversations where id = $1`, [r.conversationId]);
    expect(c).toEqual({ status: 'open', snoozed_until: null });
    const [e] = await rows(`select payload from events where type = 'conversation.updated' and payload->'conversation'->>'id' = $1 order by position desc limit 1`, [r.conversationId]);
    expect(e.payload.changed).toEqual(['status', 'lastMessageAt']);
    expect(e.payload.conversation.status).toBe('open');
  });

  it('one message the batch cannot store fails alone; the others of its batch are stored', async () => {
    const senders = Array.from({ length: 8 }, (_, i) => `gc-sender-${i}`);
    const outcomes = await Promise.allSettled(senders.map((a, i) => send(a, `gc-bad-batch-${i}`, `message ${i}`,
      // A value JSON cannot encode: the whole batch fails, and every message is stored again on its own.
      i === 3 ? { content: { amount: 10n } } : {})));
    expect(outcomes.map((o) => o.status)).toEqual(senders.map((_, i) => (i === 3 ? 'rejected' : 'fulfilled')));
    const stored = await rows(`select external_id from messages where external_id like 'gc-bad-batch-%' order by external_id`);
    expect(stored.map((r) => r.external_id)).toEqual(senders.map((_, i) => `gc-bad-batch-${i}`).filter((id) => id !== 'gc-bad-batch-3'));
  });
});

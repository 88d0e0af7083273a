import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { webChatAdapter } from '../../channels/webchat/index.js';
import { ingest, ingestMessage } from '../../server/ingest/ingest.js';
import { schema } from '../../server/db/client.js';
import { createOutgoingMessage, updateDeliveryStatus } from '../../server/ingest/outbound.js';
import { eventually, type TestServer } from '../support/server.js';
import { databaseDrivers, serverOn } from '../support/databases.js';

// The same data-layer suite on the embedded database and, when configured, on a PostgreSQL server.
const drivers = databaseDrivers();

describe.each(drivers)('data layer on $name', (driver) => {
  const server = serverOn(driver);
  let s: TestServer;
  let inboxId: string;
  const rows = async (q: string) => ((await s.app.ctx.db.execute(sql.raw(q))) as any).rows as any[];
  beforeAll(() => {
    s = server.s;
    inboxId = server.inbox.id;
  });

  it('the same external id delivered concurrently is stored once', async () => {
    const msg = { inboxId, externalId: 'provider-retry-1', sender: { address: 'visitor-concurrent' }, body: 'once only' };
    const results = await Promise.all(Array.from({ length: 8 }, () => ingest(s.app.ctx, msg)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.messageId)).size).toBe(1);
    expect((await rows(`select count(*)::int n from messages where external_id = 'provider-retry-1'`))[0].n).toBe(1);
  });

  it('two first messages from a new sender at once make one contact and one conversation', async () => {
    const mk = (i: number) => ({ inboxId, externalId: `race-${i}`, sender: { address: 'brand-new-sender' }, body: `race ${i}` });
    const results = await Promise.all([ingest(s.app.ctx, mk(1)), ingest(s.app.ctx, mk(2))]);
    expect(results[0].contactId).toBe(results[1].contactId);
    expect((await rows(`select count(*)::int n from contact_identities where address = 'brand-new-sender'`))[0].n).toBe(1);
    // Either both joined one conversation or the second opened after; never an orphan contact.
    expect((await rows(`select count(*)::int n from contacts c where not exists (select 1 from contact_identities i where i.contact_id = c.id)`))[0].n).toBe(0);
  });

  it('threading: latest unresolved conversation, a new one after resolution', async () => {
    const a = await ingest(s.app.ctx, { inboxId, externalId: 't1', sender: { address: 'threader' }, body: 'first' });
    const b = await ingest(s.app.ctx, { inboxId, externalId: 't2', sender: { address: 'threader' }, body: 'second' });
    expect(b.conversationId).toBe(a.conversationId);
    await s.app.ctx.db.execute(sql`update conversations set status = 'resolved' where id = ${a.conversationId}`);
    const c = await ingest(s.app.ctx, { inboxId, externalId: 't3', sender: { address: 'threader' }, body: 'third' });
    expect(c.conversationId).not.toBe(a.conversationId);
    expect(webChatAdapter.threading).toBe('contact');
  });

  it('ingest hands on the message and conversation rows exactly as a fresh read of them gives', async () => {
    const { ctx } = s.app;
    const seen: { message: any; conversation: any }[] = [];
    const off = ctx.bus.on('message.created', ({ message, conversation }) => { seen.push({ message, conversation }); });
    // Compared before anything else changes them: same fields, same order, same values and types.
    const handedOn = async (n: number) => {
      await eventually(async () => expect(seen.length).toBe(n));
      const { message, conversation } = seen[n - 1];
      const [m] = await ctx.db.select().from(schema.messages).where(eq(schema.messages.id, message.id));
      const [c] = await ctx.db.select().from(schema.conversations).where(eq(schema.conversations.id, conversation.id));
      expect(message).toEqual(m);
      expect(Object.keys(message)).toEqual(Object.keys(m));
      expect(conversation).toEqual(c);
      expect(Object.keys(conversation)).toEqual(Object.keys(c));
      return { message, conversation };
    };
    try {
      const first = await ingestMessage(ctx, { inboxId, externalId: 'shape-1', sender: { address: 'shape-sender', name: 'Shape' }, body: 'hello ภาษาไทย 你好' });
      await handedOn(1);
      await ctx.db.execute(sql`update conversations set status = 'snoozed', snoozed_until = now() + interval '1 day', labels = '{a,b}' where id = ${first.conversationId}`);
      const second = await ingestMessage(ctx, {
        inboxId, externalId: 'shape-2', sender: { address: 'shape-sender' }, body: 'again', threadHint: [`conversation:${first.conversationId}`],
        content: { card: { title: 'x' } }, meta: { clientId: 'c-2' },
      });
      expect(second.conversationId).toBe(first.conversationId);
      const reopened = await handedOn(2);
      expect(reopened.conversation).toMatchObject({ status: 'open', snoozedUntil: null, labels: ['a', 'b'], unreadCount: 2 });
      expect(reopened.message).toMatchObject({ clientId: 'c-2', content: { card: { title: 'x' } } });
      // An auto-reply leaves the conversation alone: the row handed on is the one read with the contact.
      await ingestMessage(ctx, { inboxId, externalId: 'shape-3', sender: { address: 'shape-sender' }, body: 'out of office', activityOnly: true });
      expect((await handedOn(3)).conversation.unreadCount).toBe(2);
    } finally {
      off();
    }
  });

  it('an outgoing message and its delivery job commit together, then the worker sends it', async () => {
    const { conversationId } = await ingest(s.app.ctx, { inboxId, externalId: 'o1', sender: { address: 'outbound-test' }, body: 'hi' });
    const message = await createOutgoingMessage(s.app.ctx, { conversationId, body: 'reply', senderType: 'agent' });
    expect(message.status).toBe('queued');
    const jobs = await rows(`select count(*)::int n from pgboss.job where name = 'deliver-message' and data->>'messageId' = '${message.id}'`);
    expect(jobs[0].n).toBe(1);
    await eventually(async () => (await rows(`select status from messages where id = '${message.id}'`))[0].status === 'sent', 15_000, 'message sent');
  });

  it('an outgoing message written again under the same origin key is the first one, not a second reply', async () => {
    const { conversationId } = await ingest(s.app.ctx, { inboxId, externalId: 'k1', sender: { address: 'origin-key' }, body: 'opening hours?' });
    const first = await createOutgoingMessage(s.app.ctx, { conversationId, body: 'We open at nine', senderType: 'bot', originKey: `bot:${conversationId}:0` });
    const again = await createOutgoingMessage(s.app.ctx, { conversationId, body: 'We open at nine', senderType: 'bot', originKey: `bot:${conversationId}:0` });
    const other = await createOutgoingMessage(s.app.ctx, { conversationId, body: 'Did this help?', senderType: 'bot', originKey: `bot:${conversationId}:1` });
    expect(again).toEqual(first);
    expect(other.id).not.toBe(first.id);
    const stored = await rows(`select body, origin_key from messages where conversation_id = '${conversationId}' and sender_type = 'bot' order by created_at`);
    expect(stored).toEqual([
      { body: 'We open at nine', origin_key: `bot:${conversationId}:0` },
      { body: 'Did this help?', origin_key: `bot:${conversationId}:1` },
    ]);
    // One log entry and one delivery job for the first write; the replay added neither.
    const events = await rows(`select count(*)::int n from events where type = 'message.created' and payload->'message'->>'id' = '${first.id}'`);
    expect(events[0].n).toBe(1);
    const jobs = await rows(`select count(*)::int n from pgboss.job where name = 'deliver-message' and data->>'messageId' = '${first.id}'`);
    expect(jobs[0].n).toBe(1);
  });

  it('delivery receipts never move a status backwards', async () => {
    const { conversationId } = await ingest(s.app.ctx, { inboxId, externalId: 'r1', sender: { address: 'receipts' }, body: 'hi' });
    const message = await createOutgoingMessage(s.app.ctx, { conversationId, body: 'tracked', senderType: 'agent' });
    await eventually(async () => (await rows(`select status from messages where id = '${message.id}'`))[0].status === 'sent', 15_000);
    await s.app.ctx.db.execute(sql`update messages set external_id = 'ext-receipt' where id = ${message.id}`);
    await updateDeliveryStatus(s.app.ctx, inboxId, 'ext-receipt', 'read');
    await updateDeliveryStatus(s.app.ctx, inboxId, 'ext-receipt', 'delivered');
    await updateDeliveryStatus(s.app.ctx, inboxId, 'ext-receipt', 'sent');
    expect((await rows(`select status from messages where id = '${message.id}'`))[0].status).toBe('read');
  });
});

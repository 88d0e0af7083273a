import { asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import type { ConversationRow, MessageRow } from '../events/bus.js';
import type { Schedule } from './business-hours.js';
import { conversationFacts, isAgentReply, messageIncrement, type DailyIncrement, type FactMessage } from './report-facts.js';
import { perAppCache } from './ops-cache.js';
import { gatherer } from '../shared/gather.js';
import { scheduleFor } from './sla-service.js';

const factMessageColumns = {
  conversationId: schema.messages.conversationId, direction: schema.messages.direction, senderType: schema.messages.senderType,
  senderId: schema.messages.senderId, private: schema.messages.private, createdAt: schema.messages.createdAt,
};

function groupByConversation<T extends { conversationId: string }>(rows: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.conversationId);
    if (list) list.push(r);
    else out.set(r.conversationId, [r]);
  }
  return out;
}

// An inbox never changes channel, so its channel can be remembered for good.
const channelCache = perAppCache('inbox-channels', async (ctx) => new Map((await ctx.db.select({ id: schema.inboxes.id, channel: schema.inboxes.channel }).from(schema.inboxes)).map((r) => [r.id, r.channel])));

async function channels(ctx: AppContext, needed: string[] = []): Promise<Map<string, string>> {
  const known = await channelCache.get(ctx);
  if (needed.every((id) => known.has(id))) return known;
  channelCache.invalidate(ctx);
  return channelCache.get(ctx);
}

async function scheduleMap(ctx: AppContext, inboxIds: string[]): Promise<Map<string, Schedule | null>> {
  const out = new Map<string, Schedule | null>();
  for (const id of new Set(inboxIds)) out.set(id, await scheduleFor(ctx, id));
  return out;
}

async function upsertFacts(ctx: AppContext, rows: ReturnType<typeof conversationFacts>[]): Promise<void> {
  if (!rows.length) return;
  const t = schema.reportConversationFacts;
  const excluded = (c: string) => sql.raw(`excluded.${c}`);
  await ctx.db.insert(t).values(rows).onConflictDoUpdate({
    target: t.conversationId,
    set: {
      inboxId: excluded('inbox_id'), channel: excluded('channel'), createdAt: excluded('created_at'),
      teamId: excluded('team_id'), assigneeId: excluded('assignee_id'), labels: excluded('labels'),
      firstResponseAt: excluded('first_response_at'), firstResponseSeconds: excluded('first_response_seconds'),
      firstResponseBhSeconds: excluded('first_response_bh_seconds'), resolvedAt: excluded('resolved_at'),
      resolutionSeconds: excluded('resolution_seconds'), resolutionBhSeconds: excluded('resolution_bh_seconds'),
      botResolved: excluded('bot_resolved'), handedOff: excluded('handed_off'), slaMet: excluded('sla_met'),
    },
  });
}

/** Adds up increments that land on the same rollup row: one upsert may touch a row only once. */
function sumByRow(list: DailyIncrement[]): DailyIncrement[] {
  const sums = new Map<string, DailyIncrement>();
  for (const inc of list) {
    const key = `${inc.day}|${inc.inboxId}|${inc.agentId}|${inc.teamId}`;
    const s = sums.get(key);
    if (!s) sums.set(key, { ...inc });
    else for (const f of ['received', 'sent', 'replies', 'replySeconds', 'replyBhSeconds'] as const) s[f] += inc[f];
  }
  return [...sums.values()];
}

async function addIncrements(ctx: AppContext, list: DailyIncrement[]): Promise<void> {
  if (!list.length) return;
  const t = schema.reportMessageDaily;
  const add = (c: string) => sql.raw(`report_message_daily.${c} + excluded.${c}`);
  await ctx.db.insert(t).values(list).onConflictDoUpdate({
    target: [t.day, t.inboxId, t.agentId, t.teamId],
    set: { received: add('received'), sent: add('sent'), replies: add('replies'), replySeconds: add('reply_seconds'), replyBhSeconds: add('reply_bh_seconds') },
  });
}

type SlaState = { id: string; breached: string[] };

/** Recomputes the fact rows of these conversations from their messages (`slas`: their SLA rows, when already read). */
export async function refreshFacts(ctx: AppContext, all: ConversationRow[] | (typeof schema.conversations.$inferSelect)[], known?: SlaState[]): Promise<void> {
  // A conversation merged into another is part of that one's thread: it has no facts of its own.
  const merged = all.filter((c) => c.mergedIntoId).map((c) => c.id);
  if (merged.length) await ctx.db.delete(schema.reportConversationFacts).where(inArray(schema.reportConversationFacts.conversationId, merged));
  const conversations = all.filter((c) => !c.mergedIntoId);
  if (!conversations.length) return;
  const ids = conversations.map((c) => c.id);
  const msgs = await ctx.db.select(factMessageColumns).from(schema.messages).where(inArray(schema.messages.conversationId, ids))
    .orderBy(asc(schema.messages.createdAt), asc(schema.messages.id));
  const slas = known ?? await ctx.db.select({ id: schema.conversationSlas.conversationId, breached: schema.conversationSlas.breached })
    .from(schema.conversationSlas).where(inArray(schema.conversationSlas.conversationId, ids));
  const byConversation = groupByConversation(msgs);
  const channel = await channels(ctx, conversations.map((c) => c.inboxId));
  const sched = await scheduleMap(ctx, conversations.map((c) => c.inboxId));
  await upsertFacts(ctx, conversations.map((c) => conversationFacts(c, byConversation.get(c.id) ?? [], channel.get(c.inboxId) ?? '',
    sched.get(c.inboxId) ?? null, slas.find((s) => s.id === c.id) ?? null)));
}

/**
 * Increments of handled events, each once: the event's mark in event_effects and the rollup increment are one
 * statement, so an event handed out again after a crash (or a second node's late delivery) adds nothing, and a
 * crash can never leave the increment without its mark. Increments landing on the same row are summed.
 */
async function addIncrementsOnce(ctx: AppContext, consumer: string, items: { eventId: string; inc: DailyIncrement }[]): Promise<void> {
  if (!items.length) return;
  const col = <T>(pick: (i: { eventId: string; inc: DailyIncrement }) => T) => sql.param(items.map(pick));
  await ctx.db.execute(sql`with v as (
      select * from unnest(${col((i) => i.eventId)}::uuid[], ${col((i) => i.inc.day)}::date[], ${col((i) => i.inc.inboxId)}::uuid[],
        ${col((i) => i.inc.channel)}::text[], ${col((i) => i.inc.agentId)}::uuid[], ${col((i) => i.inc.teamId)}::uuid[],
        ${col((i) => i.inc.received)}::int[], ${col((i) => i.inc.sent)}::int[], ${col((i) => i.inc.replies)}::int[],
        ${col((i) => i.inc.replySeconds)}::real[], ${col((i) => i.inc.replyBhSeconds)}::real[])
        as v(event_id, day, inbox_id, channel, agent_id, team_id, received, sent, replies, reply_seconds, reply_bh_seconds)),
    marked as (insert into event_effects (consumer, event_id) select ${consumer}, event_id from v on conflict do nothing returning event_id)
    insert into report_message_daily (day, inbox_id, channel, agent_id, team_id, received, sent, replies, reply_seconds, reply_bh_seconds)
    select day, inbox_id, min(channel), agent_id, team_id, sum(received), sum(sent), sum(replies), sum(reply_seconds), sum(reply_bh_seconds)
    from v join marked using (event_id) group by day, inbox_id, agent_id, team_id
    on conflict (day, inbox_id, agent_id, team_id) do update set received = report_message_daily.received + excluded.received,
      sent = report_message_daily.sent + excluded.sent, replies = report_message_daily.replies + excluded.replies,
      reply_seconds = report_message_daily.reply_seconds + excluded.reply_seconds,
      reply_bh_seconds = report_message_daily.reply_bh_seconds + excluded.reply_bh_seconds`);
}

/**
 * Adds new messages to the daily rollup, once per event (`eventId`). The increments of the messages arriving
 * within `delayMs` (from every partition of this node) are written with one statement instead of one each; every
 * call still settles only once its increment is stored (so a lane, and bus.drain(), finish after the write).
 */
export function messageRecorder(ctx: AppContext, consumer: string, delayMs = 100) {
  const add = gatherer(delayMs, (items: { eventId: string; inc: DailyIncrement }[]) => addIncrementsOnce(ctx, consumer, items));
  return async (eventId: string, message: MessageRow, conversation: ConversationRow): Promise<void> => {
    if (message.direction === 'activity' || message.private) return;
    // Only an agent's reply needs the thread before it (to time the wait it ends); counts need nothing.
    const earlier = !isAgentReply(message) ? [] : (await ctx.db.select(factMessageColumns).from(schema.messages)
      .where(sql`${schema.messages.conversationId} = ${conversation.id} and ${schema.messages.createdAt} <= ${message.createdAt} and ${schema.messages.id} <> ${message.id}`)
      .orderBy(sql`${schema.messages.createdAt} desc`).limit(200)).reverse();
    const channel = (await channels(ctx, [conversation.inboxId])).get(conversation.inboxId) ?? '';
    const inc = messageIncrement(conversation, channel, await scheduleFor(ctx, conversation.inboxId), earlier, message);
    if (inc) await add([{ eventId, inc }]);
  };
}

/**
 * Rebuilds both report tables from conversations and messages (after an import, a schedule change, or in the
 * benchmark after seeding). Batches keep memory flat whatever the data size.
 */
export async function rebuildReports(ctx: AppContext, batchSize = 2000): Promise<{ conversations: number }> {
  await ctx.db.delete(schema.reportMessageDaily);
  const channel = await channels(ctx);
  const sched = await scheduleMap(ctx, [...channel.keys()]);
  let after = '00000000-0000-0000-0000-000000000000';
  let total = 0;
  for (;;) {
    const batch = await ctx.db.select().from(schema.conversations).where(gt(schema.conversations.id, after)).orderBy(asc(schema.conversations.id)).limit(batchSize);
    if (!batch.length) break;
    await refreshFacts(ctx, batch);
    const msgs = await ctx.db.select(factMessageColumns).from(schema.messages).where(inArray(schema.messages.conversationId, batch.map((c) => c.id)))
      .orderBy(asc(schema.messages.createdAt));
    const byConversation = groupByConversation(msgs);
    const increments: DailyIncrement[] = [];
    for (const c of batch) {
      const list: FactMessage[] = byConversation.get(c.id) ?? [];
      list.forEach((m, i) => {
        const inc = messageIncrement(c, channel.get(c.inboxId) ?? '', sched.get(c.inboxId) ?? null, list.slice(Math.max(0, i - 200), i), m);
        if (inc) increments.push(inc);
      });
    }
    const rows = sumByRow(increments);
    for (let i = 0; i < rows.length; i += 1000) await addIncrements(ctx, rows.slice(i, i + 1000));
    total += batch.length;
    after = batch[batch.length - 1].id;
  }
  return { conversations: total };
}

/**
 * Bursts of events collapse into one fact refresh shortly after: every conversation touched within `delayMs` (on
 * any partition of this node) is refreshed together, with the same three statements however many there are.
 */
export function factRefresher(ctx: AppContext, delayMs = 150) {
  const refresh = gatherer(delayMs, async (ids: string[]) => {
    // The conversations and their SLA rows in one query.
    const rows = await ctx.db.select({ c: schema.conversations, breached: schema.conversationSlas.breached }).from(schema.conversations)
      .leftJoin(schema.conversationSlas, eq(schema.conversationSlas.conversationId, schema.conversations.id))
      .where(inArray(schema.conversations.id, [...new Set(ids)]));
    await refreshFacts(ctx, rows.map((r) => r.c), rows.filter((r) => r.breached !== null).map((r) => ({ id: r.c.id, breached: r.breached! })));
  });
  return (conversationId: string): Promise<void> => refresh([conversationId]);
}

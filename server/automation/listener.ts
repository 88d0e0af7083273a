import { and, desc, eq, ne } from 'drizzle-orm';
import type { Server } from 'socket.io';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import type { BatchItem } from '../events/consumer.js';
import { onceFor } from '../events/effects.js';
import { Presence } from '../realtime/presence.js';
import { gatherer } from '../shared/gather.js';
import { serializeContact, serializeConversation, serializeMessage } from '../serializers/rest.js';
import { autoAssign, drainUnassigned, handBack } from './assignment.js';
import { assignmentLinesConsumer } from './assignment-lines.js';
import { sendSurvey } from './csat.js';
import { opsFor } from './ops.js';
import { changesFacts } from './report-facts.js';
import { factRefresher, messageRecorder } from './report-store.js';
import { hasRules, runRules } from './rules-engine.js';
import { originFromActor, originFromMeta } from './rules-origin.js';
import { refreshSlas, startSlaWorker } from './sla-service.js';
import { dispatchWebhookBatch, startWebhookWorker, type WebhookEvent } from './webhooks.js';

/**
 * How long the webhook and SLA consumers gather the batches of every partition before one write serves them all:
 * a few milliseconds more before a side effect starts, for a statement per burst instead of one per partition.
 */
const GATHER_MS = 10;

/** Changes that happen on every message; rules on "conversation updated" are about what people changed. */
const ROUTINE = new Set(['lastMessageAt', 'unreadCount', 'firstReplyAt']);

/**
 * The ops concerns, each a durable consumer of the event log: outbound webhooks, rules, assignment (and its
 * activity lines), SLA timers, CSAT surveys and report facts. Also watches /agent sockets for who is online.
 */
export function opsListener(ctx: AppContext, io: Server): void {
  const ops = opsFor(ctx);
  const presence = new Presence(io);
  ops.presence = presence;

  void Promise.all([startSlaWorker(ctx), startWebhookWorker(ctx)]).catch((err) => ctx.log.error({ err }, 'ops workers failed to start'));

  io.of('/agent').on('connection', (socket) => {
    const agentId = socket.data.agentId as string;
    void drainUnassigned(ctx).catch((err) => ctx.log.error({ err }, 'assignment failed'));
    socket.on('disconnect', () => void (async () => {
      if ((await presence.onlineAgentIds()).has(agentId)) return; // still connected elsewhere
      await handBack(ctx, agentId);
    })().catch((err) => ctx.log.error({ err }, 'hand-back failed')));
  });

  webhookConsumer(ctx);
  rulesConsumer(ctx);
  assignmentConsumer(ctx);
  assignmentLinesConsumer(ctx);
  slaConsumer(ctx);
  csatConsumer(ctx);
  reportsConsumer(ctx);
}

/**
 * One delivery per subscription and event: its id is derived from the event id, so a redelivery adds none. Under
 * load the lane hands over its backlog at once, and all of it is queued in one transaction.
 */
function webhookConsumer(ctx: AppContext): void {
  const conv = serializeConversation;
  const data = (item: BatchItem<WebhookType>): unknown => {
    switch (item.type) {
      case 'conversation.created': case 'conversation.resolved': return { conversation: conv(item.payload.conversation) };
      case 'conversation.updated': return { conversation: conv(item.payload.conversation), changed: item.payload.changed };
      case 'message.created': return { message: serializeMessage(ctx.appSecret, item.payload.message), conversationId: item.payload.conversation.id };
      case 'message.updated': return { message: serializeMessage(ctx.appSecret, item.payload.message) };
      case 'contact.created': case 'contact.updated': return { contact: serializeContact(item.payload.contact) };
      case 'sla.breached': return { conversation: conv(item.payload.conversation), target: item.payload.target, dueAt: item.payload.dueAt.toISOString() };
      case 'csat.received': return { conversation: conv(item.payload.conversation), rating: item.payload.rating, comment: item.payload.comment };
      case 'agent.invited': return { invite: item.payload.invite };
      case 'transcript.requested': return { conversation: conv(item.payload.conversation), to: item.payload.to, requestedBy: item.payload.actor.type };
    }
  };
  const dispatch = gatherer(GATHER_MS, (events: WebhookEvent[]) => dispatchWebhookBatch(ctx, events));
  ctx.bus.consumer('webhooks').batch(WEBHOOK_TYPES, (items) =>
    dispatch(items.map((item) => ({ event: item.type, data: data(item), eventId: item.meta.id }))));
}

const WEBHOOK_TYPES = ['conversation.created', 'conversation.updated', 'conversation.resolved', 'message.created', 'message.updated',
  'contact.created', 'contact.updated', 'sla.breached', 'csat.received', 'agent.invited', 'transcript.requested'] as const;
type WebhookType = typeof WEBHOOK_TYPES[number];

/**
 * Rule actions have no key of their own: each event's matching rules run once (marked in the effects ledger);
 * an event no rule matches costs no mark.
 */
function rulesConsumer(ctx: AppContext): void {
  const c = ctx.bus.consumer('rules');
  const once = (e: Parameters<typeof onceFor>[2], run: () => Promise<unknown>) => onceFor(ctx.db, 'rules', e, run);
  c.on('conversation.created', ({ conversation }, e) => runRules(ctx, 'conversation.created', { conversation }, null, e.id, (apply) => once(e, apply)));
  c.on('conversation.updated', async ({ conversation, changed, actor }, e) => {
    if (changed.some((f) => !ROUTINE.has(f))) await runRules(ctx, 'conversation.updated', { conversation }, originFromActor(actor), e.id, (apply) => once(e, apply));
  });
  c.on('message.created', async ({ message, conversation }, e) => {
    if (message.direction !== 'activity') await runRules(ctx, 'message.created', { conversation, message }, originFromMeta(message.meta), e.id, (apply) => once(e, apply));
  });
  c.on('conversation.resolved', ({ conversation, actor }, e) => runRules(ctx, 'conversation.resolved', { conversation }, originFromActor(actor), e.id, (apply) => once(e, apply)));
  c.on('sla.breached', ({ conversation, target }, e) => runRules(ctx, 'sla.breached', { conversation, sla: { target } }, null, e.id, (apply) => once(e, apply)));
  c.on('csat.received', ({ conversation, rating }, e) => runRules(ctx, 'csat.received', { conversation, csat: { rating } }, null, e.id, (apply) => once(e, apply)));
  c.on('contact.updated', async ({ contact }, e) => {
    // Contact rules act on the contact's current conversation, when there is one (looked up only if a rule listens).
    if (!(await hasRules(ctx, 'contact.updated'))) return;
    const [conversation] = await ctx.db.select().from(schema.conversations)
      .where(and(eq(schema.conversations.contactId, contact.id), ne(schema.conversations.status, 'resolved')))
      .orderBy(desc(schema.conversations.lastMessageAt)).limit(1);
    if (conversation) await runRules(ctx, 'contact.updated', { conversation }, null, e.id, (apply) => once(e, apply));
  });
}

/** Assigning is idempotent by nature: a conversation that has an assignee is left alone. */
function assignmentConsumer(ctx: AppContext): void {
  const c = ctx.bus.consumer('assignment');
  c.on('conversation.created', ({ conversation }) => autoAssign(ctx, conversation.id));
  c.on('conversation.updated', async ({ conversation, changed }) => {
    if (!changed.includes('status')) return;
    if (conversation.status === 'open' && !conversation.assigneeId) await autoAssign(ctx, conversation.id);
    else if (conversation.status !== 'open') await drainUnassigned(ctx, [conversation.inboxId]); // capacity freed
  });
}

/**
 * Deadlines are recomputed from the conversation's state; a breach is recorded once on its SLA row. A batch
 * refreshes each of its conversations once, from their state now.
 */
function slaConsumer(ctx: AppContext): void {
  const refresh = gatherer(GATHER_MS, (ids: string[]) => refreshSlas(ctx, ids));
  ctx.bus.consumer('sla').batch(['conversation.updated'], (items) => refresh(items
    .filter((i) => i.payload.changed.some((f) => f === 'status' || f === 'firstReplyAt' || f === 'lastMessageAt'))
    .map((i) => i.payload.conversation.id)));
}

function csatConsumer(ctx: AppContext): void {
  ctx.bus.consumer('csat').on('conversation.resolved', ({ conversation }, e) => onceFor(ctx.db, 'csat', e, () => sendSurvey(ctx, conversation)));
}

/**
 * The fact row is recomputed from the conversation (idempotent); the daily rollup increments once per event. A
 * batch refreshes its conversations together and stores its increments together.
 */
function reportsConsumer(ctx: AppContext): void {
  const refreshFacts = factRefresher(ctx);
  const recordMessage = messageRecorder(ctx, 'reports');
  ctx.bus.consumer('reports').batch(['conversation.created', 'conversation.updated', 'sla.breached', 'message.created'], async (items) => {
    const work: Promise<void>[] = [];
    for (const item of items) {
      // A new message's own conversation.updated (only lastMessageAt changed) comes with its message.created in the
      // same transaction, and lastMessageAt is no fact: a reply refreshes them through its message.created.
      if (item.type === 'conversation.updated' && item.payload.changed.length === 1 && item.payload.changed[0] === 'lastMessageAt') continue;
      if (item.type === 'message.created') {
        work.push(recordMessage(item.meta.id, item.payload.message, item.payload.conversation));
        // A customer's message changes no fact: refreshing read every message of the conversation, each time.
        if (!changesFacts(item.payload.message)) continue;
      }
      work.push(refreshFacts(item.payload.conversation.id));
    }
    await Promise.all(work);
  });
}

import { and, desc, eq, ne } from 'drizzle-orm';
import type { Server } from 'socket.io';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import type { EventName, EventPayloads } from '../events/bus.js';
import { Presence } from '../realtime/presence.js';
import { serializeContact, serializeConversation, serializeMessage } from '../serializers/rest.js';
import { autoAssign, drainUnassigned, handBack } from './assignment.js';
import { sendSurvey } from './csat.js';
import { opsFor } from './ops.js';
import { factRefresher, messageRecorder } from './report-store.js';
import { hasRules, runRules } from './rules-engine.js';
import { originFromActor, originFromMeta } from './rules-origin.js';
import { refreshSla, startSlaWorker } from './sla-service.js';
import { dispatchWebhooks, startWebhookWorker } from './webhooks.js';

/** Changes that happen on every message; rules on "conversation updated" are about what people changed. */
const ROUTINE = new Set(['lastMessageAt', 'unreadCount', 'firstReplyAt']);

/**
 * The ops concern on the event bus: rules, assignment, SLA timers, CSAT, report facts and outbound webhooks,
 * each reacting to the same domain events. Also watches /agent sockets for who is online.
 */
export function opsListener(ctx: AppContext, io: Server): void {
  const ops = opsFor(ctx);
  const presence = new Presence(io);
  ops.presence = presence;
  const refreshFacts = factRefresher(ctx);
  const recordMessage = messageRecorder(ctx);
  const on = <E extends EventName>(event: E, fn: (p: EventPayloads[E]) => Promise<unknown>) => ctx.bus.on(event, fn);

  void Promise.all([startSlaWorker(ctx), startWebhookWorker(ctx)]).catch((err) => ctx.log.error({ err }, 'ops workers failed to start'));

  io.of('/agent').on('connection', (socket) => {
    const agentId = socket.data.agentId as string;
    void drainUnassigned(ctx).catch((err) => ctx.log.error({ err }, 'assignment failed'));
    socket.on('disconnect', () => void (async () => {
      if ((await presence.onlineAgentIds()).has(agentId)) return; // still connected elsewhere
      await handBack(ctx, agentId);
    })().catch((err) => ctx.log.error({ err }, 'hand-back failed')));
  });

  on('conversation.created', async ({ conversation }) => {
    await dispatchWebhooks(ctx, 'conversation.created', { conversation: serializeConversation(conversation) });
    await runRules(ctx, 'conversation.created', { conversation }, null);
    await autoAssign(ctx, conversation.id);
    await refreshFacts(conversation.id);
  });

  on('conversation.updated', async ({ conversation, changed, actor }) => {
    const origin = originFromActor(actor);
    await dispatchWebhooks(ctx, 'conversation.updated', { conversation: serializeConversation(conversation), changed });
    if (changed.some((c) => !ROUTINE.has(c))) await runRules(ctx, 'conversation.updated', { conversation }, origin);
    if (changed.includes('status')) {
      if (conversation.status === 'resolved') {
        await ops.emit('conversation.resolved', { conversation, actor });
        await sendSurvey(ctx, conversation).catch((err) => ctx.log.warn({ err, conversationId: conversation.id }, 'survey not sent'));
      }
      if (conversation.status === 'open' && !conversation.assigneeId) await autoAssign(ctx, conversation.id);
      else if (conversation.status !== 'open') await drainUnassigned(ctx, [conversation.inboxId]); // capacity freed
    }
    if (changed.some((c) => c === 'status' || c === 'firstReplyAt' || c === 'lastMessageAt')) await refreshSla(ctx, conversation.id);
    await refreshFacts(conversation.id);
  });

  on('message.created', async ({ message, conversation }) => {
    await dispatchWebhooks(ctx, 'message.created', { message: serializeMessage(ctx.appSecret, message), conversationId: conversation.id });
    if (message.direction !== 'activity') await runRules(ctx, 'message.created', { conversation, message }, originFromMeta(message.meta));
    // Two independent report tables: the daily rollup and the conversation's fact row.
    await Promise.all([recordMessage(message, conversation), refreshFacts(conversation.id)]);
  });

  on('message.updated', async ({ message }) => {
    await dispatchWebhooks(ctx, 'message.updated', { message: serializeMessage(ctx.appSecret, message) });
  });
  on('contact.created', async ({ contact }) => {
    await dispatchWebhooks(ctx, 'contact.created', { contact: serializeContact(contact) });
  });
  on('contact.updated', async ({ contact }) => {
    await dispatchWebhooks(ctx, 'contact.updated', { contact: serializeContact(contact) });
    // Contact rules act on the contact's current conversation, when there is one (looked up only if a rule listens).
    if (!(await hasRules(ctx, 'contact.updated'))) return;
    const [conversation] = await ctx.db.select().from(schema.conversations)
      .where(and(eq(schema.conversations.contactId, contact.id), ne(schema.conversations.status, 'resolved')))
      .orderBy(desc(schema.conversations.lastMessageAt)).limit(1);
    if (conversation) await runRules(ctx, 'contact.updated', { conversation }, null);
  });

  ops.on('conversation.resolved', async ({ conversation, actor }) => {
    await dispatchWebhooks(ctx, 'conversation.resolved', { conversation: serializeConversation(conversation) });
    await runRules(ctx, 'conversation.resolved', { conversation }, originFromActor(actor));
  });
  ops.on('sla.breached', async ({ conversation, target, dueAt }) => {
    await dispatchWebhooks(ctx, 'sla.breached', { conversation: serializeConversation(conversation), target, dueAt: dueAt.toISOString() });
    await runRules(ctx, 'sla.breached', { conversation, sla: { target } }, null);
    await refreshFacts(conversation.id);
  });
  ops.on('csat.received', async ({ conversation, rating, comment }) => {
    await dispatchWebhooks(ctx, 'csat.received', { conversation: serializeConversation(conversation), rating, comment });
    await runRules(ctx, 'csat.received', { conversation, csat: { rating } }, null);
  });
}

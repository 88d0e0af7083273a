// What a merge (or its undo) tells the world besides the conversation.updated events: webhook subscribers,
// the agents watching either inbox (one event to redraw both rows and the open thread) and the visitor, whose
// widget switches to the conversation the thread now lives in. The SLA clock is recomputed for both.
import type { Server } from 'socket.io';
import type { AppContext } from '../../context.js';
import { refreshSla } from '../../automation/sla-service.js';
import { dispatchWebhooks } from '../../automation/webhooks.js';
import type { ConversationMergeEvent } from '../../events/bus.js';
import { rooms } from '../../realtime/rooms.js';
import { serializeConversation } from '../../serializers/rest.js';

export function conversationMergeListener(ctx: AppContext, io: Server): void {
  const payload = (e: ConversationMergeEvent) => ({
    mergeId: e.mergeId, primary: serializeConversation(e.primary), secondary: serializeConversation(e.secondary), contactMerged: e.contactMerged,
  });
  // Realtime, right after commit on this node.
  const tell = (event: 'conversation.merged' | 'conversation.unmerged') => (e: ConversationMergeEvent) => {
    const data = payload(e);
    io.of('/agent').to([...new Set([rooms.inbox(e.primary.inboxId), rooms.inbox(e.secondary.inboxId)])]).emit(event, data);
    const visitorRooms = new Set([rooms.visitor(e.primary.inboxId, e.primary.contactId), rooms.visitor(e.secondary.inboxId, e.secondary.contactId)]);
    io.of('/widget').to([...visitorRooms]).emit(event, { primaryId: e.primary.id, secondaryId: e.secondary.id });
  };
  ctx.bus.on('conversation.merged', tell('conversation.merged'));
  ctx.bus.on('conversation.unmerged', tell('conversation.unmerged'));
  // Durable, from the event log: the webhook and SLA consumers.
  for (const event of ['conversation.merged', 'conversation.unmerged'] as const) {
    ctx.bus.consumer('webhooks').on(event, (e, meta) => dispatchWebhooks(ctx, meta, payload(e)));
    ctx.bus.consumer('sla').on(event, async (e) => {
      await refreshSla(ctx, e.primary.id);
      await refreshSla(ctx, e.secondary.id);
    });
  }
}

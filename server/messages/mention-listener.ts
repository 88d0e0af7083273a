// @mentions in private notes: a stored notification for each mentioned agent, pushed to their screens.
import { eq } from 'drizzle-orm';
import type { Server } from 'socket.io';
import type { AppContext } from '../context.js';
import { schema } from '../db/client.js';
import { createMentionNotifications, serializeNotification } from './mentions.js';
import { rooms } from '../realtime/rooms.js';
import { onceFor } from '../events/effects.js';

/** A durable consumer: each note's mentions are notified once (marked in the effects ledger). */
export function mentionListener(ctx: AppContext, io: Server) {
  ctx.bus.consumer('notifications').on('message.created', ({ message }, event) => message.private && onceFor(ctx.db, 'notifications', event, async () => {
    const created = await createMentionNotifications(ctx, message);
    if (!created.length) return;
    const [author] = message.senderId
      ? await ctx.db.select({ name: schema.agents.name }).from(schema.agents).where(eq(schema.agents.id, message.senderId))
      : [];
    for (const n of created) {
      io.of('/agent').to(rooms.agent(n.agentId)).emit('notification.created', { notification: serializeNotification(n, author?.name ?? '', message.body) });
    }
  }));
}

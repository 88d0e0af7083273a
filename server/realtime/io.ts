import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { Server, type Socket } from 'socket.io';
import type { AppContext } from '../context.js';
import { agentForToken, visibleInboxIds } from '../domain/agents.js';
import { getConversationView } from '../domain/conversations.js';
import { isUuid } from '../domain/ids.js';
import { schema } from '../db/client.js';
import { and, eq } from 'drizzle-orm';
import { resolveVisitor } from '../domain/visitors.js';
import { sendVisitorMessage } from '../domain/webchat.js';
import { HttpError, zodFields } from '../http/errors.js';
import { visitorMessageSchema } from '../http/routes/widget.js';
import { serializeVisitorMessage } from '../serializers/widget.js';
import { rooms } from './rooms.js';

export interface Realtime {
  io: Server;
  close(): Promise<void>;
}

type Ack = ((response: unknown) => void) | undefined;

function cookieToken(cookie: string | undefined): string | null {
  const m = cookie?.match(/(?:^|;\s*)sb_token=([^;]+)/);
  return m ? decodeURIComponent(m[1]) : null;
}

/** Errors reach socket clients in the REST shape, through the ack. */
function ackError(ack: Ack, err: unknown) {
  if (!ack) return;
  if (err instanceof HttpError) ack({ error: { code: err.code, message: err.message, fields: err.fields } });
  else ack({ error: { code: 'internal', message: 'Something went wrong on our side' } });
}

export async function createRealtime(ctx: AppContext, http: HttpServer): Promise<Realtime> {
  const io = new Server(http, { serveClient: false, cors: { origin: true, credentials: false }, maxHttpBufferSize: 1e6 });
  const redisClients: { quit(): Promise<unknown> }[] = [];
  if (ctx.config.REDIS_URL) {
    const pub = createClient({ url: ctx.config.REDIS_URL });
    const sub = pub.duplicate();
    pub.on('error', (err) => ctx.log.error({ err }, 'redis error'));
    sub.on('error', (err) => ctx.log.error({ err }, 'redis error'));
    await Promise.all([pub.connect(), sub.connect()]);
    io.adapter(createAdapter(pub, sub));
    redisClients.push(pub, sub);
  }

  const agents = io.of('/agent');
  agents.use(async (socket, next) => {
    const token = (socket.handshake.auth?.token as string | undefined) ?? cookieToken(socket.handshake.headers.cookie);
    const agent = token ? await agentForToken(ctx.db, token).catch(() => null) : null;
    if (!agent) return next(new Error('unauthorized'));
    socket.data.agent = agent;
    socket.data.agentId = agent.id;
    next();
  });
  agents.on('connection', async (socket: Socket) => {
    const agent = socket.data.agent;
    const inboxIds = await visibleInboxIds(ctx.db, agent);
    socket.join([rooms.agent(agent.id), ...inboxIds.map(rooms.inbox)]);
    socket.emit('ready', { agentId: agent.id, inboxIds });

    // Same authorisation as GET /api/conversations/:id: unknown or not visible -> not found.
    const visible = async (conversationId: unknown) => {
      if (typeof conversationId !== 'string') throw new HttpError(400, 'bad_request', 'conversationId required');
      const found = await getConversationView(ctx, conversationId, await visibleInboxIds(ctx.db, agent));
      if (!found) throw new HttpError(404, 'not_found', 'Conversation not found');
      return found.conversation;
    };
    socket.on('conversation.join', async (conversationId: unknown, ack: Ack) => {
      try {
        const c = await visible(conversationId);
        await socket.join(rooms.conversation(c.id));
        socket.to(rooms.conversation(c.id)).emit('presence', { conversationId: c.id, agentId: agent.id, name: agent.name, viewing: true });
        ack?.({ ok: true });
      } catch (err) { ackError(ack, err); }
    });
    socket.on('conversation.leave', async (conversationId: unknown, ack: Ack) => {
      // Only a room this socket joined (after the visibility check) hears that it left: otherwise any agent
      // could announce themselves into conversations of inboxes they cannot see.
      const room = typeof conversationId === 'string' ? rooms.conversation(conversationId) : null;
      if (room && socket.rooms.has(room)) {
        await socket.leave(room);
        socket.to(room).emit('presence', { conversationId, agentId: agent.id, name: agent.name, viewing: false });
      }
      ack?.({ ok: true });
    });
    socket.on('typing', async (payload: { conversationId?: unknown; on?: unknown; private?: unknown }, ack: Ack) => {
      try {
        const c = await visible(payload?.conversationId);
        const on = Boolean(payload?.on);
        socket.to(rooms.conversation(c.id)).emit('typing', { conversationId: c.id, agentId: agent.id, name: agent.name, on });
        // A note being written is nobody's business but the team's.
        if (!payload?.private) io.of('/widget').to(rooms.visitor(c.inboxId, c.contactId)).emit('typing', { conversationId: c.id, on, sender: { name: agent.name } });
        ack?.({ ok: true });
      } catch (err) { ackError(ack, err); }
    });
  });

  const widget = io.of('/widget');
  widget.use(async (socket, next) => {
    const token = socket.handshake.auth?.token;
    const visitor = typeof token === 'string' ? await resolveVisitor(ctx, token).catch(() => null) : null;
    if (!visitor) return next(new Error('unauthorized'));
    socket.data.visitor = visitor;
    next();
  });
  widget.on('connection', (socket: Socket) => {
    const v = socket.data.visitor;
    socket.join(rooms.visitor(v.inboxId, v.contactId));
    // Same handler and validation as POST /api/widget/messages.
    socket.on('message.send', async (payload: unknown, ack: Ack) => {
      try {
        const parsed = visitorMessageSchema.safeParse(payload ?? {});
        if (!parsed.success) throw new HttpError(400, 'invalid', 'Invalid message', zodFields(parsed.error));
        const { message, conversationId } = await sendVisitorMessage(ctx, v, parsed.data);
        ack?.({ message: serializeVisitorMessage(ctx.appSecret, message), conversationId });
      } catch (err) { ackError(ack, err); }
    });
    // A visitor may only name their own conversations; any other id is dropped, not passed on to agents.
    const own = new Set<string>();
    const ownConversation = async (id: unknown): Promise<string | null> => {
      if (!isUuid(id)) return null;
      if (own.has(id)) return id;
      const [row] = await ctx.db.select({ id: schema.conversations.id }).from(schema.conversations).where(and(
        eq(schema.conversations.id, id), eq(schema.conversations.inboxId, v.inboxId), eq(schema.conversations.contactId, v.contactId)));
      if (row) own.add(id);
      return row ? id : null;
    };
    socket.on('typing', async (payload: { on?: unknown; conversationId?: unknown }) => {
      try {
        const conversationId = await ownConversation(payload?.conversationId);
        agents.to(rooms.inbox(v.inboxId)).emit('typing', { contactId: v.contactId, conversationId, on: Boolean(payload?.on), visitor: true });
      } catch (err) {
        ctx.log.warn({ err }, 'visitor typing not relayed');
      }
    });
  });

  return {
    io,
    async close() {
      // Tell clients to reconnect elsewhere, then stop accepting.
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await Promise.all(redisClients.map((c) => c.quit().catch(() => {})));
    },
  };
}

import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { AppContext } from '../context.js';
import { visibleInboxIds, type AuthedAgent } from '../agents/agents.js';
import { getConversationView } from '../conversations/conversations.js';
import { isUuid } from '../shared/ids.js';
import { schema } from '../db/client.js';
import { and, eq } from 'drizzle-orm';
import { findInboxRow } from '../inboxes/inboxes.js';
import { sendVisitorMessage } from '../webchat/webchat.js';
import { DomainError, forbidden, notFound, zodFields } from '../errors.js';
import { limitKey, publicLimit } from '../http/limits.js';
import { originAllowed, visitorMessageSchema } from '../webchat/routes.js';
import { serializeVisitorMessage } from '../serializers/widget.js';
import type { Principal } from '../auth/principal.js';
import { recheckOnAccessChange, syncAgentRooms } from './access-recheck.js';
import { Collision } from './collision.js';
import { agentCard, Presence } from './presence.js';
import { rooms } from './rooms.js';
import { ackError, guardNamespace } from './socket-guard.js';

export interface Realtime {
  io: Server;
  close(): Promise<void>;
}

type Ack = ((response: unknown) => void) | undefined;

export async function createRealtime(ctx: AppContext, http: HttpServer): Promise<Realtime> {
  const io = new Server(http, { serveClient: false, cors: { origin: true, credentials: false }, maxHttpBufferSize: 1e6 });
  const redisClients: { quit(): Promise<unknown> }[] = [];
  if (ctx.config.REDIS_URL) {
    // Loaded only with REDIS_URL set: the client takes over a second to load, for nothing on a single node.
    const [{ createAdapter }, { createClient }] = await Promise.all([import('@socket.io/redis-adapter'), import('redis')]);
    const pub = createClient({ url: ctx.config.REDIS_URL });
    const sub = pub.duplicate();
    pub.on('error', (err) => ctx.log.error({ err }, 'redis error'));
    sub.on('error', (err) => ctx.log.error({ err }, 'redis error'));
    await Promise.all([pub.connect(), sub.connect()]);
    io.adapter(createAdapter(pub, sub));
    redisClients.push(pub, sub);
  }

  const agents = io.of('/agent');
  const presence = new Presence(io);
  const collision = new Collision(ctx, agents);
  guardNamespace(ctx, agents, '/agent');
  const stopRecheck = recheckOnAccessChange(ctx, agents);
  agents.on('connection', async (socket: Socket) => {
    // Every handler is on before the first await: a client's first events (what it shows, the conversation it
    // joins) arrive right behind the connection and would otherwise be dropped.
    collision.attach(socket);
    // The agent as of the last decision (role and name can change while the socket is open).
    const current = () => socket.data.agent as AuthedAgent;
    // Colleagues' pickers and team lists show who is connected as it changes.
    const announce = () => presence.announce(agentCard(current())).catch((err) => ctx.log.warn({ err }, 'presence not announced'));
    void announce();
    socket.on('disconnect', () => void announce());

    // Same authorisation as GET /api/conversations/:id: unknown or not visible -> not found.
    const visible = async (conversationId: unknown) => {
      if (typeof conversationId !== 'string') throw new DomainError('invalid', 'bad_request', 'conversationId required');
      const found = await getConversationView(ctx, conversationId, await visibleInboxIds(ctx.db, current()));
      if (!found) throw new DomainError('not_found', 'not_found', 'Conversation not found');
      return found.conversation;
    };
    socket.on('conversation.join', async (conversationId: unknown, ack: Ack) => {
      try {
        const c = await visible(conversationId);
        await socket.join(rooms.conversation(c.id));
        ack?.({ ok: true });
      } catch (err) { ackError(ack, err); }
    });
    socket.on('conversation.leave', async (conversationId: unknown, ack: Ack) => {
      const room = typeof conversationId === 'string' ? rooms.conversation(conversationId) : null;
      if (room && socket.rooms.has(room)) await socket.leave(room);
      ack?.({ ok: true });
    });
    socket.on('typing', async (payload: { conversationId?: unknown; on?: unknown; private?: unknown }, ack: Ack) => {
      try {
        const c = await visible(payload?.conversationId);
        const on = Boolean(payload?.on);
        // Colleagues see it in the collision line; a note being written is nobody's business but the team's.
        await collision.typing(socket, c.id, on);
        if (!payload?.private) io.of('/widget').to(rooms.visitor(c.inboxId, c.contactId)).emit('typing', { conversationId: c.id, on, sender: { name: current().name } });
        ack?.({ ok: true });
      } catch (err) { ackError(ack, err); }
    });
    const inboxIds = await syncAgentRooms(ctx, socket, socket.data.agent);
    socket.emit('ready', { agentId: socket.data.agent.id, inboxIds });
  });

  const widget = io.of('/widget');
  // The same origin rule and the same rate limit as the widget's REST routes.
  const checkOrigin = async (socket: Socket, principal: Principal) => {
    if (principal.kind !== 'visitor') return;
    const inbox = await findInboxRow(ctx, principal.visitor.inboxId);
    if (!inbox) throw notFound('Widget');
    if (!originAllowed(ctx, inbox, socket.handshake.headers.origin)) throw forbidden('This site may not embed this widget');
  };
  guardNamespace(ctx, widget, '/widget', {
    onConnect: async (socket, principal) => {
      await checkOrigin(socket, principal);
      socket.data.visitor = principal.kind === 'visitor' ? principal.visitor : undefined;
    },
    onEvent: async (socket, event) => {
      if (event !== 'message.send') return;
      await checkOrigin(socket, socket.data.principal);
      await publicLimit(ctx).consume(limitKey(socket.data.principal, socket.handshake.address));
    },
  });
  widget.on('connection', (socket: Socket) => {
    const v = socket.data.visitor;
    socket.join(rooms.visitor(v.inboxId, v.contactId));
    // Same handler and validation as POST /api/widget/messages.
    socket.on('message.send', async (payload: unknown, ack: Ack) => {
      try {
        const parsed = visitorMessageSchema.safeParse(payload ?? {});
        if (!parsed.success) throw new DomainError('invalid', 'invalid', 'Invalid message', zodFields(parsed.error));
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
      stopRecheck();
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await Promise.all(redisClients.map((c) => c.quit().catch(() => {})));
    },
  };
}

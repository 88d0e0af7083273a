import type { Namespace, Socket } from 'socket.io';
import type { AppContext } from '../context.js';
import { decide } from '../auth/decide.js';
import { socketEventScope, type SocketNamespace } from '../auth/policy.js';
import { credentialFrom, principalAgent, resolvePrincipal, type Credential, type Principal } from '../auth/principal.js';
import { DomainError } from '../errors.js';
import { SESSION_COOKIE } from '../http/auth.js';
import { valueProblem } from '../http/json-limits.js';

export interface GuardedSocketData {
  credential: Credential | null;
  principal: Principal;
  agent?: ReturnType<typeof principalAgent>;
  agentId?: string;
}

/** Extra per-namespace checks (the widget's allowed origins, rate limits), after the decision allowed. */
export interface SocketChecks {
  onConnect?(socket: Socket, principal: Principal): Promise<void>;
  onEvent?(socket: Socket, event: string): Promise<void>;
}

type Ack = (response: unknown) => void;

/** Errors reach socket clients in the REST shape, through the ack. */
export function ackError(ack: Ack | undefined, err: unknown) {
  if (!ack) return;
  if (err instanceof DomainError) ack({ error: { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) } });
  else ack({ error: { code: 'internal', message: 'Something went wrong on our side' } });
}

export function socketFacts(ctx: AppContext, socket: Socket) {
  const host = socket.handshake.headers.host;
  const own = [new URL(ctx.config.publicUrl).origin];
  if (host) own.push(`${socket.handshake.secure ? 'https' : 'http'}://${host}`);
  return { origin: socket.handshake.headers.origin, selfOrigins: own };
}

function connectError(err: DomainError): Error {
  const e = new Error(err.kind === 'unauthenticated' ? 'unauthorized' : 'forbidden') as Error & { data: unknown };
  e.data = { code: err.code, message: err.message };
  return e;
}

/** Resolves the socket's credential again (cached briefly; caches are dropped on every access change). */
export async function refreshPrincipal(ctx: AppContext, socket: Socket): Promise<Principal> {
  const data = socket.data as GuardedSocketData;
  const principal = await resolvePrincipal(ctx, data.credential);
  const agent = principalAgent(principal);
  // The same credential can only stay the same agent; anything else (revoked, signed out) is anonymous.
  if (data.agentId && agent?.id !== data.agentId) return { kind: 'anonymous' };
  data.principal = principal;
  if (agent) data.agent = agent;
  return principal;
}

/**
 * Puts a namespace behind the one authorisation decision: at connect, and again for every incoming event
 * (whichever module registered its handler), with the same payload limits as REST bodies. A socket whose
 * credential no longer resolves is told so and disconnected.
 */
export function guardNamespace(ctx: AppContext, ns: Namespace, name: SocketNamespace, checks: SocketChecks = {}) {
  ns.use(async (socket, next) => {
    try {
      // Only agents have a session cookie; a visitor's token always travels explicitly.
      const credential = credentialFrom(socket.handshake.auth?.token, name === '/agent' ? socket.handshake.headers.cookie : undefined, SESSION_COOKIE);
      const principal = await resolvePrincipal(ctx, credential);
      const decision = decide(principal, { transport: 'socket', namespace: name, event: 'connect', ...socketFacts(ctx, socket) });
      if (!decision.allow) return next(connectError(decision.error));
      await checks.onConnect?.(socket, principal);
      const data = socket.data as GuardedSocketData;
      data.credential = credential;
      data.principal = principal;
      const agent = principalAgent(principal);
      if (agent) { data.agent = agent; data.agentId = agent.id; }
      next();
    } catch (err) {
      next(err instanceof DomainError ? connectError(err) : new Error('unavailable'));
    }
  });

  ns.on('connection', (socket: Socket) => {
    socket.use(([event, ...args], next) => {
      const ack = typeof args[args.length - 1] === 'function' ? (args[args.length - 1] as Ack) : undefined;
      void (async () => {
        if (socketEventScope(name, event) === undefined) throw new DomainError('not_found', 'unknown_event', `Unknown event "${event}"`);
        const problem = valueProblem(ack ? args.slice(0, -1) : args);
        if (problem) throw problem;
        const principal = await refreshPrincipal(ctx, socket);
        const decision = decide(principal, { transport: 'socket', namespace: name, event, ...socketFacts(ctx, socket) });
        if (!decision.allow) {
          if (decision.error.kind === 'unauthenticated') endSession(socket);
          throw decision.error;
        }
        await checks.onEvent?.(socket, event);
      })().then(() => next(), (err) => ackError(ack, err));
    });
  });
}

/** Tells the client its session is over and closes the socket. */
export function endSession(socket: Socket) {
  socket.emit('session.ended', { reason: 'Your session ended; sign in again' });
  socket.disconnect(true);
}

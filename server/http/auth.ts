import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AppContext } from '../context.js';
import { decide, type Audience } from '../auth/decide.js';
import { credentialFrom, principalAgent, resolvePrincipal, type Principal } from '../auth/principal.js';
import { visibleInboxIds, type AuthedAgent } from '../agents/agents.js';
import type { Visitor } from '../webchat/visitors.js';

export const SESSION_COOKIE = 'sb_token';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
    agent?: AuthedAgent;
    visitor?: Visitor;
    /** This server's own origins, for the cross-site check (see selfOrigins). */
    ownOrigins?: string[];
  }
}

export function bearer(req: Request): string | null {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) return h.slice(7).trim() || null;
  return null;
}

/** The origins that are this server: the configured public URL and the host the browser addressed. */
export function selfOrigins(ctx: AppContext, req: Request): string[] {
  const own = [new URL(ctx.config.publicUrl).origin];
  const host = req.get('host');
  if (host) own.push(`${req.protocol}://${host}`);
  return own;
}

/** Resolves the request's principal once (bearer header first, else the session cookie) and keeps it on req. */
export async function principalOf(ctx: AppContext, req: Request): Promise<Principal> {
  if (req.principal) return req.principal;
  const principal = await resolvePrincipal(ctx, credentialFrom(bearer(req), req.headers.cookie, SESSION_COOKIE));
  req.principal = principal;
  req.ownOrigins = selfOrigins(ctx, req);
  req.agent = principalAgent(principal) ?? undefined;
  if (principal.kind === 'visitor') req.visitor = principal.visitor;
  return principal;
}

/** Edge middleware for /api: every request gets its principal before any router sees it. */
export function identify(ctx: AppContext): RequestHandler {
  return async function identify(req, _res, next) {
    await principalOf(ctx, req);
    next();
  };
}

/** A guard middleware carries its audience, so tools that walk the router (the authorisation matrix) see it. */
export type Guard = RequestHandler & { authGuard: Audience };

function guard(ctx: AppContext | null, audience: Audience): Guard {
  const check = async (req: Request, _res: Response, next: NextFunction) => {
    const principal = req.principal ?? (ctx ? await principalOf(ctx, req) : { kind: 'anonymous' as const });
    const decision = decide(principal, {
      transport: 'rest', method: req.method, path: `${req.baseUrl}${req.path}`.replace(/^\/api(?=\/)/i, ''), audience,
      origin: req.headers.origin, selfOrigins: req.ownOrigins ?? [],
    });
    next(decision.allow ? undefined : decision.error);
  };
  return Object.assign(check, { authGuard: audience });
}

/**
 * Agents authenticate with a bearer token or, in the inbox UI, the httpOnly session cookie; API tokens are
 * held to their scopes whichever way they come, and cookie-carried changes must come from our own pages.
 */
export const requireAgent = (ctx: AppContext): Guard => guard(ctx, 'agent');

/** After requireAgent (which resolved the principal): admins only. */
export const requireAdmin: Guard = guard(null, 'admin');

export const requireVisitor = (ctx: AppContext): Guard => guard(ctx, 'visitor');

export async function agentInboxIds(ctx: AppContext, req: Request): Promise<string[]> {
  return visibleInboxIds(ctx.db, req.agent!);
}

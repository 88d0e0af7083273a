import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AppContext } from '../context.js';
import { agentForToken, visibleInboxIds, type AuthedAgent } from '../domain/agents.js';
import { resolveVisitor, type Visitor } from '../domain/visitors.js';
import { forbidden, unauthorized } from './errors.js';

export const SESSION_COOKIE = 'sb_token';

declare module 'express-serve-static-core' {
  interface Request {
    agent?: AuthedAgent;
    visitor?: Visitor;
  }
}

export function bearer(req: Request): string | null {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) return h.slice(7).trim() || null;
  return null;
}

function cookieToken(req: Request): string | null {
  const raw = req.headers.cookie;
  if (!raw) return null;
  for (const part of raw.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === SESSION_COOKIE) return decodeURIComponent(v.join('='));
  }
  return null;
}

/** Agents authenticate with a bearer token or, in the inbox UI, the httpOnly session cookie. */
export function requireAgent(ctx: AppContext): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const token = bearer(req) ?? cookieToken(req);
    if (!token) return next(unauthorized());
    const agent = await agentForToken(ctx.db, token);
    if (!agent) return next(unauthorized('Session expired or token invalid; sign in again'));
    req.agent = agent;
    next();
  };
}

export function requireAdmin(req: Request, _res: Response, next: NextFunction) {
  if (req.agent?.role !== 'admin') return next(forbidden('Only admins may do that'));
  next();
}

export function requireVisitor(ctx: AppContext): RequestHandler {
  return async (req, _res, next) => {
    const token = bearer(req);
    if (!token) return next(unauthorized('Visitor token required'));
    const visitor = await resolveVisitor(ctx, token);
    if (!visitor) return next(unauthorized('Visitor token invalid; start a new session'));
    req.visitor = visitor;
    next();
  };
}

export async function agentInboxIds(ctx: AppContext, req: Request): Promise<string[]> {
  return visibleInboxIds(ctx.db, req.agent!);
}

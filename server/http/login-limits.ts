import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { AppContext } from '../context.js';
import { secondsUntil } from './limits.js';

const WINDOW_MS = 15 * 60_000;

type Limited = Request & { rateLimit?: { resetTime?: Date } };

/** The lock lasts until the window resets: say exactly how long, in the header and in words. */
const lockedOut = (what: string) => (req: Request, res: Response) => {
  const seconds = secondsUntil((req as Limited).rateLimit?.resetTime, WINDOW_MS);
  const minutes = Math.ceil(seconds / 60);
  res.setHeader('Retry-After', String(seconds));
  res.status(429).json({ error: { code: 'rate_limited', message: `Too many ${what}; try again in ${minutes} minute${minutes === 1 ? '' : 's'}` } });
};

// The account part of a key. Only a string is taken: the body is not validated yet when the key is made,
// and an e-mail nested 10 000 arrays deep must not reach String().
const accountOf = (req: Request) => (typeof req.body?.email === 'string' ? req.body.email.slice(0, 320).toLowerCase() : '');

// req.ip is the socket address, or the forwarded one only as far as TRUST_PROXY allows.
const addressOf = (req: Request) => ipKeyGenerator(req.ip ?? '');

/**
 * Brute-force protection for sign-in, in two layers: attempts per address and account (RATE_LIMIT_LOGIN),
 * and failed attempts per address across any accounts (RATE_LIMIT_LOGIN_ADDRESS), so one address cannot
 * try a password against many accounts.
 */
export function signInLimits(ctx: AppContext): RequestHandler[] {
  const common = { windowMs: WINDOW_MS, standardHeaders: 'draft-8' as const, legacyHeaders: false, validate: { keyGeneratorIpFallback: false } };
  return [
    rateLimit({ ...common, limit: ctx.config.RATE_LIMIT_LOGIN_ADDRESS, skipSuccessfulRequests: true,
      keyGenerator: (req) => `address:${addressOf(req)}`, handler: lockedOut('failed sign-ins from this address') }),
    rateLimit({ ...common, limit: ctx.config.RATE_LIMIT_LOGIN,
      keyGenerator: (req) => `${addressOf(req)}|${accountOf(req)}`, handler: lockedOut('sign-in attempts') }),
  ];
}

/** Reset requests per address, whatever the account: each one may send an e-mail. */
export function resetRequestLimit(ctx: AppContext): RequestHandler {
  return rateLimit({ windowMs: WINDOW_MS, limit: ctx.config.RATE_LIMIT_LOGIN, standardHeaders: 'draft-8', legacyHeaders: false,
    validate: { keyGeneratorIpFallback: false },
    keyGenerator: (req) => `reset:${addressOf(req)}`, handler: lockedOut('password reset requests') });
}

import { Router } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { checkCredentials, issueToken, revokeToken, toAuthedAgent } from '../../domain/agents.js';
import { accessChanged } from '../../auth/access-changes.js';
import { decide } from '../../auth/decide.js';
import { credentialFrom, principalAgent } from '../../auth/principal.js';
import { bearer, principalOf, requireAgent, SESSION_COOKIE } from '../auth.js';
import { unauthorized } from '../errors.js';
import { parseBody } from '../validate.js';

const loginSchema = z.object({ email: z.email().max(320), password: z.string().min(1).max(1000) });

export function authRoutes(ctx: AppContext): Router {
  const r = Router();
  const secure = ctx.config.publicUrl.startsWith('https://');
  // Brute force protection: per client address and per account.
  const limiter = rateLimit({
    windowMs: 15 * 60_000,
    limit: ctx.config.RATE_LIMIT_LOGIN,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => `${ipKeyGenerator(req.ip ?? '')}|${String(req.body?.email ?? '').toLowerCase()}`,
    // The lock lasts until the window resets: say exactly how long, in the header and in words.
    handler: (req, res) => {
      const reset = (req as typeof req & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = Math.max(1, Math.ceil(((reset?.getTime() ?? Date.now() + 15 * 60_000) - Date.now()) / 1000));
      const minutes = Math.ceil(seconds / 60);
      res.setHeader('Retry-After', String(seconds));
      res.status(429).json({ error: { code: 'rate_limited', message: `Too many sign-in attempts; try again in ${minutes} minute${minutes === 1 ? '' : 's'}` } });
    },
  });

  r.post('/login', limiter, async (req, res) => {
    const { email, password } = parseBody(loginSchema, req);
    const agent = await checkCredentials(ctx.db, email, password);
    if (!agent) throw unauthorized('E-mail or password is wrong');
    const token = await issueToken(ctx.db, agent.id);
    res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, maxAge: 14 * 86_400_000, path: '/' });
    res.json({ token, agent: toAuthedAgent(agent) });
  });

  r.get('/me', requireAgent(ctx), (req, res) => { res.json({ agent: req.agent }); });

  // Signing out without a session is a harmless no-op; signing out another page's session is not, so a
  // cookie-carried sign-out must come from our own pages like any other cookie-carried change.
  r.post('/logout', async (req, res) => {
    const principal = await principalOf(ctx, req);
    const credential = credentialFrom(bearer(req), req.headers.cookie, SESSION_COOKIE);
    const agent = principalAgent(principal);
    if (credential && agent) {
      const decision = decide(principal, { transport: 'rest', method: 'POST', path: '/auth/logout', audience: 'agent', origin: req.headers.origin, selfOrigins: req.ownOrigins ?? [] });
      if (!decision.allow) throw decision.error;
      await revokeToken(ctx.db, credential.token);
      await accessChanged(ctx, [agent.id]);
    }
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });
  return r;
}

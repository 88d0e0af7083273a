import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { confirmPasswordReset, requestPasswordReset } from '../agents/password-reset.js';
import { checkCredentials, issueToken, revokeToken, toAuthedAgent } from '../agents/agents.js';
import { accessChanged } from './access-changes.js';
import { decide } from './decide.js';
import { credentialFrom, principalAgent } from './principal.js';
import { bearer, principalOf, requireAgent, SESSION_COOKIE } from '../http/auth.js';
import { unauthorized } from '../errors.js';
import { resetRequestLimit, signInLimits } from '../http/login-limits.js';
import { parseBody } from '../http/validate.js';

const loginSchema = z.object({ email: z.email().max(320), password: z.string().min(1).max(1000) });
const resetRequestSchema = z.object({ email: z.email().max(320) });
const resetConfirmSchema = z.object({ token: z.string().min(1).max(200), password: z.string().min(8, 'at least 8 characters').max(200) });

export function authRoutes(ctx: AppContext): Router {
  const r = Router();
  const secure = ctx.config.publicUrl.startsWith('https://');
  // One counter of failed attempts per address, shared by sign-in and reset confirmation.
  const [addressCap, accountLimit] = signInLimits(ctx);
  r.post('/login', addressCap, accountLimit, async (req, res) => {
    const { email, password } = parseBody(loginSchema, req);
    const agent = await checkCredentials(ctx.db, email, password);
    if (!agent) throw unauthorized('E-mail or password is wrong');
    const token = await issueToken(ctx.db, agent.id);
    res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, maxAge: 14 * 86_400_000, path: '/' });
    res.json({ token, agent: toAuthedAgent(agent) });
  });

  // Always 202, whether or not the account exists: the answer must not tell which e-mails have accounts.
  r.post('/password-reset', resetRequestLimit(ctx), async (req, res) => {
    const { email } = parseBody(resetRequestSchema, req);
    await requestPasswordReset(ctx, email);
    res.status(202).json({ ok: true });
  });
  // The token from the e-mail is the credential; a wrong guess costs a failed attempt against the address cap.
  r.post('/password-reset/confirm', addressCap, async (req, res) => {
    const { token, password } = parseBody(resetConfirmSchema, req);
    await confirmPasswordReset(ctx, token, password);
    res.status(204).end();
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
      await revokeToken(ctx, credential.token);
      await accessChanged(ctx, [agent.id]);
    }
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });
  return r;
}

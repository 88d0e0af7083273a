import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { API_SCOPES, createApiToken, deleteApiToken, listApiTokens } from './api-tokens.js';
import { accessChanged } from '../auth/access-changes.js';
import { forbidden, notFound } from '../errors.js';
import { requireAgent } from '../http/auth.js';
import { parseBody, uuidParam } from '../http/validate.js';

export const tokenInputSchema = z.object({
  name: z.string().trim().min(1).max(120),
  kind: z.enum(['personal', 'bot']).default('personal'),
  scopes: z.array(z.enum(API_SCOPES)).min(1),
});

/** API tokens: personal ones for any agent, bot ones for admins. The token is shown once, at creation. */
export function tokenRoutes(ctx: AppContext): Router {
  const r = Router();
  const agent = requireAgent(ctx);
  r.get('/tokens', agent, async (req, res) => { res.json({ items: await listApiTokens(ctx, req.agent!) }); });
  r.post('/tokens', agent, async (req, res) => {
    const body = parseBody(tokenInputSchema, req);
    if (body.kind === 'bot' && req.agent!.role !== 'admin') throw forbidden('Only admins may create bot tokens');
    const { token, record } = await createApiToken(ctx, req.agent!, body);
    res.status(201).json({ ...record, token });
  });
  r.delete('/tokens/:id', agent, async (req, res) => {
    const id = String(req.params.id);
    if (!uuidParam.test(id)) throw notFound('Token');
    const row = await deleteApiToken(ctx, req.agent!, id);
    await accessChanged(ctx, [row.agentId]);
    res.status(204).end();
  });
  return r;
}

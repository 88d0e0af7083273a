import { Router } from 'express';
import { publicUrlProblem, publicUrlProblemMessage } from '../config.js';
import type { AppContext } from '../context.js';
import { ALLOWED_ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from '../messages/attachments.js';
import { requireAgent } from '../http/auth.js';

/**
 * GET /api/setup/public-url: the address every public link is built from, and why visitors or providers may not
 * reach it (`problem`: "unset" | "loopback" | null), so Settings can say so where the links are copied.
 * GET /api/setup/attachments: the size and type rules for files agents attach.
 */
export function setupRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get('/public-url', requireAgent(ctx), (_req, res) => {
    const problem = publicUrlProblem(ctx.config);
    res.json({ url: ctx.config.publicUrl, problem, message: problem ? publicUrlProblemMessage(problem, ctx.config.publicUrl) : null });
  });
  // The rules the upload routes apply, so the agent UI refuses a file before sending a single byte of it.
  r.get('/attachments', requireAgent(ctx), (_req, res) => {
    res.json({ maxBytes: MAX_ATTACHMENT_BYTES, typePattern: ALLOWED_ATTACHMENT_TYPES.source });
  });
  return r;
}

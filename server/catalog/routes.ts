// Teams, labels and canned responses: every agent reads them (pickers, "/"
// shortcuts), only admins change them. GET /teams itself is the core's.
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { checkCannedContent } from './canned-render.js';
import { deleteCanned, deleteLabel, deleteTeam, listCanned, listLabels, listTeams, saveCanned, saveLabel, saveTeam } from './catalog.js';
import { requireAdmin, requireAgent } from '../http/auth.js';
import { notFound } from '../errors.js';
import { parseBody, uuidParam } from '../http/validate.js';

const teamSchema = z.object({
  name: z.string().trim().min(1).max(80),
  description: z.string().trim().max(300).nullable().optional(),
  memberIds: z.array(z.string().uuid()).max(500).optional(),
});
const labelSchema = z.object({
  name: z.string().trim().min(1).max(60).regex(/^[\p{L}\p{N}_-]+$/u, 'letters, digits, - and _ only'),
  color: z.string().regex(/^#[0-9a-f]{6}$/i, 'a colour like #4f46e5').optional(),
  description: z.string().trim().max(300).nullable().optional(),
});
const cannedSchema = z.object({
  shortCode: z.string().trim().min(1).max(40).regex(/^[\w-]+$/u, 'letters, digits, - and _ only'),
  content: z.string().trim().min(1).max(5000),
});

/** Empty strings from HTML forms mean "no description". */
const blankDescription: RequestHandler = (req, _res, next) => {
  if (req.body && typeof req.body === 'object' && req.body.description === '') req.body.description = null;
  next();
};

function idParam(raw: unknown, what: string): string {
  const id = String(raw);
  if (!uuidParam.test(id)) throw notFound(what);
  return id;
}

export function catalogRoutes(ctx: AppContext): Router {
  const r = Router();
  const agent = requireAgent(ctx);
  const admin = [agent, requireAdmin, blankDescription];

  r.get('/teams/detailed', agent, async (_req, res) => { res.json(await listTeams(ctx)); });
  r.post('/teams', ...admin, async (req, res) => {
    const id = await saveTeam(ctx, null, parseBody(teamSchema, req));
    res.status(201).json((await listTeams(ctx)).find((t) => t.id === id));
  });
  r.patch('/teams/:id', ...admin, async (req, res) => {
    const id = await saveTeam(ctx, idParam(req.params.id, 'Team'), parseBody(teamSchema.partial(), req));
    res.json((await listTeams(ctx)).find((t) => t.id === id));
  });
  r.delete('/teams/:id', ...admin, async (req, res) => {
    await deleteTeam(ctx, idParam(req.params.id, 'Team'));
    res.status(204).end();
  });

  r.get('/labels', agent, async (_req, res) => { res.json(await listLabels(ctx)); });
  r.post('/labels', ...admin, async (req, res) => {
    res.status(201).json(await saveLabel(ctx, null, parseBody(labelSchema, req)));
  });
  r.patch('/labels/:id', ...admin, async (req, res) => {
    res.json(await saveLabel(ctx, idParam(req.params.id, 'Label'), parseBody(labelSchema.partial(), req)));
  });
  r.delete('/labels/:id', ...admin, async (req, res) => {
    await deleteLabel(ctx, idParam(req.params.id, 'Label'));
    res.status(204).end();
  });

  r.get('/canned-responses', agent, async (_req, res) => { res.json(await listCanned(ctx)); });
  r.post('/canned-responses', ...admin, async (req, res) => {
    const body = parseBody(cannedSchema, req);
    await checkCannedContent(ctx, body.content);
    res.status(201).json(await saveCanned(ctx, null, body));
  });
  r.patch('/canned-responses/:id', ...admin, async (req, res) => {
    const body = parseBody(cannedSchema.partial(), req);
    if (body.content !== undefined) await checkCannedContent(ctx, body.content);
    res.json(await saveCanned(ctx, idParam(req.params.id, 'Canned response'), body));
  });
  r.delete('/canned-responses/:id', ...admin, async (req, res) => {
    await deleteCanned(ctx, idParam(req.params.id, 'Canned response'));
    res.status(204).end();
  });
  return r;
}

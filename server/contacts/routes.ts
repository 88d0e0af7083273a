import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { validateCustomAttributes } from '../crm/fields.js';
import { contactVisible, getContactView, listContacts, updateContact } from './contacts.js';
import { mergeContacts } from './merge.js';
import { agentInboxIds, requireAgent } from '../http/auth.js';
import { notFound } from '../errors.js';
import { parseBody, parseQuery } from '../http/validate.js';

const patchSchema = z.object({
  name: z.string().trim().max(200).nullable().optional(),
  email: z.email().max(320).nullable().optional(),
  phone: z.string().max(40).nullable().optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
}).strict();
const mergeSchema = z.object({ otherContactId: z.string().uuid() });
const listQuery = z.object({ q: z.string().max(200).optional(), cursor: z.string().max(100).optional(), limit: z.coerce.number().int().min(1).max(100).optional() });

export function contactRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use(requireAgent(ctx));
  const scope = async (req: any) => (req.agent.role === 'admin' ? 'all' as const : await agentInboxIds(ctx, req));

  r.get('/', async (req, res) => {
    res.json(await listContacts(ctx, parseQuery(listQuery, req), await scope(req)));
  });

  r.get('/:id', async (req, res) => {
    if (!(await contactVisible(ctx, req.params.id, await scope(req)))) throw notFound('Contact');
    res.json(await getContactView(ctx, req.params.id, await agentInboxIds(ctx, req)));
  });

  r.patch('/:id', async (req, res) => {
    if (!(await contactVisible(ctx, req.params.id, await scope(req)))) throw notFound('Contact');
    const patch = parseBody(patchSchema, req);
    await updateContact(ctx, req.params.id, { ...patch, attributes: await validateCustomAttributes(ctx, 'contact', patch.attributes) });
    res.json(await getContactView(ctx, req.params.id, await agentInboxIds(ctx, req)));
  });

  // Merging two contacts: any agent who can see both.
  r.post('/:id/merge', async (req, res) => {
    const id = String(req.params.id);
    const visibleTo = await scope(req);
    // Both records must be visible; otherwise one of them "does not exist" for this agent. The path's
    // contact is checked before the body so a bad body cannot tell a hidden contact from a missing one.
    if (!(await contactVisible(ctx, id, visibleTo))) throw notFound('Contact');
    const { otherContactId } = parseBody(mergeSchema, req);
    if (!(await contactVisible(ctx, otherContactId, visibleTo))) throw notFound('Contact');
    await mergeContacts(ctx, id, otherContactId, req.agent!.id);
    res.json(await getContactView(ctx, id, await agentInboxIds(ctx, req)));
  });
  return r;
}

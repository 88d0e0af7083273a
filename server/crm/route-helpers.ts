import type { Request } from 'express';
import type { AppContext } from '../context.js';
import { contactVisible } from '../contacts/contacts.js';
import { agentInboxIds } from '../http/auth.js';
import { badRequest, notFound } from '../errors.js';
import { uuidParam } from '../http/validate.js';
import type { CrmActor } from './timeline.js';

/** Admins see every contact; agents the contacts of the inboxes they may see (as in /api/contacts). */
export async function crmScope(ctx: AppContext, req: Request): Promise<string[] | 'all'> {
  return req.agent!.role === 'admin' ? 'all' : agentInboxIds(ctx, req);
}

export async function visibleContact(ctx: AppContext, req: Request, contactId: string): Promise<void> {
  if (!(await contactVisible(ctx, contactId, await crmScope(ctx, req)))) throw notFound('Contact');
}

/** The `:id` of a CRM object: a malformed id is bad input (400); whether it names a row is the caller's 404. */
export function idParam(req: Request, what: string): string {
  const id = String(req.params.id);
  if (!uuidParam.test(id)) throw badRequest(`Malformed ${what} id`, { id: 'must be a UUID' });
  return id;
}

export const agentActor = (req: Request): CrmActor => ({ type: 'agent', id: req.agent!.id });

import type { Request } from 'express';
import type { AppContext } from '../../context.js';
import { contactVisible } from '../../domain/contacts.js';
import { agentInboxIds } from '../auth.js';
import { notFound } from '../errors.js';
import type { CrmActor } from '../../crm/timeline.js';

/** Admins see every contact; agents the contacts of the inboxes they may see (as in /api/contacts). */
export async function crmScope(ctx: AppContext, req: Request): Promise<string[] | 'all'> {
  return req.agent!.role === 'admin' ? 'all' : agentInboxIds(ctx, req);
}

export async function visibleContact(ctx: AppContext, req: Request, contactId: string): Promise<void> {
  if (!(await contactVisible(ctx, contactId, await crmScope(ctx, req)))) throw notFound('Contact');
}

export const agentActor = (req: Request): CrmActor => ({ type: 'agent', id: req.agent!.id });

import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { requestTranscript } from './request.js';
import { getConversationView } from '../conversations.js';
import { agentInboxIds, requireAgent } from '../../http/auth.js';
import { badRequest, notFound } from '../../errors.js';
import { parseBody } from '../../http/validate.js';

export const agentTranscriptSchema = z.object({ to: z.email().max(320).optional() }).strict();

/** An agent mails the customer-visible transcript to the contact, or to an address typed in; audit-logged. */
export function conversationTranscriptRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/:id/transcript', requireAgent(ctx));
  r.post('/:id/transcript', async (req, res) => {
    const found = await getConversationView(ctx, req.params.id as string, await agentInboxIds(ctx, req));
    if (!found) throw notFound('Conversation');
    const { to } = parseBody(agentTranscriptSchema, req);
    const contactEmail = found.view.contact?.email ?? null;
    const address = to ?? contactEmail;
    if (!address) throw badRequest('The contact has no e-mail address; type one in', { to: 'required: the contact has no e-mail address' });
    const agent = req.agent!;
    await requestTranscript(ctx, {
      conversation: found.conversation, to: address, actor: { type: 'agent', id: agent.id },
      audit: { agentId: agent.id, agentEmail: agent.email, toContact: !!contactEmail && address.toLowerCase() === contactEmail.toLowerCase() },
    });
    res.status(202).json({ queued: true, to: address.toLowerCase() });
  });
  return r;
}

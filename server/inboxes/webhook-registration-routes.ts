import { Router } from 'express';
import type { AppContext } from '../context.js';
import { findInbox } from './inboxes.js';
import { requireAdmin, requireAgent } from '../http/auth.js';
import { DomainError, notFound } from '../errors.js';
import { uuidParam } from '../http/validate.js';
import { publicLink } from '../config.js';

/**
 * POST /api/inboxes/:id/:channel/set-webhook (today /telegram/set-webhook): points the provider at this inbox's
 * webhook with its secret, for every channel whose adapter can do that through the provider's API.
 */
export function webhookRegistrationRoutes(ctx: AppContext): Router {
  const r = Router();
  r.post('/:id/:channel/set-webhook', requireAgent(ctx), requireAdmin, async (req, res) => {
    const id = String(req.params.id);
    const inbox = uuidParam.test(id) ? await findInbox(ctx, id) : null;
    const adapter = inbox && inbox.channel === req.params.channel ? ctx.adapters.get(inbox.channel) : undefined;
    if (!inbox || !adapter?.registerWebhook) throw notFound(`${req.params.channel === 'telegram' ? 'Telegram inbox' : 'Inbox with a webhook to register'}`);
    const url = publicLink(ctx.config, `/webhooks/${inbox.channel}/${inbox.id}`);
    try {
      await adapter.registerWebhook(inbox, url);
    } catch (err) {
      throw new DomainError('upstream', `${inbox.channel}_error`, `${inbox.channel === 'telegram' ? 'Telegram' : inbox.channel} refused setWebhook: ${(err as Error).message}`);
    }
    res.json({ ok: true, url });
  });
  return r;
}

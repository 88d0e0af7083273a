import { Router } from 'express';
import { registerTelegramWebhook, type TelegramConfig } from '../../../channels/messaging/telegram.js';
import type { AppContext } from '../../context.js';
import { findInbox } from '../../domain/inboxes.js';
import { requireAdmin, requireAgent } from '../auth.js';
import { HttpError, notFound } from '../errors.js';
import { uuidParam } from '../validate.js';

/** POST /api/inboxes/:id/telegram/set-webhook: points the bot at this inbox's webhook, with its secret token. */
export function telegramIntegrationRoutes(ctx: AppContext): Router {
  const r = Router();
  r.post('/:id/telegram/set-webhook', requireAgent(ctx), requireAdmin, async (req, res) => {
    const id = String(req.params.id);
    const inbox = uuidParam.test(id) ? await findInbox(ctx, id) : null;
    if (!inbox || inbox.channel !== 'telegram') throw notFound('Telegram inbox');
    const url = `${ctx.config.publicUrl}/webhooks/telegram/${inbox.id}`;
    try {
      await registerTelegramWebhook(inbox.config as TelegramConfig, url);
    } catch (err) {
      throw new HttpError(502, 'telegram_error', `Telegram refused setWebhook: ${(err as Error).message}`);
    }
    res.json({ ok: true, url });
  });
  return r;
}

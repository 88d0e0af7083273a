import { Router } from 'express';
import { refuseOutboundTargets } from '../../messages/outbound-targets.js';
import { loadSlackSettings, saveSlackSettings, SLACK_SECRET_FIELDS, slackSettingsSchema, type SlackSettings } from './settings.js';
import type { AppContext } from '../../context.js';
import { MASK } from '../../shared/secrets.js';
import { requireAdmin, requireAgent } from '../../http/auth.js';
import { notFound } from '../../errors.js';
import { parseBody } from '../../http/validate.js';
import { publicLink } from '../../config.js';

/** Slack for agents: one workspace channel mirrors every inbox. Secrets are write-only, as for inboxes. */
export function slackIntegrationRoutes(ctx: AppContext): Router {
  const r = Router();
  const view = (s: SlackSettings) => ({
    ...ctx.secrets.mapFields(s, SLACK_SECRET_FIELDS, () => MASK),
    eventsUrl: publicLink(ctx.config, '/webhooks/slack/events'),
  });

  r.get('/slack', requireAgent(ctx), requireAdmin, async (_req, res) => {
    const settings = await loadSlackSettings(ctx);
    if (!settings) throw notFound('Slack integration');
    res.json(view(settings));
  });

  r.put('/slack', requireAgent(ctx), requireAdmin, async (req, res) => {
    // A masked secret sent back by the admin screen means "keep the stored one".
    const current = await loadSlackSettings(ctx);
    req.body = { ...(req.body ?? {}) };
    for (const f of SLACK_SECRET_FIELDS) if (req.body[f] === MASK && current) req.body[f] = current[f as keyof SlackSettings];
    const settings = parseBody(slackSettingsSchema, req);
    if (settings.slackApiUrl) await refuseOutboundTargets([{ field: 'slackApiUrl', url: settings.slackApiUrl, allowPrivate: Boolean(settings.allowPrivate) }]);
    await saveSlackSettings(ctx, settings);
    res.json(view(settings));
  });

  r.delete('/slack', requireAgent(ctx), requireAdmin, async (_req, res) => {
    await saveSlackSettings(ctx, null);
    res.status(204).end();
  });
  return r;
}

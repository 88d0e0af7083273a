import type { ExpressReceiver, LogLevel, webApi } from '@slack/bolt';
import { Router } from 'express';
import { guardedAgentFor } from '../../../channels/kit/ssrf-agents.js';
import { slot } from '../../app-memory.js';
import type { AppContext } from '../../context.js';
import { handleThreadReply } from './reply.js';
import { loadSlackSettings, type SlackSettings } from './settings.js';

export interface SlackRuntime { key: string; settings: SlackSettings; receiver: ExpressReceiver; client: webApi.WebClient }

const RUNTIME = slot<{ current?: SlackRuntime }>('slack runtime', () => ({}));
// Bolt's LogLevel.ERROR, spelt out so that this module does not load Bolt (it is imported at start-up).
const ERROR = 'error' as LogLevel;

export function webClientOptions(settings: SlackSettings) {
  // A few retries only: mirroring is best effort and must not pile up behind an unreachable Slack.
  // An admin-chosen Web API base connects only where the SSRF guard allows (Slack's own is public anyway).
  const agent = settings.slackApiUrl ? guardedAgentFor(settings.slackApiUrl, Boolean(settings.allowPrivate)) : undefined;
  return { slackApiUrl: settings.slackApiUrl, logLevel: ERROR, retryConfig: { retries: 2 }, ...(agent ? { agent } : {}) };
}

/**
 * The Bolt app for the current configuration, rebuilt when an admin changes it. Its ExpressReceiver is only used
 * as a router inside our Express app: no second HTTP server is started.
 */
export async function slackRuntime(ctx: AppContext): Promise<SlackRuntime | null> {
  const settings = await loadSlackSettings(ctx);
  if (!settings) return null;
  const key = JSON.stringify(settings);
  const current = ctx.memory.get(RUNTIME).current;
  if (current?.key === key) return current;
  // Bolt is loaded once Slack is configured, not at every start-up (it takes most of a second).
  const { App, ExpressReceiver, LogLevel, webApi } = await import('@slack/bolt');
  const receiver = new ExpressReceiver({
    signingSecret: settings.signingSecret,
    endpoints: '/events',
    // Acknowledge at once (Slack wants an answer within 3 s); listeners run after the response.
    processBeforeResponse: false,
    logLevel: LogLevel.ERROR,
  });
  const app = new App({ token: settings.botToken, receiver, clientOptions: webClientOptions(settings), logLevel: LogLevel.ERROR });
  app.event('message', async ({ body, client }) => handleThreadReply(ctx, settings, client, body as any));
  app.error(async (err) => ctx.log.warn({ err }, 'slack event failed'));
  const runtime = { key, settings, receiver, client: new webApi.WebClient(settings.botToken, webClientOptions(settings)) };
  ctx.memory.get(RUNTIME).current = runtime;
  return runtime;
}

/** POST /webhooks/slack/events: Bolt verifies the signing secret over the raw body, then parses it. */
export function slackWebhookRouter(ctx: AppContext): Router {
  const router = Router();
  router.use(async (req, res, next) => {
    const runtime = await slackRuntime(ctx);
    if (!runtime) return void res.status(404).json({ error: { code: 'not_found', message: 'Slack is not configured' } });
    runtime.receiver.router(req, res, next);
  });
  return router;
}

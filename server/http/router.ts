import { Router } from 'express';
import type { AppContext } from '../context.js';
import type { Presence } from '../realtime/presence.js';
import { agentMeRoutes } from './routes/agent-me.js';
import { authRoutes } from './routes/auth.js';
import { contactRoutes } from './routes/contacts.js';
import { crmRoutes } from './routes/crm-routes.js';
import { conversationMergeRoutes } from './routes/conversation-merge.js';
import { conversationTranscriptRoutes } from './routes/conversation-transcripts.js';
import { conversationTransferRoutes } from './routes/conversation-transfer.js';
import { conversationRoutes, deliveryRoutes } from './routes/conversations.js';
import { directoryRoutes } from './routes/directory.js';
import { inboxArchiveRoutes } from './routes/inbox-archive.js';
import { inboxRoutesExtra } from './routes/inbox-routes.js';
import { inboxRoutes } from './routes/inboxes.js';
import { opsRoutes } from './routes/ops-router.js';
import { slackIntegrationRoutes } from './routes/integrations-slack.js';
import { setupRoutes } from './routes/setup.js';
import { webhookRegistrationRoutes } from './routes/inbox-webhook-registration.js';
import { widgetRoutes } from './routes/widget.js';
import { widgetVisitorRoutes } from './routes/widget-visitor.js';
import { widgetConversationRoutes } from './routes/widget-conversations.js';
import { botApiRoutes } from './routes/bot-api.js';
import { testConnectionRoutes } from '../inboxes/test-connection-routes.js';
import { onboardingRoutes } from '../onboarding/routes.js';
import { channelGuideRoutes } from '../onboarding/guide-routes.js';
import { identify } from './auth.js';
import { jsonBody } from './json-limits.js';
import { rejectNulCharacters } from './validate.js';

export interface RouteDeps { presence: Presence }

/** Every JSON API router, mounted under /api. Add a feature's router here with one line. */
export function apiRouter(ctx: AppContext, deps: RouteDeps): Router {
  const api = Router();
  api.use(jsonBody());
  api.use(rejectNulCharacters);
  // Who is asking, resolved once from the bearer header or the session cookie; each route's guard decides.
  api.use(identify(ctx));
  // Ops first: it holds API tokens to their scopes and audits admin changes on every route below.
  api.use('/', opsRoutes(ctx));
  api.use('/auth', authRoutes(ctx));
  api.use('/inboxes', inboxRoutes(ctx));
  api.use('/inboxes', inboxArchiveRoutes(ctx));
  api.use('/conversations', conversationTransferRoutes(ctx));
  api.use('/conversations', conversationMergeRoutes(ctx));
  api.use('/conversations', conversationTranscriptRoutes(ctx));
  api.use('/conversations', conversationRoutes(ctx));
  api.use('/deliveries', deliveryRoutes(ctx));
  api.use('/contacts', contactRoutes(ctx));
  api.use('/widget', widgetRoutes(ctx));
  // Before the directory and the admin's /agents/:id, so "me" is never read as an id.
  api.use('/', agentMeRoutes(ctx, deps.presence));
  api.use('/', directoryRoutes(ctx, deps.presence));
  // feature routers: one line each
  api.use('/crm', crmRoutes(ctx));
  api.use('/', botApiRoutes(ctx));
  api.use('/inboxes', webhookRegistrationRoutes(ctx));
  api.use('/inboxes', testConnectionRoutes(ctx));
  api.use('/inboxes', channelGuideRoutes(ctx));
  api.use('/integrations', slackIntegrationRoutes(ctx));
  api.use('/setup', setupRoutes(ctx));
  api.use('/setup', onboardingRoutes(ctx));
  api.use('/widget', widgetVisitorRoutes(ctx, deps));
  api.use('/widget', widgetConversationRoutes(ctx));
  api.use('/', inboxRoutesExtra(ctx));
  return api;
}

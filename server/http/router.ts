import { Router } from 'express';
import type { AppContext } from '../context.js';
import type { Presence } from '../realtime/presence.js';
import { agentMeRoutes } from '../agents/me-routes.js';
import { authRoutes } from '../auth/routes.js';
import { contactRoutes } from '../contacts/routes.js';
import { crmRoutes } from '../crm/routes.js';
import { conversationMergeRoutes } from '../conversations/merge/routes.js';
import { conversationTranscriptRoutes } from '../conversations/transcripts/routes.js';
import { conversationTransferRoutes } from '../conversations/transfer/routes.js';
import { conversationRoutes, deliveryRoutes } from '../conversations/routes.js';
import { directoryRoutes } from '../agents/directory-routes.js';
import { peopleRoutes } from '../agents/people-routes.js';
import { catalogRoutes } from '../catalog/routes.js';
import { uploadRoutes, workflowRoutes } from '../conversations/workflow-routes.js';
import { inboxArchiveRoutes } from '../inboxes/archive-routes.js';
import { inboxRoutes } from '../inboxes/routes.js';
import { opsRoutes } from '../automation/routes.js';
import { slackIntegrationRoutes } from '../integrations/slack/routes.js';
import { setupRoutes } from '../onboarding/setup-routes.js';
import { webhookRegistrationRoutes } from '../inboxes/webhook-registration-routes.js';
import { widgetRoutes } from '../webchat/routes.js';
import { widgetVisitorRoutes } from '../webchat/visitor-routes.js';
import { widgetConversationRoutes } from '../webchat/conversation-routes.js';
import { botApiRoutes } from '../bot/api-routes.js';
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
  api.use('/', catalogRoutes(ctx));
  api.use('/', peopleRoutes(ctx));
  api.use('/', workflowRoutes(ctx));
  api.use('/', uploadRoutes(ctx));
  return api;
}

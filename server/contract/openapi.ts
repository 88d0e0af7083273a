import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z, type ZodObject, type ZodType } from 'zod';
import { exportQuery, importQuery } from '../conversations/transfer/routes.js';
import { agentTranscriptSchema } from '../conversations/transcripts/routes.js';
import { visitorTranscriptSchema } from '../webchat/conversation-routes.js';
import { apiMessageSchema } from '../automation/api-channel-routes.js';
import { auditQuery } from '../automation/audit-routes.js';
import { csatRatingSchema, csatSettingsSchema, feedbackQuery } from '../automation/csat-routes.js';
import { reportQuery } from '../automation/report-routes.js';
import { assignmentPolicySchema } from '../automation/rule-routes.js';
import { scheduleSchema, slaPolicyPatchSchema, slaPolicySchema, slaStateQuery } from '../automation/sla-routes.js';
import { tokenInputSchema } from '../automation/token-routes.js';
import { webhookInputSchema } from '../automation/webhook-routes.js';
import * as c from './openapi-contract.js';
import { conditionSchema, ruleInputSchema } from '../automation/rules-schema.js';

type Method = RouteConfig['method'];
interface Op {
  summary: string; tag: string; auth?: 'agent' | 'admin' | 'visitor' | 'public' | 'signature';
  body?: ZodType; query?: ZodObject; response?: ZodType; status?: number; contentType?: string;
}

const anyJson = z.record(z.string(), z.unknown());
// Condition groups nest to any depth; the document shows two levels (the validator accepts more).
const innerGroup = z.union([z.object({ all: z.array(conditionSchema) }), z.object({ any: z.array(conditionSchema) })]);
const documentedGroup = z.union([z.object({ all: z.array(z.union([conditionSchema, innerGroup])) }), z.object({ any: z.array(z.union([conditionSchema, innerGroup])) })]);
const ruleBody = ruleInputSchema.extend({ conditions: documentedGroup.optional() });
const list = (item: ZodType) => z.object({ items: z.array(item) });
const transcriptQueued = z.object({ queued: z.literal(true), to: z.string() });
const exportStatus = z.object({
  id: z.string().uuid(), format: z.enum(['csv', 'jsonl']), status: z.enum(['queued', 'running', 'done', 'failed']), total: z.number().int().nullable(),
  processed: z.number().int(), bytes: z.number().int(), error: z.string().nullable(), statusUrl: z.string(), downloadUrl: z.string().nullable(),
});
const importReport = z.object({
  dryRun: z.boolean(), summary: z.object({ lines: z.number(), created: z.number(), updated: z.number(), unchanged: z.number(), errors: z.number() }),
  lines: z.array(z.object({ line: z.number(), status: z.enum(['created', 'updated', 'unchanged', 'error']), externalId: z.string().optional(), conversationId: z.string().optional(),
    messages: z.object({ created: z.number(), skipped: z.number() }).optional(), errors: z.array(z.object({ path: z.string(), message: z.string() })).optional() })),
});

/** Every route of the public contract and of the ops features: [method, OpenAPI path, operation]. */
function operations(): [Method, string, Op][] {
  const conv = 'Conversations';
  return [
    ['get', '/healthz', { summary: 'Liveness', tag: 'System', auth: 'public', response: z.object({ ok: z.boolean() }) }],
    ['get', '/widget.js', { summary: 'Widget loader script', tag: 'Widget', auth: 'public', contentType: 'application/javascript' }],
    ['post', '/api/auth/login', { summary: 'Sign in', tag: 'Auth', auth: 'public', body: c.loginBody, response: z.object({ token: z.string(), agent: c.agentSchema }) }],
    ['get', '/api/auth/me', { summary: 'Current agent', tag: 'Auth', response: z.object({ agent: c.agentSchema }) }],
    ['post', '/api/auth/logout', { summary: 'Sign out', tag: 'Auth', status: 204 }],
    ['get', '/api/inboxes', { summary: 'Inboxes visible to the agent', tag: 'Inboxes', response: z.array(c.inboxSchema) }],
    ['post', '/api/inboxes', { summary: 'Create an inbox', tag: 'Inboxes', auth: 'admin', body: c.inboxCreateBody, response: c.inboxSchema, status: 201 }],
    ['get', '/api/inboxes/{id}', { summary: 'One inbox', tag: 'Inboxes', response: c.inboxSchema }],
    ['patch', '/api/inboxes/{id}', { summary: 'Change an inbox', tag: 'Inboxes', auth: 'admin', body: c.inboxPatchBody, response: c.inboxSchema }],
    ['get', '/api/agents', { summary: 'Agents with online state', tag: 'Directory', response: z.array(c.directoryAgentSchema) }],
    ['get', '/api/teams', { summary: 'Teams', tag: 'Directory', response: z.array(c.teamSchema) }],
    ['get', '/api/demo/widget-key', { summary: 'Widget key of the first web inbox (demo page)', tag: 'Widget', auth: 'public', response: z.object({ widgetKey: z.string().nullable() }) }],
    ['get', '/api/conversations', { summary: 'List conversations', tag: conv, query: c.conversationListQuery, response: z.object({ items: z.array(c.conversationSchema), nextCursor: z.string().nullable() }) }],
    ['post', '/api/conversations', { summary: 'Start a conversation (agent writes first)', tag: conv, body: c.startConversationBody, status: 201, response: z.object({ conversation: c.conversationSchema, message: c.messageSchema }) }],
    ['get', '/api/conversations/{id}', { summary: 'One conversation', tag: conv, response: c.conversationSchema }],
    ['patch', '/api/conversations/{id}', { summary: 'Change status, assignee, team, priority, labels', tag: conv, body: c.conversationPatchBody, response: c.conversationSchema }],
    ['post', '/api/conversations/{id}/read', { summary: 'Mark read', tag: conv, status: 204 }],
    ['get', '/api/conversations/{id}/messages', { summary: 'Messages, oldest first', tag: conv, response: list(c.messageSchema) }],
    ['post', '/api/conversations/{id}/messages', { summary: 'Reply or add a private note', tag: conv, body: c.agentMessageBody, status: 201, response: z.object({ message: c.messageSchema }) }],
    ['post', '/api/conversations/{id}/messages/{messageId}/retry', { summary: 'Retry a failed delivery', tag: conv, response: z.object({ message: c.messageSchema }) }],
    ['post', '/api/conversations/{id}/merge', { summary: 'Merge another conversation into this one (contacts too when they differ); 409 when either is already merged', tag: conv, body: c.mergeBody, status: 201, response: c.conversationSchema.extend({ merge: c.mergeInfo }) }],
    ['post', '/api/conversations/{id}/transcript', { summary: "Mail the customer-visible transcript to the contact's address or to `to`; audit-logged; 409 without outbound mail", tag: conv, body: agentTranscriptSchema, status: 202, response: transcriptQueued }],
    ['get', '/api/conversations/{id}/merges', { summary: 'Merges into this conversation that can still be undone', tag: conv, response: list(c.mergeInfo.omit({ contactMerged: true }).extend({ createdAt: z.string() })) }],
    ['post', '/api/conversations/{id}/merges/{mergeId}/undo', { summary: 'Undo a merge within its window (fields edited since keep their new values); 409 when too late or already undone', tag: conv, response: z.object({ primary: c.conversationSchema, secondary: c.conversationSchema }) }],
    ['get', '/api/conversations/export', { summary: 'Start a background export (CSV or JSON Lines), filtered like the conversation list; poll statusUrl, then download', tag: conv, query: exportQuery, status: 202, response: exportStatus }],
    ['get', '/api/conversations/exports/{id}', { summary: 'Progress of an export (processed of total conversations) and its download link when done', tag: conv, response: exportStatus }],
    ['get', '/api/conversations/exports/{id}/download', { summary: 'The export file, streamed (409 until done)', tag: conv, contentType: 'application/x-ndjson' }],
    ['post', '/api/conversations/import', { summary: 'Import JSON Lines (application/x-ndjson, the export format; schema in the README); idempotent on external ids; per-line report', tag: conv, auth: 'admin', query: importQuery, response: importReport }],
    ['get', '/api/deliveries/failed', { summary: 'Dead letters', tag: conv, response: list(c.messageSchema) }],
    ['get', '/api/contacts', { summary: 'List contacts', tag: 'Contacts', response: z.object({ items: z.array(c.contactSchema), nextCursor: z.string().nullable() }) }],
    ['get', '/api/contacts/{id}', { summary: 'One contact with identities and conversations', tag: 'Contacts', response: c.contactSchema }],
    ['patch', '/api/contacts/{id}', { summary: 'Change a contact', tag: 'Contacts', body: c.contactPatchBody, response: c.contactSchema }],
    ['get', '/api/widget/config', { summary: 'Widget settings', tag: 'Widget', auth: 'public', query: z.object({ widgetKey: z.string() }), response: anyJson }],
    ['post', '/api/widget/sessions', { summary: 'Start or resume a visitor session', tag: 'Widget', auth: 'public', body: c.widgetSessionBody, response: z.object({ visitorToken: z.string(), contactId: z.string() }) }],
    ['post', '/api/widget/messages', { summary: 'Visitor sends a message', tag: 'Widget', auth: 'visitor', body: c.widgetMessageBody, response: z.object({ message: c.visitorMessageSchema, conversationId: z.string() }) }],
    ['get', '/api/widget/messages', { summary: 'Visitor reads their conversation', tag: 'Widget', auth: 'visitor', query: z.object({ conversationId: z.string().uuid().optional() }), response: list(c.visitorMessageSchema) }],
    ['get', '/api/widget/conversations', { summary: "The visitor's conversations: open first, last message, unread count", tag: 'Widget', auth: 'visitor', response: list(c.visitorConversationSchema) }],
    ['post', '/api/widget/conversations', { summary: 'Start a new conversation, optionally on one of the inbox\'s topics (config.widget.topics)', tag: 'Widget', auth: 'visitor', body: z.object({ topicId: z.string().optional() }), status: 201, response: c.visitorConversationSchema }],
    ['post', '/api/widget/conversations/{id}/read', { summary: 'The visitor has read this conversation', tag: 'Widget', auth: 'visitor', status: 204 }],
    ['post', '/api/widget/conversations/{id}/transcript', { summary: 'Mail the visitor this conversation (customer-visible messages only) at the address on file, or at `email` when there is none (then saved on the contact); 3 an hour; 409 without outbound mail', tag: 'Widget', auth: 'visitor', body: visitorTranscriptSchema, status: 202, response: transcriptQueued }],
    ['put', '/api/integrations/slack', { summary: 'Connect Slack', tag: 'Integrations', auth: 'admin', body: c.slackBody, response: anyJson }],
    ['post', '/api/kb/articles', { summary: 'Create a knowledge-base article', tag: 'Knowledge base', auth: 'admin', body: c.kbArticleBody, status: 201, response: anyJson }],
    ...(['sms', 'status'] as const).map((k): [Method, string, Op] => ['post', `/webhooks/twilio/{inboxId}/${k}`, { summary: `Twilio ${k} webhook`, tag: 'Channel webhooks', auth: 'signature', contentType: 'application/x-www-form-urlencoded' }]),
    ...(['telegram', 'messenger', 'whatsapp', 'line'] as const).map((k): [Method, string, Op] => ['post', `/webhooks/${k}/{inboxId}`, { summary: `${k} webhook`, tag: 'Channel webhooks', auth: 'signature' }]),
    ['post', '/webhooks/slack/events', { summary: 'Slack events', tag: 'Channel webhooks', auth: 'signature' }],

    ['get', '/api/rules', { summary: 'Automation rules in run order', tag: 'Automation', auth: 'admin', response: list(c.ruleSchema) }],
    ['post', '/api/rules', { summary: 'Create a rule', tag: 'Automation', auth: 'admin', body: ruleBody, status: 201, response: c.ruleSchema }],
    ['post', '/api/rules/dry-run', { summary: 'Try a drafted rule on a past conversation (changes nothing)', tag: 'Automation', auth: 'admin', body: z.object({ rule: ruleBody, conversationId: z.string().uuid() }), response: anyJson }],
    ['patch', '/api/rules/{id}', { summary: 'Change a rule', tag: 'Automation', auth: 'admin', body: ruleBody.partial(), response: c.ruleSchema }],
    ['delete', '/api/rules/{id}', { summary: 'Delete a rule', tag: 'Automation', auth: 'admin', status: 204 }],
    ['get', '/api/automation/runs', { summary: 'Rule runs on a conversation', tag: 'Automation', query: z.object({ conversationId: z.string().uuid() }), response: list(anyJson) }],
    ['get', '/api/assignment/policies/{inboxId}', { summary: 'Assignment policy of an inbox', tag: 'Assignment', auth: 'admin', response: assignmentPolicySchema }],
    ['put', '/api/assignment/policies/{inboxId}', { summary: 'Set the assignment policy', tag: 'Assignment', auth: 'admin', body: assignmentPolicySchema, response: assignmentPolicySchema }],
    ['get', '/api/inbox-schedules/{inboxId}', { summary: 'Business hours of an inbox', tag: 'SLA', response: scheduleSchema }],
    ['put', '/api/inbox-schedules/{inboxId}', { summary: 'Set business hours', tag: 'SLA', auth: 'admin', body: scheduleSchema, response: scheduleSchema }],
    ['get', '/api/sla/policies', { summary: 'SLA policies', tag: 'SLA', response: list(c.slaPolicySchema) }],
    ['post', '/api/sla/policies', { summary: 'Create an SLA policy', tag: 'SLA', auth: 'admin', body: slaPolicySchema, status: 201, response: c.slaPolicySchema }],
    ['patch', '/api/sla/policies/{id}', { summary: 'Change an SLA policy', tag: 'SLA', auth: 'admin', body: slaPolicyPatchSchema, response: c.slaPolicySchema }],
    ['delete', '/api/sla/policies/{id}', { summary: 'Delete an SLA policy', tag: 'SLA', auth: 'admin', status: 204 }],
    ['get', '/api/sla/conversations', { summary: 'At-risk / breached views', tag: 'SLA', query: slaStateQuery, response: list(anyJson) }],
    ['get', '/api/sla/conversations/{id}', { summary: 'Live SLA state (time left per target)', tag: 'SLA', response: anyJson }],
    ['put', '/api/sla/conversations/{id}', { summary: 'Apply an SLA policy', tag: 'SLA', body: z.object({ policyId: z.string().uuid() }), response: anyJson }],
    ['get', '/api/csat/settings', { summary: 'CSAT settings', tag: 'CSAT', response: csatSettingsSchema }],
    ['put', '/api/csat/settings', { summary: 'Change CSAT settings', tag: 'CSAT', auth: 'admin', body: csatSettingsSchema, response: csatSettingsSchema }],
    ['get', '/api/csat/feedback', { summary: 'All answered feedback', tag: 'CSAT', query: feedbackQuery, response: list(anyJson) }],
    ['post', '/api/csat/{token}', { summary: 'Submit a rating (widget)', tag: 'CSAT', auth: 'public', body: csatRatingSchema, response: z.object({ ok: z.boolean() }) }],
    ['get', '/csat/{token}', { summary: 'Survey page', tag: 'CSAT', auth: 'public', contentType: 'text/html' }],
    ['post', '/csat/{token}', { summary: 'Survey form submission', tag: 'CSAT', auth: 'public', contentType: 'text/html' }],
    ['get', '/api/reports', { summary: 'Reports (JSON or CSV)', tag: 'Reports', query: reportQuery, response: anyJson }],
    ['post', '/api/reports/rebuild', { summary: 'Rebuild report tables', tag: 'Reports', auth: 'admin', response: anyJson }],
    ['get', '/api/webhooks', { summary: 'Webhook subscriptions', tag: 'Webhooks', auth: 'admin', response: list(anyJson) }],
    ['post', '/api/webhooks', { summary: 'Subscribe (secret shown once)', tag: 'Webhooks', auth: 'admin', body: webhookInputSchema, status: 201, response: anyJson }],
    ['patch', '/api/webhooks/{id}', { summary: 'Change or re-enable a subscription', tag: 'Webhooks', auth: 'admin', body: webhookInputSchema.partial(), response: anyJson }],
    ['delete', '/api/webhooks/{id}', { summary: 'Delete a subscription', tag: 'Webhooks', auth: 'admin', status: 204 }],
    ['get', '/api/webhooks/{id}/deliveries', { summary: 'Delivery log', tag: 'Webhooks', auth: 'admin', response: list(anyJson) }],
    ['get', '/api/tokens', { summary: 'API tokens', tag: 'API tokens', response: list(anyJson) }],
    ['post', '/api/tokens', { summary: 'Create an API token (shown once)', tag: 'API tokens', body: tokenInputSchema, status: 201, response: anyJson }],
    ['delete', '/api/tokens/{id}', { summary: 'Revoke an API token', tag: 'API tokens', status: 204 }],
    ['post', '/api/inboxes/{id}/api-messages', { summary: 'API channel: a customer message from your system', tag: 'API channel', body: apiMessageSchema, status: 201, response: anyJson }],
    ['get', '/api/events/consumers', { summary: 'Event-log consumers: events behind, age of the oldest unhandled, dead letters', tag: 'Event log', auth: 'admin', response: list(z.object({ consumer: z.string(), behind: z.number(), oldestAgeSeconds: z.number(), deadLetters: z.number() })) }],
    ['get', '/api/events/dead-letters', { summary: 'Events a consumer gave up on, with the error', tag: 'Event log', auth: 'admin', response: list(anyJson) }],
    ['post', '/api/events/dead-letters/{id}/retry', { summary: 'Run the consumer on a dead letter again (422 when it fails again)', tag: 'Event log', auth: 'admin', response: z.object({ retried: z.boolean() }) }],
    ['get', '/api/audit', { summary: 'Audit log', tag: 'Audit', auth: 'admin', query: auditQuery, response: list(anyJson) }],
    ['get', '/api/gdpr/contacts/{id}/export', { summary: 'Export everything about a contact', tag: 'GDPR', auth: 'admin', response: anyJson }],
    ['delete', '/api/gdpr/contacts/{id}', { summary: 'Erase a contact irreversibly', tag: 'GDPR', auth: 'admin', response: anyJson }],
    ['get', '/api/openapi.json', { summary: 'This document', tag: 'System', auth: 'public', response: anyJson }],
    ['get', '/api/docs', { summary: 'This document as a page', tag: 'System', auth: 'public', contentType: 'text/html' }],
  ];
}

function pathParams(path: string): ZodObject | undefined {
  const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  return names.length ? z.object(Object.fromEntries(names.map((n) => [n, z.string()]))) : undefined;
}

let cached: Promise<object> | undefined;

/**
 * The OpenAPI 3.0 document, generated from the zod schemas above and the routes' own request schemas at the first
 * request for it: the generator needs no schema extended at load, so it is not loaded at start either.
 */
export const openApiDocument = (): Promise<object> => (cached ??= generateDocument());

async function generateDocument(): Promise<object> {
  const { OpenApiGeneratorV3, OpenAPIRegistry } = await import('@asteasolutions/zod-to-openapi');
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'Session token from /api/auth/login or an API token from /api/tokens' });
  for (const [method, path, op] of operations()) {
    const ok = op.status ?? 200;
    const json = op.contentType === undefined;
    registry.registerPath({
      method, path, summary: op.summary, tags: [op.tag],
      security: op.auth === 'public' || op.auth === 'signature' ? [] : [{ bearer: [] }],
      description: op.auth === 'admin' ? 'Admins only.' : op.auth === 'visitor' ? 'Bearer visitor token from /api/widget/sessions.' : op.auth === 'signature' ? 'Authenticated by the provider\'s signature.' : undefined,
      request: {
        params: pathParams(path),
        query: op.query,
        body: op.body ? { content: { 'application/json': { schema: op.body } } } : undefined,
      },
      responses: {
        [ok]: ok === 204 ? { description: 'No content' } : json && op.response
          ? { description: 'OK', content: { 'application/json': { schema: op.response } } }
          : { description: 'OK', content: { [op.contentType ?? 'application/json']: { schema: z.string() } } },
        ...(op.auth === 'public' ? {} : { 401: { description: 'Not signed in', content: { 'application/json': { schema: c.errorSchema } } } }),
        400: { description: 'Invalid input', content: { 'application/json': { schema: c.errorSchema } } },
      },
    });
  }
  return new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: '3.0.3',
    info: { title: 'Switchboard API', version: '1', description: 'Omnichannel inbox, automation and reporting API.' },
    servers: [{ url: '/' }],
  });
}

import type { ApiScope } from '../automation/api-tokens.js';

/**
 * What each socket event needs, per namespace. An event missing here is refused, so a handler added without
 * a decision cannot be reached (and the authorisation matrix test names it).
 */
export const SOCKET_EVENTS = {
  '/agent': {
    connect: 'conversations:read',
    'conversation.join': 'conversations:read',
    'conversation.leave': 'conversations:read',
    'presence.view': 'conversations:read',
    typing: 'conversations:write',
  },
  '/widget': { connect: null, 'message.send': null, typing: null },
} as const satisfies Record<string, Record<string, ApiScope | null>>;

export type SocketNamespace = keyof typeof SOCKET_EVENTS;

export function socketEventScope(namespace: SocketNamespace, event: string): ApiScope | null | undefined {
  const table = SOCKET_EVENTS[namespace] as Record<string, ApiScope | null>;
  return Object.hasOwn(table, event) ? table[event] : undefined;
}

/**
 * Routes that take no agent or visitor credential, each for a reason (some carry their own: a provider's
 * signature, a signed link). Every other route carries a guard (requireAgent, requireAdmin or
 * requireVisitor), and the authorisation matrix test fails for a route that has neither.
 */
export const PUBLIC_ROUTES: { pattern: RegExp; why: string }[] = [
  { pattern: /^\/(healthz|readyz)$/, why: 'health checks' },
  { pattern: /^\/metrics$/, why: 'the scraper sends METRICS_TOKEN; off unless it is set' },
  { pattern: /^\/webhooks\//, why: 'provider signature, verified by the channel adapter before anything is stored' },
  { pattern: /^\/attachments\/:id\/:sig/, why: 'a signed capability link' },
  { pattern: /^\/csat\/:token$/, why: 'the survey token is the credential' },
  { pattern: /^\/help\/articles\/:id$/, why: 'enabled knowledge-base articles, the sources the bot links in its answers to visitors' },
  { pattern: /^\/(widget\.js|demo)$/, why: 'static widget loader and demo page' },
  { pattern: /^\/help\/articles\/:id$/, why: 'the public help-centre page of a knowledge-base article' },
  { pattern: /^\/api\/widget\/(availability|identify)$/, why: 'the widget key is public; identify checks the site\'s signed user hash' },
  { pattern: /^\/api\/auth\/(login|logout)$/, why: 'signing in and out' },
  { pattern: /^\/api\/auth\/password-reset(\/confirm)?$/, why: 'asking for a reset link (same answer for any e-mail); the link\'s token is the credential' },
  { pattern: /^\/api\/widget\/(config|sessions)$/, why: 'the widget starts a visitor session with its public key' },
  { pattern: /^\/api\/invites\/accept\/:token$/, why: 'the invitation token is the credential' },
  { pattern: /^\/api\/csat\/:token$/, why: 'the survey token is the credential' },
  { pattern: /^\/api\/(openapi\.json|docs)$/, why: 'the API description' },
  { pattern: /^\/api\/demo\/widget-key$/, why: 'the demo page; the key is in every embed snippet' },
];

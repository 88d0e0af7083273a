import { requiredScope, type ApiScope } from '../automation/api-tokens.js';
import { DomainError, forbidden, unauthorized } from '../errors.js';
import { principalAgent, type Principal } from './principal.js';
import { socketEventScope, type SocketNamespace } from './policy.js';

/** Who a route or event is for. */
export type Audience = 'agent' | 'admin' | 'visitor';

interface RequestFacts {
  /** The Origin header the browser sent, if any. */
  origin?: string;
  /** Origins that are this server: its public URL and the host the request was addressed to. */
  selfOrigins: string[];
}

export type Action =
  | ({ transport: 'rest'; method: string; /** path below /api */ path: string; audience: Audience } & RequestFacts)
  | ({ transport: 'socket'; namespace: SocketNamespace; event: string } & RequestFacts);

export type Decision = { allow: true } | { allow: false; error: DomainError };

const ALLOW: Decision = { allow: true };
const deny = (error: DomainError): Decision => ({ allow: false, error });
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function audienceOf(action: Action): Audience {
  if (action.transport === 'rest') return action.audience;
  return action.namespace === '/widget' ? 'visitor' : 'agent';
}

/** The scope an API token needs for the action; undefined for a socket event with no policy at all. */
function scopeFor(action: Action): ApiScope | null | undefined {
  if (action.transport === 'rest') return requiredScope(action.method.toUpperCase(), action.path.toLowerCase());
  return socketEventScope(action.namespace, action.event);
}

/**
 * A browser sends cookies on its own, also on requests another site started (another port of the same host
 * is "same-site", so SameSite=Lax does not help there). Cookie-carried changes and cookie-carried sockets
 * must therefore come from a page of this server: its Origin must be ours.
 */
function crossSiteRisk(principal: Principal, action: Action): boolean {
  if (!('carrier' in principal) || principal.carrier !== 'cookie') return false;
  if (action.transport === 'rest' && SAFE_METHODS.has(action.method.toUpperCase())) return false;
  return !action.origin || !action.selfOrigins.includes(action.origin);
}

/**
 * The one authorisation decision: REST routes (cookie or bearer) and socket connects and events all ask it.
 * It says whether this principal may take this kind of action at all; which rows it may see (its inboxes)
 * is the job of the finders, which take the agent's inbox ids.
 */
export function decide(principal: Principal, action: Action): Decision {
  const scope = scopeFor(action);
  if (scope === undefined) return deny(forbidden('This action is not available'));
  const audience = audienceOf(action);

  if (audience === 'visitor') {
    if (principal.kind !== 'visitor') return deny(unauthorized('Visitor token required'));
    return crossSiteRisk(principal, action) ? deny(forbidden('Request from another site refused')) : ALLOW;
  }

  const agent = principalAgent(principal);
  if (!agent) return deny(unauthorized(principal.kind === 'anonymous' ? 'Sign in first' : 'Sign in as an agent'));
  if (crossSiteRisk(principal, action)) {
    return deny(new DomainError('forbidden', 'cross_site', 'Request from another site refused; use the app or send the token as a Bearer header'));
  }
  if (principal.kind === 'token' && scope && !principal.scopes.includes(scope) && !principal.scopes.includes('admin')) {
    return deny(forbidden(`This API token lacks the "${scope}" scope`));
  }
  if (audience === 'admin' && agent.role !== 'admin') return deny(forbidden('Only admins may do that'));
  return ALLOW;
}

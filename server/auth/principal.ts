import type { AppContext } from '../context.js';
import { scopesForToken, type ApiScope } from '../automation/api-tokens.js';
import { agentForToken, type AuthedAgent } from '../agents/agents.js';
import { resolveVisitor, type Visitor } from '../webchat/visitors.js';

/** How a credential reached us. Only a cookie is sent by the browser on its own, so only a cookie needs CSRF checks. */
export type Carrier = 'bearer' | 'cookie';

/**
 * Who is asking. An agent signed in (session), an API token acting for its agent within its scopes, a
 * visitor of one web inbox, a channel provider whose signature its adapter verified, or nobody.
 */
export type Principal =
  | { kind: 'session'; agent: AuthedAgent; carrier: Carrier }
  | { kind: 'token'; agent: AuthedAgent; scopes: ApiScope[]; carrier: Carrier }
  | { kind: 'visitor'; visitor: Visitor; carrier: Carrier }
  | { kind: 'provider'; inboxId: string }
  | { kind: 'anonymous' };

export const ANONYMOUS: Principal = { kind: 'anonymous' };

export interface Credential { token: string; carrier: Carrier }

/** Visitor tokens are signed (`v1.` ...); agent and API tokens are random (`sb_` ...). */
const looksLikeVisitorToken = (token: string) => token.startsWith('v1.');

/**
 * The one place a credential becomes a principal, for REST and sockets alike. Unknown, expired or revoked
 * credentials are anonymous: the decision then says 401.
 */
export async function resolvePrincipal(ctx: AppContext, credential: Credential | null): Promise<Principal> {
  if (!credential || credential.token.length > 512) return ANONYMOUS;
  const { token, carrier } = credential;
  if (looksLikeVisitorToken(token)) {
    const visitor = await resolveVisitor(ctx, token);
    return visitor ? { kind: 'visitor', visitor, carrier } : ANONYMOUS;
  }
  const agent = await agentForToken(ctx, token);
  if (!agent) return ANONYMOUS;
  const scopes = await scopesForToken(ctx, token);
  return scopes ? { kind: 'token', agent, scopes, carrier } : { kind: 'session', agent, carrier };
}

/** The agent behind a principal, when there is one. */
export const principalAgent = (p: Principal): AuthedAgent | null => (p.kind === 'session' || p.kind === 'token' ? p.agent : null);

/** Credentials from the headers of a request or a socket handshake: an explicit token wins over the cookie. */
export function credentialFrom(explicitToken: unknown, cookieHeader: string | undefined, cookieName: string): Credential | null {
  if (typeof explicitToken === 'string' && explicitToken) return { token: explicitToken, carrier: 'bearer' };
  const raw = cookieHeader;
  if (!raw) return null;
  for (const part of raw.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k !== cookieName) continue;
    try {
      const token = decodeURIComponent(v.join('='));
      return token ? { token, carrier: 'cookie' } : null;
    } catch {
      return null; // a malformed cookie is no credential, not a server error
    }
  }
  return null;
}

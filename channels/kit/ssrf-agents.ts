import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import { guardedLookup, literalRefusal, privateTargetsAllowed } from './ssrf.js';

// The SSRF guard for provider SDKs that speak through Node's http/https agents (axios underneath bottender's
// clients, Twilio and Slack's Web API) rather than fetch: the same connect-time check as fetchPublic, on the
// address actually connected to, also across redirects (follow-redirects hands these agents on).

type ConnectCallback = (err: Error | null, stream: Duplex) => void;

class GuardedHttpAgent extends http.Agent {
  override createConnection(options: any, cb?: ConnectCallback): any {
    const refused = literalRefusal(options.host);
    if (refused) return void cb?.(refused, undefined as never);
    return super.createConnection(options, cb as any);
  }
}

class GuardedHttpsAgent extends https.Agent {
  override createConnection(options: any, cb?: ConnectCallback): any {
    const refused = literalRefusal(options.host);
    if (refused) return void cb?.(refused, undefined as never);
    return super.createConnection(options, cb as any);
  }
}

let agents: { http: http.Agent; https: https.Agent } | undefined;

/** One pair of guarded agents per process; every name they connect to is resolved through guardedLookup. */
export function guardedAgents(): { http: http.Agent; https: https.Agent } {
  agents ??= {
    http: new GuardedHttpAgent({ keepAlive: true, lookup: guardedLookup() as any }),
    https: new GuardedHttpsAgent({ keepAlive: true, lookup: guardedLookup() as any }),
  };
  return agents!;
}

/** The guarded agent for a URL's protocol, or undefined when private targets are allowed (the SDK's default). */
export function guardedAgentFor(rawUrl: string, allowPrivate: boolean): http.Agent | undefined {
  if (privateTargetsAllowed(allowPrivate)) return undefined;
  return new URL(rawUrl).protocol === 'http:' ? guardedAgents().http : guardedAgents().https;
}

/** Routes an SDK's axios instance through the guarded agents unless private targets are allowed. */
export function guardAxios<T extends { defaults: { httpAgent?: unknown; httpsAgent?: unknown } }>(instance: T, allowPrivate: boolean): T {
  if (privateTargetsAllowed(allowPrivate)) return instance;
  instance.defaults.httpAgent = guardedAgents().http;
  instance.defaults.httpsAgent = guardedAgents().https;
  return instance;
}

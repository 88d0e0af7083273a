// Lists every route the real Express app serves by walking its router stack, so a route added
// later is covered by the security tests without anyone remembering to list it.
import type { TestServer } from '../support/server.js';

export type Guard = 'agent' | 'admin' | 'visitor';
/** A route, whether only admins pass, and the guard that asks the authorisation decision (null: none). */
export interface RouteInfo { method: string; path: string; adminOnly: boolean; guard: Guard | null }

// Guards (requireAgent, requireAdmin, requireVisitor) carry the audience they ask the decision for.
const guardOf = (layer: Layer): Guard | null => layer.handle.authGuard ?? null;
const stronger = (a: Guard | null, b: Guard | null): Guard | null => (a === 'admin' || b === 'admin' ? 'admin' : a ?? b);

interface Layer {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean>; stack: Layer[] };
  handle: { stack?: Layer[]; name?: string; authGuard?: Guard };
  name?: string;
}

const joinPath = (a: string, b: string) => (`${a}/${b}`).replace(/\/+/g, '/').replace(/(.)\/$/, '$1');

function walk(stack: Layer[], prefix: string, guardAbove: Guard | null, out: RouteInfo[]) {
  let guard = guardAbove;
  for (const layer of stack) {
    if (layer.route) {
      if (typeof layer.route.path !== 'string') continue;
      const own = layer.route.stack.map(guardOf).reduce(stronger, guard);
      for (const method of Object.keys(layer.route.methods)) {
        if (method === '_all') continue;
        out.push({ method: method.toUpperCase(), path: joinPath(prefix, layer.route.path), adminOnly: own === 'admin', guard: own });
      }
    } else if (layer.handle.stack) {
      const mount = typeof layer.rawPath === 'string' ? layer.rawPath : '';
      walk(layer.handle.stack, joinPath(prefix, mount), guard, out);
    } else if (guardOf(layer)) {
      // r.use(requireAgent(ctx)) or r.use(requireAdmin) guards every route registered after it in that router.
      guard = stronger(guard, guardOf(layer));
    }
  }
}

export function listRoutes(server: TestServer): RouteInfo[] {
  const app = server.app.express as unknown as { router: { stack: Layer[] } };
  const out: RouteInfo[] = [];
  walk(app.router.stack, '', null, out);
  const seen = new Set<string>();
  return out.filter((r) => {
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

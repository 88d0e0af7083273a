// Lists every route the real Express app serves by walking its router stack, so a route added
// later is covered by the security tests without anyone remembering to list it.
import type { TestServer } from '../support/server.js';

export interface RouteInfo { method: string; path: string; adminOnly: boolean }

interface Layer {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean>; stack: Layer[] };
  handle: { stack?: Layer[]; name?: string };
  name?: string;
}

const joinPath = (a: string, b: string) => (`${a}/${b}`).replace(/\/+/g, '/').replace(/(.)\/$/, '$1');

function walk(stack: Layer[], prefix: string, adminAbove: boolean, out: RouteInfo[]) {
  let admin = adminAbove;
  for (const layer of stack) {
    if (layer.route) {
      if (typeof layer.route.path !== 'string') continue;
      const adminOnly = admin || layer.route.stack.some((l) => l.name === 'requireAdmin' || l.handle.name === 'requireAdmin');
      for (const method of Object.keys(layer.route.methods)) {
        if (method === '_all') continue;
        out.push({ method: method.toUpperCase(), path: joinPath(prefix, layer.route.path), adminOnly });
      }
    } else if (layer.handle.stack) {
      const mount = typeof layer.rawPath === 'string' ? layer.rawPath : '';
      walk(layer.handle.stack, joinPath(prefix, mount), admin, out);
    } else if (layer.name === 'requireAdmin') {
      // r.use(requireAdmin) guards every route registered after it in that router.
      admin = true;
    }
  }
}

export function listRoutes(server: TestServer): RouteInfo[] {
  const app = server.app.express as unknown as { router: { stack: Layer[] } };
  const out: RouteInfo[] = [];
  walk(app.router.stack, '', false, out);
  const seen = new Set<string>();
  return out.filter((r) => {
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

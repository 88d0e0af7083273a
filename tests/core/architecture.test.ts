// The channel seam, checked on the source: a channel folder depends only on the channel interface and the
// shared kit, and the server knows channels only through the interface, the kit and the registry.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === 'node_modules' || name === 'ngrok-stub') return [];
    if (statSync(full).isDirectory()) return sources(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

/** Every relative import of a file, resolved to a path relative to the project root. */
function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
  return specs.map((s) => path.relative(root, path.resolve(path.dirname(file), s)));
}

const rel = (f: string) => path.relative(root, f);

describe('the channel seam', () => {
  it('a channel folder imports only its own files, channels/types and channels/kit', () => {
    const offences: string[] = [];
    for (const file of sources(path.join(root, 'channels'))) {
      const own = rel(file).split(path.sep);
      if (own.length < 3) continue; // channels/types.ts and channels/registry.ts
      const folder = own.slice(0, 2).join('/');
      for (const target of relativeImports(file)) {
        const ok = target.startsWith(`${folder}/`) || target === 'channels/types.js' || target.startsWith('channels/kit/');
        if (!ok) offences.push(`${rel(file)} → ${target}`);
      }
    }
    expect(offences).toEqual([]);
  });

  it('the kit and the interface depend on no channel and nothing in the server', () => {
    const files = [path.join(root, 'channels/types.ts'), ...sources(path.join(root, 'channels/kit'))];
    const offences = files.flatMap((f) => relativeImports(f).filter((t) => !t.startsWith('channels/kit/') && t !== 'channels/types.js').map((t) => `${rel(f)} → ${t}`));
    expect(offences).toEqual([]);
  });

  it('the server names channels only through the interface, the kit and the registry', () => {
    const offences: string[] = [];
    for (const file of sources(path.join(root, 'server'))) {
      for (const target of relativeImports(file)) {
        if (!target.startsWith('channels/')) continue;
        if (target === 'channels/types.js' || target === 'channels/registry.js' || target.startsWith('channels/kit/')) continue;
        offences.push(`${rel(file)} → ${target}`);
      }
    }
    expect(offences).toEqual([]);
  });

  it('finds the imports it checks (the scanner itself works)', () => {
    expect(relativeImports(path.join(root, 'channels/registry.ts'))).toContain('channels/sms/index.js');
    expect(relativeImports(path.join(root, 'server/app.ts')).some((t) => t.startsWith('channels/'))).toBe(true);
  });
});

describe('errors', () => {
  it('domain code throws domain errors; only the HTTP edge (and app.ts mounting it) knows HTTP statuses', () => {
    const offences: string[] = [];
    for (const file of sources(path.join(root, 'server'))) {
      const own = rel(file);
      if (own.startsWith(`server${path.sep}http${path.sep}`) || own === path.join('server', 'app.ts')) continue;
      for (const target of relativeImports(file)) if (target === 'server/http/errors.js') offences.push(`${own} → ${target}`);
    }
    expect(offences).toEqual([]);
    // The scanner sees the import where it is allowed, so an empty list above means something.
    expect(relativeImports(path.join(root, 'server/app.ts'))).toContain('server/http/errors.js');
  });
});

describe('time', () => {
  it('services take "now" from ctx.clock; only the clock itself, the CLI, the build and metrics read the wall clock', () => {
    const exempt = ['server/clock.ts', 'server/cli/', 'server/build/', 'server/observability/'];
    const offences: string[] = [];
    for (const file of sources(path.join(root, 'server'))) {
      const own = rel(file).split(path.sep).join('/');
      if (exempt.some((e) => own === e || own.startsWith(e))) continue;
      readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        if (/new Date\(\s*\)/.test(line)) offences.push(`${own}:${i + 1}`);
      });
    }
    expect(offences).toEqual([]);
    // The pattern matches what it is meant to, so an empty list above means something.
    expect(/new Date\(\s*\)/.test(readFileSync(path.join(root, 'server/clock.ts'), 'utf8'))).toBe(true);
  });
});

describe('per-app state', () => {
  it('no side registry keyed by the app or its database: what an app keeps in memory lives in ctx.memory', () => {
    const offences: string[] = [];
    for (const file of sources(path.join(root, 'server'))) {
      readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        if (/new WeakMap<\s*(AppContext|Db)\b/.test(line)) offences.push(`${rel(file)}:${i + 1}`);
      });
    }
    expect(offences).toEqual([]);
    expect(/new WeakMap<\s*(AppContext|Db)\b/.test('const stores = new WeakMap<AppContext, Map<string, unknown>>();')).toBe(true);
  });
});

describe('layout by domain noun', () => {
  it('services, routes and tables sit in their noun\'s folder: no catch-all domain, routes or schema folders', () => {
    expect(existsSync(path.join(root, 'server/domain'))).toBe(false);
    expect(existsSync(path.join(root, 'server/http/routes'))).toBe(false);
    // The schema folder only gathers the tables (and holds the app-wide settings table).
    expect(readdirSync(path.join(root, 'server/db/schema')).sort()).toEqual(['index.ts', 'settings.ts']);
    for (const noun of ['agents', 'catalog', 'contacts', 'conversations', 'inboxes', 'messages', 'automation', 'crm', 'bot']) {
      expect(existsSync(path.join(root, `server/${noun}/schema.ts`)), `server/${noun}/schema.ts`).toBe(true);
    }
  });

  it('no import cycle in the server: every module can be read after the ones it imports', () => {
    const toFile = (target: string) => {
      const ts = target.replace(/\.js$/, '.ts');
      return existsSync(path.join(root, ts)) ? ts : target;
    };
    const graph = new Map<string, string[]>();
    for (const file of sources(path.join(root, 'server'))) {
      graph.set(rel(file), relativeImports(file).filter((t) => t.startsWith('server/')).map(toFile));
    }
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (node: string, trail: string[]) => {
      if (state.get(node) === 'done') return;
      if (state.get(node) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(node)), node].join(' → '));
        return;
      }
      state.set(node, 'open');
      for (const next of graph.get(node) ?? []) visit(next, [...trail, node]);
      state.set(node, 'done');
    };
    for (const node of graph.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });
});

// The two parts of the production build, each with the inputs it is built from. A part is stale when the hash
// of its inputs differs from the one written after its last successful build (so `npm start` rebuilds only
// what changed, and a start with nothing changed goes straight to the compiled server).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const stampDir = path.join(root, 'dist');
const SKIP = new Set(['node_modules', 'dist', '.git']);

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

const vite = path.join(root, 'node_modules/vite/bin/vite.js');

export const parts = [
  {
    name: 'server',
    inputs: ['server', 'channels', 'tsconfig.json', 'package-lock.json'],
    output: 'dist/server/main.js',
    build: () => compileServer(),
  },
  {
    name: 'ui',
    inputs: ['widget', 'agent-ui', 'package-lock.json'],
    output: 'agent-ui/dist/index.html',
    build: () => {
      run(process.execPath, ['widget/build.mjs']);
      run(process.execPath, [vite, 'build', '--config', 'agent-ui/vite.config.ts']);
    },
  },
];

/** Every TypeScript source of the server and the channels (not the build scripts themselves). */
function serverSources(rel = '', out = []) {
  for (const entry of readdirSync(path.join(root, rel)).sort()) {
    const sub = path.join(rel, entry);
    if (SKIP.has(entry) || sub === path.join('server', 'build')) continue;
    if (statSync(path.join(root, sub)).isDirectory()) serverSources(sub, out);
    else if (sub.endsWith('.ts') && !sub.endsWith('.d.ts')) out.push(sub);
  }
  return out;
}

/**
 * Transpiles file by file with esbuild (dist/ mirrors the source tree, imports already name .js; the CLI runs
 * from there), then bundles the server's entry over dist/server/main.js. Types are checked by
 * `npm run typecheck`, not here: the sources are `isolatedModules`, so each file compiles alone, and a start after
 * an upgrade takes about a second instead of a full tsc run.
 */
function compileServer() {
  const entryPoints = ['server', 'channels'].flatMap((dir) => serverSources(dir));
  // Loaded here, not at the top: a start with nothing stale never needs it.
  const { buildSync } = createRequire(import.meta.url)('esbuild');
  buildSync({
    absWorkingDir: root, entryPoints, outdir: 'dist', outbase: '.', format: 'esm', platform: 'node', target: 'node20',
    sourcemap: true, logLevel: 'warning',
  });
  bundleEntry(buildSync);
}

// Packages that tracing instruments: they must load only after main.ts has started tracing (a dynamic import).
const INSTRUMENTED = new Set(['express', 'pg', 'socket.io', 'http', 'https', 'node:http', 'node:https']);
const CHUNK_PREFIX = 'main.';

/**
 * The server's own modules (server/ and channels/, a few hundred files) bundled into dist/server/main.js and its
 * chunks, the packages left as imports. Node then resolves, reads and links a dozen files of the app instead of
 * each module apart, which was a third of loading the app at start. Each dynamic import stays a chunk of its own
 * that loads when it is reached (tracing, the app, the bot), and the chunks sit beside main.js in dist/server/, so
 * paths.ts finds the project root from there as it does from the mirrored tree.
 */
function bundleEntry(buildSync) {
  const outdir = path.join(root, 'dist/server');
  for (const f of readdirSync(outdir)) if (f.startsWith(CHUNK_PREFIX) && f !== 'main.js' && f !== 'main.js.map') rmSync(path.join(outdir, f));
  const result = buildSync({
    absWorkingDir: root, entryPoints: ['server/main.ts'], outdir: 'dist/server', bundle: true, splitting: true,
    packages: 'external', chunkNames: `${CHUNK_PREFIX}[name]-[hash]`, format: 'esm', platform: 'node', target: 'node20',
    sourcemap: true, metafile: true, logLevel: 'warning',
  });
  // What main.js loads before its first dynamic import must not include an instrumented package.
  const outputs = result.metafile.outputs;
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imp of outputs[file]?.imports ?? []) {
      if (imp.kind !== 'import-statement') continue;
      if (imp.external && INSTRUMENTED.has(imp.path)) {
        throw new Error(`dist/server/main.js would load ${imp.path} before tracing starts (through ${file}); import it dynamically`);
      }
      if (!imp.external) visit(imp.path);
    }
  };
  visit('dist/server/main.js');
}

function addFiles(hash, rel) {
  const abs = path.join(root, rel);
  if (!existsSync(abs)) return;
  if (statSync(abs).isDirectory()) {
    for (const entry of readdirSync(abs).sort()) if (!SKIP.has(entry)) addFiles(hash, path.join(rel, entry));
    return;
  }
  hash.update(`${rel}\0`).update(readFileSync(abs)).update('\0');
}

export function fingerprint(part) {
  const hash = createHash('sha256');
  for (const input of part.inputs) addFiles(hash, input);
  return hash.digest('hex');
}

const stampFile = (part) => path.join(stampDir, `.${part.name}.stamp`);

export function isStale(part) {
  if (!existsSync(path.join(root, part.output)) || !existsSync(stampFile(part))) return true;
  return readFileSync(stampFile(part), 'utf8').trim() !== fingerprint(part);
}

export function buildPart(part) {
  const before = fingerprint(part);
  const started = Date.now();
  console.error(`building ${part.name} …`);
  part.build();
  mkdirSync(stampDir, { recursive: true });
  // The hash of the inputs as they were when the build began: an edit made during the build makes it stale.
  writeFileSync(stampFile(part), `${before}\n`);
  console.error(`built ${part.name} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

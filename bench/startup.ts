// Start-up: `npm start` twice on one fresh database (the first start migrates it and, when the build is stale,
// builds; the second has nothing to do but start), on PGlite and on a PostgreSQL server, each pair repeated and the
// median reported, since a single start on a shared machine says little. Written to bench/results/startup.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createFreshDatabase } from './fresh-database.js';
import { npmStart, root, rssBytes, serverRssBytes } from './lib/processes.js';

type Kind = 'pglite' | 'postgres';
/**
 * idleRssMB: the whole `npm start` process tree (npm itself, about 55 MB, its shell and the server);
 * serverIdleRssMB: the server's own process, which is all a container runs (`node dist/server/main.js`).
 */
interface Run { firstStartMs: number; secondStartMs: number; idleRssMB: number; serverIdleRssMB: number; secondPhasesMs: Record<string, number> | null }

const GOAL_MS = 3000;
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)] ?? 0; };

/** The phases the server logs on its "Switchboard is running" line (LOG_LEVEL=info), or null if not found. */
function phases(output: string): Record<string, number> | null {
  for (const line of output.split('\n')) {
    if (!line.includes('Switchboard is running')) continue;
    try { return JSON.parse(line).phasesMs ?? null; } catch { /* not the JSON line */ }
  }
  return null;
}

async function database(kind: Kind, serverUrl: string | undefined): Promise<{ env: Record<string, string>; drop: () => Promise<void> }> {
  if (kind === 'postgres') {
    const fresh = await createFreshDatabase(serverUrl!);
    return { env: { DATABASE_URL: fresh.url }, drop: fresh.drop };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-start-'));
  return { env: { DATA_DIR: dir }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function once(kind: Kind, serviceEnv: Record<string, string>, serverUrl: string | undefined): Promise<Run> {
  const db = await database(kind, serverUrl);
  try {
    const env = { ...serviceEnv, LOG_LEVEL: 'info', ...db.env };
    const first = await npmStart(env);
    await first.stop();
    const second = await npmStart(env);
    await new Promise((r) => setTimeout(r, 5000));
    const idleRssMB = Math.round(rssBytes(second.child.pid!) / 1024 / 1024);
    const serverIdleRssMB = Math.round(serverRssBytes(second.child.pid!) / 1024 / 1024);
    const secondPhasesMs = phases(second.output());
    await second.stop();
    return { firstStartMs: first.readyMs, secondStartMs: second.readyMs, idleRssMB, serverIdleRssMB, secondPhasesMs };
  } finally { await db.drop(); }
}

export async function benchStartup(serviceEnv: Record<string, string>, serverUrl: string | undefined, kinds: Kind[], runs: number) {
  const figures: Record<string, unknown> = {};
  for (const kind of kinds) {
    if (kind === 'postgres' && !serverUrl) continue;
    const all: Run[] = [];
    for (let i = 0; i < runs; i++) {
      const load = loadavg()[0]!.toFixed(1);
      const run = await once(kind, serviceEnv, serverUrl);
      all.push(run);
      console.log(`[${kind}] start-up run ${i + 1}/${runs}: first ${run.firstStartMs} ms, second ${run.secondStartMs} ms, idle ${run.serverIdleRssMB} MB RSS for the server process, ${run.idleRssMB} MB with npm (load average ${load} on ${cpus().length} CPUs)${run.secondPhasesMs ? `; second start's phases ${JSON.stringify(run.secondPhasesMs)}` : ''}`);
    }
    const result = {
      runs: all.length,
      firstStartMs: median(all.map((r) => r.firstStartMs)), secondStartMs: median(all.map((r) => r.secondStartMs)),
      idleRssMB: median(all.map((r) => r.idleRssMB)), serverIdleRssMB: median(all.map((r) => r.serverIdleRssMB)), goalMs: GOAL_MS, all,
    };
    console.log(`[${kind}] start-up (npm start to /readyz 200), median of ${all.length}: first ${result.firstStartMs} ms, second with nothing changed ${result.secondStartMs} ms (goal ≤ ${GOAL_MS} ms); idle ${result.serverIdleRssMB} MB RSS for the server process (goal ≤ ${kind === 'pglite' ? 250 : 150} MB), ${result.idleRssMB} MB with npm`);
    figures[kind] = result;
  }
  const out = { bench: 'startup', ...figures, node: process.version, cpus: cpus().length, loadAverageAtEnd: loadavg()[0], at: new Date().toISOString() };
  const dir = path.join(root, 'bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, process.env.BENCH_STARTUP_RESULT ?? 'startup.json'), `${JSON.stringify(out, null, 2)}\n`);
  return out;
}

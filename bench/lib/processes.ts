// The service and the bare ceiling each run as their own OS process, started the way an operator starts them;
// the bench process only loads them over loopback and reads their memory from /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface Proc { child: ChildProcess; url: string; output: () => string; stop: () => Promise<void> }

function track(child: ChildProcess): () => string {
  let out = '';
  child.stdout?.on('data', (d) => { out = (out + d).slice(-20_000); });
  child.stderr?.on('data', (d) => { out = (out + d).slice(-20_000); });
  return () => out;
}

async function waitReady(child: ChildProcess, url: string, output: () => string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`process exited early:\n${output()}`);
    try { if ((await fetch(url)).ok) return; } catch { /* not listening yet */ }
    if (Date.now() > until) { child.kill('SIGKILL'); throw new Error(`not ready after ${timeoutMs} ms:\n${output()}`); }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function stopper(child: ChildProcess, group: boolean): () => Promise<void> {
  return () => new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    try { group ? process.kill(-child.pid!, 'SIGTERM') : child.kill('SIGTERM'); } catch { resolve(); }
    setTimeout(() => { try { group ? process.kill(-child.pid!, 'SIGKILL') : child.kill('SIGKILL'); } catch { /* gone */ } }, 15_000).unref();
  });
}

/** The service's own entry: the compiled build when there is one, else the TypeScript sources through tsx. */
export function serviceEntry(): string[] {
  const compiled = path.join(root, 'dist/server/main.js');
  return existsSync(compiled) ? [compiled] : ['--import', 'tsx', path.join(root, 'server/main.ts')];
}

const baseEnv = () => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', HOST: '127.0.0.1', LOG_LEVEL: 'warn' });

/** Starts the service as its own node process (what `npm start` runs once built) and waits for /readyz. */
export async function startService(env: Record<string, string>): Promise<Proc> {
  const port = await freePort();
  // BENCH_CPU_PROF=<dir>: the service writes a V8 CPU profile there when it exits (node --cpu-prof).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, ...serviceEntry()], { cwd: root, env: { ...baseEnv(), ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = track(child);
  const url = `http://127.0.0.1:${port}`;
  await waitReady(child, `${url}/readyz`, output, 120_000);
  return { child, url, output, stop: stopper(child, false) };
}

/** Runs `npm start` itself (build check included) in its own process group; resolves with the time to /readyz. */
export async function npmStart(env: Record<string, string>): Promise<Proc & { readyMs: number }> {
  const port = await freePort();
  const at = performance.now();
  const child = spawn('npm', ['start', '--silent'], { cwd: root, detached: true, env: { ...baseEnv(), ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = track(child);
  const url = `http://127.0.0.1:${port}`;
  await waitReady(child, `${url}/readyz`, output, 600_000);
  return { child, url, output, stop: stopper(child, true), readyMs: Math.round(performance.now() - at) };
}

/** Starts bench/ceiling-server.ts: a bare Socket.IO relay and HTTP endpoint doing one INSERT per message. */
export async function startCeiling(env: Record<string, string>): Promise<Proc> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench/ceiling-server.ts')], { cwd: root, env: { ...baseEnv(), ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = track(child);
  const url = `http://127.0.0.1:${port}`;
  await waitReady(child, `${url}/ready`, output, 60_000);
  return { child, url, output, stop: stopper(child, false) };
}

/** Resident memory of a process and all its descendants, in bytes (from /proc). */
export function rssBytes(pid: number): number {
  return [pid, ...descendants(pid)].reduce((sum, p) => sum + ownRssBytes(p), 0);
}

function ownRssBytes(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch { return 0; /* exited */ }
}

/**
 * Resident memory of the process that runs the server itself: under `npm start` that is the node process running
 * server/build/start.mjs (npm and its shell are its parents), under startService the process itself. What a
 * container runs (`node dist/server/main.js`) is that one process.
 */
export function serverRssBytes(pid: number): number {
  const server = /(server\/build\/start\.mjs|dist\/server\/main\.js|server\/main\.ts)$/;
  for (const p of [pid, ...descendants(pid)]) {
    try {
      // argv split on NUL: the node process has the script as an argument of its own (the shell npm starts has
      // the whole command line as one argument, "node server/build/start.mjs", which names node first).
      const argv = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
      if (argv.some((a) => server.test(a) && !a.includes(' '))) return ownRssBytes(p);
    } catch { /* exited */ }
  }
  return 0;
}

function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch { /* exited */ }
  }
  const out: number[] = [];
  const walk = (p: number) => { for (const c of children.get(p) ?? []) { out.push(c); walk(c); } };
  walk(pid);
  return out;
}

/**
 * CPU seconds (user + system) a process and its children have used so far, from /proc (clock ticks of 100 Hz,
 * Linux's USER_HZ everywhere this runs).
 */
export function cpuSeconds(pid: number): number {
  return [pid, ...descendants(pid)].reduce((sum, p) => {
    try {
      // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
      const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
      return sum + (Number(fields[11]) + Number(fields[12])) / 100;
    } catch { return sum; /* exited */ }
  }, 0);
}

/**
 * Read and write system calls (read, write, writev …, not epoll) a process and its children have made so far,
 * from /proc/<pid>/io. On this kind of virtual machine each one costs tens of microseconds, and a database
 * statement or a socket frame is at least one, so this count bounds what a message can cost.
 */
export function ioSyscalls(pid: number): number {
  return [pid, ...descendants(pid)].reduce((sum, p) => {
    try {
      const io = Object.fromEntries(readFileSync(`/proc/${p}/io`, 'utf8').trim().split('\n').map((l) => l.split(': ')));
      return sum + Number(io.syscr) + Number(io.syscw);
    } catch { return sum; /* exited */ }
  }, 0);
}

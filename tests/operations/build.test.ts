import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/process.js';
import { root } from './cli-kit.js';

// `npm start` in a copy of the project (node_modules linked), so rebuilding after an edit touches nothing here.
const SOURCES = ['server', 'channels', 'widget', 'agent-ui', 'package.json', 'package-lock.json', 'tsconfig.json'];
const BUILT_UI = ['agent-ui/dist', 'widget/dist', 'dist/.ui.stamp'];

interface Started { child: ChildProcess; url: string; output: () => string; readyAfterMs: number }

async function npmStart(cwd: string, dataDir: string): Promise<Started> {
  const port = await freePort();
  const startedAt = Date.now();
  const child = spawn('npm', ['start'], {
    cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_PASSWORD: 'build-test-password-1', LOG_LEVEL: 'warn' },
  });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited: ${out}`);
    const ready = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ready) return { child, url, output: () => out, readyAfterMs: Date.now() - startedAt };
    if (Date.now() - startedAt > 480_000) throw new Error(`not ready: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function stop(s: Started): Promise<void> {
  return new Promise((resolve) => {
    if (s.child.exitCode !== null) return resolve();
    s.child.once('exit', () => resolve());
    process.kill(-s.child.pid!, 'SIGTERM');
  });
}

describe('the production build behind npm start', () => {
  let copy: string;
  let dataDir: string;
  const startupFigures: number[] = [];

  beforeAll(() => {
    copy = mkdtempSync(path.join(tmpdir(), 'sb-build-'));
    dataDir = mkdtempSync(path.join(tmpdir(), 'sb-build-data-'));
    for (const entry of SOURCES) {
      cpSync(path.join(root, entry), path.join(copy, entry), { recursive: true, filter: (src) => !/\/(dist|node_modules)(\/|$)/.test(src.slice(root.length)) });
    }
    // The UI bundles `npm test` has just built (and stamped) come along, so only the server is compiled here.
    for (const entry of BUILT_UI) if (existsSync(path.join(root, entry))) cpSync(path.join(root, entry), path.join(copy, entry), { recursive: true });
    symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'));
  });
  afterAll(() => {
    console.log(`npm start, ready after (ms): ${startupFigures.join(', ')}`);
    rmSync(copy, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('builds what is missing, then runs the compiled server with the UI', async () => {
    const s = await npmStart(copy, dataDir);
    try {
      startupFigures.push(s.readyAfterMs);
      expect(s.output()).toContain('built server');
      expect(existsSync(path.join(copy, 'dist/server/main.js'))).toBe(true);
      const page = await fetch(`${s.url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<script type="module"[^>]* src="\/assets\/index-/);
      const login = await fetch(`${s.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@example.com', password: 'build-test-password-1' }) });
      expect(login.status).toBe(200);
    } finally {
      await stop(s);
    }
  }, 600_000);

  it('starts again without building when nothing changed', async () => {
    const s = await npmStart(copy, dataDir);
    try {
      startupFigures.push(s.readyAfterMs);
      expect(s.output()).not.toContain('building');
      expect(await (await fetch(`${s.url}/healthz`)).json()).toEqual({ ok: true });
    } finally {
      await stop(s);
    }
  }, 120_000);

  it('rebuilds the server after a source edit and runs the edited code', async () => {
    const health = path.join(copy, 'server/observability/health-routes.ts');
    writeFileSync(health, readFileSync(health, 'utf8').replace("res.json({ ok: true });", "res.json({ ok: true, edited: 'after the first build' });"));
    const s = await npmStart(copy, dataDir);
    try {
      expect(s.output()).toContain('building server');
      expect(s.output()).not.toContain('building ui');
      expect(await (await fetch(`${s.url}/healthz`)).json()).toEqual({ ok: true, edited: 'after the first build' });
    } finally {
      await stop(s);
    }
  }, 600_000);
});

// Shared set-up for the agent UI browser tests: the real server in-process on a free port with a fresh
// DATA_DIR (tests/support/server.ts), the built SPA, and Debian's chromium through playwright-core.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumLaunchOptions } from '../support/requirements.js';
import { ADMIN, api, loginAdmin, newVisitor, startServer, websiteInbox, type TestServer } from '../support/server.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const ARTIFACTS = path.join(ROOT, 'tests/artifacts');
export { ADMIN, api };

/** Browser tests skip with one line when chromium is missing, and fail instead under REQUIRE_BROWSER=1. */
export { browserAvailable } from '../support/requirements.js';

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds the SPA when dist is missing or older than its sources, so a test never runs stale UI code. */
export function ensureUiBuilt(): void {
  const index = path.join(ROOT, 'agent-ui/dist/index.html');
  // The chat markdown parser is shared with the widget and bundled from there.
  const sources = () => Math.max(newestSource(path.join(ROOT, 'agent-ui/src')), newestSource(path.join(ROOT, 'widget/src/markdown')));
  const fresh = () => existsSync(index) && statSync(index).mtimeMs >= sources();
  if (fresh()) return;
  // Test files run in parallel forks: one builds, the others wait for it (mkdir is atomic).
  const lock = path.join(ROOT, 'agent-ui/.build-lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock left by a crashed run must not block forever.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
      if (fresh()) return;
    }
  }
  try {
    if (!fresh()) build();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function build(): void {
  const out = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'agent-ui/vite.config.ts', '--logLevel', 'warn'], {
    cwd: ROOT, stdio: 'inherit',
    // vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (out.status !== 0) throw new Error('agent UI build failed');
}

export interface Env {
  server: TestServer;
  url: string;
  token: string;
  inbox: { id: string; widgetKey: string };
  browser: Browser;
  close(): Promise<void>;
}

export async function setup(serverEnv: Record<string, string> = {}): Promise<Env> {
  ensureUiBuilt();
  mkdirSync(ARTIFACTS, { recursive: true });
  const server = await startServer(serverEnv);
  const token = await loginAdmin(server.url);
  const inbox = await websiteInbox(server.url, token);
  const browser = await chromium.launch(chromiumLaunchOptions);
  return {
    server, url: server.url, token, inbox, browser,
    async close() {
      await browser.close().catch(() => undefined);
      await server.close();
    },
  };
}

/** CSP would block the injected axe script; bypassing it in the test context only affects the test. */
export async function newPage(env: Env, opts: { locale?: string } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await env.browser.newContext({ bypassCSP: true, viewport: { width: 1440, height: 900 }, locale: opts.locale ?? 'en-US' });
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('[page error]', err.message));
  return { context, page };
}

export async function signIn(page: Page, url: string, email = ADMIN.email, password = ADMIN.password): Promise<void> {
  await page.goto(url + '/');
  await page.getByLabel('Work e-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Conversation views' }).waitFor();
}

/** A website visitor writes through the public widget API, exactly as the widget does. */
export async function visitorWrites(url: string, widgetKey: string, body: string, visitor?: { name?: string; email?: string }, existingToken?: string) {
  const session = existingToken ? { visitorToken: existingToken, contactId: '' } : await newVisitor(url, widgetKey, visitor);
  const r = await api(url, 'POST', '/api/widget/messages', { token: session.visitorToken, body: { body, clientId: `c-${Math.random().toString(36).slice(2)}` } });
  if (r.status !== 200) throw new Error(`widget message failed: ${r.status} ${JSON.stringify(r.body)}`);
  return { visitorToken: session.visitorToken, contactId: session.contactId, conversationId: r.body.conversationId as string, message: r.body.message };
}

/** Runs axe-core in the page and returns serious/critical violations (id + first target), for a readable failure. */
export async function axeSerious(page: Page): Promise<{ id: string; impact: string; help: string; targets: string[] }[]> {
  await page.addScriptTag({ path: path.join(ROOT, 'node_modules/axe-core/axe.min.js') });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

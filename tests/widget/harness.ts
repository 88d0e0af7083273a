// Shared set-up for the widget's browser tests: a real server (child process, fresh DATA_DIR, free port)
// and Debian's chromium driven by playwright-core.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const ARTIFACTS = path.join(ROOT, 'tests/artifacts');
const CHROMIUM = '/usr/bin/chromium';

/** Browser tests run when chromium is installed; with REQUIRE_BROWSER=1 a missing browser is a failure. */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.REQUIRE_BROWSER === '1') throw new Error(`REQUIRE_BROWSER=1 but ${CHROMIUM} is missing: install Debian chromium`);
  console.log('widget browser tests skipped: install Debian chromium (apt-get install chromium)');
  return false;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export function ensureWidgetBuilt() {
  if (existsSync(path.join(ROOT, 'widget/dist/manifest.json'))) return;
  const out = spawnSync(process.execPath, [path.join(ROOT, 'widget/build.mjs')], { stdio: 'inherit' });
  if (out.status !== 0) throw new Error('widget build failed');
}

export interface TestServer {
  url: string;
  token: string;
  widgetKey: string;
  inboxId: string;
  api<T = any>(method: string, urlPath: string, body?: unknown, token?: string | null): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

export const ADMIN = { email: 'admin@example.com', password: 'correct-horse-battery' };

export async function startServer(): Promise<TestServer> {
  ensureWidgetBuilt();
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sb-widget-'));
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: url, DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '',
      ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: 'warn', RATE_LIMIT_PUBLIC: '100000', RATE_LIMIT_LOGIN: '1000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  // Generous: a cold start compiles TypeScript and migrates an embedded database, slow on a busy machine.
  const deadline = Date.now() + 150_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error('server exited:\n' + log);
    try {
      if ((await fetch(url + '/healthz')).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error('server did not start:\n' + log);
    await new Promise((r) => setTimeout(r, 200));
  }
  const api = async (method: string, urlPath: string, body?: unknown, token?: string | null) => {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(url + urlPath, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const login = await api('POST', '/api/auth/login', ADMIN);
  if (login.status !== 200) throw new Error('login failed: ' + JSON.stringify(login.body));
  const token = login.body.token as string;
  const inboxes = await api('GET', '/api/inboxes', undefined, token);
  const web = (inboxes.body as Array<{ id: string; channel: string; widgetKey: string }>).find((i) => i.channel === 'web')!;
  return {
    url, token, widgetKey: web.widgetKey, inboxId: web.id,
    api: (m, p, b, t = token) => api(m, p, b, t),
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Host pages are served by a separate local HTTP server, so the widget is embedded cross-origin exactly as on
 * a customer's site (CORS, script-loaded locales, socket from another origin).
 */
export async function startHostSite(): Promise<{ url: string; pages: Map<string, string>; stop(): Promise<void> }> {
  const pages = new Map<string, string>();
  const srv = createHttpServer((req, res) => {
    const html = pages.get((req.url ?? '/').split('?')[0]);
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html ?? 'not found');
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(srv.address() as { port: number }).port}`;
  return { url, pages, stop: () => new Promise((r) => srv.close(() => r())) };
}

export async function hostPage(page: Page, site: { url: string; pages: Map<string, string> }, pathname: string, html: string) {
  site.pages.set(pathname, html);
  await page.goto(site.url + pathname);
}

export function embedHtml(server: TestServer, opts: { head?: string; body?: string; settings?: Record<string, unknown>; lang?: string } = {}) {
  return `<!doctype html><html lang="${opts.lang ?? 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Host page</title>${opts.head ?? ''}</head><body><h1>Host page</h1>${opts.body ?? ''}
${opts.settings ? `<script>window.SwitchboardSettings=${JSON.stringify(opts.settings)}</script>` : ''}
<script async src="${server.url}/widget.js" data-widget-key="${server.widgetKey}"></script></body></html>`;
}

export function artifact(name: string) {
  mkdirSync(ARTIFACTS, { recursive: true });
  return path.join(ARTIFACTS, name);
}

/** Locator scoped to the widget: Playwright's CSS engine pierces open shadow roots. */
export const w = (page: Page, selector: string) => page.locator('switchboard-widget').locator(selector);
